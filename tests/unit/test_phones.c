/*
 * test_phones.c: phone reports from the real DeviceTLInfo alarms, a SIP
 * capture, Event Viewer lines with name variants, CUCM 14 CSV exports;
 * streaming in any chunking; the latest report wins; statuses against
 * current and historical ITLs of a generated cluster.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "ik_analysis.h"
#include "clusterkit.h"
#include "testkit.h"

static ik_phone *
phone(ik_phones *db, const char *device)
{
	size_t i;

	for (i = 0; i < db->n; i++)
		if (strcmp(db->v[i].device, device) == 0)
			return &db->v[i];
	ck_abort_msg("no phone %s", device);
	abort();
}

static void
hexeq(const uint8_t *v, size_t n, const char *want)
{
	char hex[41];

	ik_hex(v, n, hex);
	ck_assert_str_eq(hex, want);
}

/* Scans a buffer fed in chunks of step bytes. */
static void
scan(ik_phones *db, const char *text, size_t len, size_t step)
{
	ik_evscan *s = ik_evscan_new(db, 0);
	size_t i, k;

	ck_assert_ptr_nonnull(s);
	for (i = 0; i < len; i += k) {
		k = len - i < step ? len - i : step;
		ck_assert_int_eq(ik_evscan_feed(s, (const uint8_t *)text + i, k),
		    IK_OK);
	}
	ck_assert_int_eq(ik_evscan_end(s), IK_OK);
	ik_evscan_free(s);
}

START_TEST(real_alarms)
{
	ik_phones db;
	ik_error err;
	ik_phone *p;

	ik_phones_init(&db);
	ik_error_clear(&err);
	ck_assert_int_eq(ik_events_read_file(&db,
	    "events/cisco-214535_devicetlinfo_alarm_home.xml", &err), IK_OK);
	ck_assert_uint_eq(db.n, 1);
	p = phone(&db, "SEPC80084AA8743");
	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(p->ip, "192.168.7.104");
	ck_assert_str_eq(p->tftp, "clstr-2-pub.home.lab");
	ck_assert_int_eq(p->alg, IK_HASH_SHA1);
	hexeq(p->hash, 20, "a36dcf5d1e654d76cde3624b22bd45cf857544a6");
	ck_assert_str_eq(db.src[0].format, "xml");
	/* The visiting alarm inside a SIP REFER capture (CRLF). */
	ck_assert_int_eq(ik_events_read_file(&db,
	    "events/sip-refer-capture.txt", &err), IK_OK);
	ck_assert_uint_eq(db.n, 1);
	ck_assert_uint_eq(p->reports, 2);
	ck_assert_str_eq(p->tftp, "cucm-115.home.lab");
	hexeq(p->hash, 20, "1ba1c907e99e4d3c539dc81424af6c9f7dce4d6d");
	ck_assert_str_eq(db.src[1].format, "sip");
	ck_assert_uint_eq(db.skipped, 0);
	ik_phones_free(&db);
}
END_TEST

START_TEST(syslog_variants_and_chunks)
{
	static const size_t steps[4] = { 1, 7, 4096, 1u << 20 };
	uint8_t *buf;
	size_t len, i;
	ik_phones db;
	ik_phone *p;

	buf = tk_read("events/syslog-mixed.txt", &len);
	for (i = 0; i < 4; i++) {
		ik_phones_init(&db);
		scan(&db, (const char *)buf, len, steps[i]);
		ck_assert_uint_eq(db.n, 6);
		ck_assert_uint_eq(db.events, 7);
		ck_assert_uint_eq(db.skipped, 2);
		ck_assert_uint_eq(db.kept[0].line, 9);
		ck_assert_uint_eq(db.kept[1].line, 10);
		ck_assert_uint_eq(db.ignored, 1);
		/* ITLSignature with colons, lower case. */
		p = phone(&db, "SEP000000000002");
		ck_assert_int_eq(p->alg, IK_HASH_SHA1);
		/* An MD5 report. */
		ck_assert_int_eq(phone(&db, "SEP000000000005")->alg, IK_HASH_MD5);
		ck_assert(phone(&db, "SEP000000000004")->not_installed);
		/* A later line with an older time does not win. */
		p = phone(&db, "SEP000000000001");
		ck_assert_uint_eq(p->reports, 2);
		ck_assert_uint_eq(p->hash[0], 0x58);
		ck_assert(p->has_when);
		ck_assert_int_eq(p->last_seen, 1435818151);
		ik_phones_free(&db);
	}
	free(buf);
}
END_TEST

START_TEST(cucm14_csv)
{
	ik_phones db;
	ik_error err;

	ik_phones_init(&db);
	ik_error_clear(&err);
	ck_assert_int_eq(ik_events_read_file(&db, "events/cucm14-phones.csv",
	    &err), IK_OK);
	ck_assert_str_eq(db.src[0].format, "csv");
	ck_assert_uint_eq(db.n, 4);
	ck_assert_uint_eq(db.skipped, 1);
	ck_assert_uint_eq(db.kept[0].line, 6);
	ck_assert_int_eq(phone(&db, "SEP0000000000A2")->list_status,
	    IK_LS_MISMATCH);
	ck_assert(!phone(&db, "SEP0000000000A2")->not_installed);
	ck_assert_int_eq(phone(&db, "SEP0000000000A3")->list_status,
	    IK_LS_NOT_INSTALLED);
	ck_assert_str_eq(phone(&db, "SEP0000000000A1")->ip, "10.1.1.1");
	ik_phones_free(&db);
}
END_TEST

static void
report(ik_phones *db, const char *dev, const uint8_t *sha1)
{
	ik_phone_report r;

	memset(&r, 0, sizeof(r));
	strcpy(r.device, dev);
	if (sha1 != NULL) {
		memcpy(r.hash, sha1, 20);
		r.alg = IK_HASH_SHA1;
	} else {
		r.not_installed = true;
	}
	ck_assert_int_eq(ik_phones_add(db, &r, 0), 0);
}

static ik_phone_status
status_of(ik_phones *db, const char *dev, const ik_phone_itl *l, size_t n)
{
	ik_phone_verdict v;

	ik_phone_judge(phone(db, dev), l, n, &v);
	return v.status;
}

/* Statuses against a cluster over time, and a foreign cluster's file. */
START_TEST(statuses)
{
	ck_cluster c, f;
	ik_itl *cur, *old, *pre, *away;
	ik_phone_itl l[4];
	ik_phones db;
	uint8_t *b;
	size_t len;

	ck_cluster_make(&c, "home", 0);
	ck_cluster_make(&f, "away", 1);
	b = ck_node_itl(&c, 0, CK_SIGN_CCM, 0, &len);
	old = ck_parse(b, len);
	free(b);
	b = ck_node_itl(&c, 0, CK_SIGN_CCM, CK_LAYOUT_NO_REC, &len);
	pre = ck_parse(b, len);
	free(b);
	b = ck_node_itl(&f, 0, CK_SIGN_CCM, 0, &len);
	away = ck_parse(b, len);
	free(b);
	ck_regen_ccm(&c, 0, CK_NB_BASE + 86400);
	b = ck_node_itl(&c, 0, CK_SIGN_CCM, 0, &len);
	cur = ck_parse(b, len);
	free(b);
	l[0] = (ik_phone_itl){ "cur.tlv", "pub", cur, true };
	l[1] = (ik_phone_itl){ "old.tlv", "old", old, false };
	l[2] = (ik_phone_itl){ "pre.tlv", "pre", pre, false };
	l[3] = (ik_phone_itl){ "away.tlv", "away", away, false };
	ik_phones_init(&db);
	report(&db, "SEPA", cur->sha1);
	report(&db, "SEPB", old->sha1);
	report(&db, "SEPC", pre->sha1);
	report(&db, "SEPD", away->sha1);
	report(&db, "SEPE", NULL);
	report(&db, "SEPF", (const uint8_t *)"no list has this one");
	ck_assert_int_eq(status_of(&db, "SEPA", l, 4), IK_PS_CURRENT);
	ck_assert_int_eq(status_of(&db, "SEPB", l, 4), IK_PS_STALE_RECOVERABLE);
	ck_assert_int_eq(status_of(&db, "SEPC", l, 4), IK_PS_STALE_UNRECOVERABLE);
	/* Another cluster's recovery record: a bulk reset cannot reach it. */
	ck_assert_int_eq(status_of(&db, "SEPD", l, 4), IK_PS_STALE_UNRECOVERABLE);
	ck_assert_int_eq(status_of(&db, "SEPE", l, 4), IK_PS_NOT_INSTALLED);
	ck_assert_int_eq(status_of(&db, "SEPF", l, 4), IK_PS_UNKNOWN);
	ik_phones_free(&db);
	ik_itl_free(cur);
	ik_itl_free(old);
	ik_itl_free(pre);
	ik_itl_free(away);
	ck_cluster_free(&c);
	ck_cluster_free(&f);
}
END_TEST

/* Many phones, many reports: one entry per phone, the table grows. */
START_TEST(many_phones)
{
	ik_phones db;
	uint8_t h[20];
	char dev[32];
	size_t i;

	memset(h, 0x11, sizeof(h));
	ik_phones_init(&db);
	for (i = 0; i < 60000; i++) {
		ik_phone_report r;

		memset(&r, 0, sizeof(r));
		snprintf(dev, sizeof(dev), "SEP%012zX", i % 20000);
		strcpy(r.device, dev);
		memcpy(r.hash, h, 20);
		r.alg = IK_HASH_SHA1;
		ck_assert_int_eq(ik_phones_add(&db, &r, 0), 0);
	}
	ck_assert_uint_eq(db.n, 20000);
	ck_assert_uint_eq(db.events, 60000);
	ck_assert_uint_eq(phone(&db, "SEP000000004E1F")->reports, 3);
	ik_phones_free(&db);
}
END_TEST

/* A file over several mapped windows: lines cross window boundaries. */
START_TEST(large_file_windows)
{
	char path[] = "/tmp/itlkit-phones-XXXXXX";
	uint8_t sha[32];
	ik_phones db;
	ik_error err;
	ik_sb sb;
	size_t i;
	int fd;

	ik_sb_init(&sb);
	for (i = 0; sb.len < (9u << 20) + 12345; i++)
		ik_sb_printf(&sb, "1 h local7 6 : %zu: h Jul 02 2015 06:22:31 UTC : %%UC_CALLMANAGER-6-DeviceTLInfo: %%[DeviceName=SEP%012zX][IPv4Address=10.0.0.1][ITL_Signature=%040zx][ITL_TFTP_Server=pub]: padding padding padding padding padding padding padding\n",
		    i, i % 5000, i);
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, sb.s, sb.len), (ssize_t)sb.len);
	close(fd);
	ik_digest_buf(IK_SHA256, sb.s, sb.len, sha);
	ik_phones_init(&db);
	ik_error_clear(&err);
	ck_assert_int_eq(ik_events_read_file(&db, path, &err), IK_OK);
	unlink(path);
	ck_assert_uint_eq(db.n, 5000);
	ck_assert_uint_eq(db.events, i);
	ck_assert_uint_eq(db.skipped, 0);
	ck_assert_int_eq(db.src[0].size, (long long)sb.len);
	ck_assert_mem_eq(db.src[0].sha256, sha, 32);
	ik_phones_free(&db);
	ik_sb_free(&sb);
}
END_TEST

Suite *suite_phones(void);

Suite *
suite_phones(void)
{
	Suite *s = suite_create("phones");
	TCase *tc = tcase_create("phones");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, real_alarms);
	tcase_add_test(tc, syslog_variants_and_chunks);
	tcase_add_test(tc, cucm14_csv);
	tcase_add_test(tc, statuses);
	tcase_add_test(tc, many_phones);
	tcase_add_test(tc, large_file_windows);
	suite_add_tcase(s, tc);
	return s;
}
