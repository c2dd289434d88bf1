/*
 * testkit.c: key, certificate and fixture helpers for the unit suites.
 */
#include <stdio.h>
#include <stdlib.h>

#include <openssl/rsa.h>
#include <openssl/x509v3.h>

#include "ik_base.h"
#include "testkit.h"

static EVP_PKEY *keys[4][8];

EVP_PKEY *
tk_rsa_key(int bits, int slot)
{
	int i = bits <= 1024 ? 0 : bits <= 2048 ? 1 : bits <= 3072 ? 2 : 3;

	if (slot < 0 || slot >= 8)
		abort();
	if (keys[i][slot] == NULL)
		keys[i][slot] = EVP_RSA_gen((unsigned)bits);
	if (keys[i][slot] == NULL)
		abort();
	EVP_PKEY_up_ref(keys[i][slot]);
	return keys[i][slot];
}

X509 *
tk_cert(EVP_PKEY *key, const char *cn, unsigned serial_seed, time_t nb,
    time_t na)
{
	X509 *x = X509_new();
	X509_NAME *n;
	ASN1_INTEGER *sn;
	BIGNUM *bn;
	uint8_t ser[16];
	int i;

	for (i = 0; i < 16; i++)
		ser[i] = (uint8_t)((serial_seed * 2654435761u) >> ((i % 4) * 8)) ^
		    (uint8_t)(i * 17);
	ser[0] = (uint8_t)((ser[0] & 0x7f) | 0x10);	/* positive, 16 bytes */
	bn = BN_bin2bn(ser, 16, NULL);
	sn = BN_to_ASN1_INTEGER(bn, NULL);
	X509_set_version(x, 2);
	X509_set_serialNumber(x, sn);
	ASN1_INTEGER_free(sn);
	BN_free(bn);
	ASN1_TIME_set(X509_getm_notBefore(x), nb);
	ASN1_TIME_set(X509_getm_notAfter(x), na);
	n = X509_get_subject_name(x);
	X509_NAME_add_entry_by_txt(n, "C", MBSTRING_ASC,
	    (const unsigned char *)"US", -1, -1, 0);
	X509_NAME_add_entry_by_txt(n, "ST", MBSTRING_ASC,
	    (const unsigned char *)"nc", -1, -1, 0);
	X509_NAME_add_entry_by_txt(n, "L", MBSTRING_ASC,
	    (const unsigned char *)"rtp", -1, -1, 0);
	X509_NAME_add_entry_by_txt(n, "O", MBSTRING_ASC,
	    (const unsigned char *)"cisco", -1, -1, 0);
	X509_NAME_add_entry_by_txt(n, "OU", MBSTRING_ASC,
	    (const unsigned char *)"tac", -1, -1, 0);
	X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_ASC,
	    (const unsigned char *)cn, -1, -1, 0);
	X509_set_issuer_name(x, n);
	X509_set_pubkey(x, key);
	if (X509_sign(x, key, EVP_sha256()) <= 0)
		abort();
	return x;
}

uint8_t *
tk_read(const char *path, size_t *len)
{
	ik_error err;
	uint8_t *buf;

	ik_error_clear(&err);
	if (ik_read_file(path, 1u << 30, &buf, len, &err) != IK_OK) {
		fprintf(stderr, "fixture %s: %s\n", path, err.msg);
		abort();
	}
	return buf;
}
