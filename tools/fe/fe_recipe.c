/*
 * fe_recipe.c: recipe-run's front-end helpers: where the shipped recipes
 * are, a recipe named on the command line, the jobs a recipe may run,
 * and the operator at the terminal answering a manual step.
 */
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
