/*
 * test_results.c: every job's result fields (ik_job.results, what recipes
 * refer to and recipe-run --list-jobs lists) against what the job really
 * gives on real inputs, gathered as a recipe step's result is (the first
 * line's fields, "items", "summary", "outcome"): each field named is there
 * (but those the run cannot give, listed per job) and of its type or
 * null.  Also: the secret-file arguments are declared, and refused in the
 * arguments a job runs with.  Run from tests/data.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "ik_jobs.h"
#include "ik_secret.h"

Suite *suite_results(void);

/* The result of a run step, by the runner's convention. */
static json_t *
step_result(const ik_job_result *res)
{
	json_t *o = NULL, *items, *line;
	size_t i;

	items = json_array();
	ck_assert_ptr_nonnull(items);
	json_array_foreach(res->lines, i, line) {
		if (json_is_true(json_object_get(line, "summary")))
			continue;
		if (o == NULL)
			o = json_deep_copy(line);
		json_array_append(items, line);
	}
	if (o == NULL)
		o = json_object();
	json_array_foreach(res->lines, i, line)
		if (json_is_true(json_object_get(line, "summary")))
			json_object_set(o, "summary", line);
	json_object_set_new(o, "items", items);
	json_object_set_new(o, "outcome", json_integer(res->outcome));
	return o;
}

static bool
type_ok(ik_field_type t, const json_t *v)
{
	if (json_is_null(v))
		return true;
	switch (t) {
	case IK_FIELD_ANY:
		return true;
	case IK_FIELD_STRING:
		return json_is_string(v);
	case IK_FIELD_BOOL:
		return json_is_boolean(v);
	case IK_FIELD_INT:
		return json_is_integer(v);
	case IK_FIELD_ARRAY:
		return json_is_array(v);
	case IK_FIELD_OBJECT:
		return json_is_object(v);
	}
	return false;
}

/*
 * The value at a dotted path ("a.b[].c": through the first item of a
 * list); *empty set when a list on the way is empty (nothing to check).
 */
static json_t *
walk(json_t *v, const char *path, bool *empty)
{
	char buf[256], *p, *dot;
	size_t n;
	bool list;

	*empty = false;
	snprintf(buf, sizeof(buf), "%s", path);
	for (p = buf; p != NULL && v != NULL; p = dot) {
		dot = strchr(p, '.');
		if (dot != NULL)
			*dot++ = '\0';
		n = strlen(p);
		list = n > 2 && strcmp(p + n - 2, "[]") == 0;
		if (list)
			p[n - 2] = '\0';
		v = json_object_get(v, p);
		if (list && v != NULL) {
			if (!json_is_array(v))
				return NULL;
			if (json_array_size(v) == 0) {
				*empty = true;
				return NULL;
			}
			v = json_array_get(v, 0);
		}
	}
	return v;
}

/* absent: the fields this run cannot give, "a b c". */
static void
check_job(const char *name, const char *args_text, const char *secrets,
    const char *absent)
{
	const ik_job *job = ik_job_find(name);
	const ik_result_field *f;
	ik_job_ctx ctx = { 0 };
	ik_job_result res;
	ik_secrets sec;
	json_t *args, *r, *v;
	char word[130];
	ik_error err;
	bool empty;

	ck_assert_ptr_nonnull(job);
	ck_assert_msg(job->results != NULL, "%s has no result fields", name);
	args = json_loads(args_text, 0, NULL);
	ck_assert_ptr_nonnull(args);
	ik_secrets_init(&sec);
	if (secrets != NULL) {
		ck_assert_int_eq(ik_secrets_read_file(secrets, true, &sec, &err),
		    IK_OK);
		ctx.secrets = &sec;
		ctx.secrets2 = &sec;
	}
	ctx.tool = "test";
	ctx.want_json = true;
	ik_job_result_init(&res);
	ik_job_run(name, args, &ctx, &res);
	ck_assert_msg(res.outcome != IK_OUTCOME_ERROR, "%s: %s", name,
	    res.err.msg);
	r = step_result(&res);
	for (f = job->results; f->path != NULL; f++) {
		v = walk(r, f->path, &empty);
		snprintf(word, sizeof(word), " %s ", f->path);
		if (v == NULL && !empty) {
			char list[1024];

			snprintf(list, sizeof(list), " %s ", absent);
			ck_assert_msg(strstr(list, word) != NULL,
			    "%s: no field %s in %s", name, f->path,
			    json_dumps(r, JSON_COMPACT));
			continue;
		}
		ck_assert_msg(v == NULL || type_ok(f->type, v),
		    "%s: field %s is not of its type", name, f->path);
	}
	json_decref(r);
	json_decref(args);
	ik_job_result_free(&res);
	ik_secrets_free(&sec);
}

/* A folder for outputs, removed by the caller's rm -rf. */
static char tmpdir[64];

static void
mk_tmp(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/ik-results.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void
rm_tmp(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	ck_assert_int_eq(system(cmd), 0);
}

START_TEST(itl_jobs_give_their_fields)
{
	char args[512];

	check_job("itl.show", "{\"input\": \"p12/before.tlv\"}", NULL,
	    "member dump modified verified_by_cucm");
	check_job("itl.show", "{\"input\": \"dumps/cucm10-show-itl-after-"
	    "reset.txt\"}", NULL, "member");
	check_job("itl.diff", "{\"inputs\": [\"pub=cluster/pub.tlv\", "
	    "\"sub=cluster/sub.tlv\"]}", NULL,
	    "changes changes[].role changes[].change changes[].subject trust "
	    "trust.verdict");
	check_job("itl.diff", "{\"inputs\": [\"cluster/pub.tlv\", "
	    "\"cluster/pub-v2-both.tlv\"], \"versions\": true}", NULL, "");
	check_job("itl.trust", "{\"installed\": [\"cluster/pub.tlv\"], "
	    "\"candidate\": \"cluster/pub-v2-both-reset.tlv\"}", NULL, "");
	check_job("itl.phones", "{\"itl\": [\"pub=cluster/pub.tlv\", "
	    "\"sub=cluster/sub.tlv\"], \"inputs\": [\"events/syslog-mixed.txt"
	    "\"]}", NULL, "");
	mk_tmp();
	snprintf(args, sizeof(args), "{\"inputs\": [\"p12/before.tlv\"], "
	    "\"p12\": \"p12/itlrecovery-legacy.p12\", \"out\": "
	    "\"%s/reset.tlv\"}", tmpdir);
	check_job("itl.resign", args, "p12/pw.txt", "");
	rm_tmp();
}
END_TEST

START_TEST(p12_and_drs_jobs_give_their_fields)
{
	char args[512];

	check_job("p12.check", "{\"inputs\": [\"p12/itlrecovery-legacy.p12\"], "
	    "\"itl\": [\"p12/before.tlv\"]}", "p12/pw.txt", "member");
	check_job("drs.ls", "{\"inputs\": [\"drs/synthetic\"]}", NULL, "");
	check_job("drs.verify", "{\"inputs\": [\"drs/synthetic\"], \"deep\": "
	    "true}", "drs/synthetic.pw", "");
	mk_tmp();
	snprintf(args, sizeof(args), "{\"input\": \"drs/synthetic\", \"out\": "
	    "\"%s/x\", \"artifacts\": true, \"rebase_absolute\": true}",
	    tmpdir);
	check_job("drs.extract", args, "drs/synthetic.pw", "");
	snprintf(args, sizeof(args), "{\"input\": \"drs/synthetic\", \"out\": "
	    "\"%s/new.xml\"}", tmpdir);
	check_job("drs.rekey", args, "drs/synthetic.pw", "");
	rm_tmp();
}
END_TEST

/* Secrets are named by the spec, and never passed in the arguments. */
START_TEST(secret_file_arguments)
{
	static const char *const want[][2] = {
		{ "p12.check", "password_file" },
		{ "itl.resign", "password_file" },
		{ "drs.verify", "password_file" },
		{ "drs.extract", "password_file" },
		{ "drs.rekey", "password_file" },
		{ "drs.rekey", "new_password_file" },
	};
	const ik_arg_spec *a;
	const ik_job *job;
	json_t *args;
	ik_error err;
	size_t i;
	int type;

	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		job = ik_job_find(want[i][0]);
		ck_assert_ptr_nonnull(job);
		type = -1;
		for (a = job->args; a->name != NULL; a++)
			if (strcmp(a->name, want[i][1]) == 0)
				type = (int)a->type;
		ck_assert_int_eq(type, strcmp(want[i][1], "new_password_file")
		    == 0 ? IK_ARG_SECRET_FILE2 : IK_ARG_SECRET_FILE);
		args = json_pack("{s:s}", want[i][1], "pw.txt");
		ik_error_clear(&err);
		ck_assert_int_eq(ik_args_check(args, job->args, &err), IK_FATAL);
		ck_assert_msg(strstr(err.msg, "names a secret file") != NULL,
		    "%s", err.msg);
		json_decref(args);
	}
}
END_TEST

Suite *
suite_results(void)
{
	Suite *s = suite_create("results");
	TCase *tc = tcase_create("results");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, itl_jobs_give_their_fields);
	tcase_add_test(tc, p12_and_drs_jobs_give_their_fields);
	tcase_add_test(tc, secret_file_arguments);
	suite_add_tcase(s, tc);
	return s;
}
