/*
 * report.c: shared pieces of every rendering.
 * Layer: base.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ik_report.h"

json_t *
ik_json_str(const char *s, size_t n)
{
	ik_sb sb;
	json_t *j;
	size_t i, k;
	uint32_t c;

	if (s == NULL)
		return json_null();
	/*
	 * Most names are plain ASCII: no copy and no UTF-8 check.  Any other
	 * well-formed UTF-8 is kept exactly; the dump escapes it
	 * (IK_JSON_FLAGS).  An embedded NUL is kept too (\u0000).
	 */
	for (i = 0; i < n; i += k)
		if ((unsigned char)s[i] < 0x80)
			k = 1;
		else if ((k = ik_utf8_decode((const uint8_t *)s + i, n - i,
		    &c)) == 0)
			break;
	if (i == n)
		return json_stringn_nocheck(s, n);
	/*
	 * Bytes that are not UTF-8 cannot be a JSON string, and jansson
	 * refuses them (json_stringn gives NULL); the value is then given in
	 * its printable form, the same as in text.
	 */
	ik_sb_init(&sb);
	ik_sb_add_safe(&sb, (const uint8_t *)s, n);
	if (sb.oom) {
		ik_sb_free(&sb);
		return NULL;
	}
	j = json_stringn_nocheck(sb.s, sb.len);
	ik_sb_free(&sb);
	return j;
}

json_t *
ik_json_cstr(const char *s)
{
	return s == NULL ? json_null() : ik_json_str(s, strlen(s));
}

json_t *
ik_json_hex(const uint8_t *in, size_t n)
{
	char *h;
	json_t *j;

	if (in == NULL)
		return json_null();
	h = malloc(2 * n + 1);
	if (h == NULL)
		return NULL;
	ik_hex(in, n, h);
	j = json_stringn(h, 2 * n);
	free(h);
	return j;
}

json_t *
ik_json_time(time_t t)
{
	char buf[32];

	ik_time_format(t, buf, sizeof(buf));
	return json_string(buf);
}

char *
ik_json_line(const json_t *obj)
{
	/* jansson keeps insertion order; JSON_PRESERVE_ORDER would sort. */
	return json_dumps(obj, IK_JSON_FLAGS);
}

json_t *
ik_report_member(json_t *obj, const char *key, const char *member)
{
	json_t *tmp, *v, *m;
	const char *k;
	bool placed = false;

	if (obj == NULL || member == NULL)
		return obj;
	if ((tmp = json_object()) == NULL)
		goto oom;
	json_object_foreach(obj, k, v) {
		if (json_object_set(tmp, k, v) != 0)
			goto oom;
		if (!placed && strcmp(k, key) == 0) {
			if ((m = ik_json_cstr(member)) == NULL ||
			    json_object_set_new(tmp, "member", m) != 0)
				goto oom;
			placed = true;
		}
	}
	if (!placed && ((m = ik_json_cstr(member)) == NULL ||
	    json_object_set_new(tmp, "member", m) != 0))
		goto oom;
	/* Rebuilt in its new order: jansson keeps insertion order. */
	if (json_object_clear(obj) != 0 || json_object_update(obj, tmp) != 0)
		goto oom;
	json_decref(tmp);
	return obj;
oom:
	json_decref(tmp);
	json_decref(obj);
	return NULL;
}
