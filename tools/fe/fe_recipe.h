/*
 * fe_recipe.h: recipe-run's front-end helpers (fe_recipe.c).
 */
#ifndef FE_RECIPE_H
#define FE_RECIPE_H

#include "ik_run.h"

/* The jobs a recipe may run: libcore's (ik_jobs) and then the case
 * layer's (ik_case_jobs); the same list for loading and running. */
const ik_job *const *fe_recipe_jobs(size_t *n);
/* The shipped recipes: $ITLKIT_RECIPES, else PREFIX/share/itlkit/recipes
 * beside the installed binary, else the source tree's recipes/; NULL
 * when none is there. */
const char *fe_recipes_dir(void);
/* RECIPE.yaml as given, or the shipped recipe NAME; exits 2 when it is
 * neither. */
const char *fe_recipe_path(const char *arg);
/* The operator at the terminal (an ik_run_opts.ask): 0 when standard
 * input is not a terminal. */
int fe_operator_ask(void *arg, const char *step, ik_run_ask what,
    const char *word, ik_sb *out);
/* Loads path; on errors lists them (and, with json, the JSON report) and
 * exits 2.  quiet: NULL instead, nothing said. */
ik_recipe *fe_recipe_load(const char *path, bool json, bool quiet);
/* --list: the shipped recipes, each with its description and inputs. */
int fe_recipe_list(void);
/* --var NAME=VALUE into given, converted to the input's type; exits 2 on
 * a bad value. */
void fe_recipe_var(const ik_recipe *r, json_t *given, const char *arg);
/* --vars-file FILE's values into given; exits 2 on errors, listed. */
void fe_recipe_vars_file(const ik_recipe *r, json_t *given,
    const char *path);
/* --answer STEP=FILE into answers; exits 2 when it is not that. */
void fe_recipe_answer(json_t *answers, const char *arg);

#endif /* FE_RECIPE_H */
