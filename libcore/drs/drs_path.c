/*
 * drs_path.c: member paths of an inner archive are hostile.  These checks
 * are lexical, on the names alone, so that they hold whatever is already
 * on disk; extraction adds O_NOFOLLOW opens on top.
 * Layer: drs.
 */
#include <string.h>

#include "drs_private.h"

int
drs_path_clean(const char *in, bool rebase_abs, char *out, size_t outsz,
    const char **why)
{
	const char *p = in, *e;
	size_t n, len = 0;

	*why = NULL;
	if (*p == '/') {
		if (!rebase_abs) {
			*why = "absolute path";
			return -1;
		}
		while (*p == '/')
			p++;
	}
	while (*p != '\0') {
		e = strchr(p, '/');
		n = e ? (size_t)(e - p) : strlen(p);
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			*why = "'..' in path";
			return -1;
		}
		if (n > 0 && !(n == 1 && p[0] == '.')) {
			if (len + n + 2 > outsz) {
				*why = "path too long";
				return -1;
			}
			if (len > 0)
				out[len++] = '/';
			memcpy(out + len, p, n);
			len += n;
		}
		p += n;
		while (*p == '/')
			p++;
	}
	if (len == 0) {
		*why = "empty path";
		return -1;
	}
	out[len] = '\0';
	return 0;
}

bool
drs_link_escapes(const char *member, const char *target)
{
	const char *p = target, *e;
	long depth = 0;
	size_t n;

	if (target == NULL || *target == '/' || *target == '\0')
		return true;
	/* Start in the link's own directory: one level per '/' in member. */
	for (e = member; *e != '\0'; e++)
		if (*e == '/' && e[1] != '\0' && e[1] != '/')
			depth++;
	while (*p != '\0') {
		e = strchr(p, '/');
		n = e ? (size_t)(e - p) : strlen(p);
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			if (--depth < 0)
				return true;
		} else if (n > 0 && !(n == 1 && p[0] == '.')) {
			depth++;
		}
		p += n;
		while (*p == '/')
			p++;
	}
	return false;
}
