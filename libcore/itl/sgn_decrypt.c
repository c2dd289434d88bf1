/*
 * sgn_decrypt.c: the payload of an encrypted signed file (.enc.sgn),
 * opened with the phone's private key: the AES key of tag 25 unwrapped
 * (RSA PKCS#1 v1.5), the payload decrypted (AES-CBC, IV of tag 19), the
 * pad count of tag 20 taken off the end, and the result checked against
 * the digest of tag 27.  Nothing is handed out that does not match.
 * Layer: itl.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/evp.h>

#include "ik_sgn.h"

/* The unwrapped AES key, or 0 bytes. */
static size_t
unwrap(const ik_sgn *s, EVP_PKEY *key, uint8_t *out, size_t max)
{
	EVP_PKEY_CTX *pc = EVP_PKEY_CTX_new(key, NULL);
	size_t n = max;

	if (pc == NULL || EVP_PKEY_decrypt_init(pc) != 1 ||
	    EVP_PKEY_CTX_set_rsa_padding(pc, RSA_PKCS1_PADDING) != 1 ||
	    EVP_PKEY_decrypt(pc, out, &n, s->enc_key, s->enc_key_len) != 1)
		n = 0;
	EVP_PKEY_CTX_free(pc);
	ERR_clear_error();
	return n;
}

static const EVP_CIPHER *
cipher_for(size_t keylen)
{
	switch (keylen) {
	case 16: return EVP_aes_128_cbc();
	case 24: return EVP_aes_192_cbc();
	case 32: return EVP_aes_256_cbc();
	}
	return NULL;
}

ik_status
ik_sgn_decrypt(const ik_sgn *s, EVP_PKEY *key, uint8_t **out, size_t *outlen,
    ik_error *err)
{
	uint8_t aes[512], dg[64], *plain = NULL;
	const EVP_CIPHER *c;
	EVP_CIPHER_CTX *cc = NULL;
	size_t klen, n = s->payload_len;
	int l1 = 0, l2 = 0, d = ik_itl_digest_from_code(s->enc_hash_alg);
	ik_status r = IK_FAILED;

	*out = NULL;
	*outlen = 0;
	if (!s->encrypted || s->enc_key == NULL || s->enc_iv == NULL ||
	    s->enc_hash == NULL || d < 0 || s->enc_padding < 0)
		return ik_error_set(err, IK_FAILED, IK_ERR_FORMAT,
		    "the header lacks what decryption needs (wrapped key, IV, pad count, plain digest)");
	if (EVP_PKEY_get_base_id(key) != EVP_PKEY_RSA)
		return ik_error_set(err, IK_FAILED, IK_ERR_UNSUPPORTED,
		    "the key is not RSA: this version unwraps RSA-wrapped keys only");
	klen = unwrap(s, key, aes, sizeof(aes));
	c = cipher_for(klen);
	if (c == NULL) {
		ik_wipe(aes, sizeof(aes));
		return ik_error_set(err, IK_FAILED, IK_ERR_CRYPTO,
		    "the wrapped key does not open with this key: it is not the phone's");
	}
	if (s->enc_iv_len != 16 || n % 16 != 0 || (size_t)s->enc_padding > n) {
		ik_wipe(aes, sizeof(aes));
		return ik_error_set(err, IK_FAILED, IK_ERR_FORMAT,
		    "IV of %zu bytes, payload of %zu bytes and pad count %d do not fit AES-CBC",
		    s->enc_iv_len, n, s->enc_padding);
	}
	plain = malloc(n + 16);
	cc = EVP_CIPHER_CTX_new();
	if (plain == NULL || cc == NULL) {
		ik_error_set(err, IK_FATAL, IK_ERR_MEMORY, "out of memory");
		r = IK_FATAL;
		goto done;
	}
	/* The writer pads with its own bytes and says how many: no PKCS#7. */
	if (EVP_DecryptInit_ex(cc, c, NULL, aes, s->enc_iv) != 1 ||
	    EVP_CIPHER_CTX_set_padding(cc, 0) != 1 ||
	    EVP_DecryptUpdate(cc, plain, &l1, ik_sgn_payload(s), (int)n) != 1 ||
	    EVP_DecryptFinal_ex(cc, plain + l1, &l2) != 1) {
		ik_error_set_ssl(err, IK_FAILED, "AES-CBC decryption failed");
		goto done;
	}
	n = (size_t)(l1 + l2) - (size_t)s->enc_padding;
	ik_digest_buf((ik_digest)d, plain, n, dg);
	if (s->enc_hash_len != ik_digest_size((ik_digest)d) ||
	    memcmp(dg, s->enc_hash, s->enc_hash_len) != 0) {
		ik_error_set(err, IK_FAILED, IK_ERR_CRYPTO,
		    "the decrypted payload does not match the header's digest of the plain file");
		goto done;
	}
	*out = plain;
	*outlen = n;
	plain = NULL;
	r = IK_OK;
done:
	ik_wipe(aes, sizeof(aes));
	EVP_CIPHER_CTX_free(cc);
	free(plain);
	ERR_clear_error();
	return r;
}
