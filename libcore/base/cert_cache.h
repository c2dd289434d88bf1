/*
 * cert_cache.h: a bounded cache of decoded certificates and public keys,
 * keyed by the SHA-1 of their exact bytes.  Internal to libcore.
 * Layer: base.
 */
#ifndef CERT_CACHE_H
#define CERT_CACHE_H

#include <openssl/evp.h>

#include "ik_base.h"

enum { IK_CACHE_CERT = 0, IK_CACHE_PUBKEY = 1 };

typedef struct ik_cert_info {
	uint8_t id[20];
	int kind;
	size_t der_len;
	bool ok;			/* the bytes decoded */
	size_t der_used;		/* bytes the DER certificate took */
	char *subject, *issuer;		/* CUCM style */
	uint8_t *serial;
	size_t serial_len;
	bool has_validity;
	time_t not_before, not_after;
	const char *key_type;
	int key_bits;
	EVP_PKEY *pkey;
	uint8_t *pub_der;		/* i2d_PublicKey of the certificate's key */
	size_t pub_der_len;
} ik_cert_info;

/*
 * Fills out with a caller-owned copy of the decoding of der (decoding it
 * once if it is not cached).  sha1 is the SHA-1 of der when the caller
 * has it already, or NULL.  Returns 0, or -1 when memory ran out.  A
 * failed decoding is a success with out->ok false.
 */
int ik_cert_lookup(int kind, const uint8_t *der, size_t len,
    const uint8_t *sha1, ik_cert_info *out);
void ik_cert_info_release(ik_cert_info *ci);
void ik_cert_cache_clear(void);

#endif /* CERT_CACHE_H */
