/*
 * test_sign.c: the offline ITL reset through libcore alone, as the recipe
 * engine runs it: ITLRecovery.p12 opened with ik_p12_open, its key handed
 * to ik_itl_resign, the result verified; a 4096-bit SHA-512 build; and
 * the refusal of SAST records by hash only.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <openssl/pkcs12.h>

#include "ik_crypto.h"
#include "ik_p12.h"
#include "ik_sign.h"
#include "clusterkit.h"
#include "testkit.h"

#define T0	((time_t)1390000000)
#define YEARS5	((time_t)5 * 365 * 86400)

static ik_itl *
parsed(const uint8_t *buf, size_t len)
{
	ik_itl *itl = NULL;
	ik_error err;

	ik_error_clear(&err);
	ck_assert_int_eq(ik_itl_parse(buf, len, &itl, &err), IK_OK);
	ik_itl_verify(itl);
	return itl;
}

/* An ITLRecovery.p12 as CUCM 10 writes it: 3DES key, RC2-40 certs, SHA-1 MAC. */
static uint8_t *
recovery_p12(EVP_PKEY *k, X509 *x, size_t *len)
{
	PKCS12 *p12;
	unsigned char *der = NULL;
	int n;

	ik_crypto_init();
	p12 = PKCS12_create("cluster-pw", NULL, k, x, NULL,
	    NID_pbe_WithSHA1And3_Key_TripleDES_CBC,
	    NID_pbe_WithSHA1And40BitRC2_CBC, 2048, -1, 0);
	ck_assert_ptr_nonnull(p12);
	ck_assert_int_eq(PKCS12_set_mac(p12, "cluster-pw", -1, NULL, 0, 2048,
	    EVP_sha1()), 1);
	n = i2d_PKCS12(p12, &der);
	PKCS12_free(p12);
	*len = (size_t)n;
	return der;
}

START_TEST(reset_with_recovery_p12)
{
	EVP_PKEY *kc = tk_rsa_key(1024, 0), *kr = tk_rsa_key(1024, 3);
	X509 *ccm = tk_cert(kc, "test10pub.joemar2.lab", 1, T0, T0 + YEARS5);
	X509 *rec = tk_cert(kr, "ITLRECOVERY_test10pub.jmr2.lab", 4, T0,
	    T0 + YEARS5);
	ik_build_record recs[3];
	ik_sign_opts so = { kc, ccm, IK_ITL_DIGEST_SHA1, 1393439067u, 0 };
	ik_secrets s;
	ik_error err;
	ik_p12 *p;
	ik_itl *in, *out;
	uint8_t *itl, *p12, *rs;
	size_t len, plen, rlen;

	memset(recs, 0, sizeof(recs));
	recs[0].function = IK_FN_SAST;
	recs[0].cert = ccm;
	recs[1].function = IK_FN_TFTP;
	recs[1].cert = ccm;
	recs[2].function = IK_FN_SAST;
	recs[2].cert = rec;
	ik_error_clear(&err);
	ck_assert_int_eq(ik_itl_build(&so, NULL, recs, 3, &itl, &len, &err),
	    IK_OK);
	in = parsed(itl, len);
	ck_assert_uint_eq(in->hdr.header_length, 324);

	p12 = recovery_p12(kr, rec, &plen);
	ck_assert_int_eq(ik_secrets_parse((const uint8_t *)"cluster-pw", 10,
	    true, &s, &err), IK_OK);
	ck_assert_int_eq(ik_p12_open(p12, plen, &s, &p, &err), IK_OK);
	ik_secrets_free(&s);
	ck_assert_int_eq(p->password, IK_P12_PW_MATCHED);
	ck_assert(p->key_matches_cert);
	ck_assert_uint_eq(ik_itl_find_sast_cert(in, p->cert), 3);

	so.key = p->key;
	so.cert = p->cert;
	so.timestamp = 1393440886u;
	ck_assert_int_eq(ik_itl_resign(in, &so, &rs, &rlen, &err), IK_OK);
	out = parsed(rs, rlen);
	ck_assert_int_eq(out->signature, IK_SIG_VALID);
	ck_assert_uint_eq(out->signer_index, 3);
	ck_assert_uint_eq(out->hdr.signerid_len, 157);
	ck_assert_uint_eq(out->hdr.header_length, 344);
	ck_assert_uint_eq(rlen, len + 20);
	ck_assert_mem_eq(rs + 344, itl + 324, len - 324);
	ik_itl_free(out);
	ik_itl_free(in);
	ik_p12_free(p);
	free(rs);
	free(itl);
	OPENSSL_free(p12);
	X509_free(ccm);
	X509_free(rec);
	EVP_PKEY_free(kc);
	EVP_PKEY_free(kr);
}
END_TEST

START_TEST(build_4096_sha512)
{
	EVP_PKEY *k = tk_rsa_key(4096, 0);
	X509 *x = tk_cert(k, "cucm14pub.example.com", 11, T0, T0 + YEARS5);
	ik_build_record r = { IK_FN_SAST, x, false, "cucm14pub", false, { 0 } };
	ik_sign_opts so = { k, x, IK_ITL_DIGEST_SHA512, 1700000000u, 0 };
	ik_error err;
	ik_itl *itl;
	uint8_t *buf;
	size_t len;

	ik_error_clear(&err);
	ck_assert_int_eq(ik_itl_build(&so, "CTLFile.tlv", &r, 1, &buf, &len,
	    &err), IK_OK);
	itl = parsed(buf, len);
	ck_assert_int_eq(itl->signature, IK_SIG_VALID);
	ck_assert_int_eq(itl->hdr.digest_alg, IK_ITL_DIGEST_SHA512);
	ck_assert_int_eq(itl->hdr.sig_modulus, 3);
	ck_assert_uint_eq(itl->hdr.signature_len, 512);
	ck_assert_str_eq(itl->hdr.filename, "CTLFile.tlv");
	ck_assert_str_eq(itl->recs[0].dns_name, "cucm14pub");
	ik_itl_free(itl);
	free(buf);
	X509_free(x);
	EVP_PKEY_free(k);
}
END_TEST

/* Replaces every occurrence of from by to (same length) in buf. */
static size_t
patch_all(uint8_t *buf, size_t len, const char *from, const char *to)
{
	size_t n = strlen(from), i, hits = 0;

	ck_assert_uint_eq(strlen(to), n);
	for (i = 0; i + n <= len; i++)
		if (memcmp(buf + i, from, n) == 0) {
			memcpy(buf + i, to, n);
			hits++;
		}
	return hits;
}

/*
 * Re-signing the certutils-built sample: its names are in the peer's
 * spelling (DER order, commas).  A SAST record for our key, written the
 * same way, is appended; the re-signed file keeps that record's issuer
 * spelling as CANAME, and CANAME is compared with the record as a set of
 * attributes: no SIGNER_CANAME_MISMATCH on our own output.
 */
START_TEST(resign_peer_names)
{
	static const char cucm[] =
	    "CN=peersast.example;OU=tac;O=cisco;L=rtp;ST=nc;C=US";
	static const char peer[] =
	    "C=US,ST=nc,L=rtp,O=cisco,OU=tac,CN=peersast.example";
	EVP_PKEY *k = tk_rsa_key(2048, 5);
	X509 *x = tk_cert(k, "peersast.example", 21, T0, T0 + YEARS5);
	ik_build_record r = { IK_FN_SAST, x, false, NULL, false, { 0 } };
	ik_sign_opts so = { k, x, IK_ITL_DIGEST_SHA1, 1700000000u, 0 };
	uint8_t *one, *base, *joined, *out;
	size_t onelen, baselen, reclen, outlen;
	ik_itl *rec, *in, *res;
	ik_error err;

	ik_error_clear(&err);
	ck_assert_int_eq(ik_itl_build(&so, NULL, &r, 1, &one, &onelen, &err),
	    IK_OK);
	rec = parsed(one, onelen);
	reclen = onelen - rec->hdr.end;
	base = tk_read("certutils-built-ITLFile.tlv", &baselen);
	joined = malloc(baselen + reclen);
	ck_assert_ptr_nonnull(joined);
	memcpy(joined, base, baselen);
	memcpy(joined + baselen, one + rec->hdr.end, reclen);
	/* Subject and issuer of the self-signed record. */
	ck_assert_uint_eq(patch_all(joined + baselen, reclen, cucm, peer), 2);
	in = parsed(joined, baselen + reclen);
	ck_assert_str_eq(in->recs[in->nrec - 1].issuer, peer);
	ck_assert(!ik_findings_has(&in->findings, IKF_RECORD_ISSUER_MISMATCH));
	ck_assert_int_eq(ik_itl_resign(in, &so, &out, &outlen, &err), IK_OK);
	res = parsed(out, outlen);
	ck_assert_int_eq(res->signature, IK_SIG_VALID);
	ck_assert_uint_eq(res->signer_index, res->nrec);
	ck_assert_str_eq(res->hdr.ca_name, peer);
	ck_assert(!ik_findings_has(&res->findings, IKF_SIGNER_CANAME_MISMATCH));
	ik_itl_free(res);
	ik_itl_free(in);
	ik_itl_free(rec);
	free(out);
	free(joined);
	free(base);
	free(one);
	X509_free(x);
	EVP_PKEY_free(k);
}
END_TEST

/* Names as attribute sets: order, separators and spaces are free. */
START_TEST(names_as_sets)
{
	ck_assert(ik_itl_names_equal("CN=SAST;OU=SAST;O=SAST",
	    "CN=SAST,O=SAST,OU=SAST"));
	ck_assert(ik_itl_names_equal("C=US, ST=nc, CN=a", "CN=a;ST=nc;C=US"));
	ck_assert(ik_itl_names_equal("O=Cisco Systems, Inc.;CN=a",
	    "CN=a;O=Cisco Systems, Inc."));
	ck_assert(!ik_itl_names_equal("CN=a;OU=b", "CN=a;OU=c"));
	ck_assert(!ik_itl_names_equal("CN=a;OU=b", "CN=a;OU=b;O=c"));
	ck_assert(!ik_itl_names_equal("CN=a", NULL));
	ck_assert(ik_itl_names_equal(NULL, NULL));
}
END_TEST

/*
 * A SAST record may sign, and phones verify with its certificate: one by
 * hash only is refused when building, and re-signing by such a record
 * too (whatever the caller wants, the result could never verify).
 */
START_TEST(hash_only_sast_refused)
{
	EVP_PKEY *kc = tk_rsa_key(1024, 0), *kr = tk_rsa_key(1024, 3);
	X509 *ccm = tk_cert(kc, "pub.example.com", 1, T0, T0 + YEARS5);
	X509 *rec = tk_cert(kr, "ITLRECOVERY_pub.example.com", 4, T0,
	    T0 + YEARS5);
	ik_build_record recs[2];
	ik_sign_opts so = { kc, ccm, IK_ITL_DIGEST_SHA1, 1700000000u, 0 };
	ik_error err;
	ik_itl *in;
	uint8_t *buf = NULL, *rs = NULL;
	size_t len = 0, rlen = 0;

	memset(recs, 0, sizeof(recs));
	recs[0].function = IK_FN_SAST;
	recs[0].cert = ccm;
	recs[1].function = IK_FN_SAST;
	recs[1].cert = rec;
	recs[1].hash_only = true;
	ik_error_clear(&err);
	ck_assert_int_eq(ik_itl_build(&so, NULL, recs, 2, &buf, &len, &err),
	    IK_FATAL);
	ck_assert_int_eq(err.category, IK_ERR_REFUSED);
	ck_assert_ptr_null(buf);
	ck_assert_ptr_nonnull(strstr(err.msg, "record 2"));
	/* Hash-only roles that never sign stay allowed (CAPF, TVS). */
	recs[1].function = IK_FN_TVS;
	ck_assert_int_eq(ik_itl_build(&so, NULL, recs, 2, &buf, &len, &err),
	    IK_OK);
	free(buf);

	/* A list whose recovery record lost its certificate. */
	recs[1].function = IK_FN_SAST;
	recs[1].hash_only = false;
	ck_assert_int_eq(ik_itl_build(&so, NULL, recs, 2, &buf, &len, &err),
	    IK_OK);
	in = ck_hash_only(buf, len, 2, NULL, kc);
	ck_assert_int_eq(in->signature, IK_SIG_VALID);
	ck_assert_uint_eq(ik_itl_find_sast_cert(in, rec), 0);
	ck_assert_uint_eq(ik_itl_find_sast_cert(in, ccm), 1);
	so.key = kr;
	so.cert = rec;
	ik_error_clear(&err);
	ck_assert_int_eq(ik_itl_resign(in, &so, &rs, &rlen, &err), IK_FATAL);
	ck_assert_int_eq(err.category, IK_ERR_REFUSED);
	ck_assert_ptr_null(rs);
	ck_assert_ptr_nonnull(strstr(err.msg, "record 2"));
	/* The CallManager record carries its certificate: that one may. */
	so.key = kc;
	so.cert = ccm;
	ck_assert_int_eq(ik_itl_resign(in, &so, &rs, &rlen, &err), IK_OK);
	free(rs);
	ik_itl_free(in);
	free(buf);
	X509_free(ccm);
	X509_free(rec);
	EVP_PKEY_free(kc);
	EVP_PKEY_free(kr);
}
END_TEST

Suite *suite_sign(void);

Suite *
suite_sign(void)
{
	Suite *s = suite_create("sign");
	TCase *tc = tcase_create("sign");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, reset_with_recovery_p12);
	tcase_add_test(tc, build_4096_sha512);
	tcase_add_test(tc, resign_peer_names);
	tcase_add_test(tc, names_as_sets);
	tcase_add_test(tc, hash_only_sast_refused);
	suite_add_tcase(s, tc);
	return s;
}
