/*
 * itl-show: inspect and verify ITL/CTL trust lists and `show itl` dumps.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fe.h"
#include "fe_job.h"

static void
usage(int code)
{
	fprintf(code ? stderr : stdout,
	    "usage: itl-show [--json] [--no-verify] [--warn-days N] [--at TIME] [--jobs N] FILE...\n");
	exit(code);
}

struct opts {
	bool json, verify;
	int warn_days;
	const char *at;
};

/*
 * One input: everything it prints goes to out and errs (see fe_batch).
 * A text file may hold several dumps: each is shown.
 */
static int
show_one(const char *path, int index, void *ctx, ik_sb *out, ik_sb *errs)
{
	const struct opts *o = ctx;
	ik_job_ctx jc;
	json_t *args;
	int code;

	if (!o->json && index > 0)
		ik_sb_puts(out, "\n");
	fe_job_ctx(&jc, o->json);
	args = json_object();
	if (args == NULL || ik_args_set_str(args, "input", path) != 0 ||
	    ik_args_set_bool(args, "verify", o->verify) != 0 ||
	    ik_args_set_int(args, "warn_days", o->warn_days) != 0 ||
	    (o->at != NULL && ik_args_set_str(args, "at", o->at) != 0)) {
		json_decref(args);
		ik_sb_printf(errs, "%s: out of memory\n", fe_prog);
		return FE_EXIT_USAGE;
	}
	code = fe_job("itl.show", args, &jc, out, errs);
	json_decref(args);
	return code;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "no-verify", no_argument, NULL, 'n' },
		{ "warn-days", required_argument, NULL, 'w' },
		{ "at", required_argument, NULL, 'a' },
		{ "jobs", required_argument, NULL, 'J' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct opts o = { false, true, 180, NULL };
	int c, jobs = fe_jobs_default();
	char now[32];

	fe_init("itl-show");
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'j': o.json = true; break;
		case 'n': o.verify = false; break;
		case 'w': o.warn_days = (int)fe_parse_long("--warn-days",
		    optarg, 0, 36500); break;
		case 'a': (void)fe_parse_at(optarg); o.at = optarg; break;
		case 'J': jobs = (int)fe_parse_long("--jobs", optarg, 1, 16);
		    break;
		case 'h': usage(FE_EXIT_OK); break;
		case 'V': fe_version(); return FE_EXIT_OK;
		default: usage(FE_EXIT_USAGE);
		}
	}
	if (optind >= argc)
		usage(FE_EXIT_USAGE);
	/* One "now" for the whole batch. */
	if (o.at == NULL) {
		ik_time_format(time(NULL), now, sizeof(now));
		o.at = now;
	}
	return fe_batch(argv + optind, argc - optind, jobs, show_one, &o);
}
