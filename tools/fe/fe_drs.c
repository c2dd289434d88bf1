/*
 * fe_drs.c: the DRS tools' front end around the DRS jobs: passwords from a
 * file, the environment or a prompt; the progress bar the job drives; the
 * report of each set printed as soon as the job hands it over.
 */
#include <string.h>
#include <unistd.h>

#include "fe_drs.h"
#include "fe_opts.h"
#include "ik_drs_render.h"

static void
on_begin(void *arg, const char *label, uint64_t total)
{
	fe_drs *d = arg;

	fe_progress_end(&d->bar);
	fe_progress_start(&d->bar, true, label, total);
}

static void
on_progress(void *arg, uint64_t done, uint64_t total)
{
	fe_drs *d = arg;

	(void)total;
	if (done > d->bar.done)
		fe_progress_add(&d->bar, done - d->bar.done);
}

static void
on_emit(void *arg, ik_job_result *res)
{
	fe_drs *d = arg;

	fe_progress_end(&d->bar);
	fe_job_emit(res, &d->ctx);
}

void
fe_drs_init(fe_drs *d, const fe_opts *o)
{
	memset(d, 0, sizeof(*d));
	fe_opts_ctx(o, &d->ctx);
	ik_secrets_init(&d->pw);
	ik_secrets_init(&d->newpw);
	if (o->progress) {
		d->ctx.progress_begin = on_begin;
		d->ctx.progress = on_progress;
		d->ctx.progress_arg = d;
	}
	d->ctx.emit = on_emit;
	d->ctx.emit_arg = d;
}

int
fe_drs_password(fe_drs *d, const char *file, const char *env,
    const char *prompt, bool is_new, bool required)
{
	ik_secrets *s = is_new ? &d->newpw : &d->pw;

	/* Without a password the sets are still listed and hashed. */
	if (!required && file == NULL && env == NULL && !isatty(STDIN_FILENO))
		return 0;
	if (fe_secrets_from(file, env, !is_new, prompt, is_new ?
	    "--new-password-file" : "--password-file", is_new ?
	    "--new-password-env" : "--password-env", s) != 0) {
		ik_secrets_free(&d->pw);
		ik_secrets_free(&d->newpw);
		return -1;
	}
	if (is_new)
		d->ctx.secrets2 = s;
	else
		d->ctx.secrets = s;
	return 0;
}

int
fe_drs_run(fe_drs *d, const char *job, json_t *args)
{
	ik_job_result res;
	ik_job_ctx tc = d->ctx;
	ik_sb out, errs;
	int code;

	ik_job_result_init(&res);
	if (args == NULL) {
		ik_error_set(&res.err, IK_FATAL, IK_ERR_MEMORY, "out of memory");
		res.outcome = IK_OUTCOME_ERROR;
	}
	ik_job_run(job, args, &d->ctx, &res);
	json_decref(args);
	ik_secrets_free(&d->pw);
	ik_secrets_free(&d->newpw);
	fe_progress_end(&d->bar);
	ik_sb_init(&out);
	ik_sb_init(&errs);
	/* A tool with a note asks for the JSON line too: shown as text. */
	if (d->text_note != NULL && d->ctx.want_text)
		tc.want_json = false;
	code = fe_job_render(&res, &tc, &out, &errs);
	if (d->text_note != NULL && d->ctx.want_text && !fe_quiet)
		d->text_note(&res, d->note_arg, &out);
	fe_job_print(&out, &errs);
	ik_sb_free(&out);
	ik_sb_free(&errs);
	ik_job_result_free(&res);
	return code;
}
