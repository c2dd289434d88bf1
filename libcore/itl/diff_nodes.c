/*
 * diff_nodes.c: do the TFTP servers of a cluster serve consistent ITLs?
 * One ITLRECOVERY record, the same everywhere (phones of any node must be
 * reachable by one bulk reset); the same CAPF and the full set of TVS
 * certificates everywhere (a phone asks the TVS of its own node); each
 * node's own CallManager records; the hold-timer risk of certificates
 * regenerated too close together.  Two versions of one node: what changed
 * per role and whether phones holding the old file take the new one.
 * Layer: itl.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diff_private.h"

static int
add(ik_diff *d, ik_severity sev, ik_code code, const char *where,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int
add(ik_diff *d, ik_severity sev, ik_code code, const char *where,
    const char *fmt, ...)
{
	char msg[900];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return ik_findings_add(&d->findings, sev, code, where, "%s", msg);
}

static void
node_where(const ik_diff *d, size_t i, char *buf, size_t n)
{
	snprintf(buf, n, "node %s", d->in[i].node);
}

static bool
is_callmanager(const ik_itl_record *r)
{
	return !r->is_itl_recovery && (r->function == IK_FN_SAST ||
	    r->function == IK_FN_TFTP || r->function == IK_FN_CCM_TFTP ||
	    r->function == IK_FN_CCM);
}

/* CN without the ITLRECOVERY_ prefix: the host a record speaks for. */
static void
host_of(const char *subject, char *buf, size_t n)
{
	char cn[128];

	ik_name_cn(subject, cn, sizeof(cn));
	snprintf(buf, n, "%s", strncasecmp(cn, "ITLRECOVERY_", 12) == 0 ?
	    cn + 12 : cn);
}

/* Host names match in full or by their first label ("pub" ~ "pub.lab"). */
static bool
host_matches(const char *a, const char *b)
{
	size_t la = strcspn(a, "."), lb = strcspn(b, ".");

	if (strcasecmp(a, b) == 0)
		return true;
	return (a[la] == '\0' || b[lb] == '\0') && la == lb &&
	    strncasecmp(a, b, la) == 0;
}

static void
check_signatures(ik_diff *d)
{
	char w[160];
	size_t i;

	for (i = 0; i < d->n; i++) {
		const ik_itl *itl = d->in[i].itl;

		node_where(d, i, w, sizeof(w));
		if (itl->malformed)
			add(d, IK_SEV_ERROR, IKF_NODE_MALFORMED, w,
			    "%s is malformed: %s", d->in[i].file,
			    ik_itl_malformed_message(itl));
		else if (itl->format == IK_FMT_TLV &&
		    itl->signature != IK_SIG_VALID)
			add(d, IK_SEV_ERROR, IKF_NODE_SIGNATURE_INVALID, w,
			    "the signature of %s is %s: phones reject this file",
			    d->in[i].file, ik_sigstate_name(itl->signature));
		else if (itl->incomplete)
			add(d, IK_SEV_ERROR, IKF_NODE_INCOMPLETE, w,
			    "%s is an incomplete paste (%s): what needs its missing records is unknown",
			    d->in[i].file, ik_itl_incomplete_message(itl));
	}
}

static void
check_recovery(ik_diff *d)
{
	size_t i, k, count, first = 0;
	char w[160], hex[41];
	const ik_itl_record *r;

	d->rec_consistent = true;
	for (i = 0; i < d->n; i++) {
		const ik_itl *itl = d->in[i].itl;

		node_where(d, i, w, sizeof(w));
		for (k = count = 0; k < itl->nrec; k++)
			if (itl->recs[k].is_itl_recovery)
				count++;
		if (count == 0 && itl->incomplete) {
			d->rec_unknown = true;
			continue;
		}
		if (count == 0) {
			d->rec_consistent = false;
			add(d, IK_SEV_ERROR, IKF_ITL_RECOVERY_MISSING, w,
			    "no ITLRECOVERY record: phones holding this ITL cannot be reached by a bulk ITL reset");
			continue;
		}
		if (count > 1)
			add(d, IK_SEV_WARNING, IKF_ITL_RECOVERY_MULTIPLE, w,
			    "%zu ITLRECOVERY records: a cluster has exactly one recovery key",
			    count);
		k = ik_itl_recovery_record(itl);
		r = &itl->recs[k - 1];
		if (!r->has_cert_sha1 && itl->incomplete) {
			/* The cut took the hash beside its certificate. */
			d->rec_unknown = true;
			continue;
		}
		if (!d->has_rec) {
			d->has_rec = true;
			first = i;
			memcpy(d->rec_sha1, r->cert_sha1, 20);
			ik_name_cn(r->subject, d->rec_cn, sizeof(d->rec_cn));
			host_of(r->subject, d->rec_host, sizeof(d->rec_host));
		} else if (!r->has_cert_sha1 ||
		    memcmp(r->cert_sha1, d->rec_sha1, 20) != 0) {
			d->rec_consistent = false;
			ik_hex(r->cert_sha1, 20, hex);
			add(d, IK_SEV_ERROR, IKF_ITL_RECOVERY_DIFFERS, w,
			    "its ITLRECOVERY record (sha1 %s) is not node %s's: every TFTP server must serve the publisher's recovery certificate",
			    hex, d->in[first].node);
		}
	}
	d->names_publisher = -1;
	if (d->has_rec && d->opts.publisher != NULL) {
		d->names_publisher = host_matches(d->rec_host,
		    d->opts.publisher);
		if (!d->names_publisher)
			add(d, IK_SEV_INFO, IKF_ITL_RECOVERY_OTHER_HOST, NULL,
			    "the ITLRECOVERY CN names %s, not the publisher %s: expected after a rename (the CN keeps the original name), not a reason to regenerate",
			    d->rec_host, d->opts.publisher);
	}
}

static size_t
count_role(const ik_itl *a, int fn)
{
	size_t k, n = 0;

	for (k = 0; k < a->nrec; k++)
		if (a->recs[k].function == fn)
			n++;
	return n;
}

static int
miss_cmp(const void *pa, const void *pb)
{
	const ik_sha_entry *a = pa, *b = pb;
	int c = memcmp(a->sha1, b->sha1, 20);

	return c != 0 ? c : a->rec < b->rec ? -1 : a->rec > b->rec;
}

/*
 * The TVS certificates other nodes list and node i lacks, in the order
 * check_role_sets meets them (j, then record); first[s] says whether the
 * s-th of them is the first of its certificate, the one to report.
 */
static bool *
first_missing(const ik_diff *d, size_t i, const ik_sha_index *xs, size_t *nout)
{
	ik_sha_entry *v;
	bool *first = NULL;
	size_t j, k, n = 0, total = 0;

	for (j = 0; j < d->n; j++)
		total += j != i ? d->in[j].itl->nrec : 0;
	v = calloc(total + 1, sizeof(*v));
	if (v == NULL)
		return NULL;
	for (j = 0; j < d->n; j++) {
		const ik_itl *b = d->in[j].itl;

		for (k = 0; k < b->nrec && j != i; k++) {
			const ik_itl_record *r = &b->recs[k];

			if (!r->has_cert_sha1 || r->function != IK_FN_TVS ||
			    ik_sha_index_find(&xs[i], r->cert_sha1,
			    r->function) != 0)
				continue;
			v[n].sha1 = r->cert_sha1;
			v[n].rec = n;
			n++;
		}
	}
	first = calloc(n + 1, sizeof(bool));
	if (first != NULL) {
		qsort(v, n, sizeof(*v), miss_cmp);
		for (k = 0; k < n; k++)
			first[v[k].rec] = k == 0 ||
			    memcmp(v[k].sha1, v[k - 1].sha1, 20) != 0;
	}
	free(v);
	*nout = n;
	return first;
}

/*
 * Every TVS and the CAPF another node lists must be in each node's file
 * too.  A missing TVS is named by the CN of its certificate.
 */
static int
check_node_roles(ik_diff *d, size_t i, const ik_sha_index *xs)
{
	const ik_itl *a = d->in[i].itl;
	size_t j, k, ncapf, seq = 0, nmiss;
	char w[160], cn[96];
	bool capf_told = false, *first;

	node_where(d, i, w, sizeof(w));
	ncapf = count_role(a, IK_FN_CAPF);
	if (ncapf == 0 && a->incomplete) {
		d->capf_unknown = true;
	} else if (ncapf == 0) {
		d->capf_consistent = false;
		add(d, IK_SEV_ERROR, IKF_CAPF_MISSING, w,
		    "no CAPF record: phones of this node cannot verify CAPF");
	}
	if ((first = first_missing(d, i, xs, &nmiss)) == NULL)
		return -1;
	for (j = 0; j < d->n; j++) {
		const ik_itl *b = d->in[j].itl;

		for (k = 0; k < b->nrec && j != i; k++) {
			const ik_itl_record *r = &b->recs[k];

			if (!r->has_cert_sha1 || ik_sha_index_find(&xs[i],
			    r->cert_sha1, r->function) != 0)
				continue;
			if (r->function == IK_FN_CAPF && a->incomplete) {
				/* Its CAPF hash may be in the cut. */
				d->capf_unknown = true;
			} else if (r->function == IK_FN_CAPF && ncapf > 0 &&
			    !capf_told) {
				capf_told = true;
				d->capf_consistent = false;
				add(d, IK_SEV_ERROR, IKF_CAPF_DIFFERS, w,
				    "its CAPF certificate is not node %s's: one cluster has one CAPF",
				    d->in[j].node);
			}
			if (r->function != IK_FN_TVS || !first[seq++])
				continue;
			if (a->incomplete) {
				/* It may be in the part of the paste that is cut. */
				d->tvs_unknown = true;
				continue;
			}
			d->tvs_consistent = false;
			ik_name_cn(r->subject, cn, sizeof(cn));
			if (ik_diff_add_missing(d, i, cn, r->cert_sha1) != 0) {
				free(first);
				return -1;
			}
			add(d, IK_SEV_ERROR, IKF_TVS_MISSING, w,
			    "lacks the TVS certificate of %s that node %s lists: phones of this node cannot have unknown signers vouched for by it",
			    cn, d->in[j].node);
		}
	}
	free(first);
	return 0;
}

static int
check_role_sets(ik_diff *d, const ik_sha_index *xs)
{
	size_t i;

	d->tvs_consistent = d->capf_consistent = true;
	for (i = 0; i < d->n; i++)
		if (check_node_roles(d, i, xs) != 0)
			return -1;
	return 0;
}

static void
check_callmanager(ik_diff *d, const ik_sha_index *xs)
{
	size_t i, j, k;
	char w[160];

	for (i = 0; i < d->n; i++) {
		const ik_itl *a = d->in[i].itl;
		size_t own = 0;

		node_where(d, i, w, sizeof(w));
		for (k = 0; k < a->nrec; k++)
			if (is_callmanager(&a->recs[k]))
				own++;
		if (own == 0 && !a->incomplete)
			add(d, IK_SEV_WARNING, IKF_NODE_NO_CALLMANAGER, w,
			    "no CallManager (SAST/TFTP) record of its own: the node's configuration files cannot be trusted");
		for (j = i + 1; j < d->n && !d->opts.versions; j++) {
			for (k = 0; k < a->nrec; k++) {
				const ik_itl_record *r = &a->recs[k];

				if ((r->function != IK_FN_TFTP &&
				    r->function != IK_FN_CCM_TFTP) ||
				    !r->has_cert_sha1 ||
				    ik_sha_index_find(&xs[j], r->cert_sha1,
				    r->function) == 0 ||
				    strcmp(d->in[i].node, d->in[j].node) == 0)
					continue;
				add(d, IK_SEV_WARNING, IKF_NODE_SAME_CALLMANAGER, w,
				    "serves the same TFTP certificate as node %s: one file copied to two servers?",
				    d->in[j].node);
				break;
			}
		}
	}
}

/*
 * The checks that match records across inputs, over one index per input
 * built once: O(n log n) per input rather than a scan per record.
 */
static int
run_checks(ik_diff *d)
{
	ik_sha_index *xs;
	size_t i;
	int rc = 0;

	if ((xs = calloc(d->n, sizeof(*xs))) == NULL)
		return -1;
	for (i = 0; i < d->n && rc == 0; i++)
		rc = ik_sha_index_build(&xs[i], d->in[i].itl);
	if (rc == 0 && !d->opts.versions)
		rc = check_role_sets(d, xs);
	else
		d->tvs_consistent = d->capf_consistent = true;
	if (rc == 0)
		check_callmanager(d, xs);
	if (rc == 0 && d->opts.versions)
		rc = ik_diff_versions(d, xs);
	if (rc == 0)
		rc = ik_diff_hold_timer(d, xs);
	for (i = 0; i < d->n; i++)
		ik_sha_index_free(&xs[i]);
	free(xs);
	return rc;
}

int
ik_diff_add_missing(ik_diff *d, size_t node, const char *cn,
    const uint8_t *sha1)
{
	ik_diff_missing *v = realloc(d->missing, (d->nmissing + 1) *
	    sizeof(*v));

	if (v == NULL)
		return -1;
	d->missing = v;
	v += d->nmissing++;
	v->node = node;
	snprintf(v->tvs_of, sizeof(v->tvs_of), "%s", cn);
	memcpy(v->sha1, sha1, 20);
	return 0;
}

ik_status
ik_diff_run(const ik_diff_input *in, size_t n, const ik_diff_opts *o,
    ik_diff *d, ik_error *err)
{
	int worst;

	memset(d, 0, sizeof(*d));
	ik_findings_init(&d->findings);
	d->in = in;
	d->n = n;
	d->opts = *o;
	if (n == 0 || (o->versions && n != 2))
		return ik_error_set(err, IK_FATAL, IK_ERR_USAGE,
		    o->versions ? "two versions of one node are two inputs, got %zu" :
		    "no input (%zu)", n);
	check_signatures(d);
	check_recovery(d);
	if (run_checks(d) != 0)
		return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
		    "out of memory");
	worst = ik_findings_worst(&d->findings);
	return worst == IK_SEV_ERROR ? IK_FAILED : worst == IK_SEV_WARNING ?
	    IK_WARN : IK_OK;
}

void
ik_diff_free(ik_diff *d)
{
	free(d->missing);
	free(d->changes);
	ik_findings_free(&d->findings);
	d->missing = NULL;
	d->changes = NULL;
}
