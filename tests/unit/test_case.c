/*
 * test_case.c: case-triage's classifier on real samples and on the first
 * bytes each kind starts with: trust lists told ITL or CTL by their
 * FILENAME, pastes, PKCS#12, phone reports of every format itl-phones
 * reads, DRS manifests and components, certificates PEM and DER, archives;
 * a password file is never guessed; a large file's head says what the
 * whole says, except what only the whole can tell.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "ik_base.h"
#include "ik_case.h"

static ik_case_kind
kind_of_file(const char *path, ik_case_part *part)
{
	uint8_t *buf;
	size_t len;
	ik_error err;
	ik_case_kind k;

	ik_error_clear(&err);
	ck_assert_msg(ik_read_file(path, 64u << 20, &buf, &len, &err) == IK_OK,
	    "%s: %s", path, err.msg);
	k = ik_case_classify(buf, len, true, part);
	free(buf);
	return k;
}

static ik_case_kind
kind_of(const char *s, size_t len)
{
	return ik_case_classify((const uint8_t *)s, len, true, NULL);
}

START_TEST(samples_by_content)
{
	static const struct {
		const char *path;
		ik_case_kind kind;
	} t[] = {
		{ "certutils-built-ITLFile.tlv", IK_CASE_ITL },
		{ "cucm-tokenless-CTLFile.tlv", IK_CASE_CTL },
		{ "dumps/before-and-after-crlf.txt", IK_CASE_SHOW_ITL },
		{ "dumps/cisco-118893_show_ctl_outputs_collapsed.txt",
		    IK_CASE_SHOW_ITL },
		{ "p12/callmanager.p12", IK_CASE_P12 },
		{ "events/cisco-214535_devicetlinfo_alarm_home.xml",
		    IK_CASE_EVENTS },
		{ "events/cucm14-phones.csv", IK_CASE_EVENTS },
		{ "events/syslog-mixed.txt", IK_CASE_EVENTS },
		{ "events/sip-refer-capture.txt", IK_CASE_EVENTS },
	};
	ik_case_part part;
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		ik_case_kind k = kind_of_file(t[i].path, &part);

		ck_assert_msg(k == t[i].kind, "%s: %s, not %s", t[i].path,
		    ik_case_kind_name(k), ik_case_kind_name(t[i].kind));
		ck_assert_int_eq(part, IK_CASE_PART_NONE);
	}
}
END_TEST

START_TEST(first_bytes)
{
	static const char manifest[] = "<?xml version=\"1.0\"?>\n<list>\n"
	    "  <FeatureObject>\n    <Version>12.0</Version>\n"
	    "    <vServerObject>\n";
	uint8_t salted[32] = "Salted__\x01\x02\x03\x04\x05\x06\x07\x08";
	ik_case_part part;

	ck_assert_int_eq(ik_case_classify((const uint8_t *)manifest,
	    sizeof(manifest) - 1, true, &part), IK_CASE_DRS_SET);
	ck_assert_int_eq(part, IK_CASE_PART_MANIFEST);
	ck_assert_int_eq(ik_case_classify(salted, sizeof(salted), true,
	    &part), IK_CASE_DRS_SET);
	ck_assert_int_eq(part, IK_CASE_PART_COMPONENT);
	ck_assert_int_eq(kind_of("PK\x03\x04\x14\0\0\0", 8), IK_CASE_ARCHIVE);
	ck_assert_int_eq(kind_of("\x1f\x8b\x08\0", 4), IK_CASE_ARCHIVE);
	ck_assert_int_eq(kind_of("-----BEGIN CERTIFICATE-----\nMIIB\n", 33),
	    IK_CASE_CERTIFICATE);
	/* A key is not a certificate, a password file is never guessed. */
	ck_assert_int_eq(kind_of("-----BEGIN PRIVATE KEY-----\nMIIB\n", 33),
	    IK_CASE_UNKNOWN);
	ck_assert_int_eq(kind_of("Demo#Cluster2025\n", 17), IK_CASE_UNKNOWN);
	ck_assert_int_eq(kind_of("", 0), IK_CASE_UNKNOWN);
	ck_assert_str_eq(ik_case_kind_name(IK_CASE_SHOW_ITL), "show-itl");
	ck_assert_str_eq(ik_case_kind_name(IK_CASE_DRS_SET), "drs-set");
	ck_assert_str_eq(ik_case_kind_name((ik_case_kind)99), "unknown");
}
END_TEST

START_TEST(head_and_whole)
{
	uint8_t *buf;
	size_t len;
	ik_error err;

	ik_error_clear(&err);
	ck_assert_int_eq(ik_read_file("cucm-tokenless-CTLFile.tlv", 1u << 20,
	    &buf, &len, &err), IK_OK);
	/* Only the whole file says CTL; its head is a trust list. */
	ck_assert_int_eq(ik_case_classify(buf, len, true, NULL), IK_CASE_CTL);
	ck_assert_int_eq(ik_case_classify(buf, len, false, NULL), IK_CASE_ITL);
	free(buf);
}
END_TEST

Suite *suite_case(void);

Suite *
suite_case(void)
{
	Suite *s = suite_create("case");
	TCase *tc = tcase_create("classify");

	tcase_add_test(tc, samples_by_content);
	tcase_add_test(tc, first_bytes);
	tcase_add_test(tc, head_and_whole);
	suite_add_tcase(s, tc);
	return s;
}
