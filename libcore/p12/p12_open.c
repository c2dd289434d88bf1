/*
 * p12_open.c: opening a PKCS#12 file.
 * Layer: p12.
 *
 * The order of the work is what lets us tell a wrong password from a
 * damaged file: first the DER structure (a parse failure is damage or
 * truncation), then the MAC with each candidate (a MAC that does not
 * match over a structure that parsed is a wrong password), and only then
 * the bags, decrypted with the password the MAC accepted.  A file without
 * a MAC is reported as such and the candidates are tried by decrypting.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/pkcs12.h>

#include "ik_crypto.h"
#include "p12_private.h"

/* Nested SafeContents deeper than this are not walked (no real file nests). */
#define P12_MAX_DEPTH	4

static long max_iterations = IK_P12_MAX_ITERATIONS_DEFAULT;

void
ik_p12_set_max_iterations(long max)
{
	max_iterations = max > 0 ? max : IK_P12_MAX_ITERATIONS_DEFAULT;
}

void
ik_kdf_budget_init(ik_kdf_budget *b, long long limit)
{
	memset(b, 0, sizeof(*b));
	b->limit = limit > 0 ? limit : IK_KDF_BUDGET_DEFAULT;
}

bool
ik_kdf_budget_take(ik_kdf_budget *b, long long n)
{
	long long cur;

	if (b == NULL)
		return true;
	if (n < 1)
		n = 1;
	cur = __atomic_load_n(&b->spent, __ATOMIC_RELAXED);
	do {
		if (n > b->limit - cur) {
			__atomic_fetch_add(&b->refused, n, __ATOMIC_RELAXED);
			return false;
		}
	} while (!__atomic_compare_exchange_n(&b->spent, &cur, cur + n, false,
	    __ATOMIC_RELAXED, __ATOMIC_RELAXED));
	return true;
}

typedef struct p12_walk {
	ik_p12 *p;
	bool unlock;		/* decrypt with pw (which may be NULL: no password) */
	const char *pw;
	int pwlen;
	bool collect;		/* record bags, keep keys and certificates */
	bool stop_on_fail;	/* a trial: the first failure decides */
	bool failed;		/* something did not decrypt */
	bool legacy_missing;	/* ... because the legacy provider is absent */
	bool too_costly;	/* an item asked for too many iterations */
	long long cost;		/* iterations of the items met, not run */
	char legacy_alg[96];
	size_t encrypted;	/* encrypted items met */
	size_t opened;		/* ... and decrypted */
	STACK_OF(X509) *certs;
	size_t nkeys;
} p12_walk;

ik_p12_bag *
ik_p12_add_bag(ik_p12 *p, const char *type)
{
	ik_p12_bag *nb;

	nb = realloc(p->bags, (p->nbags + 1) * sizeof(*nb));
	if (nb == NULL)
		return NULL;
	p->bags = nb;
	nb = &p->bags[p->nbags++];
	memset(nb, 0, sizeof(*nb));
	nb->type = type;
	nb->iterations = -1;
	snprintf(nb->algorithm, sizeof(nb->algorithm), "none");
	return nb;
}

/* A decryption failed: note whether the missing legacy provider is why. */
static void
walk_fail(p12_walk *w, bool needs_legacy, const char *alg)
{
	ERR_clear_error();
	w->failed = true;
	if (needs_legacy && !ik_crypto_legacy_loaded() && !w->legacy_missing) {
		w->legacy_missing = true;
		snprintf(w->legacy_alg, sizeof(w->legacy_alg), "%s", alg);
	}
}

/*
 * An item whose key derivation would run too long is not decrypted, nor
 * one the run's budget cannot pay for.
 */
static bool
too_costly(p12_walk *w, const ik_p12_bag *desc)
{
	if (desc->iterations > max_iterations) {
		w->failed = true;
		w->too_costly = true;
		return true;
	}
	if (ik_kdf_budget_take(w->p->budget, desc->iterations))
		return false;
	w->failed = true;
	w->p->over_budget = true;
	return true;
}

/* Without the password a walk only adds up what unlocking would cost. */
static void
add_cost(p12_walk *w, long iterations)
{
	if (iterations <= max_iterations)
		w->cost += iterations > 0 ? iterations : 1;
}

static void
keep_key(p12_walk *w, EVP_PKEY *k)
{
	if (k == NULL) {
		ERR_clear_error();
		w->failed = true;
		return;
	}
	w->nkeys++;
	if (w->collect && w->p->key == NULL) {
		w->p->key = k;
		return;
	}
	EVP_PKEY_free(k);
}

static void walk_bags(p12_walk *w, const STACK_OF(PKCS12_SAFEBAG) *bags,
    const char *sealed_alg, long sealed_iter, bool sealed_legacy, int depth);

static void
walk_shrouded(p12_walk *w, const PKCS12_SAFEBAG *bag)
{
	const X509_SIG *sig = PKCS12_SAFEBAG_get0_pkcs8(bag);
	const X509_ALGOR *alg = NULL;
	PKCS8_PRIV_KEY_INFO *p8;
	ik_p12_bag desc, *b;
	bool legacy;

	if (sig != NULL)
		X509_SIG_get0(sig, &alg, NULL);
	memset(&desc, 0, sizeof(desc));
	ik_p12_describe_pbe(alg, &desc, &legacy);
	desc.type = "key";
	w->encrypted++;
	if (w->collect) {
		if ((b = ik_p12_add_bag(w->p, "key")) == NULL) {
			w->failed = true;
			return;
		}
		*b = desc;
	}
	if (!w->unlock) {
		add_cost(w, desc.iterations);
		return;
	}
	if (too_costly(w, &desc))
		return;
	p8 = PKCS12_decrypt_skey(bag, w->pw, w->pwlen);
	if (p8 == NULL) {
		walk_fail(w, legacy, desc.algorithm);
		return;
	}
	w->opened++;
	keep_key(w, EVP_PKCS82PKEY(p8));
	PKCS8_PRIV_KEY_INFO_free(p8);
}

static void
walk_cert(p12_walk *w, const PKCS12_SAFEBAG *bag, ik_p12_bag *b)
{
	X509 *x;

	if (PKCS12_SAFEBAG_get_bag_nid(bag) != NID_x509Certificate) {
		if (b != NULL)
			b->type = "other";
		return;
	}
	if (!w->collect)
		return;
	x = PKCS12_SAFEBAG_get1_cert(bag);
	if (x == NULL) {
		ERR_clear_error();
		ik_findings_add(&w->p->findings, IK_SEV_ERROR, IKF_P12_MALFORMED,
		    NULL, "a certificate bag holds no parseable certificate");
		return;
	}
	if (sk_X509_push(w->certs, x) <= 0) {
		X509_free(x);
		w->failed = true;
	}
}

/*
 * Bags inside an encrypted container inherit its algorithm: that is
 * what protects them (sealed_alg NULL for a plain container).
 */
static void
walk_bags(p12_walk *w, const STACK_OF(PKCS12_SAFEBAG) *bags,
    const char *sealed_alg, long sealed_iter, bool sealed_legacy, int depth)
{
	const PKCS12_SAFEBAG *bag;
	ik_p12_bag *b;
	int i, nid;

	for (i = 0; i < sk_PKCS12_SAFEBAG_num(bags); i++) {
		bag = sk_PKCS12_SAFEBAG_value(bags, i);
		nid = PKCS12_SAFEBAG_get_nid(bag);
		if (nid == NID_pkcs8ShroudedKeyBag) {
			walk_shrouded(w, bag);
			continue;
		}
		if (nid == NID_safeContentsBag) {
			if (depth < P12_MAX_DEPTH)
				walk_bags(w, PKCS12_SAFEBAG_get0_safes(bag),
				    sealed_alg, sealed_iter, sealed_legacy,
				    depth + 1);
			continue;
		}
		b = NULL;
		if (w->collect) {
			b = ik_p12_add_bag(w->p, nid == NID_keyBag ? "key" :
			    nid == NID_certBag ? "cert" : "other");
			if (b == NULL) {
				w->failed = true;
				return;
			}
			if (sealed_alg != NULL) {
				snprintf(b->algorithm, sizeof(b->algorithm),
				    "%s", sealed_alg);
				b->iterations = sealed_iter;
				b->legacy = sealed_legacy;
			}
		}
		if (nid == NID_keyBag) {
			if (w->collect && sealed_alg == NULL)
				ik_findings_add(&w->p->findings,
				    IK_SEV_WARNING, IKF_P12_KEY_UNENCRYPTED,
				    NULL, "the private key is stored without encryption");
			keep_key(w, EVP_PKCS82PKEY(
			    PKCS12_SAFEBAG_get0_p8inf(bag)));
		} else if (nid == NID_certBag) {
			walk_cert(w, bag, b);
		}
	}
}

static void
walk_container(p12_walk *w, PKCS7 *p7)
{
	STACK_OF(PKCS12_SAFEBAG) *bags;
	const X509_ALGOR *alg = NULL;
	ik_p12_bag desc, *b;
	bool legacy;

	if (PKCS7_type_is_data(p7)) {
		bags = PKCS12_unpack_p7data(p7);
		if (bags == NULL) {
			ERR_clear_error();
			w->failed = true;
			if (w->collect) {
				w->p->malformed = true;
				ik_findings_add(&w->p->findings, IK_SEV_ERROR,
				    IKF_P12_MALFORMED, NULL,
				    "a plain SafeContents container does not parse");
			}
			return;
		}
		walk_bags(w, bags, NULL, -1, false, 0);
		sk_PKCS12_SAFEBAG_pop_free(bags, PKCS12_SAFEBAG_free);
		return;
	}
	if (!PKCS7_type_is_encrypted(p7)) {
		/* Public-key privacy mode (envelopedData): not used by CUCM. */
		if (w->collect && (b = ik_p12_add_bag(w->p, "other")) != NULL) {
			b->sealed = true;
			snprintf(b->algorithm, sizeof(b->algorithm),
			    "public-key (unsupported)");
			ik_findings_add(&w->p->findings, IK_SEV_WARNING,
			    IKF_P12_UNSUPPORTED, NULL,
			    "a container uses public-key privacy mode; its contents were not read");
		}
		return;
	}
	if (p7->d.encrypted != NULL && p7->d.encrypted->enc_data != NULL)
		alg = p7->d.encrypted->enc_data->algorithm;
	memset(&desc, 0, sizeof(desc));
	ik_p12_describe_pbe(alg, &desc, &legacy);
	w->encrypted++;
	if (!w->unlock) {
		add_cost(w, desc.iterations);
		/* Without the password we only know it is there and how it is locked. */
		if (w->collect && (b = ik_p12_add_bag(w->p, "other")) != NULL) {
			*b = desc;
			b->type = "other";
			b->sealed = true;
		}
		return;
	}
	bags = too_costly(w, &desc) ? NULL :
	    PKCS12_unpack_p7encdata(p7, w->pw, w->pwlen);
	if (bags == NULL) {
		if (!w->too_costly)
			walk_fail(w, legacy, desc.algorithm);
		if (w->collect && (b = ik_p12_add_bag(w->p, "other")) != NULL) {
			*b = desc;
			b->type = "other";
			b->sealed = true;
		}
		return;
	}
	w->opened++;
	walk_bags(w, bags, desc.algorithm, desc.iterations, desc.legacy, 0);
	sk_PKCS12_SAFEBAG_pop_free(bags, PKCS12_SAFEBAG_free);
}

static void
walk_all(p12_walk *w, STACK_OF(PKCS7) *safes)
{
	int i;

	for (i = 0; i < sk_PKCS7_num(safes); i++) {
		walk_container(w, sk_PKCS7_value(safes, i));
		if (w->failed && w->stop_on_fail)
			return;
	}
}

static void
read_mac(ik_p12 *p, const PKCS12 *p12)
{
	const X509_ALGOR *macalg = NULL;
	const ASN1_INTEGER *iter = NULL;
	const ASN1_OBJECT *obj = NULL;

	p->has_mac = PKCS12_mac_present(p12) == 1;
	if (!p->has_mac) {
		ik_findings_add(&p->findings, IK_SEV_WARNING, IKF_P12_NO_MAC, NULL,
		    "the file has no MAC: its integrity is not protected and a wrong password can only be told by failed decryption");
		return;
	}
	PKCS12_get0_mac(NULL, &macalg, NULL, &iter, p12);
	if (macalg != NULL)
		X509_ALGOR_get0(&obj, NULL, NULL, macalg);
	snprintf(p->mac_algorithm, sizeof(p->mac_algorithm), "%s",
	    obj != NULL && OBJ_obj2nid(obj) != NID_undef ?
	    OBJ_nid2ln(OBJ_obj2nid(obj)) : "unknown");
	p->mac_iterations = iter == NULL ? 1 : ASN1_INTEGER_get(iter);
	if (p->mac_iterations < 0 || p->mac_iterations > max_iterations)
		ik_findings_add(&p->findings, IK_SEV_ERROR,
		    IKF_P12_ITERATIONS_TOO_HIGH, "mac",
		    "the MAC asks for %ld iterations (limit %ld): not computed",
		    p->mac_iterations, max_iterations);
}

/*
 * 1 the MAC accepts the password, 0 it does not, -1 the MAC cannot be
 * computed (unknown digest).  An empty password is tried both as the
 * empty string and as "no password": writers differ.
 */
static int
mac_try(PKCS12 *p12, const ik_secret *s, const char **pw)
{
	int r;

	ERR_clear_error();
	*pw = s->s;
	r = PKCS12_verify_mac(p12, s->s, (int)s->len);
	if (r != 1 && s->len == 0 && ERR_peek_error() == 0) {
		*pw = NULL;
		r = PKCS12_verify_mac(p12, NULL, 0);
	}
	if (r == 1)
		return 1;
	r = ERR_peek_error() != 0 ? -1 : 0;
	ERR_clear_error();
	return r;
}

static void
matched(ik_p12 *p, const ik_secret *s)
{
	p->password = IK_P12_PW_MATCHED;
	p->has_candidate_line = s->line > 0;
	p->candidate_line = s->line;
}

/* A decryption-only walk with one candidate (nothing is kept). */
static void
trial_walk(p12_walk *t, ik_p12 *p, STACK_OF(PKCS7) *safes,
    const ik_secret *s, bool stop_on_fail)
{
	memset(t, 0, sizeof(*t));
	t->p = p;
	t->unlock = true;
	t->stop_on_fail = stop_on_fail;
	t->pw = s->s;
	t->pwlen = (int)s->len;
	walk_all(t, safes);
}

/*
 * The MAC rejected every candidate.  If one still decrypts part of the
 * contents, the password is right and the file was damaged or altered
 * after it was written: say so rather than "wrong password".
 */
static long
mac_damaged(ik_p12 *p, STACK_OF(PKCS7) *safes, const ik_secrets *c,
    const char **pw, p12_walk *trial)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		trial_walk(trial, p, safes, &c->v[i], false);
		if (p->over_budget)
			return -1;	/* not judged: said by walk_verdict */
		if (trial->opened > 0) {
			p->damaged = true;
			matched(p, &c->v[i]);
			*pw = c->v[i].s;
			ik_findings_add(&p->findings, IK_SEV_ERROR,
			    IKF_P12_MAC_INVALID, NULL,
			    "the MAC does not verify, yet the password decrypts part of the contents: the file was damaged or altered");
			return (long)i;
		}
	}
	trial->legacy_missing = false;
	p->password = IK_P12_PW_WRONG;
	return -1;
}

/*
 * Picks the candidate that opens the file: by the MAC when there is a
 * usable one, else by decrypting.  Returns its index and sets *pw, or -1:
 * wrong, nothing given, or undecidable (trial->legacy_missing or
 * trial->too_costly say why).
 */
static long
choose_password(ik_p12 *p, PKCS12 *p12, STACK_OF(PKCS7) *safes,
    const ik_secrets *c, const char **pw, p12_walk *trial)
{
	size_t i;
	int r;
	bool mac_usable = p->has_mac && p->mac_iterations >= 0 &&
	    p->mac_iterations <= max_iterations;

	if (c == NULL || c->n == 0)
		return -1;
	for (i = 0; mac_usable && i < c->n; i++) {
		if (!ik_kdf_budget_take(p->budget, p->mac_iterations)) {
			p->over_budget = true;
			return -1;
		}
		r = mac_try(p12, &c->v[i], pw);
		if (r == 1) {
			p->mac_verified = true;
			matched(p, &c->v[i]);
			return (long)i;
		}
		if (r < 0) {
			mac_usable = false;
			ik_findings_add(&p->findings, IK_SEV_WARNING,
			    IKF_P12_MAC_UNCHECKED, NULL,
			    "the MAC (%s) cannot be computed; passwords are tried by decryption instead",
			    p->mac_algorithm);
		}
	}
	if (mac_usable)
		return mac_damaged(p, safes, c, pw, trial);
	/* No usable MAC: the candidate that decrypts every item wins. */
	for (i = 0; i < c->n; i++) {
		trial_walk(trial, p, safes, &c->v[i], true);
		if (trial->legacy_missing || trial->too_costly ||
		    p->over_budget)
			return -1;	/* cannot be decided: said by walk_verdict */
		if (trial->encrypted == 0) {
			p->unprotected = true;
			p->password = IK_P12_PW_MATCHED;
			*pw = c->v[i].s;
			return (long)i;
		}
		if (!trial->failed) {
			matched(p, &c->v[i]);
			*pw = c->v[i].s;
			return (long)i;
		}
	}
	p->password = IK_P12_PW_WRONG;
	return -1;
}

/* The certificate of the key (by key match), else the first one. */
static void
pick_cert(ik_p12 *p, STACK_OF(X509) *certs)
{
	int i, n = sk_X509_num(certs);
	X509 *x;

	p->ncerts = (size_t)n;
	for (i = 0; p->key != NULL && i < n; i++) {
		x = sk_X509_value(certs, i);
		if (X509_check_private_key(x, p->key) == 1) {
			p->cert = x;
			p->key_matches_cert = true;
			break;
		}
	}
	ERR_clear_error();
	if (p->cert == NULL && n > 0)
		p->cert = sk_X509_value(certs, 0);
	if (p->cert != NULL)
		X509_up_ref(p->cert);
}

static ik_status
p12_malformed(ik_p12 *p, ik_error *err, const char *what)
{
	unsigned long e = ERR_peek_last_error();
	char reason[160] = "";

	if (e != 0)
		ERR_error_string_n(e, reason, sizeof(reason));
	ERR_clear_error();
	p->malformed = true;
	ik_findings_add(&p->findings, IK_SEV_ERROR, IKF_P12_MALFORMED, NULL,
	    "%s%s%s", what, reason[0] ? ": " : "", reason);
	return ik_error_set(err, IK_FAILED, IK_ERR_FORMAT, "%s", what);
}

/* Adds the findings the walk leads to and says whether the job could be done. */
static ik_status
walk_verdict(ik_p12 *p, const p12_walk *w, size_t nkeys, ik_error *err)
{
	size_t i;

	if (w->legacy_missing) {
		ik_findings_add(&p->findings, IK_SEV_ERROR,
		    IKF_P12_LEGACY_PROVIDER_MISSING, NULL,
		    "%s needs OpenSSL's legacy provider, which could not be loaded (%s)",
		    w->legacy_alg, ik_crypto_legacy_error());
		return ik_error_set(err, IK_FATAL, IK_ERR_UNSUPPORTED,
		    "%s needs OpenSSL's legacy provider, which could not be loaded (%s)",
		    w->legacy_alg, ik_crypto_legacy_error());
	}
	if (w->too_costly)
		ik_findings_add(&p->findings, IK_SEV_ERROR,
		    IKF_P12_ITERATIONS_TOO_HIGH, NULL,
		    "a bag asks for more than %ld iterations: not decrypted",
		    max_iterations);
	for (i = 0; i < p->nbags; i++)
		if (p->bags[i].legacy)
			ik_findings_add(&p->findings, IK_SEV_WARNING,
			    IKF_P12_LEGACY_ENCRYPTION, NULL,
			    "%s encrypted with %s (weak, legacy)",
			    p->bags[i].sealed ? "a sealed container" :
			    strcmp(p->bags[i].type, "key") == 0 ? "the key" :
			    "a certificate", p->bags[i].algorithm);
	if (p->over_budget) {
		ik_findings_add(&p->findings, IK_SEV_ERROR,
		    IKF_P12_BUDGET_EXHAUSTED, NULL,
		    "not every key derivation was run: the run's budget of %lld iterations is spent (%lld asked for in all); %s",
		    p->budget->limit, p->budget->spent + p->budget->refused,
		    p->password == IK_P12_PW_MATCHED ?
		    "the password matched but not every bag was decrypted" :
		    "the password candidates were not all tried");
		return IK_OK;
	}
	if (p->password == IK_P12_PW_WRONG) {
		ik_findings_add(&p->findings, IK_SEV_ERROR, IKF_P12_WRONG_PASSWORD,
		    NULL, p->has_mac ?
		    "no password candidate matches the MAC (the structure is intact)" :
		    "no password candidate decrypts the file (without a MAC, damage cannot be ruled out)");
		return IK_OK;
	}
	if (p->password == IK_P12_PW_NOT_GIVEN) {
		if (!w->too_costly)
			ik_findings_add(&p->findings, IK_SEV_ERROR,
			    IKF_P12_NO_PASSWORD, NULL,
			    "no password was given: only the structure was read");
		return IK_OK;
	}
	if (p->unprotected)
		ik_findings_add(&p->findings, IK_SEV_WARNING, IKF_P12_UNPROTECTED,
		    NULL, "neither a MAC nor encryption protects this file");
	if (w->failed)
		ik_findings_add(&p->findings, IK_SEV_ERROR, IKF_P12_DECRYPT_FAILED,
		    NULL, "the password does not open every bag (a damaged bag, or a separate encryption password)");
	if (nkeys == 0)
		ik_findings_add(&p->findings, IK_SEV_ERROR, IKF_P12_NO_KEY, NULL,
		    "the file holds no private key");
	else if (nkeys > 1)
		ik_findings_add(&p->findings, IK_SEV_INFO, IKF_P12_EXTRA_KEYS,
		    NULL, "the file holds %zu private keys; the first is used",
		    nkeys);
	if (p->cert == NULL)
		ik_findings_add(&p->findings, IK_SEV_ERROR, IKF_P12_NO_CERT, NULL,
		    "the file holds no X.509 certificate");
	else if (p->key != NULL && !p->key_matches_cert)
		ik_findings_add(&p->findings, IK_SEV_ERROR,
		    IKF_P12_KEY_CERT_MISMATCH, NULL,
		    "the private key belongs to none of the %zu certificates",
		    p->ncerts);
	return IK_OK;
}

/*
 * What opening may cost at most, said before any of it is spent: with a
 * usable MAC, the MAC and each visible item's derivation once per
 * candidate (a MAC that rejects every candidate sends each through the
 * bags); without one, each candidate through the items and the one that
 * opens them once more.  Items inside an encrypted container cannot be
 * seen before it is opened and are not counted; items over the iteration
 * limit are never computed.
 */
static void
estimate(ik_p12 *p, STACK_OF(PKCS7) *safes, const ik_secrets *cands)
{
	long long n = cands != NULL ? (long long)cands->n : 0, mac;
	char why[320];
	p12_walk w;

	if (n == 0)
		return;
	memset(&w, 0, sizeof(w));
	w.p = p;
	walk_all(&w, safes);
	mac = p->has_mac && p->mac_iterations > 0 &&
	    p->mac_iterations <= max_iterations ? p->mac_iterations : 0;
	p->kdf_estimate = mac > 0 ? n * (mac + w.cost) : (n + 1) * w.cost;
	if (p->kdf_estimate <= IK_P12_SLOW_ITERATIONS)
		return;
	snprintf(why, sizeof(why),
	    "opening may take up to %lld key-derivation iterations (about %lld s): the MAC asks for %lld and the encrypted items for %lld, tried with %lld password candidate%s",
	    p->kdf_estimate, p->kdf_estimate / IK_KDF_PER_SECOND + 1, mac,
	    w.cost, n, n == 1 ? "" : "s");
	ik_findings_add(&p->findings, IK_SEV_WARNING, IKF_P12_SLOW_KDF, NULL,
	    "%s", why);
	if (p->budget != NULL && p->budget->slow != NULL)
		p->budget->slow(p->budget->slow_arg, why);
}

ik_status
ik_p12_open(const uint8_t *buf, size_t len, const ik_secrets *cands,
    ik_p12 **out, ik_error *err)
{
	return ik_p12_open_budget(buf, len, cands, NULL, out, err);
}

ik_status
ik_p12_open_budget(const uint8_t *buf, size_t len, const ik_secrets *cands,
    ik_kdf_budget *budget, ik_p12 **out, ik_error *err)
{
	const unsigned char *q = buf;
	STACK_OF(PKCS7) *safes = NULL;
	PKCS12 *p12 = NULL;
	p12_walk w, trial;
	const char *pw = NULL, *hint;
	char what[160];
	long pick;
	ik_p12 *p;
	ik_status r;

	*out = NULL;
	ik_crypto_init();
	p = calloc(1, sizeof(*p));
	if (p == NULL)
		return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY, "out of memory");
	ik_findings_init(&p->findings);
	p->mac_iterations = -1;
	p->budget = budget;
	*out = p;
	ERR_clear_error();
	if (len > LONG_MAX)
		return p12_malformed(p, err, "input too large");
	p12 = d2i_PKCS12(NULL, &q, (long)len);
	if (p12 == NULL && len > 0 &&
	    (hint = ik_input_hint(ik_input_sniff(buf, len), IK_IN_P12)) != NULL) {
		/* Another kind of file: say which rather than the DER error. */
		snprintf(what, sizeof(what), "not a PKCS#12 structure: %s",
		    hint);
		ERR_clear_error();
		return p12_malformed(p, err, what);
	}
	if (p12 == NULL)
		return p12_malformed(p, err, len == 0 ? "empty file" :
		    "not a PKCS#12 structure (damaged or truncated DER)");
	if ((size_t)(q - buf) != len)
		ik_findings_add(&p->findings, IK_SEV_WARNING,
		    IKF_P12_TRAILING_BYTES, NULL,
		    "%zu bytes follow the PKCS#12 structure",
		    len - (size_t)(q - buf));
	read_mac(p, p12);
	safes = PKCS12_unpack_authsafes(p12);
	if (safes == NULL) {
		PKCS12_free(p12);
		return p12_malformed(p, err,
		    "the authenticated safe does not parse (damaged, or public-key integrity mode)");
	}
	estimate(p, safes, cands);
	memset(&trial, 0, sizeof(trial));
	pick = choose_password(p, p12, safes, cands, &pw, &trial);
	memset(&w, 0, sizeof(w));
	w.p = p;
	w.collect = true;
	w.certs = sk_X509_new_null();
	if (pick >= 0) {
		w.unlock = true;
		w.pw = pw;
		w.pwlen = pw != NULL ? (int)cands->v[pick].len : 0;
	}
	if (w.certs == NULL) {
		r = ik_error_set(err, IK_FATAL, IK_ERR_MEMORY, "out of memory");
	} else {
		walk_all(&w, safes);
		w.legacy_missing = w.legacy_missing || trial.legacy_missing;
		w.too_costly = w.too_costly || trial.too_costly;
		if (trial.legacy_missing)
			memcpy(w.legacy_alg, trial.legacy_alg,
			    sizeof(w.legacy_alg));
		pick_cert(p, w.certs);
		r = walk_verdict(p, &w, w.nkeys, err);
		if (r == IK_OK && p->cert != NULL)
			ik_p12_cert_describe(p);
	}
	sk_X509_pop_free(w.certs, X509_free);
	sk_PKCS7_pop_free(safes, PKCS7_free);
	PKCS12_free(p12);
	ERR_clear_error();
	return r;
}

void
ik_p12_free(ik_p12 *p)
{
	size_t i;

	if (p == NULL)
		return;
	/* EVP_PKEY_free clears the private key's numbers before freeing them. */
	EVP_PKEY_free(p->key);
	X509_free(p->cert);
	free(p->ci.subject);
	free(p->ci.issuer);
	free(p->ci.cn);
	free(p->itl_recovery_host);
	for (i = 0; i < p->nmatches; i++)
		free(p->matches[i].itl);
	free(p->matches);
	free(p->bags);
	ik_findings_free(&p->findings);
	free(p);
}
