/*
 * itl_verify.c: the file signature.  The signed bytes are the whole file
 * with the SIGNATURE TLV (tag, length and value) cut out; nothing is
 * zeroed.  The signer is the FUNCTION 0 (SAST) record whose serial equals
 * the header's, and the key is its certificate's: a PUBLICKEY alone is a
 * claim the file makes about itself, which is what a forger controls.
 * Layer: itl.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/evp.h>

#include "ik_itl.h"
#include "itl_private.h"

int
ik_itl_digest_from_code(int code)
{
	switch (code) {
	case IK_ITL_DIGEST_SHA1: return IK_SHA1;
	case IK_ITL_DIGEST_SHA256: return IK_SHA256;
	case IK_ITL_DIGEST_SHA512: return IK_SHA512;
	}
	return -1;
}

/*
 * EVP_DigestVerifyInit looks up the signature and digest algorithms in
 * OpenSSL 3's provider tables on every call (name lookups under locks).
 * A batch verifies many files with the same few signer keys, so a context
 * set up once for a (key, digest) pair is kept and each file's check
 * starts from a copy of it.  The cache holds a reference to the key: a
 * pointer in it cannot be reused for another key while it is there.
 * Bounded; a full cache replaces its entries in turn.
 */
#define VCACHE 64

static struct vcache {
	EVP_PKEY *pkey;
	const EVP_MD *md;
	EVP_MD_CTX *tmpl;
} vcache[VCACHE];
static unsigned vnext;
static pthread_mutex_t vlock = PTHREAD_MUTEX_INITIALIZER;

/* A fresh verify context for (pkey, md), or NULL. */
static EVP_MD_CTX *
verify_ctx(EVP_PKEY *pkey, const EVP_MD *md)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new(), *t;
	struct vcache *e = NULL;
	unsigned i;

	if (ctx == NULL)
		return NULL;
	pthread_mutex_lock(&vlock);
	for (i = 0; i < VCACHE; i++)
		if (vcache[i].pkey == pkey && vcache[i].md == md) {
			e = &vcache[i];
			break;
		}
	if (e == NULL) {
		t = EVP_MD_CTX_new();
		if (t == NULL || EVP_DigestVerifyInit(t, NULL, md, NULL,
		    pkey) != 1 || EVP_PKEY_up_ref(pkey) != 1) {
			EVP_MD_CTX_free(t);
			pthread_mutex_unlock(&vlock);
			EVP_MD_CTX_free(ctx);
			return NULL;
		}
		e = &vcache[vnext++ % VCACHE];
		EVP_MD_CTX_free(e->tmpl);
		EVP_PKEY_free(e->pkey);
		e->pkey = pkey;
		e->md = md;
		e->tmpl = t;
	}
	if (EVP_MD_CTX_copy_ex(ctx, e->tmpl) != 1) {
		EVP_MD_CTX_free(ctx);
		ctx = NULL;
	}
	pthread_mutex_unlock(&vlock);
	return ctx;
}

/* Nothing left for valgrind at exit. */
__attribute__((destructor)) static void
vcache_fini(void)
{
	unsigned i;

	for (i = 0; i < VCACHE; i++) {
		EVP_MD_CTX_free(vcache[i].tmpl);
		EVP_PKEY_free(vcache[i].pkey);
		vcache[i].tmpl = NULL;
		vcache[i].pkey = NULL;
	}
}

/* An uncached context: the signing code checks with private keys. */
static EVP_MD_CTX *
plain_ctx(EVP_PKEY *pkey, const EVP_MD *md)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();

	if (ctx != NULL && EVP_DigestVerifyInit(ctx, NULL, md, NULL,
	    pkey) != 1) {
		EVP_MD_CTX_free(ctx);
		ctx = NULL;
	}
	return ctx;
}

static bool
verifies(const ik_itl *itl, EVP_PKEY *pkey, bool cached)
{
	const ik_itl_header *h = &itl->hdr;
	size_t cut = h->signature_tlv_off, after;
	const EVP_MD *md;
	EVP_MD_CTX *ctx;
	int dg = ik_itl_digest_from_code(h->digest_alg);
	bool ok;

	if (!h->has_signature || dg < 0 || pkey == NULL)
		return false;
	after = cut + 3 + h->signature_len;
	md = ik_digest_md((ik_digest)dg);
	ctx = md == NULL ? NULL : cached ? verify_ctx(pkey, md) :
	    plain_ctx(pkey, md);
	ok = ctx != NULL &&
	    EVP_DigestVerifyUpdate(ctx, itl->buf, cut) == 1 &&
	    EVP_DigestVerifyUpdate(ctx, itl->buf + after, itl->len - after) == 1 &&
	    EVP_DigestVerifyFinal(ctx, h->signature, h->signature_len) == 1;
	EVP_MD_CTX_free(ctx);
	/* A failed verify leaves reasons on the queue; they are not errors. */
	ERR_clear_error();
	return ok;
}

bool
ik_itl_signature_verifies(const ik_itl *itl, void *pkey)
{
	return verifies(itl, pkey, false);
}

/*
 * How well r fits as the signer: a record carrying its certificate beats
 * one that only names it by hash (a copy of the real signer must not hide
 * it), and an issuer equal to the CA name breaks ties.
 */
static int
signer_rank(const ik_itl *itl, const ik_itl_record *r)
{
	const char *ca = itl->hdr.ca_name;

	return (ik_itl_record_has_cert(itl, r) ? 2 : 0) +
	    (ca != NULL && r->issuer != NULL && ik_itl_names_equal(r->issuer, ca));
}

static ik_itl_record *
find_signer(ik_itl *itl)
{
	ik_itl_header *h = &itl->hdr;
	ik_itl_record *r, *best = NULL;
	size_t i;

	if (h->signer_serial == NULL)
		return NULL;
	for (i = 0; i < itl->nrec; i++) {
		r = &itl->recs[i];
		if (r->function != IK_FN_SAST || r->serial == NULL ||
		    !ik_itl_serial_eq(r->serial, r->serial_len,
		    h->signer_serial, h->signer_serial_len))
			continue;
		if (best == NULL || signer_rank(itl, r) > signer_rank(itl, best))
			best = r;
	}
	return best;
}

/*
 * A signer record without a certificate: nothing can check the signature.
 * When its CERTHASH names a certificate another record carries, a
 * PUBLICKEY that is not that certificate's key is a forgery.
 */
static void
signer_without_cert(ik_itl *itl, const ik_itl_record *r, const char *where)
{
	const ik_itl_record *c;
	size_t i;

	itl->signature = IK_SIG_UNVERIFIABLE;
	ik_findings_add(&itl->findings, IK_SEV_ERROR, IKF_SIGNER_NO_CERTIFICATE,
	    where,
	    "the signer record carries no CERTIFICATE (only %s): phones verify the file signature with the signer's certificate, never with a key the file brings along",
	    r->certhash != NULL && r->pubkey != NULL ? "a CERTHASH and a PUBLICKEY" :
	    r->certhash != NULL ? "a CERTHASH" : r->pubkey != NULL ?
	    "a PUBLICKEY" : "names");
	for (i = 0; r->has_cert_sha1 && i < itl->nrec; i++) {
		c = &itl->recs[i];
		if (c == r || !c->has_cert_sha1 || c->cert == NULL ||
		    memcmp(c->cert_sha1, r->cert_sha1, 20) != 0)
			continue;
		if (ik_itl_record_key_belongs(r, c) == 0)
			ik_findings_add(&itl->findings, IK_SEV_ERROR,
			    IKF_SIGNER_KEY_MISMATCH, where,
			    "the signer record's PUBLICKEY is not the key of the certificate its CERTHASH names (record %zu): a forged signer",
			    c->index);
		break;
	}
}

void
ik_itl_verify(ik_itl *itl)
{
	ik_itl_header *h = &itl->hdr;
	ik_itl_record *r;
	size_t keybytes;
	int dg;
	bool ok;
	char where[32];

	if (itl->format != IK_FMT_TLV) {
		/*
		 * A dump cannot be checked, but a signer record printed with a
		 * CERTHASH and no CERTIFICATE is one nobody can check either.
		 * A record cut short (neither line) proves nothing.
		 */
		if (itl->signer_index != 0) {
			r = &itl->recs[itl->signer_index - 1];
			snprintf(where, sizeof(where), "record %zu", r->index);
			if (r->certhash != NULL && !ik_itl_record_has_cert(itl, r))
				signer_without_cert(itl, r, where);
		}
		return;
	}
	itl->signer_index = 0;
	if (!h->has_signature || h->signature_len == 0) {
		itl->signature = IK_SIG_INVALID;
		ik_findings_add(&itl->findings, IK_SEV_ERROR,
		    IKF_SIGNATURE_MISSING, "header",
		    "the header has no SIGNATURE (tag 12)");
		return;
	}
	r = find_signer(itl);
	if (r == NULL) {
		itl->signature = IK_SIG_NO_SIGNER;
		ik_findings_add(&itl->findings, IK_SEV_ERROR,
		    IKF_SIGNER_MISSING, "header",
		    "no SAST (FUNCTION 0) record has the signer's serial number");
		return;
	}
	itl->signer_index = r->index;
	r->is_signer = true;
	snprintf(where, sizeof(where), "record %zu", r->index);
	/* Attribute order and separators are the writer's, not the name's. */
	if (h->ca_name != NULL && r->issuer != NULL &&
	    !ik_itl_names_equal(h->ca_name, r->issuer))
		ik_findings_add(&itl->findings, IK_SEV_WARNING,
		    IKF_SIGNER_CANAME_MISMATCH, where,
		    "header CANAME differs from the signer record's issuer");
	if (!ik_itl_record_has_cert(itl, r)) {
		signer_without_cert(itl, r, where);
		return;
	}
	dg = ik_itl_digest_from_code(h->digest_alg);
	/*
	 * A signature we cannot check is a failed check: phones cannot check
	 * it either.
	 */
	if (dg < 0 || (h->sig_alg >= 0 && h->sig_alg != 0)) {
		itl->signature = IK_SIG_UNSUPPORTED;
		ik_findings_add(&itl->findings, IK_SEV_ERROR,
		    IKF_SIGNATURE_UNSUPPORTED, "header",
		    "digest code %d / signature algorithm %d is not one this version verifies",
		    h->digest_alg, h->sig_alg);
		return;
	}
	if (r->pkey == NULL || EVP_PKEY_get_base_id(r->pkey) != EVP_PKEY_RSA) {
		itl->signature = IK_SIG_UNSUPPORTED;
		ik_findings_add(&itl->findings, IK_SEV_ERROR,
		    IKF_SIGNATURE_UNSUPPORTED, where,
		    "the signer record has no usable RSA key");
		return;
	}
	keybytes = (size_t)EVP_PKEY_get_size(r->pkey);
	if (keybytes != h->signature_len || (h->sig_modulus >= 0 &&
	    h->sig_modulus <= 3 &&
	    (size_t)(64 << h->sig_modulus) != h->signature_len) ||
	    h->sig_modulus > 3)
		ik_findings_add(&itl->findings, IK_SEV_WARNING,
		    IKF_SIGNATURE_MODULUS_MISMATCH, "header",
		    "signature is %zu bytes, SIGNATUREMODULUS code %d, signer key %zu bytes",
		    h->signature_len, h->sig_modulus, keybytes);
	/* A certificate's public key: the cached contexts are for those. */
	ok = verifies(itl, r->pkey, true);
	if (ok) {
		itl->signature = IK_SIG_VALID;
	} else {
		itl->signature = IK_SIG_INVALID;
		ik_findings_add(&itl->findings, IK_SEV_ERROR,
		    IKF_SIGNATURE_INVALID, "header",
		    "the signature does not verify with record %zu's key: the file was changed after signing",
		    r->index);
	}
}
