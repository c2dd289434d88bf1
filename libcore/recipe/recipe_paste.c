/*
 * recipe_paste.c: what an operator pastes back, turned into a step's
 * result.  Layer: recipe.
 */
#include <stdlib.h>
#include <string.h>

#include "ik_recipe.h"

static size_t
count_lines(const uint8_t *p, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		if (p[i] == '\n')
			n++;
	if (len > 0 && p[len - 1] != '\n')
		n++;
	return n;
}

ik_status
ik_recipe_paste_parse(ik_recipe_paste kind, const uint8_t *text, size_t len,
    json_t **out, ik_error *err)
{
	json_t *o, *t;

	*out = NULL;
	if (kind != IK_PASTE_TEXT)
		return ik_error_set(err, IK_FAILED, IK_ERR_UNSUPPORTED,
		    "the %s paste parser is not built yet",
		    ik_recipe_paste_name(kind));
	if (memchr(text, '\0', len) != NULL ||
	    (t = json_stringn((const char *)text, len)) == NULL)
		return ik_error_set(err, IK_FAILED, IK_ERR_FORMAT,
		    "the paste is not UTF-8 text");
	o = json_pack("{s:o,s:I}", "text", t,
	    "lines", (json_int_t)count_lines(text, len));
	if (o == NULL)
		return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
		    "out of memory");
	*out = o;
	return IK_OK;
}
