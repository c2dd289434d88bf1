/*
 * x509_decode.c: what itlkit keeps of a DER certificate (names, serial,
 * validity, key), read without OpenSSL 3's per-certificate decoder chain.
 * Layer: base.
 *
 * In OpenSSL 3.0 d2i_X509 reads the SubjectPublicKeyInfo through a decoder
 * chain built for every certificate (OSSL_DECODER_CTX_new_for_pkey): most
 * of the cost of reading one.  Here OpenSSL's own ASN.1 parser reads the
 * certificate with a template of ours that is the X509 one field for field
 * (the same items: X509_NAME, X509_VAL, X509_ALGOR, X509_EXTENSION...),
 * except that the key is kept as what X509_PUBKEY itself reads first,
 * SEQUENCE { AlgorithmIdentifier, BIT STRING }.  An rsaEncryption key is
 * then read from the BIT STRING by the legacy RSA code, which is where the
 * decoder chain ends too (d2i_RSAPublicKey; the parameters are ignored for
 * rsaEncryption).  Any other key type is read by d2i_X509, as before.
 *
 * Both accept the same bytes: in 3.0 the X509 item's callback checks
 * nothing after decoding (no version rule), the TBSCertificate has none,
 * and X509_PUBKEY's own d2i refuses only when memory runs out; a key that
 * does not decode leaves the certificate without a key, as here.
 * ik_x509_decode_compare, the unit test and the fuzz target hold the two
 * to that on real, generated and mutated certificates.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/asn1t.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/x509.h>

#include "ik_x509.h"
#include "x509_decode.h"

typedef struct {
	X509_ALGOR *alg;
	ASN1_BIT_STRING *key;
} IK_SPKI;

typedef struct {
	ASN1_INTEGER *version;
	ASN1_INTEGER *serial;
	X509_ALGOR *sig_alg;
	X509_NAME *issuer;
	X509_VAL *validity;
	X509_NAME *subject;
	IK_SPKI *spki;
	ASN1_BIT_STRING *issuer_uid;
	ASN1_BIT_STRING *subject_uid;
	STACK_OF(X509_EXTENSION) *extensions;
} IK_TBS;

typedef struct {
	IK_TBS *tbs;
	X509_ALGOR *sig_alg;
	ASN1_BIT_STRING *sig;
} IK_CERT;

/* X509_PUBKEY_INTERNAL: what X509_PUBKEY's d2i reads before any key. */
ASN1_SEQUENCE(IK_SPKI) = {
	ASN1_SIMPLE(IK_SPKI, alg, X509_ALGOR),
	ASN1_SIMPLE(IK_SPKI, key, ASN1_BIT_STRING)
} static_ASN1_SEQUENCE_END(IK_SPKI)

/* X509_CINF, with the key as above. */
ASN1_SEQUENCE(IK_TBS) = {
	ASN1_EXP_OPT(IK_TBS, version, ASN1_INTEGER, 0),
	ASN1_SIMPLE(IK_TBS, serial, ASN1_INTEGER),
	ASN1_SIMPLE(IK_TBS, sig_alg, X509_ALGOR),
	ASN1_SIMPLE(IK_TBS, issuer, X509_NAME),
	ASN1_SIMPLE(IK_TBS, validity, X509_VAL),
	ASN1_SIMPLE(IK_TBS, subject, X509_NAME),
	ASN1_SIMPLE(IK_TBS, spki, IK_SPKI),
	ASN1_IMP_OPT(IK_TBS, issuer_uid, ASN1_BIT_STRING, 1),
	ASN1_IMP_OPT(IK_TBS, subject_uid, ASN1_BIT_STRING, 2),
	ASN1_EXP_SEQUENCE_OF_OPT(IK_TBS, extensions, X509_EXTENSION, 3)
} static_ASN1_SEQUENCE_END(IK_TBS)

/* X509. */
ASN1_SEQUENCE(IK_CERT) = {
	ASN1_SIMPLE(IK_CERT, tbs, IK_TBS),
	ASN1_SIMPLE(IK_CERT, sig_alg, X509_ALGOR),
	ASN1_SIMPLE(IK_CERT, sig, ASN1_BIT_STRING)
} static_ASN1_SEQUENCE_END(IK_CERT)

static void
fields(ik_cert_info *ci, const X509_NAME *subject, const X509_NAME *issuer,
    const ASN1_INTEGER *sn, const ASN1_TIME *nb, const ASN1_TIME *na)
{
	bool ok = true;

	ci->ok = true;
	ci->subject = ik_x509_name_cucm(subject);
	ci->issuer = ik_x509_name_cucm(issuer);
	if (sn != NULL) {
		ci->serial_len = (size_t)ASN1_STRING_length(sn);
		ci->serial = malloc(ci->serial_len ? ci->serial_len : 1);
		if (ci->serial != NULL)
			memcpy(ci->serial, ASN1_STRING_get0_data(sn),
			    ci->serial_len);
	}
	ci->not_before = ik_asn1_time(nb, &ok);
	ci->not_after = ik_asn1_time(na, &ok);
	ci->has_validity = ok;
}

/* Takes pkey; pd is its DER (OpenSSL's allocation, freed here). */
static void
key(ik_cert_info *ci, EVP_PKEY *pkey, unsigned char *pd, int n)
{
	ci->pkey = pkey;
	ci->key_type = ik_pkey_type(pkey);
	ci->key_bits = EVP_PKEY_get_bits(pkey);
	if (n > 0 && (ci->pub_der = malloc((size_t)n)) != NULL) {
		memcpy(ci->pub_der, pd, (size_t)n);
		ci->pub_der_len = (size_t)n;
	}
	OPENSSL_free(pd);
}

/* An RSA key from a PKCS #1 RSAPublicKey, by the legacy code (no lookup). */
static EVP_PKEY *
rsa_key(const ASN1_BIT_STRING *bits)
{
	const unsigned char *p = ASN1_STRING_get0_data(bits);

	return d2i_PublicKey(EVP_PKEY_RSA, NULL, &p,
	    ASN1_STRING_length(bits));
}

/*
 * The key's DER, as i2d_PublicKey writes it.  For a provider key that
 * builds an encoder chain on every call; an RSA key is re-encoded from a
 * legacy key read from the same BIT STRING instead: the same bytes.
 */
static int
pub_der(X509 *x, EVP_PKEY *pkey, unsigned char **pd)
{
	const ASN1_BIT_STRING *bits;
	EVP_PKEY *legacy;
	int n;

	if (EVP_PKEY_get_base_id(pkey) == EVP_PKEY_RSA &&
	    (bits = X509_get0_pubkey_bitstr(x)) != NULL) {
		if ((legacy = rsa_key(bits)) != NULL) {
			n = i2d_PublicKey(legacy, pd);
			EVP_PKEY_free(legacy);
			return n;
		}
		ERR_clear_error();
	}
	return i2d_PublicKey(pkey, pd);
}

static void
decode_openssl(const uint8_t *der, size_t len, ik_cert_info *ci)
{
	const unsigned char *p = der;
	unsigned char *pd = NULL;
	EVP_PKEY *pkey;
	X509 *x;
	int n;

	if ((x = d2i_X509(NULL, &p, (long)len)) == NULL)
		return;
	ci->der_used = (size_t)(p - der);
	fields(ci, X509_get_subject_name(x), X509_get_issuer_name(x),
	    X509_get0_serialNumber(x), X509_get0_notBefore(x),
	    X509_get0_notAfter(x));
	if ((pkey = X509_get_pubkey(x)) != NULL) {
		n = pub_der(x, pkey, &pd);
		key(ci, pkey, pd, n);
	}
	X509_free(x);
}

/* 0 when the key is not RSA: the caller reads the bytes with d2i_X509. */
static int
decode_fast(const uint8_t *der, size_t len, ik_cert_info *ci)
{
	const unsigned char *p = der;
	unsigned char *pd = NULL;
	EVP_PKEY *pkey;
	IK_CERT *c;
	IK_TBS *t;
	int n;

	c = (IK_CERT *)ASN1_item_d2i(NULL, &p, (long)len,
	    ASN1_ITEM_rptr(IK_CERT));
	if (c == NULL)
		return 1;	/* d2i_X509 refuses these bytes too */
	t = c->tbs;
	if (OBJ_obj2nid(t->spki->alg->algorithm) != NID_rsaEncryption) {
		ASN1_item_free((ASN1_VALUE *)c, ASN1_ITEM_rptr(IK_CERT));
		return 0;
	}
	ci->der_used = (size_t)(p - der);
	fields(ci, t->subject, t->issuer, t->serial,
	    t->validity->notBefore, t->validity->notAfter);
	if ((pkey = rsa_key(t->spki->key)) != NULL) {
		n = i2d_PublicKey(pkey, &pd);
		key(ci, pkey, pd, n);
	}
	ASN1_item_free((ASN1_VALUE *)c, ASN1_ITEM_rptr(IK_CERT));
	return 1;
}

int
ik_x509_decode(const uint8_t *der, size_t len, int how, ik_cert_info *ci)
{
	int r = IK_X509_READ_FAST;

	if (how != IK_X509_READ_FAST || !decode_fast(der, len, ci)) {
		decode_openssl(der, len, ci);
		r = IK_X509_READ_OPENSSL;
	}
	/* A key that does not decode is no error of the certificate's. */
	ERR_clear_error();
	return r;
}

void
ik_cert_info_release(ik_cert_info *ci)
{
	free(ci->subject);
	free(ci->issuer);
	free(ci->serial);
	free(ci->pub_der);
	EVP_PKEY_free(ci->pkey);
	memset(ci, 0, sizeof(*ci));
}

static bool
same_str(const char *a, const char *b)
{
	return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static bool
same_bytes(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
	return alen == blen && (a == NULL) == (b == NULL) &&
	    (alen == 0 || memcmp(a, b, alen) == 0);
}

static const char *
differs(const ik_cert_info *a, const ik_cert_info *b)
{
	int eq;

	if (a->ok != b->ok)
		return "acceptance";
	if (a->der_used != b->der_used)
		return "bytes used";
	if (!same_str(a->subject, b->subject))
		return "subject";
	if (!same_str(a->issuer, b->issuer))
		return "issuer";
	if (!same_bytes(a->serial, a->serial_len, b->serial, b->serial_len))
		return "serial";
	if (a->has_validity != b->has_validity ||
	    a->not_before != b->not_before || a->not_after != b->not_after)
		return "validity";
	if (!same_str(a->key_type, b->key_type) || a->key_bits != b->key_bits)
		return "key type";
	if (!same_bytes(a->pub_der, a->pub_der_len, b->pub_der,
	    b->pub_der_len))
		return "key DER";
	if ((a->pkey == NULL) != (b->pkey == NULL))
		return "key";
	if (a->pkey != NULL) {
		eq = EVP_PKEY_eq(a->pkey, b->pkey);
		ERR_clear_error();
		if (eq != 1)
			return "key";
	}
	return NULL;
}

int
ik_x509_decode_compare(const uint8_t *der, size_t len, const char **why,
    bool *fast)
{
	ik_cert_info a, b;
	int r;

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	r = ik_x509_decode(der, len, IK_X509_READ_FAST, &a);
	if (fast != NULL)
		*fast = r == IK_X509_READ_FAST;
	ik_x509_decode(der, len, IK_X509_READ_OPENSSL, &b);
	*why = differs(&a, &b);
	ik_cert_info_release(&a);
	ik_cert_info_release(&b);
	return *why == NULL ? 0 : -1;
}
