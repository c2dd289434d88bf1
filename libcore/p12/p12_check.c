/*
 * p12_check.c: judging the certificate of a PKCS#12 file as an
 * ITLRecovery certificate: what it is, whether it is still valid as of
 * a given time, whether it is the recovery record of given trust lists.
 * Layer: p12.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "ik_sign.h"
#include "p12_private.h"
#include "ik_x509.h"

static char *
name_cn(const X509_NAME *name)
{
	int i = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
	unsigned char *utf8 = NULL;
	char *cn;
	int n;

	if (i < 0)
		return NULL;
	n = ASN1_STRING_to_UTF8(&utf8,
	    X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, i)));
	if (n < 0) {
		ERR_clear_error();
		return NULL;
	}
	cn = strndup((const char *)utf8, (size_t)n);
	OPENSSL_free(utf8);
	return cn;
}

void
ik_p12_cert_describe(ik_p12 *p)
{
	ik_p12_cert_info *ci = &p->ci;
	const ASN1_INTEGER *sn = X509_get0_serialNumber(p->cert);
	EVP_PKEY *pk = X509_get0_pubkey(p->cert);
	unsigned char *der = NULL;
	size_t snlen;
	int dlen;
	bool ok = true;

	ci->subject = ik_x509_name_cucm(X509_get_subject_name(p->cert));
	ci->issuer = ik_x509_name_cucm(X509_get_issuer_name(p->cert));
	ci->cn = name_cn(X509_get_subject_name(p->cert));
	if (sn != NULL) {
		snlen = (size_t)ASN1_STRING_length(sn);
		if (snlen > 64)
			snlen = 64;
		ik_hex_sep(ASN1_STRING_get0_data(sn), snlen, ':', ci->serial);
	}
	dlen = i2d_X509(p->cert, &der);
	if (dlen > 0)
		ik_digest_buf(IK_SHA1, der, (size_t)dlen, ci->sha1);
	OPENSSL_free(der);
	ci->not_before = ik_asn1_time(X509_get0_notBefore(p->cert), &ok);
	ci->not_after = ik_asn1_time(X509_get0_notAfter(p->cert), &ok);
	ci->has_validity = ok;
	if (pk != NULL) {
		ci->key_type = ik_pkey_type(pk);
		ci->key_bits = EVP_PKEY_get_bits(pk);
	}
	ci->self_signed = X509_check_issued(p->cert, p->cert) == X509_V_OK;
	ci->self_signature_valid = pk != NULL && X509_verify(p->cert, pk) == 1;
	ERR_clear_error();
	p->has_cert_info = true;
}

/* Whole days from at to t, rounded towards minus infinity. */
static long long
days_between(time_t at, time_t t)
{
	long long d = (long long)t - (long long)at;

	return d >= 0 ? d / 86400 : -((-d + 86399) / 86400);
}

static void
check_validity(ik_p12 *p, const ik_p12_check_opts *o)
{
	const ik_p12_cert_info *ci = &p->ci;
	char when[32], at[32];

	if (!ci->has_validity) {
		ik_findings_add(&p->findings, IK_SEV_ERROR, IKF_P12_MALFORMED,
		    "certificate", "the certificate's validity cannot be read");
		return;
	}
	p->days_left = days_between(o->at, ci->not_after);
	ik_time_format(ci->not_after, when, sizeof(when));
	ik_time_format(o->at, at, sizeof(at));
	if (ci->not_after < o->at)
		/* Phones verify an ITL's signature without looking at the
		 * signer's dates: a warning, as itl-show and itl-sign say. */
		ik_findings_add(&p->findings, IK_SEV_WARNING, IKF_P12_CERT_EXPIRED,
		    "certificate", "the certificate expired on %s, %lld days before %s",
		    when, -p->days_left, at);
	else if (p->days_left < o->warn_days)
		ik_findings_add(&p->findings, IK_SEV_WARNING,
		    IKF_P12_CERT_EXPIRING, "certificate",
		    "the certificate expires on %s, in %lld days (within %d)",
		    when, p->days_left, o->warn_days);
	if (ci->not_before > o->at) {
		ik_time_format(ci->not_before, when, sizeof(when));
		ik_findings_add(&p->findings, IK_SEV_WARNING,
		    IKF_P12_CERT_NOT_YET_VALID, "certificate",
		    "the certificate is not valid before %s", when);
	}
}

static void
check_identity(ik_p12 *p)
{
	const ik_p12_cert_info *ci = &p->ci;

	if (ci->cn != NULL && strncasecmp(ci->cn, "ITLRECOVERY_", 12) == 0 &&
	    ci->cn[12] != '\0')
		p->itl_recovery_host = strdup(ci->cn + 12);
	if (p->itl_recovery_host == NULL)
		ik_findings_add(&p->findings, IK_SEV_ERROR,
		    IKF_P12_NOT_ITLRECOVERY, "certificate",
		    "the subject's CN is not ITLRECOVERY_<host>: this is not an ITLRecovery certificate");
	if (ci->key_type != NULL && strcmp(ci->key_type, "RSA") != 0)
		ik_findings_add(&p->findings, IK_SEV_ERROR, IKF_P12_KEY_NOT_RSA,
		    "certificate",
		    "the key is %s; trust lists are signed with RSA only",
		    ci->key_type);
	else if (ci->key_bits > 0 && ci->key_bits < 2048)
		ik_findings_add(&p->findings, IK_SEV_WARNING, IKF_P12_WEAK_KEY,
		    "certificate", "RSA key of %d bits (under 2048)",
		    ci->key_bits);
	if (!ci->self_signed)
		ik_findings_add(&p->findings, IK_SEV_WARNING,
		    IKF_P12_NOT_SELF_SIGNED, "certificate",
		    "the certificate is not self-signed (CUCM makes ITLRecovery certificates self-signed)");
	else if (!ci->self_signature_valid)
		ik_findings_add(&p->findings, IK_SEV_ERROR,
		    IKF_P12_SELF_SIGNATURE_INVALID, "certificate",
		    "the certificate's self-signature does not verify");
}

void
ik_p12_check(ik_p12 *p, const ik_p12_check_opts *o)
{
	p->checked = true;
	p->at = o->at;
	if (!p->has_cert_info)
		return;
	check_validity(p, o);
	check_identity(p);
}

ik_status
ik_p12_match_itl(ik_p12 *p, const char *name, const ik_itl *itl,
    ik_error *err)
{
	ik_p12_itl_match *nm, *m;
	const ik_itl_record *r;
	size_t i, recovery = 0;
	char where[64];

	nm = realloc(p->matches, (p->nmatches + 1) * sizeof(*nm));
	if (nm == NULL)
		return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY, "out of memory");
	p->matches = nm;
	m = &nm[p->nmatches];
	memset(m, 0, sizeof(*m));
	m->itl = strdup(name);
	if (m->itl == NULL)
		return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY, "out of memory");
	p->nmatches++;
	if (!p->has_cert_info) {
		/* Nothing to compare with: name the record, judge nothing. */
		for (i = 0; i < itl->nrec && m->record == 0; i++)
			if (itl->recs[i].is_itl_recovery)
				m->record = itl->recs[i].index;
		return IK_OK;
	}
	m->compared = true;
	/* The identity is the DER hash; names are what renames change. */
	for (i = 0; i < itl->nrec; i++) {
		r = &itl->recs[i];
		if (r->has_cert_sha1 &&
		    memcmp(r->cert_sha1, p->ci.sha1, 20) == 0 &&
		    r->function == IK_FN_SAST) {
			m->record = r->index;
			m->matches = true;
			return IK_OK;
		}
		if (r->is_itl_recovery && recovery == 0)
			recovery = r->index;
	}
	m->record = recovery;
	snprintf(where, sizeof(where), "itl %s", name);
	if (recovery == 0)
		ik_findings_add(&p->findings, IK_SEV_ERROR, IKF_P12_ITL_NO_RECOVERY,
		    where, "the trust list has no ITLRECOVERY record: this key cannot reset phones that hold it");
	else
		ik_findings_add(&p->findings, IK_SEV_ERROR, IKF_P12_NOT_IN_ITL,
		    where, "record %zu (ITLRECOVERY) holds another certificate than this file: phones holding this list will not accept files this key signs",
		    recovery);
	return IK_OK;
}

const char *
ik_p12_status(const ik_p12 *p)
{
	if (p->malformed)
		return "malformed";
	if (p->damaged)
		return "damaged";
	if (p->password == IK_P12_PW_WRONG)
		return "wrong-password";
	return ik_findings_worst(&p->findings) >= IK_SEV_WARNING ?
	    "findings" : "ok";
}
