/*
 * clusterkit.c: generated clusters for the analysis suites (see
 * clusterkit.h).  Keys come from testkit's cache (1024-bit for speed);
 * what identifies a certificate is its SHA-1, so clusters may share keys
 * while their certificates differ.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ik_sign.h"
#include "clusterkit.h"
#include "testkit.h"

#define VALID (5 * 365 * 86400)

static void
node_make(ck_node *n, const char *host, int slot_ccm, int slot_tvs,
    unsigned seed, time_t nb)
{
	snprintf(n->host, sizeof(n->host), "%s", host);
	n->k_ccm = tk_rsa_key(1024, slot_ccm);
	n->k_tvs = tk_rsa_key(1024, slot_tvs);
	n->ccm = tk_cert(n->k_ccm, host, seed, nb, nb + VALID);
	n->tvs = tk_cert(n->k_tvs, host, seed + 1, nb, nb + VALID);
}

void
ck_cluster_make(ck_cluster *c, const char *name, int variant)
{
	char host[64];
	time_t nb = CK_NB_BASE + variant * 100000;
	unsigned seed = 1000u * (unsigned)variant + 10u;

	memset(c, 0, sizeof(*c));
	snprintf(c->name, sizeof(c->name), "%s", name);
	c->variant = variant;
	snprintf(host, sizeof(host), "%spub.lab", name);
	node_make(&c->node[0], host, 0, 2, seed, nb);
	snprintf(host, sizeof(host), "%ssub.lab", name);
	node_make(&c->node[1], host, 1, 3, seed + 2, nb);
	c->k_capf = tk_rsa_key(1024, 4);
	c->capf = tk_cert(c->k_capf, "CAPF-75638ad9", seed + 4, nb, nb + VALID);
	c->k_rec = tk_rsa_key(1024, 5);
	snprintf(host, sizeof(host), "ITLRECOVERY_%spub.lab", name);
	c->rec = tk_cert(c->k_rec, host, seed + 5, nb, nb + 4 * VALID);
}

static void
node_free(ck_node *n)
{
	EVP_PKEY_free(n->k_ccm);
	EVP_PKEY_free(n->k_tvs);
	X509_free(n->ccm);
	X509_free(n->tvs);
}

void
ck_cluster_free(ck_cluster *c)
{
	node_free(&c->node[0]);
	node_free(&c->node[1]);
	EVP_PKEY_free(c->k_capf);
	EVP_PKEY_free(c->k_rec);
	X509_free(c->capf);
	X509_free(c->rec);
}

static void
regen(EVP_PKEY **k, X509 **x, const char *host, int slot, unsigned seed,
    time_t nb)
{
	EVP_PKEY_free(*k);
	X509_free(*x);
	*k = tk_rsa_key(1024, slot);
	*x = tk_cert(*k, host, seed, nb, nb + VALID);
}

void
ck_regen_ccm(ck_cluster *c, int node, time_t nb)
{
	ck_node *n = &c->node[node];

	regen(&n->k_ccm, &n->ccm, n->host, 6, (unsigned)nb & 0xffff, nb);
}

void
ck_regen_tvs(ck_cluster *c, int node, time_t nb)
{
	ck_node *n = &c->node[node];

	regen(&n->k_tvs, &n->tvs, n->host, 7, ((unsigned)nb & 0xffff) + 7, nb);
}

uint8_t *
ck_node_itl(const ck_cluster *c, int node, int signer, int layout,
    size_t *len)
{
	const ck_node *me = &c->node[node], *peer = &c->node[!node];
	bool hash = !(layout & CK_LAYOUT_CERTS);
	ik_build_record r[6];
	ik_sign_opts o;
	ik_error err;
	uint8_t *out = NULL;
	size_t n = 0;

	memset(r, 0, sizeof(r));
	r[n].function = IK_FN_SAST; r[n++].cert = me->ccm;
	r[n].function = IK_FN_TFTP; r[n++].cert = me->ccm;
	if (!(layout & CK_LAYOUT_NO_CAPF)) {
		r[n].function = IK_FN_CAPF;
		r[n].hash_only = hash;
		r[n++].cert = c->capf;
	}
	if (!(layout & CK_LAYOUT_NO_OWN_TVS)) {
		r[n].function = IK_FN_TVS;
		r[n].hash_only = hash;
		r[n++].cert = me->tvs;
	}
	if (!(layout & CK_LAYOUT_NO_REC)) {
		r[n].function = IK_FN_SAST;
		r[n++].cert = c->rec;
	}
	if (!(layout & CK_LAYOUT_NO_PEER_TVS)) {
		r[n].function = IK_FN_TVS;
		r[n].hash_only = hash;
		r[n++].cert = peer->tvs;
	}
	o.key = signer == CK_SIGN_REC ? c->k_rec : me->k_ccm;
	o.cert = signer == CK_SIGN_REC ? c->rec : me->ccm;
	o.digest = IK_ITL_DIGEST_SHA1;
	o.timestamp = 1393439067u;
	o.signer_version = 0;
	ik_error_clear(&err);
	if (ik_itl_build(&o, NULL, r, n, &out, len, &err) != IK_OK) {
		fprintf(stderr, "ck_node_itl: %s\n", err.msg);
		abort();
	}
	return out;
}

ik_itl *
ck_hash_only(const uint8_t *buf, size_t len, size_t rec,
    const uint8_t *claim, EVP_PKEY *key)
{
	static const uint8_t alg[4] = { IK_RT_HASHALG, 0, 1,
	    IK_ITL_DIGEST_SHA1 };
	ik_itl *itl = ck_parse(buf, len);
	const ik_itl_record *r;
	const ik_tlv *t;
	uint8_t sha[20], head[5], *out;
	size_t i, so, sl, slen;
	ik_sb body, f;
	EVP_MD_CTX *ctx;

	if (rec == 0 || rec > itl->nrec || itl->recs[rec - 1].cert == NULL)
		abort();
	r = &itl->recs[rec - 1];
	if (claim == NULL) {
		ik_digest_buf(IK_SHA1, r->cert, r->cert_len, sha);
		claim = sha;
	}
	ik_sb_init(&body);
	for (i = 1; i < r->tlv_count; i++) {
		t = &itl->tlvs[r->tlv_first + i];
		if (t->tag != IK_RT_CERT) {
			ik_sb_add(&body, (const char *)buf + t->off, 3u + t->len);
			continue;
		}
		head[0] = IK_RT_CERTHASH;
		head[1] = 0;
		head[2] = 20;
		ik_sb_add(&body, (const char *)head, 3);
		ik_sb_add(&body, (const char *)claim, 20);
		ik_sb_add(&body, (const char *)alg, 4);
	}
	head[0] = IK_RT_RECORDLENGTH;
	head[1] = 0;
	head[2] = 2;
	head[3] = (uint8_t)((body.len + 5) >> 8);
	head[4] = (uint8_t)(body.len + 5);
	ik_sb_init(&f);
	ik_sb_add(&f, (const char *)buf, r->off);
	ik_sb_add(&f, (const char *)head, 5);
	ik_sb_add(&f, body.s, body.len);
	ik_sb_add(&f, (const char *)buf + r->off + r->span,
	    len - r->off - r->span);
	ik_sb_free(&body);
	/* The signed bytes are the file without its SIGNATURE TLV. */
	so = itl->hdr.signature_tlv_off;
	sl = itl->hdr.signature_len;
	slen = sl;
	out = malloc(f.len);
	ctx = EVP_MD_CTX_new();
	if (out == NULL || ctx == NULL || f.oom)
		abort();
	memcpy(out, f.s, f.len);
	memcpy(out + so, f.s + so + 3 + sl, f.len - so - 3 - sl);
	if (EVP_DigestSignInit(ctx, NULL, EVP_sha1(), NULL, key) != 1 ||
	    EVP_DigestSign(ctx, (uint8_t *)f.s + so + 3, &slen, out,
	    f.len - 3 - sl) != 1 || slen != sl)
		abort();
	ik_itl_free(itl);
	itl = ck_parse((const uint8_t *)f.s, f.len);
	EVP_MD_CTX_free(ctx);
	ik_sb_free(&f);
	free(out);
	return itl;
}

ik_itl *
ck_parse(const uint8_t *buf, size_t len)
{
	ik_error err;
	ik_itl *itl = NULL;

	ik_error_clear(&err);
	ik_itl_parse(buf, len, &itl, &err);
	if (itl == NULL)
		abort();
	ik_itl_verify(itl);
	return itl;
}

ik_itl *
ck_load(const char *path)
{
	uint8_t *buf;
	size_t len;
	ik_itl *itl = NULL;
	ik_error err;

	buf = tk_read(path, &len);
	ik_error_clear(&err);
	if (ik_trustlist_load(buf, len, &itl, &err) != IK_OK) {
		fprintf(stderr, "%s: %s\n", path, err.msg);
		abort();
	}
	free(buf);
	return itl;
}

ik_itl *
ck_load_buf(const uint8_t *buf, size_t len)
{
	ik_itl *itl = NULL;
	ik_error err;

	ik_error_clear(&err);
	ik_trustlist_load(buf, len, &itl, &err);
	return itl;
}

/* Builds node's ITL and writes it as dir/name. */
static void
put(const char *dir, const char *name, const ck_cluster *c, int node,
    int signer, int layout)
{
	char path[512];
	ik_error err;
	uint8_t *buf;
	size_t len;

	buf = ck_node_itl(c, node, signer, layout, &len);
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	ik_error_clear(&err);
	if (ik_write_file_atomic(path, buf, len, 0644, true, &err) != IK_OK) {
		fprintf(stderr, "%s: %s\n", path, err.msg);
		abort();
	}
	free(buf);
}

/*
 * The CLI fixtures: one home cluster over time, a foreign cluster.
 *   pub.tlv sub.tlv            v1, each signed by its CallManager
 *   pub-reset.tlv              v1 re-signed with ITLRecovery
 *   pub-pre10.tlv              v1 without the ITLRECOVERY record
 *   sub-no-pub-tvs.tlv         sub's v1 missing the publisher's TVS
 *   pub-v2-ccm.tlv             publisher CallManager regenerated
 *   pub-v2-both.tlv            CallManager and TVS regenerated 2 min apart
 *                              (whole certificates: the hold-timer check)
 *   pub-v2-both-reset.tlv      the same, re-signed with ITLRecovery
 *   foreign-pub.tlv            another cluster's publisher ITL
 */
void
ck_write_fixtures(const char *dir)
{
	ck_cluster c, f;

	ck_cluster_make(&c, "home", 0);
	put(dir, "pub.tlv", &c, 0, CK_SIGN_CCM, 0);
	put(dir, "sub.tlv", &c, 1, CK_SIGN_CCM, 0);
	put(dir, "pub-reset.tlv", &c, 0, CK_SIGN_REC, 0);
	put(dir, "pub-pre10.tlv", &c, 0, CK_SIGN_CCM, CK_LAYOUT_NO_REC);
	put(dir, "sub-no-pub-tvs.tlv", &c, 1, CK_SIGN_CCM,
	    CK_LAYOUT_NO_PEER_TVS);
	ck_regen_ccm(&c, 0, CK_NB_BASE + 86400 * 400);
	put(dir, "pub-v2-ccm.tlv", &c, 0, CK_SIGN_CCM, 0);
	ck_regen_tvs(&c, 0, CK_NB_BASE + 86400 * 400 + 120);
	put(dir, "pub-v2-both.tlv", &c, 0, CK_SIGN_CCM, CK_LAYOUT_CERTS);
	put(dir, "pub-v2-both-reset.tlv", &c, 0, CK_SIGN_REC, CK_LAYOUT_CERTS);
	ck_cluster_make(&f, "away", 1);
	put(dir, "foreign-pub.tlv", &f, 0, CK_SIGN_CCM, 0);
	ck_cluster_free(&f);
	ck_cluster_free(&c);
}
