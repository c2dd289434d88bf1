/*
 * test_base.c: the base layer: errors, findings, string buffer, hex, time,
 * secrets, atomic writes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <check.h>

#include "ik_base.h"
#include "ik_report.h"
#include "ik_secret.h"

START_TEST(error_context_chain)
{
	ik_error err;

	ik_error_clear(&err);
	ck_assert_int_eq(ik_error_set_at(&err, IK_FAILED, IK_ERR_FORMAT, 212,
	    "bad DER at offset %d", 212), IK_FAILED);
	ik_error_push(&err, "certificate");
	ik_error_push(&err, "record %d", 3);
	ck_assert_str_eq(err.msg, "record 3: certificate: bad DER at offset 212");
	ck_assert_int_eq(err.offset, 212);
}
END_TEST

START_TEST(findings_worst_and_json)
{
	ik_findings f;
	json_t *j;
	char *s;

	ik_findings_init(&f);
	ck_assert_int_eq(ik_findings_worst(&f), -1);
	ik_findings_add(&f, IK_SEV_INFO, IKF_UNKNOWN_TAG, NULL, "first %d", 1);
	ik_findings_add(&f, IK_SEV_ERROR, IKF_TRUNCATED, "record 2", "bad\x01");
	ck_assert_int_eq(ik_findings_worst(&f), IK_SEV_ERROR);
	ck_assert(ik_findings_has(&f, IKF_TRUNCATED));
	ck_assert(!ik_findings_has(&f, IKF_SIGNATURE_INVALID));
	j = ik_findings_json(&f);
	s = json_dumps(j, IK_JSON_FLAGS);
	/* JSON keeps the exact message, control escaped as JSON does. */
	ck_assert_str_eq(s, "[{\"severity\":\"info\",\"code\":\"UNKNOWN_TAG\","
	    "\"message\":\"first 1\",\"where\":null},{\"severity\":\"error\","
	    "\"code\":\"TRUNCATED\",\"message\":\"bad\\u0001\","
	    "\"where\":\"record 2\"}]");
	free(s);
	json_decref(j);
	ik_findings_free(&f);
}
END_TEST

/*
 * A finding that cannot be recorded is not silently dropped: the list
 * counts it, its worst severity becomes an error whatever was lost, and
 * both renderings end with FINDINGS_LOST.
 */
START_TEST(findings_lost_latch_an_error)
{
	ik_findings f;
	json_t *j;
	ik_sb sb;
	char *s;

	ik_findings_init(&f);
	ck_assert_int_eq(ik_findings_add(&f, IK_SEV_INFO, IKF_UNKNOWN_TAG,
	    "record 1", "kept"), 0);
	ck_assert_int_eq(ik_findings_worst(&f), IK_SEV_INFO);
	ik_findings_test_fail_next(2);
	ck_assert_int_eq(ik_findings_add(&f, IK_SEV_INFO, IKF_STUB_RECORD,
	    NULL, "lost"), -1);
	ck_assert_int_eq(ik_findings_add(&f, IK_SEV_WARNING,
	    IKF_DUPLICATE_TAG, "header", "lost too"), -1);
	/* The hook is spent: the next one is recorded. */
	ck_assert_int_eq(ik_findings_add(&f, IK_SEV_INFO, IKF_STUB_RECORD,
	    NULL, "kept %d", 2), 0);
	ck_assert_uint_eq(f.n, 2);
	ck_assert_uint_eq(f.lost, 2);
	ck_assert(!ik_findings_has(&f, IKF_DUPLICATE_TAG));
	/* Only info findings were recorded, yet the list says error. */
	ck_assert_int_eq(ik_findings_worst(&f), IK_SEV_ERROR);
	j = ik_findings_json(&f);
	s = json_dumps(j, IK_JSON_FLAGS);
	ck_assert_str_eq(s, "[{\"severity\":\"info\",\"code\":\"UNKNOWN_TAG\","
	    "\"message\":\"kept\",\"where\":\"record 1\"},"
	    "{\"severity\":\"info\",\"code\":\"STUB_RECORD\","
	    "\"message\":\"kept 2\",\"where\":null},"
	    "{\"severity\":\"error\",\"code\":\"FINDINGS_LOST\","
	    "\"message\":\"2 findings were lost: memory ran out\","
	    "\"where\":null}]");
	free(s);
	json_decref(j);
	/* Text: errors first, the loss among them. */
	ik_sb_init(&sb);
	ik_findings_text(&sb, &f, "  ");
	ck_assert_str_eq(sb.s,
	    "  error FINDINGS_LOST: 2 findings were lost: memory ran out\n"
	    "  info UNKNOWN_TAG [record 1]: kept\n"
	    "  info STUB_RECORD: kept 2\n");
	ik_sb_free(&sb);
	ik_findings_free(&f);
	ck_assert_uint_eq(f.lost, 0);

	/* A list with nothing but a loss. */
	ik_findings_test_fail_next(1);
	ck_assert_int_eq(ik_findings_add(&f, IK_SEV_ERROR, IKF_TRUNCATED,
	    NULL, "lost"), -1);
	ck_assert_uint_eq(f.n, 0);
	ck_assert_int_eq(ik_findings_worst(&f), IK_SEV_ERROR);
	j = ik_findings_json(&f);
	s = json_dumps(j, IK_JSON_FLAGS);
	ck_assert_str_eq(s, "[{\"severity\":\"error\",\"code\":"
	    "\"FINDINGS_LOST\",\"message\":\"1 finding was lost: memory ran "
	    "out\",\"where\":null}]");
	free(s);
	json_decref(j);
	/* A code outside the table is refused, and counted too. */
	ck_assert_int_eq(ik_findings_add(&f, IK_SEV_ERROR, IKF_COUNT, NULL,
	    "no such code"), -1);
	ck_assert_uint_eq(f.lost, 2);
	ik_findings_free(&f);
}
END_TEST

START_TEST(hex_roundtrip)
{
	uint8_t in[4] = { 0x61, 0x40, 0x52, 0xe9 }, out[8];
	char buf[16];

	ik_hex(in, 4, buf);
	ck_assert_str_eq(buf, "614052e9");
	ik_hex_sep(in, 4, ':', buf);
	ck_assert_str_eq(buf, "61:40:52:E9");
	ck_assert_int_eq(ik_unhex("61:40:52:e9", 11, out, sizeof(out)), 4);
	ck_assert_mem_eq(in, out, 4);
	ck_assert_int_eq(ik_unhex("1B A1 C9 ", 9, out, sizeof(out)), 3);
	ck_assert_int_eq(ik_unhex("abc", 3, out, sizeof(out)), -1);
	ck_assert_int_eq(ik_unhex("zz", 2, out, sizeof(out)), -1);
	ck_assert_int_eq(ik_unhex("0102", 4, out, 1), -1);
}
END_TEST

START_TEST(time_rfc3339)
{
	time_t t;
	char buf[32];

	ck_assert_int_eq(ik_time_parse("2015-05-07T03:10:47Z", &t), 0);
	ck_assert_int_eq((long long)t, 1430968247LL);
	ck_assert_int_eq(ik_time_parse("2015-05-07T05:10:47+02:00", &t), 0);
	ck_assert_int_eq((long long)t, 1430968247LL);
	ck_assert_int_eq(ik_time_parse("2015-05-07", &t), 0);
	ck_assert_int_eq((long long)t, 1430956800LL);
	ck_assert_int_ne(ik_time_parse("2015-13-07T00:00:00Z", &t), 0);
	ck_assert_int_ne(ik_time_parse("yesterday", &t), 0);
	/* "@EPOCH" as date(1) takes it, the same instant as above. */
	ck_assert_int_eq(ik_time_parse("@1430968247", &t), 0);
	ck_assert_int_eq((long long)t, 1430968247LL);
	ck_assert_int_eq(ik_time_parse("@0", &t), 0);
	ck_assert_int_eq((long long)t, 0);
	ck_assert_int_eq(ik_time_parse("@253402300799", &t), 0);
	ck_assert_int_ne(ik_time_parse("@253402300800", &t), 0);
	ck_assert_int_ne(ik_time_parse("@99999999999999999999999", &t), 0);
	ck_assert_int_ne(ik_time_parse("@", &t), 0);
	ck_assert_int_ne(ik_time_parse("@-1", &t), 0);
	ck_assert_int_ne(ik_time_parse("@12x", &t), 0);
	ik_time_format(1430968247, buf, sizeof(buf));
	ck_assert_str_eq(buf, "2015-05-07T03:10:47Z");
}
END_TEST

/* Dates that do not exist are refused, not rolled over by timegm(). */
START_TEST(time_impossible_dates)
{
	time_t t;

	ck_assert_int_eq(ik_time_parse("2024-02-29", &t), 0);
	ck_assert_int_eq((long long)t, 1709164800LL);
	ck_assert_int_eq(ik_time_parse("2000-02-29T12:00:00Z", &t), 0);
	ck_assert_int_eq(ik_time_parse("2016-12-31T23:59:60Z", &t), 0);
	ck_assert_int_eq(ik_time_parse("2024-04-30T00:00:00Z", &t), 0);
	ck_assert_int_ne(ik_time_parse("2023-02-29", &t), 0);
	ck_assert_int_ne(ik_time_parse("1900-02-29", &t), 0);
	ck_assert_int_ne(ik_time_parse("2024-02-31", &t), 0);
	ck_assert_int_ne(ik_time_parse("2024-04-31T00:00:00Z", &t), 0);
	ck_assert_int_ne(ik_time_parse("2024-13-01", &t), 0);
	ck_assert_int_ne(ik_time_parse("2024-00-10", &t), 0);
	ck_assert_int_ne(ik_time_parse("2024-01-01T24:00:60Z", &t), 0);
	ck_assert_int_ne(ik_time_parse("2024-01-01T12:30:60Z", &t), 0);
	ck_assert_int_ne(ik_time_parse("2024-01-01T00:00:00+24:00", &t), 0);
}
END_TEST

/* Input kinds by their first bytes, and the hint for a wrong one. */
START_TEST(sniff_kinds)
{
	static const struct {
		const char *bytes;
		size_t len;
		ik_input_kind kind;
	} v[] = {
		{ "\x1f\x8b\x08\x00", 4, IK_IN_GZIP },
		{ "BZh91AY&SY", 10, IK_IN_BZIP2 },
		{ "\xfd" "7zXZ\0\0", 7, IK_IN_XZ },
		{ "\x28\xb5\x2f\xfd\0", 5, IK_IN_ZSTD },
		{ "PK\x03\x04\x14\0", 6, IK_IN_ZIP },
		{ "\x01\x00\x02\x01\x02\x02\x00\x02\x01\x30", 10,
		    IK_IN_TRUSTLIST },
		{ "admin:show itl\nThe checksum value of the ITL file:\n", 50,
		    IK_IN_TRUSTLIST },
		{ "\x30\x82\x06\x5d\x02\x01\x03\x30", 8, IK_IN_P12 },
		{ "\x30\x82\x06\x5d\x02\x01\x02\x30", 8, IK_IN_UNKNOWN },
		{ "x %UC_CALLMANAGER-6-DeviceTLInfo: %[", 36, IK_IN_EVENTS },
		{ "-----BEGIN CERTIFICATE-----\n", 28, IK_IN_PEM },
		{ "hello\n", 6, IK_IN_UNKNOWN },
		{ "", 0, IK_IN_UNKNOWN },
	};
	uint8_t tar[512];
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		ck_assert_msg(ik_input_sniff((const uint8_t *)v[i].bytes,
		    v[i].len) == v[i].kind, "case %zu", i);
	/*
	 * A tar header by its magic, POSIX ("ustar\0") and GNU ("ustar  "),
	 * even when the first member mentions DeviceTLInfo; a header cut
	 * before the magic is not one.
	 */
	memset(tar, 0, sizeof(tar));
	memcpy(tar, "events.txt", 10);
	memcpy(tar + 257, "ustar\0" "00", 8);
	memcpy(tar + 300, "DeviceTLInfo", 12);
	ck_assert_int_eq(ik_input_sniff(tar, sizeof(tar)), IK_IN_TAR);
	memcpy(tar + 257, "ustar  \0", 8);
	ck_assert_int_eq(ik_input_sniff(tar, sizeof(tar)), IK_IN_TAR);
	ck_assert_int_eq(ik_input_sniff(tar, 261), IK_IN_UNKNOWN);
	ck_assert_ptr_nonnull(strstr(ik_input_hint(IK_IN_TAR, IK_IN_TRUSTLIST),
	    "tar archive"));
	/* No option named: which one takes a trust list is the caller's. */
	ck_assert_str_eq(ik_input_hint(IK_IN_TRUSTLIST, IK_IN_EVENTS),
	    "this is a trust list (ITL/CTL or a show itl dump)");
	ck_assert_str_eq(ik_input_hint(IK_IN_TRUSTLIST, IK_IN_P12),
	    "this is a trust list (ITL/CTL or a show itl dump)");
	ck_assert_ptr_nonnull(strstr(ik_input_hint(IK_IN_GZIP, IK_IN_P12),
	    "decompress it first"));
	ck_assert_ptr_null(ik_input_hint(IK_IN_P12, IK_IN_P12));
	ck_assert_ptr_null(ik_input_hint(IK_IN_UNKNOWN, IK_IN_P12));
}
END_TEST

START_TEST(secrets_candidates)
{
	const char *text = "first\r\n\nsecond\nthird";
	ik_secrets s;
	ik_error err;

	ik_error_clear(&err);
	ck_assert_int_eq(ik_secrets_parse((const uint8_t *)text, strlen(text),
	    true, &s, &err), IK_OK);
	ck_assert_uint_eq(s.n, 3);
	ck_assert_str_eq(s.v[0].s, "first");
	ck_assert_uint_eq(s.v[1].line, 3);
	ck_assert_str_eq(s.v[2].s, "third");
	ik_secrets_free(&s);
	ck_assert_int_eq(ik_secrets_parse((const uint8_t *)text, strlen(text),
	    false, &s, &err), IK_OK);
	ck_assert_uint_eq(s.n, 1);
	ik_secrets_free(&s);
	ck_assert_int_eq(ik_secrets_parse((const uint8_t *)"", 0, true, &s,
	    &err), IK_FATAL);
	ck_assert(strstr(err.msg, "no password") != NULL);
}
END_TEST

START_TEST(atomic_write_refuses_overwrite)
{
	char dir[] = "/tmp/ik-test-XXXXXX", path[64];
	ik_error err;
	struct stat st;
	uint8_t *back;
	size_t len;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/out.pem", dir);
	ik_error_clear(&err);
	ck_assert_int_eq(ik_write_file_atomic(path, "abc", 3, 0600, false,
	    &err), IK_OK);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	ck_assert_int_eq(ik_write_file_atomic(path, "xyz", 3, 0600, false,
	    &err), IK_FATAL);
	ck_assert(strstr(err.msg, "exists") != NULL);
	ck_assert_int_eq(ik_write_file_atomic(path, "xyzw", 4, 0600, true,
	    &err), IK_OK);
	ck_assert_int_eq(ik_read_file(path, 100, &back, &len, &err), IK_OK);
	ck_assert_uint_eq(len, 4);
	ck_assert_mem_eq(back, "xyzw", 4);
	free(back);
	ck_assert_int_eq(ik_read_file(path, 2, &back, &len, &err), IK_FAILED);
	unlink(path);
	rmdir(dir);
}
END_TEST

Suite *suite_base(void);

Suite *
suite_base(void)
{
	Suite *s = suite_create("base");
	TCase *tc = tcase_create("base");

	tcase_add_test(tc, error_context_chain);
	tcase_add_test(tc, findings_worst_and_json);
	tcase_add_test(tc, findings_lost_latch_an_error);
	tcase_add_test(tc, hex_roundtrip);
	tcase_add_test(tc, time_rfc3339);
	tcase_add_test(tc, time_impossible_dates);
	tcase_add_test(tc, sniff_kinds);
	tcase_add_test(tc, secrets_candidates);
	tcase_add_test(tc, atomic_write_refuses_overwrite);
	suite_add_tcase(s, tc);
	return s;
}
