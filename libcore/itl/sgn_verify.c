/*
 * sgn_verify.c: would phones accept this signed file?
 * Layer: itl.
 *
 * A phone checks a signed file with the certificate of the record of its
 * trust list whose serial and issuer are the header's, and only when that
 * record has the TFTP role (TFTP or CCM+TFTP): the same certificate as a
 * SAST or CCM record does not sign configuration.  The key is the record's
 * certificate's, never a PUBLICKEY alone, as for trust lists.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

#include "ik_sgn.h"
#include "itl_private.h"

void
ik_sgn_lint(ik_sgn *s)
{
	const ik_itl_header *h = &s->hdr->hdr;

	if (s->hdr->malformed)
		return;
	if (!h->has_signature || h->signature_len == 0) {
		s->hdr->signature = IK_SIG_INVALID;
		ik_findings_add(&s->hdr->findings, IK_SEV_ERROR,
		    IKF_SIGNATURE_MISSING, "header",
		    "the header has no SIGNATURE (tag 12)");
		return;
	}
	if (ik_itl_digest_from_code(h->digest_alg) < 0 ||
	    (h->sig_alg >= 0 && h->sig_alg != 0)) {
		s->hdr->signature = IK_SIG_UNSUPPORTED;
		ik_findings_add(&s->hdr->findings, IK_SEV_ERROR,
		    IKF_SIGNATURE_UNSUPPORTED, "header",
		    "digest code %d / signature algorithm %d is not one this version verifies",
		    h->digest_alg, h->sig_alg);
	}
	if (h->sig_modulus > 3 || (h->sig_modulus >= 0 &&
	    (size_t)(64 << h->sig_modulus) != h->signature_len))
		ik_findings_add(&s->hdr->findings, IK_SEV_WARNING,
		    IKF_SIGNATURE_MODULUS_MISMATCH, "header",
		    "signature is %zu bytes, SIGNATUREMODULUS code %d",
		    h->signature_len, h->sig_modulus);
	if (h->digest_alg == IK_ITL_DIGEST_SHA256)
		ik_findings_add(&s->hdr->findings, IK_SEV_INFO,
		    IKF_DIGEST_SHA256_UNCONFIRMED, "header",
		    "the file is signed with SHA-256: that phones accept it is unconfirmed");
}

static bool
tftp_role(int fn)
{
	return fn == IK_FN_TFTP || fn == IK_FN_CCM_TFTP;
}

/* The record's issuer as the list writes it, or its certificate's. */
static const char *
record_issuer(const ik_itl_record *r)
{
	return r->issuer != NULL ? r->issuer : r->cert_issuer;
}

/* The issuer is the header's CA name (as attribute sets), or unknown. */
static bool
issuer_ok(const ik_sgn *s, const ik_itl_record *r)
{
	const char *ca = s->hdr->hdr.ca_name;

	return ca == NULL || record_issuer(r) == NULL ||
	    ik_itl_names_equal(record_issuer(r), ca);
}

/*
 * The record the file's signer is in itl: same serial; the issuer, a TFTP
 * role and a certificate make a better fit, in that order.
 */
static const ik_itl_record *
find_record(const ik_sgn *s, const ik_itl *itl)
{
	const ik_itl_header *h = &s->hdr->hdr;
	const ik_itl_record *r, *best = NULL;
	int rank, best_rank = -1;
	size_t i;

	for (i = 0; i < itl->nrec; i++) {
		r = &itl->recs[i];
		if (r->serial == NULL || !ik_itl_serial_eq(r->serial,
		    r->serial_len, h->signer_serial, h->signer_serial_len))
			continue;
		rank = (issuer_ok(s, r) ? 8 : 0) +
		    (tftp_role(r->function) ? 4 : 0) +
		    (ik_itl_record_has_cert(itl, r) ? 2 : 0);
		if (rank > best_rank) {
			best = r;
			best_rank = rank;
		}
	}
	return best;
}

static void
answer(ik_sgn_check *c, ik_sgn_verdict v, ik_code code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
answer(ik_sgn_check *c, ik_sgn_verdict v, ik_code code, const char *fmt, ...)
{
	va_list ap;

	c->verdict = v;
	c->code = code;
	va_start(ap, fmt);
	vsnprintf(c->reason, sizeof(c->reason), fmt, ap);
	va_end(ap);
}

/* The signature checked with r's certificate key. */
static void
check_signature(const ik_sgn *s, const ik_itl_record *r, ik_sgn_check *c)
{
	if (ik_itl_digest_from_code(s->hdr->hdr.digest_alg) < 0 ||
	    r->pkey == NULL || EVP_PKEY_get_base_id(r->pkey) != EVP_PKEY_RSA)
		c->signature = IK_SIG_UNSUPPORTED;
	else if (ik_itl_signature_verifies(s->hdr, r->pkey))
		c->signature = IK_SIG_VALID;
	else
		c->signature = IK_SIG_INVALID;
}

void
ik_sgn_check_itl(const ik_sgn *s, const ik_itl *itl, ik_sgn_check *c)
{
	const ik_itl_header *h = &s->hdr->hdr;
	const ik_itl_record *r;
	const char *role;
	bool partial;

	memset(c, 0, sizeof(*c));
	c->function = -1;
	if (itl == NULL) {
		answer(c, IK_SGN_UNKNOWN, IKF_SGN_NO_ITL,
		    "no trust list given: the signer's certificate is needed to tell whether phones accept the file");
		return;
	}
	if (s->hdr->malformed) {
		answer(c, IK_SGN_REJECT, IKF_TRUNCATED,
		    "the file's header is malformed: no phone can read it");
		return;
	}
	if (!h->has_signature || h->signer_serial == NULL) {
		answer(c, IK_SGN_REJECT, IKF_SIGNATURE_MISSING,
		    "the file's header has no %s: no phone can check it",
		    h->signer_serial == NULL && h->has_signature ?
		    "signer serial number" : "signature");
		return;
	}
	partial = itl->malformed || itl->incomplete;
	r = find_record(s, itl);
	if (r == NULL || !issuer_ok(s, r)) {
		if (partial)
			answer(c, IK_SGN_UNKNOWN, IKF_SGN_TRUST_UNKNOWN,
			    "the trust list is %s and holds no record of the signer in what could be read",
			    itl->malformed ? "malformed" : "incomplete");
		else if (r == NULL)
			answer(c, IK_SGN_REJECT, IKF_SGN_SIGNER_NOT_IN_ITL,
			    "no record has the signer's serial number: phones holding this list refuse the file");
		else
			answer(c, IK_SGN_REJECT, IKF_SGN_SIGNER_NOT_IN_ITL,
			    "record %zu has the signer's serial number but another issuer: it is another certificate, and phones holding this list refuse the file",
			    r->index);
		return;
	}
	c->record = r->index;
	c->function = r->function;
	role = ik_itl_function_role(r->function);
	if (itl->format == IK_FMT_TEXT) {
		answer(c, IK_SGN_UNKNOWN, IKF_SGN_TRUST_UNKNOWN,
		    "the trust list is a show itl dump: record %zu (%s) prints no certificate bytes to check the signature with (the binary file can tell)",
		    r->index, role != NULL ? role : "unknown role");
		return;
	}
	if (!ik_itl_record_has_cert(itl, r)) {
		answer(c, IK_SGN_REJECT, IKF_SIGNER_NO_CERTIFICATE,
		    "record %zu names the signer by its hash only: phones have no key to check the file with",
		    r->index);
		return;
	}
	check_signature(s, r, c);
	if (!tftp_role(r->function)) {
		answer(c, IK_SGN_REJECT, IKF_SGN_SIGNER_WRONG_ROLE,
		    "the signer is record %zu (%s), not a TFTP or CCM+TFTP record: phones check signed files only with a TFTP certificate",
		    r->index, role != NULL ? role : "unknown role");
		return;
	}
	switch (c->signature) {
	case IK_SIG_VALID:
		answer(c, IK_SGN_ACCEPT, IKF_SGN_ACCEPTED,
		    "record %zu (%s) signed the file and the signature verifies: phones holding this list accept it",
		    r->index, role);
		break;
	case IK_SIG_INVALID:
		answer(c, IK_SGN_REJECT, IKF_SIGNATURE_INVALID,
		    "the signature does not verify with record %zu's key: the file was changed after signing",
		    r->index);
		break;
	default:
		answer(c, IK_SGN_REJECT, IKF_SIGNATURE_UNSUPPORTED,
		    "the digest code %d or record %zu's key is not one phones verify with",
		    h->digest_alg, r->index);
		break;
	}
}

void
ik_sgn_note(ik_sgn *s, const char *itl, const ik_sgn_check *c)
{
	ik_severity sev = c->code == IKF_SGN_ACCEPTED ? IK_SEV_INFO :
	    c->code == IKF_SGN_NO_ITL ? IK_SEV_WARNING : IK_SEV_ERROR;
	ik_sb where;

	ik_sb_init(&where);
	if (itl != NULL) {
		ik_sb_puts(&where, "itl ");
		ik_sb_puts(&where, itl);
	}
	ik_findings_add(&s->hdr->findings, sev, c->code, where.s, "%s",
	    c->reason);
	ik_sb_free(&where);
}
