/*
 * drs_batch.c: layer drs.  Many paths, many sets, one pass: what drs-ls
 * and drs-verify share.  Sets are checked one after the other and each
 * report is handed to the caller and freed before the next, so memory
 * does not grow with the number of sets.  A set that fails does not stop
 * the batch (delayed exit).
 */
#include <string.h>

#include "ik_drs.h"
#include "ik_p12.h"
#include "drs_private.h"

ik_status
ik_drs_batch(const char *const *paths, size_t npaths, const ik_drs_opts *o,
    const ik_drs_batch_cb *cb, ik_drs_summary *sum)
{
	ik_drs_opts opts = *o;
	ik_kdf_budget kdf;
	ik_status worst = IK_OK, st;
	ik_drs_sets sets;
	ik_drs_report r;
	ik_error err;
	size_t p, i;

	memset(sum, 0, sizeof(*sum));
	ik_findings_init(&sum->skipped);
	/* One key-derivation budget for every set of the run. */
	if (opts.kdf == NULL) {
		ik_kdf_budget_init(&kdf, opts.kdf_budget);
		opts.kdf = &kdf;
	}
	o = &opts;
	for (p = 0; p < npaths; p++) {
		if (ik_drs_archive_wanted(o->walker, paths[p])) {
			drs_archive_batch(paths[p], o, cb, sum, &worst);
			continue;
		}
		ik_drs_sets_init(&sets);
		ik_error_clear(&err);
		st = ik_drs_discover(paths[p], &sets, &err);
		drs_findings_copy(&sum->skipped, &sets.skipped);
		if ((sets.skipped.n > 0 || sets.skipped.lost > 0) &&
		    worst < IK_FAILED)
			worst = IK_FAILED;
		if (st == IK_OK && sets.n == 0)
			st = ik_error_set(&err, IK_FATAL, IK_ERR_USAGE,
			    "no DRS backup set found");
		if (st != IK_OK) {
			cb->error(cb->arg, paths[p], &err);
			worst = IK_FATAL;
		}
		for (i = 0; i < sets.n; i++) {
			if (cb->before != NULL)
				cb->before(cb->arg, &sets.v[i]);
			ik_error_clear(&err);
			st = ik_drs_check(&sets.v[i], o, &r, &err);
			if (st == IK_OK) {
				drs_batch_report(o, cb, sum, &r, &worst);
			} else {
				cb->error(cb->arg, r.label ? r.label :
				    sets.v[i].dir, &err);
				worst = IK_FATAL;
			}
			ik_drs_report_free(&r);
		}
		ik_drs_sets_free(&sets);
	}
	return worst;
}

ik_status
ik_drs_check_one(const char *path, const ik_drs_opts *o, ik_drs_report *r,
    ik_error *err)
{
	ik_drs_sets sets;
	ik_status st;

	memset(r, 0, sizeof(*r));
	if (ik_drs_archive_wanted(o->walker, path))
		return drs_archive_check_one(path, o, r, err);
	ik_drs_sets_init(&sets);
	st = ik_drs_discover(path, &sets, err);
	if (st == IK_OK && sets.n != 1)
		st = ik_error_set(err, IK_FATAL, IK_ERR_USAGE,
		    "holds %zu sets; name one manifest", sets.n);
	if (st == IK_OK)
		st = ik_drs_check(&sets.v[0], o, r, err);
	if (st == IK_OK)
		drs_findings_copy(&r->findings, &sets.skipped);
	ik_drs_sets_free(&sets);
	return st;
}

void
ik_drs_summary_free(ik_drs_summary *s)
{
	ik_findings_free(&s->skipped);
}
