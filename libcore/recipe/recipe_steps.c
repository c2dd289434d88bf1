/*
 * recipe_steps.c: layer recipe.  The steps of a recipe checked against
 * the job table: ids, run: JOB with its `with:` arguments (names, types,
 * ranges, required ones), manual: steps (cli, confirm, paste), and every
 * reference where it is used (known input or earlier step, a result
 * field the job describes, a type the argument takes, no secret printed).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "recipe_private.h"

#define FIELDS_MAX 256		/* result fields looked at per job */
#define PATH_MAX_LEN 256	/* of a dotted field path */

/* Where a reference is used: what it may refer to. */
typedef enum use {
	USE_WITH, USE_WHEN, USE_MANUAL, USE_CLI, USE_CONFIRM, USE_EXPECT,
	USE_ADVICE
} use;

typedef struct stepctx {
	rs_schema *s;
	const char **ids;	/* each step's id (NULL: none, or taken) */
	size_t nsteps;
	size_t cur;		/* the step being checked */
	use u;
} stepctx;

static const char *const step_keys[] = {
	"id", "run", "with", "manual", "cli", "confirm", "paste", "when",
	"expect", "on_fail", "advice"
};
#define NSTEP_KEYS (sizeof(step_keys) / sizeof(step_keys[0]))

static const char *const paste_names[] = {
	"show-itl", "drs-status", "text"
};

const char *
ik_recipe_paste_name(ik_recipe_paste p)
{
	if (p >= IK_PASTE_SHOW_ITL && p <= IK_PASTE_TEXT)
		return paste_names[p - IK_PASTE_SHOW_ITL];
	return "none";
}

static const char *
arg_type_name(ik_arg_type t)
{
	switch (t) {
	case IK_ARG_STRING: return "a string";
	case IK_ARG_BOOL: return "true or false";
	case IK_ARG_INT: return "an integer";
	case IK_ARG_TIME: return "an RFC 3339 time";
	case IK_ARG_STRINGS: return "a string or a list of strings";
	case IK_ARG_OBJECT: return "an object";
	case IK_ARG_SECRET_FILE:
	case IK_ARG_SECRET_FILE2: return "a secret-file input";
	}
	return "?";
}

static bool
secret_type(ik_arg_type a)
{
	return a == IK_ARG_SECRET_FILE || a == IK_ARG_SECRET_FILE2;
}

static bool
arg_accepts(ik_arg_type a, rt_type t)
{
	if (t == RT_UNKNOWN)
		return true;
	switch (a) {
	case IK_ARG_STRING:
	case IK_ARG_TIME: return t == RT_STRING;
	case IK_ARG_BOOL: return t == RT_BOOL;
	case IK_ARG_INT: return t == RT_NUMBER;
	case IK_ARG_STRINGS: return t == RT_STRING || t == RT_LIST;
	case IK_ARG_OBJECT: return t == RT_OBJECT;
	case IK_ARG_SECRET_FILE:
	case IK_ARG_SECRET_FILE2: return t == RT_STRING;
	}
	return false;
}

static rt_type
input_rt(ik_recipe_type t)
{
	switch (t) {
	case IK_RTYPE_PATHS: return RT_LIST;
	case IK_RTYPE_BOOL: return RT_BOOL;
	case IK_RTYPE_INT: return RT_NUMBER;
	default: return RT_STRING;
	}
}

static rt_type
field_rt(ik_field_type t)
{
	switch (t) {
	case IK_FIELD_STRING: return RT_STRING;
	case IK_FIELD_BOOL: return RT_BOOL;
	case IK_FIELD_INT: return RT_NUMBER;
	case IK_FIELD_ARRAY: return RT_LIST;
	case IK_FIELD_OBJECT: return RT_OBJECT;
	case IK_FIELD_ANY: break;
	}
	return RT_UNKNOWN;
}

/* ---- references ------------------------------------------------------- */

static const ik_job *
find_job(const rs_schema *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->njobs; i++)
		if (s->jobs[i] != NULL && strcmp(s->jobs[i]->name, name) == 0)
			return s->jobs[i];
	return NULL;
}

/* A field path without its indexes: "nodes[].signer.serial" and
 * "nodes[0].signer.serial" are "nodes.signer.serial". */
static void
dotted_plain(const char *p, char *out, size_t size)
{
	size_t n = 0;

	for (; *p != '\0' && n + 1 < size; p++) {
		if (*p == '[') {
			while (*p != '\0' && *p != ']')
				p++;
			if (*p == '\0')
				break;
			continue;
		}
		out[n++] = *p;
	}
	out[n] = '\0';
}

static void
dotted_ref(const ik_recipe_ref *ref, char *out, size_t size)
{
	size_t i, n = 0, k;

	out[0] = '\0';
	for (i = 0; i < ref->npath; i++) {
		if (ref->path[i].key == NULL)
			continue;
		k = strlen(ref->path[i].key);
		if (n + k + 2 > size)
			break;
		if (n > 0)
			out[n++] = '.';
		memcpy(out + n, ref->path[i].key, k + 1);
		n += k;
	}
}

/* Is a.b a prefix of a.b.c (at a dot)? */
static bool
prefix_of(const char *pre, const char *s)
{
	size_t n = strlen(pre);

	return strncmp(pre, s, n) == 0 && s[n] == '.';
}

/* The static type of a field of a job's result, or an error. */
static bool
result_field(stepctx *c, const ik_job *job, const ik_recipe_ref *ref,
    rt_type *type)
{
	char want[PATH_MAX_LEN], have[FIELDS_MAX][PATH_MAX_LEN], q[RD_QSZ];
	char m[RD_MSGSZ];
	const char *names[FIELDS_MAX];
	const ik_result_field *f, *scalar = NULL;
	bool inside = false;
	size_t n = 0;

	*type = RT_UNKNOWN;
	if (job == NULL || job->results == NULL || job->results[0].path == NULL)
		return true;
	dotted_ref(ref, want, sizeof(want));
	if (want[0] == '\0')
		return true;
	for (f = job->results; f->path != NULL && n < FIELDS_MAX; f++, n++) {
		dotted_plain(f->path, have[n], sizeof(have[n]));
		names[n] = have[n];
		if (strcmp(have[n], want) == 0) {
			*type = field_rt(f->type);
			return true;
		}
		if (prefix_of(want, have[n]))
			inside = true;
		else if (prefix_of(have[n], want)) {
			if (f->type == IK_FIELD_STRING ||
			    f->type == IK_FIELD_BOOL || f->type == IK_FIELD_INT)
				scalar = f;
			else
				inside = true;
		}
	}
	if (inside)
		return true;
	if (scalar != NULL) {
		rd_add(c->s->diags, ref->pos, "${%s}: field \"%s\" of %s is "
		    "%s: it has no fields", rd_p(q, sizeof(q), ref->text),
		    scalar->path, job->name, rt_name(field_rt(scalar->type)));
		return false;
	}
	snprintf(q, sizeof(q), " in the result of %s", job->name);
	rd_add(c->s->diags, ref->pos, "%s", rd_unknown(m, sizeof(m), "field",
	    want, q, names, n, NULL));
	return false;
}

static bool
check_input_ref(stepctx *c, ik_recipe_ref *ref, rt_type *type)
{
	const ik_recipe *r = c->s->r;
	const char *names[256];
	const ik_recipe_input *in = NULL;
	char q[RD_QSZ], m[RD_MSGSZ];
	size_t i;

	for (i = 0; i < r->ninputs; i++) {
		if (r->inputs[i].name != NULL &&
		    strcmp(r->inputs[i].name, ref->name) == 0) {
			in = &r->inputs[i];
			break;
		}
		if (i < 256)
			names[i] = r->inputs[i].name;
	}
	if (in == NULL) {
		rd_add(c->s->diags, ref->pos, "%s", rd_unknown(m, sizeof(m),
		    "input", ref->name, "", names, r->ninputs < 256 ?
		    r->ninputs : 256, NULL));
		return false;
	}
	ref->target = i;
	ref->secret = in->secret;
	if (ref->npath > 1 || (ref->npath == 1 && ref->path[0].key != NULL)) {
		rd_add(c->s->diags, ref->pos, "${%s}: an input has no fields "
		    "(a list input takes one index: [0])",
		    rd_p(q, sizeof(q), ref->text));
		return false;
	}
	if (ref->npath == 1 && in->type != IK_RTYPE_PATHS) {
		rd_add(c->s->diags, ref->pos, "input %s is %s, not a list: it "
		    "takes no index", rd_q(q, sizeof(q), in->name),
		    ik_recipe_type_name(in->type));
		return false;
	}
	if (in->secret && c->u != USE_WITH && c->u != USE_WHEN &&
	    c->u != USE_EXPECT) {
		rd_add(c->s->diags, ref->pos, "input %s is a secret-file: it "
		    "is never printed", rd_q(q, sizeof(q), in->name));
		return false;
	}
	if (c->u == USE_CLI && in->type == IK_RTYPE_STRING && in->re == NULL) {
		rd_add(c->s->diags, ref->pos, "input %s is printed in a CUCM "
		    "command: give it a pattern", rd_q(q, sizeof(q), in->name));
		return false;
	}
	*type = ref->npath == 1 ? RT_STRING : input_rt(in->type);
	return true;
}

static bool
check_step_ref(stepctx *c, ik_recipe_ref *ref, rt_type *type)
{
	const ik_recipe_step *st;
	char q[RD_QSZ], m[RD_MSGSZ];
	size_t j;

	for (j = 0; j < c->nsteps; j++)
		if (c->ids[j] != NULL && strcmp(c->ids[j], ref->name) == 0)
			break;
	if (j == c->nsteps) {
		rd_add(c->s->diags, ref->pos, "%s", rd_unknown(m, sizeof(m),
		    "step", ref->name, "", c->ids, c->nsteps, NULL));
		return false;
	}
	if (j > c->cur) {
		rd_add(c->s->diags, ref->pos, "step %s comes later: a step "
		    "uses only the results of the steps before it",
		    rd_q(q, sizeof(q), ref->name));
		return false;
	}
	if (j == c->cur && c->u != USE_EXPECT && c->u != USE_ADVICE) {
		rd_add(c->s->diags, ref->pos, "step %s refers to its own "
		    "result, which is not known before it runs",
		    rd_q(q, sizeof(q), ref->name));
		return false;
	}
	ref->target = j;
	st = &c->s->r->steps[j];
	if (st->kind == IK_STEP_MANUAL && st->paste == IK_PASTE_NONE &&
	    st->id != NULL) {
		rd_add(c->s->diags, ref->pos, "step %s has no result (a manual "
		    "step without paste:)", rd_q(q, sizeof(q), ref->name));
		return false;
	}
	if (st->kind == IK_STEP_MANUAL) {
		*type = RT_UNKNOWN;
		return true;
	}
	return result_field(c, st->job, ref, type);
}

static bool
check_ref(void *arg, ik_recipe_ref *ref, rt_type *type)
{
	stepctx *c = arg;

	*type = RT_UNKNOWN;
	return ref->step ? check_step_ref(c, ref, type) :
	    check_input_ref(c, ref, type);
}

/* "input "itl" is paths", "${steps.a.n} is a number": for mismatches. */
static const char *
ref_desc(const stepctx *c, const ik_recipe_ref *ref, rt_type t, char *buf,
    size_t size)
{
	char q[RD_QSZ];

	if (!ref->step && ref->npath == 0)
		snprintf(buf, size, "input %s is %s", rd_q(q, sizeof(q),
		    ref->name), ik_recipe_type_name(
		    c->s->r->inputs[ref->target].type));
	else
		snprintf(buf, size, "${%s} is %s", rd_p(q, sizeof(q),
		    ref->text), rt_name(t));
	return buf;
}

/* ---- texts and values ------------------------------------------------- */

/* The references of a text: known, and of a type that reads as text. */
static bool
check_text(stepctx *c, ik_recipe_text *t)
{
	char q[RD_QSZ];
	bool ok = true;
	rt_type k;
	size_t i;

	for (i = 0; i < t->n; i++) {
		ik_recipe_ref *ref = t->v[i].ref;

		if (ref == NULL)
			continue;
		if (!check_ref(c, ref, &k)) {
			ok = false;
			continue;
		}
		if (k == RT_LIST || k == RT_OBJECT) {
			rd_add(c->s->diags, ref->pos, "${%s} is %s: it cannot "
			    "be part of a text%s",
			    rd_p(q, sizeof(q), ref->text), rt_name(k),
			    !ref->step ? " (one path of it: [0])" : "");
			ok = false;
		}
	}
	return ok;
}

static bool
text_field(stepctx *c, const ry_node *n, const char *what, use u,
    ik_recipe_text *t)
{
	const char *s = rs_text(c->s, n, what);
	ik_status st;
	ry_map m;

	if (s == NULL)
		return false;
	ry_map_init(&m, c->s->d, n, s, n->len);
	st = rr_text(s, n->len, &m, t, c->s->diags);
	if (st == IK_FATAL)
		c->s->oom = true;
	if (st != IK_OK)
		return false;
	c->u = u;
	return check_text(c, t);
}

/* A scalar as a value: one reference alone, text with references, or a
 * literal (its text, "$${" already read as "${"). */
static bool
scalar_value(stepctx *c, const ry_node *n, ik_recipe_value *v)
{
	const char *s = ry_str(c->s->d, n);
	ik_recipe_text t;
	ik_status st;
	ry_map m;

	v->pos = ry_pos(n);
	ry_map_init(&m, c->s->d, n, s, n->len);
	st = rr_text(s, n->len, &m, &t, c->s->diags);
	if (st == IK_FATAL)
		c->s->oom = true;
	if (st != IK_OK)
		return false;
	if (t.n == 1 && t.v[0].ref != NULL) {
		v->kind = IK_VAL_REF;
		v->ref = t.v[0].ref;
		v->pos = v->ref->pos;
		t.v[0].ref = NULL;
		rr_text_free(&t);
	} else if (t.n == 1) {
		v->kind = IK_VAL_LITERAL;
		v->literal = json_string_nocheck(t.v[0].lit);
		rr_text_free(&t);
		if (v->literal == NULL) {
			c->s->oom = true;
			return false;
		}
	} else {
		v->kind = IK_VAL_TEXT;
		v->text = t;
	}
	return true;
}

/* Any YAML value as an object argument's part: no type known. */
static bool
any_value(stepctx *c, const ry_node *n, ik_recipe_value *v)
{
	rt_type k;
	uint32_t i, step;
	bool ok = true;

	if (n->kind == RY_SCALAR) {
		if (!scalar_value(c, n, v))
			return false;
		if (v->kind == IK_VAL_REF)
			return check_ref(c, v->ref, &k);
		if (v->kind == IK_VAL_TEXT)
			return check_text(c, &v->text);
		return true;
	}
	v->kind = n->kind == RY_MAP ? IK_VAL_MAP : IK_VAL_LIST;
	v->pos = ry_pos(n);
	step = n->kind == RY_MAP ? 2 : 1;
	v->items = calloc(n->nkids / step + 1, sizeof(*v->items));
	if (n->kind == RY_MAP)
		v->keys = calloc(n->nkids / 2 + 1, sizeof(*v->keys));
	if (v->items == NULL || (n->kind == RY_MAP && v->keys == NULL)) {
		c->s->oom = true;
		return false;
	}
	for (i = 0; i + step - 1 < n->nkids && !c->s->oom; i += step) {
		if (n->kind == RY_MAP) {
			v->keys[v->n] = rs_strdup(c->s,
			    ry_str(c->s->d, ry_kid(c->s->d, n, i)));
			ok &= any_value(c, ry_kid(c->s->d, n, i + 1),
			    &v->items[v->n]);
		} else
			ok &= any_value(c, ry_kid(c->s->d, n, i),
			    &v->items[v->n]);
		v->n++;
	}
	return ok;
}

/* One item of a list of strings. */
static bool
list_item(stepctx *c, const char *what, const ry_node *n, ik_recipe_value *v)
{
	char q[RD_QSZ], d[RD_QSZ + 48];
	rt_type k;

	if (n->kind != RY_SCALAR) {
		rd_add(c->s->diags, ry_pos(n), "%s: a list of strings, not %s "
		    "inside it", what, rs_desc(c->s, n, q, sizeof(q)));
		return false;
	}
	if (rs_text(c->s, n, what) == NULL || !scalar_value(c, n, v))
		return false;
	if (v->kind == IK_VAL_TEXT)
		return check_text(c, &v->text);
	if (v->kind != IK_VAL_REF)
		return true;
	if (!check_ref(c, v->ref, &k))
		return false;
	if (k != RT_STRING && k != RT_LIST && k != RT_UNKNOWN) {
		rd_add(c->s->diags, v->pos, "type mismatch: %s takes strings, "
		    "%s", what, ref_desc(c, v->ref, k, d, sizeof(d)));
		return false;
	}
	return true;
}

/* A literal converted to the argument's type. */
static bool
literal_value(stepctx *c, const ik_arg_spec *spec, const char *what,
    const ry_node *n, ik_recipe_value *v)
{
	const char *t = json_string_value(v->literal);
	char q[RD_QSZ];
	long long x;
	time_t tm;
	bool b;

	switch (spec->type) {
	case IK_ARG_STRING:
	case IK_ARG_STRINGS:
		return true;
	case IK_ARG_TIME:
		if (ik_time_parse(t, &tm) == 0)
			return true;
		rd_add(c->s->diags, ry_pos(n), "%s: expected an RFC 3339 time "
		    "such as 2024-05-01T00:00:00Z, not %s", what,
		    rd_q(q, sizeof(q), t));
		return false;
	case IK_ARG_BOOL:
		if (!rs_bool(c->s, n, what, &b))
			return false;
		json_decref(v->literal);
		v->literal = json_boolean(b);
		break;
	case IK_ARG_INT:
		if (!rs_int(c->s, n, what, spec->min, spec->max, &x))
			return false;
		json_decref(v->literal);
		v->literal = json_integer(x);
		break;
	case IK_ARG_OBJECT:
		rd_add(c->s->diags, ry_pos(n), "%s: expected an object, not %s",
		    what, rs_desc(c->s, n, q, sizeof(q)));
		return false;
	case IK_ARG_SECRET_FILE:
	case IK_ARG_SECRET_FILE2:
		rd_add(c->s->diags, ry_pos(n), "%s: expected a secret-file "
		    "input (${inputs.NAME}), not %s", what,
		    rs_desc(c->s, n, q, sizeof(q)));
		return false;
	}
	if (v->literal == NULL)
		c->s->oom = true;
	return v->literal != NULL;
}

static bool
with_value(stepctx *c, const ik_job *job, const ik_arg_spec *spec,
    const ry_node *n, ik_recipe_arg *a)
{
	char what[RD_QSZ + 48], q[RD_QSZ], d[RD_QSZ + 48];
	ik_recipe_value *v = &a->value;
	bool ok = true;
	rt_type k;
	uint32_t i;

	snprintf(what, sizeof(what), "argument \"%s\" of %s", spec->name,
	    job->name);
	c->u = USE_WITH;
	if (n->kind == RY_SEQ) {
		if (spec->type != IK_ARG_STRINGS) {
			rd_add(c->s->diags, ry_pos(n), "%s takes %s, not a "
			    "list", what, arg_type_name(spec->type));
			return false;
		}
		v->kind = IK_VAL_LIST;
		v->pos = ry_pos(n);
		v->items = calloc(n->nkids + 1, sizeof(*v->items));
		if (v->items == NULL) {
			c->s->oom = true;
			return false;
		}
		for (i = 0; i < n->nkids && !c->s->oom; i++) {
			ok &= list_item(c, what, ry_kid(c->s->d, n, i),
			    &v->items[v->n]);
			a->secret |= v->items[v->n].kind == IK_VAL_REF &&
			    v->items[v->n].ref->secret;
			v->n++;
		}
		if (a->secret) {
			rd_add(c->s->diags, v->pos, "%s: a secret-file input "
			    "goes only to an argument that names a secret "
			    "file", what);
			return false;
		}
		return ok;
	}
	if (n->kind == RY_MAP) {
		if (spec->type != IK_ARG_OBJECT) {
			rd_add(c->s->diags, ry_pos(n), "%s takes %s, not a "
			    "mapping", what, arg_type_name(spec->type));
			return false;
		}
		return any_value(c, n, v);
	}
	if (rs_text(c->s, n, what) == NULL || !scalar_value(c, n, v))
		return false;
	switch (v->kind) {
	case IK_VAL_REF:
		if (!check_ref(c, v->ref, &k))
			return false;
		a->secret = v->ref->secret;
		if (secret_type(spec->type) != a->secret) {
			rd_add(c->s->diags, v->pos, a->secret ? "%s: a "
			    "secret-file input goes only to an argument that "
			    "names a secret file" : "%s: expected a "
			    "secret-file input", what);
			return false;
		}
		if (arg_accepts(spec->type, k))
			return true;
		rd_add(c->s->diags, v->pos, "type mismatch: %s takes %s, %s",
		    what, arg_type_name(spec->type),
		    ref_desc(c, v->ref, k, d, sizeof(d)));
		return false;
	case IK_VAL_TEXT:
		if (!check_text(c, &v->text))
			return false;
		a->secret = ik_recipe_text_secret(&v->text);
		if (a->secret || secret_type(spec->type)) {
			rd_add(c->s->diags, v->pos, "%s: a secret file is "
			    "given as one reference alone", what);
			return false;
		}
		if (arg_accepts(spec->type, RT_STRING))
			return true;
		rd_add(c->s->diags, v->pos, "type mismatch: %s takes %s, not "
		    "text %s", what, arg_type_name(spec->type),
		    rd_q(q, sizeof(q), ry_str(c->s->d, n)));
		return false;
	default:
		return literal_value(c, spec, what, n, v);
	}
}

static const ik_arg_spec *
spec_find(const ik_arg_spec *spec, const char *name)
{
	for (; spec != NULL && spec->name != NULL; spec++)
		if (strcmp(spec->name, name) == 0)
			return spec;
	return NULL;
}

static void
with_args(stepctx *c, ik_recipe_step *st, const ry_node *withkey,
    const ry_node *with, const ry_node *runval)
{
	const char *names[64], *near, *key, *meant[64];
	const ik_arg_spec *spec;
	const ry_node *k;
	ik_recipe_arg *a;
	char q[RD_QSZ], m[RD_MSGSZ];
	size_t n = 0, nmeant = 0, i;
	uint32_t j;

	for (spec = st->job->args; spec != NULL && spec->name != NULL &&
	    n < 64; spec++)
		names[n++] = spec->name;
	if (with != NULL && with->kind != RY_MAP) {
		rd_add(c->s->diags, ry_pos(with), "with: expected a mapping of "
		    "argument names, not %s",
		    rs_desc(c->s, with, q, sizeof(q)));
		return;
	}
	if (with != NULL) {
		st->args = calloc(with->nkids / 2 + 1, sizeof(*st->args));
		if (st->args == NULL) {
			c->s->oom = true;
			return;
		}
		for (j = 0; j + 1 < with->nkids && !c->s->oom; j += 2) {
			k = ry_kid(c->s->d, with, j);
			key = ry_str(c->s->d, k);
			spec = spec_find(st->job->args, key);
			if (spec == NULL) {
				snprintf(q, sizeof(q), " for %s",
				    st->job->name);
				rd_add(c->s->diags, ry_pos(k), "%s",
				    rd_unknown(m, sizeof(m), "argument", key, q,
				    names, n, &near));
				if (near != NULL && nmeant < 64)
					meant[nmeant++] = near;
				continue;
			}
			a = &st->args[st->nargs++];
			a->name = rs_strdup(c->s, key);
			a->spec = spec;
			a->pos = ry_pos(k);
			with_value(c, st->job, spec,
			    ry_kid(c->s->d, with, j + 1), a);
		}
	}
	for (spec = st->job->args; spec != NULL && spec->name != NULL; spec++) {
		if (!spec->required)
			continue;
		for (i = 0; i < st->nargs; i++)
			if (strcmp(st->args[i].name, spec->name) == 0)
				break;
		if (i < st->nargs || (with != NULL &&
		    rs_get(c->s, with, spec->name, NULL) != NULL))
			continue;
		/* A misspelt key already said "did you mean" this one. */
		for (i = 0; i < nmeant; i++)
			if (meant[i] == spec->name)
				break;
		if (i < nmeant)
			continue;
		rd_add(c->s->diags, withkey != NULL ? ry_pos(withkey) :
		    ry_pos(runval), "%s needs argument \"%s\" (%s)",
		    st->job->name, spec->name, spec->help != NULL ? spec->help :
		    arg_type_name(spec->type));
	}
}

/* ---- conditions ------------------------------------------------------- */

static bool
cond(stepctx *c, const ry_node *n, const char *what, use u, ik_recipe_cond *cd)
{
	const char *s = rs_text(c->s, n, what);
	ik_recipe_diag err;
	ik_status st;
	ry_map m;

	if (s == NULL)
		return false;
	cd->pos = ry_pos(n);
	cd->text = rs_strdup(c->s, s);
	ry_map_init(&m, c->s->d, n, s, n->len);
	st = rx_parse(s, n->len, &m, &cd->expr, &err);
	if (st == IK_FATAL)
		c->s->oom = true;
	if (st != IK_OK) {
		if (st == IK_FAILED)
			rd_add(c->s->diags, err.pos, "%s", err.msg);
		return false;
	}
	c->u = u;
	return rx_check(cd->expr, check_ref, c, c->s->diags);
}

/* ---- steps ------------------------------------------------------------ */

static bool
step_id_ok(const char *id)
{
	size_t i;

	for (i = 0; id[i] != '\0'; i++)
		if (!((id[i] >= 'a' && id[i] <= 'z') ||
		    (id[i] >= '0' && id[i] <= '9') || id[i] == '-'))
			return false;
	return i > 0 && i <= IK_RECIPE_MAX_NAME;
}

/* First pass: every step's id, so that references can tell a later
 * step from an unknown one. */
static void
step_ids(stepctx *c, const ry_node *steps)
{
	const ry_node *n, *id;
	char q[RD_QSZ];
	const char *t;
	size_t i, j;

	for (i = 0; i < c->nsteps; i++) {
		n = ry_kid(c->s->d, steps, (uint32_t)i);
		if (n->kind != RY_MAP)
			continue;
		id = rs_get(c->s, n, "id", NULL);
		if (id == NULL) {
			rd_add(c->s->diags, ry_pos(n), "step %zu has no id",
			    i + 1);
			continue;
		}
		if ((t = rs_text(c->s, id, "id")) == NULL)
			continue;
		c->s->r->steps[i].id = rs_strdup(c->s, t);
		if (!step_id_ok(t)) {
			rd_add(c->s->diags, ry_pos(id), "step id %s: use a-z, "
			    "0-9 and -", rd_q(q, sizeof(q), t));
			continue;
		}
		for (j = 0; j < i; j++)
			if (c->ids[j] != NULL && strcmp(c->ids[j], t) == 0)
				break;
		if (j < i) {
			rd_add(c->s->diags, ry_pos(id), "duplicate step id %s "
			    "(first at line %u)", rd_q(q, sizeof(q), t),
			    c->s->r->steps[j].pos.line);
			continue;
		}
		c->ids[i] = c->s->r->steps[i].id;
	}
}

/* Second pass, the kind: run or manual (the first one written). */
static void
step_kind(stepctx *c, const ry_node *n, ik_recipe_step *st)
{
	const ry_node *run, *man, *rk, *mk;
	char q[RD_QSZ];

	run = rs_get(c->s, n, "run", &rk);
	man = rs_get(c->s, n, "manual", &mk);
	st->kind = IK_STEP_RUN;
	if (run != NULL && man != NULL) {
		const ry_node *later = rk->line > mk->line ||
		    (rk->line == mk->line && rk->col > mk->col) ? rk : mk;

		rd_add(c->s->diags, ry_pos(later), "a step is run: or manual:, "
		    "not both");
		st->kind = later == rk ? IK_STEP_MANUAL : IK_STEP_RUN;
	} else if (man != NULL)
		st->kind = IK_STEP_MANUAL;
	else if (run == NULL) {
		if (st->id != NULL)
			rd_add(c->s->diags, ry_pos(n), "step %s needs run: JOB "
			    "or manual: TEXT", rd_q(q, sizeof(q), st->id));
		else
			rd_add(c->s->diags, ry_pos(n), "a step needs run: JOB "
			    "or manual: TEXT");
	}
	/* The paste decides whether later steps may use a result. */
	if ((man = rs_get(c->s, n, "paste", NULL)) != NULL &&
	    man->kind == RY_SCALAR) {
		size_t i;

		for (i = 0; i < 3; i++)
			if (strcmp(ry_str(c->s->d, man), paste_names[i]) == 0)
				st->paste =
				    (ik_recipe_paste)(IK_PASTE_SHOW_ITL + i);
	}
}

static void
step_run(stepctx *c, const ry_node *n, ik_recipe_step *st)
{
	const ry_node *run, *with, *wk = NULL;
	const char *names[64], *t;
	char m[RD_MSGSZ];
	size_t i;

	run = rs_get(c->s, n, "run", NULL);
	with = rs_get(c->s, n, "with", &wk);
	if (run == NULL || (t = rs_text(c->s, run, "run")) == NULL)
		return;
	st->job = find_job(c->s, t);
	if (st->job == NULL) {
		for (i = 0; i < c->s->njobs && i < 64; i++)
			names[i] = c->s->jobs[i] != NULL ? c->s->jobs[i]->name :
			    NULL;
		rd_add(c->s->diags, ry_pos(run), "%s", rd_unknown(m, sizeof(m),
		    "job", t, "", names, i, NULL));
		return;
	}
	with_args(c, st, wk, with, run);
}

static void
step_manual(stepctx *c, const ry_node *n, ik_recipe_step *st)
{
	const ry_node *v;
	char m[RD_MSGSZ];
	const char *near, *t;

	if ((v = rs_get(c->s, n, "manual", NULL)) != NULL)
		text_field(c, v, "manual", USE_MANUAL, &st->manual);
	if ((v = rs_get(c->s, n, "cli", NULL)) != NULL)
		text_field(c, v, "cli", USE_CLI, &st->cli);
	if ((v = rs_get(c->s, n, "confirm", NULL)) != NULL)
		text_field(c, v, "confirm", USE_CONFIRM, &st->confirm);
	if ((v = rs_get(c->s, n, "paste", NULL)) != NULL &&
	    (t = rs_text(c->s, v, "paste")) != NULL &&
	    st->paste == IK_PASTE_NONE) {
		rd_unknown(m, sizeof(m), "paste parser", t, "", paste_names, 3,
		    &near);
		rd_add(c->s->diags, ry_pos(v), "%s%s", m, near != NULL ? "" :
		    ": expected show-itl, drs-status or text");
	}
}

/* Keys of the other kind of step. */
static void
step_misplaced(stepctx *c, const ry_node *n, const ik_recipe_step *st)
{
	static const char *const manual_only[] = { "cli", "confirm", "paste" };
	const ry_node *k;
	size_t i;

	if (rs_get(c->s, n, "run", NULL) != NULL &&
	    rs_get(c->s, n, "manual", NULL) != NULL)
		return;
	if (st->kind == IK_STEP_MANUAL &&
	    rs_get(c->s, n, "with", &k) != NULL)
		rd_add(c->s->diags, ry_pos(k), "\"with\" belongs to a run "
		    "step, not a manual step");
	if (st->kind != IK_STEP_RUN || rs_get(c->s, n, "run", NULL) == NULL)
		return;
	for (i = 0; i < 3; i++)
		if (rs_get(c->s, n, manual_only[i], &k) != NULL)
			rd_add(c->s->diags, ry_pos(k), "\"%s\" belongs to a "
			    "manual step, not a run step", manual_only[i]);
}

static void
step_common(stepctx *c, const ry_node *n, ik_recipe_step *st)
{
	const ry_node *v;
	char q[RD_QSZ];
	const char *t;
	uint32_t i;

	if ((v = rs_get(c->s, n, "when", NULL)) != NULL) {
		st->when = calloc(1, sizeof(*st->when));
		if (st->when == NULL) {
			c->s->oom = true;
			return;
		}
		cond(c, v, "when", USE_WHEN, st->when);
	}
	if ((v = rs_get(c->s, n, "expect", NULL)) != NULL) {
		if (v->kind != RY_SEQ)
			rd_add(c->s->diags, ry_pos(v), "expect: expected a "
			    "list of conditions, not %s", rs_desc(c->s, v, q,
			    sizeof(q)));
		else {
			st->expect = calloc(v->nkids + 1, sizeof(*st->expect));
			if (st->expect == NULL) {
				c->s->oom = true;
				return;
			}
			for (i = 0; i < v->nkids && !c->s->oom; i++)
				cond(c, ry_kid(c->s->d, v, i), "expect",
				    USE_EXPECT, &st->expect[st->nexpect++]);
		}
	}
	if ((v = rs_get(c->s, n, "on_fail", NULL)) != NULL &&
	    (t = rs_text(c->s, v, "on_fail")) != NULL) {
		if (strcmp(t, "continue") == 0)
			st->on_fail_continue = true;
		else if (strcmp(t, "stop") != 0)
			rd_add(c->s->diags, ry_pos(v), "on_fail: expected stop "
			    "or continue, not %s", rd_q(q, sizeof(q), t));
	}
	if ((v = rs_get(c->s, n, "advice", NULL)) != NULL)
		text_field(c, v, "advice", USE_ADVICE, &st->advice);
}

static void
step(stepctx *c, const ry_node *n, ik_recipe_step *st)
{
	char q[RD_QSZ];

	if (n->kind != RY_MAP) {
		rd_add(c->s->diags, ry_pos(n), "a step is a mapping (id, run "
		    "or manual, ...), not %s", rs_desc(c->s, n, q, sizeof(q)));
		return;
	}
	rs_keys(c->s, n, step_keys, NSTEP_KEYS, " in a step");
	if (rs_get(c->s, n, "run", NULL) != NULL)
		step_run(c, n, st);
	if (rs_get(c->s, n, "manual", NULL) != NULL)
		step_manual(c, n, st);
	step_misplaced(c, n, st);
	step_common(c, n, st);
}

void
rs_steps(rs_schema *s, const ry_node *steps)
{
	ik_recipe *r = s->r;
	stepctx c;
	char q[RD_QSZ];
	size_t i;

	if (steps->kind != RY_SEQ || steps->nkids == 0) {
		rd_add(s->diags, ry_pos(steps), "steps: expected a list of "
		    "steps, not %s", steps->kind == RY_SEQ ? "an empty list" :
		    rs_desc(s, steps, q, sizeof(q)));
		return;
	}
	memset(&c, 0, sizeof(c));
	c.s = s;
	c.nsteps = steps->nkids;
	r->steps = calloc(c.nsteps, sizeof(*r->steps));
	c.ids = calloc(c.nsteps, sizeof(*c.ids));
	if (r->steps == NULL || c.ids == NULL) {
		free(c.ids);
		s->oom = true;
		return;
	}
	r->nsteps = c.nsteps;
	for (i = 0; i < c.nsteps; i++)
		r->steps[i].pos = ry_pos(ry_kid(s->d, steps, (uint32_t)i));
	step_ids(&c, steps);
	/* Kinds and pastes first: a reference to any earlier step needs
	 * them. */
	for (i = 0; i < c.nsteps; i++) {
		const ry_node *n = ry_kid(s->d, steps, (uint32_t)i);

		if (n->kind == RY_MAP)
			step_kind(&c, n, &r->steps[i]);
	}
	for (i = 0; i < c.nsteps && !s->oom; i++) {
		c.cur = i;
		step(&c, ry_kid(s->d, steps, (uint32_t)i), &r->steps[i]);
	}
	free(c.ids);
}
