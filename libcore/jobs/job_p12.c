/*
 * job_p12.c: layer jobs.  PLACEHOLDER, replaced by the real jobs in this step.
 */
#include "jobs_private.h"

static const ik_arg_spec no_args[] = { { NULL, IK_ARG_STRING, false, 0, 0, NULL } };

static void
pending(const json_t *args, const ik_job_ctx *ctx, ik_job_result *res)
{
	(void)args; (void)ctx;
	ik_error_set(&res->err, IK_FATAL, IK_ERR_UNSUPPORTED, "not built yet");
	res->outcome = IK_OUTCOME_ERROR;
}

const ik_job ik_job_p12_check = { "p12.check", "pending", no_args, pending, NULL };
