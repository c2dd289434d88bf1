/*
 * fe_recipe.c: recipe-run's front-end helpers: where the shipped recipes
 * are, a recipe named on the command line, the jobs a recipe may run,
 * loading a recipe and its inputs and answers from the options, and the
 * operator at the terminal answering a manual step.
 */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fe.h"
#include "fe_recipe.h"
#include "ik_case.h"

const ik_job *const *
fe_recipe_jobs(size_t *n)
{
	static const ik_job **all;
	static size_t nall;
	const ik_job *const *lib, *const *cas;
	size_t nlib, ncas;

	if (all == NULL) {
		lib = ik_jobs(&nlib);
		cas = ik_case_jobs(&ncas);
		if ((all = calloc(nlib + ncas, sizeof(*all))) == NULL)
			fe_errx(FE_EXIT_USAGE, "out of memory");
		memcpy(all, lib, nlib * sizeof(*all));
		memcpy(all + nlib, cas, ncas * sizeof(*all));
		nall = nlib + ncas;
	}
	*n = nall;
	return all;
}

/* The shipped recipes: $ITLKIT_RECIPES, else PREFIX/share/itlkit/recipes
 * beside the installed binary, else the source tree's recipes/. */
const char *
fe_recipes_dir(void)
{
	static char dir[PATH_MAX + 32];
	char exe[PATH_MAX], *slash;
	ssize_t n;

	if (getenv("ITLKIT_RECIPES") != NULL)
		return getenv("ITLKIT_RECIPES");
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	if ((slash = strrchr(exe, '/')) != NULL)
		*slash = '\0';
	snprintf(dir, sizeof(dir), "%s/../share/itlkit/recipes", exe);
	if (access(dir, X_OK) == 0)
		return dir;
	snprintf(dir, sizeof(dir), "%s/../../recipes", exe);
	return access(dir, X_OK) == 0 ? dir : NULL;
}

/* RECIPE.yaml as given, or NAME among the shipped recipes. */
const char *
fe_recipe_path(const char *arg)
{
	static char path[PATH_MAX];
	const char *dir;

	if (strchr(arg, '/') != NULL || access(arg, F_OK) == 0 ||
	    strspn(arg, "abcdefghijklmnopqrstuvwxyz0123456789-") != strlen(arg))
		return arg;
	if ((dir = fe_recipes_dir()) != NULL) {
		snprintf(path, sizeof(path), "%s/%s.yaml", dir, arg);
		if (access(path, F_OK) == 0)
			return path;
	}
	fe_errx(FE_EXIT_USAGE, "no recipe file or shipped recipe named %s "
	    "(recipe-run --list shows them)", arg);
}

/* Reads a line from the terminal into out (without its end): 1, or 0 at
 * the end of input. */
static int
read_line(ik_sb *out)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n = getline(&line, &cap, stdin);

	if (n > 0 && line[n - 1] == '\n')
		n--;
	if (n >= 0)
		ik_sb_add(out, line, (size_t)n);
	/* A paste may hold what the runner redacts: no copy left behind. */
	if (line != NULL)
		ik_wipe(line, cap);
	free(line);
	return n >= 0;
}

/* The operator at the terminal: confirmation, "done", or a paste. */
int
fe_operator_ask(void *arg, const char *step, ik_run_ask what, const char *word,
    ik_sb *out)
{
	ik_sb line;
	int tries;

	(void)arg;
	(void)step;
	if (!isatty(STDIN_FILENO))
		return 0;
	if (what == IK_RUN_ASK_DONE) {
		fputs("  Press Enter when it is done: ", stderr);
		return read_line(out);
	}
	if (what == IK_RUN_ASK_CONFIRM) {
		for (tries = 0; tries < 3; tries++) {
			ik_sb_reset(out);
			fprintf(stderr, "  Type \"%s\" to go on: ", word);
			if (!read_line(out))
				return 0;
			if (out->s != NULL && strcmp(out->s, word) == 0)
				break;
		}
		return 1;
	}
	fputs("  Paste the output, then a line with a single \".\":\n", stderr);
	ik_sb_init(&line);
	while (read_line(&line) && !(line.len == 1 && line.s[0] == '.')) {
		ik_sb_add(out, line.s != NULL ? line.s : "", line.len);
		ik_sb_puts(out, "\n");
		ik_sb_reset(&line);
		if (out->len > IK_RUN_MAX_ANSWER)
			break;
	}
	ik_sb_free(&line);
	return out->len > IK_RUN_MAX_ANSWER || out->oom ? -1 : 1;
}

ik_recipe *
fe_recipe_load(const char *path, bool json, bool quiet)
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

int
fe_recipe_list(void)
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
			if ((r = fe_recipe_load(path, false, true)) != NULL)
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

void
fe_recipe_var(const ik_recipe *r, json_t *given, const char *arg)
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

void
fe_recipe_vars_file(const ik_recipe *r, json_t *given, const char *path)
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

void
fe_recipe_answer(json_t *answers, const char *arg)
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
