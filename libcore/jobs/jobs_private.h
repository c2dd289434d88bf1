/*
 * jobs_private.h: layer jobs, internal.  The job objects each domain file
 * defines (job_itl.c, job_phones.c, job_sign.c, job_p12.c, job_drs.c),
 * gathered into the table by jobs.c.
 */
#ifndef JOBS_PRIVATE_H
#define JOBS_PRIVATE_H

#include "ik_itl.h"
#include "ik_jobs.h"
#include "ik_report.h"

extern const ik_job ik_job_itl_show;
extern const ik_job ik_job_itl_diff;
extern const ik_job ik_job_itl_trust;
extern const ik_job ik_job_itl_phones;
extern const ik_job ik_job_itl_resign;
extern const ik_job ik_job_itl_build;
extern const ik_job ik_job_p12_check;
extern const ik_job ik_job_drs_ls;
extern const ik_job ik_job_drs_verify;
extern const ik_job ik_job_drs_extract;
extern const ik_job ik_job_drs_rekey;
extern const ik_job ik_job_sgn_check;
extern const ik_job ik_job_sgn_sign;

/*
 * Result fields (ik_result_field) every report line shares, for the
 * tables of the job files.  A recipe step's result is the first line's
 * fields, "items" (every line but the summary), "summary" (the summary
 * line, when the job prints one) and "outcome" (0, 1 or 2).
 */
#define JOBS_RES_STR(p, h)	{ p, IK_FIELD_STRING, h }
#define JOBS_RES_INT(p, h)	{ p, IK_FIELD_INT, h }
#define JOBS_RES_BOOL(p, h)	{ p, IK_FIELD_BOOL, h }
#define JOBS_RES_ARRAY(p, h)	{ p, IK_FIELD_ARRAY, h }
#define JOBS_RES_OBJECT(p, h)	{ p, IK_FIELD_OBJECT, h }
#define JOBS_RES_ANY(p, h)	{ p, IK_FIELD_ANY, h }
/* The input of the first line named by key ("file", "set"). */
#define JOBS_RES_INPUT(key) \
	JOBS_RES_STR("tool", "the tool the report names"), \
	JOBS_RES_STR(key, "the input, as given"), \
	JOBS_RES_STR("sha256", "SHA-256 of the input (chain of custody)"), \
	JOBS_RES_INT("size", "bytes of the input")
#define JOBS_RES_STATUS \
	JOBS_RES_STR("status", "the verdict of the first line"), \
	JOBS_RES_ARRAY("findings", "its findings"), \
	JOBS_RES_STR("findings[].severity", "error, warning or info"), \
	JOBS_RES_STR("findings[].code", "the finding code (docs/findings.md)"), \
	JOBS_RES_STR("findings[].message", "what was found"), \
	JOBS_RES_ARRAY("items", "every line but the summary, in order"), \
	JOBS_RES_STR("items[].status", "each line's verdict"), \
	JOBS_RES_ARRAY("items[].findings", "each line's findings"), \
	JOBS_RES_INT("outcome", "0 all good, 1 a check failed, 2 not done")
#define JOBS_RES_END		{ NULL, IK_FIELD_ANY, NULL }

/*
 * An input (a file, a member) that could not be read at all: said in
 * messages by its name, and in JSON as an unreadable object under key
 * (with its member), so that every input has an object.
 */
void jobs_unreadable(const ik_job_ctx *ctx, ik_job_result *res,
    const ik_input *in, const char *key, const ik_error *err);
/* jobs_unreadable, and the outcome st gives (1 refused, 2 not read). */
void jobs_input_failed(const ik_job_ctx *ctx, ik_job_result *res,
    const ik_input *in, const char *key, ik_status st, const ik_error *err);
/*
 * Before each input's text report: full reports are set apart by a blank
 * line, verdict lines (brief) are not.  shown counts the reports so far.
 */
void jobs_report_gap(const ik_job_ctx *ctx, ik_job_result *res,
    size_t *shown);
/*
 * A path the loader could not read (st, err from ik_input_load): said in
 * messages, an unreadable object under key in JSON, and the outcome (1
 * when the file is there but refused, 2 when it could not be read).
 */
void jobs_load_failed(const ik_job_ctx *ctx, ik_job_result *res,
    const char *path, const char *key, ik_status st, const ik_error *err);

/*
 * "out" given as "-": the one output goes to ctx->out_bytes (out.c).
 * jobs_out_misuse says why "-" cannot be taken (no caller's buffer: a
 * recipe step), or NULL; jobs_out_put appends the bytes there.
 */
bool jobs_out_is_stdout(const char *out);
const char *jobs_out_misuse(const char *out, const ik_job_ctx *ctx);
ik_status jobs_out_put(const ik_job_ctx *ctx, const uint8_t *buf, size_t len,
    ik_error *err);

/* One trust list of one [NODE=]FILE argument (lists.c). */
typedef struct jobs_list {
	ik_itl *itl;			/* not verified */
	/*
	 * NODE, or the input's name without one; NODE#k (of the argument's
	 * lists) or NAME#k (of one input's dumps) when there are several.
	 */
	char *label;
	char *name;			/* the input: "path" or "path:member" */
	const char *member;		/* into name, or NULL */
	uint8_t sha256[32];		/* of the file or member */
	long long size;
} jobs_list;
extern const ik_job ik_job_drs_platform;

typedef struct jobs_lists {
	const char *path;		/* FILE, inside the argument */
	size_t name_len;		/* length of NODE, 0 without */
	jobs_list *v;
	size_t n;
	size_t inputs;			/* files or members that gave lists */
	size_t members;			/* lists from archive members */
	ik_sb notes;			/* what an archive walk skipped */
} jobs_lists;

/*
 * Told about each file or member that gave no list (kept 0: in->buf NULL
 * when it could not be read at all, read false) or a malformed one after
 * kept good ones; err says why.
 */
typedef void jobs_lists_bad(void *arg, const ik_input *in, bool read,
    ik_status st, const ik_error *err, size_t kept);

/*
 * Reads the file of arg ([NODE=]FILE when named, else FILE) with the one
 * input loader (an archive: each trust list inside) and parses every
 * trust list in each.  The worst status of its inputs; bad is told of
 * each that failed.  A list taken out of l has its itl set to NULL.
 */
ik_status jobs_lists_read(const char *arg, bool named, jobs_lists *l,
    jobs_lists_bad *bad, void *barg);
void jobs_lists_free(jobs_lists *l);

/* The text choices of ctx (brief, colour, width) as the renderers take them. */
static inline ik_text_opts
jobs_text_opts(const ik_job_ctx *ctx)
{
	ik_text_opts t = { ctx->brief, ctx->color, ctx->columns };

	return t;
}

/*
 * The usual jobs_lists_bad: the input said in messages and, when it gave
 * no list, as an unreadable object under key in JSON; the outcome as the
 * job has always judged it (rule).
 */
typedef struct jobs_bad {
	const ik_job_ctx *ctx;
	ik_job_result *res;
	ik_outcome o;			/* the worst so far */
	const char *key;		/* "file", "candidate", "installed" */
	enum {
		JOBS_BAD_DIFF,		/* over the size limit 1, else 2 */
		JOBS_BAD_TRUST,		/* unreadable 2, else 1; kept: silent */
		JOBS_BAD_PHONES		/* 2; kept 1 */
	} rule;
} jobs_bad;

void jobs_list_bad(void *arg, const ik_input *in, bool read, ik_status st,
    const ik_error *err, size_t kept);

#endif /* JOBS_PRIVATE_H */
