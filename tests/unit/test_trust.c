/*
 * test_trust.c: the phone's acceptance rules on generated clusters of
 * known truth (one cluster over time, a foreign cluster) and on the real
 * before/after `utils itl reset` dumps.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "ik_analysis.h"
#include "clusterkit.h"
#include "testkit.h"

struct world {
	ck_cluster home, away;
	ik_itl *pub, *sub, *reset, *pre10, *v2ccm, *v2both, *v2reset, *foreign;
};

static ik_itl *
node(const ck_cluster *c, int n, int signer, int layout)
{
	size_t len;
	uint8_t *b = ck_node_itl(c, n, signer, layout, &len);
	ik_itl *itl = ck_parse(b, len);

	free(b);
	ck_assert_int_eq(itl->signature, IK_SIG_VALID);
	return itl;
}

static void
world_make(struct world *w)
{
	ck_cluster_make(&w->home, "home", 0);
	ck_cluster_make(&w->away, "away", 1);
	w->pub = node(&w->home, 0, CK_SIGN_CCM, 0);
	w->sub = node(&w->home, 1, CK_SIGN_CCM, 0);
	w->reset = node(&w->home, 0, CK_SIGN_REC, 0);
	w->pre10 = node(&w->home, 0, CK_SIGN_CCM, CK_LAYOUT_NO_REC);
	w->foreign = node(&w->away, 0, CK_SIGN_CCM, 0);
	ck_regen_ccm(&w->home, 0, CK_NB_BASE + 86400 * 400);
	w->v2ccm = node(&w->home, 0, CK_SIGN_CCM, 0);
	ck_regen_tvs(&w->home, 0, CK_NB_BASE + 86400 * 400 + 120);
	w->v2both = node(&w->home, 0, CK_SIGN_CCM, 0);
	w->v2reset = node(&w->home, 0, CK_SIGN_REC, 0);
}

static void
world_free(struct world *w)
{
	ik_itl_free(w->pub);
	ik_itl_free(w->sub);
	ik_itl_free(w->reset);
	ik_itl_free(w->pre10);
	ik_itl_free(w->v2ccm);
	ik_itl_free(w->v2both);
	ik_itl_free(w->v2reset);
	ik_itl_free(w->foreign);
	ck_cluster_free(&w->home);
	ck_cluster_free(&w->away);
}

static void
expect(const ik_itl *in, const ik_itl *cand, ik_verdict v, ik_trust_path p,
    ik_remedy rm)
{
	ik_trust_result r;

	ik_trust_eval(in, cand, &r);
	ck_assert_msg(r.verdict == v && r.path == p && r.remedy == rm,
	    "got %s/%s/%d: %s", ik_verdict_name(r.verdict),
	    ik_trust_path_name(r.path), (int)r.remedy, r.reason);
	ck_assert_uint_ge(r.ndeciding, 1);
	ck_assert(!r.deciding[0].installed);	/* the candidate's signer */
}

START_TEST(every_verdict)
{
	struct world w;
	ik_trust_result r;

	world_make(&w);
	expect(NULL, w.pub, IK_ACCEPT, IK_PATH_LEAP_OF_FAITH, IK_REMEDY_NONE);
	expect(w.pub, w.pub, IK_ACCEPT, IK_PATH_SIGNER, IK_REMEDY_NONE);
	expect(w.pub, w.reset, IK_ACCEPT, IK_PATH_ITL_RECOVERY, IK_REMEDY_NONE);
	/* The signer changed, the TVS did not. */
	expect(w.pub, w.v2ccm, IK_ACCEPT, IK_PATH_TVS, IK_REMEDY_NONE);
	/* Another node of the same cluster: its signer is unknown, TVS helps. */
	expect(w.pub, w.sub, IK_ACCEPT, IK_PATH_TVS, IK_REMEDY_NONE);
	/* The lockout and its remedy. */
	expect(w.pub, w.v2both, IK_REJECT, IK_PATH_NONE, IK_REMEDY_RESIGN);
	expect(w.pub, w.v2reset, IK_ACCEPT, IK_PATH_ITL_RECOVERY, IK_REMEDY_NONE);
	/* No recovery record installed: only manual deletion helps. */
	expect(w.pre10, w.v2both, IK_REJECT, IK_PATH_NONE, IK_REMEDY_DELETE);
	expect(w.pre10, w.v2reset, IK_REJECT, IK_PATH_NONE, IK_REMEDY_DELETE);
	/* A foreign cluster's list. */
	expect(w.foreign, w.pub, IK_REJECT, IK_PATH_NONE, IK_REMEDY_DELETE);
	expect(w.foreign, w.reset, IK_REJECT, IK_PATH_NONE, IK_REMEDY_DELETE);
	ik_trust_eval(w.foreign, w.pub, &r);
	ck_assert_ptr_nonnull(strstr(r.reason, "another cluster"));
	ik_trust_eval(w.pub, w.v2both, &r);
	ck_assert_ptr_nonnull(strstr(r.reason, "lockout"));
	ck_assert_str_eq(ik_remedy_name(&r), "resign-itl-recovery");
	/* Deciding records: candidate signer, installed recovery record. */
	ck_assert_uint_eq(r.ndeciding, 2);
	ck_assert(r.deciding[1].installed);
	ck_assert_uint_eq(r.deciding[1].record, 5);
	world_free(&w);
}
END_TEST

START_TEST(candidate_signature_must_verify)
{
	ck_cluster c;
	uint8_t *b;
	size_t len;
	ik_itl *pub, *bad;
	ik_trust_result r;

	ck_cluster_make(&c, "home", 0);
	b = ck_node_itl(&c, 0, CK_SIGN_CCM, 0, &len);
	pub = ck_parse(b, len);
	b[len - 30] ^= 0x40;		/* inside the last record */
	bad = ck_parse(b, len);
	ck_assert_int_eq(bad->signature, IK_SIG_INVALID);
	ik_trust_eval(pub, bad, &r);
	ck_assert_int_eq(r.verdict, IK_REJECT);
	ck_assert_int_eq(r.remedy, IK_REMEDY_OTHER);
	ik_trust_eval(NULL, bad, &r);
	ck_assert_int_eq(r.verdict, IK_REJECT);
	ik_itl_free(pub);
	ik_itl_free(bad);
	free(b);
	ck_cluster_free(&c);
}
END_TEST

/* The real `utils itl reset`: phones with the old list take the new one. */
START_TEST(real_reset_dumps)
{
	ik_itl *before = ck_load("dumps/cucm10-show-itl-before-reset.txt");
	ik_itl *after = ck_load("dumps/cucm10-show-itl-after-reset.txt");
	ik_trust_result r;

	ik_trust_eval(before, after, &r);
	ck_assert_int_eq(r.verdict, IK_ACCEPT);
	ck_assert_int_eq(r.path, IK_PATH_ITL_RECOVERY);
	ck_assert_uint_eq(r.deciding[0].record, 5);
	ck_assert_uint_eq(r.deciding[1].record, 5);
	ck_assert_ptr_nonnull(strstr(r.reason, "not checked"));
	ik_trust_eval(after, before, &r);
	ck_assert_int_eq(r.verdict, IK_ACCEPT);
	ck_assert_int_eq(r.path, IK_PATH_SIGNER);
	ik_itl_free(before);
	ik_itl_free(after);
}
END_TEST

/* The verdict of the whole paste, or unknown with no path and no remedy. */
static void
same_or_unknown(const ik_itl *in, const ik_itl *cand,
    const ik_trust_result *full, size_t *unknown)
{
	ik_trust_result r;

	ik_trust_eval(in, cand, &r);
	if (r.verdict == IK_UNKNOWN) {
		ck_assert(cand->incomplete || (in != NULL && in->incomplete));
		ck_assert_int_eq(r.path, IK_PATH_NONE);
		ck_assert_int_eq(r.remedy, IK_REMEDY_NONE);
		ck_assert_ptr_nonnull(strstr(r.reason, "incomplete paste ("));
		(*unknown)++;
		return;
	}
	ck_assert(!cand->incomplete && (in == NULL || !in->incomplete));
	ck_assert_int_eq(r.verdict, full->verdict);
	ck_assert_int_eq(r.path, full->path);
}

/*
 * Every prefix of both real dumps (cut at each byte, so at each line too),
 * as installed list and as candidate: the verdict of the whole paste or
 * unknown, never another one.  Before the rule, a paste cut after 60
 * lines lacked the ITLRECOVERY record and gave reject, delete-itl.
 */
START_TEST(cut_pastes_give_the_verdict_or_unknown)
{
	static const char *const path[2] = {
		"dumps/cucm10-show-itl-before-reset.txt",
		"dumps/cucm10-show-itl-after-reset.txt" };
	ik_itl *full[2], *cut;
	ik_trust_result none[2], fwd[2];
	uint8_t *buf;
	size_t len, i, unknown = 0, known = 0;
	int k;

	for (k = 0; k < 2; k++)
		full[k] = ck_load(path[k]);
	for (k = 0; k < 2; k++) {
		ik_trust_eval(NULL, full[k], &none[k]);
		ck_assert_int_eq(none[k].verdict, IK_ACCEPT);
		/* fwd[k]: full[k] installed, the other one the candidate. */
		ik_trust_eval(full[k], full[1 - k], &fwd[k]);
		ck_assert_int_eq(fwd[k].verdict, IK_ACCEPT);
	}
	for (k = 0; k < 2; k++) {
		buf = tk_read(path[k], &len);
		for (i = 0; i <= len; i++) {
			cut = ck_load_buf(buf, i);
			if (cut == NULL || cut->malformed) {
				/* Nothing that looks like a dump yet. */
				ck_assert_uint_lt(i, 16);
				ik_itl_free(cut);
				continue;
			}
			same_or_unknown(NULL, cut, &none[k], &unknown);
			same_or_unknown(full[1 - k], cut, &fwd[1 - k], &unknown);
			same_or_unknown(cut, full[1 - k], &fwd[k], &unknown);
			if (!cut->incomplete)
				known++;
			ik_itl_free(cut);
		}
		free(buf);
	}
	/* Only cuts in the closing lines leave a complete list. */
	ck_assert_uint_gt(unknown, 3 * 7000);
	ck_assert_uint_gt(known, 0);
	ck_assert_uint_lt(known, 200);
	ik_itl_free(full[0]);
	ik_itl_free(full[1]);
}
END_TEST

static const char *const fixture_names[] = {
	"pub.tlv", "sub.tlv", "pub-reset.tlv", "pub-pre10.tlv",
	"sub-no-pub-tvs.tlv", "pub-v2-ccm.tlv", "pub-v2-both.tlv",
	"pub-v2-both-reset.tlv", "foreign-pub.tlv"
};
#define NFIX (sizeof(fixture_names) / sizeof(fixture_names[0]))

/* Records of b whose certificate is also one of a's. */
static size_t
fixture_shared(const ik_itl *a, const ik_itl *b)
{
	size_t i, j, n = 0;

	for (j = 0; j < b->nrec; j++)
		for (i = 0; i < a->nrec; i++)
			if (memcmp(a->recs[i].cert_sha1, b->recs[j].cert_sha1,
			    20) == 0) {
				n++;
				break;
			}
	return n;
}

/* What each fixture's name (and clusterkit.c) says it is. */
static void
fixture_claims(ik_itl *const f[NFIX])
{
	const ik_itl *pub = f[0], *sub = f[1], *reset = f[2], *pre10 = f[3];
	const ik_itl *nopeer = f[4], *v2ccm = f[5], *v2both = f[6];
	const ik_itl *v2reset = f[7], *foreign = f[8];
	size_t i, k;

	for (k = 0; k < NFIX; k++) {
		ck_assert_int_eq(f[k]->signature, IK_SIG_VALID);
		ck_assert_uint_gt(f[k]->signer_index, 0);
	}
	ck_assert(!pub->recs[pub->signer_index - 1].is_itl_recovery);
	ck_assert(reset->recs[reset->signer_index - 1].is_itl_recovery);
	ck_assert(v2reset->recs[v2reset->signer_index - 1].is_itl_recovery);
	for (i = 0; i < pre10->nrec; i++)
		ck_assert(!pre10->recs[i].is_itl_recovery);
	ck_assert_uint_eq(pre10->nrec + 1, pub->nrec);
	ck_assert_uint_eq(nopeer->nrec + 1, sub->nrec);
	/* Same certificates re-signed; regenerations replace some. */
	ck_assert_uint_eq(fixture_shared(pub, reset), reset->nrec);
	ck_assert_uint_gt(fixture_shared(pub, v2ccm), 0);
	ck_assert_uint_lt(fixture_shared(pub, v2ccm), v2ccm->nrec);
	ck_assert_uint_lt(fixture_shared(v2ccm, v2both), v2both->nrec);
	ck_assert_uint_eq(fixture_shared(v2both, v2reset), v2reset->nrec);
	ck_assert_uint_eq(fixture_shared(pub, foreign), 0);
}

/*
 * The CLI fixtures (tests/data/cluster) are what ck_write_fixtures makes.
 * It writes them afresh (into IK_GEN_FIXTURES=DIR to regenerate them,
 * else a temporary directory); keys are random, so the bytes differ, but
 * each file has its committed twin's records (function, subject, the
 * ITLRecovery mark) and signer, and both sets hold what the names claim.
 */
START_TEST(fixtures_are_the_generators)
{
	const char *env = getenv("IK_GEN_FIXTURES");
	char tmpl[] = "/tmp/ik-fixtures.XXXXXX", path[512];
	const char *dir;
	ik_itl *gen[NFIX], *com[NFIX];
	size_t k, i;

	if (env != NULL && *env != '\0')
		dir = env;
	else {
		ck_assert_ptr_nonnull(mkdtemp(tmpl));
		dir = tmpl;
	}
	ck_write_fixtures(dir);
	for (k = 0; k < NFIX; k++) {
		ck_assert_int_lt(snprintf(path, sizeof(path), "%s/%s", dir,
		    fixture_names[k]), (int)sizeof(path));
		gen[k] = ck_load(path);
		ik_itl_verify(gen[k]);
		if (dir == tmpl)
			ck_assert_int_eq(unlink(path), 0);
		ck_assert_int_lt(snprintf(path, sizeof(path), "cluster/%s",
		    fixture_names[k]), (int)sizeof(path));
		com[k] = ck_load(path);
		ik_itl_verify(com[k]);
		ck_assert_uint_eq(gen[k]->nrec, com[k]->nrec);
		ck_assert_uint_eq(gen[k]->signer_index, com[k]->signer_index);
		for (i = 0; i < com[k]->nrec; i++) {
			ck_assert_int_eq(gen[k]->recs[i].function,
			    com[k]->recs[i].function);
			ck_assert_str_eq(gen[k]->recs[i].subject,
			    com[k]->recs[i].subject);
			ck_assert(gen[k]->recs[i].is_itl_recovery ==
			    com[k]->recs[i].is_itl_recovery);
		}
	}
	if (dir == tmpl)
		ck_assert_int_eq(rmdir(tmpl), 0);
	fixture_claims(gen);
	fixture_claims(com);
	for (k = 0; k < NFIX; k++) {
		ik_itl_free(gen[k]);
		ik_itl_free(com[k]);
	}
}
END_TEST

Suite *suite_trust(void);

Suite *
suite_trust(void)
{
	Suite *s = suite_create("trust");
	TCase *tc = tcase_create("trust");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, every_verdict);
	tcase_add_test(tc, candidate_signature_must_verify);
	tcase_add_test(tc, real_reset_dumps);
	tcase_add_test(tc, cut_pastes_give_the_verdict_or_unknown);
	tcase_add_test(tc, fixtures_are_the_generators);
	suite_add_tcase(s, tc);
	return s;
}
