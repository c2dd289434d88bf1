/*
 * recipe_schema.c: layer recipe.  The recipe's schema over the YAML tree:
 * the top-level keys, the inputs (types, defaults, patterns), and the
 * loading of a whole recipe: YAML, then schema, every error collected.
 */
#include <limits.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "recipe_private.h"

#define PATTERN_MAX 256		/* bytes of an input's pattern */
#define PATTERN_REPEAT 64	/* largest {m,n} count */

static bool
input_name_ok(const char *n)
{
	size_t i;

	if (!(n[0] >= 'a' && n[0] <= 'z'))
		return false;
	for (i = 0; n[i] != '\0'; i++)
		if (!((n[i] >= 'a' && n[i] <= 'z') ||
		    (n[i] >= '0' && n[i] <= '9') || n[i] == '_'))
			return false;
	return i <= IK_RECIPE_MAX_NAME;
}

/* The end of the bracket expression opening at p[i] ('['), or 0. */
static size_t
bracket_end(const char *p, size_t i)
{
	char c;

	i++;
	if (p[i] == '^')
		i++;
	if (p[i] == ']')
		i++;
	for (; p[i] != '\0' && p[i] != ']'; i++) {
		if (p[i] != '[' || (p[i + 1] != ':' && p[i + 1] != '.' &&
		    p[i + 1] != '='))
			continue;
		/* [:class:], [.coll.], [=equiv=]: to its closing pair. */
		c = p[i + 1];
		for (i += 2; p[i] != '\0' && !(p[i] == c && p[i + 1] == ']');
		    i++)
			;
		if (p[i] == '\0')
			return 0;
		i++;
	}
	return p[i] == ']' ? i : 0;
}

/*
 * glibc's regcomp copies a repeated part once per repetition (a+ is a
 * then a*, x{2,5} is five copies of x), and copies of copies multiply:
 * "[a-z]++++..." or "((a{1,60}){1,60}){1,60}" take gigabytes to compile.
 * The size the pattern expands to is estimated here, each quantifier
 * multiplying the atom or group before it, and a pattern that would
 * expand past PATTERN_EXPANDED atoms is refused.  Syntax errors are left
 * to regcomp.
 */
#define PATTERN_EXPANDED 4096
#define PATTERN_GROUPS	16

static const char *
pattern_expansion(const char *p)
{
	unsigned long long grp[PATTERN_GROUPS + 1], last = 0, lo, hi;
	const char *big = "it would expand past 4096 parts when compiled "
	    "(repetitions of repetitions)";
	size_t i, e, d = 0;

	grp[0] = 0;
	for (i = 0; p[i] != '\0'; i++) {
		switch (p[i]) {
		case '(':
			if (d == PATTERN_GROUPS)
				return "groups nested deeper than 16";
			grp[++d] = 0;
			last = 0;
			continue;
		case ')':
			if (d == 0)
				return NULL;
			last = grp[d] > 0 ? grp[d] : 1;
			grp[--d] += last;
			break;
		case '*':
		case '?':
			grp[d] += 1;
			last += 1;
			break;
		case '+':
			grp[d] += last;
			last *= 2;
			break;
		case '{':
			lo = hi = 0;
			for (i++; p[i] >= '0' && p[i] <= '9' && lo < 1000; i++)
				lo = lo * 10 + (unsigned long long)(p[i] - '0');
			hi = lo + 1;
			if (p[i] == ',' && p[i + 1] >= '0' && p[i + 1] <= '9')
				for (hi = 0, i++; p[i] >= '0' && p[i] <= '9' &&
				    hi < 1000; i++)
					hi = hi * 10 +
					    (unsigned long long)(p[i] - '0');
			else if (p[i] == ',')
				i++;
			else
				hi = lo;
			if (p[i] != '}')
				return NULL;
			if (hi < 1)
				hi = 1;
			grp[d] += last * (hi - 1);
			last *= hi;
			break;
		case '[':
			if ((e = bracket_end(p, i)) == 0)
				return NULL;
			i = e;
			last = 1;
			grp[d] += 1;
			break;
		case '\\':
			if (p[i + 1] != '\0')
				i++;
			/* FALLTHROUGH */
		default:
			last = 1;
			grp[d] += 1;
			break;
		}
		if (last > PATTERN_EXPANDED || grp[d] > PATTERN_EXPANDED)
			return big;
	}
	while (d > 0) {
		grp[d - 1] += grp[d];
		d--;
	}
	return grp[0] > PATTERN_EXPANDED ? big : NULL;
}

/* Why a pattern is refused before regcomp sees it, or NULL. */
static const char *
pattern_limits(const char *p)
{
	unsigned long v;
	size_t i;

	if (strlen(p) > PATTERN_MAX)
		return "longer than 256 bytes";
	for (i = 0; p[i] != '\0'; i++) {
		if (p[i] == '\\' && p[i + 1] != '\0') {
			i++;
			continue;
		}
		if (p[i] != '{')
			continue;
		v = 0;
		while (p[++i] != '\0' && p[i] != '}')
			if (p[i] >= '0' && p[i] <= '9' &&
			    (v = v * 10 + (unsigned long)(p[i] - '0')) >
			    PATTERN_REPEAT)
				return "repetition counts above 64 are refused";
			else if (p[i] == ',')
				v = 0;
		if (p[i] == '\0')
			break;
	}
	return pattern_expansion(p);
}

static void
input_pattern(rs_schema *s, ik_recipe_input *in, const ry_node *n)
{
	const char *p = rs_text(s, n, "pattern"), *why;
	char msg[160];
	regex_t *re;
	int rc;

	if (p == NULL)
		return;
	if (in->type != IK_RTYPE_STRING) {
		rd_add(s->diags, ry_pos(n), "pattern applies to string inputs "
		    "only (this one is %s)", ik_recipe_type_name(in->type));
		return;
	}
	why = pattern_limits(p);
	if (why != NULL) {
		rd_add(s->diags, ry_pos(n), "bad pattern: %s", why);
		return;
	}
	re = malloc(sizeof(*re));
	if (re == NULL) {
		s->oom = true;
		return;
	}
	rc = regcomp(re, p, REG_EXTENDED);
	if (rc != 0) {
		regerror(rc, re, msg, sizeof(msg));
		rd_add(s->diags, ry_pos(n), "bad pattern: %s", msg);
		free(re);
		return;
	}
	in->re = re;
	in->pattern = rs_strdup(s, p);
}

json_t *
rs_typed(rs_schema *s, const ik_recipe_input *in, const ry_node *n,
    const char *what)
{
	json_t *v = NULL;
	char q[RD_QSZ];
	const char *t;
	long long x;
	bool b, ok = false;
	uint32_t i;

	switch (in->type) {
	case IK_RTYPE_BOOL:
		if ((ok = rs_bool(s, n, what, &b)))
			v = json_boolean(b);
		break;
	case IK_RTYPE_INT:
		if ((ok = rs_int(s, n, what, LLONG_MIN, LLONG_MAX, &x)))
			v = json_integer(x);
		break;
	case IK_RTYPE_PATHS:
		v = json_array();
		if (n->kind != RY_SEQ) {
			if ((t = rs_text(s, n, what)) == NULL)
				break;
			ok = true;
			if (v != NULL && json_array_append_new(v,
			    json_string_nocheck(t)) != 0)
				s->oom = true;
			break;
		}
		ok = true;
		for (i = 0; i < n->nkids && v != NULL; i++) {
			t = rs_text(s, ry_kid(s->d, n, i), what);
			if (t == NULL)
				ok = false;
			else if (json_array_append_new(v,
			    json_string_nocheck(t)) != 0)
				s->oom = true;
		}
		break;
	default:
		if ((t = rs_text(s, n, what)) == NULL)
			break;
		if (in->re != NULL && !ik_recipe_input_matches(in, t)) {
			rd_add(s->diags, ry_pos(n), "%s %s does not match the "
			    "pattern", what, rd_q(q, sizeof(q), t));
			break;
		}
		ok = true;
		v = json_string_nocheck(t);
		break;
	}
	if (ok && v == NULL)
		s->oom = true;
	if (!ok || s->oom) {
		json_decref(v);
		return NULL;
	}
	return v;
}

static void
input(rs_schema *s, const ry_node *key, const ry_node *val,
    ik_recipe_input *in)
{
	static const char *const keys[] = { "type", "required", "default",
	    "pattern", "description" };
	const ry_node *n, *k, *dk = NULL;
	char where[RD_QSZ + 16], q[RD_QSZ], m[RD_MSGSZ];
	const char *name = ry_str(s->d, key), *t, *near;
	size_t i;

	in->pos = ry_pos(key);
	in->name = rs_strdup(s, name);
	if (!input_name_ok(name))
		rd_add(s->diags, ry_pos(key), "input name %s: use a-z, 0-9 and "
		    "_, starting with a letter", rd_q(q, sizeof(q), name));
	if (val->kind != RY_MAP) {
		rd_add(s->diags, ry_pos(val), "input %s: expected a mapping "
		    "(type, required, default, pattern, description), not %s",
		    rd_q(q, sizeof(q), name), rs_desc(s, val, where,
		    sizeof(where)));
		return;
	}
	snprintf(where, sizeof(where), " in input %s",
	    rd_q(q, sizeof(q), name));
	rs_keys(s, val, keys, 5, where);
	n = rs_get(s, val, "type", &k);
	if (n == NULL) {
		rd_add(s->diags, ry_pos(key), "input %s has no type",
		    rd_q(q, sizeof(q), name));
		return;
	}
	if ((t = rs_text(s, n, "type")) == NULL)
		return;
	for (i = 0; i < rs_ntype_names; i++)
		if (strcmp(t, rs_type_names[i]) == 0)
			break;
	if (i == rs_ntype_names) {
		rd_unknown(m, sizeof(m), "type", t, "", rs_type_names, i, &near);
		rd_add(s->diags, ry_pos(n), "%s%s", m, near != NULL ? "" :
		    ": expected path, dir, paths, secret-file, string, bool or "
		    "int");
		return;
	}
	in->type = (ik_recipe_type)i;
	in->secret = in->type == IK_RTYPE_SECRET_FILE;
	if ((n = rs_get(s, val, "required", NULL)) != NULL)
		rs_bool(s, n, "required", &in->required);
	if ((n = rs_get(s, val, "pattern", NULL)) != NULL)
		input_pattern(s, in, n);
	if ((n = rs_get(s, val, "default", &dk)) != NULL) {
		if (in->required)
			rd_add(s->diags, ry_pos(dk), "input %s is required and "
			    "has a default: give one or the other",
			    rd_q(q, sizeof(q), name));
		else
			in->def = rs_typed(s, in, n, "default");
	}
	if ((n = rs_get(s, val, "description", NULL)) != NULL &&
	    (t = rs_text(s, n, "description")) != NULL)
		in->description = rs_strdup(s, t);
}

static void
inputs(rs_schema *s, const ry_node *map)
{
	ik_recipe *r = s->r;
	char q[RD_QSZ];
	uint32_t i;

	if (map->kind != RY_MAP) {
		rd_add(s->diags, ry_pos(map), "inputs: expected a mapping of "
		    "input names, not %s", rs_desc(s, map, q, sizeof(q)));
		return;
	}
	r->inputs = calloc(map->nkids / 2 + 1, sizeof(*r->inputs));
	if (r->inputs == NULL) {
		s->oom = true;
		return;
	}
	for (i = 0; i + 1 < map->nkids && !s->oom; i += 2)
		input(s, ry_kid(s->d, map, i), ry_kid(s->d, map, i + 1),
		    &r->inputs[r->ninputs++]);
}

/* ---- the top level ---------------------------------------------------- */

static bool
recipe_name_ok(const char *n)
{
	size_t i;

	for (i = 0; n[i] != '\0'; i++)
		if (!((n[i] >= 'a' && n[i] <= 'z') ||
		    (n[i] >= '0' && n[i] <= '9') || n[i] == '-'))
			return false;
	return i > 0 && i <= IK_RECIPE_MAX_NAME;
}

static void
top(rs_schema *s, const ry_node *root)
{
	static const char *const keys[] = { "recipe", "version",
	    "description", "inputs", "steps" };
	const ry_node *n;
	ik_recipe *r = s->r;
	char q[RD_QSZ];
	const char *t;

	if (root->kind != RY_MAP) {
		rd_add(s->diags, ry_pos(root), "a recipe is a mapping (recipe, "
		    "version, description, inputs, steps), not %s",
		    rs_desc(s, root, q, sizeof(q)));
		return;
	}
	rs_keys(s, root, keys, 5, "");
	if ((n = rs_get(s, root, "recipe", NULL)) == NULL)
		rd_add(s->diags, ry_pos(root), "missing key \"recipe\": the "
		    "recipe's name");
	else if ((t = rs_text(s, n, "recipe")) != NULL) {
		if (!recipe_name_ok(t))
			rd_add(s->diags, ry_pos(n), "recipe name %s: use a-z, "
			    "0-9 and -", rd_q(q, sizeof(q), t));
		r->name = rs_strdup(s, t);
	}
	if ((n = rs_get(s, root, "version", NULL)) == NULL)
		rd_add(s->diags, ry_pos(root), "missing key \"version\": the "
		    "recipe's version, 1 or more");
	else
		rs_int(s, n, "version", 1, 1000000, &r->version);
	if ((n = rs_get(s, root, "description", NULL)) != NULL &&
	    (t = rs_text(s, n, "description")) != NULL)
		r->description = rs_strdup(s, t);
	if ((n = rs_get(s, root, "inputs", NULL)) != NULL)
		inputs(s, n);
	if (s->oom)
		return;
	if ((n = rs_get(s, root, "steps", NULL)) == NULL)
		rd_add(s->diags, ry_pos(root), "missing key \"steps\": the "
		    "list of steps");
	else
		rs_steps(s, n);
}

ik_status
rs_open(rs_schema *s, ry_doc *d, const uint8_t *buf, size_t len,
    ik_recipe_diags *diags)
{
	ik_status st;

	memset(s, 0, sizeof(*s));
	s->d = d;
	s->diags = diags;
	s->before = diags->n + diags->dropped;
	st = ry_load(d, buf, len, diags);
	if (st != IK_OK) {
		ry_free(d);
		rd_sort(diags);
	}
	return st;
}

ik_status
rs_close(rs_schema *s, ry_doc *d)
{
	ry_free(d);
	if (s->oom || s->diags->oom) {
		rd_oom(s->diags);
		return IK_FATAL;
	}
	rd_sort(s->diags);
	return s->diags->n + s->diags->dropped != s->before ? IK_FAILED : IK_OK;
}

ik_status
ik_recipe_load(const uint8_t *buf, size_t len, const ik_job *const *jobs,
    size_t njobs, ik_recipe **out, ik_recipe_diags *diags)
{
	rs_schema s;
	ik_status st;
	ry_doc d;

	*out = NULL;
	if (jobs == NULL)
		jobs = ik_jobs(&njobs);
	st = rs_open(&s, &d, buf, len, diags);
	if (st != IK_OK)
		return st;
	s.jobs = jobs;
	s.njobs = njobs;
	s.r = calloc(1, sizeof(*s.r));
	if (s.r == NULL)
		s.oom = true;
	else {
		top(&s, ry_node_at(&d, d.root));
		ik_digest_buf(IK_SHA256, buf, len, s.r->sha256);
	}
	st = rs_close(&s, &d);
	if (st != IK_OK)
		ik_recipe_free(s.r);
	else
		*out = s.r;
	return st;
}
