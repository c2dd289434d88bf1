/*
 * ik_run.h: running a recipe (docs/recipe-run.1).  Steps
 * run in the order written: a run step calls its job in-process through
 * the job table, a manual step shows the operator what to do and takes a
 * confirmation or a paste (from an answer file, --yes or the caller's
 * terminal).  `when` and `expect` judge results; a journal lets an
 * interrupted run resume; an audit trail records what was done.  Secrets
 * are read from their files here and redacted from everything recorded.
 *
 * Layer: recipe.  Like the rest of libcore this never prints: the caller gets progress as
 * text through a callback and the run's report as one JSON object.
 */
#ifndef IK_RUN_H
#define IK_RUN_H

#include <stdbool.h>
#include <time.h>

#include <jansson.h>

#include "ik_base.h"
#include "ik_jobs.h"
#include "ik_recipe.h"
#include "ik_report.h"

/* What a manual step asks of the operator. */
typedef enum ik_run_ask {
	IK_RUN_ASK_DONE,	/* that it was done (no word, no paste) */
	IK_RUN_ASK_CONFIRM,	/* the confirmation word */
	IK_RUN_ASK_PASTE	/* a command's output, pasted */
} ik_run_ask;

/* The most an answer (a paste, an answer file) may hold. */
#define IK_RUN_MAX_ANSWER	(1024 * 1024)

typedef struct ik_run_opts {
	/* The job table steps run from, as the recipe was loaded against
	 * (NULL: ik_jobs()). */
	const ik_job *const *jobs;
	size_t njobs;
	const char *tool;		/* written in the jobs' reports */
	/* Values given for the inputs, NAME -> value (ik_recipe_vars_load,
	 * ik_recipe_input_value), or NULL. */
	const json_t *given;
	/* "Now" for every job with an "at" argument the step leaves out;
	 * at_set false: the time the run starts. */
	time_t at;
	bool at_set;
	/* Confirmations (and plain "done") are given; a paste never is. */
	bool yes;
	/* Answer files, step id -> path (a paste, a confirmation word, or
	 * anything for a step that only asks whether it was done), or NULL. */
	const json_t *answers;
	/* A folder for the journal (created 0700), or NULL; resume: go on
	 * from the journal there. */
	const char *journal;
	bool resume;
	const char *audit;		/* an audit file (JSON Lines), or NULL */
	/*
	 * Progress as text, one or more whole lines at a time (a step's
	 * heading, a manual step's text and command, results, advice).
	 * NULL: none.
	 */
	void (*progress)(void *arg, const char *text);
	/*
	 * Asks the operator (after the step's text went to progress): word
	 * is the confirmation word for CONFIRM, else NULL.  Returns 1 with
	 * the answer in out (a paste: its lines, without the ending "."),
	 * 0 when there is no one to ask (no terminal), -1 when reading
	 * failed.  NULL: never anyone to ask.
	 */
	int (*ask)(void *arg, const char *step, ik_run_ask what,
	    const char *word, ik_sb *out);
	void *arg;
} ik_run_opts;

/*
 * Runs r.  IK_OK with *report set, the object DESIGN.md gives: recipe,
 * recipe_sha256, status (complete, incomplete, failed), steps[] {id,
 * kind, job, status (ok, failed, skipped, pending, blocked), reused,
 * result, findings, expect}; *outcome is FAIL when a step failed, ERROR
 * when a job could not be done (an unreadable input) or a record could
 * not be written.  IK_FATAL with err set when nothing could run: the
 * inputs are wrong, a secret file or an answer file cannot be read, the
 * journal refuses (written by another recipe, or already there without
 * resume).
 */
ik_status ik_run(const ik_recipe *r, const ik_run_opts *o, json_t **report,
    ik_outcome *outcome, ik_error *err);

/*
 * The plan of a dry run, into out: every step with its values filled in
 * (a result not known yet is "(from step ID)"), nothing run, no secret
 * read.  IK_FATAL with err when the inputs are wrong.
 */
ik_status ik_run_plan(const ik_recipe *r, const ik_run_opts *o, ik_sb *out,
    ik_error *err);

/* The report of a recipe that failed to load: status "invalid" and its
 * errors {line, column, message}; recipe NULL when unknown. */
json_t *ik_run_invalid(const char *recipe, const uint8_t sha256[32],
    const ik_recipe_diags *d);

/*
 * A finished run's report as text: its status, then a line per step,
 * each status in the colour of what it means with t->color (t may be
 * NULL).
 */
void ik_run_render(const json_t *report, const ik_text_opts *t, ik_sb *out);
/* The tone (ik_text_tone) of a run's or a step's status. */
int ik_run_status_tone(const char *status);

/* Every job with its arguments and result fields, as text, into out. */
void ik_run_list_jobs(const ik_job *const *jobs, size_t njobs, ik_sb *out);
/* One recipe for a listing: name, description, inputs, into out. */
void ik_run_list_recipe(const ik_recipe *r, ik_sb *out);

#endif /* IK_RUN_H */
