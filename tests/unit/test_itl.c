/*
 * test_itl.c: the trust-list core against real files and generated files
 * of known truth: parse, serialise, verify, lint, build and re-sign.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "ik_itl.h"
#include "ik_sign.h"
#include "testkit.h"

#define REAL_CTL "cucm-tokenless-CTLFile.tlv"
#define PEER_ITL "certutils-built-ITLFile.tlv"
#define BAD_CTL "cucm-CTLFile-corrupted.tlv"

static ik_itl *
load(const char *path, ik_status want)
{
	ik_error err;
	ik_itl *itl;
	uint8_t *buf;
	size_t len;

	buf = tk_read(path, &len);
	ik_error_clear(&err);
	ck_assert_int_eq(ik_itl_parse(buf, len, &itl, &err), want);
	free(buf);
	ck_assert_ptr_nonnull(itl);
	return itl;
}

static ik_itl *
parse_mem(const uint8_t *buf, size_t len)
{
	ik_error err;
	ik_itl *itl = NULL;

	ik_error_clear(&err);
	ik_itl_parse(buf, len, &itl, &err);
	ck_assert_ptr_nonnull(itl);
	ik_itl_verify(itl);
	return itl;
}

START_TEST(real_ctl_verifies)
{
	static const int fn[6] = { 0, 2, 2, 4, 0, 2 };
	static const size_t rl[6] = { 1147, 1147, 1171, 1085, 1161, 1143 };
	ik_itl *itl = load(REAL_CTL, IK_OK);
	char hex[41];
	size_t i;

	ck_assert_uint_eq(itl->hdr.header_length, 312);
	ck_assert_uint_eq(itl->hdr.end, 312);
	ck_assert_uint_eq(itl->hdr.signerid_len, 127);
	ck_assert_int_eq(itl->hdr.digest_alg, 1);
	ck_assert_int_eq(itl->hdr.sig_modulus, 1);
	ck_assert_uint_eq(itl->hdr.timestamp, 1430968247u);
	ck_assert_str_eq(itl->hdr.filename, "CTLFile.tlv");
	ck_assert_int_eq(itl->kind, IK_KIND_CTL);
	ck_assert_uint_eq(itl->nrec, 6);
	for (i = 0; i < 6; i++) {
		ck_assert_int_eq(itl->recs[i].function, fn[i]);
		ck_assert_uint_eq(itl->recs[i].declared_length, rl[i]);
		ck_assert_uint_eq(itl->recs[i].span, rl[i]);
		ck_assert(itl->recs[i].cert_parsed);
		ck_assert(itl->recs[i].has_ip);
	}
	ck_assert(itl->recs[4].is_itl_recovery);
	ck_assert_str_eq(itl->recs[4].subject,
	    "CN=ITLRECOVERY_gigantic-6.cisco.com;OU=CTG;O=Alpha;L=SJ;ST=CA;C=US");
	ik_hex(itl->recs[4].cert_sha1, 20, hex);
	ck_assert_str_eq(hex, "f2828a849337fd554e1a4b8a2d7ec2775b4b5613");
	ik_itl_verify(itl);
	ck_assert_int_eq(itl->signature, IK_SIG_VALID);
	ck_assert_uint_eq(itl->signer_index, 1);
	ck_assert(itl->recs[0].is_signer);
	ck_assert(!itl->recs[1].is_signer);
	ck_assert(!ik_findings_has(&itl->findings, IKF_RECORD_SUBJECT_MISMATCH));
	ck_assert(!ik_findings_has(&itl->findings, IKF_RECORD_KEY_MISMATCH));
	ck_assert(!ik_findings_has(&itl->findings, IKF_NO_ITL_RECOVERY));
	ck_assert_int_lt(ik_findings_worst(&itl->findings), IK_SEV_ERROR);
	ik_itl_free(itl);
}
END_TEST

START_TEST(peer_itl_verifies)
{
	static const int fn[5] = { 0, 1, 1, 7, 7 };
	ik_itl *itl = load(PEER_ITL, IK_OK);
	size_t i;

	ck_assert_uint_eq(itl->hdr.header_length, 388);
	ck_assert(itl->hdr.has_signer_version);
	ck_assert_int_eq(itl->hdr.signer_version[0], 1);
	ck_assert_int_eq(itl->kind, IK_KIND_ITL);
	ck_assert_uint_eq(itl->nrec, 5);
	for (i = 0; i < 5; i++) {
		ck_assert_int_eq(itl->recs[i].function, fn[i]);
		ck_assert_ptr_null(itl->recs[i].dns_name);
	}
	ck_assert_int_eq(itl->recs[3].key_bits, 4096);
	ik_itl_verify(itl);
	ck_assert_int_eq(itl->signature, IK_SIG_VALID);
	ck_assert_uint_eq(itl->signer_index, 1);
	/* "," separated names in another order still match their certificates. */
	ck_assert(!ik_findings_has(&itl->findings, IKF_RECORD_SUBJECT_MISMATCH));
	ck_assert(!ik_findings_has(&itl->findings, IKF_RECORD_ISSUER_MISMATCH));
	ik_itl_lint(itl, &(ik_lint_opts){ 1767225600, 180 });
	ck_assert(ik_findings_has(&itl->findings, IKF_NO_ITL_RECOVERY));
	ik_itl_free(itl);
}
END_TEST

/* A finding lost to memory exhaustion leaves a list that is not ok. */
START_TEST(lost_finding_is_not_ok)
{
	ik_itl *itl = load(REAL_CTL, IK_OK);

	ik_itl_verify(itl);
	ck_assert_str_eq(ik_itl_status(itl), "ok");
	ik_findings_test_fail_next(1);
	ck_assert_int_eq(ik_findings_add(&itl->findings, IK_SEV_INFO,
	    IKF_UNKNOWN_TAG, NULL, "lost"), -1);
	ck_assert_str_eq(ik_itl_status(itl), "findings");
	ck_assert_int_eq(ik_findings_worst(&itl->findings), IK_SEV_ERROR);
	ik_itl_free(itl);
}
END_TEST

START_TEST(corrupted_ctl_is_malformed)
{
	ik_itl *itl = load(BAD_CTL, IK_FAILED);

	ck_assert(itl->malformed);
	ck_assert_int_eq(itl->malformed_off, 6275);
	ck_assert(ik_findings_has(&itl->findings, IKF_CERT_UNPARSEABLE));
	ck_assert(ik_findings_has(&itl->findings, IKF_RECORDLENGTH_MISMATCH));
	ck_assert(ik_findings_has(&itl->findings, IKF_UNKNOWN_TAG));
	ck_assert_uint_eq(itl->nrec, 5);
	ik_itl_verify(itl);
	ck_assert_int_ne(itl->signature, IK_SIG_VALID);
	ck_assert_str_eq(ik_itl_status(itl), "malformed");
	ik_itl_free(itl);
}
END_TEST

static void
roundtrip(const char *path)
{
	ik_error err;
	ik_itl *itl;
	uint8_t *buf, *out;
	size_t len, olen;

	buf = tk_read(path, &len);
	itl = parse_mem(buf, len);
	ik_error_clear(&err);
	ck_assert_int_eq(ik_itl_serialize(itl, &out, &olen, &err), IK_OK);
	ck_assert_uint_eq(olen, len);
	ck_assert_mem_eq(out, buf, len);
	free(out);
	ik_itl_free(itl);
	free(buf);
}

START_TEST(serialise_is_byte_identical)
{
	roundtrip(REAL_CTL);
	roundtrip(PEER_ITL);
}
END_TEST

/* Every changed byte must cost the signature (or the parse). */
START_TEST(every_changed_byte_breaks_it)
{
	uint8_t *buf;
	size_t len, i, rejected = 0;
	ik_itl *itl;

	buf = tk_read(REAL_CTL, &len);
	for (i = 0; i < len; i++) {
		buf[i] ^= 0x01;
		itl = parse_mem(buf, len);
		if (itl->signature != IK_SIG_VALID &&
		    ik_findings_worst(&itl->findings) == IK_SEV_ERROR)
			rejected++;
		else
			ck_abort_msg("byte %zu changed but the file still verifies", i);
		ik_itl_free(itl);
		buf[i] ^= 0x01;
	}
	ck_assert_uint_eq(rejected, len);
	free(buf);
}
END_TEST

/* A file cut at any length is rejected cleanly. */
START_TEST(every_truncation_is_rejected)
{
	const char *files[] = { REAL_CTL, PEER_ITL, BAD_CTL };
	uint8_t *buf, *cut;
	size_t len, i, f;
	ik_itl *itl;

	for (f = 0; f < 3; f++) {
		buf = tk_read(files[f], &len);
		for (i = 0; i < len; i++) {
			/* A fresh allocation of exactly i bytes lets ASan see overreads. */
			cut = malloc(i ? i : 1);
			memcpy(cut, buf, i);
			itl = parse_mem(cut, i);
			ck_assert_msg(itl->signature != IK_SIG_VALID,
			    "%s cut at %zu verifies", files[f], i);
			ck_assert_msg(ik_findings_worst(&itl->findings) ==
			    IK_SEV_ERROR, "%s cut at %zu: no error finding",
			    files[f], i);
			ik_itl_free(itl);
			free(cut);
		}
		free(buf);
	}
}
END_TEST

/* A generated cluster ITL: pub SAST + TFTP, CAPF and TVS by hash, recovery. */
static uint8_t *
make_itl(int digest, EVP_PKEY *skey, X509 *scert, X509 *ccm, X509 *capf,
    X509 *tvs, X509 *rec, size_t *len)
{
	ik_build_record r[6] = {
		{ IK_FN_SAST, ccm, false, NULL, false, { 0 } },
		{ IK_FN_TFTP, ccm, false, NULL, false, { 0 } },
		{ IK_FN_CAPF, capf, true, NULL, false, { 0 } },
		{ IK_FN_TVS, tvs, true, NULL, false, { 0 } },
		{ IK_FN_SAST, rec, false, NULL, false, { 0 } },
		{ IK_FN_TVS, tvs, true, "sub", false, { 0 } },
	};
	ik_sign_opts o = { skey, scert, digest, 1393439067u, 0 };
	ik_error err;
	uint8_t *out;

	ik_error_clear(&err);
	ck_assert_msg(ik_itl_build(&o, NULL, r, 6, &out, len, &err) == IK_OK,
	    "%s", err.msg);
	return out;
}

struct cluster {
	EVP_PKEY *k_ccm, *k_capf, *k_tvs, *k_rec;
	X509 *ccm, *capf, *tvs, *rec;
};

static void
cluster_make(struct cluster *c, int bits)
{
	time_t nb = 1390000000, na = 1390000000 + 5 * 365 * 86400;

	c->k_ccm = tk_rsa_key(bits, 0);
	c->k_capf = tk_rsa_key(bits, 1);
	c->k_tvs = tk_rsa_key(bits, 2);
	c->k_rec = tk_rsa_key(bits, 3);
	c->ccm = tk_cert(c->k_ccm, "test10pub.joemar2.lab", 1, nb, na);
	c->capf = tk_cert(c->k_capf, "CAPF-75638ad9", 2, nb, na);
	c->tvs = tk_cert(c->k_tvs, "test10pub.joemar2.lab", 3, nb, na);
	/* 66 bytes with its NUL, as in the real dump's LENGTH column. */
	c->rec = tk_cert(c->k_rec, "ITLRECOVERY_test10pub.jmr2.lab", 4,
	    nb, na);
}

static void
cluster_free(struct cluster *c)
{
	EVP_PKEY_free(c->k_ccm);
	EVP_PKEY_free(c->k_capf);
	EVP_PKEY_free(c->k_tvs);
	EVP_PKEY_free(c->k_rec);
	X509_free(c->ccm);
	X509_free(c->capf);
	X509_free(c->tvs);
	X509_free(c->rec);
}

START_TEST(build_verifies_every_digest)
{
	static const int dg[3] = { IK_ITL_DIGEST_SHA1, IK_ITL_DIGEST_SHA256,
		IK_ITL_DIGEST_SHA512 };
	struct cluster c;
	ik_itl *itl;
	uint8_t *buf, *ser;
	size_t len, slen;
	ik_error err;
	unsigned char *der = NULL;
	uint8_t sha[20];
	int i, dlen;

	cluster_make(&c, 2048);
	for (i = 0; i < 3; i++) {
		buf = make_itl(dg[i], c.k_ccm, c.ccm, c.ccm, c.capf, c.tvs,
		    c.rec, &len);
		itl = parse_mem(buf, len);
		ck_assert_int_eq(itl->signature, IK_SIG_VALID);
		ck_assert_int_eq(itl->hdr.digest_alg, dg[i]);
		ck_assert_int_eq(itl->hdr.sig_modulus, 2);
		ck_assert_uint_eq(itl->hdr.header_length % 4, 0);
		ck_assert_uint_eq(itl->nrec, 6);
		ck_assert_int_eq(itl->recs[3].function, IK_FN_TVS);
		ck_assert_ptr_null(itl->recs[3].cert);
		ck_assert_uint_eq(itl->recs[3].certhash_len, 20);
		ck_assert(itl->recs[4].is_itl_recovery);
		ck_assert_str_eq(itl->recs[0].subject,
		    "CN=test10pub.joemar2.lab;OU=tac;O=cisco;L=rtp;ST=nc;C=US");
		ck_assert_int_eq(ik_findings_worst(&itl->findings),
		    -1);
		/* The hash-only record identifies the TVS certificate. */
		dlen = i2d_X509(c.tvs, &der);
		ik_digest_buf(IK_SHA1, der, (size_t)dlen, sha);
		OPENSSL_free(der);
		der = NULL;
		ck_assert_mem_eq(itl->recs[3].cert_sha1, sha, 20);
		ik_error_clear(&err);
		ck_assert_int_eq(ik_itl_serialize(itl, &ser, &slen, &err), IK_OK);
		ck_assert_uint_eq(slen, len);
		ck_assert_mem_eq(ser, buf, len);
		free(ser);
		ik_itl_free(itl);
		free(buf);
	}
	cluster_free(&c);
}
END_TEST

/* Lint of what is only claimed (SHA-256) or unnamed (FILENAME). */
START_TEST(lint_sha256_and_unnamed_kind)
{
	static const int dg[2] = { IK_ITL_DIGEST_SHA1, IK_ITL_DIGEST_SHA256 };
	ik_lint_opts lo = { 1400000000, 30 };
	struct cluster c;
	ik_build_record r = { IK_FN_SAST, NULL, false, NULL, false, { 0 } };
	ik_sign_opts o;
	ik_error err;
	uint8_t *buf;
	size_t len, i;
	ik_itl *itl;
	int k;

	cluster_make(&c, 2048);
	for (k = 0; k < 2; k++) {
		buf = make_itl(dg[k], c.k_ccm, c.ccm, c.ccm, c.capf, c.tvs,
		    c.rec, &len);
		itl = parse_mem(buf, len);
		ik_itl_lint(itl, &lo);
		ck_assert_int_eq(itl->signature, IK_SIG_VALID);
		ck_assert(ik_findings_has(&itl->findings,
		    IKF_DIGEST_SHA256_UNCONFIRMED) == (k == 1));
		ik_itl_free(itl);
		free(buf);
	}
	/* A FILENAME that is neither ITL nor CTL, no recovery record. */
	r.cert = c.ccm;
	o = (ik_sign_opts){ c.k_ccm, c.ccm, IK_ITL_DIGEST_SHA1, 1393439067u, 0 };
	ik_error_clear(&err);
	ck_assert_int_eq(ik_itl_build(&o, "SEPFILE.cnf.xml", &r, 1, &buf,
	    &len, &err), IK_OK);
	itl = parse_mem(buf, len);
	ik_itl_lint(itl, &lo);
	ck_assert_int_eq(itl->kind, IK_KIND_UNKNOWN);
	for (i = 0; i < itl->findings.n; i++)
		if (strcmp(itl->findings.v[i].code, "NO_ITL_RECOVERY") == 0)
			break;
	ck_assert_uint_lt(i, itl->findings.n);
	ck_assert_ptr_null(strstr(itl->findings.v[i].message, "unknown"));
	ck_assert_ptr_nonnull(strstr(itl->findings.v[i].message,
	    "its FILENAME names neither an ITL nor a CTL"));
	ik_itl_free(itl);
	free(buf);
	cluster_free(&c);
}
END_TEST

/*
 * The seed arithmetic: an ITL shaped like the real CUCM 10 one (signer
 * name 57 bytes with its NUL, 1024-bit keys: header 324) re-signed by an
 * ITLRECOVERY certificate (name 66 bytes) gives SIGNERID 157, header 344
 * and a file exactly 20 bytes longer, records unchanged.
 */
START_TEST(resign_seed_arithmetic)
{
	struct cluster c;
	ik_itl *in, *out;
	uint8_t *buf, *rs;
	size_t len, rlen;
	ik_sign_opts o;
	ik_error err;

	cluster_make(&c, 1024);
	buf = make_itl(IK_ITL_DIGEST_SHA1, c.k_ccm, c.ccm, c.ccm, c.capf,
	    c.tvs, c.rec, &len);
	in = parse_mem(buf, len);
	ck_assert_int_eq(in->signature, IK_SIG_VALID);
	ck_assert_uint_eq(strlen(in->hdr.signer_name) + 1, 57);
	ck_assert_uint_eq(in->hdr.signerid_len, 139);
	ck_assert_uint_eq(in->hdr.header_length, 324);
	o.key = c.k_rec;
	o.cert = c.rec;
	o.digest = IK_ITL_DIGEST_SHA1;
	o.timestamp = 1393440886u;
	o.signer_version = 0;
	ck_assert_uint_eq(ik_itl_find_sast_cert(in, c.rec), 5);
	ik_error_clear(&err);
	ck_assert_int_eq(ik_itl_resign(in, &o, &rs, &rlen, &err), IK_OK);
	out = parse_mem(rs, rlen);
	ck_assert_int_eq(out->signature, IK_SIG_VALID);
	ck_assert_uint_eq(out->signer_index, 5);
	ck_assert_uint_eq(strlen(out->hdr.signer_name) + 1, 66);
	ck_assert_uint_eq(out->hdr.signerid_len, 157);
	ck_assert_uint_eq(out->hdr.header_length, 344);
	ck_assert_uint_eq(out->hdr.pads, 3);
	ck_assert_uint_eq(rlen, len + 20);
	ck_assert_mem_eq(rs + 344, buf + 324, len - 324);
	ck_assert_uint_eq(out->hdr.timestamp, 1393440886u);
	ik_itl_free(out);
	ik_itl_free(in);
	free(rs);
	free(buf);
	cluster_free(&c);
}
END_TEST

START_TEST(tampered_record_is_caught)
{
	struct cluster c;
	uint8_t *buf, *p;
	size_t len;
	ik_itl *itl;

	cluster_make(&c, 1024);
	buf = make_itl(IK_ITL_DIGEST_SHA1, c.k_ccm, c.ccm, c.ccm, c.capf,
	    c.tvs, c.rec, &len);
	/* Rename the CAPF record's subject in place: "CAPF-7..." -> "CAPF-X...". */
	p = memmem(buf + 324, len - 324, "CN=CAPF-7", 9);
	ck_assert_ptr_nonnull(p);
	p[8] = 'X';
	itl = parse_mem(buf, len);
	ck_assert(ik_findings_has(&itl->findings, IKF_SIGNATURE_INVALID));
	ik_itl_free(itl);
	/* A record certificate's key and the record's PUBLICKEY disagree. */
	p = memmem(buf + 324, len - 324, "CN=ITLRECOVERY", 14);
	ck_assert_ptr_nonnull(p);
	p[3] = 'X';	/* subject string no longer matches the certificate */
	itl = parse_mem(buf, len);
	ck_assert(ik_findings_has(&itl->findings, IKF_RECORD_SUBJECT_MISMATCH));
	ik_itl_free(itl);
	free(buf);
	cluster_free(&c);
}
END_TEST

START_TEST(lengths_and_trailing_are_findings)
{
	struct cluster c;
	uint8_t *buf, *longer;
	size_t len, rec2, olen;
	ik_itl *itl;
	ik_error err;
	uint8_t *ser;

	cluster_make(&c, 1024);
	buf = make_itl(IK_ITL_DIGEST_SHA1, c.k_ccm, c.ccm, c.ccm, c.capf,
	    c.tvs, c.rec, &len);
	itl = parse_mem(buf, len);
	rec2 = itl->recs[1].off;
	ik_itl_free(itl);
	/* RECORDLENGTH one too many: a finding, not a parse failure. */
	buf[rec2 + 4]++;
	itl = parse_mem(buf, len);
	ck_assert(!itl->malformed);
	ck_assert_uint_eq(itl->nrec, 6);
	ck_assert(ik_findings_has(&itl->findings, IKF_RECORDLENGTH_MISMATCH));
	ik_itl_free(itl);
	buf[rec2 + 4]--;
	/* Two bytes of junk at the end: trailing bytes, kept on re-serialise. */
	longer = malloc(len + 2);
	memcpy(longer, buf, len);
	longer[len] = 0xff;
	longer[len + 1] = 0xee;
	itl = parse_mem(longer, len + 2);
	ck_assert(!itl->malformed);
	ck_assert(ik_findings_has(&itl->findings, IKF_TRAILING_BYTES));
	ck_assert_uint_eq(itl->trailing_len, 2);
	ck_assert_uint_eq(itl->nrec, 6);
	ck_assert_uint_eq(itl->recs[5].span, itl->recs[5].declared_length);
	ik_error_clear(&err);
	ck_assert_int_eq(ik_itl_serialize(itl, &ser, &olen, &err), IK_OK);
	ck_assert_uint_eq(olen, len + 2);
	ck_assert_mem_eq(ser, longer, len + 2);
	free(ser);
	ik_itl_free(itl);
	free(longer);
	free(buf);
	cluster_free(&c);
}
END_TEST

START_TEST(expiry_and_weak_keys_as_of)
{
	struct cluster c;
	uint8_t *buf;
	size_t len;
	ik_itl *itl;
	ik_lint_opts lo;

	cluster_make(&c, 1024);
	buf = make_itl(IK_ITL_DIGEST_SHA1, c.k_ccm, c.ccm, c.ccm, c.capf,
	    c.tvs, c.rec, &len);
	itl = parse_mem(buf, len);
	lo.at = 1390000000 + 100 * 86400;	/* well inside validity */
	lo.warn_days = 180;
	ik_itl_lint(itl, &lo);
	ck_assert(!ik_findings_has(&itl->findings, IKF_CERT_EXPIRED));
	ck_assert(!ik_findings_has(&itl->findings, IKF_CERT_EXPIRING));
	ck_assert(ik_findings_has(&itl->findings, IKF_WEAK_KEY));
	ik_itl_free(itl);
	itl = parse_mem(buf, len);
	lo.at = 1390000000 + 5 * 365 * 86400 - 10 * 86400;
	ik_itl_lint(itl, &lo);
	ck_assert(ik_findings_has(&itl->findings, IKF_CERT_EXPIRING));
	ck_assert(!ik_findings_has(&itl->findings, IKF_CERT_EXPIRED));
	ik_itl_free(itl);
	itl = parse_mem(buf, len);
	lo.at = 1390000000 + 6 * 365 * 86400;
	ik_itl_lint(itl, &lo);
	ck_assert(ik_findings_has(&itl->findings, IKF_CERT_EXPIRED));
	ik_itl_free(itl);
	free(buf);
	cluster_free(&c);
}
END_TEST

Suite *suite_itl(void);

Suite *
suite_itl(void)
{
	Suite *s = suite_create("itl");
	TCase *tc = tcase_create("itl");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, real_ctl_verifies);
	tcase_add_test(tc, lost_finding_is_not_ok);
	tcase_add_test(tc, peer_itl_verifies);
	tcase_add_test(tc, corrupted_ctl_is_malformed);
	tcase_add_test(tc, serialise_is_byte_identical);
	tcase_add_test(tc, every_changed_byte_breaks_it);
	tcase_add_test(tc, every_truncation_is_rejected);
	tcase_add_test(tc, build_verifies_every_digest);
	tcase_add_test(tc, resign_seed_arithmetic);
	tcase_add_test(tc, tampered_record_is_caught);
	tcase_add_test(tc, lengths_and_trailing_are_findings);
	tcase_add_test(tc, expiry_and_weak_keys_as_of);
	tcase_add_test(tc, lint_sha256_and_unnamed_kind);
	suite_add_tcase(s, tc);
	return s;
}
