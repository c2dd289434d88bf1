/*
 * ik_report.h: the report layer.  Every analysis returns structured
 * results plus ik_findings; this layer holds what all renderings share:
 * the chain-of-custody fields, findings as JSON and as text, and safe
 * conversion of hostile bytes into JSON strings.
 * Layer: base.
 */
#ifndef IK_REPORT_H
#define IK_REPORT_H

#include <jansson.h>

#include "ik_base.h"

/*
 * A JSON string from untrusted bytes.  Well-formed UTF-8 is kept exactly
 * (controls, bidi overrides and all: the dump writes them as \uXXXX, see
 * IK_JSON_FLAGS); a value that is not UTF-8 cannot be a JSON string and is
 * given in its printable form (ik_sb_add_safe: \xNN per bad byte, a
 * backslash doubled).  NULL gives JSON null.
 */
json_t *ik_json_str(const char *s, size_t n);
json_t *ik_json_cstr(const char *s);
/* Lower-case hex string of n bytes, or null when in is NULL. */
json_t *ik_json_hex(const uint8_t *in, size_t n);
/* RFC 3339 UTC string. */
json_t *ik_json_time(time_t t);

/* [{severity, code, message, where}] */
json_t *ik_findings_json(const ik_findings *f);

/*
 * A JSON report written once for two ends (json_emit.c): the jansson
 * objects (ik_jw_init with sb NULL; ik_jw_take gives the root) or the
 * bytes ik_json_write would write for those objects, appended to sb.
 * key is the value's key in the open object, NULL in an array and for
 * the root.  Strings are taken as ik_json_str takes them (NULL gives
 * null).  A failure (memory, depth) is kept and ends the writing.
 */
#define IK_JW_DEPTH	16

typedef struct ik_jw {
	ik_sb *sb;			/* bytes appended here; NULL: objects */
	json_t *root;
	json_t *stack[IK_JW_DEPTH];	/* objects: the open containers */
	bool array[IK_JW_DEPTH];	/* an open container is an array */
	bool more[IK_JW_DEPTH];		/* bytes: it holds a value already */
	int depth;
	bool failed;
} ik_jw;

void ik_jw_init(ik_jw *w, ik_sb *sb);
/* Objects: more keys added to obj (borrowed), an open object. */
void ik_jw_resume(ik_jw *w, json_t *obj);
void ik_jw_object(ik_jw *w, const char *key);
void ik_jw_array(ik_jw *w, const char *key);
/* Closes the object or array opened last. */
void ik_jw_end(ik_jw *w);
void ik_jw_str(ik_jw *w, const char *key, const char *s, size_t n);
void ik_jw_cstr(ik_jw *w, const char *key, const char *s);
void ik_jw_int(ik_jw *w, const char *key, long long v);
void ik_jw_bool(ik_jw *w, const char *key, bool v);
void ik_jw_null(ik_jw *w, const char *key);
/* Lower-case hex of n bytes ("3fa0.."), null for NULL. */
void ik_jw_hex(ik_jw *w, const char *key, const uint8_t *p, size_t n);
/* Upper-case hex with colons ("6B:A5:.."), null for NULL. */
void ik_jw_hex_sep(ik_jw *w, const char *key, const uint8_t *p, size_t n);
/* RFC 3339 UTC, as ik_json_time. */
void ik_jw_time(ik_jw *w, const char *key, time_t t);
/* Objects: the root (the caller's), NULL when writing failed. */
json_t *ik_jw_take(ik_jw *w);
/* Bytes: 0 when all was written and closed, else -1. */
int ik_jw_finish(ik_jw *w);

/* The findings array under key, as ik_findings_json. */
void ik_findings_jw(ik_jw *w, const char *key, const ik_findings *f);
/*
 * Opens the report object with what ik_report_new sets, and "member"
 * after key when member is not NULL (as ik_report_member places it).
 */
void ik_report_begin(ik_jw *w, const char *tool, const char *key,
    const char *path, const char *member, const uint8_t *sha256,
    long long size);
/* "status" and "findings" as ik_report_finish sets them; closes it. */
void ik_report_end(ik_jw *w, const char *status, const ik_findings *f);

/*
 * How a text report is written for its reader: the caller's choices
 * (ik_job_ctx: --brief, colour, the terminal's width).  NULL where one is
 * taken means all off.
 */
typedef struct ik_text_opts {
	bool brief;		/* the verdict line of each input only */
	bool color;		/* ANSI colour on verdicts and severities */
	unsigned columns;	/* wrap long lines to this width; 0: never */
} ik_text_opts;

/*
 * "<severity> <CODE> [<where>]: <message>" one per line, indented by pfx,
 * errors first.  The same code and message at several places is one line
 * ("warning WEAK_KEY [records 1, 2, 4]: ..."): the reason is said once.
 * With t, severities are coloured and lines wrapped (continuations start
 * with pfx and four spaces).
 */
void ik_findings_text(ik_sb *sb, const ik_findings *f, const char *pfx);
void ik_findings_text_opts(ik_sb *sb, const ik_findings *f, const char *pfx,
    const ik_text_opts *t);
/* The message of FINDINGS_LOST for lost findings. */
void ik_findings_lost_message(char *buf, size_t len, size_t lost);

/*
 * s (words of ours, never evidence) in the colour of tone: an ik_severity,
 * or -1 for good; plain without t->color.
 */
void ik_text_tone(ik_sb *sb, const ik_text_opts *t, int tone, const char *s);
/*
 * The end of a verdict line: "; 1 error, 2 warnings" (coloured), nothing
 * when there are neither.
 */
void ik_text_counts(ik_sb *sb, const ik_text_opts *t, const ik_findings *f);
/* "12 days left", "expires within a day", "expired 310 days ago". */
void ik_text_days(ik_sb *sb, long long days);
/*
 * Wraps the text from offset from to the end (one line) to t->columns at
 * spaces, each continuation starting with indent; nothing without t or
 * columns.  A word wider than the width is not cut.
 */
void ik_text_wrap(ik_sb *sb, size_t from, const ik_text_opts *t,
    const char *indent);

/*
 * The object every tool prints per input: {"tool", key: path, "sha256",
 * "size"}.  sha256 is of the input as read (NULL when it could not be
 * read).  key is "file", "set", ... as the tool's contract says.
 */
json_t *ik_report_new(const char *tool, const char *key, const char *path,
    const uint8_t *sha256, long long size);

/*
 * obj with "member" (the path inside an archive) right after key, or
 * unchanged when member is NULL.  Takes obj; NULL when memory ran out
 * (obj is then freed).
 */
json_t *ik_report_member(json_t *obj, const char *key, const char *member);

/* Sets "status" and "findings" on obj (obj keeps ownership). */
void ik_report_finish(json_t *obj, const char *status, const ik_findings *f);

/*
 * How every JSON line is dumped: compact, and ASCII only, so that a
 * control or bidi character in a value is written as \uXXXX and a JSON
 * line is as safe on a terminal as the text report.
 */
#define IK_JSON_FLAGS	(JSON_COMPACT | JSON_ENSURE_ASCII)

/* Compact one-line JSON (caller frees), or NULL on failure. */
char *ik_json_line(const json_t *obj);

#endif /* IK_REPORT_H */
