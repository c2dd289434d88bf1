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

#include "ik_phones.h"
#include "ik_phones_render.h"
#include "ik_itl_render.h"
#include "ik_sign.h"
#include "clusterkit.h"
#include "testkit.h"

struct world {
	ck_cluster home, away;
	ik_itl *pub, *sub, *reset, *pre10, *v2ccm, *v2both, *v2reset, *foreign;
	ik_itl *v2lock, *v2alone;
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
	w->v2alone = node(&w->home, 0, CK_SIGN_CCM, CK_LAYOUT_NO_OWN_TVS);
	ck_regen_tvs(&w->home, 0, CK_NB_BASE + 86400 * 400 + 120);
	w->v2both = node(&w->home, 0, CK_SIGN_CCM, 0);
	w->v2reset = node(&w->home, 0, CK_SIGN_REC, 0);
	w->v2lock = node(&w->home, 0, CK_SIGN_CCM, CK_LAYOUT_NO_PEER_TVS);
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
	ik_itl_free(w->v2lock);
	ik_itl_free(w->v2alone);
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
	/*
	 * The publisher's CallManager and TVS both changed; the subscriber's
	 * TVS did not: only phones that reach the subscriber accept.
	 */
	expect(w.pub, w.v2both, IK_DEPENDS, IK_PATH_TVS, IK_REMEDY_RESIGN);
	expect(w.pub, w.v2reset, IK_ACCEPT, IK_PATH_ITL_RECOVERY, IK_REMEDY_NONE);
	/* The lockout (no TVS of the installed list left) and its remedy. */
	expect(w.pub, w.v2lock, IK_REJECT, IK_PATH_NONE, IK_REMEDY_RESIGN);
	/* No recovery record installed: for the others only manual deletion helps. */
	expect(w.pre10, w.v2both, IK_DEPENDS, IK_PATH_TVS, IK_REMEDY_DELETE);
	expect(w.pre10, w.v2reset, IK_DEPENDS, IK_PATH_TVS, IK_REMEDY_DELETE);
	expect(w.pre10, w.v2lock, IK_REJECT, IK_PATH_NONE, IK_REMEDY_DELETE);
	/* A foreign cluster's list. */
	expect(w.foreign, w.pub, IK_REJECT, IK_PATH_NONE, IK_REMEDY_DELETE);
	expect(w.foreign, w.reset, IK_REJECT, IK_PATH_NONE, IK_REMEDY_DELETE);
	ik_trust_eval(w.foreign, w.pub, &r);
	ck_assert_ptr_nonnull(strstr(r.reason, "another cluster"));
	ik_trust_eval(w.pub, w.v2lock, &r);
	ck_assert_ptr_nonnull(strstr(r.reason, "lockout"));
	ck_assert_str_eq(r.condition, "");
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

/*
 * Known truth: the publisher's CallManager and TVS certificates both
 * changed, the subscriber's TVS did not.  Phones whose CallManager group
 * includes the subscriber have it vouch for the new signer; the others
 * refuse.
 */
START_TEST(depends_on_the_phone)
{
	struct world w;
	ik_trust_result r;
	json_t *j;
	ik_sb sb;

	world_make(&w);
	ik_trust_eval(w.pub, w.v2both, &r);
	ck_assert_int_eq(r.verdict, IK_DEPENDS);
	ck_assert_str_eq(ik_verdict_name(r.verdict), "depends");
	ck_assert_int_eq(r.path, IK_PATH_TVS);
	ck_assert_str_eq(r.condition,
	    "phones whose CallManager group includes homesub.lab");
	/* Signer, the subscriber's TVS on both sides, the recovery record. */
	ck_assert_uint_eq(r.ndeciding, 4);
	ck_assert(r.deciding[1].installed);
	ck_assert_uint_eq(r.deciding[1].record, 6);
	ck_assert_int_eq(r.deciding[1].function, IK_FN_TVS);
	ck_assert(!r.deciding[2].installed);
	ck_assert_uint_eq(r.deciding[2].record, 6);
	ck_assert_uint_eq(r.deciding[3].record, 5);
	ck_assert_ptr_nonnull(strstr(r.reason, "TVS certificate of its node changed"));
	ck_assert_ptr_nonnull(strstr(r.remedy_text, "for the other phones, re-sign"));
	ck_assert(!r.has_finding);
	j = ik_trust_json(&r);
	ck_assert_str_eq(json_string_value(json_object_get(j, "verdict")),
	    "depends");
	ck_assert_str_eq(json_string_value(json_object_get(j, "path")), "tvs");
	ck_assert_str_eq(json_string_value(json_object_get(j, "condition")),
	    r.condition);
	json_decref(j);
	ik_sb_init(&sb);
	ik_trust_text(&sb, &r, "  ");
	ck_assert_ptr_nonnull(strstr(sb.s,
	    "  verdict: depends\n  path: tvs\n  condition: phones whose CallManager group includes homesub.lab\n"));
	ik_sb_free(&sb);

	/* The subscriber's own list: the same single path. */
	ik_trust_eval(w.sub, w.v2both, &r);
	ck_assert_int_eq(r.verdict, IK_DEPENDS);
	ck_assert_str_eq(r.condition,
	    "phones whose CallManager group includes homesub.lab");

	/* A candidate that lists no TVS of its signer's node. */
	ik_trust_eval(w.pub, w.v2alone, &r);
	ck_assert_int_eq(r.verdict, IK_DEPENDS);
	ck_assert_ptr_nonnull(strstr(r.reason, "lists no TVS of its node"));

	/* Accept keeps no condition; the JSON says null. */
	ik_trust_eval(w.pub, w.v2ccm, &r);
	ck_assert_int_eq(r.verdict, IK_ACCEPT);
	ck_assert_str_eq(r.condition, "");
	j = ik_trust_json(&r);
	ck_assert(json_is_null(json_object_get(j, "condition")));
	json_decref(j);
	world_free(&w);
}
END_TEST

/* A verdict another part of the engine gives up on renders without remedy. */
START_TEST(unknown_renders)
{
	ik_trust_result r;
	json_t *j;
	ik_sb sb;

	memset(&r, 0, sizeof(r));
	r.verdict = IK_UNKNOWN;
	snprintf(r.reason, sizeof(r.reason), "the installed dump is cut");
	j = ik_trust_json(&r);
	ck_assert_str_eq(json_string_value(json_object_get(j, "verdict")),
	    "unknown");
	ck_assert(json_is_null(json_object_get(j, "remedy")));
	ck_assert(json_is_null(json_object_get(j, "path")));
	ck_assert(json_is_null(json_object_get(j, "condition")));
	json_decref(j);
	ik_sb_init(&sb);
	ik_trust_text(&sb, &r, "");
	ck_assert_str_eq(sb.s, "verdict: unknown\npath: -\nreason: the installed dump is cut\n");
	ik_sb_free(&sb);
}
END_TEST

static bool
has_code(const ik_itl *itl, const char *code, const char *where)
{
	size_t i;

	for (i = 0; i < itl->findings.n; i++)
		if (strcmp(itl->findings.v[i].code, code) == 0 &&
		    (where == NULL || (itl->findings.v[i].where != NULL &&
		    strcmp(itl->findings.v[i].where, where) == 0)))
			return true;
	return false;
}

static void
cert_sha1(X509 *x, uint8_t sha[20])
{
	unsigned char *der = NULL;
	int n = i2d_X509(x, &der);

	ck_assert_int_gt(n, 0);
	ik_digest_buf(IK_SHA1, der, (size_t)n, sha);
	OPENSSL_free(der);
}

/*
 * The publisher's list with the forger's certificate fx as a SAST record
 * (after the cluster's own records, or instead of the recovery record),
 * signed by the forger; then that record is made to claim the real
 * ITLRecovery certificate by hash while keeping the forger's PUBLICKEY.
 */
static ik_itl *
forged(const ck_cluster *c, EVP_PKEY *kx, X509 *fx, bool keep_rec,
    size_t *signer)
{
	ik_build_record r[7];
	ik_sign_opts o = { kx, fx, IK_ITL_DIGEST_SHA1, 1700000000u, 0 };
	uint8_t rec_sha[20], *b;
	size_t n = 0, len;
	ik_error err;
	ik_itl *itl;

	memset(r, 0, sizeof(r));
	r[n].function = IK_FN_SAST; r[n++].cert = c->node[0].ccm;
	r[n].function = IK_FN_TFTP; r[n++].cert = c->node[0].ccm;
	r[n].function = IK_FN_CAPF; r[n].hash_only = true; r[n++].cert = c->capf;
	r[n].function = IK_FN_TVS; r[n].hash_only = true;
	r[n++].cert = c->node[0].tvs;
	r[n].function = IK_FN_SAST; r[n++].cert = keep_rec ? c->rec : fx;
	r[n].function = IK_FN_TVS; r[n].hash_only = true;
	r[n++].cert = c->node[1].tvs;
	if (keep_rec) {
		r[n].function = IK_FN_SAST;
		r[n++].cert = fx;
	}
	*signer = keep_rec ? 7 : 5;
	ik_error_clear(&err);
	ck_assert_int_eq(ik_itl_build(&o, NULL, r, n, &b, &len, &err), IK_OK);
	cert_sha1(c->rec, rec_sha);
	itl = ck_hash_only(b, len, *signer, rec_sha, kx);
	free(b);
	return itl;
}

/*
 * The forged candidate of the issue: a signer record that claims the
 * installed ITLRECOVERY certificate by its hash but carries the forger's
 * public key, and a signature by the forger.  It used to be "signature
 * valid" and "accept, path itl-recovery".
 */
START_TEST(forged_hash_only_signer)
{
	ck_cluster c;
	EVP_PKEY *kx = tk_rsa_key(1024, 7);
	X509 *fx, *fx2;
	ik_itl *pub, *fake, *fake2;
	ik_trust_result r;
	ik_findings f;
	uint8_t rec_sha[20];
	size_t signer;

	ck_cluster_make(&c, "home", 0);
	/* Same name and serial as the real recovery certificate, another key. */
	fx = tk_cert(kx, "ITLRECOVERY_homepub.lab", 15, CK_NB_BASE,
	    CK_NB_BASE + 86400);
	ck_assert_int_eq(ASN1_INTEGER_cmp(X509_get0_serialNumber(fx),
	    X509_get0_serialNumber(c.rec)), 0);
	pub = node(&c, 0, CK_SIGN_CCM, 0);
	cert_sha1(c.rec, rec_sha);

	fake = forged(&c, kx, fx, false, &signer);
	ck_assert_int_eq(fake->signature, IK_SIG_UNVERIFIABLE);
	ck_assert_str_eq(ik_sigstate_name(fake->signature), "unverifiable");
	ck_assert_uint_eq(fake->signer_index, 5);
	ck_assert_mem_eq(fake->recs[4].cert_sha1, rec_sha, 20);
	ck_assert(!ik_itl_record_has_cert(fake, &fake->recs[4]));
	ck_assert(has_code(fake, "SIGNER_NO_CERTIFICATE", "record 5"));
	/* The certificate it names is not in this file: nothing to compare. */
	ck_assert(!has_code(fake, "SIGNER_KEY_MISMATCH", NULL));
	ck_assert_str_eq(ik_itl_status(fake), "findings");

	ik_trust_eval(pub, fake, &r);
	ck_assert_int_eq(r.verdict, IK_REJECT);
	ck_assert_int_eq(r.path, IK_PATH_NONE);
	ck_assert_int_eq(r.remedy, IK_REMEDY_OTHER);
	ck_assert(r.has_finding);
	ck_assert_str_eq(ik_code_name(r.finding_code), "SIGNER_KEY_MISMATCH");
	ck_assert_str_eq(r.finding_where, "candidate record 5");
	ck_assert_ptr_nonnull(strstr(r.finding, "installed record 5"));
	ck_assert_uint_eq(r.ndeciding, 2);
	ck_assert(r.deciding[1].installed);
	ck_assert_uint_eq(r.deciding[1].record, 5);
	ik_findings_init(&f);
	ik_trust_report_findings(fake, &r, &f);
	ck_assert_str_eq(f.v[f.n - 1].code, "SIGNER_KEY_MISMATCH");
	ck_assert_int_eq(f.v[f.n - 1].severity, IK_SEV_ERROR);
	ck_assert_uint_eq(f.n, fake->findings.n + 1);
	ik_findings_free(&f);
	/* No leap of faith either: no phone can check the signature. */
	ik_trust_eval(NULL, fake, &r);
	ck_assert_int_eq(r.verdict, IK_REJECT);
	ck_assert(!r.has_finding);
	ck_assert_ptr_nonnull(strstr(r.reason, "carries no certificate"));

	/*
	 * The real recovery certificate in the same file, the forger's own
	 * serial: the file itself shows the key is not that certificate's.
	 */
	fx2 = tk_cert(kx, "ITLRECOVERY_homepub.lab", 99, CK_NB_BASE,
	    CK_NB_BASE + 86400);
	fake2 = forged(&c, kx, fx2, true, &signer);
	ck_assert_int_eq(fake2->signature, IK_SIG_UNVERIFIABLE);
	ck_assert_uint_eq(fake2->signer_index, 7);
	ck_assert(has_code(fake2, "SIGNER_NO_CERTIFICATE", "record 7"));
	ck_assert(has_code(fake2, "SIGNER_KEY_MISMATCH", "record 7"));
	ik_trust_eval(NULL, fake2, &r);
	ck_assert_int_eq(r.verdict, IK_REJECT);
	ck_assert(r.has_finding);
	ck_assert_str_eq(ik_code_name(r.finding_code), "SIGNER_KEY_MISMATCH");
	ck_assert_ptr_nonnull(strstr(r.finding, "candidate record 5"));

	ik_itl_free(fake2);
	ik_itl_free(fake);
	ik_itl_free(pub);
	X509_free(fx);
	X509_free(fx2);
	EVP_PKEY_free(kx);
	ck_cluster_free(&c);
}
END_TEST

/* The publisher's list with its recovery record (5) by hash only. */
static ik_itl *
rec_by_hash(const ck_cluster *c, int signer)
{
	uint8_t *b;
	size_t len;
	ik_itl *itl;

	b = ck_node_itl(c, 0, signer, 0, &len);
	itl = ck_hash_only(b, len, 5, NULL, signer == CK_SIGN_REC ? c->k_rec :
	    c->node[0].k_ccm);
	free(b);
	return itl;
}

/*
 * An honest signer record without its certificate (the right key, only a
 * hash): still nothing a phone can verify, but no forgery.
 */
START_TEST(hash_only_signer_with_its_own_key)
{
	ck_cluster c;
	ik_itl *pub, *cand;
	ik_trust_result r;

	ck_cluster_make(&c, "home", 0);
	pub = node(&c, 0, CK_SIGN_CCM, 0);
	cand = rec_by_hash(&c, CK_SIGN_REC);
	ck_assert_int_eq(cand->signature, IK_SIG_UNVERIFIABLE);
	ck_assert(has_code(cand, "SIGNER_NO_CERTIFICATE", "record 5"));
	ck_assert(!has_code(cand, "SIGNER_KEY_MISMATCH", NULL));
	ik_trust_eval(pub, cand, &r);
	ck_assert_int_eq(r.verdict, IK_REJECT);
	ck_assert(!r.has_finding);
	ck_assert_ptr_nonnull(strstr(r.reason, "carries no certificate"));
	ik_itl_free(cand);
	ik_itl_free(pub);
	ck_cluster_free(&c);
}
END_TEST

/*
 * An installed recovery record without its certificate: the phone holds
 * nothing to verify a file it signs, so the ITLRecovery path is closed.
 */
START_TEST(installed_hash_only_record_signs_nothing)
{
	ck_cluster c;
	ik_itl *v1, *hv1, *reset;
	ik_trust_result r;

	ck_cluster_make(&c, "home", 0);
	v1 = node(&c, 0, CK_SIGN_CCM, 0);
	hv1 = rec_by_hash(&c, CK_SIGN_CCM);
	ck_assert_int_eq(hv1->signature, IK_SIG_VALID);
	ck_assert(!ik_itl_record_has_cert(hv1, &hv1->recs[4]));
	ck_assert(hv1->recs[4].is_itl_recovery);
	/* The lockout, re-signed with ITLRecovery. */
	ck_regen_ccm(&c, 0, CK_NB_BASE + 86400 * 400);
	ck_regen_tvs(&c, 0, CK_NB_BASE + 86400 * 400 + 120);
	reset = node(&c, 0, CK_SIGN_REC, 0);
	expect(v1, reset, IK_ACCEPT, IK_PATH_ITL_RECOVERY, IK_REMEDY_NONE);
	/* Only the subscriber's TVS is left, for the phones that reach it. */
	ik_trust_eval(hv1, reset, &r);
	ck_assert_int_eq(r.verdict, IK_DEPENDS);
	ck_assert_int_eq(r.path, IK_PATH_TVS);
	ck_assert_ptr_nonnull(strstr(r.reason,
	    "installed record 5 names the signer's certificate by its hash only"));
	/* A re-sign cannot reach those phones either. */
	ck_assert_int_eq(r.remedy, IK_REMEDY_DELETE);
	ck_assert_ptr_nonnull(strstr(r.remedy_text, "carries no certificate"));
	ik_itl_free(reset);
	ik_itl_free(hv1);
	ik_itl_free(v1);
	ck_cluster_free(&c);
}
END_TEST

/* src with the first "old" at or after "after" replaced by "new" (caller frees). */
static char *
edited(const char *src, const char *after, const char *old, const char *new)
{
	const char *at = strstr(src, after), *p;
	char *out;
	size_t n;

	ck_assert_ptr_nonnull(at);
	p = strstr(at, old);
	ck_assert_ptr_nonnull(p);
	n = strlen(src) - strlen(old) + strlen(new);
	out = malloc(n + 1);
	ck_assert_ptr_nonnull(out);
	memcpy(out, src, (size_t)(p - src));
	strcpy(out + (p - src), new);
	strcat(out, p + strlen(old));
	return out;
}

static ik_itl *
dump_of(const char *text)
{
	ik_itl *itl = NULL;
	ik_error err;

	ik_error_clear(&err);
	ck_assert_int_eq(ik_trustlist_load((const uint8_t *)text, strlen(text),
	    &itl, &err), IK_OK);
	ik_itl_verify(itl);
	return itl;
}

/*
 * A real after-reset dump whose signer record (5) is printed with a
 * CERTHASH instead of its CERTIFICATE (lengths kept consistent): no phone
 * can check it.  The same record merely cut before its CERTIFICATE line
 * proves nothing and is not called hash-only.
 */
START_TEST(dump_signer_by_hash)
{
	ik_itl *before = ck_load("dumps/cucm10-show-itl-before-reset.txt");
	uint8_t *raw;
	size_t len;
	char *text, *a, *b, *c;
	ik_itl *hashed, *cut;
	ik_trust_result r;

	raw = tk_read("dumps/cucm10-show-itl-after-reset.txt", &len);
	text = malloc(len + 1);
	memcpy(text, raw, len);
	text[len] = '\0';
	a = edited(text, "Length of ITL file", "5322", "4654");
	b = edited(a, "ITL Record #:5", "1 RECORDLENGTH 2 1141",
	    "1 RECORDLENGTH 2 473");
	c = edited(b, "ITL Record #:5",
	    "9 CERTIFICATE 692 CD C7 4A 39 87 87 52 FA B0 89 0C 28 AB CB 36 32 EB 87 16 DC\n(SHA1 Hash HEX)\n",
	    "11 CERTHASH 20 CD C7 4A 39 87 87 52 FA B0 89 0C 28 AB CB 36 32 EB 87 16 DC\n12 HASH ALGORITHM 1 SHA-1\n");
	hashed = dump_of(c);
	ck_assert_uint_eq(hashed->signer_index, 5);
	ck_assert_int_eq(hashed->signature, IK_SIG_UNVERIFIABLE);
	ck_assert(has_code(hashed, "SIGNER_NO_CERTIFICATE", "record 5"));
	ik_trust_eval(before, hashed, &r);
	ck_assert_int_eq(r.verdict, IK_REJECT);
	ck_assert_ptr_nonnull(strstr(r.reason, "carries no certificate"));
	/* The installed dump holds no key: a forgery cannot be told here. */
	ck_assert(!r.has_finding);
	free(c);

	c = edited(b, "ITL Record #:5",
	    "9 CERTIFICATE 692 CD C7 4A 39 87 87 52 FA B0 89 0C 28 AB CB 36 32 EB 87 16 DC\n(SHA1 Hash HEX)\n",
	    "");
	cut = dump_of(c);
	ck_assert(!has_code(cut, "SIGNER_NO_CERTIFICATE", NULL));
	ck_assert_int_eq(cut->signature, IK_SIG_NOT_CHECKED);
	ik_trust_eval(before, cut, &r);
	ck_assert_int_ne(r.verdict, IK_ACCEPT);
	ck_assert_ptr_null(strstr(r.reason, "carries no certificate"));
	ik_itl_free(cut);
	ik_itl_free(hashed);
	ik_itl_free(before);
	free(a);
	free(b);
	free(c);
	free(text);
	free(raw);
}
END_TEST

/* The real `utils itl reset`: phones with the old list take the new one. */
START_TEST(real_reset_dumps)
{
	ik_itl *before = ck_load("dumps/cucm10-show-itl-before-reset.txt");
	ik_itl *after = ck_load("dumps/cucm10-show-itl-after-reset.txt");
	ik_trust_result r;

	/* A dump carries the certificates it printed a SHA-1 beside. */
	ck_assert(ik_itl_record_has_cert(before, &before->recs[4]));
	ck_assert(ik_itl_record_has_cert(before, &before->recs[0]));
	ck_assert(!ik_itl_record_has_cert(before, &before->recs[3]));
	ck_assert(!ik_itl_record_has_cert(before, &before->recs[2]));
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
	tcase_add_test(tc, depends_on_the_phone);
	tcase_add_test(tc, unknown_renders);
	tcase_add_test(tc, forged_hash_only_signer);
	tcase_add_test(tc, hash_only_signer_with_its_own_key);
	tcase_add_test(tc, installed_hash_only_record_signs_nothing);
	tcase_add_test(tc, dump_signer_by_hash);
	tcase_add_test(tc, real_reset_dumps);
	tcase_add_test(tc, cut_pastes_give_the_verdict_or_unknown);
	tcase_add_test(tc, fixtures_are_the_generators);
	suite_add_tcase(s, tc);
	return s;
}
