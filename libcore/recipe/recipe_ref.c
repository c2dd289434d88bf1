/*
 * recipe_ref.c: layer recipe.  References (${inputs.X}, ${inputs.X[0]},
 * ${steps.ID.FIELD.PATH}): their syntax, texts made of literal runs and
 * references, and filling them in from the runner's values (texts, a run
 * step's arguments).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "recipe_private.h"

#define REF_MAX 256		/* bytes between ${ and } */
#define REF_SEGS 16		/* fields and indexes after the name */

static bool
name_char(char c, bool step)
{
	if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
		return true;
	return step ? c == '-' : c == '_';
}

static bool
field_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '-';
}

void
rr_free(ik_recipe_ref *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->npath; i++)
		free(r->path[i].key);
	free(r->path);
	free(r->name);
	free(r->text);
	free(r);
}

static char *
dup_n(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	if (p != NULL) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

static void
ref_error(ik_recipe_diag *err, ik_recipe_pos pos, const char *body,
    size_t n, const char *why)
{
	char q[RD_QSZ], *t;

	t = dup_n(body, n > REF_MAX ? REF_MAX : n);
	err->pos = pos;
	snprintf(err->msg, sizeof(err->msg), "bad reference %s: %s",
	    rd_q(q, sizeof(q), t != NULL ? t : ""), why);
	free(t);
}

/* Parses the body "inputs.x[0]" or "steps.id.a.b" (n bytes) into r. */
static const char *
parse_body(const char *b, size_t n, ik_recipe_ref *r)
{
	size_t i, start;

	if (n >= 7 && memcmp(b, "inputs.", 7) == 0) {
		r->step = false;
		i = 7;
	} else if (n >= 6 && memcmp(b, "steps.", 6) == 0) {
		r->step = true;
		i = 6;
	} else
		return "it starts with inputs. or steps.";
	start = i;
	while (i < n && name_char(b[i], r->step))
		i++;
	if (i == start || i - start > IK_RECIPE_MAX_NAME)
		return r->step ? "expected ${steps.ID.FIELD}" :
		    "expected ${inputs.NAME}";
	r->name = dup_n(b + start, i - start);
	if (r->name == NULL)
		return "";
	while (i < n) {
		ik_recipe_seg *s, *nv;

		if (r->npath >= REF_SEGS)
			return "too many fields";
		nv = realloc(r->path, (r->npath + 1) * sizeof(*nv));
		if (nv == NULL)
			return "";
		r->path = nv;
		s = &r->path[r->npath];
		s->key = NULL;
		s->index = 0;
		if (b[i] == '.') {
			start = ++i;
			while (i < n && field_char(b[i]))
				i++;
			if (i == start || i - start > IK_RECIPE_MAX_NAME)
				return "expected a field name after \".\"";
			s->key = dup_n(b + start, i - start);
			r->npath++;
			if (s->key == NULL)
				return "";
		} else if (b[i] == '[') {
			start = ++i;
			while (i < n && b[i] >= '0' && b[i] <= '9' &&
			    i - start < 9)
				s->index = s->index * 10 +
				    (size_t)(b[i++] - '0');
			if (i == start || i >= n || b[i] != ']')
				return "expected an index such as [0]";
			i++;
			r->npath++;
		} else
			return "expected .FIELD or [INDEX]";
	}
	return NULL;
}

ik_recipe_ref *
rr_parse(const char *s, size_t len, size_t off, ry_map *m, size_t *used,
    ik_recipe_diag *err)
{
	const char *body = s + 2, *close, *why;
	ik_recipe_pos pos = ry_map_pos(m, off);
	ik_recipe_ref *r;
	size_t n;

	err->msg[0] = '\0';
	close = len > 2 ? memchr(body, '}', len - 2) : NULL;
	if (close == NULL) {
		err->pos = pos;
		snprintf(err->msg, sizeof(err->msg), "unterminated reference: "
		    "\"${\" without \"}\"");
		return NULL;
	}
	n = (size_t)(close - body);
	*used = n + 3;
	r = calloc(1, sizeof(*r));
	if (r == NULL)
		return NULL;
	r->pos = pos;
	why = n > REF_MAX ? "too long" : parse_body(body, n, r);
	if (why == NULL)
		r->text = dup_n(body, n);
	if (why != NULL || r->text == NULL) {
		if (why != NULL && why[0] != '\0')
			ref_error(err, pos, s, n + 3, why);
		rr_free(r);
		return NULL;
	}
	return r;
}

/* ---- texts ------------------------------------------------------------ */

void
rr_text_free(ik_recipe_text *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		free(t->v[i].lit);
		rr_free(t->v[i].ref);
	}
	free(t->v);
	t->v = NULL;
	t->n = 0;
}

static bool
add_part(ik_recipe_text *t, char *lit, ik_recipe_ref *ref)
{
	ik_recipe_part *nv;

	nv = realloc(t->v, (t->n + 1) * sizeof(*nv));
	if (nv == NULL)
		return false;
	t->v = nv;
	t->v[t->n].lit = lit;
	t->v[t->n].ref = ref;
	t->n++;
	return true;
}

static bool
flush_lit(ik_recipe_text *t, ik_sb *sb)
{
	char *lit;

	if (sb->len == 0 && t->n > 0)
		return true;
	if (sb->oom)
		return false;
	lit = sb->s != NULL ? ik_sb_take(sb) : dup_n("", 0);
	if (lit == NULL || !add_part(t, lit, NULL)) {
		free(lit);
		return false;
	}
	return true;
}

ik_status
rr_text(const char *s, size_t len, ry_map *m, ik_recipe_text *t,
    ik_recipe_diags *diags)
{
	ik_recipe_diag err;
	ik_recipe_ref *r;
	size_t i = 0, used;
	ik_sb sb;

	memset(t, 0, sizeof(*t));
	t->pos = ry_map_pos(m, 0);
	ik_sb_init(&sb);
	while (i < len) {
		if (s[i] != '$' || i + 1 >= len ||
		    (s[i + 1] != '{' && s[i + 1] != '$')) {
			ik_sb_add(&sb, s + i, 1);
			i++;
			continue;
		}
		if (s[i + 1] == '$') {
			/* "$${" is a literal "${"; "$$" otherwise two $. */
			if (i + 2 < len && s[i + 2] == '{') {
				ik_sb_puts(&sb, "${");
				i += 3;
			} else {
				ik_sb_puts(&sb, "$$");
				i += 2;
			}
			continue;
		}
		r = rr_parse(s + i, len - i, i, m, &used, &err);
		if (r == NULL) {
			ik_sb_free(&sb);
			rr_text_free(t);
			if (err.msg[0] == '\0')
				return IK_FATAL;
			rd_add(diags, err.pos, "%s", err.msg);
			return IK_FAILED;
		}
		if ((sb.len > 0 && !flush_lit(t, &sb)) ||
		    !add_part(t, NULL, r)) {
			rr_free(r);
			ik_sb_free(&sb);
			rr_text_free(t);
			return IK_FATAL;
		}
		i += used;
	}
	if ((sb.len > 0 || t->n == 0) && !flush_lit(t, &sb)) {
		ik_sb_free(&sb);
		rr_text_free(t);
		return IK_FATAL;
	}
	ik_sb_free(&sb);
	return IK_OK;
}

bool
ik_recipe_text_secret(const ik_recipe_text *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->v[i].ref != NULL && t->v[i].ref->secret)
			return true;
	return false;
}

/* ---- values ----------------------------------------------------------- */

json_t *
ik_recipe_ref_walk(const ik_recipe_ref *ref, json_t *root)
{
	size_t i;

	for (i = 0; i < ref->npath && root != NULL; i++) {
		if (ref->path[i].key != NULL)
			root = json_is_object(root) ?
			    json_object_get(root, ref->path[i].key) : NULL;
		else
			root = json_is_array(root) ?
			    json_array_get(root, ref->path[i].index) : NULL;
	}
	return root;
}

ik_recipe_lookup
ik_recipe_resolve_json(void *arg, const ik_recipe_ref *ref, json_t **value,
    ik_error *err)
{
	json_t *scope = arg, *v;

	(void)err;
	*value = NULL;
	v = json_object_get(scope, ref->step ? "steps" : "inputs");
	v = json_object_get(v, ref->name);
	if (v == NULL)
		return ref->step ? IK_LOOKUP_PENDING : IK_LOOKUP_ABSENT;
	v = ik_recipe_ref_walk(ref, v);
	if (v == NULL)
		return IK_LOOKUP_ABSENT;
	*value = json_incref(v);
	return IK_LOOKUP_FOUND;
}

static ik_recipe_lookup
absent(const ik_recipe_ref *ref, ik_error *err)
{
	char q[RD_QSZ];

	ik_error_set(err, IK_FAILED, IK_ERR_USAGE, "${%s}: no value",
	    rd_p(q, sizeof(q), ref->text));
	return IK_LOOKUP_ABSENT;
}

static json_t *
placeholder(const ik_recipe_ref *ref)
{
	char buf[IK_RECIPE_MAX_NAME + 32];

	snprintf(buf, sizeof(buf), "(from step %s)", ref->name);
	return json_string(buf);
}

ik_recipe_lookup
ik_recipe_text_expand(const ik_recipe_text *t, ik_recipe_resolver fn,
    void *arg, bool placeholders, ik_sb *out, ik_error *err)
{
	ik_recipe_lookup lk;
	char q[RD_QSZ];
	json_t *v;
	size_t i;

	for (i = 0; i < t->n; i++) {
		const ik_recipe_ref *ref = t->v[i].ref;

		if (ref == NULL) {
			ik_sb_puts(out, t->v[i].lit);
			continue;
		}
		v = NULL;
		lk = fn(arg, ref, &v, err);
		if (lk == IK_LOOKUP_PENDING && placeholders) {
			ik_sb_printf(out, "(from step %s)", ref->name);
			continue;
		}
		if (lk == IK_LOOKUP_ABSENT)
			return absent(ref, err);
		if (lk != IK_LOOKUP_FOUND)
			return lk;
		if (json_is_string(v))
			ik_sb_add(out, json_string_value(v),
			    json_string_length(v));
		else if (json_is_integer(v))
			ik_sb_printf(out, "%lld",
			    (long long)json_integer_value(v));
		else if (json_is_real(v))
			ik_sb_printf(out, "%g", json_real_value(v));
		else if (json_is_boolean(v))
			ik_sb_puts(out, json_is_true(v) ? "true" : "false");
		else {
			json_decref(v);
			ik_error_set(err, IK_FAILED, IK_ERR_USAGE,
			    "${%s} is %s: it cannot be part of a text",
			    rd_p(q, sizeof(q), ref->text),
			    json_is_array(v) ? "a list" : json_is_object(v) ?
			    "an object" : "null");
			return IK_LOOKUP_ERROR;
		}
		json_decref(v);
	}
	if (out->oom) {
		ik_error_set(err, IK_FATAL, IK_ERR_MEMORY, "out of memory");
		return IK_LOOKUP_ERROR;
	}
	return IK_LOOKUP_FOUND;
}

static ik_recipe_lookup
no_memory(ik_error *err)
{
	ik_error_set(err, IK_FATAL, IK_ERR_MEMORY, "out of memory");
	return IK_LOOKUP_ERROR;
}

/* The value of v (*out NULL: absent). */
static ik_recipe_lookup
resolve_value(const ik_recipe_value *v, ik_recipe_resolver fn, void *arg,
    bool ph, json_t **out, ik_error *err)
{
	ik_recipe_lookup lk;
	json_t *c, *x;
	ik_sb sb;
	size_t i;
	int bad = 0;

	*out = NULL;
	switch (v->kind) {
	case IK_VAL_LITERAL:
		*out = json_incref(v->literal);
		return IK_LOOKUP_FOUND;
	case IK_VAL_REF:
		lk = fn(arg, v->ref, out, err);
		if (lk == IK_LOOKUP_PENDING && ph) {
			*out = placeholder(v->ref);
			return *out != NULL ? IK_LOOKUP_FOUND : no_memory(err);
		}
		if (lk == IK_LOOKUP_ABSENT) {
			*out = NULL;
			return IK_LOOKUP_FOUND;
		}
		return lk;
	case IK_VAL_TEXT:
		ik_sb_init(&sb);
		lk = ik_recipe_text_expand(&v->text, fn, arg, ph, &sb, err);
		if (lk == IK_LOOKUP_FOUND) {
			*out = json_stringn_nocheck(sb.s != NULL ? sb.s : "",
			    sb.len);
			if (*out == NULL)
				lk = no_memory(err);
		}
		ik_sb_free(&sb);
		return lk;
	case IK_VAL_LIST:
	case IK_VAL_MAP:
		break;
	}
	c = v->kind == IK_VAL_LIST ? json_array() : json_object();
	if (c == NULL)
		return no_memory(err);
	for (i = 0; i < v->n; i++) {
		lk = resolve_value(&v->items[i], fn, arg, ph, &x, err);
		if (lk != IK_LOOKUP_FOUND) {
			json_decref(c);
			return lk;
		}
		if (x == NULL)
			continue;
		if (v->kind == IK_VAL_MAP)
			bad |= json_object_set_new(c, v->keys[i], x);
		else if (json_is_array(x) && v->items[i].kind == IK_VAL_REF) {
			/* A list given to a list is spliced into it. */
			bad |= json_array_extend(c, x);
			json_decref(x);
		} else
			bad |= json_array_append_new(c, x);
	}
	if (bad != 0) {
		json_decref(c);
		return no_memory(err);
	}
	*out = c;
	return IK_LOOKUP_FOUND;
}

ik_recipe_lookup
ik_recipe_step_args(const ik_recipe_step *s, ik_recipe_resolver fn,
    void *arg, bool placeholders, json_t **args, ik_error *err)
{
	ik_recipe_lookup lk;
	json_t *o, *x;
	size_t i;

	*args = NULL;
	o = json_object();
	if (o == NULL)
		return no_memory(err);
	for (i = 0; i < s->nargs; i++) {
		lk = resolve_value(&s->args[i].value, fn, arg, placeholders,
		    &x, err);
		if (lk != IK_LOOKUP_FOUND) {
			json_decref(o);
			return lk;
		}
		if (x != NULL &&
		    json_object_set_new(o, s->args[i].name, x) != 0) {
			json_decref(o);
			return no_memory(err);
		}
	}
	*args = o;
	return IK_LOOKUP_FOUND;
}
