/*
 * diff_versions.c: two versions of one node's ITL (old, new): records
 * added, removed and changed per role, the trust verdict for phones that
 * hold the old file, and the certificate-regeneration hold timer
 * (cucm-artifacts.md section 4).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diff_private.h"

#define HOLD_REMEDY "regenerate one certificate, let every phone download the new ITL (reset the phones and check the hash they report), then regenerate the other; if phones already refuse the new ITL, re-sign it with ITLRecovery (utils itl reset localkey|remotekey)"

static bool
signing_callmanager(const ik_itl_record *r)
{
	return !r->is_itl_recovery && (r->function == IK_FN_SAST ||
	    r->function == IK_FN_TFTP || r->function == IK_FN_CCM_TFTP ||
	    r->function == IK_FN_CCM);
}

static bool
same_cn(const ik_itl_record *a, const ik_itl_record *b)
{
	char ca[96], cb[96];

	ik_name_cn(a->subject, ca, sizeof(ca));
	ik_name_cn(b->subject, cb, sizeof(cb));
	return ca[0] != '\0' && strcasecmp(ca, cb) == 0;
}

static int
push_change(ik_diff *d, const char *what, const ik_itl_record *o,
    const ik_itl_record *n)
{
	ik_diff_change *v = realloc(d->changes, (d->nchanges + 1) * sizeof(*v));
	const ik_itl_record *r = n ? n : o;

	if (v == NULL)
		return -1;
	d->changes = v;
	v += d->nchanges++;
	memset(v, 0, sizeof(*v));
	v->function = r->function;
	v->change = what;
	snprintf(v->subject, sizeof(v->subject), "%s",
	    r->subject ? r->subject : "");
	if (o != NULL && o->has_cert_sha1) {
		v->has_old = true;
		memcpy(v->old_sha1, o->cert_sha1, 20);
	}
	if (n != NULL && n->has_cert_sha1) {
		v->has_new = true;
		memcpy(v->new_sha1, n->cert_sha1, 20);
	}
	return 0;
}

/*
 * A record of a that b does not hold with the same role.  A record of a
 * cut paste without its certificate's hash may have lost it to the cut:
 * it is no change at all.
 */
static bool
gone(const ik_itl *a, const ik_itl *b, const ik_itl_record *r)
{
	if (!r->has_cert_sha1)
		return !a->incomplete;
	return ik_itl_find_sha1(b, r->cert_sha1, r->function) == 0;
}

/*
 * A record absent from an incomplete paste may be in its missing part:
 * that change is unknown, and no pairs are made (a pair asserts that each
 * side lacks the other's record).
 */
static int
changes(ik_diff *d, const ik_itl *old, const ik_itl *new)
{
	bool *paired = calloc(new->nrec + 1, sizeof(bool));
	bool cut = old->incomplete || new->incomplete;
	size_t i, k;
	int rc = 0;

	if (paired == NULL)
		return -1;
	for (i = 0; i < old->nrec && rc == 0; i++) {
		const ik_itl_record *o = &old->recs[i], *n = NULL;

		if (!gone(old, new, o))
			continue;
		/* Same role and host, new certificate: a regeneration. */
		for (k = 0; k < new->nrec && n == NULL && !cut; k++)
			if (!paired[k] && new->recs[k].function == o->function &&
			    gone(new, old, &new->recs[k]) &&
			    same_cn(o, &new->recs[k])) {
				paired[k] = true;
				n = &new->recs[k];
			}
		rc = push_change(d, new->incomplete ? "unknown" : n ? "changed" :
		    "removed", o, n);
	}
	for (k = 0; k < new->nrec && rc == 0; k++)
		if (!paired[k] && gone(new, old, &new->recs[k]))
			rc = push_change(d, old->incomplete ? "unknown" : "added",
			    NULL, &new->recs[k]);
	free(paired);
	return rc;
}

int
ik_diff_versions(ik_diff *d)
{
	const ik_itl *old = d->in[0].itl, *new = d->in[1].itl;
	const char *path;

	if (changes(d, old, new) != 0)
		return -1;
	d->has_trust = true;
	ik_trust_eval(old, new, &d->trust);
	path = ik_trust_path_name(d->trust.path);
	ik_trust_add_findings(&d->trust, &d->findings);
	switch (d->trust.verdict) {
	case IK_REJECT:
		ik_findings_add(&d->findings, IK_SEV_ERROR,
		    "PHONES_REJECT_NEW_ITL", NULL,
		    "phones holding %s will refuse %s (Trust List Update Failed): %s; remedy: %s",
		    d->in[0].file, d->in[1].file, d->trust.reason,
		    d->trust.remedy_text);
		break;
	case IK_DEPENDS:
		/* Some phones refuse: as much an error as all of them. */
		ik_findings_add(&d->findings, IK_SEV_ERROR,
		    "PHONES_DEPEND_NEW_ITL", NULL,
		    "of the phones holding %s, only %s accept %s (path %s); the others refuse it: %s; remedy: %s",
		    d->in[0].file, d->trust.condition, d->in[1].file,
		    path ? path : "?", d->trust.reason, d->trust.remedy_text);
		break;
	case IK_UNKNOWN:
		/* No remedy from missing records: say what is missing. */
		ik_findings_add(&d->findings, IK_SEV_ERROR,
		    "NEW_ITL_TRUST_UNKNOWN", NULL,
		    "whether phones holding %s accept %s cannot be judged: %s",
		    d->in[0].file, d->in[1].file, d->trust.reason);
		break;
	case IK_ACCEPT:
		ik_findings_add(&d->findings, IK_SEV_INFO, "NEW_ITL_ACCEPTED",
		    NULL, "phones holding %s accept %s (%s)", d->in[0].file,
		    d->in[1].file, path ? path : "?");
		break;
	}
	return 0;
}

static void
hold_finding(ik_diff *d, const char *where, const char *what,
    const char *host)
{
	ik_findings_add(&d->findings, IK_SEV_WARNING, "HOLD_TIMER_RISK", where,
	    "the CallManager and TVS certificates of %s %s: phones that miss the first change cannot verify the second (no signer, no TVS path); remedy: %s",
	    host, what, HOLD_REMEDY);
}

/* Both a signing CallManager and the TVS certificate of one host changed. */
static void
both_changed(ik_diff *d)
{
	size_t i, k;
	char cn[96];

	for (i = 0; i < d->nchanges; i++) {
		const ik_diff_change *c = &d->changes[i];

		if (strcmp(c->change, "changed") != 0 ||
		    c->function != IK_FN_TVS)
			continue;
		for (k = 0; k < d->nchanges; k++) {
			const ik_diff_change *m = &d->changes[k];
			char a[96], b[96];

			if (strcmp(m->change, "changed") != 0 ||
			    !ik_itl_function_signs(m->function))
				continue;
			ik_name_cn(m->subject, a, sizeof(a));
			ik_name_cn(c->subject, b, sizeof(b));
			if (strcasecmp(a, b) != 0 ||
			    strncasecmp(a, "ITLRECOVERY_", 12) == 0)
				continue;
			ik_name_cn(c->subject, cn, sizeof(cn));
			hold_finding(d, NULL, "both changed between the two versions",
			    cn);
			return;
		}
	}
}

/* A pair already reported for an earlier input. */
static bool
pair_seen(const ik_diff *d, size_t upto, const uint8_t *a, const uint8_t *b)
{
	size_t j;

	for (j = 0; j < upto; j++)
		if (ik_itl_find_sha1(d->in[j].itl, a, -1) != 0 &&
		    ik_itl_find_sha1(d->in[j].itl, b, IK_FN_TVS) != 0)
			return true;
	return false;
}

static long long
gap_of(time_t a, time_t b)
{
	long long g = (long long)a - (long long)b;

	return g < 0 ? -g : g;
}

/*
 * Certificates issued together with the ITLRecovery certificate were made
 * at install (or the 10.0 upgrade), before any phone held an ITL: that is
 * not a regeneration and carries no risk.
 */
static bool
install_time(const ik_itl *a, time_t nb)
{
	size_t k;

	for (k = 0; k < a->nrec; k++)
		if (a->recs[k].is_itl_recovery && a->recs[k].has_validity &&
		    gap_of(a->recs[k].not_before, nb) <= IK_HOLD_TIMER_SECONDS)
			return true;
	return false;
}

void
ik_diff_hold_timer(ik_diff *d)
{
	size_t i, k, t;
	char where[160], what[96], cn[96];
	long long gap;

	for (i = 0; i < d->n; i++) {
		const ik_itl *a = d->in[i].itl;

		snprintf(where, sizeof(where), "node %s", d->in[i].node);
		for (k = 0; k < a->nrec; k++) {
			const ik_itl_record *c = &a->recs[k];

			/* notBefore needs the certificate: binary files only. */
			if (!signing_callmanager(c) || !c->has_validity)
				continue;
			for (t = 0; t < a->nrec; t++) {
				const ik_itl_record *v = &a->recs[t];

				if (v->function != IK_FN_TVS || !v->has_validity ||
				    !same_cn(c, v))
					continue;
				gap = gap_of(v->not_before, c->not_before);
				if (gap > IK_HOLD_TIMER_SECONDS ||
				    install_time(a, c->not_before) ||
				    pair_seen(d, i, c->cert_sha1, v->cert_sha1))
					continue;
				ik_name_cn(c->subject, cn, sizeof(cn));
				snprintf(what, sizeof(what),
				    "were issued %lld seconds apart (records %zu and %zu)",
				    gap, c->index, v->index);
				hold_finding(d, where, what, cn);
				k = a->nrec;
				break;
			}
		}
	}
	if (d->opts.versions && d->nchanges > 0)
		both_changed(d);
}
