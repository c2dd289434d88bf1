/*
 * recipe_private.h: layer recipe, internal.  The YAML tree the loader
 * builds (recipe_yaml.c), positions inside a scalar (recipe_diag.c), the
 * reference and expression parsers as the schema calls them, and the
 * static types the validator gives to values.
 */
#ifndef RECIPE_PRIVATE_H
#define RECIPE_PRIVATE_H

#include "ik_recipe.h"

/* ---- the YAML tree ---------------------------------------------------- */

enum { RY_SCALAR, RY_MAP, RY_SEQ };

typedef struct ry_node {
	uint8_t kind;
	uint8_t style;		/* yaml_scalar_style_t of a scalar */
	uint32_t line, col;	/* 1-based */
	uint32_t raw, raw_end;	/* byte offsets in the source */
	uint32_t str, len;	/* a scalar's value: offset in strs */
	uint32_t kid0, nkids;	/* in kids; a map's: key, value, ... */
} ry_node;

typedef struct ry_doc {
	const uint8_t *src;
	size_t srclen;
	uint32_t *lines;	/* byte offset where each line starts */
	size_t nlines;
	ry_node *nodes;
	size_t nnodes, capnodes;
	uint32_t *kids;
	size_t nkids, capkids;
	char *strs;
	size_t nstrs, capstrs;
	uint32_t root;
	bool has_root;
} ry_doc;

/*
 * Reads buf into d.  IK_OK with a tree; IK_FAILED with every error of
 * the YAML level in diags (no tree to trust); IK_FATAL out of memory.
 */
ik_status ry_load(ry_doc *d, const uint8_t *buf, size_t len,
    ik_recipe_diags *diags);
void ry_free(ry_doc *d);

static inline const ry_node *
ry_node_at(const ry_doc *d, uint32_t i)
{
	return &d->nodes[i];
}

static inline const char *
ry_str(const ry_doc *d, const ry_node *n)
{
	return d->strs + n->str;
}

static inline const ry_node *
ry_kid(const ry_doc *d, const ry_node *n, uint32_t i)
{
	return &d->nodes[d->kids[n->kid0 + i]];
}

static inline ik_recipe_pos
ry_pos(const ry_node *n)
{
	ik_recipe_pos p = { n->line, n->col };

	return p;
}

/* ---- positions inside a scalar ---------------------------------------- */

/*
 * Maps byte offsets of a scalar's value to places in the file, walking
 * the raw text (quotes, escapes, folded lines) as the value goes.  Offsets
 * asked in increasing order cost one walk in all.  With no node (doc
 * NULL) the value stands alone: line 1, column = characters + 1.
 */
typedef struct ry_map {
	const ry_doc *doc;
	const ry_node *node;
	const char *val;
	size_t vlen;
	/* cursor */
	size_t v, r;
	unsigned line, col;
	bool started;
} ry_map;

void ry_map_init(ry_map *m, const ry_doc *doc, const ry_node *node,
    const char *val, size_t vlen);
ik_recipe_pos ry_map_pos(ry_map *m, size_t off);

/* ---- errors ----------------------------------------------------------- */

void rd_add(ik_recipe_diags *d, ik_recipe_pos pos, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void rd_oom(ik_recipe_diags *d);
/* Stable sort by place in the file. */
void rd_sort(ik_recipe_diags *d);
/*
 * "unknown WHAT \"NAME\"TAIL (did you mean \"X\"?)" into buf, X the
 * closest of names[0..n) (set in *near, NULL when none is close: then
 * without the suggestion).
 */
const char *rd_unknown(char *buf, size_t size, const char *what,
    const char *name, const char *tail, const char *const *names, size_t n,
    const char **near);
/* s printable, quoted, cut to a readable length: "\"inptu\"". */
const char *rd_q(char *buf, size_t size, const char *s);
/* The same without the quotes. */
const char *rd_p(char *buf, size_t size, const char *s);
#define RD_QSZ 96
#define RD_MSGSZ sizeof(((ik_recipe_diag *)0)->msg)

/* ---- references and texts --------------------------------------------- */

/*
 * Parses the reference at s[0..len) (starting at "${"); *used gets its
 * length.  NULL with err (place from m) on a syntax error or no memory
 * (err->msg empty then).
 */
ik_recipe_ref *rr_parse(const char *s, size_t len, size_t off, ry_map *m,
    size_t *used, ik_recipe_diag *err);
void rr_free(ik_recipe_ref *r);
/*
 * Splits a scalar into literal runs and references ("$${" is a literal
 * "${").  IK_OK, IK_FAILED with the error in diags, IK_FATAL no memory.
 */
ik_status rr_text(const char *s, size_t len, ry_map *m, ik_recipe_text *t,
    ik_recipe_diags *diags);
void rr_text_free(ik_recipe_text *t);

/* ---- static types ----------------------------------------------------- */

typedef enum rt_type {
	RT_UNKNOWN = 0, RT_STRING, RT_NUMBER, RT_BOOL, RT_LIST, RT_OBJECT,
	RT_NULL
} rt_type;

const char *rt_name(rt_type t);		/* "a string" */

/*
 * Checks a reference where it is used and gives its static type; false
 * when it is wrong (the error is in the checker's diags).
 */
typedef bool (*rt_ref_check)(void *arg, ik_recipe_ref *ref, rt_type *type);

/* ---- expressions ------------------------------------------------------ */

typedef enum rx_op {
	RX_LIT, RX_REF, RX_LIST, RX_NOT, RX_AND, RX_OR, RX_EQ, RX_NE, RX_LT,
	RX_LE, RX_GT, RX_GE, RX_IN, RX_CONTAINS
} rx_op;

struct ik_recipe_expr {
	rx_op op;
	ik_recipe_pos pos;		/* its token: operator, value */
	ik_recipe_pos start;		/* its first token */
	json_t *lit;			/* RX_LIT */
	ik_recipe_ref *ref;		/* RX_REF */
	struct ik_recipe_expr **kids;	/* operands, list items */
	size_t n;
};

/* "==", "and", ...: the operator as written. */
const char *rx_op_name(rx_op op);

ik_status rx_parse(const char *text, size_t len, ry_map *m,
    ik_recipe_expr **out, ik_recipe_diag *err);
/* Static check: every reference through fn, operand types where known,
 * a boolean at the top.  Errors go to diags; false when any. */
bool rx_check(ik_recipe_expr *e, rt_ref_check fn, void *arg,
    ik_recipe_diags *diags);

/* ---- the schema (recipe_schema.c, recipe_steps.c) --------------------- */

typedef struct rs_schema {
	const ry_doc *d;
	ik_recipe_diags *diags;
	const ik_job *const *jobs;
	size_t njobs;
	ik_recipe *r;
	bool oom;
	size_t before;		/* errors listed before this pass */
} rs_schema;

/*
 * A pass of the schema over a file: rs_open reads buf into d and readies
 * s (IK_OK, or the loader's status with its errors sorted: no tree);
 * rs_close frees the tree and gives IK_OK when the pass added no error,
 * IK_FAILED when it did (sorted), IK_FATAL when memory ran out.
 */
ik_status rs_open(rs_schema *s, ry_doc *d, const uint8_t *buf, size_t len,
    ik_recipe_diags *diags);
ik_status rs_close(rs_schema *s, ry_doc *d);

/* Unknown keys of map refused with a did-you-mean among known[0..n);
 * where: "" at the top, " in input \"x\"", " in a step". */
void rs_keys(rs_schema *s, const ry_node *map, const char *const *known,
    size_t n, const char *where);
/* The value of key in map (and its key node), or NULL. */
const ry_node *rs_get(const rs_schema *s, const ry_node *map,
    const char *key, const ry_node **keynode);
/* A scalar with a value (an empty plain scalar has none), else NULL and
 * an error naming what. */
const char *rs_text(rs_schema *s, const ry_node *n, const char *what);
/* What a node is, for "not ..." in errors: "\"yes\"", "a list". */
const char *rs_desc(const rs_schema *s, const ry_node *n, char *buf,
    size_t size);
char *rs_strdup(rs_schema *s, const char *str);
/* Scalars converted by the schema: true/false only; decimal integers
 * only (no 0x, 1e3, 1_000), within [min, max].  Else an error naming
 * what, and false. */
bool rs_bool(rs_schema *s, const ry_node *n, const char *what, bool *out);
bool rs_int(rs_schema *s, const ry_node *n, const char *what, long long min,
    long long max, long long *out);
bool rs_parse_int(const char *t, long long *v);
/* The names of the input types, in ik_recipe_type order (recipe_nodes.c). */
extern const char *const rs_type_names[];
extern const size_t rs_ntype_names;
/* A value for input in, converted to its type (paths: a list or one
 * path; strings checked against the pattern), or NULL with an error
 * naming what. */
json_t *rs_typed(rs_schema *s, const ik_recipe_input *in, const ry_node *n,
    const char *what);
/* The steps, after the inputs are known. */
void rs_steps(rs_schema *s, const ry_node *steps);

/* Frees the parts of the model (recipe_model.c). */
void rm_value_free(ik_recipe_value *v);
void rm_step_free(ik_recipe_step *st);
void rm_input_free(ik_recipe_input *in);

#endif /* RECIPE_PRIVATE_H */
