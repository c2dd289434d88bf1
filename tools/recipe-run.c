/*
 * recipe-run: run a YAML recovery recipe (docs/recipe-run.1): its jobs
 * in-process, its manual steps shown on the terminal, a journal and an
 * audit trail on request.
 */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fe.h"
#include "fe_opts.h"
#include "fe_recipe.h"
#include "ik_run.h"

static const fe_tool tool = {
	"recipe-run",
	"[--dry-run | --check] [--var NAME=VALUE]...\n"
	"                  [--vars-file FILE] [--answer STEP=FILE]... [--yes]\n"
	"                  [--journal DIR [--resume]] [--audit FILE]\n"
	"                  [--require-complete] RECIPE.yaml|NAME\n"
	"       recipe-run --list | --list-jobs\n",
	0, "recipe-run reports the steps of a run, it prints no table "
	"(use --json)"
};

/* Loads path; on errors lists them (and the JSON report) and exits 2. */
static ik_recipe *
load(const char *path, bool json, bool quiet)
{
	ik_recipe_diags d;
	ik_recipe *r = NULL;
	uint8_t *buf, sha[32];
	size_t len, n;
	ik_error err;
	ik_sb sb;
	const ik_job *const *jobs = fe_recipe_jobs(&n);

	if (ik_read_file(path, IK_RECIPE_MAX_BYTES, &buf, &len, &err) != IK_OK) {
		if (quiet)
			return NULL;
		fe_report_error(path, &err);
		exit(FE_EXIT_USAGE);
	}
	ik_recipe_diags_init(&d);
	if (ik_recipe_load(buf, len, jobs, n, &r, &d) != IK_OK && !quiet) {
		ik_sb_init(&sb);
		ik_recipe_diags_render(&sb, &d, path, buf, len);
		fputs(sb.s != NULL ? sb.s : "", stderr);
		if (json) {
			ik_digest_buf(IK_SHA256, buf, len, sha);
			fe_json_out(ik_run_invalid(NULL, sha, &d));
		}
		exit(FE_EXIT_USAGE);
	}
	ik_recipe_diags_free(&d);
	free(buf);
	return r;
}

static int
list_recipes(void)
{
	const char *dir = fe_recipes_dir();
	struct dirent **v;
	char path[PATH_MAX];
	ik_recipe *r;
	size_t l;
	ik_sb sb;
	int n, i;

	if (dir == NULL || (n = scandir(dir, &v, NULL, alphasort)) < 0)
		fe_errx(FE_EXIT_USAGE, "no shipped recipes found");
	ik_sb_init(&sb);
	for (i = 0; i < n; i++) {
		l = strlen(v[i]->d_name);
		if (l > 5 && strcmp(v[i]->d_name + l - 5, ".yaml") == 0) {
			snprintf(path, sizeof(path), "%s/%s", dir, v[i]->d_name);
			if ((r = load(path, false, true)) != NULL)
				ik_run_list_recipe(r, &sb);
			else
				ik_sb_printf(&sb, "%s: not a valid recipe\n",
				    v[i]->d_name);
			ik_recipe_free(r);
		}
		free(v[i]);
	}
	free(v);
	fe_sb_out(&sb);
	ik_sb_free(&sb);
	return FE_EXIT_OK;
}

static void
progress(void *arg, const char *text)
{
	(void)arg;
	fputs(text, stderr);
}

/* --var NAME=VALUE into given, converted to the input's type. */
static void
add_var(const ik_recipe *r, json_t *given, const char *arg)
{
	const char *eq = strchr(arg, '=');
	const ik_recipe_input *in;
	char name[IK_RECIPE_MAX_NAME + 1];
	json_t *v;
	ik_error err;

	if (eq == NULL || eq == arg || (size_t)(eq - arg) > IK_RECIPE_MAX_NAME)
		fe_errx(FE_EXIT_USAGE, "--var: expected NAME=VALUE");
	snprintf(name, sizeof(name), "%.*s", (int)(eq - arg), arg);
	if ((in = ik_recipe_input_find(r, name)) == NULL)
		v = json_string(eq + 1);	/* refused by name below */
	else if (ik_recipe_input_value(in, eq + 1, &v, &err) != IK_OK)
		fe_errx(FE_EXIT_USAGE, "--var %s: %s", name, err.msg);
	/* A paths input takes one path per --var. */
	if (in != NULL && in->type == IK_RTYPE_PATHS &&
	    json_is_array(json_object_get(given, name)) && v != NULL) {
		if (json_array_extend(json_object_get(given, name), v) != 0)
			fe_errx(FE_EXIT_USAGE, "out of memory");
		json_decref(v);
		return;
	}
	if (v == NULL || json_object_set_new(given, name, v) != 0)
		fe_errx(FE_EXIT_USAGE, "out of memory");
}

static void
vars_file(const ik_recipe *r, json_t *given, const char *path)
{
	ik_recipe_diags d;
	uint8_t *buf;
	size_t len;
	json_t *v;
	ik_error err;
	ik_sb sb;

	if (ik_read_file(path, IK_RECIPE_MAX_BYTES, &buf, &len, &err) != IK_OK) {
		fe_report_error(path, &err);
		exit(FE_EXIT_USAGE);
	}
	ik_recipe_diags_init(&d);
	if (ik_recipe_vars_load(r, buf, len, &v, &d) != IK_OK) {
		ik_sb_init(&sb);
		ik_recipe_diags_render(&sb, &d, path, buf, len);
		fputs(sb.s != NULL ? sb.s : "", stderr);
		exit(FE_EXIT_USAGE);
	}
	json_object_update(given, v);
	json_decref(v);
	ik_recipe_diags_free(&d);
	free(buf);
}

struct cli {
	bool json, quiet, dry_run, check, require_complete;
	ik_text_opts text;		/* colour of the statuses */
	const char *vars_file;
	json_t *vars, *answers;
};

static void
add_answer(json_t *answers, const char *arg)
{
	const char *eq = strchr(arg, '=');
	char id[IK_RECIPE_MAX_NAME + 1];

	if (eq == NULL || eq == arg || (size_t)(eq - arg) > IK_RECIPE_MAX_NAME ||
	    eq[1] == '\0')
		fe_errx(FE_EXIT_USAGE, "--answer: expected STEP=FILE");
	snprintf(id, sizeof(id), "%.*s", (int)(eq - arg), arg);
	if (json_object_set_new(answers, id, json_string(eq + 1)) != 0)
		fe_errx(FE_EXIT_USAGE, "out of memory");
}

static int
run(const char *path, struct cli *c, ik_run_opts *o)
{
	ik_recipe *r = load(path, c->json, false);
	json_t *given, *report = NULL, *v;
	ik_outcome outcome;
	ik_error err;
	ik_sb sb;
	size_t i;
	int code;

	if (c->check) {
		if (!c->quiet) {
			ik_sb_init(&sb);
			ik_sb_printf(&sb, "%s: ", path);
			ik_text_tone(&sb, &c->text, -1, "valid");
			ik_sb_printf(&sb, ": recipe %s, %zu inputs, %zu steps\n",
			    r->name, r->ninputs, r->nsteps);
			fe_sb_out(&sb);
			ik_sb_free(&sb);
		}
		ik_recipe_free(r);
		return FE_EXIT_OK;
	}
	if ((given = json_object()) == NULL)
		fe_errx(FE_EXIT_USAGE, "out of memory");
	if (c->vars_file != NULL)
		vars_file(r, given, c->vars_file);
	json_array_foreach(c->vars, i, v)
		add_var(r, given, json_string_value(v));
	o->given = given;
	ik_sb_init(&sb);
	if (c->dry_run)
		code = ik_run_plan(r, o, &sb, &err) == IK_OK ? 0 : FE_EXIT_USAGE;
	else if (ik_run(r, o, &report, &outcome, &err) != IK_OK)
		code = FE_EXIT_USAGE;
	else {
		code = (int)outcome;
		if (code == 0 && c->require_complete && strcmp(json_string_value(
		    json_object_get(report, "status")), "incomplete") == 0)
			code = FE_EXIT_FAIL;
		if (c->json)
			fe_json_sb(json_incref(report), &sb);
		else
			ik_run_render(report, &c->text, &sb);
	}
	if (code == FE_EXIT_USAGE && sb.len == 0)
		fe_report_error(path, &err);
	if (!c->quiet)
		fe_sb_out(&sb);
	ik_sb_free(&sb);
	json_decref(report);
	json_decref(given);
	ik_recipe_free(r);
	return code;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "dry-run", no_argument, NULL, 'n' },
		{ "check", no_argument, NULL, 'c' },
		{ "list", no_argument, NULL, 'l' },
		{ "list-jobs", no_argument, NULL, 'L' },
		{ "var", required_argument, NULL, 'v' },
		{ "vars-file", required_argument, NULL, 'f' },
		{ "answer", required_argument, NULL, 'A' },
		{ "yes", no_argument, NULL, 'y' },
		{ "journal", required_argument, NULL, 'J' },
		{ "resume", no_argument, NULL, 'r' },
		{ "audit", required_argument, NULL, 'u' },
		{ "require-complete", no_argument, NULL, 'R' },
		FE_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	struct cli c = { false, false, false, false, false, { false, false, 0 },
	    NULL, NULL, NULL };
	const ik_job *const *jobs;
	ik_run_opts o;
	fe_opts fo;
	ik_sb sb;
	size_t n;
	int ch, code, list = 0;

	fe_opts_init(&fo, &tool);
	fe_exists_hint = " (use --resume to continue it)";
	memset(&o, 0, sizeof(o));
	o.tool = "recipe-run";
	o.jobs = fe_recipe_jobs(&o.njobs);
	o.progress = progress;
	o.ask = fe_operator_ask;
	c.vars = json_array();
	c.answers = json_object();
	o.answers = c.answers;
	if (c.vars == NULL || c.answers == NULL)
		fe_errx(FE_EXIT_USAGE, "out of memory");
	while ((ch = fe_getopt(&fo, argc, argv, longopts)) != -1) {
		switch (ch) {
		case 'n': c.dry_run = true; break;
		case 'c': c.check = true; break;
		case 'l': list = 'l'; break;
		case 'L': list = 'L'; break;
		case 'v': json_array_append_new(c.vars, json_string(optarg));
		    break;
		case 'f': c.vars_file = optarg; break;
		case 'A': add_answer(c.answers, optarg); break;
		case 'y': o.yes = true; break;
		case 'J': o.journal = optarg; break;
		case 'r': o.resume = true; break;
		case 'u': o.audit = optarg; break;
		case 'R': c.require_complete = true; break;
		default: fe_usage(&fo, FE_EXIT_USAGE);
		}
	}
	if (fo.brief)
		fe_errx(FE_EXIT_USAGE, "--brief: a recipe's report has no "
		    "verdict lines to shorten to (use --quiet or --json)");
	if (list == 0 && optind == argc)
		fe_usage_error(&fo, "give a RECIPE.yaml or the NAME of a "
		    "shipped recipe (--list shows them)");
	if (list == 0 && optind != argc - 1)
		fe_usage_error(&fo, "one recipe at a time: '%s' is one too "
		    "many", argv[optind + 1]);
	if (c.dry_run && c.check)
		fe_usage_error(&fo, "--dry-run and --check exclude each other");
	if (o.resume && o.journal == NULL)
		fe_usage_error(&fo, "--resume goes on from a --journal DIR: "
		    "give it");
	/* No --at: each run's "now" is when it starts (ik_run_opts.at). */
	if (fo.at != NULL) {
		o.at = fe_parse_at(fo.at);
		o.at_set = true;
	}
	fe_opts_done(&fo);
	c.json = fo.json;
	c.quiet = fo.quiet;
	c.text.color = fo.color;
	if (list == 'L') {
		ik_sb_init(&sb);
		jobs = fe_recipe_jobs(&n);
		ik_run_list_jobs(jobs, n, &sb);
		fe_sb_out(&sb);
		ik_sb_free(&sb);
		code = FE_EXIT_OK;
	} else if (list == 'l')
		code = list_recipes();
	else
		code = run(fe_recipe_path(argv[optind]), &c, &o);
	json_decref(c.vars);
	json_decref(c.answers);
	return code;
}
