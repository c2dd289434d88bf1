/*
 * case_job.c: layer case.  The job case.triage: inputs in, the inventory,
 * the analyses, the story, and case.md, case.html and case.json written
 * atomically into the output folder; the headlines as text, the whole
 * case as the JSON line.  Outcome 0 when nothing needs action, 1 when a
 * headline does, 2 when the bundle could not be read.  The password
 * candidates come in ctx->secrets, the cluster security password in
 * ctx->secrets2; neither is ever written anywhere.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case_private.h"

static const ik_arg_spec triage_args[] = {
	{ "inputs", IK_ARG_STRINGS, true, 0, 0,
	    "the bundle: folders, files and archives (tar, zip, gzip)" },
	{ "out_dir", IK_ARG_STRING, false, 0, 0,
	    "the folder case.md, case.html and case.json go to (default "
	    "triage-NAME, NAME the first input's)" },
	{ "format", IK_ARG_STRING, false, 0, 0,
	    "md, html or all (default): the pages written besides case.json" },
	{ "publisher", IK_ARG_STRING, false, 0, 0,
	    "the publisher's current host name" },
	{ "at", IK_ARG_TIME, false, 0, 0,
	    "judge validity as of this time (default now)" },
	{ "password_file", IK_ARG_SECRET_FILE, false, 0, 0,
	    "password candidates for the PKCS#12 files, one a line" },
	{ "cluster_password_file", IK_ARG_SECRET_FILE2, false, 0, 0,
	    "the cluster security password, for the DRS backup" },
	{ "password_lists", IK_ARG_STRINGS, false, 0, 0,
	    "the paths of the password files given, listed in the inventory "
	    "as password-list (never read by the job)" },
	{ NULL, IK_ARG_STRING, false, 0, 0, NULL }
};

/* A password file: listed as such, never hashed, never analysed. */
static ik_status
mark_password_list(ik_case *c, const char *path, ik_error *err)
{
	char *want = realpath(path, NULL), *got;
	case_item *v, *it;
	struct stat st;
	size_t i;

	for (i = 0; want != NULL && i < c->nitems; i++) {
		it = &c->items[i];
		if (it->in_archive || it->job_path == NULL)
			continue;
		got = realpath(it->job_path, NULL);
		if (got != NULL && strcmp(got, want) == 0) {
			it->kind = IK_CASE_PASSWORD_LIST;
			it->has_sha256 = false;
			memset(it->sha256, 0, 32);
			free(got);
			free(want);
			return IK_OK;
		}
		free(got);
	}
	free(want);
	if (c->nitems == c->items_cap) {
		v = realloc(c->items, (c->items_cap + 1) * sizeof(*v));
		if (v == NULL)
			return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
			    "out of memory");
		c->items = v;
		c->items_cap++;
	}
	it = &c->items[c->nitems++];
	memset(it, 0, sizeof(*it));
	it->fd = -1;
	it->kind = IK_CASE_PASSWORD_LIST;
	it->file = case_printable(path);
	it->rel = case_printable(path);
	it->dir = case_strdup("");
	if (stat(path, &st) == 0)
		it->size = (uint64_t)st.st_size;
	if (it->file == NULL || it->rel == NULL || it->dir == NULL)
		return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
		    "out of memory");
	return IK_OK;
}

static ik_status
write_one(const char *dir, const char *name, const ik_sb *sb,
    ik_job_result *res)
{
	ik_error err;
	char *path;
	ik_status r;

	if (asprintf(&path, "%s/%s", dir, name) < 0)
		return ik_error_set(&res->err, IK_FATAL, IK_ERR_MEMORY,
		    "out of memory");
	ik_error_clear(&err);
	if (sb->oom)
		r = ik_error_set(&err, IK_FATAL, IK_ERR_MEMORY, "out of memory");
	else
		r = ik_write_file_atomic(path, sb->s != NULL ? sb->s : "",
		    sb->len, 0644, true, &err);
	if (r != IK_OK) {
		ik_job_result_error(res, path, &err);
		ik_job_result_note(res, IK_OUTCOME_ERROR);
	}
	free(path);
	return r;
}

static void
write_outputs(const ik_case *c, const char *dir, const char *format,
    json_t *doc, ik_job_result *res)
{
	ik_error err;
	ik_sb sb;
	char *s;

	if (mkdir(dir, 0750) != 0 && errno != EEXIST) {
		ik_error_clear(&err);
		ik_error_set(&err, IK_FATAL, IK_ERR_IO, "cannot make the "
		    "folder: %s", strerror(errno));
		ik_job_result_error(res, dir, &err);
		ik_job_result_note(res, IK_OUTCOME_ERROR);
		return;
	}
	ik_sb_init(&sb);
	s = json_dumps(doc, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	if (s != NULL) {
		ik_sb_puts(&sb, s);
		ik_sb_puts(&sb, "\n");
		free(s);
	} else
		sb.oom = true;
	(void)write_one(dir, "case.json", &sb, res);
	if (strcmp(format, "html") != 0) {
		ik_sb_reset(&sb);
		case_md(&sb, c);
		(void)write_one(dir, "case.md", &sb, res);
	}
	if (strcmp(format, "md") != 0) {
		ik_sb_reset(&sb);
		case_html(&sb, c);
		(void)write_one(dir, "case.html", &sb, res);
	}
	ik_sb_free(&sb);
}

/* triage-NAME for the first input NAME (its last path component). */
static char *
default_dir(const char *in)
{
	size_t n = strlen(in);
	const char *s;
	char *d;

	while (n > 1 && in[n - 1] == '/')
		n--;
	for (s = in + n; s > in && s[-1] != '/'; s--)
		;
	if (asprintf(&d, "triage-%.*s", (int)(in + n - s), s) < 0)
		return NULL;
	return d;
}

static void
triage_run(const json_t *args, const ik_job_ctx *ctx, ik_job_result *res)
{
	const char *format = ik_arg_str(args, "format", "all");
	const char *out = ik_arg_str(args, "out_dir", NULL);
	size_t n = ik_arg_count(args, "inputs"), i;
	char *dir = NULL;
	json_t *doc = NULL;
	ik_error err;
	ik_case c;

	if (strcmp(format, "md") != 0 && strcmp(format, "html") != 0 &&
	    strcmp(format, "all") != 0) {
		ik_error_set(&res->err, IK_FATAL, IK_ERR_USAGE,
		    "format is md, html or all, not \"%.40s\"", format);
		res->outcome = IK_OUTCOME_ERROR;
		return;
	}
	memset(&c, 0, sizeof(c));
	c.ctx = ctx;
	c.args = args;
	c.candidates = ctx->secrets;
	c.cluster = ctx->secrets2;
	c.publisher = ik_arg_str(args, "publisher", NULL);
	ik_time_format(ik_arg_time(args, "at", time(NULL)), c.at, sizeof(c.at));
	c.inputs = json_array();
	c.analyses = json_array();
	c.trust = json_array();
	c.headlines = json_array();
	c.unanswered = json_array();
	dir = out != NULL ? strdup(out) : default_dir(ik_arg_item(args,
	    "inputs", 0));
	ik_error_clear(&err);
	if (c.inputs == NULL || c.analyses == NULL || c.trust == NULL ||
	    c.headlines == NULL || c.unanswered == NULL || dir == NULL) {
		ik_error_set(&err, IK_FATAL, IK_ERR_MEMORY, "out of memory");
		goto fatal;
	}
	for (i = 0; i < n; i++)
		if (case_inventory(&c, ik_arg_item(args, "inputs", i), &err) !=
		    IK_OK)
			goto fatal;
	for (i = 0; i < ik_arg_count(args, "password_lists"); i++)
		if (mark_password_list(&c, ik_arg_item(args, "password_lists",
		    i), &err) != IK_OK)
			goto fatal;
	if (case_analyse(&c, &err) != IK_OK || case_story(&c) != IK_OK)
		goto fatal;
	{
		const json_t *in;

		json_array_foreach(c.inputs, i, in)
			if (json_object_get(in, "error") != NULL)
				ik_job_result_warn(res, "%s: %s",
				    case_str(in, "path"), case_str(in, "error"));
	}
	if ((doc = case_json(&c)) == NULL) {
		ik_error_set(&err, IK_FATAL, IK_ERR_MEMORY, "out of memory");
		goto fatal;
	}
	write_outputs(&c, dir, format, doc, res);
	if (ctx->want_text) {
		ik_text_opts to = { ctx->brief, ctx->color, ctx->columns };

		case_text(&res->text, &c, &to);
	}
	if (ctx->want_json)
		ik_job_result_line(res, json_incref(doc));
	ik_job_result_note(res, c.unreadable ? IK_OUTCOME_ERROR : c.action ?
	    IK_OUTCOME_FAIL : IK_OUTCOME_OK);
	goto out;
fatal:
	res->err = err;
	res->outcome = IK_OUTCOME_ERROR;
out:
	json_decref(doc);
	case_lists_free(&c);
	case_items_free(&c);
	json_decref(c.inputs);
	json_decref(c.analyses);
	json_decref(c.trust);
	json_decref(c.headlines);
	json_decref(c.unanswered);
	free(dir);
}

static const ik_job case_triage_job = {
	"case.triage",
	"a customer's whole bundle classified, analysed and told as a story "
	"(case.md, case.html, case.json)",
	triage_args,
	triage_run,
	NULL
};

static const ik_job *const case_table[] = {
	&case_triage_job,
};

const ik_job *const *
ik_case_jobs(size_t *n)
{
	*n = sizeof(case_table) / sizeof(case_table[0]);
	return case_table;
}

void
ik_case_job_run(const char *name, const json_t *args, const ik_job_ctx *ctx,
    ik_job_result *res)
{
	json_t *empty = NULL;
	size_t i;

	for (i = 0; name != NULL && i < sizeof(case_table) /
	    sizeof(case_table[0]); i++)
		if (strcmp(case_table[i]->name, name) == 0)
			break;
	if (name == NULL || i == sizeof(case_table) / sizeof(case_table[0])) {
		ik_job_run(name, args, ctx, res);
		return;
	}
	if (res->outcome == IK_OUTCOME_ERROR)
		return;
	if (args == NULL && (args = empty = json_object()) == NULL) {
		ik_error_set(&res->err, IK_FATAL, IK_ERR_MEMORY,
		    "out of memory");
		res->outcome = IK_OUTCOME_ERROR;
		return;
	}
	if (ik_args_check(args, case_table[i]->args, &res->err) != IK_OK) {
		ik_error_push(&res->err, "%s", name);
		res->outcome = IK_OUTCOME_ERROR;
	} else {
		res->ctx = ctx;
		case_table[i]->run(args, ctx, res);
	}
	json_decref(empty);
}
