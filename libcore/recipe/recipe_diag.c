/*
 * recipe_diag.c: layer recipe.  The error list of a recipe, its
 * rendering (FILE:LINE:COLUMN: message, the source line, a caret), and
 * the map from a byte of a scalar's value back to its place in the file
 * (for references and expressions inside quoted or folded text).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "recipe_private.h"

void
ik_recipe_diags_init(ik_recipe_diags *d)
{
	memset(d, 0, sizeof(*d));
}

void
ik_recipe_diags_free(ik_recipe_diags *d)
{
	free(d->v);
	memset(d, 0, sizeof(*d));
}

void
rd_add(ik_recipe_diags *d, ik_recipe_pos pos, const char *fmt, ...)
{
	ik_recipe_diag *nv;
	va_list ap;
	size_t ncap;

	if (d->n >= IK_RECIPE_MAX_DIAGS) {
		d->dropped++;
		return;
	}
	if (d->n == d->cap) {
		ncap = d->cap != 0 ? d->cap * 2 : 8;
		nv = realloc(d->v, ncap * sizeof(*nv));
		if (nv == NULL) {
			d->oom = true;
			d->dropped++;
			return;
		}
		d->v = nv;
		d->cap = ncap;
	}
	d->v[d->n].pos = pos;
	va_start(ap, fmt);
	vsnprintf(d->v[d->n].msg, sizeof(d->v[d->n].msg), fmt, ap);
	va_end(ap);
	d->n++;
}

void
rd_oom(ik_recipe_diags *d)
{
	ik_recipe_pos none = { 0, 0 };

	d->oom = true;
	if (d->n < d->cap || d->n == 0)
		rd_add(d, none, "out of memory");
}

static int
pos_cmp(ik_recipe_pos a, ik_recipe_pos b)
{
	if (a.line != b.line)
		return a.line < b.line ? -1 : 1;
	if (a.col != b.col)
		return a.col < b.col ? -1 : 1;
	return 0;
}

void
rd_sort(ik_recipe_diags *d)
{
	ik_recipe_diag t;
	size_t i, j;

	/* Insertion sort: stable, and the list is short and nearly sorted. */
	for (i = 1; i < d->n; i++) {
		if (pos_cmp(d->v[i - 1].pos, d->v[i].pos) <= 0)
			continue;
		t = d->v[i];
		for (j = i; j > 0 && pos_cmp(d->v[j - 1].pos, t.pos) > 0; j--)
			d->v[j] = d->v[j - 1];
		d->v[j] = t;
	}
}

static const char *
printable(char *buf, size_t size, const char *s, bool quote)
{
	ik_sb sb;
	size_t n, cut = 60;

	ik_sb_init(&sb);
	ik_sb_puts_safe(&sb, s, "");
	n = sb.s != NULL ? sb.len : 0;
	if (n > cut) {
		/* Cut on a character boundary. */
		while (cut > 0 && ((uint8_t)sb.s[cut] & 0xc0) == 0x80)
			cut--;
		snprintf(buf, size, "%s%.*s...%s", quote ? "\"" : "",
		    (int)cut, sb.s, quote ? "\"" : "");
	} else
		snprintf(buf, size, "%s%s%s", quote ? "\"" : "",
		    n > 0 ? sb.s : "", quote ? "\"" : "");
	ik_sb_free(&sb);
	return buf;
}

const char *
rd_q(char *buf, size_t size, const char *s)
{
	return printable(buf, size, s, true);
}

const char *
rd_p(char *buf, size_t size, const char *s)
{
	return printable(buf, size, s, false);
}

const char *
rd_unknown(char *buf, size_t size, const char *what, const char *name,
    const char *tail, const char *const *names, size_t n, const char **near)
{
	const char *c = ik_closest(name, names, n);
	char q[RD_QSZ];

	if (near != NULL)
		*near = c;
	snprintf(buf, size, "unknown %s %s%s%s%s%s", what,
	    rd_q(q, sizeof(q), name), tail, c != NULL ? " (did you mean \"" :
	    "", c != NULL ? c : "", c != NULL ? "\"?)" : "");
	return buf;
}

/* ---- rendering -------------------------------------------------------- */

#define SHOW_CHARS 160		/* of a long line, around the column */

static size_t
char_len(const uint8_t *s, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			k++;
	return k;
}

/* Byte offset of the character c (0-based) of s[0..n), or n. */
static size_t
char_off(const uint8_t *s, size_t n, size_t c)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			if (k == c)
				return i;
			k++;
		}
	}
	return n;
}

static void
show_line(ik_sb *out, const uint8_t *line, size_t n, unsigned col)
{
	size_t first = 0, last, a, b, caret, i;
	size_t nchars = char_len(line, n);
	ik_sb pre;

	if (nchars > SHOW_CHARS && col > SHOW_CHARS / 2)
		first = col - SHOW_CHARS / 2;
	last = first + SHOW_CHARS;
	a = char_off(line, n, first);
	b = char_off(line, n, last);
	ik_sb_puts(out, "  ");
	if (first > 0)
		ik_sb_puts(out, "...");
	ik_sb_add_safe(out, line + a, b - a);
	if (b < n)
		ik_sb_puts(out, "...");
	ik_sb_puts(out, "\n  ");
	/* The caret under the character as shown (escapes are wider). */
	ik_sb_init(&pre);
	if (col > 1 && col - 1 > first) {
		size_t c = char_off(line, n, col - 1);

		ik_sb_add_safe(&pre, line + a, (c < b ? c : b) - a);
	}
	caret = (first > 0 ? 3 : 0) +
	    (pre.s != NULL ? char_len((const uint8_t *)pre.s, pre.len) : 0);
	ik_sb_free(&pre);
	for (i = 0; i < caret; i++)
		ik_sb_puts(out, " ");
	ik_sb_puts(out, "^\n");
}

void
ik_recipe_diags_render(ik_sb *out, const ik_recipe_diags *d,
    const char *file, const uint8_t *src, size_t len)
{
	size_t i, at = 0, end, bom = 0;
	unsigned line = 1;

	if (len >= 3 && src[0] == 0xef && src[1] == 0xbb && src[2] == 0xbf)
		bom = 3;
	at = bom;
	for (i = 0; i < d->n; i++) {
		const ik_recipe_diag *g = &d->v[i];

		ik_sb_puts_safe(out, file, "-");
		if (g->pos.line == 0) {
			ik_sb_printf(out, ": %s\n", g->msg);
			continue;
		}
		ik_sb_printf(out, ":%u:%u: %s\n", g->pos.line, g->pos.col,
		    g->msg);
		if (src == NULL)
			continue;
		if (g->pos.line < line) {
			line = 1;
			at = bom;
		}
		while (line < g->pos.line && at < len) {
			const uint8_t *nl = memchr(src + at, '\n', len - at);

			if (nl == NULL) {
				at = len;
				break;
			}
			at = (size_t)(nl - src) + 1;
			line++;
		}
		if (line != g->pos.line)
			continue;
		end = at;
		while (end < len && src[end] != '\n')
			end++;
		show_line(out, src + at, end > at && src[end - 1] == '\r' ?
		    end - at - 1 : end - at, g->pos.col);
	}
	if (d->dropped > 0) {
		ik_sb_puts_safe(out, file, "-");
		ik_sb_printf(out, ": %zu more error%s not shown\n", d->dropped,
		    d->dropped == 1 ? "" : "s");
	}
}

/* ---- places inside a scalar ------------------------------------------- */

void
ry_map_init(ry_map *m, const ry_doc *doc, const ry_node *node,
    const char *val, size_t vlen)
{
	memset(m, 0, sizeof(*m));
	m->doc = doc;
	m->node = node;
	m->val = val;
	m->vlen = vlen;
}

static void
map_start(ry_map *m)
{
	const ry_node *n = m->node;
	const uint8_t *s;
	size_t end;

	m->v = 0;
	m->started = true;
	if (m->doc == NULL) {
		m->line = 1;
		m->col = 1;
		return;
	}
	s = m->doc->src;
	end = n->raw_end < m->doc->srclen ? n->raw_end : m->doc->srclen;
	m->r = n->raw;
	m->line = n->line;
	m->col = n->col;
	switch (n->style) {
	case YAML_SINGLE_QUOTED_SCALAR_STYLE:
	case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
		m->r++;
		m->col++;
		break;
	case YAML_LITERAL_SCALAR_STYLE:
	case YAML_FOLDED_SCALAR_STYLE:
		/* The text starts on the line after the indicator,
		 * indented. */
		while (m->r < end && s[m->r] != '\n')
			m->r++;
		if (m->r < end) {
			m->r++;
			m->line++;
			m->col = 1;
		}
		while (m->r < end && s[m->r] == ' ') {
			m->r++;
			m->col++;
		}
		break;
	default:
		break;
	}
}

static int
hexval(uint8_t c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* A double-quoted escape at s[0..n): raw length, and bytes it gives. */
static void
escape_size(const uint8_t *s, size_t n, size_t *raw, size_t *val)
{
	unsigned long cp = 0;
	size_t digits = 0, i;

	*raw = n >= 2 ? 2 : n;
	*val = 1;
	if (n < 2)
		return;
	switch (s[1]) {
	case 'x': digits = 2; break;
	case 'u': digits = 4; break;
	case 'U': digits = 8; break;
	case 'N': case '_': *val = 2; return;
	case 'L': case 'P': *val = 3; return;
	default: return;
	}
	for (i = 0; i < digits && 2 + i < n && hexval(s[2 + i]) >= 0; i++)
		cp = cp * 16 + (unsigned long)hexval(s[2 + i]);
	*raw = 2 + i;
	*val = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

ik_recipe_pos
ry_map_pos(ry_map *m, size_t off)
{
	const uint8_t *s;
	ik_recipe_pos p;
	size_t end;
	int style;

	if (!m->started || off < m->v)
		map_start(m);
	if (m->doc == NULL) {
		while (m->v < off && m->v < m->vlen) {
			m->v++;
			while (m->v < m->vlen &&
			    ((uint8_t)m->val[m->v] & 0xc0) == 0x80)
				m->v++;
			m->col++;
		}
		p.line = m->line;
		p.col = m->col;
		return p;
	}
	s = m->doc->src;
	end = m->node->raw_end < m->doc->srclen ? m->node->raw_end :
	    m->doc->srclen;
	style = m->node->style;
	while (m->v < off && m->v < m->vlen && m->r < end) {
		uint8_t c = s[m->r];
		size_t raw, val, k;

		if (style == YAML_DOUBLE_QUOTED_SCALAR_STYLE && c == '\\' &&
		    m->r + 1 < end && s[m->r + 1] != '\n' &&
		    s[m->r + 1] != '\r') {
			escape_size(s + m->r, end - m->r, &raw, &val);
			m->r += raw;
			m->col += (unsigned)raw;
			m->v += val;
			continue;
		}
		if (style == YAML_SINGLE_QUOTED_SCALAR_STYLE && c == '\'' &&
		    m->r + 1 < end && s[m->r + 1] == '\'') {
			m->r += 2;
			m->col += 2;
			m->v++;
			continue;
		}
		if (c == '\n') {
			/* A line break: folded into a space or kept as a
			 * newline; the next line's indentation is not in the
			 * value. */
			m->r++;
			m->line++;
			m->col = 1;
			while (m->r < end &&
			    (s[m->r] == ' ' || s[m->r] == '\t')) {
				m->r++;
				m->col++;
			}
			if (m->val[m->v] == ' ' || m->val[m->v] == '\n')
				m->v++;
			continue;
		}
		k = 1;
		while (m->r + k < end && (s[m->r + k] & 0xc0) == 0x80)
			k++;
		if (m->v + k <= m->vlen &&
		    memcmp(s + m->r, m->val + m->v, k) == 0)
			m->v += k;
		/* Else a byte the value lacks (a trailing space before a
		 * break, an escaped line break): skipped. */
		m->r += k;
		m->col++;
	}
	p.line = m->line;
	p.col = m->col;
	return p;
}
