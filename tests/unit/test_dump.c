/*
 * test_dump.c: `show itl` / `show ctl` text dumps: the two real CUCM 10
 * dumps parse completely with the numbers printed in them; pasted copies
 * (CRLF, prompts, quoting, several dumps, collapsed lines) give the same
 * model; a binary file rendered as `show itl` text and parsed back keeps
 * every record's identity.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "ik_itl.h"
#include "ik_sign.h"
#include "clusterkit.h"
#include "testkit.h"
#include "ik_itl_render.h"

#define BEFORE "dumps/cucm10-show-itl-before-reset.txt"
#define AFTER "dumps/cucm10-show-itl-after-reset.txt"
#define COLLAPSED "dumps/cisco-118893_show_ctl_outputs_collapsed.txt"
#define THIRDPARTY "dumps/thirdparty-SCFParser_ctl_dump_with_ITLRECOVERY.txt"

static const char *const real_sha1[6] = {
	"019c4c3d27d74d82cbb18484d42a639f7178bea9",
	"019c4c3d27d74d82cbb18484d42a639f7178bea9",
	"bbc34a1dde1739c5361a156bf065febed1e61903",
	"7abfceb6bee2060274d9ebae584852937a1ea555",
	"cdc74a39878752fab0890c28abcb3632eb8716dc",
	"af288916f994e662a365c2883b94081c667c49c9",
};

static ik_itl *
parse_text(const uint8_t *buf, size_t len, ik_status want)
{
	ik_error err;
	ik_itl *itl = NULL;

	ik_error_clear(&err);
	ck_assert_int_eq(ik_dump_parse(buf, len, &itl, &err), want);
	ck_assert_ptr_nonnull(itl);
	return itl;
}

static ik_itl *
parse_fixture(const char *path)
{
	uint8_t *buf;
	size_t len;
	ik_itl *itl;

	buf = tk_read(path, &len);
	ck_assert(ik_trustlist_is_text(buf, len));
	itl = parse_text(buf, len, IK_OK);
	free(buf);
	return itl;
}

static void
hexeq(const uint8_t *v, size_t n, const char *want)
{
	char hex[129];

	ik_hex(v, n, hex);
	ck_assert_str_eq(hex, want);
}

/* What both real dumps share: six records, their roles, lengths, hashes. */
static void
check_real(const ik_itl *itl)
{
	static const int fn[6] = { 0, 3, 4, 21, 0, 21 };
	static const unsigned rl[6] = { 1115, 1115, 439, 455, 1141, 713 };
	size_t i;

	ck_assert_int_eq(itl->format, IK_FMT_TEXT);
	ck_assert_int_eq(itl->kind, IK_KIND_ITL);
	ck_assert_ptr_null(itl->buf);
	ck_assert_int_eq(itl->signature, IK_SIG_NOT_CHECKED);
	ck_assert(itl->dump_verified);
	ck_assert(ik_findings_has(&itl->findings, IKF_DUMP_VERIFIED));
	ck_assert_uint_eq(itl->nrec, 6);
	ck_assert(itl->hdr.has_version);
	ck_assert_int_eq(itl->hdr.ver_major, 1);
	ck_assert_int_eq(itl->hdr.ver_minor, 2);
	ck_assert_uint_eq(itl->hdr.signature_len, 128);
	for (i = 0; i < 6; i++) {
		ck_assert_int_eq(itl->recs[i].function, fn[i]);
		ck_assert_uint_eq(itl->recs[i].declared_length, rl[i]);
		/* Every LENGTH printed adds up to RECORDLENGTH. */
		ck_assert_uint_eq(itl->recs[i].span, rl[i]);
		ck_assert(itl->recs[i].has_cert_sha1);
		hexeq(itl->recs[i].cert_sha1, 20, real_sha1[i]);
		ck_assert_ptr_null(itl->recs[i].cert);
		ck_assert_uint_eq(itl->recs[i].serial_len, 16);
		ck_assert_str_eq(itl->recs[i].dns_name, "");
		ck_assert(itl->recs[i].is_itl_recovery == (i == 4));
	}
	ck_assert_ptr_nonnull(itl->recs[2].certhash);
	ck_assert_int_eq(itl->recs[2].hash_alg, IK_ITL_DIGEST_SHA1);
	ck_assert_str_eq(itl->recs[4].subject,
	    "CN=ITLRECOVERY_test10pub.joemar2.lab;OU=tac;O=cisco;L=rtp;ST=nc;C=US");
	ck_assert_str_eq(itl->recs[5].subject,
	    "CN=test10sub.joemar2.lab;OU=tac;O=cisco;L=rtp;ST=nc;C=US");
	ck_assert(!ik_findings_has(&itl->findings, IKF_RECORDLENGTH_MISMATCH));
	ck_assert(!ik_findings_has(&itl->findings, IKF_DUMP_FILE_LENGTH_MISMATCH));
	ck_assert(!ik_findings_has(&itl->findings, IKF_DUMP_UNPARSED_LINE));
	/* The 68-character ITLRECOVERY name against LENGTH 66 is info only. */
	ck_assert(ik_findings_has(&itl->findings, IKF_DUMP_LENGTH_MISMATCH));
	ck_assert_int_eq(ik_findings_worst(&itl->findings), IK_SEV_INFO);
}

START_TEST(real_before_reset)
{
	ik_itl *itl = parse_fixture(BEFORE);

	check_real(itl);
	ck_assert_uint_eq(itl->file_length, 5302);
	ck_assert_uint_eq(itl->hdr.header_length, 324);
	ck_assert_uint_eq(itl->hdr.signerid_len, 139);
	hexeq(itl->md5, 16, "b331e5bfb450926e816be37f2d8c24a2");
	hexeq(itl->sha1, 20, "9d7da73d16c1501b4d27dc1ed79211f390659982");
	ck_assert(itl->has_md5 && itl->has_sha1);
	ck_assert_uint_eq(itl->signer_index, 1);
	ck_assert(itl->recs[0].is_signer);
	ck_assert(!itl->recs[4].is_signer);
	ck_assert_str_eq(itl->hdr.signer_name,
	    "CN=test10pub.joemar2.lab;OU=tac;O=cisco;L=rtp;ST=nc;C=US");
	hexeq(itl->hdr.signer_serial, 16, "614052e91ee97c779b7b5e810ab146a5");
	ck_assert_str_eq(itl->dump_modified, "Wed Feb 26 10:24:27 PST 2014");
	ck_assert_uint_eq(itl->dump_sig_printed, 128);
	ck_assert_uint_eq(itl->hdr.signature[0], 0x8f);
	ck_assert_uint_eq(itl->hdr.signature[127], 0x0b);
	ik_itl_free(itl);
}
END_TEST

START_TEST(real_after_reset)
{
	ik_itl *itl = parse_fixture(AFTER);

	check_real(itl);
	ck_assert_uint_eq(itl->file_length, 5322);
	ck_assert_uint_eq(itl->hdr.header_length, 344);
	ck_assert_uint_eq(itl->hdr.signerid_len, 157);
	hexeq(itl->md5, 16, "c847df047cf5822c1ed6cf376796653d");
	hexeq(itl->sha1, 20, "3440f94f9252e243c99506b4bd33ea28ec654dab");
	ck_assert_uint_eq(itl->signer_index, 5);
	ck_assert(itl->recs[4].is_signer);
	ck_assert(!itl->recs[0].is_signer);
	/* The stray "<" after the date is not part of it. */
	ck_assert_str_eq(itl->dump_modified, "Wed Feb 26 10:34:46 PST 2014");
	/* This copy printed 120 of the 128 signature bytes. */
	ck_assert_uint_eq(itl->dump_sig_printed, 120);
	ik_itl_free(itl);
}
END_TEST

/* Replaces every "\n" by sep and prefixes every line with pfx. */
static uint8_t *
mangle(const uint8_t *in, size_t len, const char *sep, const char *pfx,
    size_t *olen)
{
	ik_sb sb;
	size_t i;
	bool bol = true;

	ik_sb_init(&sb);
	for (i = 0; i < len; i++) {
		if (bol)
			ik_sb_puts(&sb, pfx);
		bol = in[i] == '\n';
		if (bol)
			ik_sb_puts(&sb, sep);
		else
			ik_sb_add(&sb, (const char *)in + i, 1);
	}
	*olen = sb.len;
	return (uint8_t *)ik_sb_take(&sb);
}

START_TEST(pasted_copies_parse_the_same)
{
	static const char *const seps[3] = { "\r\n", "\n", "\r\n" };
	static const char *const pfx[3] = { "", "> ", "\t " };
	uint8_t *buf, *m;
	size_t len, mlen;
	ik_itl *itl;
	int i;

	buf = tk_read(BEFORE, &len);
	for (i = 0; i < 3; i++) {
		m = mangle(buf, len, seps[i], pfx[i], &mlen);
		itl = parse_text(m, mlen, IK_OK);
		check_real(itl);
		ck_assert_uint_eq(itl->signer_index, 1);
		ck_assert_uint_eq(itl->file_length, 5302);
		ik_itl_free(itl);
		free(m);
	}
	free(buf);
}
END_TEST

START_TEST(several_dumps_in_one_file)
{
	uint8_t *a, *b, *both;
	size_t alen, blen, n, i;
	ik_itl **v, *itl;
	ik_error err;

	a = tk_read(BEFORE, &alen);
	b = tk_read(AFTER, &blen);
	both = malloc(alen + blen + 32);
	memcpy(both, a, alen);
	memcpy(both + alen, "\nadmin:\n", 8);
	memcpy(both + alen + 8, b, blen);
	ik_error_clear(&err);
	ck_assert_int_eq(ik_trustlist_load_all(both, alen + 8 + blen, &v, &n,
	    &err), IK_OK);
	ck_assert_uint_eq(n, 2);
	check_real(v[0]);
	check_real(v[1]);
	ck_assert_uint_eq(v[0]->signer_index, 1);
	ck_assert_uint_eq(v[1]->signer_index, 5);
	ck_assert_uint_eq(v[0]->dump_index, 1);
	ck_assert_uint_eq(v[1]->dump_index, 2);
	for (i = 0; i < n; i++)
		ik_itl_free(v[i]);
	free(v);
	itl = parse_text(both, alen + 8 + blen, IK_OK);
	ck_assert(ik_findings_has(&itl->findings, IKF_DUMP_MULTIPLE));
	ck_assert_uint_eq(itl->signer_index, 1);
	ik_itl_free(itl);
	free(both);
	free(a);
	free(b);
}
END_TEST

/* Cisco doc 118893 as stored: every session on one line. */
START_TEST(collapsed_show_ctl)
{
	uint8_t *buf;
	size_t len, n, i;
	ik_itl **v;
	ik_error err;

	buf = tk_read(COLLAPSED, &len);
	ik_error_clear(&err);
	ck_assert_int_eq(ik_trustlist_load_all(buf, len, &v, &n, &err), IK_OK);
	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(v[0]->nrec, 0);
	ck_assert(ik_findings_has(&v[0]->findings, IKF_DUMP_NO_TRUST_LIST));
	ck_assert_int_eq(v[1]->kind, IK_KIND_CTL);
	ck_assert_uint_eq(v[1]->file_length, 4947);
	hexeq(v[1]->md5, 16, "0c05655de63fe2a042cf252d96c6d609");
	ck_assert_uint_eq(v[1]->nrec, 2);
	ck_assert_uint_eq(v[1]->signer_index, 1);
	ck_assert_int_eq(v[1]->recs[1].function, IK_FN_CCM_TFTP);
	/* "L=Krakow; ST=" was a wrap: LENGTH 62 holds without the space. */
	ck_assert_str_eq(v[1]->recs[0].subject,
	    "CN=cucm-1051-a-pub;OU=TAC;O=Cisco;L=Krakow;ST=Malopolska;C=PL");
	ck_assert_str_eq(v[1]->recs[0].dns_name, "cucm-1051-a-pub");
	hexeq(v[1]->recs[0].cert_sha1, 20,
	    "e9d433645bc88ced514d8fe5ea5b6d21a5a38c9c");
	ck_assert(ik_findings_has(&v[1]->findings, IKF_DUMP_INCOMPLETE));
	ck_assert_uint_eq(v[2]->hdr.header_length, 336);
	ck_assert_uint_eq(v[2]->hdr.signerid_len, 149);
	ck_assert_uint_eq(v[2]->dump_sig_printed, 16);
	hexeq(v[2]->sha1, 20, "3b452f9ec9d6543df80e50f8b850cddc92fcf847");
	for (i = 0; i < n; i++)
		ik_itl_free(v[i]);
	free(v);
	free(buf);
}
END_TEST

START_TEST(third_party_dump)
{
	ik_itl *itl = parse_fixture(THIRDPARTY);

	ck_assert_int_eq(itl->kind, IK_KIND_CTL);
	ck_assert_uint_eq(itl->nrec, 1);
	ck_assert_int_eq(itl->recs[0].function, IK_FN_SAST);
	ck_assert(itl->recs[0].is_itl_recovery);
	ck_assert_str_eq(itl->recs[0].dns_name, "gigantic-6");
	ck_assert(ik_findings_has(&itl->findings, IKF_DUMP_INCOMPLETE));
	ck_assert(ik_findings_has(&itl->findings, IKF_DUMP_UNPARSED_LINE));
	ik_itl_free(itl);
}
END_TEST

START_TEST(not_a_dump)
{
	static const char text[] = "hello\nthis is a note, not a dump\n";
	ik_error err;
	ik_itl *itl;

	ik_error_clear(&err);
	ck_assert_int_eq(ik_dump_parse((const uint8_t *)text, sizeof(text) - 1,
	    &itl, &err), IK_FAILED);
	ck_assert_ptr_nonnull(itl);
	ck_assert(itl->malformed);
	ck_assert_ptr_nonnull(strstr(err.msg, "line 1"));
	ck_assert_str_eq(ik_itl_status(itl), "malformed");
	ik_itl_free(itl);
}
END_TEST

/* A generated ITL rendered as `show itl` and parsed back: same identities. */
START_TEST(rendered_binary_round_trip)
{
	ck_cluster c;
	uint8_t *buf;
	size_t len, i;
	ik_itl *bin, *txt;
	ik_itl_render_opts ro = { "itl-show", "x.tlv", NULL, 0, 0, NULL };
	ik_error err;
	ik_sb sb;

	ck_cluster_make(&c, "clstr", 0);
	buf = ck_node_itl(&c, 0, CK_SIGN_CCM, CK_LAYOUT_CUCM, &len);
	ik_error_clear(&err);
	ck_assert_int_eq(ik_itl_parse(buf, len, &bin, &err), IK_OK);
	ik_itl_verify(bin);
	ik_sb_init(&sb);
	ik_itl_text(&sb, bin, &ro);
	txt = parse_text((const uint8_t *)sb.s, sb.len, IK_OK);
	ck_assert_uint_eq(txt->nrec, bin->nrec);
	ck_assert_uint_eq(txt->file_length, bin->file_length);
	ck_assert_mem_eq(txt->sha1, bin->sha1, 20);
	ck_assert_mem_eq(txt->md5, bin->md5, 16);
	ck_assert_uint_eq(txt->hdr.header_length, bin->hdr.header_length);
	ck_assert_uint_eq(txt->signer_index, bin->signer_index);
	for (i = 0; i < bin->nrec; i++) {
		ck_assert_int_eq(txt->recs[i].function, bin->recs[i].function);
		ck_assert_mem_eq(txt->recs[i].cert_sha1, bin->recs[i].cert_sha1, 20);
		ck_assert_uint_eq(txt->recs[i].span, bin->recs[i].span);
		ck_assert_str_eq(txt->recs[i].subject, bin->recs[i].subject);
		ck_assert(txt->recs[i].is_itl_recovery ==
		    bin->recs[i].is_itl_recovery);
	}
	ck_assert(!ik_findings_has(&txt->findings, IKF_DUMP_FILE_LENGTH_MISMATCH));
	ck_assert(!ik_findings_has(&txt->findings, IKF_RECORDLENGTH_MISMATCH));
	ik_sb_free(&sb);
	ik_itl_free(txt);
	ik_itl_free(bin);
	free(buf);
	ck_cluster_free(&c);
}
END_TEST

/*
 * Every byte prefix of a real dump has a known verdict.  Shorter than its
 * first line ("admin:show itl") it is not a dump (malformed).  From there
 * on it loads as one list, incomplete, with never fewer records than a
 * shorter prefix, until record 6's last value ("12 HASH ALGORITHM 1") is
 * whole; from there on it is ok, with the full dump's six records.
 */
START_TEST(every_truncation_parses)
{
	static const char last[] = "12 HASH ALGORITHM 1";
	uint8_t *buf, *cut, *nl, *p;
	size_t len, i, n, k, first, whole, nrec = 0, oks = 0;
	ik_itl **v, **fv, *itl;
	ik_lint_opts lo = { 0, 0 };
	ik_error err;
	ik_status st;

	buf = tk_read(BEFORE, &len);
	ik_error_clear(&err);
	ck_assert_int_eq(ik_trustlist_load_all(buf, len, &fv, &n, &err), IK_OK);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(fv[0]->nrec, 6);
	nl = memchr(buf, '\n', len);
	ck_assert_ptr_nonnull(nl);
	first = (size_t)(nl - buf);
	for (p = buf, whole = 0; (p = memmem(p, len - (size_t)(p - buf), last,
	    sizeof(last) - 1)) != NULL; p++)
		whole = (size_t)(p - buf) + sizeof(last) - 1;
	ck_assert_uint_gt(whole, len - 100);
	for (i = 0; i <= len; i++) {
		cut = malloc(i ? i : 1);
		memcpy(cut, buf, i);
		ik_error_clear(&err);
		st = ik_trustlist_load_all(cut, i, &v, &n, &err);
		ck_assert_uint_eq(n, 1);
		itl = v[0];
		ik_itl_lint(itl, &lo);
		if (i < first) {
			ck_assert_int_eq(st, IK_FAILED);
			ck_assert_str_eq(ik_itl_status(itl), "malformed");
		} else if (i < whole) {
			ck_assert_int_eq(st, IK_OK);
			ck_assert_str_eq(ik_itl_status(itl), "incomplete");
			ck_assert(ik_findings_has(&itl->findings,
			    IKF_DUMP_INCOMPLETE));
			ck_assert_uint_ge(itl->nrec, nrec);
			ck_assert_uint_le(itl->nrec, 6);
			nrec = itl->nrec;
		} else {
			ck_assert_int_eq(st, IK_OK);
			ck_assert_str_eq(ik_itl_status(itl), "ok");
			ck_assert_uint_eq(itl->nrec, 6);
			for (k = 0; k < 6; k++)
				ck_assert_mem_eq(itl->recs[k].cert_sha1,
				    fv[0]->recs[k].cert_sha1, 20);
			oks++;
		}
		ik_itl_free(itl);
		free(v);
		free(cut);
	}
	/* " SHA-1", its newline and the closing line may go. */
	ck_assert_uint_eq(oks, len - whole + 1);
	ck_assert_uint_eq(oks, 48);
	ik_itl_free(fv[0]);
	free(fv);
	free(buf);
}
END_TEST

/*
 * Both real dumps cut after each line: a prefix that holds every record
 * whole is the complete list (status ok); any other is status incomplete
 * with an error (itl-show exits 1) naming what is missing, and asserts
 * nothing about the records it lacks.  Before the rule, a paste cut after
 * 60 lines was status findings with "no ITLRECOVERY record".
 */
START_TEST(line_cuts_are_incomplete)
{
	static const char *const path[2] = { BEFORE, AFTER };
	uint8_t *buf;
	size_t len, i, n, k, cuts, whole, declared;
	ik_itl **v, *itl;
	ik_lint_opts lo = { 0, 0 };
	ik_error err;
	bool all;
	int f;

	for (f = 0; f < 2; f++) {
		buf = tk_read(path[f], &len);
		cuts = whole = 0;
		for (i = 1; i <= len; i++) {
			if (buf[i - 1] != '\n')
				continue;
			ik_error_clear(&err);
			ck_assert_int_eq(ik_trustlist_load_all(buf, i, &v, &n,
			    &err), IK_OK);
			ck_assert_uint_eq(n, 1);
			itl = v[0];
			ik_itl_lint(itl, &lo);
			all = itl->nrec == 6;
			for (k = 0; k < itl->nrec && all; k++) {
				declared = itl->recs[k].declared_length;
				all = itl->recs[k].has_declared_length &&
				    itl->recs[k].span == declared;
			}
			if (all) {
				whole++;
				ck_assert(!itl->incomplete);
				ck_assert_str_eq(ik_itl_status(itl), "ok");
			} else {
				cuts++;
				ck_assert(itl->incomplete);
				ck_assert_str_eq(ik_itl_status(itl), "incomplete");
				ck_assert_int_eq(ik_findings_worst(&itl->findings),
				    IK_SEV_ERROR);
				ck_assert(ik_findings_has(&itl->findings,
				    IKF_DUMP_INCOMPLETE));
				ck_assert_str_ne(ik_itl_incomplete_message(itl),
				    "records are missing");
				ck_assert(!ik_findings_has(&itl->findings,
				    IKF_NO_ITL_RECOVERY));
				ck_assert(!ik_findings_has(&itl->findings,
				    IKF_DUMP_FILE_LENGTH_MISMATCH));
			}
			ik_itl_free(itl);
			free(v);
		}
		/* Record 6's last line, then the closing line. */
		ck_assert_uint_eq(whole, 2);
		ck_assert_uint_gt(cuts, 100);
		free(buf);
	}
}
END_TEST

/* The message names what is missing, as the numbers of the dump say. */
START_TEST(incomplete_message)
{
	uint8_t *buf;
	size_t len, i, lines = 0;
	ik_itl *itl;

	buf = tk_read(BEFORE, &len);
	for (i = 0; i < len && lines < 60; i++)
		if (buf[i] == '\n')
			lines++;
	/* Header 324 + record 1 (1115) + 5 bytes of record 2's RECORDLENGTH. */
	itl = parse_text(buf, i, IK_OK);
	ck_assert_str_eq(ik_itl_incomplete_message(itl),
	    "the header and records cover 1444 of 5302 bytes; the paste ends inside record 2, after 5 of its 1115 bytes");
	ck_assert_uint_eq(itl->nrec, 2);
	ik_itl_free(itl);
	/* The command alone, then the checksum lines only. */
	itl = parse_text(buf, 15, IK_OK);
	ck_assert(itl->incomplete);
	ck_assert_int_eq(itl->kind, IK_KIND_ITL);
	ck_assert_str_eq(ik_itl_incomplete_message(itl),
	    "the paste ends before the first record");
	ik_itl_free(itl);
	/* Cut inside the hash beside record 1's certificate. */
	itl = parse_text(buf, (size_t)(strstr((char *)buf, "CB B1 84") -
	    (char *)buf), IK_OK);
	ck_assert_str_eq(ik_itl_incomplete_message(itl),
	    "the header and records cover 1439 of 5302 bytes; the paste ends inside the value of record CERTIFICATE");
	/* The cut value is no disagreement of its own. */
	ck_assert(!ik_findings_has(&itl->findings, IKF_DUMP_BAD_VALUE));
	ck_assert(!itl->recs[0].has_cert_sha1);
	ik_itl_free(itl);
	free(buf);
}
END_TEST

/*
 * A record-only dump (no length lines) whose last record is a SAST with
 * its certificate: CUCM says on the next line whether it signed the file.
 * A paste that ends before that line does not name its signer.
 */
START_TEST(ends_before_the_signer_line)
{
	static const char rec[] =
	    "Parse ITL File\nITL Record #:1\n"
	    "1 RECORDLENGTH 2 1115\n2 DNSNAME 2\n"
	    "3 SUBJECTNAME 57 CN=test10pub.joemar2.lab;OU=tac;O=cisco;L=rtp;ST=nc;C=US\n"
	    "4 FUNCTION 2 System Administrator Security Token\n"
	    "5 ISSUERNAME 57 CN=test10pub.joemar2.lab;OU=tac;O=cisco;L=rtp;ST=nc;C=US\n"
	    "6 SERIALNUMBER 16 61:40:52:E9:1E:E9:7C:77:9B:7B:5E:81:0A:B1:46:A5\n"
	    "7 PUBLICKEY 140\n8 SIGNATURE 128\n"
	    "9 CERTIFICATE 684 01 9C 4C 3D 27 D7 4D 82 CB B1 84 84 D4 2A 63 9F 71 78 BE A9\n"
	    "(SHA1 Hash HEX)\n";
	static const char signer[] = "This etoken was used to sign the ITL file.\n";
	char whole[sizeof(rec) + sizeof(signer)];
	ik_itl *itl;

	itl = parse_text((const uint8_t *)rec, sizeof(rec) - 1, IK_OK);
	ck_assert(itl->incomplete);
	ck_assert_uint_eq(itl->recs[0].span, 1115);
	ck_assert_str_eq(ik_itl_incomplete_message(itl),
	    "the paste ends before the line that says whether record 1 signed the file");
	ck_assert(!ik_findings_has(&itl->findings, IKF_DUMP_NO_SIGNER));
	ik_itl_free(itl);
	snprintf(whole, sizeof(whole), "%s%s", rec, signer);
	itl = parse_text((const uint8_t *)whole, strlen(whole), IK_OK);
	ck_assert(!itl->incomplete);
	ck_assert_uint_eq(itl->signer_index, 1);
	ck_assert_str_eq(ik_itl_status(itl), "ok");
	ik_itl_free(itl);
}
END_TEST

#define ETOKEN "dumps/etoken-show-ctl.txt"
#define TOKEN1 "cn=\"SAST-ADN0054f509        \";ou=IPCBU;o=\"Cisco Systems"
#define TOKEN2 "cn=\"SAST-ADN008580ef        \";ou=IPCBU;o=\"Cisco Systems"
#define MFG_CA "cn=Cisco Manufacturing CA;o=Cisco Systems"

/* The token-based CTL (tests/data/dumps/etoken-show-ctl.txt) as written. */
static void
check_etoken(const ik_itl *itl)
{
	static const unsigned rl[3] = { 1317, 1317, 1636 };
	size_t i;

	ck_assert_int_eq(itl->kind, IK_KIND_CTL);
	ck_assert(!itl->incomplete);
	ck_assert_uint_eq(itl->file_length, 4574);
	ck_assert_uint_eq(itl->hdr.header_length, 304);
	ck_assert_uint_eq(itl->nrec, 3);
	/* Eight spaces inside the quotes: LENGTH 56 counts them. */
	ck_assert_str_eq(itl->hdr.signer_name, TOKEN1);
	ck_assert_str_eq(itl->hdr.ca_name, MFG_CA);
	ck_assert_str_eq(itl->recs[0].subject, TOKEN1);
	ck_assert_str_eq(itl->recs[1].subject, TOKEN2);
	ck_assert_str_eq(itl->recs[0].issuer, MFG_CA);
	ck_assert_str_eq(itl->recs[2].subject,
	    "CN=cucm-pub;OU=UC;O=Example;L=Here;ST=CA;C=US");
	ck_assert_str_eq(itl->recs[2].dns_name, "cucm-pub");
	for (i = 0; i < 3; i++)
		ck_assert_uint_eq(itl->recs[i].span, rl[i]);
	ck_assert_int_eq(itl->recs[2].function, IK_FN_CCM_TFTP);
	ck_assert_uint_eq(itl->signer_index, 1);
	hexeq(itl->hdr.signer_serial, 10, "3ef3320000000000000f");
	hexeq(itl->recs[0].cert_sha1, 20,
	    "d97c908ed44c25fdca302612c70584c8d5acd47a");
	ck_assert(!ik_findings_has(&itl->findings, IKF_DUMP_LENGTH_MISMATCH));
	ck_assert(!ik_findings_has(&itl->findings, IKF_DUMP_FILE_LENGTH_MISMATCH));
	ck_assert(!ik_findings_has(&itl->findings, IKF_RECORDLENGTH_MISMATCH));
	ck_assert_int_eq(ik_findings_worst(&itl->findings), IK_SEV_INFO);
}

/*
 * Values are kept byte for byte; only the layout between the columns
 * (tabs, runs of spaces, CRLF, quoting, even lost line breaks) is free.
 * Collapsing every run of spaces made the token names 7 bytes short of
 * their LENGTH (a false DUMP_LENGTH_MISMATCH) and changed the signer name.
 */
START_TEST(etoken_names_keep_their_spaces)
{
	static const char *const seps[4] = { "\r\n", "\n", "\n", " " };
	static const char *const pfx[4] = { "", "> ", "\t ", "" };
	uint8_t *buf, *m;
	size_t len, mlen;
	ik_itl *itl, *back;
	ik_itl_render_opts ro = { "itl-show", ETOKEN, NULL, 0, 0, NULL };
	ik_sb sb;
	int i;

	itl = parse_fixture(ETOKEN);
	check_etoken(itl);
	ck_assert(!ik_findings_has(&itl->findings, IKF_DUMP_UNPARSED_LINE));
	/* itl-show's own rendering reads back the same. */
	ik_sb_init(&sb);
	ik_itl_text(&sb, itl, &ro);
	back = parse_text((const uint8_t *)sb.s, sb.len, IK_OK);
	check_etoken(back);
	ik_itl_free(back);
	ik_sb_free(&sb);
	ik_itl_free(itl);
	buf = tk_read(ETOKEN, &len);
	for (i = 0; i < 4; i++) {
		m = mangle(buf, len, seps[i], pfx[i], &mlen);
		itl = parse_text(m, mlen, IK_OK);
		check_etoken(itl);
		ik_itl_free(itl);
		free(m);
	}
	free(buf);
}
END_TEST

/* LENGTHs of 65535 on every line cost no memory beyond the line itself. */
START_TEST(huge_lengths_are_cheap)
{
	ik_sb sb;
	ik_itl *itl;
	size_t i;

	ik_sb_init(&sb);
	ik_sb_puts(&sb, "Parse ITL File\n12 SIGNATURE 65535\n8f d4 0 cb\nITL Record #:1\n");
	for (i = 0; i < 20000; i++)
		ik_sb_puts(&sb, "7 PUBLICKEY 65535\n4 SIGNERNAME 1000 x\n");
	itl = parse_text((const uint8_t *)sb.s, sb.len, IK_OK);
	ck_assert_uint_eq(itl->nrec, 1);
	/* 40,000 TLVs printed: the model stops at the cap (one in the header). */
	ck_assert_uint_eq(itl->recs[0].tlv_count, IK_ITL_MAX_TLVS - 1);
	ck_assert(itl->capped && ik_findings_has(&itl->findings,
	    IKF_TOO_MANY_RECORDS));
	ck_assert_uint_eq(itl->hdr.signature_len, 65535);
	ck_assert_uint_eq(itl->dump_sig_printed, 4);
	ik_itl_free(itl);
	ik_sb_free(&sb);
}
END_TEST

Suite *suite_dump(void);

Suite *
suite_dump(void)
{
	Suite *s = suite_create("dump");
	TCase *tc = tcase_create("dump");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, real_before_reset);
	tcase_add_test(tc, real_after_reset);
	tcase_add_test(tc, pasted_copies_parse_the_same);
	tcase_add_test(tc, several_dumps_in_one_file);
	tcase_add_test(tc, collapsed_show_ctl);
	tcase_add_test(tc, third_party_dump);
	tcase_add_test(tc, not_a_dump);
	tcase_add_test(tc, rendered_binary_round_trip);
	tcase_add_test(tc, every_truncation_parses);
	tcase_add_test(tc, huge_lengths_are_cheap);
	tcase_add_test(tc, line_cuts_are_incomplete);
	tcase_add_test(tc, incomplete_message);
	tcase_add_test(tc, etoken_names_keep_their_spaces);
	tcase_add_test(tc, ends_before_the_signer_line);
	suite_add_tcase(s, tc);
	return s;
}
