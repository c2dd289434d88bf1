/*
 * codes.c: names, severities and meanings of the finding codes listed in
 * ik_codes.h (base layer).
 * Layer: base.
 */
#include <string.h>

#include "ik_codes.h"

static const struct {
	const char *name;
	const char *meaning;
	unsigned sevs;
} codes[IKF_COUNT] = {
#define IK_CODE_ROW(name, sevs, meaning) { #name, meaning, IK_SEVS_##sevs },
	IK_CODES(IK_CODE_ROW)
#undef IK_CODE_ROW
};

const char *
ik_code_name(ik_code c)
{
	return (unsigned)c < IKF_COUNT ? codes[c].name : NULL;
}

const char *
ik_code_meaning(ik_code c)
{
	return (unsigned)c < IKF_COUNT ? codes[c].meaning : NULL;
}

unsigned
ik_code_severities(ik_code c)
{
	return (unsigned)c < IKF_COUNT ? codes[c].sevs : 0;
}

ik_code
ik_code_from_name(const char *name)
{
	size_t i;

	for (i = 0; name != NULL && i < IKF_COUNT; i++)
		if (strcmp(codes[i].name, name) == 0)
			return (ik_code)i;
	return IKF_COUNT;
}
