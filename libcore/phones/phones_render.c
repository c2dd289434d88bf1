/*
 * phones_render.c: layer phones, rendering.  A phone and its verdict as
 * JSON, CSV and a text row; the summary of a run.
 */
#include <stdio.h>
#include <string.h>

#include "ik_phones.h"
#include "ik_report.h"
#include "ik_phones_render.h"

static const char *
alg_name(const ik_phone *p)
{
	return p->alg == IK_HASH_SHA1 ? "SHA1" : p->alg == IK_HASH_MD5 ?
	    "MD5" : NULL;
}

static void
hash_hex(const ik_phone *p, char *out)
{
	out[0] = '\0';
	if (p->alg != IK_HASH_NONE)
		ik_hex(p->hash, p->alg == IK_HASH_SHA1 ? 20 : 16, out);
}

json_t *
ik_phone_json(const ik_phones *db, const ik_phone *p,
    const ik_phone_verdict *v)
{
	const ik_evsource *e = p->source < db->nsrc ? &db->src[p->source] : NULL;
	json_t *o;
	char hex[41];

	/* A member: "file" the archive, "member" the path inside. */
	o = ik_report_member(ik_report_new("itl-phones", "file",
	    e ? (e->file != NULL ? e->file : e->path) : NULL,
	    e ? e->sha256 : NULL, e ? e->size : 0), "file",
	    e ? e->member : NULL);
	if (o == NULL)
		return NULL;
	hash_hex(p, hex);
	json_object_set_new(o, "device", ik_json_cstr(p->device));
	json_object_set_new(o, "ip", p->ip[0] ? ik_json_cstr(p->ip) : json_null());
	json_object_set_new(o, "reported_hash", hex[0] ? json_string(hex) :
	    json_null());
	json_object_set_new(o, "algorithm", ik_json_cstr(alg_name(p)));
	json_object_set_new(o, "tftp_server", p->tftp[0] ?
	    ik_json_cstr(p->tftp) : json_null());
	json_object_set_new(o, "matched", v->matched ? json_pack("{s:o, s:o, s:b}",
	    "file", ik_json_cstr(v->matched->file),
	    "node", ik_json_cstr(v->matched->node),
	    "current", v->matched->current) : json_null());
	json_object_set_new(o, "has_itl_recovery", v->has_itl_recovery < 0 ?
	    json_null() : json_boolean(v->has_itl_recovery));
	json_object_set_new(o, "status",
	    json_string(ik_phone_status_name(v->status)));
	json_object_set_new(o, "node", v->node ? ik_json_cstr(v->node->node) :
	    json_null());
	json_object_set_new(o, "path",
	    ik_json_cstr(ik_trust_path_name(v->path)));
	json_object_set_new(o, "remedy",
	    ik_json_cstr(ik_phone_remedy_name(v->remedy)));
	json_object_set_new(o, "condition", ik_json_cstr(v->condition));
	json_object_set_new(o, "reason", ik_json_cstr(v->reason));
	json_object_set_new(o, "reports", json_integer(p->reports));
	json_object_set_new(o, "last_seen", p->has_when ?
	    ik_json_time(p->last_seen) : json_null());
	json_object_set_new(o, "findings", json_array());
	return o;
}

/* v in n decimal digits at p, zero-padded. */
static void
digits(char *p, int n, long long v)
{
	while (n-- > 0) {
		p[n] = (char)('0' + v % 10);
		v /= 10;
	}
}

/*
 * "2015-07-02T06:22:31Z" as ik_time_format writes it, by hand for the years
 * 1970 to 9999 (strftime costs more than the rest of a CSV row).
 */
static void
when_text(time_t t, char *buf, size_t size)
{
	long long days, z, era, doe, yoe, doy, mp, y, m, d, sec;

	if (t < 0 || t > 253402300799LL || size < 21) {
		ik_time_format(t, buf, size);
		return;
	}
	days = (long long)t / 86400;
	sec = (long long)t % 86400;
	/* Days since 1970-01-01 to a proleptic Gregorian date. */
	z = days + 719468;
	era = z / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	y = yoe + era * 400 + (m <= 2);
	memcpy(buf, "0000-00-00T00:00:00Z", 21);
	digits(buf, 4, y);
	digits(buf + 5, 2, m);
	digits(buf + 8, 2, d);
	digits(buf + 11, 2, sec / 3600);
	digits(buf + 14, 2, sec / 60 % 60);
	digits(buf + 17, 2, sec % 60);
}

/*
 * A cell of printable ASCII with nothing to quote, escape or defuse (no
 * ',', '"' or '\', no formula start) is written as it is: most cells are
 * (device names, addresses, hashes, names of statuses), and a run writes
 * one row per phone.  Anything else goes through ik_sb_csv_cell.
 */
/* Bytes a CSV cell holds as they are: printable ASCII but ',', '"', '\'. */
static const bool plain[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

/*
 * A row is gathered in one buffer and added to the output once: fourteen
 * cells were 28 appends, each reserving and terminating the string.
 */
struct csvrow {
	ik_sb	*sb;
	size_t	 n;
	char	 b[512];
};

static void
row_flush(struct csvrow *w)
{
	if (w->n > 0)
		ik_sb_add(w->sb, w->b, w->n);
	w->n = 0;
}

static bool
formula_start(char c)
{
	return c == '=' || c == '+' || c == '-' || c == '@';
}

static void
csv_field(struct csvrow *w, const char *s, bool last)
{
	size_t i, room;

	if (s == NULL)
		s = "";
	for (i = 0; plain[(unsigned char)s[i]]; i++)
		;
	if (sizeof(w->b) - w->n <= i)
		row_flush(w);
	/* One byte kept for the separator. */
	room = sizeof(w->b) - w->n - 1;
	if (i < room && s[i] == '\0' && !formula_start(s[0])) {
		memcpy(w->b + w->n, s, i);
		w->n += i;
		w->b[w->n++] = last ? '\n' : ',';
		return;
	}
	/* Long or not plain: straight to the output, as before. */
	row_flush(w);
	if (s[i] == '\0' && !formula_start(s[0])) {
		ik_sb_add(w->sb, s, i);
		ik_sb_add(w->sb, last ? "\n" : ",", 1);
		return;
	}
	ik_sb_csv_cell(w->sb, s);
	ik_sb_puts(w->sb, last ? "\n" : ",");
}

void
ik_phone_csv_header(ik_sb *sb)
{
	ik_sb_puts(sb, "device,ip,status,path,remedy,algorithm,reported_hash,"
	    "tftp_server,matched_file,matched_node,has_itl_recovery,reports,"
	    "last_seen,condition\n");
}

/* A count in decimal, by hand: snprintf was 6% of a CSV run. */
static const char *
utoa(unsigned v, char *buf, size_t cap)
{
	char *q = buf + cap;

	*--q = '\0';
	do {
		*--q = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0 && q > buf);
	return q;
}

void
ik_phone_csv(ik_sb *sb, const ik_phones *db, const ik_phone *p,
    const ik_phone_verdict *v)
{
	struct csvrow w;
	char hex[41], n[24], when[32] = "";

	(void)db;
	w.sb = sb;
	w.n = 0;
	hash_hex(p, hex);
	csv_field(&w, p->device, false);
	csv_field(&w, p->ip, false);
	csv_field(&w, ik_phone_status_name(v->status), false);
	csv_field(&w, ik_trust_path_name(v->path), false);
	csv_field(&w, ik_phone_remedy_name(v->remedy), false);
	csv_field(&w, alg_name(p), false);
	csv_field(&w, hex, false);
	csv_field(&w, p->tftp, false);
	csv_field(&w, v->matched ? v->matched->file : NULL, false);
	csv_field(&w, v->matched ? v->matched->node : NULL, false);
	csv_field(&w, v->has_itl_recovery < 0 ? "" : v->has_itl_recovery ?
	    "true" : "false", false);
	csv_field(&w, utoa(p->reports, n, sizeof(n)), false);
	if (p->has_when)
		when_text(p->last_seen, when, sizeof(when));
	csv_field(&w, when, false);
	csv_field(&w, v->condition, true);
	row_flush(&w);
}

void
ik_phone_text_header(ik_sb *sb)
{
	ik_sb_printf(sb, "%-16s %-15s %-19s %-19s %-4s %-40s %s\n", "DEVICE",
	    "IP", "STATUS", "PATH", "ALG", "REPORTED HASH",
	    "TFTP SERVER / MATCHED");
}

/* The colour of a status: what it asks of the reader. */
static int
status_tone(ik_phone_status st)
{
	switch (st) {
	case IK_PS_CURRENT: return -1;
	case IK_PS_STALE_UNRECOVERABLE: return IK_SEV_ERROR;
	case IK_PS_NOT_INSTALLED: return IK_SEV_INFO;
	default: return IK_SEV_WARNING;
	}
}

/* "  label: value" of evidence words, wrapped to t's width. */
static void
detail_line(ik_sb *sb, const char *label, const char *value,
    const ik_text_opts *t)
{
	size_t from = sb->len;

	ik_sb_printf(sb, "  %s: ", label);
	ik_sb_add_safe(sb, (const uint8_t *)value, strlen(value));
	ik_sb_puts(sb, "\n");
	ik_text_wrap(sb, from, t, "      ");
}

/*
 * A reason said in full once per table; a phone with the same reason as
 * one above points to it (the first IK_PHONE_SAID reasons are kept).
 */
static void
reason_line(ik_sb *sb, const ik_phone *p, const char *reason,
    const ik_text_opts *t, ik_phone_said *said)
{
	size_t i;

	for (i = 0; said != NULL && i < said->n; i++) {
		if (strcmp(said->reason[i], reason) != 0)
			continue;
		ik_sb_puts(sb, "  reason: as for ");
		ik_sb_puts_safe(sb, said->device[i], "-");
		ik_sb_puts(sb, " above\n");
		return;
	}
	detail_line(sb, "reason", reason, t);
	if (said != NULL && said->n < IK_PHONE_SAID) {
		said->reason[said->n] = reason;
		said->device[said->n++] = p->device;
	}
}

/*
 * A row; a stale phone's remedy, a depends condition and why a status is
 * unknown (or what remedy "other" means) follow on indented lines.  The
 * status is coloured after its padding is counted, so columns stay.
 */
void
ik_phone_text(ik_sb *sb, const ik_phone *p, const ik_phone_verdict *v,
    const ik_text_opts *t, ik_phone_said *said)
{
	const char *path = ik_trust_path_name(v->path);
	const char *st = ik_phone_status_name(v->status);
	char hex[41];

	hash_hex(p, hex);
	ik_sb_printf(sb, "%-16s %-15s ", p->device, p->ip[0] ? p->ip : "-");
	ik_text_tone(sb, t, status_tone(v->status), st);
	ik_sb_printf(sb, "%*s %-19s %-4s %-40s %s",
	    strlen(st) < 19 ? (int)(19 - strlen(st)) : 0, "",
	    path ? path : "-", alg_name(p) ? alg_name(p) : "-",
	    hex[0] ? hex : "-", p->tftp[0] ? p->tftp : "-");
	if (v->matched != NULL) {
		ik_sb_puts(sb, " ");
		ik_sb_puts_safe(sb, v->matched->node, "");
	}
	ik_sb_puts(sb, "\n");
	if (v->status == IK_PS_CURRENT || v->status == IK_PS_NOT_INSTALLED)
		return;
	if (v->remedy != IK_REMEDY_NONE)
		ik_sb_printf(sb, "  remedy: %s\n",
		    ik_phone_remedy_name(v->remedy));
	if (v->condition != NULL)
		detail_line(sb, "condition", v->condition, t);
	/* JSON carries every reason; the table only what has no column. */
	if ((v->status == IK_PS_UNKNOWN || v->remedy == IK_REMEDY_OTHER) &&
	    v->reason != NULL)
		reason_line(sb, p, v->reason, t, said);
}

void
ik_phones_verdict_text(ik_sb *sb, const ik_phones *db, const size_t *counts,
    size_t by_hand, const char *csv_hint, const ik_text_opts *t)
{
	size_t reached = counts[IK_PS_CURRENT] +
	    counts[IK_PS_STALE_RECOVERABLE] + counts[IK_PS_NOT_INSTALLED];
	size_t rest = db->n - reached - by_hand;
	char buf[96];

	if (db->n == 0) {
		ik_sb_puts(sb, "itl-phones: 0 phones: no phone report was read\n");
		return;
	}
	ik_sb_printf(sb, "itl-phones: %zu phone%s, %zu current; ", db->n,
	    db->n == 1 ? "" : "s", counts[IK_PS_CURRENT]);
	snprintf(buf, sizeof(buf), "a bulk ITL reset reaches %zu of %zu "
	    "phone%s", reached, db->n, db->n == 1 ? "" : "s");
	ik_text_tone(sb, t, reached == db->n ? -1 : IK_SEV_WARNING, buf);
	if (by_hand > 0) {
		snprintf(buf, sizeof(buf), "%zu need%s the ITL deleted by hand",
		    by_hand, by_hand == 1 ? "s" : "");
		ik_sb_puts(sb, "; ");
		ik_text_tone(sb, t, IK_SEV_ERROR, buf);
		ik_sb_printf(sb, " (%s)", csv_hint);
	}
	if (rest > 0)
		ik_sb_printf(sb, "; %zu cannot be told (unknown, or depending on "
		    "the CallManager group)", rest);
	ik_sb_puts(sb, "\n");
}

/*
 * The summary after the rows.  Every count is of the whole run; the kept
 * skipped lines are the first IK_SKIPPED_KEEP, the rest counted.
 */
void
ik_phones_summary_text(ik_sb *sb, const ik_phones *db, const size_t *counts,
    const ik_findings *f, const ik_text_opts *t)
{
	const ik_skipped *k;
	size_t i;
	int s;

	ik_sb_printf(sb, "summary: %zu phones:", db->n);
	for (s = 0; s < IK_PS_COUNT; s++)
		ik_sb_printf(sb, "%s %s %zu", s ? "," : "",
		    ik_phone_status_name((ik_phone_status)s), counts[s]);
	ik_sb_printf(sb, "; %zu reports, %zu skipped lines, %zu other lines\n",
	    db->events, db->skipped, db->ignored);
	for (i = 0; i < db->nkept; i++) {
		k = &db->kept[i];
		ik_sb_puts(sb, "skipped: ");
		ik_sb_puts_safe(sb, db->src[k->source].path, "-");
		ik_sb_printf(sb, ":%zu: ", k->line);
		ik_sb_puts_safe(sb, k->reason, "");
		ik_sb_puts(sb, "\n");
	}
	if (db->skipped > db->nkept)
		ik_sb_printf(sb, "skipped: %zu more\n", db->skipped - db->nkept);
	ik_findings_text_opts(sb, f, "", t);
}

static json_t *
source_json(const ik_evsource *e)
{
	return ik_report_member(json_pack(
	    "{s:o, s:o, s:I, s:s, s:I, s:I, s:I, s:I}",
	    "file", ik_json_cstr(e->file != NULL ? e->file : e->path),
	    "sha256", ik_json_hex(e->sha256, 32),
	    "size", (json_int_t)e->size,
	    "format", e->format != NULL ? e->format : "empty",
	    "lines", (json_int_t)e->lines,
	    "events", (json_int_t)e->events,
	    "skipped", (json_int_t)e->skipped,
	    "ignored", (json_int_t)e->ignored), "file", e->member);
}

static json_t *
list_json(const ik_phone_itl *l)
{
	return json_pack("{s:o, s:o, s:b, s:o, s:o}",
	    "file", ik_json_cstr(l->file),
	    "node", ik_json_cstr(l->node),
	    "current", l->current,
	    "sha1", l->itl->has_sha1 ? ik_json_hex(l->itl->sha1, 20) :
	    json_null(),
	    "md5", l->itl->has_md5 ? ik_json_hex(l->itl->md5, 16) :
	    json_null());
}

json_t *
ik_phones_summary_json(const ik_phones *db, const size_t *counts,
    const ik_phone_itl *itls, size_t nitls, const ik_findings *f)
{
	json_t *o = json_object(), *c = json_object(), *in = json_array();
	json_t *sk = json_array(), *it = json_array();
	const ik_skipped *k;
	size_t i;
	int s;

	if (o == NULL || c == NULL || in == NULL || sk == NULL || it == NULL) {
		json_decref(o);
		json_decref(c);
		json_decref(in);
		json_decref(sk);
		json_decref(it);
		return NULL;
	}
	for (s = 0; s < IK_PS_COUNT; s++)
		json_object_set_new(c, ik_phone_status_name((ik_phone_status)s),
		    json_integer((json_int_t)counts[s]));
	for (i = 0; i < db->nsrc; i++)
		json_array_append_new(in, source_json(&db->src[i]));
	for (i = 0; i < db->nkept; i++) {
		k = &db->kept[i];
		json_array_append_new(sk, json_pack("{s:o, s:I, s:s}",
		    "file", ik_json_cstr(db->src[k->source].path),
		    "line", (json_int_t)k->line,
		    "reason", k->reason));
	}
	for (i = 0; i < nitls; i++)
		json_array_append_new(it, list_json(&itls[i]));
	json_object_set_new(o, "tool", json_string("itl-phones"));
	json_object_set_new(o, "summary", json_true());
	json_object_set_new(o, "counts", c);
	json_object_set_new(o, "phones", json_integer((json_int_t)db->n));
	json_object_set_new(o, "events", json_integer((json_int_t)db->events));
	json_object_set_new(o, "skipped_lines",
	    json_integer((json_int_t)db->skipped));
	json_object_set_new(o, "ignored_lines",
	    json_integer((json_int_t)db->ignored));
	json_object_set_new(o, "inputs", in);
	json_object_set_new(o, "itls", it);
	json_object_set_new(o, "skipped", sk);
	/* ok only when every phone is current and nothing is to be said. */
	ik_report_finish(o, counts[IK_PS_CURRENT] == db->n &&
	    ik_findings_worst(f) < IK_SEV_WARNING ? "ok" : "findings", f);
	return o;
}
