/*
 * test_p12.c: the PKCS#12 layer on files made here with OpenSSL's own
 * PKCS12_create / PKCS12_add_* (known truth: which password, which
 * scheme, which key and certificate went in).
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <openssl/pkcs12.h>

#include "ik_crypto.h"
#include "ik_p12.h"
#include "ik_report.h"
#include "ik_sign.h"
#include "testkit.h"
#include "ik_p12_render.h"

#define T0	((time_t)1393400000)	/* 2014-02-26 */
#define YEAR	((time_t)365 * 86400)

static const char *PW = "cisco123";

/* DER of a PKCS#12 made with the given schemes; mac NULL: no MAC. */
static uint8_t *
p12_der(EVP_PKEY *key, X509 *cert, int nid_key, int nid_cert,
    const EVP_MD *mac, size_t *len)
{
	PKCS12 *p12;
	unsigned char *der = NULL;
	int n;

	ik_crypto_init();
	p12 = PKCS12_create(PW, "ITLRecovery", key, cert, NULL, nid_key,
	    nid_cert, 2048, -1, 0);
	ck_assert_ptr_nonnull(p12);
	if (mac != NULL)
		ck_assert_int_eq(PKCS12_set_mac(p12, PW, -1, NULL, 0, 2048,
		    mac), 1);
	n = i2d_PKCS12(p12, &der);
	ck_assert_int_gt(n, 0);
	PKCS12_free(p12);
	*len = (size_t)n;
	return der;
}

/* Candidates as a password file would give them: one per line. */
static void
cands(ik_secrets *s, const char *text)
{
	ik_error err;

	ik_error_clear(&err);
	ck_assert_int_eq(ik_secrets_parse((const uint8_t *)text, strlen(text),
	    true, s, &err), IK_OK);
}

static ik_p12 *
open_ok(const uint8_t *der, size_t len, const char *text, ik_status want)
{
	ik_secrets s;
	ik_error err;
	ik_p12 *p;

	cands(&s, text);
	ik_error_clear(&err);
	ck_assert_int_eq(ik_p12_open(der, len, &s, &p, &err), want);
	ck_assert_ptr_nonnull(p);
	ik_secrets_free(&s);
	return p;
}

static void
cert_sha1(X509 *x, uint8_t out[20])
{
	unsigned char *der = NULL;
	int n = i2d_X509(x, &der);

	ik_digest_buf(IK_SHA1, der, (size_t)n, out);
	OPENSSL_free(der);
}

START_TEST(legacy_rc2_3des_sha1_mac)
{
	EVP_PKEY *k = tk_rsa_key(1024, 0);
	X509 *x = tk_cert(k, "ITLRECOVERY_test10pub.jmr2.lab", 4, T0,
	    T0 + 5 * YEAR);
	uint8_t *der, sha[20];
	size_t len;
	ik_p12 *p;

	der = p12_der(k, x, NID_pbe_WithSHA1And3_Key_TripleDES_CBC,
	    NID_pbe_WithSHA1And40BitRC2_CBC, EVP_sha1(), &len);
	p = open_ok(der, len, "wrong\n\nalso-wrong\ncisco123\n", IK_OK);
	ck_assert_int_eq(p->password, IK_P12_PW_MATCHED);
	ck_assert(p->has_candidate_line);
	ck_assert_uint_eq(p->candidate_line, 4);	/* blank lines count */
	ck_assert(p->has_mac && p->mac_verified);
	ck_assert_str_eq(p->mac_algorithm, "sha1");
	ck_assert_int_eq(p->mac_iterations, 2048);
	ck_assert_uint_eq(p->nbags, 2);
	ck_assert_str_eq(p->bags[0].type, "cert");
	ck_assert_str_eq(p->bags[0].algorithm, "pbeWithSHA1And40BitRC2-CBC");
	ck_assert_int_eq(p->bags[0].iterations, 2048);
	ck_assert(p->bags[0].legacy);
	ck_assert_str_eq(p->bags[1].type, "key");
	ck_assert_str_eq(p->bags[1].algorithm,
	    "pbeWithSHA1And3-KeyTripleDES-CBC");
	ck_assert(p->key_matches_cert);
	ck_assert(EVP_PKEY_eq(p->key, k) == 1);
	cert_sha1(x, sha);
	ck_assert_mem_eq(p->ci.sha1, sha, 20);
	ck_assert_str_eq(p->ci.subject,
	    "CN=ITLRECOVERY_test10pub.jmr2.lab;OU=tac;O=cisco;L=rtp;ST=nc;C=US");
	ck_assert(p->ci.self_signed && p->ci.self_signature_valid);
	ck_assert(ik_findings_has(&p->findings, IKF_P12_LEGACY_ENCRYPTION));
	ck_assert_str_eq(ik_p12_status(p), "findings");
	ik_p12_free(p);
	OPENSSL_free(der);
	X509_free(x);
	EVP_PKEY_free(k);
}
END_TEST

START_TEST(modern_aes_and_no_mac)
{
	EVP_PKEY *k = tk_rsa_key(2048, 0);
	X509 *x = tk_cert(k, "ITLRECOVERY_pub.example.com", 5, T0,
	    T0 + 20 * YEAR);
	uint8_t *der;
	size_t len;
	ik_p12 *p;

	der = p12_der(k, x, NID_aes_256_cbc, NID_aes_256_cbc, EVP_sha256(),
	    &len);
	p = open_ok(der, len, "cisco123\n", IK_OK);
	ck_assert_str_eq(p->bags[0].algorithm,
	    "PBES2/PBKDF2/hmacWithSHA256/aes-256-cbc");
	ck_assert(!p->bags[0].legacy);
	ck_assert(!ik_findings_has(&p->findings, IKF_P12_LEGACY_ENCRYPTION));
	ck_assert(p->key_matches_cert);
	ik_p12_free(p);
	OPENSSL_free(der);

	der = p12_der(k, x, NID_aes_256_cbc, NID_aes_256_cbc, NULL, &len);
	p = open_ok(der, len, "nope\ncisco123\n", IK_OK);
	ck_assert(!p->has_mac);
	ck_assert(ik_findings_has(&p->findings, IKF_P12_NO_MAC));
	ck_assert_int_eq(p->password, IK_P12_PW_MATCHED);
	ck_assert_uint_eq(p->candidate_line, 2);
	ck_assert(p->key_matches_cert);
	ik_p12_free(p);
	/* Without a MAC a wrong password shows as failed decryption. */
	p = open_ok(der, len, "nope\n", IK_OK);
	ck_assert_int_eq(p->password, IK_P12_PW_WRONG);
	ck_assert(ik_findings_has(&p->findings, IKF_P12_WRONG_PASSWORD));
	ck_assert_ptr_null(p->key);
	ik_p12_free(p);
	OPENSSL_free(der);
	X509_free(x);
	EVP_PKEY_free(k);
}
END_TEST

START_TEST(wrong_password_damage_and_truncation)
{
	EVP_PKEY *k = tk_rsa_key(1024, 0);
	X509 *x = tk_cert(k, "ITLRECOVERY_a.example.com", 6, T0, T0 + YEAR);
	uint8_t *der, *cut;
	size_t len, i;
	ik_p12 *p;
	ik_error err;

	der = p12_der(k, x, NID_pbe_WithSHA1And3_Key_TripleDES_CBC,
	    NID_pbe_WithSHA1And3_Key_TripleDES_CBC, EVP_sha1(), &len);
	p = open_ok(der, len, "a\nb\n", IK_OK);
	ck_assert_int_eq(p->password, IK_P12_PW_WRONG);
	ck_assert_str_eq(ik_p12_status(p), "wrong-password");
	ck_assert(!p->malformed && !p->damaged);
	ck_assert_ptr_null(p->key);
	ck_assert_ptr_null(p->cert);
	ik_p12_free(p);
	/* The last bytes are the MAC's salt and count region: damage there. */
	der[len - 30] ^= 0x01;
	p = open_ok(der, len, "cisco123\n", IK_OK);
	ck_assert(p->damaged || p->malformed);
	ik_p12_free(p);
	der[len - 30] ^= 0x01;
	/* Every truncation is malformed, never a wrong password or a crash. */
	for (i = 0; i < len; i++) {
		cut = malloc(i + 1);
		memcpy(cut, der, i);
		ik_error_clear(&err);
		p = NULL;
		ck_assert_int_eq(ik_p12_open(cut, i, NULL, &p, &err), IK_FAILED);
		ck_assert(p->malformed);
		ck_assert_str_eq(ik_p12_status(p), "malformed");
		ik_p12_free(p);
		free(cut);
	}
	OPENSSL_free(der);
	X509_free(x);
	EVP_PKEY_free(k);
}
END_TEST

/* PKCS12_create refuses a key and certificate that disagree: assemble one. */
START_TEST(key_certificate_mismatch)
{
	EVP_PKEY *ka = tk_rsa_key(1024, 0), *kb = tk_rsa_key(1024, 1);
	X509 *xb = tk_cert(kb, "ITLRECOVERY_b.example.com", 7, T0, T0 + YEAR);
	STACK_OF(PKCS12_SAFEBAG) *bags = NULL;
	STACK_OF(PKCS7) *safes = NULL;
	PKCS12 *p12;
	unsigned char *der = NULL;
	int n;
	ik_p12 *p;

	ck_assert_ptr_nonnull(PKCS12_add_cert(&bags, xb));
	ck_assert_int_eq(PKCS12_add_safe(&safes, bags,
	    NID_pbe_WithSHA1And3_Key_TripleDES_CBC, 2048, PW), 1);
	sk_PKCS12_SAFEBAG_pop_free(bags, PKCS12_SAFEBAG_free);
	bags = NULL;
	ck_assert_ptr_nonnull(PKCS12_add_key(&bags, ka, 0, 2048,
	    NID_pbe_WithSHA1And3_Key_TripleDES_CBC, PW));
	ck_assert_int_eq(PKCS12_add_safe(&safes, bags, -1, 0, NULL), 1);
	sk_PKCS12_SAFEBAG_pop_free(bags, PKCS12_SAFEBAG_free);
	p12 = PKCS12_add_safes(safes, 0);
	sk_PKCS7_pop_free(safes, PKCS7_free);
	ck_assert_int_eq(PKCS12_set_mac(p12, PW, -1, NULL, 0, 2048, NULL), 1);
	n = i2d_PKCS12(p12, &der);
	PKCS12_free(p12);
	p = open_ok(der, (size_t)n, "cisco123\n", IK_OK);
	ck_assert_ptr_nonnull(p->key);
	ck_assert_ptr_nonnull(p->cert);
	ck_assert(!p->key_matches_cert);
	ck_assert(ik_findings_has(&p->findings, IKF_P12_KEY_CERT_MISMATCH));
	ik_p12_free(p);
	OPENSSL_free(der);
	X509_free(xb);
	EVP_PKEY_free(ka);
	EVP_PKEY_free(kb);
}
END_TEST

START_TEST(validity_identity_and_itl_match)
{
	EVP_PKEY *k = tk_rsa_key(1024, 0), *kf = tk_rsa_key(1024, 1);
	X509 *x = tk_cert(k, "ITLRECOVERY_test10pub.jmr2.lab", 4, T0,
	    T0 + 5 * YEAR);
	X509 *xf = tk_cert(kf, "ITLRECOVERY_test10pub.jmr2.lab", 9, T0,
	    T0 + 5 * YEAR);
	ik_p12_check_opts co = { T0 + 4 * YEAR, 180 };
	ik_build_record recs[2];
	ik_sign_opts so = { kf, xf, IK_ITL_DIGEST_SHA1, 1393440000u, 0 };
	uint8_t *der, *itlbuf;
	size_t len, ilen;
	ik_itl *itl;
	ik_error err;
	ik_p12 *p;

	der = p12_der(k, x, 0, 0, EVP_sha256(), &len);
	p = open_ok(der, len, "cisco123\n", IK_OK);
	ik_p12_check(p, &co);
	ck_assert_int_eq(p->days_left, 365);
	ck_assert(!ik_findings_has(&p->findings, IKF_P12_CERT_EXPIRING));
	ck_assert_str_eq(p->itl_recovery_host, "test10pub.jmr2.lab");
	ck_assert(ik_findings_has(&p->findings, IKF_P12_WEAK_KEY));
	/* A list signed by another key whose ITLRECOVERY record is foreign. */
	memset(recs, 0, sizeof(recs));
	recs[0].function = IK_FN_SAST;
	recs[0].cert = xf;
	ik_error_clear(&err);
	ck_assert_int_eq(ik_itl_build(&so, NULL, recs, 1, &itlbuf, &ilen,
	    &err), IK_OK);
	ck_assert_int_eq(ik_itl_parse(itlbuf, ilen, &itl, &err), IK_OK);
	ck_assert_int_eq(ik_p12_match_itl(p, "foreign.tlv", itl, &err), IK_OK);
	ck_assert(!p->matches[0].matches);
	ck_assert_uint_eq(p->matches[0].record, 1);
	ck_assert(ik_findings_has(&p->findings, IKF_P12_NOT_IN_ITL));
	ik_itl_free(itl);
	free(itlbuf);
	/* Add this certificate as a SAST record: the same name, now a match. */
	recs[1].function = IK_FN_SAST;
	recs[1].cert = x;
	ck_assert_int_eq(ik_itl_build(&so, NULL, recs, 2, &itlbuf, &ilen,
	    &err), IK_OK);
	ck_assert_int_eq(ik_itl_parse(itlbuf, ilen, &itl, &err), IK_OK);
	ck_assert_int_eq(ik_p12_match_itl(p, "own.tlv", itl, &err), IK_OK);
	ck_assert(p->matches[1].matches);
	ck_assert_uint_eq(p->matches[1].record, 2);
	ik_itl_free(itl);
	free(itlbuf);
	ik_p12_free(p);

	p = open_ok(der, len, "cisco123\n", IK_OK);
	co.at = T0 + 5 * YEAR - 10 * 86400;
	ik_p12_check(p, &co);
	ck_assert_int_eq(p->days_left, 10);
	ck_assert(ik_findings_has(&p->findings, IKF_P12_CERT_EXPIRING));
	ik_p12_free(p);
	p = open_ok(der, len, "cisco123\n", IK_OK);
	co.at = T0 + 5 * YEAR + 86400 + 1;
	ik_p12_check(p, &co);
	ck_assert_int_eq(p->days_left, -2);
	ck_assert(ik_findings_has(&p->findings, IKF_P12_CERT_EXPIRED));
	ik_p12_free(p);
	OPENSSL_free(der);
	X509_free(x);
	X509_free(xf);
	EVP_PKEY_free(k);
	EVP_PKEY_free(kf);
}
END_TEST

START_TEST(reports_never_hold_the_password)
{
	EVP_PKEY *k = tk_rsa_key(1024, 0);
	X509 *x = tk_cert(k, "CUCM-node", 3, T0, T0 + YEAR);
	ik_p12_render_opts ro = { "p12-check", "x.p12", NULL, -1, NULL };
	ik_p12_check_opts co = { T0, 180 };
	const uint8_t *pem;
	EVP_PKEY *back;
	uint8_t *der;
	size_t len, plen;
	ik_error err;
	void *h;
	json_t *j;
	char *s;
	ik_sb sb;
	ik_p12 *p;

	der = p12_der(k, x, 0, 0, EVP_sha256(), &len);
	p = open_ok(der, len, "first-guess\ncisco123\n", IK_OK);
	ik_p12_check(p, &co);
	ck_assert(ik_findings_has(&p->findings, IKF_P12_NOT_ITLRECOVERY));
	ck_assert_ptr_null(p->itl_recovery_host);
	j = ik_p12_json(p, &ro);
	s = ik_json_line(j);
	ck_assert_ptr_null(strstr(s, "cisco123"));
	ck_assert_ptr_null(strstr(s, "first-guess"));
	ck_assert_ptr_nonnull(strstr(s, "\"password\":\"matched\",\"candidate\":2"));
	free(s);
	json_decref(j);
	ik_sb_init(&sb);
	ik_p12_text(&sb, p, &ro);
	ck_assert_ptr_null(strstr(sb.s, "cisco123"));
	ik_sb_free(&sb);
	/* The extracted PEM key reads back as the same key. */
	ik_error_clear(&err);
	ck_assert_int_eq(ik_p12_key_pem(p, &h, &pem, &plen, &err), IK_OK);
	ck_assert_int_eq(ik_pem_read_key(pem, plen, &back, &err), IK_OK);
	ck_assert(EVP_PKEY_eq(back, k) == 1);
	EVP_PKEY_free(back);
	ik_p12_pem_free(h);
	ik_p12_free(p);
	OPENSSL_free(der);
	X509_free(x);
	EVP_PKEY_free(k);
}
END_TEST

/* Iteration counts are attacker-chosen: over the limit nothing is computed. */
START_TEST(iteration_limit)
{
	EVP_PKEY *k = tk_rsa_key(1024, 0);
	X509 *x = tk_cert(k, "ITLRECOVERY_c.example.com", 8, T0, T0 + YEAR);
	uint8_t *der;
	size_t len;
	ik_p12 *p;

	der = p12_der(k, x, 0, 0, EVP_sha256(), &len);
	ik_p12_set_max_iterations(1000);
	p = open_ok(der, len, "cisco123\n", IK_OK);
	ck_assert(ik_findings_has(&p->findings, IKF_P12_ITERATIONS_TOO_HIGH));
	ck_assert(!p->mac_verified);
	ck_assert_ptr_null(p->key);
	ik_p12_free(p);
	/* The same file under the default limit opens. */
	ik_p12_set_max_iterations(0);
	p = open_ok(der, len, "cisco123\n", IK_OK);
	ck_assert(p->mac_verified);
	ck_assert(!ik_findings_has(&p->findings, IKF_P12_ITERATIONS_TOO_HIGH));
	ik_p12_free(p);
	OPENSSL_free(der);
	X509_free(x);
	EVP_PKEY_free(k);
}
END_TEST

/*
 * One budget pays for the key derivations of many files: what it cannot
 * pay for is not run, and the file says so instead of a wrong password.
 */
START_TEST(kdf_budget)
{
	EVP_PKEY *k = tk_rsa_key(1024, 0);
	X509 *x = tk_cert(k, "ITLRECOVERY_c.example.com", 8, T0, T0 + YEAR);
	ik_kdf_budget b;
	ik_secrets s;
	ik_error err;
	uint8_t *der;
	size_t len;
	ik_p12 *p;

	ik_kdf_budget_init(&b, 5000);
	ck_assert(ik_kdf_budget_take(&b, 2048));
	ck_assert(ik_kdf_budget_take(&b, 2048));
	ck_assert(!ik_kdf_budget_take(&b, 2048));
	ck_assert_int_eq(b.spent, 4096);
	ck_assert_int_eq(b.refused, 2048);
	ck_assert(ik_kdf_budget_take(NULL, 1L << 40));

	/* MAC (2048) and two bags (2048 each) with the right password: 6144
	 * iterations; 5000 pays for the MAC and one bag only. */
	der = p12_der(k, x, 0, 0, EVP_sha256(), &len);
	ik_kdf_budget_init(&b, 5000);
	cands(&s, "wrong1\ncisco123\n");
	ik_error_clear(&err);
	ck_assert_int_eq(ik_p12_open_budget(der, len, &s, &b, &p, &err), IK_OK);
	ck_assert(p->over_budget);
	ck_assert(ik_findings_has(&p->findings, IKF_P12_BUDGET_EXHAUSTED));
	ck_assert(!ik_findings_has(&p->findings, IKF_P12_WRONG_PASSWORD));
	ck_assert_int_eq(p->kdf_estimate, 2 * (2048 + 2 * 2048));
	ik_p12_free(p);
	/* The same file with room enough: opened, nothing said. */
	ik_kdf_budget_init(&b, 0);
	ck_assert_int_eq(ik_p12_open_budget(der, len, &s, &b, &p, &err), IK_OK);
	ck_assert(!p->over_budget);
	ck_assert(p->mac_verified && p->key != NULL);
	ck_assert_int_eq(b.spent, 2048 * 4);
	ik_p12_free(p);
	ik_secrets_free(&s);
	OPENSSL_free(der);
	X509_free(x);
	EVP_PKEY_free(k);
}
END_TEST

Suite *suite_p12(void);

Suite *
suite_p12(void)
{
	Suite *s = suite_create("p12");
	TCase *tc = tcase_create("p12");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, legacy_rc2_3des_sha1_mac);
	tcase_add_test(tc, kdf_budget);
	tcase_add_test(tc, modern_aes_and_no_mac);
	tcase_add_test(tc, wrong_password_damage_and_truncation);
	tcase_add_test(tc, key_certificate_mismatch);
	tcase_add_test(tc, validity_identity_and_itl_match);
	tcase_add_test(tc, reports_never_hold_the_password);
	tcase_add_test(tc, iteration_limit);
	suite_add_tcase(s, tc);
	return s;
}
