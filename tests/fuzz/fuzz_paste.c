/*
 * fuzz_paste.c: the paste parsers of recipes on arbitrary text, the last
 * byte choosing which (even: show-itl, the dump parser with verification,
 * lint, the JSON result and its records digest; odd: drs-status, `utils
 * disaster_recovery status` as pasted: lines, fields, component lines and
 * the verdict).  A result must be a JSON object that dumps; a refusal must
 * say why.
 */
#include <stdint.h>
#include <stdlib.h>

#include "ik_recipe.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ik_recipe_paste kind;
	json_t *o = NULL;
	ik_error err;
	char *s;

	if (size == 0)
		return 0;
	kind = data[size - 1] % 2 == 0 ? IK_PASTE_SHOW_ITL :
	    IK_PASTE_DRS_STATUS;
	ik_error_clear(&err);
	if (ik_recipe_paste_parse(kind, data, size - 1, &o, &err) == IK_OK) {
		if (!json_is_object(o) || (s = json_dumps(o, 0)) == NULL)
			abort();
		free(s);
	} else if (o != NULL || err.msg[0] == '\0')
		abort();
	json_decref(o);
	return 0;
}
