/*
 * dump_lines.c: logical lines of pasted `show itl` / `show ctl` text.
 * Layer: itl.
 *
 * Customers paste dumps through terminals, mail and web pages: CRLF,
 * tabs, "> " quoting, and copies whose line breaks collapsed into spaces
 * (Cisco doc 118893 as stored).  A physical line is cleaned, then cut
 * where a new dump line plainly starts ("3 SUBJECTNAME", "ITL Record #:",
 * "This etoken ...") so that the parser sees the same lines either way.
 * Cuts are only made after whitespace and before a marker that no
 * certificate name or hex value contains.  Collapsing serves the layout
 * only: each piece also points at its bytes in the input, from which the
 * parser takes values (eToken names are padded with runs of spaces that
 * their LENGTH counts).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dump_private.h"

bool
ik_dump_starts(const char *s, size_t n, const char *w)
{
	size_t k = strlen(w);

	return n >= k && strncasecmp(s, w, k) == 0;
}

/* Tag names CUCM (and the third-party parsers seen) print, first word. */
static const char *const tag_words[] = {
	"SIGNERID", "SIGNERNAME", "SERIALNUMBER", "SERIAL", "CANAME",
	"SIGNATUREINFO", "DIGESTALGORTITHM", "DIGESTALGORITHM", "DIGESTALGO",
	"SIGNATUREALGOINFO", "SIGNATUREALGORTITHM", "SIGNATUREALGORITHM",
	"SIGNATUREALGO", "SIGNATUREMODULUS", "SIGNATURE", "FILENAME",
	"TIMESTAMP", "SIGNERVERSION", "RECORDLENGTH", "DNSNAME", "SUBJECTNAME",
	"FUNCTION", "ISSUERNAME", "PUBLICKEY", "CERTIFICATE", "IPADDRESS",
	"CERTHASH", "HASH", NULL
};

/* Markers that start a line of their own (case-sensitive, as CUCM prints). */
static const char *const line_markers[] = {
	"The checksum value", "Length of ITL", "Length of CTL",
	"The ITL File was last", "The CTL File was last", "Parse ITL File",
	"Parse CTL File", "Version:", "HeaderLength:", "BYTEPOS",
	"ITL Record", "CTL Record", "This etoken", "(SHA1 Hash HEX)",
	"The ITL file was", "The CTL file was", "[...]", "CTL File not found",
	"ITL File not found", "Error parsing", NULL
};

static bool
is_word_end(const char *s, size_t p, size_t n)
{
	return p >= n || s[p] == ' ';
}

/* "<digits> <TAGWORD>" at s[p]. */
static bool
tag_at(const char *s, size_t p, size_t n)
{
	size_t q = p, d, k, i;

	while (q < n && isdigit((unsigned char)s[q]))
		q++;
	d = q - p;
	if (d == 0 || d > 2 || q >= n || s[q] != ' ')
		return false;
	while (q < n && s[q] == ' ')
		q++;
	for (i = 0; tag_words[i] != NULL; i++) {
		k = strlen(tag_words[i]);
		if (n - q >= k && memcmp(s + q, tag_words[i], k) == 0 &&
		    is_word_end(s, q + k, n))
			return true;
	}
	return false;
}

/* A hex digest glued to "(MD5)" or "(SHA1)": "0c05...d609(MD5)". */
static bool
digest_at(const char *s, size_t p, size_t n)
{
	size_t q = p;

	while (q < n && isxdigit((unsigned char)s[q]))
		q++;
	if (q - p != 32 && q - p != 40)
		return false;
	return ik_dump_starts(s + q, n - q, "(MD5)") ||
	    ik_dump_starts(s + q, n - q, "(SHA1)");
}

static bool
dashes_at(const char *s, size_t p, size_t n)
{
	size_t q = p, k;

	while (q < n && s[q] == '-')
		q++;
	k = q - p;
	if (k < 4)
		return false;
	/* "----" before "BYTEPOS", or a row of dashes after "VALUE"/"File". */
	while (q < n && s[q] == ' ')
		q++;
	if (k == 4)
		return ik_dump_starts(s + q, n - q, "BYTEPOS");
	if (p >= 6 && strncmp(s + p - 6, "VALUE ", 6) == 0)
		return true;
	return p >= 5 && strncmp(s + p - 5, "File ", 5) == 0;
}

static bool
cut_at(const char *s, size_t p, size_t n)
{
	size_t i, k;

	if (p == 0 || s[p - 1] != ' ')
		return false;
	for (i = 0; line_markers[i] != NULL; i++) {
		k = strlen(line_markers[i]);
		if (n - p >= k && memcmp(s + p, line_markers[i], k) == 0)
			return true;
	}
	if (strncmp(s + p, "admin:", 6) == 0)
		return true;
	if (s[p] == '-')
		return dashes_at(s, p, n);
	if (isdigit((unsigned char)s[p]) && tag_at(s, p, n))
		return true;
	return isxdigit((unsigned char)s[p]) && digest_at(s, p, n);
}

int
ik_dlines_init(ik_dlines *it, const uint8_t *buf, size_t len, size_t pos)
{
	size_t i;

	memset(it, 0, sizeof(*it));
	it->buf = buf;
	it->len = len;
	it->pos = pos < len ? pos : len;
	it->lineno = 1;
	for (i = 0; i < it->pos; i++)
		if (buf[i] == '\n')
			it->lineno++;
	return 0;
}

void
ik_dlines_free(ik_dlines *it)
{
	free(it->phys);
	free(it->seg);
	it->phys = it->seg = NULL;
}

/* Line buffers grow to the longest line seen, up to IK_DUMP_MAX_LINE. */
static int
reserve(ik_dlines *it, size_t n)
{
	char *p, *s;

	if (n + 1 <= it->cap)
		return 0;
	p = realloc(it->phys, n + 1);
	if (p == NULL)
		return -1;
	it->phys = p;
	s = realloc(it->seg, n + 1);
	if (s == NULL)
		return -1;
	it->seg = s;
	it->cap = n + 1;
	return 0;
}

/* Reads the next physical line, cleans it and finds its cuts. */
static int
next_physical(ik_dlines *it)
{
	size_t start = it->pos, end, n = 0, p;
	const uint8_t *nl;
	uint8_t c;

	if (it->pos >= it->len)
		return 0;
	nl = memchr(it->buf + start, '\n', it->len - start);
	end = nl != NULL ? (size_t)(nl - it->buf) : it->len;
	it->pos = nl != NULL ? end + 1 : it->len;
	it->phys_off = start;
	it->phys_lineno = it->lineno++;
	it->phys_clipped = end - start > IK_DUMP_MAX_LINE;
	if (it->phys_clipped)
		end = start + IK_DUMP_MAX_LINE;
	it->phys_end = end;
	if (reserve(it, end - start) != 0)
		return -1;
	for (p = start; p < end; p++) {
		c = it->buf[p];
		/* Tabs, CR and other controls become spaces; runs collapse. */
		if (c < 0x20 || c == 0x7f)
			c = ' ';
		if (c == ' ' && n > 0 && it->phys[n - 1] == ' ')
			continue;
		it->phys[n++] = (char)c;
	}
	it->phys[n] = '\0';
	it->phys_len = n;
	it->map_col = 0;
	it->map_pos = start;
	it->ncut = 0;
	it->cuts[it->ncut++] = 0;
	for (p = 1; p < n && it->ncut < IK_DUMP_MAX_CUTS; p++)
		if (cut_at(it->phys, p, n))
			it->cuts[it->ncut++] = p;
	it->cuts[it->ncut] = n;
	it->icut = 0;
	return 1;
}

static bool
blank(uint8_t c)
{
	return c <= 0x20 || c == 0x7f;
}

/*
 * The input byte where column col of the cleaned line starts (a space of
 * it stands for a whole run).  Cleaning only collapses runs, so walking
 * both is exact; pieces come in order, so the walk goes on from the
 * column asked before and a line is walked once.
 */
static size_t
input_offset(ik_dlines *it, size_t col)
{
	size_t p = it->map_pos, k = it->map_col, end = it->phys_end;

	for (; k < col && p < end; k++) {
		if (blank(it->buf[p])) {
			while (p < end && blank(it->buf[p]))
				p++;
		} else {
			p++;
		}
	}
	it->map_col = k;
	it->map_pos = p;
	return p;
}

void
ik_dline_raw_after(const ik_dline *l, size_t nwords, const uint8_t **v,
    size_t *n)
{
	size_t p = 0, k;

	for (k = 0; k < nwords; k++) {
		while (p < l->raw_n && !blank(l->raw[p]))
			p++;
		while (p < l->raw_n && blank(l->raw[p]))
			p++;
	}
	*v = l->raw + p;
	*n = l->raw_n - p;
}

int
ik_dlines_next(ik_dlines *it, ik_dline *out)
{
	size_t a, b;
	int r;

	while (it->ncut == 0 || it->icut >= it->ncut) {
		r = next_physical(it);
		if (r <= 0)
			return r;
	}
	a = it->cuts[it->icut];
	b = it->cuts[it->icut + 1];
	it->icut++;
	out->col = a + 1;
	out->off = input_offset(it, a);
	/* Trim, and drop "> " mail quoting. */
	while (a < b && (it->phys[a] == ' ' || it->phys[a] == '>'))
		a++;
	while (b > a && it->phys[b - 1] == ' ')
		b--;
	out->raw = it->buf + input_offset(it, a);
	out->raw_n = b > a ? input_offset(it, b - 1) + 1 -
	    (size_t)(out->raw - it->buf) : 0;
	memcpy(it->seg, it->phys + a, b - a);
	it->seg[b - a] = '\0';
	out->s = it->seg;
	out->n = b - a;
	out->lineno = it->phys_lineno;
	out->clipped = it->phys_clipped;
	return 1;
}
