/*
 * test_shipped.c: the recipes shipped in recipes/ load against the real
 * job table without an error, have the steps and inputs docs/recipes.md
 * describes, and their expectations over pastes give the known answers:
 * the publisher's show itl after the reset passes and the one still
 * signed by CallManager fails; a restore status that is done passes and
 * one with a failed component fails.  Run from tests/data.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "ik_recipe.h"
#include "testkit.h"

Suite *suite_shipped(void);

static const char *const shipped[] = {
	"publisher-rebuild", "itl-bulk-reset", "backup-audit",
	"phones-missing-recovery", "cert-regen-preflight"
};

static ik_recipe *
load(const char *name)
{
	char path[256];
	ik_recipe_diags d;
	ik_recipe *r = NULL;
	uint8_t *buf;
	size_t len;
	ik_sb sb;

	snprintf(path, sizeof(path), "../../recipes/%s.yaml", name);
	buf = tk_read(path, &len);
	ik_recipe_diags_init(&d);
	if (ik_recipe_load(buf, len, NULL, 0, &r, &d) != IK_OK) {
		ik_sb_init(&sb);
		ik_recipe_diags_render(&sb, &d, path, buf, len);
		ck_abort_msg("%s", sb.s != NULL ? sb.s : path);
	}
	ck_assert_uint_eq(d.n, 0);
	ik_recipe_diags_free(&d);
	free(buf);
	ck_assert_str_eq(r->name, name);
	ck_assert_int_eq(r->version, 1);
	ck_assert_ptr_nonnull(r->description);
	return r;
}

START_TEST(every_shipped_recipe_loads)
{
	ik_recipe *r = load(shipped[_i]);

	ck_assert_uint_gt(r->nsteps, 0);
	ik_recipe_free(r);
}
END_TEST

/* The step ids in order, "a b c". */
static void
ids(const ik_recipe *r, char *buf, size_t size)
{
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < r->nsteps && n < size; i++)
		n += (size_t)snprintf(buf + n, size - n, "%s%s", i ? " " : "",
		    r->steps[i].id);
}

START_TEST(publisher_rebuild_steps)
{
	ik_recipe *r = load("publisher-rebuild");
	const ik_recipe_step *s;
	const ik_recipe_input *in;
	char buf[1024];

	ids(r, buf, sizeof(buf));
	ck_assert_str_eq(buf, "verify extract platform backed-up-itl key-backup "
	    "key-given predicted-backup predicted-given phones-accept-backup "
	    "phones-accept-given reinstall backup-device backup-files restore "
	    "restore-status restart replication itl-reset show-itl "
	    "reset-phones");
	s = ik_recipe_step_find(r, "verify");
	ck_assert_int_eq(s->kind, IK_STEP_RUN);
	ck_assert_str_eq(s->job->name, "drs.verify");
	ck_assert_int_eq(ik_recipe_step_find(r, "restore-status")->paste,
	    IK_PASTE_DRS_STATUS);
	ck_assert_int_eq(ik_recipe_step_find(r, "show-itl")->paste,
	    IK_PASTE_SHOW_ITL);
	ck_assert_int_eq(ik_recipe_step_find(r, "backup-files")->paste,
	    IK_PASTE_TEXT);
	/* The destructive steps ask for a confirmation. */
	ck_assert_uint_gt(ik_recipe_step_find(r, "restore")->confirm.n, 0);
	ck_assert_uint_gt(ik_recipe_step_find(r, "itl-reset")->confirm.n, 0);
	in = ik_recipe_input_find(r, "cluster_password");
	ck_assert(in->secret && in->required);
	in = ik_recipe_input_find(r, "p12_password");
	ck_assert(in->secret && !in->required);
	ck_assert(ik_recipe_input_find(r, "backup")->required);
	ck_assert(!ik_recipe_input_find(r, "p12")->required);
	ck_assert(ik_recipe_input_find(r, "out")->required);
	ik_recipe_free(r);
}
END_TEST

START_TEST(itl_bulk_reset_steps)
{
	ik_recipe *r = load("itl-bulk-reset");
	char buf[1024];

	ids(r, buf, sizeof(buf));
	ck_assert_str_eq(buf, "key nodes predicted reach reset "
	    "show-itl-after-reset enterprise-parameters tftp-restart "
	    "reset-devices");
	ck_assert_str_eq(ik_recipe_step_find(r, "predicted")->job->name,
	    "itl.resign");
	ck_assert_int_eq(ik_recipe_step_find(r, "show-itl-after-reset")->paste,
	    IK_PASTE_SHOW_ITL);
	ck_assert_int_eq(ik_recipe_input_find(r, "itl")->type, IK_RTYPE_PATHS);
	ik_recipe_free(r);
}
END_TEST

/* Evaluates every expectation of step id over scope: how many held. */
static size_t
held(const ik_recipe *r, const char *id, json_t *scope, size_t *total)
{
	const ik_recipe_step *s = ik_recipe_step_find(r, id);
	ik_recipe_diag d;
	size_t i, n = 0;
	bool ok;

	ck_assert_ptr_nonnull(s);
	for (i = 0; i < s->nexpect; i++) {
		ck_assert_msg(ik_recipe_expr_eval(s->expect[i].expr,
		    ik_recipe_resolve_json, scope, &ok, &d) == IK_LOOKUP_FOUND,
		    "%s: %s: %s", id, s->expect[i].text, d.msg);
		n += ok;
	}
	*total = s->nexpect;
	return n;
}

static json_t *
paste(ik_recipe_paste kind, const char *path)
{
	uint8_t *buf;
	size_t len;
	json_t *o = NULL;
	ik_error err;

	buf = tk_read(path, &len);
	ck_assert_msg(ik_recipe_paste_parse(kind, buf, len, &o, &err) == IK_OK,
	    "%s: %s", path, err.msg);
	free(buf);
	return o;
}

/*
 * show-itl's expectations against the records digest of the backed-up
 * ITL (p12/before.tlv's, which its reset keeps): the reset passes every
 * one, the list still signed by CallManager fails the signer's.
 */
START_TEST(publisher_rebuild_judges_show_itl)
{
	ik_recipe *r = load("publisher-rebuild");
	json_t *scope;
	size_t n, total;

	scope = json_pack("{s:{}, s:{s:{s:s}, s:o}}", "inputs", "steps",
	    "backed-up-itl", "records_sha1",
	    "6fe4598e77a826a01dd88e0d2d7dea470963eb25",
	    "show-itl", paste(IK_PASTE_SHOW_ITL, "paste/reset-show-itl.txt"));
	n = held(r, "show-itl", scope, &total);
	ck_assert_uint_eq(total, 3);
	ck_assert_uint_eq(n, 3);
	json_object_set_new(json_object_get(scope, "steps"), "show-itl",
	    paste(IK_PASTE_SHOW_ITL, "paste/before-show-itl.txt"));
	ck_assert_uint_eq(held(r, "show-itl", scope, &total), 2);
	/* Another cluster's records: the digest differs too. */
	json_object_set_new(json_object_get(scope, "steps"), "show-itl",
	    paste(IK_PASTE_SHOW_ITL, "dumps/cucm10-show-itl-after-reset.txt"));
	ck_assert_uint_eq(held(r, "show-itl", scope, &total), 2);
	json_decref(scope);
	ik_recipe_free(r);
}
END_TEST

START_TEST(publisher_rebuild_judges_restore_status)
{
	ik_recipe *r = load("publisher-rebuild");
	json_t *scope;
	size_t total;

	scope = json_pack("{s:{}, s:{s:{s:s}, s:o}}", "inputs", "steps",
	    "verify", "publisher", "cucm-pub",
	    "restore-status", paste(IK_PASTE_DRS_STATUS,
	    "paste/drs-restore-ok.txt"));
	ck_assert_uint_eq(held(r, "restore-status", scope, &total), 4);
	ck_assert_uint_eq(total, 4);
	json_object_set_new(json_object_get(scope, "steps"), "restore-status",
	    paste(IK_PASTE_DRS_STATUS, "paste/drs-restore-failed.txt"));
	/* Failed, and a component failed; 100% and the server are there. */
	ck_assert_uint_eq(held(r, "restore-status", scope, &total), 2);
	/* A restore of another node does not rebuild this one. */
	json_object_set_new(json_object_get(json_object_get(scope, "steps"),
	    "verify"), "publisher", json_string("cucm-pub2"));
	json_object_set_new(json_object_get(scope, "steps"), "restore-status",
	    paste(IK_PASTE_DRS_STATUS, "paste/drs-restore-ok.txt"));
	ck_assert_uint_eq(held(r, "restore-status", scope, &total), 3);
	json_decref(scope);
	ik_recipe_free(r);
}
END_TEST

/*
 * itl-bulk-reset: the pasted show itl against the key's serial and the
 * prediction's records digest (p12/before.tlv re-signed with
 * p12/itlrecovery-legacy.p12, whose serial this is); nodes is skipped for
 * a single-node cluster, which itl.diff cannot compare.
 */
START_TEST(itl_bulk_reset_judges_show_itl)
{
	ik_recipe *r = load("itl-bulk-reset");
	const ik_recipe_step *s = ik_recipe_step_find(r, "nodes");
	ik_recipe_diag d;
	json_t *scope;
	size_t total;
	bool ok;

	scope = json_pack("{s:{s:[s]}, s:{s:{s:{s:s}}, s:{s:s}, s:o}}",
	    "inputs", "itl", "a.tlv", "steps",
	    "key", "certificate", "serial",
	    "6E:3F:65:C2:97:B3:E0:1F:E7:42:81:AB:52:CC:55:DC",
	    "predicted", "records_sha1",
	    "6fe4598e77a826a01dd88e0d2d7dea470963eb25",
	    "show-itl-after-reset", paste(IK_PASTE_SHOW_ITL,
	    "paste/reset-show-itl.txt"));
	ck_assert_uint_eq(held(r, "show-itl-after-reset", scope, &total), 3);
	ck_assert_uint_eq(total, 3);
	json_object_set_new(json_object_get(scope, "steps"),
	    "show-itl-after-reset", paste(IK_PASTE_SHOW_ITL,
	    "paste/before-show-itl.txt"));
	ck_assert_uint_eq(held(r, "show-itl-after-reset", scope, &total), 2);
	ck_assert_int_eq(ik_recipe_expr_eval(s->when->expr,
	    ik_recipe_resolve_json, scope, &ok, &d), IK_LOOKUP_FOUND);
	ck_assert(!ok);
	json_array_append_new(json_object_get(json_object_get(scope, "inputs"),
	    "itl"), json_string("b.tlv"));
	ck_assert_int_eq(ik_recipe_expr_eval(s->when->expr,
	    ik_recipe_resolve_json, scope, &ok, &d), IK_LOOKUP_FOUND);
	ck_assert(ok);
	json_decref(scope);
	ik_recipe_free(r);
}
END_TEST

Suite *
suite_shipped(void)
{
	Suite *s = suite_create("shipped");
	TCase *tc = tcase_create("shipped");

	tcase_add_loop_test(tc, every_shipped_recipe_loads, 0,
	    (int)(sizeof(shipped) / sizeof(shipped[0])));
	tcase_add_test(tc, publisher_rebuild_steps);
	tcase_add_test(tc, itl_bulk_reset_steps);
	tcase_add_test(tc, publisher_rebuild_judges_show_itl);
	tcase_add_test(tc, publisher_rebuild_judges_restore_status);
	tcase_add_test(tc, itl_bulk_reset_judges_show_itl);
	suite_add_tcase(s, tc);
	return s;
}
