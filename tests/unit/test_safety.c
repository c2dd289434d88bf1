/*
 * test_safety.c: names from evidence in front of a terminal and a
 * spreadsheet: the printable form, JSON that keeps the exact value, the
 * findings text, CSV cells.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "ik_base.h"
#include "ik_report.h"

/* The printable form of n bytes, as a string the test owns. */
static char *
safe_of(const char *s, size_t n)
{
	ik_sb sb;

	ik_sb_init(&sb);
	ik_sb_add_safe(&sb, (const uint8_t *)s, n);
	ck_assert(!sb.oom);
	return ik_sb_take(&sb);
}

#define CK_SAFE(in, want) do {						\
	char *got_ = safe_of(in, sizeof(in) - 1);			\
	ck_assert_str_eq(got_, want);					\
	free(got_);							\
} while (0)

/* No byte a terminal acts on: C0, DEL, C1 (raw or UTF-8), bidi, ZW. */
static void
assert_inert(const char *s)
{
	const uint8_t *p = (const uint8_t *)s;

	for (; *p != '\0'; p++) {
		ck_assert_msg(*p >= 0x20 && *p != 0x7f, "control byte %02x", *p);
		ck_assert_msg(!(p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f),
		    "UTF-8 C1 control");
		ck_assert_msg(!(p[0] == 0xe2 && p[1] == 0x80 &&
		    ((p[2] >= 0x8b && p[2] <= 0x8f) ||
		    (p[2] >= 0xa8 && p[2] <= 0xae))), "bidi or zero-width");
		ck_assert_msg(!(p[0] == 0xe2 && p[1] == 0x81 &&
		    p[2] >= 0xa0 && p[2] <= 0xaf), "bidi isolate");
	}
}

START_TEST(printable_form)
{
	/* Plain ASCII and printable UTF-8 stay as they are. */
	CK_SAFE("CN=pub.example.com;O=cisco", "CN=pub.example.com;O=cisco");
	CK_SAFE("Z\xc3\xbcrich \xe6\x9d\xb1\xe4\xba\xac \xf0\x9f\x94\x92",
	    "Z\xc3\xbcrich \xe6\x9d\xb1\xe4\xba\xac \xf0\x9f\x94\x92");
	/* A backslash is doubled, so an escape cannot be forged. */
	CK_SAFE("a\\x1b", "a\\\\x1b");
	/* C0 controls and DEL. */
	CK_SAFE("\x1b[31mred\a\r\n\x7f", "\\x1b[31mred\\x07\\x0d\\x0a\\x7f");
	/* C1 controls, as UTF-8 (U+009B is CSI) and as a bare byte. */
	CK_SAFE("a\xc2\x9b" "31mb", "a\\u009b31mb");
	CK_SAFE("a\x9b" "31m", "a\\x9b31m");
	/* Bidi overrides, isolates, marks, zero width, BOM, separators. */
	CK_SAFE("evil\xe2\x80\xaegnp.exe", "evil\\u202egnp.exe");
	CK_SAFE("\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad",
	    "\\u202a\\u202b\\u202c\\u202d");
	CK_SAFE("\xe2\x81\xa6x\xe2\x81\xa9", "\\u2066x\\u2069");
	CK_SAFE("\xe2\x80\x8e\xe2\x80\x8f\xe2\x80\x8b", "\\u200e\\u200f\\u200b");
	CK_SAFE("\xef\xbb\xbf\xe2\x80\xa8", "\\ufeff\\u2028");
	/* Not UTF-8: truncated, overlong, surrogate, above U+10FFFF. */
	CK_SAFE("ab\xe2\x80", "ab\\xe2\\x80");
	CK_SAFE("\xc0\xaf", "\\xc0\\xaf");
	CK_SAFE("\xed\xa0\x80", "\\xed\\xa0\\x80");
	CK_SAFE("\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80");
	CK_SAFE("\xff", "\\xff");
	/* An embedded NUL is shown, not a place where the name stops. */
	CK_SAFE("a\0b", "a\\x00b");
	CK_SAFE("", "");
}
END_TEST

START_TEST(utf8_decode_strict)
{
	uint32_t c = 0;

	ck_assert_uint_eq(ik_utf8_decode((const uint8_t *)"\xc2\x9b", 2, &c), 2);
	ck_assert_uint_eq(c, 0x9b);
	ck_assert_uint_eq(ik_utf8_decode((const uint8_t *)"\xe2\x80\xae", 3,
	    &c), 3);
	ck_assert_uint_eq(c, 0x202e);
	ck_assert_uint_eq(ik_utf8_decode((const uint8_t *)"\xf0\x9f\x94\x92",
	    4, &c), 4);
	ck_assert_uint_eq(c, 0x1f512);
	ck_assert_uint_eq(ik_utf8_decode((const uint8_t *)"\xe2\x80\xae", 2,
	    &c), 0);
	ck_assert_uint_eq(ik_utf8_decode((const uint8_t *)"\xe0\x80\x80", 3,
	    &c), 0);
	ck_assert_uint_eq(ik_utf8_decode((const uint8_t *)"\x80", 1, &c), 0);
}
END_TEST

static char *
json_of(const char *s, size_t n)
{
	json_t *a = json_array();
	char *out;

	json_array_append_new(a, ik_json_str(s, n));
	out = json_dumps(a, IK_JSON_FLAGS);
	json_decref(a);
	ck_assert_ptr_nonnull(out);
	return out;
}

START_TEST(json_keeps_exact_value)
{
	static const char hostile[] = "pub\x1b[31m\xc2\x9bx\xe2\x80\xae" "a\\b";
	json_t *back;
	char *line;

	line = json_of(hostile, sizeof(hostile) - 1);
	/* Escaped as JSON escapes, ASCII only: inert on a terminal. */
	ck_assert_str_eq(line, "[\"pub\\u001B[31m\\u009Bx\\u202Ea\\\\b\"]");
	assert_inert(line);
	/* and a JSON reader gets the very bytes back. */
	back = json_loads(line, 0, NULL);
	ck_assert_ptr_nonnull(back);
	ck_assert_str_eq(json_string_value(json_array_get(back, 0)), hostile);
	json_decref(back);
	free(line);

	/* Non-UTF-8 bytes cannot be a JSON string: the printable form. */
	line = json_of("a\xff\\", 3);
	ck_assert_str_eq(line, "[\"a\\\\xff\\\\\\\\\"]");
	free(line);
	/* An embedded NUL stays part of the value. */
	line = json_of("a\0b", 3);
	ck_assert_str_eq(line, "[\"a\\u0000b\"]");
	free(line);
	/* Printable UTF-8 round-trips too. */
	line = json_of("Z\xc3\xbcrich", 7);
	ck_assert_str_eq(line, "[\"Z\\u00FCrich\"]");
	free(line);
}
END_TEST

START_TEST(findings_text_is_printable)
{
	ik_findings f;
	ik_sb sb;

	ik_findings_init(&f);
	ik_findings_add(&f, IK_SEV_ERROR, IKF_DRS_COMPONENT_MISSING,
	    "file a\x1b]0;pwned\a.tar",
	    "ServerName %s differs", "pub\xc2\x9b" "31m\xe2\x80\xae");
	ik_sb_init(&sb);
	ik_findings_text(&sb, &f, "  ");
	ck_assert_str_eq(sb.s, "  error DRS_COMPONENT_MISSING "
	    "[file a\\x1b]0;pwned\\x07.tar]: "
	    "ServerName pub\\u009b31m\\u202e differs\n");
	ik_sb_free(&sb);
	ik_findings_free(&f);
}
END_TEST

static char *
csv_of(const char *s)
{
	ik_sb sb;

	ik_sb_init(&sb);
	ik_sb_csv_cell(&sb, s);
	ck_assert(!sb.oom);
	return ik_sb_take(&sb);
}

#define CK_CSV(in, want) do {						\
	char *got_ = csv_of(in);					\
	ck_assert_str_eq(got_, want);					\
	free(got_);							\
} while (0)

START_TEST(csv_cells)
{
	CK_CSV("SEP001122334455", "SEP001122334455");
	CK_CSV(NULL, "");
	CK_CSV("", "");
	/* A formula is text once it starts with an apostrophe. */
	CK_CSV("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"");
	CK_CSV("+1", "'+1");
	CK_CSV("-2+3", "'-2+3");
	CK_CSV("@SUM(A1)", "'@SUM(A1)");
	CK_CSV("\tcmd", "'\\x09cmd");
	CK_CSV("\rcmd", "'\\x0dcmd");
	/* Only the first character counts; a lone "-" is standard input. */
	CK_CSV("a=b-c", "a=b-c");
	CK_CSV("-", "-");
	/* RFC 4180 quoting, and the printable form: no raw line ends. */
	CK_CSV("a,b", "\"a,b\"");
	CK_CSV("say \"hi\"", "\"say \"\"hi\"\"\"");
	CK_CSV("two\nlines\x1b", "two\\x0alines\\x1b");
}
END_TEST

/* Days left in words, never a negative number. */
START_TEST(days_in_words)
{
	ik_sb sb;

	ik_sb_init(&sb);
	ik_text_days(&sb, 12);
	ik_sb_puts(&sb, "|");
	ik_text_days(&sb, 1);
	ik_sb_puts(&sb, "|");
	ik_text_days(&sb, 0);
	ik_sb_puts(&sb, "|");
	ik_text_days(&sb, -1);
	ik_sb_puts(&sb, "|");
	ik_text_days(&sb, -310);
	ck_assert_str_eq(sb.s, "12 days left|1 day left|expires within a day|"
	    "expired 1 day ago|expired 310 days ago");
	ik_sb_free(&sb);
}
END_TEST

/*
 * The same reason at several places is one line; places of one shape
 * read "records 1, 2, 4"; others are listed; a different reason stays
 * its own line.
 */
START_TEST(findings_grouped)
{
	ik_findings f;
	ik_sb sb;

	ik_findings_init(&f);
	ik_findings_add(&f, IK_SEV_WARNING, IKF_WEAK_KEY, "record 1",
	    "RSA key of 1024 bits (under 2048)");
	ik_findings_add(&f, IK_SEV_WARNING, IKF_WEAK_KEY, "record 2",
	    "RSA key of 1024 bits (under 2048)");
	ik_findings_add(&f, IK_SEV_WARNING, IKF_WEAK_KEY, "record 3",
	    "RSA key of 512 bits (under 2048)");
	ik_findings_add(&f, IK_SEV_WARNING, IKF_WEAK_KEY, "record 4",
	    "RSA key of 1024 bits (under 2048)");
	ik_findings_add(&f, IK_SEV_ERROR, IKF_TRUNCATED, "offset 9", "cut");
	ik_findings_add(&f, IK_SEV_INFO, IKF_UNKNOWN_TAG, "a.tar", "x");
	ik_findings_add(&f, IK_SEV_INFO, IKF_UNKNOWN_TAG, "b.tar", "x");
	ik_sb_init(&sb);
	ik_findings_text(&sb, &f, "-- ");
	ck_assert_str_eq(sb.s,
	    "-- error TRUNCATED [offset 9]: cut\n"
	    "-- warning WEAK_KEY [records 1, 2, 4]: RSA key of 1024 bits (under 2048)\n"
	    "-- warning WEAK_KEY [record 3]: RSA key of 512 bits (under 2048)\n"
	    "-- info UNKNOWN_TAG [a.tar, b.tar]: x\n");
	ik_sb_free(&sb);
	ik_findings_free(&f);
}
END_TEST

/*
 * Wrapped at spaces to the width, continuations after the prefix; a word
 * wider than the width is not cut; colour codes take no width and a
 * hostile escape in a name never becomes one.
 */
START_TEST(text_wrapped_and_coloured)
{
	ik_text_opts t = { false, true, 30 };
	ik_findings f;
	ik_sb sb;

	ik_findings_init(&f);
	ik_findings_add(&f, IK_SEV_ERROR, IKF_TRUNCATED, "x\x1b[5m",
	    "one two three four five six seven "
	    "0123456789012345678901234567890123456789 end");
	ik_sb_init(&sb);
	ik_findings_text_opts(&sb, &f, "  ", &t);
	ck_assert_str_eq(sb.s,
	    "  \033[1;31merror\033[0m TRUNCATED [x\\x1b[5m]:\n"
	    "      one two three four five\n"
	    "      six seven\n"
	    "      0123456789012345678901234567890123456789\n"
	    "      end\n");
	ik_sb_reset(&sb);
	ik_text_counts(&sb, &t, &f);
	ck_assert_str_eq(sb.s, "; \033[1;31m1 error\033[0m");
	/* Without colour, not one escape. */
	t.color = false;
	t.columns = 0;
	ik_sb_reset(&sb);
	ik_findings_text_opts(&sb, &f, "  ", &t);
	ik_text_counts(&sb, &t, &f);
	ck_assert_ptr_null(strchr(sb.s, '\033'));
	ik_sb_free(&sb);
	ik_findings_free(&f);
}
END_TEST

Suite *suite_safety(void);

Suite *
suite_safety(void)
{
	Suite *s = suite_create("safety");
	TCase *tc = tcase_create("safety");

	tcase_add_test(tc, printable_form);
	tcase_add_test(tc, days_in_words);
	tcase_add_test(tc, findings_grouped);
	tcase_add_test(tc, text_wrapped_and_coloured);
	tcase_add_test(tc, utf8_decode_strict);
	tcase_add_test(tc, json_keeps_exact_value);
	tcase_add_test(tc, findings_text_is_printable);
	tcase_add_test(tc, csv_cells);
	suite_add_tcase(s, tc);
	return s;
}
