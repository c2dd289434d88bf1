/*
 * fe_drs.c: the batch front end of drs-ls and drs-verify.
 */
#include <string.h>

#include "fe_drs.h"
#include "ik_drs_render.h"

static void
on_progress(void *arg, uint64_t n)
{
	fe_progress_add(&((fe_drs_run *)arg)->bar, n);
}

static void
before(void *arg, const ik_drs_set *set)
{
	fe_drs_run *rn = arg;

	fe_progress_start(&rn->bar, rn->progress, set->backup_id,
	    ik_drs_set_bytes(set));
}

static void
on_report(void *arg, const ik_drs_report *r)
{
	fe_drs_run *rn = arg;
	ik_sb sb;

	fe_progress_end(&rn->bar);
	if (strcmp(r->status, "ok") != 0 && !(rn->unverified_ok &&
	    strcmp(r->status, "unverified") == 0))
		fe_note(&rn->worst, FE_EXIT_FAIL);
	if (rn->json) {
		fe_json_out(ik_drs_report_json(r, rn->tool, true));
		return;
	}
	ik_sb_init(&sb);
	ik_drs_report_text(&sb, r, !rn->unverified_ok);
	fe_sb_out(&sb);
	ik_sb_free(&sb);
}

static void
on_error(void *arg, const char *path, const ik_error *err)
{
	fe_drs_run *rn = arg;

	fe_progress_end(&rn->bar);
	fe_report_error(path, err);
	fe_note(&rn->worst, FE_EXIT_USAGE);
}

int
fe_drs_batch(fe_drs_run *rn, char *const *paths, size_t n, ik_drs_opts *o)
{
	ik_drs_batch_cb cb = { before, on_report, on_error, rn };
	ik_drs_summary sum;
	ik_sb sb;

	o->progress = on_progress;
	o->progress_arg = rn;
	ik_drs_batch((const char *const *)paths, n, o, &cb, &sum);
	/* A place not searched may hold a set nobody looked at. */
	if (sum.skipped.n > 0)
		fe_note(&rn->worst, FE_EXIT_FAIL);
	if (rn->json) {
		fe_json_out(ik_drs_summary_json(&sum, rn->tool));
	} else {
		ik_sb_init(&sb);
		ik_drs_summary_text(&sb, &sum);
		fe_sb_out(&sb);
		ik_sb_free(&sb);
	}
	ik_drs_summary_free(&sum);
	return rn->worst;
}
