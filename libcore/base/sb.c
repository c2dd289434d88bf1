/*
 * sb.c: a growing string buffer.  An allocation failure is remembered in
 * sb->oom rather than returned from every append, so renderers stay short;
 * callers check it once at the end.
 * Layer: base.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ik_base.h"

void
ik_sb_init(ik_sb *sb)
{
	sb->s = NULL;
	sb->len = sb->cap = 0;
	sb->oom = false;
}

void
ik_sb_free(ik_sb *sb)
{
	free(sb->s);
	ik_sb_init(sb);
}

void
ik_sb_reset(ik_sb *sb)
{
	sb->len = 0;
	if (sb->s != NULL)
		sb->s[0] = '\0';
}

static bool
sb_reserve(ik_sb *sb, size_t extra)
{
	size_t need, ncap;
	char *ns;

	if (sb->oom)
		return false;
	if (extra > SIZE_MAX / 2 - sb->len) {
		sb->oom = true;
		return false;
	}
	need = sb->len + extra + 1;
	if (need <= sb->cap)
		return true;
	ncap = sb->cap ? sb->cap : 256;
	while (ncap < need)
		ncap *= 2;
	ns = realloc(sb->s, ncap);
	if (ns == NULL) {
		sb->oom = true;
		return false;
	}
	sb->s = ns;
	sb->cap = ncap;
	return true;
}

void
ik_sb_add(ik_sb *sb, const char *s, size_t n)
{
	if (!sb_reserve(sb, n))
		return;
	memcpy(sb->s + sb->len, s, n);
	sb->len += n;
	sb->s[sb->len] = '\0';
}

void
ik_sb_puts(ik_sb *sb, const char *s)
{
	ik_sb_add(sb, s, strlen(s));
}

void
ik_sb_vprintf(ik_sb *sb, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0 || !sb_reserve(sb, (size_t)n))
		return;
	vsnprintf(sb->s + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
}

void
ik_sb_printf(ik_sb *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ik_sb_vprintf(sb, fmt, ap);
	va_end(ap);
}

/*
 * Length of the well-formed UTF-8 sequence at s (RFC 3629: no overlong
 * forms, no surrogates, nothing above U+10FFFF) and its code point, or 0
 * when the byte at s does not start one.
 */
size_t
ik_utf8_decode(const uint8_t *s, size_t n, uint32_t *cp)
{
	uint8_t lo = 0x80, hi = 0xbf;
	size_t len, i;
	uint32_t c;

	if (n == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		c = s[0] & 0x0f;
		if (s[0] == 0xe0)
			lo = 0xa0;
		else if (s[0] == 0xed)
			hi = 0x9f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		c = s[0] & 0x07;
		if (s[0] == 0xf0)
			lo = 0x90;
		else if (s[0] == 0xf4)
			hi = 0x8f;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	/* Only the second byte has a narrowed range. */
	for (i = 1; i < len; i++) {
		if (s[i] < (i == 1 ? lo : 0x80) || s[i] > (i == 1 ? hi : 0xbf))
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	*cp = c;
	return len;
}

/*
 * Code points a terminal acts on or that change how the text around them
 * reads: C1 controls (U+009B is a CSI on many terminals), the Arabic
 * letter mark, the Mongolian vowel separator, zero-width characters and
 * directional marks, line and paragraph separators, the bidi embeddings,
 * overrides and isolates (U+202A-202E, U+2066-2069, the "Trojan Source"
 * set), invisible operators, the byte order mark, interlinear annotation
 * controls and the tag characters.
 */
static bool
cp_unsafe(uint32_t c)
{
	return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x61c ||
	    c == 0x180e || (c >= 0x200b && c <= 0x200f) ||
	    (c >= 0x2028 && c <= 0x202e) || (c >= 0x2060 && c <= 0x206f) ||
	    c == 0xfeff || (c >= 0xfff9 && c <= 0xfffb) ||
	    (c >= 0xe0000 && c <= 0xe007f);
}

void
ik_sb_add_safe(ik_sb *sb, const uint8_t *s, size_t n)
{
	size_t i = 0, start = 0, k;
	uint32_t c;

	while (i < n) {
		if (s[i] >= 0x20 && s[i] < 0x7f && s[i] != '\\') {
			i++;
			continue;
		}
		k = ik_utf8_decode(s + i, n - i, &c);
		if (k > 1 && !cp_unsafe(c)) {
			i += k;
			continue;
		}
		ik_sb_add(sb, (const char *)s + start, i - start);
		if (s[i] == '\\')
			ik_sb_add(sb, "\\\\", 2);
		else if (k > 1)
			ik_sb_printf(sb, "\\u%04x", (unsigned)c);
		else
			ik_sb_printf(sb, "\\x%02x", s[i]);
		i += k > 1 ? k : 1;
		start = i;
	}
	ik_sb_add(sb, (const char *)s + start, n - start);
	/* An empty value still gives a string. */
	sb_reserve(sb, 0);
}

void
ik_sb_puts_safe(ik_sb *sb, const char *s, const char *if_null)
{
	if (s == NULL)
		ik_sb_puts(sb, if_null);
	else
		ik_sb_add_safe(sb, (const uint8_t *)s, strlen(s));
}

char *
ik_sb_take(ik_sb *sb)
{
	char *s;

	if (sb->s == NULL && !sb->oom)
		sb_reserve(sb, 0);
	if (sb->s != NULL && sb->len == 0)
		sb->s[0] = '\0';
	s = sb->s;
	ik_sb_init(sb);
	return s;
}

void
ik_sb_csv_cell(ik_sb *sb, const char *s)
{
	ik_sb t;
	size_t i;

	if (s == NULL)
		s = "";
	ik_sb_init(&t);
	/*
	 * A spreadsheet runs a cell that starts like a formula (CSV
	 * injection); the apostrophe makes it text and shows nowhere.  A
	 * lone "-" (standard input) is no formula.
	 */
	if (strchr("=+-@\t\r", s[0]) != NULL && s[0] != '\0' &&
	    strcmp(s, "-") != 0)
		ik_sb_add(&t, "'", 1);
	/* A CSV is read on terminals too: the printable form, as in text. */
	ik_sb_puts_safe(&t, s, "");
	if (t.oom) {
		sb->oom = true;
	} else if (strpbrk(t.s, ",\"") == NULL) {
		ik_sb_add(sb, t.s, t.len);
	} else {
		ik_sb_add(sb, "\"", 1);
		for (i = 0; i < t.len; i++) {
			if (t.s[i] == '"')
				ik_sb_add(sb, "\"", 1);
			ik_sb_add(sb, t.s + i, 1);
		}
		ik_sb_add(sb, "\"", 1);
	}
	ik_sb_free(&t);
}
