/*
 * recipe_eval.c: layer recipe.  Conditions judged: statically when the
 * recipe is loaded (references checked, operand types where they are
 * known, a boolean at the top), and over JSON values when the runner
 * evaluates them.  Typed throughout: no truthy strings, "==" between a
 * string and a number is an error, not false.
 */
#include <stdio.h>
#include <string.h>

#include "recipe_private.h"

#define EQ_DEPTH 64		/* of JSON values compared */

const char *
rx_op_name(rx_op op)
{
	switch (op) {
	case RX_NOT: return "not";
	case RX_AND: return "and";
	case RX_OR: return "or";
	case RX_EQ: return "==";
	case RX_NE: return "!=";
	case RX_LT: return "<";
	case RX_LE: return "<=";
	case RX_GT: return ">";
	case RX_GE: return ">=";
	case RX_IN: return "in";
	case RX_CONTAINS: return "contains";
	default: return "?";
	}
}

const char *
rt_name(rt_type t)
{
	switch (t) {
	case RT_STRING: return "a string";
	case RT_NUMBER: return "a number";
	case RT_BOOL: return "a boolean";
	case RT_LIST: return "a list";
	case RT_OBJECT: return "an object";
	case RT_NULL: return "null";
	case RT_UNKNOWN: break;
	}
	return "a value";
}

static rt_type
type_of(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_STRING: return RT_STRING;
	case JSON_INTEGER:
	case JSON_REAL: return RT_NUMBER;
	case JSON_TRUE:
	case JSON_FALSE: return RT_BOOL;
	case JSON_ARRAY: return RT_LIST;
	case JSON_OBJECT: return RT_OBJECT;
	case JSON_NULL: return RT_NULL;
	}
	return RT_UNKNOWN;
}

/* ---- the typing rules, shared by both passes -------------------------- */

/*
 * Why op cannot take operands of types a and b (RT_UNKNOWN: not known
 * yet), written into msg; false when it can.  which: 0 the left operand
 * is the culprit, 1 the right one, 2 the operator.
 */
static bool
refuse(rx_op op, rt_type a, rt_type b, char *msg, size_t size, int *which)
{
	const char *o = rx_op_name(op);

	*which = 2;
	switch (op) {
	case RX_EQ:
	case RX_NE:
		if (a == RT_UNKNOWN || b == RT_UNKNOWN || a == RT_NULL ||
		    b == RT_NULL || a == b)
			return false;
		snprintf(msg, size, "\"%s\" compares %s with %s", o, rt_name(a),
		    rt_name(b));
		return true;
	case RX_LT:
	case RX_LE:
	case RX_GT:
	case RX_GE:
		if (a != RT_UNKNOWN && a != RT_NUMBER && a != RT_STRING) {
			*which = 0;
			snprintf(msg, size, "\"%s\" compares numbers or "
			    "strings, not %s", o, rt_name(a));
			return true;
		}
		if (b != RT_UNKNOWN && b != RT_NUMBER && b != RT_STRING) {
			*which = 1;
			snprintf(msg, size, "\"%s\" compares numbers or "
			    "strings, not %s", o, rt_name(b));
			return true;
		}
		if (a == RT_UNKNOWN || b == RT_UNKNOWN || a == b)
			return false;
		snprintf(msg, size, "\"%s\" compares %s with %s", o, rt_name(a),
		    rt_name(b));
		return true;
	case RX_IN:
		if (b == RT_UNKNOWN || b == RT_LIST)
			return false;
		*which = 1;
		snprintf(msg, size, "\"in\" needs a list on its right, not %s",
		    rt_name(b));
		return true;
	case RX_CONTAINS:
		if (a != RT_UNKNOWN && a != RT_LIST && a != RT_STRING) {
			*which = 0;
			snprintf(msg, size, "\"contains\" needs a list or a "
			    "string on its left, not %s", rt_name(a));
			return true;
		}
		if (a != RT_STRING || b == RT_UNKNOWN || b == RT_STRING)
			return false;
		*which = 1;
		snprintf(msg, size, "\"contains\" looks for a string in a "
		    "string, not %s", rt_name(b));
		return true;
	case RX_NOT:
	case RX_AND:
	case RX_OR:
		if (a == RT_UNKNOWN || a == RT_BOOL)
			return false;
		*which = 0;
		snprintf(msg, size, "\"%s\" needs %s, not %s", o,
		    op == RX_NOT ? "a boolean" : "a boolean on each side",
		    rt_name(a));
		return true;
	default:
		return false;
	}
}

static ik_recipe_pos
culprit(const ik_recipe_expr *e, int which)
{
	if (which < 2 && (size_t)which < e->n)
		return e->kids[which]->start;
	return e->pos;
}

/* ---- the static check ------------------------------------------------- */

typedef struct checker {
	rt_ref_check fn;
	void *arg;
	ik_recipe_diags *diags;
	bool bad;
} checker;

static rt_type
chk(checker *c, ik_recipe_expr *e)
{
	rt_type t[2] = { RT_UNKNOWN, RT_UNKNOWN }, k;
	char msg[256];
	int which;
	size_t i;

	switch (e->op) {
	case RX_LIT:
		return type_of(e->lit);
	case RX_REF:
		if (!c->fn(c->arg, e->ref, &k)) {
			c->bad = true;
			return RT_UNKNOWN;
		}
		return k;
	case RX_LIST:
		for (i = 0; i < e->n; i++)
			chk(c, e->kids[i]);
		return RT_LIST;
	case RX_NOT:
	case RX_AND:
	case RX_OR:
		for (i = 0; i < e->n; i++) {
			k = chk(c, e->kids[i]);
			if (refuse(e->op, k, RT_UNKNOWN, msg, sizeof(msg),
			    &which)) {
				rd_add(c->diags, e->kids[i]->start, "%s", msg);
				c->bad = true;
			}
		}
		return RT_BOOL;
	default:
		break;
	}
	for (i = 0; i < 2 && i < e->n; i++)
		t[i] = chk(c, e->kids[i]);
	if (refuse(e->op, t[0], t[1], msg, sizeof(msg), &which)) {
		rd_add(c->diags, culprit(e, which), "%s", msg);
		c->bad = true;
	}
	return RT_BOOL;
}

bool
rx_check(ik_recipe_expr *e, rt_ref_check fn, void *arg,
    ik_recipe_diags *diags)
{
	checker c = { fn, arg, diags, false };
	rt_type t;

	t = chk(&c, e);
	if (t != RT_UNKNOWN && t != RT_BOOL) {
		rd_add(diags, e->start, "a condition must give a boolean, not "
		    "%s", rt_name(t));
		c.bad = true;
	}
	return !c.bad;
}

/* ---- evaluation ------------------------------------------------------- */

typedef struct evaluator {
	ik_recipe_resolver fn;
	void *arg;
	ik_recipe_diag *err;
	ik_recipe_lookup st;
} evaluator;

static json_t *
ev_fail(evaluator *c, ik_recipe_lookup st, ik_recipe_pos pos,
    const char *msg)
{
	if (c->st == IK_LOOKUP_FOUND) {
		c->st = st;
		c->err->pos = pos;
		snprintf(c->err->msg, sizeof(c->err->msg), "%s", msg);
	}
	return NULL;
}

static bool
num_equal(const json_t *a, const json_t *b)
{
	if (json_is_integer(a) && json_is_integer(b))
		return json_integer_value(a) == json_integer_value(b);
	return json_number_value(a) == json_number_value(b);
}

/* Equal in type and value (numbers by value); other types: not equal. */
static bool
equal(const json_t *a, const json_t *b, int depth)
{
	const char *key;
	json_t *v;
	size_t i;

	if (depth > EQ_DEPTH || type_of(a) != type_of(b))
		return false;
	switch (json_typeof(a)) {
	case JSON_STRING:
		return json_string_length(a) == json_string_length(b) &&
		    memcmp(json_string_value(a), json_string_value(b),
		    json_string_length(a)) == 0;
	case JSON_INTEGER:
	case JSON_REAL:
		return num_equal(a, b);
	case JSON_ARRAY:
		if (json_array_size(a) != json_array_size(b))
			return false;
		for (i = 0; i < json_array_size(a); i++)
			if (!equal(json_array_get(a, i), json_array_get(b, i),
			    depth + 1))
				return false;
		return true;
	case JSON_OBJECT:
		if (json_object_size(a) != json_object_size(b))
			return false;
		json_object_foreach((json_t *)a, key, v)
			if (json_object_get(b, key) == NULL ||
			    !equal(v, json_object_get(b, key), depth + 1))
				return false;
		return true;
	default:
		return json_typeof(a) == json_typeof(b);
	}
}

static int
order(const json_t *a, const json_t *b)
{
	size_t la, lb;
	double x, y;
	int c;

	if (json_is_string(a)) {
		la = json_string_length(a);
		lb = json_string_length(b);
		c = memcmp(json_string_value(a), json_string_value(b),
		    la < lb ? la : lb);
		return c != 0 ? c : (la > lb) - (la < lb);
	}
	if (json_is_integer(a) && json_is_integer(b))
		return (json_integer_value(a) > json_integer_value(b)) -
		    (json_integer_value(a) < json_integer_value(b));
	x = json_number_value(a);
	y = json_number_value(b);
	return (x > y) - (x < y);
}

static bool
member(const json_t *list, const json_t *v)
{
	size_t i;

	for (i = 0; i < json_array_size(list); i++)
		if (equal(json_array_get(list, i), v, 0))
			return true;
	return false;
}

static json_t *ev(evaluator *c, const ik_recipe_expr *e);

static json_t *
ev_ref(evaluator *c, const ik_recipe_expr *e)
{
	char msg[256], q[RD_QSZ];
	ik_recipe_lookup lk;
	json_t *v = NULL;
	ik_error err;

	ik_error_clear(&err);
	lk = c->fn(c->arg, e->ref, &v, &err);
	switch (lk) {
	case IK_LOOKUP_FOUND:
		if (v != NULL)
			return v;
		return ev_fail(c, IK_LOOKUP_ERROR, e->pos, "out of memory");
	case IK_LOOKUP_ABSENT:
		snprintf(msg, sizeof(msg), "${%s}: no value",
		    rd_p(q, sizeof(q), e->ref->text));
		break;
	case IK_LOOKUP_PENDING:
		snprintf(msg, sizeof(msg), "${%s}: not known yet",
		    rd_p(q, sizeof(q), e->ref->text));
		break;
	case IK_LOOKUP_ERROR:
		snprintf(msg, sizeof(msg), "${%s}: %.160s",
		    rd_p(q, sizeof(q), e->ref->text), err.msg);
		break;
	}
	json_decref(v);
	return ev_fail(c, lk, e->pos, msg);
}

/* not, and, or: booleans only, and and/or stop as soon as they know. */
static json_t *
ev_logic(evaluator *c, const ik_recipe_expr *e)
{
	char msg[256];
	int which;
	json_t *v;
	bool r;
	size_t i;

	r = e->op == RX_AND;
	for (i = 0; i < e->n; i++) {
		v = ev(c, e->kids[i]);
		if (v == NULL)
			return NULL;
		if (refuse(e->op, type_of(v), RT_UNKNOWN, msg, sizeof(msg),
		    &which)) {
			json_decref(v);
			return ev_fail(c, IK_LOOKUP_ERROR, e->kids[i]->start,
			    msg);
		}
		if (e->op == RX_NOT)
			r = !json_is_true(v);
		else if (json_is_true(v) == (e->op == RX_OR))
			r = e->op == RX_OR;
		json_decref(v);
		if (e->op != RX_NOT && r == (e->op == RX_OR))
			break;
	}
	return json_boolean(r);
}

static json_t *
ev_compare(evaluator *c, const ik_recipe_expr *e)
{
	json_t *a, *b;
	char msg[256];
	int which;
	bool r = false;

	a = ev(c, e->kids[0]);
	if (a == NULL)
		return NULL;
	b = ev(c, e->kids[1]);
	if (b == NULL) {
		json_decref(a);
		return NULL;
	}
	if (refuse(e->op, type_of(a), type_of(b), msg, sizeof(msg), &which)) {
		json_decref(a);
		json_decref(b);
		return ev_fail(c, IK_LOOKUP_ERROR, culprit(e, which), msg);
	}
	switch (e->op) {
	case RX_EQ: r = equal(a, b, 0); break;
	case RX_NE: r = !equal(a, b, 0); break;
	case RX_LT: r = order(a, b) < 0; break;
	case RX_LE: r = order(a, b) <= 0; break;
	case RX_GT: r = order(a, b) > 0; break;
	case RX_GE: r = order(a, b) >= 0; break;
	case RX_IN: r = member(b, a); break;
	case RX_CONTAINS:
		if (json_is_array(a))
			r = member(a, b);
		else
			r = memmem(json_string_value(a), json_string_length(a),
			    json_string_value(b),
			    json_string_length(b)) != NULL;
		break;
	default: break;
	}
	json_decref(a);
	json_decref(b);
	return json_boolean(r);
}

static json_t *
ev(evaluator *c, const ik_recipe_expr *e)
{
	json_t *v, *x;
	size_t i;

	switch (e->op) {
	case RX_LIT:
		return json_incref(e->lit);
	case RX_REF:
		return ev_ref(c, e);
	case RX_LIST:
		v = json_array();
		if (v == NULL)
			return ev_fail(c, IK_LOOKUP_ERROR, e->pos,
			    "out of memory");
		for (i = 0; i < e->n; i++) {
			x = ev(c, e->kids[i]);
			if (x == NULL || json_array_append_new(v, x) != 0) {
				json_decref(v);
				return ev_fail(c, IK_LOOKUP_ERROR, e->pos,
				    "out of memory");
			}
		}
		return v;
	case RX_NOT:
	case RX_AND:
	case RX_OR:
		return ev_logic(c, e);
	default:
		return ev_compare(c, e);
	}
}

ik_recipe_lookup
ik_recipe_expr_eval(const ik_recipe_expr *e, ik_recipe_resolver fn,
    void *arg, bool *result, ik_recipe_diag *err)
{
	evaluator c = { fn, arg, err, IK_LOOKUP_FOUND };
	char msg[256];
	json_t *v;

	memset(err, 0, sizeof(*err));
	*result = false;
	if (e == NULL) {
		snprintf(err->msg, sizeof(err->msg), "no condition");
		return IK_LOOKUP_ERROR;
	}
	v = ev(&c, e);
	if (v == NULL && c.st == IK_LOOKUP_FOUND)
		ev_fail(&c, IK_LOOKUP_ERROR, e->pos, "out of memory");
	if (v == NULL)
		return c.st;
	if (!json_is_boolean(v)) {
		snprintf(msg, sizeof(msg), "a condition must give a boolean, "
		    "not %s", rt_name(type_of(v)));
		json_decref(v);
		ev_fail(&c, IK_LOOKUP_ERROR, e->start, msg);
		return c.st;
	}
	*result = json_is_true(v);
	json_decref(v);
	return IK_LOOKUP_FOUND;
}
