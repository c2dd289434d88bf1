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

/* The trust lists of one [NODE=]FILE argument (lists.c). */
typedef struct jobs_lists {
	const char *path;		/* FILE, inside the argument */
	size_t name_len;		/* length of NODE, 0 without */
	bool read;			/* the file could be read */
	uint8_t sha256[32];		/* of the file */
	long long size;
	ik_itl **v;			/* the lists, not verified */
	char **label;			/* NODE or the path; NODE#k of several */
	size_t n;
} jobs_lists;

/*
 * Reads the file of arg ([NODE=]FILE when named, else FILE) with the one
 * input loader and parses every trust list in it.  IK_OK; the loader's
 * status when the file could not be read (read false, no list); the
 * parser's when a list is malformed (the lists read so far are kept) or
 * none could be read.  err says why.  A list or label taken out of l is
 * set to NULL there.
 */
ik_status jobs_lists_read(const char *arg, bool named, jobs_lists *l,
    ik_error *err);
void jobs_lists_free(jobs_lists *l);

/* The text choices of ctx (brief, colour, width) as the renderers take them. */
static inline ik_text_opts
jobs_text_opts(const ik_job_ctx *ctx)
{
	ik_text_opts t = { ctx->brief, ctx->color, ctx->columns };

	return t;
}

#endif /* JOBS_PRIVATE_H */
