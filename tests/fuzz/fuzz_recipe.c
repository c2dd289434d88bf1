/*
 * fuzz_recipe.c: the recipe loader and validator on arbitrary bytes (the
 * strict YAML subset, the schema, references, conditions), against the
 * real job table plus one job with every argument type and described
 * result fields; a recipe that loads has its arguments and texts filled
 * in from a fixed scope, its conditions evaluated and the same bytes read
 * as its vars file, and every error list is rendered with its source
 * lines.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ik_recipe.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
nothing(const json_t *args, const ik_job_ctx *ctx, ik_job_result *res)
{
	(void)args;
	(void)ctx;
	(void)res;
}

static const ik_arg_spec all_args[] = {
	{ "input", IK_ARG_STRING, true, 0, 0, NULL },
	{ "inputs", IK_ARG_STRINGS, false, 0, 0, NULL },
	{ "flag", IK_ARG_BOOL, false, 0, 0, NULL },
	{ "n", IK_ARG_INT, false, 0, 100, NULL },
	{ "at", IK_ARG_TIME, false, 0, 0, NULL },
	{ "options", IK_ARG_OBJECT, false, 0, 0, NULL },
	{ NULL, IK_ARG_STRING, false, 0, 0, NULL }
};

static const ik_result_field all_results[] = {
	{ "status", IK_FIELD_STRING, NULL },
	{ "count", IK_FIELD_INT, NULL },
	{ "ok", IK_FIELD_BOOL, NULL },
	{ "signer.serial", IK_FIELD_STRING, NULL },
	{ "nodes", IK_FIELD_ARRAY, NULL },
	{ "nodes[].name", IK_FIELD_STRING, NULL },
	{ "extra", IK_FIELD_ANY, NULL },
	{ NULL, IK_FIELD_ANY, NULL }
};

static const ik_job fuzz_job = { "fuzz.job", "fuzz", all_args, nothing,
    all_results };

static const char scope_text[] =
    "{\"inputs\": {\"itl\": [\"a\", \"b\"], \"p12\": \"k.p12\", \"host\": "
    "\"pub\", \"n\": 3, \"flag\": true, \"pw\": \"pw.txt\"}, \"steps\": "
    "{\"a\": {\"status\": \"ok\", \"count\": 2, \"ok\": true, \"signer\": "
    "{\"serial\": \"61:40\"}, \"nodes\": [{\"name\": \"x\"}]}}}";

static void
exercise(const ik_recipe *r, json_t *scope)
{
	ik_recipe_diag d;
	ik_error err;
	json_t *args;
	size_t i, j;
	bool ok;
	ik_sb sb;

	ik_sb_init(&sb);
	for (i = 0; i < r->nsteps; i++) {
		const ik_recipe_step *s = &r->steps[i];

		ik_error_clear(&err);
		args = NULL;
		ik_recipe_step_args(s, ik_recipe_resolve_json, scope, true,
		    &args, &err);
		json_decref(args);
		ik_recipe_text_expand(&s->manual, ik_recipe_resolve_json, scope,
		    true, &sb, &err);
		ik_recipe_text_expand(&s->cli, ik_recipe_resolve_json, scope,
		    false, &sb, &err);
		ik_recipe_text_expand(&s->advice, ik_recipe_resolve_json, scope,
		    false, &sb, &err);
		if (s->when != NULL)
			ik_recipe_expr_eval(s->when->expr,
			    ik_recipe_resolve_json, scope, &ok, &d);
		for (j = 0; j < s->nexpect; j++)
			ik_recipe_expr_eval(s->expect[j].expr,
			    ik_recipe_resolve_json, scope, &ok, &d);
	}
	for (i = 0; i < r->ninputs; i++) {
		json_t *v = NULL;

		ik_recipe_input_value(&r->inputs[i], "pub-1", &v, &err);
		json_decref(v);
	}
	ik_sb_free(&sb);
}

/* The same bytes as a vars file for the recipe they made. */
static void
as_vars(const ik_recipe *r, const uint8_t *data, size_t size)
{
	ik_recipe_diags diags;
	json_t *given = NULL, *in = NULL;
	ik_error err;

	ik_recipe_diags_init(&diags);
	ik_error_clear(&err);
	if (ik_recipe_vars_load(r, data, size, &given, &diags) == IK_OK)
		ik_recipe_inputs(r, given, &in, &err);
	json_decref(in);
	json_decref(given);
	ik_recipe_diags_free(&diags);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const ik_job *jobs[2];
	ik_recipe_diags diags;
	ik_recipe *r = NULL;
	json_t *scope;
	ik_sb sb;

	jobs[0] = ik_job_find("itl.show");
	jobs[1] = &fuzz_job;
	ik_recipe_diags_init(&diags);
	if (ik_recipe_load(data, size, jobs, 2, &r, &diags) == IK_OK) {
		scope = json_loads(scope_text, 0, NULL);
		if (scope != NULL)
			exercise(r, scope);
		as_vars(r, data, size);
		json_decref(scope);
		ik_recipe_free(r);
	}
	ik_sb_init(&sb);
	ik_recipe_diags_render(&sb, &diags, "fuzz.yaml", data, size);
	ik_sb_free(&sb);
	ik_recipe_diags_free(&diags);
	return 0;
}
