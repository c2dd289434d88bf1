/*
 * itl-show: inspect and verify ITL/CTL trust lists and `show itl` dumps.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fe.h"
#include "fe_job.h"
#include "fe_opts.h"

static const fe_tool tool = {
	"itl-show",
	"[--no-verify] [--warn-days N] [--jobs N] FILE...\n",
	FE_CSV, NULL
};

struct opts {
	fe_opts fo;
	bool verify;
	int warn_days;
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
	size_t start, cut;
	char *nl;
	int code;

	fe_opts_ctx(&o->fo, &jc);
	/* Only printed: written as text, with no objects built. */
	jc.json_text = jc.want_json;
	/* Full reports are set apart by a blank line; verdict lines not. */
	if (jc.want_text && !o->fo.brief && !o->fo.quiet && index > 0)
		ik_sb_puts(out, "\n");
	args = json_object();
	if (args == NULL || ik_args_set_str(args, "input", path) != 0 ||
	    ik_args_set_bool(args, "verify", o->verify) != 0 ||
	    ik_args_set_int(args, "warn_days", o->warn_days) != 0 ||
	    ik_args_set_str(args, "at", o->fo.at) != 0) {
		json_decref(args);
		ik_sb_printf(errs, "%s: out of memory\n", fe_prog);
		return FE_EXIT_USAGE;
	}
	start = out->len;
	code = fe_job("itl.show", args, &jc, out, errs);
	json_decref(args);
	/* One table: the header row of every input but the first goes. */
	if (jc.want_csv && index > 0 && !out->oom &&
	    (nl = memchr(out->s + start, '\n', out->len - start)) != NULL) {
		cut = (size_t)(nl - (out->s + start)) + 1;
		memmove(out->s + start, out->s + start + cut,
		    out->len - start - cut);
		out->len -= cut;
		out->s[out->len] = '\0';
	}
	return code;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "no-verify", no_argument, NULL, 'n' },
		{ "warn-days", required_argument, NULL, 'w' },
		{ "jobs", required_argument, NULL, 'J' },
		FE_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	struct opts o = { .verify = true, .warn_days = 180 };
	int c, jobs = fe_jobs_default();

	fe_opts_init(&o.fo, &tool);
	while ((c = fe_getopt(&o.fo, argc, argv, longopts)) != -1) {
		switch (c) {
		case 'n': o.verify = false; break;
		case 'w': o.warn_days = (int)fe_parse_long("--warn-days",
		    optarg, 0, 36500); break;
		case 'J': jobs = (int)fe_parse_long("--jobs", optarg, 1, 16);
		    break;
		default: fe_usage(&o.fo, FE_EXIT_USAGE);
		}
	}
	if (optind >= argc)
		fe_usage_error(&o.fo, "give at least one FILE (- for standard input)");
	/* One "now" for the whole batch. */
	fe_opts_done(&o.fo);
	return fe_batch(argv + optind, argc - optind, jobs, show_one, &o);
}
