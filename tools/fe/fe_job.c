/*
 * fe_job.c: running a job for a tool and rendering its result: standard
 * error lines with the program's name, then the JSON lines or the text.
 */
#include <stdio.h>
#include <string.h>

#include "fe.h"
#include "fe_job.h"
#include "fe_opts.h"

void
fe_job_option(const char *name, char *buf, size_t size)
{
	size_t i;

	snprintf(buf, size, "--%s", name);
	for (i = 0; buf[i] != '\0'; i++)
		if (buf[i] == '_')
			buf[i] = '-';
}

void
fe_job_ctx(ik_job_ctx *ctx, bool json)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->tool = fe_prog;
	ctx->want_json = json;
	ctx->want_text = !json;
	ctx->exists_hint = fe_exists_hint;
	ctx->option = fe_job_option;
}

static void
prefixed(ik_sb *dst, const ik_sb *lines)
{
	const char *p, *nl;

	if (lines->s == NULL)
		return;
	for (p = lines->s; *p != '\0'; p = nl + 1) {
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p) - 1;
		ik_sb_printf(dst, "%s: ", fe_prog);
		ik_sb_add(dst, p, (size_t)(nl - p) + 1);
	}
}

/* What the result holds for standard output: JSON lines or text. */
static void
output(const ik_job_result *res, const ik_job_ctx *ctx, ik_sb *out)
{
	size_t i;
	json_t *line;

	if (fe_quiet)
		return;
	if (ctx->want_json) {
		json_array_foreach(res->lines, i, line)
			fe_json_sb(json_incref(line), out);
		if (res->json.len > 0)
			ik_sb_add(out, res->json.s, res->json.len);
	} else if (res->text.len > 0)
		ik_sb_add(out, res->text.s, res->text.len);
}

int
fe_job_render(const ik_job_result *res, const ik_job_ctx *ctx, ik_sb *out,
    ik_sb *errs)
{
	prefixed(errs, &res->errors);
	if (res->err.msg[0] != '\0' && res->outcome == IK_OUTCOME_ERROR) {
		ik_sb_printf(errs, "%s: %s", fe_prog, res->err.msg);
		fe_error_hint(errs, &res->err);
		ik_sb_puts(errs, "\n");
	}
	output(res, ctx, out);
	return (int)res->outcome;
}

void
fe_job_print(const ik_sb *out, const ik_sb *errs)
{
	if (errs->len > 0) {
		fflush(stdout);
		fwrite(errs->s, 1, errs->len, stderr);
	}
	if (out->len > 0)
		fwrite(out->s, 1, out->len, fe_report_stderr ? stderr :
		    stdout);
}

void
fe_job_emit(const ik_job_result *res, const ik_job_ctx *ctx)
{
	ik_sb out, errs;

	ik_sb_init(&out);
	ik_sb_init(&errs);
	prefixed(&errs, &res->errors);
	output(res, ctx, &out);
	fe_job_print(&out, &errs);
	ik_sb_free(&out);
	ik_sb_free(&errs);
}

static int
job_by(fe_job_runner *run, const char *name, const json_t *args,
    const ik_job_ctx *ctx, ik_sb *out, ik_sb *errs)
{
	ik_job_result res;
	int code;

	ik_job_result_init(&res);
	run(name, args, ctx, &res);
	code = fe_job_render(&res, ctx, out, errs);
	ik_job_result_free(&res);
	return code;
}

int
fe_job(const char *name, const json_t *args, const ik_job_ctx *ctx,
    ik_sb *out, ik_sb *errs)
{
	return job_by(ik_job_run, name, args, ctx, out, errs);
}

static void
emit_now(void *arg, ik_job_result *res)
{
	fe_job_emit(res, arg);
}

void
fe_job_stream(ik_job_ctx *ctx)
{
	ctx->emit = emit_now;
	ctx->emit_arg = ctx;
}

int
fe_job_main_by(fe_job_runner *run, const char *name, json_t *args,
    const ik_job_ctx *ctx)
{
	ik_sb out, errs;
	int code;

	if (args == NULL)
		fe_errx(FE_EXIT_USAGE, "out of memory");
	ik_sb_init(&out);
	ik_sb_init(&errs);
	code = job_by(run, name, args, ctx, &out, &errs);
	json_decref(args);
	fe_job_print(&out, &errs);
	ik_sb_free(&out);
	ik_sb_free(&errs);
	return code;
}

int
fe_job_main(const char *name, json_t *args, const ik_job_ctx *ctx)
{
	return fe_job_main_by(ik_job_run, name, args, ctx);
}

void
fe_args_ok(int r)
{
	if (r != 0)
		fe_errx(FE_EXIT_USAGE, "out of memory");
}
