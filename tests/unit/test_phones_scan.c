/*
 * test_phones_scan.c: the scanner's marker prefilter and its shortcut for
 * a phone's repeated report never change what is read.  Every input is
 * scanned twice, with both and with every line through the full parser, in several chunkings, and the two phone
 * tables, counts and skipped lines compared: the fixtures of tests/data,
 * the shared samples when present, and generated logs mixing markers in
 * every case and spelling the parser knows (and near misses).  And the
 * hash spellings, decoded by the fast path or by ik_unhex.
 */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <check.h>

#include "ik_phones.h"
#include "testkit.h"

#define SAMPLES "../../samples"

static void
scan(ik_phones *db, const uint8_t *buf, size_t len, size_t step,
    bool prefilter)
{
	ik_evscan *s;
	size_t i, k;

	ik_phones_init(db);
	/* The fast paths together against the full parser. */
	db->no_prefilter = !prefilter;
	db->no_repeat = !prefilter;
	/* One source, as the readers add it. */
	db->src = calloc(1, sizeof(*db->src));
	ck_assert_ptr_nonnull(db->src);
	db->src->path = strdup("input");
	db->nsrc = 1;
	s = ik_evscan_new(db, 0);
	ck_assert_ptr_nonnull(s);
	for (i = 0; i < len; i += k) {
		k = len - i < step ? len - i : step;
		ck_assert_int_eq(ik_evscan_feed(s, buf + i, k), IK_OK);
	}
	ck_assert_int_eq(ik_evscan_end(s), IK_OK);
	ik_evscan_free(s);
}

/* Everything any output shows of a scan. */
static void
same(const ik_phones *a, const ik_phones *b, const char *what)
{
	const ik_phone *p, *q;
	size_t i;

	ck_assert_msg(a->n == b->n && a->events == b->events &&
	    a->skipped == b->skipped && a->ignored == b->ignored &&
	    a->nkept == b->nkept, "%s: counts %zu/%zu/%zu/%zu vs %zu/%zu/%zu/%zu",
	    what, a->n, a->events, a->skipped, a->ignored, b->n, b->events,
	    b->skipped, b->ignored);
	ck_assert_msg(a->src->lines == b->src->lines &&
	    a->src->events == b->src->events &&
	    a->src->skipped == b->src->skipped &&
	    a->src->ignored == b->src->ignored &&
	    strcmp(a->src->format, b->src->format) == 0,
	    "%s: source counts differ", what);
	for (i = 0; i < a->nkept; i++)
		ck_assert_msg(a->kept[i].line == b->kept[i].line &&
		    strcmp(a->kept[i].reason, b->kept[i].reason) == 0,
		    "%s: skipped line %zu differs", what, i);
	for (i = 0; i < a->n; i++) {
		p = &a->v[i];
		q = &b->v[i];
		ck_assert_msg(strcmp(p->device, q->device) == 0 &&
		    strcmp(p->ip, q->ip) == 0 && strcmp(p->tftp, q->tftp) == 0 &&
		    memcmp(p->hash, q->hash, sizeof(p->hash)) == 0 &&
		    p->alg == q->alg && p->list_status == q->list_status &&
		    p->not_installed == q->not_installed &&
		    p->has_when == q->has_when &&
		    p->last_seen == q->last_seen && p->reports == q->reports &&
		    p->source == q->source,
		    "%s: phone %s differs", what, p->device);
	}
}

static size_t checked;

/* Both ways, whole and in chunks that split lines and markers. */
static void
cross(const uint8_t *buf, size_t len, const char *what)
{
	static const size_t steps[] = { 1u << 30, 1u << 20, 4093, 61, 7 };
	ik_phones a, b;
	size_t i;

	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		if (steps[i] < 64 && len > 200000)
			continue;	/* slow and adds nothing */
		scan(&a, buf, len, steps[i], true);
		scan(&b, buf, len, steps[i], false);
		same(&a, &b, what);
		ik_phones_free(&a);
		ik_phones_free(&b);
	}
	checked++;
}

static int
one_file(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
	uint8_t *buf;
	size_t len = 0;
	FILE *f;

	(void)ftw;
	if (type != FTW_F || !S_ISREG(sb->st_mode) || sb->st_size > (8 << 20))
		return 0;
	f = fopen(path, "rb");
	ck_assert_ptr_nonnull(f);
	buf = malloc((size_t)sb->st_size + 1);
	ck_assert_ptr_nonnull(buf);
	len = fread(buf, 1, (size_t)sb->st_size, f);
	fclose(f);
	cross(buf, len, path);
	free(buf);
	return 0;
}

START_TEST(fixtures_and_samples)
{
	struct stat sb;

	checked = 0;
	ck_assert_int_eq(nftw(".", one_file, 16, FTW_PHYS), 0);
	ck_assert_uint_gt(checked, 100);
	/* The repository's own copies of the real samples. */
	ck_assert_int_eq(stat(SAMPLES, &sb), 0);
	ck_assert_int_eq(nftw(SAMPLES, one_file, 16, FTW_PHYS), 0);
}
END_TEST

/* A line from pieces: markers, near misses, keys, values, blanks. */
static const char *const piece[] = {
	"%[", "% [", "%%[", "%", "[", "]", "=", "<?xml", "<?XML", "<x-cisco-alarm",
	"<X-Cisco-Alarm", "</x-cisco-alarm>", "<", "DeviceTLInfo",
	"devicetlinfo", "DEVICETLINFO", "DeviceTL", "TLInfo", "Device TLInfo",
	"DeviceTLInf", "L", "[DeviceName=SEP00112233445", "[Name=SEPAABBCCDDEEF0",
	"[ITL_Signature=", "[itl-signature=", "[I.T.L Hash=", "[ITLFileHash=",
	"[IPv4Address=10.0.0.1", "[IPAddress=", "[ITL_TFTP_Server=tftp1",
	"[ITL File Status=Match", "[Time=2024-05-01T10:00:00Z",
	"58 2D A8 DE 77 C3 D6 36 38 11 F1 29 65 D4 F8 42 22 79 FC 3A",
	"0a8d47aba7bc2aa55fc857653623280b", "Not Installed", "ZZ",
	"Jul 02 2015 06:22:31 ", "%UC_CALLMANAGER-6-DeviceTLInfo: ",
	"<Alarm Name=\"DeviceTLInfo\"><ParameterList>",
	"<String name=\"DeviceName\">SEP001122334455</String>",
	"<String name=\"ITL_Signature\">3d712c2ba21ac0f08d5c7f000224aba75e81b797</String>",
	"</ParameterList></Alarm>", "Device Name,ITL Signature,IP Address",
	",", "\"", "SIP/2.0", " ", "\t", "\r", "x", "noise text ",
};

static uint32_t rng;

static uint32_t
next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

START_TEST(generated)
{
	const size_t np = sizeof(piece) / sizeof(piece[0]);
	char what[32];
	ik_sb sb;
	int doc, ln, k, nk;

	rng = 2463534242u;
	for (doc = 0; doc < 600; doc++) {
		ik_sb_init(&sb);
		for (ln = 0; ln < 40; ln++) {
			/* Plain lines between, as in a real log. */
			if (next() % 3 == 0) {
				ik_sb_puts(&sb, next() % 4 == 0 ? " \t\r\n" :
				    "Jul 02 2015 06:22:31 ucm sshd: closed\n");
				continue;
			}
			nk = (int)(next() % 8) + 1;
			for (k = 0; k < nk; k++) {
				ik_sb_puts(&sb, piece[next() % np]);
				if (next() % 2)
					ik_sb_puts(&sb, "]");
			}
			ik_sb_puts(&sb, next() % 8 == 0 ? "\r\n" : "\n");
		}
		ck_assert(!sb.oom);
		snprintf(what, sizeof(what), "generated %d", doc);
		cross((const uint8_t *)sb.s, sb.len, what);
		ik_sb_free(&sb);
	}
}
END_TEST

/*
 * Reports of a few phones repeated with small changes: the time earlier,
 * later or missing, a value, what follows the pairs used, the line cut
 * inside them, an over-long span, alarm XML for the same phone between.
 */
static const char *const when[] = {
	"Jul 02 2015 06:22:31 ", "Jul 02 2015 06:22:30 ", "Jul 03 2015 01:00:00 ",
	"", "Jan 01 1970 00:00:00 ", "Jul 02 2015 06:22:31 ",
};
static const char *const dev[] = {
	"[DeviceName=SEP000000000001]", "[DeviceName=SEP000000000002]",
	"[DeviceName= SEP000000000001]", "[Name=SEP000000000001]",
	"[DeviceName=SEP0000000000010000000000000000000000000000000000000000000000000000]",
};
static const char *const body[] = {
	"[IPv4Address=10.0.0.1][ITL_Signature=0a8d47aba7bc2aa55fc857653623280b][ITL_TFTP_Server=tftp1]",
	"[IPv4Address=10.0.0.2][ITL_Signature=0a8d47aba7bc2aa55fc857653623280b][ITL_TFTP_Server=tftp1]",
	"[IPv4Address=10.0.0.1][ITL_Signature=582DA8DE77C3D6363811F12965D4F8422279FC3A][ITL_TFTP_Server=N/A]",
	"[IPv4Address=10.0.0.1][ITL_Signature=Not Installed]",
	"[IPv4Address=10.0.0.1][ITL_Signature=0a8d47aba7bc2aa55fc857653623280]",
	"[ITL_Signature=0a8d47aba7bc2aa55fc857653623280b]",
	"[IPv4Address=10.0.0.1][ITL_Signature=0a8d47aba7bc2aa55fc857653623280b][ITL_TFTP_Server=tftp1][Time=2024-05-01T10:00:00Z]",
	"[IPv6Address=][IPv4Address=10.0.0.1][ITL_Signature=0a8d47aba7bc2aa55fc857653623280b]",
	"[IPv4Address=10.0.0.1][ITL_Signature=0a8d47aba7bc2aa55fc857653623280b",
	"[IPv4Address=10.0.0.1][ITL_Signature0a8d47aba7bc2aa55fc857653623280b]",
	"[IPv4Address=10.0.0.1][ITL File Status=Match]",
	"[ITL File Status=Mismatch][TFTP Server=tftp1]",
};
static const char *const tail[] = {
	"", "[StatusCode=3]: Device trust list information", "]", "x", "[",
	"[ITL_TFTP_Server=tftp2]", "[IPv4Address=10.9.9.9]", " ", "=",
};

START_TEST(repeats)
{
	char what[32], pad[400];
	ik_sb sb;
	int doc, ln;

	memset(pad, 'a', sizeof(pad) - 1);
	pad[sizeof(pad) - 1] = '\0';
	rng = 88172645u;
	for (doc = 0; doc < 300; doc++) {
		ik_sb_init(&sb);
		for (ln = 0; ln < 60; ln++) {
			switch (next() % 16) {
			case 0:
				ik_sb_puts(&sb, "<?xml version=\"1.0\"?><x-cisco-alarm><Alarm Name=\"DeviceTLInfo\"><ParameterList><String name=\"DeviceName\">SEP000000000001</String><String name=\"ITL_Signature\">3d712c2ba21ac0f08d5c7f000224aba75e81b797</String></ParameterList></Alarm></x-cisco-alarm>\n");
				continue;
			case 1:
				/* A span past the bound kept with the phone. */
				ik_sb_printf(&sb, "%s%%%s[IPv4Address=%s][ITL_Signature=0a8d47aba7bc2aa55fc857653623280b]\n",
				    when[next() % 6], dev[0],
				    pad + next() % sizeof(pad));
				continue;
			default:
				break;
			}
			/* Some without the alarm's name: reports only by a hash. */
			ik_sb_printf(&sb, "%sucm: %%UC-6-%s: %%%s%s%s",
			    when[next() % 6], next() % 4 == 0 ? "Other" :
			    "DeviceTLInfo", dev[next() % 5],
			    body[next() % 12], tail[next() % 9]);
			ik_sb_puts(&sb, next() % 8 == 0 ? "\r\n" : "\n");
		}
		ck_assert(!sb.oom);
		snprintf(what, sizeof(what), "repeats %d", doc);
		cross((const uint8_t *)sb.s, sb.len, what);
		ik_sb_free(&sb);
	}
}
END_TEST

/*
 * Other alarms (no hash key) of the same phones again and again, their
 * pairs equal while what comes before them changes: with DeviceTLInfo or
 * alarm XML before the pairs (then a report to read, or a skipped line),
 * none, a blank prefix, "\r" endings, pairs that are a report's prefix,
 * a span over the fingerprint bound.  Against the full parser, and known
 * counts for one small log.
 */
static const char *const before[] = {
	"Jul 02 2015 06:22:31 ucm: %UC-3-EndPointUnregistered: ",
	"Jul 02 2015 06:22:32 ucm: %UC-3-EndPointUnregistered: ",
	"Jul 02 2015 06:22:33 ucm: %UC-6-DeviceTLInfo: ", "  \t",
	"<?xml x ", "Jul 02 2015 06:22:34 x DeviceTLInf: ", "",
};
static const char *const other[] = {
	"[DeviceName=SEP000000000001][IPAddress=10.60.98.210][Reason=13]: gone",
	"[DeviceName=SEP000000000002][IPAddress=10.60.98.210][Reason=13]: gone",
	"[DeviceName=SEP000000000001][IPv4Address=10.0.0.1]",
	"[DeviceName=SEP000000000001][IPv4Address=10.0.0.1][ITL_Signature=0a8d47aba7bc2aa55fc857653623280b]",
	"[DeviceName=SEP000000000001][IPAddress=10.60.98.210][Reason=13]: DeviceTLInfo",
	"[DeviceName=SEP000000000001][IPAddress=10.60.98.210][Reason=13]",
	"[DeviceName=SEP000000000001",
};

START_TEST(other_alarms)
{
	static const char log[] =
	    "Jul 02 2015 06:22:31 a: %[DeviceName=SEP000000000001][Reason=13]\n"
	    "Jul 02 2015 06:22:32 b: %[DeviceName=SEP000000000001][Reason=13]\n"
	    "Jul 02 2015 06:22:33 DeviceTLInfo: %[DeviceName=SEP000000000001][Reason=13]\n"
	    "Jul 02 2015 06:22:34 c: %[DeviceName=SEP000000000001][Reason=13]\r\n"
	    "Jul 02 2015 06:22:35 d: %[DeviceName=SEP000000000001][Reason=13]\n";
	char what[32], pad[400];
	ik_phones db;
	ik_sb sb;
	int doc, ln;
	bool fast;

	for (fast = false; ; fast = true) {
		scan(&db, (const uint8_t *)log, sizeof(log) - 1, 1u << 20,
		    fast);
		ck_assert_uint_eq(db.src->lines, 5);
		ck_assert_uint_eq(db.ignored, 4);
		ck_assert_uint_eq(db.skipped, 1);
		ck_assert_uint_eq(db.kept[0].line, 3);
		ck_assert_uint_eq(db.n, 0);
		ik_phones_free(&db);
		if (fast)
			break;
	}
	memset(pad, 'a', sizeof(pad) - 1);
	pad[sizeof(pad) - 1] = '\0';
	rng = 521288629u;
	for (doc = 0; doc < 300; doc++) {
		ik_sb_init(&sb);
		for (ln = 0; ln < 80; ln++) {
			if (next() % 16 == 0)
				ik_sb_printf(&sb,
				    "%s%%[DeviceName=SEP000000000001][X=%s]",
				    before[next() % 7],
				    pad + next() % sizeof(pad));
			else
				ik_sb_printf(&sb, "%s%%%s", before[next() % 7],
				    other[next() % 7]);
			ik_sb_puts(&sb, next() % 8 == 0 ? "\r\n" : "\n");
		}
		ck_assert(!sb.oom);
		snprintf(what, sizeof(what), "other alarms %d", doc);
		cross((const uint8_t *)sb.s, sb.len, what);
		ik_sb_free(&sb);
	}
}
END_TEST

/*
 * Known answers: a repeated report in a second input counts there, moves
 * the phone's input and time forward, and an older one moves neither.
 */
START_TEST(repeat_known)
{
	static const char *const in[] = {
	    "Jul 02 2015 06:22:31 x: %[DeviceName=SEP000000000001][ITL_Signature=0a8d47aba7bc2aa55fc857653623280b]: a\n",
	    "Jul 02 2015 06:22:32 y: %[DeviceName=SEP000000000001][ITL_Signature=0a8d47aba7bc2aa55fc857653623280b]: b\n"
	    "Jul 02 2015 06:22:30 y: %[DeviceName=SEP000000000001][ITL_Signature=0a8d47aba7bc2aa55fc857653623280b]: c\n",
	};
	ik_evscan *s;
	ik_phones db;
	int fast;
	uint16_t i;

	for (fast = 0; fast < 2; fast++) {
		ik_phones_init(&db);
		db.no_repeat = !fast;
		db.src = calloc(2, sizeof(*db.src));
		ck_assert_ptr_nonnull(db.src);
		db.nsrc = 2;
		for (i = 0; i < 2; i++) {
			s = ik_evscan_new(&db, i);
			ck_assert_ptr_nonnull(s);
			ck_assert_int_eq(ik_evscan_feed(s,
			    (const uint8_t *)in[i], strlen(in[i])), IK_OK);
			ck_assert_int_eq(ik_evscan_end(s), IK_OK);
			ik_evscan_free(s);
		}
		ck_assert_uint_eq(db.n, 1);
		ck_assert_uint_eq(db.v[0].reports, 3);
		ck_assert_uint_eq(db.v[0].source, 1);
		ck_assert_uint_eq(db.src[1].events, 2);
		ck_assert(db.v[0].has_when);
		ck_assert_int_eq((long long)db.v[0].last_seen, 1435818152LL);
		ik_phones_free(&db);
	}
}
END_TEST

/*
 * Known answers: what the prefilter skips is counted as the parser would
 * (blank lines are not "other lines"); a case variant of the marker
 * without pairs is another line, the exact one a skipped line.
 */
START_TEST(known_counts)
{
	static const char log[] =
	    "31 host : Jul 02 2015 06:22:31 UTC : %UC-6-DeviceTLInfo: %[DeviceName=SEP000000000001][ITL_Signature=0a8d47aba7bc2aa55fc857653623280b]\n"
	    "plain line\n"
	    " \t\r\n"
	    "\r\r\n"
	    "\r x\n"
	    "a devicetlinfo mention\n"
	    "a DeviceTLInfo mention\n"
	    "%[Name=SEP000000000002][I-T-L Signature=Not Installed]\n";
	ik_phones db;
	bool pre;

	for (pre = false; ; pre = true) {
		scan(&db, (const uint8_t *)log, sizeof(log) - 1, 5, pre);
		ck_assert_uint_eq(db.src->lines, 8);
		ck_assert_uint_eq(db.events, 2);
		ck_assert_uint_eq(db.skipped, 1);
		ck_assert_uint_eq(db.kept[0].line, 7);
		ck_assert_uint_eq(db.ignored, 3);
		ck_assert_uint_eq(db.n, 2);
		ck_assert(db.v[1].not_installed);
		ik_phones_free(&db);
		if (pre)
			break;
	}
}
END_TEST

/*
 * The table's name hash is seeded: two seeds file the same names under
 * different hashes, and a scan gives the same phones in the same order
 * either way (the table is never listed in slot order).
 */
START_TEST(seeded_names)
{
	char *log, name[32];
	size_t cap = 3000 * 120, len = 0, i, differ = 0;
	ik_phones a, b;
	uint32_t h[64];

	log = malloc(cap);
	ck_assert_ptr_nonnull(log);
	for (i = 0; i < 3000; i++)
		len += (size_t)snprintf(log + len, cap - len,
		    "Jul 02 2015 06:22:%02zu DeviceTLInfo: %%[DeviceName=SEP%012zX]"
		    "[ITL_Signature=%s]\n", i % 60, (i * 7919) % 1000,
		    i % 3 ? "0a8d47aba7bc2aa55fc857653623280b" : "Not Installed");
	ik_phones_name_seed(0x1234567u);
	for (i = 0; i < 64; i++) {
		snprintf(name, sizeof(name), "SEP%012zX", i);
		h[i] = ik_phones_name_hash(name, strlen(name));
	}
	scan(&a, (const uint8_t *)log, len, 4093, true);
	ik_phones_name_seed(0xfedcba987654321u);
	for (i = 0; i < 64; i++) {
		snprintf(name, sizeof(name), "SEP%012zX", i);
		differ += h[i] != ik_phones_name_hash(name, strlen(name));
	}
	scan(&b, (const uint8_t *)log, len, 61, true);
	ck_assert_uint_ge(differ, 60);
	ck_assert_uint_eq(a.n, 1000);
	same(&a, &b, "two seeds");
	ik_phones_free(&a);
	ik_phones_free(&b);
	free(log);
}
END_TEST

/*
 * Hash spellings: pairs with single spaces and plain digits are decoded a
 * pair at a time, everything else by ik_unhex; both give the same bytes,
 * and a hash of another length is refused either way.
 */
START_TEST(hash_spellings)
{
	static const char *const good[] = {
		"58 2D A8 DE 77 C3 D6 36 38 11 F1 29 65 D4 F8 42 22 79 FC 3A ",
		"582DA8DE77C3D6363811F12965D4F8422279FC3A",
		"58:2d:a8:de:77:c3:d6:36:38:11:f1:29:65:d4:f8:42:22:79:fc:3a",
		"58  2D A8 DE 77 C3 D6 36 38 11 F1 29 65 D4 F8 42 22 79 FC 3A",
		"5 82D A8DE 77 C3 D6 36 38 11 F1 29 65 D4 F8 42 22 79 FC 3A",
		"58 2DA8 DE 77 C3 D6 36 38 11 F1 29 65 D4 F8 42 22 79 FC3A",
	};
	static const char *const bad[] = {
		"582DA8DE77C3D6363811F12965D4F8422279FC3",
		"58 2D A8 DE 77 C3 D6 36 38 11 F1 29 65 D4 F8 42 22 79 FC 3",
		"582DA8DE77C3D6363811F12965D4F8422279FC3A582DA8DE77C3D6363811F129",
		"582DA8DE77C3D6363811F12965D4F8422279FC3A582DA8DE77C3D6363811F12965D4F8422279",
		"58 2D A8 DE 77 C3 D6 36 38 11 F1 29 65 D4 F8 42 22 79 FC 3G",
	};
	ik_phones db;
	ik_sb sb;
	char hex[41];
	size_t i;

	ik_sb_init(&sb);
	for (i = 0; i < 6; i++)
		ik_sb_printf(&sb, "%%[DeviceName=SEP%012zu][ITL_Signature=%s]\n",
		    i, good[i]);
	for (i = 0; i < 5; i++)
		ik_sb_printf(&sb, "%%[DeviceName=SEPBAD%09zu][ITL_Signature=%s]\n",
		    i, bad[i]);
	ik_sb_puts(&sb, "%[DeviceName=SEPMD5000000000][ITL_Signature="
	    "0A 8D 47 AB A7 BC 2A A5 5F C8 57 65 36 23 28 0B]\n");
	ck_assert(!sb.oom);
	scan(&db, (const uint8_t *)sb.s, sb.len, 1u << 20, true);
	ck_assert_uint_eq(db.n, 7);
	ck_assert_uint_eq(db.skipped, 5);
	for (i = 0; i < 6; i++) {
		ck_assert_int_eq(db.v[i].alg, IK_HASH_SHA1);
		ik_hex(db.v[i].hash, 20, hex);
		ck_assert_str_eq(hex, "582da8de77c3d6363811f12965d4f8422279fc3a");
	}
	ck_assert_int_eq(db.v[6].alg, IK_HASH_MD5);
	ik_hex(db.v[6].hash, 16, hex);
	ck_assert_str_eq(hex, "0a8d47aba7bc2aa55fc857653623280b");
	for (i = 0; i < 5; i++)
		ck_assert_str_eq(db.kept[i].reason,
		    "ITL signature is not a 20-byte SHA-1 or 16-byte MD5 in hex");
	ik_phones_free(&db);
	ik_sb_free(&sb);
}
END_TEST

/*
 * Known answers: syslog times with the date changing from line to line
 * (the last date's day number is kept), an invalid time first in a line.
 */
START_TEST(syslog_dates)
{
	static const char log[] =
	    "Jul 02 2015 06:22:31 h: %[DeviceName=SEPA][ITL_Signature=Not Installed]\n"
	    "Jul 03 2015 00:00:01 h: %[DeviceName=SEPB][ITL_Signature=Not Installed]\n"
	    "Jul 03 2015 99:00:01 x Dec 31 1999 23:59:59 h: %[DeviceName=SEPC][ITL_Signature=Not Installed]\n"
	    "Jul 02 2015 06:22:31 h: %[DeviceName=SEPD][ITL_Signature=Not Installed]\n"
	    "Feb 29 2016 12:00:00 h: %[DeviceName=SEPE][ITL_Signature=Not Installed]\n";
	static const long long want[] = { 1435818151LL, 1435881601LL,
	    946684799LL, 1435818151LL, 1456747200LL };
	ik_phones db;
	size_t i;

	scan(&db, (const uint8_t *)log, sizeof(log) - 1, 1u << 20, true);
	ck_assert_uint_eq(db.n, 5);
	for (i = 0; i < 5; i++) {
		ck_assert(db.v[i].has_when);
		ck_assert_int_eq((long long)db.v[i].last_seen, want[i]);
	}
	ik_phones_free(&db);
}
END_TEST

/*
 * The span fingerprint: the same bytes give the same value, every one-bit
 * change of a span of any length up to the bound changes it (a wrong
 * equality has probability 2^-64 per pair), longer spans are refused.
 */
START_TEST(span_fingerprint)
{
	char span[IK_SPAN_MAX + 1];
	uint64_t a[2], b[2];
	ik_phones db;
	size_t len, i;
	int bit;

	ik_phones_init(&db);
	for (i = 0; i < sizeof(span); i++)
		span[i] = (char)(' ' + i % 90);
	for (len = 1; len <= IK_SPAN_MAX; len += len < 40 ? 1 : 37) {
		ck_assert(ik_phones_span_fp(&db, span, len, a));
		ck_assert(ik_phones_span_fp(&db, span, len, b));
		ck_assert_mem_eq(a, b, sizeof(a));
		for (i = 0; i < len; i++) {
			for (bit = 0; bit < 8; bit++) {
				span[i] ^= (char)(1 << bit);
				ck_assert(ik_phones_span_fp(&db, span, len, b));
				span[i] ^= (char)(1 << bit);
				ck_assert_msg(memcmp(a, b, sizeof(a)) != 0,
				    "length %zu, byte %zu, bit %d", len, i, bit);
			}
		}
		/* Bytes past the length are not part of it. */
		span[len] ^= 1;
		ck_assert(ik_phones_span_fp(&db, span, len, b));
		span[len] ^= 1;
		ck_assert_mem_eq(a, b, sizeof(a));
	}
	ck_assert(!ik_phones_span_fp(&db, span, IK_SPAN_MAX + 1, a));
	ik_phones_free(&db);
}
END_TEST

Suite *suite_phones_scan(void);

Suite *
suite_phones_scan(void)
{
	Suite *s = suite_create("phones_scan");
	TCase *tc = tcase_create("prefilter");

	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, known_counts);
	tcase_add_test(tc, seeded_names);
	tcase_add_test(tc, hash_spellings);
	tcase_add_test(tc, generated);
	tcase_add_test(tc, repeats);
	tcase_add_test(tc, repeat_known);
	tcase_add_test(tc, other_alarms);
	tcase_add_test(tc, span_fingerprint);
	tcase_add_test(tc, syslog_dates);
	tcase_add_test(tc, fixtures_and_samples);
	suite_add_tcase(s, tc);
	return s;
}
