/*
 * case_analyse.c: layer case.  The questions of the case asked of the
 * bundle, all through the job layer (ik_job_run), as the separate tools
 * would ask them: itl.show on every trust list; the lists grouped by node
 * (the TFTP record's name, else the folder a file came from) and by
 * version (same node, other bytes, in timestamp order); itl.diff across
 * nodes and across a node's versions; itl.trust for every version pair;
 * p12.check against every ITL with the password candidates; drs.verify
 * (deep) with the cluster password, else drs.ls; itl.phones against the
 * current lists.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case_private.h"

static const struct {
	const char *job, *tool;
} tools[] = {
	{ "itl.show", "itl-show" }, { "itl.diff", "itl-diff" },
	{ "itl.trust", "itl-trust" }, { "itl.phones", "itl-phones" },
	{ "p12.check", "p12-check" }, { "drs.ls", "drs-ls" },
	{ "drs.verify", "drs-verify" }
};

/* The lines of errors (text) as a JSON array of strings. */
static json_t *
error_lines(const ik_sb *sb)
{
	json_t *a = json_array();
	const char *p, *e;
	char *line;

	if (a == NULL || sb->s == NULL)
		return a;
	for (p = sb->s; *p != '\0'; p = *e ? e + 1 : e) {
		e = strchr(p, '\n');
		if (e == NULL)
			e = p + strlen(p);
		if (e > p && (line = strndup(p, (size_t)(e - p))) != NULL) {
			json_array_append_new(a, json_string(line));
			free(line);
		}
	}
	return a;
}

/*
 * Runs one job as its tool would (the same JSON), records it in
 * analyses and returns its lines (borrowed), or NULL when it could not
 * run.  Takes args.
 */
static json_t *
run_job(ik_case *c, const char *job, json_t *args, const ik_secrets *sec)
{
	ik_job_result res;
	ik_job_ctx jc;
	json_t *entry, *lines;
	size_t i;

	memset(&jc, 0, sizeof(jc));
	jc.tool = job;
	for (i = 0; i < sizeof(tools) / sizeof(tools[0]); i++)
		if (strcmp(tools[i].job, job) == 0)
			jc.tool = tools[i].tool;
	jc.want_json = true;
	jc.secrets = sec;
	jc.option = c->ctx != NULL ? c->ctx->option : NULL;
	ik_job_result_init(&res);
	if (args != NULL)
		ik_job_run(job, args, &jc, &res);
	else
		ik_job_result_note(&res, IK_OUTCOME_ERROR);
	lines = res.lines;
	res.lines = NULL;
	entry = json_pack("{s:s, s:o*, s:i, s:o*, s:o*}", "job", job,
	    "args", json_deep_copy(args), "outcome", (int)res.outcome,
	    "result", lines != NULL ? lines : json_array(),
	    "errors", error_lines(&res.errors));
	if (entry != NULL && res.outcome == IK_OUTCOME_ERROR &&
	    res.err.msg[0] != '\0') {
		char *m = case_printable(res.err.msg);

		json_object_set_new(entry, "error", json_string(m));
		free(m);
	}
	ik_job_result_free(&res);
	json_decref(args);
	if (entry == NULL || json_array_append_new(c->analyses, entry) != 0)
		return NULL;
	case_unpath(c, entry);
	return json_object_get(entry, "result");
}

/* "cucm-pub" from "CN=cucm-pub.uc.example.com;OU=..." or a DNS name. */
static char *
host_label(const char *s)
{
	const char *p = s, *cn;
	size_t n;

	if ((cn = strstr(s, "CN=")) != NULL)
		p = cn + 3;
	if (strncmp(p, "ITLRECOVERY_", 12) == 0)
		p += 12;
	n = strcspn(p, ".;,/ ");
	if (n == 0)
		return NULL;
	return strndup(p, n);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The facts of one itl.show line a case_list keeps. */
static ik_status
list_facts(case_list *l, const json_t *show, const case_item *it)
{
	const json_t *recs = json_object_get(show, "records"), *r;
	json_int_t signer = json_integer_value(json_object_get(
	    json_object_get(show, "signer"), "record"));
	const char *tvs[64];
	size_t i, ntvs = 0;
	ik_sb sb;

	l->ctl = strcmp(case_str(show, "kind"), "CTL") == 0;
	l->timestamp = case_strdup(case_str(show, "timestamp"));
	l->sha1 = case_strdup(case_str(show, "sha1"));
	l->status = case_str(show, "status");
	json_array_foreach(recs, i, r) {
		const char *fn = case_str(r, "function");

		if (l->node == NULL && !l->ctl && strcmp(fn, "tftp") == 0)
			l->node = host_label(*case_str(r, "dns_name") ?
			    case_str(r, "dns_name") : case_str(r, "subject"));
		if (json_integer_value(json_object_get(r, "index")) == signer) {
			free(l->signer);
			l->signer = host_label(case_str(r, "subject"));
			if (json_is_true(json_object_get(r, "is_itl_recovery")) &&
			    l->signer != NULL) {
				char *s;

				if (asprintf(&s, "ITLRecovery of %s",
				    l->signer) >= 0) {
					free(l->signer);
					l->signer = s;
				}
			}
			l->signer_sha1 = case_strdup(case_str(r, "cert_sha1"));
		}
		if (strcmp(fn, "tvs") == 0 && ntvs < 64)
			tvs[ntvs++] = case_str(r, "cert_sha1");
		if (json_is_true(json_object_get(r, "is_itl_recovery")) &&
		    l->recovery == NULL)
			l->recovery = case_strdup(case_str(r, "cert_sha1"));
	}
	qsort(tvs, ntvs, sizeof(tvs[0]), cmp_str);
	ik_sb_init(&sb);
	ik_sb_puts(&sb, "");
	for (i = 0; i < ntvs; i++)
		ik_sb_printf(&sb, "%s%s", i ? "," : "", tvs[i]);
	l->tvs = sb.oom ? NULL : ik_sb_take(&sb);
	ik_sb_free(&sb);
	if (l->node == NULL)
		l->node = case_strdup(l->ctl ? "CTL" : *it->dir ? it->dir :
		    "unknown");
	if (l->signer == NULL)
		l->signer = case_strdup("");
	if (l->signer_sha1 == NULL)
		l->signer_sha1 = case_strdup("");
	if (l->recovery == NULL)
		l->recovery = case_strdup("");
	if (l->timestamp == NULL || l->sha1 == NULL || l->tvs == NULL ||
	    l->node == NULL || l->signer == NULL || l->signer_sha1 == NULL ||
	    l->recovery == NULL)
		return IK_FATAL;
	return IK_OK;
}

static json_t *
args_at(ik_case *c)
{
	json_t *a = json_object();

	if (a != NULL && ik_args_set_str(a, "at", c->at) != 0) {
		json_decref(a);
		return NULL;
	}
	return a;
}

/* itl.show on each trust list; the first list of each file kept. */
static ik_status
show_all(ik_case *c, ik_error *err)
{
	json_t *args, *lines, *first;
	case_item *it;
	case_list *l;
	size_t i;

	c->lists = calloc(c->nitems ? c->nitems : 1, sizeof(*c->lists));
	if (c->lists == NULL)
		return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
		    "out of memory");
	for (i = 0; i < c->nitems; i++) {
		it = &c->items[i];
		if ((it->kind != IK_CASE_ITL && it->kind != IK_CASE_CTL &&
		    it->kind != IK_CASE_SHOW_ITL) || it->job_path == NULL)
			continue;
		args = args_at(c);
		if (args == NULL ||
		    ik_args_set_str(args, "input", it->job_path) != 0) {
			json_decref(args);
			args = NULL;
		}
		lines = run_job(c, "itl.show", args, NULL);
		first = json_array_get(lines, 0);
		if (first == NULL || json_object_get(first, "records") == NULL)
			continue;
		l = &c->lists[c->nlists];
		memset(l, 0, sizeof(*l));
		l->item = i;
		l->dump = it->kind == IK_CASE_SHOW_ITL;
		c->nlists++;
		if (list_facts(l, first, it) != IK_OK)
			return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
			    "out of memory");
	}
	return IK_OK;
}

static int
cmp_lists(const void *a, const void *b)
{
	const case_list *x = a, *y = b;
	int r;

	if (x->ctl != y->ctl)
		return x->ctl ? 1 : -1;
	if ((r = strcmp(x->node, y->node)) != 0)
		return r;
	if ((r = strcmp(x->timestamp, y->timestamp)) != 0)
		return r;
	if ((r = strcmp(x->sha1, y->sha1)) != 0)
		return r;
	/* The file as served before the paste of it. */
	if (x->dump != y->dump)
		return x->dump ? 1 : -1;
	return x->item < y->item ? -1 : x->item > y->item;
}

/* Nodes, versions, duplicates. */
static ik_status
group(ik_case *c, ik_error *err)
{
	size_t i, j;
	int v = 0;

	/* A paste has no timestamp: that of the same bytes served. */
	for (i = 0; i < c->nlists; i++)
		for (j = 0; j < c->nlists && *c->lists[i].timestamp == '\0';
		    j++)
			if (*c->lists[j].timestamp != '\0' &&
			    *c->lists[i].sha1 != '\0' &&
			    strcmp(c->lists[i].sha1, c->lists[j].sha1) == 0) {
				char *t = strdup(c->lists[j].timestamp);

				if (t == NULL)
					return ik_error_set(err, IK_FATAL,
					    IK_ERR_MEMORY, "out of memory");
				free(c->lists[i].timestamp);
				c->lists[i].timestamp = t;
			}
	if (c->nlists > 1)
		qsort(c->lists, c->nlists, sizeof(*c->lists), cmp_lists);
	c->nodes = calloc(c->nlists ? c->nlists : 1, sizeof(*c->nodes));
	if (c->nodes == NULL)
		return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
		    "out of memory");
	for (i = 0; i < c->nlists; i++) {
		case_list *l = &c->lists[i];

		if (l->ctl)
			continue;
		if (c->nnodes == 0 || strcmp(c->nodes[c->nnodes - 1],
		    l->node) != 0) {
			c->nodes[c->nnodes++] = l->node;
			v = 0;
		}
		for (j = 0; j < i; j++)
			if (!c->lists[j].ctl &&
			    strcmp(c->lists[j].node, l->node) == 0 &&
			    *l->sha1 != '\0' &&
			    strcmp(c->lists[j].sha1, l->sha1) == 0)
				break;
		if (j < i) {
			l->same_as_earlier = true;
			l->version = c->lists[j].version;
		} else
			l->version = ++v;
	}
	return IK_OK;
}

/* Indexes of the distinct versions of node k, oldest first. */
static size_t
versions(const ik_case *c, const char *node, size_t *out, size_t max)
{
	size_t i, n = 0;

	for (i = 0; i < c->nlists && n < max; i++)
		if (!c->lists[i].ctl && !c->lists[i].same_as_earlier &&
		    strcmp(c->lists[i].node, node) == 0)
			out[n++] = i;
	return n;
}

/* "NODE=PATH" of list i. */
static int
add_named(json_t *args, const char *key, const ik_case *c, size_t i)
{
	char *s;
	int r;

	if (asprintf(&s, "%s=%s", c->lists[i].node,
	    c->items[c->lists[i].item].job_path) < 0)
		return -1;
	r = ik_args_append_str(args, key, s);
	free(s);
	return r;
}

static void
diff_nodes(ik_case *c)
{
	size_t v[CASE_MAX_VERSIONS], k, n;
	json_t *args = args_at(c), *lines;
	int bad = args == NULL, count = 0;

	for (k = 0; k < c->nnodes && k < CASE_MAX_NODES && !bad; k++) {
		n = versions(c, c->nodes[k], v, CASE_MAX_VERSIONS);
		if (n > 0) {
			bad |= add_named(args, "inputs", c, v[n - 1]);
			count++;
		}
	}
	if (c->publisher != NULL && !bad)
		bad |= ik_args_set_str(args, "publisher", c->publisher);
	if (count < 2) {
		json_decref(args);
		return;
	}
	lines = run_job(c, "itl.diff", bad ? (json_decref(args), NULL) : args,
	    NULL);
	c->node_diff = json_array_get(lines, 0);
}

static void
node_versions(ik_case *c, const char *node)
{
	size_t v[CASE_MAX_VERSIONS], n, i, j;
	json_t *args, *lines, *t;

	n = versions(c, node, v, CASE_MAX_VERSIONS);
	for (i = 0; i + 1 < n; i++) {
		args = args_at(c);
		if (args == NULL || add_named(args, "inputs", c, v[i]) != 0 ||
		    add_named(args, "inputs", c, v[i + 1]) != 0 ||
		    ik_args_set_bool(args, "versions", true) != 0) {
			json_decref(args);
			args = NULL;
		}
		(void)run_job(c, "itl.diff", args, NULL);
	}
	/* What phones holding each older version do with each newer one. */
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++) {
			args = json_object();
			if (args == NULL || add_named(args, "installed", c,
			    v[i]) != 0 || ik_args_set_str(args, "candidate",
			    c->items[c->lists[v[j]].item].job_path) != 0) {
				json_decref(args);
				args = NULL;
			}
			lines = run_job(c, "itl.trust", args, NULL);
			t = json_pack("{s:s, s:i, s:i, s:O?}", "node", node,
			    "old", (int)v[i], "new", (int)v[j], "result",
			    json_array_get(lines, 0));
			if (t != NULL)
				json_array_append_new(c->trust, t);
		}
}

static void
p12_all(ik_case *c)
{
	json_t *args = args_at(c), *lines;
	size_t i, n = 0;
	int bad = args == NULL;

	for (i = 0; i < c->nitems && !bad; i++) {
		const case_item *it = &c->items[i];

		if (it->job_path == NULL)
			continue;
		if (it->kind == IK_CASE_P12) {
			bad |= ik_args_append_str(args, "inputs", it->job_path);
			n++;
		} else if (it->kind == IK_CASE_ITL)
			bad |= ik_args_append_str(args, "itl", it->job_path);
	}
	if (n == 0) {
		json_decref(args);
		return;
	}
	lines = run_job(c, "p12.check", bad ? (json_decref(args), NULL) :
	    args, c->candidates);
	c->p12 = lines;
}

/* True when args's inputs hold path already. */
static bool
given(const json_t *args, const char *path)
{
	size_t i, n = ik_arg_count(args, "inputs");

	for (i = 0; i < n; i++)
		if (strcmp(ik_arg_item(args, "inputs", i), path) == 0)
			return true;
	return false;
}

static void
drs_all(ik_case *c)
{
	json_t *args = json_object();
	size_t i, n = 0;
	int bad = args == NULL;
	const char *job = c->cluster != NULL ? "drs.verify" : "drs.ls";

	for (i = 0; i < c->nitems && !bad; i++) {
		const case_item *it = &c->items[i];

		/* An archive is given once, for all the sets inside it. */
		if (it->kind == IK_CASE_DRS_SET &&
		    it->part == IK_CASE_PART_MANIFEST && it->job_path != NULL &&
		    (!it->in_archive || !given(args, it->job_path))) {
			bad |= ik_args_append_str(args, "inputs", it->job_path);
			n++;
		}
	}
	if (c->cluster != NULL && !bad)
		bad |= ik_args_set_bool(args, "deep", true);
	if (n == 0) {
		json_decref(args);
		return;
	}
	c->drs_verified = c->cluster != NULL;
	c->drs = run_job(c, job, bad ? (json_decref(args), NULL) : args,
	    c->cluster);
}

/*
 * itl.phones: each node's latest list as current, older ones as history,
 * newest first, as many as the job takes (CASE_MAX_PHONE_LISTS).
 */
static void
phones_all(ik_case *c)
{
	size_t v[CASE_MAX_VERSIONS], i, k, n, d, nev = 0, nl = 0;
	json_t *args = json_object();
	int bad = args == NULL;
	bool more;

	for (i = 0; i < c->nitems && !bad; i++)
		if (c->items[i].kind == IK_CASE_EVENTS &&
		    c->items[i].job_path != NULL) {
			bad |= ik_args_append_str(args, "inputs",
			    c->items[i].job_path);
			nev++;
		}
	for (k = 0; k < c->nnodes && !bad && nl < CASE_MAX_PHONE_LISTS; k++) {
		n = versions(c, c->nodes[k], v, CASE_MAX_VERSIONS);
		if (n > 0) {
			bad |= add_named(args, "itl", c, v[n - 1]);
			nl++;
		}
	}
	/*
	 * History newest first across the nodes: every node's previous
	 * list, then the one before, and so on.
	 */
	for (d = 1, more = true; more && !bad && nl < CASE_MAX_PHONE_LISTS;
	    d++) {
		more = false;
		for (k = 0; k < c->nnodes && !bad &&
		    nl < CASE_MAX_PHONE_LISTS; k++) {
			n = versions(c, c->nodes[k], v, CASE_MAX_VERSIONS);
			if (n > d) {
				bad |= add_named(args, "history", c,
				    v[n - 1 - d]);
				nl++;
				more = true;
			}
		}
	}
	if (nev == 0 || c->nnodes == 0) {
		json_decref(args);
		return;
	}
	c->phones = run_job(c, "itl.phones", bad ? (json_decref(args), NULL) :
	    args, NULL);
}

ik_status
case_analyse(ik_case *c, ik_error *err)
{
	size_t k;

	if (show_all(c, err) != IK_OK || group(c, err) != IK_OK)
		return IK_FATAL;
	diff_nodes(c);
	for (k = 0; k < c->nnodes; k++)
		node_versions(c, c->nodes[k]);
	p12_all(c);
	drs_all(c);
	phones_all(c);
	return IK_OK;
}

void
case_lists_free(ik_case *c)
{
	size_t i;

	for (i = 0; i < c->nlists; i++) {
		free(c->lists[i].node);
		free(c->lists[i].timestamp);
		free(c->lists[i].sha1);
		free(c->lists[i].signer);
		free(c->lists[i].signer_sha1);
		free(c->lists[i].tvs);
		free(c->lists[i].recovery);
	}
	free(c->lists);
	free(c->nodes);
	c->lists = NULL;
	c->nodes = NULL;
	c->nlists = c->nnodes = 0;
}
