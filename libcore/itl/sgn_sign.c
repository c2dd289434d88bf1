/*
 * sgn_sign.c: signing a file for phones (.sgn) as an operation: the
 * primitive of itl_sign.c, then the output parsed and verified with the
 * signer's key, and its payload compared with the input, before anyone
 * may write it (ik_sign_result_write refuses what was not).
 * Layer: itl.
 */
#include <stdlib.h>
#include <string.h>

#include "ik_sgn.h"

/* Parses and verifies buf; its header model goes to r->out. */
static bool
output_verifies(const uint8_t *buf, size_t len, const ik_sign_opts *o,
    const uint8_t *payload, size_t plen, ik_sign_result *r)
{
	ik_sgn *s = NULL;
	ik_error err;
	bool ok;

	ik_error_clear(&err);
	if (ik_sgn_parse(buf, len, NULL, &s, &err) != IK_OK || s == NULL) {
		ik_sgn_free(s);
		return false;
	}
	ok = s->payload_len == plen && (plen == 0 ||
	    memcmp(ik_sgn_payload(s), payload, plen) == 0) &&
	    ik_itl_signature_verifies(s->hdr, o->key);
	if (ok)
		s->hdr->signature = IK_SIG_VALID;
	r->out = s->hdr;
	s->hdr = NULL;
	ik_sgn_free(s);
	return ok;
}

ik_status
ik_sgn_sign_op(const ik_sign_opts *o, const char *filename,
    const uint8_t *payload, size_t len, ik_sign_result *r)
{
	ik_sign_opts so = *o;
	uint8_t *buf = NULL;
	size_t blen;
	ik_error err;
	ik_status st;

	r->status = IK_FAILED;
	if (so.digest == 0)
		so.digest = IK_ITL_DIGEST_SHA1;
	ik_error_clear(&err);
	st = ik_sgn_build(&so, filename, payload, len, &buf, &blen, &err);
	if (st != IK_OK) {
		ik_findings_add(&r->findings, IK_SEV_ERROR,
		    IKF_SIGN_BUILD_FAILED, NULL, "%s", err.msg);
		return r->status = st == IK_FATAL ? IK_FATAL : IK_FAILED;
	}
	if (!output_verifies(buf, blen, &so, payload, len, r)) {
		free(buf);
		ik_findings_add(&r->findings, IK_SEV_ERROR,
		    IKF_SIGN_OUTPUT_UNVERIFIED, NULL,
		    "the signed output does not verify; nothing was written");
		return r->status = IK_FAILED;
	}
	r->buf = buf;
	r->len = blen;
	return r->status = IK_OK;
}
