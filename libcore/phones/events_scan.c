/*
 * events_scan.c: phone reports from event logs, streamed line by line so
 * that memory follows the number of phones, not the size of the log.
 * Layer: phones.
 *
 * One scanner serves every input kind; the first non-empty line decides
 * the label, and each line is then read by what it holds:
 *   - DeviceTLInfo alarm XML (files of alarms, or SIP REFER bodies inside a
 *     capture): collected from "<?xml" / "<x-cisco-alarm" to
 *     "</x-cisco-alarm>" and parsed with expat;
 *   - CiscoSyslog / RTMT Event Viewer lines: "%[Key=Value][Key=Value]";
 *   - CSV exports with a header naming the device and ITL columns (CUCM 14
 *     "ITL File Status" included).
 * Lines that look like reports but cannot be read are counted and kept
 * with their line numbers; other lines are counted as ignored.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "events_private.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/*
 * Byte searches written inline: lines, keys and values are short, and
 * most of a library memchr's cost on them is the call and its set-up.
 * Sixteen bytes are compared at a time (never read past end), the rest
 * one by one.  bits16 gives a bit per byte of p[0..16) equal to one of
 * the four bytes (repeat one to look for fewer).
 */
static inline unsigned
bits16(const char *p, char a, char b, char c, char d)
{
#if defined(__SSE2__)
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);

	return (unsigned)_mm_movemask_epi8(_mm_or_si128(
	    _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(a)),
	    _mm_cmpeq_epi8(v, _mm_set1_epi8(b))),
	    _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(c)),
	    _mm_cmpeq_epi8(v, _mm_set1_epi8(d)))));
#else
	unsigned m = 0, i;

	for (i = 0; i < 16; i++)
		if (p[i] == a || p[i] == b || p[i] == c || p[i] == d)
			m |= 1u << i;
	return m;
#endif
}

/* The first byte of p..end equal to a or b, or NULL. */
static inline const char *
find2(const char *p, const char *end, char a, char b)
{
	unsigned m;

	for (; end - p >= 16; p += 16)
		if ((m = bits16(p, a, b, a, b)) != 0)
			return p + __builtin_ctz(m);
	for (; p < end; p++)
		if (*p == a || *p == b)
			return p;
	return NULL;
}

#define MAX_LINE (1u << 20)
#define MAX_XML (256u * 1024)
#define MAX_COLS 64

enum mode { M_UNKNOWN = 0, M_LOG, M_CSV };

/* The last date read and its day number: consecutive lines share it. */
struct datecache {
	char date[11];			/* "Jul 02 2015", valid */
	bool set;
	long long days;
};

/*
 * A line of other pairs (EndPointUnregistered, ...) that was ignored,
 * filed by its first value's name hash: its pairs' bytes from the '['
 * after "%" to the line's end, by length and fingerprint.  Such alarms
 * repeat for the same phones as reports do; one slot per hash, the last
 * line wins.  Lazily allocated (1.5 MB), freed with the scanner.
 */
struct notreport {
	uint64_t fp[2];
	uint32_t len;			/* 0: none */
};
#define NOTREPORT_SLOTS 65536u

struct ik_evscan {
	ik_phones *db;
	uint16_t source;
	enum mode mode;
	ik_sb carry;			/* a line split across chunks */
	bool overlong;			/* discarding the rest of a long line */
	size_t lineno;
	ik_sb xml;			/* an alarm body being collected */
	bool collecting;
	size_t xml_line;
	ik_evkey cols[MAX_COLS];
	size_t ncols;
	struct datecache dc;
	struct notreport *nr;		/* NOTREPORT_SLOTS, NULL until needed */
	bool oom;
};

static ik_evsource *
src(ik_evscan *s)
{
	return s->source < s->db->nsrc ? &s->db->src[s->source] : NULL;
}

static void
label(ik_evscan *s, const char *fmt)
{
	ik_evsource *e = src(s);

	if (e != NULL && (e->format == NULL || strcmp(e->format, "empty") == 0))
		e->format = fmt;
}

static void
skip(ik_evscan *s, size_t line, const char *why)
{
	ik_phones_skip(s->db, s->source, line, why);
}

static void
ignore(ik_evscan *s)
{
	s->db->ignored++;
	if (src(s) != NULL)
		src(s)->ignored++;
}

static const char *
find(const char *h, size_t n, const char *needle)
{
	return memmem(h, n, needle, strlen(needle));
}

/* ---- syslog ------------------------------------------------------------- */

static const char *mark_tl(const char *, const char *);

static const char *const months[12] = { "Jan", "Feb", "Mar", "Apr", "May",
	"Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian; m 1-12). */
static long long
days_from_civil(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (long long)era * 146097 + doe - 719468;
}

static int
num(const char *p, int n)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	return v;
}

/*
 * "Jul 02 2015 06:22:31" anywhere in the line's prefix, taken as UTC.
 * Parsed by hand: this runs for every line of a large export.
 */
static bool
syslog_time(struct datecache *dc, const char *l, size_t n, time_t *out)
{
	const char *q = l, *c;
	size_t i;
	int m, d, y, hh, mm, ss;

	/* Candidates sit 14 bytes before a ':' (the one of HH:MM). */
	while ((c = find2(q, l + n, ':', ':')) != NULL) {
		q = c + 1;
		if (c - l < 14)
			continue;
		i = (size_t)(c - l) - 14;
		if (i + 20 > n)
			break;
		if (l[i] < 'A' || l[i] > 'Z' || (i > 0 && l[i - 1] != ' ') ||
		    l[i + 3] != ' ' || l[i + 6] != ' ' || l[i + 11] != ' ' ||
		    l[i + 14] != ':' || l[i + 17] != ':')
			continue;
		hh = num(l + i + 12, 2);
		mm = num(l + i + 15, 2);
		ss = num(l + i + 18, 2);
		if (hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 ||
		    ss > 60)
			continue;
		if (!dc->set || memcmp(l + i, dc->date, 11) != 0) {
			for (m = 0; m < 12; m++)
				if (memcmp(l + i, months[m], 3) == 0)
					break;
			d = num(l + i + 4, 2);
			y = num(l + i + 7, 4);
			if (m == 12 || d < 1 || d > 31 || y < 1970)
				continue;
			memcpy(dc->date, l + i, 11);
			dc->days = days_from_civil(y, m + 1, d);
			dc->set = true;
		}
		*out = (time_t)(dc->days * 86400 + hh * 3600 + mm * 60 + ss);
		return true;
	}
	return false;
}

/*
 * The values of a line's keys are read only once the line is known to be
 * a report: other alarms (EndPointUnregistered, ...) carry a DeviceName
 * and an address too.  Past this many keys the line is read again.
 */
#define MAX_KV 16

struct kvspan {
	ik_evkey key;
	bool plain;			/* a device name as is (plain_name) */
	const char *v;
	size_t n;
};

/*
 * A device name's bytes as the report would hold them: printable ASCII,
 * nothing trimmed or replaced (see ik_ev_value), under 64 bytes.
 */
static bool
plain_name(const char *v, size_t n)
{
	size_t i;
	unsigned char c;

	if (n == 0 || n >= sizeof(((ik_phone_report *)0)->device) ||
	    v[0] == ' ' || v[n - 1] == ' ')
		return false;
	for (i = 0; i < n; i++) {
		c = (unsigned char)v[i];
		/* One test: below 0x20 wraps round past 0x5e. */
		if ((unsigned char)(c - 0x20) > 0x5e)
			return false;
	}
	return true;
}

/*
 * The '=' and ']' of a line's pairs, found sixteen bytes at a time and
 * kept as bits for 64 bytes: the walk then goes from one to the next
 * without a search per key and per value.
 */
struct marks64 {
	const char *base, *end;		/* bits of base[0..64) */
	uint64_t m;
};

static void
marks64_fill(struct marks64 *b)
{
	const char *q = b->base;
	size_t left = (size_t)(b->end - q), i, k;

	b->m = 0;
	for (i = 0; i < 64 && left - i >= 16; i += 16)
		b->m |= (uint64_t)bits16(q + i, '=', ']', '=', ']') << i;
	for (k = i; k < 64 && k < left; k++)
		if (q[k] == '=' || q[k] == ']')
			b->m |= (uint64_t)1 << k;
}

static void
marks64_init(struct marks64 *b, const char *p, const char *end)
{
	b->base = p;
	b->end = end;
	if (p < end)
		marks64_fill(b);
	else
		b->m = 0;
}

/* The first '=' or ']' at or after from (never before the last one). */
static inline const char *
marks64_next(struct marks64 *b, const char *from)
{
	uint64_t m;

	for (;;) {
		if (from - b->base < 64) {
			m = b->m & (~(uint64_t)0 << (from - b->base));
			if (m != 0)
				return b->base + __builtin_ctzll(m);
			from = b->base + 64;
		}
		if (b->end - from <= 0)
			return NULL;
		/* The block holding from. */
		b->base += (from - b->base) / 64 * 64;
		marks64_fill(b);
	}
}

/*
 * Walks the "[Key=Value]" pairs from p, stopping once device, address,
 * hash and TFTP server are all seen.  With r the values are read into it
 * (why: the first unusable one), else the first MAX_KV keys are noted in
 * kvs.  *stop is set past the last byte the walk looked at.
 * Returns the number of keys of a report field.
 */
static size_t
kv_walk(const char *p, const char *end, ik_phone_report *r,
    struct kvspan *kvs, bool *any, const char **why, const char **stop)
{
	const char *eq, *rb, *w;
	struct marks64 b;
	unsigned seen = 0;
	size_t nkv = 0;
	ik_evkey k;

	*stop = NULL;
	marks64_init(&b, p, end);
	while (p < end && *p == '[' && seen != 0x1e) {
		/*
		 * The pair's '=', unless a ']' comes first, then the ']'
		 * after it: the pair ends at its first ']' either way.
		 */
		eq = marks64_next(&b, p);
		if (eq == NULL) {
			*stop = end;
			break;
		}
		if (*eq == ']') {
			*stop = eq + 1;
			break;
		}
		rb = eq;
		do
			rb = marks64_next(&b, rb + 1);
		while (rb != NULL && *rb != ']');
		if (rb == NULL) {
			*stop = end;
			break;
		}
		k = ik_ev_key(p + 1, (size_t)(eq - p - 1));
		if (k != IK_EK_OTHER) {
			if (r != NULL) {
				w = ik_ev_value(r, k, eq + 1,
				    (size_t)(rb - eq - 1));
				if (w != NULL && *why == NULL)
					*why = w;
			} else if (nkv < MAX_KV) {
				kvs[nkv].key = k;
				kvs[nkv].plain = k == IK_EK_DEVICE &&
				    plain_name(eq + 1, (size_t)(rb - eq - 1));
				kvs[nkv].v = eq + 1;
				kvs[nkv].n = (size_t)(rb - eq - 1);
			}
			nkv++;
			*any |= k == IK_EK_HASH;
			seen |= 1u << k;
		}
		p = rb + 1;
	}
	if (*stop == NULL)
		*stop = p < end ? p + 1 : p;
	return nkv;
}

/*
 * The phone whose current fields were read from this very span, or NULL:
 * its device name read first (the only value needed to find it), from the
 * line's bytes when they are the name as is.  fp is set to the span's
 * fingerprint when it was computed (*hasfp).
 */
static ik_phone *
repeated(ik_evscan *s, const struct kvspan *kvs, size_t nkv,
    const char *span, size_t len, uint64_t fp[2], bool *hasfp)
{
	ik_phone_report r;
	ik_phone *p;
	const char *name = NULL;
	size_t i, n = 0;

	*hasfp = false;
	if (s->db->no_repeat || len == 0 || len > IK_SPAN_MAX || nkv > MAX_KV)
		return NULL;
	/* The last name wins, as in a full parse; any unusable one refuses. */
	for (i = 0; i < nkv; i++) {
		if (kvs[i].key != IK_EK_DEVICE)
			continue;
		if (kvs[i].plain) {
			name = kvs[i].v;
			n = kvs[i].n;
		} else {
			if (ik_ev_value(&r, IK_EK_DEVICE, kvs[i].v, kvs[i].n) !=
			    NULL)
				return NULL;
			name = r.device;
			n = strlen(r.device);
		}
	}
	if (n == 0 || (p = ik_phones_find(s->db, name, n,
	    ik_phones_name_hash(name, n))) == NULL || p->spanlen != len)
		return NULL;
	*hasfp = ik_phones_span_fp(s->db, span, len, fp);
	if (!*hasfp || memcmp(p->spanfp, fp, sizeof(p->spanfp)) != 0)
		return NULL;
	return p;
}

/*
 * The phone's previous report again, found without walking the pairs:
 * when the first pair is a device name, the phones filed under that
 * name's hash are taken one by one and the bytes from the pairs' start,
 * as many as a phone's span, compared with that span by length and
 * fingerprint.  Equal bytes are walked the same way (nothing the walk
 * decides depends on a byte past its span) and give the same values,
 * among them the device name, so an equal span is the phone's own
 * report: names need not be compared.
 * Only a span that ran to its line's end needs the line to end there too,
 * and one without a hash key needs the line to be a report by its
 * DeviceTLInfo as well.  NULL: read the line in full.
 */
static ik_phone *
quick_repeat(ik_evscan *s, const char *l, size_t n, const char *kv,
    const uint32_t *hp)
{
	const char *a = kv + 1, *end = l + n, *eq, *rb;
	size_t avail = (size_t)(end - a), j = 0, fplen = 0;
	int report = -1;
	uint64_t fp[2];
	uint32_t h;
	ik_phone *p;

	if (s->db->no_repeat || a >= end || *a != '[' ||
	    (eq = find2(a, end, '=', ']')) == NULL || *eq != '=' ||
	    (rb = find2(eq + 1, end, ']', ']')) == NULL ||
	    ik_ev_key(a + 1, (size_t)(eq - a - 1)) != IK_EK_DEVICE ||
	    !plain_name(eq + 1, (size_t)(rb - eq - 1)))
		return NULL;
	h = hp != NULL ? *hp :
	    ik_phones_name_hash(eq + 1, (size_t)(rb - eq - 1));
	while ((p = ik_phones_next_hashed(s->db, h, &j)) != NULL) {
		if (p->spanlen == 0 || p->spanlen > avail ||
		    ((p->spanflags & IK_SPAN_TO_END) && p->spanlen != avail))
			continue;
		if (!(p->spanflags & IK_SPAN_REPORT)) {
			if (report < 0)
				report = mark_tl(l, end) != end;
			if (!report)
				continue;
		}
		if (fplen != p->spanlen) {
			if (!ik_phones_span_fp(s->db, a, p->spanlen, fp))
				return NULL;
			fplen = p->spanlen;
		}
		if (memcmp(fp, p->spanfp, sizeof(fp)) == 0)
			return p;
	}
	return NULL;
}

/*
 * An ignored line's pairs again, in a line with no DeviceTLInfo before
 * them (the caller knows: tl false): equal pairs are walked the same way,
 * find no hash key and hold no DeviceTLInfo either, so the line is
 * ignored again.  No phone's report can equal a prefix of them: its walk
 * would have found a hash key, or needed DeviceTLInfo in the line.
 */
static bool
not_report(ik_evscan *s, const char *a, size_t len, uint32_t h,
    uint64_t fp[2], bool *hasfp)
{
	struct notreport *e;

	*hasfp = false;
	if (s->nr == NULL || s->db->no_repeat || len == 0 || len > IK_SPAN_MAX)
		return false;
	e = &s->nr[h % NOTREPORT_SLOTS];
	if (e->len != len || !(*hasfp = ik_phones_span_fp(s->db, a, len, fp)))
		return false;
	return memcmp(e->fp, fp, sizeof(e->fp)) == 0;
}

/* The pairs of a line just ignored, kept (fp: their fingerprint if known). */
static void
not_report_keep(ik_evscan *s, const char *a, size_t len, uint32_t h,
    const uint64_t *fp)
{
	struct notreport *e;
	uint64_t own[2];

	if (s->db->no_repeat || len == 0 || len > IK_SPAN_MAX)
		return;
	if (s->nr == NULL &&
	    (s->nr = calloc(NOTREPORT_SLOTS, sizeof(*s->nr))) == NULL)
		return;
	if (fp == NULL) {
		if (!ik_phones_span_fp(s->db, a, len, own))
			return;
		fp = own;
	}
	e = &s->nr[h % NOTREPORT_SLOTS];
	memcpy(e->fp, fp, sizeof(e->fp));
	e->len = (uint32_t)len;
}

static void
syslog_line(ik_evscan *s, const char *l, size_t n, const char *kv,
    const uint32_t *hp, bool tl)
{
	const char *why = NULL, *w, *stop;
	struct kvspan kvs[MAX_KV];
	ik_phone_report r;
	uint64_t fp[2], nfp[2];
	bool any = false, hasfp, hasnfp = false;
	size_t nkv, i, len;
	ik_phone *p;

	if (hp != NULL && !tl && not_report(s, kv + 1,
	    (size_t)(l + n - kv - 1), *hp, nfp, &hasnfp)) {
		ignore(s);
		return;
	}
	if ((p = quick_repeat(s, l, n, kv, hp)) != NULL) {
		r.when = 0;
		r.has_when = syslog_time(&s->dc, l, (size_t)(kv - l), &r.when);
		ik_phones_again(s->db, p, r.has_when, r.when, s->source);
		return;
	}
	nkv = kv_walk(kv + 1, l + n, NULL, kvs, &any, &why, &stop);
	/* Other alarms (EndPointUnregistered, ...) are not reports. */
	if (!any && mark_tl(l, l + n) == l + n) {
		if (hp != NULL)
			not_report_keep(s, kv + 1, (size_t)(l + n - kv - 1),
			    *hp, hasnfp ? nfp : NULL);
		ignore(s);
		return;
	}
	/*
	 * The phone's previous report again: only its time is new.  The
	 * span is what the walk looked at; equal spans give equal walks (a
	 * longer line would have been walked further, a shorter one less)
	 * and equal values, which depend on nothing else.  Spans are
	 * compared by length and keyed fingerprint (ik_phones_span_fp).
	 */
	len = (size_t)(stop - kv - 1);
	if ((p = repeated(s, kvs, nkv, kv + 1, len, fp, &hasfp)) != NULL) {
		r.when = 0;
		r.has_when = syslog_time(&s->dc, l, (size_t)(kv - l), &r.when);
		ik_phones_again(s->db, p, r.has_when, r.when, s->source);
		return;
	}
	ik_ev_report_init(&r);
	if (nkv > MAX_KV) {
		/* Many keys: the same walk again, reading the values. */
		kv_walk(kv + 1, l + n, &r, NULL, &any, &why, &stop);
	} else {
		for (i = 0; i < nkv; i++) {
			w = ik_ev_value(&r, kvs[i].key, kvs[i].v, kvs[i].n);
			if (w != NULL && why == NULL)
				why = w;
		}
	}
	if (why == NULL)
		why = ik_ev_report_check(&r);
	if (why != NULL) {
		skip(s, s->lineno, why);
		return;
	}
	r.has_when = syslog_time(&s->dc, l, (size_t)(kv - l), &r.when);
	if (!hasfp && !s->db->no_repeat && nkv <= MAX_KV)
		hasfp = ik_phones_span_fp(s->db, kv + 1, len, fp);
	if (ik_phones_add_span(s->db, &r, s->source, hasfp ? fp : NULL, len,
	    (stop == l + n ? IK_SPAN_TO_END : 0) |
	    (any ? IK_SPAN_REPORT : 0)) != 0)
		s->oom = true;
}

/* ---- CSV ---------------------------------------------------------------- */

/*
 * Splits one CSV line (RFC 4180 quoting, no embedded newlines) into
 * fields; calls f for each.  Returns the number of fields, -1 when a quote
 * is not closed.
 */
static int
csv_fields(const char *l, size_t n, void (*f)(void *, size_t, const char *,
    size_t), void *ctx, char *tmp)
{
	size_t i = 0, k, col = 0;

	for (;;) {
		k = 0;
		if (i < n && l[i] == '"') {
			i++;
			for (;;) {
				if (i >= n)
					return -1;
				if (l[i] == '"') {
					if (i + 1 < n && l[i + 1] == '"') {
						tmp[k++] = '"';
						i += 2;
						continue;
					}
					i++;
					break;
				}
				tmp[k++] = l[i++];
			}
			while (i < n && l[i] != ',')
				i++;
		} else {
			while (i < n && l[i] != ',')
				tmp[k++] = l[i++];
		}
		f(ctx, col++, tmp, k);
		if (i >= n)
			break;
		i++;			/* the comma */
	}
	return (int)col;
}

static void
header_field(void *ctx, size_t col, const char *v, size_t n)
{
	ik_evscan *s = ctx;

	if (col < MAX_COLS) {
		s->cols[col] = ik_ev_key(v, n);
		s->ncols = col + 1;
	}
}

struct rowctx {
	ik_evscan *s;
	ik_phone_report r;
	const char *why;
};

static void
row_field(void *ctx, size_t col, const char *v, size_t n)
{
	struct rowctx *rc = ctx;
	const char *w;

	if (col >= rc->s->ncols || rc->s->cols[col] == IK_EK_OTHER)
		return;
	w = ik_ev_value(&rc->r, rc->s->cols[col], v, n);
	if (w != NULL && rc->why == NULL)
		rc->why = w;
}

static bool
csv_header(ik_evscan *s, const char *l, size_t n)
{
	char *tmp = malloc(n + 1);
	size_t i;
	bool dev = false, itl = false;

	if (tmp == NULL) {
		s->oom = true;
		return false;
	}
	s->ncols = 0;
	if (csv_fields(l, n, header_field, s, tmp) < 2)
		s->ncols = 0;
	free(tmp);
	for (i = 0; i < s->ncols; i++) {
		dev |= s->cols[i] == IK_EK_DEVICE;
		itl |= s->cols[i] == IK_EK_HASH || s->cols[i] == IK_EK_STATUS;
	}
	return dev && itl;
}

static void
csv_row(ik_evscan *s, const char *l, size_t n)
{
	struct rowctx rc;
	char *tmp = malloc(n + 1);
	int nf;

	if (tmp == NULL) {
		s->oom = true;
		return;
	}
	memset(&rc, 0, sizeof(rc));
	rc.s = s;
	ik_ev_report_init(&rc.r);
	nf = csv_fields(l, n, row_field, &rc, tmp);
	free(tmp);
	if (nf < 0)
		rc.why = "unclosed quote";
	else if ((size_t)nf < s->ncols)
		rc.why = "fewer fields than the header";
	if (rc.why == NULL)
		rc.why = ik_ev_report_check(&rc.r);
	if (rc.why != NULL) {
		skip(s, s->lineno, rc.why);
		return;
	}
	if (ik_phones_add(s->db, &rc.r, s->source) != 0)
		s->oom = true;
}

/* ---- XML bodies --------------------------------------------------------- */

static void
xml_done(ik_evscan *s)
{
	char why[160], msg[200];

	if (ik_ev_xml_doc(s->db, s->source, s->xml.s ? s->xml.s : "",
	    s->xml.len, why, sizeof(why)) < 0) {
		snprintf(msg, sizeof(msg), "%s (body from line %zu)", why,
		    s->xml_line);
		skip(s, s->xml_line, msg);
	}
	ik_sb_reset(&s->xml);
	s->collecting = false;
}

static void
xml_add(ik_evscan *s, const char *l, size_t n)
{
	const char *end = find(l, n, "</x-cisco-alarm>");
	size_t take = end ? (size_t)(end - l) + 16 : n;

	if (s->xml.len + take > MAX_XML) {
		skip(s, s->xml_line, "alarm body over 256 KB");
		ik_sb_reset(&s->xml);
		s->collecting = false;
		return;
	}
	ik_sb_add(&s->xml, l, take);
	ik_sb_add(&s->xml, "\n", 1);
	if (s->xml.oom)
		s->oom = true;
	if (end != NULL)
		xml_done(s);
}

static const char *
xml_start(const char *l, size_t n)
{
	const char *a = find(l, n, "<?xml"), *b = find(l, n, "<x-cisco-alarm");

	if (a != NULL && (b == NULL || a < b))
		return a;
	return b;
}

/* ---- lines -------------------------------------------------------------- */

static void
detect(ik_evscan *s, const char *l, size_t n)
{
	if (xml_start(l, n) == l)
		label(s, "xml");
	else if (memchr(l, ',', n) != NULL && csv_header(s, l, n)) {
		s->mode = M_CSV;
		label(s, "csv");
		return;
	} else if (find(l, n, "SIP/2.0") != NULL)
		label(s, "sip");
	else
		label(s, find(l, n, "%[") ? "syslog" : "log");
	s->mode = M_LOG;
}

/*
 * One line.  kv, when not NULL, is where the line's first "%[" is (the
 * prefilter found it): not searched again.  hp, when not NULL, is the
 * name hash of the first pair's value (ahead_name); tl is false when the
 * prefilter saw no DeviceTLInfo or alarm XML before kv (true: unknown).
 */
static void
line(ik_evscan *s, const char *l, size_t n, const char *kv,
    const uint32_t *hp, bool tl)
{
	const char *x;

	s->lineno++;
	if (src(s) != NULL)
		src(s)->lines++;
	while (n > 0 && (l[n - 1] == '\r' || l[n - 1] == '\n'))
		n--;
	if (s->collecting) {
		xml_add(s, l, n);
		return;
	}
	while (n > 0 && (*l == ' ' || *l == '\t')) {
		l++;
		n--;
	}
	if (n == 0)
		return;
	if (s->mode == M_UNKNOWN) {
		detect(s, l, n);
		if (s->mode == M_CSV)
			return;		/* the header */
	}
	/* The common case first: a syslog line with key-value pairs. */
	if (kv == NULL) {
		kv = l;
		while ((kv = memchr(kv, '%', n - (size_t)(kv - l))) != NULL &&
		    (kv + 1 >= l + n || kv[1] != '['))
			kv++;
	}
	if (kv != NULL) {
		syslog_line(s, l, n, kv, hp, tl);
		return;
	}
	if (s->mode == M_CSV) {
		csv_row(s, l, n);
		return;
	}
	x = xml_start(l, n);
	if (x != NULL) {
		s->collecting = true;
		s->xml_line = s->lineno;
		xml_add(s, x, n - (size_t)(x - l));
		return;
	}
	if (find(l, n, "DeviceTLInfo") != NULL)
		skip(s, s->lineno, "mentions DeviceTLInfo but carries no %[Key=Value] pairs or alarm XML");
	else
		ignore(s);
}

ik_evscan *
ik_evscan_new(ik_phones *db, uint16_t source)
{
	ik_evscan *s = calloc(1, sizeof(*s));

	if (s == NULL)
		return NULL;
	s->db = db;
	s->source = source;
	ik_sb_init(&s->carry);
	ik_sb_init(&s->xml);
	if (src(s) != NULL)
		src(s)->format = "empty";
	return s;
}

void
ik_evscan_free(ik_evscan *s)
{
	if (s == NULL)
		return;
	ik_sb_free(&s->carry);
	ik_sb_free(&s->xml);
	free(s->nr);
	free(s);
}

/* ---- the marker prefilter ---------------------------------------------- */

/*
 * In a log (neither CSV rows nor an alarm body being collected) the parser
 * does something with a line only when it holds "%[", "<?xml",
 * "<x-cisco-alarm" or "DeviceTLInfo" (see line()); any other line is empty
 * or ignored.  So each line is read once for its end and those markers
 * together (by '\n', '%', '<' and the 'L' of DeviceTLInfo, sixteen bytes
 * at a time), and a line without one is only counted, as grep skips to
 * its matches.  tests/unit/test_phones_scan.c runs the parser with and
 * without this over real and generated logs.
 */
struct lineview {
	const char *start;		/* the line */
	const char *nl;			/* its '\n', NULL: none yet */
	const char *kv;			/* its first "%[", or NULL */
	bool other;			/* another marker before it */
	bool named;			/* h: its first pair's value's hash */
	uint32_t h;
};

/*
 * Lines are looked at a few ahead of the one parsed, so that the phone
 * table is asked for the slot (AHEAD - 1 lines ahead), then the phone
 * (AHEAD / 2 lines ahead) of the device name in each line's first pair:
 * phones are met in no order, and a repeated report then finds both in
 * the cache instead of waiting for memory twice.  Sixteen: where reports
 * are one line in four, fewer left the slot on its way when the phone was
 * asked for (a stall of its own; 4 measured 0.43 s CPU on the short bench
 * input, 16 0.30 s, the same on long lines).  Only the cache is affected.
 */
#define AHEAD 16

static void
ahead_name(ik_evscan *s, struct lineview *v)
{
	const char *eq, *rb;

	v->named = false;
	if (v->kv == NULL || v->nl == NULL || s->db->no_repeat ||
	    (eq = find2(v->kv + 2, v->nl, '=', ']')) == NULL || *eq != '=' ||
	    (rb = find2(eq + 1, v->nl, ']', ']')) == NULL)
		return;
	v->h = ik_phones_name_hash(eq + 1, (size_t)(rb - eq - 1));
	v->named = true;
	ik_phones_prefetch(s->db, v->h, 0);
	if (s->nr != NULL && !v->other)
		__builtin_prefetch(&s->nr[v->h % NOTREPORT_SLOTS]);
}

/* "DeviceTLInfo" by its 'L', rarer in logs than its first letter. */
static const char *
mark_tl(const char *p, const char *end)
{
	const char *q;

	if ((size_t)(end - p) < 12)
		return end;
	q = p + 7;
	while (q < end && (q = memchr(q, 'L', (size_t)(end - q))) != NULL) {
		if ((size_t)(end - q) >= 5 && memcmp(q - 7, "DeviceTLInfo",
		    12) == 0)
			return q - 7;
		q++;
	}
	return end;
}

/*
 * The line from p (to its '\n' in p..end): where it ends, and its
 * markers.  The markers hold no '\n', so matching them against end
 * rather than the line's end gives the same answers.
 */
static void
line_view(const char *p, const char *end, struct lineview *v)
{
	const char *q, *c;
	unsigned m;
	size_t k;

	v->start = p;
	v->kv = NULL;
	v->other = false;
	for (q = p; q < end; q += 16) {
		if (end - q >= 16)
			m = bits16(q, '\n', '%', '<', 'L');
		else {
			m = 0;
			for (k = 0; k < (size_t)(end - q); k++)
				if (q[k] == '\n' || q[k] == '%' ||
				    q[k] == '<' || q[k] == 'L')
					m |= 1u << k;
		}
		for (; m != 0; m &= m - 1) {
			c = q + __builtin_ctz(m);
			switch (*c) {
			case '\n':
				v->nl = c;
				return;
			case '%':
				if (end - c >= 2 && c[1] == '[') {
					/* The line goes to the parser. */
					v->kv = c;
					v->nl = memchr(c + 2, '\n',
					    (size_t)(end - c - 2));
					return;
				}
				break;
			case '<':
				if ((end - c >= 5 && memcmp(c, "<?xml", 5) == 0) ||
				    (end - c >= 14 &&
				    memcmp(c, "<x-cisco-alarm", 14) == 0))
					v->other = true;
				break;
			default:
				if (c - p >= 7 && end - c >= 5 &&
				    memcmp(c - 7, "DeviceTLInfo", 12) == 0)
					v->other = true;
				break;
			}
		}
	}
	v->nl = NULL;
}

/* What line() leaves of a line with nothing but blanks: nothing. */
static bool
blank(const char *l, size_t n)
{
	size_t i = 0;

	while (i < n && (l[i] == ' ' || l[i] == '\t'))
		i++;
	while (i < n && l[i] == '\r')
		i++;
	return i == n;
}

ik_status
ik_evscan_feed(ik_evscan *s, const uint8_t *buf, size_t n)
{
	const char *p = (const char *)buf, *end = p + n, *nl, *next = NULL;
	ik_evsource *e = src(s);
	struct lineview ring[AHEAD], v, *w;
	unsigned rh = 0, rn = 0;
	size_t k;

	if (e != NULL && e->headlen < sizeof(e->head)) {
		k = sizeof(e->head) - e->headlen < n ?
		    sizeof(e->head) - e->headlen : n;
		memcpy(e->head + e->headlen, buf, k);
		e->headlen += k;
	}
	while (p < end && !s->oom) {
		if (!s->overlong && s->carry.len == 0 && s->mode == M_LOG &&
		    !s->collecting && !s->db->no_prefilter) {
			/* The lines ahead, then this one (see AHEAD). */
			if (rn == 0 || ring[rh].start != p) {
				rn = 0;
				next = p;
			}
			for (; rn < AHEAD && next != NULL; rn++) {
				w = &ring[(rh + rn) % AHEAD];
				line_view(next, end, w);
				ahead_name(s, w);
				next = w->nl != NULL && w->nl + 1 < end ?
				    w->nl + 1 : NULL;
			}
			w = &ring[(rh + AHEAD / 2) % AHEAD];
			if (rn > AHEAD / 2 && w->named)
				ik_phones_prefetch(s->db, w->h, 1);
			v = ring[rh];
			rh = (rh + 1) % AHEAD;
			rn--;
			nl = v.nl;
			if (nl != NULL && (v.kv != NULL || v.other)) {
				line(s, p, (size_t)(nl - p), v.kv,
				    v.named ? &v.h : NULL, v.other);
				p = nl + 1;
				continue;
			}
			if (nl != NULL) {
				/* No marker on this line: empty or ignored. */
				s->lineno++;
				if (e != NULL)
					e->lines++;
				if (!blank(p, (size_t)(nl - p)))
					ignore(s);
				p = nl + 1;
				continue;
			}
		} else
			nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL) {
			/* Keep the tail for the next chunk, within a bound. */
			if (!s->overlong && s->carry.len + (size_t)(end - p) >
			    MAX_LINE) {
				s->overlong = true;
				ik_sb_reset(&s->carry);
			}
			if (!s->overlong)
				ik_sb_add(&s->carry, p, (size_t)(end - p));
			break;
		}
		if (s->overlong) {
			s->lineno++;
			skip(s, s->lineno, "line over 1 MB");
			s->overlong = false;
		} else if (s->carry.len > 0) {
			ik_sb_add(&s->carry, p, (size_t)(nl - p));
			if (!s->carry.oom)
				line(s, s->carry.s, s->carry.len, NULL, NULL,
				    true);
			ik_sb_reset(&s->carry);
		} else {
			line(s, p, (size_t)(nl - p), NULL, NULL, true);
		}
		p = nl + 1;
	}
	if (s->carry.oom || s->xml.oom)
		s->oom = true;
	return s->oom ? IK_FATAL : IK_OK;
}

ik_status
ik_evscan_end(ik_evscan *s)
{
	if (s->overlong) {
		s->lineno++;
		skip(s, s->lineno, "line over 1 MB");
	} else if (s->carry.len > 0) {
		line(s, s->carry.s, s->carry.len, NULL, NULL, true);
	}
	ik_sb_reset(&s->carry);
	if (s->collecting)
		skip(s, s->xml_line, "alarm body not closed by </x-cisco-alarm>");
	s->collecting = false;
	return s->oom ? IK_FATAL : IK_OK;
}
