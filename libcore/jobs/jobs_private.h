/*
 * jobs_private.h: layer jobs, internal.  The job objects each domain file
 * defines (job_itl.c, job_phones.c, job_sign.c, job_p12.c, job_drs.c),
 * gathered into the table by jobs.c.
 */
#ifndef JOBS_PRIVATE_H
#define JOBS_PRIVATE_H

#include "ik_itl.h"
#include "ik_jobs.h"

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
extern const ik_job ik_job_drs_platform;

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

#endif /* JOBS_PRIVATE_H */
