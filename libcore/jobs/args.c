/*
 * args.c: layer jobs.  A job's arguments: one JSON object checked against
 * the job's spec (types, ranges, required keys, unknown keys refused with
 * a did-you-mean), and typed getters and setters.
 */
#include <string.h>

#include "ik_jobs.h"

static const char *
type_name(ik_arg_type t)
{
	switch (t) {
	case IK_ARG_STRING: return "a string";
	case IK_ARG_BOOL: return "true or false";
	case IK_ARG_INT: return "an integer";
	case IK_ARG_TIME: return "an RFC 3339 time such as 2024-05-01T00:00:00Z";
	case IK_ARG_STRINGS: return "a string or a list of strings";
	case IK_ARG_OBJECT: return "an object";
	case IK_ARG_SECRET_FILE:
	case IK_ARG_SECRET_FILE2: return "a secret file";
	}
	return "?";
}

static const ik_arg_spec *
spec_find(const ik_arg_spec *spec, const char *name)
{
	for (; spec->name != NULL; spec++)
		if (strcmp(spec->name, name) == 0)
			return spec;
	return NULL;
}

static ik_status
unknown_key(const ik_arg_spec *spec, const char *key, ik_error *err)
{
	const char *names[64], *near;
	size_t n = 0;
	ik_sb sb;

	for (; spec->name != NULL && n < 64; spec++)
		names[n++] = spec->name;
	near = ik_closest(key, names, n);
	/* The key may come from a hostile recipe: shown printable. */
	ik_sb_init(&sb);
	ik_sb_puts_safe(&sb, key, "");
	ik_error_set(err, IK_FATAL, IK_ERR_USAGE,
	    "unknown argument \"%s\"%s%s%s", sb.s != NULL ? sb.s : "?",
	    near != NULL ? " (did you mean \"" : "", near != NULL ? near : "",
	    near != NULL ? "\"?)" : "");
	ik_sb_free(&sb);
	return IK_FATAL;
}

static bool
type_ok(const ik_arg_spec *s, const json_t *v, time_t *t)
{
	size_t i;
	json_t *e;

	switch (s->type) {
	case IK_ARG_STRING:
		return json_is_string(v);
	case IK_ARG_BOOL:
		return json_is_boolean(v);
	case IK_ARG_INT:
		return json_is_integer(v) &&
		    json_integer_value(v) >= s->min &&
		    json_integer_value(v) <= s->max;
	case IK_ARG_TIME:
		return json_is_string(v) &&
		    ik_time_parse(json_string_value(v), t) == 0;
	case IK_ARG_STRINGS:
		if (json_is_string(v))
			return true;
		if (!json_is_array(v))
			return false;
		json_array_foreach(v, i, e)
			if (!json_is_string(e))
				return false;
		return true;
	case IK_ARG_OBJECT:
		return json_is_object(v);
	case IK_ARG_SECRET_FILE:
	case IK_ARG_SECRET_FILE2:
		return false;
	}
	return false;
}

ik_status
ik_args_check(const json_t *args, const ik_arg_spec *spec, ik_error *err)
{
	const ik_arg_spec *s;
	const char *key;
	json_t *v;
	time_t t;

	if (!json_is_object(args))
		return ik_error_set(err, IK_FATAL, IK_ERR_USAGE,
		    "arguments must be an object of names and values");
	json_object_foreach((json_t *)args, key, v) {
		s = spec_find(spec, key);
		if (s == NULL)
			return unknown_key(spec, key, err);
		if (json_is_null(v) && !s->required)
			continue;
		if (s->type == IK_ARG_SECRET_FILE ||
		    s->type == IK_ARG_SECRET_FILE2)
			return ik_error_set(err, IK_FATAL, IK_ERR_USAGE,
			    "argument \"%s\" names a secret file: the caller "
			    "reads it, it is never passed on", s->name);
		if (!type_ok(s, v, &t)) {
			if (s->type == IK_ARG_INT && json_is_integer(v))
				return ik_error_set(err, IK_FATAL, IK_ERR_USAGE,
				    "argument \"%s\": %lld is out of range "
				    "%lld..%lld", s->name,
				    (long long)json_integer_value(v), s->min,
				    s->max);
			return ik_error_set(err, IK_FATAL, IK_ERR_USAGE,
			    "argument \"%s\": expected %s", s->name,
			    type_name(s->type));
		}
	}
	for (s = spec; s->name != NULL; s++) {
		v = json_object_get(args, s->name);
		if (s->required && (v == NULL || json_is_null(v)))
			return ik_error_set(err, IK_FATAL, IK_ERR_USAGE,
			    "argument \"%s\" is required (%s)", s->name,
			    s->help != NULL ? s->help : type_name(s->type));
		if (s->required && s->type == IK_ARG_STRINGS &&
		    ik_arg_count(args, s->name) == 0)
			return ik_error_set(err, IK_FATAL, IK_ERR_USAGE,
			    "argument \"%s\" needs at least one value (%s)",
			    s->name, s->help != NULL ? s->help :
			    type_name(s->type));
	}
	return IK_OK;
}

const char *
ik_arg_str(const json_t *args, const char *name, const char *def)
{
	json_t *v = json_object_get(args, name);

	return json_is_string(v) ? json_string_value(v) : def;
}

bool
ik_arg_bool(const json_t *args, const char *name, bool def)
{
	json_t *v = json_object_get(args, name);

	return json_is_boolean(v) ? json_is_true(v) : def;
}

long long
ik_arg_int(const json_t *args, const char *name, long long def)
{
	json_t *v = json_object_get(args, name);

	return json_is_integer(v) ? (long long)json_integer_value(v) : def;
}

time_t
ik_arg_time(const json_t *args, const char *name, time_t def)
{
	json_t *v = json_object_get(args, name);
	time_t t;

	if (json_is_string(v) && ik_time_parse(json_string_value(v), &t) == 0)
		return t;
	return def;
}

size_t
ik_arg_count(const json_t *args, const char *name)
{
	json_t *v = json_object_get(args, name);

	if (json_is_string(v))
		return 1;
	return json_is_array(v) ? json_array_size(v) : 0;
}

const char *
ik_arg_item(const json_t *args, const char *name, size_t i)
{
	json_t *v = json_object_get(args, name);

	if (json_is_string(v))
		return i == 0 ? json_string_value(v) : NULL;
	return json_string_value(json_array_get(v, i));
}

/*
 * Values from argv are taken as they are (a path need not be UTF-8); the
 * getters hand the same bytes back.
 */
int
ik_args_set_str(json_t *args, const char *name, const char *v)
{
	return json_object_set_new(args, name, json_string_nocheck(v));
}

int
ik_args_set_bool(json_t *args, const char *name, bool v)
{
	return json_object_set_new(args, name, json_boolean(v));
}

int
ik_args_set_int(json_t *args, const char *name, long long v)
{
	return json_object_set_new(args, name, json_integer(v));
}

int
ik_args_append_str(json_t *args, const char *name, const char *v)
{
	json_t *a = json_object_get(args, name);

	if (a == NULL) {
		a = json_array();
		if (a == NULL || json_object_set_new(args, name, a) != 0)
			return -1;
	}
	if (!json_is_array(a))
		return -1;
	return json_array_append_new(a, json_string_nocheck(v));
}
