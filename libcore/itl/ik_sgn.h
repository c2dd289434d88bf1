/*
 * ik_sgn.h: layer itl, signed files.  What CUCM's TFTP service signs for
 * phones besides trust lists (SEP<MAC>.cnf.xml.sgn, .enc.sgn, firmware
 * and ringer files): the trust-list header over a payload instead of
 * records.  Parsed leniently (the header by ik_itl_parse_header), checked
 * against the TFTP-role records of the trust lists phones hold, and
 * written (ik_sgn_sign_op) the way the peer tool lays them out.  The byte
 * format: docs/formats.md, "Signed files".
 */
#ifndef IK_SGN_H
#define IK_SGN_H

#include <openssl/evp.h>

#include "ik_itl.h"
#include "ik_sign.h"

/*
 * Config files are kilobytes, firmware images tens of megabytes; past
 * this a file is not read (it is held in memory twice while checked).
 */
#define IK_SGN_MAX_INPUT	(64u << 20)

typedef struct ik_sgn {
	/*
	 * The header as a trust-list model without records: signer fields,
	 * signature, FILENAME, TIMESTAMP, findings, and the whole file's
	 * bytes (hdr->buf) that the signature covers.
	 */
	ik_itl *hdr;
	size_t payload_off, payload_len;
	/* .enc.sgn: header version 2.x or an ENCRYPTION INFO container. */
	bool encrypted;
	const uint8_t *enc_iv;
	size_t enc_iv_len;
	int enc_padding;		/* tag 20, -1 when absent */
	int enc_key_bits;		/* tag 23, -1 */
	int enc_key_alg;		/* tag 24, -1 */
	const uint8_t *enc_key;		/* tag 25: the key wrapped for the phone */
	size_t enc_key_len;
	int enc_hash_alg;		/* tag 26, -1 */
	const uint8_t *enc_hash;	/* tag 27: digest of the plain payload */
	size_t enc_hash_len;
} ik_sgn;

/*
 * Parses a signed file (bytes copied).  name, when not NULL, is the file's
 * name to compare with FILENAME.  Returns IK_OK (maybe with findings),
 * IK_FAILED for a malformed header (*out still holds what was read),
 * IK_FATAL when memory ran out (*out NULL).
 */
ik_status ik_sgn_parse(const uint8_t *buf, size_t len, const char *name,
    ik_sgn **out, ik_error *err);
void ik_sgn_free(ik_sgn *s);
/* The payload bytes (inside s->hdr->buf). */
const uint8_t *ik_sgn_payload(const ik_sgn *s);

/*
 * The plain payload of an encrypted file, with the phone's private key
 * (RSA): the wrapped AES key opened, AES-CBC undone, the pad count taken
 * off, and the result checked against the header's digest of the plain
 * file.  *out is malloc'd.  IK_FAILED with err saying why (another
 * phone's key, a header that lacks a field, a digest that does not
 * match); IK_FATAL out of memory.
 */
ik_status ik_sgn_decrypt(const ik_sgn *s, EVP_PKEY *key, uint8_t **out,
    size_t *outlen, ik_error *err);

typedef enum ik_sgn_verdict {
	IK_SGN_UNKNOWN = 0,
	IK_SGN_ACCEPT,
	IK_SGN_REJECT
} ik_sgn_verdict;

/* The answer for the phones holding one trust list. */
typedef struct ik_sgn_check {
	ik_sgn_verdict verdict;
	size_t record;			/* 1-based record taken as signer, 0 none */
	int function;			/* that record's FUNCTION, -1 */
	ik_sigstate signature;		/* checked with that record's key */
	ik_code code;			/* the reason's finding code */
	char reason[320];		/* one sentence, printable */
} ik_sgn_check;

/*
 * Would phones holding itl accept s?  The signer is the record whose
 * serial and issuer are the header's, and it must be a TFTP or CCM+TFTP
 * record carrying its certificate, whose key verifies the signature.
 * itl NULL: unknown, no trust list given.
 */
void ik_sgn_check_itl(const ik_sgn *s, const ik_itl *itl, ik_sgn_check *out);
/*
 * Checks that need no trust list: signature present and of a known
 * digest, modulus code against its length.  Adds findings to s->hdr.
 */
void ik_sgn_lint(ik_sgn *s);
const char *ik_sgn_verdict_name(ik_sgn_verdict v);
/*
 * The answer as a finding of s (where "itl PATH"): SGN_ACCEPTED info,
 * SGN_NO_ITL warning, every refusal or unknown an error.
 */
void ik_sgn_note(ik_sgn *s, const char *itl, const ik_sgn_check *c);

/*
 * Signs payload as a signed file: header 1 (1.0), 2, 3{4,5,6},
 * 7{8,9{10,11}}, 12, 14 (filename), 15, pads to a multiple of 4, then the
 * payload; the signature over all of it minus the SIGNATURE TLV.  The
 * output is parsed and verified with the signer's key, its payload
 * compared byte for byte, before r->buf is set; r->out is the output's
 * header.  o->digest 0: SHA-1.  Returns r->status.
 */
ik_status ik_sgn_sign_op(const ik_sign_opts *o, const char *filename,
    const uint8_t *payload, size_t len, ik_sign_result *r);
/* The signing primitive of ik_sgn_sign_op (itl_sign.c). */
ik_status ik_sgn_build(const ik_sign_opts *o, const char *filename,
    const uint8_t *payload, size_t len, uint8_t **out, size_t *outlen,
    ik_error *err);

#endif /* IK_SGN_H */
