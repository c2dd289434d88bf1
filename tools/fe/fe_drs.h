/*
 * fe_drs.h: what drs-ls and drs-verify share: a batch run over sets with
 * a progress bar per set, one JSON line or text block per set, and the
 * summary.  Only the DRS tools use it.
 */
#ifndef FE_DRS_H
#define FE_DRS_H

#include "fe.h"
#include "ik_drs.h"

typedef struct fe_drs_run {
	const char *tool;
	bool json, progress;
	bool unverified_ok;	/* drs-ls: no password, "unverified" is fine */
	int worst;		/* exit status so far */
	fe_progress bar;
} fe_drs_run;

/* Runs the batch over paths with o (progress hooks are set here), prints
 * every set and the summary; returns the exit status. */
int fe_drs_batch(fe_drs_run *rn, char *const *paths, size_t n,
    ik_drs_opts *o);

#endif /* FE_DRS_H */
