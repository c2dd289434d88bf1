/*
 * ik_recipe.h: layer recipe, the recipe language (docs/recipe-format.md).
 * A recipe is a strict subset of YAML read with libyaml's event API,
 * checked against its schema and against the job table (jobs, their
 * arguments and result fields), every error listed with its line and
 * column before anything runs.  Also here: the references (${inputs.X},
 * ${steps.ID.FIELD}) and the typed expressions of `when` and `expect`,
 * parsed at load time and evaluated over JSON values by the runner.
 *
 * Running a recipe (jobs, pastes, journal) is not done here: the runner
 * builds on this model.
 */
#ifndef IK_RECIPE_H
#define IK_RECIPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "ik_base.h"
#include "ik_jobs.h"

/* Limits of the language; a recipe over one is refused, not cut. */
#define IK_RECIPE_MAX_BYTES	(1024 * 1024)	/* the file */
#define IK_RECIPE_MAX_NODES	50000		/* YAML values */
#define IK_RECIPE_MAX_DEPTH	32		/* nested maps and lists */
#define IK_RECIPE_MAX_EXPR	4096		/* bytes of a condition */
#define IK_RECIPE_MAX_EXPR_DEPTH 32		/* nested (), [] and not */
#define IK_RECIPE_MAX_DIAGS	100		/* errors listed */
#define IK_RECIPE_MAX_NAME	64		/* ids, input names */

/* ---- errors ----------------------------------------------------------- */

/* A place in the recipe: 1-based line and column (characters); 0 0 when
 * about the whole file. */
typedef struct ik_recipe_pos {
	unsigned line, col;
} ik_recipe_pos;

typedef struct ik_recipe_diag {
	ik_recipe_pos pos;
	char msg[512];		/* printable: hostile names escaped */
} ik_recipe_diag;

typedef struct ik_recipe_diags {
	ik_recipe_diag *v;
	size_t n, cap;
	size_t dropped;		/* errors past IK_RECIPE_MAX_DIAGS */
	bool oom;		/* memory ran out: the list is incomplete */
} ik_recipe_diags;

void ik_recipe_diags_init(ik_recipe_diags *d);
void ik_recipe_diags_free(ik_recipe_diags *d);
/*
 * Every error as "FILE:LINE:COLUMN: message", then the source line and a
 * caret under the column (a file-level error: "FILE: message" alone), in
 * the order of the file.  src is the recipe as loaded.
 */
void ik_recipe_diags_render(ik_sb *out, const ik_recipe_diags *d,
    const char *file, const uint8_t *src, size_t len);

/* ---- references ------------------------------------------------------- */

/* One step of a reference's path: a field name, or an index when key is
 * NULL. */
typedef struct ik_recipe_seg {
	char *key;
	size_t index;
} ik_recipe_seg;

/* ${inputs.NAME[0]} or ${steps.ID.FIELD.PATH[1].MORE} */
typedef struct ik_recipe_ref {
	bool step;		/* steps.ID...; else inputs.NAME */
	char *name;		/* the input name or step id */
	ik_recipe_seg *path;	/* after the name */
	size_t npath;
	char *text;		/* as written, without ${ }: "steps.a.x" */
	ik_recipe_pos pos;	/* of its '$' */
	size_t target;		/* index in r->inputs or r->steps */
	/* An input of type secret-file: its value is the path of a secret. */
	bool secret;
} ik_recipe_ref;

/* What a resolver found. */
typedef enum ik_recipe_lookup {
	IK_LOOKUP_FOUND = 0,	/* *value set (a new reference) */
	IK_LOOKUP_ABSENT,	/* no such value (an optional input not given,
				 * a field the result lacks) */
	IK_LOOKUP_PENDING,	/* not known yet (a step not run, a paste not
				 * given) */
	IK_LOOKUP_ERROR		/* err set (out of memory, ...) */
} ik_recipe_lookup;

/* The runner's view of the values: gives the value of ref. */
typedef ik_recipe_lookup (*ik_recipe_resolver)(void *arg,
    const ik_recipe_ref *ref, json_t **value, ik_error *err);

/*
 * The stock resolver: arg is a JSON object {"inputs": {NAME: value},
 * "steps": {ID: result}}.  A missing input is ABSENT, a missing step
 * PENDING, a missing field on the way ABSENT.
 */
ik_recipe_lookup ik_recipe_resolve_json(void *arg, const ik_recipe_ref *ref,
    json_t **value, ik_error *err);
/* ref's path applied to root (borrowed result), or NULL when a field or an
 * index is missing. */
json_t *ik_recipe_ref_walk(const ik_recipe_ref *ref, json_t *root);

/* Text with references: literal runs and references, in order. */
typedef struct ik_recipe_part {
	char *lit;		/* or NULL */
	ik_recipe_ref *ref;	/* or NULL */
} ik_recipe_part;

typedef struct ik_recipe_text {
	ik_recipe_part *v;	/* n == 0: absent */
	size_t n;
	ik_recipe_pos pos;
} ik_recipe_text;

/* True when t refers to a secret-file input (never printed). */
bool ik_recipe_text_secret(const ik_recipe_text *t);
/*
 * Expands t into out: each reference's value must be a string, number or
 * boolean.  FOUND when expanded; PENDING when a value is not known yet
 * (with placeholders: written "(from step ID)" and FOUND); ABSENT or
 * ERROR with err set ("${inputs.x}: no value").
 */
ik_recipe_lookup ik_recipe_text_expand(const ik_recipe_text *t,
    ik_recipe_resolver fn, void *arg, bool placeholders, ik_sb *out,
    ik_error *err);

/* ---- expressions ------------------------------------------------------ */

typedef struct ik_recipe_expr ik_recipe_expr;

/*
 * Parses a condition (`expect`, `when`).  On an error *out is NULL and
 * err says where: line 1, the character column within text.
 */
ik_status ik_recipe_expr_parse(const char *text, size_t len,
    ik_recipe_expr **out, ik_recipe_diag *err);
void ik_recipe_expr_free(ik_recipe_expr *e);
/*
 * Evaluates e with references from fn: FOUND with *result set; PENDING
 * when a reference is not known yet; ABSENT (a referenced value missing)
 * or ERROR (a type error: "==" between a string and a number, a
 * non-boolean where a boolean is needed; out of memory) with err at the
 * place in the recipe.
 */
ik_recipe_lookup ik_recipe_expr_eval(const ik_recipe_expr *e,
    ik_recipe_resolver fn, void *arg, bool *result, ik_recipe_diag *err);
/* The references of e, in order (for "blocked by" and the journal). */
size_t ik_recipe_expr_refs(const ik_recipe_expr *e,
    const ik_recipe_ref **v, size_t max);

/* ---- the model -------------------------------------------------------- */

typedef enum ik_recipe_type {
	IK_RTYPE_PATH, IK_RTYPE_DIR, IK_RTYPE_PATHS, IK_RTYPE_SECRET_FILE,
	IK_RTYPE_STRING, IK_RTYPE_BOOL, IK_RTYPE_INT
} ik_recipe_type;

const char *ik_recipe_type_name(ik_recipe_type t);	/* "secret-file" */

typedef struct ik_recipe_input {
	char *name;
	ik_recipe_type type;
	bool required;
	json_t *def;		/* the default, of the type (paths: an
				 * array), or NULL */
	char *pattern;		/* strings: the whole value must match */
	void *re;		/* compiled pattern (regex_t) */
	char *description;
	/* secret-file: the value is a path; the runner reads the secret
	 * from it and redacts it from everything recorded. */
	bool secret;
	ik_recipe_pos pos;
} ik_recipe_input;

/* A `with:` value before references are filled in. */
typedef enum ik_recipe_vkind {
	IK_VAL_LITERAL,		/* converted to the argument's type */
	IK_VAL_REF,		/* exactly one reference: its value, typed */
	IK_VAL_TEXT,		/* text with references: a string */
	IK_VAL_LIST,		/* a list (lists referred to are spliced) */
	IK_VAL_MAP		/* an object argument */
} ik_recipe_vkind;

typedef struct ik_recipe_value {
	ik_recipe_vkind kind;
	ik_recipe_pos pos;
	json_t *literal;
	ik_recipe_ref *ref;
	ik_recipe_text text;
	struct ik_recipe_value *items;	/* LIST, MAP */
	char **keys;			/* MAP */
	size_t n;
} ik_recipe_value;

typedef struct ik_recipe_arg {
	char *name;
	const ik_arg_spec *spec;
	ik_recipe_value value;
	/* The value is a secret-file input's path. */
	bool secret;
	ik_recipe_pos pos;
} ik_recipe_arg;

typedef struct ik_recipe_cond {
	char *text;		/* as written */
	ik_recipe_expr *expr;
	ik_recipe_pos pos;
} ik_recipe_cond;

typedef enum ik_recipe_kind { IK_STEP_RUN, IK_STEP_MANUAL } ik_recipe_kind;

typedef enum ik_recipe_paste {
	IK_PASTE_NONE, IK_PASTE_SHOW_ITL, IK_PASTE_DRS_STATUS, IK_PASTE_TEXT
} ik_recipe_paste;

const char *ik_recipe_paste_name(ik_recipe_paste p);	/* "show-itl" */
/*
 * What the operator pasted, as a step's result (a JSON object whose
 * fields `expect` and later steps refer to; docs/recipes.md lists them).
 * text: {"text", "lines"}; show-itl: the `show itl` dump read by the dump
 * parser; drs-status: `utils disaster_recovery status restore|backup`.
 * Secrets are the runner's to redact, before this is called.  IK_OK with
 * *out set; IK_FAILED with err saying why the paste cannot be read (a
 * cut paste is a result with its status saying so, not a failure).
 */
ik_status ik_recipe_paste_parse(ik_recipe_paste kind, const uint8_t *text,
    size_t len, json_t **out, ik_error *err);

typedef struct ik_recipe_step {
	char *id;
	ik_recipe_kind kind;
	ik_recipe_pos pos;
	/* run: */
	const ik_job *job;
	ik_recipe_arg *args;
	size_t nargs;
	/* manual: (n == 0 when absent) */
	ik_recipe_text manual, cli, confirm;
	ik_recipe_paste paste;
	/* any step */
	ik_recipe_cond *when;		/* or NULL */
	ik_recipe_cond *expect;
	size_t nexpect;
	bool on_fail_continue;		/* on_fail: continue */
	ik_recipe_text advice;
} ik_recipe_step;

typedef struct ik_recipe {
	char *name;
	long long version;
	char *description;		/* or NULL */
	ik_recipe_input *inputs;
	size_t ninputs;
	ik_recipe_step *steps;
	size_t nsteps;
	uint8_t sha256[32];		/* of the source as loaded */
} ik_recipe;

/*
 * Loads and validates a recipe from buf (the file's bytes), against the
 * jobs jobs[0..njobs) (NULL: ik_jobs()).  IK_OK with *out set; IK_FAILED
 * when the recipe is invalid: *out NULL and every error in diags (which
 * the caller initialised); IK_FATAL when memory ran out.
 */
ik_status ik_recipe_load(const uint8_t *buf, size_t len,
    const ik_job *const *jobs, size_t njobs, ik_recipe **out,
    ik_recipe_diags *diags);
void ik_recipe_free(ik_recipe *r);

const ik_recipe_input *ik_recipe_input_find(const ik_recipe *r,
    const char *name);
const ik_recipe_step *ik_recipe_step_find(const ik_recipe *r, const char *id);
/*
 * The earlier steps whose results s uses anywhere (arguments, texts,
 * when, expect, advice), as indexes in r->steps in order; at most max
 * are stored (max >= r->nsteps gives them all) and the count is
 * returned.  A step whose needed step gave no result is blocked.
 */
size_t ik_recipe_step_needs(const ik_recipe *r, const ik_recipe_step *s,
    size_t *v, size_t max);

/*
 * A value given for an input as text (--var NAME=VALUE) converted to its
 * type: a string for path, dir, secret-file and string (checked against
 * the pattern), true/false, an integer, and for paths an array of one
 * path.  IK_OK with *out set, or IK_FAILED with err saying why.
 */
ik_status ik_recipe_input_value(const ik_recipe_input *in, const char *text,
    json_t **out, ik_error *err);
/* True when s matches the input's pattern as a whole (or it has none). */
bool ik_recipe_input_matches(const ik_recipe_input *in, const char *s);

/*
 * A vars file: a mapping of input names to values, read with the same
 * strict YAML and converted to each input's type (a list or one path for
 * paths).  IK_OK with *out an object NAME -> value; IK_FAILED with every
 * error in diags (unknown names with a did-you-mean); IK_FATAL.
 */
ik_status ik_recipe_vars_load(const ik_recipe *r, const uint8_t *buf,
    size_t len, json_t **out, ik_recipe_diags *diags);
/*
 * The "inputs" object of a run's scope: the given values (NAME -> value,
 * from ik_recipe_input_value or ik_recipe_vars_load) checked against the
 * recipe (no unknown name, each of its type and pattern), defaults added,
 * every required input present.  IK_OK with *out set; IK_FAILED with err
 * naming the first input missing or wrong (never its value).
 */
ik_status ik_recipe_inputs(const ik_recipe *r, const json_t *given,
    json_t **out, ik_error *err);

/*
 * The arguments object of a run step, references filled in: a reference
 * whose value is absent leaves its key out (its item out of a list).
 * FOUND with *args set; PENDING (with placeholders: "(from step ID)"
 * strings instead, and FOUND); ERROR with err.
 */
ik_recipe_lookup ik_recipe_step_args(const ik_recipe_step *s,
    ik_recipe_resolver fn, void *arg, bool placeholders, json_t **args,
    ik_error *err);

#endif /* IK_RECIPE_H */
