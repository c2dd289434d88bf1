/*
 * job_drs.c: layer jobs.  The DRS backup set jobs: drs.ls and drs.verify
 * (sets found under many paths, each judged and reported as it is done,
 * then a summary), drs.extract (one verified set extracted safely into a
 * folder) and drs.rekey (one verified set's manifest re-encrypted for a
 * new cluster security password).  Passwords come in the context, never
 * in the arguments: drs.rekey takes the old ones in secrets, the new one
 * in secrets2.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ik_drs.h"
#include "ik_drs_render.h"
#include "jobs_private.h"

#define ARGS_END { NULL, IK_ARG_STRING, false, 0, 0, NULL }
#define ARG_INPUTS { "inputs", IK_ARG_STRINGS, true, 0, 0, \
	"drfComponent.xml manifests, set directories or trees" }
#define ARG_PASSWORD { "password_file", IK_ARG_SECRET_FILE, false, 0, 0, \
	"file of cluster security password candidates, one per line (read " \
	"by the caller)" }
#define ARG_JOBS { "jobs", IK_ARG_INT, false, 1, 64, \
	"components of a set read at once (default 1)" }
#define ARG_LEAKED { "use_leaked_key", IK_ARG_BOOL, false, 0, 0, \
	"decrypt a component the password does not open with a key leaked " \
	"in its trailing text" }

static const ik_arg_spec ls_args[] = {
	ARG_INPUTS,
	ARG_JOBS,
	ARGS_END
};

static const ik_arg_spec verify_args[] = {
	ARG_INPUTS,
	ARG_JOBS,
	ARG_PASSWORD,
	{ "deep", IK_ARG_BOOL, false, 0, 0,
	    "decrypt and list every component, judge its recovery artifacts" },
	{ "kdf_budget", IK_ARG_INT, false, 1, LONG_MAX,
	    "PKCS#12 key-derivation iterations for the whole run "
	    "(default 100000000)" },
	ARG_LEAKED,
	ARGS_END
};

static const ik_arg_spec extract_args[] = {
	{ "input", IK_ARG_STRING, true, 0, 0,
	    "the set: a manifest, or a directory holding one set" },
	{ "out_dir", IK_ARG_STRING, false, 0, 0,
	    "the folder to extract into (made when missing)" },
	{ "out", IK_ARG_STRING, false, 0, 0,
	    "the older name of out_dir" },
	{ "component", IK_ARG_STRINGS, false, 0, 0,
	    "only these components (CLM, TFTP...; any case)" },
	{ "member", IK_ARG_STRINGS, false, 0, 0,
	    "only members matching these globs" },
	{ "artifacts", IK_ARG_BOOL, false, 0, 0,
	    "only recovery artifacts (ITL, CTL, keys, certificates)" },
	{ "rebase_absolute", IK_ARG_BOOL, false, 0, 0,
	    "extract absolute member paths under the folder (default; "
	    "false refuses them)" },
	{ "allow_mismatch", IK_ARG_BOOL, false, 0, 0,
	    "extract components whose checksum does not match, marked" },
	{ "max_bytes", IK_ARG_INT, false, 1, LONG_MAX,
	    "bytes one component may write (default 100 times its size, "
	    "at least 64 MiB)" },
	{ "force", IK_ARG_BOOL, false, 0, 0,
	    "add to a folder holding another set's extraction; replace a "
	    "file of this set that differs from its member" },
	ARG_PASSWORD,
	ARG_LEAKED,
	ARGS_END
};

static const ik_arg_spec rekey_args[] = {
	{ "input", IK_ARG_STRING, true, 0, 0,
	    "the set: a manifest, or a directory holding one set" },
	{ "out", IK_ARG_STRING, true, 0, 0,
	    "the new manifest to write; - for standard output, where the caller takes it" },
	{ "force", IK_ARG_BOOL, false, 0, 0, "replace an existing file" },
	ARG_PASSWORD,
	{ "new_password_file", IK_ARG_SECRET_FILE2, false, 0, 0,
	    "file holding the new cluster security password (read by the "
	    "caller)" },
	{ "from_leaked_key", IK_ARG_BOOL, false, 0, 0,
	    "the old password is unknown: use the keys leaked in every "
	    "component's trailing text" },
	ARGS_END
};

/*
 * The job could not be done: "PATH: message" (printable, as the tools
 * print a path and a library error) in res->err, which keeps the error's
 * category for the front end to word its remedy by.
 */
static void
fatal(ik_job_result *res, const char *path, const ik_error *err)
{
	ik_sb sb;

	ik_sb_init(&sb);
	ik_sb_puts_safe(&sb, path, "-");
	if (err->offset >= 0 && strstr(err->msg, "offset") == NULL)
		ik_sb_printf(&sb, ": offset %lld", err->offset);
	ik_sb_puts(&sb, ": ");
	ik_sb_puts_safe(&sb, err->msg, "");
	if (sb.oom)
		ik_error_set(&res->err, IK_FATAL, IK_ERR_MEMORY,
		    "out of memory");
	else
		ik_error_set(&res->err, IK_FATAL, err->category, "%s", sb.s);
	ik_sb_free(&sb);
	res->outcome = IK_OUTCOME_ERROR;
}

/*
 * A set that could not be read at all (drs.extract, drs.rekey): fatal,
 * and in JSON its unreadable object, as drs.ls and drs.verify give one.
 */
static void
set_unreadable(const ik_job_ctx *ctx, ik_job_result *res, const char *path,
    const ik_error *err)
{
	fatal(res, path, err);
	if (ctx->want_json)
		ik_job_result_line(res, ik_job_unreadable(ctx, "set", path,
		    err));
}

/* A message for standard error with no path before it. */
static void
message(ik_job_result *res, const char *msg)
{
	ik_sb_puts_safe(&res->errors, msg, "");
	ik_sb_puts(&res->errors, "\n");
}

/* ---- sets inside archives --------------------------------------------------- */

/*
 * Bytes of member data one archive input may give a DRS job: the input
 * loader's other limits hold (members, expansion), but a backup's
 * components are gigabytes, each read twice.
 */
#define DRS_ARCHIVE_TOTAL	((uint64_t)1 << 40)

/* A tar, a zip or a gzip'd file, by its first bytes (as the loader). */
static bool
walker_is_archive(void *arg, const char *path)
{
	uint8_t head[IK_SNIFF_BYTES];
	ik_input_kind k;
	struct stat st;
	ik_error e;
	ssize_t n;
	int fd;

	(void)arg;
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
	    (fd = ik_open_evidence(AT_FDCWD, path, &st, &e)) < 0)
		return false;
	do
		n = read(fd, head, sizeof(head));
	while (n < 0 && errno == EINTR);
	close(fd);
	if (n <= 0)
		return false;
	k = ik_input_sniff(head, (size_t)n);
	return k == IK_IN_ZIP || k == IK_IN_TAR || k == IK_IN_GZIP;
}

/* A set's file is given whole, even when it is itself a tar or gzip. */
static bool
walker_whole(const char *name)
{
	static const char pat[] = "dddd-dd-dd-dd-dd-dd_";
	size_t i;

	for (i = 0; i < sizeof(pat) - 1; i++)
		if (pat[i] == 'd' ? name[i] < '0' || name[i] > '9' :
		    name[i] != pat[i])
			return false;
	return true;
}

typedef struct walk_reader {
	ik_input_iter *it;
	ik_error err;		/* why the member could not be read */
	bool failed;
} walk_reader;

static ssize_t
walker_read(void *arg, void *buf, size_t n)
{
	walk_reader *w = arg;
	ssize_t r = ik_input_read(w->it, buf, n, &w->err);

	if (r < 0)
		w->failed = true;
	return r;
}

/* Every member of the archive, handed over unread, through the loader. */
static ik_status
walker_walk(void *arg, const char *path, ik_drs_member_fn fn, void *fn_arg,
    ik_error *err)
{
	ik_input_opts io = { 0, 1, 0, DRS_ARCHIVE_TOTAL, 0, 0 };
	walk_reader w = { 0 };
	ik_status st = IK_OK, s;
	ik_input in;
	ik_error e;

	(void)arg;
	if (ik_input_open(path, &io, &w.it, err) != IK_OK)
		return IK_FATAL;
	ik_input_stream(w.it, ~0u);
	ik_input_whole(w.it, walker_whole);
	while (st == IK_OK && ik_input_next(w.it, &in, &s, &e)) {
		if (s != IK_OK) {
			*err = e;
			if (in.member != NULL)
				ik_error_push(err, "%s", in.member);
			st = s;
		} else if (in.member != NULL) {
			ik_error_clear(&w.err);
			w.failed = false;
			st = fn(fn_arg, in.member, walker_read, &w, err);
			/* A read that failed says why, not the stream. */
			if (w.failed) {
				*err = w.err;
				ik_error_push(err, "%s", in.member);
				st = w.err.status != IK_OK ? w.err.status :
				    IK_FAILED;
			}
		}
		ik_input_free(&in);
	}
	ik_input_iter_free(w.it);
	return st;
}

static const ik_drs_walker drs_walker = {
	walker_is_archive, walker_walk, NULL
};

/* ---- drs.ls, drs.verify ----------------------------------------------------- */

/* Progress of one set: the library counts bytes read, the context wants
 * bytes done of the set's total. */
typedef struct meter {
	const ik_job_ctx *ctx;
	uint64_t done, total;
} meter;

static void
meter_begin(meter *m, const char *label, uint64_t total)
{
	m->done = 0;
	m->total = total;
	if (m->ctx->progress_begin != NULL)
		m->ctx->progress_begin(m->ctx->progress_arg, label, total);
}

static void
meter_add(void *arg, uint64_t n)
{
	meter *m = arg;

	m->done += n;
	if (m->ctx->progress != NULL)
		m->ctx->progress(m->ctx->progress_arg, m->done, m->total);
}

typedef struct batch_run {
	const ik_job_ctx *ctx;
	ik_job_result *res;
	const char *tool;
	bool listing;
	meter m;
} batch_run;

static void
batch_before(void *arg, const ik_drs_set *set)
{
	batch_run *b = arg;

	/* Summing the set's sizes costs a stat per file: only for a bar. */
	if (b->ctx->progress_begin != NULL || b->ctx->progress != NULL)
		meter_begin(&b->m, set->backup_id, ik_drs_set_bytes(set));
}

static void
batch_report(void *arg, const ik_drs_report *r)
{
	batch_run *b = arg;
	ik_text_opts to = jobs_text_opts(b->ctx);

	if (b->ctx->want_json)
		ik_job_result_line(b->res, ik_drs_report_json(r, b->tool, true));
	if (b->ctx->want_csv)
		ik_drs_report_csv(&b->res->text, r);
	else if (b->ctx->want_text)
		ik_drs_report_text(&b->res->text, r, !b->listing, &to);
	ik_job_result_emit(b->res, b->ctx);
}

static void
batch_error(void *arg, const char *path, const ik_error *err)
{
	batch_run *b = arg;

	ik_job_result_error(b->res, path, err);
	/* One object per input in JSON, even one that could not be read. */
	if (b->ctx->want_json)
		ik_job_result_line(b->res, ik_job_unreadable(b->ctx, "set",
		    path, err));
	ik_job_result_emit(b->res, b->ctx);
}

/*
 * Every set under every input, each reported (and handed over when the
 * context streams) before the next is read, then the summary.  The
 * verdict is ik_drs_batch's: a set that does not pass, a place not
 * searched, an input that could not be read.
 */
static void
batch(const json_t *args, const ik_job_ctx *ctx, ik_job_result *res,
    bool listing, const char *tool)
{
	ik_drs_opts o = { .hash = true };
	batch_run b = { .ctx = ctx, .res = res, .listing = listing };
	ik_drs_batch_cb cb = { batch_before, batch_report, batch_error, &b };
	ik_drs_summary sum;
	const char **paths;
	size_t n, i;
	ik_status st;

	b.tool = ctx->tool != NULL ? ctx->tool : tool;
	b.m.ctx = ctx;
	n = ik_arg_count(args, "inputs");
	paths = calloc(n + 1, sizeof(*paths));
	if (paths == NULL) {
		ik_error_set(&res->err, IK_FATAL, IK_ERR_MEMORY, "out of memory");
		res->outcome = IK_OUTCOME_ERROR;
		return;
	}
	for (i = 0; i < n; i++)
		paths[i] = ik_arg_item(args, "inputs", i);
	o.listing = listing;
	o.walker = &drs_walker;
	o.jobs = (unsigned)ik_arg_int(args, "jobs", 1);
	if (!listing) {
		o.passwords = ctx->secrets;
		o.deep = ik_arg_bool(args, "deep", false);
		o.kdf_budget = ik_arg_int(args, "kdf_budget", 0);
		o.use_leaked_key = ik_arg_bool(args, "use_leaked_key", false);
	}
	if (ctx->progress != NULL) {
		o.progress = meter_add;
		o.progress_arg = &b.m;
	}
	/* A CSV starts with its header, whatever the inputs hold. */
	if (!ctx->want_json && ctx->want_csv)
		ik_drs_csv_header(&res->text);
	st = ik_drs_batch(paths, n, &o, &cb, &sum);
	ik_job_result_note(res, ik_outcome_of(st));
	if (ctx->want_json)
		ik_job_result_line(res, ik_drs_summary_json(&sum, b.tool));
	if (ctx->want_text && !ctx->want_csv && !ctx->brief) {
		ik_text_opts to = jobs_text_opts(ctx);

		ik_drs_summary_text(&res->text, &sum, &to);
	}
	ik_drs_summary_free(&sum);
	free(paths);
}

static void
ls_run(const json_t *args, const ik_job_ctx *ctx, ik_job_result *res)
{
	batch(args, ctx, res, true, "drs-ls");
}

static void
verify_run(const json_t *args, const ik_job_ctx *ctx, ik_job_result *res)
{
	char pf[48], pe[48];

	batch(args, ctx, res, false, "drs-verify");
	/* Listed and hashed, not verified: the job was not done (2). */
	if ((ctx->secrets == NULL || ctx->secrets->n == 0) &&
	    !ik_arg_bool(args, "use_leaked_key", false)) {
		if (ctx->option != NULL) {
			ctx->option("password_file", pf, sizeof(pf));
			ctx->option("password_env", pe, sizeof(pe));
			ik_job_result_warn(res, "no password: use %s FILE or %s "
			    "VAR (the sets were listed, not decrypted)", pf, pe);
		} else
			ik_job_result_warn(res, "no password given: the sets "
			    "were listed, not decrypted");
		ik_job_result_note(res, IK_OUTCOME_ERROR);
	}
}

/* ---- drs.extract --------------------------------------------------------------- */

/* A NULL-terminated copy of a list argument, or NULL when it is absent. */
static const char **
name_list(const json_t *args, const char *name, bool *oom)
{
	size_t n = ik_arg_count(args, name), i;
	const char **v;

	if (n == 0)
		return NULL;
	v = calloc(n + 1, sizeof(*v));
	if (v == NULL) {
		*oom = true;
		return NULL;
	}
	for (i = 0; i < n; i++)
		v[i] = ik_arg_item(args, name, i);
	return v;
}

static void
extract_report(const ik_drs_report *r, const ik_drs_extract_result *xr,
    const char *out, const ik_job_ctx *ctx, ik_job_result *res)
{
	if (ctx->want_json)
		ik_job_result_line(res, ik_drs_extract_json(r, xr, out,
		    ctx->tool != NULL ? ctx->tool : "drs-extract"));
	if (ctx->want_text) {
		ik_text_opts to = jobs_text_opts(ctx);

		ik_drs_extract_text(&res->text, r, xr, out, &to);
	}
}

static void
extract_run(const json_t *args, const ik_job_ctx *ctx, ik_job_result *res)
{
	const char *path = ik_arg_str(args, "input", NULL);
	ik_drs_opts o = { .passwords = ctx->secrets, .hash = true };
	ik_drs_extract_opts xo = { 0 };
	ik_drs_extract_result xr;
	const char **comps, **members;
	meter m = { .ctx = ctx };
	uint64_t total = 0;
	bool oom = false;
	ik_drs_report r;
	ik_status st;
	ik_error err;
	size_t i;

	xo.out_dir = ik_arg_str(args, "out_dir", ik_arg_str(args, "out", NULL));
	xo.artifacts_only = ik_arg_bool(args, "artifacts", false);
	/* CUCM tars hold absolute paths: under the folder unless refused. */
	xo.rebase_absolute = ik_arg_bool(args, "rebase_absolute", true);
	xo.allow_mismatch = ik_arg_bool(args, "allow_mismatch", false);
	xo.force = ik_arg_bool(args, "force", false);
	xo.max_bytes = (uint64_t)ik_arg_int(args, "max_bytes", 0);
	o.use_leaked_key = ik_arg_bool(args, "use_leaked_key", false);
	comps = name_list(args, "component", &oom);
	members = name_list(args, "member", &oom);
	xo.components = comps;
	xo.members = members;
	/* A set inside an archive is read from it, nothing else unpacked. */
	o.walker = &drs_walker;
	xo.walker = &drs_walker;
	ik_error_clear(&err);
	if (xo.out_dir == NULL) {
		ik_error_set(&res->err, IK_FATAL, IK_ERR_USAGE,
		    "argument \"out_dir\" is required (the folder to extract into)");
		res->outcome = IK_OUTCOME_ERROR;
		goto out;
	}
	if (oom) {
		ik_error_set(&res->err, IK_FATAL, IK_ERR_MEMORY, "out of memory");
		res->outcome = IK_OUTCOME_ERROR;
		goto out;
	}
	/* The set is judged as drs-verify judges it, with the password. */
	if (ik_drs_check_one(path, &o, &r, &err) != IK_OK) {
		set_unreadable(ctx, res, path, &err);
		ik_drs_report_free(&r);
		goto out;
	}
	/* With leaked keys, what they opened is extracted, marked. */
	if (r.password != IK_DRS_PASSWORD_VERIFIED && r.leak_opened == 0) {
		ik_error_set(&err, IK_FAILED, IK_ERR_PASSWORD,
		    "password %s (set %s): nothing extracted",
		    ik_drs_password_name(r.password),
		    ik_drs_status_name(r.status));
		ik_job_result_error(res, path, &err);
		ik_job_result_note(res, IK_OUTCOME_FAIL);
		ik_drs_report_free(&r);
		goto out;
	}
	for (i = 0; i < r.ncomps; i++)
		total += r.comps[i].size;
	meter_begin(&m, "extract", total);
	if (ctx->progress != NULL) {
		xo.progress = meter_add;
		xo.progress_arg = &m;
	}
	ik_error_clear(&err);
	st = ik_drs_extract(&r, &xo, &xr, &err);
	if (st == IK_FATAL) {
		fatal(res, xo.out_dir, &err);
	} else {
		extract_report(&r, &xr, xo.out_dir, ctx, res);
		if (st == IK_FAILED)
			message(res, err.msg[0] != '\0' ? err.msg :
			    "not everything was extracted (see the findings)");
		ik_job_result_note(res, ik_drs_passes(IK_DRS_OP_EXTRACT,
		    xr.status) ? IK_OUTCOME_OK : IK_OUTCOME_FAIL);
	}
	ik_drs_extract_result_free(&xr);
	ik_drs_report_free(&r);
out:
	free(comps);
	free(members);
}

/* ---- drs.rekey ------------------------------------------------------------------- */

static void
rekey_run(const json_t *args, const ik_job_ctx *ctx, ik_job_result *res)
{
	const char *path = ik_arg_str(args, "input", NULL);
	const char *out = ik_arg_str(args, "out", NULL);
	ik_drs_opts o = { .passwords = ctx->secrets, .hash = true };
	const ik_secrets *np = ctx->secrets2;
	bool leaked = ik_arg_bool(args, "from_leaked_key", false);
	uint8_t *buf = NULL, sha[32];
	size_t len = 0;
	ik_drs_report r;
	ik_status st;
	ik_error err;

	ik_error_clear(&err);
	if (jobs_out_misuse(out, ctx) != NULL) {
		ik_error_set(&res->err, IK_FATAL, IK_ERR_USAGE, "drs.rekey: %s",
		    jobs_out_misuse(out, ctx));
		res->outcome = IK_OUTCOME_ERROR;
		return;
	}
	o.walker = &drs_walker;
	if (np == NULL || np->n == 0) {
		ik_error_set(&res->err, IK_FATAL, IK_ERR_PASSWORD,
		    "no new cluster security password given");
		res->outcome = IK_OUTCOME_ERROR;
		return;
	}
	/* Before the (slow) check of the set: a password CUCM would not take. */
	if (ik_drs_new_password_check(np->v[0].s, np->v[0].len, &err) !=
	    IK_OK) {
		res->err = err;
		res->outcome = IK_OUTCOME_ERROR;
		return;
	}
	o.use_leaked_key = leaked;
	st = ik_drs_check_one(path, &o, &r, &err);
	if (st == IK_OK)
		st = leaked && r.password != IK_DRS_PASSWORD_VERIFIED ?
		    ik_drs_rekey_leaked(&r, np->v[0].s, np->v[0].len,
		    &buf, &len, &err) : ik_drs_rekey(&r, np->v[0].s,
		    np->v[0].len, &buf, &len, &err);
	if (st == IK_OK)
		st = jobs_out_is_stdout(out) ? jobs_out_put(ctx, buf, len,
		    &err) : ik_write_file_atomic(out, buf, len, 0600,
		    ik_arg_bool(args, "force", false), &err);
	if (st == IK_FATAL && r.label == NULL) {
		/* Before the set has a name, the input is to blame. */
		set_unreadable(ctx, res, path, &err);
	} else if (st == IK_FATAL) {
		fatal(res, out, &err);
	} else if (st != IK_OK) {
		/* ik_drs_rekey refuses a set whose password did not verify;
		 * said of the set when its output is standard output. */
		ik_job_result_error(res, jobs_out_is_stdout(out) ? path : out,
		    &err);
		ik_job_result_note(res, IK_OUTCOME_FAIL);
	} else {
		if (ctx->want_json) {
			ik_digest_buf(IK_SHA256, buf, len, sha);
			ik_job_result_line(res, ik_drs_rekey_json(&r, out, sha,
			    ctx->tool != NULL ? ctx->tool : "drs-rekey"));
		}
		if (ctx->want_text) {
			ik_text_opts to = jobs_text_opts(ctx);

			ik_drs_rekey_text(&res->text, &r, out, &to);
		}
	}
	free(buf);
	ik_drs_report_free(&r);
}

/* drs.ls and drs.verify: one line per set, then the summary. */
static const ik_result_field set_results[] = {
	JOBS_RES_INPUT("set"),
	JOBS_RES_STR("manifest", "the drfComponent.xml"),
	JOBS_RES_STR("backup_id", "2025-03-09-02-00-00"),
	JOBS_RES_STR("publisher", "the server that wrote the set"),
	JOBS_RES_STR("version", "the CUCM version backed up"),
	JOBS_RES_ARRAY("features", "UCM, CUC..."),
	JOBS_RES_ARRAY("servers", "the servers in the set"),
	JOBS_RES_INT("scheme", "the manifest's value scheme (1-4), or null"),
	JOBS_RES_STR("password", "verified, wrong, not-given, unsupported"),
	JOBS_RES_INT("candidate", "the line of the password that verified"),
	JOBS_RES_ARRAY("components", "every component"),
	JOBS_RES_STR("components[].server", "its server"),
	JOBS_RES_STR("components[].feature", "its feature"),
	JOBS_RES_STR("components[].component", "its name (TFTP, CCMDB...)"),
	JOBS_RES_STR("components[].file", "its file"),
	JOBS_RES_BOOL("components[].present", "the file is there"),
	JOBS_RES_STR("components[].checksum", "match, mismatch, not-checked"),
	JOBS_RES_BOOL("components[].decrypted", "decrypted to the end (deep)"),
	JOBS_RES_ARRAY("components[].artifacts", "recovery artifacts found (deep)"),
	JOBS_RES_STR("components[].artifacts[].path", "the member"),
	JOBS_RES_STR("components[].artifacts[].kind", "itl, ctl, itl-recovery-p12, platform-config..."),
	JOBS_RES_STR("components[].artifacts[].verdict", "valid, matched..."),
	JOBS_RES_ARRAY("missing", "components the manifest names but the folder lacks"),
	JOBS_RES_ARRAY("extra", "files of the set the manifest does not name"),
	JOBS_RES_STR("items[].set", "each set"),
	JOBS_RES_STR("items[].backup_id", "each set's backup id"),
	JOBS_RES_STR("items[].publisher", "each set's publisher"),
	JOBS_RES_STR("items[].password", "each set's password verdict"),
	JOBS_RES_ARRAY("items[].missing", "each set's missing components"),
	JOBS_RES_OBJECT("summary", "the summary line"),
	JOBS_RES_INT("summary.sets", "sets found"),
	JOBS_RES_OBJECT("summary.counts", "sets per status"),
	JOBS_RES_INT("summary.counts.ok", "restorable"),
	JOBS_RES_INT("summary.counts.incomplete", "components missing"),
	JOBS_RES_INT("summary.counts.corrupt", "a component damaged"),
	JOBS_RES_INT("summary.counts.wrong-password", "the password does not open it"),
	JOBS_RES_INT("summary.counts.unsupported", "a scheme itlkit cannot read"),
	JOBS_RES_INT("summary.counts.unverified", "not checked (no password)"),
	JOBS_RES_INT("summary.components", "components in all"),
	JOBS_RES_INT("summary.bytes", "bytes in all"),
	JOBS_RES_STATUS,
	JOBS_RES_END
};

static const ik_result_field extract_results[] = {
	JOBS_RES_INPUT("set"),
	JOBS_RES_STR("out", "the folder extracted into"),
	JOBS_RES_INT("extracted", "objects extracted"),
	JOBS_RES_INT("refused", "members refused"),
	JOBS_RES_OBJECT("artifacts", "the publisher's recovery files extracted, by kind (null: not extracted)"),
	JOBS_RES_STR("artifacts.itl", "its ITLFile.tlv"),
	JOBS_RES_STR("artifacts.ctl", "its CTLFile.tlv"),
	JOBS_RES_STR("artifacts.itl_recovery_p12", "its ITLRecovery.p12"),
	JOBS_RES_STR("artifacts.platform_config", "its platformConfig.xml"),
	JOBS_RES_STATUS,
	JOBS_RES_END
};

static const ik_result_field rekey_results[] = {
	JOBS_RES_INPUT("set"),
	JOBS_RES_STR("output", "the new manifest"),
	JOBS_RES_STR("output_sha256", "its SHA-256"),
	JOBS_RES_INT("scheme", "the value scheme"),
	JOBS_RES_INT("components", "components re-keyed"),
	JOBS_RES_STATUS,
	JOBS_RES_END
};

const ik_job ik_job_drs_ls = {
	"drs.ls",
	"list DRS backup sets without a password: components, containers, SHA-1",
	ls_args,
	ls_run,
	set_results
};

const ik_job ik_job_drs_verify = {
	"drs.verify",
	"verify DRS backup sets with the cluster security password",
	verify_args,
	verify_run,
	set_results
};

const ik_job ik_job_drs_extract = {
	"drs.extract",
	"extract a verified DRS backup set safely into a folder",
	extract_args,
	extract_run,
	extract_results
};

const ik_job ik_job_drs_rekey = {
	"drs.rekey",
	"re-encrypt a DRS set's manifest for a new cluster security password",
	rekey_args,
	rekey_run,
	rekey_results
};
