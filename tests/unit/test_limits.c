/*
 * test_limits.c: what one trust list may expand into.  Lists of tiny
 * records, of empty TLVs and of padding stop at IK_ITL_MAX_RECORDS and
 * IK_ITL_MAX_TLVS with TOO_MANY_RECORDS; a list just under the caps is
 * read whole.  Text dumps obey the same caps.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "ik_base.h"
#include "ik_itl.h"

/* A growing byte buffer for building lists. */
struct buf {
	uint8_t *p;
	size_t n, cap;
};

static void
put(struct buf *b, const void *v, size_t n)
{
	if (b->n + n > b->cap) {
		b->cap = (b->n + n) * 2;
		b->p = realloc(b->p, b->cap);
		ck_assert_ptr_nonnull(b->p);
	}
	memcpy(b->p + b->n, v, n);
	b->n += n;
}

static void
tlv(struct buf *b, int tag, const void *v, unsigned len)
{
	uint8_t h[3] = { (uint8_t)tag, (uint8_t)(len >> 8), (uint8_t)len };

	put(b, h, 3);
	if (len > 0)
		put(b, v, len);
}

/* VERSION, HEADERLENGTH and FILENAME: a 25-byte header. */
static void
header(struct buf *b)
{
	static const uint8_t ver[2] = { 1, 2 }, hl[2] = { 0, 25 };

	tlv(b, IK_HT_VERSION, ver, 2);
	tlv(b, IK_HT_HEADERLENGTH, hl, 2);
	tlv(b, IK_HT_FILENAME, "ITLFile.tlv", 12);
}

/* RECORDLENGTH (declared) and FUNCTION CCM: 10 bytes, 2 TLVs. */
static void
record(struct buf *b, unsigned declared)
{
	uint8_t rl[2] = { (uint8_t)(declared >> 8), (uint8_t)declared };
	static const uint8_t fn[2] = { 0, IK_FN_CCM };

	tlv(b, IK_RT_RECORDLENGTH, rl, 2);
	tlv(b, IK_RT_FUNCTION, fn, 2);
}

static size_t
count_code(const ik_itl *itl, const char *code)
{
	size_t i, n = 0;

	for (i = 0; i < itl->findings.n; i++)
		if (strcmp(itl->findings.v[i].code, code) == 0)
			n++;
	return n;
}

static const ik_finding *
find_code(const ik_itl *itl, const char *code)
{
	size_t i;

	for (i = 0; i < itl->findings.n; i++)
		if (strcmp(itl->findings.v[i].code, code) == 0)
			return &itl->findings.v[i];
	ck_abort_msg("no %s finding", code);
	return NULL;
}

static ik_itl *
parse(const struct buf *b)
{
	ik_itl *itl = NULL;
	ik_error err;

	ik_error_clear(&err);
	ik_itl_parse(b->p, b->n, &itl, &err);
	ck_assert_ptr_nonnull(itl);
	return itl;
}

START_TEST(records_capped)
{
	struct buf b = { 0 };
	const ik_finding *f;
	ik_itl *itl;
	unsigned i;

	header(&b);
	/* One-TLV records, so that the record cap is the one reached. */
	for (i = 0; i < IK_ITL_MAX_RECORDS + 1000; i++)
		tlv(&b, IK_RT_RECORDLENGTH, "\0\5", 2);
	itl = parse(&b);
	ck_assert_uint_eq(itl->nrec, IK_ITL_MAX_RECORDS);
	ck_assert(itl->capped && itl->incomplete && !itl->malformed);
	ck_assert_uint_eq(count_code(itl, "TOO_MANY_RECORDS"), 1);
	ck_assert_str_eq(ik_itl_status(itl), "incomplete");
	/* Where the walk stopped: the first record that did not fit. */
	f = find_code(itl, "TOO_MANY_RECORDS");
	ck_assert_int_eq(f->severity, IK_SEV_ERROR);
	ck_assert_str_eq(f->where, "offset 5145");	/* 25 + 1024 * 5 */
	ck_assert(strstr(f->message, "more than 1024 records") != NULL);
	/* Nothing past the cap is reported as trailing or mismatched. */
	ck_assert(!ik_findings_has(&itl->findings, IKF_TRAILING_BYTES));
	ck_assert(!ik_findings_has(&itl->findings, IKF_RECORDLENGTH_MISMATCH));
	ik_itl_free(itl);
	free(b.p);
}
END_TEST

START_TEST(just_under_the_caps_is_whole)
{
	struct buf b = { 0 };
	ik_itl *itl;
	unsigned i;

	/* Exactly IK_ITL_MAX_RECORDS records. */
	header(&b);
	for (i = 0; i < IK_ITL_MAX_RECORDS; i++)
		tlv(&b, IK_RT_RECORDLENGTH, "\0\5", 2);
	itl = parse(&b);
	ck_assert_uint_eq(itl->nrec, IK_ITL_MAX_RECORDS);
	ck_assert(!itl->capped && !itl->incomplete);
	ck_assert(!ik_findings_has(&itl->findings, IKF_TOO_MANY_RECORDS));
	ik_itl_free(itl);

	/* Exactly IK_ITL_MAX_TLVS TLVs: 3 header, 2 record, the rest unknown. */
	b.n = 0;
	header(&b);
	record(&b, 0xffff);
	for (i = 0; i < IK_ITL_MAX_TLVS - 5; i++)
		tlv(&b, 0x7f, NULL, 0);
	itl = parse(&b);
	ck_assert_uint_eq(itl->ntlv, IK_ITL_MAX_TLVS);
	ck_assert(!itl->capped && !itl->incomplete);
	ck_assert(!ik_findings_has(&itl->findings, IKF_TOO_MANY_RECORDS));
	ik_itl_free(itl);
	free(b.p);
}
END_TEST

START_TEST(tlvs_capped)
{
	struct buf b = { 0 };
	ik_itl *itl;
	unsigned i;

	header(&b);
	/* A RECORDLENGTH that never fits keeps every TLV in the record. */
	record(&b, 0xffff);
	for (i = 0; i < 3 * IK_ITL_MAX_TLVS; i++)
		tlv(&b, 0x7f, NULL, 0);
	itl = parse(&b);
	ck_assert_uint_eq(itl->nrec, 1);
	ck_assert_uint_eq(itl->ntlv, IK_ITL_MAX_TLVS);
	ck_assert(itl->capped && itl->incomplete);
	ck_assert_uint_eq(count_code(itl, "TOO_MANY_RECORDS"), 1);
	/* One UNKNOWN_TAG per modelled TLV, none for the rest. */
	ck_assert_uint_eq(count_code(itl, "UNKNOWN_TAG"), IK_ITL_MAX_TLVS - 5);
	ik_itl_free(itl);
	free(b.p);
}
END_TEST

START_TEST(header_padding_capped)
{
	struct buf b = { 0 };
	ik_itl *itl;
	unsigned i;
	uint8_t pad = IK_HT_PAD;

	tlv(&b, IK_HT_VERSION, "\1\2", 2);
	for (i = 0; i < 4 * IK_ITL_MAX_TLVS; i++)
		put(&b, &pad, 1);
	record(&b, 10);
	itl = parse(&b);
	ck_assert_uint_eq(itl->ntlv, IK_ITL_MAX_TLVS);
	ck_assert_uint_eq(itl->nrec, 0);
	ck_assert(itl->capped);
	ck_assert_uint_eq(count_code(itl, "TOO_MANY_RECORDS"), 1);
	ck_assert_uint_eq(count_code(itl, "CONTAINER_LENGTH_MISMATCH"), 0);
	ik_itl_free(itl);
	free(b.p);
}
END_TEST

START_TEST(dump_records_capped)
{
	ik_sb sb;
	ik_itl *itl = NULL;
	ik_error err;
	unsigned i;

	ik_sb_init(&sb);
	ik_sb_puts(&sb, "admin:show itl\nThe checksum value of the ITL file:\n"
	    "0123456789abcdef0123456789abcdef(MD5)\nLength of ITL file: 100\n"
	    "Parse ITL File\n----------------\nVersion: 1.2\n"
	    "HeaderLength: 296 (BYTES)\n");
	for (i = 1; i <= IK_ITL_MAX_RECORDS + 100; i++)
		ik_sb_printf(&sb, "ITL Record #:%u\n----\n1 RECORDLENGTH 2 5\n", i);
	ck_assert(!sb.oom);
	ik_error_clear(&err);
	ik_dump_parse((const uint8_t *)sb.s, sb.len, &itl, &err);
	ck_assert_ptr_nonnull(itl);
	ck_assert_uint_eq(itl->nrec, IK_ITL_MAX_RECORDS);
	ck_assert(itl->capped && itl->incomplete);
	ck_assert_uint_eq(count_code(itl, "TOO_MANY_RECORDS"), 1);
	ik_itl_free(itl);
	ik_sb_free(&sb);
}
END_TEST

Suite *suite_limits(void);

Suite *
suite_limits(void)
{
	Suite *s = suite_create("limits");
	TCase *tc = tcase_create("limits");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, records_capped);
	tcase_add_test(tc, just_under_the_caps_is_whole);
	tcase_add_test(tc, tlvs_capped);
	tcase_add_test(tc, header_padding_capped);
	tcase_add_test(tc, dump_records_capped);
	suite_add_tcase(s, tc);
	return s;
}
