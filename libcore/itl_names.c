/*
 * itl_names.c: names of functions, kinds and states.
 */
#include <string.h>
#include <strings.h>

#include "ik_itl.h"

static const struct {
	int code;
	const char *role;
	const char *text;
} functions[] = {
	{ IK_FN_SAST, "sast", "System Administrator Security Token" },
	{ IK_FN_CCM, "ccm", "CCM" },
	{ IK_FN_CCM_TFTP, "ccm+tftp", "CCM+TFTP" },
	{ IK_FN_TFTP, "tftp", "TFTP" },
	{ IK_FN_CAPF, "capf", "CAPF" },
	{ IK_FN_APP_SERVER, "app-server", "APP-SERVER" },
	{ IK_FN_TVS, "tvs", "TVS" },
};

#define NFUNCTIONS (sizeof(functions) / sizeof(functions[0]))

const char *
ik_itl_function_text(int fn)
{
	size_t i;

	for (i = 0; i < NFUNCTIONS; i++)
		if (functions[i].code == fn)
			return functions[i].text;
	return NULL;
}

const char *
ik_itl_function_role(int fn)
{
	size_t i;

	for (i = 0; i < NFUNCTIONS; i++)
		if (functions[i].code == fn)
			return functions[i].role;
	return NULL;
}

int
ik_itl_function_from_role(const char *role)
{
	size_t i;

	for (i = 0; i < NFUNCTIONS; i++)
		if (strcasecmp(functions[i].role, role) == 0 ||
		    strcasecmp(functions[i].text, role) == 0)
			return functions[i].code;
	return -1;
}

bool
ik_itl_function_signs(int fn)
{
	return fn == IK_FN_SAST || fn == IK_FN_TFTP || fn == IK_FN_CCM_TFTP;
}

const char *
ik_sigstate_name(ik_sigstate s)
{
	switch (s) {
	case IK_SIG_NOT_CHECKED: return "not-checked";
	case IK_SIG_VALID: return "valid";
	case IK_SIG_INVALID: return "invalid";
	case IK_SIG_NO_SIGNER: return "no-signer";
	case IK_SIG_UNSUPPORTED: return "unsupported";
	case IK_SIG_UNVERIFIABLE: return "unverifiable";
	}
	return "unknown";
}

const char *
ik_itl_kind_name(ik_itl_kind k)
{
	switch (k) {
	case IK_KIND_ITL: return "ITL";
	case IK_KIND_CTL: return "CTL";
	case IK_KIND_UNKNOWN: return "unknown";
	}
	return "unknown";
}
