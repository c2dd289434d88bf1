/*
 * trust_eval.c: the acceptance rules of a phone for a new ITL/CTL
 * (formats/itl-ctl.md section 5), simulated offline:
 *
 *   1. nothing installed: the first file is accepted (leap of faith);
 *   2. the new file's signer is a certificate the installed list holds in
 *      a signing role (SAST, TFTP, CCM+TFTP) - the ITLRecovery record is
 *      such a SAST record, which is what makes `utils itl reset` work;
 *   3. otherwise the phone asks a TVS of its installed list, which vouches
 *      for the certificates of its own cluster: that works while the TVS
 *      certificate in the installed list is still the one the cluster
 *      serves (the candidate holds the same TVS certificate);
 *   4. otherwise the phone refuses ("Trust List Update Failed").
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "ik_analysis.h"

size_t
ik_itl_find_sha1(const ik_itl *itl, const uint8_t sha1[20], int fn)
{
	size_t i;

	for (i = 0; i < itl->nrec; i++)
		if (itl->recs[i].has_cert_sha1 &&
		    memcmp(itl->recs[i].cert_sha1, sha1, 20) == 0 &&
		    (fn < 0 || itl->recs[i].function == fn))
			return i + 1;
	return 0;
}

size_t
ik_itl_recovery_record(const ik_itl *itl)
{
	size_t i;

	for (i = 0; i < itl->nrec; i++)
		if (itl->recs[i].is_itl_recovery)
			return i + 1;
	return 0;
}

void
ik_name_cn(const char *name, char *buf, size_t n)
{
	const char *cn, *end;
	size_t k;

	if (n == 0)
		return;
	buf[0] = '\0';
	if (name == NULL)
		return;
	cn = strstr(name, "CN=");
	if (cn == NULL) {
		snprintf(buf, n, "%s", name);
	} else {
		cn += 3;
		end = cn + strcspn(cn, ";,");
		k = (size_t)(end - cn);
		if (k >= n)
			k = n - 1;
		memcpy(buf, cn, k);
		buf[k] = '\0';
	}
	/* Names come from the evidence and end up in messages. */
	ik_printable(buf);
}

static void
ref(ik_trust_result *o, const ik_itl *itl, size_t idx, bool installed,
    const char *why)
{
	const ik_itl_record *r;
	ik_trust_ref *t;

	if (idx == 0 || o->ndeciding >= IK_TRUST_MAX_DECIDING)
		return;
	r = &itl->recs[idx - 1];
	t = &o->deciding[o->ndeciding++];
	t->installed = installed;
	t->record = idx;
	t->function = r->function;
	t->why = why;
	snprintf(t->subject, sizeof(t->subject), "%s",
	    r->subject ? r->subject : "");
	t->has_sha1 = r->has_cert_sha1;
	memcpy(t->sha1, r->cert_sha1, 20);
}

/* The installed record (in a signing role) holding the signer's certificate. */
static size_t
installed_signing_record(const ik_itl *in, const uint8_t *sha1)
{
	size_t i;

	for (i = 0; i < in->nrec; i++)
		if (in->recs[i].has_cert_sha1 &&
		    ik_itl_function_signs(in->recs[i].function) &&
		    memcmp(in->recs[i].cert_sha1, sha1, 20) == 0)
			return i + 1;
	return 0;
}

static bool
same_host(const char *a, const char *b)
{
	char ca[96], cb[96];

	const char *pa = ca, *pb = cb;

	ik_name_cn(a, ca, sizeof(ca));
	ik_name_cn(b, cb, sizeof(cb));
	/* ITLRECOVERY_<host> speaks for the publisher host it names. */
	if (strncasecmp(pa, "ITLRECOVERY_", 12) == 0)
		pa += 12;
	if (strncasecmp(pb, "ITLRECOVERY_", 12) == 0)
		pb += 12;
	return *pa != '\0' && strcasecmp(pa, pb) == 0;
}

/*
 * An installed TVS whose certificate the candidate still carries.  Phones
 * ask the TVS of the node they use, normally the node whose TFTP signed
 * the file: when the candidate lists a TVS of the signer's own host, only
 * that one counts (a changed one there is the documented lockout, even if
 * another node's TVS might still vouch).  *other reports such a node.
 */
static bool
tvs_match(const ik_itl *in, const ik_itl *cand, const char *signer,
    size_t *ii, size_t *ci, size_t *other)
{
	size_t i, k;
	bool own = false;

	*other = 0;
	for (i = 0; i < cand->nrec; i++)
		if (cand->recs[i].function == IK_FN_TVS &&
		    same_host(cand->recs[i].subject, signer))
			own = true;
	for (i = 0; i < in->nrec; i++) {
		if (in->recs[i].function != IK_FN_TVS ||
		    !in->recs[i].has_cert_sha1)
			continue;
		k = ik_itl_find_sha1(cand, in->recs[i].cert_sha1, IK_FN_TVS);
		if (k == 0)
			continue;
		if (own && !same_host(cand->recs[k - 1].subject, signer)) {
			if (*other == 0)
				*other = k;
			continue;
		}
		*ii = i + 1;
		*ci = k;
		return true;
	}
	return false;
}

static size_t
shared_certs(const ik_itl *a, const ik_itl *b)
{
	size_t i, n = 0;

	for (i = 0; i < a->nrec; i++)
		if (a->recs[i].has_cert_sha1 &&
		    ik_itl_find_sha1(b, a->recs[i].cert_sha1, -1) != 0)
			n++;
	return n;
}

static void
reject_remedy(const ik_itl *in, const ik_itl *cand, ik_trust_result *o,
    const char *signer_cn, bool other_tvs)
{
	size_t rec = ik_itl_recovery_record(in), tvs = 0, i;
	char cn[96];

	for (i = 0; i < in->nrec; i++)
		if (in->recs[i].function == IK_FN_TVS)
			tvs++;
	if (shared_certs(in, cand) == 0) {
		snprintf(o->reason, sizeof(o->reason),
		    "the installed list shares no certificate with the candidate: it belongs to another cluster (signer %s is unknown to it, and none of its %zu TVS certificates is served by this cluster)",
		    signer_cn, tvs);
	} else {
		snprintf(o->reason, sizeof(o->reason),
		    "the signer %s is not in the installed list in a signing role, and %s: the signing and the TVS certificates both changed (the lockout)",
		    signer_cn, other_tvs ?
		    "the TVS certificate of its node is not the installed one" :
		    "no TVS certificate of the installed list is in the candidate");
	}
	if (rec != 0 && ik_itl_find_sha1(cand, in->recs[rec - 1].cert_sha1,
	    IK_FN_SAST) != 0) {
		o->remedy = IK_REMEDY_RESIGN;
		ik_name_cn(in->recs[rec - 1].subject, cn, sizeof(cn));
		snprintf(o->remedy_text, sizeof(o->remedy_text),
		    "re-sign the candidate with the ITLRecovery key (%s, installed record %zu): utils itl reset localkey|remotekey, or itl-sign --resign; then reset the phones",
		    cn, rec);
		ref(o, in, rec, true, "installed recovery record");
	} else if (rec != 0) {
		o->remedy = IK_REMEDY_DELETE;
		ik_name_cn(in->recs[rec - 1].subject, cn, sizeof(cn));
		snprintf(o->remedy_text, sizeof(o->remedy_text),
		    "delete the ITL on the phone (Settings > Security > Reset Security Settings, or factory reset): its recovery record %s is not this cluster's, so a bulk reset cannot reach it",
		    cn);
	} else {
		o->remedy = IK_REMEDY_DELETE;
		snprintf(o->remedy_text, sizeof(o->remedy_text),
		    "delete the ITL on the phone (Settings > Security > Reset Security Settings, or factory reset): the installed list has no ITLRECOVERY record (pre-10.0 or foreign), so a bulk reset cannot reach it");
	}
}

/*
 * A cut paste: the signer, the recovery record or the TVS that would
 * decide may be in the part that is missing, so no verdict is given, and
 * above all no remedy (deleting the ITL of every phone) is proposed.
 */
static bool
incomplete_input(const ik_itl *in, const ik_itl *cand, ik_trust_result *o)
{
	size_t k = 0;

	if (!cand->incomplete && (in == NULL || !in->incomplete))
		return false;
	o->verdict = IK_UNKNOWN;
	if (cand->incomplete)
		k = (size_t)snprintf(o->reason, sizeof(o->reason),
		    "the candidate is an incomplete paste (%s)",
		    ik_itl_incomplete_message(cand));
	if (in != NULL && in->incomplete && k < sizeof(o->reason))
		k += (size_t)snprintf(o->reason + k, sizeof(o->reason) - k,
		    "%sthe installed list is an incomplete paste (%s)",
		    k ? "; " : "", ik_itl_incomplete_message(in));
	if (k < sizeof(o->reason))
		snprintf(o->reason + k, sizeof(o->reason) - k,
		    ": the verdict needs the records that are missing; paste the whole output or get the binary file");
	return true;
}

void
ik_trust_eval(const ik_itl *in, const ik_itl *cand, ik_trust_result *o)
{
	const ik_itl_record *s;
	size_t k, ii = 0, ci = 0, other = 0;
	char cn[96], signer_cn[128];
	const char *note;

	memset(o, 0, sizeof(*o));
	if (incomplete_input(in, cand, o))
		return;
	o->verdict = IK_REJECT;
	note = cand->format == IK_FMT_TEXT ?
	    " (the candidate is a text dump: its signature was not checked)" : "";
	if (cand->format == IK_FMT_TLV && cand->signature != IK_SIG_VALID) {
		o->remedy = IK_REMEDY_OTHER;
		snprintf(o->reason, sizeof(o->reason),
		    "the candidate's own signature is %s: phones reject it whatever they hold",
		    ik_sigstate_name(cand->signature));
		snprintf(o->remedy_text, sizeof(o->remedy_text),
		    "serve a correctly signed file (regenerate it on CUCM, or re-sign it)");
		return;
	}
	if (cand->signer_index == 0 ||
	    !cand->recs[cand->signer_index - 1].has_cert_sha1) {
		o->remedy = IK_REMEDY_OTHER;
		snprintf(o->reason, sizeof(o->reason),
		    "the candidate names no signer record whose certificate can be identified%s",
		    note);
		snprintf(o->remedy_text, sizeof(o->remedy_text),
		    "obtain the binary file (file get tftp ITLFile.tlv) or a complete dump");
		return;
	}
	s = &cand->recs[cand->signer_index - 1];
	ik_name_cn(s->subject, cn, sizeof(cn));
	snprintf(signer_cn, sizeof(signer_cn), "%s (candidate record %zu)",
	    cn, s->index);
	ref(o, cand, s->index, false, "signer");
	if (in == NULL) {
		o->verdict = IK_ACCEPT;
		o->path = IK_PATH_LEAP_OF_FAITH;
		snprintf(o->reason, sizeof(o->reason),
		    "no trust list installed: the phone accepts the first file it gets, signed by %s%s",
		    signer_cn, note);
		return;
	}
	k = installed_signing_record(in, s->cert_sha1);
	if (k != 0) {
		o->verdict = IK_ACCEPT;
		o->path = in->recs[k - 1].is_itl_recovery ?
		    IK_PATH_ITL_RECOVERY : IK_PATH_SIGNER;
		ref(o, in, k, true, "installed signer");
		snprintf(o->reason, sizeof(o->reason),
		    "the signer %s is record %zu (%s) of the installed list%s%s",
		    signer_cn, k, ik_itl_function_role(in->recs[k - 1].function),
		    o->path == IK_PATH_ITL_RECOVERY ?
		    ": the ITLRecovery key reaches every phone holding this cluster's list" : "",
		    note);
		return;
	}
	if (tvs_match(in, cand, s->subject, &ii, &ci, &other)) {
		o->verdict = IK_ACCEPT;
		o->path = IK_PATH_TVS;
		ref(o, in, ii, true, "installed TVS");
		ref(o, cand, ci, false, "TVS");
		ik_name_cn(in->recs[ii - 1].subject, cn, sizeof(cn));
		snprintf(o->reason, sizeof(o->reason),
		    "the signer %s is unknown to the installed list, but its TVS %s (installed record %zu) is unchanged in the candidate (record %zu): the phone asks TVS, which vouches for its own cluster%s",
		    signer_cn, cn, ii, ci, note);
		return;
	}
	k = ik_itl_find_sha1(in, s->cert_sha1, -1);
	reject_remedy(in, cand, o, signer_cn, other != 0);
	if (other != 0) {
		size_t len = strlen(o->reason);

		ik_name_cn(cand->recs[other - 1].subject, cn, sizeof(cn));
		snprintf(o->reason + len, sizeof(o->reason) - len,
		    "; the TVS of %s (candidate record %zu) is unchanged: only phones whose CallManager group reaches that node could have it vouched for",
		    cn, other);
	}
	if (k != 0) {
		size_t len = strlen(o->reason);

		snprintf(o->reason + len, sizeof(o->reason) - len,
		    "; the signer's certificate is installed record %zu, but as %s, which may not sign",
		    k, ik_itl_function_role(in->recs[k - 1].function) ?
		    ik_itl_function_role(in->recs[k - 1].function) : "an unknown role");
		ref(o, in, k, true, "installed, not a signing role");
	}
}
