/*
 * recipe_model.c: layer recipe.  The loaded recipe: lookups, values given
 * for inputs (converted to their type, checked against their pattern),
 * and freeing.
 */
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "recipe_private.h"

const ik_recipe_input *
ik_recipe_input_find(const ik_recipe *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->ninputs; i++)
		if (strcmp(r->inputs[i].name, name) == 0)
			return &r->inputs[i];
	return NULL;
}

const ik_recipe_step *
ik_recipe_step_find(const ik_recipe *r, const char *id)
{
	size_t i;

	for (i = 0; i < r->nsteps; i++)
		if (strcmp(r->steps[i].id, id) == 0)
			return &r->steps[i];
	return NULL;
}

bool
ik_recipe_input_matches(const ik_recipe_input *in, const char *s)
{
	regmatch_t m;

	if (in->re == NULL)
		return true;
	/* POSIX gives the leftmost longest match: the whole value matches
	 * when that one spans it. */
	return regexec(in->re, s, 1, &m, 0) == 0 && m.rm_so == 0 &&
	    (size_t)m.rm_eo == strlen(s);
}

ik_status
ik_recipe_input_value(const ik_recipe_input *in, const char *text,
    json_t **out, ik_error *err)
{
	long long v;

	*out = NULL;
	switch (in->type) {
	case IK_RTYPE_BOOL:
		if (strcmp(text, "true") != 0 && strcmp(text, "false") != 0)
			return ik_error_set(err, IK_FAILED, IK_ERR_USAGE,
			    "input \"%s\": expected true or false", in->name);
		*out = json_boolean(text[0] == 't');
		break;
	case IK_RTYPE_INT:
		if (!rs_parse_int(text, &v))
			return ik_error_set(err, IK_FAILED, IK_ERR_USAGE,
			    "input \"%s\": expected an integer", in->name);
		*out = json_integer(v);
		break;
	case IK_RTYPE_PATHS:
		*out = json_array();
		if (*out != NULL && json_array_append_new(*out,
		    json_string_nocheck(text)) != 0) {
			json_decref(*out);
			*out = NULL;
		}
		break;
	default:
		/* The value is not echoed: it may be anything. */
		if (!ik_recipe_input_matches(in, text))
			return ik_error_set(err, IK_FAILED, IK_ERR_USAGE,
			    "input \"%s\": the value does not match the "
			    "pattern %s", in->name, in->pattern);
		if (text[0] == '\0')
			return ik_error_set(err, IK_FAILED, IK_ERR_USAGE,
			    "input \"%s\": an empty value", in->name);
		*out = json_string_nocheck(text);
		break;
	}
	if (*out == NULL)
		return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
		    "out of memory");
	return IK_OK;
}

/* ---- what a step needs ------------------------------------------------ */

typedef struct needs {
	size_t self, *v, max, n;
} needs;

static void
need(needs *nd, const ik_recipe_ref *ref)
{
	size_t i;

	if (ref == NULL || !ref->step || ref->target == nd->self)
		return;
	for (i = 0; i < nd->n && i < nd->max; i++)
		if (nd->v[i] == ref->target)
			return;
	if (nd->n < nd->max)
		nd->v[nd->n] = ref->target;
	nd->n++;
}

static void
need_text(needs *nd, const ik_recipe_text *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		need(nd, t->v[i].ref);
}

static void
need_value(needs *nd, const ik_recipe_value *v)
{
	size_t i;

	need(nd, v->ref);
	need_text(nd, &v->text);
	for (i = 0; i < v->n; i++)
		need_value(nd, &v->items[i]);
}

static void
need_cond(needs *nd, const ik_recipe_cond *c)
{
	const ik_recipe_ref *refs[64];
	size_t n, i;

	n = ik_recipe_expr_refs(c->expr, refs, 64);
	for (i = 0; i < n && i < 64; i++)
		need(nd, refs[i]);
}

size_t
ik_recipe_step_needs(const ik_recipe *r, const ik_recipe_step *s,
    size_t *v, size_t max)
{
	needs nd;
	size_t i, j, t;

	memset(&nd, 0, sizeof(nd));
	nd.self = (size_t)(s - r->steps);
	nd.v = v;
	nd.max = max;
	for (i = 0; i < s->nargs; i++)
		need_value(&nd, &s->args[i].value);
	need_text(&nd, &s->manual);
	need_text(&nd, &s->cli);
	need_text(&nd, &s->confirm);
	need_text(&nd, &s->advice);
	if (s->when != NULL)
		need_cond(&nd, s->when);
	for (i = 0; i < s->nexpect; i++)
		need_cond(&nd, &s->expect[i]);
	/* In the order of the steps. */
	for (i = 1; i < nd.n && i < max; i++)
		for (j = i; j > 0 && v[j - 1] > v[j]; j--) {
			t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	return nd.n;
}

void
rm_value_free(ik_recipe_value *v)
{
	size_t i;

	json_decref(v->literal);
	rr_free(v->ref);
	rr_text_free(&v->text);
	for (i = 0; i < v->n; i++) {
		rm_value_free(&v->items[i]);
		if (v->keys != NULL)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	memset(v, 0, sizeof(*v));
}

static void
cond_free(ik_recipe_cond *c)
{
	free(c->text);
	ik_recipe_expr_free(c->expr);
}

void
rm_step_free(ik_recipe_step *st)
{
	size_t i;

	free(st->id);
	for (i = 0; i < st->nargs; i++) {
		free(st->args[i].name);
		rm_value_free(&st->args[i].value);
	}
	free(st->args);
	rr_text_free(&st->manual);
	rr_text_free(&st->cli);
	rr_text_free(&st->confirm);
	rr_text_free(&st->advice);
	if (st->when != NULL)
		cond_free(st->when);
	free(st->when);
	for (i = 0; i < st->nexpect; i++)
		cond_free(&st->expect[i]);
	free(st->expect);
}

void
rm_input_free(ik_recipe_input *in)
{
	free(in->name);
	json_decref(in->def);
	free(in->pattern);
	if (in->re != NULL) {
		regfree(in->re);
		free(in->re);
	}
	free(in->description);
}

void
ik_recipe_free(ik_recipe *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->ninputs; i++)
		rm_input_free(&r->inputs[i]);
	free(r->inputs);
	for (i = 0; i < r->nsteps; i++)
		rm_step_free(&r->steps[i]);
	free(r->steps);
	free(r->name);
	free(r->description);
	free(r);
}
