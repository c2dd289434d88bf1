/*
 * itl-phones: which phones hold which ITL, from DeviceTLInfo reports.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fe.h"
#include "ik_phones.h"
#include "ik_phones_render.h"
#include "ik_itl_render.h"
#include "ik_report.h"

#define MAX_ITLS 512

static void
usage(int code)
{
	fprintf(code ? stderr : stdout,
	    "usage: itl-phones [--json|--csv] --itl [NODE=]FILE... [--history FILE...] EVENTS...\n");
	exit(code);
}

struct lists {
	ik_phone_itl v[MAX_ITLS];
	ik_itl *itl[MAX_ITLS];
	char *names[MAX_ITLS];
	size_t n;
};

/* Adds every trust list of one --itl / --history argument. */
static int
add_itl(struct lists *L, const char *arg, bool current)
{
	const char *path;
	size_t nlen, len, n = 0, i;
	ik_itl **v = NULL;
	uint8_t *buf;
	ik_error err;
	ik_status r;
	char *label;

	path = ik_split_node_arg(arg, &nlen);
	ik_error_clear(&err);
	r = ik_read_file(path, IK_ITL_MAX_INPUT, &buf, &len, &err);
	if (r != IK_OK) {
		fe_report_error(path, &err);
		return FE_EXIT_USAGE;
	}
	r = ik_trustlist_load_all(buf, len, &v, &n, &err);
	free(buf);
	if (n == 0 || r == IK_FAILED) {
		fe_report_error(path, &err);
		for (i = 0; i < n; i++)
			ik_itl_free(v[i]);
		free(v);
		return n == 0 ? FE_EXIT_USAGE : FE_EXIT_FAIL;
	}
	for (i = 0; i < n; i++) {
		if (L->n == MAX_ITLS)
			fe_errx(FE_EXIT_USAGE, "at most %d trust lists", MAX_ITLS);
		if (asprintf(&label, "%.*s%s%s", (int)(nlen ? nlen :
		    strlen(path)), nlen ? arg : path, n > 1 ? "#" : "",
		    "") < 0)
			fe_errx(FE_EXIT_USAGE, "out of memory");
		if (n > 1) {
			char *l2;

			if (asprintf(&l2, "%s%zu", label, i + 1) < 0)
				fe_errx(FE_EXIT_USAGE, "out of memory");
			free(label);
			label = l2;
		}
		/* The trust engine judges signers: it needs the verified model. */
		ik_itl_verify(v[i]);
		L->v[L->n].file = path;
		L->v[L->n].node = label;
		L->v[L->n].itl = v[i];
		L->v[L->n].current = current;
		L->itl[L->n] = v[i];
		L->names[L->n++] = label;
	}
	free(v);
	return FE_EXIT_OK;
}

static void
summary_text(const ik_phones *db, const size_t *counts,
    const ik_findings *f)
{
	ik_sb sb;
	size_t i;
	int s;

	ik_sb_init(&sb);
	ik_sb_printf(&sb, "summary: %zu phones:", db->n);
	for (s = 0; s < IK_PS_COUNT; s++)
		ik_sb_printf(&sb, "%s %s %zu", s ? "," : "",
		    ik_phone_status_name((ik_phone_status)s), counts[s]);
	ik_sb_printf(&sb, "; %zu reports, %zu skipped lines, %zu other lines\n",
	    db->events, db->skipped, db->ignored);
	for (i = 0; i < db->nkept; i++) {
		ik_sb_puts(&sb, "skipped: ");
		ik_sb_puts_safe(&sb, db->src[db->kept[i].source].path, "-");
		ik_sb_printf(&sb, ":%zu: ", db->kept[i].line);
		ik_sb_puts_safe(&sb, db->kept[i].reason, "");
		ik_sb_puts(&sb, "\n");
	}
	if (db->skipped > db->nkept)
		ik_sb_printf(&sb, "skipped: %zu more\n", db->skipped - db->nkept);
	ik_findings_text(&sb, f, "");
	fe_sb_out(&sb);
	ik_sb_free(&sb);
}

static json_t *
summary_json(const ik_phones *db, const size_t *counts, const struct lists *L,
    const ik_findings *f)
{
	json_t *o = json_object(), *c = json_object(), *in = json_array();
	json_t *sk = json_array(), *it = json_array();
	size_t i;
	int s;

	for (s = 0; s < IK_PS_COUNT; s++)
		json_object_set_new(c, ik_phone_status_name((ik_phone_status)s),
		    json_integer((json_int_t)counts[s]));
	for (i = 0; i < db->nsrc; i++)
		json_array_append_new(in, json_pack("{s:o, s:o, s:I, s:s, s:I, s:I, s:I, s:I}",
		    "file", ik_json_cstr(db->src[i].path),
		    "sha256", ik_json_hex(db->src[i].sha256, 32),
		    "size", (json_int_t)db->src[i].size,
		    "format", db->src[i].format ? db->src[i].format : "empty",
		    "lines", (json_int_t)db->src[i].lines,
		    "events", (json_int_t)db->src[i].events,
		    "skipped", (json_int_t)db->src[i].skipped,
		    "ignored", (json_int_t)db->src[i].ignored));
	for (i = 0; i < db->nkept; i++)
		json_array_append_new(sk, json_pack("{s:o, s:I, s:s}",
		    "file", ik_json_cstr(db->src[db->kept[i].source].path),
		    "line", (json_int_t)db->kept[i].line,
		    "reason", db->kept[i].reason));
	for (i = 0; i < L->n; i++)
		json_array_append_new(it, json_pack("{s:o, s:o, s:b, s:o, s:o}",
		    "file", ik_json_cstr(L->v[i].file),
		    "node", ik_json_cstr(L->v[i].node),
		    "current", L->v[i].current,
		    "sha1", L->v[i].itl->has_sha1 ?
		    ik_json_hex(L->v[i].itl->sha1, 20) : json_null(),
		    "md5", L->v[i].itl->has_md5 ?
		    ik_json_hex(L->v[i].itl->md5, 16) : json_null()));
	json_object_set_new(o, "tool", json_string("itl-phones"));
	json_object_set_new(o, "summary", json_true());
	json_object_set_new(o, "counts", c);
	json_object_set_new(o, "phones", json_integer((json_int_t)db->n));
	json_object_set_new(o, "events", json_integer((json_int_t)db->events));
	json_object_set_new(o, "skipped_lines", json_integer((json_int_t)db->skipped));
	json_object_set_new(o, "ignored_lines", json_integer((json_int_t)db->ignored));
	json_object_set_new(o, "inputs", in);
	json_object_set_new(o, "itls", it);
	json_object_set_new(o, "skipped", sk);
	ik_report_finish(o, counts[IK_PS_CURRENT] == db->n &&
	    ik_findings_worst(f) < IK_SEV_WARNING ? "ok" : "findings", f);
	return o;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "csv", no_argument, NULL, 'c' },
		{ "itl", required_argument, NULL, 'i' },
		{ "history", required_argument, NULL, 'H' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	static struct lists L;
	size_t counts[IK_PS_COUNT] = { 0 }, *ix, i, ncur = 0;
	bool json = false, csv = false;
	int c, worst = FE_EXIT_OK;
	ik_phone_verdict v;
	ik_phone_lists pl;
	ik_findings fs;
	ik_phones db;
	ik_error err;
	ik_sb sb;

	fe_init("itl-phones");
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'j': json = true; break;
		case 'c': csv = true; break;
		case 'i': fe_note(&worst, add_itl(&L, optarg, true)); ncur++; break;
		case 'H': fe_note(&worst, add_itl(&L, optarg, false)); break;
		case 'h': usage(FE_EXIT_OK); break;
		case 'V': fe_version(); return FE_EXIT_OK;
		default: usage(FE_EXIT_USAGE);
		}
	}
	if (json && csv)
		fe_errx(FE_EXIT_USAGE, "--json and --csv exclude each other");
	if (optind >= argc || ncur == 0)
		usage(FE_EXIT_USAGE);
	ik_phones_init(&db);
	for (i = (size_t)optind; i < (size_t)argc && worst < FE_EXIT_USAGE; i++) {
		ik_error_clear(&err);
		if (ik_events_read_file(&db, argv[i], &err) != IK_OK) {
			fe_report_error(argv[i], &err);
			fe_note(&worst, FE_EXIT_USAGE);
		}
	}
	ix = ik_phones_sorted(&db);
	if (ix == NULL)
		fe_errx(FE_EXIT_USAGE, "out of memory");
	ik_findings_init(&fs);
	ik_phones_findings(&db, "--itl", &fs);
	ik_phone_lists_init(&pl, L.v, L.n);
	ik_sb_init(&sb);
	if (csv)
		ik_phone_csv_header(&sb);
	else if (!json)
		ik_phone_text_header(&sb);
	for (i = 0; i < db.n; i++) {
		const ik_phone *p = &db.v[ix[i]];

		ik_phone_judge(&pl, p, &v);
		counts[v.status]++;
		if (json) {
			fe_json_out(ik_phone_json(&db, p, &v));
		} else if (csv) {
			ik_phone_csv(&sb, &db, p, &v);
		} else {
			ik_phone_text(&sb, p, &v);
		}
		/* Flush as we go: a large population is a large report. */
		if (sb.len > 65536) {
			fe_sb_out(&sb);
			ik_sb_reset(&sb);
		}
	}
	fe_sb_out(&sb);
	ik_sb_free(&sb);
	if (pl.oom)
		fe_errx(FE_EXIT_USAGE, "out of memory");
	if (json) {
		fe_json_out(summary_json(&db, counts, &L, &fs));
	} else if (!csv) {
		summary_text(&db, counts, &fs);
	} else {
		if (db.skipped > 0)
			fe_warnx("%zu lines skipped (use --json or text output for their line numbers)",
			    db.skipped);
		for (i = 0; i < fs.n; i++)
			fe_warnx("%s: %s", fs.v[i].where, fs.v[i].message);
	}
	/* No report at all is no answer, not "all current". */
	if (counts[IK_PS_CURRENT] != db.n ||
	    ik_findings_worst(&fs) == IK_SEV_ERROR)
		fe_note(&worst, FE_EXIT_FAIL);
	ik_findings_free(&fs);
	ik_phone_lists_free(&pl);
	free(ix);
	ik_phones_free(&db);
	for (i = 0; i < L.n; i++) {
		ik_itl_free(L.itl[i]);
		free(L.names[i]);
	}
	return worst;
}
