/*
 * job_sgn.c: layer jobs.  sgn.check: signed files (.sgn, .enc.sgn) read,
 * checked against the TFTP-role records of the trust lists given ("phones
 * holding this ITL accept this file", or why not), and their payload
 * written out on request.  The lists are read once for every input.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include "ik_p12.h"
#include "ik_sgn.h"
#include "ik_sgn_render.h"
#include "jobs_private.h"

static const ik_arg_spec check_args[] = {
	{ "inputs", IK_ARG_STRINGS, true, 0, 0,
	    "the signed files, - for standard input" },
	{ "itl", IK_ARG_STRINGS, false, 0, 0,
	    "the trust lists phones hold (ITL or CTL files, show itl dumps)" },
	{ "extract", IK_ARG_STRING, false, 0, 0,
	    "write the payload of the one input to this file (never replaced)" },
	{ "key", IK_ARG_STRING, false, 0, 0,
	    "the phone's private key (PEM or DER), to decrypt .enc.sgn payloads" },
	{ NULL, IK_ARG_STRING, false, 0, 0, NULL }
};

static const ik_result_field check_results[] = {
	{ "file", IK_FIELD_STRING, "the signed file read" },
	{ "status", IK_FIELD_STRING, "ok, findings or malformed" },
	{ "verdict", IK_FIELD_STRING,
	    "accept (every list given accepts), reject or unknown" },
	{ "filename", IK_FIELD_STRING, "the header's FILENAME" },
	{ "signer", IK_FIELD_OBJECT, "name, serial and ca_name of the header" },
	{ "encrypted", IK_FIELD_BOOL, "the payload is encrypted for one phone" },
	{ "payload", IK_FIELD_OBJECT, "offset, length and sha256 of the payload" },
	{ "decrypted", IK_FIELD_OBJECT,
	    "length and sha256 of the decrypted payload, or null" },
	{ "itls", IK_FIELD_ARRAY,
	    "per list: itl, verdict, record, role, signature, code, reason" },
	{ "findings", IK_FIELD_ARRAY, "the findings" },
	{ NULL, IK_FIELD_ANY, NULL }
};

struct run {
	jobs_lists *lists;
	size_t nlists;
	ik_sgn_answer *answers;		/* one per trust list */
	size_t nanswers;
	const char *extract;
	size_t extracted;		/* inputs seen with extract */
	EVP_PKEY *key;			/* the phone's, to decrypt; or NULL */
};

/* Keys are small; anything larger is not one. */
#define KEY_MAX		(1u << 20)

/* The phone's key of the "key" argument; false when it cannot be used. */
static bool
load_key(const char *path, struct run *rn, ik_job_result *res)
{
	uint8_t *buf = NULL;
	size_t len;
	ik_error err;
	ik_status st;

	ik_error_clear(&err);
	ik_evidence_protect(path);
	st = ik_read_file(path, KEY_MAX, &buf, &len, &err);
	if (st == IK_OK) {
		st = ik_pem_read_key(buf, len, &rn->key, &err);
		ik_wipe(buf, len);
	}
	free(buf);
	if (st != IK_OK) {
		ik_job_result_error(res, path, &err);
		ik_job_result_note(res, IK_OUTCOME_ERROR);
		return false;
	}
	return true;
}

/*
 * An encrypted payload opened with the phone's key: the plain bytes, or
 * NULL with a finding saying why not.
 */
static uint8_t *
decrypt(ik_sgn *s, EVP_PKEY *key, size_t *len)
{
	uint8_t *plain = NULL;
	ik_error err;

	ik_error_clear(&err);
	if (ik_sgn_decrypt(s, key, &plain, len, &err) != IK_OK) {
		ik_findings_add(&s->hdr->findings, IK_SEV_ERROR,
		    IKF_SGN_DECRYPT_FAILED, "payload", "%s", err.msg);
		return NULL;
	}
	ik_findings_add(&s->hdr->findings, IK_SEV_INFO, IKF_SGN_DECRYPTED,
	    "payload", "decrypted with the key given: %zu bytes, the header's digest matches",
	    *len);
	return plain;
}

/*
 * An itl argument's file or member that gave no list: said, by its name,
 * and in JSON as its unreadable object when nothing of it was kept.
 */
static void
itl_bad(void *arg, const ik_input *in, bool read, ik_status st,
    const ik_error *err, size_t kept)
{
	ik_job_result *res = arg;

	(void)read;
	(void)st;
	if (kept == 0 && res->ctx != NULL)
		jobs_unreadable(res->ctx, res, in, "itl", err);
	else
		ik_job_result_error(res, in->name, err);
}

/* Every trust list of every itl argument; false when one is unreadable. */
static bool
load_lists(const json_t *args, struct run *rn, ik_job_result *res)
{
	size_t i, n = ik_arg_count(args, "itl"), total = 0;

	rn->lists = calloc(n ? n : 1, sizeof(*rn->lists));
	if (rn->lists == NULL)
		goto oom;
	for (i = 0; i < n; i++) {
		jobs_lists_read(ik_arg_item(args, "itl", i), false,
		    &rn->lists[i], itl_bad, res);
		rn->nlists++;
		if (rn->lists[i].n == 0) {
			ik_job_result_note(res, IK_OUTCOME_ERROR);
			return false;
		}
		total += rn->lists[i].n;
	}
	rn->answers = calloc(total ? total : 1, sizeof(*rn->answers));
	if (rn->answers == NULL)
		goto oom;
	rn->nanswers = total;
	return true;
oom:
	ik_error_set(&res->err, IK_FATAL, IK_ERR_MEMORY, "out of memory");
	ik_job_result_note(res, IK_OUTCOME_ERROR);
	return false;
}

/* Writes the payload; the report names the file only once it is there. */
static const char *
extract(const ik_sgn *s, const uint8_t *plain, size_t plain_len,
    const char *path, ik_job_result *res)
{
	ik_error err;

	ik_error_clear(&err);
	if (s->hdr->malformed) {
		ik_job_result_warn(res,
		    "%s: the header is malformed: no payload is written", path);
		ik_job_result_note(res, IK_OUTCOME_ERROR);
		return NULL;
	}
	if (ik_is_evidence(AT_FDCWD, path)) {
		ik_job_result_warn(res,
		    "%s is one of the inputs: evidence is never replaced; nothing was written",
		    path);
		ik_job_result_note(res, IK_OUTCOME_ERROR);
		return NULL;
	}
	if (ik_write_file_atomic(path, plain != NULL ? plain :
	    ik_sgn_payload(s), plain != NULL ? plain_len : s->payload_len,
	    0644, false, &err) != IK_OK) {
		ik_job_result_error(res, path, &err);
		ik_job_result_note(res, IK_OUTCOME_ERROR);
		return NULL;
	}
	return path;
}

/* One signed file: a file given as itself, or a member of an archive. */
static void
check_input(ik_input *in, struct run *rn, const ik_job_ctx *ctx,
    ik_job_result *res)
{
	ik_sgn_render_opts ro;
	ik_sgn_check none;
	uint8_t *plain = NULL;
	ik_sgn *s = NULL;
	ik_error err;
	ik_status st;
	size_t i, j, k = 0;

	ik_error_clear(&err);
	st = ik_sgn_parse(in->buf, in->len, in->name, &s, &err);
	memset(&ro, 0, sizeof(ro));
	ro.tool = ctx->tool != NULL ? ctx->tool : "sgn-check";
	ro.path = in->path;	/* JSON's "file": the archive for a member */
	ro.input_sha256 = in->sha256;
	ro.input_size = (long long)in->len;
	free(in->buf);
	in->buf = NULL;
	if (s == NULL) {
		ik_error_set(&res->err, IK_FATAL, IK_ERR_MEMORY, "out of memory");
		ik_job_result_note(res, IK_OUTCOME_ERROR);
		return;
	}
	if (st == IK_FAILED)
		ik_job_result_error(res, in->name, &err);
	ik_sgn_lint(s);
	for (i = 0; i < rn->nlists; i++)
		for (j = 0; j < rn->lists[i].n; j++, k++) {
			rn->answers[k].itl = rn->lists[i].v[j].label;
			ik_sgn_check_itl(s, rn->lists[i].v[j].itl,
			    &rn->answers[k].check);
			ik_sgn_note(s, rn->answers[k].itl,
			    &rn->answers[k].check);
		}
	if (rn->nlists == 0 && !s->hdr->malformed) {
		ik_sgn_check_itl(s, NULL, &none);
		ik_sgn_note(s, NULL, &none);
	}
	ro.answers = rn->answers;
	ro.nanswers = rn->nanswers;
	if (rn->key != NULL && s->encrypted && !s->hdr->malformed)
		ro.plain = plain = decrypt(s, rn->key, &ro.plain_len);
	if (rn->extract != NULL && rn->extracted++ > 0)
		/* An archive of several: the first member's payload only. */
		ik_job_result_warn(res,
		    "%s: not written again for %s: only the first signed file of an archive is extracted",
		    rn->extract, in->name);
	else if (rn->extract != NULL && (s->encrypted && rn->key != NULL &&
	    plain == NULL))
		ik_job_result_warn(res,
		    "%s: the payload did not decrypt: nothing was written",
		    rn->extract);
	else if (rn->extract != NULL)
		ro.extracted = extract(s, plain, ro.plain_len, rn->extract,
		    res);
	if (ctx->want_json) {
		ik_job_result_line(res, ik_input_json_member(ik_sgn_json(s,
		    &ro), "file", in));
	}
	if (ctx->want_text) {
		ik_text_opts to = jobs_text_opts(ctx);

		ro.path = in->name;	/* "ARCHIVE:MEMBER" for a member */
		ro.text = &to;
		ik_sgn_text(&res->text, s, &ro);
	}
	ik_job_result_note(res, s->hdr->malformed ||
	    ik_findings_worst(&s->hdr->findings) == IK_SEV_ERROR ?
	    IK_OUTCOME_FAIL : IK_OUTCOME_OK);
	ik_sgn_free(s);
	if (plain != NULL)
		ik_wipe(plain, ro.plain_len);
	free(plain);
}

/*
 * A path: a signed file, or each signed file inside an archive (their
 * header reads as a trust list's), or a gzip'd one.
 */
static void
check_one(const char *path, struct run *rn, const ik_job_ctx *ctx,
    ik_job_result *res, size_t *shown)
{
	ik_input_opts io = { IK_IN_BIT(IK_IN_TRUSTLIST), IK_SGN_MAX_INPUT,
	    0, 0, 0, 0 };
	ik_input_iter *it;
	ik_input in;
	ik_error err;
	ik_status st;

	ik_error_clear(&err);
	if (ik_input_open(path, &io, &it, &err) != IK_OK) {
		jobs_load_failed(ctx, res, path, "file", IK_FATAL, &err);
		return;
	}
	ik_input_what(it, "signed file (.sgn)");
	while (ik_input_next(it, &in, &st, &err)) {
		jobs_report_gap(ctx, res, shown);
		if (st != IK_OK) {
			jobs_input_failed(ctx, res, &in, "file", st, &err);
		} else {
			check_input(&in, rn, ctx, res);
		}
		ik_input_free(&in);
	}
	ik_input_iter_report(it, &res->errors);
	ik_input_iter_free(it);
}

static void
check_run(const json_t *args, const ik_job_ctx *ctx, ik_job_result *res)
{
	struct run rn;
	size_t i, shown = 0, n = ik_arg_count(args, "inputs");

	memset(&rn, 0, sizeof(rn));
	rn.extract = ik_arg_str(args, "extract", NULL);
	if (rn.extract != NULL && n != 1) {
		ik_error_set(&res->err, IK_FATAL, IK_ERR_USAGE,
		    "sgn.check: \"extract\" takes one input");
		ik_job_result_note(res, IK_OUTCOME_ERROR);
		return;
	}
	for (i = 0; i < n; i++)
		if (strcmp(ik_arg_item(args, "inputs", i), "-") != 0)
			ik_evidence_protect(ik_arg_item(args, "inputs", i));
	for (i = 0; i < ik_arg_count(args, "itl"); i++)
		ik_evidence_protect(ik_arg_item(args, "itl", i));
	if ((ik_arg_str(args, "key", NULL) == NULL ||
	    load_key(ik_arg_str(args, "key", NULL), &rn, res)) &&
	    load_lists(args, &rn, res))
		for (i = 0; i < n; i++)
			check_one(ik_arg_item(args, "inputs", i), &rn, ctx, res,
			    &shown);
	for (i = 0; i < rn.nlists; i++)
		jobs_lists_free(&rn.lists[i]);
	free(rn.lists);
	free(rn.answers);
	EVP_PKEY_free(rn.key);
}

const ik_job ik_job_sgn_check = {
	"sgn.check",
	"read signed files (.sgn, .enc.sgn) and tell whether phones holding the given trust lists accept them",
	check_args,
	check_run,
	check_results
};
