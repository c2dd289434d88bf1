/*
 * itl_parse.c: walking a binary trust list by tag.
 * Layer: itl.
 *
 * The walk is lenient where the format lets it be: unknown tags are
 * skipped by their length, record TLVs may come in any order, and a
 * RECORDLENGTH or container length that disagrees with the TLVs is a
 * finding.  Only a TLV whose length runs past the end of the input stops
 * the walk; the file is then malformed and the model keeps what was read.
 * No length from the input is used before it is checked against the
 * bytes that remain.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ik_itl.h"
#include "itl_private.h"

static int
push_tlv(ik_itl *itl, uint8_t tag, ik_tlv_kind kind, uint8_t depth,
    uint16_t len, size_t off)
{
	ik_tlv *nv;

	if (itl->ntlv == itl->tlv_cap) {
		size_t ncap = itl->tlv_cap ? itl->tlv_cap * 2 : 64;

		nv = realloc(itl->tlvs, ncap * sizeof(*nv));
		if (nv == NULL)
			return -1;
		itl->tlvs = nv;
		itl->tlv_cap = ncap;
	}
	nv = &itl->tlvs[itl->ntlv++];
	nv->tag = tag;
	nv->kind = (uint8_t)kind;
	nv->depth = depth;
	nv->len = len;
	nv->off = off;
	nv->val = kind == IK_TLV_LEAF ? itl->buf + off + 3 : NULL;
	return 0;
}

static uint16_t
be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t
be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static void
where_off(char *buf, size_t n, size_t off)
{
	snprintf(buf, n, "offset %zu", off);
}

static void
malformed(ik_itl *itl, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
malformed(ik_itl *itl, size_t off, const char *fmt, ...)
{
	char where[48], msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	where_off(where, sizeof(where), off);
	itl->malformed = true;
	itl->malformed_off = (long long)off;
	ik_findings_add(&itl->findings, IK_SEV_ERROR, IKF_TRUNCATED, where,
	    "%s", msg);
}

/*
 * Copies a NUL-terminated string value.  The NUL is dropped; a value
 * without one is reported, since CUCM always counts it in the length.
 */
char *
ik_itl_strdup_val(ik_itl *itl, uint8_t tag, const uint8_t *v, size_t n,
    size_t off)
{
	char *s, where[48];

	if (n > 0 && v[n - 1] == '\0') {
		n--;
	} else {
		where_off(where, sizeof(where), off);
		ik_findings_add(&itl->findings, IK_SEV_INFO,
		    IKF_STRING_NOT_TERMINATED, where,
		    "string value of tag %u has no terminating NUL", tag);
	}
	s = malloc(n + 1);
	if (s == NULL)
		return NULL;
	memcpy(s, v, n);
	s[n] = '\0';
	return s;
}

bool
ik_itl_full(ik_itl *itl, bool new_record, size_t off)
{
	char where[48];

	if (itl->ntlv < IK_ITL_MAX_TLVS &&
	    (!new_record || itl->nrec < IK_ITL_MAX_RECORDS))
		return false;
	if (!itl->capped) {
		itl->capped = itl->incomplete = true;
		where_off(where, sizeof(where), off);
		ik_findings_add(&itl->findings, IK_SEV_ERROR,
		    IKF_TOO_MANY_RECORDS, where,
		    "more than %d %s, far beyond any real trust list: the rest of the file is not read",
		    itl->ntlv >= IK_ITL_MAX_TLVS ? IK_ITL_MAX_TLVS :
		    IK_ITL_MAX_RECORDS, itl->ntlv >= IK_ITL_MAX_TLVS ? "TLVs" :
		    "records");
	}
	return true;
}

static void
dup_tag(ik_itl *itl, uint8_t tag, size_t off, const char *what)
{
	char where[48];

	where_off(where, sizeof(where), off);
	ik_findings_add(&itl->findings, IK_SEV_WARNING, IKF_DUPLICATE_TAG, where,
	    "%s tag %u appears more than once; the first is used", what, tag);
}

static void
header_leaf(ik_itl *itl, uint8_t tag, const uint8_t *v, uint16_t len,
    size_t off)
{
	ik_itl_header *h = &itl->hdr;
	char where[48];

	where_off(where, sizeof(where), off);
	switch (tag) {
	case IK_HT_VERSION:
		if (h->has_version) {
			dup_tag(itl, tag, off, "header");
		} else if (len == 2) {
			h->has_version = true;
			h->ver_major = v[0];
			h->ver_minor = v[1];
		} else {
			ik_findings_add(&itl->findings, IK_SEV_WARNING,
			    IKF_BAD_FIELD_LENGTH, where,
			    "VERSION has length %u, expected 2", len);
		}
		break;
	case IK_HT_HEADERLENGTH:
		if (h->has_header_length) {
			dup_tag(itl, tag, off, "header");
		} else if (len == 2) {
			h->has_header_length = true;
			h->header_length = be16(v);
		} else {
			ik_findings_add(&itl->findings, IK_SEV_WARNING,
			    IKF_BAD_FIELD_LENGTH, where,
			    "HEADERLENGTH has length %u, expected 2", len);
		}
		break;
	case IK_HT_SIGNERNAME:
		if (h->signer_name != NULL)
			dup_tag(itl, tag, off, "header");
		else
			h->signer_name = ik_itl_strdup_val(itl, tag, v, len, off);
		break;
	case IK_HT_SERIAL:
		if (h->signer_serial != NULL) {
			dup_tag(itl, tag, off, "header");
		} else {
			h->signer_serial = v;
			h->signer_serial_len = len;
		}
		break;
	case IK_HT_CANAME:
		if (h->ca_name != NULL)
			dup_tag(itl, tag, off, "header");
		else
			h->ca_name = ik_itl_strdup_val(itl, tag, v, len, off);
		break;
	case IK_HT_DIGESTALG:
	case IK_HT_SIGALG:
	case IK_HT_SIGMODULUS:
		if (len != 1) {
			ik_findings_add(&itl->findings, IK_SEV_WARNING,
			    IKF_BAD_FIELD_LENGTH, where,
			    "tag %u has length %u, expected 1", tag, len);
			break;
		}
		if (tag == IK_HT_DIGESTALG && h->digest_alg < 0)
			h->digest_alg = v[0];
		else if (tag == IK_HT_SIGALG && h->sig_alg < 0)
			h->sig_alg = v[0];
		else if (tag == IK_HT_SIGMODULUS && h->sig_modulus < 0)
			h->sig_modulus = v[0];
		else
			dup_tag(itl, tag, off, "header");
		break;
	case IK_HT_SIGNATURE:
		if (h->has_signature) {
			dup_tag(itl, tag, off, "header");
		} else {
			h->has_signature = true;
			h->signature = v;
			h->signature_len = len;
			h->signature_tlv_off = off;
		}
		break;
	case IK_HT_FILENAME:
		if (h->filename != NULL)
			dup_tag(itl, tag, off, "header");
		else
			h->filename = ik_itl_strdup_val(itl, tag, v, len, off);
		break;
	case IK_HT_TIMESTAMP:
		if (h->has_timestamp) {
			dup_tag(itl, tag, off, "header");
		} else if (len == 4) {
			h->has_timestamp = true;
			h->timestamp = be32(v);
		} else {
			ik_findings_add(&itl->findings, IK_SEV_WARNING,
			    IKF_BAD_FIELD_LENGTH, where,
			    "TIMESTAMP has length %u, expected 4", len);
		}
		break;
	case IK_HT_SIGNERVERSION:
		if (len == 2 && !h->has_signer_version) {
			h->has_signer_version = true;
			h->signer_version[0] = v[0];
			h->signer_version[1] = v[1];
		}
		break;
	default:
		/* A signed file's encryption tags are read by sgn_parse.c. */
		if (itl->signed_file && tag >= IK_HT_ENC_FIRST &&
		    tag <= IK_HT_ENC_LAST)
			break;
		ik_findings_add(&itl->findings, IK_SEV_INFO, IKF_UNKNOWN_TAG,
		    where, "unknown header tag %u (length %u) skipped", tag,
		    len);
		break;
	}
}

/* Containers of the header; an encrypted signed file has three more. */
static bool
header_container(const ik_itl *itl, uint8_t tag)
{
	if (tag == IK_HT_SIGNERID || tag == IK_HT_SIGINFO ||
	    tag == IK_HT_SIGALGINFO)
		return true;
	return itl->signed_file && (tag == IK_HT_ENC_INFO ||
	    tag == IK_HT_ENC_IVINFO || tag == IK_HT_ENC_KEYINFO);
}

/*
 * Walks the header: from offset 0 to HEADERLENGTH, stepping into the
 * containers 3, 7 and 9 (and 16, 17, 21 of a signed file).  Returns 0, or
 * -1 when the walk had to stop.
 */
static int
parse_header(ik_itl *itl)
{
	const uint8_t *b = itl->buf;
	size_t len = itl->len, pos = 0, cend[8];
	int depth = 0;
	uint8_t tag;
	uint16_t l;
	char where[48];
	bool first = true;

	while (pos < len) {
		/* Close the containers that end here. */
		while (depth > 0 && pos >= cend[depth - 1]) {
			if (pos > cend[depth - 1]) {
				where_off(where, sizeof(where), pos);
				ik_findings_add(&itl->findings, IK_SEV_ERROR,
				    IKF_CONTAINER_LENGTH_MISMATCH, where,
				    "a header container declared to end at offset %zu, but its last TLV ends at %zu",
				    cend[depth - 1], pos);
			}
			depth--;
		}
		if (depth == 0 && itl->hdr.has_header_length &&
		    pos >= itl->hdr.header_length)
			break;
		tag = b[pos];
		if (!first && depth == 0 && tag == IK_RT_RECORDLENGTH)
			break;	/* a record starts: the header is over */
		first = false;
		if (ik_itl_full(itl, false, pos))
			break;
		if (tag == IK_HT_PAD) {
			if (push_tlv(itl, tag, IK_TLV_PAD, (uint8_t)depth, 0,
			    pos) != 0)
				return -2;
			itl->hdr.pads++;
			pos++;
			continue;
		}
		if (len - pos < 3) {
			malformed(itl, pos, "header TLV needs 3 bytes, only %zu remain",
			    len - pos);
			return -1;
		}
		l = be16(b + pos + 1);
		if (header_container(itl, tag)) {
			if ((size_t)l > len - pos - 3) {
				malformed(itl, pos, "container tag %u length %u runs past the end of the file (%zu bytes)",
				    tag, l, len);
				return -1;
			}
			if (depth == (int)(sizeof(cend) / sizeof(cend[0]))) {
				malformed(itl, pos, "header containers nested too deeply");
				return -1;
			}
			if (push_tlv(itl, tag, IK_TLV_CONTAINER,
			    (uint8_t)depth, l, pos) != 0)
				return -2;
			if (tag == IK_HT_SIGNERID)
				itl->hdr.signerid_len = l;
			cend[depth++] = pos + 3 + l;
			pos += 3;
			continue;
		}
		if ((size_t)l > len - pos - 3) {
			malformed(itl, pos, "header tag %u length %u runs past the end of the file (%zu bytes)",
			    tag, l, len);
			return -1;
		}
		if (push_tlv(itl, tag, IK_TLV_LEAF, (uint8_t)depth, l, pos) != 0)
			return -2;
		header_leaf(itl, tag, b + pos + 3, l, pos);
		pos += 3 + (size_t)l;
	}
	while (depth > 0) {
		if (pos != cend[depth - 1] && !itl->capped) {
			where_off(where, sizeof(where), pos);
			ik_findings_add(&itl->findings, IK_SEV_ERROR,
			    IKF_CONTAINER_LENGTH_MISMATCH, where,
			    "a header container declared to end at offset %zu is still open at %zu",
			    cend[depth - 1], pos);
		}
		depth--;
	}
	itl->header_ntlv = itl->ntlv;
	itl->hdr.end = pos;
	if (!itl->hdr.has_header_length) {
		ik_findings_add(&itl->findings, IK_SEV_ERROR, IKF_MISSING_FIELD,
		    "header", "header has no HEADERLENGTH (tag 2)");
	} else if (itl->hdr.header_length != pos) {
		where_off(where, sizeof(where), pos);
		ik_findings_add(&itl->findings, IK_SEV_ERROR,
		    IKF_HEADER_LENGTH_MISMATCH, where,
		    "HEADERLENGTH says %u but the header TLVs end at offset %zu",
		    itl->hdr.header_length, pos);
	}
	return itl->capped ? -1 : 0;
}

static int
new_record(ik_itl *itl, size_t off)
{
	ik_itl_record *nr;

	if (itl->nrec == itl->rec_cap) {
		size_t ncap = itl->rec_cap ? itl->rec_cap * 2 : 8;

		nr = realloc(itl->recs, ncap * sizeof(*nr));
		if (nr == NULL)
			return -1;
		itl->recs = nr;
		itl->rec_cap = ncap;
	}
	nr = &itl->recs[itl->nrec++];
	memset(nr, 0, sizeof(*nr));
	nr->index = itl->nrec;
	nr->off = off;
	nr->function = -1;
	nr->hash_alg = -1;
	nr->tlv_first = itl->ntlv;
	return 0;
}

static void
record_leaf(ik_itl *itl, ik_itl_record *r, uint8_t tag, const uint8_t *v,
    uint16_t len, size_t off)
{
	char where[64];

	/* The location is only spelled out when a finding needs it. */
#define WHERE() (snprintf(where, sizeof(where), "record %zu, offset %zu", \
	    r->index, off), where)
	switch (tag) {
	case IK_RT_RECORDLENGTH:
		if (len == 2) {
			r->has_declared_length = true;
			r->declared_length = be16(v);
		} else {
			ik_findings_add(&itl->findings, IK_SEV_WARNING,
			    IKF_BAD_FIELD_LENGTH, WHERE(),
			    "RECORDLENGTH has length %u, expected 2", len);
		}
		return;
	case IK_RT_DNSNAME:
		if (r->dns_name == NULL) {
			r->dns_name = ik_itl_strdup_val(itl, tag, v, len, off);
			return;
		}
		break;
	case IK_RT_SUBJECT:
		if (r->subject == NULL) {
			r->subject = ik_itl_strdup_val(itl, tag, v, len, off);
			return;
		}
		break;
	case IK_RT_ISSUER:
		if (r->issuer == NULL) {
			r->issuer = ik_itl_strdup_val(itl, tag, v, len, off);
			return;
		}
		break;
	case IK_RT_FUNCTION:
		if (r->function >= 0)
			break;
		if (len == 2)
			r->function = be16(v);
		else
			ik_findings_add(&itl->findings, IK_SEV_WARNING,
			    IKF_BAD_FIELD_LENGTH, WHERE(),
			    "FUNCTION has length %u, expected 2", len);
		return;
	case IK_RT_SERIAL:
		if (r->serial != NULL)
			break;
		r->serial = v;
		r->serial_len = len;
		return;
	case IK_RT_PUBKEY:
		if (r->pubkey != NULL)
			break;
		r->pubkey = v;
		r->pubkey_len = len;
		return;
	case IK_RT_SIGNATURE:
		if (r->cert_sig != NULL)
			break;
		r->cert_sig = v;
		r->cert_sig_len = len;
		return;
	case IK_RT_CERT:
		if (r->cert != NULL)
			break;
		r->cert = v;
		r->cert_len = len;
		return;
	case IK_RT_IPADDRESS:
		if (r->has_ip)
			break;
		if (len == 4) {
			r->has_ip = true;
			memcpy(r->ip, v, 4);
		} else {
			ik_findings_add(&itl->findings, IK_SEV_INFO,
			    IKF_BAD_FIELD_LENGTH, WHERE(),
			    "IPADDRESS has length %u, expected 4", len);
		}
		return;
	case IK_RT_CERTHASH:
		if (r->certhash != NULL)
			break;
		r->certhash = v;
		r->certhash_len = len;
		return;
	case IK_RT_HASHALG:
		if (r->hash_alg >= 0)
			break;
		if (len == 1)
			r->hash_alg = v[0];
		return;
	default:
		ik_findings_add(&itl->findings, IK_SEV_INFO, IKF_UNKNOWN_TAG,
		    WHERE(), "unknown record tag %u (length %u) skipped", tag,
		    len);
		return;
	}
	dup_tag(itl, tag, off, "record");
#undef WHERE
}

/*
 * Checks whether the bytes from pos can be walked as whole TLVs up to the
 * next record (tag 1) or the end, without a tag 1 among them.  Returns the
 * offset reached, or 0 if a TLV would run past the end.
 */
static size_t
walk_to_next_record(const uint8_t *b, size_t len, size_t pos)
{
	while (pos < len && b[pos] != IK_RT_RECORDLENGTH) {
		if (len - pos < 3)
			return 0;
		if ((size_t)be16(b + pos + 1) > len - pos - 3)
			return 0;
		pos += 3 + (size_t)be16(b + pos + 1);
	}
	return pos;
}

static void
finish_record(ik_itl *itl, ik_itl_record *r, size_t end)
{
	char where[48];

	r->span = end - r->off;
	r->tlv_count = itl->ntlv - r->tlv_first;
	/* A record cut by the end of the file is told by TRUNCATED alone. */
	if (r->has_declared_length && r->declared_length != r->span &&
	    !itl->capped &&
	    !(itl->malformed && r->off + r->declared_length > itl->len)) {
		snprintf(where, sizeof(where), "record %zu", r->index);
		ik_findings_add(&itl->findings, IK_SEV_WARNING,
		    IKF_RECORDLENGTH_MISMATCH, where,
		    "RECORDLENGTH says %u but the record's TLVs take %zu bytes (offset %zu)",
		    r->declared_length, r->span, r->off);
	}
}

/*
 * Walks the records.  A record is its RECORDLENGTH TLV and every TLV up to
 * the next tag 1 or the end.  Bytes that follow a record which ended
 * exactly at its declared length and that do not walk to another record
 * are trailing bytes, not part of the record.
 */
static int
parse_records(ik_itl *itl)
{
	const uint8_t *b = itl->buf;
	size_t len = itl->len, pos = itl->hdr.end, reached;
	ik_itl_record *r = NULL;
	uint8_t tag;
	uint16_t l;

	while (pos < len) {
		tag = b[pos];
		if (tag != IK_RT_RECORDLENGTH && (r == NULL ||
		    (r->has_declared_length &&
		    pos == r->off + r->declared_length))) {
			reached = walk_to_next_record(b, len, pos);
			if (reached == 0 || reached == len || r == NULL) {
				itl->trailing_off = pos;
				itl->trailing_len = len - pos;
				break;
			}
		}
		if (len - pos < 3) {
			malformed(itl, pos, "TLV needs 3 bytes, only %zu remain",
			    len - pos);
			break;
		}
		l = be16(b + pos + 1);
		if ((size_t)l > len - pos - 3) {
			malformed(itl, pos, "tag %u length %u runs past the end of the file (%zu bytes)",
			    tag, l, len);
			break;
		}
		if (ik_itl_full(itl, tag == IK_RT_RECORDLENGTH, pos))
			break;
		if (tag == IK_RT_RECORDLENGTH) {
			if (r != NULL)
				finish_record(itl, r, pos);
			if (new_record(itl, pos) != 0)
				return -2;
			r = &itl->recs[itl->nrec - 1];
		}
		if (push_tlv(itl, tag, IK_TLV_LEAF, 0, l, pos) != 0)
			return -2;
		/* r is never NULL here: a first non-record TLV became trailing. */
		record_leaf(itl, r, tag, b + pos + 3, l, pos);
		pos += 3 + (size_t)l;
	}
	if (r != NULL)
		finish_record(itl, r, itl->malformed ? pos : (itl->trailing_len ?
		    itl->trailing_off : pos));
	if (itl->trailing_len > 0) {
		char where[48];

		where_off(where, sizeof(where), itl->trailing_off);
		if (itl->nrec == 0)
			ik_findings_add(&itl->findings, IK_SEV_ERROR,
			    IKF_NO_RECORDS, where,
			    "%zu bytes after the header do not start a record (tag 1)",
			    itl->trailing_len);
		else
			ik_findings_add(&itl->findings, IK_SEV_WARNING,
			    IKF_TRAILING_BYTES, where,
			    "%zu bytes after the last record are not part of any record",
			    itl->trailing_len);
	}
	return 0;
}

static ik_itl_kind
kind_of(const ik_itl *itl)
{
	const char *f = itl->hdr.filename;

	if (f == NULL)
		return IK_KIND_UNKNOWN;
	if (strncasecmp(f, "ITL", 3) == 0)
		return IK_KIND_ITL;
	if (strncasecmp(f, "CTL", 3) == 0)
		return IK_KIND_CTL;
	return IK_KIND_UNKNOWN;
}

const char *
ik_itl_malformed_message(const ik_itl *itl)
{
	size_t i;

	/* What the file is says more than where the walk stopped. */
	for (i = 0; i < itl->findings.n; i++)
		if (itl->findings.v[i].id == IKF_NOT_A_TRUST_LIST)
			return itl->findings.v[i].message;
	for (i = 0; i < itl->findings.n; i++)
		if (itl->findings.v[i].id == IKF_TRUNCATED)
			return itl->findings.v[i].message;
	return "malformed";
}

ik_itl *
ik_itl_new(ik_itl_format fmt)
{
	ik_itl *itl = calloc(1, sizeof(*itl));

	if (itl == NULL)
		return NULL;
	itl->format = fmt;
	itl->hdr.digest_alg = itl->hdr.sig_alg = itl->hdr.sig_modulus = -1;
	ik_findings_init(&itl->findings);
	return itl;
}

static ik_status
parse_bytes(const uint8_t *buf, size_t len, bool signed_file, ik_itl **out,
    ik_error *err)
{
	ik_itl *itl;
	int r;

	*out = NULL;
	itl = ik_itl_new(IK_FMT_TLV);
	if (itl == NULL)
		return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
		    "out of memory");
	itl->signed_file = signed_file;
	itl->buf = malloc(len ? len : 1);
	if (itl->buf == NULL) {
		ik_itl_free(itl);
		return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
		    "out of memory");
	}
	memcpy(itl->buf, buf, len);
	itl->len = itl->file_length = len;
	ik_digest_buf(IK_MD5, buf, len, itl->md5);
	ik_digest_buf(IK_SHA1, buf, len, itl->sha1);
	itl->has_md5 = itl->has_sha1 = true;
	if (len == 0) {
		malformed(itl, 0, "the file is empty");
	} else {
		r = parse_header(itl);
		/* A signed file's payload follows its header: no records. */
		if (r == 0 && !signed_file)
			r = parse_records(itl);
		if (r == -2) {
			ik_itl_free(itl);
			return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
			    "out of memory");
		}
	}
	itl->kind = signed_file ? IK_KIND_UNKNOWN : kind_of(itl);
	if (itl->malformed)
		ik_error_set_at(err, IK_FAILED, IK_ERR_FORMAT,
		    itl->malformed_off, "offset %lld: %s", itl->malformed_off,
		    ik_itl_malformed_message(itl));
	ik_itl_decode_certs(itl);
	*out = itl;
	return itl->malformed ? IK_FAILED : IK_OK;
}

ik_status
ik_itl_parse(const uint8_t *buf, size_t len, ik_itl **out, ik_error *err)
{
	return parse_bytes(buf, len, false, out, err);
}

ik_status
ik_itl_parse_header(const uint8_t *buf, size_t len, ik_itl **out,
    ik_error *err)
{
	return parse_bytes(buf, len, true, out, err);
}

void
ik_itl_free(ik_itl *itl)
{
	size_t i;

	if (itl == NULL)
		return;
	for (i = 0; i < itl->nrec; i++)
		ik_itl_record_release(&itl->recs[i]);
	free(itl->recs);
	free(itl->tlvs);
	free(itl->hdr.signer_name);
	free(itl->hdr.ca_name);
	free(itl->hdr.filename);
	ik_findings_free(&itl->findings);
	free(itl->buf);
	while (itl->owned != NULL) {
		void *next = *(void **)itl->owned;

		free(itl->owned);
		itl->owned = next;
	}
	free(itl->dump_modified);
	free(itl);
}
