/*
 * analysis_args.c: the "[NODE=]FILE" inputs of itl-diff, itl-trust and
 * itl-phones (and the recipe steps that call the same analyses), and
 * the printable form of names quoted in their messages.
 * Layer: base.
 */
#include <string.h>

#include "ik_base.h"

const char *
ik_split_node_arg(const char *arg, size_t *name_len)
{
	const char *eq = strchr(arg, '=');

	*name_len = 0;
	if (eq == NULL || eq == arg ||
	    memchr(arg, '/', (size_t)(eq - arg)) != NULL)
		return arg;
	*name_len = (size_t)(eq - arg);
	return eq + 1;
}

void
ik_printable(char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f)
			*s = '?';
}
