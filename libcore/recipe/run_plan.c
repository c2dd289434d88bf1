/*
 * run_plan.c: layer recipe.  What the runner shows without running: the
 * plan of a dry run, the report of an invalid recipe, the text of a
 * finished run's report, and the listings of jobs and recipes a recipe
 * author reads.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run_private.h"

/* A text of the recipe with placeholders for results not known yet. */
static void
plan_text(ik_sb *out, const char *label, const ik_recipe_text *t,
    json_t *scope)
{
	ik_sb sb;
	ik_error err;

	if (t->n == 0)
		return;
	ik_sb_init(&sb);
	ik_error_clear(&err);
	ik_sb_puts(out, label);
	if (ik_recipe_text_expand(t, ik_recipe_resolve_json, scope, true, &sb,
	    &err) == IK_LOOKUP_FOUND)
		ik_sb_add_safe(out, (const uint8_t *)(sb.s != NULL ? sb.s : ""),
		    sb.len);
	else
		ik_sb_printf(out, "(%s)", err.msg);
	ik_sb_puts(out, "\n");
	ik_sb_free(&sb);
}

static void
plan_step(ik_sb *out, const ik_recipe *r, size_t i, json_t *scope)
{
	const ik_recipe_step *s = &r->steps[i];
	json_t *args = NULL;
	ik_error err;
	char *j;
	size_t k;

	ik_sb_printf(out, "%zu. %s: ", i + 1, s->id);
	if (s->kind == IK_STEP_RUN) {
		ik_sb_printf(out, "run %s\n", s->job->name);
		ik_error_clear(&err);
		if (ik_recipe_step_args(s, ik_recipe_resolve_json, scope, true,
		    &args, &err) == IK_LOOKUP_FOUND) {
			j = json_dumps(args, JSON_COMPACT | JSON_PRESERVE_ORDER);
			ik_sb_puts(out, "   with: ");
			ik_sb_puts_safe(out, j, "{}");
			ik_sb_puts(out, "\n");
			free(j);
		} else
			ik_sb_printf(out, "   with: (%s)\n", err.msg);
		json_decref(args);
	} else {
		ik_sb_puts(out, "manual\n");
		plan_text(out, "   ", &s->manual, scope);
		plan_text(out, "   CUCM command: ", &s->cli, scope);
		plan_text(out, "   confirm by typing: ", &s->confirm, scope);
		if (s->paste != IK_PASTE_NONE)
			ik_sb_printf(out, "   paste: %s\n",
			    ik_recipe_paste_name(s->paste));
	}
	if (s->when != NULL) {
		ik_sb_puts(out, "   when: ");
		ik_sb_puts_safe(out, s->when->text, "");
		ik_sb_puts(out, "\n");
	}
	for (k = 0; k < s->nexpect; k++) {
		ik_sb_puts(out, "   expect: ");
		ik_sb_puts_safe(out, s->expect[k].text, "");
		ik_sb_puts(out, "\n");
	}
	plan_text(out, "   advice: ", &s->advice, scope);
	if (s->on_fail_continue)
		ik_sb_puts(out, "   on_fail: continue\n");
}

ik_status
ik_run_plan(const ik_recipe *r, const ik_run_opts *o, ik_sb *out,
    ik_error *err)
{
	json_t *scope;
	size_t i;

	if ((scope = ru_scope_new(r, o->given, err)) == NULL)
		return IK_FATAL;
	ik_sb_printf(out, "recipe %s (version %lld): %zu steps\n", r->name,
	    r->version, r->nsteps);
	for (i = 0; i < r->nsteps; i++)
		plan_step(out, r, i, scope);
	json_decref(scope);
	return IK_OK;
}

json_t *
ik_run_invalid(const char *recipe, const uint8_t sha256[32],
    const ik_recipe_diags *d)
{
	json_t *o, *errors;
	char sha[65];
	size_t i;

	errors = json_array();
	for (i = 0; errors != NULL && i < d->n; i++)
		json_array_append_new(errors, json_pack("{s:i,s:i,s:s}",
		    "line", (int)d->v[i].pos.line,
		    "column", (int)d->v[i].pos.col, "message", d->v[i].msg));
	if (sha256 != NULL)
		ik_hex(sha256, 32, sha);
	o = json_pack("{s:s?,s:s?,s:s,s:[],s:o}", "recipe", recipe,
	    "recipe_sha256", sha256 != NULL ? sha : NULL, "status", "invalid",
	    "steps", "errors", errors);
	return o;
}

int
ik_run_status_tone(const char *status)
{
	static const struct {
		const char *status;
		int tone;
	} tones[] = {
		{ "complete", -1 }, { "ok", -1 }, { "valid", -1 },
		{ "incomplete", IK_SEV_WARNING }, { "pending", IK_SEV_WARNING },
		{ "blocked", IK_SEV_WARNING }, { "skipped", IK_SEV_INFO }
	};
	size_t i;

	for (i = 0; status != NULL && i < sizeof(tones) / sizeof(tones[0]);
	    i++)
		if (strcmp(status, tones[i].status) == 0)
			return tones[i].tone;
	return IK_SEV_ERROR;	/* failed, invalid */
}

/* A status in its colour, padded to width outside the colour. */
static void
status_words(ik_sb *out, const ik_text_opts *t, const char *status,
    int width)
{
	const char *s = status != NULL ? status : "(null)";
	int n = (int)strlen(s);

	ik_text_tone(out, t, ik_run_status_tone(status), s);
	if (n < width)
		ik_sb_printf(out, "%*s", width - n, "");
}

void
ik_run_render(const json_t *report, const ik_text_opts *t, ik_sb *out)
{
	const json_t *st;
	const char *reason, *job;
	size_t i;

	ik_sb_puts_safe(out, json_string_value(json_object_get(report,
	    "recipe")), "-");
	ik_sb_puts(out, ": ");
	status_words(out, t, json_string_value(json_object_get(report,
	    "status")), 0);
	ik_sb_puts(out, "\n");
	json_array_foreach(json_object_get(report, "steps"), i, st) {
		job = json_string_value(json_object_get(st, "job"));
		reason = json_string_value(json_object_get(st, "reason"));
		ik_sb_puts(out, "  ");
		status_words(out, t, json_string_value(json_object_get(st,
		    "status")), 8);
		ik_sb_printf(out, " %s (%s)%s", json_string_value(
		    json_object_get(st, "id")), job != NULL ? job : "manual",
		    json_is_true(json_object_get(st, "reused")) ?
		    " reused" : "");
		if (reason != NULL) {
			ik_sb_puts(out, ": ");
			ik_sb_puts_safe(out, reason, "");
		}
		ik_sb_puts(out, "\n");
	}
}

/* ---- listings ------------------------------------------------------------- */

static const char *
arg_type(ik_arg_type t)
{
	switch (t) {
	case IK_ARG_STRING: return "string";
	case IK_ARG_BOOL: return "bool";
	case IK_ARG_INT: return "int";
	case IK_ARG_TIME: return "time";
	case IK_ARG_STRINGS: return "strings";
	case IK_ARG_OBJECT: return "object";
	case IK_ARG_SECRET_FILE:
	case IK_ARG_SECRET_FILE2: return "secret-file";
	}
	return "?";
}

static const char *
field_type(ik_field_type t)
{
	switch (t) {
	case IK_FIELD_ANY: return "any";
	case IK_FIELD_STRING: return "string";
	case IK_FIELD_BOOL: return "bool";
	case IK_FIELD_INT: return "int";
	case IK_FIELD_ARRAY: return "list";
	case IK_FIELD_OBJECT: return "object";
	}
	return "?";
}

void
ik_run_list_jobs(const ik_job *const *jobs, size_t njobs, ik_sb *out)
{
	const ik_result_field *f;
	const ik_arg_spec *a;
	size_t i;

	if (jobs == NULL)
		jobs = ik_jobs(&njobs);
	for (i = 0; i < njobs; i++) {
		ik_sb_printf(out, "%s%s: %s\n  arguments:\n", i > 0 ? "\n" : "",
		    jobs[i]->name, jobs[i]->summary);
		for (a = jobs[i]->args; a->name != NULL; a++) {
			ik_sb_printf(out, "    %s (%s%s", a->name,
			    arg_type(a->type), a->required ? ", required" : "");
			if (a->type == IK_ARG_INT)
				ik_sb_printf(out, ", %lld..%lld", a->min,
				    a->max);
			ik_sb_printf(out, ")%s%s\n", a->help != NULL ? ": " : "",
			    a->help != NULL ? a->help : "");
		}
		if (jobs[i]->results == NULL) {
			ik_sb_puts(out, "  result fields: not described\n");
			continue;
		}
		ik_sb_puts(out, "  result fields:\n");
		for (f = jobs[i]->results; f->path != NULL; f++)
			ik_sb_printf(out, "    %s (%s)%s%s\n", f->path,
			    field_type(f->type), f->help != NULL ? ": " : "",
			    f->help != NULL ? f->help : "");
	}
}

void
ik_run_list_recipe(const ik_recipe *r, ik_sb *out)
{
	const ik_recipe_input *in;
	char *d;
	size_t i;

	ik_sb_printf(out, "%s: ", r->name);
	ik_sb_puts_safe(out, r->description, "(no description)");
	ik_sb_puts(out, "\n");
	for (i = 0; i < r->ninputs; i++) {
		in = &r->inputs[i];
		ik_sb_printf(out, "  %s (%s", in->name,
		    ik_recipe_type_name(in->type));
		if (in->required)
			ik_sb_puts(out, ", required");
		if (in->def != NULL) {
			d = json_dumps(in->def, JSON_COMPACT | JSON_ENCODE_ANY);
			ik_sb_puts(out, ", default ");
			ik_sb_puts_safe(out, d, "?");
			free(d);
		}
		ik_sb_puts(out, ")");
		if (in->description != NULL) {
			ik_sb_puts(out, ": ");
			ik_sb_puts_safe(out, in->description, "");
		}
		ik_sb_puts(out, "\n");
	}
}
