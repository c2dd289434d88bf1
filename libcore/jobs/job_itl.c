/*
 * job_itl.c: layer jobs.  itl.diff (the trust lists of a cluster's nodes,
 * or two versions of one node, compared) and itl.trust (would phones
 * holding each installed list accept the candidate).
 */
#include <stdlib.h>
#include <string.h>

#include "ik_itl.h"
#include "ik_itl_render.h"
#include "ik_trust.h"
#include "jobs_private.h"

/* More lists than a cluster has nodes, by far. */
#define DIFF_MAX_LISTS	512
#define TRUST_MAX_INSTALLED 256

static const ik_arg_spec diff_args[] = {
	{ "inputs", IK_ARG_STRINGS, true, 0, 0,
	    "the trust lists (binary or show itl dumps), each [NODE=]FILE, "
	    "- for standard input; a file of several dumps gives NODE#1, ..." },
	{ "publisher", IK_ARG_STRING, false, 0, 0,
	    "the publisher's current host name (full or first label)" },
	{ "versions", IK_ARG_BOOL, false, 0, 0,
	    "the two lists are the old and new versions of one node (default: "
	    "so when both have the same NODE, or one file holds two dumps)" },
	{ "at", IK_ARG_TIME, false, 0, 0,
	    "the time the report states (default now)" },
	{ NULL, IK_ARG_STRING, false, 0, 0, NULL }
};

/* The lists being compared, with what they were read from. */
struct diff_lists {
	ik_diff_input *in;		/* DIFF_MAX_LISTS */
	size_t n;
	bool named;			/* some input had NODE= */
	bool same_name;			/* every input read had the same NODE */
	bool members;			/* an argument gave lists of several inputs */
	const char *first;		/* NODE of the first input read */
	size_t first_len;
};

static void
diff_lists_free(struct diff_lists *L)
{
	size_t i;

	for (i = 0; i < L->n; i++) {
		ik_itl_free((ik_itl *)L->in[i].itl);
		free((char *)L->in[i].node);
		free((char *)L->in[i].file);
	}
	free(L->in);
}

/*
 * Adds every trust list of one [NODE=]FILE (a dump file may hold several,
 * labelled NODE#k; an archive each inside).  The outcome of that input;
 * res->err set when the job cannot go on.
 */
static ik_outcome
diff_add(struct diff_lists *L, const char *arg, const ik_job_ctx *ctx,
    ik_job_result *res)
{
	jobs_bad b = { ctx, res, IK_OUTCOME_OK, "file", JOBS_BAD_DIFF };
	jobs_lists l;
	size_t i, n, nlen;

	jobs_lists_read(arg, true, &l, jobs_list_bad, &b);
	if (l.notes.len > 0)
		ik_sb_add(&res->errors, l.notes.s, l.notes.len);
	if (l.name_len > 0)
		L->named = true;
	if (l.inputs > 1 || l.members > 0)
		L->members = true;
	for (i = 0; i < l.n; i++) {
		if (L->n == DIFF_MAX_LISTS) {
			ik_error_set(&res->err, IK_FATAL, IK_ERR_USAGE,
			    "at most %d trust lists", DIFF_MAX_LISTS);
			jobs_lists_free(&l);
			return IK_OUTCOME_ERROR;
		}
		ik_itl_verify(l.v[i].itl);
		L->in[L->n].node = l.v[i].label;
		L->in[L->n].file = l.v[i].name;
		L->in[L->n].member = l.v[i].member;
		L->in[L->n].itl = l.v[i].itl;
		memcpy(L->in[L->n].sha256, l.v[i].sha256, 32);
		L->in[L->n].size = l.v[i].size;
		L->n++;
		l.v[i].label = NULL;
		l.v[i].name = NULL;
		l.v[i].itl = NULL;
	}
	n = l.n;
	nlen = l.name_len;
	jobs_lists_free(&l);
	if (n == 0)
		return b.o;
	/* Two lists under one NODE are two versions of that node. */
	if (L->first == NULL) {
		L->first = arg;
		L->first_len = nlen;
	} else if (nlen == 0 || nlen != L->first_len ||
	    memcmp(arg, L->first, nlen) != 0)
		L->same_name = false;
	return b.o;
}

/* How the caller spells an option, or NULL when it has none. */
static const char *
option(const ik_job_ctx *ctx, const char *name, char *buf, size_t size)
{
	if (ctx->option == NULL)
		return NULL;
	ctx->option(name, buf, size);
	return buf;
}

static void
diff_run(const json_t *args, const ik_job_ctx *ctx, ik_job_result *res)
{
	size_t nargs = ik_arg_count(args, "inputs"), i;
	struct diff_lists L;
	ik_diff_opts o;
	ik_diff d;
	ik_error err;
	ik_status r;
	char opt[64];

	memset(&L, 0, sizeof(L));
	L.same_name = true;
	o.publisher = ik_arg_str(args, "publisher", NULL);
	o.versions = ik_arg_bool(args, "versions", false);
	o.at = ik_arg_time(args, "at", time(NULL));
	L.in = calloc(DIFF_MAX_LISTS, sizeof(*L.in));
	if (L.in == NULL) {
		ik_error_set(&res->err, IK_FATAL, IK_ERR_MEMORY, "out of memory");
		res->outcome = IK_OUTCOME_ERROR;
		return;
	}
	for (i = 0; i < nargs && res->err.msg[0] == '\0'; i++)
		ik_job_result_note(res, diff_add(&L, ik_arg_item(args, "inputs",
		    i), ctx, res));
	if (res->outcome == IK_OUTCOME_ERROR)
		goto out;
	/*
	 * Two versions of one node: asked for, or two lists under one NODE
	 * name, or one file holding exactly two dumps (before and after);
	 * not two trust lists of an archive.
	 */
	if (L.n == 2 && ((L.named && L.same_name && nargs == 2) ||
	    (nargs == 1 && !L.members)))
		o.versions = true;
	if (o.versions && L.n != 2) {
		if (option(ctx, "versions", opt, sizeof(opt)) != NULL)
			ik_error_set(&res->err, IK_FATAL, IK_ERR_USAGE,
			    "%s compares exactly two trust lists (old, new), got %zu",
			    opt, L.n);
		else
			ik_error_set(&res->err, IK_FATAL, IK_ERR_USAGE,
			    "a comparison of versions takes exactly two trust lists (old, new), got %zu",
			    L.n);
		res->outcome = IK_OUTCOME_ERROR;
		goto out;
	}
	if (L.n < 2) {
		ik_error_set(&res->err, IK_FATAL, IK_ERR_USAGE,
		    "nothing to compare: give two or more trust lists");
		res->outcome = IK_OUTCOME_ERROR;
		goto out;
	}
	ik_error_clear(&err);
	r = ik_diff_run(L.in, L.n, &o, &d, &err);
	if (r == IK_FATAL) {
		res->err = err;
		res->outcome = IK_OUTCOME_ERROR;
	} else {
		if (ctx->want_json)
			ik_job_result_line(res, ik_diff_json(&d));
		if (ctx->want_csv && !ctx->want_json) {
			ik_diff_csv_header(&res->text);
			ik_diff_csv(&res->text, &d);
		} else if (ctx->want_text) {
			ik_text_opts to = jobs_text_opts(ctx);

			ik_diff_text(&res->text, &d, &to);
		}
		ik_job_result_note(res, r == IK_FAILED ? IK_OUTCOME_FAIL :
		    IK_OUTCOME_OK);
	}
	ik_diff_free(&d);
out:
	diff_lists_free(&L);
}

static const ik_result_field diff_results[] = {
	JOBS_RES_STR("tool", "itl-diff"),
	JOBS_RES_STR("at", "the time validity is judged as of"),
	JOBS_RES_STR("mode", "nodes (across nodes) or versions (of one node)"),
	JOBS_RES_ARRAY("nodes", "each list compared"),
	JOBS_RES_STR("nodes[].node", "its node name (NODE=FILE) or path"),
	JOBS_RES_STR("nodes[].file", "its file"),
	JOBS_RES_STR("nodes[].md5", "its MD5"),
	JOBS_RES_STR("nodes[].sha1", "its SHA-1 (what its phones report)"),
	JOBS_RES_OBJECT("nodes[].signer", "its signer"),
	JOBS_RES_BOOL("nodes[].signer.is_itl_recovery", "signed by ITLRecovery"),
	JOBS_RES_STR("nodes[].signature", "its signature verdict"),
	JOBS_RES_OBJECT("itl_recovery", "the ITLRECOVERY records"),
	JOBS_RES_BOOL("itl_recovery.consistent", "one, the same in every list"),
	JOBS_RES_STR("itl_recovery.cert_sha1", "its certificate's SHA-1"),
	JOBS_RES_STR("itl_recovery.cn", "its CN"),
	JOBS_RES_STR("itl_recovery.host", "the host its CN names"),
	JOBS_RES_ANY("itl_recovery.names_publisher", "true/false with a publisher given, else null"),
	JOBS_RES_OBJECT("tvs", "the TVS records"),
	JOBS_RES_BOOL("tvs.consistent", "the same TVS set everywhere"),
	JOBS_RES_ARRAY("tvs.missing", "{node, tvs_of} missing"),
	JOBS_RES_OBJECT("capf", "the CAPF records"),
	JOBS_RES_BOOL("capf.consistent", "the same CAPF everywhere"),
	JOBS_RES_ARRAY("changes", "versions: records added, removed, changed"),
	JOBS_RES_STR("changes[].role", "the record's role"),
	JOBS_RES_STR("changes[].change", "added, removed or changed"),
	JOBS_RES_STR("changes[].subject", "the record's subject"),
	JOBS_RES_OBJECT("trust", "versions: the itl.trust verdict of the change"),
	JOBS_RES_STR("trust.verdict", "accept, reject, depends, unknown"),
	JOBS_RES_STATUS,
	JOBS_RES_END
};

const ik_job ik_job_itl_diff = {
	"itl.diff",
	"compare the trust lists of a cluster's nodes, or two versions of one node",
	diff_args,
	diff_run,
	diff_results
};

static const ik_arg_spec trust_args[] = {
	{ "installed", IK_ARG_STRINGS, true, 0, 0,
	    "the lists phones hold, each [NAME=]FILE or none (nothing "
	    "installed); one report each" },
	{ "candidate", IK_ARG_STRING, true, 0, 0,
	    "the trust list about to be served, - for standard input" },
	{ NULL, IK_ARG_STRING, false, 0, 0, NULL }
};

/* One side of a judgement, loaded. */
struct side {
	ik_trust_side s;
	ik_itl *itl;
	char *name;		/* "path:member" of an archive member */
	uint8_t sha256[32];
};

/*
 * Takes list i of l into t, verified; a malformed one is said, in JSON
 * too, and not taken.
 */
static ik_outcome
trust_take(jobs_lists *l, size_t i, const char *key, struct side *t,
    const ik_job_ctx *ctx, ik_job_result *res)
{
	jobs_list *x = &l->v[i];
	ik_error err;

	free(t->name);
	t->name = NULL;
	if (x->member != NULL) {
		t->name = x->name;
		x->name = NULL;
		t->s.path = t->name;
	}
	memcpy(t->sha256, x->sha256, 32);
	t->s.sha256 = t->sha256;
	t->s.size = x->size;
	if (x->itl->malformed) {
		ik_job_result_warn(res, "%s: malformed: %s", t->s.path,
		    ik_itl_malformed_message(x->itl));
		if (ctx->want_json) {
			ik_error_set(&err, IK_FAILED, IK_ERR_FORMAT,
			    "malformed: %s", ik_itl_malformed_message(x->itl));
			ik_job_result_line(res, ik_job_unreadable(ctx, key,
			    t->s.path, &err));
		}
		return IK_OUTCOME_FAIL;
	}
	t->itl = x->itl;
	x->itl = NULL;
	ik_itl_verify(t->itl);
	t->s.itl = t->itl;
	return IK_OUTCOME_OK;
}

/* The trust lists of path, read; the outcome of the inputs that failed. */
static ik_outcome
trust_read(const char *path, const char *key, jobs_lists *l,
    const ik_job_ctx *ctx, ik_job_result *res)
{
	jobs_bad b = { ctx, res, IK_OUTCOME_OK, key, JOBS_BAD_TRUST };

	jobs_lists_read(path, false, l, jobs_list_bad, &b);
	if (l->notes.len > 0)
		ik_sb_add(&res->errors, l->notes.s, l->notes.len);
	return b.o;
}

/*
 * Loads the first trust list of path into t (a text file may hold
 * several, an archive several files), verified; the outcome of that
 * input.
 */
static ik_outcome
trust_load(const char *path, struct side *t, const ik_job_ctx *ctx,
    ik_job_result *res)
{
	ik_outcome o;
	jobs_lists l;

	t->s.path = path;
	o = trust_read(path, "candidate", &l, ctx, res);
	if (l.n == 0) {
		jobs_lists_free(&l);
		return o;
	}
	if (l.n > 1 && l.inputs == 1 && l.members == 0)
		ik_job_result_warn(res, "%s: holds %zu dumps; using the first",
		    path, l.n);
	else if (l.n > 1)
		ik_job_result_warn(res,
		    "%s: holds %zu trust lists; using the first (%s)", path,
		    l.n, l.v[0].name);
	o = ik_outcome_worse(o, trust_take(&l, 0, "candidate", t, ctx, res));
	jobs_lists_free(&l);
	return o;
}

/* One installed list judged against the candidate, reported. */
static void
trust_judge(struct side *inst, const struct side *cand,
    const ik_job_ctx *ctx, ik_job_result *res, size_t *reported)
{
	ik_trust_result r;

	ik_trust_eval(inst->itl, cand->itl, &r);
	if (ctx->want_json)
		ik_job_result_line(res, ik_trust_report_json(&inst->s,
		    &cand->s, &r));
	if (ctx->want_text) {
		ik_text_opts to = jobs_text_opts(ctx);

		if ((*reported)++ > 0 && !ctx->brief)
			ik_sb_puts(&res->text, "\n");
		ik_trust_report_text(&res->text, &inst->s, &cand->s, &r, &to);
	}
	ik_job_result_note(res, r.verdict == IK_ACCEPT ? IK_OUTCOME_OK :
	    IK_OUTCOME_FAIL);
	ik_itl_free(inst->itl);
	inst->itl = NULL;
}

/*
 * One [NAME=]FILE of installed lists: its list (the first of a file of
 * several dumps), or each list of an archive, judged.
 */
static void
trust_one(const char *arg, const struct side *cand, const ik_job_ctx *ctx,
    ik_job_result *res, size_t *reported)
{
	struct side inst;
	jobs_lists l;
	ik_outcome o;
	size_t nlen, i, n;
	char *name = NULL;

	memset(&inst, 0, sizeof(inst));
	inst.s.path = ik_split_node_arg(arg, &nlen);
	if (nlen > 0 && (name = strndup(arg, nlen)) == NULL) {
		ik_error_set(&res->err, IK_FATAL, IK_ERR_MEMORY,
		    "out of memory");
		ik_job_result_note(res, IK_OUTCOME_ERROR);
		return;
	}
	inst.s.name = name;
	if (strcmp(inst.s.path, "none") == 0) {
		trust_judge(&inst, cand, ctx, res, reported);
		free(name);
		return;
	}
	o = trust_read(inst.s.path, "installed", &l, ctx, res);
	ik_job_result_note(res, o);
	n = l.members > 0 || l.inputs > 1 ? l.n : l.n > 0;
	if (n == 1 && l.n > 1)
		ik_job_result_warn(res, "%s: holds %zu dumps; using the first",
		    inst.s.path, l.n);
	for (i = 0; i < n; i++) {
		o = trust_take(&l, i, "installed", &inst, ctx, res);
		ik_job_result_note(res, o);
		if (o == IK_OUTCOME_OK)
			trust_judge(&inst, cand, ctx, res, reported);
	}
	jobs_lists_free(&l);
	free(inst.name);
	free(name);
}

static void
trust_run(const json_t *args, const ik_job_ctx *ctx, ik_job_result *res)
{
	size_t n = ik_arg_count(args, "installed"), i, reported = 0;
	struct side cand;

	if (n > TRUST_MAX_INSTALLED) {
		ik_error_set(&res->err, IK_FATAL, IK_ERR_USAGE,
		    "at most %d installed lists", TRUST_MAX_INSTALLED);
		res->outcome = IK_OUTCOME_ERROR;
		return;
	}
	memset(&cand, 0, sizeof(cand));
	ik_job_result_note(res, trust_load(ik_arg_str(args, "candidate", "-"),
	    &cand, ctx, res));
	for (i = 0; cand.itl != NULL && i < n && res->err.msg[0] == '\0'; i++)
		trust_one(ik_arg_item(args, "installed", i), &cand, ctx, res,
		    &reported);
	ik_itl_free(cand.itl);
	free(cand.name);
}

static const ik_result_field trust_results[] = {
	JOBS_RES_INPUT("candidate"),
	JOBS_RES_STR("installed", "the installed list (the first one)"),
	JOBS_RES_STR("installed_name", "its NAME (NAME=FILE), or null"),
	JOBS_RES_STR("installed_sha256", "its SHA-256"),
	JOBS_RES_STR("verdict", "accept, reject, depends, unknown"),
	JOBS_RES_STR("path", "leap-of-faith, signer-in-installed, itl-recovery, tvs, or null"),
	JOBS_RES_STR("condition", "depends: which phones accept"),
	JOBS_RES_ARRAY("deciding_records", "the records the verdict rests on"),
	JOBS_RES_STR("reason", "why, in words"),
	JOBS_RES_STR("remedy", "null, resign-itl-recovery, delete-itl, or other text"),
	JOBS_RES_STR("items[].installed", "each installed list"),
	JOBS_RES_STR("items[].installed_name", "each one's NAME"),
	JOBS_RES_STR("items[].verdict", "each one's verdict"),
	JOBS_RES_STR("items[].remedy", "each one's remedy"),
	JOBS_RES_STATUS,
	JOBS_RES_END
};

const ik_job ik_job_itl_trust = {
	"itl.trust",
	"would phones holding each installed trust list accept the candidate",
	trust_args,
	trust_run,
	trust_results
};
