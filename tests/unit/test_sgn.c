/*
 * test_sgn.c: signed files (.sgn, .enc.sgn) and the signer version (tag
 * 28).  Known answers: a file laid out byte by byte here as the peer tool
 * writes it and signed with OpenSSL directly, read back field by field and
 * judged against trust lists built by itlkit; itlkit's own signed files
 * checked for the documented layout and arithmetic; tampering, roles and
 * hostile cuts.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "ik_sgn.h"
#include "ik_sign.h"
#include "testkit.h"

#define T0	1600000000
#define YEARS5	(5 * 365 * 86400)

static const char payload[] = "<device><fullConfig>true</fullConfig></device>\n";

struct kit {
	EVP_PKEY *k, *k2;
	X509 *x, *x2;
};

static void
kit_init(struct kit *t)
{
	t->k = tk_rsa_key(2048, 0);
	t->x = tk_cert(t->k, "tftp.example.com", 31, T0, T0 + YEARS5);
	t->k2 = tk_rsa_key(2048, 1);
	t->x2 = tk_cert(t->k2, "other.example.com", 32, T0, T0 + YEARS5);
}

static void
kit_free(struct kit *t)
{
	X509_free(t->x);
	X509_free(t->x2);
	EVP_PKEY_free(t->k);
	EVP_PKEY_free(t->k2);
}

/* A trust list of the given records, signed by k2's SAST record. */
static ik_itl *
itl_of(struct kit *t, const ik_build_record *recs, size_t n)
{
	ik_build_record all[4];
	ik_sign_opts so = { t->k2, t->x2, IK_ITL_DIGEST_SHA1, 1700000000u, 0 };
	ik_error err;
	ik_itl *itl = NULL;
	uint8_t *buf;
	size_t len;

	ck_assert_uint_lt(n, 4);
	memset(all, 0, sizeof(all));
	all[0].function = IK_FN_SAST;
	all[0].cert = t->x2;
	if (n > 0)
		memcpy(all + 1, recs, n * sizeof(*recs));
	ik_error_clear(&err);
	ck_assert_int_eq(ik_itl_build(&so, NULL, all, n + 1, &buf, &len,
	    &err), IK_OK);
	ck_assert_int_eq(ik_itl_parse(buf, len, &itl, &err), IK_OK);
	free(buf);
	return itl;
}

static void
put(uint8_t *b, size_t *n, uint8_t tag, const void *v, size_t len)
{
	b[(*n)++] = tag;
	b[(*n)++] = (uint8_t)(len >> 8);
	b[(*n)++] = (uint8_t)len;
	memcpy(b + *n, v, len);
	*n += len;
}

/*
 * The peer's layout, written here without itlkit: 1 (1.0), 2, 3{4,5,6},
 * 7{8,9{10,11}}, [12], 14, 15, pads, payload; signed with OpenSSL over
 * the file without the SIGNATURE TLV, which then goes after container 7.
 * Returns the length; the signature TLV starts at *sig_at.
 */
static size_t
peer_file(EVP_PKEY *k, X509 *x, uint8_t *out, size_t *sig_at)
{
	static const char name[] = "C=US;ST=nc;L=rtp;O=cisco;OU=tac;CN=tftp.example.com";
	static const char fname[] = "SEP001122334455.cnf.xml.sgn";
	const ASN1_INTEGER *sn = X509_get0_serialNumber(x);
	uint8_t tmp[2048], sid[512], ts[4] = { 0x65, 0x53, 0xf1, 0x00 };
	uint8_t one = 1, zero = 0, two = 2, ver[2] = { 1, 0 };
	size_t n = 0, s = 0, at, hl, slen = 256;
	EVP_MD_CTX *ctx;

	put(sid, &s, IK_HT_SIGNERNAME, name, sizeof(name));
	put(sid, &s, IK_HT_SERIAL, ASN1_STRING_get0_data(sn),
	    (size_t)ASN1_STRING_length(sn));
	put(sid, &s, IK_HT_CANAME, name, sizeof(name));
	put(tmp, &n, IK_HT_VERSION, ver, 2);
	put(tmp, &n, IK_HT_HEADERLENGTH, "\0\0", 2);
	put(tmp, &n, IK_HT_SIGNERID, sid, s);
	tmp[n++] = IK_HT_SIGINFO; tmp[n++] = 0; tmp[n++] = 15;
	put(tmp, &n, IK_HT_DIGESTALG, &one, 1);
	tmp[n++] = IK_HT_SIGALGINFO; tmp[n++] = 0; tmp[n++] = 8;
	put(tmp, &n, IK_HT_SIGALG, &zero, 1);
	put(tmp, &n, IK_HT_SIGMODULUS, &two, 1);
	at = n;
	put(tmp, &n, IK_HT_FILENAME, fname, sizeof(fname));
	put(tmp, &n, IK_HT_TIMESTAMP, ts, 4);
	while ((n + 3 + slen) % 4 != 0)
		tmp[n++] = IK_HT_PAD;
	hl = n + 3 + slen;
	tmp[8] = (uint8_t)(hl >> 8);
	tmp[9] = (uint8_t)hl;
	memcpy(tmp + n, payload, sizeof(payload) - 1);
	n += sizeof(payload) - 1;
	memcpy(out, tmp, at);
	out[at] = IK_HT_SIGNATURE;
	out[at + 1] = 1;
	out[at + 2] = 0;
	ctx = EVP_MD_CTX_new();
	ck_assert_int_eq(EVP_DigestSignInit(ctx, NULL, EVP_sha1(), NULL, k), 1);
	ck_assert_int_eq(EVP_DigestSign(ctx, out + at + 3, &slen, tmp, n), 1);
	ck_assert_uint_eq(slen, 256);
	EVP_MD_CTX_free(ctx);
	memcpy(out + at + 3 + slen, tmp + at, n - at);
	*sig_at = at;
	return n + 3 + slen;
}

START_TEST(peer_layout_read)
{
	struct kit t;
	ik_build_record tftp = { IK_FN_TFTP, NULL, false, NULL, false, { 0 } };
	uint8_t file[4096];
	size_t len, at;
	ik_sgn_check c;
	ik_error err;
	ik_sgn *s;
	ik_itl *itl;

	kit_init(&t);
	len = peer_file(t.k, t.x, file, &at);
	ik_error_clear(&err);
	ck_assert_int_eq(ik_sgn_parse(file, len, "dir/SEP001122334455.cnf.xml.sgn",
	    &s, &err), IK_OK);
	ik_sgn_lint(s);
	ck_assert_uint_eq(s->hdr->findings.n, 0);
	ck_assert(s->hdr->hdr.has_version);
	ck_assert_uint_eq(s->hdr->hdr.ver_major, 1);
	ck_assert_uint_eq(s->hdr->hdr.ver_minor, 0);
	ck_assert_uint_eq(s->hdr->hdr.header_length % 4, 0);
	ck_assert_uint_eq(s->payload_off, s->hdr->hdr.header_length);
	ck_assert_uint_eq(s->payload_len, sizeof(payload) - 1);
	ck_assert_mem_eq(ik_sgn_payload(s), payload, sizeof(payload) - 1);
	ck_assert_str_eq(s->hdr->hdr.signer_name,
	    "C=US;ST=nc;L=rtp;O=cisco;OU=tac;CN=tftp.example.com");
	ck_assert_str_eq(s->hdr->hdr.filename, "SEP001122334455.cnf.xml.sgn");
	ck_assert_uint_eq(s->hdr->hdr.timestamp, 0x6553f100u);
	ck_assert_uint_eq(s->hdr->hdr.signature_tlv_off, at);
	ck_assert_int_eq(s->hdr->hdr.digest_alg, IK_ITL_DIGEST_SHA1);
	ck_assert(!s->encrypted);
	/* A TFTP record of the certificate: accepted (names as sets). */
	tftp.cert = t.x;
	itl = itl_of(&t, &tftp, 1);
	ik_sgn_check_itl(s, itl, &c);
	ck_assert_int_eq(c.verdict, IK_SGN_ACCEPT);
	ck_assert_int_eq(c.code, IKF_SGN_ACCEPTED);
	ck_assert_uint_eq(c.record, 2);
	ck_assert_int_eq(c.signature, IK_SIG_VALID);
	ik_itl_free(itl);
	/* CCM+TFTP too. */
	tftp.function = IK_FN_CCM_TFTP;
	itl = itl_of(&t, &tftp, 1);
	ik_sgn_check_itl(s, itl, &c);
	ck_assert_int_eq(c.verdict, IK_SGN_ACCEPT);
	ik_itl_free(itl);
	/* Only as SAST and CCM: the wrong role, whatever the signature. */
	tftp.function = IK_FN_SAST;
	itl = itl_of(&t, &tftp, 1);
	ik_sgn_check_itl(s, itl, &c);
	ck_assert_int_eq(c.verdict, IK_SGN_REJECT);
	ck_assert_int_eq(c.code, IKF_SGN_SIGNER_WRONG_ROLE);
	ck_assert_int_eq(c.signature, IK_SIG_VALID);
	ik_itl_free(itl);
	/* Not there at all. */
	itl = itl_of(&t, NULL, 0);
	ik_sgn_check_itl(s, itl, &c);
	ck_assert_int_eq(c.verdict, IK_SGN_REJECT);
	ck_assert_int_eq(c.code, IKF_SGN_SIGNER_NOT_IN_ITL);
	ik_itl_free(itl);
	/* No list: unknown. */
	ik_sgn_check_itl(s, NULL, &c);
	ck_assert_int_eq(c.verdict, IK_SGN_UNKNOWN);
	ck_assert_int_eq(c.code, IKF_SGN_NO_ITL);
	ik_sgn_free(s);
	/* One payload byte changed: the signature fails. */
	file[len - 3] ^= 1;
	ck_assert_int_eq(ik_sgn_parse(file, len, NULL, &s, &err), IK_OK);
	tftp.function = IK_FN_TFTP;
	itl = itl_of(&t, &tftp, 1);
	ik_sgn_check_itl(s, itl, &c);
	ck_assert_int_eq(c.verdict, IK_SGN_REJECT);
	ck_assert_int_eq(c.code, IKF_SIGNATURE_INVALID);
	ik_itl_free(itl);
	ik_sgn_free(s);
	kit_free(&t);
}
END_TEST

static uint16_t
be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* itlkit's own signed file: the documented layout, byte for byte. */
START_TEST(sign_op_layout)
{
	struct kit t;
	ik_sign_opts so = { NULL, NULL, 0, 1700000000u, 0 };
	ik_sign_result r;
	ik_error err;
	ik_sgn *s;
	const uint8_t *b;
	size_t sid, at, hl;

	kit_init(&t);
	so.key = t.k;
	so.cert = t.x;
	ik_sign_result_init(&r);
	ck_assert_int_eq(ik_sgn_sign_op(&so, "SEP001122334455.cnf.xml",
	    (const uint8_t *)payload, sizeof(payload) - 1, &r), IK_OK);
	b = r.buf;
	ck_assert_mem_eq(b, "\x01\x00\x02\x01\x00\x02\x00\x02", 8);
	ck_assert_uint_eq(b[10], IK_HT_SIGNERID);
	sid = be16(b + 11);
	/* SIGNERID holds 4, 5, 6 in that order. */
	ck_assert_uint_eq(b[13], IK_HT_SIGNERNAME);
	at = 13 + sid;
	ck_assert_mem_eq(b + at, "\x07\x00\x0f\x08\x00\x01\x01\x09\x00\x08"
	    "\x0a\x00\x01\x00\x0b\x00\x01\x02", 18);
	at += 18;
	ck_assert_mem_eq(b + at, "\x0c\x01\x00", 3);
	at += 3 + 256;
	ck_assert_uint_eq(b[at], IK_HT_FILENAME);
	ck_assert_uint_eq(be16(b + at + 1), sizeof("SEP001122334455.cnf.xml"));
	at += 3 + sizeof("SEP001122334455.cnf.xml");
	ck_assert_mem_eq(b + at, "\x0f\x00\x04\x65\x53\xf1\x00", 7);
	at += 7;
	/* 5 + 5 + (3 + SIGNERID) + 18 + (3 + 256) + (3 + FILENAME) + 7, to 4. */
	hl = (at + 3) & ~(size_t)3;
	ck_assert_uint_eq(be16(b + 8), hl);
	for (; at < hl; at++)
		ck_assert_uint_eq(b[at], IK_HT_PAD);
	ck_assert_uint_eq(r.len, hl + sizeof(payload) - 1);
	ck_assert_mem_eq(b + hl, payload, sizeof(payload) - 1);
	ik_error_clear(&err);
	ck_assert_int_eq(ik_sgn_parse(r.buf, r.len, "SEP001122334455.cnf.xml.sgn",
	    &s, &err), IK_OK);
	ik_sgn_lint(s);
	ck_assert_uint_eq(s->hdr->findings.n, 0);
	ck_assert(ik_itl_signature_verifies(s->hdr, t.k));
	ck_assert(!ik_itl_signature_verifies(s->hdr, t.k2));
	ik_sgn_free(s);
	ik_sign_result_free(&r);
	/* A key that is not the certificate's is refused. */
	so.key = t.k2;
	ik_sign_result_init(&r);
	ck_assert_int_ne(ik_sgn_sign_op(&so, "x", (const uint8_t *)"y", 1, &r),
	    IK_OK);
	ck_assert_ptr_null(r.buf);
	ik_sign_result_free(&r);
	kit_free(&t);
}
END_TEST

/* An .enc.sgn header (the peer's enccnf layout): fields, no unknown tags. */
START_TEST(encrypted_header)
{
	uint8_t f[512], ivi[64], ki[160], enc[256], key[128];
	uint8_t ver[2] = { 2, 0 }, zero = 0, one = 1, pad[2] = { 0, 5 };
	uint8_t bits[2] = { 0, 128 }, hash[20];
	size_t n = 0, a = 0, k = 0, e = 0;
	ik_error err;
	ik_sgn *s;

	memset(key, 0xab, sizeof(key));
	memset(hash, 0x11, sizeof(hash));
	put(ivi, &a, IK_HT_ENC_UNKNOWN1, &zero, 1);
	put(ivi, &a, IK_HT_ENC_IV, "0123456789abcdef", 16);
	put(ivi, &a, IK_HT_ENC_PADDING, pad, 2);
	put(ki, &k, IK_HT_ENC_UNKNOWN2, &zero, 1);
	put(ki, &k, IK_HT_ENC_KEYSIZE, bits, 2);
	put(ki, &k, IK_HT_ENC_KEYALG, &one, 1);
	put(ki, &k, IK_HT_ENC_KEY, key, sizeof(key));
	put(enc, &e, IK_HT_ENC_IVINFO, ivi, a);
	put(enc, &e, IK_HT_ENC_KEYINFO, ki, k);
	put(f, &n, IK_HT_VERSION, ver, 2);
	put(f, &n, IK_HT_HEADERLENGTH, "\0\0", 2);
	put(f, &n, IK_HT_SIGNATURE, "sig", 3);
	put(f, &n, IK_HT_FILENAME, "a.cnf.xml.enc.sgn", 18);
	put(f, &n, IK_HT_ENC_INFO, enc, e);
	put(f, &n, IK_HT_ENC_HASHALG, &one, 1);
	put(f, &n, IK_HT_ENC_HASH, hash, sizeof(hash));
	while (n % 4 != 0)
		f[n++] = IK_HT_PAD;
	f[8] = (uint8_t)(n >> 8);
	f[9] = (uint8_t)n;
	memset(f + n, 0x5a, 32);
	ik_error_clear(&err);
	ck_assert_int_eq(ik_sgn_parse(f, n + 32, "a.cnf.xml.enc.sgn", &s, &err),
	    IK_OK);
	ck_assert(s->encrypted);
	ck_assert_uint_eq(s->enc_iv_len, 16);
	ck_assert_mem_eq(s->enc_iv, "0123456789abcdef", 16);
	ck_assert_int_eq(s->enc_padding, 5);
	ck_assert_int_eq(s->enc_key_bits, 128);
	ck_assert_int_eq(s->enc_key_alg, 1);
	ck_assert_uint_eq(s->enc_key_len, sizeof(key));
	ck_assert_int_eq(s->enc_hash_alg, 1);
	ck_assert_uint_eq(s->enc_hash_len, 20);
	ck_assert_uint_eq(s->payload_off, n);
	ck_assert_uint_eq(s->payload_len, 32);
	ck_assert(!ik_findings_has(&s->hdr->findings, IKF_UNKNOWN_TAG));
	ck_assert(!ik_findings_has(&s->hdr->findings,
	    IKF_CONTAINER_LENGTH_MISMATCH));
	ck_assert(ik_findings_has(&s->hdr->findings, IKF_SGN_ENCRYPTED));
	ik_sgn_free(s);
}
END_TEST

/* Every cut of a valid file parses within bounds and is told. */
START_TEST(cuts)
{
	struct kit t;
	uint8_t file[4096];
	size_t len, at, i;
	ik_error err;
	ik_sgn *s;

	kit_init(&t);
	len = peer_file(t.k, t.x, file, &at);
	for (i = 0; i < len; i++) {
		ik_error_clear(&err);
		ck_assert_int_ne(ik_sgn_parse(file, i, NULL, &s, &err),
		    IK_FATAL);
		ck_assert_ptr_nonnull(s);
		/* Cut inside the header: malformed, or the header says so. */
		if (i < len - (sizeof(payload) - 1))
			ck_assert(s->hdr->malformed ||
			    ik_findings_has(&s->hdr->findings,
			    IKF_HEADER_LENGTH_MISMATCH) ||
			    ik_findings_has(&s->hdr->findings,
			    IKF_MISSING_FIELD));
		ik_sgn_lint(s);
		ik_sgn_free(s);
	}
	kit_free(&t);
}
END_TEST

/* Tag 28: written by a build after HEADERLENGTH, kept or replaced on re-sign. */
START_TEST(signer_version)
{
	struct kit t;
	ik_build_record r = { IK_FN_SAST, NULL, false, NULL, false, { 0 } };
	ik_sign_opts so = { NULL, NULL, IK_ITL_DIGEST_SHA1, 1700000000u, 0x0101 };
	ik_error err;
	ik_itl *a, *b, *plain;
	uint8_t *buf, *buf2, *buf3;
	size_t len, len2, len3;

	kit_init(&t);
	so.key = t.k;
	so.cert = r.cert = t.x;
	ik_error_clear(&err);
	ck_assert_int_eq(ik_itl_build(&so, NULL, &r, 1, &buf, &len, &err), IK_OK);
	ck_assert_int_eq(ik_itl_parse(buf, len, &a, &err), IK_OK);
	ik_itl_verify(a);
	ck_assert_int_eq(a->signature, IK_SIG_VALID);
	ck_assert(a->hdr.has_signer_version);
	ck_assert_uint_eq(a->hdr.signer_version[0], 1);
	ck_assert_uint_eq(a->hdr.signer_version[1], 1);
	ck_assert_uint_eq(a->tlvs[2].tag, IK_HT_SIGNERVERSION);
	ck_assert_mem_eq(buf + 10, "\x1c\x00\x02\x01\x01", 5);
	/* The same build without it: 5 bytes less before padding. */
	so.signer_version = 0;
	ck_assert_int_eq(ik_itl_build(&so, NULL, &r, 1, &buf2, &len2, &err),
	    IK_OK);
	ck_assert_int_eq(ik_itl_parse(buf2, len2, &plain, &err), IK_OK);
	ck_assert(!plain->hdr.has_signer_version);
	ck_assert_uint_eq((plain->hdr.header_length - plain->hdr.pads + 5 + 3) &
	    ~3u, a->hdr.header_length);
	/* Re-sign keeps 1.1 unless told. */
	ck_assert_int_eq(ik_itl_resign(a, &so, &buf3, &len3, &err), IK_OK);
	ck_assert_int_eq(ik_itl_parse(buf3, len3, &b, &err), IK_OK);
	ck_assert(b->hdr.has_signer_version);
	ck_assert_uint_eq(b->hdr.signer_version[1], 1);
	ik_itl_free(b);
	free(buf3);
	/* Told 1.0: replaced in place. */
	so.signer_version = 0x0100;
	ck_assert_int_eq(ik_itl_resign(a, &so, &buf3, &len3, &err), IK_OK);
	ck_assert_int_eq(ik_itl_parse(buf3, len3, &b, &err), IK_OK);
	ik_itl_verify(b);
	ck_assert_int_eq(b->signature, IK_SIG_VALID);
	ck_assert_uint_eq(b->tlvs[2].tag, IK_HT_SIGNERVERSION);
	ck_assert_uint_eq(b->hdr.signer_version[1], 0);
	ck_assert_uint_eq(len3, len);
	ik_itl_free(b);
	free(buf3);
	/* Told 1.1 on a file without it: added after HEADERLENGTH. */
	so.signer_version = 0x0101;
	ck_assert_int_eq(ik_itl_resign(plain, &so, &buf3, &len3, &err), IK_OK);
	ck_assert_uint_eq(len3, len);
	ck_assert_mem_eq(buf3, buf, len);
	free(buf3);
	ik_itl_free(plain);
	ik_itl_free(a);
	free(buf);
	free(buf2);
	kit_free(&t);
}
END_TEST

Suite *suite_sgn(void);

Suite *
suite_sgn(void)
{
	Suite *s = suite_create("sgn");
	TCase *tc = tcase_create("sgn");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, peer_layout_read);
	tcase_add_test(tc, sign_op_layout);
	tcase_add_test(tc, encrypted_header);
	tcase_add_test(tc, cuts);
	tcase_add_test(tc, signer_version);
	suite_add_tcase(s, tc);
	return s;
}
