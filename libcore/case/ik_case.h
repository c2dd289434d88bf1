/*
 * ik_case.h: layer case, over everything below it.  Case triage: a
 * customer's whole bundle (folders, files, archives) classified by
 * content, the jobs that answer the case's questions run over it, and
 * the story told answer first (case.md, case.html, case.json).
 */
#ifndef IK_CASE_H
#define IK_CASE_H

#include <stddef.h>
#include <stdint.h>

#include "ik_jobs.h"

/* What a file of a bundle is, told by its content and never its name. */
typedef enum ik_case_kind {
	IK_CASE_UNKNOWN = 0,
	IK_CASE_ITL,			/* binary ITL */
	IK_CASE_CTL,			/* binary CTL */
	IK_CASE_SHOW_ITL,		/* `show itl` / `show ctl` text */
	IK_CASE_P12,			/* PKCS#12 */
	IK_CASE_DRS_SET,		/* a DRS manifest or component */
	IK_CASE_EVENTS,			/* phone reports: XML, syslog, SIP, CSV */
	IK_CASE_CERTIFICATE,		/* X.509, PEM or DER */
	/* Only given by the caller as such: never guessed from content. */
	IK_CASE_PASSWORD_LIST,
	IK_CASE_ARCHIVE			/* tar, zip, gzip: opened, not a leaf */
} ik_case_kind;

/* The part of a DRS set a file is. */
typedef enum ik_case_part {
	IK_CASE_PART_NONE = 0,
	IK_CASE_PART_MANIFEST,		/* drfComponent.xml */
	IK_CASE_PART_COMPONENT		/* an openssl-salted component */
} ik_case_part;

/*
 * The kind of len bytes (all of a file, or its first bytes when *whole is
 * false: a large file is told from its head).  Never a password list.
 * part, when not NULL, says which part of a DRS set it is.
 */
ik_case_kind ik_case_classify(const uint8_t *buf, size_t len, bool whole,
    ik_case_part *part);
/* "itl", "ctl", "show-itl", "p12", "drs-set", "events", ... */
const char *ik_case_kind_name(ik_case_kind k);

/*
 * The jobs of this layer (case.triage), for the callers that list jobs
 * besides the table of libcore/jobs (tools, the recipe runner): jobs may
 * not include case, so it cannot sit in that table.
 */
const ik_job *const *ik_case_jobs(size_t *n);
/*
 * ik_job_run for every job: those of this layer by name, the others
 * through ik_job_run.
 */
void ik_case_job_run(const char *name, const json_t *args,
    const ik_job_ctx *ctx, ik_job_result *res);

#endif /* IK_CASE_H */
