/*
 * test_sign_op.c: the re-sign and build operations (sign_op.c): a good
 * re-sign keeps every record byte for byte and writes exactly what
 * verified; an output that does not verify (a decoy record with the
 * signer's serial, a key that is not the certificate's) is never handed
 * out nor written; the policy's two choices; the report; the record and
 * digest names tools and jobs take.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "ik_report.h"
#include "ik_sign.h"
#include "ik_sign_render.h"
#include "testkit.h"

#define T0	((time_t)1390000000)
#define YEARS5	((time_t)5 * 365 * 86400)

/* A cluster: CallManager signs, ITLRecovery is a SAST record. */
struct fx {
	EVP_PKEY *kc, *kr, *kd;
	X509 *ccm, *rec, *decoy;
	char dir[64];
};

static void
fx_init(struct fx *f)
{
	f->kc = tk_rsa_key(1024, 0);
	f->kr = tk_rsa_key(1024, 3);
	f->kd = tk_rsa_key(1024, 6);
	f->ccm = tk_cert(f->kc, "pub.example.com", 1, T0, T0 + YEARS5);
	f->rec = tk_cert(f->kr, "ITLRECOVERY_pub.example.com", 4, T0,
	    T0 + YEARS5);
	/* The recovery certificate's name and serial on another key. */
	f->decoy = tk_cert(f->kd, "ITLRECOVERY_pub.example.com", 4, T0,
	    T0 + YEARS5);
	strcpy(f->dir, "/tmp/ik-sign-op.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(f->dir));
}

static void
fx_free(struct fx *f)
{
	X509_free(f->ccm);
	X509_free(f->rec);
	X509_free(f->decoy);
	EVP_PKEY_free(f->kc);
	EVP_PKEY_free(f->kr);
	EVP_PKEY_free(f->kd);
	ck_assert_int_eq(rmdir(f->dir), 0);
}

/*
 * An ITL signed by CallManager holding certs[] as SAST records after its
 * own; with in, also its model, whose signature verifies.
 */
static uint8_t *
itl_of(const struct fx *f, X509 *const *certs, size_t n, size_t *len,
    ik_itl **in)
{
	ik_build_record r[4];
	ik_sign_opts so = { f->kc, f->ccm, IK_ITL_DIGEST_SHA1, 1393439067u, 0 };
	ik_error err;
	uint8_t *buf;
	size_t i;

	memset(r, 0, sizeof(r));
	r[0].function = IK_FN_SAST;
	r[0].cert = f->ccm;
	for (i = 0; i < n; i++) {
		r[i + 1].function = IK_FN_SAST;
		r[i + 1].cert = certs[i];
	}
	ik_error_clear(&err);
	ck_assert_int_eq(ik_itl_build(&so, NULL, r, n + 1, &buf, len, &err),
	    IK_OK);
	if (in != NULL) {
		*in = NULL;
		ck_assert_int_eq(ik_itl_parse(buf, *len, in, &err), IK_OK);
		ik_itl_verify(*in);
		ck_assert_int_eq((*in)->signature, IK_SIG_VALID);
	}
	return buf;
}

static const ik_finding *
finding(const ik_sign_result *r, const char *code)
{
	size_t i;

	for (i = 0; i < r->findings.n; i++)
		if (strcmp(r->findings.v[i].code, code) == 0)
			return &r->findings.v[i];
	return NULL;
}

/* The severity of the finding with code, which must be there. */
static int
severity(const ik_sign_result *r, const char *code)
{
	const ik_finding *f = finding(r, code);

	ck_assert_ptr_nonnull(f);
	return f != NULL ? (int)f->severity : -1;
}

/* A result that did not verify is not written, whatever the caller asks. */
static void
not_written(ik_sign_result *r, const char *dir)
{
	char path[128];
	ik_error err;

	snprintf(path, sizeof(path), "%s/never.tlv", dir);
	ik_error_clear(&err);
	ck_assert_int_eq(ik_sign_result_write(r, path, true, &err), IK_FATAL);
	ck_assert(!r->written);
	ck_assert_int_ne(access(path, F_OK), 0);
}

START_TEST(resign_keeps_records)
{
	static const ik_sign_policy strict = { false, false };
	struct fx f;
	X509 *certs[1];
	ik_sign_opts so;
	ik_sign_result r;
	ik_error err;
	ik_itl *in;
	uint8_t *buf, *back;
	uint8_t sha[32];
	size_t len, blen;
	char path[128];

	fx_init(&f);
	certs[0] = f.rec;
	buf = itl_of(&f, certs, 1, &len, &in);
	so.key = f.kr;
	so.cert = f.rec;
	so.digest = 0;			/* the input's */
	so.timestamp = 1393440886u;
	so.signer_version = 0;
	ik_sign_result_init(&r);
	ck_assert_int_eq(ik_itl_resign_op(buf, len, &so, &strict, &r), IK_OK);
	ck_assert_ptr_nonnull(r.buf);
	ck_assert_uint_eq(r.findings.n, 0);
	ck_assert_int_eq(r.out->signature, IK_SIG_VALID);
	ck_assert_uint_eq(r.out->signer_index, 2);
	ck_assert_int_eq(r.out->hdr.digest_alg, IK_ITL_DIGEST_SHA1);
	/* Only the header changed: the records are the input's bytes. */
	ck_assert_uint_eq(r.len - r.out->hdr.end, len - in->hdr.end);
	ck_assert_mem_eq(r.buf + r.out->hdr.end, buf + in->hdr.end,
	    len - in->hdr.end);

	/* Written exactly as verified; an existing output only replaced on request. */
	snprintf(path, sizeof(path), "%s/ITLFile.tlv", f.dir);
	ik_error_clear(&err);
	ck_assert_int_eq(ik_sign_result_write(&r, path, false, &err), IK_OK);
	ck_assert(r.written);
	ck_assert_int_eq(ik_sign_result_write(&r, path, false, &err), IK_FATAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "exists"));
	ck_assert_int_eq(ik_sign_result_write(&r, path, true, &err), IK_OK);
	/* Read back last: what was read is evidence, never replaced. */
	back = tk_read(path, &blen);
	ck_assert_uint_eq(blen, r.len);
	ck_assert_mem_eq(back, r.buf, r.len);
	ik_digest_buf(IK_SHA256, back, blen, sha);
	ck_assert_mem_eq(sha, r.sha256, 32);
	ck_assert_int_eq(unlink(path), 0);
	free(back);
	ik_sign_result_free(&r);
	ik_itl_free(in);
	free(buf);
	fx_free(&f);
}
END_TEST

/*
 * A decoy SAST record before the real one, with the recovery
 * certificate's name and serial on another key: the input verifies (the
 * CallManager signed it) and holds the signer, but in the re-signed file
 * the decoy answers for the signer's serial, so the output does not
 * verify.  The operation finds that out before handing anything out.
 */
START_TEST(resign_unverified_output_refused)
{
	static const ik_sign_policy lax = { true, true };
	struct fx f;
	X509 *certs[2];
	ik_sign_opts so;
	ik_sign_result r;
	uint8_t *buf;
	size_t len;

	fx_init(&f);
	certs[0] = f.decoy;
	certs[1] = f.rec;
	buf = itl_of(&f, certs, 2, &len, NULL);
	so.key = f.kr;
	so.cert = f.rec;
	so.digest = IK_ITL_DIGEST_SHA256;
	so.timestamp = 1393440886u;
	so.signer_version = 0;
	ik_sign_result_init(&r);
	/* Neither choice of the policy lifts it. */
	ck_assert_int_eq(ik_itl_resign_op(buf, len, &so, &lax, &r), IK_FAILED);
	ck_assert_ptr_null(r.buf);
	ck_assert_ptr_nonnull(finding(&r, "SIGN_OUTPUT_UNVERIFIED"));
	ck_assert_ptr_null(finding(&r, "SIGN_SIGNER_NOT_IN_ITL"));
	ck_assert_ptr_nonnull(r.out);
	ck_assert_int_eq(r.out->signature, IK_SIG_INVALID);
	not_written(&r, f.dir);
	ck_assert_str_eq(ik_sign_status(&r), "refused");
	ik_sign_result_free(&r);
	free(buf);
	fx_free(&f);
}
END_TEST

/* A key that is not the signing certificate's: nothing to hand out. */
START_TEST(resign_wrong_key_refused)
{
	static const ik_sign_policy lax = { true, true };
	struct fx f;
	X509 *certs[1];
	ik_sign_opts so;
	ik_sign_result r;
	uint8_t *buf;
	size_t len;

	fx_init(&f);
	certs[0] = f.rec;
	buf = itl_of(&f, certs, 1, &len, NULL);
	so.key = f.kd;
	so.cert = f.rec;
	so.digest = 0;
	so.timestamp = 1393440886u;
	so.signer_version = 0;
	ik_sign_result_init(&r);
	ck_assert_int_ne(ik_itl_resign_op(buf, len, &so, &lax, &r), IK_OK);
	ck_assert_ptr_null(r.buf);
	ck_assert_ptr_null(r.out);
	ck_assert_uint_eq(r.findings.n, 1);
	ck_assert_int_eq(r.findings.v[0].severity, IK_SEV_ERROR);
	ck_assert_ptr_nonnull(strstr(r.findings.v[0].message,
	    "does not belong"));
	not_written(&r, f.dir);
	ik_sign_result_free(&r);
	free(buf);
	fx_free(&f);
}
END_TEST

/*
 * Each choice lifts its own refusal only: a foreign signer (the output
 * then checked with its own key) and an input whose signature fails.
 */
START_TEST(resign_policy)
{
	ik_sign_policy p = { false, false };
	const ik_finding *fd;
	struct fx f;
	X509 *certs[1], *other;
	ik_sign_opts so;
	ik_sign_result r;
	ik_itl *in;
	uint8_t *buf, *at;
	size_t len;

	fx_init(&f);
	other = tk_cert(f.kd, "other.example.com", 9, T0, T0 + YEARS5);
	certs[0] = f.rec;
	buf = itl_of(&f, certs, 1, &len, &in);
	so.key = f.kd;			/* no record of this list */
	so.cert = other;
	so.digest = 0;
	so.timestamp = 1;
	so.signer_version = 0;
	ik_sign_result_init(&r);
	ck_assert_int_eq(ik_itl_resign_op(buf, len, &so, &p, &r), IK_FAILED);
	fd = finding(&r, "SIGN_SIGNER_NOT_IN_ITL");
	ck_assert_ptr_nonnull(fd);
	ck_assert_int_eq(fd->severity, IK_SEV_ERROR);
	ck_assert_ptr_null(r.buf);
	ik_sign_result_free(&r);
	p.foreign_signer = true;
	ik_sign_result_init(&r);
	ck_assert_int_eq(ik_itl_resign_op(buf, len, &so, &p, &r), IK_OK);
	ck_assert_int_eq(severity(&r, "SIGN_SIGNER_NOT_IN_ITL"),
	    IK_SEV_WARNING);
	ck_assert_int_eq(r.out->signature, IK_SIG_NO_SIGNER);
	ik_sign_result_free(&r);

	/*
	 * One byte of the CallManager record's subject changed: the input's
	 * signature fails, the recovery record is intact.
	 */
	at = memmem(buf + in->hdr.end, len - in->hdr.end, "CN=pub.example.com",
	    18);
	ck_assert_ptr_nonnull(at);
	at[3] = 'q';
	ik_itl_free(in);
	so.key = f.kr;
	so.cert = f.rec;
	p.foreign_signer = true;
	ik_sign_result_init(&r);
	ck_assert_int_eq(ik_itl_resign_op(buf, len, &so, &p, &r), IK_FAILED);
	fd = finding(&r, "SIGN_INPUT_SIGNATURE_INVALID");
	ck_assert_ptr_nonnull(fd);
	ck_assert_int_eq(fd->severity, IK_SEV_ERROR);
	/* The library names no option. */
	ck_assert_str_eq(fd->message,
	    "the input's own signature is invalid: re-signing would bless unverified contents");
	ik_sign_result_free(&r);
	p.invalid_input = true;
	ik_sign_result_init(&r);
	ck_assert_int_eq(ik_itl_resign_op(buf, len, &so, &p, &r), IK_OK);
	ck_assert_int_eq(severity(&r, "SIGN_INPUT_SIGNATURE_INVALID"),
	    IK_SEV_WARNING);
	ck_assert_int_eq(r.out->signature, IK_SIG_VALID);
	ik_sign_result_free(&r);

	/* Not a trust list, and a text dump: refused as malformed. */
	ik_sign_result_init(&r);
	ck_assert_int_eq(ik_itl_resign_op((const uint8_t *)"hello", 5, &so, &p,
	    &r), IK_FAILED);
	ck_assert_ptr_nonnull(finding(&r, "SIGN_INPUT_MALFORMED"));
	ik_sign_result_free(&r);
	X509_free(other);
	free(buf);
	fx_free(&f);
}
END_TEST

/* A build whose signer is not one of its records verifies only when allowed. */
START_TEST(build_op_signer_record)
{
	ik_sign_policy p = { false, false };
	ik_build_record rec = { IK_FN_SAST, NULL, false, NULL, false, { 0 } };
	const ik_finding *fd;
	ik_sign_render_opts ro = { "itl-sign", NULL, NULL, -1, "b.tlv", NULL };
	struct fx f;
	ik_sign_opts so;
	ik_sign_result r;
	char *line;
	json_t *j;
	ik_sb sb;

	fx_init(&f);
	rec.cert = f.rec;
	so.key = f.kc;
	so.cert = f.ccm;
	so.digest = 0;			/* SHA-1 */
	so.timestamp = 1700000000u;
	so.signer_version = 0;
	ik_sign_result_init(&r);
	ck_assert_int_eq(ik_itl_build_op(&so, NULL, &rec, 1, &p, &r),
	    IK_FAILED);
	ck_assert_ptr_nonnull(finding(&r, "SIGN_OUTPUT_UNVERIFIED"));
	fd = finding(&r, "SIGN_SIGNER_NOT_IN_ITL");
	ck_assert_ptr_nonnull(fd);
	ck_assert_str_eq(fd->message,
	    "the signer certificate must also be given as a SAST record");
	not_written(&r, f.dir);
	ik_sb_init(&sb);
	ik_sign_text(&sb, &r, &ro);
	ck_assert_str_eq(sb.s, "b.tlv: refused, nothing written; 2 errors\n"
	    "  error SIGN_OUTPUT_UNVERIFIED: the signed output does not verify; nothing was written\n"
	    "  error SIGN_SIGNER_NOT_IN_ITL: the signer certificate must also be given as a SAST record\n");
	ik_sb_free(&sb);
	ik_sign_result_free(&r);

	p.foreign_signer = true;
	ik_sign_result_init(&r);
	ck_assert_int_eq(ik_itl_build_op(&so, "CTLFile.tlv", &rec, 1, &p, &r),
	    IK_OK);
	ck_assert_int_eq(r.out->signature, IK_SIG_NO_SIGNER);
	ck_assert_str_eq(r.out->hdr.filename, "CTLFile.tlv");
	/* Not written: the report says refused, the fields say what it was. */
	j = ik_sign_json(&r, &ro);
	line = ik_json_line(j);
	json_decref(j);
	ck_assert_ptr_nonnull(strstr(line,
	    "\"file\":null,\"sha256\":null,\"size\":null,\"output\":null,"
	    "\"output_sha256\":null,\"signer\":{\"name\":"
	    "\"CN=pub.example.com;OU=tac;O=cisco;L=rtp;ST=nc;C=US\""));
	ck_assert_ptr_nonnull(strstr(line, "\"record\":null},\"digest\":"
	    "\"SHA1\",\"header_length\":"));
	ck_assert_ptr_nonnull(strstr(line, "\"records\":1,\"records_sha1\":\""));
	ck_assert_ptr_nonnull(strstr(line, "\",\"status\":\"refused\","
	    "\"findings\":[]"));
	free(line);
	ik_sign_result_free(&r);
	fx_free(&f);
}
END_TEST

START_TEST(record_and_digest_names)
{
	const char *cert = NULL;
	int fn = -1;
	ik_sb why;

	ik_sb_init(&why);
	ck_assert_int_eq(ik_build_record_spec("ccm+tftp:a:b.pem", &fn, &cert,
	    &why), 0);
	ck_assert_int_eq(fn, IK_FN_CCM_TFTP);
	ck_assert_str_eq(cert, "a:b.pem");
	ck_assert_int_eq(ik_build_record_spec("TVS:x", &fn, &cert, &why), 0);
	ck_assert_int_eq(fn, IK_FN_TVS);
	ck_assert_ptr_null(why.s);
	ck_assert_int_eq(ik_build_record_spec("boss:x", &fn, &cert, &why), -1);
	ck_assert_str_eq(why.s,
	    "unknown role 'boss' (sast, ccm, ccm+tftp, tftp, capf, tvs, app-server)");
	ik_sb_reset(&why);
	ck_assert_int_eq(ik_build_record_spec("x.pem", &fn, &cert, &why), -1);
	ck_assert_str_eq(why.s, "expected ROLE:CERT.pem, got 'x.pem'");
	ik_sb_free(&why);
	ck_assert_int_eq(ik_itl_digest_code("SHA256"), IK_ITL_DIGEST_SHA256);
	ck_assert_int_eq(ik_itl_digest_code("sha512"), IK_ITL_DIGEST_SHA512);
	ck_assert_int_eq(ik_itl_digest_code("sha1"), IK_ITL_DIGEST_SHA1);
	ck_assert_int_eq(ik_itl_digest_code("md5"), -1);
}
END_TEST

Suite *suite_sign_op(void);

Suite *
suite_sign_op(void)
{
	Suite *s = suite_create("sign_op");
	TCase *tc = tcase_create("sign_op");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, resign_keeps_records);
	tcase_add_test(tc, resign_unverified_output_refused);
	tcase_add_test(tc, resign_wrong_key_refused);
	tcase_add_test(tc, resign_policy);
	tcase_add_test(tc, build_op_signer_record);
	tcase_add_test(tc, record_and_digest_names);
	suite_add_tcase(s, tc);
	return s;
}
