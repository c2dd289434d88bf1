/*
 * trust_eval.c: the acceptance rules of a phone for a new ITL/CTL
 * (formats/itl-ctl.md section 5), simulated offline:
 * Layer: itl.
 *
 *   1. nothing installed: the first file is accepted (leap of faith);
 *   2. the new file's signer is a certificate the installed list holds in
 *      a signing role (SAST, TFTP, CCM+TFTP) - the ITLRecovery record is
 *      such a SAST record, which is what makes `utils itl reset` work.
 *      Both sides must carry the certificate itself: the phone verifies
 *      with a certificate it holds, so a record that only claims one by
 *      CERTHASH signs nothing a phone accepts;
 *   3. otherwise the phone asks a TVS of its installed list, which vouches
 *      for the certificates of its own cluster: that works while the TVS
 *      certificate in the installed list is still the one the cluster
 *      serves (the candidate holds the same TVS certificate).  The
 *      signer's own node's TVS serves every phone; another node's only
 *      the phones whose CallManager group includes it (verdict depends);
 *   4. otherwise the phone refuses ("Trust List Update Failed").
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "ik_trust.h"

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

/*
 * The installed record (in a signing role) holding the signer's
 * certificate itself: a phone verifies with a certificate it holds, and
 * an installed CERTHASH gives it none.
 */
static size_t
installed_signing_record(const ik_itl *in, const uint8_t *sha1)
{
	size_t i;

	for (i = 0; i < in->nrec; i++)
		if (in->recs[i].has_cert_sha1 &&
		    ik_itl_function_signs(in->recs[i].function) &&
		    ik_itl_record_has_cert(in, &in->recs[i]) &&
		    memcmp(in->recs[i].cert_sha1, sha1, 20) == 0)
			return i + 1;
	return 0;
}

/* A record carrying the bytes of the certificate sha1 names (its key known). */
static const ik_itl_record *
cert_record(const ik_itl *itl, const uint8_t sha1[20])
{
	size_t i;

	for (i = 0; itl != NULL && i < itl->nrec; i++)
		if (itl->recs[i].cert != NULL && itl->recs[i].has_cert_sha1 &&
		    memcmp(itl->recs[i].cert_sha1, sha1, 20) == 0)
			return &itl->recs[i];
	return NULL;
}

/*
 * A signer record without its certificate.  In a dump, only one printed
 * with a CERTHASH line says so: a record cut short before its CERTIFICATE
 * line carries neither, and proves nothing.
 */
static bool
signs_by_hash(const ik_itl *itl, const ik_itl_record *r)
{
	return !ik_itl_record_has_cert(itl, r) &&
	    (itl->format == IK_FMT_TLV || r->certhash != NULL);
}

/*
 * The candidate's signer record carries no certificate: no phone can
 * check the signature, whatever it holds.  When the certificate its
 * CERTHASH names is known (installed, or elsewhere in the candidate) and
 * the record's PUBLICKEY is another key, the record is a forgery.
 */
static void
hash_only_signer(const ik_itl *in, const ik_itl *cand, ik_trust_result *o)
{
	const ik_itl_record *s = &cand->recs[cand->signer_index - 1], *c = NULL;
	bool installed = true;
	char cn[96], ccn[96];

	ik_name_cn(s->subject, cn, sizeof(cn));
	ref(o, cand, s->index, false, "signer");
	o->remedy = IK_REMEDY_OTHER;
	if (s->has_cert_sha1 && (c = cert_record(in, s->cert_sha1)) == NULL) {
		c = cert_record(cand, s->cert_sha1);
		installed = false;
	}
	if (c != NULL && ik_itl_record_key_belongs(s, c) == 0) {
		ik_name_cn(c->subject, ccn, sizeof(ccn));
		ref(o, installed ? in : cand, c->index, installed,
		    "certificate the signer claims");
		o->has_finding = true;
		o->finding_code = IKF_SIGNER_KEY_MISMATCH;
		snprintf(o->finding_where, sizeof(o->finding_where),
		    "candidate record %zu", s->index);
		snprintf(o->finding, sizeof(o->finding),
		    "the signer record names the certificate of %s record %zu (%s) by its hash, but its PUBLICKEY is not that certificate's key: a forged signer",
		    installed ? "installed" : "candidate", c->index, ccn);
		snprintf(o->reason, sizeof(o->reason),
		    "the candidate's signer %s (record %zu) claims the certificate of %s record %zu by its hash only and carries another public key: a forged signer; phones verify with the certificate they hold, so none accepts the file",
		    cn, s->index, installed ? "installed" : "candidate",
		    c->index);
		snprintf(o->remedy_text, sizeof(o->remedy_text),
		    "do not serve this file: it was not signed with a key of this cluster (keep it as evidence; serve the ITL CUCM builds)");
		return;
	}
	snprintf(o->reason, sizeof(o->reason),
	    "the candidate's signer %s (record %zu) carries no certificate, only its hash: phones verify the file signature with the signer's certificate, so none accepts the file",
	    cn, s->index);
	snprintf(o->remedy_text, sizeof(o->remedy_text),
	    "serve a file whose signer record carries its certificate (regenerate it on CUCM, or re-sign it offline with itl-sign, job itl.resign)");
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
 * The TVS path.  Phones ask the TVS of the CallManager servers in their
 * group; the node whose TFTP signed the file serves its phones, so an
 * unchanged TVS of the signer's own node vouches for every phone.  An
 * unchanged TVS of another node only does for the phones whose group
 * includes that node: the verdict then depends on the phone.
 */
typedef struct tvs_path {
	bool own_listed;		/* the candidate has a TVS of the signer's node */
	size_t own_in, own_cand;	/* its unchanged TVS (installed, candidate) */
	size_t other_in, other_cand;	/* the first unchanged TVS of another node */
	char nodes[200];		/* CNs of every such other node */
} tvs_path;

static void
add_node(tvs_path *t, const char *subject)
{
	char cn[96];
	size_t len = strlen(t->nodes);

	ik_name_cn(subject, cn, sizeof(cn));
	if (cn[0] == '\0' || strstr(t->nodes, cn) != NULL)
		return;
	snprintf(t->nodes + len, sizeof(t->nodes) - len, "%s%s",
	    len ? " or " : "", cn);
}

static void
tvs_find(const ik_itl *in, const ik_itl *cand, const char *signer,
    tvs_path *t)
{
	size_t i, k;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < cand->nrec; i++)
		if (cand->recs[i].function == IK_FN_TVS &&
		    same_host(cand->recs[i].subject, signer))
			t->own_listed = true;
	for (i = 0; i < in->nrec; i++) {
		if (in->recs[i].function != IK_FN_TVS ||
		    !in->recs[i].has_cert_sha1)
			continue;
		k = ik_itl_find_sha1(cand, in->recs[i].cert_sha1, IK_FN_TVS);
		if (k == 0)
			continue;
		if (same_host(cand->recs[k - 1].subject, signer)) {
			if (t->own_in == 0) {
				t->own_in = i + 1;
				t->own_cand = k;
			}
			continue;
		}
		if (t->other_in == 0) {
			t->other_in = i + 1;
			t->other_cand = k;
		}
		add_node(t, cand->recs[k - 1].subject);
	}
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

/*
 * What brings the phones that refuse the candidate back: a re-sign with
 * the ITLRecovery key when they hold this cluster's recovery record,
 * otherwise deleting their ITL by hand.  pfx says which phones.
 */
static void
remedy_for(const ik_itl *in, const ik_itl *cand, ik_trust_result *o,
    const char *pfx)
{
	size_t rec = ik_itl_recovery_record(in);
	char cn[96];

	if (rec != 0 && ik_itl_record_has_cert(in, &in->recs[rec - 1]) &&
	    ik_itl_find_sha1(cand, in->recs[rec - 1].cert_sha1,
	    IK_FN_SAST) != 0) {
		o->remedy = IK_REMEDY_RESIGN;
		ik_name_cn(in->recs[rec - 1].subject, cn, sizeof(cn));
		snprintf(o->remedy_text, sizeof(o->remedy_text),
		    "%sre-sign the candidate with the ITLRecovery key (%s, installed record %zu): utils itl reset localkey|remotekey, or offline with itl-sign (job itl.resign); then reset the phones",
		    pfx, cn, rec);
		ref(o, in, rec, true, "installed recovery record");
	} else if (rec != 0 && !ik_itl_record_has_cert(in, &in->recs[rec - 1])) {
		o->remedy = IK_REMEDY_DELETE;
		ik_name_cn(in->recs[rec - 1].subject, cn, sizeof(cn));
		snprintf(o->remedy_text, sizeof(o->remedy_text),
		    "%sdelete the ITL on the phone (Settings > Security > Reset Security Settings, or factory reset): its recovery record %s carries no certificate, so a file re-signed with that key cannot be verified",
		    pfx, cn);
	} else if (rec != 0) {
		o->remedy = IK_REMEDY_DELETE;
		ik_name_cn(in->recs[rec - 1].subject, cn, sizeof(cn));
		snprintf(o->remedy_text, sizeof(o->remedy_text),
		    "%sdelete the ITL on the phone (Settings > Security > Reset Security Settings, or factory reset): its recovery record %s is not this cluster's, so a bulk reset cannot reach it",
		    pfx, cn);
	} else {
		o->remedy = IK_REMEDY_DELETE;
		snprintf(o->remedy_text, sizeof(o->remedy_text),
		    "%sdelete the ITL on the phone (Settings > Security > Reset Security Settings, or factory reset): the installed list has no ITLRECOVERY record (pre-10.0 or foreign), so a bulk reset cannot reach it",
		    pfx);
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

static void
reject_reason(const ik_itl *in, const ik_itl *cand, ik_trust_result *o,
    const char *signer_cn)
{
	size_t tvs = 0, i;

	for (i = 0; i < in->nrec; i++)
		if (in->recs[i].function == IK_FN_TVS)
			tvs++;
	if (shared_certs(in, cand) == 0)
		snprintf(o->reason, sizeof(o->reason),
		    "the installed list shares no certificate with the candidate: it belongs to another cluster (signer %s is unknown to it, and none of its %zu TVS certificates is served by this cluster)",
		    signer_cn, tvs);
	else
		snprintf(o->reason, sizeof(o->reason),
		    "the signer %s is not in the installed list in a signing role, and no TVS certificate of the installed list is in the candidate: the signing and the TVS certificates both changed (the lockout)",
		    signer_cn);
}

static void
depends(const ik_itl *in, const ik_itl *cand, ik_trust_result *o,
    const char *signer_cn, const tvs_path *t)
{
	char cn[96];

	o->verdict = IK_DEPENDS;
	o->path = IK_PATH_TVS;
	ref(o, in, t->other_in, true, "installed TVS of another node");
	ref(o, cand, t->other_cand, false, "TVS of another node");
	ik_name_cn(in->recs[t->other_in - 1].subject, cn, sizeof(cn));
	snprintf(o->condition, sizeof(o->condition),
	    "phones whose CallManager group includes %s", t->nodes);
	snprintf(o->reason, sizeof(o->reason),
	    "the signer %s is unknown to the installed list and %s; the TVS of %s (installed record %zu) is unchanged in the candidate (record %zu): phones whose CallManager group includes that node have TVS vouch for the signer, the others refuse the file",
	    signer_cn, t->own_listed ?
	    "the TVS certificate of its node changed" :
	    "the candidate lists no TVS of its node", cn, t->other_in,
	    t->other_cand);
	remedy_for(in, cand, o, "for the other phones, ");
}

/* Appends why the signer's certificate, though installed, does not count. */
static void
installed_elsewhere(const ik_itl *in, ik_trust_result *o, size_t k)
{
	const ik_itl_record *r = &in->recs[k - 1];
	const char *role = ik_itl_function_role(r->function);
	size_t len = strlen(o->reason);

	if (ik_itl_function_signs(r->function))
		snprintf(o->reason + len, sizeof(o->reason) - len,
		    "; installed record %zu names the signer's certificate by its hash only: a phone holds no certificate to verify with",
		    k);
	else
		snprintf(o->reason + len, sizeof(o->reason) - len,
		    "; the signer's certificate is installed record %zu, but as %s, which may not sign",
		    k, role ? role : "an unknown role");
	ref(o, in, k, true, "installed, not a signing certificate");
}

void
ik_trust_eval(const ik_itl *in, const ik_itl *cand, ik_trust_result *o)
{
	const ik_itl_record *s;
	size_t k;
	char cn[96], signer_cn[128];
	const char *note;
	tvs_path t;

	memset(o, 0, sizeof(*o));
	if (incomplete_input(in, cand, o))
		return;
	o->verdict = IK_REJECT;
	note = cand->format == IK_FMT_TEXT ?
	    " (the candidate is a text dump: its signature was not checked)" : "";
	if (cand->signer_index != 0 && signs_by_hash(cand,
	    &cand->recs[cand->signer_index - 1])) {
		hash_only_signer(in, cand, o);
		return;
	}
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
	tvs_find(in, cand, s->subject, &t);
	if (t.own_in != 0) {
		o->verdict = IK_ACCEPT;
		o->path = IK_PATH_TVS;
		ref(o, in, t.own_in, true, "installed TVS");
		ref(o, cand, t.own_cand, false, "TVS");
		ik_name_cn(in->recs[t.own_in - 1].subject, cn, sizeof(cn));
		snprintf(o->reason, sizeof(o->reason),
		    "the signer %s is unknown to the installed list, but its TVS %s (installed record %zu) is unchanged in the candidate (record %zu): the phone asks TVS, which vouches for its own cluster%s",
		    signer_cn, cn, t.own_in, t.own_cand, note);
		return;
	}
	if (t.other_in != 0) {
		depends(in, cand, o, signer_cn, &t);
	} else {
		reject_reason(in, cand, o, signer_cn);
		remedy_for(in, cand, o, "");
	}
	k = ik_itl_find_sha1(in, s->cert_sha1, -1);
	if (k != 0)
		installed_elsewhere(in, o, k);
	if (*note != '\0') {
		size_t len = strlen(o->reason);

		snprintf(o->reason + len, sizeof(o->reason) - len, "%s", note);
	}
}
