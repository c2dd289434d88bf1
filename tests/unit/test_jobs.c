/*
 * test_jobs.c: the job layer's own parts: did-you-mean, argument checking
 * (types, ranges, required, unknown keys), the job table, the input
 * loader's chain of custody (SHA-256 and size of a real sample, known by
 * sha256sum).
 */
#include <string.h>

#include <check.h>

#include "ik_jobs.h"

START_TEST(closest_names)
{
	static const char *const names[] = { "input", "verify", "warn_days",
	    "at", NULL };

	ck_assert_str_eq(ik_closest("inptu", names, 5), "input");
	ck_assert_str_eq(ik_closest("verfy", names, 5), "verify");
	ck_assert_str_eq(ik_closest("warn-days", names, 5), "warn_days");
	ck_assert_str_eq(ik_closest("ta", names, 5), "at");
	ck_assert_ptr_null(ik_closest("password", names, 5));
	ck_assert_ptr_null(ik_closest("x", names, 5));
	ck_assert_ptr_null(ik_closest(NULL, names, 5));
}
END_TEST

static const ik_arg_spec spec[] = {
	{ "input", IK_ARG_STRING, true, 0, 0, "a file" },
	{ "n", IK_ARG_INT, false, 1, 16, NULL },
	{ "flag", IK_ARG_BOOL, false, 0, 0, NULL },
	{ "at", IK_ARG_TIME, false, 0, 0, NULL },
	{ "files", IK_ARG_STRINGS, false, 0, 0, NULL },
	{ NULL, IK_ARG_STRING, false, 0, 0, NULL }
};

static ik_status
check_json(const char *text, ik_error *err)
{
	json_t *a = json_loads(text, 0, NULL);
	ik_status st;

	ck_assert_ptr_nonnull(a);
	ik_error_clear(err);
	st = ik_args_check(a, spec, err);
	json_decref(a);
	return st;
}

START_TEST(args_checked)
{
	ik_error err;
	json_t *a;

	ck_assert_int_eq(check_json("{\"input\":\"f\"}", &err), IK_OK);
	ck_assert_int_eq(check_json("{\"input\":\"f\",\"n\":16,\"flag\":false,"
	    "\"at\":\"2024-05-01T00:00:00Z\",\"files\":[\"a\",\"b\"]}", &err),
	    IK_OK);
	ck_assert_int_eq(check_json("{}", &err), IK_FATAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "\"input\" is required (a file)"));
	ck_assert_int_eq(err.category, IK_ERR_USAGE);
	ck_assert_int_eq(check_json("{\"input\":\"f\",\"flg\":true}", &err),
	    IK_FATAL);
	ck_assert_str_eq(err.msg,
	    "unknown argument \"flg\" (did you mean \"flag\"?)");
	ck_assert_int_eq(check_json("{\"input\":\"f\",\"n\":17}", &err),
	    IK_FATAL);
	ck_assert_str_eq(err.msg, "argument \"n\": 17 is out of range 1..16");
	ck_assert_int_eq(check_json("{\"input\":3}", &err), IK_FATAL);
	ck_assert_str_eq(err.msg, "argument \"input\": expected a string");
	ck_assert_int_eq(check_json("{\"input\":\"f\",\"at\":\"yesterday\"}",
	    &err), IK_FATAL);
	ck_assert_int_eq(check_json("{\"input\":\"f\",\"files\":[1]}", &err),
	    IK_FATAL);
	ck_assert_int_eq(check_json("[\"input\"]", &err), IK_FATAL);
	/* A hostile key is shown printable. */
	ck_assert_int_eq(check_json("{\"input\":\"f\",\"\\u001b[2J\":1}", &err),
	    IK_FATAL);
	ck_assert_ptr_null(strchr(err.msg, 0x1b));

	a = json_loads("{\"input\":\"f\",\"n\":3,\"files\":\"one\","
	    "\"at\":\"1970-01-02T00:00:00Z\"}", 0, NULL);
	ck_assert_str_eq(ik_arg_str(a, "input", NULL), "f");
	ck_assert_int_eq(ik_arg_int(a, "n", 0), 3);
	ck_assert_int_eq(ik_arg_int(a, "missing", 7), 7);
	ck_assert(ik_arg_bool(a, "flag", true));
	ck_assert_int_eq(ik_arg_time(a, "at", 0), 86400);
	ck_assert_uint_eq(ik_arg_count(a, "files"), 1);
	ck_assert_str_eq(ik_arg_item(a, "files", 0), "one");
	ck_assert_ptr_null(ik_arg_item(a, "files", 1));
	ck_assert_int_eq(ik_args_append_str(a, "more", "x"), 0);
	ck_assert_int_eq(ik_args_append_str(a, "more", "y"), 0);
	ck_assert_uint_eq(ik_arg_count(a, "more"), 2);
	ck_assert_str_eq(ik_arg_item(a, "more", 1), "y");
	json_decref(a);
}
END_TEST

START_TEST(table_and_unknown_jobs)
{
	const ik_job *const *v;
	ik_job_result res;
	ik_job_ctx ctx;
	size_t n, i;

	v = ik_jobs(&n);
	ck_assert_uint_eq(n, 14);
	for (i = 0; i < n; i++)
		ck_assert_ptr_eq(ik_job_find(v[i]->name), v[i]);
	memset(&ctx, 0, sizeof(ctx));
	ctx.want_json = true;
	ik_job_result_init(&res);
	ik_job_run("drs.verfiy", NULL, &ctx, &res);
	ck_assert_int_eq(res.outcome, IK_OUTCOME_ERROR);
	ck_assert_str_eq(res.err.msg,
	    "no job named \"drs.verfiy\" (did you mean \"drs.verify\"?)");
	ik_job_result_free(&res);
}
END_TEST

START_TEST(input_custody)
{
	/* sha256sum and stat of the real sample. */
	static const char want[] =
	    "1e8d2ea5b034b1f1367b0d50f8a16cf70964c21ef06872308a42606cc2450813";
	ik_input in;
	ik_error err;
	char hex[65];

	ik_error_clear(&err);
	ck_assert_int_eq(ik_input_load("cucm-tokenless-CTLFile.tlv",
	    1 << 20, &in, &err), IK_OK);
	ik_hex(in.sha256, 32, hex);
	ck_assert_str_eq(hex, want);
	ck_assert_uint_eq(in.len, 7166);
	ck_assert_int_eq(in.kind, IK_IN_TRUSTLIST);
	ik_input_free(&in);
	ck_assert_int_eq(ik_input_load("cucm-tokenless-CTLFile.tlv", 100, &in,
	    &err), IK_FAILED);
	ck_assert_ptr_null(in.buf);
	ck_assert_int_eq(ik_input_load("no-such-file", 100, &in, &err),
	    IK_FATAL);
	ck_assert_int_eq(ik_input_load(".", 100, &in, &err), IK_FATAL);
}
END_TEST

Suite *suite_jobs(void);

Suite *
suite_jobs(void)
{
	Suite *s = suite_create("jobs");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, closest_names);
	tcase_add_test(tc, args_checked);
	tcase_add_test(tc, table_and_unknown_jobs);
	tcase_add_test(tc, input_custody);
	suite_add_tcase(s, tc);
	return s;
}
