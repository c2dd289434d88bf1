/*
 * test_json_write.c: the JSON writer gives jansson's bytes, on generated
 * trees full of odd strings and on the reports of real trust lists.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "ik_itl.h"
#include "ik_itl_render.h"
#include "ik_report.h"
#include "json_write.h"
#include "testkit.h"

/* Both writers on obj: the same return and the same bytes. */
static void
same_bytes(const json_t *obj)
{
	ik_sb a, b;
	int ra, rb;

	ik_sb_init(&a);
	ik_sb_init(&b);
	ik_sb_puts(&a, "prefix ");
	ik_sb_puts(&b, "prefix ");
	ra = ik_json_write(&a, obj);
	rb = ik_json_write_jansson(&b, obj);
	ck_assert_int_eq(ra, rb);
	ck_assert_uint_eq(a.len, b.len);
	ck_assert(a.len == 0 || memcmp(a.s, b.s, a.len) == 0);
	ik_sb_free(&a);
	ik_sb_free(&b);
}

START_TEST(json_write_known_bytes)
{
	json_t *o = json_object(), *a = json_array();
	ik_sb sb;

	json_object_set_new(o, "z", json_integer(LLONG_MIN));
	json_object_set_new(o, "a", json_stringn_nocheck("\"\\/\b\f\n\r\t\x01\x7f"
	    "\xc3\xa9\xf0\x9f\x98\x80", 16));
	json_array_append_new(a, json_true());
	json_array_append_new(a, json_null());
	json_array_append_new(a, json_object());
	json_object_set_new(o, "\n", a);
	ik_sb_init(&sb);
	ck_assert_int_eq(ik_json_write(&sb, o), 0);
	ck_assert_str_eq(sb.s, "{\"z\":-9223372036854775808,"
	    "\"a\":\"\\\"\\\\/\\b\\f\\n\\r\\t\\u0001\x7f\\u00E9\\uD83D\\uDE00\","
	    "\"\\n\":[true,null,{}]}");
	same_bytes(o);
	ik_sb_free(&sb);
	json_decref(o);
	/* Not an object or array: refused, nothing written. */
	o = json_string("x");
	ik_sb_init(&sb);
	ck_assert_int_eq(ik_json_write(&sb, o), -1);
	ck_assert_uint_eq(sb.len, 0);
	same_bytes(o);
	ik_sb_free(&sb);
	json_decref(o);
}
END_TEST

/* A byte string of the kinds names and dumps bring: mostly odd. */
static size_t
odd_bytes(unsigned *seed, char *out, size_t cap)
{
	static const char *const pieces[] = {
		"CN=node1", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80",
		"\"", "\\", "/", "\x7f", "\x1f", "\x00", "\t\n\r\b\f",
		"\xc3", "\xc0\x80", "\xed\xa0\x80", "\xf4\x90\x80\x80",
		"\xe0\x80\xaf", "\xff", "\x80", "\xef\xbf\xbf", "\xf4\x8f\xbf\xbf",
		"\xe2\x82", ", O=Cisco", "\xdf\xbf", "\xc2\x80",
	};
	static const size_t plen[] = {
		8, 2, 3, 4, 1, 1, 1, 1, 1, 1, 5, 1, 2, 3, 4, 3, 1, 1, 3, 4,
		2, 9, 2, 2,
	};
	size_t n = 0, k, i, count;

	count = (size_t)(rand_r(seed) % 6);
	for (i = 0; i < count; i++) {
		k = (size_t)rand_r(seed) % (sizeof(plen) / sizeof(plen[0]));
		if (n + plen[k] > cap)
			break;
		memcpy(out + n, pieces[k], plen[k]);
		n += plen[k];
	}
	return n;
}

static json_t *
gen_value(unsigned *seed, int depth)
{
	char buf[64];
	json_t *v;
	size_t n, i;
	int kind = rand_r(seed) % (depth > 3 ? 6 : 8);

	switch (kind) {
	case 0: return json_null();
	case 1: return json_boolean(rand_r(seed) & 1);
	case 2: return json_integer((json_int_t)rand_r(seed) -
	    (json_int_t)rand_r(seed) * 1000003);
	case 3:
		/* Rarely a real: the writer hands it to jansson. */
		if (rand_r(seed) % 16 == 0)
			return json_real((double)rand_r(seed) / 7.0);
		return json_integer(rand_r(seed) % 2 ? LLONG_MAX : 0);
	case 4:
	case 5:
		n = odd_bytes(seed, buf, sizeof(buf));
		return json_stringn_nocheck(buf, n);
	case 6:
		v = json_array();
		n = (size_t)(rand_r(seed) % 5);
		for (i = 0; i < n; i++)
			json_array_append_new(v, gen_value(seed, depth + 1));
		return v;
	default:
		v = json_object();
		n = (size_t)(rand_r(seed) % 6);
		for (i = 0; i < n; i++) {
			size_t kl = odd_bytes(seed, buf, sizeof(buf));

			/* Keys as jansson's setters let them in, unchecked. */
			json_object_setn_new_nocheck(v, buf, kl,
			    gen_value(seed, depth + 1));
		}
		return v;
	}
}

START_TEST(json_write_generated_match_jansson)
{
	unsigned seed = 20261201;
	json_t *root;
	int i;

	for (i = 0; i < 5000; i++) {
		root = rand_r(&seed) % 4 ? json_object() : json_array();
		if (json_is_object(root)) {
			json_object_set_new(root, "tool", json_string("itl-show"));
			json_object_set_new(root, "v", gen_value(&seed, 0));
			json_object_set_new(root, "w", gen_value(&seed, 0));
		} else {
			json_array_append_new(root, gen_value(&seed, 0));
			json_array_append_new(root, gen_value(&seed, 0));
		}
		same_bytes(root);
		json_decref(root);
	}
}
END_TEST

/* A tree past the writer's depth goes to jansson whole. */
START_TEST(json_write_deep_tree)
{
	json_t *root = json_array(), *cur = root, *next;
	int i;

	for (i = 0; i < 200; i++) {
		next = json_object();
		json_array_append_new(cur, next);
		cur = json_array();
		json_object_set_new(next, "k\xc3\xa9", cur);
	}
	same_bytes(root);
	json_decref(root);
}
END_TEST

/* The reports of the shipped trust lists and dumps, both writers. */
START_TEST(json_write_itl_reports)
{
	static const char *const files[] = {
		"certutils-built-ITLFile.tlv", "cucm-CTLFile-corrupted.tlv",
		"cucm-tokenless-CTLFile.tlv", "cluster/pub.tlv",
		"cluster/sub.tlv",
	};
	ik_itl_render_opts ro;
	uint8_t *buf, sha[32];
	ik_itl **v;
	size_t len, n, i, k;
	ik_error err;
	json_t *o;

	for (k = 0; k < sizeof(files) / sizeof(files[0]); k++) {
		buf = tk_read(files[k], &len);
		ck_assert_ptr_nonnull(buf);
		v = NULL;
		n = 0;
		ik_error_clear(&err);
		(void)ik_trustlist_load_all(buf, len, &v, &n, &err);
		memset(sha, 0xa5, sizeof(sha));
		for (i = 0; i < n; i++) {
			ik_itl_verify(v[i]);
			memset(&ro, 0, sizeof(ro));
			ro.tool = "itl-show";
			ro.path = files[k];
			ro.input_sha256 = sha;
			ro.input_size = (long long)len;
			o = ik_itl_json(v[i], &ro);
			ck_assert_ptr_nonnull(o);
			same_bytes(o);
			json_decref(o);
			ik_itl_free(v[i]);
		}
		free(v);
		free(buf);
	}
}
END_TEST

Suite *suite_json_write(void);

Suite *
suite_json_write(void)
{
	Suite *s = suite_create("json_write");
	TCase *tc = tcase_create("json_write");

	tcase_add_test(tc, json_write_known_bytes);
	tcase_add_test(tc, json_write_generated_match_jansson);
	tcase_add_test(tc, json_write_deep_tree);
	tcase_add_test(tc, json_write_itl_reports);
	suite_add_tcase(s, tc);
	return s;
}
