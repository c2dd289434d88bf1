/*
 * fe_job.h: a tool's side of a job: the context from the tool's options,
 * and the result rendered as the tool prints it.
 */
#ifndef FE_JOB_H
#define FE_JOB_H

#include "ik_jobs.h"

/* An argument's name as the tools spell the option: "--warn-days". */
void fe_job_option(const char *name, char *buf, size_t size);
/* A context for this tool: its name, JSON or text, its options' spelling. */
void fe_job_ctx(ik_job_ctx *ctx, bool json);
/*
 * Appends the result to out (JSON lines or text) and its messages to errs
 * ("prog: " before each line).  Returns the exit status.
 */
int fe_job_render(const ik_job_result *res, const ik_job_ctx *ctx,
    ik_sb *out, ik_sb *errs);
/* Writes errs to standard error, then out to standard output. */
void fe_job_print(const ik_sb *out, const ik_sb *errs);
/*
 * Prints, as fe_job_render renders them, the lines, text and messages a
 * streaming job hands over (ik_job_ctx.emit); the outcome and err wait
 * for the end.
 */
void fe_job_emit(const ik_job_result *res, const ik_job_ctx *ctx);
/* ik_job_run, then fe_job_render. */
int fe_job(const char *name, const json_t *args, const ik_job_ctx *ctx,
    ik_sb *out, ik_sb *errs);

/*
 * For a job over several inputs: each input's output and messages printed
 * as soon as the job has them (ctx->emit), not all at the end.  ctx is
 * the emit's argument: it must not move until the job has run.
 */
void fe_job_stream(ik_job_ctx *ctx);
/*
 * A tool's whole run of one job: fe_job, messages on standard error, the
 * output on standard output, args freed (NULL: out of memory, exit 2).
 * Returns the exit status.
 */
int fe_job_main(const char *name, json_t *args, const ik_job_ctx *ctx);
/* A job runner: ik_job_run, or that of a layer above jobs (case). */
typedef void fe_job_runner(const char *name, const json_t *args,
    const ik_job_ctx *ctx, ik_job_result *res);
/* fe_job_main with another runner. */
int fe_job_main_by(fe_job_runner *run, const char *name, json_t *args,
    const ik_job_ctx *ctx);
/* Exits 2 when an ik_args_set_* call ran out of memory (r != 0). */
void fe_args_ok(int r);

#endif /* FE_JOB_H */
