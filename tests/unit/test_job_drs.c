/*
 * test_job_drs.c: what the DRS jobs give a caller besides their output:
 * a batch streams (each set handed over as it is done, the result left
 * holding only the summary), progress per set with its backup id and
 * bytes, and the outcome decided by the statuses.
 */
#include <string.h>

#include <check.h>

#include "ik_jobs.h"

typedef struct seen {
	size_t emits, lines, texts;
	size_t begins;
	char label[64];
	uint64_t total, done;
} seen;

static void
on_emit(void *arg, ik_job_result *res)
{
	seen *s = arg;

	s->emits++;
	s->lines += json_array_size(res->lines);
	if (res->text.len > 0)
		s->texts++;
}

static void
on_begin(void *arg, const char *label, uint64_t total)
{
	seen *s = arg;

	s->begins++;
	snprintf(s->label, sizeof(s->label), "%s", label);
	s->total = total;
	s->done = 0;
}

static void
on_progress(void *arg, uint64_t done, uint64_t total)
{
	seen *s = arg;

	ck_assert_uint_eq(total, s->total);
	ck_assert_uint_ge(done, s->done);
	s->done = done;
}

START_TEST(batch_streams)
{
	ik_job_ctx ctx;
	ik_job_result res;
	seen s;
	json_t *args, *last;

	memset(&ctx, 0, sizeof(ctx));
	memset(&s, 0, sizeof(s));
	ctx.tool = "drs-ls";
	ctx.want_json = true;
	ctx.emit = on_emit;
	ctx.emit_arg = &s;
	ctx.progress_begin = on_begin;
	ctx.progress = on_progress;
	ctx.progress_arg = &s;
	args = json_pack("{s:[s,s,s]}", "inputs", "drs/gen/s1", "drs/gen/s2",
	    "drs/nonexistent");
	ik_job_result_init(&res);
	ik_job_run("drs.ls", args, &ctx, &res);
	/*
	 * Two sets and one error, each handed over on its own; the error is
	 * an unreadable object too.
	 */
	ck_assert_uint_eq(s.emits, 3);
	ck_assert_uint_eq(s.lines, 3);
	ck_assert_uint_eq(json_array_size(res.lines), 1);
	last = json_array_get(res.lines, 0);
	ck_assert(json_is_true(json_object_get(last, "summary")));
	ck_assert_int_eq(json_integer_value(json_object_get(last, "sets")), 2);
	ck_assert_uint_eq(res.errors.len, 0);
	ck_assert_int_eq(res.outcome, IK_OUTCOME_ERROR);
	/* Progress: one stretch per set, the last set read whole (s2 holds
	 * 240 + 3104 bytes of components). */
	ck_assert_uint_eq(s.begins, 2);
	ck_assert_str_eq(s.label, "2020-02-02-03-04-05");
	ck_assert_uint_eq(s.total, 3344);
	ck_assert_uint_eq(s.done, 3344);
	ik_job_result_free(&res);
	json_decref(args);
}
END_TEST

/*
 * Without a password drs.ls passes an unverified set; drs.verify reports
 * it and says it could not do its job (a missing password: 2); without
 * an emit hook the whole output stays in the result.
 */
START_TEST(verdict_per_operation)
{
	ik_job_ctx ctx;
	ik_job_result res;
	json_t *args;

	memset(&ctx, 0, sizeof(ctx));
	ctx.want_text = true;
	args = json_pack("{s:s}", "inputs", "drs/gen/s2");
	ik_job_result_init(&res);
	ik_job_run("drs.ls", args, &ctx, &res);
	ck_assert_int_eq(res.outcome, IK_OUTCOME_OK);
	ck_assert_ptr_nonnull(strstr(res.text.s, ": unverified, "));
	ck_assert_ptr_nonnull(strstr(res.text.s, "1 set: 1 unverified\n"));
	ik_job_result_free(&res);
	ik_job_result_init(&res);
	ik_job_run("drs.verify", args, &ctx, &res);
	ck_assert_int_eq(res.outcome, IK_OUTCOME_ERROR);
	ck_assert_ptr_nonnull(strstr(res.text.s, "  password not-given\n"));
	ck_assert_str_eq(res.errors.s,
	    "no password given: the sets were listed, not decrypted\n");
	ik_job_result_free(&res);
	json_decref(args);
}
END_TEST

Suite *suite_job_drs(void);

Suite *
suite_job_drs(void)
{
	Suite *s = suite_create("job_drs");
	TCase *tc = tcase_create("job_drs");

	tcase_add_test(tc, batch_streams);
	tcase_add_test(tc, verdict_per_operation);
	suite_add_tcase(s, tc);
	return s;
}
