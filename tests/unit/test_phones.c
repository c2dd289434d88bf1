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

#include "ik_phones.h"
#include "ik_phones_render.h"
#include "ik_itl_render.h"
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

/* The verdict of one phone; its strings are copied out of the lists. */
static void
verdict_of(ik_phones *db, const char *dev, const ik_phone_itl *l, size_t n,
    ik_phone_verdict *v)
{
	static char reason[700], condition[300];
	ik_phone_lists pl;

	ik_phone_lists_init(&pl, l, n);
	ik_phone_judge(&pl, phone(db, dev), v);
	if (v->reason != NULL)
		v->reason = strcpy(reason, v->reason);
	if (v->condition != NULL)
		v->condition = strcpy(condition, v->condition);
	ik_phone_lists_free(&pl);
}

static ik_phone_status
status_of(ik_phones *db, const char *dev, const ik_phone_itl *l, size_t n)
{
	ik_phone_verdict v;

	verdict_of(db, dev, l, n, &v);
	return v.status;
}

static ik_itl *
node_itl(const ck_cluster *c, int node, int signer, int layout)
{
	ik_itl *itl;
	uint8_t *b;
	size_t len;

	b = ck_node_itl(c, node, signer, layout, &len);
	itl = ck_parse(b, len);
	free(b);
	return itl;
}

/*
 * Statuses against a cluster over time, and a foreign cluster's file, as
 * the trust engine decides them:
 *   old   v1 with ITLRECOVERY        -> v2 (CallManager new, TVS kept): tvs
 *   pre   v1 without ITLRECOVERY     -> v2: tvs as well (TVS unchanged)
 *   old   v1 with ITLRECOVERY        -> v3 (CallManager and TVS new):
 *         only re-signed with ITLRecovery (remedy resign-itl-recovery)
 *   pre   v1 without ITLRECOVERY     -> v3: depends (only sub's TVS is
 *         unchanged: phones whose CallManager group includes sub)
 *   away  another cluster            -> unrecoverable (delete-itl)
 */
START_TEST(statuses)
{
	ck_cluster c, f;
	ik_itl *v2, *v3, *old, *pre, *away;
	ik_phone_itl l[4];
	ik_phone_verdict v;
	ik_phone_lists pl;
	ik_phones db;

	ck_cluster_make(&c, "home", 0);
	ck_cluster_make(&f, "away", 1);
	old = node_itl(&c, 0, CK_SIGN_CCM, 0);
	pre = node_itl(&c, 0, CK_SIGN_CCM, CK_LAYOUT_NO_REC);
	away = node_itl(&f, 0, CK_SIGN_CCM, 0);
	ck_regen_ccm(&c, 0, CK_NB_BASE + 86400);
	v2 = node_itl(&c, 0, CK_SIGN_CCM, 0);
	ck_regen_tvs(&c, 0, CK_NB_BASE + 86400 * 2);
	v3 = node_itl(&c, 0, CK_SIGN_CCM, 0);
	l[1] = (ik_phone_itl){ "old.tlv", "old", old, false };
	l[2] = (ik_phone_itl){ "pre.tlv", "pre", pre, false };
	l[3] = (ik_phone_itl){ "away.tlv", "away", away, false };
	ik_phones_init(&db);
	report(&db, "SEPA", v2->sha1);
	report(&db, "SEPB", old->sha1);
	report(&db, "SEPC", pre->sha1);
	report(&db, "SEPD", away->sha1);
	report(&db, "SEPE", NULL);
	report(&db, "SEPF", (const uint8_t *)"no list has this one");

	l[0] = (ik_phone_itl){ "v2.tlv", "pub", v2, true };
	ck_assert_int_eq(status_of(&db, "SEPA", l, 4), IK_PS_CURRENT);
	verdict_of(&db, "SEPB", l, 4, &v);
	ck_assert_int_eq(v.status, IK_PS_STALE_RECOVERABLE);
	ck_assert_int_eq(v.path, IK_PATH_TVS);
	ck_assert_int_eq(v.remedy, IK_REMEDY_NONE);
	ck_assert_ptr_eq(v.node, &l[0]);	/* the only --itl list */
	verdict_of(&db, "SEPC", l, 4, &v);
	ck_assert_int_eq(v.status, IK_PS_STALE_RECOVERABLE);
	ck_assert_int_eq(v.path, IK_PATH_TVS);
	verdict_of(&db, "SEPD", l, 4, &v);
	ck_assert_int_eq(v.status, IK_PS_STALE_UNRECOVERABLE);
	ck_assert_int_eq(v.remedy, IK_REMEDY_DELETE);
	verdict_of(&db, "SEPE", l, 4, &v);
	ck_assert_int_eq(v.status, IK_PS_NOT_INSTALLED);
	ck_assert_int_eq(v.path, IK_PATH_LEAP_OF_FAITH);
	verdict_of(&db, "SEPF", l, 4, &v);
	ck_assert_int_eq(v.status, IK_PS_UNKNOWN);
	ck_assert_str_eq(v.reason,
	    "no current or earlier list has the hash it reports");
	/* The caller's names for its options, when it has options. */
	ik_phone_lists_init(&pl, l, 4);
	ik_phone_lists_name(&pl, "--itl", "--history");
	ik_phone_judge(&pl, phone(&db, "SEPF"), &v);
	ck_assert_str_eq(v.reason,
	    "no --itl or --history list has the hash it reports");
	ik_phone_lists_free(&pl);

	l[0] = (ik_phone_itl){ "v3.tlv", "pub", v3, true };
	verdict_of(&db, "SEPB", l, 4, &v);
	ck_assert_int_eq(v.status, IK_PS_STALE_RECOVERABLE);
	ck_assert_int_eq(v.path, IK_PATH_ITL_RECOVERY);
	ck_assert_int_eq(v.remedy, IK_REMEDY_RESIGN);
	/* Only sub's TVS is unchanged: phones whose CallManager group
	 * includes sub take v3, the others refuse it. */
	verdict_of(&db, "SEPC", l, 4, &v);
	ck_assert_int_eq(v.status, IK_PS_STALE_DEPENDS);
	ck_assert_int_eq(v.path, IK_PATH_TVS);
	ck_assert_ptr_nonnull(v.condition);
	ck_assert_ptr_nonnull(strstr(v.condition, "homesub"));
	ck_assert_int_eq(status_of(&db, "SEPA", l, 4), IK_PS_UNKNOWN);
	ik_phones_free(&db);
	ik_itl_free(v2);
	ik_itl_free(v3);
	ik_itl_free(old);
	ik_itl_free(pre);
	ik_itl_free(away);
	ck_cluster_free(&c);
	ck_cluster_free(&f);
}
END_TEST

/*
 * One trust engine: for every pair of the CLI cluster fixtures, a phone
 * holding one while the other is served is stale-recoverable with the
 * engine's path exactly when itl-trust's engine accepts, and otherwise
 * recoverable only through a re-sign with ITLRecovery.
 */
START_TEST(agrees_with_trust_engine)
{
	static const char *const f[] = { "cluster/pub.tlv",
		"cluster/sub.tlv", "cluster/pub-reset.tlv",
		"cluster/pub-pre10.tlv", "cluster/sub-no-pub-tvs.tlv",
		"cluster/pub-v2-ccm.tlv", "cluster/pub-v2-both.tlv",
		"cluster/pub-v2-both-reset.tlv", "cluster/foreign-pub.tlv" };
	const size_t nf = sizeof(f) / sizeof(f[0]);
	ik_itl *itl[sizeof(f) / sizeof(f[0])];
	ik_trust_result tr;
	ik_phone_itl l[2];
	ik_phone_verdict v;
	ik_phone_lists pl;
	ik_phones db;
	size_t i, j, accepted = 0, resign = 0, depends = 0, lost = 0;

	for (i = 0; i < nf; i++) {
		itl[i] = ck_load(f[i]);
		ik_itl_verify(itl[i]);
	}
	for (i = 0; i < nf; i++) {
		for (j = 0; j < nf; j++) {
			if (memcmp(itl[i]->sha1, itl[j]->sha1, 20) == 0)
				continue;
			l[0] = (ik_phone_itl){ f[j], "node", itl[j], true };
			l[1] = (ik_phone_itl){ f[i], "held", itl[i], false };
			ik_phones_init(&db);
			report(&db, "SEP1", itl[i]->sha1);
			ik_phone_lists_init(&pl, l, 2);
			ik_phone_judge(&pl, phone(&db, "SEP1"), &v);
			ik_trust_eval(itl[i], itl[j], &tr);
			if (tr.verdict == IK_ACCEPT) {
				ck_assert_msg(v.status == IK_PS_STALE_RECOVERABLE &&
				    v.path == tr.path && v.remedy == IK_REMEDY_NONE,
				    "%s -> %s: trust accepts, phones say %s",
				    f[i], f[j], ik_phone_status_name(v.status));
				accepted++;
			} else if (v.status == IK_PS_STALE_RECOVERABLE) {
				ck_assert_int_eq(v.remedy, IK_REMEDY_RESIGN);
				ck_assert_int_eq(v.path, IK_PATH_ITL_RECOVERY);
				resign++;
			} else if (tr.verdict == IK_DEPENDS) {
				ck_assert_int_eq(v.status, IK_PS_STALE_DEPENDS);
				ck_assert_int_eq(v.path, tr.path);
				ck_assert_str_eq(v.condition, tr.condition);
				depends++;
			} else {
				ck_assert_int_eq(v.status,
				    IK_PS_STALE_UNRECOVERABLE);
				lost++;
			}
			ik_phone_lists_free(&pl);
			ik_phones_free(&db);
		}
	}
	/* The fixtures hold every kind of answer. */
	ck_assert_uint_gt(accepted, 0);
	ck_assert_uint_gt(resign, 0);
	ck_assert_uint_gt(depends, 0);
	ck_assert_uint_gt(lost, 0);
	for (i = 0; i < nf; i++)
		ik_itl_free(itl[i]);
}
END_TEST

/* Verdicts the engine gives for some phones or for none it can judge. */
START_TEST(fate_depends_and_unknown)
{
	ik_trust_result now, re;
	ik_phone_fate f;

	memset(&now, 0, sizeof(now));
	memset(&re, 0, sizeof(re));
	now.verdict = IK_DEPENDS;
	now.path = IK_PATH_TVS;
	snprintf(now.condition, sizeof(now.condition),
	    "phones whose CallManager group includes sub1");
	re.verdict = IK_REJECT;
	ik_phone_fate_from(&now, &re, &f);
	ck_assert_int_eq(f.status, IK_PS_STALE_DEPENDS);
	ck_assert_int_eq(f.path, IK_PATH_TVS);
	ck_assert_str_eq(f.condition,
	    "phones whose CallManager group includes sub1");
	ik_phone_fate_from(&now, NULL, &f);
	ck_assert_int_eq(f.status, IK_PS_STALE_DEPENDS);
	/* Re-signing reaches every phone: better than depends. */
	re.verdict = IK_ACCEPT;
	re.path = IK_PATH_ITL_RECOVERY;
	ik_phone_fate_from(&now, &re, &f);
	ck_assert_int_eq(f.status, IK_PS_STALE_RECOVERABLE);
	ck_assert_int_eq(f.remedy, IK_REMEDY_RESIGN);
	ck_assert_str_eq(f.condition, "");
	/* An incomplete paste: unknown with the engine's reason. */
	now.verdict = IK_UNKNOWN;
	snprintf(now.reason, sizeof(now.reason),
	    "the installed dump is incomplete");
	re.verdict = IK_UNKNOWN;
	ik_phone_fate_from(&now, &re, &f);
	ck_assert_int_eq(f.status, IK_PS_UNKNOWN);
	ck_assert_str_eq(f.reason, "the installed dump is incomplete");
	ck_assert_int_eq(f.remedy, IK_REMEDY_NONE);
	now.verdict = IK_REJECT;
	now.remedy = IK_REMEDY_DELETE;
	ik_phone_fate_from(&now, &re, &f);
	ck_assert_int_eq(f.status, IK_PS_UNKNOWN);
	ik_phone_fate_from(&now, NULL, &f);
	ck_assert_int_eq(f.status, IK_PS_STALE_UNRECOVERABLE);
	ck_assert_int_eq(f.remedy, IK_REMEDY_DELETE);
	/* A remedy the engine spells out travels in the reason. */
	now.remedy = IK_REMEDY_OTHER;
	snprintf(now.remedy_text, sizeof(now.remedy_text),
	    "serve a correctly signed file");
	ik_phone_fate_from(&now, NULL, &f);
	ck_assert_int_eq(f.remedy, IK_REMEDY_OTHER);
	ck_assert_ptr_nonnull(strstr(f.reason,
	    "; remedy: serve a correctly signed file"));
}
END_TEST

/*
 * The node of a phone is the --itl list its TFTP server names (by node
 * name or by the signer's CN); unknown, with several lists that would be
 * taken differently, the status is unknown.
 */
START_TEST(node_by_tftp)
{
	ck_cluster c;
	ik_itl *pub, *sub, *held;
	ik_phone_itl l[3];
	ik_phone_report r;
	ik_phone_verdict v;
	ik_phone_lists pl;
	ik_phones db;

	ck_cluster_make(&c, "home", 0);
	held = node_itl(&c, 0, CK_SIGN_CCM, CK_LAYOUT_NO_REC);
	sub = node_itl(&c, 1, CK_SIGN_CCM, 0);
	ck_regen_ccm(&c, 0, CK_NB_BASE + 86400);
	ck_regen_tvs(&c, 0, CK_NB_BASE + 86400 * 2);
	pub = node_itl(&c, 0, CK_SIGN_CCM, 0);
	l[0] = (ik_phone_itl){ "pub.tlv", "pub", pub, true };
	l[1] = (ik_phone_itl){ "sub.tlv", "sub", sub, true };
	l[2] = (ik_phone_itl){ "held.tlv", "held", held, false };
	ik_phones_init(&db);
	memset(&r, 0, sizeof(r));
	memcpy(r.hash, held->sha1, 20);
	r.alg = IK_HASH_SHA1;
	strcpy(r.device, "SEPPUB");
	strcpy(r.tftp, "HOMEPUB.lab");		/* the signer's CN, any case */
	ck_assert_int_eq(ik_phones_add(&db, &r, 0), 0);
	strcpy(r.device, "SEPSUB");
	strcpy(r.tftp, "sub");			/* the node name */
	ck_assert_int_eq(ik_phones_add(&db, &r, 0), 0);
	strcpy(r.device, "SEPX");
	strcpy(r.tftp, "10.9.9.9");
	ck_assert_int_eq(ik_phones_add(&db, &r, 0), 0);
	ik_phone_lists_init(&pl, l, 3);
	ik_phone_judge(&pl, phone(&db, "SEPPUB"), &v);
	ck_assert_ptr_eq(v.node, &l[0]);
	/* pub's CallManager and TVS are new; sub's TVS still vouches. */
	ck_assert_int_eq(v.status, IK_PS_STALE_DEPENDS);
	ck_assert_ptr_nonnull(strstr(v.condition, "homesub"));
	ik_phone_judge(&pl, phone(&db, "SEPSUB"), &v);
	ck_assert_ptr_eq(v.node, &l[1]);
	/* sub is unchanged: its TVS vouches for its signer. */
	ck_assert_int_eq(v.status, IK_PS_STALE_RECOVERABLE);
	ck_assert_int_eq(v.path, IK_PATH_TVS);
	ik_phone_judge(&pl, phone(&db, "SEPX"), &v);
	ck_assert_ptr_eq(v.node, NULL);
	ck_assert_int_eq(v.status, IK_PS_UNKNOWN);
	ck_assert_ptr_nonnull(strstr(v.reason, "node is not known"));
	ik_phone_lists_free(&pl);
	ik_phones_free(&db);
	ik_itl_free(pub);
	ik_itl_free(sub);
	ik_itl_free(held);
	ck_cluster_free(&c);
}
END_TEST

/* Inputs without a single report: an error, with what the input is. */
START_TEST(no_reports_hint)
{
	static const uint8_t gz[] = { 0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0 };
	ik_findings fs;
	ik_phones db;
	ik_evscan *s;

	ik_phones_init(&db);
	ck_assert_ptr_nonnull(db.src = calloc(1, sizeof(*db.src)));
	db.nsrc = 1;
	db.src[0].path = strdup("x.log.gz");
	db.src[0].size = sizeof(gz);
	s = ik_evscan_new(&db, 0);
	ck_assert_int_eq(ik_evscan_feed(s, gz, sizeof(gz)), IK_OK);
	ck_assert_int_eq(ik_evscan_end(s), IK_OK);
	ik_evscan_free(s);
	ik_findings_init(&fs);
	ik_phones_findings(&db, NULL, &fs);
	ck_assert_uint_eq(fs.n, 1);
	ck_assert_str_eq(fs.v[0].code, "NO_PHONE_REPORTS");
	ck_assert_int_eq(fs.v[0].severity, IK_SEV_ERROR);
	ck_assert_ptr_nonnull(strstr(fs.v[0].message, "gzip-compressed"));
	ik_findings_free(&fs);
	ik_phones_free(&db);
}
END_TEST

/*
 * A trust list given as phone reports: the hint says what it is, and
 * "did you mean" only with the caller's name for its trust-list option.
 */
START_TEST(trust_list_as_reports)
{
	static const char dump[] = "Length of ITL file: 5322\n"
	    "The ITL File was last modified on: Tue Jul 02 2015\n";
	static const char *const opt[] = { NULL, "--itl" };
	static const char *const want[] = {
		"no phone report (DeviceTLInfo) in this input: this is a trust "
		    "list (ITL/CTL or a show itl dump)",
		"no phone report (DeviceTLInfo) in this input: this is a trust "
		    "list (ITL/CTL or a show itl dump): did you mean --itl?"
	};
	ik_findings fs;
	ik_phones db;
	ik_evscan *s;
	int i;

	ik_phones_init(&db);
	ck_assert_ptr_nonnull(db.src = calloc(1, sizeof(*db.src)));
	db.nsrc = 1;
	db.src[0].path = strdup("itl.txt");
	db.src[0].size = sizeof(dump) - 1;
	s = ik_evscan_new(&db, 0);
	ck_assert_int_eq(ik_evscan_feed(s, (const uint8_t *)dump,
	    sizeof(dump) - 1), IK_OK);
	ck_assert_int_eq(ik_evscan_end(s), IK_OK);
	ik_evscan_free(s);
	for (i = 0; i < 2; i++) {
		ik_findings_init(&fs);
		ik_phones_findings(&db, opt[i], &fs);
		ck_assert_uint_eq(fs.n, 1);
		ck_assert_str_eq(fs.v[0].code, "NO_PHONE_REPORTS");
		ck_assert_str_eq(fs.v[0].message, want[i]);
		ik_findings_free(&fs);
	}
	ik_phones_free(&db);
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
	tcase_add_test(tc, agrees_with_trust_engine);
	tcase_add_test(tc, fate_depends_and_unknown);
	tcase_add_test(tc, node_by_tftp);
	tcase_add_test(tc, no_reports_hint);
	tcase_add_test(tc, trust_list_as_reports);
	tcase_add_test(tc, many_phones);
	tcase_add_test(tc, large_file_windows);
	suite_add_tcase(s, tc);
	return s;
}
