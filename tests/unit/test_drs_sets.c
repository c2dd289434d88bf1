/*
 * test_drs_sets.c: whole sets with known truth.  The generated fixtures
 * under tests/data/drs/gen are rebuilt and compared byte for byte, then
 * each is judged and must give the status its catalogue entry says.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <check.h>

#include "drs_fixtures.h"
#include "ik_report.h"
#include "ik_drs_render.h"

static int
damage(const char *dir, const fixture *fx)
{
	char path[4096];
	struct stat st;
	FILE *f;
	int c;

	if (fx->damage == 0)
		return 0;
	if (snprintf(path, sizeof(path), "%s/%s_PUB1_UCM_%s.tar", dir,
	    fx->set.id, fx->damage_comp) >= (int)sizeof(path) ||
	    stat(path, &st) != 0)
		return -1;
	if (fx->damage == 't')
		return truncate(path, st.st_size - 32);
	f = fopen(path, "r+b");
	if (f == NULL)
		return -1;
	/* Flip one ciphertext byte in the middle of the file. */
	fseek(f, st.st_size / 2, SEEK_SET);
	c = fgetc(f);
	fseek(f, st.st_size / 2, SEEK_SET);
	fputc(c ^ 0x5a, f);
	return fclose(f);
}

/* Case-insensitive names, a file the manifest does not list, an orphan. */
static int
add_junk(const char *dir, const fixture *fx)
{
	char a[4096], b[4096];
	int ok;

	if (!fx->junk)
		return 0;
	ok = snprintf(a, sizeof(a), "%s/%s_PUB_UCM_TFTP.tar", dir,
	    fx->set.id) < (int)sizeof(a) &&
	    snprintf(b, sizeof(b), "%s/%s_pub_ucm_tftp.tar", dir,
	    fx->set.id) < (int)sizeof(b) && rename(a, b) == 0 &&
	    gen_write(dir, "2021-01-02-03-04-05_PUB_UCM_EXTRA.tar", "junk\n",
	    5) == 0 &&
	    gen_write(dir, "2019-01-01-00-00-00_OLD_UCM_TFTP.tar", "orphan\n",
	    7) == 0;
	return ok ? 0 : -1;
}

static int
generate(const char *root)
{
	char dir[4096];
	size_t i;

	for (i = 0; i < N(fixtures); i++) {
		if (snprintf(dir, sizeof(dir), "%s/%s", root,
		    fixtures[i].dir) >= (int)sizeof(dir))
			return -1;
		if (mkdir(dir, 0755) != 0 && errno != EEXIST)
			return -1;
		if (gen_set_write(dir, &fixtures[i].set, fixtures[i].skip) != 0 ||
		    damage(dir, &fixtures[i]) != 0 ||
		    add_junk(dir, &fixtures[i]) != 0)
			return -1;
	}
	return 0;
}

static bool
same_file(const char *a, const char *b)
{
	uint8_t *x = NULL, *y = NULL;
	size_t nx = 0, ny = 0;
	ik_error e;
	bool same;

	ik_error_clear(&e);
	ik_read_file(a, 1u << 24, &x, &nx, &e);
	ik_read_file(b, 1u << 24, &y, &ny, &e);
	same = x != NULL && y != NULL && nx == ny && memcmp(x, y, nx) == 0;
	free(x);
	free(y);
	return same;
}

/* Every generated file exists, identical, among the committed ones, and
 * the committed directories hold nothing more. */
static void
compare_dirs(const char *gen, const char *committed)
{
	char a[4096], b[4096];
	struct dirent *de;
	size_t ngen = 0, ncom = 0;
	DIR *d;

	ck_assert_ptr_nonnull(d = opendir(gen));
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		ck_assert_int_lt(snprintf(a, sizeof(a), "%s/%s", gen,
		    de->d_name), (int)sizeof(a));
		ck_assert_int_lt(snprintf(b, sizeof(b), "%s/%s", committed,
		    de->d_name), (int)sizeof(b));
		ck_assert_msg(same_file(a, b), "%s differs from %s", b, a);
		ngen++;
	}
	closedir(d);
	ck_assert_ptr_nonnull(d = opendir(committed));
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.')
			ncom++;
	closedir(d);
	ck_assert_uint_eq(ngen, ncom);
}

START_TEST(fixtures_reproduce)
{
	char tmpl[] = "/tmp/itlkit-drsgen.XXXXXX", a[4096], b[4096], cmd[4200];
	const char *out = getenv("DRS_GEN_WRITE");
	size_t i;

	if (out != NULL) {
		ck_assert_int_eq(generate(out), 0);
		return;
	}
	ck_assert_ptr_nonnull(mkdtemp(tmpl));
	ck_assert_int_eq(generate(tmpl), 0);
	for (i = 0; i < N(fixtures); i++) {
		ck_assert_int_lt(snprintf(a, sizeof(a), "%s/%s", tmpl,
		    fixtures[i].dir), (int)sizeof(a));
		ck_assert_int_lt(snprintf(b, sizeof(b), "drs/gen/%s",
		    fixtures[i].dir), (int)sizeof(b));
		compare_dirs(a, b);
	}
	ck_assert_int_lt(snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpl),
	    (int)sizeof(cmd));
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

static ik_status
check_dir(const char *dir, const char *pwtext, bool deep, ik_drs_report *r)
{
	ik_drs_sets sets;
	ik_secrets pw;
	ik_drs_opts o = { .hash = true, .deep = deep };
	ik_error e;
	ik_status st;

	ik_error_clear(&e);
	ik_secrets_init(&pw);
	if (pwtext != NULL)
		ck_assert_int_eq(ik_secrets_parse((const uint8_t *)pwtext,
		    strlen(pwtext), true, &pw, &e), IK_OK);
	o.passwords = &pw;
	ik_drs_sets_init(&sets);
	ck_assert_int_eq(ik_drs_discover(dir, &sets, &e), IK_OK);
	/* The set with a manifest; the junk fixture has an orphan beside. */
	ck_assert_uint_ge(sets.n, 1);
	ck_assert_ptr_nonnull(sets.v[0].manifest);
	st = ik_drs_check(&sets.v[0], &o, r, &e);
	ck_assert_msg(st == IK_OK, "%s: %s", dir, e.msg);
	ik_drs_sets_free(&sets);
	ik_secrets_free(&pw);
	return st;
}

START_TEST(fixture_status)
{
	const fixture *fx = &fixtures[_i];
	char dir[256];
	ik_drs_report r;

	snprintf(dir, sizeof(dir), "drs/gen/%s", fx->dir);
	check_dir(dir, FX_PW, true, &r);
	ck_assert_msg(strcmp(ik_drs_status_name(r.status), fx->status) == 0,
	    "%s: status %s, want %s", fx->dir, ik_drs_status_name(r.status),
	    fx->status);
	ck_assert_int_eq(r.scheme, fx->scheme);
	ik_drs_report_free(&r);
}
END_TEST

static const ik_drs_comp_report *
comp(const ik_drs_report *r, const char *server, const char *name)
{
	size_t i;

	for (i = 0; i < r->ncomps; i++)
		if (strcmp(r->comps[i].component, name) == 0 &&
		    strcmp(r->comps[i].server, server) == 0)
			return &r->comps[i];
	ck_abort_msg("no component %s", name);
	return NULL;
}

START_TEST(good_set_details)
{
	const ik_drs_comp_report *c;
	ik_drs_report r;
	size_t i;

	check_dir("drs/gen/s1", "nope\n" FX_PW "\n", true, &r);
	ck_assert_int_eq(r.password, IK_DRS_PASSWORD_VERIFIED);
	ck_assert_uint_eq(r.candidate, 2);
	ck_assert_uint_eq(r.ncomps, 4);
	ck_assert_uint_eq(r.m.nservers, 2);
	for (i = 0; i < r.ncomps; i++) {
		ck_assert_int_eq(r.comps[i].checksum, IK_DRS_SUM_MATCH);
		ck_assert_int_eq(r.comps[i].scan.decrypted, 1);
	}
	c = comp(&r, "PUB1", "CLM");
	ck_assert_uint_eq(c->layout.trailer_len, 47);
	ck_assert_uint_eq(c->scan.nartifacts, 2);
	ck_assert_str_eq(c->scan.artifacts[0].kind, "itl-recovery-p12");
	ck_assert_str_eq(c->scan.payload, "tar");
	c = comp(&r, "PUB1", "TFTP");
	ck_assert_str_eq(c->scan.payload, "tar.gz");
	ck_assert_int_eq(c->scan.members, 3);
	ck_assert_str_eq(c->scan.artifacts[1].kind, "ctl");
	ck_assert(ik_findings_has(&r.findings, IKF_DRS_TRAILING_TEXT));
	ck_assert(!ik_findings_has(&r.findings, IKF_DRS_PASSWORD_LEAK));
	ik_drs_report_free(&r);
}
END_TEST

START_TEST(wrong_and_no_password)
{
	ik_drs_report r;

	check_dir("drs/gen/s1", "Wrong#Pass9", true, &r);
	ck_assert_int_eq(r.status, IK_DRS_WRONG_PASSWORD);
	ck_assert_int_eq(r.password, IK_DRS_PASSWORD_WRONG);
	ck_assert(ik_findings_has(&r.findings, IKF_DRS_PASSWORD_WRONG));
	ck_assert_int_eq(r.comps[0].checksum, IK_DRS_SUM_NOT_CHECKED);
	ik_drs_report_free(&r);
	check_dir("drs/gen/s1", NULL, false, &r);
	ck_assert_int_eq(r.status, IK_DRS_UNVERIFIED);
	ck_assert_int_eq(r.password, IK_DRS_PASSWORD_NOT_GIVEN);
	ik_drs_report_free(&r);
}
END_TEST

START_TEST(damaged_sets)
{
	ik_drs_report r;

	check_dir("drs/gen/missing", FX_PW, false, &r);
	ck_assert_uint_eq(r.nmissing, 1);
	ck_assert_str_eq(r.missing[0], "2020-06-02-03-04-05_PUB1_UCM_CLM.tar");
	ck_assert(ik_findings_has(&r.findings, IKF_DRS_COMPONENT_MISSING));
	ck_assert_int_eq(r.password, IK_DRS_PASSWORD_VERIFIED);
	ik_drs_report_free(&r);

	check_dir("drs/gen/modified", FX_PW, false, &r);
	ck_assert_int_eq(comp(&r, "PUB1", "CCMDB")->checksum, IK_DRS_SUM_MISMATCH);
	ck_assert_int_eq(comp(&r, "PUB1", "TFTP")->checksum, IK_DRS_SUM_MATCH);
	ck_assert_int_eq(r.password, IK_DRS_PASSWORD_VERIFIED);
	ck_assert(ik_findings_has(&r.findings, IKF_DRS_CHECKSUM_MISMATCH));
	ik_drs_report_free(&r);

	check_dir("drs/gen/truncated", FX_PW, true, &r);
	ck_assert_int_eq(comp(&r, "PUB1", "CCMDB")->checksum, IK_DRS_SUM_MISMATCH);
	ck_assert_int_eq(comp(&r, "PUB1", "CCMDB")->scan.decrypted, 0);
	ck_assert(ik_findings_has(&r.findings, IKF_DRS_DECRYPT_FAILED));
	ik_drs_report_free(&r);
}
END_TEST

START_TEST(findings_of_special_sets)
{
	ik_drs_report r;

	check_dir("drs/gen/leak", FX_PW, true, &r);
	ck_assert(ik_findings_has(&r.findings, IKF_DRS_PASSWORD_LEAK));
	ck_assert_ptr_null(strstr(r.findings.v[1].message,
	    "Lk2jH3gF4dS5aP6oI7uY"));
	ik_drs_report_free(&r);

	check_dir("drs/gen/trial", FX_PW, false, &r);
	ck_assert(ik_findings_has(&r.findings, IKF_DRS_SCHEME_BY_TRIAL));
	ik_drs_report_free(&r);

	check_dir("drs/gen/unsupported", FX_PW, false, &r);
	ck_assert_int_eq(r.password, IK_DRS_PASSWORD_UNSUPPORTED);
	ck_assert(ik_findings_has(&r.findings, IKF_DRS_SCHEME_UNSUPPORTED));
	ik_drs_report_free(&r);

	check_dir("drs/gen/plain", FX_PW, true, &r);
	ck_assert(ik_findings_has(&r.findings, IKF_DRS_CONTAINER_PLAIN));
	ck_assert_str_eq(comp(&r, "PUB1", "TFTP")->scan.payload, "tar.gz");
	ik_drs_report_free(&r);

	check_dir("drs/gen/evil", FX_PW, true, &r);
	ck_assert(ik_findings_has(&r.findings, IKF_DRS_MEMBER_UNSAFE));
	ik_drs_report_free(&r);

	check_dir("drs/gen/junk", FX_PW, false, &r);
	ck_assert_uint_eq(r.nextra, 1);
	ck_assert_str_eq(r.extra[0], "2021-01-02-03-04-05_PUB_UCM_EXTRA.tar");
	ck_assert_str_eq(r.comps[0].file, "2021-01-02-03-04-05_pub_ucm_tftp.tar");
	ck_assert(ik_findings_has(&r.findings, IKF_DRS_EXTRA_FILE));
	ik_drs_report_free(&r);

	check_dir("drs/gen/pre10", FX_PW, true, &r);
	ck_assert_ptr_null(r.publisher);
	ck_assert_int_eq(r.comps[0].scan.decrypted, 1);
	ik_drs_report_free(&r);
}
END_TEST

/*
 * The good set s1 is ok with an info finding (its trailing text).  When a
 * finding cannot be recorded the set is not ok: what was lost may have
 * been a checksum mismatch.  The report says incomplete and ends with
 * FINDINGS_LOST.
 */
START_TEST(lost_finding_is_not_ok)
{
	ik_drs_report r;
	json_t *j, *fs, *last;
	size_t n;

	/* Not --deep: the first finding made is the set's own. */
	check_dir("drs/gen/s1", FX_PW, false, &r);
	ck_assert_int_eq(r.status, IK_DRS_OK);
	ck_assert_uint_gt(n = r.findings.n, 0);
	ck_assert_uint_eq(r.findings.lost, 0);
	ik_drs_report_free(&r);

	ik_findings_test_fail_next(1);
	check_dir("drs/gen/s1", FX_PW, false, &r);
	ik_findings_test_fail_next(0);
	ck_assert_uint_eq(r.findings.lost, 1);
	ck_assert_uint_eq(r.findings.n, n - 1);
	ck_assert_int_eq(r.password, IK_DRS_PASSWORD_VERIFIED);
	ck_assert_int_eq(r.status, IK_DRS_INCOMPLETE);
	j = ik_drs_report_json(&r, "drs-verify", true);
	ck_assert_str_eq(json_string_value(json_object_get(j, "status")),
	    "incomplete");
	fs = json_object_get(j, "findings");
	last = json_array_get(fs, json_array_size(fs) - 1);
	ck_assert_str_eq(json_string_value(json_object_get(last, "code")),
	    "FINDINGS_LOST");
	ck_assert_str_eq(json_string_value(json_object_get(last, "severity")),
	    "error");
	json_decref(j);
	ik_drs_report_free(&r);
}
END_TEST

START_TEST(synthetic_set)
{
	ik_drs_report r;
	char hex[41];

	check_dir("drs/synthetic", "Synthetic#Pass1", true, &r);
	ck_assert_int_eq(r.status, IK_DRS_OK);
	ck_assert_int_eq(r.scheme, 1);
	ik_hex(r.comps[0].scan.sha1_all, 20, hex);
	ck_assert_str_eq(hex, "13c22740d5ac57a54e894519a97ace851041fcd7");
	ck_assert_str_eq(r.randpw[0], "SyntheticRandomPw123");
	ck_assert_str_eq(r.platform_hex,
	    "033D77E90D853E03592F55442657AA33831812812AB2825C831812812AB2825C");
	ck_assert_str_eq(r.comps[0].scan.payload, "tar.gz");
	ck_assert_int_eq(r.comps[0].scan.members, 1);
	ik_drs_report_free(&r);
}
END_TEST

/* Reads a whole stream; returns the plaintext (caller frees). */
static uint8_t *
slurp(ik_drs_stream *s, size_t cap, size_t *len, ik_status *st, ik_error *e)
{
	uint8_t *out = malloc(cap);
	const void *buf;
	size_t n;

	*len = 0;
	for (;;) {
		*st = ik_drs_stream_read(s, &buf, &n, e);
		if (*st != IK_OK || n == 0)
			return out;
		ck_assert_uint_le(*len + n, cap);
		memcpy(out + *len, buf, n);
		*len += n;
	}
}

/*
 * A component of many chunks, from a file, from memory and from a
 * sequential reader (an archive member): the same
 * plaintext and digests (the body digest taken inside a chunk), and a
 * block-aligned cut still fails on the padding.
 */
START_TEST(large_stream)
{
	static const uint8_t salt[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	static const char tail[] = "appended log line\n";
	char path[] = "/tmp/itlkit-drs-big.XXXXXX", hex[41], want[41];
	size_t plen = (9u << 20) + 5, clen, got, i, cut;
	uint8_t *pt = malloc(plen), *ct, *back, all[20], body[20], md[20];
	ik_drs_source src = { .fd = -1 };
	ik_drs_layout l, l2;
	ik_drs_stream *s;
	ik_status st;
	ik_error e;
	int fd, pass;

	ik_error_clear(&e);
	for (i = 0; i < plen; i++)
		pt[i] = (uint8_t)(i * 7 + (i >> 13));
	ck_assert_int_eq(gen_container(pt, plen, "Big4Str3amT3stPw0rd1", salt,
	    IK_SHA1, &ct, &clen), 0);
	ct = realloc(ct, clen + sizeof(tail) - 1);
	memcpy(ct + clen, tail, sizeof(tail) - 1);
	clen += sizeof(tail) - 1;
	ck_assert_int_ge(fd = mkstemp(path), 0);
	ck_assert_int_eq(write(fd, ct, clen), (ssize_t)clen);
	for (pass = 0; pass < 4; pass++) {
		/* 0: file, 1: memory, 2: file cut by 32 bytes, 3: reader. */
		gen_seq q = { ct, clen, 0, 4093 };

		cut = pass == 2 ? sizeof(tail) - 1 + 32 : 0;
		src.fd = pass == 1 || pass == 3 ? -1 : fd;
		src.mem = ct;
		src.size = clen - cut;
		ck_assert_int_eq(ftruncate(fd, (off_t)src.size), 0);
		ck_assert_int_eq(ik_drs_source_layout(&src, &l, &e), IK_OK);
		if (pass == 3) {
			/* The layout was read from memory; now the bytes come
			 * once, in order, and the layout cannot be re-read. */
			src.mem = NULL;
			src.read = gen_seq_read;
			src.read_arg = &q;
			ck_assert_int_eq(ik_drs_source_layout(&src, &l2, &e),
			    IK_FATAL);
		}
		ck_assert_uint_eq(l.trailer_len, pass == 2 ? 0 : sizeof(tail) - 1);
		ck_assert_int_eq(ik_drs_stream_open(&src, &l, IK_SHA1,
		    "Big4Str3amT3stPw0rd1", 20, &s, &e), IK_OK);
		back = slurp(s, plen + 16, &got, &st, &e);
		if (pass == 2) {
			ck_assert_int_eq(st, IK_FAILED);
		} else {
			ck_assert_int_eq(st, IK_OK);
			ck_assert_uint_eq(got, plen);
			ck_assert(memcmp(back, pt, plen) == 0);
		}
		ck_assert(ik_drs_stream_digests(s, all, body));
		ik_digest_buf(IK_SHA1, ct, src.size, md);
		ik_hex(md, 20, want);
		ik_hex(all, 20, hex);
		ck_assert_str_eq(hex, want);
		ik_digest_buf(IK_SHA1, ct, l.data_end, md);
		ck_assert(memcmp(body, md, 20) == 0);
		free(back);
		ik_drs_stream_close(s);
		ik_drs_layout_free(&l);
	}
	/* Closing before the end frees everything (valgrind, ASan). */
	src.fd = fd;
	ck_assert_int_eq(ftruncate(fd, (off_t)clen), 0);
	src.size = clen;
	ck_assert_int_eq(ik_drs_source_layout(&src, &l, &e), IK_OK);
	ck_assert_int_eq(ik_drs_stream_open(&src, &l, IK_SHA1,
	    "Big4Str3amT3stPw0rd1", 20, &s, &e), IK_OK);
	{
		const void *b;
		size_t n;

		ck_assert_int_eq(ik_drs_stream_read(s, &b, &n, &e), IK_OK);
		ck_assert_uint_gt(n, 0);
	}
	ik_drs_stream_close(s);
	ik_drs_layout_free(&l);
	close(fd);
	unlink(path);
	free(pt);
	free(ct);
}
END_TEST

START_TEST(discover_tree)
{
	ik_drs_sets sets;
	ik_error e;

	ik_error_clear(&e);
	ik_drs_sets_init(&sets);
	ck_assert_int_eq(ik_drs_discover("drs/gen", &sets, &e), IK_OK);
	ck_assert_uint_eq(sets.n, N(fixtures) + 1);
	/* Directories in name order (evil, junk, ...); in one directory the
	 * sets with a manifest first, then orphans. */
	ck_assert_ptr_nonnull(sets.v[1].manifest);
	ck_assert_uint_eq(sets.v[1].nfiles, 3);
	ck_assert_ptr_null(sets.v[2].manifest);
	ck_assert_str_eq(sets.v[2].backup_id, "2019-01-01-00-00-00");
	ik_drs_sets_free(&sets);
	ck_assert_int_eq(ik_drs_discover("drs/nonexistent", &sets, &e),
	    IK_FATAL);
}
END_TEST

static const gen_member one_file[] = { { "a.txt", 'f', "content\n" } };

static void
count_report(void *arg, const ik_drs_report *r)
{
	(void)arg;
	ck_assert_int_eq(r->status, IK_DRS_OK);
}

static void
no_error(void *arg, const char *path, const ik_error *err)
{
	(void)arg;
	ck_abort_msg("%s: %s", path, err->msg);
}

/* A one-component set in dir/sub (created, with its parents). */
static void
set_in(const char *dir, const char *sub, char *path, size_t n)
{
	char cmd[4096 + 64];

	snprintf(path, n, "%s/%s", dir, sub);
	snprintf(cmd, sizeof(cmd), "mkdir -p '%s'", path);
	ck_assert_int_eq(system(cmd), 0);
	ck_assert_int_eq(gen_one_comp_set(path, one_file, 1, NULL), 0);
}

/*
 * Places the walk leaves out are each reported: a set deeper than the
 * limit and one behind a symbolic link to a directory; the batch is then
 * not all good.
 */
START_TEST(discover_reports_skipped_places)
{
	char dir[] = "/tmp/itlkit-drsd.XXXXXX", path[4096], deep[4096], lnk[128];
	const char *paths[1];
	ik_drs_batch_cb cb = { NULL, count_report, no_error, NULL };
	ik_secrets pw;
	ik_drs_opts o = { .hash = true, .passwords = &pw };
	ik_drs_summary sum;
	ik_drs_sets sets;
	size_t k, len;
	ik_error e;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	set_in(dir, "top", path, sizeof(path));
	set_in(dir, "elsewhere", path, sizeof(path));
	snprintf(lnk, sizeof(lnk), "%s/tree/link", dir);
	set_in(dir, "tree/plain", path, sizeof(path));
	ck_assert_int_eq(symlink(path, lnk), 0);
	/* tree/d/d/.../d, one level deeper than the walk goes. */
	len = (size_t)snprintf(deep, sizeof(deep), "tree");
	for (k = 0; k <= IK_DRS_TREE_DEPTH; k++)
		len += (size_t)snprintf(deep + len, sizeof(deep) - len, "/d");
	set_in(dir, deep, path, sizeof(path));
	snprintf(path, sizeof(path), "%s/tree", dir);

	ik_error_clear(&e);
	ik_drs_sets_init(&sets);
	ck_assert_int_eq(ik_drs_discover(path, &sets, &e), IK_OK);
	ck_assert_uint_eq(sets.n, 1);
	ck_assert_uint_eq(sets.skipped.n, 2);
	ck_assert(ik_findings_has(&sets.skipped, IKF_DRS_SYMLINK_NOT_FOLLOWED));
	ck_assert(ik_findings_has(&sets.skipped, IKF_DRS_TREE_TOO_DEEP));
	ck_assert_str_eq(sets.skipped.v[0].where, lnk);
	ik_drs_sets_free(&sets);

	/* The batch reports them and is not all good, the set found ok. */
	ik_secrets_init(&pw);
	ck_assert_int_eq(ik_secrets_parse((const uint8_t *)FX_PW,
	    strlen(FX_PW), true, &pw, &e), IK_OK);
	paths[0] = path;
	ck_assert_int_eq(ik_drs_batch(paths, 1, &o, &cb, &sum), IK_FAILED);
	ck_assert_uint_eq(sum.sets, 1);
	ck_assert_uint_eq(sum.skipped.n, 2);
	ik_drs_summary_free(&sum);
	ik_secrets_free(&pw);
	ck_assert_int_eq(gen_rm_rf(dir), 0);
}
END_TEST

/*
 * Bytes appended after the range the manifest checksum covers: the set
 * still verifies on the body, but those bytes are vouched for by nothing,
 * which is a warning, never silence.
 */
START_TEST(appended_bytes_warned)
{
	char dir[] = "/tmp/itlkit-drst.XXXXXX", path[256];
	const ik_drs_comp_report *c;
	ik_drs_report r;
	size_t i;
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_eq(gen_one_comp_set(dir, one_file, 1, NULL), 0);
	snprintf(path, sizeof(path), "%s/2021-02-03-04-05-06_PUB_UCM_PLATFORM.tar",
	    dir);
	ck_assert_ptr_nonnull(f = fopen(path, "ab"));
	fputs("appended later: not from CUCM\n", f);
	ck_assert_int_eq(fclose(f), 0);
	check_dir(dir, FX_PW, false, &r);
	c = &r.comps[0];
	ck_assert_int_eq(c->checksum, IK_DRS_SUM_MATCH);
	ck_assert(c->checksum_body);
	for (i = 0; i < r.findings.n; i++)
		if (strcmp(r.findings.v[i].code,
		    "DRS_CHECKSUM_EXCLUDES_TRAILER") == 0)
			break;
	ck_assert_uint_lt(i, r.findings.n);
	ck_assert_int_eq(r.findings.v[i].severity, IK_SEV_WARNING);
	ck_assert_ptr_nonnull(strstr(r.findings.v[i].message, "last 30 bytes"));
	ik_drs_report_free(&r);
	ck_assert_int_eq(gen_rm_rf(dir), 0);
}
END_TEST

/*
 * The statuses as JSON spells them, and pass or fail per operation: a
 * listing takes an unverified set (no password was asked), verification
 * and extraction only an ok one.
 */
START_TEST(statuses_and_verdicts)
{
	static const char *const names[] = { "ok", "incomplete", "corrupt",
		"wrong-password", "unsupported", "unverified", "partial",
		"failed" };
	size_t i;

	for (i = 0; i < N(names); i++)
		ck_assert_str_eq(ik_drs_status_name((ik_drs_status)i), names[i]);
	ck_assert_int_eq(IK_DRS_SET_STATUSES, 6);
	ck_assert_str_eq(ik_drs_password_name(IK_DRS_PASSWORD_NOT_GIVEN),
	    "not-given");
	ck_assert_str_eq(ik_drs_password_name(IK_DRS_PASSWORD_UNVERIFIED),
	    "unverified");
	ck_assert_str_eq(ik_drs_checksum_name(IK_DRS_SUM_NOT_CHECKED),
	    "not-checked");
	ck_assert_str_eq(ik_drs_checksum_name(IK_DRS_SUM_MISMATCH), "mismatch");
	ck_assert(ik_drs_passes(IK_DRS_OP_LIST, IK_DRS_OK));
	ck_assert(ik_drs_passes(IK_DRS_OP_LIST, IK_DRS_UNVERIFIED));
	ck_assert(!ik_drs_passes(IK_DRS_OP_LIST, IK_DRS_INCOMPLETE));
	ck_assert(ik_drs_passes(IK_DRS_OP_VERIFY, IK_DRS_OK));
	ck_assert(!ik_drs_passes(IK_DRS_OP_VERIFY, IK_DRS_UNVERIFIED));
	ck_assert(!ik_drs_passes(IK_DRS_OP_EXTRACT, IK_DRS_PARTIAL));
	ck_assert(!ik_drs_passes(IK_DRS_OP_EXTRACT, IK_DRS_UNVERIFIED));
	ck_assert(ik_drs_passes(IK_DRS_OP_EXTRACT, IK_DRS_OK));
}
END_TEST

Suite *suite_drs_sets(void);

Suite *
suite_drs_sets(void)
{
	Suite *s = suite_create("drs_sets");
	TCase *tc = tcase_create("sets");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, fixtures_reproduce);
	tcase_add_loop_test(tc, fixture_status, 0, (int)N(fixtures));
	tcase_add_test(tc, good_set_details);
	tcase_add_test(tc, wrong_and_no_password);
	tcase_add_test(tc, damaged_sets);
	tcase_add_test(tc, findings_of_special_sets);
	tcase_add_test(tc, synthetic_set);
	tcase_add_test(tc, lost_finding_is_not_ok);
	tcase_add_test(tc, discover_tree);
	tcase_add_test(tc, discover_reports_skipped_places);
	tcase_add_test(tc, appended_bytes_warned);
	tcase_add_test(tc, large_stream);
	tcase_add_test(tc, statuses_and_verdicts);
	suite_add_tcase(s, tc);
	return s;
}
