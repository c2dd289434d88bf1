/*
 * ik_sign.h: layer itl, operations that write trust lists: building a new
 * ITL/CTL in CUCM layout and re-signing an existing one (the offline
 * `utils itl reset`).  The signing primitives (itl_sign.c) produce bytes;
 * the operations (sign_op.c) add the signer policy and verify those bytes
 * before anything may write them.  Reports: ik_sign_render.h.
 */
#ifndef IK_SIGN_H
#define IK_SIGN_H

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "ik_itl.h"

typedef struct ik_sign_opts {
	EVP_PKEY *key;		/* the signer's private key (RSA) */
	X509 *cert;		/* the signer's certificate */
	int digest;		/* IK_ITL_DIGEST_SHA1 / SHA256 / SHA512 */
	uint32_t timestamp;	/* Unix seconds written to tag 15 */
	/*
	 * Tag 28, major << 8 | minor (0x0101: 1.1, phones provision over
	 * HTTPS on port 6971).  0: a build writes none, a re-sign keeps the
	 * input's; otherwise a re-sign replaces or adds it.
	 */
	uint16_t signer_version;
} ik_sign_opts;

typedef struct ik_build_record {
	int function;		/* IK_FN_* */
	X509 *cert;
	bool hash_only;		/* CERTHASH + HASH ALGORITHM, no CERTIFICATE */
	const char *dns_name;	/* NULL writes an empty name */
	bool has_ip;
	uint8_t ip[4];
} ik_build_record;

/*
 * Builds a signed trust list.  filename is written to tag 14 (NULL:
 * "ITLFile.tlv").  The signer certificate must be one of the SAST records
 * for phones to accept the result; the builder does not insist.  A SAST
 * record with hash_only is refused (IK_FATAL, IK_ERR_REFUSED): phones verify
 * signatures with the SAST record's certificate.
 */
ik_status ik_itl_build(const ik_sign_opts *o, const char *filename,
    const ik_build_record *recs, size_t nrec, uint8_t **out, size_t *outlen,
    ik_error *err);

/*
 * Re-signs a parsed, well-formed trust list: every record byte is kept;
 * the signer name, serial, CA name, digest, modulus code, signature and
 * timestamp are rewritten, the header length and padding recomputed.
 * Other header TLVs keep their order and values.  Refused (IK_FATAL,
 * IK_ERR_REFUSED) when the signing certificate is a SAST record of in by its
 * hash only: nobody could verify the result.
 */
ik_status ik_itl_resign(const ik_itl *in, const ik_sign_opts *o,
    uint8_t **out, size_t *outlen, ik_error *err);

/*
 * 1-based index of the SAST record of in that carries cert itself (not
 * only its hash), or 0.
 */
size_t ik_itl_find_sast_cert(const ik_itl *in, X509 *cert);
/* The SHA-1 of cert's DER form, as records name certificates. */
bool ik_itl_cert_sha1(X509 *cert, uint8_t sha[20]);

/* ---- the operations: policy, verification before writing ------------- */

/*
 * What an operation may do beyond the safe default: each is a choice a
 * person makes knowingly, and the library leaves its wording to the
 * caller.  A refusal one of them would lift is an error finding whose
 * code says which: SIGN_SIGNER_NOT_IN_ITL (foreign_signer) and
 * SIGN_INPUT_SIGNATURE_INVALID (invalid_input).
 */
typedef struct ik_sign_policy {
	/*
	 * Sign although the signing certificate is not a SAST record of the
	 * result (phones holding the input would reject it); such an output
	 * is checked with the signer's own key instead.
	 */
	bool foreign_signer;
	/* Re-sign an input whose own signature does not verify. */
	bool invalid_input;
} ik_sign_policy;

typedef struct ik_sign_result {
	/*
	 * IK_OK: buf verified and may be written; IK_FAILED: refused (the
	 * input, the policy, the output's verification, a key that is not
	 * the certificate's; findings say why); IK_FATAL: the operation
	 * cannot be done (a SAST record by hash only, a key trust lists
	 * cannot carry, memory).
	 */
	ik_status status;
	uint8_t *buf;		/* the verified output, owned; NULL unless IK_OK */
	size_t len;
	ik_itl *out;		/* the output as parsed and verified, when it parsed */
	ik_findings findings;
	bool written;		/* set by ik_sign_result_write */
	uint8_t sha256[32];	/* of the written file */
} ik_sign_result;

void ik_sign_result_init(ik_sign_result *r);
void ik_sign_result_free(ik_sign_result *r);

/*
 * Re-signs the trust list in buf (as read: a file that is not a binary
 * trust list is refused, SIGN_INPUT_MALFORMED).  o->digest 0 keeps the
 * input's digest.  The input must verify and hold the signer as a SAST
 * record (policy p lifts each); the output is parsed, verified, and its
 * records compared byte for byte with the input's before r->buf is set.
 * Returns r->status.
 */
ik_status ik_itl_resign_op(const uint8_t *buf, size_t len,
    const ik_sign_opts *o, const ik_sign_policy *p, ik_sign_result *r);

/*
 * Builds a trust list (ik_itl_build) and verifies it as ik_itl_resign_op
 * does.  The signer must be one of the SAST records unless
 * p->foreign_signer.  Returns r->status.
 */
ik_status ik_itl_build_op(const ik_sign_opts *o, const char *filename,
    const ik_build_record *recs, size_t nrec, const ik_sign_policy *p,
    ik_sign_result *r);

/*
 * Writes a verified output to path (atomically; an existing file only
 * with replace) and records its SHA-256.  A result that did not verify
 * is never written: IK_FATAL.
 */
ik_status ik_sign_result_write(ik_sign_result *r, const char *path,
    bool replace, ik_error *err);

/*
 * A record as tools and jobs name it, ROLE:CERT ("sast:ccm.pem"): the
 * role's IK_FN_* code and where CERT starts in spec.  0, or -1 with the
 * reason appended to why (spec quoted as given).
 */
int ik_build_record_spec(const char *spec, int *function, const char **cert,
    ik_sb *why);

/* "sha1", "sha256", "sha512" (any case) as a header digest code, or -1. */
int ik_itl_digest_code(const char *name);

#endif /* IK_SIGN_H */
