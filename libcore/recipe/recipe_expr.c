/*
 * recipe_expr.c: layer recipe.  The conditions of `when` and `expect`:
 * a lexer and a recursive-descent parser to a small tree (depth bounded,
 * `and`/`or` chains flat), with every node's place in the recipe.
 *
 *   cond := and ("or" and)*          and := not ("and" not)*
 *   not  := "not" not | cmp           cmp := value [OP value]
 *   OP   := == != < <= > >= in contains
 *   value := "(" cond ")" | "[" [cond ("," cond)*] "]" | 'string' |
 *            "string" | number | true | false | ${reference}
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "recipe_private.h"

typedef enum tok {
	T_END, T_LP, T_RP, T_LB, T_RB, T_COMMA, T_STR, T_NUM, T_BOOL, T_REF,
	T_EQ, T_NE, T_LT, T_LE, T_GT, T_GE, T_IN, T_NOT,
	T_AND, T_OR, T_CONTAINS
} tok;

typedef struct lexer {
	const char *s;
	size_t len, i;
	ry_map *m;
	ik_recipe_diag *err;
	bool failed, oom;
	unsigned depth;
	/* the current token */
	tok t;
	size_t at, end;
	ik_recipe_pos pos;
	json_t *lit;
	ik_recipe_ref *ref;
} lexer;

static const struct {
	const char *word;
	tok t;
} words[] = {
	{ "true", T_BOOL }, { "false", T_BOOL }, { "in", T_IN },
	{ "not", T_NOT }, { "and", T_AND }, { "or", T_OR },
	{ "contains", T_CONTAINS }
};

static void
fail(lexer *lx, ik_recipe_pos pos, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
fail(lexer *lx, ik_recipe_pos pos, const char *fmt, ...)
{
	va_list ap;

	if (lx->failed)
		return;
	lx->failed = true;
	lx->err->pos = pos;
	va_start(ap, fmt);
	vsnprintf(lx->err->msg, sizeof(lx->err->msg), fmt, ap);
	va_end(ap);
}

static void
no_memory(lexer *lx)
{
	ik_recipe_pos none = { 0, 0 };

	if (!lx->failed)
		lx->oom = true;
	fail(lx, none, "%s", "");
}

/* The current token as written, printable and short, for messages. */
static const char *
tok_text(lexer *lx, char *buf, size_t size)
{
	char raw[48];
	size_t n = lx->end - lx->at;

	if (lx->t == T_END)
		return "the end";
	if (n > 40)
		n = 40;
	memcpy(raw, lx->s + lx->at, n);
	raw[n] = '\0';
	return rd_q(buf, size, raw);
}

static void
drop_token(lexer *lx)
{
	json_decref(lx->lit);
	lx->lit = NULL;
	rr_free(lx->ref);
	lx->ref = NULL;
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool
is_word(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_';
}

static void
lex_string(lexer *lx)
{
	char quote = lx->s[lx->i];
	size_t i = lx->i + 1;
	char q[RD_QSZ], e[3];
	ik_sb sb;

	ik_sb_init(&sb);
	for (;;) {
		if (i >= lx->len) {
			fail(lx, lx->pos, "unterminated string");
			break;
		}
		if (lx->s[i] == quote) {
			i++;
			break;
		}
		if (lx->s[i] == '\\') {
			if (i + 1 < lx->len && (lx->s[i + 1] == '\\' ||
			    lx->s[i + 1] == '\'' || lx->s[i + 1] == '"')) {
				ik_sb_add(&sb, lx->s + i + 1, 1);
				i += 2;
				continue;
			}
			e[0] = '\\';
			e[1] = i + 1 < lx->len ? lx->s[i + 1] : '\0';
			e[2] = '\0';
			fail(lx, ry_map_pos(lx->m, i), "unknown escape %s in a "
			    "string (only \\\\, \\' and \\\")",
			    rd_q(q, sizeof(q), e));
			break;
		}
		if (lx->s[i] == '$' && i + 1 < lx->len && lx->s[i + 1] == '{') {
			fail(lx, ry_map_pos(lx->m, i), "a reference inside "
			    "quotes is not expanded: write it outside the "
			    "quotes");
			break;
		}
		ik_sb_add(&sb, lx->s + i, 1);
		i++;
	}
	lx->i = i;
	if (!lx->failed) {
		lx->lit = json_stringn_nocheck(sb.s != NULL ? sb.s : "",
		    sb.len);
		if (lx->lit == NULL || sb.oom)
			no_memory(lx);
	}
	ik_sb_free(&sb);
}

static void
lex_number(lexer *lx)
{
	size_t i = lx->i, start = i;
	bool real = false;
	char buf[64], *end;
	long long v;
	double d;

	if (lx->s[i] == '-')
		i++;
	while (i < lx->len && lx->s[i] >= '0' && lx->s[i] <= '9')
		i++;
	if (i < lx->len && lx->s[i] == '.') {
		real = true;
		i++;
		if (i >= lx->len || lx->s[i] < '0' || lx->s[i] > '9') {
			fail(lx, lx->pos, "bad number: digits after \".\"");
			return;
		}
		while (i < lx->len && lx->s[i] >= '0' && lx->s[i] <= '9')
			i++;
	}
	lx->i = i;
	if (i - start >= sizeof(buf) ||
	    (i - start == 1 && lx->s[start] == '-')) {
		fail(lx, lx->pos, "bad number");
		return;
	}
	memcpy(buf, lx->s + start, i - start);
	buf[i - start] = '\0';
	errno = 0;
	if (real) {
		d = strtod(buf, &end);
		lx->lit = json_real(d);
	} else {
		v = strtoll(buf, &end, 10);
		lx->lit = json_integer(v);
	}
	if (errno == ERANGE) {
		json_decref(lx->lit);
		lx->lit = NULL;
		fail(lx, lx->pos, "number out of range");
		return;
	}
	if (lx->lit == NULL)
		no_memory(lx);
}

static void
lex_word(lexer *lx)
{
	static const char *const norway[] = { "yes", "no", "on", "off", "y",
	    "n", "True", "False", "TRUE", "FALSE", "Yes", "No" };
	size_t i = lx->i, k;
	char w[48], q[RD_QSZ], p[RD_QSZ];

	while (i < lx->len && is_word(lx->s[i]))
		i++;
	lx->i = i;
	lx->end = i;
	for (k = 0; k < sizeof(words) / sizeof(words[0]); k++)
		if (strlen(words[k].word) == i - lx->at &&
		    memcmp(words[k].word, lx->s + lx->at, i - lx->at) == 0) {
			lx->t = words[k].t;
			if (lx->t == T_BOOL) {
				lx->lit = json_boolean(lx->s[lx->at] == 't');
				if (lx->lit == NULL)
					no_memory(lx);
			}
			return;
		}
	k = i - lx->at < 40 ? i - lx->at : 40;
	memcpy(w, lx->s + lx->at, k);
	w[k] = '\0';
	for (k = 0; k < sizeof(norway) / sizeof(norway[0]); k++)
		if (strcmp(w, norway[k]) == 0) {
			fail(lx, lx->pos, "%s is not a boolean: write true or "
			    "false", rd_q(q, sizeof(q), w));
			return;
		}
	fail(lx, lx->pos, "unknown word %s: quote strings ('%s')",
	    rd_q(q, sizeof(q), w), rd_p(p, sizeof(p), w));
}

static bool
two(lexer *lx, char a, char b)
{
	return lx->s[lx->i] == a && lx->i + 1 < lx->len &&
	    lx->s[lx->i + 1] == b;
}

/* Reads the next token into lx (the previous one's value is dropped
 * unless the parser took it). */
static void
next(lexer *lx)
{
	char c, q[RD_QSZ], one[2];
	size_t used;

	drop_token(lx);
	while (lx->i < lx->len && is_space(lx->s[lx->i]))
		lx->i++;
	lx->at = lx->i;
	lx->pos = ry_map_pos(lx->m, lx->i);
	if (lx->failed || lx->i >= lx->len) {
		lx->t = T_END;
		lx->end = lx->i;
		return;
	}
	c = lx->s[lx->i];
	switch (c) {
	case '(': lx->t = T_LP; lx->i++; break;
	case ')': lx->t = T_RP; lx->i++; break;
	case '[': lx->t = T_LB; lx->i++; break;
	case ']': lx->t = T_RB; lx->i++; break;
	case ',': lx->t = T_COMMA; lx->i++; break;
	case '\'':
	case '"':
		lx->t = T_STR;
		lex_string(lx);
		break;
	case '$':
		if (!two(lx, '$', '{')) {
			fail(lx, lx->pos, "unexpected \"$\": a reference is "
			    "${inputs.NAME} or ${steps.ID.FIELD}");
			break;
		}
		lx->t = T_REF;
		lx->ref = rr_parse(lx->s + lx->i, lx->len - lx->i, lx->i, lx->m,
		    &used, lx->err);
		if (lx->ref == NULL) {
			if (lx->err->msg[0] == '\0')
				no_memory(lx);
			lx->failed = true;
			break;
		}
		lx->i += used;
		break;
	case '=':
		if (two(lx, '=', '=')) {
			lx->t = T_EQ;
			lx->i += 2;
		} else
			fail(lx, lx->pos, "\"=\" is not an operator: compare "
			    "with ==");
		break;
	case '!':
		if (two(lx, '!', '=')) {
			lx->t = T_NE;
			lx->i += 2;
		} else
			fail(lx, lx->pos, "\"!\" is not an operator: use not");
		break;
	case '<':
	case '>':
		if (lx->i + 1 < lx->len && lx->s[lx->i + 1] == '=') {
			lx->t = c == '<' ? T_LE : T_GE;
			lx->i += 2;
		} else {
			lx->t = c == '<' ? T_LT : T_GT;
			lx->i++;
		}
		break;
	case '&':
		fail(lx, lx->pos, "\"&\" is not an operator: use and");
		break;
	case '|':
		fail(lx, lx->pos, "\"|\" is not an operator: use or");
		break;
	default:
		if (c == '-' || (c >= '0' && c <= '9')) {
			lx->t = T_NUM;
			lex_number(lx);
		} else if (is_word(c))
			lex_word(lx);
		else {
			one[0] = c;
			one[1] = '\0';
			if ((unsigned char)c >= 0x80 || (unsigned char)c < 0x20)
				fail(lx, lx->pos, "unexpected character");
			else
				fail(lx, lx->pos, "unexpected character %s",
				    rd_q(q, sizeof(q), one));
		}
		break;
	}
	lx->end = lx->i;
	if (lx->failed)
		lx->t = T_END;
}

/* ---- the tree --------------------------------------------------------- */

void
ik_recipe_expr_free(ik_recipe_expr *e)
{
	size_t i;

	if (e == NULL)
		return;
	for (i = 0; i < e->n; i++)
		ik_recipe_expr_free(e->kids[i]);
	free(e->kids);
	json_decref(e->lit);
	rr_free(e->ref);
	free(e);
}

static ik_recipe_expr *
node(lexer *lx, rx_op op, ik_recipe_pos pos, ik_recipe_pos start)
{
	ik_recipe_expr *e = calloc(1, sizeof(*e));

	if (e == NULL) {
		no_memory(lx);
		return NULL;
	}
	e->op = op;
	e->pos = pos;
	e->start = start;
	return e;
}

/* Adds kid to e (takes it); false when memory ran out (kid freed). */
static bool
add_kid(lexer *lx, ik_recipe_expr *e, ik_recipe_expr *kid)
{
	ik_recipe_expr **nv;

	nv = realloc(e->kids, (e->n + 1) * sizeof(*nv));
	if (nv == NULL) {
		ik_recipe_expr_free(kid);
		no_memory(lx);
		return false;
	}
	e->kids = nv;
	e->kids[e->n++] = kid;
	return true;
}

/* A new node with kid as its first operand (kid freed on failure). */
static ik_recipe_expr *
wrap(lexer *lx, rx_op op, ik_recipe_pos pos, ik_recipe_pos start,
    ik_recipe_expr *kid)
{
	ik_recipe_expr *e = node(lx, op, pos, start);

	if (e == NULL) {
		ik_recipe_expr_free(kid);
		return NULL;
	}
	if (!add_kid(lx, e, kid)) {
		ik_recipe_expr_free(e);
		return NULL;
	}
	return e;
}

static ik_recipe_expr *parse_or(lexer *);

static bool
enter(lexer *lx)
{
	if (++lx->depth > IK_RECIPE_MAX_EXPR_DEPTH) {
		fail(lx, lx->pos, "nested deeper than %d levels",
		    IK_RECIPE_MAX_EXPR_DEPTH);
		return false;
	}
	return true;
}

static ik_recipe_expr *
parse_list(lexer *lx)
{
	ik_recipe_pos open = lx->pos;
	ik_recipe_expr *e, *item;
	char q[RD_QSZ];

	e = node(lx, RX_LIST, open, open);
	next(lx);
	if (e == NULL)
		return NULL;
	while (!lx->failed && lx->t != T_RB) {
		if (e->n > 0) {
			if (lx->t != T_COMMA) {
				if (lx->t == T_END)
					fail(lx, open, "\"[\" is not closed");
				else
					fail(lx, lx->pos, "expected \",\" or "
					    "\"]\", not %s",
					    tok_text(lx, q, sizeof(q)));
				break;
			}
			next(lx);
		}
		item = parse_or(lx);
		if (item == NULL || !add_kid(lx, e, item))
			break;
	}
	if (lx->failed) {
		ik_recipe_expr_free(e);
		return NULL;
	}
	next(lx);
	return e;
}

static ik_recipe_expr *
parse_value(lexer *lx)
{
	ik_recipe_pos open = lx->pos;
	ik_recipe_expr *e = NULL;
	char q[RD_QSZ];

	switch (lx->t) {
	case T_LP:
		if (!enter(lx))
			return NULL;
		next(lx);
		e = parse_or(lx);
		if (e == NULL)
			break;
		if (lx->t != T_RP) {
			if (lx->t == T_END)
				fail(lx, open, "\"(\" is not closed");
			else
				fail(lx, lx->pos, "expected \")\", not %s",
				    tok_text(lx, q, sizeof(q)));
			ik_recipe_expr_free(e);
			e = NULL;
			break;
		}
		e->start = open;
		next(lx);
		lx->depth--;
		break;
	case T_LB:
		if (!enter(lx))
			return NULL;
		e = parse_list(lx);
		lx->depth--;
		break;
	case T_STR:
	case T_NUM:
	case T_BOOL:
	case T_REF:
		/* The token's value moves into the node. */
		e = node(lx, lx->t == T_REF ? RX_REF : RX_LIT, lx->pos,
		    lx->pos);
		if (e != NULL) {
			e->lit = lx->lit;
			e->ref = lx->ref;
			lx->lit = NULL;
			lx->ref = NULL;
		}
		next(lx);
		break;
	default:
		if (!lx->failed)
			fail(lx, lx->pos, "expected a value, not %s",
			    tok_text(lx, q, sizeof(q)));
		break;
	}
	return e;
}

static rx_op
cmp_op(tok t)
{
	switch (t) {
	case T_EQ: return RX_EQ;
	case T_NE: return RX_NE;
	case T_LT: return RX_LT;
	case T_LE: return RX_LE;
	case T_GT: return RX_GT;
	case T_GE: return RX_GE;
	case T_IN: return RX_IN;
	case T_CONTAINS: return RX_CONTAINS;
	default: return RX_LIT;
	}
}

static ik_recipe_expr *
parse_cmp(lexer *lx)
{
	ik_recipe_expr *a, *b, *e;
	ik_recipe_pos at;
	rx_op op;

	a = parse_value(lx);
	if (a == NULL)
		return NULL;
	op = cmp_op(lx->t);
	if (op == RX_LIT)
		return a;
	at = lx->pos;
	next(lx);
	b = parse_value(lx);
	if (b == NULL) {
		ik_recipe_expr_free(a);
		return NULL;
	}
	e = wrap(lx, op, at, a->start, a);
	if (e == NULL) {
		ik_recipe_expr_free(b);
		return NULL;
	}
	if (!add_kid(lx, e, b)) {
		ik_recipe_expr_free(e);
		return NULL;
	}
	if (cmp_op(lx->t) != RX_LIT) {
		fail(lx, lx->pos, "comparisons do not chain: join them with "
		    "and");
		ik_recipe_expr_free(e);
		return NULL;
	}
	return e;
}

static ik_recipe_expr *
parse_not(lexer *lx)
{
	ik_recipe_expr *a;
	ik_recipe_pos at = lx->pos;

	if (lx->t != T_NOT)
		return parse_cmp(lx);
	if (!enter(lx))
		return NULL;
	next(lx);
	a = parse_not(lx);
	lx->depth--;
	if (a == NULL)
		return NULL;
	return wrap(lx, RX_NOT, at, at, a);
}

/* One of the flat chains: a and b and c, a or b or c. */
static ik_recipe_expr *
parse_chain(lexer *lx, tok t, rx_op op, ik_recipe_expr *(*sub)(lexer *))
{
	ik_recipe_expr *a, *e;

	a = sub(lx);
	if (a == NULL || lx->t != t)
		return a;
	e = wrap(lx, op, lx->pos, a->start, a);
	if (e == NULL)
		return NULL;
	while (lx->t == t) {
		next(lx);
		a = sub(lx);
		if (a == NULL || !add_kid(lx, e, a)) {
			ik_recipe_expr_free(e);
			return NULL;
		}
	}
	return e;
}

static ik_recipe_expr *
parse_and(lexer *lx)
{
	return parse_chain(lx, T_AND, RX_AND, parse_not);
}

static ik_recipe_expr *
parse_or(lexer *lx)
{
	return parse_chain(lx, T_OR, RX_OR, parse_and);
}

ik_status
rx_parse(const char *text, size_t len, ry_map *m, ik_recipe_expr **out,
    ik_recipe_diag *err)
{
	ik_recipe_expr *e = NULL;
	char q[RD_QSZ];
	lexer lx;

	*out = NULL;
	memset(err, 0, sizeof(*err));
	memset(&lx, 0, sizeof(lx));
	lx.s = text;
	lx.len = len;
	lx.m = m;
	lx.err = err;
	if (len > IK_RECIPE_MAX_EXPR) {
		fail(&lx, ry_map_pos(m, 0), "condition longer than %d bytes",
		    IK_RECIPE_MAX_EXPR);
		return IK_FAILED;
	}
	next(&lx);
	if (lx.t == T_END && !lx.failed)
		fail(&lx, lx.pos, "empty condition");
	else if (!lx.failed) {
		e = parse_or(&lx);
		if (e != NULL && lx.t != T_END)
			fail(&lx, lx.pos, "expected an operator or the end, "
			    "not %s", tok_text(&lx, q, sizeof(q)));
	}
	drop_token(&lx);
	if (lx.failed) {
		ik_recipe_expr_free(e);
		return lx.oom ? IK_FATAL : IK_FAILED;
	}
	*out = e;
	return IK_OK;
}

ik_status
ik_recipe_expr_parse(const char *text, size_t len, ik_recipe_expr **out,
    ik_recipe_diag *err)
{
	ry_map m;

	ry_map_init(&m, NULL, NULL, text, len);
	return rx_parse(text, len, &m, out, err);
}

static void
collect(const ik_recipe_expr *e, const ik_recipe_ref **v, size_t max,
    size_t *n)
{
	size_t i;

	if (e->ref != NULL) {
		if (*n < max)
			v[*n] = e->ref;
		(*n)++;
	}
	for (i = 0; i < e->n; i++)
		collect(e->kids[i], v, max, n);
}

size_t
ik_recipe_expr_refs(const ik_recipe_expr *e, const ik_recipe_ref **v,
    size_t max)
{
	size_t n = 0;

	if (e != NULL)
		collect(e, v, max, &n);
	return n;
}
