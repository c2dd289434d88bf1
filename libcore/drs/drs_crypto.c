/*
 * drs_crypto.c: the secrets of a DRS set.  The cluster security password
 * is "platform encoded" (DES-ECB, fixed key), the encoding's hex text keys
 * the manifest values by one of four schemes chosen by CUCM version, and
 * each component file is an OpenSSL enc container keyed by a random
 * 20-character password that the manifest holds.  See docs/formats-drs.md.
 * Layer: drs.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "ik_crypto.h"
#include "ik_drs.h"

static const uint8_t platform_key[8] = {
	0xEF, 0x00, 0xFF, 0x02, 0xFB, 0x00, 0xFF, 0x42
};
static const uint8_t value_salt[8] = {
	0xA9, 0x87, 0xC8, 0x32, 0x56, 0xA5, 0xE3, 0xB2
};

/* DES (the platform encoding) lives in OpenSSL 3's legacy provider. */
ik_status
ik_drs_crypto_init(ik_error *err)
{
	if (!ik_crypto_legacy_loaded())
		return ik_error_set(err, IK_FATAL, IK_ERR_CRYPTO,
		    "cannot load the OpenSSL legacy provider (needed for DES): %s",
		    ik_crypto_legacy_error());
	return IK_OK;
}

/* One-shot cipher run without padding; 0 on success. */
static int
cipher_raw(const char *name, bool enc, const uint8_t *key, const uint8_t *iv,
    bool pad, const uint8_t *in, size_t len, uint8_t *out, size_t *outlen)
{
	EVP_CIPHER *c = EVP_CIPHER_fetch(NULL, name, NULL);
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int n1 = 0, n2 = 0, ok;

	ok = c != NULL && ctx != NULL && len <= (size_t)INT32_MAX &&
	    EVP_CipherInit_ex2(ctx, c, key, iv, enc ? 1 : 0, NULL) == 1 &&
	    EVP_CIPHER_CTX_set_padding(ctx, pad ? 1 : 0) == 1 &&
	    EVP_CipherUpdate(ctx, out, &n1, in, (int)len) == 1 &&
	    EVP_CipherFinal_ex(ctx, out + n1, &n2) == 1;
	EVP_CIPHER_CTX_free(ctx);
	EVP_CIPHER_free(c);
	*outlen = ok ? (size_t)n1 + (size_t)n2 : 0;
	return ok ? 0 : -1;
}

ik_status
ik_drs_platform_encode(const char *pw, size_t len,
    char out[IK_DRS_PLATFORM_HEX + 1], ik_error *err)
{
	uint8_t block[32] = { 0 }, enc[32];
	size_t n;
	ik_status st;

	out[0] = '\0';
	if ((st = ik_drs_crypto_init(err)) != IK_OK)
		return st;
	if (len > sizeof(block))
		return ik_error_set(err, IK_FAILED, IK_ERR_PASSWORD,
		    "cluster security password is %zu bytes, over the 32 the platform encoding holds",
		    len);
	memcpy(block, pw, len);
	if (cipher_raw("DES-ECB", true, platform_key, NULL, false, block,
	    sizeof(block), enc, &n) != 0 || n != sizeof(block)) {
		ik_wipe(block, sizeof(block));
		return ik_error_set_ssl(err, IK_FATAL, "DES-ECB");
	}
	ik_wipe(block, sizeof(block));
	ik_hex(enc, sizeof(enc), out);
	for (n = 0; out[n] != '\0'; n++)
		out[n] = (char)toupper((unsigned char)out[n]);
	ik_wipe(enc, sizeof(enc));
	return IK_OK;
}

ik_status
ik_drs_platform_decode(const char *hex, char *out, size_t outsz,
    ik_error *err)
{
	uint8_t enc[32], dec[32];
	size_t n;
	ik_status st;

	if ((st = ik_drs_crypto_init(err)) != IK_OK)
		return st;
	if (ik_unhex(hex, strlen(hex), enc, sizeof(enc)) != (long)sizeof(enc))
		return ik_error_set(err, IK_FAILED, IK_ERR_FORMAT,
		    "expected 64 hex characters");
	if (cipher_raw("DES-ECB", false, platform_key, NULL, false, enc,
	    sizeof(enc), dec, &n) != 0)
		return ik_error_set_ssl(err, IK_FATAL, "DES-ECB");
	n = strnlen((const char *)dec, sizeof(dec));
	if (n + 1 > outsz) {
		ik_wipe(dec, sizeof(dec));
		return ik_error_set(err, IK_FAILED, IK_ERR_USAGE,
		    "output buffer too small");
	}
	memcpy(out, dec, n);
	out[n] = '\0';
	ik_wipe(dec, sizeof(dec));
	return IK_OK;
}

/* Major and minor of "10.5.2.10000-5"; -1 when not numeric. */
static void
version_parts(const char *v, int *major, int *minor)
{
	char *end;
	long a, b = 0;

	*major = *minor = -1;
	if (v == NULL || !isdigit((unsigned char)*v))
		return;
	a = strtol(v, &end, 10);
	if (*end == '.' && isdigit((unsigned char)end[1]))
		b = strtol(end + 1, &end, 10);
	if (a > 1000 || b > 1000)
		return;
	*major = (int)a;
	*minor = (int)b;
}

int
ik_drs_scheme_for_version(const char *version)
{
	int major, minor;

	version_parts(version, &major, &minor);
	if (major >= 8 && major <= 10)
		return 1;
	if (major == 11 && minor < 5)
		return 2;
	if (major == 11)
		return 3;
	if (major == 12 && minor < 5)
		return 4;
	return 0;
}

ik_digest
ik_drs_container_digest(const char *version)
{
	int major, minor;

	version_parts(version, &major, &minor);
	return major == 8 && minor < 6 ? IK_MD5 : IK_SHA1;
}

size_t
ik_drs_scheme_key(int scheme, const char *H, uint8_t key[24])
{
	size_t hlen = strlen(H), i, n;
	uint8_t buf[IK_DRS_PLATFORM_HEX + 8];
	int k;

	switch (scheme) {
	case 1:
		/* MD5 over H and the salt, then 1023 more rounds of MD5. */
		if (hlen > IK_DRS_PLATFORM_HEX)
			return 0;
		memcpy(buf, H, hlen);
		memcpy(buf + hlen, value_salt, sizeof(value_salt));
		ik_digest_buf(IK_MD5, buf, hlen + sizeof(value_salt), key);
		ik_wipe(buf, sizeof(buf));
		for (k = 1; k < 1024; k++)
			ik_digest_buf(IK_MD5, key, 16, key);
		return 16;
	case 2:
		/* Java's PBEWithHmacSHA1AndDESede key: DES parity forced. */
		if (PKCS5_PBKDF2_HMAC(H, (int)hlen, value_salt,
		    sizeof(value_salt), 1024, EVP_sha1(), 24, key) != 1)
			return 0;
		for (i = 0; i < 24; i++) {
			n = (size_t)__builtin_popcount(key[i] & 0xFE);
			key[i] = (uint8_t)((key[i] & 0xFE) | (n % 2 == 0));
		}
		return 24;
	case 3:
		if (hlen < 16)
			return 0;
		memcpy(key, H, 16);
		return 16;
	case 4:
		if (PKCS5_PBKDF2_HMAC(H, (int)hlen, value_salt,
		    sizeof(value_salt), 1024, EVP_sha256(), 16, key) != 1)
			return 0;
		return 16;
	default:
		return 0;
	}
}

static const char *
scheme_cipher(int scheme)
{
	return scheme == 1 ? "AES-128-ECB" : scheme == 2 ? "AES-192-CBC" :
	    "AES-128-CBC";
}

ik_status
ik_drs_value_decrypt(int scheme, const char *H, const char *hex,
    uint8_t *out, size_t outsz, size_t *outlen, ik_error *err)
{
	uint8_t key[24], iv[16] = { 0 }, ct[256], pt[256 + 16];
	long n;
	size_t klen, ptlen;
	ik_status st;

	*outlen = 0;
	if ((st = ik_drs_crypto_init(err)) != IK_OK)
		return st;
	n = ik_unhex(hex, strlen(hex), ct, sizeof(ct));
	if (n <= 0 || n % 16 != 0)
		return ik_error_set(err, IK_FAILED, IK_ERR_FORMAT,
		    "value is not hex whole AES blocks (up to %zu bytes)",
		    sizeof(ct));
	klen = ik_drs_scheme_key(scheme, H, key);
	if (klen == 0)
		return ik_error_set(err, IK_FAILED, IK_ERR_UNSUPPORTED,
		    "no key for scheme %d", scheme);
	if (cipher_raw(scheme_cipher(scheme), false, key, iv, true, ct,
	    (size_t)n, pt, &ptlen) != 0) {
		ik_wipe(key, sizeof(key));
		ik_wipe(pt, sizeof(pt));
		ik_error_set(err, IK_FAILED, IK_ERR_PASSWORD,
		    "value does not decrypt (bad padding)");
		return ik_error_set_ssl(err, IK_FAILED, "scheme decrypt");
	}
	ik_wipe(key, sizeof(key));
	if (ptlen > outsz) {
		ik_wipe(pt, sizeof(pt));
		return ik_error_set(err, IK_FAILED, IK_ERR_FORMAT,
		    "value is %zu bytes, over %zu", ptlen, outsz);
	}
	memcpy(out, pt, ptlen);
	ik_wipe(pt, sizeof(pt));
	*outlen = ptlen;
	return IK_OK;
}

ik_status
ik_drs_value_encrypt(int scheme, const char *H, const uint8_t *pt,
    size_t len, char **hex, ik_error *err)
{
	uint8_t key[24], iv[16] = { 0 }, ct[256 + 16];
	size_t klen, ctlen;
	ik_status st;

	*hex = NULL;
	if ((st = ik_drs_crypto_init(err)) != IK_OK)
		return st;
	if (len > 256)
		return ik_error_set(err, IK_FAILED, IK_ERR_USAGE,
		    "value over 256 bytes");
	klen = ik_drs_scheme_key(scheme, H, key);
	if (klen == 0)
		return ik_error_set(err, IK_FAILED, IK_ERR_UNSUPPORTED,
		    "no key for scheme %d", scheme);
	if (cipher_raw(scheme_cipher(scheme), true, key, iv, true, pt, len,
	    ct, &ctlen) != 0) {
		ik_wipe(key, sizeof(key));
		return ik_error_set_ssl(err, IK_FATAL, "scheme encrypt");
	}
	ik_wipe(key, sizeof(key));
	*hex = malloc(2 * ctlen + 1);
	if (*hex == NULL)
		return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
		    "out of memory");
	ik_hex(ct, ctlen, *hex);
	return IK_OK;
}

bool
ik_drs_randpw_plausible(const uint8_t *s, size_t len)
{
	size_t i;

	if (len != IK_DRS_RANDPW_LEN)
		return false;
	for (i = 0; i < len; i++)
		if (!isalnum(s[i]) || s[i] > 0x7f)
			return false;
	return true;
}

bool
ik_drs_sha1hex_plausible(const uint8_t *s, size_t len)
{
	size_t i;

	if (len != 40)
		return false;
	for (i = 0; i < len; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

ik_status
ik_drs_cipher_init(void *vctx, bool encrypt, ik_digest md, const char *pw,
    size_t pwlen, const uint8_t salt[8], ik_error *err)
{
	EVP_CIPHER_CTX *ctx = vctx;
	uint8_t key[EVP_MAX_KEY_LENGTH], iv[EVP_MAX_IV_LENGTH];
	ik_status st;
	int ok;

	if ((st = ik_drs_crypto_init(err)) != IK_OK)
		return st;
	if (pwlen > INT32_MAX)
		return ik_error_set(err, IK_FAILED, IK_ERR_USAGE,
		    "password too long");
	ok = EVP_BytesToKey(EVP_aes_128_cbc(), ik_digest_md(md), salt,
	    (const unsigned char *)pw, (int)pwlen, 1, key, iv) == 16 &&
	    EVP_CipherInit_ex2(ctx, EVP_aes_128_cbc(), key, iv,
	    encrypt ? 1 : 0, NULL) == 1;
	ik_wipe(key, sizeof(key));
	ik_wipe(iv, sizeof(iv));
	if (!ok)
		return ik_error_set_ssl(err, IK_FATAL, "AES-128-CBC init");
	return IK_OK;
}
