/*
 * gen-itls: writes N signed trust lists of known shape for benchmarks.
 *
 *   gen-itls N DIR [POOL]
 *
 * A pool of POOL certificates (default 60; RSA 1024 and 2048) stands for
 * a fleet of clusters; file i takes 6 records from it (SAST, TFTP, CAPF
 * and TVS by hash, recovery, one more TVS) and is signed by its SAST key,
 * with its own timestamp, so every file differs.
 */
#include <stdio.h>
#include <stdlib.h>

#include <openssl/x509.h>

#include "ik_sign.h"

static X509 *
make_cert(EVP_PKEY *k, int i)
{
	X509 *x = X509_new();
	X509_NAME *n = X509_get_subject_name(x);
	char cn[64];

	snprintf(cn, sizeof(cn), i % 5 == 4 ? "ITLRECOVERY_node%d.example" :
	    "node%d.example", i);
	ASN1_INTEGER_set(X509_get_serialNumber(x), 0x10000 + i);
	X509_set_version(x, 2);
	ASN1_TIME_set(X509_getm_notBefore(x), 1500000000);
	ASN1_TIME_set(X509_getm_notAfter(x), 1500000000 + 10 * 365 * 86400);
	X509_NAME_add_entry_by_txt(n, "C", MBSTRING_ASC,
	    (const unsigned char *)"US", -1, -1, 0);
	X509_NAME_add_entry_by_txt(n, "O", MBSTRING_ASC,
	    (const unsigned char *)"bench", -1, -1, 0);
	X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_ASC,
	    (const unsigned char *)cn, -1, -1, 0);
	X509_set_issuer_name(x, n);
	X509_set_pubkey(x, k);
	X509_sign(x, k, EVP_sha256());
	return x;
}

int
main(int argc, char **argv)
{
	int n, pool, i, j;
	EVP_PKEY **keys;
	X509 **certs;
	ik_build_record r[6];
	ik_sign_opts o;
	ik_error err;
	uint8_t *out;
	size_t len;
	char path[4096];
	FILE *f;

	if (argc < 3) {
		fprintf(stderr, "usage: gen-itls N DIR [POOL]\n");
		return 2;
	}
	n = atoi(argv[1]);
	pool = argc > 3 ? atoi(argv[3]) : 60;
	if (pool < 5)
		pool = 5;
	keys = calloc((size_t)pool, sizeof(*keys));
	certs = calloc((size_t)pool, sizeof(*certs));
	for (i = 0; i < pool; i++) {
		keys[i] = EVP_RSA_gen(i % 2 ? 2048 : 1024);
		certs[i] = make_cert(keys[i], i);
	}
	for (i = 0; i < n; i++) {
		j = (i * 5) % (pool - 4);
		r[0] = (ik_build_record){ IK_FN_SAST, certs[j], false, "pub",
			false, { 0 } };
		r[1] = (ik_build_record){ IK_FN_TFTP, certs[j], false, "pub",
			false, { 0 } };
		r[2] = (ik_build_record){ IK_FN_CAPF, certs[j + 1], true, NULL,
			false, { 0 } };
		r[3] = (ik_build_record){ IK_FN_TVS, certs[j + 2], true, NULL,
			false, { 0 } };
		r[4] = (ik_build_record){ IK_FN_SAST, certs[j + 3], false, NULL,
			false, { 0 } };
		r[5] = (ik_build_record){ IK_FN_TVS, certs[j + 4], true, "sub",
			false, { 0 } };
		o.key = keys[j];
		o.cert = certs[j];
		o.digest = IK_ITL_DIGEST_SHA1 + i % 2;
		o.timestamp = 1600000000u + (uint32_t)i;
		o.signer_version = 0;
		ik_error_clear(&err);
		if (ik_itl_build(&o, NULL, r, 6, &out, &len, &err) != IK_OK) {
			fprintf(stderr, "gen-itls: %s\n", err.msg);
			return 1;
		}
		snprintf(path, sizeof(path), "%s/ITL-%05d.tlv", argv[2], i);
		f = fopen(path, "wb");
		if (f == NULL || fwrite(out, 1, len, f) != len || fclose(f) != 0) {
			perror(path);
			return 1;
		}
		free(out);
	}
	for (i = 0; i < pool; i++) {
		EVP_PKEY_free(keys[i]);
		X509_free(certs[i]);
	}
	free(keys);
	free(certs);
	return 0;
}
