/*
 * ik_itl.h: the trust-list layer: ITL and CTL files (ITLFile.tlv,
 * CTLFile.tlv, ITLSEP<MAC>.tlv) as a model, parsed leniently by tag,
 * serialised back byte for byte, verified and linted.
 *
 * The byte format is described in docs/formats.md.  A parse never aborts
 * on a disagreement it can step over: disagreements become findings.
 * Only bytes that cannot be walked (a TLV running past the end) make a
 * file malformed, and even then the model holds what was read.
 */
#ifndef IK_ITL_H
#define IK_ITL_H

#include "ik_base.h"

/* Phones refuse files over 64 KB; we read up to this much as evidence. */
#define IK_ITL_MAX_INPUT	(4u << 20)
#define IK_ITL_PHONE_MAX_BYTES	65535
#define IK_ITL_PHONE_MAX_CERTS	39
/*
 * What one list may expand into.  A real ITL or CTL has under 64 KB, a few
 * dozen records and about a dozen TLVs per record; 4 MiB of tiny records
 * or empty TLVs would otherwise cost hundreds of model and JSON bytes per
 * input byte.  Past either cap the walk stops with TOO_MANY_RECORDS and the
 * list is incomplete (docs/findings.md).
 */
#define IK_ITL_MAX_RECORDS	1024
#define IK_ITL_MAX_TLVS		4096

/* FUNCTION codes of records. */
enum {
	IK_FN_SAST = 0,
	IK_FN_CCM = 1,
	IK_FN_CCM_TFTP = 2,
	IK_FN_TFTP = 3,
	IK_FN_CAPF = 4,
	IK_FN_APP_SERVER = 7,
	IK_FN_TVS = 21
};

/* Header tags. */
enum {
	IK_HT_VERSION = 1, IK_HT_HEADERLENGTH = 2, IK_HT_SIGNERID = 3,
	IK_HT_SIGNERNAME = 4, IK_HT_SERIAL = 5, IK_HT_CANAME = 6,
	IK_HT_SIGINFO = 7, IK_HT_DIGESTALG = 8, IK_HT_SIGALGINFO = 9,
	IK_HT_SIGALG = 10, IK_HT_SIGMODULUS = 11, IK_HT_SIGNATURE = 12,
	IK_HT_PAD = 13, IK_HT_FILENAME = 14, IK_HT_TIMESTAMP = 15,
	IK_HT_SIGNERVERSION = 28
};

/*
 * Header tags of encrypted signed files (.enc.sgn, header version 2.0):
 * containers 16 (ENCRYPTION INFO), 17 (IV INFO) and 21 (KEY INFO).
 */
enum {
	IK_HT_ENC_FIRST = 16,
	IK_HT_ENC_INFO = 16, IK_HT_ENC_IVINFO = 17, IK_HT_ENC_UNKNOWN1 = 18,
	IK_HT_ENC_IV = 19, IK_HT_ENC_PADDING = 20, IK_HT_ENC_KEYINFO = 21,
	IK_HT_ENC_UNKNOWN2 = 22, IK_HT_ENC_KEYSIZE = 23, IK_HT_ENC_KEYALG = 24,
	IK_HT_ENC_KEY = 25, IK_HT_ENC_HASHALG = 26, IK_HT_ENC_HASH = 27,
	IK_HT_ENC_LAST = 27
};

/* Record tags. */
enum {
	IK_RT_RECORDLENGTH = 1, IK_RT_DNSNAME = 2, IK_RT_SUBJECT = 3,
	IK_RT_FUNCTION = 4, IK_RT_ISSUER = 5, IK_RT_SERIAL = 6,
	IK_RT_PUBKEY = 7, IK_RT_SIGNATURE = 8, IK_RT_CERT = 9,
	IK_RT_IPADDRESS = 10, IK_RT_CERTHASH = 11, IK_RT_HASHALG = 12
};

/* Digest codes of header tag 8 and record tag 12. */
enum { IK_ITL_DIGEST_SHA1 = 1, IK_ITL_DIGEST_SHA256 = 2,
	IK_ITL_DIGEST_SHA512 = 3 };

typedef enum ik_tlv_kind {
	IK_TLV_LEAF = 0,
	IK_TLV_CONTAINER = 1,	/* value is the nested TLVs that follow */
	IK_TLV_PAD = 2		/* tag 13 of the header: one byte, no length */
} ik_tlv_kind;

typedef struct ik_tlv {
	uint8_t tag;
	uint8_t kind;		/* ik_tlv_kind */
	uint8_t depth;		/* nesting level inside header containers */
	uint16_t len;		/* declared length */
	size_t off;		/* offset of the tag byte */
	const uint8_t *val;	/* len bytes (leaf); NULL for containers/pads */
} ik_tlv;

typedef enum ik_itl_format { IK_FMT_TLV = 0, IK_FMT_TEXT = 1 } ik_itl_format;
typedef enum ik_itl_kind { IK_KIND_UNKNOWN = 0, IK_KIND_ITL, IK_KIND_CTL }
    ik_itl_kind;

typedef enum ik_sigstate {
	IK_SIG_NOT_CHECKED = 0,
	IK_SIG_VALID,
	IK_SIG_INVALID,
	IK_SIG_NO_SIGNER,
	IK_SIG_UNSUPPORTED,
	/*
	 * The signer record carries no certificate (only CERTHASH): phones
	 * verify with the certificate they hold, never with a PUBLICKEY the
	 * file brings along, so nobody can check this signature.
	 */
	IK_SIG_UNVERIFIABLE
} ik_sigstate;

typedef struct ik_itl_record {
	size_t index;			/* 1-based */
	size_t off;			/* offset of its RECORDLENGTH TLV */
	size_t span;			/* bytes its TLVs really cover */
	bool has_declared_length;
	uint16_t declared_length;	/* RECORDLENGTH value */
	size_t tlv_first, tlv_count;	/* its TLVs in ik_itl.tlvs */

	int function;			/* -1 when absent */
	char *dns_name, *subject, *issuer;	/* without the NUL; may be NULL */
	const uint8_t *serial;
	size_t serial_len;
	const uint8_t *pubkey;
	size_t pubkey_len;
	const uint8_t *cert_sig;
	size_t cert_sig_len;
	const uint8_t *cert;
	size_t cert_len;
	const uint8_t *certhash;
	size_t certhash_len;
	int hash_alg;			/* tag 12, -1 when absent */
	bool has_ip;
	uint8_t ip[4];

	/* The certificate's identity: SHA-1 of the DER, or a SHA-1 CERTHASH. */
	bool has_cert_sha1;
	uint8_t cert_sha1[20];

	/* Decoded from the certificate, when it parses. */
	bool cert_parsed;
	char *cert_subject, *cert_issuer;	/* CUCM style: CN=..;OU=..;.. */
	uint8_t *cert_serial;
	size_t cert_serial_len;
	bool has_validity;
	time_t not_before, not_after;
	const char *key_type;		/* "RSA", "EC", ... or NULL */
	int key_bits;			/* 0 when unknown */
	void *pkey;			/* EVP_PKEY*, owned; from cert or PUBLICKEY */

	bool is_signer;
	bool is_itl_recovery;
} ik_itl_record;

typedef struct ik_itl_header {
	bool has_version;
	uint8_t ver_major, ver_minor;
	bool has_header_length;
	uint16_t header_length;		/* as declared by tag 2 */
	bool has_signer_version;
	uint8_t signer_version[2];
	uint16_t signerid_len;		/* container 3's declared length */
	char *signer_name;
	const uint8_t *signer_serial;
	size_t signer_serial_len;
	char *ca_name;
	int digest_alg;			/* tag 8, -1 when absent */
	int sig_alg;			/* tag 10, -1 when absent */
	int sig_modulus;		/* tag 11, -1 when absent */
	bool has_signature;
	const uint8_t *signature;
	size_t signature_len;
	size_t signature_tlv_off;	/* where the SIGNATURE TLV starts */
	char *filename;
	bool has_timestamp;
	uint32_t timestamp;
	size_t end;			/* where the header really ends */
	size_t pads;
} ik_itl_header;

typedef struct ik_itl {
	ik_itl_format format;
	ik_itl_kind kind;
	uint8_t *buf;			/* owned copy of the bytes (TLV) */
	size_t len;
	size_t file_length;		/* trust-list length (printed, for text) */
	bool has_md5, has_sha1;
	uint8_t md5[16], sha1[20];	/* of the trust list as served */

	ik_tlv *tlvs;
	size_t ntlv, tlv_cap, header_ntlv;
	ik_itl_header hdr;
	ik_itl_record *recs;
	size_t nrec, rec_cap;

	/*
	 * The header of a signed file (ik_itl_parse_header): no records, and
	 * the encryption tags 16-27 are known.
	 */
	bool signed_file;
	bool malformed;			/* the walk stopped early */
	/*
	 * Text dumps: the paste is cut (records do not add up to the printed
	 * length, it ends inside a record, or records are missing).  Any
	 * judgement that needs absent records is not made.
	 */
	bool incomplete;
	/* The walk stopped at IK_ITL_MAX_RECORDS or IK_ITL_MAX_TLVS (then
	 * incomplete is set too). */
	bool capped;
	long long malformed_off;
	size_t trailing_off, trailing_len;

	ik_sigstate signature;
	size_t signer_index;		/* 1-based record, 0 none */
	ik_findings findings;

	/*
	 * Text dumps only (dump_parse.c).  owned is a chain of blocks, each
	 * starting with the pointer to the next, that holds what the model's
	 * pointers (TLV values, serials, hashes) point into; ik_itl_free frees
	 * it.  dump_modified is the "last modified on" date as printed;
	 * dump_verified records that CUCM printed "The ITL file was verified
	 * successfully." (its check, not ours); dump_index is the 1-based
	 * position of this dump in its file.
	 */
	void *owned;
	char *dump_modified;
	bool dump_verified;
	size_t dump_index;
	size_t dump_sig_printed;	/* signature bytes the dump printed */
} ik_itl;

/*
 * Parses a binary trust list.  The bytes are copied.  Returns IK_OK (maybe
 * with findings), IK_FAILED for a malformed file (*out still holds what
 * was read and itl->malformed is set), IK_FATAL only when memory ran out.
 */
ik_status ik_itl_parse(const uint8_t *buf, size_t len, ik_itl **out,
    ik_error *err);
/*
 * Parses only the header of a signed file (.sgn, .enc.sgn: the trust-list
 * header over a payload instead of records), stepping into the containers
 * of encrypted files too; hdr.end is where the payload starts.  Returns as
 * ik_itl_parse.  See ik_sgn.h.
 */
ik_status ik_itl_parse_header(const uint8_t *buf, size_t len, ik_itl **out,
    ik_error *err);
/*
 * Loads a trust list of either format: a binary file, or the text of a
 * `show itl` / `show ctl` dump (see ik_dump_parse).
 */
ik_status ik_trustlist_load(const uint8_t *buf, size_t len, ik_itl **out,
    ik_error *err);
bool ik_trustlist_is_text(const uint8_t *buf, size_t len);
/*
 * For a malformed model read from another kind of file (a p12, a
 * compressed file, phone reports): an error finding NOT_A_TRUST_LIST and
 * err saying what the file is.  The loaders call it.
 */
void ik_trustlist_note_kind(ik_itl *itl, const uint8_t *buf, size_t len,
    ik_error *err);
/*
 * Parses `show itl` / `show ctl` text into the same model, with what a dump
 * cannot carry (certificate bytes, signature bytes) marked absent.
 */
ik_status ik_dump_parse(const uint8_t *buf, size_t len, ik_itl **out,
    ik_error *err);
/*
 * Several dumps in one file: parses the dump that starts at or after
 * *pos and moves *pos past it.  Returns IK_OK with *out NULL when no
 * further dump remains; otherwise as ik_dump_parse.
 */
ik_status ik_dump_parse_next(const uint8_t *buf, size_t len, size_t *pos,
    ik_itl **out, ik_error *err);
/*
 * Every trust list in a file: one for a binary file, one per dump for
 * text.  *out is a malloc'd array of *n models (free each, then the
 * array).  On failure the models read so far are kept (status as the
 * worst single parse); IK_FATAL leaves *out NULL.
 */
ik_status ik_trustlist_load_all(const uint8_t *buf, size_t len,
    ik_itl ***out, size_t *n, ik_error *err);

/* The message of the finding that made the file malformed. */
const char *ik_itl_malformed_message(const ik_itl *itl);
/* What an incomplete dump lacks (its first DUMP_INCOMPLETE finding). */
const char *ik_itl_incomplete_message(const ik_itl *itl);

/* An empty model, for text dumps and builders. */
ik_itl *ik_itl_new(ik_itl_format fmt);
void ik_itl_free(ik_itl *itl);

/*
 * Decodes every record's certificate and cross-checks the record's own
 * fields against it (subject, issuer, serial, public key).  Called by
 * ik_itl_parse; exposed for models built another way.
 */
void ik_itl_decode_certs(ik_itl *itl);
/*
 * True when the model of itl is full: another record (new_record) or
 * another TLV would pass IK_ITL_MAX_RECORDS or IK_ITL_MAX_TLVS.  The
 * first time, reports TOO_MANY_RECORDS at off and marks the list capped
 * and incomplete.  Parsers call it before adding to the model and stop
 * walking when it says so.
 */
bool ik_itl_full(ik_itl *itl, bool new_record, size_t off);

/*
 * Verifies the signature as the format says (the file minus the
 * SIGNATURE TLV; signer = FUNCTION 0 record with the header's serial),
 * with the signer record's certificate only: a signer record without one
 * makes the signature IK_SIG_UNVERIFIABLE (SIGNER_NO_CERTIFICATE).
 * Sets itl->signature and signer_index and adds findings.
 */
void ik_itl_verify(ik_itl *itl);

/*
 * Whether the signature of a binary file (the bytes minus the SIGNATURE
 * TLV, the header's digest, PKCS#1 v1.5) verifies with pkey (EVP_PKEY*).
 * False too when the header has no signature or an unknown digest code.
 */
bool ik_itl_signature_verifies(const ik_itl *itl, void *pkey);

/*
 * Whether r carries its certificate (a CERTIFICATE TLV; in a text dump the
 * CERTIFICATE line with its SHA-1), rather than only claiming one by
 * CERTHASH.  Only such a record identifies a certificate a phone can use.
 */
bool ik_itl_record_has_cert(const ik_itl *itl, const ik_itl_record *r);
/*
 * Does the PUBLICKEY of r (a record naming a certificate by hash) belong
 * to the certificate that record cert carries?  1 yes, 0 no (a forged
 * record), -1 unknown (r has no PUBLICKEY, or cert's key is not known, as
 * in text dumps).
 */
int ik_itl_record_key_belongs(const ik_itl_record *r,
    const ik_itl_record *cert);

typedef struct ik_lint_opts {
	time_t at;			/* judge validity as of this time */
	int warn_days;			/* expiring within N days */
} ik_lint_opts;

/* Lint findings that do not need the signature (run after verify). */
void ik_itl_lint(ik_itl *itl, const ik_lint_opts *o);

/*
 * The records' identities, in order, as one SHA-1: each record's function,
 * serial, certificate SHA-1, subject and issuer.  A binary list, its
 * `show itl` dump and the same list re-signed (only the header changes)
 * give the same digest, so that a pasted dump can be matched to a
 * predicted file.  False (out untouched) when the list is malformed or
 * incomplete, or a record lacks one of them.
 */
bool ik_itl_records_sha1(const ik_itl *itl, uint8_t out[20]);

/* "ok", "findings", "incomplete" or "malformed" */
const char *ik_itl_status(const ik_itl *itl);
const char *ik_sigstate_name(ik_sigstate s);
const char *ik_itl_kind_name(ik_itl_kind k);

/* "System Administrator Security Token", "CCM", ... or NULL if unknown. */
const char *ik_itl_function_text(int fn);
/* "sast", "ccm", "ccm+tftp", "tftp", "capf", "app-server", "tvs" or NULL */
const char *ik_itl_function_role(int fn);
/* Inverse of ik_itl_function_role; -1 when unknown. */
int ik_itl_function_from_role(const char *role);
/* True for roles that may sign a trust list (SAST, TFTP, CCM+TFTP). */
bool ik_itl_function_signs(int fn);
/*
 * Two distinguished names as sets of attribute=value pairs: writers differ
 * in order and separator (CUCM "CN=..;OU=..;O=..", the peer tool
 * "CN=..,O=..,OU=.."), and pasted text adds spaces around them.
 */
bool ik_itl_names_equal(const char *a, const char *b);
/* ik_digest for a header tag 8 code, or -1. */
int ik_itl_digest_from_code(int code);

/* ---- writing ----------------------------------------------------------- */

/*
 * A TLV writer: bytes accumulate in sb; containers are opened and closed
 * and their lengths patched on close.  Errors (a value over 65535 bytes,
 * unbalanced containers, memory) are latched in w->failed.
 */
typedef struct ik_tlvw {
	ik_sb sb;
	size_t open[8];
	int depth;
	bool failed;
} ik_tlvw;

void ik_tlvw_init(ik_tlvw *w);
void ik_tlvw_free(ik_tlvw *w);
void ik_tlvw_leaf(ik_tlvw *w, uint8_t tag, const void *val, size_t len);
void ik_tlvw_u8(ik_tlvw *w, uint8_t tag, uint8_t v);
void ik_tlvw_u16(ik_tlvw *w, uint8_t tag, uint16_t v);
void ik_tlvw_u32(ik_tlvw *w, uint8_t tag, uint32_t v);
/* A string with its terminating NUL counted in the length. */
void ik_tlvw_str(ik_tlvw *w, uint8_t tag, const char *s);
void ik_tlvw_open(ik_tlvw *w, uint8_t tag);
void ik_tlvw_close(ik_tlvw *w);
void ik_tlvw_pad(ik_tlvw *w);

/*
 * Serialises the model's TLVs in order (container lengths recomputed from
 * their contents).  A parsed, well-formed file comes back byte-identical.
 * Malformed models are refused.
 */
ik_status ik_itl_serialize(const ik_itl *itl, uint8_t **out, size_t *len,
    ik_error *err);

#endif /* IK_ITL_H */
