/*
 * test_run.c: the recipe runner (libcore/recipe/run*.c) over a job table
 * made for the tests: secret-file arguments read into the job's context
 * and left out of its arguments, a job that leaks its secret redacted
 * everywhere, the step result made of the job's lines, outcomes, `when`,
 * `on_fail: continue`, skipped and blocked steps, the operator asked
 * through the callback, expectations that fail, error or wait.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "ik_run.h"

/* ---- jobs for the tests ----------------------------------------------- */

static const ik_arg_spec secret_args[] = {
	{ "name", IK_ARG_STRING, true, 0, 0, NULL },
	{ "password_file", IK_ARG_SECRET_FILE, false, 0, 0, NULL },
	{ "new_password_file", IK_ARG_SECRET_FILE2, false, 0, 0, NULL },
	{ "fail", IK_ARG_INT, false, 0, 2, NULL },
	{ NULL, IK_ARG_STRING, false, 0, 0, NULL }
};

/* What the job saw, for the test to check. */
static int seen_keys;
static char seen1[64], seen2[64];

/*
 * Two lines and a summary; it writes its first secret into its result
 * and its messages, as a careless job might.
 */
static void
leaky_run(const json_t *args, const ik_job_ctx *ctx, ik_job_result *res)
{
	const char *s1 = "", *s2 = "";

	seen_keys = (int)json_object_size(args);
	if (ctx->secrets != NULL && ctx->secrets->n > 0)
		s1 = ctx->secrets->v[0].s;
	if (ctx->secrets2 != NULL && ctx->secrets2->n > 0)
		s2 = ctx->secrets2->v[0].s;
	snprintf(seen1, sizeof(seen1), "%s", s1);
	snprintf(seen2, sizeof(seen2), "%s", s2);
	ik_job_result_line(res, json_pack("{s:s,s:s,s:i}", "name",
	    ik_arg_str(args, "name", ""), "echo", s1, "n", 1));
	ik_job_result_line(res, json_pack("{s:s,s:i}", "name", "second",
	    "n", 2));
	ik_job_result_line(res, json_pack("{s:b,s:i}", "summary", true,
	    "count", 2));
	ik_job_result_warn(res, "tried the password %s", s1);
	ik_job_result_note(res, (ik_outcome)ik_arg_int(args, "fail", 0));
}

static const ik_job leaky = { "test.leaky", "test", secret_args, leaky_run,
    NULL };
static const ik_job *const jobs[] = { &leaky };

/* ---- helpers -------------------------------------------------------------- */

static char pwfile[64], pw2file[64];
static ik_sb progress_text;
static int asked;

static void
progress(void *arg, const char *text)
{
	(void)arg;
	ik_sb_puts(&progress_text, text);
}

/* An operator who types the word and pastes three lines. */
static int
operator(void *arg, const char *step, ik_run_ask what, const char *word,
    ik_sb *out)
{
	(void)arg;
	(void)step;
	asked++;
	if (what == IK_RUN_ASK_CONFIRM)
		ik_sb_puts(out, word);
	else if (what == IK_RUN_ASK_PASTE)
		ik_sb_puts(out, "one\nhunter2 two\nthree\n");
	return 1;
}

static void
secret_files(void)
{
	FILE *f;

	snprintf(pwfile, sizeof(pwfile), "/tmp/ik-run-pw.%ld", (long)getpid());
	snprintf(pw2file, sizeof(pw2file), "/tmp/ik-run-pw2.%ld",
	    (long)getpid());
	f = fopen(pwfile, "w");
	ck_assert_ptr_nonnull(f);
	fputs("hunter2\n", f);
	fclose(f);
	f = fopen(pw2file, "w");
	ck_assert_ptr_nonnull(f);
	fputs("s3cond\n", f);
	fclose(f);
	chmod(pwfile, 0600);
	chmod(pw2file, 0600);
}

#define HEAD \
	"recipe: t\nversion: 1\ninputs:\n" \
	"  pw: {type: secret-file}\n  pw2: {type: secret-file}\n" \
	"  host: {type: string, pattern: \"[a-z]+\", default: pub}\n" \
	"steps:\n"

/* Runs text with the inputs pw and pw2 set and the job table of o; the
 * report and outcome. */
static json_t *
run_with(const char *text, ik_run_opts *o, ik_outcome *outcome)
{
	ik_recipe_diags d;
	ik_recipe *r = NULL;
	json_t *given, *report = NULL;
	ik_error err;

	ik_recipe_diags_init(&d);
	ck_assert_int_eq(ik_recipe_load((const uint8_t *)text, strlen(text),
	    jobs, 1, &r, &d), IK_OK);
	ik_recipe_diags_free(&d);
	given = json_pack("{s:s,s:s}", "pw", pwfile, "pw2", pw2file);
	o->tool = "test";
	o->given = given;
	o->progress = progress;
	ik_sb_reset(&progress_text);
	ck_assert_int_eq(ik_run(r, o, &report, outcome, &err), IK_OK);
	json_decref(given);
	ik_recipe_free(r);
	return report;
}

/* The same with the test's job table. */
static json_t *
run(const char *text, ik_run_opts *o, ik_outcome *outcome)
{
	o->jobs = jobs;
	o->njobs = 1;
	return run_with(text, o, outcome);
}

static const char *
status_of(json_t *report, size_t i)
{
	return json_string_value(json_object_get(json_array_get(
	    json_object_get(report, "steps"), i), "status"));
}

static json_t *
result_of(json_t *report, size_t i)
{
	return json_object_get(json_array_get(json_object_get(report, "steps"),
	    i), "result");
}

/* ---- tests ------------------------------------------------------------ */

START_TEST(secrets_and_result)
{
	ik_run_opts o;
	ik_outcome oc;
	json_t *rep, *res;
	char *all;

	memset(&o, 0, sizeof(o));
	secret_files();
	rep = run(HEAD "  - id: a\n    run: test.leaky\n"
	    "    with: {name: x, password_file: \"${inputs.pw}\","
	    " new_password_file: \"${inputs.pw2}\"}\n"
	    "    expect: [\"${steps.a.n} == 1\", \"${steps.a.summary.count} == 2\"]\n",
	    &o, &oc);
	ck_assert_int_eq(oc, IK_OUTCOME_OK);
	ck_assert_str_eq(json_string_value(json_object_get(rep, "status")),
	    "complete");
	/* The job got both secrets and only its name as an argument. */
	ck_assert_str_eq(seen1, "hunter2");
	ck_assert_str_eq(seen2, "s3cond");
	ck_assert_int_eq(seen_keys, 1);
	res = result_of(rep, 0);
	ck_assert_str_eq(json_string_value(json_object_get(res, "name")), "x");
	ck_assert_str_eq(json_string_value(json_object_get(res, "echo")),
	    "[redacted]");
	ck_assert_int_eq(json_array_size(json_object_get(res, "items")), 2);
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(
	    res, "summary"), "count")), 2);
	ck_assert_int_eq(json_integer_value(json_object_get(res, "outcome")),
	    0);
	all = json_dumps(rep, 0);
	ck_assert_ptr_null(strstr(all, "hunter2"));
	ck_assert_ptr_null(strstr(all, "s3cond"));
	free(all);
	ck_assert_ptr_nonnull(strstr(progress_text.s,
	    "tried the password [redacted]"));
	ck_assert_ptr_null(strstr(progress_text.s, "hunter2"));
	json_decref(rep);
	unlink(pwfile);
	unlink(pw2file);
}
END_TEST

START_TEST(outcomes_and_flow)
{
	ik_run_opts o;
	ik_outcome oc;
	json_t *rep, *ex;

	memset(&o, 0, sizeof(o));
	secret_files();
	rep = run(HEAD
	    "  - id: a\n    run: test.leaky\n    with: {name: a, fail: 1}\n"
	    "    on_fail: continue\n"
	    "  - id: b\n    run: test.leaky\n    with: {name: b}\n"
	    "    when: \"${steps.a.outcome} == 0\"\n"
	    "  - id: c\n    run: test.leaky\n    with: {name: \"${steps.b.name}\"}\n"
	    "  - id: d\n    run: test.leaky\n    with: {name: d}\n"
	    "    expect: [\"${steps.d.name} == 1\", \"${steps.d.n} == 2\"]\n"
	    "    advice: d is not what ${inputs.host} needs\n"
	    "  - id: e\n    run: test.leaky\n    with: {name: e}\n",
	    &o, &oc);
	ck_assert_int_eq(oc, IK_OUTCOME_FAIL);
	ck_assert_str_eq(json_string_value(json_object_get(rep, "status")),
	    "failed");
	ck_assert_str_eq(status_of(rep, 0), "failed");
	ck_assert_str_eq(status_of(rep, 1), "skipped");	/* when false */
	ck_assert_str_eq(status_of(rep, 2), "skipped");	/* needs b */
	ck_assert_str_eq(status_of(rep, 3), "failed");
	ck_assert_str_eq(status_of(rep, 4), "skipped");	/* stopped at d */
	ex = json_object_get(json_array_get(json_object_get(rep, "steps"), 3),
	    "expect");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(ex,
	    0), "result")), "error");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(ex,
	    0), "error")), "22:31: \"==\" compares a string with a number");
	ck_assert(json_is_false(json_object_get(json_array_get(ex, 1),
	    "result")));
	ck_assert_ptr_nonnull(strstr(progress_text.s,
	    "  advice: d is not what pub needs\n"));
	json_decref(rep);
	unlink(pwfile);
	unlink(pw2file);
}
END_TEST

START_TEST(operator_asked)
{
	ik_run_opts o;
	ik_outcome oc;
	json_t *rep, *res;

	memset(&o, 0, sizeof(o));
	secret_files();
	o.ask = operator;
	asked = 0;
	rep = run(HEAD
	    "  - id: m\n    manual: Reset ${inputs.host}.\n"
	    "    cli: utils itl reset localkey\n    confirm: ${inputs.host}\n"
	    "  - id: p\n    manual: Paste it.\n    paste: text\n"
	    "    expect: [\"${steps.p.lines} == 3\"]\n"
	    "  - id: q\n    manual: Done?\n",
	    &o, &oc);
	ck_assert_int_eq(oc, IK_OUTCOME_OK);
	ck_assert_int_eq(asked, 3);
	ck_assert_str_eq(json_string_value(json_object_get(rep, "status")),
	    "complete");
	ck_assert(json_is_true(json_object_get(result_of(rep, 0),
	    "confirmed")));
	res = result_of(rep, 1);
	/* The paste is redacted before it is parsed. */
	ck_assert_str_eq(json_string_value(json_object_get(res, "text")),
	    "one\n[redacted] two\nthree\n");
	ck_assert_ptr_nonnull(strstr(progress_text.s,
	    "  CUCM command: utils itl reset localkey\n"));
	json_decref(rep);

	/* Nobody to ask: pending, and what needs the paste is blocked. */
	o.ask = NULL;
	rep = run(HEAD "  - id: p\n    manual: Paste it.\n    paste: text\n"
	    "  - id: a\n    run: test.leaky\n"
	    "    with: {name: x}\n    when: \"${steps.p.lines} > 0\"\n",
	    &o, &oc);
	ck_assert_int_eq(oc, IK_OUTCOME_OK);
	ck_assert_str_eq(json_string_value(json_object_get(rep, "status")),
	    "incomplete");
	ck_assert_str_eq(status_of(rep, 0), "pending");
	ck_assert_str_eq(status_of(rep, 1), "blocked");
	json_decref(rep);
	unlink(pwfile);
	unlink(pw2file);
}
END_TEST

/* A run whose job table lacks the step's job: the step cannot be done. */
START_TEST(job_not_in_table)
{
	static const ik_job *const none[] = { NULL };
	ik_run_opts o;
	ik_outcome oc;
	json_t *rep, *res;

	memset(&o, 0, sizeof(o));
	secret_files();
	rep = run(HEAD "  - id: a\n    run: test.leaky\n    with: {name: x}\n",
	    &o, &oc);
	ck_assert_int_eq(oc, IK_OUTCOME_OK);
	json_decref(rep);
	o.jobs = none;
	o.njobs = 0;
	rep = run_with(HEAD "  - id: a\n    run: test.leaky\n"
	    "    with: {name: x}\n", &o, &oc);
	ck_assert_int_eq(oc, IK_OUTCOME_ERROR);
	ck_assert_str_eq(status_of(rep, 0), "failed");
	res = result_of(rep, 0);
	ck_assert_str_eq(json_string_value(json_object_get(res, "error")),
	    "no job named \"test.leaky\" in the run's job table");
	json_decref(rep);
	unlink(pwfile);
	unlink(pw2file);
}
END_TEST

Suite *suite_run(void);

Suite *
suite_run(void)
{
	Suite *s = suite_create("run");
	TCase *tc = tcase_create("core");

	ik_sb_init(&progress_text);
	tcase_add_test(tc, secrets_and_result);
	tcase_add_test(tc, outcomes_and_flow);
	tcase_add_test(tc, operator_asked);
	tcase_add_test(tc, job_not_in_table);
	suite_add_tcase(s, tc);
	return s;
}
