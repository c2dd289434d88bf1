/*
 * sign_op.c: layer itl.  Re-signing and building as operations, the way a
 * tool or a recipe step runs them: the signer policy around the signing
 * primitives of itl_sign.c, then the bytes produced parsed and verified
 * again before anyone may write them.  An output that does not verify is
 * never handed out, and ik_sign_result_write refuses what was not.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/err.h>

#include "ik_sign.h"

void
ik_sign_result_init(ik_sign_result *r)
{
	memset(r, 0, sizeof(*r));
	r->status = IK_FAILED;
	ik_findings_init(&r->findings);
}

void
ik_sign_result_free(ik_sign_result *r)
{
	free(r->buf);
	r->buf = NULL;
	ik_itl_free(r->out);
	r->out = NULL;
	ik_findings_free(&r->findings);
}

/*
 * Parses and verifies the bytes about to be handed out: the signature must
 * verify with the record that carries the signing certificate itself (a
 * decoy record with the signer's serial makes it fail), and a re-signed
 * file keeps the input's records byte for byte.  The parsed output stays
 * in r->out for the report, verified or not.
 */
static bool
output_verifies(const uint8_t *buf, size_t len, const ik_sign_opts *o,
    const ik_itl *in, const ik_sign_policy *p, ik_sign_result *r)
{
	const ik_itl_record *sr;
	uint8_t sha[20];
	ik_error err;
	ik_itl *out = NULL;

	if (!ik_itl_cert_sha1(o->cert, sha))
		return false;
	ik_error_clear(&err);
	if (ik_itl_parse(buf, len, &out, &err) != IK_OK || out == NULL ||
	    out->malformed) {
		ik_itl_free(out);
		return false;
	}
	ik_itl_verify(out);
	r->out = out;
	if (in != NULL && (len - out->hdr.end != in->len - in->hdr.end ||
	    memcmp(out->buf + out->hdr.end, in->buf + in->hdr.end,
	    len - out->hdr.end) != 0))
		return false;
	if (out->signature == IK_SIG_VALID) {
		sr = &out->recs[out->signer_index - 1];
		return sr->has_cert_sha1 && memcmp(sr->cert_sha1, sha, 20) == 0;
	}
	/* Only a foreign signer may sign a file that holds no record of it. */
	return p->foreign_signer && out->signature == IK_SIG_NO_SIGNER &&
	    ik_itl_signature_verifies(out, o->key);
}

/* Takes buf as the result when it verifies; otherwise frees it. */
static ik_status
hand_out(uint8_t *buf, size_t len, const ik_sign_opts *o, const ik_itl *in,
    const ik_sign_policy *p, ik_sign_result *r)
{
	if (!output_verifies(buf, len, o, in, p, r)) {
		free(buf);
		ik_findings_add(&r->findings, IK_SEV_ERROR,
		    IKF_SIGN_OUTPUT_UNVERIFIED, NULL,
		    "the signed output does not verify; nothing was written");
		return r->status = IK_FAILED;
	}
	r->buf = buf;
	r->len = len;
	return r->status = IK_OK;
}

/*
 * Why a primitive refused: its one refusal by rule (IK_ERR_REFUSED) is a
 * SAST record by hash only, which nothing could verify; that and every
 * other IK_FATAL mean the operation cannot be done.
 */
static ik_status
refused(ik_sign_result *r, const ik_error *err, ik_status st,
    ik_code code)
{
	if (err->category == IK_ERR_REFUSED)
		code = IKF_SIGN_SIGNER_HASH_ONLY;
	ik_findings_add(&r->findings, IK_SEV_ERROR, code, NULL, "%s", err->msg);
	return r->status = st == IK_FATAL ? IK_FATAL : IK_FAILED;
}

/*
 * The input must verify and hold the signer as a SAST record, or phones
 * that hold it would reject the result.  Each has its own override:
 * blessing unverified contents is never a side effect of accepting a
 * foreign signer.
 */
static bool
resign_allowed(const ik_itl *in, X509 *cert, const ik_sign_policy *p,
    ik_sign_result *r)
{
	bool ok = true;

	if (in->signature != IK_SIG_VALID) {
		ik_findings_add(&r->findings, p->invalid_input ?
		    IK_SEV_WARNING : IK_SEV_ERROR,
		    IKF_SIGN_INPUT_SIGNATURE_INVALID, NULL,
		    "the input's own signature is %s: re-signing would bless unverified contents",
		    ik_sigstate_name(in->signature));
		ok = p->invalid_input;
	}
	if (ik_itl_find_sast_cert(in, cert) == 0) {
		ik_findings_add(&r->findings, p->foreign_signer ?
		    IK_SEV_WARNING : IK_SEV_ERROR, IKF_SIGN_SIGNER_NOT_IN_ITL,
		    NULL,
		    "the signing certificate is not a SAST record of the input: phones holding it would reject the result");
		ok = ok && p->foreign_signer;
	}
	return ok;
}

ik_status
ik_itl_resign_op(const uint8_t *buf, size_t len, const ik_sign_opts *o,
    const ik_sign_policy *p, ik_sign_result *r)
{
	ik_sign_opts so = *o;
	ik_error err;
	ik_itl *in = NULL;
	uint8_t *sig = NULL;
	size_t slen;
	ik_status st;

	r->status = IK_FAILED;
	ik_error_clear(&err);
	ik_trustlist_load(buf, len, &in, &err);
	if (in == NULL) {
		/* Not a trust list at all (or a text dump this build cannot read). */
		ik_findings_add(&r->findings, IK_SEV_ERROR,
		    IKF_SIGN_INPUT_MALFORMED, NULL, "%s", err.msg);
		return r->status;
	}
	ik_itl_verify(in);
	if (so.digest == 0)
		so.digest = in->hdr.digest_alg > 0 ? in->hdr.digest_alg :
		    IK_ITL_DIGEST_SHA1;
	if (in->format != IK_FMT_TLV || in->malformed) {
		ik_findings_add(&r->findings, IK_SEV_ERROR,
		    IKF_SIGN_INPUT_MALFORMED, NULL, "%s",
		    in->format != IK_FMT_TLV ?
		    "a show itl text dump carries no certificates: only a binary trust list can be re-signed" :
		    ik_itl_malformed_message(in));
	} else if ((st = ik_itl_resign(in, &so, &sig, &slen, &err)) != IK_OK) {
		/* Refusals that no policy lifts come first. */
		refused(r, &err, st, IKF_SIGN_INPUT_MALFORMED);
	} else if (resign_allowed(in, so.cert, p, r)) {
		hand_out(sig, slen, &so, in, p, r);
		sig = NULL;
	}
	free(sig);
	ik_itl_free(in);
	return r->status;
}

ik_status
ik_itl_build_op(const ik_sign_opts *o, const char *filename,
    const ik_build_record *recs, size_t nrec, const ik_sign_policy *p,
    ik_sign_result *r)
{
	ik_sign_opts so = *o;
	ik_error err;
	uint8_t *buf = NULL;
	size_t len;
	ik_status st;

	r->status = IK_FAILED;
	if (so.digest == 0)
		so.digest = IK_ITL_DIGEST_SHA1;
	ik_error_clear(&err);
	st = ik_itl_build(&so, filename, recs, nrec, &buf, &len, &err);
	if (st != IK_OK)
		return refused(r, &err, st, IKF_SIGN_BUILD_FAILED);
	if (hand_out(buf, len, &so, NULL, p, r) != IK_OK && r->out != NULL &&
	    r->out->signature == IK_SIG_NO_SIGNER)
		ik_findings_add(&r->findings, IK_SEV_ERROR,
		    IKF_SIGN_SIGNER_NOT_IN_ITL, NULL,
		    "the signer certificate must also be given as a SAST record");
	return r->status;
}

ik_status
ik_sign_result_write(ik_sign_result *r, const char *path, bool replace,
    ik_error *err)
{
	ik_status st;

	if (r->status != IK_OK || r->buf == NULL)
		return ik_error_set(err, IK_FATAL, IK_ERR_USAGE,
		    "the output did not verify: it is not written");
	st = ik_write_file_atomic(path, r->buf, r->len, 0644, replace, err);
	if (st != IK_OK)
		return st;
	ik_digest_buf(IK_SHA256, r->buf, r->len, r->sha256);
	r->written = true;
	return IK_OK;
}

int
ik_build_record_spec(const char *spec, int *function, const char **cert,
    ik_sb *why)
{
	const char *colon = strchr(spec, ':');
	char role[32];

	if (colon == NULL || (size_t)(colon - spec) >= sizeof(role)) {
		ik_sb_printf(why, "expected ROLE:CERT.pem, got '%s'", spec);
		return -1;
	}
	memcpy(role, spec, (size_t)(colon - spec));
	role[colon - spec] = '\0';
	*function = ik_itl_function_from_role(role);
	if (*function < 0) {
		ik_sb_printf(why,
		    "unknown role '%s' (sast, ccm, ccm+tftp, tftp, capf, tvs, app-server)",
		    role);
		return -1;
	}
	*cert = colon + 1;
	return 0;
}

int
ik_itl_digest_code(const char *name)
{
	if (strcasecmp(name, "sha1") == 0)
		return IK_ITL_DIGEST_SHA1;
	if (strcasecmp(name, "sha256") == 0)
		return IK_ITL_DIGEST_SHA256;
	if (strcasecmp(name, "sha512") == 0)
		return IK_ITL_DIGEST_SHA512;
	return -1;
}
