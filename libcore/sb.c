/*
 * sb.c: a growing string buffer.  An allocation failure is remembered in
 * sb->oom rather than returned from every append, so renderers stay short;
 * callers check it once at the end.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ik_base.h"

void
ik_sb_init(ik_sb *sb)
{
	sb->s = NULL;
	sb->len = sb->cap = 0;
	sb->oom = false;
}

void
ik_sb_free(ik_sb *sb)
{
	free(sb->s);
	ik_sb_init(sb);
}

void
ik_sb_reset(ik_sb *sb)
{
	sb->len = 0;
	if (sb->s != NULL)
		sb->s[0] = '\0';
}

static bool
sb_reserve(ik_sb *sb, size_t extra)
{
	size_t need, ncap;
	char *ns;

	if (sb->oom)
		return false;
	if (extra > SIZE_MAX / 2 - sb->len) {
		sb->oom = true;
		return false;
	}
	need = sb->len + extra + 1;
	if (need <= sb->cap)
		return true;
	ncap = sb->cap ? sb->cap : 256;
	while (ncap < need)
		ncap *= 2;
	ns = realloc(sb->s, ncap);
	if (ns == NULL) {
		sb->oom = true;
		return false;
	}
	sb->s = ns;
	sb->cap = ncap;
	return true;
}

void
ik_sb_add(ik_sb *sb, const char *s, size_t n)
{
	if (!sb_reserve(sb, n))
		return;
	memcpy(sb->s + sb->len, s, n);
	sb->len += n;
	sb->s[sb->len] = '\0';
}

void
ik_sb_puts(ik_sb *sb, const char *s)
{
	ik_sb_add(sb, s, strlen(s));
}

void
ik_sb_vprintf(ik_sb *sb, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0 || !sb_reserve(sb, (size_t)n))
		return;
	vsnprintf(sb->s + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
}

void
ik_sb_printf(ik_sb *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ik_sb_vprintf(sb, fmt, ap);
	va_end(ap);
}

void
ik_sb_add_safe(ik_sb *sb, const uint8_t *s, size_t n)
{
	static const char hx[] = "0123456789abcdef";
	char esc[4] = { '\\', 'x', 0, 0 };
	size_t i, start = 0;

	for (i = 0; i < n; i++) {
		if (s[i] >= 0x20 && s[i] < 0x7f && s[i] != '\\')
			continue;
		ik_sb_add(sb, (const char *)s + start, i - start);
		if (s[i] == '\\') {
			ik_sb_add(sb, "\\\\", 2);
		} else {
			esc[2] = hx[s[i] >> 4];
			esc[3] = hx[s[i] & 15];
			ik_sb_add(sb, esc, 4);
		}
		start = i + 1;
	}
	ik_sb_add(sb, (const char *)s + start, n - start);
	if (!sb_reserve(sb, 0))
		return;
}

char *
ik_sb_take(ik_sb *sb)
{
	char *s;

	if (sb->s == NULL && !sb->oom)
		sb_reserve(sb, 0);
	if (sb->s != NULL && sb->len == 0)
		sb->s[0] = '\0';
	s = sb->s;
	ik_sb_init(sb);
	return s;
}
