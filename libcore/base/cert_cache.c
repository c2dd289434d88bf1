/*
 * cert_cache.c: decoded certificates and public keys, by the SHA-1 of
 * their bytes.
 * Layer: base.
 *
 * Decoding an X.509 certificate or a bare public key with OpenSSL 3 costs
 * more than the rest of a trust-list check (x509_decode.c reads RSA
 * certificates without the decoder chain d2i_X509 builds, which leaves
 * names and validity, still far from free), and a batch of trust lists
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
#include "x509_decode.h"

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
	ik_cert_info_release(ci);
	free(ci);
}

static ik_cert_info *
decode_cert(const uint8_t *der, size_t len)
{
	ik_cert_info *ci = calloc(1, sizeof(*ci));

	if (ci != NULL)
		ik_x509_decode(der, len, IK_X509_READ_FAST, ci);
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
		ci->key_type = ik_pkey_type(ci->pkey);
		ci->key_bits = EVP_PKEY_get_bits(ci->pkey);
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
