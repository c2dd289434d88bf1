/*
 * test_json_emit.c: a report written through ik_jw as bytes is byte for
 * byte the JSON line of the same report built as jansson objects (through
 * our writer and through jansson's own), and that object is the one
 * itl.show built before (ik_itl_json, "member" placed by
 * ik_report_member).  Over every trust list and dump of tests/data, the
 * samples and the fuzz corpora, over generated clusters in every layout,
 * and over models whose names and findings hold the oddest bytes.  Run
 * from tests/data.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <check.h>

#include "clusterkit.h"
#include "ik_itl.h"
#include "ik_itl_render.h"
#include "ik_report.h"
#include "json_write.h"
#include "testkit.h"

Suite *suite_json_emit(void);

static size_t compared;

/* ik_jw's bytes of the report of itl, appended to sb; asserts success. */
static void
direct(ik_sb *sb, const ik_itl *itl, const ik_itl_render_opts *ro,
    const char *member)
{
	ik_jw w;

	ik_jw_init(&w, sb);
	ik_itl_jw(&w, itl, ro, member);
	ck_assert_int_eq(ik_jw_finish(&w), 0);
}

static void
same_sb(const ik_sb *a, const ik_sb *b)
{
	ck_assert_uint_eq(a->len, b->len);
	ck_assert_msg(memcmp(a->s, b->s, a->len) == 0, "%s\n%s", a->s, b->s);
}

/* The report of itl both ways, with and without a member. */
static void
both_ends(const ik_itl *itl, const char *path)
{
	static const char *const members[] = {
		NULL, "nodes/pub/ITLFile.tlv", "inner.tgz:caf\xc3\xa9\x01\"\\",
		"bad\xff\xfe utf-8"
	};
	ik_itl_render_opts ro;
	uint8_t sha[32];
	ik_sb d, o, j;
	json_t *obj;
	ik_jw w;
	size_t m;

	memset(sha, 0x5a, sizeof(sha));
	memset(&ro, 0, sizeof(ro));
	ro.tool = "itl-show";
	ro.path = path;
	ro.input_sha256 = sha;
	ro.input_size = 4242;
	ro.at = 1767225600;
	for (m = 0; m < sizeof(members) / sizeof(members[0]); m++) {
		ik_sb_init(&d);
		ik_sb_init(&o);
		ik_sb_init(&j);
		/* Appended after what the buffer holds, as a batch does. */
		ik_sb_puts(&d, "{}\n");
		ik_sb_puts(&o, "{}\n");
		ik_sb_puts(&j, "{}\n");
		direct(&d, itl, &ro, members[m]);
		ik_jw_init(&w, NULL);
		ik_itl_jw(&w, itl, &ro, members[m]);
		obj = ik_jw_take(&w);
		ck_assert_ptr_nonnull(obj);
		ck_assert_int_eq(ik_json_write(&o, obj), 0);
		ck_assert_int_eq(ik_json_write_jansson(&j, obj), 0);
		same_sb(&d, &o);
		same_sb(&d, &j);
		json_decref(obj);
		/* The object as itl.show built it before. */
		obj = ik_report_member(ik_itl_json(itl, &ro), "file",
		    members[m]);
		ck_assert_ptr_nonnull(obj);
		ik_sb_reset(&o);
		ik_sb_puts(&o, "{}\n");
		ck_assert_int_eq(ik_json_write(&o, obj), 0);
		same_sb(&d, &o);
		json_decref(obj);
		ik_sb_free(&d);
		ik_sb_free(&o);
		ik_sb_free(&j);
	}
	compared++;
}

/* Every model the bytes give, verified and linted, both ways. */
static void
load_and_compare(const uint8_t *buf, size_t len, const char *path)
{
	ik_lint_opts lint = { 1767225600, 180 };
	ik_itl **v = NULL;
	size_t n = 0, i;
	ik_error err;

	ik_error_clear(&err);
	(void)ik_trustlist_load_all(buf, len, &v, &n, &err);
	for (i = 0; i < n; i++) {
		ik_itl_verify(v[i]);
		ik_itl_lint(v[i], &lint);
		both_ends(v[i], path);
		ik_itl_free(v[i]);
	}
	free(v);
}

/* Every regular file under dir (one level of folders down too). */
static void
walk(const char *dir, int depth)
{
	char path[1024];
	struct dirent *e;
	struct stat st;
	uint8_t *buf;
	size_t len;
	DIR *d;

	d = opendir(dir);
	ck_assert_msg(d != NULL, "cannot open %s", dir);
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (stat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			if (depth < 2)
				walk(path, depth + 1);
			continue;
		}
		if (!S_ISREG(st.st_mode) || st.st_size > IK_ITL_MAX_INPUT)
			continue;
		buf = tk_read(path, &len);
		load_and_compare(buf, len, path);
		free(buf);
	}
	closedir(d);
}

START_TEST(json_emit_files)
{
	compared = 0;
	walk(".", 0);
	walk("../../samples", 0);
	ck_assert_uint_ge(compared, 40);
	walk("../fuzz/corpus/itl", 0);
	walk("../fuzz/corpus/dump", 0);
	/* The corpora give hundreds of models, damaged ones among them. */
	ck_assert_uint_ge(compared, 600);
}
END_TEST

START_TEST(json_emit_generated)
{
	static const int layouts[] = {
		CK_LAYOUT_CUCM, CK_LAYOUT_CERTS, CK_LAYOUT_NO_REC,
		CK_LAYOUT_NO_PEER_TVS | CK_LAYOUT_NO_CAPF, CK_LAYOUT_NO_OWN_TVS
	};
	ck_cluster c;
	uint8_t *b;
	size_t len, i;
	int node, signer;

	compared = 0;
	ck_cluster_make(&c, "emit", 0);
	for (i = 0; i < sizeof(layouts) / sizeof(layouts[0]); i++)
		for (node = 0; node < 2; node++)
			for (signer = CK_SIGN_CCM; signer <= CK_SIGN_REC;
			    signer++) {
				b = ck_node_itl(&c, node, signer, layouts[i],
				    &len);
				load_and_compare(b, len, "gen.tlv");
				/* Cut short: incomplete, malformed. */
				load_and_compare(b, len / 2, "cut.tlv");
				free(b);
			}
	ck_cluster_free(&c);
	ck_assert_uint_eq(compared, 40);
}
END_TEST

/* Names, findings and paths of the oddest bytes, in one model. */
START_TEST(json_emit_odd_strings)
{
	static const char *const odd[] = {
		"", "plain", "q\"uote\\back/slash", "\x01\x1f\x7f ctl\b\f\n\r\t",
		"caf\xc3\xa9 \xe2\x80\xae bidi \xf0\x9f\x98\x80",
		"bad \xff utf-8", "overlong \xc0\xaf", "surrogate \xed\xa0\x80",
		"cut \xe2\x82", "\xf4\x90\x80\x80 above U+10FFFF"
	};
	ck_cluster c;
	ik_itl **v = NULL;
	ik_itl *itl;
	char *keep[4];
	size_t len, n = 0, i, k;
	ik_error err;
	uint8_t *b;

	compared = 0;
	ck_cluster_make(&c, "odd", 0);
	b = ck_node_itl(&c, 0, CK_SIGN_REC, CK_LAYOUT_CERTS, &len);
	ik_error_clear(&err);
	ck_assert_int_eq(ik_trustlist_load_all(b, len, &v, &n, &err), IK_OK);
	ck_assert_uint_eq(n, 1);
	itl = v[0];
	ik_itl_verify(itl);
	ck_assert_uint_gt(itl->nrec, 0);
	for (i = 0; i < sizeof(odd) / sizeof(odd[0]); i++) {
		keep[0] = itl->recs[0].subject;
		keep[1] = itl->recs[0].dns_name;
		keep[2] = itl->hdr.signer_name;
		keep[3] = itl->hdr.filename;
		itl->recs[0].subject = (char *)odd[i];
		itl->recs[0].dns_name = (char *)odd[(i + 1) %
		    (sizeof(odd) / sizeof(odd[0]))];
		itl->hdr.signer_name = (char *)odd[i];
		itl->hdr.filename = NULL;
		ik_findings_add(&itl->findings, IK_SEV_INFO,
		    IKF_UNKNOWN_TAG, odd[i], "message %s", odd[i]);
		both_ends(itl, odd[i]);
		itl->recs[0].subject = keep[0];
		itl->recs[0].dns_name = keep[1];
		itl->hdr.signer_name = keep[2];
		itl->hdr.filename = keep[3];
	}
	/* Findings lost to memory end the list with FINDINGS_LOST. */
	itl->findings.lost = 3;
	both_ends(itl, "lost.tlv");
	for (k = 0; k < n; k++)
		ik_itl_free(v[k]);
	free(v);
	free(b);
	ck_cluster_free(&c);
	ck_assert_uint_eq(compared, sizeof(odd) / sizeof(odd[0]) + 1);
}
END_TEST

/* Odd keys and long values, the same through both ends. */
static void
odd_script(ik_jw *w)
{
	static const uint8_t bytes[100] = { 1, 2, 0xab };
	char longkey[200];

	memset(longkey, 'k', sizeof(longkey) - 1);
	longkey[sizeof(longkey) - 1] = '\0';
	ik_jw_object(w, NULL);
	ik_jw_int(w, "q\"uote", 1);
	ik_jw_int(w, "back\\slash", -1);
	ik_jw_cstr(w, "caf\xc3\xa9", "\x01");
	ik_jw_bool(w, "\n", false);
	ik_jw_hex(w, longkey, bytes, sizeof(bytes));
	ik_jw_hex_sep(w, longkey + 100, bytes, sizeof(bytes));
	ik_jw_hex_sep(w, "", bytes, 64);
	ik_jw_array(w, longkey + 130);
	ik_jw_time(w, NULL, -1);
	ik_jw_time(w, NULL, 253402300800LL);
	ik_jw_end(w);
	ik_jw_end(w);
}

START_TEST(json_emit_odd_keys)
{
	ik_sb d, o;
	json_t *obj;
	ik_jw w;

	ik_sb_init(&d);
	ik_jw_init(&w, &d);
	odd_script(&w);
	ck_assert_int_eq(ik_jw_finish(&w), 0);
	ik_jw_init(&w, NULL);
	odd_script(&w);
	obj = ik_jw_take(&w);
	ck_assert_ptr_nonnull(obj);
	ck_assert_uint_eq(json_object_size(obj), 8);
	ik_sb_init(&o);
	ck_assert_int_eq(ik_json_write(&o, obj), 0);
	same_sb(&d, &o);
	ik_sb_reset(&o);
	ck_assert_int_eq(ik_json_write_jansson(&o, obj), 0);
	same_sb(&d, &o);
	json_decref(obj);
	ik_sb_free(&d);
	ik_sb_free(&o);
}
END_TEST

/* The writer's own contract: nesting, nulls, and refusals. */
START_TEST(json_emit_writer)
{
	ik_jw w;
	ik_sb sb;
	json_t *o;
	int i;

	ik_sb_init(&sb);
	ik_jw_init(&w, &sb);
	ik_jw_object(&w, NULL);
	ik_jw_array(&w, "a");
	ik_jw_int(&w, NULL, -9223372036854775807LL - 1);
	ik_jw_null(&w, NULL);
	ik_jw_object(&w, NULL);
	ik_jw_end(&w);
	ik_jw_array(&w, NULL);
	ik_jw_end(&w);
	ik_jw_end(&w);
	ik_jw_bool(&w, "t", true);
	ik_jw_cstr(&w, "n", NULL);
	ik_jw_hex(&w, "h", (const uint8_t *)"\x01\xab", 2);
	ik_jw_hex_sep(&w, "s", (const uint8_t *)"\x01\xab", 2);
	ik_jw_hex_sep(&w, "e", (const uint8_t *)"", 0);
	ik_jw_time(&w, "at", 0);
	ik_jw_str(&w, "x", "\xff", 1);
	ck_assert_int_eq(ik_jw_finish(&w), -1);		/* still open */
	ik_jw_end(&w);
	ck_assert_int_eq(ik_jw_finish(&w), 0);
	ck_assert_str_eq(sb.s, "{\"a\":[-9223372036854775808,null,{},[]],"
	    "\"t\":true,\"n\":null,\"h\":\"01ab\",\"s\":\"01:AB\",\"e\":\"\","
	    "\"at\":\"1970-01-01T00:00:00Z\",\"x\":\"\\\\xff\"}");
	/* One end too many fails, and so does a tree past the depth. */
	ik_jw_end(&w);
	ck_assert_int_eq(ik_jw_finish(&w), -1);
	ik_sb_free(&sb);
	ik_jw_init(&w, NULL);
	for (i = 0; i <= IK_JW_DEPTH; i++)
		ik_jw_array(&w, NULL);
	ck_assert_ptr_null(ik_jw_take(&w));
	/* A key that is not UTF-8 fails both ends, as jansson refuses it. */
	ik_sb_init(&sb);
	ik_jw_init(&w, &sb);
	ik_jw_object(&w, NULL);
	ik_jw_int(&w, "bad\xff", 1);
	ik_jw_end(&w);
	ck_assert_int_eq(ik_jw_finish(&w), -1);
	ik_sb_free(&sb);
	ik_jw_init(&w, NULL);
	ik_jw_object(&w, NULL);
	ik_jw_int(&w, "bad\xff", 1);
	ik_jw_end(&w);
	ck_assert_ptr_null(ik_jw_take(&w));
	/* The objects end gives what ik_json_str would. */
	ik_jw_init(&w, NULL);
	ik_jw_object(&w, NULL);
	ik_jw_str(&w, "x", "\xff", 1);
	ik_jw_end(&w);
	o = ik_jw_take(&w);
	ck_assert_ptr_nonnull(o);
	ck_assert_str_eq(json_string_value(json_object_get(o, "x")), "\\xff");
	json_decref(o);
}
END_TEST

/* What ik_time_format gave before its fast path: gmtime_r and strftime. */
static void
reference_time(time_t t, char *buf, size_t size)
{
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL)
		snprintf(buf, size, "invalid");
	else
		strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

START_TEST(json_emit_time)
{
	static const long long edges[] = {
		0, 59, 60, 86399, 86400, 951782400, 951868799, 951868800,
		4107542399LL, 4107542400LL, 253402300799LL, 253402300800LL, -1,
		-86400, -62135596800LL, 1767225600, 2147483647, 2147483648LL
	};
	char a[64], b[64];
	uint64_t x = 88172645463325252ULL;
	long long t;
	size_t i;

	for (i = 0; i < sizeof(edges) / sizeof(edges[0]) + 200000; i++) {
		if (i < sizeof(edges) / sizeof(edges[0]))
			t = edges[i];
		else {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			/* Mostly within 1970-9999, some beyond and before. */
			t = (long long)(x % 300000000000ULL) - 20000000000LL;
		}
		ik_time_format((time_t)t, a, sizeof(a));
		reference_time((time_t)t, b, sizeof(b));
		ck_assert_msg(strcmp(a, b) == 0, "%lld: %s != %s", t, a, b);
	}
}
END_TEST

Suite *
suite_json_emit(void)
{
	Suite *s = suite_create("json_emit");
	TCase *tc = tcase_create("json_emit");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, json_emit_files);
	tcase_add_test(tc, json_emit_generated);
	tcase_add_test(tc, json_emit_odd_strings);
	tcase_add_test(tc, json_emit_writer);
	tcase_add_test(tc, json_emit_odd_keys);
	tcase_add_test(tc, json_emit_time);
	suite_add_tcase(s, tc);
	return s;
}
