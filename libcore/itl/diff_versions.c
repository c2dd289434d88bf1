/*
 * diff_versions.c: two versions of one node's ITL (old, new): records
 * added, removed and changed per role, the trust verdict for phones that
 * hold the old file, and the certificate-regeneration hold timer
 * (cucm-artifacts.md section 4).
 * Layer: itl.
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

/* Appends to d->changes, which changes() sized for every record. */
static void
push_change(ik_diff *d, const char *what, const ik_itl_record *o,
    const ik_itl_record *n)
{
	ik_diff_change *v = &d->changes[d->nchanges++];
	const ik_itl_record *r = n ? n : o;

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
}

/*
 * A record of list a that the other list (x) does not hold in the same
 * role.  A record of a cut paste without its certificate's hash may have
 * lost it to the cut: it is no change at all.
 */
static bool
gone(const ik_itl *a, const ik_sha_index *x, const ik_itl_record *r)
{
	if (!r->has_cert_sha1)
		return !a->incomplete;
	return ik_sha_index_find(x, r->cert_sha1, r->function) == 0;
}

static bool
keep_flagged(const ik_itl_record *r, const void *flags)
{
	return ((const bool *)flags)[r->index - 1];
}

/*
 * Removed, added and changed records.  A removed record and an added one
 * of the same role and host (CN, any case) are one change, a
 * regeneration: each removed record takes the first added record of its
 * role and host that no earlier one took.  A record absent from an
 * incomplete paste may be in its missing part: that change is unknown,
 * and no pairs are made (a pair asserts that each side lacks the other's
 * record).
 */
static int
changes(ik_diff *d, const ik_sha_index *x)
{
	const ik_itl *old = d->in[0].itl, *new = d->in[1].itl;
	const ik_sha_index *xo = &x[0], *xn = &x[1];
	ik_cn_index cn = { 0 };
	bool *gone_new = NULL, *paired = NULL;
	size_t *taken = NULL, i, k, ngone = 0;
	char key[IK_CN_KEY];
	bool cut = old->incomplete || new->incomplete;
	int rc = -1;

	gone_new = calloc(new->nrec + 1, sizeof(bool));
	paired = calloc(new->nrec + 1, sizeof(bool));
	if (gone_new == NULL || paired == NULL)
		goto out;
	for (k = 0; k < new->nrec; k++)
		if ((gone_new[k] = gone(new, xo, &new->recs[k])))
			ngone++;
	for (i = 0; i < old->nrec; i++)
		if (gone(old, xn, &old->recs[i]))
			ngone++;
	if (ik_cn_index_build(&cn, new, keep_flagged, gone_new) != 0 ||
	    (taken = calloc(cn.n + 1, sizeof(size_t))) == NULL)
		goto out;
	free(d->changes);
	d->changes = calloc(ngone + 1, sizeof(*d->changes));
	if (d->changes == NULL)
		goto out;
	for (i = 0; i < old->nrec; i++) {
		const ik_itl_record *o = &old->recs[i], *n = NULL;
		size_t first, at;

		if (!gone(old, xn, o))
			continue;
		ik_cn_key(o->subject, key);
		first = ik_cn_index_first(&cn, o->function, key);
		at = first + taken[first];
		if (!cut && key[0] != '\0' &&
		    ik_cn_index_at(&cn, at, o->function, key)) {
			taken[first]++;
			paired[cn.v[at].rec - 1] = true;
			n = &new->recs[cn.v[at].rec - 1];
		}
		push_change(d, new->incomplete ? "unknown" : n ? "changed" :
		    "removed", o, n);
	}
	for (k = 0; k < new->nrec; k++)
		if (!paired[k] && gone_new[k])
			push_change(d, old->incomplete ? "unknown" : "added",
			    NULL, &new->recs[k]);
	rc = 0;
out:
	ik_cn_index_free(&cn);
	free(gone_new);
	free(paired);
	free(taken);
	return rc;
}

int
ik_diff_versions(ik_diff *d, const ik_sha_index *xs)
{
	const char *path;

	if (changes(d, xs) != 0)
		return -1;
	d->has_trust = true;
	ik_trust_eval(d->in[0].itl, d->in[1].itl, &d->trust);
	path = ik_trust_path_name(d->trust.path);
	ik_trust_add_findings(&d->trust, &d->findings);
	switch (d->trust.verdict) {
	case IK_REJECT:
		ik_findings_add(&d->findings, IK_SEV_ERROR,
		    IKF_PHONES_REJECT_NEW_ITL, NULL,
		    "phones holding %s will refuse %s (Trust List Update Failed): %s; remedy: %s",
		    d->in[0].file, d->in[1].file, d->trust.reason,
		    d->trust.remedy_text);
		break;
	case IK_DEPENDS:
		/* Some phones refuse: as much an error as all of them. */
		ik_findings_add(&d->findings, IK_SEV_ERROR,
		    IKF_PHONES_DEPEND_NEW_ITL, NULL,
		    "of the phones holding %s, only %s accept %s (path %s); the others refuse it: %s; remedy: %s",
		    d->in[0].file, d->trust.condition, d->in[1].file,
		    path ? path : "?", d->trust.reason, d->trust.remedy_text);
		break;
	case IK_UNKNOWN:
		/* No remedy from missing records: say what is missing. */
		ik_findings_add(&d->findings, IK_SEV_ERROR,
		    IKF_NEW_ITL_TRUST_UNKNOWN, NULL,
		    "whether phones holding %s accept %s cannot be judged: %s",
		    d->in[0].file, d->in[1].file, d->trust.reason);
		break;
	case IK_ACCEPT:
		ik_findings_add(&d->findings, IK_SEV_INFO, IKF_NEW_ITL_ACCEPTED,
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
	ik_findings_add(&d->findings, IK_SEV_WARNING, IKF_HOLD_TIMER_RISK, where,
	    "the CallManager and TVS certificates of %s %s: phones that miss the first change cannot verify the second (no signer, no TVS path); remedy: %s",
	    host, what, HOLD_REMEDY);
}

static int
key_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

/*
 * Both a signing CallManager and the TVS certificate of one host changed:
 * the first changed TVS whose host (CN, any case; an empty CN is a host
 * too) is also the host of a changed signing record.
 */
static int
both_changed(ik_diff *d)
{
	char (*keys)[IK_CN_KEY], key[IK_CN_KEY], cn[96];
	size_t i, n = 0;

	keys = calloc(d->nchanges, sizeof(*keys));
	if (keys == NULL)
		return -1;
	for (i = 0; i < d->nchanges; i++) {
		const ik_diff_change *m = &d->changes[i];

		if (strcmp(m->change, "changed") != 0 ||
		    !ik_itl_function_signs(m->function))
			continue;
		ik_cn_key(m->subject, keys[n]);
		if (strncmp(keys[n], "itlrecovery_", 12) != 0)
			n++;
	}
	qsort(keys, n, sizeof(*keys), key_cmp);
	for (i = 0; i < d->nchanges; i++) {
		const ik_diff_change *c = &d->changes[i];

		if (strcmp(c->change, "changed") != 0 ||
		    c->function != IK_FN_TVS)
			continue;
		ik_cn_key(c->subject, key);
		if (bsearch(key, keys, n, sizeof(*keys), key_cmp) == NULL)
			continue;
		ik_name_cn(c->subject, cn, sizeof(cn));
		hold_finding(d, NULL, "both changed between the two versions",
		    cn);
		break;
	}
	free(keys);
	return 0;
}

/* A pair already reported for an earlier input. */
static bool
pair_seen(const ik_sha_index *x, size_t upto, const uint8_t *a,
    const uint8_t *b)
{
	size_t j;

	for (j = 0; j < upto; j++)
		if (ik_sha_index_find(&x[j], a, -1) != 0 &&
		    ik_sha_index_find(&x[j], b, IK_FN_TVS) != 0)
			return true;
	return false;
}

static long long
gap_of(time_t a, time_t b)
{
	long long g = (long long)a - (long long)b;

	return g < 0 ? -g : g;
}

static int
time_cmp(const void *pa, const void *pb)
{
	long long a = *(const long long *)pa, b = *(const long long *)pb;

	return a < b ? -1 : a > b;
}

/* The notBefore of every ITLRecovery record of a, sorted; *n of them. */
static long long *
recovery_times(const ik_itl *a, size_t *n)
{
	long long *v = calloc(a->nrec + 1, sizeof(*v));
	size_t k;

	*n = 0;
	if (v == NULL)
		return NULL;
	for (k = 0; k < a->nrec; k++)
		if (a->recs[k].is_itl_recovery && a->recs[k].has_validity)
			v[(*n)++] = (long long)a->recs[k].not_before;
	qsort(v, *n, sizeof(*v), time_cmp);
	return v;
}

/*
 * Certificates issued together with the ITLRecovery certificate were made
 * at install (or the 10.0 upgrade), before any phone held an ITL: that is
 * not a regeneration and carries no risk.  rt: recovery_times().
 */
static bool
install_time(const long long *rt, size_t n, time_t nb)
{
	size_t lo = 0, hi = n, mid;

	/* The first recovery time not before nb - hold, then its distance. */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (rt[mid] < (long long)nb - IK_HOLD_TIMER_SECONDS)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && gap_of((time_t)rt[lo], nb) <= IK_HOLD_TIMER_SECONDS;
}

static bool
keep_dated_tvs(const ik_itl_record *r, const void *ctx)
{
	(void)ctx;
	return r->function == IK_FN_TVS && r->has_validity;
}

/*
 * Per node, the first signing CallManager record (in record order) with a
 * TVS record of its host issued within the hold timer, not at install and
 * not already reported for an earlier node.
 */
static int
hold_node(ik_diff *d, size_t i, const ik_sha_index *xs)
{
	const ik_itl *a = d->in[i].itl;
	char where[160], what[96], cn[96], key[IK_CN_KEY];
	ik_cn_index tvs;
	long long *rt, gap;
	size_t k, p, nrt;

	if (ik_cn_index_build(&tvs, a, keep_dated_tvs, NULL) != 0)
		return -1;
	if ((rt = recovery_times(a, &nrt)) == NULL) {
		ik_cn_index_free(&tvs);
		return -1;
	}
	snprintf(where, sizeof(where), "node %s", d->in[i].node);
	for (k = 0; k < a->nrec; k++) {
		const ik_itl_record *c = &a->recs[k];

		/* notBefore needs the certificate: binary files only. */
		if (!signing_callmanager(c) || !c->has_validity)
			continue;
		ik_cn_key(c->subject, key);
		if (key[0] == '\0')
			continue;
		for (p = ik_cn_index_first(&tvs, IK_FN_TVS, key);
		    ik_cn_index_at(&tvs, p, IK_FN_TVS, key); p++) {
			const ik_itl_record *v = &a->recs[tvs.v[p].rec - 1];

			gap = gap_of(v->not_before, c->not_before);
			if (gap > IK_HOLD_TIMER_SECONDS ||
			    install_time(rt, nrt, c->not_before) ||
			    pair_seen(xs, i, c->cert_sha1, v->cert_sha1))
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
	free(rt);
	ik_cn_index_free(&tvs);
	return 0;
}

int
ik_diff_hold_timer(ik_diff *d, const ik_sha_index *xs)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < d->n && rc == 0; i++)
		rc = hold_node(d, i, xs);
	if (rc == 0 && d->opts.versions && d->nchanges > 0)
		rc = both_changed(d);
	return rc;
}
