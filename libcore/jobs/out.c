/*
 * out.c: layer jobs.  The one output of a job that writes one file, when
 * its "out" is "-" (standard output): the bytes go to the caller's
 * buffer (ik_job_ctx.out_bytes) instead of a file, and the caller writes
 * them.  A caller without one (a recipe step) is refused, so that a
 * recipe only ever writes files.
 */
#include <string.h>

#include "jobs_private.h"

bool
jobs_out_is_stdout(const char *out)
{
	return out != NULL && strcmp(out, "-") == 0;
}

const char *
jobs_out_misuse(const char *out, const ik_job_ctx *ctx)
{
	if (jobs_out_is_stdout(out) && ctx->out_bytes == NULL)
		return "argument \"out\": \"-\" (standard output) needs a "
		    "caller that writes the bytes there; give a file";
	return NULL;
}

ik_status
jobs_out_put(const ik_job_ctx *ctx, const uint8_t *buf, size_t len,
    ik_error *err)
{
	ik_sb *sb = ctx->out_bytes;

	if (sb == NULL)
		return ik_error_set(err, IK_FATAL, IK_ERR_USAGE,
		    "no standard output to write to");
	ik_sb_add(sb, (const char *)buf, len);
	if (sb->oom)
		return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
		    "out of memory");
	return IK_OK;
}
