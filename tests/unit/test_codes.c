/*
 * test_codes.c: the finding code table (libcore/base/ik_codes.h) and
 * docs/findings.md say the same thing.  Every code of the table has rows in
 * the document, each giving the table's severities, and every row names a
 * code of the table.  That a source passes no code outside the table is the
 * compiler's work: ik_findings_add takes an ik_code.
 */
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "ik_base.h"
#include "testkit.h"

#define DOC "../../docs/findings.md"

/* The severities a row's severity cell names: "error (warning with ...)". */
static unsigned
cell_severities(const char *cell, size_t n)
{
	static const struct {
		const char *word;
		unsigned bit;
	} words[] = { { "error", IK_SEVS_E }, { "warning", IK_SEVS_W },
	    { "info", IK_SEVS_I } };
	unsigned sevs = 0;
	size_t i, k, len;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		len = strlen(words[i].word);
		for (k = 0; k + len <= n; k++)
			if (memcmp(cell + k, words[i].word, len) == 0)
				sevs |= words[i].bit;
	}
	return sevs;
}

static const char *
sevs_name(unsigned sevs)
{
	static const char *const names[8] = { "none", "info", "warning",
	    "warning / info", "error", "error / info", "error / warning",
	    "error / warning / info" };

	return names[sevs & 7];
}

/*
 * Compares a findings.md text with the table; returns the number of
 * disagreements, each described on a line of out.  A row is a line
 * "| `CODE` | severity | meaning |".
 */
static int
doc_check(const char *doc, ik_sb *out)
{
	bool seen[IKF_COUNT] = { false };
	const char *line, *end, *name, *name_end, *cell, *cell_end;
	char buf[64];
	unsigned sevs;
	ik_code c;
	int bad = 0;
	size_t i;

	for (line = doc; *line != '\0'; line = *end ? end + 1 : end) {
		if ((end = strchr(line, '\n')) == NULL)
			end = line + strlen(line);
		if (strncmp(line, "| `", 3) != 0)
			continue;
		name = line + 3;
		name_end = memchr(name, '`', (size_t)(end - name));
		if (name_end == NULL || end - name_end < 4 ||
		    memcmp(name_end, "` | ", 4) != 0)
			continue;
		cell = name_end + 4;
		if ((cell_end = memchr(cell, '|', (size_t)(end - cell))) == NULL)
			cell_end = end;
		snprintf(buf, sizeof(buf), "%.*s", (int)(name_end - name), name);
		if ((c = ik_code_from_name(buf)) == IKF_COUNT) {
			ik_sb_printf(out, "%s: documented, not in ik_codes.h\n",
			    buf);
			bad++;
			continue;
		}
		seen[c] = true;
		sevs = cell_severities(cell, (size_t)(cell_end - cell));
		if (sevs != ik_code_severities(c)) {
			ik_sb_printf(out, "%s: documented as %s, ik_codes.h "
			    "says %s\n", buf, sevs_name(sevs),
			    sevs_name(ik_code_severities(c)));
			bad++;
		}
	}
	for (i = 0; i < IKF_COUNT; i++)
		if (!seen[i]) {
			ik_sb_printf(out, "%s: in ik_codes.h, not documented\n",
			    ik_code_name((ik_code)i));
			bad++;
		}
	return bad;
}

static char *
read_doc(void)
{
	uint8_t *buf;
	size_t len;
	char *s;

	buf = tk_read(DOC, &len);
	ck_assert_ptr_nonnull(s = malloc(len + 1));
	memcpy(s, buf, len);
	s[len] = '\0';
	free(buf);
	return s;
}

/* doc with its one occurrence of from replaced by to. */
static char *
edited(const char *doc, const char *from, const char *to)
{
	const char *at = strstr(doc, from);
	char *s;

	ck_assert_ptr_nonnull(at);
	ck_assert_ptr_null(strstr(at + 1, from));
	ck_assert_ptr_nonnull(s = malloc(strlen(doc) - strlen(from) +
	    strlen(to) + 1));
	sprintf(s, "%.*s%s%s", (int)(at - doc), doc, to, at + strlen(from));
	return s;
}

START_TEST(table_is_sound)
{
	const char *name, *p;
	size_t i;

	for (i = 0; i < IKF_COUNT; i++) {
		ck_assert_ptr_nonnull(name = ik_code_name((ik_code)i));
		ck_assert_msg(name[0] >= 'A' && name[0] <= 'Z', "%s", name);
		for (p = name; *p != '\0'; p++)
			ck_assert_msg((*p >= 'A' && *p <= 'Z') ||
			    (*p >= '0' && *p <= '9') || *p == '_', "%s", name);
		/* Names are unique: each finds its own code. */
		ck_assert_int_eq(ik_code_from_name(name), (ik_code)i);
		ck_assert_msg(strlen(ik_code_meaning((ik_code)i)) > 0 &&
		    strlen(ik_code_meaning((ik_code)i)) <= 100, "%s", name);
		ck_assert_msg(ik_code_severities((ik_code)i) != 0 &&
		    (ik_code_severities((ik_code)i) & ~7u) == 0, "%s", name);
	}
	ck_assert_str_eq(ik_code_name(IKF_TRUNCATED), "TRUNCATED");
	ck_assert_uint_eq(ik_code_severities(IKF_MISSING_FIELD),
	    IK_SEVS_E | IK_SEVS_W);
	ck_assert_uint_eq(ik_code_severities(IKF_BAD_FIELD_LENGTH),
	    IK_SEVS_W | IK_SEVS_I);
	ck_assert_uint_eq(ik_code_severities(IKF_FINDINGS_LOST), IK_SEVS_E);
	ck_assert_int_eq(ik_code_from_name("SIGNER_KEY_MISMATCH"),
	    IKF_SIGNER_KEY_MISMATCH);
	ck_assert_int_eq(ik_code_from_name("signer_key_mismatch"), IKF_COUNT);
	ck_assert_int_eq(ik_code_from_name("NO_SUCH_CODE"), IKF_COUNT);
	ck_assert_int_eq(ik_code_from_name(""), IKF_COUNT);
	ck_assert_int_eq(ik_code_from_name(NULL), IKF_COUNT);
	ck_assert_ptr_null(ik_code_name(IKF_COUNT));
	ck_assert_ptr_null(ik_code_meaning(IKF_COUNT));
	ck_assert_uint_eq(ik_code_severities(IKF_COUNT), 0);
}
END_TEST

START_TEST(docs_match_table)
{
	char *doc = read_doc();
	ik_sb out;
	int bad;

	ik_sb_init(&out);
	bad = doc_check(doc, &out);
	ck_assert_msg(bad == 0, "docs/findings.md and ik_codes.h disagree:\n%s",
	    out.s);
	ik_sb_free(&out);
	free(doc);
}
END_TEST

/* The check fails on a copy of the document with one row wrong. */
START_TEST(doc_check_catches_each_disagreement)
{
	static const struct {
		const char *from, *to, *says;
	} edits[] = {
		/* A row removed. */
		{ "| `WEAK_KEY` | warning | an RSA key under 2048 bits |\n", "",
		  "WEAK_KEY: in ik_codes.h, not documented\n" },
		/* A severity changed. */
		{ "| `DRS_EXTRA_FILE` | warning |", "| `DRS_EXTRA_FILE` | error |",
		  "DRS_EXTRA_FILE: documented as error, ik_codes.h says "
		  "warning\n" },
		/* One of two severities left out. */
		{ "| `MISSING_FIELD` | error / warning |",
		  "| `MISSING_FIELD` | error |",
		  "MISSING_FIELD: documented as error, ik_codes.h says "
		  "error / warning\n" },
		/* The second row of a code documented twice. */
		{ "| `TRUNCATED` | error | (existing code",
		  "| `TRUNCATED` | warning | (existing code",
		  "TRUNCATED: documented as warning, ik_codes.h says error\n" },
		/* A row for a code the table does not have. */
		{ "| `WEAK_KEY` |", "| `WEAK_KEYS` |",
		  "WEAK_KEYS: documented, not in ik_codes.h\n"
		  "WEAK_KEY: in ik_codes.h, not documented\n" },
	};
	char *doc = read_doc(), *bad_doc;
	ik_sb out;
	size_t i;

	for (i = 0; i < sizeof(edits) / sizeof(edits[0]); i++) {
		bad_doc = edited(doc, edits[i].from, edits[i].to);
		ik_sb_init(&out);
		ck_assert_int_ge(doc_check(bad_doc, &out), 1);
		ck_assert_str_eq(out.s, edits[i].says);
		ik_sb_free(&out);
		free(bad_doc);
	}
	free(doc);
}
END_TEST

#ifdef IK_STRICT_CODES
/* Test builds stop at a severity the table does not give the code. */
START_TEST(strict_build_refuses_other_severity)
{
	ik_findings f;

	ik_findings_init(&f);
	ik_findings_add(&f, IK_SEV_WARNING, IKF_WEAK_KEY, NULL, "allowed");
	ck_assert_uint_eq(f.n, 1);
	ik_findings_add(&f, IK_SEV_ERROR, IKF_WEAK_KEY, NULL, "not allowed");
	ik_findings_free(&f);
}
END_TEST
#endif

Suite *suite_codes(void);

Suite *
suite_codes(void)
{
	Suite *s = suite_create("codes");
	TCase *tc = tcase_create("codes");

	tcase_add_test(tc, table_is_sound);
	tcase_add_test(tc, docs_match_table);
	tcase_add_test(tc, doc_check_catches_each_disagreement);
#ifdef IK_STRICT_CODES
	tcase_add_test_raise_signal(tc, strict_build_refuses_other_severity,
	    SIGABRT);
#endif
	suite_add_tcase(s, tc);
	return s;
}
