/*
 * recipe_yaml.c: layer recipe.  The strict YAML subset, read with
 * libyaml's event API into a small tree of mappings, lists and scalars,
 * each with its place in the file.  Every scalar stays a string (the
 * schema gives types); anchors, aliases, tags, merge keys, duplicate
 * keys, tabs in indentation, more or fewer than one document and nesting
 * deeper than IK_RECIPE_MAX_DEPTH are refused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "recipe_private.h"

typedef struct frame {
	uint32_t node;
	size_t kid0;		/* first child in the builder's stack */
} frame;

typedef struct builder {
	ry_doc *d;
	ik_recipe_diags *diags;
	frame frames[IK_RECIPE_MAX_DEPTH];
	size_t depth;
	uint32_t *stack;	/* children of the open collections */
	size_t nstack, capstack;
	/* character index -> byte offset, walked from the last answer */
	size_t ci, bi, bom;
	bool oom, stop;
} builder;

static bool
grow(void **v, size_t *cap, size_t need, size_t size)
{
	size_t ncap;
	void *p;

	if (need <= *cap)
		return true;
	ncap = *cap != 0 ? *cap * 2 : 64;
	while (ncap < need)
		ncap *= 2;
	p = realloc(*v, ncap * size);
	if (p == NULL)
		return false;
	*v = p;
	*cap = ncap;
	return true;
}

/* ---- the bytes before libyaml sees them ------------------------------- */

static bool
is_cont(uint8_t c)
{
	return (c & 0xc0) == 0x80;
}

/*
 * NUL bytes, line ends other than LF and CRLF (libyaml would also count
 * CR, NEL, LS and PS as line ends: refused, so that a line is what every
 * editor shows), and tabs in the indentation of a line with content
 * (libyaml accepts some, and YAML forbids them: refused everywhere).
 */
static void
prescan(const uint8_t *s, size_t len, size_t bom, ik_recipe_diags *diags)
{
	unsigned line = 1, col = 1, tabcol = 0;
	bool indent = true;
	size_t i;

	for (i = bom; i < len; i++) {
		uint8_t c = s[i];
		ik_recipe_pos p = { line, col };

		if (c == '\n') {
			line++;
			col = 1;
			indent = true;
			tabcol = 0;
			continue;
		}
		if (c == 0) {
			rd_add(diags, p, "NUL byte: a recipe is UTF-8 text");
			return;
		}
		if (c == '\r' && (i + 1 >= len || s[i + 1] != '\n'))
			rd_add(diags, p, "carriage return without a line feed: "
			    "lines end with LF or CRLF");
		if (c == 0xc2 && i + 1 < len && s[i + 1] == 0x85)
			rd_add(diags, p, "U+0085 as a line end: lines end with "
			    "LF or CRLF");
		if (c == 0xe2 && i + 2 < len && s[i + 1] == 0x80 &&
		    (s[i + 2] == 0xa8 || s[i + 2] == 0xa9))
			rd_add(diags, p, "U+%04X as a line end: lines end with "
			    "LF or CRLF", s[i + 2] == 0xa8 ? 0x2028 : 0x2029);
		if (indent) {
			if (c == '\t' && tabcol == 0)
				tabcol = col;
			else if (c != ' ' && c != '\t' && c != '\r') {
				indent = false;
				if (tabcol != 0) {
					p.col = tabcol;
					rd_add(diags, p, "tab in the "
					    "indentation: indent with spaces");
				}
			}
		}
		if (!is_cont(c))
			col++;
	}
}

/* ---- building the tree ------------------------------------------------ */

/* The byte offset of libyaml's character index ci. */
static size_t
byte_at(builder *b, size_t ci)
{
	const uint8_t *s = b->d->src;
	size_t len = b->d->srclen;

	while (b->ci > ci && b->bi > b->bom) {
		b->bi--;
		while (b->bi > b->bom && is_cont(s[b->bi]))
			b->bi--;
		b->ci--;
	}
	while (b->ci < ci && b->bi < len) {
		b->bi++;
		while (b->bi < len && is_cont(s[b->bi]))
			b->bi++;
		b->ci++;
	}
	return b->bi;
}

static ik_recipe_pos
mark_pos(const yaml_mark_t *m)
{
	ik_recipe_pos p;

	p.line = m->line + 1 > 0xfffffff ? 0xfffffff : (unsigned)m->line + 1;
	p.col = m->column + 1 > 0xfffffff ? 0xfffffff : (unsigned)m->column + 1;
	return p;
}

/*
 * The place of the first ch ('&' of an anchor, '!' of a tag) at or after
 * the node's start on its line, and the token there (printable).
 */
static ik_recipe_pos
token_pos(builder *b, const ry_node *n, uint8_t ch, char *tok, size_t toksz)
{
	const uint8_t *s = b->d->src;
	ik_recipe_pos p = { n->line, n->col };
	size_t i = n->raw, len = b->d->srclen, k;

	for (; i < len && s[i] != '\n' && s[i] != ch; i++)
		if (!is_cont(s[i]))
			p.col++;
	if (i >= len || s[i] != ch) {
		p.col = n->col;
		snprintf(tok, toksz, "%c", ch);
		return p;
	}
	for (k = 0; i + k < len && k + 1 < toksz && k < 40; k++) {
		uint8_t c = s[i + k];

		if (c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
		    c == ',' || c == ']' || c == '}' || c < 0x20)
			break;
		tok[k] = (char)c;
	}
	tok[k] = '\0';
	return p;
}

static uint32_t
add_node(builder *b, int kind, const yaml_event_t *ev)
{
	ry_doc *d = b->d;
	ry_node *n;

	if (d->nnodes >= IK_RECIPE_MAX_NODES) {
		rd_add(b->diags, mark_pos(&ev->start_mark),
		    "more than %d YAML values", IK_RECIPE_MAX_NODES);
		b->stop = true;
		return UINT32_MAX;
	}
	if (!grow((void **)&d->nodes, &d->capnodes, d->nnodes + 1,
	    sizeof(*d->nodes))) {
		b->oom = true;
		return UINT32_MAX;
	}
	n = &d->nodes[d->nnodes];
	memset(n, 0, sizeof(*n));
	n->kind = (uint8_t)kind;
	n->line = mark_pos(&ev->start_mark).line;
	n->col = mark_pos(&ev->start_mark).col;
	n->raw = (uint32_t)byte_at(b, ev->start_mark.index);
	n->raw_end = (uint32_t)byte_at(b, ev->end_mark.index);
	if (n->raw_end < n->raw)
		n->raw_end = n->raw;
	return (uint32_t)d->nnodes++;
}

/* Makes node i a child of the open collection, or the root. */
static void
attach(builder *b, uint32_t i)
{
	if (b->depth == 0) {
		b->d->root = i;
		b->d->has_root = true;
		return;
	}
	if (!grow((void **)&b->stack, &b->capstack, b->nstack + 1,
	    sizeof(*b->stack))) {
		b->oom = true;
		return;
	}
	b->stack[b->nstack++] = i;
}

static void
refuse_props(builder *b, uint32_t i, const yaml_char_t *anchor,
    const yaml_char_t *tag)
{
	const ry_node *n = &b->d->nodes[i];
	char tok[48], q[RD_QSZ];
	ik_recipe_pos p;

	if (anchor != NULL) {
		p = token_pos(b, n, '&', tok, sizeof(tok));
		rd_add(b->diags, p, "anchor %s: anchors and aliases are not "
		    "accepted (write the value out)",
		    rd_p(q, sizeof(q), tok));
	}
	if (tag != NULL) {
		p = token_pos(b, n, '!', tok, sizeof(tok));
		rd_add(b->diags, p, "tag %s: tags are not accepted (the schema "
		    "gives every value its type)", rd_p(q, sizeof(q), tok));
	}
}

static void
on_scalar(builder *b, const yaml_event_t *ev)
{
	ry_doc *d = b->d;
	size_t len = ev->data.scalar.length;
	uint32_t i;
	ry_node *n;

	i = add_node(b, RY_SCALAR, ev);
	if (i == UINT32_MAX)
		return;
	n = &d->nodes[i];
	n->style = (uint8_t)ev->data.scalar.style;
	if (!grow((void **)&d->strs, &d->capstrs, d->nstrs + len + 1, 1)) {
		b->oom = true;
		return;
	}
	memcpy(d->strs + d->nstrs, ev->data.scalar.value, len);
	d->strs[d->nstrs + len] = '\0';
	n->str = (uint32_t)d->nstrs;
	n->len = (uint32_t)len;
	d->nstrs += len + 1;
	refuse_props(b, i, ev->data.scalar.anchor, ev->data.scalar.tag);
	if (memchr(ev->data.scalar.value, 0, len) != NULL)
		rd_add(b->diags, ry_pos(n), "NUL character in a value");
	attach(b, i);
}

static void
on_alias(builder *b, const yaml_event_t *ev)
{
	char q[RD_QSZ], tok[48];
	uint32_t i;

	snprintf(tok, sizeof(tok), "*%.40s",
	    (const char *)ev->data.alias.anchor);
	rd_add(b->diags, mark_pos(&ev->start_mark), "alias %s: anchors and "
	    "aliases are not accepted (write the value out)",
	    rd_p(q, sizeof(q), tok));
	/* An empty scalar stands in for it: the tree keeps its shape. */
	i = add_node(b, RY_SCALAR, ev);
	if (i == UINT32_MAX)
		return;
	if (!grow((void **)&b->d->strs, &b->d->capstrs, b->d->nstrs + 1, 1)) {
		b->oom = true;
		return;
	}
	b->d->strs[b->d->nstrs] = '\0';
	b->d->nodes[i].str = (uint32_t)b->d->nstrs++;
	attach(b, i);
}

static void
on_start(builder *b, int kind, const yaml_event_t *ev)
{
	const yaml_char_t *anchor, *tag;
	uint32_t i;

	if (b->depth >= IK_RECIPE_MAX_DEPTH) {
		rd_add(b->diags, mark_pos(&ev->start_mark),
		    "nesting deeper than %d levels", IK_RECIPE_MAX_DEPTH);
		b->stop = true;
		return;
	}
	i = add_node(b, kind, ev);
	if (i == UINT32_MAX)
		return;
	if (kind == RY_MAP) {
		anchor = ev->data.mapping_start.anchor;
		tag = ev->data.mapping_start.tag;
	} else {
		anchor = ev->data.sequence_start.anchor;
		tag = ev->data.sequence_start.tag;
	}
	refuse_props(b, i, anchor, tag);
	attach(b, i);
	b->frames[b->depth].node = i;
	b->frames[b->depth].kid0 = b->nstack;
	b->depth++;
}

typedef struct keyref {
	const char *s;
	uint32_t len;
	uint32_t node;
} keyref;

static int
keyref_cmp(const void *a, const void *b)
{
	const keyref *x = a, *y = b;
	int c;

	c = memcmp(x->s, y->s, x->len < y->len ? x->len : y->len);
	if (c != 0)
		return c;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	/* Equal keys in file order: the first one is reported as first. */
	return x->node < y->node ? -1 : x->node > y->node;
}

/* Keys of a finished mapping: scalars, no merge key, no duplicate. */
static void
check_keys(builder *b, const ry_node *map)
{
	const ry_doc *d = b->d;
	keyref *k;
	size_t n = 0, i;
	char q[RD_QSZ];

	k = calloc(map->nkids / 2 + 1, sizeof(*k));
	if (k == NULL) {
		b->oom = true;
		return;
	}
	for (i = 0; i + 1 < map->nkids; i += 2) {
		uint32_t ki = d->kids[map->kid0 + i];
		const ry_node *key = &d->nodes[ki];

		if (key->kind != RY_SCALAR) {
			rd_add(b->diags, ry_pos(key), "a key must be a scalar, "
			    "not a mapping or a list");
			continue;
		}
		if (key->style == YAML_PLAIN_SCALAR_STYLE && key->len == 2 &&
		    memcmp(ry_str(d, key), "<<", 2) == 0) {
			rd_add(b->diags, ry_pos(key), "merge key <<: merge "
			    "keys are not accepted (write the keys out)");
			continue;
		}
		k[n].s = ry_str(d, key);
		k[n].len = key->len;
		k[n].node = ki;
		n++;
	}
	qsort(k, n, sizeof(*k), keyref_cmp);
	for (i = 1; i < n; i++) {
		size_t first = i - 1;

		if (k[i].len != k[first].len ||
		    memcmp(k[i].s, k[first].s, k[i].len) != 0)
			continue;
		while (first > 0 && k[first - 1].len == k[i].len &&
		    memcmp(k[first - 1].s, k[i].s, k[i].len) == 0)
			first--;
		rd_add(b->diags, ry_pos(&d->nodes[k[i].node]),
		    "duplicate key %s (first at line %u)",
		    rd_q(q, sizeof(q), k[i].s), d->nodes[k[first].node].line);
	}
	free(k);
}

static void
on_end(builder *b)
{
	ry_doc *d = b->d;
	frame *f;
	ry_node *n;
	size_t cnt;

	if (b->depth == 0)
		return;
	f = &b->frames[--b->depth];
	n = &d->nodes[f->node];
	cnt = b->nstack - f->kid0;
	if (!grow((void **)&d->kids, &d->capkids, d->nkids + cnt + 1,
	    sizeof(*d->kids))) {
		b->oom = true;
		return;
	}
	if (cnt > 0)
		memcpy(d->kids + d->nkids, b->stack + f->kid0,
		    cnt * sizeof(*d->kids));
	n->kid0 = (uint32_t)d->nkids;
	n->nkids = (uint32_t)cnt;
	d->nkids += cnt;
	b->nstack = f->kid0;
	if (n->kind == RY_MAP)
		check_keys(b, n);
}

/* The place of a byte offset (libyaml's reader errors give bytes). */
static ik_recipe_pos
byte_pos(const uint8_t *s, size_t len, size_t bom, size_t off)
{
	ik_recipe_pos p = { 1, 1 };
	size_t i;

	for (i = bom; i < off && i < len; i++) {
		if (s[i] == '\n') {
			p.line++;
			p.col = 1;
		} else if (!is_cont(s[i]))
			p.col++;
	}
	return p;
}

static void
syntax_error(builder *b, const yaml_parser_t *p)
{
	const ry_doc *d = b->d;
	ik_recipe_pos at, ctx;
	const char *problem = p->problem != NULL ? p->problem : "error";

	if (p->error == YAML_MEMORY_ERROR) {
		b->oom = true;
		return;
	}
	if (p->error == YAML_READER_ERROR) {
		at = byte_pos(d->src, d->srclen, b->bom,
		    b->bom + p->problem_offset);
		rd_add(b->diags, at, "bad character: %s", problem);
		return;
	}
	at = mark_pos(&p->problem_mark);
	if (p->context == NULL) {
		rd_add(b->diags, at, "YAML syntax: %s", problem);
		return;
	}
	ctx = mark_pos(&p->context_mark);
	rd_add(b->diags, at, "YAML syntax: %s (%s at %u:%u)", problem,
	    p->context, ctx.line, ctx.col);
}

static void
run_parser(builder *b)
{
	yaml_parser_t p;
	yaml_event_t ev;
	int docs = 0;
	bool done = false;

	if (!yaml_parser_initialize(&p)) {
		b->oom = true;
		return;
	}
	/* UTF-8 only, its byte-order mark left out (libyaml skips one only
	 * when it guesses the encoding). */
	yaml_parser_set_input_string(&p, b->d->src + b->bom,
	    b->d->srclen - b->bom);
	yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);
	while (!done && !b->stop && !b->oom) {
		if (!yaml_parser_parse(&p, &ev)) {
			syntax_error(b, &p);
			break;
		}
		switch (ev.type) {
		case YAML_DOCUMENT_START_EVENT:
			if (++docs > 1) {
				rd_add(b->diags, mark_pos(&ev.start_mark),
				    "a second YAML document: a recipe is "
				    "exactly one document");
				b->stop = true;
			}
			break;
		case YAML_SCALAR_EVENT:
			on_scalar(b, &ev);
			break;
		case YAML_ALIAS_EVENT:
			on_alias(b, &ev);
			break;
		case YAML_SEQUENCE_START_EVENT:
			on_start(b, RY_SEQ, &ev);
			break;
		case YAML_MAPPING_START_EVENT:
			on_start(b, RY_MAP, &ev);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			on_end(b);
			break;
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	if (done && docs == 0) {
		ik_recipe_pos one = { 1, 1 };

		rd_add(b->diags, one, "no YAML document: the recipe is empty");
	}
	yaml_parser_delete(&p);
}

ik_status
ry_load(ry_doc *d, const uint8_t *buf, size_t len, ik_recipe_diags *diags)
{
	builder b;
	size_t before = diags->n + diags->dropped;

	memset(d, 0, sizeof(*d));
	d->src = buf;
	d->srclen = len;
	if (len > IK_RECIPE_MAX_BYTES) {
		ik_recipe_pos none = { 0, 0 };

		rd_add(diags, none, "larger than %d bytes: not a recipe",
		    IK_RECIPE_MAX_BYTES);
		return IK_FAILED;
	}
	memset(&b, 0, sizeof(b));
	b.d = d;
	b.diags = diags;
	if (len >= 3 && buf[0] == 0xef && buf[1] == 0xbb && buf[2] == 0xbf)
		b.bom = 3;
	b.bi = b.bom;
	prescan(buf, len, b.bom, diags);
	if (diags->n + diags->dropped == before)
		run_parser(&b);
	free(b.stack);
	if (b.oom || diags->oom) {
		rd_oom(diags);
		return IK_FATAL;
	}
	if (diags->n + diags->dropped != before || !d->has_root)
		return IK_FAILED;
	return IK_OK;
}

void
ry_free(ry_doc *d)
{
	free(d->nodes);
	free(d->kids);
	free(d->strs);
	memset(d, 0, sizeof(*d));
}
