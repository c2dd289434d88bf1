/*
 * recipe_nodes.c: layer recipe.  Reading the YAML tree's nodes for the
 * schema passes (recipe_schema.c, recipe_steps.c, recipe_vars.c): a key
 * of a map, the known keys, text, booleans, integers, descriptions of a
 * place, and the names of input types.  Below both passes, so that they
 * call it and not each other.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "recipe_private.h"

char *
rs_strdup(rs_schema *s, const char *str)
{
	char *p = strdup(str);

	if (p == NULL)
		s->oom = true;
	return p;
}

const char *
rs_desc(const rs_schema *s, const ry_node *n, char *buf, size_t size)
{
	if (n->kind == RY_MAP)
		return "a mapping";
	if (n->kind == RY_SEQ)
		return "a list";
	if (n->len == 0 && n->style == YAML_PLAIN_SCALAR_STYLE)
		return "nothing";
	return rd_q(buf, size, ry_str(s->d, n));
}

const ry_node *
rs_get(const rs_schema *s, const ry_node *map, const char *key,
    const ry_node **keynode)
{
	uint32_t i;

	for (i = 0; i + 1 < map->nkids; i += 2) {
		const ry_node *k = ry_kid(s->d, map, i);

		if (k->kind == RY_SCALAR && strcmp(ry_str(s->d, k), key) == 0) {
			if (keynode != NULL)
				*keynode = k;
			return ry_kid(s->d, map, i + 1);
		}
	}
	return NULL;
}

void
rs_keys(rs_schema *s, const ry_node *map, const char *const *known, size_t n,
    const char *where)
{
	char m[RD_MSGSZ];
	uint32_t i;
	size_t j;

	for (i = 0; i + 1 < map->nkids; i += 2) {
		const ry_node *k = ry_kid(s->d, map, i);
		const char *name = ry_str(s->d, k);

		for (j = 0; j < n; j++)
			if (strcmp(name, known[j]) == 0)
				break;
		if (j == n)
			rd_add(s->diags, ry_pos(k), "%s", rd_unknown(m,
			    sizeof(m), "key", name, where, known, n, NULL));
	}
}

const char *
rs_text(rs_schema *s, const ry_node *n, const char *what)
{
	char q[RD_QSZ];

	if (n->kind != RY_SCALAR) {
		rd_add(s->diags, ry_pos(n), "%s: expected text, not %s", what,
		    rs_desc(s, n, q, sizeof(q)));
		return NULL;
	}
	if (n->len == 0 && n->style == YAML_PLAIN_SCALAR_STYLE) {
		rd_add(s->diags, ry_pos(n), "%s has no value", what);
		return NULL;
	}
	return ry_str(s->d, n);
}

bool
rs_bool(rs_schema *s, const ry_node *n, const char *what, bool *out)
{
	char q[RD_QSZ];

	if (n->kind == RY_SCALAR && strcmp(ry_str(s->d, n), "true") == 0)
		*out = true;
	else if (n->kind == RY_SCALAR && strcmp(ry_str(s->d, n), "false") == 0)
		*out = false;
	else {
		rd_add(s->diags, ry_pos(n), "%s: expected true or false, "
		    "not %s", what, rs_desc(s, n, q, sizeof(q)));
		return false;
	}
	return true;
}

/* Decimal digits with an optional minus: no 0x, no 1e3, no 1_000. */
bool
rs_parse_int(const char *t, long long *v)
{
	unsigned long long acc = 0, lim;
	bool neg = *t == '-';
	const char *p = t + neg;

	if (*p == '\0')
		return false;
	lim = neg ? (unsigned long long)LLONG_MAX + 1 : LLONG_MAX;
	for (; *p != '\0'; p++) {
		if (*p < '0' || *p > '9')
			return false;
		if (acc > (lim - (unsigned long long)(*p - '0')) / 10)
			return false;
		acc = acc * 10 + (unsigned long long)(*p - '0');
	}
	*v = neg ? (long long)(0 - acc) : (long long)acc;
	return true;
}

bool
rs_int(rs_schema *s, const ry_node *n, const char *what, long long min,
    long long max, long long *out)
{
	char q[RD_QSZ];

	if (n->kind != RY_SCALAR || !rs_parse_int(ry_str(s->d, n), out)) {
		rd_add(s->diags, ry_pos(n), "%s: expected an integer, not %s",
		    what, rs_desc(s, n, q, sizeof(q)));
		return false;
	}
	if (*out < min || *out > max) {
		rd_add(s->diags, ry_pos(n), "%s: %lld is out of range "
		    "%lld..%lld", what, *out, min, max);
		return false;
	}
	return true;
}

/* ---- inputs ----------------------------------------------------------- */

const char *const rs_type_names[] = {
	"path", "dir", "paths", "secret-file", "string", "bool", "int"
};
const size_t rs_ntype_names = sizeof(rs_type_names) / sizeof(rs_type_names[0]);

const char *
ik_recipe_type_name(ik_recipe_type t)
{
	if ((size_t)t < rs_ntype_names)
		return rs_type_names[t];
	return "?";
}
