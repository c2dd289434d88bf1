/*
 * test_drs_ops.c: the operations on a checked set: safe extraction and
 * re-keying, on the generated fixtures with known content.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <check.h>

#include "ik_drs.h"
#include "ik_report.h"

static void
checked(const char *path, const char *pw, ik_drs_report *r)
{
	ik_secrets s;
	ik_drs_opts o = { .hash = true };
	ik_error e;

	ik_error_clear(&e);
	ik_secrets_init(&s);
	ck_assert_int_eq(ik_secrets_parse((const uint8_t *)pw, strlen(pw),
	    true, &s, &e), IK_OK);
	o.passwords = &s;
	ck_assert_int_eq(ik_drs_check_one(path, &o, r, &e), IK_OK);
	ik_secrets_free(&s);
}

START_TEST(extract_refuses_hostile_members)
{
	char dir[] = "/tmp/itlkit-drsx.XXXXXX", out[64], cmd[128];
	ik_drs_extract_opts xo = { 0 };
	ik_drs_extract_result res;
	ik_drs_report r;
	ik_error e;
	struct stat st;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(out, sizeof(out), "%s/out", dir);
	checked("drs/gen/evil", "Cluster#Pass1", &r);
	xo.out_dir = out;
	ik_error_clear(&e);
	ck_assert_int_eq(ik_drs_extract(&r, &xo, &res, &e), IK_WARN);
	ck_assert_uint_eq(res.extracted, 2);
	ck_assert_uint_eq(res.refused, 7);
	ck_assert(ik_findings_has(&res.findings, "DRS_MEMBER_REFUSED"));
	ck_assert_uint_eq(json_array_size(json_object_get(res.manifest,
	    "refused")), 7);
	ck_assert_int_eq(lstat("/tmp/itlkit-absolute.txt", &st), -1);
	/* "../escape.txt" would land in DIR, "ok/../../up.txt" beside it. */
	snprintf(cmd, sizeof(cmd), "%s/escape.txt", out);
	ck_assert_int_eq(lstat(cmd, &st), -1);
	snprintf(cmd, sizeof(cmd), "%s/up.txt", dir);
	ck_assert_int_eq(lstat(cmd, &st), -1);
	snprintf(cmd, sizeof(cmd), "%s/PUB1_UCM_PLATFORM/ok/fine.txt", out);
	ck_assert_int_eq(lstat(cmd, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	ik_drs_extract_result_free(&res);
	/* Again into the same folder: refused before anything is written. */
	ck_assert_int_eq(ik_drs_extract(&r, &xo, &res, &e), IK_FATAL);
	ik_drs_extract_result_free(&res);
	ik_drs_report_free(&r);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

START_TEST(extract_needs_verified_password)
{
	ik_drs_extract_opts xo = { .out_dir = "/tmp/itlkit-never" };
	ik_drs_extract_result res;
	ik_drs_report r;
	ik_error e;
	struct stat st;

	checked("drs/gen/s1", "Wrong#Pass9", &r);
	ik_error_clear(&e);
	ck_assert_int_eq(ik_drs_extract(&r, &xo, &res, &e), IK_FAILED);
	ck_assert_int_eq(lstat("/tmp/itlkit-never", &st), -1);
	ik_drs_extract_result_free(&res);
	ik_drs_report_free(&r);
}
END_TEST

/* Every value of the re-keyed manifest decrypts under the new password
 * to what the old one held, for each scheme; the old password fails. */
START_TEST(rekey_round_trip)
{
	static const char *sets[] = { "drs/gen/s1", "drs/gen/s2", "drs/gen/s3",
		"drs/gen/s4" };
	char H[65], oldH[65];
	uint8_t *buf, a[64], b[64];
	size_t len, na, nb, i;
	ik_drs_manifest m;
	ik_findings f;
	ik_drs_report r;
	ik_error e;

	ik_error_clear(&e);
	ik_drs_platform_encode("New#Pass3", 9, H, &e);
	checked(sets[_i], "Cluster#Pass1", &r);
	memcpy(oldH, r.platform_hex, sizeof(oldH));
	ck_assert_int_eq(ik_drs_rekey(&r, "New#Pass3", 9, &buf, &len, &e),
	    IK_OK);
	ik_findings_init(&f);
	ck_assert_int_eq(ik_drs_manifest_parse(buf, len, &m, &f, &e), IK_OK);
	ck_assert_uint_eq(m.ncomps, r.m.ncomps);
	for (i = 0; i < m.ncomps; i++) {
		ck_assert_str_ne(m.comps[i].encrypt_key, r.m.comps[i].encrypt_key);
		ck_assert_int_eq(ik_drs_value_decrypt(r.scheme, H,
		    m.comps[i].encrypted_sha1, a, sizeof(a), &na, &e), IK_OK);
		ck_assert_int_eq(ik_drs_value_decrypt(r.scheme, oldH,
		    r.m.comps[i].encrypted_sha1, b, sizeof(b), &nb, &e), IK_OK);
		ck_assert(na == 40 && nb == 40 && memcmp(a, b, 40) == 0);
		if (ik_drs_value_decrypt(r.scheme, oldH, m.comps[i].encrypt_key,
		    a, sizeof(a), &na, &e) == IK_OK)
			ck_assert(!ik_drs_randpw_plausible(a, na));
	}
	/* Outside the values, not a byte changed. */
	ck_assert(memcmp(buf, r.manifest_bytes, m.comps[0].key_off) == 0);
	ik_drs_manifest_free(&m);
	ik_findings_free(&f);
	free(buf);
	ik_drs_report_free(&r);
	/* A set whose password is not verified is refused. */
	checked(sets[_i], "Wrong#Pass9", &r);
	ck_assert_int_eq(ik_drs_rekey(&r, "New#Pass3", 9, &buf, &len, &e),
	    IK_FAILED);
	ik_drs_report_free(&r);
}
END_TEST

Suite *suite_drs_ops(void);

Suite *
suite_drs_ops(void)
{
	Suite *s = suite_create("drs_ops");
	TCase *tc = tcase_create("ops");

	tcase_add_test(tc, extract_refuses_hostile_members);
	tcase_add_test(tc, extract_needs_verified_password);
	tcase_add_loop_test(tc, rekey_round_trip, 0, 4);
	suite_add_tcase(s, tc);
	return s;
}
