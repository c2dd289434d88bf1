/*
 * case_util.c: layer case.  Small helpers every part of the triage uses:
 * strings from results, printable names, and the escaping that keeps a
 * hostile name from the evidence inert in Markdown and HTML.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case_private.h"

const char *
case_str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s != NULL ? s : "";
}

char *
case_strdup(const char *s)
{
	return strdup(s != NULL ? s : "");
}

char *
case_printable(const char *s)
{
	ik_sb sb;

	ik_sb_init(&sb);
	ik_sb_puts_safe(&sb, s, "");
	if (sb.oom || sb.s == NULL) {
		ik_sb_free(&sb);
		return strdup("");
	}
	return ik_sb_take(&sb);
}

const char *
case_day(const char *t, char *buf, size_t size)
{
	size_t n = t != NULL ? strlen(t) : 0;

	if (n < 10 || size < 11) {
		if (size > 0)
			buf[0] = '\0';
		if (n > 0 && size > 0)
			snprintf(buf, size, "%s", t);
		return buf;
	}
	memcpy(buf, t, 10);
	buf[10] = '\0';
	return buf;
}

/* Text and attribute values alike: the five characters HTML acts on. */
void
case_html_esc(ik_sb *sb, const char *s)
{
	const char *p;

	for (p = s != NULL ? s : ""; *p != '\0'; p++) {
		switch (*p) {
		case '&': ik_sb_puts(sb, "&amp;"); break;
		case '<': ik_sb_puts(sb, "&lt;"); break;
		case '>': ik_sb_puts(sb, "&gt;"); break;
		case '"': ik_sb_puts(sb, "&quot;"); break;
		case '\'': ik_sb_puts(sb, "&#39;"); break;
		default:
			if ((unsigned char)*p < 0x20)
				ik_sb_puts(sb, " ");
			else
				ik_sb_add(sb, p, 1);
		}
	}
}

/*
 * Markdown: what would start emphasis, code, links, tables or raw HTML
 * is escaped with a backslash; a line break becomes a space.
 */
void
case_md_esc(ik_sb *sb, const char *s)
{
	const char *p;

	for (p = s != NULL ? s : ""; *p != '\0'; p++) {
		if (strchr("\\`*_{}[]()<>#|!~&", *p) != NULL) {
			ik_sb_add(sb, "\\", 1);
			ik_sb_add(sb, p, 1);
		} else if ((unsigned char)*p < 0x20)
			ik_sb_puts(sb, " ");
		else
			ik_sb_add(sb, p, 1);
	}
}
