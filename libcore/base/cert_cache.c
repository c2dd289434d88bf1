/*
 * cert_cache.c: decoded certificates and public keys, by the SHA-1 of
 * their bytes.
 * Layer: base.
 *
 * Decoding an X.509 certificate or a bare public key with OpenSSL 3 costs
 * far more than the rest of a trust-list check (its decoders are looked up
 * through the provider machinery every time), and a batch of trust lists
 * repeats the same few certificates: every node of a cluster, every day of
 * an archive.  The cache keeps a bounded number of decodings, so a batch
 * pays for each distinct certificate once.  It is keyed by a digest of the
 * exact bytes, so a changed byte is a different entry: nothing about a
 * file's own bytes is ever taken from another file.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/x509.h>

#include "cert_cache.h"
#include "ik_x509.h"

/*
 * 512 sets of 4 entries: a set's least recently used entry makes room.
 * Direct mapping was measured to thrash on colliding pairs.
 */
#define SETS 512
#define WAYS 4
#define SLOTS (SETS * WAYS)

static ik_cert_info *slots[SLOTS];
static unsigned long long used[SLOTS], tick;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void
info_free(ik_cert_info *ci)
{
	if (ci == NULL)
		return;
	free(ci->subject);
	free(ci->issuer);
	free(ci->serial);
	free(ci->pub_der);
	EVP_PKEY_free(ci->pkey);
	free(ci);
}

static void
key_info(ik_cert_info *ci)
{
	ci->key_type = ik_pkey_type(ci->pkey);
	ci->key_bits = EVP_PKEY_get_bits(ci->pkey);
}

/*
 * The DER of a certificate's key, as i2d_PublicKey writes it.  For a
 * provider key i2d_PublicKey builds an OpenSSL 3 encoder chain on every
 * call, as costly as decoding the whole certificate.  An RSA key is
 * re-encoded instead from a legacy RSA key read from the same bytes of the
 * certificate (its SubjectPublicKeyInfo BIT STRING, which the provider
 * read too): the same PKCS #1 RSAPublicKey DER, without the lookup.
 */
static int
pub_der(X509 *x, EVP_PKEY *pkey, unsigned char **pd)
{
	const ASN1_BIT_STRING *bits;
	const unsigned char *p;
	EVP_PKEY *legacy;
	int n;

	if (EVP_PKEY_get_base_id(pkey) == EVP_PKEY_RSA &&
	    (bits = X509_get0_pubkey_bitstr(x)) != NULL) {
		p = ASN1_STRING_get0_data(bits);
		legacy = d2i_PublicKey(EVP_PKEY_RSA, NULL, &p,
		    ASN1_STRING_length(bits));
		if (legacy != NULL) {
			n = i2d_PublicKey(legacy, pd);
			EVP_PKEY_free(legacy);
			return n;
		}
		ERR_clear_error();
	}
	return i2d_PublicKey(pkey, pd);
}

static ik_cert_info *
decode_cert(const uint8_t *der, size_t len)
{
	ik_cert_info *ci = calloc(1, sizeof(*ci));
	const unsigned char *p = der;
	const ASN1_INTEGER *sn;
	unsigned char *pd = NULL;
	X509 *x;
	int n;
	bool ok = true;

	if (ci == NULL)
		return NULL;
	x = d2i_X509(NULL, &p, (long)len);
	if (x == NULL) {
		ERR_clear_error();
		return ci;	/* ci->ok stays false: not a certificate */
	}
	ci->ok = true;
	ci->der_used = (size_t)(p - der);
	ci->subject = ik_x509_name_cucm(X509_get_subject_name(x));
	ci->issuer = ik_x509_name_cucm(X509_get_issuer_name(x));
	sn = X509_get0_serialNumber(x);
	if (sn != NULL) {
		ci->serial_len = (size_t)ASN1_STRING_length(sn);
		ci->serial = malloc(ci->serial_len ? ci->serial_len : 1);
		if (ci->serial != NULL)
			memcpy(ci->serial, ASN1_STRING_get0_data(sn),
			    ci->serial_len);
	}
	ci->not_before = ik_asn1_time(X509_get0_notBefore(x), &ok);
	ci->not_after = ik_asn1_time(X509_get0_notAfter(x), &ok);
	ci->has_validity = ok;
	ci->pkey = X509_get_pubkey(x);
	if (ci->pkey != NULL) {
		key_info(ci);
		n = pub_der(x, ci->pkey, &pd);
		if (n > 0) {
			ci->pub_der = malloc((size_t)n);
			if (ci->pub_der != NULL) {
				memcpy(ci->pub_der, pd, (size_t)n);
				ci->pub_der_len = (size_t)n;
			}
		}
		OPENSSL_free(pd);
	}
	X509_free(x);
	ERR_clear_error();
	return ci;
}

static ik_cert_info *
decode_pubkey(const uint8_t *der, size_t len)
{
	ik_cert_info *ci = calloc(1, sizeof(*ci));
	const unsigned char *p = der;

	if (ci == NULL)
		return NULL;
	ci->pkey = d2i_PublicKey(EVP_PKEY_RSA, NULL, &p, (long)len);
	if (ci->pkey != NULL) {
		ci->ok = true;
		key_info(ci);
	}
	ERR_clear_error();
	return ci;
}

/* Copies what a caller may keep beyond the cache's lifetime. */
static int
copy_out(const ik_cert_info *src, ik_cert_info *dst)
{
	*dst = *src;
	dst->subject = src->subject ? strdup(src->subject) : NULL;
	dst->issuer = src->issuer ? strdup(src->issuer) : NULL;
	dst->serial = NULL;
	dst->pub_der = NULL;
	if (src->serial != NULL) {
		dst->serial = malloc(src->serial_len ? src->serial_len : 1);
		if (dst->serial != NULL)
			memcpy(dst->serial, src->serial, src->serial_len);
	}
	if (src->pub_der != NULL) {
		dst->pub_der = malloc(src->pub_der_len);
		if (dst->pub_der != NULL)
			memcpy(dst->pub_der, src->pub_der, src->pub_der_len);
	}
	if (src->pkey != NULL)
		EVP_PKEY_up_ref(src->pkey);
	if ((src->subject && !dst->subject) || (src->issuer && !dst->issuer) ||
	    (src->serial && !dst->serial) || (src->pub_der && !dst->pub_der)) {
		ik_cert_info_release(dst);
		return -1;
	}
	return 0;
}

/*
 * The entry for (kind, len, id) in its set, or NULL and *slot the set's
 * least recently used place.  Called with the lock held.
 */
static ik_cert_info *
find(unsigned set, int kind, size_t len, const uint8_t *id, unsigned *slot)
{
	ik_cert_info *cand;
	unsigned w;

	*slot = set;
	for (w = 0; w < WAYS; w++) {
		cand = slots[set + w];
		if (cand != NULL && cand->kind == kind && cand->der_len == len &&
		    memcmp(cand->id, id, 20) == 0) {
			*slot = set + w;
			return cand;
		}
		if (used[set + w] < used[*slot])
			*slot = set + w;
	}
	return NULL;
}

int
ik_cert_lookup(int kind, const uint8_t *der, size_t len,
    const uint8_t *sha1, ik_cert_info *out)
{
	uint8_t id[20];
	unsigned set, slot;
	ik_cert_info *ci, *fresh;
	int r;

	memset(out, 0, sizeof(*out));
	if (sha1 != NULL)
		memcpy(id, sha1, 20);
	else if (ik_digest_buf(IK_SHA1, der, len, id) != 0)
		return -1;
	set = (((unsigned)id[0] << 8 | id[1]) % SETS) * WAYS;
	pthread_mutex_lock(&lock);
	ci = find(set, kind, len, id, &slot);
	if (ci == NULL) {
		/*
		 * Decoding is the slow part: done without the lock, so that
		 * --jobs threads decode side by side.  Another thread may have
		 * entered the same bytes meanwhile; then its entry is used.
		 */
		pthread_mutex_unlock(&lock);
		fresh = kind == IK_CACHE_CERT ? decode_cert(der, len) :
		    decode_pubkey(der, len);
		if (fresh == NULL)
			return -1;
		memcpy(fresh->id, id, 20);
		fresh->kind = kind;
		fresh->der_len = len;
		pthread_mutex_lock(&lock);
		if ((ci = find(set, kind, len, id, &slot)) != NULL) {
			info_free(fresh);
		} else {
			info_free(slots[slot]);
			slots[slot] = ci = fresh;
		}
	}
	used[slot] = ++tick;
	r = copy_out(ci, out);
	pthread_mutex_unlock(&lock);
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

void
ik_cert_cache_clear(void)
{
	size_t i;

	pthread_mutex_lock(&lock);
	for (i = 0; i < SLOTS; i++) {
		info_free(slots[i]);
		slots[i] = NULL;
		used[i] = 0;
	}
	pthread_mutex_unlock(&lock);
}

/* Leave nothing behind for valgrind to count at exit. */
__attribute__((destructor)) static void
cache_fini(void)
{
	ik_cert_cache_clear();
}
