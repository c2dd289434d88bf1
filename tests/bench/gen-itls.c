/*
 * gen-itls: writes N signed trust lists of known shape for benchmarks.
 *
 *   gen-itls [-d] N DIR [POOL]
 *
 * A pool of POOL certificates (default 60; RSA 1024 and 2048) stands for
 * a fleet of clusters; file i takes 6 records from it (SAST, TFTP, CAPF
 * and TVS by hash, recovery, one more TVS) and is signed by its SAST key,
 * with its own timestamp, so every file differs.
 *
 * With -d every certificate of every file is distinct (its own serial
 * and name; the keys still come from the pool, as generating 10,000s of
 * RSA keys would take longer than the benchmark): the batch where no
 * decoded certificate can be reused.  Those certificates are signed by
 * one 1024-bit key, for speed; nothing checks a record's certificate
 * signature.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/x509.h>

#include "ik_sign.h"

/* Certificate of key k, pool place i, unique number u, signed by ca. */
static X509 *
make_cert(EVP_PKEY *k, EVP_PKEY *ca, int i, int u)
{
	X509 *x = X509_new();
	X509_NAME *n = X509_get_subject_name(x);
	char cn[64];

	snprintf(cn, sizeof(cn), i % 5 == 4 ? "ITLRECOVERY_node%d.example" :
	    "node%d.example", u);
	ASN1_INTEGER_set(X509_get_serialNumber(x), 0x10000 + u);
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
	X509_sign(x, ca, EVP_sha256());
	return x;
}

int
main(int argc, char **argv)
{
	int n, pool, i, j, k, distinct = 0;
	EVP_PKEY **keys, *ca = NULL;
	X509 **certs, *own[5];
	ik_build_record r[6];
	ik_sign_opts o;
	ik_error err;
	uint8_t *out;
	size_t len;
	char path[4096];
	FILE *f;

	if (argc > 1 && strcmp(argv[1], "-d") == 0) {
		distinct = 1;
		argv++;
		argc--;
	}
	if (argc < 3) {
		fprintf(stderr, "usage: gen-itls [-d] N DIR [POOL]\n");
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
		certs[i] = make_cert(keys[i], keys[i], i, i);
	}
	if (distinct)
		ca = EVP_RSA_gen(1024);
	for (i = 0; i < n; i++) {
		j = (i * 5) % (pool - 4);
		for (k = 0; k < 5; k++)
			own[k] = distinct ? make_cert(keys[j + k], ca, j + k,
			    pool + 5 * i + k) : certs[j + k];
		r[0] = (ik_build_record){ IK_FN_SAST, own[0], false, "pub",
			false, { 0 } };
		r[1] = (ik_build_record){ IK_FN_TFTP, own[0], false, "pub",
			false, { 0 } };
		r[2] = (ik_build_record){ IK_FN_CAPF, own[1], true, NULL,
			false, { 0 } };
		r[3] = (ik_build_record){ IK_FN_TVS, own[2], true, NULL,
			false, { 0 } };
		r[4] = (ik_build_record){ IK_FN_SAST, own[3], false, NULL,
			false, { 0 } };
		r[5] = (ik_build_record){ IK_FN_TVS, own[4], true, "sub",
			false, { 0 } };
		o.key = keys[j];
		o.cert = own[0];
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
		for (k = 0; distinct && k < 5; k++)
			X509_free(own[k]);
	}
	EVP_PKEY_free(ca);
	for (i = 0; i < pool; i++) {
		EVP_PKEY_free(keys[i]);
		X509_free(certs[i]);
	}
	free(keys);
	free(certs);
	return 0;
}
