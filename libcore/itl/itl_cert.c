/*
 * itl_cert.c: decoding each record's certificate with OpenSSL and
 * cross-checking the record's own fields against it.  A record whose
 * subject, issuer, serial or public key disagrees with the certificate it
 * carries has been edited after it was built: a tampering sign.
 * Layer: itl.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "ik_itl.h"
#include "ik_sign.h"
#include "cert_cache.h"
#include "itl_private.h"

bool
ik_itl_serial_eq(const uint8_t *a, size_t alen, const uint8_t *b,
    size_t blen)
{
	while (alen > 0 && a[0] == 0) {
		a++;
		alen--;
	}
	while (blen > 0 && b[0] == 0) {
		b++;
		blen--;
	}
	return alen == blen && (alen == 0 || memcmp(a, b, alen) == 0);
}

void
ik_itl_record_release(ik_itl_record *r)
{
	free(r->dns_name);
	free(r->subject);
	free(r->issuer);
	free(r->cert_subject);
	free(r->cert_issuer);
	free(r->cert_serial);
	EVP_PKEY_free(r->pkey);
	r->dns_name = r->subject = r->issuer = NULL;
	r->cert_subject = r->cert_issuer = NULL;
	r->cert_serial = NULL;
	r->pkey = NULL;
}

static void
mismatch(ik_itl *itl, ik_itl_record *r, ik_code code, const char *what,
    const char *rec, const char *cert)
{
	char where[32];

	snprintf(where, sizeof(where), "record %zu", r->index);
	if (rec != NULL && cert != NULL)
		ik_findings_add(&itl->findings, IK_SEV_ERROR, code, where,
		    "record %s '%s' differs from its certificate's '%s'",
		    what, rec, cert);
	else
		ik_findings_add(&itl->findings, IK_SEV_ERROR, code, where,
		    "record %s differs from its certificate's", what);
}

static void
cross_check(ik_itl *itl, ik_itl_record *r, const ik_cert_info *ci)
{
	if (r->subject != NULL && r->cert_subject != NULL &&
	    !ik_itl_names_equal(r->subject, r->cert_subject))
		mismatch(itl, r, IKF_RECORD_SUBJECT_MISMATCH, "subject",
		    r->subject, r->cert_subject);
	if (r->issuer != NULL && r->cert_issuer != NULL &&
	    !ik_itl_names_equal(r->issuer, r->cert_issuer))
		mismatch(itl, r, IKF_RECORD_ISSUER_MISMATCH, "issuer",
		    r->issuer, r->cert_issuer);
	if (r->serial != NULL && r->cert_serial != NULL &&
	    !ik_itl_serial_eq(r->serial, r->serial_len, r->cert_serial,
	    r->cert_serial_len))
		mismatch(itl, r, IKF_RECORD_SERIAL_MISMATCH, "serial", NULL, NULL);
	if (r->pubkey != NULL && ci->pub_der != NULL &&
	    (ci->pub_der_len != r->pubkey_len ||
	    memcmp(ci->pub_der, r->pubkey, r->pubkey_len) != 0))
		mismatch(itl, r, IKF_RECORD_KEY_MISMATCH, "public key", NULL,
		    NULL);
}

/* Moves what the record keeps out of a cache copy. */
static void
take_info(ik_itl_record *r, ik_cert_info *ci)
{
	r->pkey = ci->pkey;
	ci->pkey = NULL;
	r->key_type = ci->key_type;
	r->key_bits = ci->key_bits;
}

static void
decode_record(ik_itl *itl, ik_itl_record *r)
{
	ik_cert_info ci;
	char where[32];

	if (r->cert != NULL) {
		ik_digest_buf(IK_SHA1, r->cert, r->cert_len, r->cert_sha1);
		r->has_cert_sha1 = true;
	} else if (r->certhash != NULL && r->certhash_len == 20 &&
	    (r->hash_alg == IK_ITL_DIGEST_SHA1 || r->hash_alg < 0)) {
		memcpy(r->cert_sha1, r->certhash, 20);
		r->has_cert_sha1 = true;
	}
	if (r->cert == NULL) {
		/* Hash-only records: the key, if any, comes from PUBLICKEY. */
		if (r->pubkey != NULL && ik_cert_lookup(IK_CACHE_PUBKEY,
		    r->pubkey, r->pubkey_len, NULL, &ci) == 0) {
			take_info(r, &ci);
			ik_cert_info_release(&ci);
		}
		return;
	}
	if (ik_cert_lookup(IK_CACHE_CERT, r->cert, r->cert_len, r->cert_sha1,
	    &ci) != 0)
		return;
	snprintf(where, sizeof(where), "record %zu", r->index);
	if (!ci.ok) {
		ik_findings_add(&itl->findings, IK_SEV_ERROR,
		    IKF_CERT_UNPARSEABLE, where,
		    "CERTIFICATE (%zu bytes at offset %zu) is not a valid DER X.509 certificate",
		    r->cert_len, itl->buf != NULL ?
		    (size_t)(r->cert - itl->buf) : 0);
		ik_cert_info_release(&ci);
		return;
	}
	if (ci.der_used != r->cert_len)
		ik_findings_add(&itl->findings, IK_SEV_WARNING,
		    IKF_CERT_TRAILING_BYTES, where,
		    "CERTIFICATE value has %zu bytes after the DER certificate",
		    r->cert_len - ci.der_used);
	r->cert_parsed = true;
	r->cert_subject = ci.subject;
	r->cert_issuer = ci.issuer;
	r->cert_serial = ci.serial;
	r->cert_serial_len = ci.serial_len;
	ci.subject = ci.issuer = NULL;
	ci.serial = NULL;
	r->has_validity = ci.has_validity;
	r->not_before = ci.not_before;
	r->not_after = ci.not_after;
	take_info(r, &ci);
	cross_check(itl, r, &ci);
	ik_cert_info_release(&ci);
}

static bool
is_recovery_name(const char *s)
{
	const char *cn;

	if (s == NULL)
		return false;
	cn = strstr(s, "CN=");
	if (cn == NULL)
		return false;
	return strncasecmp(cn + 3, "ITLRECOVERY_", 12) == 0;
}

void
ik_itl_decode_certs(ik_itl *itl)
{
	size_t i;
	ik_itl_record *r;

	for (i = 0; i < itl->nrec; i++) {
		r = &itl->recs[i];
		if (itl->format == IK_FMT_TLV)
			decode_record(itl, r);
		r->is_itl_recovery = is_recovery_name(r->cert_subject ?
		    r->cert_subject : r->subject);
	}
}

bool
ik_itl_record_has_cert(const ik_itl *itl, const ik_itl_record *r)
{
	size_t i;

	if (r->cert != NULL)
		return true;
	/* Text dumps keep no certificate bytes, only the line naming it. */
	for (i = 0; i < r->tlv_count && r->tlv_first + i < itl->ntlv; i++)
		if (itl->tlvs[r->tlv_first + i].tag == IK_RT_CERT)
			return itl->format == IK_FMT_TEXT && r->has_cert_sha1;
	return false;
}

int
ik_itl_record_key_belongs(const ik_itl_record *r, const ik_itl_record *cert)
{
	int eq;

	if (r->pubkey == NULL || cert->cert == NULL || cert->pkey == NULL)
		return -1;
	/* A PUBLICKEY that does not even decode is no key of any certificate. */
	if (r->pkey == NULL)
		return 0;
	eq = EVP_PKEY_eq(r->pkey, cert->pkey);
	/* Keys of different types compare as an error: not the same key. */
	ERR_clear_error();
	return eq == 1;
}
