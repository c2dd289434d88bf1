/*
 * recipe_vars.c: layer recipe.  The values of a run's inputs: a vars file
 * read with the recipe's own strict YAML and converted to each input's
 * type, and the inputs object of a run (given values checked, defaults
 * added, required ones present).
 */
#include <stdlib.h>
#include <string.h>

#include "recipe_private.h"

ik_status
ik_recipe_vars_load(const ik_recipe *r, const uint8_t *buf, size_t len,
    json_t **out, ik_recipe_diags *diags)
{
	const char *names[256], *key;
	const ik_recipe_input *in;
	const ry_node *root, *k;
	char q[RD_QSZ], m[RD_MSGSZ];
	rs_schema s;
	ik_status st;
	json_t *v;
	ry_doc d;
	uint32_t j;
	size_t i;

	*out = NULL;
	st = rs_open(&s, &d, buf, len, diags);
	if (st != IK_OK)
		return st;
	for (i = 0; i < r->ninputs && i < 256; i++)
		names[i] = r->inputs[i].name;
	root = ry_node_at(&d, d.root);
	*out = json_object();
	if (*out == NULL)
		s.oom = true;
	else if (root->kind != RY_MAP)
		rd_add(diags, ry_pos(root), "a vars file is a mapping of input "
		    "names to values, not %s", rs_desc(&s, root, q, sizeof(q)));
	else
		for (j = 0; j + 1 < root->nkids && !s.oom; j += 2) {
			k = ry_kid(&d, root, j);
			key = ry_str(&d, k);
			in = ik_recipe_input_find(r, key);
			if (in == NULL) {
				rd_add(diags, ry_pos(k), "%s",
				    rd_unknown(m, sizeof(m), "input", key, "",
				    names, i, NULL));
				continue;
			}
			v = rs_typed(&s, in, ry_kid(&d, root, j + 1), in->name);
			if (v != NULL && json_object_set_new(*out, in->name, v))
				s.oom = true;
		}
	st = rs_close(&s, &d);
	if (st != IK_OK) {
		json_decref(*out);
		*out = NULL;
	}
	return st;
}

/* Is v of the input's type? */
static bool
typed_ok(const ik_recipe_input *in, const json_t *v)
{
	size_t i;

	switch (in->type) {
	case IK_RTYPE_BOOL:
		return json_is_boolean(v);
	case IK_RTYPE_INT:
		return json_is_integer(v);
	case IK_RTYPE_PATHS:
		if (!json_is_array(v))
			return false;
		for (i = 0; i < json_array_size(v); i++)
			if (!json_is_string(json_array_get(v, i)))
				return false;
		return true;
	default:
		return json_is_string(v) &&
		    ik_recipe_input_matches(in, json_string_value(v));
	}
}

ik_status
ik_recipe_inputs(const ik_recipe *r, const json_t *given, json_t **out,
    ik_error *err)
{
	const char *names[256], *key;
	const ik_recipe_input *in;
	char m[RD_MSGSZ];
	json_t *o, *v;
	size_t i;

	*out = NULL;
	for (i = 0; i < r->ninputs && i < 256; i++)
		names[i] = r->inputs[i].name;
	json_object_foreach((json_t *)given, key, v) {
		if (ik_recipe_input_find(r, key) != NULL)
			continue;
		return ik_error_set(err, IK_FAILED, IK_ERR_USAGE, "%s",
		    rd_unknown(m, sizeof(m), "input", key, "", names, i, NULL));
	}
	o = json_object();
	if (o == NULL)
		return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
		    "out of memory");
	for (i = 0; i < r->ninputs; i++) {
		in = &r->inputs[i];
		v = json_object_get(given, in->name);
		if (v == NULL)
			v = in->def;
		if (v == NULL && in->required) {
			json_decref(o);
			return ik_error_set(err, IK_FAILED, IK_ERR_USAGE,
			    "input \"%s\" is required%s%s%s", in->name,
			    in->description != NULL ? " (" : "",
			    in->description != NULL ? in->description : "",
			    in->description != NULL ? ")" : "");
		}
		if (v == NULL)
			continue;
		/* The value is not echoed: it may be a secret's path. */
		if (!typed_ok(in, v)) {
			json_decref(o);
			return ik_error_set(err, IK_FAILED, IK_ERR_USAGE,
			    "input \"%s\": expected %s%s", in->name,
			    ik_recipe_type_name(in->type), in->re != NULL ?
			    " matching its pattern" : "");
		}
		if (json_object_set(o, in->name, v) != 0) {
			json_decref(o);
			return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
			    "out of memory");
		}
	}
	*out = o;
	return IK_OK;
}
