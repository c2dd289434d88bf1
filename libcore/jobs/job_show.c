/*
 * job_show.c: layer jobs.  itl.show: one input (a binary ITL/CTL, a
 * text file holding one or more `show itl` dumps, or an archive of them)
 * parsed, verified and linted; one report per trust list found.
 */
#include <stdlib.h>

#include "ik_itl.h"
#include "ik_itl_render.h"
#include "jobs_private.h"

static const ik_arg_spec show_args[] = {
	{ "input", IK_ARG_STRING, true, 0, 0,
	    "the trust list or dump file, or an archive of them (tar, zip, gzip), - for standard input" },
	{ "verify", IK_ARG_BOOL, false, 0, 0,
	    "check the signature and records (default true)" },
	{ "warn_days", IK_ARG_INT, false, 0, 36500,
	    "warn of certificates expiring within this many days (default 180)" },
	{ "at", IK_ARG_TIME, false, 0, 0,
	    "judge validity as of this time (default now)" },
	{ NULL, IK_ARG_STRING, false, 0, 0, NULL }
};

static ik_outcome
show_model(ik_itl *itl, const ik_input *in, bool verify,
    const ik_lint_opts *lint, const ik_job_ctx *ctx, ik_job_result *res)
{
	ik_itl_render_opts ro;

	if (verify)
		ik_itl_verify(itl);
	ik_itl_lint(itl, lint);
	ro.tool = ctx->tool != NULL ? ctx->tool : "itl-show";
	ro.path = in->path;
	ro.input_sha256 = in->sha256;
	ro.input_size = (long long)in->len;
	ro.at = lint->at;
	if (ctx->want_json)
		ik_job_result_line(res, ik_input_json_member(ik_itl_json(itl,
		    &ro), "file", in));
	/* Text names a member "bundle.tgz:path/inside". */
	ro.path = in->name;
	if (ctx->want_text)
		ik_itl_text(&res->text, itl, &ro);
	return itl->malformed || itl->incomplete ||
	    ik_findings_worst(&itl->findings) == IK_SEV_ERROR ?
	    IK_OUTCOME_FAIL : IK_OUTCOME_OK;
}

/* An input that could not be read or parsed at all. */
static void
unreadable(const ik_input *in, ik_status r, const ik_error *err,
    const ik_job_ctx *ctx, ik_job_result *res)
{
	jobs_unreadable(ctx, res, in, "file", err);
	ik_job_result_note(res, r == IK_FAILED ? IK_OUTCOME_FAIL :
	    IK_OUTCOME_ERROR);
}

/*
 * One file or member: every trust list it holds (a text file may hold
 * several dumps), shown in turn; *shown counts them for the blank line
 * between two.
 */
static void
show_input(ik_input *in, bool verify, const ik_lint_opts *lint,
    const ik_job_ctx *ctx, ik_job_result *res, size_t *shown)
{
	ik_itl **v = NULL;
	size_t n = 0, i;
	ik_error err;
	ik_status r;

	ik_error_clear(&err);
	r = ik_trustlist_load_all(in->buf, in->len, &v, &n, &err);
	free(in->buf);
	in->buf = NULL;
	if (n == 0) {
		unreadable(in, r, &err, ctx, res);
		free(v);
		return;
	}
	if (r == IK_FAILED)
		ik_job_result_error(res, in->name, &err);
	for (i = 0; i < n; i++) {
		if (ctx->want_text && (*shown)++ > 0)
			ik_sb_puts(&res->text, "\n");
		ik_job_result_note(res, show_model(v[i], in, verify, lint,
		    ctx, res));
		ik_itl_free(v[i]);
	}
	free(v);
}

static void
show_run(const json_t *args, const ik_job_ctx *ctx, ik_job_result *res)
{
	const char *path = ik_arg_str(args, "input", NULL);
	bool verify = ik_arg_bool(args, "verify", true);
	ik_input_opts io = { IK_IN_BIT(IK_IN_TRUSTLIST), IK_ITL_MAX_INPUT,
	    0, 0, 0, 0 };
	ik_input_iter *it;
	ik_lint_opts lint;
	ik_input in;
	ik_error err;
	ik_status r;
	size_t shown = 0;

	lint.warn_days = (int)ik_arg_int(args, "warn_days", 180);
	lint.at = ik_arg_time(args, "at", time(NULL));
	ik_error_clear(&err);
	if (ik_input_open(path, &io, &it, &err) != IK_OK) {
		res->err = err;
		res->outcome = IK_OUTCOME_ERROR;
		return;
	}
	/* A file, or each trust list inside an archive. */
	while (ik_input_next(it, &in, &r, &err)) {
		if (r != IK_OK)
			unreadable(&in, r, &err, ctx, res);
		else
			show_input(&in, verify, &lint, ctx, res, &shown);
		ik_input_free(&in);
	}
	ik_input_iter_report(it, &res->errors);
	ik_input_iter_free(it);
}

const ik_job ik_job_itl_show = {
	"itl.show",
	"inspect and verify one ITL/CTL file or `show itl` dump file, or those inside an archive",
	show_args,
	show_run,
	NULL
};
