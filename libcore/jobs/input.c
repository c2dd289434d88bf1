/*
 * input.c: layer jobs.  The one input loader: an input read as evidence
 * (never written, never followed into a device), its SHA-256 and size for
 * the chain of custody, and what its first bytes say it is.
 */
#include <stdlib.h>
#include <string.h>

#include "ik_jobs.h"

ik_status
ik_input_load(const char *path, size_t max, ik_input *in, ik_error *err)
{
	ik_status st;

	memset(in, 0, sizeof(*in));
	in->path = path;
	in->name = path;
	st = ik_read_file(path, max, &in->buf, &in->len, err);
	if (st != IK_OK) {
		free(in->buf);
		in->buf = NULL;
		in->len = 0;
		return st;
	}
	if (ik_digest_buf(IK_SHA256, in->buf, in->len, in->sha256) != 0) {
		ik_input_free(in);
		return ik_error_set(err, IK_FATAL, IK_ERR_CRYPTO,
		    "cannot compute SHA-256");
	}
	in->kind = ik_input_sniff(in->buf, in->len);
	return IK_OK;
}

void
ik_input_free(ik_input *in)
{
	free(in->buf);
	in->buf = NULL;
	in->len = 0;
	free(in->label);
	in->label = NULL;
	in->member = NULL;
	in->name = in->path;
}
