/*
 * job_phones.c: layer jobs.  itl.phones: which phones hold which ITL, from
 * their DeviceTLInfo reports matched against the trust lists served now
 * and before, and whether each can take the current list of its node.
 */
#include <stdlib.h>
#include <string.h>

#include "ik_itl.h"
#include "ik_phones.h"
#include "ik_phones_render.h"
#include "jobs_private.h"

#define MAX_LISTS	512
/* A caller that prints as it goes gets the output in pieces this size. */
#define FLUSH_LINES	256
#define FLUSH_BYTES	65536

static const ik_arg_spec phones_args[] = {
	{ "itl", IK_ARG_STRINGS, true, 0, 0,
	    "the trust lists the TFTP servers serve now, each [NODE=]FILE" },
	{ "history", IK_ARG_STRINGS, false, 0, 0,
	    "trust lists served before, each [NODE=]FILE" },
	{ "inputs", IK_ARG_STRINGS, true, 0, 0,
	    "the phone reports (DeviceTLInfo alarm XML, SIP captures, syslog, "
	    "CSV exports), streamed; - for standard input" },
	{ NULL, IK_ARG_STRING, false, 0, 0, NULL }
};

struct lists {
	ik_phone_itl *v;		/* MAX_LISTS */
	size_t n;
};

static void
lists_free(struct lists *L)
{
	size_t i;

	for (i = 0; i < L->n; i++) {
		ik_itl_free((ik_itl *)L->v[i].itl);
		free((char *)L->v[i].node);
		free((char *)L->v[i].file);
	}
	free(L->v);
}

/*
 * Adds every trust list of one [NODE=]FILE (NODE#k for one of several
 * dumps or members of an archive).  When one of its inputs cannot be
 * read or is malformed, none of its lists is judged with: the outcome
 * says so.
 */
static ik_outcome
add_lists(struct lists *L, const char *arg, bool current,
    const ik_job_ctx *ctx, ik_job_result *res)
{
	jobs_bad b = { ctx, res, IK_OUTCOME_OK, "file", JOBS_BAD_PHONES };
	jobs_lists l;
	size_t i, n;

	jobs_lists_read(arg, true, &l, jobs_list_bad, &b);
	if (l.notes.len > 0)
		ik_sb_add(&res->errors, l.notes.s, l.notes.len);
	n = l.n;
	for (i = 0; b.o == IK_OUTCOME_OK && i < l.n; i++) {
		if (L->n == MAX_LISTS) {
			ik_error_set(&res->err, IK_FATAL, IK_ERR_USAGE,
			    "at most %d trust lists", MAX_LISTS);
			break;
		}
		/* The trust engine judges signers: it needs the verified model. */
		ik_itl_verify(l.v[i].itl);
		L->v[L->n].file = l.v[i].name;
		L->v[L->n].node = l.v[i].label;
		L->v[L->n].itl = l.v[i].itl;
		L->v[L->n].current = current;
		L->n++;
		l.v[i].name = NULL;
		l.v[i].label = NULL;
		l.v[i].itl = NULL;
	}
	jobs_lists_free(&l);
	if (b.o == IK_OUTCOME_OK && n == 0)
		b.o = IK_OUTCOME_ERROR;
	return res->err.msg[0] != '\0' ? IK_OUTCOME_ERROR : b.o;
}

/* An events input that could not be read: said, and an object in JSON. */
static void
events_bad(const ik_input *in, ik_status st, const ik_error *err,
    const ik_job_ctx *ctx, ik_job_result *res)
{
	jobs_unreadable(ctx, res, in, "file", err);
	ik_job_result_note(res, st == IK_FAILED ? IK_OUTCOME_FAIL :
	    IK_OUTCOME_ERROR);
}

static ssize_t
member_read(void *arg, uint8_t *buf, size_t n, ik_error *err)
{
	return ik_input_read(arg, buf, n, err);
}

/*
 * One events input: a file (mapped, as it streams), or standard input,
 * or each log inside an archive, read through the archive as it streams
 * (a gzip'd syslog too).
 */
static void
events_input(ik_phones *db, const char *path, const ik_job_ctx *ctx,
    ik_job_result *res)
{
	const unsigned kinds = IK_IN_BIT(IK_IN_EVENTS) |
	    IK_IN_BIT(IK_IN_UNKNOWN);
	ik_input_opts io = { kinds, IK_ITL_MAX_INPUT, 0, 0, 0, 0 };
	ik_input_iter *it;
	ik_input in;
	ik_error err;
	ik_status st;
	bool plain = false;

	ik_error_clear(&err);
	if (ik_input_open(path, &io, &it, &err) != IK_OK) {
		ik_job_result_error(res, path, &err);
		ik_job_result_note(res, IK_OUTCOME_ERROR);
		return;
	}
	ik_input_stream(it, kinds);
	while (ik_input_next(it, &in, &st, &err)) {
		if (st != IK_OK)
			events_bad(&in, st, &err, ctx, res);
		else if (in.member == NULL && strcmp(path, "-") != 0)
			plain = true;	/* read as a file, mapped */
		else if ((st = ik_events_read_stream(db, in.name,
		    in.member != NULL ? in.path : NULL, in.member != NULL ?
		    (size_t)(in.member - in.name) : 0, member_read, it,
		    &err)) != IK_OK)
			events_bad(&in, st, &err, ctx, res);
		ik_input_free(&in);
	}
	ik_input_iter_report(it, &res->errors);
	ik_input_iter_free(it);
	if (plain && (st = ik_events_read_file(db, path, &err)) != IK_OK) {
		in.path = in.name = path;
		in.member = NULL;
		events_bad(&in, IK_FATAL, &err, ctx, res);
	}
}

/* Hands what the result holds to a caller that prints as it goes. */
static void
flush(const ik_job_ctx *ctx, ik_job_result *res)
{
	if (ctx->emit != NULL && (json_array_size(res->lines) >= FLUSH_LINES ||
	    res->text.len >= FLUSH_BYTES))
		ik_job_result_emit(res, ctx);
}

/*
 * CSV has no room for them: skipped lines and findings go with the
 * messages.
 */
static void
csv_messages(const ik_phones *db, const ik_findings *fs,
    const ik_job_ctx *ctx, ik_job_result *res)
{
	char json[32];
	size_t i;

	if (db->skipped > 0 && ctx->option != NULL) {
		ctx->option("json", json, sizeof(json));
		ik_job_result_warn(res,
		    "%zu lines skipped (use %s or text output for their line numbers)",
		    db->skipped, json);
	} else if (db->skipped > 0)
		ik_job_result_warn(res,
		    "%zu lines skipped (the JSON and text reports give their line numbers)",
		    db->skipped);
	for (i = 0; i < fs->n; i++)
		ik_job_result_warn(res, "%s: %s", fs->v[i].where != NULL ?
		    fs->v[i].where : "-", fs->v[i].message);
}

/*
 * The answer first: every phone judged once more (the engine's answers
 * are cached) for what a bulk reset reaches.
 */
static void
verdict(const ik_phones *db, ik_phone_lists *pl, const ik_job_ctx *ctx,
    ik_job_result *res)
{
	size_t counts[IK_PS_COUNT] = { 0 }, by_hand = 0, i;
	ik_text_opts to = jobs_text_opts(ctx);
	ik_phone_verdict v;
	char csv[32], hint[48];

	for (i = 0; i < db->n; i++) {
		ik_phone_judge(pl, &db->v[i], &v);
		counts[v.status]++;
		if (v.remedy == IK_REMEDY_DELETE)
			by_hand++;
	}
	if (ctx->option != NULL) {
		ctx->option("csv", csv, sizeof(csv));
		snprintf(hint, sizeof(hint), "list with %s", csv);
	} else {
		snprintf(hint, sizeof(hint), "listed in the CSV report");
	}
	ik_phones_verdict_text(&res->text, db, counts, by_hand, hint, &to);
}

/* Every phone judged and rendered, then the summary; the outcome. */
static void
report(const ik_phones *db, const struct lists *L, const ik_job_ctx *ctx,
    ik_job_result *res)
{
	size_t counts[IK_PS_COUNT] = { 0 }, *ix, i;
	bool json = ctx->want_json, csv = !json && ctx->want_csv;
	bool text = !json && !csv && ctx->want_text;
	ik_text_opts to = jobs_text_opts(ctx);
	ik_phone_said said = { { NULL }, { NULL }, 0 };
	ik_phone_verdict v;
	ik_phone_lists pl;
	ik_findings fs;
	char itl[32], history[32];

	ix = ik_phones_sorted(db);
	if (ix == NULL) {
		ik_error_set(&res->err, IK_FATAL, IK_ERR_MEMORY,
		    "out of memory");
		res->outcome = IK_OUTCOME_ERROR;
		return;
	}
	ik_phone_lists_init(&pl, L->v, L->n);
	if (ctx->option != NULL) {
		ctx->option("itl", itl, sizeof(itl));
		ctx->option("history", history, sizeof(history));
		ik_phone_lists_name(&pl, itl, history);
	}
	ik_findings_init(&fs);
	ik_phones_findings(db, ctx->option != NULL ? itl : NULL, &fs);
	if (text)
		verdict(db, &pl, ctx, res);
	if (csv)
		ik_phone_csv_header(&res->text);
	else if (text && !ctx->brief)
		ik_phone_text_header(&res->text);
	for (i = 0; i < db->n; i++) {
		const ik_phone *p = &db->v[ix[i]];

		ik_phone_judge(&pl, p, &v);
		counts[v.status]++;
		if (json)
			ik_job_result_line(res, ik_phone_json(db, p, &v));
		else if (csv)
			ik_phone_csv(&res->text, db, p, &v);
		else if (text && !ctx->brief)
			ik_phone_text(&res->text, p, &v, &to, &said);
		flush(ctx, res);
	}
	if (pl.oom) {
		ik_error_set(&res->err, IK_FATAL, IK_ERR_MEMORY,
		    "out of memory");
		res->outcome = IK_OUTCOME_ERROR;
	} else {
		if (json)
			ik_job_result_line(res, ik_phones_summary_json(db,
			    counts, L->v, L->n, &fs));
		else if (text && !ctx->brief)
			ik_phones_summary_text(&res->text, db, counts, &fs,
			    &to);
		else if (csv)
			csv_messages(db, &fs, ctx, res);
		/* No report at all is no answer, not "all current". */
		if (counts[IK_PS_CURRENT] != db->n ||
		    ik_findings_worst(&fs) == IK_SEV_ERROR)
			ik_job_result_note(res, IK_OUTCOME_FAIL);
	}
	ik_findings_free(&fs);
	ik_phone_lists_free(&pl);
	free(ix);
}

static void
phones_run(const json_t *args, const ik_job_ctx *ctx, ik_job_result *res)
{
	static const char *const kinds[] = { "itl", "history" };
	struct lists L;
	ik_phones db;
	size_t k, i;

	L.n = 0;
	L.v = calloc(MAX_LISTS, sizeof(*L.v));
	if (L.v == NULL) {
		ik_error_set(&res->err, IK_FATAL, IK_ERR_MEMORY, "out of memory");
		res->outcome = IK_OUTCOME_ERROR;
		return;
	}
	/* Every list is tried, so that every bad one is named at once. */
	for (k = 0; k < 2 && res->err.msg[0] == '\0'; k++)
		for (i = 0; i < ik_arg_count(args, kinds[k]) &&
		    res->err.msg[0] == '\0'; i++)
			ik_job_result_note(res, add_lists(&L,
			    ik_arg_item(args, kinds[k], i), k == 0, ctx, res));
	if (res->err.msg[0] != '\0') {
		lists_free(&L);
		return;
	}
	/*
	 * Reports are read only when every list was: a run judged against
	 * fewer lists than given would mislead.  What was read is reported
	 * even when an input could not be.
	 */
	ik_phones_init(&db);
	/* Only the JSON objects carry each input's SHA-256. */
	db.no_digest = !ctx->want_json;
	for (i = 0; i < ik_arg_count(args, "inputs") &&
	    res->outcome != IK_OUTCOME_ERROR; i++)
		events_input(&db, ik_arg_item(args, "inputs", i), ctx, res);
	report(&db, &L, ctx, res);
	ik_phones_free(&db);
	lists_free(&L);
}

static const ik_result_field phones_results[] = {
	JOBS_RES_INPUT("file"),
	JOBS_RES_STR("device", "the first phone (items: every phone)"),
	JOBS_RES_STR("ip", "its address"),
	JOBS_RES_STR("reported_hash", "the ITL hash it reported"),
	JOBS_RES_STR("algorithm", "SHA1 or MD5"),
	JOBS_RES_STR("tftp_server", "the TFTP server it named"),
	JOBS_RES_OBJECT("matched", "{file, node, current} the hash matched"),
	JOBS_RES_BOOL("has_itl_recovery", "its ITL has this cluster's ITLRECOVERY"),
	JOBS_RES_INT("reports", "its reports"),
	JOBS_RES_STR("last_seen", "its latest report"),
	JOBS_RES_STR("items[].device", "each phone"),
	JOBS_RES_STR("items[].ip", "each phone's address"),
	JOBS_RES_STR("items[].reported_hash", "each phone's ITL hash"),
	JOBS_RES_BOOL("items[].has_itl_recovery", "each phone's recovery record"),
	JOBS_RES_OBJECT("summary", "the summary line"),
	JOBS_RES_OBJECT("summary.counts", "phones per status"),
	JOBS_RES_INT("summary.counts.current", "holding a served list"),
	JOBS_RES_INT("summary.counts.stale-recoverable", "a bulk reset reaches them"),
	JOBS_RES_INT("summary.counts.stale-depends", "reached through TVS, depending"),
	JOBS_RES_INT("summary.counts.stale-unrecoverable", "need the ITL deleted by hand"),
	JOBS_RES_INT("summary.counts.unknown", "hash matches no list given"),
	JOBS_RES_INT("summary.counts.not-installed", "no ITL installed"),
	JOBS_RES_INT("summary.phones", "phones seen"),
	JOBS_RES_INT("summary.events", "reports read"),
	JOBS_RES_INT("summary.skipped_lines", "lines not understood"),
	JOBS_RES_STR("summary.status", "ok or findings"),
	JOBS_RES_STATUS,
	JOBS_RES_END
};

const ik_job ik_job_itl_phones = {
	"itl.phones",
	"which phones hold which ITL, from their DeviceTLInfo reports",
	phones_args,
	phones_run,
	phones_results
};
