/*
 * gen-case: writes a triage bundle of known shape for the case-triage
 * benchmark: NODES nodes with VERSIONS ITLs each (tftp/nodeN/vV/ITLFile.tlv,
 * a month apart), signed by the node's CallManager certificate, which is
 * regenerated every other version with the TVS certificate (so that some
 * version pairs are accepted and some rejected), clusters of five nodes
 * sharing an ITLRecovery certificate; and DIR/sha1s.txt, one line per
 * list: "NODE VERSION SHA1" (upper-case hex in pairs, as phones report it),
 * from which the alarms are written.
 *
 *   gen-case NODES VERSIONS DIR
 *
 * Keys come from a small pool (RSA 1024): key generation is not what is
 * measured.
 */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>

#include <openssl/x509.h>

#include "ik_sign.h"

#define POOL 16

static X509 *
make_cert(EVP_PKEY *k, const char *cn, long serial)
{
	X509 *x = X509_new();
	X509_NAME *n = X509_get_subject_name(x);

	ASN1_INTEGER_set(X509_get_serialNumber(x), serial);
	X509_set_version(x, 2);
	ASN1_TIME_set(X509_getm_notBefore(x), 1500000000);
	ASN1_TIME_set(X509_getm_notAfter(x), 1500000000 + 20L * 365 * 86400);
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
	EVP_PKEY *keys[POOL];
	X509 *ccm = NULL, *tvs = NULL, *rec = NULL, *capf;
	ik_build_record r[5];
	ik_sign_opts o;
	ik_error err;
	uint8_t *out, sha[20];
	size_t len, b;
	int nodes, versions, n, v, i, k = 0;
	long serial = 0x1000;
	char path[4096], cn[64];
	FILE *f, *sums;

	if (argc != 4) {
		fprintf(stderr, "usage: gen-case NODES VERSIONS DIR\n");
		return 2;
	}
	nodes = atoi(argv[1]);
	versions = atoi(argv[2]);
	for (i = 0; i < POOL; i++)
		keys[i] = EVP_RSA_gen(1024);
	capf = make_cert(keys[0], "CAPF-bench", serial++);
	snprintf(path, sizeof(path), "%s/sha1s.txt", argv[3]);
	if ((sums = fopen(path, "w")) == NULL) {
		perror(path);
		return 1;
	}
	for (n = 0; n < nodes; n++) {
		if (n % 5 == 0) {
			X509_free(rec);
			snprintf(cn, sizeof(cn), "ITLRECOVERY_node%d.bench", n);
			rec = make_cert(keys[n % POOL], cn, serial++);
		}
		snprintf(cn, sizeof(cn), "node%d.bench", n);
		for (v = 0; v < versions; v++) {
			if (v % 2 == 0) {
				k = (n * 3 + v) % POOL;
				X509_free(ccm);
				X509_free(tvs);
				ccm = make_cert(keys[k], cn, serial++);
				tvs = make_cert(keys[(k + 1) % POOL], cn,
				    serial++);
			}
			r[0] = (ik_build_record){ IK_FN_SAST, ccm, false,
				NULL, false, { 0 } };
			r[1] = (ik_build_record){ IK_FN_TFTP, ccm, false,
				NULL, false, { 0 } };
			r[2] = (ik_build_record){ IK_FN_CAPF, capf, true,
				NULL, false, { 0 } };
			r[3] = (ik_build_record){ IK_FN_TVS, tvs, true,
				NULL, false, { 0 } };
			r[4] = (ik_build_record){ IK_FN_SAST, rec, false,
				NULL, false, { 0 } };
			o.key = keys[k];
			o.cert = ccm;
			o.digest = IK_ITL_DIGEST_SHA1;
			o.timestamp = 1600000000u + (uint32_t)v * 30 * 86400 +
			    (uint32_t)n;
			ik_error_clear(&err);
			if (ik_itl_build(&o, NULL, r, 5, &out, &len, &err) !=
			    IK_OK) {
				fprintf(stderr, "gen-case: %s\n", err.msg);
				return 1;
			}
			snprintf(path, sizeof(path), "%s/tftp/node%d", argv[3],
			    n);
			mkdir(path, 0755);
			snprintf(path, sizeof(path), "%s/tftp/node%d/v%d",
			    argv[3], n, v);
			mkdir(path, 0755);
			snprintf(path, sizeof(path),
			    "%s/tftp/node%d/v%d/ITLFile.tlv", argv[3], n, v);
			f = fopen(path, "wb");
			if (f == NULL || fwrite(out, 1, len, f) != len ||
			    fclose(f) != 0) {
				perror(path);
				return 1;
			}
			ik_digest_buf(IK_SHA1, out, len, sha);
			fprintf(sums, "node%d %d ", n, v);
			for (b = 0; b < 20; b++)
				fprintf(sums, "%02X%s", sha[b], b < 19 ? " " : "\n");
			free(out);
		}
	}
	return fclose(sums) != 0;
}
