/*
 * run.c: layer recipe.  Running a recipe: the steps in the order written,
 * each skipped (its `when` is false, a step it needs was skipped),
 * blocked (a step it needs waits for the operator), run, or shown to the
 * operator; its expectations judged, advice given when they fail; the
 * journal and the audit trail written as it goes.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "run_private.h"

enum { ST_OK, ST_FAILED, ST_SKIPPED, ST_PENDING, ST_BLOCKED };
static const char *const status_names[] = {
	"ok", "failed", "skipped", "pending", "blocked"
};

typedef struct run {
	const ik_recipe *r;
	const ik_run_opts *o;
	json_t *scope, *done;	/* done: scope's "steps" */
	json_t *steps;		/* the report's */
	ru_secrets sec;
	ru_journal j;
	bool journal;
	int audit;
	time_t at;
	unsigned char *st;
	const char *stopped;	/* the step the run stopped at */
	ik_outcome outcome;
} run;

/* What one step came to, for the report, journal and audit. */
typedef struct step_end {
	int status;
	bool reused;
	json_t *result, *args, *inputs, *outputs, *expect;
	char reason[IK_ERR_MSG_MAX + 128];
	const char *confirmed_by;	/* "operator", "answer-file", "yes" */
	char *word;			/* the confirmation word asked */
} step_end;

static void say(run *x, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Progress to the caller, secrets redacted. */
static void
say(run *x, const char *fmt, ...)
{
	ik_sb raw, out;
	va_list ap;

	if (x->o->progress == NULL)
		return;
	ik_sb_init(&raw);
	ik_sb_init(&out);
	va_start(ap, fmt);
	ik_sb_vprintf(&raw, fmt, ap);
	va_end(ap);
	if (raw.s != NULL) {
		ru_redact(&x->sec, raw.s, raw.len, &out);
		if (out.s != NULL)
			x->o->progress(x->o->arg, out.s);
	}
	ik_sb_free(&raw);
	ik_sb_free(&out);
}

/* Each line of text (which may hold evidence) indented, printable. */
static void
say_lines(run *x, const char *indent, const char *text)
{
	const char *p, *nl;
	ik_sb sb;

	ik_sb_init(&sb);
	for (p = text; p != NULL && *p != '\0'; p = nl != NULL ? nl + 1 : NULL) {
		nl = strchr(p, '\n');
		ik_sb_puts(&sb, indent);
		ik_sb_add_safe(&sb, (const uint8_t *)p,
		    nl != NULL ? (size_t)(nl - p) : strlen(p));
		ik_sb_puts(&sb, "\n");
	}
	if (sb.s != NULL)
		say(x, "%s", sb.s);
	ik_sb_free(&sb);
}

/* ---- conditions ------------------------------------------------------- */

/* The condition's value, or why it has none (into end->reason). */
static ik_recipe_lookup
condition(run *x, const ik_recipe_cond *c, bool *value, char *why,
    size_t size)
{
	ik_recipe_lookup lk;
	ik_recipe_diag d;

	lk = ik_recipe_expr_eval(c->expr, ik_recipe_resolve_json, x->scope,
	    value, &d);
	if (lk == IK_LOOKUP_ABSENT || lk == IK_LOOKUP_ERROR)
		snprintf(why, size, "%u:%u: %s", d.pos.line, d.pos.col, d.msg);
	return lk;
}

/* Judges every expectation into end->expect; false when one failed. */
static bool
expectations(run *x, const ik_recipe_step *s, step_end *end)
{
	char why[600];
	ik_recipe_lookup lk;
	json_t *e, *v;
	bool ok = true, b;
	size_t i;

	for (i = 0; i < s->nexpect; i++) {
		why[0] = '\0';
		lk = condition(x, &s->expect[i], &b, why, sizeof(why));
		if (lk == IK_LOOKUP_FOUND)
			v = json_boolean(b);
		else
			v = json_string(lk == IK_LOOKUP_PENDING ? "pending" :
			    "error");
		e = json_pack("{s:s,s:o}", "condition", s->expect[i].text,
		    "result", v);
		if (e != NULL && why[0] != '\0')
			json_object_set_new(e, "error", json_string(why));
		json_array_append_new(end->expect, e);
		if (lk == IK_LOOKUP_FOUND && b)
			continue;
		ok = false;
		say(x, "  expect %s: %s\n", s->expect[i].text,
		    lk == IK_LOOKUP_FOUND ? "false" : lk == IK_LOOKUP_PENDING ?
		    "pending" : why);
	}
	/* After the job's own failure, when it failed too. */
	if (!ok)
		snprintf(end->reason + strlen(end->reason),
		    sizeof(end->reason) - strlen(end->reason), "%s",
		    end->reason[0] != '\0' ? "; an expectation failed" :
		    "an expectation failed");
	return ok;
}

/* ---- manual steps ------------------------------------------------------ */

/* Expands t into out (empty when absent); false with the reason. */
static bool
expand(run *x, const ik_recipe_text *t, ik_sb *out, step_end *end)
{
	ik_error err;

	if (t->n == 0)
		return true;
	ik_error_clear(&err);
	if (ik_recipe_text_expand(t, ik_recipe_resolve_json, x->scope, false,
	    out, &err) != IK_LOOKUP_FOUND) {
		snprintf(end->reason, sizeof(end->reason), "%s", err.msg);
		return false;
	}
	return true;
}

/* The answer file given for step id: 1 read, 0 none given, -1 unreadable. */
static int
answer_file(run *x, const char *id, ik_sb *out, step_end *end)
{
	const char *path;
	uint8_t *buf;
	size_t len;
	ik_error err;

	path = json_string_value(json_object_get(x->o->answers, id));
	if (path == NULL)
		return 0;
	ik_error_clear(&err);
	if (ik_read_file(path, IK_RUN_MAX_ANSWER, &buf, &len, &err) !=
	    IK_OK) {
		snprintf(end->reason, sizeof(end->reason), "answer file: %s",
		    err.msg);
		x->outcome = IK_OUTCOME_ERROR;	/* an unreadable input */
		return -1;
	}
	ik_sb_add(out, (const char *)buf, len);
	ik_wipe(buf, len);
	free(buf);
	end->confirmed_by = "answer-file";
	return 1;
}

/* Asks the operator; 1 answered, 0 no one to ask, -1 failed. */
static int
ask(run *x, const char *id, ik_run_ask what, const char *word, ik_sb *out,
    step_end *end)
{
	int rc;

	if (x->o->ask == NULL)
		return 0;
	rc = x->o->ask(x->o->arg, id, what, word, out);
	if (rc < 0)
		snprintf(end->reason, sizeof(end->reason),
		    "the answer could not be read");
	if (rc > 0)
		end->confirmed_by = "operator";
	return rc;
}

/* Its first line, without the line end. */
static void
first_line(ik_sb *sb)
{
	size_t i;

	for (i = 0; i < sb->len && sb->s[i] != '\n' && sb->s[i] != '\r'; i++)
		;
	sb->len = i;
	if (sb->s != NULL)
		sb->s[i] = '\0';
}

/*
 * The confirmation or the "done": from the answer file (unless it is the
 * paste), --yes, or the operator.  ST_OK, ST_PENDING or ST_FAILED.
 */
static int
confirmation(run *x, const ik_recipe_step *s, const char *word,
    step_end *end)
{
	ik_sb ans;
	int rc = 0;

	ik_sb_init(&ans);
	if (s->paste == IK_PASTE_NONE)
		rc = answer_file(x, s->id, &ans, end);
	if (rc == 0 && x->o->yes) {
		end->confirmed_by = "yes";
		ik_sb_free(&ans);
		return ST_OK;
	}
	if (rc == 0)
		rc = ask(x, s->id, word != NULL ? IK_RUN_ASK_CONFIRM :
		    IK_RUN_ASK_DONE, word, &ans, end);
	if (rc > 0 && word != NULL) {
		first_line(&ans);
		if (ans.s == NULL || strcmp(ans.s, word) != 0) {
			snprintf(end->reason, sizeof(end->reason),
			    "the confirmation does not match the word asked");
			rc = -1;
		}
	}
	ik_sb_free(&ans);
	return rc > 0 ? ST_OK : rc == 0 ? ST_PENDING : ST_FAILED;
}

/* The paste, redacted and parsed into end->result. */
static int
paste(run *x, const ik_recipe_step *s, step_end *end)
{
	ik_sb ans, clean;
	ik_error err;
	int rc;

	ik_sb_init(&ans);
	ik_sb_init(&clean);
	rc = answer_file(x, s->id, &ans, end);
	if (rc == 0)
		rc = ask(x, s->id, IK_RUN_ASK_PASTE, NULL, &ans, end);
	if (rc > 0) {
		ru_redact(&x->sec, ans.s != NULL ? ans.s : "", ans.len, &clean);
		ik_error_clear(&err);
		if (ans.oom || clean.oom)
			rc = -1;
		else if (ik_recipe_paste_parse(s->paste,
		    (const uint8_t *)(clean.s != NULL ? clean.s : ""),
		    clean.len, &end->result, &err) != IK_OK) {
			snprintf(end->reason, sizeof(end->reason),
			    "the paste cannot be read: %s", err.msg);
			rc = -1;
		}
	}
	if (ans.s != NULL)
		ik_wipe(ans.s, ans.len);
	ik_sb_free(&ans);
	ik_sb_free(&clean);
	return rc > 0 ? ST_OK : rc == 0 ? ST_PENDING : ST_FAILED;
}

/* A CUCM command is one line of printable text. */
static bool
one_line(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

static int
manual_step(run *x, const ik_recipe_step *s, step_end *end)
{
	ik_sb text, cli, word;
	json_t *e;
	int st = ST_FAILED;

	ik_sb_init(&text);
	ik_sb_init(&cli);
	ik_sb_init(&word);
	if (!expand(x, &s->manual, &text, end) ||
	    !expand(x, &s->cli, &cli, end) ||
	    !expand(x, &s->confirm, &word, end))
		goto out;
	say_lines(x, "  ", text.s);
	if (cli.s != NULL && !one_line(cli.s)) {
		snprintf(end->reason, sizeof(end->reason), "the command holds "
		    "a line end or a control character: not printed");
		goto out;
	}
	if (cli.s != NULL)
		say_lines(x, "  CUCM command: ", cli.s);
	end->args = json_pack("{s:s,s:s?,s:s?,s:s?}", "manual",
	    text.s != NULL ? text.s : "", "cli", cli.s, "confirm", word.s,
	    "paste", s->paste != IK_PASTE_NONE ?
	    ik_recipe_paste_name(s->paste) : NULL);
	if (end->args == NULL)
		goto out;
	if (x->journal && (e = ru_journal_reusable(&x->j, s->id,
	    end->args)) != NULL) {
		end->result = json_deep_copy(json_object_get(e, "result"));
		end->reused = true;
		st = ST_OK;
		goto out;
	}
	if (word.s != NULL && (end->word = strdup(word.s)) == NULL)
		goto out;
	st = ST_OK;
	if (word.s != NULL || s->paste == IK_PASTE_NONE)
		st = confirmation(x, s, word.s, end);
	if (st == ST_OK && s->paste != IK_PASTE_NONE)
		st = paste(x, s, end);
	else if (st == ST_OK)
		end->result = json_pack("{s:b}", "confirmed", true);
	if (st == ST_PENDING)
		snprintf(end->reason, sizeof(end->reason), "waiting for the "
		    "operator: no terminal and no answer file");
out:
	ik_sb_free(&text);
	ik_sb_free(&cli);
	ik_sb_free(&word);
	return st;
}

/* ---- run steps --------------------------------------------------------- */

static int
run_step(run *x, const ik_recipe_step *s, step_end *end)
{
	const char *msg;
	ru_job_out out;
	ik_sb msgs;
	ik_error err;
	ik_status rc;
	int st = ST_OK;

	ik_sb_init(&msgs);
	ik_error_clear(&err);
	rc = ru_job_step(s, x->o, x->scope, &x->sec, x->journal ? &x->j : NULL,
	    x->at, &msgs, &out, &err);
	if (msgs.s != NULL)
		say_lines(x, "  ", msgs.s);
	ik_sb_free(&msgs);
	if (rc != IK_OK) {
		snprintf(end->reason, sizeof(end->reason), "%s", err.msg);
		/* A secret file that cannot be read: an unreadable input. */
		x->outcome = ik_outcome_worse(x->outcome, IK_OUTCOME_ERROR);
		ru_job_out_free(&out);
		return ST_FAILED;
	}
	end->result = out.result;
	end->args = out.args;
	end->inputs = out.inputs;
	end->outputs = out.outputs;
	end->reused = out.reused;
	if (out.outcome != IK_OUTCOME_OK) {
		msg = json_string_value(json_object_get(out.result, "error"));
		if (msg != NULL)
			say_lines(x, "  error: ", msg);
		snprintf(end->reason, sizeof(end->reason), "%s gave outcome %d "
		    "(%s)", s->job->name, (int)out.outcome,
		    out.outcome == IK_OUTCOME_FAIL ? "a check failed" :
		    "it could not be done");
		x->outcome = ik_outcome_worse(x->outcome, out.outcome);
		st = ST_FAILED;
	}
	return st;
}

/* ---- one step ---------------------------------------------------------- */

/* Why s cannot run yet, from the steps it needs: ST_OK when it can. */
static int
needs(run *x, const ik_recipe_step *s, step_end *end)
{
	size_t v[256], n, i;
	int st;

	n = ik_recipe_step_needs(x->r, s, v, 256);
	for (i = 0; i < n && i < 256; i++) {
		st = x->st[v[i]];
		if (st == ST_PENDING || st == ST_BLOCKED) {
			snprintf(end->reason, sizeof(end->reason),
			    "waits for step \"%s\"", x->r->steps[v[i]].id);
			return ST_BLOCKED;
		}
		if (json_object_get(x->done, x->r->steps[v[i]].id) == NULL) {
			snprintf(end->reason, sizeof(end->reason),
			    "step \"%s\" gave no result", x->r->steps[v[i]].id);
			return ST_SKIPPED;
		}
	}
	return ST_OK;
}

/* Findings of the result: every item's, or the result's own. */
static json_t *
findings_of(const json_t *result)
{
	const json_t *items, *it;
	json_t *all;
	size_t i;

	all = json_array();
	if (all == NULL || result == NULL)
		return all;
	items = json_object_get(result, "items");
	if (json_is_array(items)) {
		json_array_foreach(items, i, it)
			if (json_is_array(json_object_get(it, "findings")))
				json_array_extend(all,
				    json_object_get(it, "findings"));
	} else if (json_is_array(json_object_get(result, "findings")))
		json_array_extend(all, json_object_get(result, "findings"));
	return all;
}

/* The step's entries in the report, the journal and the audit trail. */
static void
record(run *x, const ik_recipe_step *s, step_end *end)
{
	json_t *rep, *jl, *au;
	char now[32];
	ik_error err;

	ru_now(now);
	ik_error_clear(&err);
	rep = json_pack("{s:s,s:s,s:s?,s:s,s:b,s:O?,s:o,s:O}", "id", s->id,
	    "kind", s->kind == IK_STEP_RUN ? "run" : "manual",
	    "job", s->job != NULL ? s->job->name : NULL,
	    "status", status_names[end->status], "reused", end->reused,
	    "result", end->result, "findings", findings_of(end->result),
	    "expect", end->expect);
	if (rep != NULL && end->status != ST_OK && end->reason[0] != '\0')
		json_object_set_new(rep, "reason", json_string(end->reason));
	if (rep == NULL || json_array_append_new(x->steps, rep) != 0)
		x->outcome = IK_OUTCOME_ERROR;
	if (x->journal) {
		jl = json_pack("{s:s,s:s,s:s,s:O?,s:O?,s:O?,s:O?,s:O,s:s}",
		    "step", s->id, "kind", s->kind == IK_STEP_RUN ? "run" :
		    "manual", "status", status_names[end->status],
		    "args", end->args, "inputs", end->inputs,
		    "outputs", end->outputs, "result", end->result,
		    "expect", end->expect, "time", now);
		if (jl == NULL || ru_redact_json(&x->sec, jl) != 0 ||
		    ru_append_line(x->j.fd, jl, &err) != IK_OK) {
			say(x, "journal: %s\n", err.msg[0] != '\0' ? err.msg :
			    "out of memory");
			x->outcome = IK_OUTCOME_ERROR;
			x->stopped = s->id;
		}
		json_decref(jl);
	}
	if (x->audit >= 0) {
		au = json_pack("{s:s,s:s,s:s,s:s,s:s?,s:s,s:b,s:s?,s:s?}",
		    "time", now, "recipe", x->r->name, "step", s->id,
		    "kind", s->kind == IK_STEP_RUN ? "run" : "manual",
		    "job", s->job != NULL ? s->job->name : NULL,
		    "status", status_names[end->status],
		    "reused", end->reused, "confirmed_by", end->confirmed_by,
		    "confirmation", end->confirmed_by != NULL ? end->word :
		    NULL);
		if (au == NULL || ru_redact_json(&x->sec, au) != 0 ||
		    ru_append_line(x->audit, au, &err) != IK_OK) {
			say(x, "audit: %s\n", err.msg[0] != '\0' ? err.msg :
			    "out of memory");
			x->outcome = IK_OUTCOME_ERROR;
			x->stopped = s->id;
		}
		json_decref(au);
	}
}

static void
step(run *x, size_t i)
{
	const ik_recipe_step *s = &x->r->steps[i];
	step_end end;
	ik_sb advice;
	bool b;
	int st;

	memset(&end, 0, sizeof(end));
	end.expect = json_array();
	say(x, "[%zu/%zu] %s: %s%s\n", i + 1, x->r->nsteps, s->id,
	    s->kind == IK_STEP_RUN ? "run " : "manual",
	    s->kind == IK_STEP_RUN ? s->job->name : "");
	if (x->stopped != NULL) {
		st = ST_SKIPPED;
		snprintf(end.reason, sizeof(end.reason), "the run stopped at "
		    "step \"%s\"", x->stopped);
	} else if ((st = needs(x, s, &end)) != ST_OK)
		;
	else if (s->when != NULL) {
		switch (condition(x, s->when, &b, end.reason,
		    sizeof(end.reason))) {
		case IK_LOOKUP_FOUND:
			if (!b) {
				st = ST_SKIPPED;
				snprintf(end.reason, sizeof(end.reason),
				    "when: %s is false", s->when->text);
			}
			break;
		case IK_LOOKUP_PENDING:
			st = ST_BLOCKED;
			snprintf(end.reason, sizeof(end.reason),
			    "when: waits for a step's result");
			break;
		default:
			st = ST_FAILED;
		}
	}
	if (st == ST_OK)
		st = s->kind == IK_STEP_RUN ? run_step(x, s, &end) :
		    manual_step(x, s, &end);
	if (end.result != NULL &&
	    json_object_set(x->done, s->id, end.result) != 0)
		x->outcome = IK_OUTCOME_ERROR;
	/* A job that failed still has its result judged: the advice says
	 * what to do. */
	if ((st == ST_OK || (st == ST_FAILED && end.result != NULL)) &&
	    !expectations(x, s, &end))
		st = ST_FAILED;
	end.status = st;
	x->st[i] = (unsigned char)st;
	say(x, "  %s%s%s%s\n", status_names[st], end.reused ? " (reused)" : "",
	    end.reason[0] != '\0' && st != ST_OK ? ": " : "",
	    st != ST_OK ? end.reason : "");
	if (st == ST_FAILED) {
		x->outcome = ik_outcome_worse(x->outcome, IK_OUTCOME_FAIL);
		ik_sb_init(&advice);
		if (s->advice.n > 0 && expand(x, &s->advice, &advice, &end))
			say_lines(x, "  advice: ", advice.s);
		ik_sb_free(&advice);
		if (!s->on_fail_continue)
			x->stopped = s->id;
	}
	record(x, s, &end);
	json_decref(end.result);
	json_decref(end.args);
	json_decref(end.inputs);
	json_decref(end.outputs);
	json_decref(end.expect);
	free(end.word);
}

/* ---- the run ------------------------------------------------------------ */

/* Every answer names a manual step; every secret-file input is read. */
static ik_status
prepare(run *x, ik_error *err)
{
	const ik_recipe_step *s;
	const char *id, *path;
	json_t *v, *inputs;
	ik_sb warn;
	size_t i;

	json_object_foreach((json_t *)x->o->answers, id, v) {
		s = ik_recipe_step_find(x->r, id);
		if (s == NULL || s->kind != IK_STEP_MANUAL)
			return ik_error_set(err, IK_FATAL, IK_ERR_USAGE,
			    "an answer for %s step \"%.64s\"", s == NULL ?
			    "an unknown" : "a run", id);
	}
	inputs = json_object_get(x->scope, "inputs");
	ik_sb_init(&warn);
	for (i = 0; i < x->r->ninputs; i++) {
		if (!x->r->inputs[i].secret)
			continue;
		path = json_string_value(json_object_get(inputs,
		    x->r->inputs[i].name));
		if (path != NULL && ru_secret_get(&x->sec, path, &warn,
		    err) == NULL) {
			ik_sb_free(&warn);
			return ik_error_push(err, "input \"%s\"",
			    x->r->inputs[i].name);
		}
	}
	if (warn.s != NULL)
		say_lines(x, "warning: ", warn.s);
	ik_sb_free(&warn);
	return IK_OK;
}

static ik_status
open_records(run *x, ik_error *err)
{
	if (x->o->journal != NULL) {
		x->journal = true;
		if (ru_journal_open(&x->j, x->o->journal, x->o->resume, x->r,
		    err) != IK_OK)
			return IK_FATAL;
	}
	if (x->o->audit != NULL) {
		x->audit = open(x->o->audit, O_WRONLY | O_APPEND | O_CREAT |
		    O_CLOEXEC | O_NOCTTY, 0600);
		if (x->audit < 0)
			return ik_error_set(err, IK_FATAL, IK_ERR_IO,
			    "audit file: %s", strerror(errno));
	}
	return IK_OK;
}

static json_t *
report(run *x)
{
	char sha[65];
	size_t i;
	bool failed = false, waiting = false;

	for (i = 0; i < x->r->nsteps; i++) {
		failed |= x->st[i] == ST_FAILED;
		waiting |= x->st[i] == ST_PENDING || x->st[i] == ST_BLOCKED;
	}
	ik_hex(x->r->sha256, 32, sha);
	return json_pack("{s:s,s:s,s:s,s:O}", "recipe", x->r->name,
	    "recipe_sha256", sha, "status", failed ? "failed" : waiting ?
	    "incomplete" : "complete", "steps", x->steps);
}

ik_status
ik_run(const ik_recipe *r, const ik_run_opts *o, json_t **out,
    ik_outcome *outcome, ik_error *err)
{
	run x;
	ik_status rc = IK_FATAL;
	size_t i;

	*out = NULL;
	*outcome = IK_OUTCOME_ERROR;
	memset(&x, 0, sizeof(x));
	x.r = r;
	x.o = o;
	x.audit = -1;
	x.j.fd = -1;
	x.at = o->at_set ? o->at : time(NULL);
	if ((x.scope = ru_scope_new(r, o->given, err)) == NULL)
		goto out;
	x.done = json_object_get(x.scope, "steps");
	x.steps = json_array();
	x.st = calloc(r->nsteps + 1, 1);
	if (x.steps == NULL || x.st == NULL) {
		ik_error_set(err, IK_FATAL, IK_ERR_MEMORY, "out of memory");
		goto out;
	}
	if (prepare(&x, err) != IK_OK || open_records(&x, err) != IK_OK)
		goto out;
	say(&x, "recipe %s: %zu steps\n", r->name, r->nsteps);
	for (i = 0; i < r->nsteps; i++)
		step(&x, i);
	if ((*out = report(&x)) == NULL) {
		ik_error_set(err, IK_FATAL, IK_ERR_MEMORY, "out of memory");
		goto out;
	}
	*outcome = x.outcome;
	rc = IK_OK;
out:
	if (x.journal)
		ru_journal_close(&x.j);
	if (x.audit >= 0)
		close(x.audit);
	ru_secrets_free(&x.sec);
	json_decref(x.scope);
	json_decref(x.steps);
	free(x.st);
	return rc;
}
