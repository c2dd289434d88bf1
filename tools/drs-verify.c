/*
 * drs-verify: is this DRS backup set complete, and does it decrypt with
 * the cluster security password we have?  One JSON line (or text block)
 * per set, then a summary.  Exit 0 only when every set is ok.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fe/fe.h"
#include "ik_drs.h"

typedef struct run {
	bool json, progress;
	fe_progress bar;
} run;

static void
usage(int code)
{
	fprintf(code ? stderr : stdout,
	    "usage: drs-verify [--json] [--deep] [--no-progress]\n"
	    "                  [--password-file F | --password-env VAR] PATH...\n"
	    "  PATH is a drfComponent.xml manifest, a set directory or a tree.\n"
	    "  The password file may hold several candidates, one per line.\n");
	exit(code);
}

static void
on_progress(void *arg, uint64_t n)
{
	fe_progress_add(&((run *)arg)->bar, n);
}

static void
before(void *arg, const ik_drs_set *set)
{
	run *rn = arg;

	fe_progress_start(&rn->bar, rn->progress, set->backup_id,
	    ik_drs_set_bytes(set));
}

static void
on_report(void *arg, const ik_drs_report *r)
{
	run *rn = arg;
	ik_sb sb;

	fe_progress_end(&rn->bar);
	if (rn->json) {
		fe_json_out(ik_drs_report_json(r, "drs-verify", true));
		return;
	}
	ik_sb_init(&sb);
	ik_drs_report_text(&sb, r, true);
	fe_sb_out(&sb);
	ik_sb_free(&sb);
}

static void
on_error(void *arg, const char *path, const ik_error *err)
{
	fe_progress_end(&((run *)arg)->bar);
	fe_report_error(path, err);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "deep", no_argument, NULL, 'd' },
		{ "password-file", required_argument, NULL, 'p' },
		{ "password-env", required_argument, NULL, 'e' },
		{ "no-progress", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const char *pwfile = NULL, *pwenv = NULL;
	run rn = { .progress = true };
	ik_drs_opts o = { .hash = true };
	ik_drs_batch_cb cb = { before, on_report, on_error, &rn };
	ik_drs_summary sum;
	ik_secrets pw;
	ik_status st;
	ik_sb sb;
	int c;

	fe_init("drs-verify");
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'j': rn.json = true; break;
		case 'd': o.deep = true; break;
		case 'p': pwfile = optarg; break;
		case 'e': pwenv = optarg; break;
		case 'n': rn.progress = false; break;
		case 'h': usage(FE_EXIT_OK); break;
		case 'V': fe_version(); return FE_EXIT_OK;
		default: usage(FE_EXIT_USAGE);
		}
	}
	if (optind >= argc)
		usage(FE_EXIT_USAGE);
	ik_secrets_init(&pw);
	/* Without a password the sets are still listed and hashed. */
	if ((pwfile || pwenv || isatty(STDIN_FILENO)) &&
	    fe_secrets(pwfile, pwenv, true, "Cluster security password: ",
	    &pw) != 0)
		return FE_EXIT_USAGE;
	o.passwords = &pw;
	o.progress = on_progress;
	o.progress_arg = &rn;
	st = ik_drs_batch((const char *const *)argv + optind,
	    (size_t)(argc - optind), &o, &cb, &sum);
	ik_secrets_free(&pw);
	if (rn.json) {
		fe_json_out(ik_drs_summary_json(&sum, "drs-verify"));
	} else {
		ik_sb_init(&sb);
		ik_drs_summary_text(&sb, &sum);
		fe_sb_out(&sb);
		ik_sb_free(&sb);
	}
	return st == IK_OK ? FE_EXIT_OK : st == IK_FATAL ? FE_EXIT_USAGE :
	    FE_EXIT_FAIL;
}
