/*
 * jobs_private.h: layer jobs, internal.  The job objects each domain file
 * defines (job_itl.c, job_phones.c, job_sign.c, job_p12.c, job_drs.c),
 * gathered into the table by jobs.c.
 */
#ifndef JOBS_PRIVATE_H
#define JOBS_PRIVATE_H

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

#endif /* JOBS_PRIVATE_H */
