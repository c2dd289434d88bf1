/*
 * test_paste.c: the paste parsers of recipes (libcore/recipe/
 * recipe_paste.c) on known pastes: real `show itl` captures before and
 * after `utils itl reset`, a cut one, a dump rendered from a binary ITL
 * (whose records digest must be the binary's), and `utils
 * disaster_recovery status` outputs: done, failed, in progress through a
 * terminal (CRLF, padding, a wrapped log path), cut, and not one at all.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <check.h>

#include "ik_itl.h"
#include "ik_recipe.h"
#include "testkit.h"

static json_t *
parse_file(ik_recipe_paste kind, const char *path)
{
	uint8_t *buf;
	size_t len;
	json_t *o = NULL;
	ik_error err;

	buf = tk_read(path, &len);
	ik_error_clear(&err);
	ck_assert_msg(ik_recipe_paste_parse(kind, buf, len, &o, &err) == IK_OK,
	    "%s: %s", path, err.msg);
	free(buf);
	ck_assert_ptr_nonnull(o);
	return o;
}

static const char *
str_at(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	ck_assert_msg(v != NULL, "no %s", key);
	return json_string_value(v);
}

/* An array of strings as "a|b|c". */
static char *
joined(json_t *a)
{
	static char buf[1024];
	json_t *v;
	size_t i, n = 0;

	buf[0] = '\0';
	ck_assert(json_is_array(a));
	json_array_foreach(a, i, v)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s",
		    i > 0 ? "|" : "", json_string_value(v));
	return buf;
}

/* ---- show-itl --------------------------------------------------------- */

START_TEST(show_itl_after_reset_is_signed_by_itl_recovery)
{
	json_t *o = parse_file(IK_PASTE_SHOW_ITL,
	    "dumps/cucm10-show-itl-after-reset.txt");

	ck_assert_str_eq(str_at(o, "format"), "text");
	ck_assert_str_eq(str_at(o, "kind"), "ITL");
	ck_assert_str_eq(str_at(json_object_get(o, "signer"), "serial"),
	    "6E:3F:65:C2:97:B3:E0:1F:E7:42:81:AB:52:CC:55:DC");
	ck_assert_str_eq(str_at(json_object_get(o, "signer"), "name"),
	    "CN=ITLRECOVERY_test10pub.joemar2.lab;OU=tac;O=cisco;L=rtp;ST=nc;C=US");
	ck_assert(json_is_true(json_object_get(o, "signed_by_itl_recovery")));
	ck_assert(json_is_true(json_object_get(o, "complete")));
	ck_assert_str_eq(str_at(o, "sha1"),
	    "3440f94f9252e243c99506b4bd33ea28ec654dab");
	ck_assert_str_eq(str_at(o, "status"), "ok");
	ck_assert_str_eq(str_at(o, "signature"), "not-checked");
	/* The records did not change in the reset: same digest as before. */
	ck_assert_str_eq(str_at(o, "records_sha1"),
	    "01244ca2cdb2d96f5d30158b11fa272ccb11bb2a");
	ck_assert_int_eq(json_integer_value(json_object_get(o,
	    "record_count")), (json_int_t)json_array_size(json_object_get(o,
	    "records")));
	ck_assert_str_eq(str_at(o, "file"), "(paste)");
	ck_assert_ptr_null(json_object_get(o, "at"));
	json_decref(o);
}
END_TEST

START_TEST(show_itl_before_reset_is_signed_by_callmanager)
{
	json_t *o = parse_file(IK_PASTE_SHOW_ITL,
	    "dumps/cucm10-show-itl-before-reset.txt");

	ck_assert(json_is_false(json_object_get(o, "signed_by_itl_recovery")));
	ck_assert_str_eq(str_at(json_object_get(o, "signer"), "name"),
	    "CN=test10pub.joemar2.lab;OU=tac;O=cisco;L=rtp;ST=nc;C=US");
	ck_assert_str_eq(str_at(o, "records_sha1"),
	    "01244ca2cdb2d96f5d30158b11fa272ccb11bb2a");
	json_decref(o);
}
END_TEST

START_TEST(show_itl_cut_is_incomplete_without_digest)
{
	json_t *o = parse_file(IK_PASTE_SHOW_ITL,
	    "dumps/cucm10-show-itl-after-reset-cut60.txt");

	ck_assert(json_is_false(json_object_get(o, "complete")));
	ck_assert_str_eq(str_at(o, "status"), "incomplete");
	ck_assert(json_is_null(json_object_get(o, "records_sha1")));
	json_decref(o);
}
END_TEST

/* A dump and the binary it shows give one records digest. */
START_TEST(show_itl_digest_is_the_binary_lists)
{
	uint8_t *buf, dg[20];
	char hex[41];
	ik_itl *itl = NULL;
	ik_error err;
	size_t len;
	json_t *o;

	buf = tk_read("p12/before.tlv", &len);
	ck_assert_int_eq(ik_itl_parse(buf, len, &itl, &err), IK_OK);
	free(buf);
	ck_assert(ik_itl_records_sha1(itl, dg));
	ik_itl_free(itl);
	ik_hex(dg, 20, hex);
	o = parse_file(IK_PASTE_SHOW_ITL, "paste/before-show-itl.txt");
	/* ik_hex writes upper case; JSON digests are lower case. */
	ck_assert_int_eq(strcasecmp(str_at(o, "records_sha1"), hex), 0);
	ck_assert_str_eq(str_at(o, "records_sha1"),
	    "6fe4598e77a826a01dd88e0d2d7dea470963eb25");
	json_decref(o);
}
END_TEST

START_TEST(show_itl_refuses_what_is_not_a_dump)
{
	static const char *const bad[] = {
		"admin:utils disaster_recovery status restore\nStatus: SUCCESS\n",
		"",
		"\x01\x02\x03 binary",
	};
	json_t *o;
	ik_error err;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		o = NULL;
		ik_error_clear(&err);
		ck_assert_int_eq(ik_recipe_paste_parse(IK_PASTE_SHOW_ITL,
		    (const uint8_t *)bad[i], strlen(bad[i]), &o, &err),
		    IK_FAILED);
		ck_assert_ptr_null(o);
		ck_assert_msg(strstr(err.msg, "show itl") != NULL, "%s",
		    err.msg);
	}
}
END_TEST

/* ---- drs-status ------------------------------------------------------- */

START_TEST(drs_restore_done)
{
	json_t *o = parse_file(IK_PASTE_DRS_STATUS, "paste/drs-restore-ok.txt");
	json_t *c;

	ck_assert_str_eq(str_at(o, "result"), "success");
	ck_assert_str_eq(str_at(o, "status"), "SUCCESS");
	ck_assert_str_eq(str_at(o, "status_text"), "Restore Completed...");
	ck_assert_str_eq(str_at(o, "operation"), "restore");
	ck_assert_str_eq(str_at(o, "tar_filename"), "2025-03-09-02-00-00");
	ck_assert_str_eq(str_at(o, "storage_location"), "NETWORK");
	ck_assert_int_eq(json_integer_value(json_object_get(o, "percentage")),
	    100);
	ck_assert_uint_eq(json_array_size(json_object_get(o, "components")), 4);
	ck_assert_uint_eq(json_array_size(json_object_get(o, "failed")), 0);
	ck_assert_uint_eq(json_array_size(json_object_get(o, "pending")), 0);
	ck_assert_str_eq(joined(json_object_get(o, "servers")), "cucm-pub");
	c = json_array_get(json_object_get(o, "components"), 3);
	ck_assert_str_eq(str_at(c, "feature"), "UCM");
	ck_assert_str_eq(str_at(c, "server"), "cucm-pub");
	ck_assert_str_eq(str_at(c, "component"), "TFTP");
	ck_assert_str_eq(str_at(c, "status"), "SUCCESS");
	ck_assert_str_eq(str_at(c, "time"), "Mon Mar 10 15:07:34 UTC 2025");
	ck_assert_str_eq(str_at(c, "log"),
	    "activitylog/drf/2025-03-10-15-04-12_r_cucm-pub_ucm_tftp.log");
	ck_assert_int_eq(json_integer_value(json_object_get(o,
	    "unread_lines")), 0);
	json_decref(o);
}
END_TEST

START_TEST(drs_restore_with_a_failed_component)
{
	json_t *o = parse_file(IK_PASTE_DRS_STATUS,
	    "paste/drs-restore-failed.txt");

	ck_assert_str_eq(str_at(o, "result"), "failed");
	ck_assert_str_eq(str_at(o, "status"), "ERROR");
	ck_assert_str_eq(joined(json_object_get(o, "failed")),
	    "cucm-pub CCMDB");
	ck_assert_int_eq(json_integer_value(json_object_get(o, "percentage")),
	    100);
	json_decref(o);
}
END_TEST

/* Through a terminal: CRLF, padding, 45%, a log path wrapped. */
START_TEST(drs_backup_in_progress)
{
	json_t *o = parse_file(IK_PASTE_DRS_STATUS,
	    "paste/drs-backup-progress-crlf.txt");
	json_t *c;

	ck_assert_str_eq(str_at(o, "result"), "in-progress");
	ck_assert_str_eq(str_at(o, "operation"), "backup");
	ck_assert_str_eq(str_at(o, "status"), "Backup in progress");
	ck_assert_int_eq(json_integer_value(json_object_get(o, "percentage")),
	    45);
	ck_assert_uint_eq(json_array_size(json_object_get(o, "components")), 3);
	ck_assert_str_eq(joined(json_object_get(o, "pending")),
	    "cucm-pub CCMDB|cucm-sub TFTP");
	ck_assert_str_eq(joined(json_object_get(o, "servers")),
	    "cucm-pub|cucm-sub");
	c = json_array_get(json_object_get(o, "components"), 0);
	ck_assert_str_eq(str_at(c, "log"),
	    "activitylog/drf/2025-03-09-02-00-00_b_cucm-pub_ucm_platform.log");
	ck_assert_str_eq(str_at(c, "time"), "Sun Mar 09 02:00:31 EST 2025");
	c = json_array_get(json_object_get(o, "components"), 2);
	ck_assert(json_is_null(json_object_get(c, "time")));
	ck_assert_int_eq(json_integer_value(json_object_get(o,
	    "unread_lines")), 0);
	json_decref(o);
}
END_TEST

/* Cut before the percentage and the components: nothing is claimed. */
START_TEST(drs_cut_is_unknown)
{
	json_t *o = parse_file(IK_PASTE_DRS_STATUS,
	    "paste/drs-restore-cut.txt");

	ck_assert_str_eq(str_at(o, "result"), "unknown");
	ck_assert(json_is_null(json_object_get(o, "percentage")));
	ck_assert_str_eq(str_at(o, "tar_filename"), "2025-03-09-02-00-00");
	ck_assert_uint_eq(json_array_size(json_object_get(o, "components")), 0);
	ck_assert_int_eq(json_integer_value(json_object_get(o,
	    "unread_lines")), 1);
	json_decref(o);
}
END_TEST

START_TEST(drs_refuses_what_is_not_a_status)
{
	static const char *const bad[] = {
		"admin:show itl\nThe checksum value of the ITL file:\n",
		"",
		"hello\0world",
	};
	static const size_t len[] = { 0, 0, 11 };
	json_t *o;
	ik_error err;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		o = NULL;
		ik_error_clear(&err);
		ck_assert_int_eq(ik_recipe_paste_parse(IK_PASTE_DRS_STATUS,
		    (const uint8_t *)bad[i], len[i] ? len[i] : strlen(bad[i]),
		    &o, &err), IK_FAILED);
		ck_assert_ptr_null(o);
	}
}
END_TEST

/* A component line whose percentage is not one is not a component. */
START_TEST(drs_component_needs_a_percentage)
{
	static const char text[] =
	    "Status: SUCCESS :Restore Completed...\n"
	    "Percentage Complete: 100\n"
	    "UCM cucm-pub TFTP 101 SUCCESS\n"
	    "UCM cucm-pub CLM 100% SUCCESS\n";
	json_t *o = NULL;
	ik_error err;

	ck_assert_int_eq(ik_recipe_paste_parse(IK_PASTE_DRS_STATUS,
	    (const uint8_t *)text, strlen(text), &o, &err), IK_OK);
	ck_assert_uint_eq(json_array_size(json_object_get(o, "components")), 1);
	ck_assert_int_eq(json_integer_value(json_object_get(o,
	    "unread_lines")), 1);
	ck_assert_str_eq(str_at(o, "result"), "success");
	json_decref(o);
}
END_TEST

/* Nothing to report is a result: unknown, of the operation echoed. */
START_TEST(drs_no_status_available)
{
	static const char text[] =
	    "admin:utils disaster_recovery status restore\r\n"
	    "drfCliMsg: No restore status available\r\n"
	    "admin:\r\n";
	json_t *o = NULL;
	ik_error err;

	ck_assert_int_eq(ik_recipe_paste_parse(IK_PASTE_DRS_STATUS,
	    (const uint8_t *)text, strlen(text), &o, &err), IK_OK);
	ck_assert_str_eq(str_at(o, "result"), "unknown");
	ck_assert_str_eq(str_at(o, "operation"), "restore");
	ck_assert(json_is_null(json_object_get(o, "status")));
	ck_assert_uint_eq(json_array_size(json_object_get(o, "components")), 0);
	json_decref(o);
}
END_TEST

Suite *suite_paste(void);

Suite *
suite_paste(void)
{
	Suite *s = suite_create("paste");
	TCase *tc = tcase_create("paste");

	tcase_add_test(tc, show_itl_after_reset_is_signed_by_itl_recovery);
	tcase_add_test(tc, show_itl_before_reset_is_signed_by_callmanager);
	tcase_add_test(tc, show_itl_cut_is_incomplete_without_digest);
	tcase_add_test(tc, show_itl_digest_is_the_binary_lists);
	tcase_add_test(tc, show_itl_refuses_what_is_not_a_dump);
	tcase_add_test(tc, drs_restore_done);
	tcase_add_test(tc, drs_restore_with_a_failed_component);
	tcase_add_test(tc, drs_backup_in_progress);
	tcase_add_test(tc, drs_cut_is_unknown);
	tcase_add_test(tc, drs_refuses_what_is_not_a_status);
	tcase_add_test(tc, drs_component_needs_a_percentage);
	tcase_add_test(tc, drs_no_status_available);
	suite_add_tcase(s, tc);
	return s;
}
