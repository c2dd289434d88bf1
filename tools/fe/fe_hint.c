/*
 * fe_hint.c: a tool's own wording on a job's findings, in the JSON lines
 * and the text alike, so that both say the same.
 */
#include <stdio.h>
#include <string.h>

#include "fe_hint.h"

static bool
is(const json_t *obj, const char *key, const char *value)
{
	const char *s = json_string_value(json_object_get(obj, key));

	return s != NULL && strcmp(s, value) == 0;
}

static void
hint_json(json_t *lines, const fe_hint *h)
{
	json_t *line, *f;
	const char *m;
	size_t i, j;
	ik_sb sb;

	json_array_foreach(lines, i, line) {
		json_array_foreach(json_object_get(line, "findings"), j, f) {
			m = json_string_value(json_object_get(f, "message"));
			if (m == NULL || !is(f, "code", ik_code_name(h->code)) ||
			    !is(f, "severity", "error"))
				continue;
			ik_sb_init(&sb);
			ik_sb_puts(&sb, h->replace ? "" : m);
			ik_sb_puts(&sb, h->text);
			if (sb.s != NULL)
				json_object_set_new(f, "message",
				    json_string(sb.s));
			ik_sb_free(&sb);
		}
	}
}

/* Lines "PFXerror CODE: message\n"; findings with a place are left as they are. */
static void
hint_text(ik_sb *text, const fe_hint *h, const char *pfx)
{
	const char *p, *nl;
	ik_sb head, sb;

	ik_sb_init(&head);
	ik_sb_printf(&head, "%serror %s: ", pfx, ik_code_name(h->code));
	ik_sb_init(&sb);
	for (p = text->s; p != NULL && head.s != NULL && *p != '\0';
	    p = nl + 1) {
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p) - 1;
		if (strncmp(p, head.s, head.len) != 0 || *nl != '\n') {
			ik_sb_add(&sb, p, (size_t)(nl - p) + 1);
			continue;
		}
		ik_sb_add(&sb, p, h->replace ? head.len : (size_t)(nl - p));
		ik_sb_puts(&sb, h->text);
		ik_sb_puts(&sb, "\n");
	}
	if (head.s != NULL && !sb.oom) {
		ik_sb_free(text);
		*text = sb;
	} else
		ik_sb_free(&sb);
	ik_sb_free(&head);
}

void
fe_hint_apply(ik_job_result *res, const fe_hint *h, const char *pfx)
{
	hint_json(res->lines, h);
	hint_text(&res->text, h, pfx);
}
