/*
 * test_drs_crypto.c: the DRS crypto, manifest, container and path layers
 * against known answers: test vectors TV1-TV7 of
 * samples/testvectors/drs_crypto_testvectors.md (copied here as
 * constants and tests/data/drs/tv), manifests with known content and
 * malformed ones, trailing text, hostile member paths.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "ik_drs.h"
#include "drs_private.h"

static void
hex_upper(const uint8_t *k, size_t n, char *out)
{
	size_t i;

	ik_hex(k, n, out);
	for (i = 0; out[i]; i++)
		if (out[i] >= 'a' && out[i] <= 'f')
			out[i] = (char)(out[i] - 'a' + 'A');
}

START_TEST(tv1_platform_encode)
{
	char H[65];
	ik_error e;

	ik_error_clear(&e);
	ck_assert_int_eq(ik_drs_platform_encode("UCCE@dm1n!", 10, H, &e), IK_OK);
	ck_assert_str_eq(H,
	    "CB6494DA0314AE240F93E5A36EF81259831812812AB2825C831812812AB2825C");
	ck_assert_int_eq(ik_drs_platform_encode("Synthetic#Pass1", 15, H, &e),
	    IK_OK);
	ck_assert_str_eq(H,
	    "033D77E90D853E03592F55442657AA33831812812AB2825C831812812AB2825C");
	ck_assert_int_eq(ik_drs_platform_encode(
	    "0123456789012345678901234567890123", 34, H, &e), IK_FAILED);
}
END_TEST

START_TEST(tv2_platform_decode)
{
	char pw[40];
	ik_error e;

	ik_error_clear(&e);
	ck_assert_int_eq(ik_drs_platform_decode(
	    "BEDA6472791869342394638D1305EC39831812812AB2825C831812812AB2825C",
	    pw, sizeof(pw), &e), IK_OK);
	ck_assert_str_eq(pw, "toadwart60");
	ck_assert_int_eq(ik_drs_platform_decode("zz", pw, sizeof(pw), &e),
	    IK_FAILED);
}
END_TEST

START_TEST(tv3_scheme1_value)
{
	char H[65];
	uint8_t out[64];
	size_t n;
	ik_error e;

	ik_error_clear(&e);
	ik_drs_platform_encode("UCCE@dm1n!", 10, H, &e);
	ck_assert_int_eq(ik_drs_value_decrypt(1, H,
	    "89babe930a6aeb06a8e278e50dbd632dcac63299ca4b236fdac2b92d419bbe9d",
	    out, sizeof(out), &n, &e), IK_OK);
	ck_assert_uint_eq(n, 20);
	ck_assert(memcmp(out, "HW05W6PMq71Hq73apC9c", 20) == 0);
	ck_assert(ik_drs_randpw_plausible(out, n));
	/* The same value under another scheme is padding garbage at best. */
	if (ik_drs_value_decrypt(4, H,
	    "89babe930a6aeb06a8e278e50dbd632dcac63299ca4b236fdac2b92d419bbe9d",
	    out, sizeof(out), &n, &e) == IK_OK)
		ck_assert(!ik_drs_randpw_plausible(out, n));
}
END_TEST

START_TEST(tv4_to_tv6_scheme2_keys)
{
	static const struct {
		const char *pw, *pbkdf2, *parity;
	} tv[] = {
		{ "testpassword1",
		  "EB914E4C49311C6F9D57EAE1EBD1B13071EEA7E3EDF96088",
		  "EA914F4C49311C6E9D57EAE0EAD0B03170EFA7E3ECF86189" },
		{ "testpassword2",
		  "49B0F3DCF2434D229340F5078FEE6AAE34C43B6E900E4D1B",
		  "49B0F2DCF2434C239240F4078FEF6BAE34C43B6E910E4C1A" },
	};
	char H[65], hex[49];
	uint8_t key[24], raw[24];
	ik_error e;
	size_t i;

	ik_error_clear(&e);
	for (i = 0; i < 2; i++) {
		ik_drs_platform_encode(tv[i].pw, strlen(tv[i].pw), H, &e);
		ck_assert_uint_eq(ik_drs_scheme_key(2, H, key), 24);
		hex_upper(key, 24, hex);
		ck_assert_str_eq(hex, tv[i].parity);
		/* TV4/TV6: the raw PBKDF2 output differs only in parity bits. */
		ck_assert_int_eq(ik_unhex(tv[i].pbkdf2, 48, raw, 24), 24);
		for (size_t k = 0; k < 24; k++)
			ck_assert_uint_eq(raw[k] & 0xFE, key[k] & 0xFE);
	}
}
END_TEST

START_TEST(schemes_round_trip)
{
	static const char pw[] = "HW05W6PMq71Hq73apC9c";
	char H[65], *hex;
	uint8_t out[64];
	size_t n;
	ik_error e;
	int s;

	ik_error_clear(&e);
	ik_drs_platform_encode("Round#Trip7", 11, H, &e);
	for (s = 1; s <= 4; s++) {
		ck_assert_int_eq(ik_drs_value_encrypt(s, H, (const uint8_t *)pw,
		    20, &hex, &e), IK_OK);
		ck_assert_uint_eq(strlen(hex), 64);
		ck_assert_int_eq(ik_drs_value_decrypt(s, H, hex, out,
		    sizeof(out), &n, &e), IK_OK);
		ck_assert(n == 20 && memcmp(out, pw, 20) == 0);
		free(hex);
	}
	ck_assert_int_eq(ik_drs_value_decrypt(1, H, "abc", out, sizeof(out),
	    &n, &e), IK_FAILED);
	ck_assert_int_eq(ik_drs_value_decrypt(9, H, "00112233445566778899aabbccddeeff",
	    out, sizeof(out), &n, &e), IK_FAILED);
}
END_TEST

START_TEST(version_to_scheme)
{
	ck_assert_int_eq(ik_drs_scheme_for_version("8.6.2.20000-2"), 1);
	ck_assert_int_eq(ik_drs_scheme_for_version("10.5.2.10000-5"), 1);
	ck_assert_int_eq(ik_drs_scheme_for_version("11.0.1.10000-10"), 2);
	ck_assert_int_eq(ik_drs_scheme_for_version("11.5.1.10000-6"), 3);
	ck_assert_int_eq(ik_drs_scheme_for_version("12.0.1.10000-10"), 4);
	ck_assert_int_eq(ik_drs_scheme_for_version("12.5.1.10000-22"), 0);
	ck_assert_int_eq(ik_drs_scheme_for_version("15"), 0);
	ck_assert_int_eq(ik_drs_scheme_for_version("junk"), 0);
	ck_assert_int_eq(ik_drs_scheme_for_version(NULL), 0);
	ck_assert_int_eq(ik_drs_container_digest("8.5.1.10000-26"), IK_MD5);
	ck_assert_int_eq(ik_drs_container_digest("8.6.1"), IK_SHA1);
}
END_TEST

/* Reads a whole stream into a buffer. */
static size_t
read_stream(ik_drs_stream *s, uint8_t *out, size_t cap, ik_status *st,
    ik_error *e)
{
	const void *buf;
	size_t n, len = 0;

	for (;;) {
		*st = ik_drs_stream_read(s, &buf, &n, e);
		if (*st != IK_OK || n == 0)
			return len;
		ck_assert_uint_le(len + n, cap);
		memcpy(out + len, buf, n);
		len += n;
	}
}

START_TEST(tv7_container_stream)
{
	uint8_t *enc, *txt, out[1024];
	size_t elen, tlen, n;
	ik_drs_source src = { .fd = -1 };
	ik_drs_layout l;
	ik_drs_stream *s;
	ik_status st;
	ik_error e;

	ik_error_clear(&e);
	ck_assert_int_eq(ik_read_file("drs/tv/tv7.enc", 4096, &enc, &elen, &e),
	    IK_OK);
	ck_assert_int_eq(ik_read_file("drs/tv/tv7.txt", 4096, &txt, &tlen, &e),
	    IK_OK);
	src.mem = enc;
	src.size = elen;
	ck_assert_int_eq(ik_drs_source_layout(&src, &l, &e), IK_OK);
	ck_assert_int_eq(l.container, IK_DRS_CONT_SALTED);
	ck_assert(l.aligned);
	ck_assert_uint_eq(l.data_start, 16);
	ck_assert_uint_eq(l.data_end, elen);
	ck_assert_int_eq(ik_drs_stream_open(&src, &l, IK_SHA1,
	    "ABCDEFGHIJKLMNOPQRST", 20, &s, &e), IK_OK);
	n = read_stream(s, out, sizeof(out), &st, &e);
	ck_assert_int_eq(st, IK_OK);
	ck_assert_uint_eq(n, tlen);
	ck_assert(memcmp(out, txt, n) == 0);
	ik_drs_stream_close(s);
	/* A wrong password fails on the padding, never silently. */
	ck_assert_int_eq(ik_drs_stream_open(&src, &l, IK_SHA1,
	    "ABCDEFGHIJKLMNOPQRSX", 20, &s, &e), IK_OK);
	read_stream(s, out, sizeof(out), &st, &e);
	ck_assert_int_eq(st, IK_FAILED);
	ck_assert_ptr_nonnull(strstr(e.msg, "bad padding"));
	ik_drs_stream_close(s);
	ik_drs_layout_free(&l);
	free(enc);
	free(txt);
}
END_TEST

START_TEST(layout_trailing_text)
{
	uint8_t buf[16 + 64 + 40];
	ik_drs_layout l;
	ik_error e;
	bool same;
	static const char tail[] = "x -salt -k Abcdefghij0123456789 done\n";

	ik_error_clear(&e);
	memcpy(buf, "Salted__12345678", 16);
	memset(buf + 16, 0x01, 64);	/* "ciphertext": not printable */
	buf[16 + 63] = 'A';		/* a printable last ciphertext byte */
	memcpy(buf + 80, tail, sizeof(tail) - 1);
	ck_assert_int_eq(ik_drs_layout_detect(buf, sizeof(buf), buf,
	    80 + sizeof(tail) - 1, 80 + sizeof(tail) - 1, &l, &e), IK_OK);
	ck_assert(l.aligned);
	ck_assert_uint_eq(l.trailer_len, sizeof(tail) - 1);
	ck_assert_uint_eq(l.data_end, 80);
	ck_assert_uint_eq(ik_drs_trailer_leak(l.trailer, l.trailer_len,
	    "Abcdefghij0123456789", &same), 20);
	ck_assert(same);
	ck_assert_uint_eq(ik_drs_trailer_leak("no -kind of leak", 16, NULL,
	    &same), 0);
	ik_drs_layout_free(&l);
	/* 7 bytes short of whole blocks and not printable: truncated. */
	ck_assert_int_eq(ik_drs_layout_detect(buf, 73, buf, 73, 73, &l, &e),
	    IK_OK);
	ck_assert(!l.aligned);
	ik_drs_layout_free(&l);
	/* Plain tar and gzip are recognised. */
	memset(buf, 0, sizeof(buf));
	buf[0] = 0x1f;
	buf[1] = 0x8b;
	ck_assert_int_eq(ik_drs_layout_detect(buf, 20, buf, 20, 20, &l, &e),
	    IK_OK);
	ck_assert_int_eq(l.container, IK_DRS_CONT_GZIP);
}
END_TEST

static const char good_manifest[] =
    "<?xml version=\"1.0\"?>\n<list>\n <FeatureObject>\n"
    "  <Version>11.0.1.10000-10</Version>\n  <NewJavaField><x>1</x></NewJavaField>\n"
    "  <vServerObject><ServerObj><ServerName>pub1</ServerName>\n"
    "   <vComponentObject>\n"
    "    <ComponentObject><ComponentName>TFTP</ComponentName>\n"
    "     <EncryptKey> 00112233 </EncryptKey>\n"
    "     <EncryptedSHA1CheckSum>aabb</EncryptedSHA1CheckSum>\n"
    "     <Status>ERROR</Status>\n"
    "    </ComponentObject>\n"
    "   </vComponentObject></ServerObj>\n"
    "   <ServerObj><ServerName>sub1</ServerName><vComponentObject>\n"
    "    <ComponentObject><ComponentName>CLM</ComponentName>\n"
    "     <EncryptKey>ccdd</EncryptKey><EncryptedSHA1CheckSum>eeff</EncryptedSHA1CheckSum>\n"
    "    </ComponentObject></vComponentObject></ServerObj>\n"
    "  </vServerObject>\n  <FeatureName>UCM</FeatureName>\n </FeatureObject>\n</list>\n";

/* Where keys sit in trailing text: both openssl forms, quotes stripped,
 * option words only (not "-kfile", not "x-k"), over-long tokens left. */
START_TEST(trailer_leak_forms)
{
	static const char t[] =
	    "openssl enc -salt -k Key1abc -in a\n"
	    "openssl enc -pass pass:'Key2 x' -pass pass:\"Key3\"\n"
	    "-kfile f x-k no -k\t\tKey4\n";
	ik_drs_leak v[IK_DRS_LEAKS_MAX];
	char big[300 + 4];

	ck_assert_uint_eq(ik_drs_trailer_leaks(t, sizeof(t) - 1, v, 4), 4);
	ck_assert_uint_eq(v[0].off, 21);
	ck_assert_uint_eq(v[0].len, 7);
	ck_assert_str_eq(v[0].form, "-k");
	ck_assert(memcmp(t + v[0].off, "Key1abc", 7) == 0);
	/* 'Key2 x' is cut at the blank: the quote is not closed, kept. */
	ck_assert_str_eq(v[1].form, "-pass pass:");
	ck_assert(v[1].len == 5 && memcmp(t + v[1].off, "'Key2", 5) == 0);
	ck_assert(v[2].len == 4 && memcmp(t + v[2].off, "Key3", 4) == 0);
	ck_assert(v[3].len == 4 && memcmp(t + v[3].off, "Key4", 4) == 0);
	/* The limit holds. */
	ck_assert_uint_eq(ik_drs_trailer_leaks(t, sizeof(t) - 1, v, 2), 2);
	/* A token over IK_DRS_LEAK_KEY_MAX is not a key; "-k" at the end
	 * with nothing after it neither. */
	memcpy(big, "-k ", 3);
	memset(big + 3, 'a', 300);
	big[303] = '\0';
	ck_assert_uint_eq(ik_drs_trailer_leaks(big, 303, v, 4), 0);
	ck_assert_uint_eq(ik_drs_trailer_leaks("x -k", 4, v, 4), 0);
	ck_assert_uint_eq(ik_drs_trailer_leaks("x -k ", 5, v, 4), 0);
}
END_TEST

START_TEST(manifest_parse_lenient)
{
	ik_drs_manifest m;
	ik_findings f;
	ik_error e;
	size_t off;

	ik_error_clear(&e);
	ik_findings_init(&f);
	ck_assert_int_eq(ik_drs_manifest_parse((const uint8_t *)good_manifest,
	    strlen(good_manifest), &m, &f, &e), IK_OK);
	ck_assert_str_eq(m.version, "11.0.1.10000-10");
	ck_assert_uint_eq(m.ncomps, 2);
	ck_assert_uint_eq(m.nservers, 2);
	ck_assert_uint_eq(m.nfeatures, 1);
	/* FeatureName after the servers still reaches the components. */
	ck_assert_str_eq(m.comps[1].feature, "UCM");
	ck_assert_str_eq(m.comps[1].server, "sub1");
	ck_assert_str_eq(m.comps[0].encrypt_key, "00112233");
	/* The span covers the raw element content, white space included. */
	off = m.comps[0].key_off;
	ck_assert(memcmp(good_manifest + off, " 00112233 ", 10) == 0);
	ck_assert_uint_eq(m.comps[0].key_len, 10);
	ck_assert(memcmp(good_manifest + m.comps[1].sum_off, "eeff", 4) == 0);
	ck_assert(ik_findings_has(&f, IKF_DRS_COMPONENT_STATUS));
	ik_drs_manifest_free(&m);
	ik_findings_free(&f);
}
END_TEST

START_TEST(manifest_parse_malformed)
{
	static const char *bad[] = {
		"<list><FeatureObject></list>",
		"<?xml version=\"1.0\"?>\n<!DOCTYPE list [<!ENTITY a \"aaaa\">]>\n<list>&a;</list>",
		"",
		"<list><ComponentObject><ComponentObject/></ComponentObject></list>",
	};
	ik_drs_manifest m;
	ik_findings f;
	ik_error e;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ik_error_clear(&e);
		ik_findings_init(&f);
		ck_assert_int_eq(ik_drs_manifest_parse((const uint8_t *)bad[i],
		    strlen(bad[i]), &m, &f, &e), IK_FAILED);
		ck_assert_msg(strncmp(e.msg, "line ", 5) == 0, "%s", e.msg);
		ik_findings_free(&f);
	}
	ik_error_clear(&e);
	ik_findings_init(&f);
	ik_drs_manifest_parse((const uint8_t *)bad[0], strlen(bad[0]), &m, &f,
	    &e);
	ck_assert_str_eq(e.msg, "line 1:24: mismatched tag");
	ik_findings_free(&f);
}
END_TEST

START_TEST(member_paths)
{
	char out[64];
	const char *why;

	ck_assert_int_eq(drs_path_clean("a/./b//c", false, out, sizeof(out),
	    &why), 0);
	ck_assert_str_eq(out, "a/b/c");
	ck_assert_int_eq(drs_path_clean("/etc/passwd", false, out, sizeof(out),
	    &why), -1);
	ck_assert_str_eq(why, "absolute path");
	ck_assert_int_eq(drs_path_clean("/etc/passwd", true, out, sizeof(out),
	    &why), 0);
	ck_assert_str_eq(out, "etc/passwd");
	ck_assert_int_eq(drs_path_clean("ok/../../x", true, out, sizeof(out),
	    &why), -1);
	ck_assert_int_eq(drs_path_clean("./", true, out, sizeof(out), &why), -1);
	ck_assert(drs_link_escapes("a/link", "../../x"));
	ck_assert(!drs_link_escapes("a/link", "../x"));
	ck_assert(drs_link_escapes("link", "/etc"));
	ck_assert(!drs_link_escapes("link", "ok/fine.txt"));
	ck_assert(drs_link_escapes("link", "ok/../../x"));
	ck_assert_str_eq(ik_drs_artifact_kind("/a/ITLRECOVERY.P12"),
	    "itl-recovery-p12");
	ck_assert_ptr_null(ik_drs_artifact_kind("/a/readme.txt"));
}
END_TEST

Suite *suite_drs_crypto(void);

Suite *
suite_drs_crypto(void)
{
	Suite *s = suite_create("drs_crypto");
	TCase *tc = tcase_create("crypto");

	tcase_add_test(tc, tv1_platform_encode);
	tcase_add_test(tc, tv2_platform_decode);
	tcase_add_test(tc, tv3_scheme1_value);
	tcase_add_test(tc, tv4_to_tv6_scheme2_keys);
	tcase_add_test(tc, schemes_round_trip);
	tcase_add_test(tc, version_to_scheme);
	tcase_add_test(tc, tv7_container_stream);
	tcase_add_test(tc, layout_trailing_text);
	tcase_add_test(tc, trailer_leak_forms);
	tcase_add_test(tc, manifest_parse_lenient);
	tcase_add_test(tc, manifest_parse_malformed);
	tcase_add_test(tc, member_paths);
	suite_add_tcase(s, tc);
	return s;
}
