/*
 * recipe-run: run a YAML recovery recipe (docs/recipe-run.1): its jobs
 * in-process, its manual steps shown on the terminal, a journal and an
 * audit trail on request.
 */
#include <stdio.h>
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

static void
progress(void *arg, const char *text)
{
	(void)arg;
	fputs(text, stderr);
}

struct cli {
	bool json, quiet, dry_run, check, require_complete;
	ik_text_opts text;		/* colour of the statuses */
	const char *vars_file;
	json_t *vars, *answers;
};

static int
run(const char *path, struct cli *c, ik_run_opts *o)
{
	ik_recipe *r = fe_recipe_load(path, c->json, false);
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
		fe_recipe_vars_file(r, given, c->vars_file);
	json_array_foreach(c->vars, i, v)
		fe_recipe_var(r, given, json_string_value(v));
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
		case 'A': fe_recipe_answer(c.answers, optarg); break;
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
		code = fe_recipe_list();
	else
		code = run(fe_recipe_path(argv[optind]), &c, &o);
	json_decref(c.vars);
	json_decref(c.answers);
	return code;
}
