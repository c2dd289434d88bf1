/*
 * fuzz_expr.c: the condition language of `when` and `expect` on arbitrary
 * text: the parser, and the evaluator over a fixed scope of values of
 * every JSON type (null, nested objects, lists, numbers, strings).
 */
#include <stdint.h>
#include <stdlib.h>

#include "ik_recipe.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char scope_text[] =
    "{\"inputs\": {\"n\": 3, \"s\": \"abc\", \"l\": [\"x\", \"y\"], \"b\": "
    "true, \"r\": 2.5}, \"steps\": {\"a\": {\"status\": \"ok\", \"count\": "
    "2, \"signer\": {\"serial\": \"61:40\"}, \"list\": [1, 2.5, \"3\", "
    "[4], {\"k\": null}], \"none\": null, \"flag\": false}}}";

static json_t *scope;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const ik_recipe_ref *refs[8];
	ik_recipe_expr *e = NULL;
	ik_recipe_diag d;
	bool ok;

	if (scope == NULL)
		scope = json_loads(scope_text, 0, NULL);
	if (ik_recipe_expr_parse((const char *)data, size, &e, &d) != IK_OK)
		return 0;
	ik_recipe_expr_refs(e, refs, 8);
	ik_recipe_expr_eval(e, ik_recipe_resolve_json, scope, &ok, &d);
	ik_recipe_expr_free(e);
	return 0;
}
