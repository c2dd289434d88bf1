/*
 * sgn_parse.c: reading signed files (.sgn, .enc.sgn).
 * Layer: itl.
 *
 * The header is walked by the trust-list parser (ik_itl_parse_header), so
 * it is read as leniently and bounded as an ITL's; this file adds what a
 * signed file has instead of records: the payload from HEADERLENGTH on,
 * and the encryption TLVs of .enc.sgn files, taken from the header TLVs
 * the walk kept.
 */
#include <stdlib.h>
#include <string.h>

#include "ik_sgn.h"

static uint16_t
be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* One encryption TLV; a fixed-size field of another length is ignored. */
static void
enc_leaf(ik_sgn *s, const ik_tlv *t)
{
	int *small = NULL;
	size_t want = 1;

	switch (t->tag) {
	case IK_HT_ENC_IV:
		if (s->enc_iv == NULL) {
			s->enc_iv = t->val;
			s->enc_iv_len = t->len;
		}
		return;
	case IK_HT_ENC_KEY:
		if (s->enc_key == NULL) {
			s->enc_key = t->val;
			s->enc_key_len = t->len;
		}
		return;
	case IK_HT_ENC_HASH:
		if (s->enc_hash == NULL) {
			s->enc_hash = t->val;
			s->enc_hash_len = t->len;
		}
		return;
	case IK_HT_ENC_PADDING: small = &s->enc_padding; want = 2; break;
	case IK_HT_ENC_KEYSIZE: small = &s->enc_key_bits; want = 2; break;
	case IK_HT_ENC_KEYALG: small = &s->enc_key_alg; break;
	case IK_HT_ENC_HASHALG: small = &s->enc_hash_alg; break;
	default:
		return;		/* 18 and 22: one byte of unknown meaning */
	}
	if (*small >= 0 || t->len != want)
		return;
	*small = want == 2 ? be16(t->val) : t->val[0];
}

static const char *
base_name(const char *path)
{
	const char *b = strrchr(path, '/');

	return b != NULL ? b + 1 : path;
}

/*
 * FILENAME names what the phone asked for: the peer writes the file's
 * name with or without ".sgn"; a signed file served under another name
 * was renamed.
 */
static void
check_name(ik_sgn *s, const char *name)
{
	const char *f = s->hdr->hdr.filename, *b;
	size_t fl, bl;

	if (name == NULL || f == NULL || strcmp(name, "-") == 0)
		return;
	b = base_name(name);
	fl = strlen(f);
	bl = strlen(b);
	if (strcmp(f, b) == 0 || (bl == fl + 4 && strncmp(b, f, fl) == 0 &&
	    strcmp(b + fl, ".sgn") == 0))
		return;
	ik_findings_add(&s->hdr->findings, IK_SEV_INFO,
	    IKF_SGN_FILENAME_MISMATCH, "header",
	    "FILENAME is \"%s\", the file read is \"%s\": phones request it by the name signed",
	    f, b);
}

ik_status
ik_sgn_parse(const uint8_t *buf, size_t len, const char *name, ik_sgn **out,
    ik_error *err)
{
	ik_sgn *s;
	ik_itl *h = NULL;
	const uint8_t *p;
	size_t i;
	ik_status r;

	*out = NULL;
	s = calloc(1, sizeof(*s));
	if (s == NULL)
		return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
		    "out of memory");
	r = ik_itl_parse_header(buf, len, &h, err);
	if (h == NULL) {
		free(s);
		return r;
	}
	s->hdr = h;
	s->enc_padding = s->enc_key_bits = s->enc_key_alg = -1;
	s->enc_hash_alg = -1;
	for (i = 0; i < h->header_ntlv; i++) {
		if (h->tlvs[i].tag == IK_HT_ENC_INFO)
			s->encrypted = true;
		if (h->tlvs[i].kind == IK_TLV_LEAF &&
		    h->tlvs[i].tag >= IK_HT_ENC_FIRST &&
		    h->tlvs[i].tag <= IK_HT_ENC_LAST)
			enc_leaf(s, &h->tlvs[i]);
	}
	if (h->hdr.has_version && h->hdr.ver_major >= 2)
		s->encrypted = true;
	*out = s;
	if (h->malformed)
		return r;
	s->payload_off = h->hdr.end;
	s->payload_len = h->len - h->hdr.end;
	p = h->buf + s->payload_off;
	if (s->encrypted)
		ik_findings_add(&h->findings, IK_SEV_INFO, IKF_SGN_ENCRYPTED,
		    "payload",
		    "the payload (%zu bytes) is encrypted for one phone: its key is wrapped with the phone's certificate",
		    s->payload_len);
	if (s->payload_len == 0)
		ik_findings_add(&h->findings, IK_SEV_WARNING,
		    IKF_SGN_EMPTY_PAYLOAD, "payload",
		    "nothing follows the %zu-byte header", s->payload_off);
	else if (h->hdr.filename != NULL && p[0] == IK_RT_RECORDLENGTH &&
	    (strncasecmp(h->hdr.filename, "ITL", 3) == 0 ||
	    strncasecmp(h->hdr.filename, "CTL", 3) == 0))
		ik_findings_add(&h->findings, IK_SEV_WARNING,
		    IKF_SGN_NOT_A_SIGNED_FILE, "header",
		    "this is a trust list (%s, records follow the header): its signer is a SAST record, and itl-show reads it",
		    h->hdr.filename);
	check_name(s, name);
	return r;
}

const uint8_t *
ik_sgn_payload(const ik_sgn *s)
{
	return s->hdr->buf + s->payload_off;
}

void
ik_sgn_free(ik_sgn *s)
{
	if (s == NULL)
		return;
	ik_itl_free(s->hdr);
	free(s);
}

const char *
ik_sgn_verdict_name(ik_sgn_verdict v)
{
	switch (v) {
	case IK_SGN_ACCEPT: return "accept";
	case IK_SGN_REJECT: return "reject";
	case IK_SGN_UNKNOWN: break;
	}
	return "unknown";
}
