/*
 * run_job.c: layer recipe.  One run step: its arguments filled in from
 * the scope, its secret files read into the job's context (never in the
 * arguments), the job run in-process, and its JSON lines made the step's
 * result: the first non-summary line's fields at the top, "items" (every
 * non-summary line), "summary" (the summary line, when there is one) and
 * "outcome" (0, 1, 2).
 */
#include <stdlib.h>
#include <string.h>

#include "run_private.h"

void
ru_job_out_free(ru_job_out *out)
{
	json_decref(out->result);
	json_decref(out->inputs);
	json_decref(out->outputs);
	json_decref(out->args);
	memset(out, 0, sizeof(*out));
}

/*
 * Moves the secret-file arguments out of args into ctx: each file read
 * (once per run) into the secrets the run redacts.
 */
static ik_status
take_secrets(const ik_job *job, json_t *args, ik_job_ctx *ctx,
    ru_secrets *secrets, ik_sb *msgs, ik_error *err)
{
	const ik_arg_spec *a;
	const ik_secrets *s;
	const char *path;

	for (a = job->args; a->name != NULL; a++) {
		if (a->type != IK_ARG_SECRET_FILE &&
		    a->type != IK_ARG_SECRET_FILE2)
			continue;
		path = json_string_value(json_object_get(args, a->name));
		if (path == NULL)
			continue;
		if ((s = ru_secret_get(secrets, path, msgs, err)) == NULL)
			return ik_error_push(err, "argument \"%s\"", a->name);
		if (a->type == IK_ARG_SECRET_FILE)
			ctx->secrets = s;
		else
			ctx->secrets2 = s;
		json_object_del(args, a->name);
	}
	return IK_OK;
}

/* The run's time for a job's "at" argument the step left out. */
static int
default_at(const ik_job *job, json_t *args, time_t at)
{
	const ik_arg_spec *a;
	char buf[32];

	for (a = job->args; a->name != NULL; a++)
		if (strcmp(a->name, "at") == 0 && a->type == IK_ARG_TIME &&
		    json_object_get(args, "at") == NULL) {
			ik_time_format(at, buf, sizeof(buf));
			return ik_args_set_str(args, "at", buf);
		}
	return 0;
}

/*
 * The step's job from the run's job table (NULL: ik_jobs()): through
 * ik_job_run when it is libcore's own, else run the same way (arguments
 * checked, then run).
 */
static void
run_job(const ik_run_opts *o, const char *name, const json_t *args,
    const ik_job_ctx *ctx, ik_job_result *res)
{
	const ik_job *const *jobs = o->jobs, *job = NULL;
	size_t n = o->njobs, i;

	if (jobs == NULL)
		jobs = ik_jobs(&n);
	for (i = 0; i < n && job == NULL; i++)
		if (strcmp(jobs[i]->name, name) == 0)
			job = jobs[i];
	if (job == NULL) {
		ik_error_set(&res->err, IK_FATAL, IK_ERR_USAGE,
		    "no job named \"%s\" in the run's job table", name);
		res->outcome = IK_OUTCOME_ERROR;
		return;
	}
	if (ik_job_find(job->name) == job) {
		ik_job_run(job->name, args, ctx, res);
		return;
	}
	if (ik_args_check(args, job->args, &res->err) != IK_OK) {
		ik_error_push(&res->err, "%s", job->name);
		res->outcome = IK_OUTCOME_ERROR;
		return;
	}
	res->ctx = ctx;
	job->run(args, ctx, res);
}

/* The step's result from the job's lines (see the top of the file). */
static json_t *
step_result(const ik_job_result *res)
{
	json_t *o, *items, *line, *first = NULL, *summary = NULL;
	size_t i;

	o = json_object();
	items = json_array();
	if (o == NULL || items == NULL)
		goto oom;
	json_array_foreach(res->lines, i, line) {
		if (json_is_true(json_object_get(line, "summary")))
			summary = line;
		else {
			if (first == NULL)
				first = line;
			if (json_array_append(items, line) != 0)
				goto oom;
		}
	}
	if ((first != NULL && json_object_update(o, first) != 0) ||
	    json_object_set_new(o, "items", items) != 0)
		goto oom;
	items = NULL;
	if (summary != NULL && json_object_set(o, "summary", summary) != 0)
		goto oom;
	if (json_object_set_new(o, "outcome",
	    json_integer((json_int_t)res->outcome)) != 0)
		goto oom;
	if (res->outcome == IK_OUTCOME_ERROR && res->err.msg[0] != '\0' &&
	    json_object_set_new(o, "error", json_string(res->err.msg)) != 0)
		goto oom;
	return o;
oom:
	json_decref(items);
	json_decref(o);
	return NULL;
}

/* Files the result names as written ("output" of each line), hashed. */
static void
result_outputs(const json_t *result, json_t *outputs)
{
	const json_t *line, *path;
	char hex[65];
	size_t i;

	json_array_foreach(json_object_get(result, "items"), i, line) {
		path = json_object_get(line, "output");
		if (json_is_string(path) &&
		    ru_file_sha256(json_string_value(path), hex))
			json_object_set_new((json_t *)outputs,
			    json_string_value(path), json_string(hex));
	}
}

/* The files a run read (unchanged by it) and wrote (new or changed). */
static void
split_files(const json_t *before, const json_t *after, ru_job_out *out)
{
	const char *path;
	json_t *h, *was;

	out->inputs = json_object();
	out->outputs = json_object();
	if (out->inputs == NULL || out->outputs == NULL)
		return;
	json_object_foreach((json_t *)after, path, h) {
		was = json_object_get(before, path);
		json_object_set(json_equal(was, h) ? out->inputs : out->outputs,
		    path, h);
	}
}

static ik_status
reuse(const json_t *e, ru_job_out *out, ik_error *err)
{
	out->result = json_deep_copy(json_object_get(e, "result"));
	out->inputs = json_deep_copy(json_object_get(e, "inputs"));
	out->outputs = json_deep_copy(json_object_get(e, "outputs"));
	if (out->result == NULL)
		return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
		    "out of memory");
	out->outcome = (ik_outcome)json_integer_value(
	    json_object_get(out->result, "outcome"));
	out->reused = true;
	return IK_OK;
}

ik_status
ru_job_step(const ik_recipe_step *s, const ik_run_opts *o, json_t *scope,
    ru_secrets *secrets, const ru_journal *j, time_t at, ik_sb *msgs,
    ru_job_out *out, ik_error *err)
{
	json_t *args = NULL, *before = NULL, *after = NULL, *e;
	ik_recipe_lookup lk;
	ik_job_result res;
	ik_job_ctx ctx;
	ik_status rc = IK_FAILED;

	memset(out, 0, sizeof(*out));
	memset(&ctx, 0, sizeof(ctx));
	ctx.tool = o->tool;
	ctx.want_json = true;
	lk = ik_recipe_step_args(s, ik_recipe_resolve_json, scope, false,
	    &args, err);
	if (lk == IK_LOOKUP_PENDING)
		ik_error_set(err, IK_FAILED, IK_ERR_USAGE,
		    "a value it needs is not known yet");
	if (lk != IK_LOOKUP_FOUND)
		goto out;
	if (take_secrets(s->job, args, &ctx, secrets, msgs, err) != IK_OK)
		goto out;
	if ((out->args = json_deep_copy(args)) == NULL)
		goto oom;
	if ((e = ru_journal_reusable(j, s->id, out->args)) != NULL) {
		rc = reuse(e, out, err);
		goto out;
	}
	if (default_at(s->job, args, at) != 0 ||
	    (before = ru_files_hash(args)) == NULL)
		goto oom;
	ik_job_result_init(&res);
	run_job(o, s->job->name, args, &ctx, &res);
	out->outcome = res.outcome;
	out->result = step_result(&res);
	ru_redact(secrets, res.errors.s != NULL ? res.errors.s : "",
	    res.errors.len, msgs);
	ik_job_result_free(&res);
	if (out->result == NULL || (after = ru_files_hash(args)) == NULL)
		goto oom;
	split_files(before, after, out);
	if (out->inputs == NULL || out->outputs == NULL ||
	    ru_redact_json(secrets, out->result) != 0)
		goto oom;
	result_outputs(out->result, out->outputs);
	rc = IK_OK;
	goto out;
oom:
	rc = ik_error_set(err, IK_FATAL, IK_ERR_MEMORY, "out of memory");
out:
	json_decref(args);
	json_decref(before);
	json_decref(after);
	return rc;
}
