/*
 * dump_parse.c: `show itl` / `show ctl` text dumps into the trust-list
 * model.
 * Layer: itl.
 *
 * A dump prints every TLV's tag number and LENGTH, and the values of
 * names, serials and certificate hashes; it cannot carry certificate or
 * signature bytes.  The model is filled as if the file had been parsed:
 * TLV entries are synthesised with their printed LENGTH (values the dump
 * does not print are zero bytes of that length, in memory the model owns),
 * so that the renderers and the length arithmetic work unchanged.  The
 * LENGTH column is authoritative: a printed value that disagrees with it
 * (names get edited in documents) is an info finding, never a failure.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dump_private.h"
#include "ik_itl.h"

#define MAX_UNPARSED_FINDINGS 20
/*
 * A dump's LENGTH column may claim up to 65535 bytes per line; values the
 * dump cannot print are not worth memory.  Leaf values up to KEEP_VALUE
 * bytes get a zeroed buffer of their own (within a budget per dump); larger
 * ones share a read-only block of zeros, so a hostile dump cannot make the
 * parser allocate far more than its own size.
 */
#define KEEP_VALUE 1024
#define KEEP_SIGNATURE 4096
#define OWNED_BUDGET (4u << 20)

static const uint8_t zeros[65536];

/* The tag line whose value may continue on the next (wrapped) line. */
struct pending {
	bool on, in_record;
	unsigned tag, len;
	ik_sb val;
	size_t off, lineno;
};

struct dstate {
	ik_itl *itl;
	struct pending p;
	size_t cur;			/* 1-based record being read, 0 header */
	uint8_t *sig;			/* header signature being collected */
	size_t sig_len, sig_n, sig_declared;
	bool in_sig;
	size_t sig_lineno;
	bool seen_checksum, seen_length, seen_parse, seen_tags;
	bool seen_command;		/* "admin:show itl" */
	bool no_list;			/* CUCM said it has no such file */
	bool elided, signer_line;
	size_t etoken_rec;		/* record of the last "This etoken" line */
	size_t unparsed;
	size_t printed_index;		/* last "Record #:" number */
	size_t owned_bytes;
	bool cut_value;			/* the paste ends inside the pending value */
	bool oom;
};

/* Any line of a dump's output (the command line aside). */
static bool
has_body(const struct dstate *st)
{
	return st->seen_checksum || st->seen_length || st->seen_parse ||
	    st->seen_tags || st->itl->nrec > 0;
}

static bool
has_content(const struct dstate *st)
{
	return has_body(st) || st->seen_command;
}

/* A zeroed block the model owns (freed by ik_itl_free). */
static uint8_t *
own(struct dstate *st, size_t n)
{
	void **blk = calloc(1, sizeof(void *) + (n ? n : 1));

	if (blk == NULL) {
		st->oom = true;
		return NULL;
	}
	blk[0] = st->itl->owned;
	st->itl->owned = blk;
	return (uint8_t *)(blk + 1);
}

static char *
dupstr(struct dstate *st, const char *s, size_t n)
{
	char *d = malloc(n + 1);

	if (d == NULL) {
		st->oom = true;
		return NULL;
	}
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

static void
where_line(char *buf, size_t n, size_t lineno)
{
	snprintf(buf, n, "line %zu", lineno);
}

/* Messages quote the evidence: nothing a terminal could act on. */
static void
printable(char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f)
			*s = '?';
}

static void finding(struct dstate *st, ik_severity sev, ik_code code,
    size_t lineno, const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void
finding(struct dstate *st, ik_severity sev, ik_code code, size_t lineno,
    const char *fmt, ...)
{
	char where[32], msg[256];
	va_list ap;

	where_line(where, sizeof(where), lineno);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	printable(msg);
	if (ik_findings_add(&st->itl->findings, sev, code, lineno ? where :
	    NULL, "%s", msg) != 0)
		st->oom = true;
}

static void
unparsed(struct dstate *st, const ik_dline *l, const char *why)
{
	char where[48], text[64];

	st->unparsed++;
	if (st->unparsed > MAX_UNPARSED_FINDINGS)
		return;
	snprintf(where, sizeof(where), "line %zu:%zu", l->lineno, l->col);
	snprintf(text, sizeof(text), "%.60s", l->s);
	printable(text);
	if (ik_findings_add(&st->itl->findings, IK_SEV_INFO,
	    IKF_DUMP_UNPARSED_LINE, where, "%s: \"%s%s\"", why, text,
	    l->n > 60 ? "..." : "") != 0)
		st->oom = true;
}

/*
 * Appends a synthesised TLV.  A leaf's value holds len readable bytes; *w
 * is where the parser may write them (keep bytes at most), or NULL when
 * the value is the shared block of zeros.
 */
static int
push_tlv(struct dstate *st, unsigned tag, ik_tlv_kind kind, unsigned depth,
    unsigned len, size_t off, size_t keep, uint8_t **w)
{
	ik_itl *itl = st->itl;
	ik_tlv *t;

	if (ik_itl_full(itl, false, off))
		return -1;	/* the parse loop stops after this line */
	if (itl->ntlv == itl->tlv_cap) {
		size_t ncap = itl->tlv_cap ? itl->tlv_cap * 2 : 64;

		t = realloc(itl->tlvs, ncap * sizeof(*t));
		if (t == NULL) {
			st->oom = true;
			return -1;
		}
		itl->tlvs = t;
		itl->tlv_cap = ncap;
	}
	t = &itl->tlvs[itl->ntlv++];
	t->tag = (uint8_t)tag;
	t->kind = (uint8_t)kind;
	t->depth = (uint8_t)depth;
	t->len = (uint16_t)len;
	t->off = off;
	t->val = NULL;
	if (w != NULL)
		*w = NULL;
	if (kind == IK_TLV_LEAF) {
		size_t n = len < keep ? len : keep;
		uint8_t *b = NULL;

		if (n > 0 && st->owned_bytes + n <= OWNED_BUDGET) {
			b = own(st, n);
			if (b == NULL) {
				itl->ntlv--;
				return -1;
			}
			st->owned_bytes += n;
		}
		/* Readers see len bytes: the own buffer when it holds them all. */
		t->val = b != NULL && n == len ? b : zeros;
		if (w != NULL)
			*w = b;
	}
	if (st->cur == 0)
		itl->header_ntlv = itl->ntlv;
	else
		itl->recs[st->cur - 1].tlv_count++;
	return 0;
}

/* ---- values ---------------------------------------------------------- */

static bool
parse_uint(const char *s, size_t n, unsigned long max, unsigned long *out)
{
	unsigned long v = 0;
	size_t i;

	if (n == 0 || n > 10)
		return false;
	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return false;
		v = v * 10 + (unsigned long)(s[i] - '0');
	}
	if (v > max)
		return false;
	*out = v;
	return true;
}

/* FUNCTION as printed: the role text, or a number for unknown codes. */
static int
function_code(const char *s)
{
	unsigned long v;
	const char *t;
	int fn;

	if (parse_uint(s, strlen(s), 65535, &v))
		return (int)v;
	if (strcasecmp(s, "Security Token") == 0 || strcasecmp(s, "SAST") == 0)
		return IK_FN_SAST;
	for (fn = 0; fn < 256; fn++) {
		t = ik_itl_function_text(fn);
		if (t != NULL && strcasecmp(s, t) == 0)
			return fn;
		t = ik_itl_function_role(fn);
		if (t != NULL && strcasecmp(s, t) == 0)
			return fn;
	}
	return -1;
}

static int
hash_alg_code(const char *s)
{
	unsigned long v;

	if (strcasecmp(s, "SHA-1") == 0 || strcasecmp(s, "SHA1") == 0)
		return IK_ITL_DIGEST_SHA1;
	if (strcasecmp(s, "SHA-256") == 0 || strcasecmp(s, "SHA256") == 0)
		return IK_ITL_DIGEST_SHA256;
	if (strcasecmp(s, "SHA-512") == 0 || strcasecmp(s, "SHA512") == 0)
		return IK_ITL_DIGEST_SHA512;
	if (parse_uint(s, strlen(s), 255, &v))
		return (int)v;
	return -1;
}

static const char *
tag_label(bool in_record, unsigned tag)
{
	static const char *const h[] = { NULL, "VERSION", "HEADERLENGTH",
		"SIGNERID", "SIGNERNAME", "SERIALNUMBER", "CANAME",
		"SIGNATUREINFO", "DIGESTALGORTITHM", "SIGNATUREALGOINFO",
		"SIGNATUREALGORTITHM", "SIGNATUREMODULUS", "SIGNATURE", NULL,
		"FILENAME", "TIMESTAMP" };
	static const char *const r[] = { NULL, "RECORDLENGTH", "DNSNAME",
		"SUBJECTNAME", "FUNCTION", "ISSUERNAME", "SERIALNUMBER",
		"PUBLICKEY", "SIGNATURE", "CERTIFICATE", "IPADDRESS",
		"CERTHASH", "HASH ALGORITHM" };

	if (in_record && tag < sizeof(r) / sizeof(r[0]) && r[tag] != NULL)
		return r[tag];
	if (!in_record && tag < sizeof(h) / sizeof(h[0]) && h[tag] != NULL)
		return h[tag];
	return "tag";
}

/*
 * A printed string: LENGTH counts the terminating NUL.  CUCM wraps long
 * names without a separator; a collapsed copy may have turned the wrap into
 * "; " - taken back out when that makes the lengths agree.
 */
static char *
string_value(struct dstate *st, const struct pending *p, uint8_t *val)
{
	char *s = p->val.s ? p->val.s : (char *)"";
	size_t n = p->val.len, i, j;
	char where[80];

	if (n + 1 != p->len && n > 0) {
		char *t = dupstr(st, s, n);

		if (t == NULL)
			return NULL;
		for (i = j = 0; i < n; i++)
			if (!(t[i] == ' ' && i > 0 && t[i - 1] == ';'))
				t[j++] = t[i];
		t[j] = '\0';
		if (j + 1 == p->len) {
			if (val != NULL)
				memcpy(val, t, j);
			return t;
		}
		free(t);
	}
	/* A value the paste cut short is said by DUMP_INCOMPLETE. */
	if (n + 1 != p->len && n > 0 && !st->cut_value) {
		snprintf(where, sizeof(where), "%s %s",
		    st->cur ? "record" : "header", tag_label(p->in_record, p->tag));
		finding(st, IK_SEV_INFO, IKF_DUMP_LENGTH_MISMATCH, p->lineno,
		    "%s: LENGTH says %u bytes (with the NUL), the printed value has %zu characters; LENGTH is kept",
		    where, p->len, n);
	}
	if (val != NULL)
		memcpy(val, s, n + 1 <= p->len ? n : p->len);
	return dupstr(st, s, n);
}

/* Printed hex ("61:40:..", "01 9C .."): bytes into val (LENGTH bytes). */
static long
hex_value(struct dstate *st, const struct pending *p, uint8_t *val,
    uint8_t *tmp, size_t max)
{
	long n;

	if (p->val.len == 0)
		return 0;
	n = ik_unhex(p->val.s, p->val.len, tmp, max);
	if (n < 0) {
		finding(st, IK_SEV_WARNING, IKF_DUMP_BAD_VALUE, p->lineno,
		    "%s: the printed value is not hex bytes (want %u bytes)",
		    tag_label(p->in_record, p->tag), p->len);
		return -1;
	}
	if ((unsigned long)n != p->len && !st->cut_value)
		finding(st, IK_SEV_INFO, IKF_DUMP_LENGTH_MISMATCH, p->lineno,
		    "%s: LENGTH says %u bytes, %ld are printed; LENGTH is kept",
		    tag_label(p->in_record, p->tag), p->len, n);
	if (val != NULL)
		memcpy(val, tmp, (size_t)n < p->len ? (size_t)n : p->len);
	return n;
}

static void
flush_header(struct dstate *st, struct pending *p)
{
	ik_itl_header *h = &st->itl->hdr;
	const char *v = p->val.s ? p->val.s : "";
	uint8_t *val, tmp[1024];
	unsigned long x;
	long n;

	switch (p->tag) {
	case IK_HT_SIGNERID:
	case IK_HT_SIGINFO:
	case IK_HT_SIGALGINFO:
		/* Containers: LENGTH is the width of the printed value. */
		x = 0;
		if (!parse_uint(v, p->val.len, 65535, &x) && p->val.len > 0)
			finding(st, IK_SEV_WARNING, IKF_DUMP_BAD_VALUE, p->lineno,
			    "%s: expected the container length, a number",
			    tag_label(false, p->tag));
		push_tlv(st, p->tag, IK_TLV_CONTAINER,
		    p->tag == IK_HT_SIGALGINFO, (unsigned)x, p->off, 0, NULL);
		if (p->tag == IK_HT_SIGNERID)
			h->signerid_len = (uint16_t)x;
		return;
	case IK_HT_SIGNATURE:
		return;		/* pushed when its line was read */
	default:
		break;
	}
	if (push_tlv(st, p->tag, IK_TLV_LEAF, (p->tag >= 4 && p->tag <= 6) ||
	    p->tag == IK_HT_DIGESTALG ? 1 : p->tag == IK_HT_SIGALG ||
	    p->tag == IK_HT_SIGMODULUS ? 2 : 0, p->len, p->off, KEEP_VALUE,
	    &val) != 0)
		return;
	switch (p->tag) {
	case IK_HT_SIGNERNAME:
		if (p->val.len > 0 && h->signer_name == NULL)
			h->signer_name = string_value(st, p, val);
		break;
	case IK_HT_CANAME:
		if (p->val.len > 0 && h->ca_name == NULL)
			h->ca_name = string_value(st, p, val);
		break;
	case IK_HT_FILENAME:
		if (p->val.len > 0 && h->filename == NULL)
			h->filename = string_value(st, p, val);
		break;
	case IK_HT_SERIAL:
		n = hex_value(st, p, val, tmp, sizeof(tmp));
		if (n > 0 && h->signer_serial == NULL) {
			uint8_t *s = own(st, (size_t)n);

			if (s != NULL) {
				memcpy(s, tmp, (size_t)n);
				h->signer_serial = s;
				h->signer_serial_len = (size_t)n;
			}
		}
		break;
	case IK_HT_TIMESTAMP:
		if (parse_uint(v, p->val.len, 0xffffffffUL, &x)) {
			h->has_timestamp = true;
			h->timestamp = (uint32_t)x;
		}
		break;
	default:
		break;
	}
}

static void
flush_record(struct dstate *st, struct pending *p)
{
	ik_itl_record *r = &st->itl->recs[st->cur - 1];
	const char *v = p->val.s ? p->val.s : "";
	uint8_t tmp[1024], *w, *keep;
	unsigned long x;
	unsigned a, b, c, d;
	long n;
	int fn;

	if (push_tlv(st, p->tag, IK_TLV_LEAF, 0, p->len, p->off, KEEP_VALUE,
	    &w) != 0)
		return;
	switch (p->tag) {
	case IK_RT_RECORDLENGTH:
		if (parse_uint(v, p->val.len, 65535, &x)) {
			r->has_declared_length = true;
			r->declared_length = (uint16_t)x;
			if (w != NULL && p->len >= 2) {
				w[0] = (uint8_t)(x >> 8);
				w[1] = (uint8_t)x;
			}
		}
		break;
	case IK_RT_DNSNAME:
		if (r->dns_name == NULL)
			r->dns_name = string_value(st, p, w);
		break;
	case IK_RT_SUBJECT:
		if (r->subject == NULL && p->val.len > 0)
			r->subject = string_value(st, p, w);
		break;
	case IK_RT_ISSUER:
		if (r->issuer == NULL && p->val.len > 0)
			r->issuer = string_value(st, p, w);
		break;
	case IK_RT_FUNCTION:
		fn = function_code(v);
		if (fn < 0 && p->val.len > 0)
			finding(st, IK_SEV_WARNING, IKF_DUMP_BAD_VALUE, p->lineno,
			    "FUNCTION: unknown role \"%.40s\"", v);
		r->function = fn;
		if (w != NULL && fn >= 0 && p->len >= 2) {
			w[0] = (uint8_t)(fn >> 8);
			w[1] = (uint8_t)fn;
		}
		break;
	case IK_RT_SERIAL:
		/* The identity fields get their own copy, whatever LENGTH says. */
		n = hex_value(st, p, w, tmp, sizeof(tmp));
		if (n > 0 && (keep = own(st, (size_t)n)) != NULL) {
			memcpy(keep, tmp, (size_t)n);
			r->serial = keep;
			r->serial_len = (size_t)n;
		}
		break;
	case IK_RT_CERT:
		/* The value printed beside a certificate is its SHA-1. */
		if (p->val.len > 0) {
			n = ik_unhex(v, p->val.len, tmp, sizeof(tmp));
			if (n == 20) {
				memcpy(r->cert_sha1, tmp, 20);
				r->has_cert_sha1 = true;
			} else if (!st->cut_value) {
				finding(st, IK_SEV_WARNING, IKF_DUMP_BAD_VALUE,
				    p->lineno,
				    "CERTIFICATE: expected a 20-byte SHA-1 beside it");
			}
		}
		break;
	case IK_RT_CERTHASH:
		n = hex_value(st, p, w, tmp, sizeof(tmp));
		if (n > 0 && (keep = own(st, (size_t)n)) != NULL) {
			memcpy(keep, tmp, (size_t)n);
			r->certhash = keep;
			r->certhash_len = (size_t)n;
		}
		break;
	case IK_RT_HASHALG:
		r->hash_alg = hash_alg_code(v);
		if (w != NULL && r->hash_alg >= 0 && p->len >= 1)
			w[0] = (uint8_t)r->hash_alg;
		break;
	case IK_RT_IPADDRESS:
		if (p->val.len > 0 && sscanf(v, "%u.%u.%u.%u", &a, &b, &c,
		    &d) == 4 && a < 256 && b < 256 && c < 256 && d < 256) {
			r->has_ip = true;
			r->ip[0] = (uint8_t)a;
			r->ip[1] = (uint8_t)b;
			r->ip[2] = (uint8_t)c;
			r->ip[3] = (uint8_t)d;
			if (w != NULL && p->len == 4)
				memcpy(w, r->ip, 4);
		}
		break;
	default:
		break;
	}
}

static void
flush(struct dstate *st)
{
	struct pending *p = &st->p;

	if (!p->on)
		return;
	p->on = false;
	if (p->in_record)
		flush_record(st, p);
	else
		flush_header(st, p);
	ik_sb_reset(&p->val);
}

/* True when the pending value is still shorter than its LENGTH says. */
static bool
wants_more(const struct dstate *st)
{
	const struct pending *p = &st->p;
	uint8_t tmp[1024];
	long n;

	if (!p->on)
		return false;
	if (p->in_record ? (p->tag == IK_RT_DNSNAME || p->tag == IK_RT_SUBJECT ||
	    p->tag == IK_RT_ISSUER) : (p->tag == IK_HT_SIGNERNAME ||
	    p->tag == IK_HT_CANAME))
		return p->val.len > 0 && p->val.len + 1 < p->len;
	if (p->in_record ? (p->tag == IK_RT_SERIAL || p->tag == IK_RT_CERT ||
	    p->tag == IK_RT_CERTHASH) : p->tag == IK_HT_SERIAL) {
		if (p->val.len == 0)
			return false;
		n = ik_unhex(p->val.s, p->val.len, tmp, sizeof(tmp));
		return n > 0 && (size_t)n < (p->tag == IK_RT_CERT &&
		    p->in_record ? 20u : p->len);
	}
	return false;
}

/* ---- lines ------------------------------------------------------------ */

/*
 * "<tag> <NAME...> <length> [value]" as CUCM prints table rows; *nwords is
 * the number of words before the value.
 */
static bool
tag_line(const char *s, unsigned *tag, unsigned *len, const char **val,
    size_t *nwords)
{
	unsigned long t, l;
	const char *q = s, *w;
	size_t k, words = 0;

	w = q;
	while (isdigit((unsigned char)*q))
		q++;
	if (!parse_uint(w, (size_t)(q - w), 255, &t) || *q != ' ')
		return false;
	for (;;) {
		while (*q == ' ')
			q++;
		w = q;
		while (isupper((unsigned char)*q) || *q == '_' || *q == '-')
			q++;
		k = (size_t)(q - w);
		if (k == 0 || (*q != ' ' && *q != '\0'))
			break;
		/* Signature bytes are at most two hex digits: no clash. */
		if (k < 3 && words == 0)
			return false;
		words++;
	}
	q = w;
	if (words == 0)
		return false;
	while (isdigit((unsigned char)*q))
		q++;
	if (!parse_uint(w, (size_t)(q - w), 65535, &l) ||
	    (*q != ' ' && *q != '\0'))
		return false;
	while (*q == ' ')
		q++;
	*tag = (unsigned)t;
	*len = (unsigned)l;
	*val = q;
	*nwords = words + 2;
	return true;
}

/* "8f d4 0 cb" signature rows: 1-2 hex digit tokens. */
static size_t
sig_row(struct dstate *st, const char *s)
{
	size_t got = 0;
	unsigned v;
	int k;

	while (*s != '\0') {
		while (*s == ' ')
			s++;
		if (*s == '\0')
			break;
		v = 0;
		for (k = 0; isxdigit((unsigned char)s[k]) && k < 3; k++)
			v = v * 16 + (unsigned)(isdigit((unsigned char)s[k]) ?
			    s[k] - '0' : (tolower((unsigned char)s[k]) - 'a' + 10));
		if (k == 0 || k > 2 || (s[k] != ' ' && s[k] != '\0'))
			break;
		if (st->sig != NULL && st->sig_n < st->sig_len)
			st->sig[st->sig_n] = (uint8_t)v;
		st->sig_n++;
		got++;
		s += k;
	}
	return *s == '\0' ? got : (got ? got : 0);
}

static bool
only_sig_tokens(const char *s)
{
	int k;

	for (;;) {
		while (*s == ' ')
			s++;
		if (*s == '\0')
			return true;
		for (k = 0; isxdigit((unsigned char)s[k]); k++)
			;
		if (k == 0 || k > 2 || (s[k] != ' ' && s[k] != '\0'))
			return false;
		s += k;
	}
}

static void
end_signature(struct dstate *st)
{
	if (!st->in_sig)
		return;
	st->itl->dump_sig_printed = st->sig_n < st->sig_len ? st->sig_n :
	    st->sig_len;
	/* Nothing printed is an omission, not a disagreement. */
	if (st->sig_n != st->sig_declared && st->sig_n > 0)
		finding(st, IK_SEV_INFO, IKF_DUMP_LENGTH_MISMATCH, st->sig_lineno,
		    "header SIGNATURE: LENGTH says %zu bytes, %zu are printed; LENGTH is kept",
		    st->sig_declared, st->sig_n);
	st->sig = NULL;
	st->in_sig = false;
}

static void
start_record(struct dstate *st, size_t printed, const ik_dline *l)
{
	ik_itl *itl = st->itl;
	ik_itl_record *r;

	if (ik_itl_full(itl, true, l->off))
		return;		/* the parse loop stops after this line */
	if (itl->nrec == itl->rec_cap) {
		size_t ncap = itl->rec_cap ? itl->rec_cap * 2 : 8;

		r = realloc(itl->recs, ncap * sizeof(*r));
		if (r == NULL) {
			st->oom = true;
			return;
		}
		itl->recs = r;
		itl->rec_cap = ncap;
	}
	r = &itl->recs[itl->nrec++];
	memset(r, 0, sizeof(*r));
	r->index = itl->nrec;
	r->off = l->off;
	r->function = -1;
	r->hash_alg = -1;
	r->tlv_first = itl->ntlv;
	st->cur = itl->nrec;
	if (printed != st->printed_index + 1) {
		itl->incomplete = true;
		finding(st, IK_SEV_ERROR, IKF_DUMP_INCOMPLETE, l->lineno,
		    "record numbering jumps from %zu to %zu: records are missing from this copy",
		    st->printed_index, printed);
	}
	st->printed_index = printed;
}

static void
finish_record(struct dstate *st, ik_itl_record *r, bool last)
{
	size_t i, span = 0;
	char where[32];

	for (i = 0; i < r->tlv_count; i++)
		span += 3u + st->itl->tlvs[r->tlv_first + i].len;
	r->span = span;
	/* The last record cut short is an incomplete paste, said in finish(). */
	if (r->has_declared_length && span != r->declared_length &&
	    !(last && span < r->declared_length) &&
	    st->itl->findings.n < 10000) {
		snprintf(where, sizeof(where), "record %zu", r->index);
		ik_findings_add(&st->itl->findings, IK_SEV_WARNING,
		    IKF_RECORDLENGTH_MISMATCH, where,
		    "RECORDLENGTH says %u bytes, the LENGTHs printed add up to %zu",
		    r->declared_length, span);
	}
	if (!r->has_cert_sha1 && r->certhash != NULL && r->certhash_len == 20 &&
	    (r->hash_alg == IK_ITL_DIGEST_SHA1 || r->hash_alg < 0)) {
		memcpy(r->cert_sha1, r->certhash, 20);
		r->has_cert_sha1 = true;
	}
}

static ik_itl_kind
kind_word(const char *s)
{
	if (strstr(s, "CTL") != NULL)
		return IK_KIND_CTL;
	return strstr(s, "ITL") != NULL ? IK_KIND_ITL : IK_KIND_UNKNOWN;
}

/* The digest glued to "(MD5)" / "(SHA1)". */
static bool
checksum_line(struct dstate *st, const ik_dline *l)
{
	const char *m5 = strstr(l->s, "(MD5)"), *s1 = strstr(l->s, "(SHA1)");
	const char *end = m5 ? m5 : s1, *b;
	uint8_t tmp[20];
	size_t want = m5 ? 16 : 20;

	if (end == NULL || (m5 != NULL && s1 != NULL))
		return false;
	b = end;
	while (b > l->s && isxdigit((unsigned char)b[-1]))
		b--;
	if (b != l->s || ik_unhex(b, (size_t)(end - b), tmp, want) !=
	    (long)want)
		return false;
	if (m5) {
		memcpy(st->itl->md5, tmp, 16);
		st->itl->has_md5 = true;
	} else {
		memcpy(st->itl->sha1, tmp, 20);
		st->itl->has_sha1 = true;
	}
	st->seen_checksum = true;
	return true;
}

/* Lines that start a new dump when the current one already has content. */
static bool
starts_dump(const struct dstate *st, const ik_dline *l)
{
	if (!has_content(st))
		return false;
	if (ik_dump_starts(l->s, l->n, "admin:"))
		return true;
	if (!has_body(st))
		return false;		/* the output of the command read */
	if (strncmp(l->s, "The checksum value", 18) == 0)
		return true;
	if (strncmp(l->s, "Length of", 9) == 0)
		return st->seen_length || st->seen_parse || st->itl->nrec > 0;
	if (strncmp(l->s, "Parse ", 6) == 0 && strstr(l->s, " File") != NULL)
		return st->seen_parse || st->itl->nrec > 0;
	if (strstr(l->s, "(MD5)") != NULL)
		return st->itl->has_md5;
	return false;
}

static void
header_word(struct dstate *st, const ik_dline *l)
{
	ik_itl_header *h = &st->itl->hdr;
	unsigned a, b;
	unsigned long x;
	const char *q;

	if (strncmp(l->s, "Version:", 8) == 0) {
		if (sscanf(l->s + 8, " %u.%u", &a, &b) == 2 && a < 256 &&
		    b < 256) {
			h->has_version = true;
			h->ver_major = (uint8_t)a;
			h->ver_minor = (uint8_t)b;
		} else {
			unparsed(st, l, "expected \"Version: <major>.<minor>\"");
		}
		return;
	}
	q = l->s + 13;
	while (*q == ' ')
		q++;
	b = 0;
	while (isdigit((unsigned char)q[b]))
		b++;
	if (parse_uint(q, b, 65535, &x)) {
		h->has_header_length = true;
		h->header_length = (uint16_t)x;
		h->end = x;
	} else {
		unparsed(st, l, "expected \"HeaderLength: <n> (BYTES)\"");
	}
}

/*
 * Appends a value as the input has it: spaces inside it are part of it
 * (LENGTH counts them); a control character reads as a space.
 */
static void
add_value(struct dstate *st, const uint8_t *v, size_t n)
{
	char c;
	size_t i;

	for (i = 0; i < n; i++) {
		c = v[i] < 0x20 || v[i] == 0x7f ? ' ' : (char)v[i];
		ik_sb_add(&st->p.val, &c, 1);
	}
	if (st->p.val.oom)
		st->oom = true;
}

static void
tag_row(struct dstate *st, const ik_dline *l, unsigned tag, unsigned len,
    const char *val, size_t nwords)
{
	struct pending *p = &st->p;
	const uint8_t *raw;
	size_t raw_n;

	p->on = true;
	p->in_record = st->cur > 0;
	p->tag = tag;
	p->len = len;
	p->off = l->off;
	p->lineno = l->lineno;
	ik_sb_reset(&p->val);
	ik_dline_raw_after(l, nwords, &raw, &raw_n);
	add_value(st, raw, raw_n);
	st->seen_tags = true;
	if (!p->in_record && tag == IK_HT_SIGNATURE) {
		uint8_t *v;

		p->on = false;
		if (push_tlv(st, tag, IK_TLV_LEAF, 0, len, l->off, KEEP_SIGNATURE,
		    &v) != 0)
			return;
		st->itl->hdr.has_signature = true;
		/* The bytes as printed; the renderer shows no more than that. */
		st->itl->hdr.signature = len <= KEEP_SIGNATURE ? v : NULL;
		st->itl->hdr.signature_len = len;
		st->itl->hdr.signature_tlv_off = l->off;
		st->sig = v;
		st->sig_len = v != NULL ? (len < KEEP_SIGNATURE ? len :
		    KEEP_SIGNATURE) : 0;
		st->sig_n = 0;
		st->sig_declared = len;
		st->in_sig = true;
		st->sig_lineno = l->lineno;
		if (*val != '\0')
			sig_row(st, val);
	}
}

/* One logical line; returns false when it starts the next dump. */
static bool
line(struct dstate *st, const ik_dline *l)
{
	ik_itl *itl = st->itl;
	unsigned tag, len;
	const char *val, *q;
	unsigned long k;
	size_t n, nwords;

	if (l->n == 0)
		return true;
	if (starts_dump(st, l))
		return false;
	/* Signature rows follow "12 SIGNATURE <n>" in the header. */
	if (st->in_sig && only_sig_tokens(l->s)) {
		sig_row(st, l->s);
		return true;
	}
	if (tag_line(l->s, &tag, &len, &val, &nwords)) {
		flush(st);
		end_signature(st);
		tag_row(st, l, tag, len, val, nwords);
		return true;
	}
	/* A line that is none of the known forms continues a wrapped value. */
	if (wants_more(st) && strncmp(l->s, "ITL Record", 10) != 0 &&
	    strncmp(l->s, "CTL Record", 10) != 0 && l->s[0] != '(' &&
	    strncmp(l->s, "This etoken", 11) != 0) {
		if (st->p.in_record ? st->p.tag != IK_RT_SUBJECT &&
		    st->p.tag != IK_RT_ISSUER && st->p.tag != IK_RT_DNSNAME :
		    st->p.tag == IK_HT_SERIAL)
			ik_sb_puts(&st->p.val, " ");
		add_value(st, l->raw, l->raw_n);
		return true;
	}
	flush(st);
	end_signature(st);
	if (ik_dump_starts(l->s, l->n, "admin:")) {
		/* The command alone is the start of a dump (cut right after). */
		q = l->s + 6;
		while (*q == ' ')
			q++;
		if (ik_dump_starts(q, strlen(q), "show itl") ||
		    ik_dump_starts(q, strlen(q), "show ctl")) {
			st->seen_command = true;
			if (itl->kind == IK_KIND_UNKNOWN)
				itl->kind = q[5] == 'i' || q[5] == 'I' ?
				    IK_KIND_ITL : IK_KIND_CTL;
		}
		return true;
	}
	if (strncmp(l->s, "The checksum value", 18) == 0) {
		itl->kind = kind_word(l->s);
		st->seen_checksum = true;
		return true;
	}
	if (checksum_line(st, l))
		return true;
	if (strncmp(l->s, "Length of", 9) == 0) {
		q = strchr(l->s, ':');
		n = 0;
		if (q != NULL) {
			q++;
			while (*q == ' ')
				q++;
			while (isdigit((unsigned char)q[n]))
				n++;
		}
		if (q != NULL && parse_uint(q, n, 0xffffffffUL, &k)) {
			itl->file_length = k;
			st->seen_length = true;
			if (itl->kind == IK_KIND_UNKNOWN)
				itl->kind = kind_word(l->s);
		} else {
			unparsed(st, l, "expected \"Length of ITL file: <bytes>\"");
		}
		return true;
	}
	if (strstr(l->s, "File was last modified on ") != NULL) {
		q = strstr(l->s, "modified on ") + 12;
		n = strlen(q);
		/* Pasted dates pick up stray characters ("2014<"). */
		while (n > 0 && !isalnum((unsigned char)q[n - 1]))
			n--;
		free(itl->dump_modified);
		itl->dump_modified = dupstr(st, q, n);
		return true;
	}
	if (strncmp(l->s, "Parse ", 6) == 0 && strstr(l->s, " File") != NULL) {
		itl->kind = kind_word(l->s);
		st->seen_parse = true;
		return true;
	}
	if (strncmp(l->s, "Version:", 8) == 0 ||
	    strncmp(l->s, "HeaderLength:", 13) == 0) {
		header_word(st, l);
		return true;
	}
	if ((strncmp(l->s, "ITL Record", 10) == 0 ||
	    strncmp(l->s, "CTL Record", 10) == 0) &&
	    (q = strchr(l->s, ':')) != NULL) {
		q++;
		while (*q == ' ')
			q++;
		n = 0;
		while (isdigit((unsigned char)q[n]))
			n++;
		if (!parse_uint(q, n, 1000000, &k)) {
			unparsed(st, l, "expected \"ITL Record #:<n>\"");
			return true;
		}
		if (st->cur > 0)
			finish_record(st, &itl->recs[st->cur - 1], false);
		if (itl->kind == IK_KIND_UNKNOWN)
			itl->kind = kind_word(l->s);
		start_record(st, k, l);
		return true;
	}
	if (strncmp(l->s, "This etoken was", 15) == 0)
		st->etoken_rec = st->cur;
	if (strncmp(l->s, "This etoken was used to sign", 28) == 0) {
		if (st->cur > 0 && !st->signer_line) {
			itl->recs[st->cur - 1].is_signer = true;
			itl->signer_index = st->cur;
			st->signer_line = true;
		} else if (st->cur > 0) {
			finding(st, IK_SEV_WARNING, IKF_DUMP_SIGNER_MISMATCH,
			    l->lineno,
			    "more than one record says it signed the file (records %zu and %zu)",
			    itl->signer_index, st->cur);
		}
		return true;
	}
	if (strncmp(l->s, "This etoken was not used", 24) == 0 ||
	    strncmp(l->s, "(SHA1 Hash HEX)", 15) == 0 ||
	    strncmp(l->s, "BYTEPOS", 7) == 0 || strspn(l->s, "- ") == l->n)
		return true;
	if (strstr(l->s, "file was verified successfully") != NULL) {
		itl->dump_verified = true;
		return true;
	}
	if (strncmp(l->s, "[...]", 5) == 0) {
		if (!st->elided)
			finding(st, IK_SEV_ERROR, IKF_DUMP_INCOMPLETE, l->lineno,
			    "the copy elides part of the dump (\"[...]\")");
		st->elided = true;
		itl->incomplete = true;
		return true;
	}
	if (strstr(l->s, "File not found") != NULL) {
		finding(st, IK_SEV_WARNING, IKF_DUMP_NO_TRUST_LIST, l->lineno,
		    "CUCM printed that it has no such file (\"%.40s\")", l->s);
		st->seen_length = true;
		st->no_list = true;
		return true;
	}
	unparsed(st, l, l->clipped ? "line too long, cut" : "not a dump line");
	return true;
}

static void
also(char *buf, size_t n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Appends "; <what>" (or "<what>" to an empty buf). */
static void
also(char *buf, size_t n, const char *fmt, ...)
{
	size_t k = strlen(buf);
	va_list ap;

	if (k > 0 && k + 2 < n) {
		memcpy(buf + k, "; ", 3);
		k += 2;
	}
	va_start(ap, fmt);
	vsnprintf(buf + k, n - k, fmt, ap);
	va_end(ap);
}

/*
 * A paste cut short (a terminal's scrollback, a mail, a page break) still
 * parses into a plausible list with fewer records.  Whatever it lacks is
 * named here and the model is marked incomplete, so that no judgement
 * rests on records that are not there.  cut_value names a value that
 * stopped short at the end.  Returns what the header and the records
 * cover in bytes (0 when the dump prints no header length).
 */
static size_t
check_complete(struct dstate *st, const char *cut_value)
{
	ik_itl *itl = st->itl;
	const ik_itl_record *r, *last = itl->nrec ? &itl->recs[itl->nrec - 1] :
	    NULL;
	char why[400] = "";
	size_t i, sum = 0;

	if (itl->hdr.has_header_length) {
		sum = itl->hdr.header_length;
		for (i = 0; i < itl->nrec; i++) {
			r = &itl->recs[i];
			sum += r->has_declared_length && (r != last ||
			    r->span > r->declared_length) ?
			    r->declared_length : r->span;
		}
	}
	if (st->no_list || !has_content(st))
		return sum;
	if (sum > 0 && st->seen_length && sum < itl->file_length)
		also(why, sizeof(why), "the header and records cover %zu of %zu bytes",
		    sum, itl->file_length);
	if (last == NULL)
		also(why, sizeof(why), "the paste ends before the first record");
	else if (last->tlv_count == 0)
		also(why, sizeof(why), "the paste ends at the start of record %zu",
		    last->index);
	else if (last->has_declared_length && last->span < last->declared_length)
		also(why, sizeof(why),
		    "the paste ends inside record %zu, after %zu of its %u bytes",
		    last->index, last->span, last->declared_length);
	if (*cut_value != '\0')
		also(why, sizeof(why), "the paste ends inside the value of %s",
		    cut_value);
	/*
	 * CUCM prints whether a SAST record with a certificate signed the
	 * file on the lines after it: without them the signer is not known.
	 */
	if (last != NULL && itl->signer_index == 0 &&
	    last->function == IK_FN_SAST && last->has_cert_sha1 &&
	    st->etoken_rec != last->index)
		also(why, sizeof(why),
		    "the paste ends before the line that says whether record %zu signed the file",
		    last->index);
	if (*why != '\0') {
		itl->incomplete = true;
		finding(st, IK_SEV_ERROR, IKF_DUMP_INCOMPLETE, 0, "%s", why);
	}
	return sum;
}

/* After the last line: signer, lengths and facts the dump states. */
static void
finish(struct dstate *st)
{
	ik_itl *itl = st->itl;
	ik_itl_header *h = &itl->hdr;
	ik_itl_record *r;
	size_t i, sum;
	char cut_value[64] = "";

	if (wants_more(st)) {
		st->cut_value = true;
		snprintf(cut_value, sizeof(cut_value), "%s %s",
		    st->p.in_record ? "record" : "header",
		    tag_label(st->p.in_record, st->p.tag));
	}
	flush(st);
	end_signature(st);
	if (st->cur > 0)
		finish_record(st, &itl->recs[st->cur - 1], true);
	ik_itl_decode_certs(itl);	/* text models: ITLRECOVERY by name */
	if (itl->signer_index == 0 && h->signer_serial != NULL) {
		/* No "This etoken was used" line: match the header's serial. */
		for (i = 0; i < itl->nrec; i++) {
			r = &itl->recs[i];
			if (r->function == IK_FN_SAST && r->serial != NULL &&
			    r->serial_len == h->signer_serial_len &&
			    memcmp(r->serial, h->signer_serial,
			    r->serial_len) == 0) {
				r->is_signer = true;
				itl->signer_index = r->index;
				break;
			}
		}
	} else if (itl->signer_index > 0 && h->signer_serial != NULL) {
		r = &itl->recs[itl->signer_index - 1];
		if (r->serial != NULL && (r->serial_len != h->signer_serial_len ||
		    memcmp(r->serial, h->signer_serial, r->serial_len) != 0))
			finding(st, IK_SEV_WARNING, IKF_DUMP_SIGNER_MISMATCH, 0,
			    "record %zu says it signed the file but its serial is not the header's SERIALNUMBER",
			    r->index);
	}
	sum = check_complete(st, cut_value);
	if (itl->nrec > 0 && itl->signer_index == 0 && !itl->incomplete)
		finding(st, IK_SEV_WARNING, IKF_DUMP_NO_SIGNER, 0,
		    "no record is marked as the signer and none has the header's serial");
	/* Fewer bytes than printed is a cut paste (above); more is not. */
	if (sum > 0 && st->seen_length && itl->nrec > 0 && !st->elided &&
	    sum != itl->file_length && !itl->incomplete)
		finding(st, IK_SEV_WARNING, IKF_DUMP_FILE_LENGTH_MISMATCH, 0,
		    "header (%u) and record lengths add up to %zu bytes, not the printed file length %zu",
		    h->header_length, sum, itl->file_length);
	if (itl->dump_verified)
		finding(st, IK_SEV_INFO, IKF_DUMP_VERIFIED, 0,
		    "CUCM printed \"The %s file was verified successfully.\"; itlkit cannot check a dump's signature",
		    ik_itl_kind_name(itl->kind));
	if (st->unparsed > MAX_UNPARSED_FINDINGS)
		finding(st, IK_SEV_INFO, IKF_DUMP_UNPARSED_LINE, 0,
		    "%zu more lines were not understood (%zu in all)",
		    st->unparsed - MAX_UNPARSED_FINDINGS, st->unparsed);
}

const char *
ik_itl_incomplete_message(const ik_itl *itl)
{
	size_t i;

	for (i = 0; i < itl->findings.n; i++)
		if (itl->findings.v[i].id == IKF_DUMP_INCOMPLETE)
			return itl->findings.v[i].message;
	return "records are missing";
}

ik_status
ik_dump_parse_next(const uint8_t *buf, size_t len, size_t *pos,
    ik_itl **out, ik_error *err)
{
	struct dstate st;
	ik_dlines it;
	ik_dline l;
	int r;
	size_t start = *pos, first_line = 0;

	*out = NULL;
	memset(&st, 0, sizeof(st));
	ik_sb_init(&st.p.val);
	st.itl = ik_itl_new(IK_FMT_TEXT);
	if (st.itl == NULL || ik_dlines_init(&it, buf, len, start) != 0) {
		ik_itl_free(st.itl);
		return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
		    "out of memory");
	}
	st.itl->signature = IK_SIG_NOT_CHECKED;
	*pos = len;
	while ((r = ik_dlines_next(&it, &l)) == 1 && !st.oom &&
	    !st.itl->capped) {
		if (first_line == 0)
			first_line = l.lineno;
		if (!line(&st, &l)) {
			*pos = l.off > start ? l.off : len;
			break;
		}
	}
	if (r < 0)
		st.oom = true;
	ik_dlines_free(&it);
	if (!st.oom)
		finish(&st);
	ik_sb_free(&st.p.val);
	if (st.oom) {
		ik_itl_free(st.itl);
		return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
		    "out of memory");
	}
	if (!has_content(&st)) {
		if (start > 0) {
			/* Only blank lines after the last dump. */
			ik_itl_free(st.itl);
			return IK_OK;
		}
		st.itl->malformed = true;
		st.itl->malformed_off = 0;
		ik_findings_add(&st.itl->findings, IK_SEV_ERROR, IKF_TRUNCATED,
		    "line 1", "not a `show itl` / `show ctl` dump: no checksum, "
		    "\"Parse ITL File\" or \"ITL Record #:\" line found");
		ik_error_set_at(err, IK_FAILED, IK_ERR_FORMAT, 0,
		    "line %zu: not a `show itl` / `show ctl` dump: expected \"The checksum value of the ITL file:\", \"Parse ITL File\" or \"ITL Record #:1\"",
		    first_line ? first_line : 1);
		*out = st.itl;
		return IK_FAILED;
	}
	*out = st.itl;
	return IK_OK;
}

ik_status
ik_dump_parse(const uint8_t *buf, size_t len, ik_itl **out, ik_error *err)
{
	size_t pos = 0, more = 0;
	ik_status r, r2;
	ik_itl *next;
	ik_error e2;

	r = ik_dump_parse_next(buf, len, &pos, out, err);
	if (*out == NULL || r >= IK_FAILED)
		return r;
	(*out)->dump_index = 1;
	while (pos < len) {
		ik_error_clear(&e2);
		r2 = ik_dump_parse_next(buf, len, &pos, &next, &e2);
		if (next == NULL)
			break;
		ik_itl_free(next);
		more++;
		if (r2 >= IK_FATAL)
			break;
	}
	if (more > 0)
		ik_findings_add(&(*out)->findings, IK_SEV_INFO, IKF_DUMP_MULTIPLE,
		    NULL, "the file holds %zu dumps; this is the first (itl-show and itl-diff read them all)",
		    more + 1);
	return r;
}
