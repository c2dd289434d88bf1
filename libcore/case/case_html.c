/*
 * case_html.c: layer case.  case.html, one self-contained page: the
 * headlines, then pictures drawn here as inline SVG (the trust lists of
 * each node on a time line, phones by status per node, the DRS
 * components as a grid), then the tables of case.md.  No script, font,
 * image or style sheet from anywhere: a Content-Security-Policy of
 * default-src 'none' says so to the browser too, and every string from
 * the evidence is escaped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case_private.h"

#define W		960
#define ROW		80
#define LEFT		150

static const char style[] =
    "body{font:14px/1.4 system-ui,sans-serif;margin:2em;max-width:1000px;"
    "color:#222}h1{font-size:1.4em}h2{font-size:1.15em;margin-top:2em;"
    "border-bottom:1px solid #ccc}table{border-collapse:collapse;"
    "margin:.5em 0}td,th{border:1px solid #ccc;padding:2px 6px;"
    "text-align:left;font-size:12px}.act{color:#a00;font-weight:bold}"
    ".ok{color:#070}.ev{color:#555;font-size:12px}code{font-size:12px}"
    "svg text{font:11px sans-serif}";

static void
esc(ik_sb *sb, const char *s)
{
	case_html_esc(sb, s);
}

static void
headlines(ik_sb *sb, const ik_case *c)
{
	const json_t *h, *e;
	size_t i, j;

	ik_sb_puts(sb, "<h2>Headlines</h2>\n<ul>\n");
	json_array_foreach(c->headlines, i, h) {
		bool act = json_is_true(json_object_get(h, "action"));

		ik_sb_printf(sb, "<li><span class=\"%s\">%s</span> ",
		    act ? "act" : "ok", act ? "Action:" : "OK:");
		esc(sb, case_str(h, "text"));
		json_array_foreach(json_object_get(h, "evidence"), j, e) {
			ik_sb_puts(sb, "<br><span class=\"ev\">evidence: ");
			esc(sb, json_string_value(e));
			ik_sb_puts(sb, "</span>");
		}
		ik_sb_puts(sb, "</li>\n");
	}
	ik_sb_puts(sb, "</ul>\n");
	if (json_array_size(c->unanswered) == 0)
		return;
	ik_sb_puts(sb, "<h2>Not answered by this bundle</h2>\n<ul>\n");
	json_array_foreach(c->unanswered, i, h) {
		ik_sb_puts(sb, "<li>");
		esc(sb, case_str(h, "question"));
		ik_sb_puts(sb, " <span class=\"ev\">needs: ");
		esc(sb, case_str(h, "needs"));
		ik_sb_puts(sb, "</span></li>\n");
	}
	ik_sb_puts(sb, "</ul>\n");
}

/* Seconds of an RFC 3339 time, or -1. */
static double
when(const char *t)
{
	time_t v;

	if (t == NULL || *t == '\0' || ik_time_parse(t, &v) != 0)
		return -1;
	return (double)v;
}

static void
timeline(ik_sb *sb, const ik_case *c)
{
	double lo = -1, hi = -1, t, x, lift;
	const char *anchor;
	size_t i, k, h, nv;
	const case_list *prev;
	char day[32];

	for (i = 0; i < c->nlists; i++) {
		if (c->lists[i].ctl || (t = when(c->lists[i].timestamp)) < 0)
			continue;
		if (lo < 0 || t < lo)
			lo = t;
		if (hi < 0 || t > hi)
			hi = t;
	}
	if (c->nnodes == 0 || lo < 0)
		return;
	if (hi - lo < 86400)
		hi = lo + 86400;
	h = (size_t)c->nnodes * ROW + 30;
	ik_sb_printf(sb, "<h2>Trust lists over time</h2>\n<svg xmlns=\"http:/"
	    "/www.w3.org/2000/svg\" width=\"%d\" height=\"%zu\" role=\"img\" "
	    "aria-label=\"timeline of ITL versions per node\">\n", W, h);
	for (k = 0; k < c->nnodes; k++) {
		double y = (double)k * ROW + 36;

		ik_sb_printf(sb, "<text x=\"4\" y=\"%.0f\">", y + 4);
		esc(sb, c->nodes[k]);
		ik_sb_printf(sb, "</text><line x1=\"%d\" y1=\"%.0f\" x2=\"%d\" "
		    "y2=\"%.0f\" stroke=\"#999\"/>\n", LEFT, y, W - 40, y);
		prev = NULL;
		nv = 0;
		for (i = 0; i < c->nlists; i++) {
			const case_list *l = &c->lists[i];
			bool sg, tv;

			if (l->ctl || l->same_as_earlier ||
			    strcmp(l->node, c->nodes[k]) != 0 ||
			    (t = when(l->timestamp)) < 0)
				continue;
			x = LEFT + (t - lo) / (hi - lo) * (W - 60 - LEFT);
			sg = prev != NULL && strcmp(prev->signer_sha1,
			    l->signer_sha1) != 0;
			tv = prev != NULL && strcmp(prev->tvs, l->tvs) != 0;
			ik_sb_printf(sb, "<circle cx=\"%.0f\" cy=\"%.0f\" r=\"7\" "
			    "fill=\"%s\"><title>", x, y, sg || tv ? "#c33" :
			    "#36a");
			esc(sb, c->items[l->item].file);
			ik_sb_puts(sb, "</title></circle><text x=\"");
			/* Neighbours close in time: labels on two levels. */
			lift = (double)(nv++ % 2) * 13;
			/* Near the right edge, labels end at the point. */
			anchor = x > W - 220 ? "end" : "middle";
			ik_sb_printf(sb, "%.0f\" y=\"%.0f\" text-anchor=\"%s\">",
			    x, y - 11 - lift, anchor);
			esc(sb, case_day(l->timestamp, day, sizeof(day)));
			ik_sb_printf(sb, "</text><text x=\"%.0f\" y=\"%.0f\" "
			    "text-anchor=\"%s\">", x, y + 20 + lift, anchor);
			esc(sb, l->signer);
			if (sg || tv)
				ik_sb_printf(sb, " (%s%s%s changed)", sg ?
				    "signer" : "", sg && tv ? ", " : "",
				    tv ? "TVS" : "");
			ik_sb_puts(sb, "</text>\n");
			prev = l;
		}
	}
	ik_sb_puts(sb, "</svg>\n");
}

static const struct {
	const char *status, *color;
} statuses[] = {
	{ "current", "#3a3" }, { "stale-recoverable", "#e90" },
	{ "stale-depends", "#cc4" }, { "stale-unrecoverable", "#c33" },
	{ "unknown", "#888" }, { "not-installed", "#69c" }
};
#define NSTATUS (sizeof(statuses) / sizeof(statuses[0]))

static void
phones_chart(ik_sb *sb, const ik_case *c)
{
	const char *nodes[64];
	long long cnt[64][NSTATUS], max = 1, tot;
	size_t nn = 0, i, k, s;
	const json_t *l;
	double x, w;

	memset(cnt, 0, sizeof(cnt));
	json_array_foreach(c->phones, i, l) {
		const char *node, *st;

		if (json_is_true(json_object_get(l, "summary")))
			continue;
		node = json_string_value(json_object_get(l, "node"));
		if (node == NULL)
			node = "(no node)";
		st = case_str(l, "status");
		for (k = 0; k < nn && strcmp(nodes[k], node) != 0; k++)
			;
		if (k == nn) {
			if (nn == 64)
				continue;
			nodes[nn++] = node;
		}
		for (s = 0; s < NSTATUS; s++)
			if (strcmp(statuses[s].status, st) == 0)
				cnt[k][s]++;
	}
	if (nn == 0)
		return;
	for (k = 0; k < nn; k++) {
		for (tot = 0, s = 0; s < NSTATUS; s++)
			tot += cnt[k][s];
		if (tot > max)
			max = tot;
	}
	ik_sb_printf(sb, "<h2>Phones by status</h2>\n<svg xmlns=\"http://www."
	    "w3.org/2000/svg\" width=\"%d\" height=\"%zu\" role=\"img\" "
	    "aria-label=\"phones by status per node\">\n", W, nn * 34 + 40);
	for (k = 0; k < nn; k++) {
		double y = (double)k * 34 + 8;

		ik_sb_printf(sb, "<text x=\"4\" y=\"%.0f\">", y + 16);
		esc(sb, nodes[k]);
		ik_sb_puts(sb, "</text>");
		x = LEFT;
		for (s = 0; s < NSTATUS; s++) {
			if (cnt[k][s] == 0)
				continue;
			w = (double)cnt[k][s] / (double)max * (W - 40 - LEFT);
			ik_sb_printf(sb, "<rect x=\"%.1f\" y=\"%.0f\" width=\"%.1f\" "
			    "height=\"24\" fill=\"%s\"><title>%s: %lld</title>"
			    "</rect><text x=\"%.1f\" y=\"%.0f\">%lld</text>", x, y,
			    w, statuses[s].color, statuses[s].status, cnt[k][s],
			    x + 3, y + 16, cnt[k][s]);
			x += w;
		}
		ik_sb_puts(sb, "\n");
	}
	for (x = LEFT, s = 0; s < NSTATUS; s++, x += 130)
		ik_sb_printf(sb, "<rect x=\"%.0f\" y=\"%zu\" width=\"12\" "
		    "height=\"12\" fill=\"%s\"/><text x=\"%.0f\" y=\"%zu\">%s"
		    "</text>", x, nn * 34 + 16, statuses[s].color, x + 16,
		    nn * 34 + 26, statuses[s].status);
	ik_sb_puts(sb, "\n</svg>\n");
}

static void
drs_grid(ik_sb *sb, const ik_case *c)
{
	const json_t *set, *comp;
	const char *srv[32], *cmp[32];
	size_t ns, nc, i, j, a, b;

	json_array_foreach(c->drs, i, set) {
		if (json_is_true(json_object_get(set, "summary")))
			continue;
		ns = nc = 0;
		json_array_foreach(json_object_get(set, "components"), j, comp) {
			const char *s = case_str(comp, "server");
			const char *n = case_str(comp, "component");

			for (a = 0; a < ns && strcmp(srv[a], s) != 0; a++)
				;
			if (a == ns && ns < 32)
				srv[ns++] = s;
			for (b = 0; b < nc && strcmp(cmp[b], n) != 0; b++)
				;
			if (b == nc && nc < 32)
				cmp[nc++] = n;
		}
		ik_sb_puts(sb, "<h2>DRS backup ");
		esc(sb, case_str(set, "backup_id"));
		ik_sb_printf(sb, "</h2>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
		    "width=\"%zu\" height=\"%zu\" role=\"img\" aria-label=\"DRS "
		    "components by server\">\n", LEFT + nc * 110 + 10,
		    ns * 30 + 30);
		for (b = 0; b < nc; b++) {
			ik_sb_printf(sb, "<text x=\"%zu\" y=\"14\">", LEFT + b * 110
			    + 4);
			esc(sb, cmp[b]);
			ik_sb_puts(sb, "</text>");
		}
		for (a = 0; a < ns; a++) {
			ik_sb_printf(sb, "<text x=\"4\" y=\"%zu\">", a * 30 + 40);
			esc(sb, srv[a]);
			ik_sb_puts(sb, "</text>");
		}
		json_array_foreach(json_object_get(set, "components"), j, comp) {
			const char *ck = case_str(comp, "checksum"), *fill, *lab;
			bool present = json_is_true(json_object_get(comp,
			    "present"));

			for (a = 0; a < ns && strcmp(srv[a], case_str(comp,
			    "server")) != 0; a++)
				;
			for (b = 0; b < nc && strcmp(cmp[b], case_str(comp,
			    "component")) != 0; b++)
				;
			if (a == ns || b == nc)
				continue;
			if (!present) {
				fill = "#c33";
				lab = "missing";
			} else if (strcmp(ck, "mismatch") == 0 ||
			    json_is_false(json_object_get(comp, "decrypted"))) {
				fill = "#c33";
				lab = "damaged";
			} else if (strcmp(ck, "match") == 0) {
				fill = "#3a3";
				lab = "verified";
			} else {
				fill = "#bbb";
				lab = "present";
			}
			ik_sb_printf(sb, "<rect x=\"%zu\" y=\"%zu\" width=\"104\" "
			    "height=\"24\" fill=\"%s\"/><text x=\"%zu\" y=\"%zu\">"
			    "%s</text>\n", LEFT + b * 110, a * 30 + 24, fill,
			    LEFT + b * 110 + 6, a * 30 + 40, lab);
		}
		ik_sb_puts(sb, "</svg>\n");
	}
}

static void
tables(ik_sb *sb, const ik_case *c)
{
	char hex[65];
	size_t i;

	if (c->nlists > 0) {
		ik_sb_puts(sb, "<h2>Trust lists by node</h2>\n<table><tr><th>node"
		    "</th><th>version</th><th>file</th><th>timestamp</th><th>"
		    "signer</th><th>SHA-1</th><th>status</th></tr>\n");
		for (i = 0; i < c->nlists; i++) {
			const case_list *l = &c->lists[i];

			ik_sb_puts(sb, "<tr><td>");
			esc(sb, l->node);
			ik_sb_printf(sb, "</td><td>%s%d%s</td><td>", l->ctl ?
			    "CTL " : "", l->version, l->same_as_earlier ?
			    " (same bytes)" : "");
			esc(sb, c->items[l->item].file);
			ik_sb_puts(sb, "</td><td>");
			esc(sb, l->timestamp);
			ik_sb_puts(sb, "</td><td>");
			esc(sb, l->signer);
			ik_sb_puts(sb, "</td><td><code>");
			esc(sb, l->sha1);
			ik_sb_puts(sb, "</code></td><td>");
			esc(sb, l->status);
			ik_sb_puts(sb, "</td></tr>\n");
		}
		ik_sb_puts(sb, "</table>\n");
	}
	ik_sb_puts(sb, "<h2>Inventory</h2>\n<table><tr><th>file</th><th>kind"
	    "</th><th>size</th><th>SHA-256</th><th>note</th></tr>\n");
	for (i = 0; i < c->nitems; i++) {
		const case_item *it = &c->items[i];

		ik_sb_puts(sb, "<tr><td>");
		esc(sb, it->file);
		ik_sb_printf(sb, "</td><td>%s</td><td>%llu</td><td><code>",
		    ik_case_kind_name(it->kind), (unsigned long long)it->size);
		if (it->has_sha256) {
			ik_hex(it->sha256, 32, hex);
			ik_sb_puts(sb, hex);
		}
		ik_sb_puts(sb, "</code></td><td>");
		esc(sb, it->note);
		ik_sb_puts(sb, "</td></tr>\n");
	}
	ik_sb_puts(sb, "</table>\n");
}

void
case_html(ik_sb *sb, const ik_case *c)
{
	const json_t *in = json_array_get(c->inputs, 0);

	ik_sb_puts(sb, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta "
	    "charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" "
	    "content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width\">\n"
	    "<title>Case triage: ");
	esc(sb, case_str(in, "path"));
	ik_sb_printf(sb, "</title>\n<style>%s</style></head><body>\n<h1>Case "
	    "triage: ", style);
	esc(sb, case_str(in, "path"));
	ik_sb_printf(sb, "</h1>\n<p>As of %s: %zu files, %zu trust lists, %zu "
	    "nodes. <span class=\"%s\">%s</span></p>\n", c->at, c->nitems,
	    c->nlists, c->nnodes, c->action ? "act" : "ok", c->action ?
	    "Action needed." : "Nothing needs action.");
	headlines(sb, c);
	timeline(sb, c);
	phones_chart(sb, c);
	drs_grid(sb, c);
	tables(sb, c);
	ik_sb_puts(sb, "<p class=\"ev\">Made by itlkit case-triage.</p>\n"
	    "</body></html>\n");
}
