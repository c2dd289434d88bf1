/*
 * drs_status.c: layer drs.  The statuses of DRS reports (a set's verdict,
 * its password, a component's checksum) by name, and pass or fail for
 * each DRS operation: the one place that decides it; and a report
 * counted in a batch's summary.
 */
#include "ik_drs.h"
#include "drs_private.h"

const char *
ik_drs_status_name(ik_drs_status s)
{
	switch (s) {
	case IK_DRS_OK: return "ok";
	case IK_DRS_INCOMPLETE: return "incomplete";
	case IK_DRS_CORRUPT: return "corrupt";
	case IK_DRS_WRONG_PASSWORD: return "wrong-password";
	case IK_DRS_UNSUPPORTED: return "unsupported";
	case IK_DRS_UNVERIFIED: return "unverified";
	case IK_DRS_PARTIAL: return "partial";
	case IK_DRS_FAILED: return "failed";
	}
	return "?";
}

const char *
ik_drs_password_name(ik_drs_password p)
{
	switch (p) {
	case IK_DRS_PASSWORD_NOT_GIVEN: return "not-given";
	case IK_DRS_PASSWORD_VERIFIED: return "verified";
	case IK_DRS_PASSWORD_WRONG: return "wrong";
	case IK_DRS_PASSWORD_UNSUPPORTED: return "unsupported";
	case IK_DRS_PASSWORD_UNVERIFIED: return "unverified";
	}
	return "?";
}

const char *
ik_drs_checksum_name(ik_drs_checksum c)
{
	switch (c) {
	case IK_DRS_SUM_NOT_CHECKED: return "not-checked";
	case IK_DRS_SUM_MATCH: return "match";
	case IK_DRS_SUM_MISMATCH: return "mismatch";
	}
	return "?";
}

bool
ik_drs_passes(ik_drs_op op, ik_drs_status s)
{
	/* Without a password a listing cannot verify: that is no failure. */
	if (op == IK_DRS_OP_LIST && s == IK_DRS_UNVERIFIED)
		return true;
	return s == IK_DRS_OK;
}

static void
count(ik_drs_summary *s, const ik_drs_report *r)
{
	size_t i;

	s->sets++;
	s->components += r->ncomps;
	for (i = 0; i < r->ncomps; i++)
		s->bytes += r->comps[i].size;
	if ((size_t)r->status < IK_DRS_SET_STATUSES)
		s->by_status[r->status]++;
}

void
drs_batch_report(const ik_drs_opts *o, const ik_drs_batch_cb *cb,
    ik_drs_summary *sum, ik_drs_report *r, ik_status *worst)
{
	count(sum, r);
	cb->report(cb->arg, r);
	if (!ik_drs_passes(o->listing ? IK_DRS_OP_LIST : IK_DRS_OP_VERIFY,
	    r->status) && *worst < IK_FAILED)
		*worst = IK_FAILED;
}
