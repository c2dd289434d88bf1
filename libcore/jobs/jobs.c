/*
 * jobs.c: layer jobs.  The job table (every operation by name), running a
 * job with checked arguments, and the result every job fills.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ik_jobs.h"
#include "ik_report.h"
#include "json_write.h"
#include "jobs_private.h"

static const ik_job *const table[] = {
	&ik_job_itl_show,
	&ik_job_itl_resign,
	&ik_job_itl_build,
	&ik_job_itl_diff,
	&ik_job_itl_trust,
	&ik_job_itl_phones,
	&ik_job_p12_check,
	&ik_job_drs_ls,
	&ik_job_drs_verify,
	&ik_job_drs_extract,
	&ik_job_drs_rekey,
	&ik_job_sgn_check,
	&ik_job_sgn_sign,
	&ik_job_drs_platform,
};
#define NJOBS (sizeof(table) / sizeof(table[0]))

const ik_job *const *
ik_jobs(size_t *n)
{
	*n = NJOBS;
	return table;
}

const ik_job *
ik_job_find(const char *name)
{
	size_t i;

	for (i = 0; i < NJOBS; i++)
		if (strcmp(table[i]->name, name) == 0)
			return table[i];
	return NULL;
}

ik_outcome
ik_outcome_worse(ik_outcome a, ik_outcome b)
{
	return a > b ? a : b;
}

ik_outcome
ik_outcome_of(ik_status st)
{
	switch (st) {
	case IK_OK:
	case IK_WARN:
		return IK_OUTCOME_OK;
	case IK_FAILED:
		return IK_OUTCOME_FAIL;
	case IK_FATAL:
		break;
	}
	return IK_OUTCOME_ERROR;
}

void
ik_job_result_init(ik_job_result *r)
{
	r->outcome = IK_OUTCOME_OK;
	r->lines = json_array();
	ik_sb_init(&r->json);
	ik_sb_init(&r->text);
	ik_sb_init(&r->errors);
	ik_error_clear(&r->err);
	r->ctx = NULL;
	if (r->lines == NULL) {
		ik_error_set(&r->err, IK_FATAL, IK_ERR_MEMORY, "out of memory");
		r->outcome = IK_OUTCOME_ERROR;
	}
}

void
ik_job_result_free(ik_job_result *r)
{
	json_decref(r->lines);
	r->lines = NULL;
	ik_sb_free(&r->json);
	ik_sb_free(&r->text);
	ik_sb_free(&r->errors);
}

void
ik_job_result_line(ik_job_result *r, json_t *obj)
{
	if (obj != NULL && r->ctx != NULL && r->ctx->json_text) {
		/* As the tool writes a line (a refused string: no newline). */
		if (ik_json_write(&r->json, obj) == 0)
			ik_sb_add(&r->json, "\n", 1);
		json_decref(obj);
		if (!r->json.oom)
			return;
		obj = NULL;
	}
	if (obj == NULL || r->lines == NULL ||
	    json_array_append_new(r->lines, obj) != 0) {
		if (r->outcome != IK_OUTCOME_ERROR)
			ik_error_set(&r->err, IK_FATAL, IK_ERR_MEMORY,
			    "out of memory");
		r->outcome = IK_OUTCOME_ERROR;
	}
}

void
ik_job_result_error(ik_job_result *r, const char *path, const ik_error *err)
{
	ik_sb_puts_safe(&r->errors, path, "-");
	if (err->offset >= 0 && strstr(err->msg, "offset") == NULL)
		ik_sb_printf(&r->errors, ": offset %lld", err->offset);
	ik_sb_puts(&r->errors, ": ");
	ik_sb_puts_safe(&r->errors, err->msg, "");
	if (err->category == IK_ERR_EXISTS && r->ctx != NULL &&
	    r->ctx->exists_hint != NULL)
		ik_sb_puts(&r->errors, r->ctx->exists_hint);
	ik_sb_puts(&r->errors, "\n");
}

void
ik_job_result_vwarn(ik_job_result *r, const char *fmt, va_list ap)
{
	ik_sb msg;

	ik_sb_init(&msg);
	ik_sb_vprintf(&msg, fmt, ap);
	/* It may quote paths and names from the evidence. */
	ik_sb_puts_safe(&r->errors, msg.s, "");
	ik_sb_puts(&r->errors, "\n");
	ik_sb_free(&msg);
}

void
ik_job_result_warn(ik_job_result *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ik_job_result_vwarn(r, fmt, ap);
	va_end(ap);
}

void
ik_job_result_note(ik_job_result *r, ik_outcome o)
{
	r->outcome = ik_outcome_worse(r->outcome, o);
}

void
ik_job_result_emit(ik_job_result *r, const ik_job_ctx *ctx)
{
	if (ctx->emit == NULL)
		return;
	ctx->emit(ctx->emit_arg, r);
	if (r->lines != NULL)
		json_array_clear(r->lines);
	ik_sb_reset(&r->json);
	ik_sb_reset(&r->text);
	ik_sb_reset(&r->errors);
}

json_t *
ik_job_result_value(const ik_job_result *r)
{
	if (r->lines != NULL && json_array_size(r->lines) == 1)
		return json_array_get(r->lines, 0);
	return r->lines;
}

json_t *
ik_job_unreadable(const ik_job_ctx *ctx, const char *key, const char *path,
    const ik_error *err)
{
	ik_findings f;
	json_t *o;

	ik_findings_init(&f);
	ik_findings_add(&f, IK_SEV_ERROR, IKF_INPUT_UNREADABLE, NULL, "%s",
	    err->msg);
	o = ik_report_new(ctx->tool, key, path, NULL, -1);
	if (o != NULL)
		ik_report_finish(o, "unreadable", &f);
	ik_findings_free(&f);
	return o;
}

void
ik_job_run(const char *name, const json_t *args, const ik_job_ctx *ctx,
    ik_job_result *res)
{
	const char *names[NJOBS], *near;
	const ik_job *job;
	json_t *empty = NULL;
	size_t i;
	ik_sb sb;

	if (res->outcome == IK_OUTCOME_ERROR)
		return;
	job = name != NULL ? ik_job_find(name) : NULL;
	if (job == NULL) {
		for (i = 0; i < NJOBS; i++)
			names[i] = table[i]->name;
		near = ik_closest(name, names, NJOBS);
		/* The name may come from a hostile recipe: shown printable. */
		ik_sb_init(&sb);
		ik_sb_puts_safe(&sb, name, "");
		ik_error_set(&res->err, IK_FATAL, IK_ERR_USAGE,
		    "no job named \"%s\"%s%s%s", sb.s != NULL ? sb.s : "",
		    near != NULL ? " (did you mean \"" : "",
		    near != NULL ? near : "", near != NULL ? "\"?)" : "");
		ik_sb_free(&sb);
		res->outcome = IK_OUTCOME_ERROR;
		return;
	}
	if (args == NULL)
		args = empty = json_object();
	if (args == NULL || ik_args_check(args, job->args, &res->err) != IK_OK) {
		if (args == NULL)
			ik_error_set(&res->err, IK_FATAL, IK_ERR_MEMORY,
			    "out of memory");
		else
			ik_error_push(&res->err, "%s", job->name);
		res->outcome = IK_OUTCOME_ERROR;
		json_decref(empty);
		return;
	}
	res->ctx = ctx;
	job->run(args, ctx, res);
	json_decref(empty);
}
