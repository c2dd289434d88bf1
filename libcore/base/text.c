/*
 * text.c: what every text report shares besides findings' words: the
 * verdict line's colour and counts, findings grouped and wrapped, the
 * plain words for days left.
 * Layer: base.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ik_report.h"

/* SGR codes: errors red, warnings yellow, information cyan, good green. */
static const char *
tone_code(int tone)
{
	switch (tone) {
	case IK_SEV_ERROR: return "\033[1;31m";
	case IK_SEV_WARNING: return "\033[33m";
	case IK_SEV_INFO: return "\033[36m";
	default: return "\033[32m";
	}
}

void
ik_text_tone(ik_sb *sb, const ik_text_opts *t, int tone, const char *s)
{
	if (t == NULL || !t->color) {
		ik_sb_puts(sb, s);
		return;
	}
	ik_sb_puts(sb, tone_code(tone));
	ik_sb_puts(sb, s);
	ik_sb_puts(sb, "\033[0m");
}

void
ik_text_counts(ik_sb *sb, const ik_text_opts *t, const ik_findings *f)
{
	size_t n[3] = { 0, 0, 0 }, i;
	char buf[48];
	const char *sep = "; ";

	for (i = 0; i < f->n; i++)
		n[f->v[i].severity]++;
	/* What was lost may have been an error: count it as one. */
	n[IK_SEV_ERROR] += f->lost;
	if (n[IK_SEV_ERROR] > 0) {
		snprintf(buf, sizeof(buf), "%zu error%s", n[IK_SEV_ERROR],
		    n[IK_SEV_ERROR] == 1 ? "" : "s");
		ik_sb_puts(sb, sep);
		ik_text_tone(sb, t, IK_SEV_ERROR, buf);
		sep = ", ";
	}
	if (n[IK_SEV_WARNING] > 0) {
		snprintf(buf, sizeof(buf), "%zu warning%s", n[IK_SEV_WARNING],
		    n[IK_SEV_WARNING] == 1 ? "" : "s");
		ik_sb_puts(sb, sep);
		ik_text_tone(sb, t, IK_SEV_WARNING, buf);
	}
}

void
ik_text_days(ik_sb *sb, long long days)
{
	if (days > 0)
		ik_sb_printf(sb, "%lld day%s left", days, days == 1 ? "" : "s");
	else if (days == 0)
		ik_sb_puts(sb, "expires within a day");
	else
		ik_sb_printf(sb, "expired %lld day%s ago", -days,
		    days == -1 ? "" : "s");
}

/* Columns a piece of text takes: UTF-8 lead bytes, escapes excluded. */
static size_t
width(const char *s, size_t n)
{
	size_t i, w = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '\033') {
			while (i < n && s[i] != 'm')
				i++;
			continue;
		}
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			w++;
	}
	return w;
}

void
ik_text_wrap(ik_sb *sb, size_t from, const ik_text_opts *t,
    const char *indent)
{
	char *line;
	size_t n, i, start, brk, col, ind, w;
	bool nl;

	if (t == NULL || t->columns == 0 || sb->oom || from >= sb->len)
		return;
	n = sb->len - from;
	nl = sb->s[sb->len - 1] == '\n';
	if (nl)
		n--;
	if (width(sb->s + from, n) <= t->columns)
		return;
	line = malloc(n);
	if (line == NULL)
		return;		/* left unwrapped: still all there */
	memcpy(line, sb->s + from, n);
	sb->len = from;
	ind = width(indent, strlen(indent));
	/*
	 * Greedy: each piece ends at the last space that keeps it within
	 * the width; a word longer than the width (a hash, a path) stays
	 * whole on its own line rather than be cut.
	 */
	start = 0;
	col = 0;
	while (start < n) {
		brk = 0;
		w = col;	/* the width of line[start, i) */
		for (i = start; i < n; i++) {
			if (line[i] == ' ' && i > start &&
			    (w <= t->columns || brk == 0))
				brk = i;
			if (line[i] == '\033') {
				while (i + 1 < n && line[i] != 'm')
					i++;
				continue;
			}
			if (((unsigned char)line[i] & 0xc0) != 0x80)
				w++;
			if (w > t->columns && brk != 0)
				break;
		}
		if (i >= n) {
			ik_sb_add(sb, line + start, n - start);
			break;
		}
		ik_sb_add(sb, line + start, brk - start);
		ik_sb_puts(sb, "\n");
		ik_sb_puts(sb, indent);
		col = ind;
		start = brk + 1;
		while (start < n && line[start] == ' ')
			start++;
	}
	if (nl)
		ik_sb_puts(sb, "\n");
	free(line);
}

/*
 * The places of a group of findings as one: "record 1", "record 2" and
 * "record 4" are "records 1, 2, 4"; places of other shapes are listed as
 * they are.
 */
static void
group_where(ik_sb *sb, const ik_findings *f, const size_t *ix, size_t n)
{
	const char *w0 = f->v[ix[0]].where, *sp = strchr(w0, ' ');
	size_t k, plen = sp != NULL ? (size_t)(sp - w0) : 0;
	bool same = plen > 0 && n > 1;

	for (k = 1; same && k < n; k++)
		same = strncmp(f->v[ix[k]].where, w0, plen + 1) == 0 &&
		    strchr(f->v[ix[k]].where, ',') == NULL;
	if (same && strchr(w0, ',') != NULL)
		same = false;
	if (same) {
		ik_sb_add_safe(sb, (const uint8_t *)w0, plen);
		ik_sb_puts(sb, "s ");
	}
	for (k = 0; k < n; k++) {
		if (k > 0)
			ik_sb_puts(sb, ", ");
		ik_sb_puts_safe(sb, f->v[ix[k]].where + (same ? plen + 1 : 0),
		    "");
	}
}

/* Same severity, code and reason, and both with a place or neither. */
static bool
same_finding(const ik_finding *a, const ik_finding *b)
{
	return a->severity == b->severity && a->id == b->id &&
	    (a->where == NULL) == (b->where == NULL) &&
	    a->message != NULL && b->message != NULL &&
	    strcmp(a->message, b->message) == 0;
}

/* One line: the finding at ix[0] with the places of all n. */
static void
finding_line(ik_sb *sb, const ik_findings *f, const size_t *ix, size_t n,
    const char *pfx, const ik_text_opts *t)
{
	const ik_finding *x = &f->v[ix[0]];
	size_t from = sb->len;
	char *indent;

	ik_sb_puts(sb, pfx);
	ik_text_tone(sb, t, (int)x->severity, ik_severity_name(x->severity));
	ik_sb_printf(sb, " %s", x->code);
	/* Both quote names from the evidence. */
	if (x->where != NULL) {
		ik_sb_puts(sb, " [");
		group_where(sb, f, ix, n);
		ik_sb_puts(sb, "]");
	}
	ik_sb_puts(sb, ": ");
	ik_sb_puts_safe(sb, x->message, "");
	ik_sb_puts(sb, "\n");
	if (t != NULL && t->columns > 0) {
		/* Continuation lines keep the prefix, for grep '^-- '. */
		indent = malloc(strlen(pfx) + 5);
		if (indent != NULL) {
			snprintf(indent, strlen(pfx) + 5, "%s    ", pfx);
			ik_text_wrap(sb, from, t, indent);
			free(indent);
		}
	}
}

void
ik_findings_lost_message(char *buf, size_t len, size_t lost)
{
	snprintf(buf, len, "%zu finding%s lost: memory ran out", lost,
	    lost == 1 ? " was" : "s were");
}

void
ik_findings_text(ik_sb *sb, const ik_findings *f, const char *pfx)
{
	ik_findings_text_opts(sb, f, pfx, NULL);
}

void
ik_findings_text_opts(ik_sb *sb, const ik_findings *f, const char *pfx,
    const ik_text_opts *t)
{
	char msg[64];
	size_t i, j, n, *ix;
	bool *done;
	int sev;

	ix = calloc(f->n + 1, sizeof(*ix));
	done = calloc(f->n + 1, sizeof(*done));
	/* Errors first: the line a reader needs is the first one. */
	for (sev = IK_SEV_ERROR; sev >= IK_SEV_INFO; sev--) {
		for (i = 0; i < f->n; i++) {
			if ((int)f->v[i].severity != sev)
				continue;
			if (ix == NULL || done == NULL) {
				/* No memory to group: one line each. */
				finding_line(sb, f, &i, 1, pfx, t);
				continue;
			}
			if (done[i])
				continue;
			/* The same reason at several places: said once. */
			n = 0;
			for (j = i; j < f->n; j++)
				if (!done[j] && same_finding(&f->v[i],
				    &f->v[j])) {
					done[j] = true;
					ix[n++] = j;
				}
			if (n == 0)
				ix[n++] = i;
			finding_line(sb, f, ix, n, pfx, t);
		}
		if (sev == IK_SEV_ERROR && f->lost > 0) {
			ik_findings_lost_message(msg, sizeof(msg), f->lost);
			ik_sb_puts(sb, pfx);
			ik_text_tone(sb, t, IK_SEV_ERROR, "error");
			ik_sb_printf(sb, " %s: %s\n",
			    ik_code_name(IKF_FINDINGS_LOST), msg);
		}
	}
	free(ix);
	free(done);
}
