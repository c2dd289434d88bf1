/*
 * itl_names.c: names of functions, kinds and states; distinguished names
 * compared as sets of attributes.
 * Layer: itl.
 */
#include <ctype.h>
#include <stdlib.h>
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

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Splits "A=1;B=2" or "A=1,B=2" into trimmed attribute strings, sorted.
 * The separator is ';' when the name has one (CUCM style, where values
 * may hold commas), else ','.  0 when the name does not fit.
 */
static size_t
name_parts(const char *s, char **parts, size_t max, char *store,
    size_t storelen)
{
	char sep = strchr(s, ';') != NULL ? ';' : ',';
	size_t n = 0, used = 0, plen;
	const char *p = s, *e;

	while (*p != '\0') {
		if (n == max)
			return 0;
		e = strchr(p, sep);
		if (e == NULL)
			e = p + strlen(p);
		while (p < e && isspace((unsigned char)*p))
			p++;
		plen = (size_t)(e - p);
		while (plen > 0 && isspace((unsigned char)p[plen - 1]))
			plen--;
		if (used + plen + 1 > storelen)
			return 0;
		memcpy(store + used, p, plen);
		store[used + plen] = '\0';
		parts[n++] = store + used;
		used += plen + 1;
		p = *e ? e + 1 : e;
	}
	qsort(parts, n, sizeof(parts[0]), cmp_str);
	return n;
}

bool
ik_itl_names_equal(const char *a, const char *b)
{
	char *pa[32], *pb[32], sa[2048], sb[2048];
	size_t na, nb, i;

	if (a == NULL || b == NULL)
		return a == b;
	if (strcmp(a, b) == 0)
		return true;
	na = name_parts(a, pa, 32, sa, sizeof(sa));
	nb = name_parts(b, pb, 32, sb, sizeof(sb));
	if (na == 0 || na != nb)
		return false;
	for (i = 0; i < na; i++)
		if (strcmp(pa[i], pb[i]) != 0)
			return false;
	return true;
}
