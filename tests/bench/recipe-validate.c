/*
 * recipe-validate: times loading and validating one recipe against the
 * job table, the whole of what `recipe-run --check` does before anything
 * runs (YAML, schema, references, conditions).
 *
 *   recipe-validate FILE [RUNS]
 *
 * Prints the number of steps, and the fastest and the median time of RUNS
 * loads (default 200); exits 1 when the recipe is not valid (its errors
 * on standard error).
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "ik_recipe.h"

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int
main(int argc, char **argv)
{
	struct timespec t0, t1;
	ik_recipe_diags d;
	ik_recipe *r = NULL;
	ik_error err;
	uint8_t *buf;
	size_t len, nsteps = 0;
	double *ms;
	long i, runs;
	ik_sb sb;

	if (argc < 2) {
		fprintf(stderr, "usage: recipe-validate FILE [RUNS]\n");
		return 2;
	}
	runs = argc > 2 ? strtol(argv[2], NULL, 10) : 200;
	if (runs < 1)
		runs = 1;
	ik_error_clear(&err);
	if (ik_read_file(argv[1], IK_RECIPE_MAX_BYTES + 1, &buf, &len,
	    &err) != IK_OK) {
		fprintf(stderr, "recipe-validate: %s: %s\n", argv[1], err.msg);
		return 2;
	}
	ms = calloc((size_t)runs, sizeof(*ms));
	if (ms == NULL)
		return 2;
	for (i = 0; i < runs; i++) {
		ik_recipe_diags_init(&d);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		if (ik_recipe_load(buf, len, NULL, 0, &r, &d) != IK_OK) {
			ik_sb_init(&sb);
			ik_recipe_diags_render(&sb, &d, argv[1], buf, len);
			fputs(sb.s != NULL ? sb.s : "", stderr);
			return 1;
		}
		clock_gettime(CLOCK_MONOTONIC, &t1);
		ms[i] = (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
		    (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
		nsteps = r->nsteps;
		ik_recipe_free(r);
		ik_recipe_diags_free(&d);
	}
	qsort(ms, (size_t)runs, sizeof(*ms), cmp);
	printf("  %zu steps, %zu bytes: fastest %.3f ms, median %.3f ms "
	    "(%ld runs)\n", nsteps, len, ms[0], ms[runs / 2], runs);
	free(ms);
	free(buf);
	return 0;
}
