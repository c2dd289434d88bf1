/*
 * ik_p12.h: the PKCS#12 layer: ITLRecovery.p12 and any other key file
 * in PKCS#12 form.  Opening walks the structure with OpenSSL (MAC, every
 * bag and its password-based encryption), tries the password candidates,
 * and yields the private key and its certificate; checking judges the
 * certificate as an ITLRecovery certificate as of a given time and
 * against trust lists.  Used by p12-check, itl-sign, drs-verify and the
 * recipe engine alike.
 * Layer: p12.
 */
#ifndef IK_P12_H
#define IK_P12_H

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "ik_base.h"
#include "ik_itl.h"
#include "ik_secret.h"

/* An ITLRecovery.p12 is under 4 KB; anything over this is not one. */
#define IK_P12_MAX_INPUT	(1u << 20)

typedef enum ik_p12_password {
	IK_P12_PW_NOT_GIVEN = 0,	/* no candidate was offered */
	IK_P12_PW_MATCHED,
	IK_P12_PW_WRONG
} ik_p12_password;

typedef struct ik_p12_bag {
	const char *type;	/* "key", "cert" or "other" */
	char algorithm[96];	/* "pbeWithSHA1And3-KeyTripleDES-CBC", "PBES2/PBKDF2/hmacWithSHA256/aes-256-cbc", "none" */
	long iterations;	/* -1 when there is none or it is unknown */
	bool legacy;		/* PKCS#12 v1 PBE or a legacy-provider cipher */
	bool sealed;		/* an encrypted container not opened (no password) */
} ik_p12_bag;

typedef struct ik_p12_cert_info {
	char *subject, *issuer;	/* CUCM style: CN=..;OU=..;.. */
	char *cn;		/* the subject's common name, or NULL */
	char serial[3 * 64 + 1];	/* colon-separated upper-case hex */
	uint8_t sha1[20];	/* of the DER certificate */
	bool has_validity;
	time_t not_before, not_after;
	const char *key_type;	/* "RSA", "EC", "other", or NULL */
	int key_bits;
	bool self_signed;	/* issuer name and key identifiers say so */
	bool self_signature_valid;	/* its signature verifies with its own key */
} ik_p12_cert_info;

typedef struct ik_p12_itl_match {
	char *itl;		/* the trust list's name as given */
	size_t record;		/* 1-based record compared against, 0 none */
	/*
	 * False when no certificate could be read from the p12 (damaged,
	 * locked): nothing was compared, and matches says nothing.
	 */
	bool compared;
	bool matches;		/* that record holds this very certificate */
} ik_p12_itl_match;

/*
 * A budget of key-derivation iterations, shared by every file a run opens
 * (drs-verify --deep meets one PKCS#12 file per member, each tried with
 * every candidate): each MAC check or bag decryption is charged its
 * iteration count before it runs, and one that does not fit is not run
 * (P12_BUDGET_EXHAUSTED; the password is then not judged).  Charging is
 * atomic: components read on several threads share one budget.
 */
typedef struct ik_kdf_budget {
	long long limit;	/* iterations allowed in all */
	long long spent;	/* charged so far */
	long long refused;	/* asked for and not allowed */
	/*
	 * Called before a file's derivations start when they may cost more
	 * than IK_P12_SLOW_ITERATIONS (worst case: every candidate wrong);
	 * why says what asks for them.  May be NULL.
	 */
	void (*slow)(void *arg, const char *why);
	void *slow_arg;
} ik_kdf_budget;

/* About 30 s of PKCS#12 key derivation on one core (docs/formats-drs.md). */
#define IK_KDF_BUDGET_DEFAULT	100000000LL
/* Iterations of key derivation per second on one core of the reference
 * machine (measured: PKCS#12 v1 SHA-1 4.2 M/s, PBKDF2-HMAC-SHA256 3.6 M/s;
 * docs/formats-drs.md), for messages. */
#define IK_KDF_PER_SECOND	3500000LL
/* About 3 s: a file that may cost more is reported (P12_SLOW_KDF). */
#define IK_P12_SLOW_ITERATIONS	10000000LL

/* limit <= 0: IK_KDF_BUDGET_DEFAULT.  No callback. */
void ik_kdf_budget_init(ik_kdf_budget *b, long long limit);
/* Charges n iterations (at least 1); false, and nothing charged, when
 * they do not fit.  b may be NULL (no budget). */
bool ik_kdf_budget_take(ik_kdf_budget *b, long long n);

typedef struct ik_p12 {
	bool malformed;		/* not a parseable PKCS#12 structure */
	bool damaged;		/* parses, but the MAC fails where the password is right */
	ik_p12_password password;
	bool has_candidate_line;
	size_t candidate_line;	/* 1-based line of the matching candidate */
	bool unprotected;	/* neither a MAC nor encryption to check a password against */

	bool has_mac;
	char mac_algorithm[32];	/* "sha1", "sha256", ... */
	long mac_iterations;
	bool mac_verified;

	ik_p12_bag *bags;
	size_t nbags;

	EVP_PKEY *key;		/* owned; NULL when absent or locked */
	X509 *cert;		/* owned; the certificate of key, or the first one */
	size_t ncerts;		/* certificates in the file */
	bool key_matches_cert;
	bool has_cert_info;
	ik_p12_cert_info ci;

	/* Filled by ik_p12_check. */
	bool checked;
	time_t at;
	long long days_left;
	char *itl_recovery_host;	/* NULL when the CN is not ITLRECOVERY_<host> */

	ik_p12_itl_match *matches;
	size_t nmatches;

	/* Key derivation: what opening may cost at most with the candidates
	 * given, and whether the budget stopped some of it. */
	long long kdf_estimate;
	bool over_budget;
	ik_kdf_budget *budget;	/* charged while opening; NULL: none */

	ik_findings findings;
} ik_p12;

/*
 * Opens a PKCS#12 file from memory with password candidates (cands may
 * be NULL or empty: the structure is still reported).  Returns
 *   IK_OK      opened; the password may still be wrong (p->password and
 *              an error finding P12_WRONG_PASSWORD say so);
 *   IK_FAILED  not a PKCS#12 structure (p->malformed, P12_MALFORMED);
 *   IK_FATAL   the job cannot be done: memory, or a legacy algorithm
 *              with no legacy provider (err says which).
 * *out is set in all cases but memory exhaustion; free it with
 * ik_p12_free.
 */
ik_status ik_p12_open(const uint8_t *buf, size_t len, const ik_secrets *cands,
    ik_p12 **out, ik_error *err);
/* The same, every key derivation charged to budget (may be NULL). */
ik_status ik_p12_open_budget(const uint8_t *buf, size_t len,
    const ik_secrets *cands, ik_kdf_budget *budget, ik_p12 **out,
    ik_error *err);
void ik_p12_free(ik_p12 *p);

/*
 * Iteration counts are attacker-chosen and each one costs a hash: a MAC or
 * bag with more than this many (default 10,000,000, about three seconds)
 * is reported (P12_ITERATIONS_TOO_HIGH) and not computed.  Fuzzers lower it.
 */
#define IK_P12_MAX_ITERATIONS_DEFAULT	10000000L
void ik_p12_set_max_iterations(long max);

typedef struct ik_p12_check_opts {
	time_t at;		/* judge validity as of this time */
	int warn_days;		/* expiring within N days is a warning */
} ik_p12_check_opts;

/*
 * Judges the certificate as an ITLRecovery certificate: validity and days
 * left as of o->at, the ITLRECOVERY_<host> subject, the key size and the
 * self-signature.  Adds findings.
 */
void ik_p12_check(ik_p12 *p, const ik_p12_check_opts *o);

/*
 * Records whether itl's ITLRECOVERY record is this very certificate
 * (compared by the SHA-1 of the DER, never by name); a mismatch or a list
 * without that record is an error finding.
 */
ik_status ik_p12_match_itl(ik_p12 *p, const char *name, const ik_itl *itl,
    ik_error *err);

/* "ok", "findings", "wrong-password", "damaged" or "malformed" */
const char *ik_p12_status(const ik_p12 *p);

/*
 * PEM of the key (PKCS#8, unencrypted) or of the certificate in a buffer
 * that wipes itself: pass it to ik_p12_pem_free.
 */
ik_status ik_p12_key_pem(const ik_p12 *p, void **handle, const uint8_t **pem,
    size_t *len, ik_error *err);
ik_status ik_p12_cert_pem(const ik_p12 *p, void **handle,
    const uint8_t **pem, size_t *len, ik_error *err);
void ik_p12_pem_free(void *handle);

/* A private key or a certificate from PEM (or DER) bytes, for signers given as files. */
ik_status ik_pem_read_key(const uint8_t *buf, size_t len, EVP_PKEY **out,
    ik_error *err);
ik_status ik_pem_read_cert(const uint8_t *buf, size_t len, X509 **out,
    ik_error *err);

#endif /* IK_P12_H */
