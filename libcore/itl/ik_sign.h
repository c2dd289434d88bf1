/*
 * ik_sign.h: operations that write trust lists: building a new ITL/CTL in
 * CUCM layout and re-signing an existing one (the offline `utils itl
 * reset`).  Both produce files that ik_itl_verify accepts.
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

#endif /* IK_SIGN_H */
