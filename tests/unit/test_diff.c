/*
 * test_diff.c: itl-diff on generated clusters of known truth: consistent
 * nodes, a node missing a TVS or the CAPF, a pre-10.0 node, a foreign
 * node, a tampered file, two versions over a certificate regeneration,
 * the hold timer both ways; and the real before/after dumps.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "ik_phones.h"
#include "ik_phones_render.h"
#include "ik_itl_render.h"
#include "clusterkit.h"
#include "testkit.h"

#define MAXIN 4

struct run {
	ik_diff_input in[MAXIN];
	ik_itl *itl[MAXIN];
	size_t n;
	ik_diff d;
	ik_status st;
};

static void
add(struct run *r, const char *node, ik_itl *itl)
{
	ck_assert_uint_lt(r->n, MAXIN);
	memset(&r->in[r->n], 0, sizeof(r->in[r->n]));
	r->in[r->n].node = node;
	r->in[r->n].file = node;
	r->in[r->n].itl = itl;
	r->itl[r->n++] = itl;
}

static void
add_node(struct run *r, const char *node, const ck_cluster *c, int n,
    int signer, int layout)
{
	size_t len;
	uint8_t *b = ck_node_itl(c, n, signer, layout, &len);

	add(r, node, ck_parse(b, len));
	free(b);
}

static void
go(struct run *r, bool versions, const char *publisher)
{
	ik_diff_opts o = { publisher, versions, 1700000000 };
	ik_error err;

	ik_error_clear(&err);
	r->st = ik_diff_run(r->in, r->n, &o, &r->d, &err);
	ck_assert_int_ne(r->st, IK_FATAL);
}

static void
done(struct run *r)
{
	size_t i;

	ik_diff_free(&r->d);
	for (i = 0; i < r->n; i++)
		ik_itl_free(r->itl[i]);
	r->n = 0;
}

static bool
has(const struct run *r, ik_code code)
{
	return ik_findings_has(&r->d.findings, code);
}

START_TEST(consistent_cluster)
{
	struct run r = { .n = 0 };
	ck_cluster c;

	ck_cluster_make(&c, "home", 0);
	add_node(&r, "pub", &c, 0, CK_SIGN_CCM, 0);
	add_node(&r, "sub", &c, 1, CK_SIGN_CCM, 0);
	go(&r, false, "homepub");
	ck_assert_int_eq(r.st, IK_OK);
	ck_assert_uint_eq(r.d.findings.n, 0);
	ck_assert(r.d.rec_consistent && r.d.tvs_consistent &&
	    r.d.capf_consistent);
	ck_assert_str_eq(r.d.rec_host, "homepub.lab");
	ck_assert_int_eq(r.d.names_publisher, 1);
	ik_diff_free(&r.d);
	/* A renamed publisher: the recovery CN keeps the old name (info). */
	go(&r, false, "newpub.lab");
	ck_assert_int_eq(r.st, IK_OK);
	ck_assert(has(&r, IKF_ITL_RECOVERY_OTHER_HOST));
	ck_assert_int_eq(r.d.names_publisher, 0);
	done(&r);
	ck_cluster_free(&c);
}
END_TEST

START_TEST(inconsistent_nodes)
{
	struct run r = { .n = 0 };
	ck_cluster c, f;

	ck_cluster_make(&c, "home", 0);
	ck_cluster_make(&f, "away", 1);
	add_node(&r, "pub", &c, 0, CK_SIGN_CCM, 0);
	add_node(&r, "sub", &c, 1, CK_SIGN_CCM, CK_LAYOUT_NO_PEER_TVS);
	go(&r, false, NULL);
	ck_assert_int_eq(r.st, IK_FAILED);
	ck_assert(has(&r, IKF_TVS_MISSING));
	ck_assert(!r.d.tvs_consistent);
	ck_assert_uint_eq(r.d.nmissing, 1);
	ck_assert_uint_eq(r.d.missing[0].node, 1);
	ck_assert_str_eq(r.d.missing[0].tvs_of, "homepub.lab");
	done(&r);

	add_node(&r, "pub", &c, 0, CK_SIGN_CCM, 0);
	add_node(&r, "sub", &c, 1, CK_SIGN_CCM, CK_LAYOUT_NO_REC |
	    CK_LAYOUT_NO_CAPF);
	go(&r, false, NULL);
	ck_assert(has(&r, IKF_ITL_RECOVERY_MISSING));
	ck_assert(has(&r, IKF_CAPF_MISSING));
	ck_assert(!r.d.rec_consistent && !r.d.capf_consistent);
	done(&r);

	add_node(&r, "pub", &c, 0, CK_SIGN_CCM, 0);
	add_node(&r, "away", &f, 0, CK_SIGN_CCM, 0);
	go(&r, false, NULL);
	ck_assert(has(&r, IKF_ITL_RECOVERY_DIFFERS));
	ck_assert(has(&r, IKF_CAPF_DIFFERS));
	done(&r);

	/* One file served by two nodes. */
	add_node(&r, "pub", &c, 0, CK_SIGN_CCM, 0);
	add_node(&r, "sub", &c, 0, CK_SIGN_CCM, 0);
	go(&r, false, NULL);
	ck_assert_int_eq(r.st, IK_WARN);
	ck_assert(has(&r, IKF_NODE_SAME_CALLMANAGER));
	done(&r);
	ck_cluster_free(&c);
	ck_cluster_free(&f);
}
END_TEST

START_TEST(tampered_node)
{
	struct run r = { .n = 0 };
	ck_cluster c;
	uint8_t *b;
	size_t len;

	ck_cluster_make(&c, "home", 0);
	add_node(&r, "pub", &c, 0, CK_SIGN_CCM, 0);
	b = ck_node_itl(&c, 1, CK_SIGN_CCM, 0, &len);
	b[len - 40] ^= 1;
	add(&r, "sub", ck_parse(b, len));
	free(b);
	go(&r, false, NULL);
	ck_assert_int_eq(r.st, IK_FAILED);
	ck_assert(has(&r, IKF_NODE_SIGNATURE_INVALID));
	done(&r);
	ck_cluster_free(&c);
}
END_TEST

static size_t
count_changes(const ik_diff *d, const char *what, int fn)
{
	size_t i, n = 0;

	for (i = 0; i < d->nchanges; i++)
		if (strcmp(d->changes[i].change, what) == 0 &&
		    d->changes[i].function == fn)
			n++;
	return n;
}

START_TEST(versions_over_regeneration)
{
	struct run r = { .n = 0 };
	ck_cluster c;
	ik_itl *v1, *v2ccm, *v2both;
	size_t len;
	uint8_t *b;

	ck_cluster_make(&c, "home", 0);
	b = ck_node_itl(&c, 0, CK_SIGN_CCM, 0, &len);
	v1 = ck_parse(b, len);
	free(b);
	ck_regen_ccm(&c, 0, CK_NB_BASE + 86400 * 30);
	b = ck_node_itl(&c, 0, CK_SIGN_CCM, 0, &len);
	v2ccm = ck_parse(b, len);
	free(b);
	ck_regen_tvs(&c, 0, CK_NB_BASE + 86400 * 60);
	b = ck_node_itl(&c, 0, CK_SIGN_CCM, 0, &len);
	v2both = ck_parse(b, len);
	free(b);

	/* CallManager only: TVS carries the phones over. */
	add(&r, "pub", v1);
	add(&r, "pub", v2ccm);
	go(&r, true, NULL);
	ck_assert_int_eq(r.st, IK_OK);
	ck_assert_uint_eq(r.d.nchanges, 2);
	ck_assert_uint_eq(count_changes(&r.d, "changed", IK_FN_SAST), 1);
	ck_assert_uint_eq(count_changes(&r.d, "changed", IK_FN_TFTP), 1);
	ck_assert(r.d.has_trust);
	ck_assert_int_eq(r.d.trust.path, IK_PATH_TVS);
	ck_assert(has(&r, IKF_NEW_ITL_ACCEPTED));
	ck_assert(!has(&r, IKF_HOLD_TIMER_RISK));
	ik_diff_free(&r.d);

	/*
	 * Both: the hold timer; only the subscriber's TVS is left, so the
	 * verdict depends on the phone's CallManager group.
	 */
	r.in[1].itl = v2both;
	go(&r, true, NULL);
	ck_assert_int_eq(r.st, IK_FAILED);
	ck_assert_uint_eq(r.d.nchanges, 3);
	ck_assert_uint_eq(count_changes(&r.d, "changed", IK_FN_TVS), 1);
	ck_assert(has(&r, IKF_PHONES_DEPEND_NEW_ITL));
	ck_assert(!has(&r, IKF_PHONES_REJECT_NEW_ITL));
	ck_assert(has(&r, IKF_HOLD_TIMER_RISK));
	ck_assert_int_eq(r.d.trust.verdict, IK_DEPENDS);
	ck_assert_str_eq(r.d.trust.condition,
	    "phones whose CallManager group includes homesub.lab");
	ck_assert_int_eq(r.d.trust.remedy, IK_REMEDY_RESIGN);
	ik_diff_free(&r.d);

	/* Without the subscriber's TVS: the lockout. */
	b = ck_node_itl(&c, 0, CK_SIGN_CCM, CK_LAYOUT_NO_PEER_TVS, &len);
	r.itl[1] = ck_parse(b, len);
	r.in[1].itl = r.itl[1];
	free(b);
	go(&r, true, NULL);
	ck_assert(has(&r, IKF_PHONES_REJECT_NEW_ITL));
	ck_assert_int_eq(r.d.trust.verdict, IK_REJECT);
	ck_assert_int_eq(r.d.trust.remedy, IK_REMEDY_RESIGN);
	ik_diff_free(&r.d);
	ik_itl_free(r.itl[1]);

	/* A pre-10.0 new version: the recovery record was removed. */
	b = ck_node_itl(&c, 0, CK_SIGN_CCM, CK_LAYOUT_NO_REC, &len);
	r.itl[1] = ck_parse(b, len);
	r.in[1].itl = r.itl[1];
	free(b);
	go(&r, true, NULL);
	ck_assert_uint_eq(count_changes(&r.d, "removed", IK_FN_SAST), 1);
	ck_assert(has(&r, IKF_ITL_RECOVERY_MISSING));
	ik_diff_free(&r.d);
	r.n = 0;
	ik_itl_free(v1);
	ik_itl_free(v2ccm);
	ik_itl_free(v2both);
	ik_itl_free(r.itl[1]);
	ck_cluster_free(&c);
}
END_TEST

/* notBefore of a node's CallManager and TVS certificates, 2 minutes apart. */
START_TEST(hold_timer_not_before)
{
	struct run r = { .n = 0 };
	ck_cluster c;

	ck_cluster_make(&c, "home", 0);
	ck_regen_ccm(&c, 0, CK_NB_BASE + 86400 * 400);
	ck_regen_tvs(&c, 0, CK_NB_BASE + 86400 * 400 + 120);
	add_node(&r, "pub", &c, 0, CK_SIGN_CCM, CK_LAYOUT_CERTS);
	add_node(&r, "sub", &c, 1, CK_SIGN_CCM, CK_LAYOUT_CERTS);
	go(&r, false, NULL);
	ck_assert_int_eq(r.st, IK_WARN);
	ck_assert(has(&r, IKF_HOLD_TIMER_RISK));
	ck_assert_str_eq(r.d.findings.v[0].where, "node pub");
	ck_assert_msg(r.d.findings.n == 1, "%s: %s", r.d.findings.v[1].code, r.d.findings.v[1].message);	/* reported once */
	done(&r);
	/* Six minutes apart: no risk. */
	ck_regen_tvs(&c, 0, CK_NB_BASE + 86400 * 400 + 360);
	add_node(&r, "pub", &c, 0, CK_SIGN_CCM, CK_LAYOUT_CERTS);
	add_node(&r, "sub", &c, 1, CK_SIGN_CCM, CK_LAYOUT_CERTS);
	go(&r, false, NULL);
	ck_assert(!has(&r, IKF_HOLD_TIMER_RISK));
	done(&r);
	ck_cluster_free(&c);
}
END_TEST

START_TEST(real_reset_versions)
{
	struct run r = { .n = 0 };
	json_t *j;

	add(&r, "pub", ck_load("dumps/cucm10-show-itl-before-reset.txt"));
	add(&r, "pub", ck_load("dumps/cucm10-show-itl-after-reset.txt"));
	go(&r, true, "test10pub");
	ck_assert_int_eq(r.st, IK_OK);
	ck_assert_uint_eq(r.d.nchanges, 0);
	ck_assert_int_eq(r.d.trust.path, IK_PATH_ITL_RECOVERY);
	ck_assert_int_eq(r.d.names_publisher, 1);
	j = ik_diff_json(&r.d);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(j,
	    "trust"), "path")), "itl-recovery");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(
	    json_object_get(j, "nodes"), 1), "md5")),
	    "c847df047cf5822c1ed6cf376796653d");
	json_decref(j);
	done(&r);
}
END_TEST

/*
 * The real after-reset dump cut after each line, against the whole
 * before-reset dump (the same six certificates): as a node, nothing is
 * said missing or different, the consistency is true or unknown; as a
 * version, every change is unknown and the trust verdict is the whole
 * paste's or unknown.  Before the rule a cut paste was a node with "no
 * ITLRECOVERY record", no CAPF and missing TVS certificates.
 */
START_TEST(cut_paste_results_are_unknown)
{
	static const ik_code wrong[] = { IKF_ITL_RECOVERY_MISSING,
		IKF_ITL_RECOVERY_DIFFERS, IKF_CAPF_MISSING, IKF_CAPF_DIFFERS,
		IKF_TVS_MISSING, IKF_NODE_NO_CALLMANAGER,
		IKF_PHONES_REJECT_NEW_ITL };
	struct run r = { .n = 0 };
	uint8_t *buf;
	size_t len, i, k, cuts = 0;
	ik_itl *cut;
	json_t *j;
	int w, v;

	buf = tk_read("dumps/cucm10-show-itl-after-reset.txt", &len);
	for (i = 16; i <= len; i++) {
		if (buf[i - 1] != '\n')
			continue;
		for (v = 0; v < 3; v++) {
			cut = ck_load_buf(buf, i);
			ck_assert_ptr_nonnull(cut);
			if (v == 2) {
				add(&r, "pub", cut);
				add(&r, "pub", ck_load(
				    "dumps/cucm10-show-itl-before-reset.txt"));
			} else {
				add(&r, "pub", ck_load(
				    "dumps/cucm10-show-itl-before-reset.txt"));
				add(&r, "sub", cut);
			}
			go(&r, v > 0, NULL);
			for (w = 0; w < (int)(sizeof(wrong) / sizeof(wrong[0]));
			    w++)
				ck_assert_msg(!has(&r, wrong[w]), "%s",
				    ik_code_name(wrong[w]));
			ck_assert(r.d.rec_consistent && r.d.tvs_consistent &&
			    r.d.capf_consistent);
			ck_assert(has(&r, IKF_NODE_INCOMPLETE) == cut->incomplete);
			for (k = 0; k < r.d.nchanges; k++)
				ck_assert_str_eq(r.d.changes[k].change, "unknown");
			if (v > 0)
				ck_assert(r.d.trust.verdict == (cut->incomplete ?
				    IK_UNKNOWN : IK_ACCEPT));
			if (cut->incomplete) {
				cuts++;
				ck_assert_int_eq(r.st, IK_FAILED);
				j = ik_diff_json(&r.d);
				ck_assert(json_is_null(json_object_get(
				    json_object_get(j, "itl_recovery"),
				    "consistent")) == r.d.rec_unknown);
				json_decref(j);
			} else {
				ck_assert(!r.d.rec_unknown && !r.d.tvs_unknown &&
				    !r.d.capf_unknown);
			}
			done(&r);
		}
	}
	ck_assert_uint_gt(cuts, 3 * 100);
	free(buf);
}
END_TEST

Suite *suite_diff(void);

Suite *
suite_diff(void)
{
	Suite *s = suite_create("diff");
	TCase *tc = tcase_create("diff");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, consistent_cluster);
	tcase_add_test(tc, inconsistent_nodes);
	tcase_add_test(tc, tampered_node);
	tcase_add_test(tc, versions_over_regeneration);
	tcase_add_test(tc, hold_timer_not_before);
	tcase_add_test(tc, real_reset_versions);
	tcase_add_test(tc, cut_paste_results_are_unknown);
	suite_add_tcase(s, tc);
	return s;
}
