/*
 * json_write.c: JSON lines written without jansson's dumper.
 * Layer: base.
 *
 * jansson's json_dump_callback costs more than building the object: it
 * checks for loops by printing every object's address into a hash table
 * and hands each token to the callback.  Every JSON line of every tool
 * goes through here instead.  The bytes must be jansson's own
 * (JSON_COMPACT | JSON_ENSURE_ASCII): keys in insertion order, "," and
 * ":" with no spaces, \uXXXX in upper case for control and non-ASCII
 * characters, surrogate pairs past the BMP.  Whatever this writer does
 * not handle the same way (a real number, a string jansson would refuse
 * as not UTF-8, a deep tree) is handed back to jansson whole, so the
 * output never differs; tests/unit/test_json_write.c compares the two.
 */
#include <stdlib.h>
#include <string.h>

#include "ik_report.h"
#include "json_write.h"

/* Deeper trees (none of ours) go to jansson, which has no limit. */
#define MAX_DEPTH 64

static void
put_u16(ik_sb *sb, unsigned long u)
{
	static const char hx[] = "0123456789ABCDEF";
	char e[6];

	e[0] = '\\';
	e[1] = 'u';
	e[2] = hx[(u >> 12) & 15];
	e[3] = hx[(u >> 8) & 15];
	e[4] = hx[(u >> 4) & 15];
	e[5] = hx[u & 15];
	ik_json_put(sb, e, 6);
}

/* False for bytes jansson refuses (it would fail the whole dump). */
bool
ik_json_write_str(ik_sb *sb, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t cp;
	size_t i = 0, run, k;
	const char *esc;

	ik_json_put(sb, "\"", 1);
	while (i < n) {
		for (run = i; run < n && s[run] >= 0x20 && s[run] < 0x80 &&
		    s[run] != '"' && s[run] != '\\'; run++)
			;
		if (run > i)
			ik_json_put(sb, str + i, run - i);
		if ((i = run) == n)
			break;
		esc = NULL;
		switch (s[i]) {
		case '"': esc = "\\\""; break;
		case '\\': esc = "\\\\"; break;
		case '\b': esc = "\\b"; break;
		case '\f': esc = "\\f"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\t': esc = "\\t"; break;
		}
		if (esc != NULL) {
			ik_json_put(sb, esc, 2);
			i++;
			continue;
		}
		if (s[i] < 0x20) {
			put_u16(sb, s[i]);
			i++;
			continue;
		}
		/* jansson accepts what RFC 3629 does, as ik_utf8_decode. */
		if ((k = ik_utf8_decode(s + i, n - i, &cp)) == 0)
			return false;
		if (cp < 0x10000) {
			put_u16(sb, cp);
		} else {
			cp -= 0x10000;
			put_u16(sb, 0xD800 | ((cp & 0xFFC00) >> 10));
			put_u16(sb, 0xDC00 | (cp & 0x3FF));
		}
		i += k;
	}
	ik_json_put(sb, "\"", 1);
	return true;
}

size_t
ik_json_int_text(char *d, long long v)
{
	char b[24];
	size_t i = sizeof(b);
	unsigned long long u;

	/* The magnitude as unsigned: the most negative value has no positive. */
	u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	do {
		b[--i] = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		b[--i] = '-';
	memcpy(d, b + i, sizeof(b) - i);
	return sizeof(b) - i;
}

void
ik_json_write_int(ik_sb *sb, long long v)
{
	char d[24];

	ik_json_put(sb, d, ik_json_int_text(d, v));
}

/* False for what is left to jansson. */
static bool
put_value(ik_sb *sb, const json_t *j, int depth)
{
	const char *key;
	void *it;
	size_t i, n;
	bool first = true;

	if (depth > MAX_DEPTH)
		return false;
	switch (json_typeof(j)) {
	case JSON_OBJECT:
		ik_json_put(sb, "{", 1);
		/* jansson's iterator is insertion order, as its dump's is. */
		for (it = json_object_iter((json_t *)j); it != NULL;
		    it = json_object_iter_next((json_t *)j, it)) {
			if (!first)
				ik_json_put(sb, ",", 1);
			first = false;
			key = json_object_iter_key(it);
			if (!ik_json_write_str(sb, key, json_object_iter_key_len(it)))
				return false;
			ik_json_put(sb, ":", 1);
			if (!put_value(sb, json_object_iter_value(it), depth + 1))
				return false;
		}
		ik_json_put(sb, "}", 1);
		return true;
	case JSON_ARRAY:
		ik_json_put(sb, "[", 1);
		n = json_array_size(j);
		for (i = 0; i < n; i++) {
			if (i > 0)
				ik_json_put(sb, ",", 1);
			if (!put_value(sb, json_array_get(j, i), depth + 1))
				return false;
		}
		ik_json_put(sb, "]", 1);
		return true;
	case JSON_STRING:
		return ik_json_write_str(sb, json_string_value(j),
		    json_string_length(j));
	case JSON_INTEGER:
		ik_json_write_int(sb, json_integer_value(j));
		return true;
	case JSON_TRUE:
		ik_json_put(sb, "true", 4);
		return true;
	case JSON_FALSE:
		ik_json_put(sb, "false", 5);
		return true;
	case JSON_NULL:
		ik_json_put(sb, "null", 4);
		return true;
	default:
		/* A real: jansson's own number format decides. */
		return false;
	}
}

static int
dump_cb(const char *buffer, size_t size, void *data)
{
	ik_sb *sb = data;

	ik_json_put(sb, buffer, size);
	return sb->oom ? -1 : 0;
}

int
ik_json_write_jansson(ik_sb *sb, const json_t *obj)
{
	return json_dump_callback(obj, dump_cb, sb, IK_JSON_FLAGS);
}

int
ik_json_write(ik_sb *sb, const json_t *obj)
{
	size_t start = sb->len;

	if (obj == NULL || (!json_is_object(obj) && !json_is_array(obj)))
		return -1;
	if (put_value(sb, obj, 0))
		return sb->oom ? -1 : 0;
	if (sb->oom)
		return -1;
	/* Undo what was written and let jansson write it all. */
	sb->len = start;
	if (sb->s != NULL)
		sb->s[start] = '\0';
	return ik_json_write_jansson(sb, obj);
}
