/*
 * recipe_paste.c: what an operator pastes back, turned into a step's
 * result.  Layer: recipe.
 *
 * Pastes come from a terminal: prompts, the command echoed, CRLF, lines
 * wrapped or padded, a cut end.  They are read leniently, and the result
 * says strictly what was read and what was not (docs/recipes.md lists the
 * fields).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ik_recipe.h"
#include "ik_report.h"

/* A paste larger than this is not one command's output. */
#define PASTE_MAX		(4u << 20)
/* drs-status: component lines kept, bytes of a field. */
#define DRS_MAX_COMPONENTS	1024
#define DRS_MAX_FIELD		512

static size_t
count_lines(const uint8_t *p, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		if (p[i] == '\n')
			n++;
	if (len > 0 && p[len - 1] != '\n')
		n++;
	return n;
}

static ik_status
oom(ik_error *err)
{
	return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY, "out of memory");
}

static ik_status
paste_text(const uint8_t *text, size_t len, json_t **out, ik_error *err)
{
	json_t *o, *t;

	if (memchr(text, '\0', len) != NULL ||
	    (t = json_stringn((const char *)text, len)) == NULL)
		return ik_error_set(err, IK_FAILED, IK_ERR_FORMAT,
		    "the paste is not UTF-8 text");
	o = json_pack("{s:o,s:I}", "text", t,
	    "lines", (json_int_t)count_lines(text, len));
	if (o == NULL)
		return oom(err);
	*out = o;
	return IK_OK;
}

/* ---- show-itl --------------------------------------------------------- */

static ik_status
paste_show_itl(const uint8_t *text, size_t len, json_t **out, ik_error *err)
{
	return ik_job_show_paste(text, len, "recipe-run", "(paste)", out, err);
}

/* ---- drs-status ------------------------------------------------------- */

/* One line, cleaned: CR and controls made spaces, runs of blanks
 * collapsed, trimmed.  Returns its length in buf (NUL-terminated). */
static size_t
clean_line(const uint8_t *p, size_t n, char *buf, size_t size)
{
	size_t i, k = 0;
	bool space = true;

	for (i = 0; i < n && k + 1 < size; i++) {
		unsigned char c = p[i];

		if (c < 0x20 || c == 0x7f || c == ' ') {
			if (!space)
				buf[k++] = ' ';
			space = true;
			continue;
		}
		buf[k++] = (char)c;
		space = false;
	}
	while (k > 0 && buf[k - 1] == ' ')
		k--;
	buf[k] = '\0';
	return k;
}

/* "Key: value" with key matched in any case; the value, trimmed. */
static const char *
keyed(const char *line, const char *key)
{
	size_t n = strlen(key);
	const char *v;

	if (strncasecmp(line, key, n) != 0)
		return NULL;
	v = line + n;
	while (*v == ' ')
		v++;
	if (*v != ':')
		return NULL;
	v++;
	while (*v == ' ')
		v++;
	return v;
}

/* A percentage: 0-100, digits with an optional '%'. */
static bool
percent(const char *s, size_t n, int *out)
{
	size_t i;
	int v = 0;

	if (n > 0 && s[n - 1] == '%')
		n--;
	if (n == 0 || n > 3)
		return false;
	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return false;
		v = v * 10 + (s[i] - '0');
	}
	if (v > 100)
		return false;
	*out = v;
	return true;
}

static json_t *
str_n(const char *s, size_t n)
{
	return ik_json_str(s, n > DRS_MAX_FIELD ? DRS_MAX_FIELD : n);
}

/* Words of a component's status that say it did not work. */
static bool
failed_word(const char *s)
{
	static const char *const bad[] = { "ERROR", "FAILED", "FAILURE",
	    "FAIL", "ABORTED", "CANCELLED", "CANCELED", "WARNING",
	    "PARTIAL", NULL };
	size_t i;

	for (i = 0; bad[i] != NULL; i++)
		if (strncasecmp(s, bad[i], strlen(bad[i])) == 0)
			return true;
	return false;
}

/*
 * A component line: FEATURE SERVER COMPONENT PERCENT STATUS [TIME...]
 * [LOG], the time as printed.  NULL when the line is not one.
 */
static json_t *
component_line(const char *line)
{
	const char *w[64];
	size_t wl[64], n = 0, i, tstart, tend;
	const char *p = line;
	json_t *o;
	int pc;

	while (*p != '\0' && n < 64) {
		w[n] = p;
		while (*p != '\0' && *p != ' ')
			p++;
		wl[n] = (size_t)(p - w[n]);
		n++;
		while (*p == ' ')
			p++;
	}
	if (n < 5 || n >= 64 || !percent(w[3], wl[3], &pc))
		return NULL;
	/* The status is a word of letters (SUCCESS, ERROR, Active). */
	for (i = 0; i < wl[4]; i++)
		if (!isalpha((unsigned char)w[4][i]) && w[4][i] != '_' &&
		    w[4][i] != '-')
			return NULL;
	o = json_object();
	if (o == NULL)
		return NULL;
	json_object_set_new(o, "feature", str_n(w[0], wl[0]));
	json_object_set_new(o, "server", str_n(w[1], wl[1]));
	json_object_set_new(o, "component", str_n(w[2], wl[2]));
	json_object_set_new(o, "percentage", json_integer(pc));
	json_object_set_new(o, "status", str_n(w[4], wl[4]));
	tstart = 5;
	tend = n;
	if (n > 5 && (memchr(w[n - 1], '/', wl[n - 1]) != NULL ||
	    (wl[n - 1] > 4 && strncasecmp(w[n - 1] + wl[n - 1] - 4, ".log",
	    4) == 0))) {
		json_object_set_new(o, "log", str_n(w[n - 1], wl[n - 1]));
		tend = n - 1;
	} else
		json_object_set_new(o, "log", json_null());
	json_object_set_new(o, "time", tend > tstart ? str_n(w[tstart],
	    (size_t)(w[tend - 1] + wl[tend - 1] - w[tstart])) : json_null());
	return o;
}

/* What the command was asked for, from its echo. */
static const char *
echoed_operation(const char *line)
{
	const char *p = strstr(line, "disaster_recovery status");

	if (p == NULL)
		return NULL;
	p += strlen("disaster_recovery status");
	while (*p == ' ')
		p++;
	if (strncasecmp(p, "restore", 7) == 0)
		return "restore";
	if (strncasecmp(p, "backup", 6) == 0)
		return "backup";
	return NULL;
}

typedef struct drs_read {
	json_t *comps, *failed, *pending, *servers;
	json_t *status, *status_text, *operation, *tar, *location;
	const char *echoed;
	int pct;		/* -1: not printed */
	bool no_status;		/* "No ... status available" */
	size_t lines, unread;
	json_t *last;		/* the last component, for a wrapped log */
} drs_read;

static void
drs_line(drs_read *d, const char *line, size_t n)
{
	const char *v, *c;
	json_t *o;
	int pc;

	if (n == 0)
		return;
	/* A prompt, or the command echoed after one. */
	if ((c = strstr(line, "admin:")) == line) {
		if ((v = echoed_operation(line)) != NULL)
			d->echoed = v;
		return;
	}
	if ((v = keyed(line, "Status")) != NULL) {
		c = strchr(v, ':');
		n = c != NULL ? (size_t)(c - v) : strlen(v);
		while (n > 0 && v[n - 1] == ' ')
			n--;
		json_decref(d->status);
		json_decref(d->status_text);
		d->status = str_n(v, n);
		while (c != NULL && (*++c == ' '))
			;
		d->status_text = c != NULL ? ik_json_cstr(c) :
		    json_string("");
		return;
	}
	if ((v = keyed(line, "Tar Filename")) != NULL ||
	    (v = keyed(line, "Tar File Name")) != NULL) {
		json_decref(d->tar);
		d->tar = ik_json_cstr(v);
		return;
	}
	if ((v = keyed(line, "Storage Location")) != NULL) {
		json_decref(d->location);
		d->location = ik_json_cstr(v);
		return;
	}
	if ((v = keyed(line, "Operation")) != NULL) {
		json_decref(d->operation);
		d->operation = ik_json_cstr(v);
		return;
	}
	if ((v = keyed(line, "Percentage Complete")) != NULL ||
	    (v = keyed(line, "Percentage")) != NULL) {
		if (percent(v, strlen(v), &pc))
			d->pct = pc;
		else
			d->unread++;
		return;
	}
	/* "No restore status available", maybe after "drfCliMsg:". */
	if (strstr(line, "status available") != NULL) {
		d->no_status = true;
		return;
	}
	if ((o = component_line(line)) != NULL) {
		if (json_array_size(d->comps) >= DRS_MAX_COMPONENTS) {
			json_decref(o);
			d->unread++;
			return;
		}
		json_array_append_new(d->comps, o);
		d->last = o;
		return;
	}
	/* A log path wrapped onto a line of its own. */
	if (d->last != NULL && strchr(line, ' ') == NULL &&
	    json_is_null(json_object_get(d->last, "log")) &&
	    n > 4 && strcasecmp(line + n - 4, ".log") == 0) {
		json_object_set_new(d->last, "log", str_n(line, n));
		return;
	}
	d->unread++;
}

/* Every component judged: failed, pending (not done yet), servers. */
static void
drs_judge(drs_read *d)
{
	const char *st, *srv, *comp;
	json_t *c, *name;
	size_t i, k;
	bool seen;
	int pc;

	json_array_foreach(d->comps, i, c) {
		st = json_string_value(json_object_get(c, "status"));
		srv = json_string_value(json_object_get(c, "server"));
		comp = json_string_value(json_object_get(c, "component"));
		pc = (int)json_integer_value(json_object_get(c, "percentage"));
		name = json_pack("s++", srv != NULL ? srv : "?", " ",
		    comp != NULL ? comp : "?");
		if (st != NULL && failed_word(st))
			json_array_append(d->failed, name);
		else if (st == NULL || strcasecmp(st, "SUCCESS") != 0 ||
		    pc != 100)
			json_array_append(d->pending, name);
		json_decref(name);
		seen = false;
		json_array_foreach(d->servers, k, name)
			if (srv != NULL && json_string_value(name) != NULL &&
			    strcmp(json_string_value(name), srv) == 0)
				seen = true;
		if (!seen && srv != NULL)
			json_array_append_new(d->servers, json_string(srv));
	}
}

/*
 * The verdict, strict: success only when the status says SUCCESS, 100%
 * is printed, and every component listed succeeded at 100%.
 */
static const char *
drs_result(const drs_read *d)
{
	const char *st = json_string_value(d->status);

	if (json_array_size(d->failed) > 0 ||
	    (st != NULL && failed_word(st)))
		return "failed";
	if (st == NULL || json_array_size(d->comps) == 0 || d->pct < 0)
		return "unknown";
	if (strcasecmp(st, "SUCCESS") == 0 && d->pct == 100 &&
	    json_array_size(d->pending) == 0)
		return "success";
	return "in-progress";
}

static ik_status
paste_drs_status(const uint8_t *text, size_t len, json_t **out,
    ik_error *err)
{
	drs_read d;
	char *buf;
	size_t i, start, n;
	json_t *o = NULL, *op;
	ik_status st = IK_OK;

	if (memchr(text, '\0', len) != NULL)
		return ik_error_set(err, IK_FAILED, IK_ERR_FORMAT,
		    "the paste is not text");
	memset(&d, 0, sizeof(d));
	d.pct = -1;
	d.comps = json_array();
	d.failed = json_array();
	d.pending = json_array();
	d.servers = json_array();
	buf = malloc(DRS_MAX_FIELD * 4);
	if (buf == NULL || d.comps == NULL || d.failed == NULL ||
	    d.pending == NULL || d.servers == NULL) {
		st = oom(err);
		goto out;
	}
	for (start = 0; start < len; start = i + 1) {
		for (i = start; i < len && text[i] != '\n'; i++)
			;
		d.lines++;
		n = clean_line(text + start, i - start, buf, DRS_MAX_FIELD * 4);
		drs_line(&d, buf, n);
	}
	if (d.status == NULL && d.pct < 0 && json_array_size(d.comps) == 0 &&
	    !d.no_status) {
		st = ik_error_set(err, IK_FAILED, IK_ERR_FORMAT,
		    "the paste is not the output of utils disaster_recovery "
		    "status: no Status, Percentage Complete or component line");
		goto out;
	}
	drs_judge(&d);
	op = d.operation != NULL ? json_incref(d.operation) : d.echoed != NULL ?
	    json_string(d.echoed) : json_null();
	o = json_pack("{s:o, s:O, s:O, s:O, s:O, s:o, s:s, s:O, s:O, "
	    "s:O, s:O, s:I, s:I}",
	    "operation", op,
	    "status", d.status != NULL ? d.status : json_null(),
	    "status_text", d.status_text != NULL ? d.status_text : json_null(),
	    "tar_filename", d.tar != NULL ? d.tar : json_null(),
	    "storage_location", d.location != NULL ? d.location : json_null(),
	    "percentage", d.pct >= 0 ? json_integer(d.pct) : json_null(),
	    "result", drs_result(&d),
	    "components", d.comps,
	    "failed", d.failed,
	    "pending", d.pending,
	    "servers", d.servers,
	    "lines", (json_int_t)d.lines,
	    "unread_lines", (json_int_t)d.unread);
	if (o == NULL)
		st = oom(err);
out:
	json_decref(d.comps);
	json_decref(d.failed);
	json_decref(d.pending);
	json_decref(d.servers);
	json_decref(d.status);
	json_decref(d.status_text);
	json_decref(d.operation);
	json_decref(d.tar);
	json_decref(d.location);
	free(buf);
	*out = o;
	return st;
}

ik_status
ik_recipe_paste_parse(ik_recipe_paste kind, const uint8_t *text, size_t len,
    json_t **out, ik_error *err)
{
	*out = NULL;
	if (len > PASTE_MAX)
		return ik_error_set(err, IK_FAILED, IK_ERR_FORMAT,
		    "the paste is larger than %u bytes", PASTE_MAX);
	switch (kind) {
	case IK_PASTE_TEXT:
		return paste_text(text, len, out, err);
	case IK_PASTE_SHOW_ITL:
		return paste_show_itl(text, len, out, err);
	case IK_PASTE_DRS_STATUS:
		return paste_drs_status(text, len, out, err);
	case IK_PASTE_NONE:
		break;
	}
	return ik_error_set(err, IK_FAILED, IK_ERR_UNSUPPORTED,
	    "step has no paste parser");
}
