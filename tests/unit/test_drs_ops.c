/*
 * test_drs_ops.c: the operations on a checked set: safe extraction and
 * re-keying, on the generated fixtures with known content.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <check.h>

#include "drs_gen.h"
#include "ik_drs.h"
#include "ik_drs_render.h"
#include "ik_report.h"

/* The set at path checked with pw, and with leaked keys when asked. */
static void
check_with(const char *path, const char *pw, bool leaked, ik_drs_report *r)
{
	ik_secrets s;
	ik_drs_opts o = { .hash = true, .use_leaked_key = leaked };
	ik_error e;

	ik_error_clear(&e);
	ik_secrets_init(&s);
	ck_assert_int_eq(ik_secrets_parse((const uint8_t *)pw, strlen(pw),
	    true, &s, &e), IK_OK);
	o.passwords = &s;
	ck_assert_int_eq(ik_drs_check_one(path, &o, r, &e), IK_OK);
	ik_secrets_free(&s);
}

static void
checked(const char *path, const char *pw, ik_drs_report *r)
{
	check_with(path, pw, false, r);
}

/* The first entry of a MANIFEST.json list whose key is value, or NULL. */
static json_t *
entry(const ik_drs_extract_result *res, const char *list, const char *key,
    const char *value)
{
	json_t *v;
	size_t i;

	json_array_foreach(json_object_get(res->manifest, list), i, v)
		if (json_is_string(json_object_get(v, key)) &&
		    strcmp(json_string_value(json_object_get(v, key)), value) == 0)
			return v;
	return NULL;
}

/* Names in dir starting with prefix (temporary files left behind). */
static int
count_prefix(const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	if (d == NULL)
		return -1;
	while ((de = readdir(d)) != NULL)
		if (strncmp(de->d_name, prefix, strlen(prefix)) == 0)
			n++;
	closedir(d);
	return n;
}

/* Entries of this type in extracted[]. */
static size_t
count_type(const ik_drs_extract_result *res, const char *type)
{
	json_t *v;
	size_t i, n = 0;

	json_array_foreach(json_object_get(res->manifest, "extracted"), i, v)
		if (strcmp(json_string_value(json_object_get(v, "type")),
		    type) == 0)
			n++;
	return n;
}

/* A fresh folder dir with out = dir/out, and the set checked into r. */
static void
start(char *dir, char *out, size_t outsz, const char *set, ik_drs_report *r)
{
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(out, outsz, "%s/out", dir);
	checked(set, "Cluster#Pass1", r);
}

START_TEST(extract_refuses_hostile_members)
{
	char dir[] = "/tmp/itlkit-drsx.XXXXXX", out[64], cmd[128];
	ik_drs_extract_opts xo = { 0 };
	ik_drs_extract_result res;
	ik_drs_report r;
	ik_error e;
	struct stat st;

	start(dir, out, sizeof(out), "drs/gen/evil", &r);
	xo.out_dir = out;
	ik_error_clear(&e);
	ck_assert_int_eq(ik_drs_extract(&r, &xo, &res, &e), IK_WARN);
	/* Two files, the inside symbolic link and the three directories
	 * made (component, ok, link-out): every object written is listed. */
	ck_assert_uint_eq(res.extracted, 6);
	ck_assert_uint_eq(count_type(&res, "file"), 2);
	ck_assert_uint_eq(count_type(&res, "dir"), 3);
	ck_assert_uint_eq(res.refused, 7);
	ck_assert_str_eq(json_string_value(json_object_get(entry(&res,
	    "extracted", "member", "link-in"), "type")), "symlink");
	ck_assert_str_eq(json_string_value(json_object_get(entry(&res,
	    "extracted", "member", "link-in"), "target")), "ok/fine.txt");
	ck_assert_ptr_nonnull(entry(&res, "extracted", "path",
	    "PUB1_UCM_PLATFORM/link-out"));
	ck_assert(ik_findings_has(&res.findings, IKF_DRS_MEMBER_REFUSED));
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
	/* Again into the same folder: everything there is left, the same
	 * refusals, and no entry twice in the merged manifest. */
	ck_assert_int_eq(ik_drs_extract(&r, &xo, &res, &e), IK_WARN);
	ck_assert_uint_eq(res.extracted, 0);
	ck_assert_uint_eq(res.refused, 7);
	ck_assert(ik_findings_has(&res.findings, IKF_DRS_EXTRACT_UNCHANGED));
	ck_assert_uint_eq(json_array_size(json_object_get(res.manifest,
	    "extracted")), 6);
	ck_assert_uint_eq(json_array_size(json_object_get(res.manifest,
	    "refused")), 7);
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

/*
 * A component whose checksum does not match is judged as drs-verify
 * judges it: not extracted, the set corrupt; with allow_mismatch its files
 * are written and marked.
 */
START_TEST(extract_refuses_mismatching_component)
{
	char dir[] = "/tmp/itlkit-drsx.XXXXXX", out[64], p[160];
	ik_drs_extract_opts xo = { .rebase_absolute = true };
	ik_drs_extract_result res;
	ik_drs_report r;
	ik_error e;
	struct stat st;
	json_t *v;

	start(dir, out, sizeof(out), "drs/gen/modified", &r);
	ck_assert_int_eq(r.status, IK_DRS_CORRUPT);
	xo.out_dir = out;
	ik_error_clear(&e);
	ck_assert_int_eq(ik_drs_extract(&r, &xo, &res, &e), IK_FAILED);
	ck_assert_int_eq(res.status, IK_DRS_CORRUPT);
	ck_assert(ik_findings_has(&res.findings, IKF_DRS_CHECKSUM_MISMATCH));
	ck_assert(ik_findings_has(&res.findings, IKF_DRS_COMPONENT_NOT_EXTRACTED));
	snprintf(p, sizeof(p), "%s/PUB1_UCM_CCMDB", out);
	ck_assert_int_eq(lstat(p, &st), -1);
	/* The good component still comes out. */
	snprintf(p, sizeof(p), "%s/PUB1_UCM_TFTP/usr/local/cm/tftp/ITLFile.tlv",
	    out);
	ck_assert_int_eq(lstat(p, &st), 0);
	v = entry(&res, "refused", "component", "PUB1_UCM_CCMDB");
	ck_assert_ptr_nonnull(v);
	ck_assert_str_eq(json_string_value(json_object_get(v, "reason")),
	    "component checksum does not match the manifest");
	ik_drs_extract_result_free(&res);

	/* Allowed: written, each file marked, the set still corrupt. */
	snprintf(out, sizeof(out), "%s/allowed", dir);
	xo.allow_mismatch = true;
	ck_assert_int_eq(ik_drs_extract(&r, &xo, &res, &e), IK_FAILED);
	ck_assert_int_eq(res.status, IK_DRS_CORRUPT);
	ck_assert(ik_findings_has(&res.findings, IKF_DRS_EXTRACTED_UNVERIFIED));
	v = entry(&res, "extracted", "component", "PUB1_UCM_CCMDB");
	ck_assert_ptr_nonnull(v);
	ck_assert_str_eq(json_string_value(json_object_get(v, "checksum")),
	    "mismatch");
	v = entry(&res, "extracted", "component", "PUB1_UCM_TFTP");
	ck_assert_ptr_nonnull(v);
	ck_assert_ptr_null(json_object_get(v, "checksum"));
	ik_drs_extract_result_free(&res);
	ik_drs_report_free(&r);
	ck_assert_int_eq(gen_rm_rf(dir), 0);
}
END_TEST

/* --force adds to MANIFEST.json: nothing an earlier run recorded is lost. */
START_TEST(extract_force_merges_manifest)
{
	static const char *const tftp[] = { "TFTP", NULL }, *const clm[] = {
		"CLM", NULL };
	char dir[] = "/tmp/itlkit-drsx.XXXXXX", out[64];
	ik_drs_extract_opts xo = { .rebase_absolute = true };
	ik_drs_extract_result res;
	ik_drs_report r;
	ik_error e;
	size_t first;

	start(dir, out, sizeof(out), "drs/gen/s1", &r);
	xo.out_dir = out;
	xo.components = tftp;
	ik_error_clear(&e);
	ck_assert_int_eq(ik_drs_extract(&r, &xo, &res, &e), IK_OK);
	first = json_array_size(json_object_get(res.manifest, "extracted"));
	ck_assert_uint_eq(count_type(&res, "file"), 6);
	ik_drs_extract_result_free(&res);
	xo.components = clm;
	xo.force = true;
	ck_assert_int_eq(ik_drs_extract(&r, &xo, &res, &e), IK_OK);
	ck_assert_uint_eq(count_type(&res, "file"), 6 + 2);
	first += res.extracted;
	ck_assert_uint_eq(json_array_size(json_object_get(res.manifest,
	    "extracted")), first);
	ck_assert_ptr_nonnull(entry(&res, "extracted", "component",
	    "SUB1_UCM_TFTP"));
	ck_assert_ptr_nonnull(entry(&res, "extracted", "component",
	    "PUB1_UCM_CLM"));
	ik_drs_extract_result_free(&res);
	/* The same again: every file there with the same content, left;
	 * nothing lost, nothing listed twice. */
	ck_assert_int_eq(ik_drs_extract(&r, &xo, &res, &e), IK_OK);
	ck_assert_uint_eq(res.extracted, 0);
	ck_assert(ik_findings_has(&res.findings, IKF_DRS_EXTRACT_UNCHANGED));
	ck_assert_uint_eq(json_array_size(json_object_get(res.manifest,
	    "extracted")), first);
	ck_assert_uint_eq(json_array_size(json_object_get(res.manifest,
	    "refused")), 0);
	ik_drs_extract_result_free(&res);
	ik_drs_report_free(&r);
	/* Another set into the same folder: the earlier entries say which
	 * set they came from. */
	checked("drs/gen/s2", "Cluster#Pass1", &r);
	ck_assert_int_eq(ik_drs_extract(&r, &xo, &res, &e), IK_OK);
	ck_assert_uint_eq(json_array_size(json_object_get(res.manifest,
	    "extracted")), first + res.extracted);
	ck_assert_uint_eq(count_type(&res, "file"), 6 + 2 + 2);
	ck_assert_str_eq(json_string_value(json_object_get(entry(&res,
	    "extracted", "component", "SUB1_UCM_TFTP"), "set")),
	    "drs/gen/s1/2020-01-02-03-04-05_PUB1");
	ck_assert_str_eq(json_string_value(json_object_get(res.manifest,
	    "set")), r.label);
	ik_drs_extract_result_free(&res);
	ik_drs_report_free(&r);
	ck_assert_int_eq(gen_rm_rf(dir), 0);
}
END_TEST

/*
 * --max-bytes stops a component that writes more (a gzip bomb) with a
 * finding, and the partial file is removed: nothing under its final name,
 * no temporary left.
 */
START_TEST(extract_stops_at_max_bytes)
{
	static const char *const pf[] = { "PLATFORM", NULL };
	char dir[] = "/tmp/itlkit-drsx.XXXXXX", out[64], p[160];
	ik_drs_extract_opts xo = { .components = pf, .max_bytes = 10 };
	ik_drs_extract_result res;
	ik_drs_report r;
	ik_error e;
	struct stat st;

	/* common/platformConfig.xml is 55 bytes: over a 10-byte limit. */
	start(dir, out, sizeof(out), "drs/gen/s1", &r);
	xo.out_dir = out;
	ik_error_clear(&e);
	ck_assert_int_eq(ik_drs_extract(&r, &xo, &res, &e), IK_FAILED);
	ck_assert_int_eq(res.status, IK_DRS_FAILED);
	ck_assert(ik_findings_has(&res.findings, IKF_DRS_EXTRACT_LIMIT));
	snprintf(p, sizeof(p), "%s/PUB1_UCM_PLATFORM/common/platformConfig.xml",
	    out);
	ck_assert_int_eq(lstat(p, &st), -1);
	snprintf(p, sizeof(p), "%s/PUB1_UCM_PLATFORM/common", out);
	ck_assert_int_eq(count_prefix(p, ".ik-part-"), 0);
	ck_assert_uint_eq(count_type(&res, "file"), 0);
	ik_drs_extract_result_free(&res);
	/* The default limit (a ratio of the component size) lets it through. */
	snprintf(out, sizeof(out), "%s/default", dir);
	xo.max_bytes = 0;
	ck_assert_int_eq(ik_drs_extract(&r, &xo, &res, &e), IK_OK);
	ck_assert_uint_eq(count_type(&res, "file"), 2);
	ik_drs_extract_result_free(&res);
	ik_drs_report_free(&r);
	ck_assert_int_eq(gen_rm_rf(dir), 0);
}
END_TEST

/* Hard links are listed with the file they share; a too-long name is
 * refused as what it is. */
START_TEST(extract_lists_links_and_long_names)
{
	char dir[] = "/tmp/itlkit-drsx.XXXXXX", set[64], out[64], longname[300];
	gen_member m[] = {
		{ "a/file.txt", 'f', "shared content\n" },
		{ "a/hard.txt", 'h', "a/file.txt" },
		{ "a/soft.txt", 'l', "file.txt" },
		{ longname, 'f', "long\n" },
	};
	ik_drs_extract_opts xo = { 0 };
	ik_drs_extract_result res;
	ik_drs_report r;
	ik_error e;
	json_t *f, *h, *l;

	memset(longname, 'n', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(set, sizeof(set), "%s/set", dir);
	snprintf(out, sizeof(out), "%s/out", dir);
	ck_assert_int_eq(mkdir(set, 0700), 0);
	ck_assert_int_eq(gen_one_comp_set(set, m, 4, NULL), 0);
	checked(set, "Cluster#Pass1", &r);
	ck_assert_int_eq(r.status, IK_DRS_OK);
	xo.out_dir = out;
	ik_error_clear(&e);
	ck_assert_int_eq(ik_drs_extract(&r, &xo, &res, &e), IK_WARN);
	ck_assert_uint_eq(res.extracted, 5);
	ck_assert_uint_eq(count_type(&res, "dir"), 2);
	f = entry(&res, "extracted", "path", "PUB_UCM_PLATFORM/a/file.txt");
	h = entry(&res, "extracted", "member", "a/hard.txt");
	l = entry(&res, "extracted", "member", "a/soft.txt");
	ck_assert(f != NULL && h != NULL && l != NULL);
	ck_assert_str_eq(json_string_value(json_object_get(h, "type")),
	    "hardlink");
	ck_assert_str_eq(json_string_value(json_object_get(h, "target")),
	    "PUB_UCM_PLATFORM/a/file.txt");
	ck_assert_str_eq(json_string_value(json_object_get(h, "sha256")),
	    json_string_value(json_object_get(f, "sha256")));
	ck_assert_str_eq(json_string_value(json_object_get(l, "type")),
	    "symlink");
	ck_assert_str_eq(json_string_value(json_object_get(entry(&res,
	    "refused", "member", longname), "reason")),
	    "a name in the path is over 255 bytes");
	ik_drs_extract_result_free(&res);
	ik_drs_report_free(&r);
	ck_assert_int_eq(gen_rm_rf(dir), 0);
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

/* The key planted in the leak fixture's trailing text (drs_fixtures.h). */
#define LEAKED "Lk2jH3gF4dS5aP6oI7uY"

/* No finding and no JSON of the report holds the key. */
static void
assert_key_unsaid(const ik_drs_report *r)
{
	json_t *j = ik_drs_report_json(r, "test", true);
	char *s = json_dumps(j, 0);
	size_t i;

	ck_assert_ptr_nonnull(s);
	ck_assert_ptr_null(strstr(s, LEAKED));
	for (i = 0; i < r->findings.n; i++)
		ck_assert_ptr_null(strstr(r->findings.v[i].message, LEAKED));
	free(s);
	json_decref(j);
}

/*
 * With the wrong password the leak fixture's component opens with the
 * key in its trailing text only when asked; the set stays wrong-password;
 * re-keying from the leaked key gives a manifest whose values decrypt
 * under the new password to that key and the file's SHA-1.
 */
START_TEST(leaked_key_opens_and_rekeys)
{
	static const char sha[] = "d8c0f0bdabf2851fcb2d32d4916829b9de4a2cb0";
	char H[65];
	uint8_t *buf, pt[64];
	size_t len, n;
	ik_drs_manifest m;
	ik_findings f;
	ik_drs_report r;
	ik_error e;

	ik_error_clear(&e);
	checked("drs/gen/leak", "Wrong#Pass9", &r);
	ck_assert_int_eq(r.comps[0].leak_opened, -1);
	ck_assert_int_eq(r.comps[0].scan.decrypted, -1);
	ck_assert_uint_eq(r.comps[0].nleaks, 1);
	ck_assert_int_eq(ik_drs_rekey_leaked(&r, "New#Pass3", 9, &buf, &len,
	    &e), IK_FAILED);
	ck_assert_ptr_nonnull(strstr(e.msg, "no key leaked in its trailing text opens it"));
	ik_drs_report_free(&r);

	check_with("drs/gen/leak", "Wrong#Pass9", true, &r);
	ck_assert_int_eq(r.status, IK_DRS_WRONG_PASSWORD);
	ck_assert_int_eq(r.comps[0].leak_opened, 1);
	ck_assert_int_eq(r.comps[0].scan.decrypted, 1);
	ck_assert_str_eq(r.comps[0].scan.payload, "tar");
	ck_assert_int_eq(r.comps[0].scan.members, 2);
	ck_assert_str_eq(r.comps[0].leaked_key, LEAKED);
	ck_assert_uint_eq(r.comps[0].layout.data_end + r.comps[0].leaks[0].off,
	    3156);
	ck_assert(ik_findings_has(&r.findings, IKF_DRS_LEAKED_KEY_OPENED));
	assert_key_unsaid(&r);
	ck_assert_int_eq(ik_drs_rekey_leaked(&r, "New#Pass3", 9, &buf, &len,
	    &e), IK_OK);
	ck_assert(r.from_leaked);
	ck_assert_int_eq(r.scheme, 1);
	ik_drs_platform_encode("New#Pass3", 9, H, &e);
	ik_findings_init(&f);
	ck_assert_int_eq(ik_drs_manifest_parse(buf, len, &m, &f, &e), IK_OK);
	ck_assert_int_eq(ik_drs_value_decrypt(1, H, m.comps[0].encrypt_key, pt,
	    sizeof(pt), &n, &e), IK_OK);
	ck_assert(n == 20 && memcmp(pt, LEAKED, 20) == 0);
	ck_assert_int_eq(ik_drs_value_decrypt(1, H, m.comps[0].encrypted_sha1,
	    pt, sizeof(pt), &n, &e), IK_OK);
	ck_assert(n == 40 && memcmp(pt, sha, 40) == 0);
	ik_drs_manifest_free(&m);
	ik_findings_free(&f);
	free(buf);
	ik_drs_report_free(&r);

	/* The right password: the manifest's key is used, no leak tried. */
	check_with("drs/gen/leak", "Cluster#Pass1", true, &r);
	ck_assert_int_eq(r.status, IK_DRS_OK);
	ck_assert_int_eq(r.comps[0].leak_opened, -1);
	ck_assert_ptr_null(r.comps[0].leaked_key);
	ik_drs_report_free(&r);

	/* A set without leaks: re-keying from them is refused, naming the
	 * first component. */
	check_with("drs/gen/s1", "Wrong#Pass9", true, &r);
	ck_assert_int_eq(ik_drs_rekey_leaked(&r, "New#Pass3", 9, &buf, &len,
	    &e), IK_FAILED);
	ck_assert_ptr_nonnull(strstr(e.msg, "(1 of "));
	ck_assert_ptr_nonnull(strstr(e.msg, "no key leaked in its trailing text;"));
	ik_drs_report_free(&r);
}
END_TEST

/* Extraction with the wrong password takes what a leaked key opened,
 * marked, and says the set's status. */
START_TEST(extract_with_leaked_key)
{
	char dir[64], out[128];
	ik_drs_extract_opts xo = { 0 };
	ik_drs_extract_result res;
	ik_drs_report r;
	json_t *v;
	ik_error e;

	ik_error_clear(&e);
	ck_assert_ptr_nonnull(mkdtemp(strcpy(dir, "/tmp/ik-leakx-XXXXXX")));
	snprintf(out, sizeof(out), "%s/out", dir);
	check_with("drs/gen/leak", "Wrong#Pass9", true, &r);
	xo.out_dir = out;
	xo.rebase_absolute = true;
	ck_assert_int_eq(ik_drs_extract(&r, &xo, &res, &e), IK_FAILED);
	ck_assert_int_eq(res.status, IK_DRS_WRONG_PASSWORD);
	/* 6 directories, 2 files and the component's folder */
	ck_assert_uint_eq(res.extracted, 9);
	v = entry(&res, "extracted", "type", "file");
	ck_assert_ptr_nonnull(v);
	ck_assert_str_eq(json_string_value(json_object_get(v, "key")), "leaked");
	ck_assert_str_eq(json_string_value(json_object_get(v, "checksum")),
	    "not-checked");
	ck_assert(ik_findings_has(&res.findings, IKF_DRS_EXTRACTED_LEAKED_KEY));
	ik_drs_extract_result_free(&res);
	ik_drs_report_free(&r);
	snprintf(out, sizeof(out), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(out), 0);
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
	tcase_add_test(tc, extract_refuses_mismatching_component);
	tcase_add_test(tc, extract_force_merges_manifest);
	tcase_add_test(tc, extract_stops_at_max_bytes);
	tcase_add_test(tc, extract_lists_links_and_long_names);
	tcase_add_loop_test(tc, rekey_round_trip, 0, 4);
	tcase_add_test(tc, leaked_key_opens_and_rekeys);
	tcase_add_test(tc, extract_with_leaked_key);
	suite_add_tcase(s, tc);
	return s;
}
