/*
 * json_emit.c: a report written once, as jansson objects or as the bytes
 * of its JSON line.
 * Layer: base.
 *
 * A renderer says what the report holds (an object, a key, a string...)
 * and the writer (ik_jw) either builds the jansson tree (for callers that
 * read fields: recipes, case triage) or appends the very bytes
 * ik_json_write would write for that tree (for a tool that only prints
 * it), with no object and no allocation per value.  The shape of a
 * report is thus written once for both.  Also here: the fields every
 * report shares (ik_report_begin/end), written through it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ik_report.h"
#include "json_write.h"

void
ik_jw_init(ik_jw *w, ik_sb *sb)
{
	memset(w, 0, sizeof(*w));
	w->sb = sb;
}

void
ik_jw_resume(ik_jw *w, json_t *obj)
{
	ik_jw_init(w, NULL);
	w->root = obj;
	w->stack[0] = obj;
	w->depth = 1;
}

/*
 * Bytes: most values are written as one piece, the comma, the key and
 * the value together (a key of ours and a short value of ours), with one
 * append.  Room for that piece:
 */
#define KEY_MAX		64
#define PIECE_MAX	(KEY_MAX + 4 + 3 * 64 + 2)

/*
 * The comma before a value and its key, into b; the length.  A key that
 * would need escaping, or a long one, is written to the buffer at once
 * with what came before it, and 0 returned.
 */
static size_t
head(ik_jw *w, const char *key, char *b)
{
	const unsigned char *k = (const unsigned char *)key;
	size_t n = 0, i;

	if (w->depth > 0) {
		if (w->more[w->depth - 1])
			b[n++] = ',';
		w->more[w->depth - 1] = true;
	}
	if (key == NULL)
		return n;
	b[n++] = '"';
	for (i = 0; k[i] != '\0'; i++) {
		if (i == KEY_MAX || k[i] < 0x20 || k[i] >= 0x80 ||
		    k[i] == '"' || k[i] == '\\') {
			ik_json_put(w->sb, b, n - 1 - i);
			/* Not UTF-8: jansson refuses such a key too. */
			if (!ik_json_write_str(w->sb, key, strlen(key)))
				w->failed = true;
			ik_json_put(w->sb, ":", 1);
			return 0;
		}
		b[n++] = (char)k[i];
	}
	b[n++] = '"';
	b[n++] = ':';
	return n;
}

/* Bytes: the comma and key, then v (n bytes, at most 3 * 64 + 2). */
static void
piece(ik_jw *w, const char *key, const char *v, size_t n)
{
	char b[PIECE_MAX];
	size_t h = head(w, key, b);

	memcpy(b + h, v, n);
	ik_json_put(w->sb, b, h + n);
}

/*
 * Objects: v (taken) under key in the open container, or the root.  A
 * value jansson could not make (memory) fails the whole report.
 */
static void
place(ik_jw *w, const char *key, json_t *v)
{
	json_t *top;
	int r;

	if (v == NULL) {
		w->failed = true;
		return;
	}
	if (w->depth == 0) {
		if (w->root != NULL) {
			json_decref(v);
			w->failed = true;
		} else
			w->root = v;
		return;
	}
	top = w->stack[w->depth - 1];
	if (key != NULL)
		r = json_object_set_new(top, key, v);
	else
		r = json_array_append_new(top, v);
	if (r != 0)
		w->failed = true;
}

static void
open_container(ik_jw *w, const char *key, bool array)
{
	json_t *c;

	if (w->failed || w->depth >= IK_JW_DEPTH) {
		w->failed = true;
		return;
	}
	w->array[w->depth] = array;
	if (w->sb != NULL) {
		piece(w, key, array ? "[" : "{", 1);
		w->more[w->depth++] = false;
		return;
	}
	c = array ? json_array() : json_object();
	place(w, key, c);
	if (w->failed)
		return;
	/* Borrowed: its parent (or the root) owns it. */
	w->stack[w->depth++] = c;
}

void
ik_jw_object(ik_jw *w, const char *key)
{
	open_container(w, key, false);
}

void
ik_jw_array(ik_jw *w, const char *key)
{
	open_container(w, key, true);
}

void
ik_jw_end(ik_jw *w)
{
	if (w->failed)
		return;
	if (w->depth == 0) {
		w->failed = true;
		return;
	}
	w->depth--;
	if (w->sb != NULL)
		ik_json_put(w->sb, w->array[w->depth] ? "]" : "}", 1);
}

void
ik_jw_str(ik_jw *w, const char *key, const char *s, size_t n)
{
	ik_sb safe;
	size_t start;

	if (w->failed)
		return;
	if (s == NULL) {
		ik_jw_null(w, key);
		return;
	}
	if (w->sb == NULL) {
		place(w, key, ik_json_str(s, n));
		return;
	}
	piece(w, key, "", 0);
	start = w->sb->len;
	if (ik_json_write_str(w->sb, s, n))
		return;
	/* Not UTF-8: its printable form, as ik_json_str gives it. */
	w->sb->len = start;
	if (w->sb->s != NULL)
		w->sb->s[start] = '\0';
	ik_sb_init(&safe);
	ik_sb_add_safe(&safe, (const uint8_t *)s, n);
	if (safe.oom || !ik_json_write_str(w->sb, safe.s, safe.len))
		w->failed = true;
	ik_sb_free(&safe);
}

void
ik_jw_cstr(ik_jw *w, const char *key, const char *s)
{
	ik_jw_str(w, key, s, s != NULL ? strlen(s) : 0);
}

void
ik_jw_int(ik_jw *w, const char *key, long long v)
{
	if (w->failed)
		return;
	if (w->sb == NULL) {
		place(w, key, json_integer((json_int_t)v));
		return;
	}
	{
		char d[24];

		piece(w, key, d, ik_json_int_text(d, v));
	}
}

void
ik_jw_bool(ik_jw *w, const char *key, bool v)
{
	if (w->failed)
		return;
	if (w->sb == NULL) {
		place(w, key, json_boolean(v));
		return;
	}
	piece(w, key, v ? "true" : "false", v ? 4 : 5);
}

void
ik_jw_null(ik_jw *w, const char *key)
{
	if (w->failed)
		return;
	if (w->sb == NULL) {
		place(w, key, json_null());
		return;
	}
	piece(w, key, "null", 4);
}

/* Text of ours, ASCII without quotes or controls: written as it is. */
static void
plain(ik_jw *w, const char *key, const char *s, size_t n)
{
	if (w->sb == NULL) {
		place(w, key, json_stringn_nocheck(s, n));
		return;
	}
	if (n <= 3 * 64) {
		char q[3 * 64 + 2];

		q[0] = '"';
		memcpy(q + 1, s, n);
		q[n + 1] = '"';
		piece(w, key, q, n + 2);
		return;
	}
	piece(w, key, "\"", 1);
	ik_json_put(w->sb, s, n);
	ik_json_put(w->sb, "\"", 1);
}

/* Hex of n bytes: lower case, or upper case with sep between bytes. */
static void
hex_value(ik_jw *w, const char *key, const uint8_t *p, size_t n, char sep)
{
	char buf[3 * 64 + 1], *h = buf;
	size_t len = sep ? (n > 0 ? 3 * n - 1 : 0) : 2 * n;

	if (w->failed)
		return;
	if (p == NULL) {
		ik_jw_null(w, key);
		return;
	}
	if (n > 64 && (h = malloc(3 * n + 1)) == NULL) {
		w->failed = true;
		return;
	}
	if (sep)
		ik_hex_sep(p, n, sep, h);
	else
		ik_hex(p, n, h);
	plain(w, key, h, len);
	if (h != buf)
		free(h);
}

void
ik_jw_hex(ik_jw *w, const char *key, const uint8_t *p, size_t n)
{
	hex_value(w, key, p, n, '\0');
}

void
ik_jw_hex_sep(ik_jw *w, const char *key, const uint8_t *p, size_t n)
{
	hex_value(w, key, p, n, ':');
}

void
ik_jw_time(ik_jw *w, const char *key, time_t t)
{
	char buf[32];

	if (w->failed)
		return;
	ik_time_format(t, buf, sizeof(buf));
	plain(w, key, buf, strlen(buf));
}

json_t *
ik_jw_take(ik_jw *w)
{
	json_t *root = w->root;

	w->root = NULL;
	if (w->failed || w->sb != NULL) {
		json_decref(root);
		return NULL;
	}
	return root;
}

int
ik_jw_finish(ik_jw *w)
{
	if (w->sb == NULL)
		return -1;
	return w->failed || w->depth != 0 || w->sb->oom ? -1 : 0;
}

/* ---- what every report holds ------------------------------------------- */

void
ik_findings_jw(ik_jw *w, const char *key, const ik_findings *f)
{
	const ik_finding *x;
	char msg[64];
	size_t i;

	ik_jw_array(w, key);
	for (i = 0; i < f->n; i++) {
		x = &f->v[i];
		ik_jw_object(w, NULL);
		ik_jw_cstr(w, "severity", ik_severity_name(x->severity));
		ik_jw_cstr(w, "code", x->code);
		ik_jw_cstr(w, "message", x->message);
		ik_jw_cstr(w, "where", x->where);
		ik_jw_end(w);
	}
	if (f->lost > 0) {
		ik_findings_lost_message(msg, sizeof(msg), f->lost);
		ik_jw_object(w, NULL);
		ik_jw_cstr(w, "severity", "error");
		ik_jw_cstr(w, "code", ik_code_name(IKF_FINDINGS_LOST));
		ik_jw_cstr(w, "message", msg);
		ik_jw_null(w, "where");
		ik_jw_end(w);
	}
	ik_jw_end(w);
}

void
ik_report_begin(ik_jw *w, const char *tool, const char *key,
    const char *path, const char *member, const uint8_t *sha256,
    long long size)
{
	ik_jw_object(w, NULL);
	/* No tool, no key (what jansson's json_string(NULL) left out). */
	if (tool != NULL)
		ik_jw_cstr(w, "tool", tool);
	ik_jw_cstr(w, key, path);
	if (member != NULL)
		ik_jw_cstr(w, "member", member);
	ik_jw_hex(w, "sha256", sha256, 32);
	if (size >= 0)
		ik_jw_int(w, "size", size);
	else
		ik_jw_null(w, "size");
}

void
ik_report_end(ik_jw *w, const char *status, const ik_findings *f)
{
	ik_jw_cstr(w, "status", status);
	ik_findings_jw(w, "findings", f);
	ik_jw_end(w);
}

json_t *
ik_report_new(const char *tool, const char *key, const char *path,
    const uint8_t *sha256, long long size)
{
	ik_jw w;

	ik_jw_init(&w, NULL);
	ik_report_begin(&w, tool, key, path, NULL, sha256, size);
	return ik_jw_take(&w);
}

void
ik_report_finish(json_t *obj, const char *status, const ik_findings *f)
{
	ik_jw w;

	if (obj == NULL)
		return;
	ik_jw_resume(&w, obj);
	ik_report_end(&w, status, f);
	/* obj stays the caller's. */
	w.root = NULL;
}

json_t *
ik_findings_json(const ik_findings *f)
{
	ik_jw w;

	ik_jw_init(&w, NULL);
	ik_findings_jw(&w, NULL, f);
	return ik_jw_take(&w);
}
