/*
 * drs-ls: list DRS backup sets without a password: what each set should
 * hold, what is there, and each component's container, trailing text and
 * SHA-1.  Exit 1 when a set is incomplete or corrupt.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "fe/fe.h"
#include "ik_drs.h"

typedef struct run {
	bool json, progress;
	int worst;
	fe_progress bar;
} run;

static void
usage(int code)
{
	fprintf(code ? stderr : stdout,
	    "usage: drs-ls [--json] [--no-progress] PATH...\n"
	    "  PATH is a drfComponent.xml manifest, a set directory or a tree.\n");
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
	/* Without a password "unverified" is as good as it gets. */
	if (strcmp(r->status, "ok") != 0 && strcmp(r->status, "unverified") != 0)
		fe_note(&rn->worst, FE_EXIT_FAIL);
	if (rn->json) {
		fe_json_out(ik_drs_report_json(r, "drs-ls", true));
		return;
	}
	ik_sb_init(&sb);
	ik_drs_report_text(&sb, r, false);
	fe_sb_out(&sb);
	ik_sb_free(&sb);
}

static void
on_error(void *arg, const char *path, const ik_error *err)
{
	run *rn = arg;

	fe_progress_end(&rn->bar);
	fe_report_error(path, err);
	fe_note(&rn->worst, FE_EXIT_USAGE);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "no-progress", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	run rn = { .progress = true };
	ik_drs_opts o = { .hash = true };
	ik_drs_batch_cb cb = { before, on_report, on_error, &rn };
	ik_drs_summary sum;
	ik_sb sb;
	int c;

	fe_init("drs-ls");
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'j': rn.json = true; break;
		case 'n': rn.progress = false; break;
		case 'h': usage(FE_EXIT_OK); break;
		case 'V': fe_version(); return FE_EXIT_OK;
		default: usage(FE_EXIT_USAGE);
		}
	}
	if (optind >= argc)
		usage(FE_EXIT_USAGE);
	o.progress = on_progress;
	o.progress_arg = &rn;
	ik_drs_batch((const char *const *)argv + optind,
	    (size_t)(argc - optind), &o, &cb, &sum);
	if (rn.json) {
		fe_json_out(ik_drs_summary_json(&sum, "drs-ls"));
	} else {
		ik_sb_init(&sb);
		ik_drs_summary_text(&sb, &sum);
		fe_sb_out(&sb);
		ik_sb_free(&sb);
	}
	return rn.worst;
}
