/*
 * job_show.c: layer jobs.  itl.show: one input (a binary ITL/CTL, a
 * text file holding one or more `show itl` dumps, or an archive of them)
 * parsed, verified and linted; one report per trust list found.
 */
#include <stdlib.h>
#include <string.h>

#include "ik_itl.h"
#include "ik_itl_render.h"
#include "jobs_private.h"

static const ik_arg_spec show_args[] = {
	{ "input", IK_ARG_STRING, true, 0, 0,
	    "the trust list or dump file, or an archive of them (tar, zip, gzip), - for standard input" },
	{ "verify", IK_ARG_BOOL, false, 0, 0,
	    "check the signature and records (default true)" },
	{ "warn_days", IK_ARG_INT, false, 0, 36500,
	    "warn of certificates expiring within this many days (default 180)" },
	{ "at", IK_ARG_TIME, false, 0, 0,
	    "judge validity as of this time (default now)" },
	{ NULL, IK_ARG_STRING, false, 0, 0, NULL }
};

/*
 * The JSON line: its bytes straight into res->json when the caller only
 * prints it, else the object.
 */
static void
show_json(const ik_itl *itl, const ik_input *in, const ik_itl_render_opts *ro,
    const ik_job_ctx *ctx, ik_job_result *res)
{
	ik_jw w;

	ik_jw_init(&w, ctx->json_text ? &res->json : NULL);
	ik_itl_jw(&w, itl, ro, in->member);
	if (!ctx->json_text)
		ik_job_result_line(res, ik_jw_take(&w));
	else if (ik_jw_finish(&w) == 0)
		ik_sb_add(&res->json, "\n", 1);
	else
		ik_job_result_line(res, NULL);
}

static ik_outcome
show_model(ik_itl *itl, const ik_input *in, bool verify,
    const ik_lint_opts *lint, const ik_job_ctx *ctx, ik_job_result *res)
{
	ik_itl_render_opts ro;
	ik_text_opts to = jobs_text_opts(ctx);

	if (verify)
		ik_itl_verify(itl);
	ik_itl_lint(itl, lint);
	ro.tool = ctx->tool != NULL ? ctx->tool : "itl-show";
	ro.path = in->path;
	ro.input_sha256 = in->sha256;
	ro.input_size = (long long)in->len;
	ro.at = lint->at;
	ro.text = &to;
	if (ctx->want_json)
		show_json(itl, in, &ro, ctx, res);
	/* Text names a member "bundle.tgz:path/inside". */
	ro.path = in->name;
	if (ctx->want_csv && !ctx->want_json)
		ik_itl_csv(&res->text, itl, &ro);
	else if (ctx->want_text)
		ik_itl_text(&res->text, itl, &ro);
	return itl->malformed || itl->incomplete ||
	    ik_findings_worst(&itl->findings) == IK_SEV_ERROR ?
	    IK_OUTCOME_FAIL : IK_OUTCOME_OK;
}

/* An input that could not be read or parsed at all. */
static void
unreadable(const ik_input *in, ik_status r, const ik_error *err,
    const ik_job_ctx *ctx, ik_job_result *res)
{
	jobs_unreadable(ctx, res, in, "file", err);
	ik_job_result_note(res, r == IK_FAILED ? IK_OUTCOME_FAIL :
	    IK_OUTCOME_ERROR);
}

/*
 * One file or member: every trust list it holds (a text file may hold
 * several dumps), shown in turn; *shown counts them for the blank line
 * between two.
 */
static void
show_input(ik_input *in, bool verify, const ik_lint_opts *lint,
    const ik_job_ctx *ctx, ik_job_result *res, size_t *shown)
{
	ik_itl **v = NULL;
	size_t n = 0, i;
	ik_error err;
	ik_status r;

	ik_error_clear(&err);
	r = ik_trustlist_load_all(in->buf, in->len, &v, &n, &err);
	free(in->buf);
	in->buf = NULL;
	if (n == 0) {
		unreadable(in, r, &err, ctx, res);
		free(v);
		return;
	}
	if (r == IK_FAILED)
		ik_job_result_error(res, in->name, &err);
	for (i = 0; i < n; i++) {
		if (ctx->want_text && !ctx->want_csv && !ctx->brief &&
		    (*shown)++ > 0)
			ik_sb_puts(&res->text, "\n");
		ik_job_result_note(res, show_model(v[i], in, verify, lint,
		    ctx, res));
		ik_itl_free(v[i]);
	}
	free(v);
}

static void
show_run(const json_t *args, const ik_job_ctx *ctx, ik_job_result *res)
{
	const char *path = ik_arg_str(args, "input", NULL);
	bool verify = ik_arg_bool(args, "verify", true);
	ik_input_opts io = { IK_IN_BIT(IK_IN_TRUSTLIST), IK_ITL_MAX_INPUT,
	    0, 0, 0, 0 };
	ik_input_iter *it;
	ik_lint_opts lint;
	ik_input in;
	ik_error err;
	ik_status r;
	size_t shown = 0;

	/* A CSV starts with its header, whatever the inputs hold. */
	if (ctx->want_csv && !ctx->want_json)
		ik_itl_csv_header(&res->text);
	lint.warn_days = (int)ik_arg_int(args, "warn_days", 180);
	lint.at = ik_arg_time(args, "at", time(NULL));
	ik_error_clear(&err);
	if (ik_input_open(path, &io, &it, &err) != IK_OK) {
		res->err = err;
		res->outcome = IK_OUTCOME_ERROR;
		return;
	}
	/* A file, or each trust list inside an archive. */
	while (ik_input_next(it, &in, &r, &err)) {
		if (r != IK_OK)
			unreadable(&in, r, &err, ctx, res);
		else
			show_input(&in, verify, &lint, ctx, res, &shown);
		ik_input_free(&in);
	}
	ik_input_iter_report(it, &res->errors);
	ik_input_iter_free(it);
}

static const ik_result_field show_results[] = {
	JOBS_RES_INPUT("file"),
	JOBS_RES_STR("member", "the member of an archive input, when one"),
	JOBS_RES_STR("at", "the time validity is judged as of"),
	JOBS_RES_STR("format", "tlv or text (a show itl dump)"),
	JOBS_RES_STR("kind", "ITL, CTL or unknown"),
	JOBS_RES_INT("length", "bytes of the trust list"),
	JOBS_RES_STR("md5", "MD5 of the trust list (a dump: as printed)"),
	JOBS_RES_STR("sha1", "SHA-1 of the trust list (what phones report)"),
	JOBS_RES_STR("version", "the header's version"),
	JOBS_RES_INT("header_length", "bytes of the header"),
	JOBS_RES_OBJECT("signer", "who signed the list"),
	JOBS_RES_STR("signer.name", "the signer's subject"),
	JOBS_RES_STR("signer.serial", "the signer's serial (61:40:52:E9)"),
	JOBS_RES_STR("signer.ca_name", "the signer's issuer"),
	JOBS_RES_INT("signer.record", "the record of the signer (1-based)"),
	JOBS_RES_STR("digest", "SHA1, SHA256 or SHA512"),
	JOBS_RES_INT("signature_bytes", "bytes of the signature"),
	JOBS_RES_STR("filename", "the header's FILENAME"),
	JOBS_RES_STR("timestamp", "the header's TIMESTAMP (RFC 3339)"),
	JOBS_RES_INT("dump", "a dump: its place in its file (1-based)"),
	JOBS_RES_STR("modified", "a dump: the \"last modified\" date printed"),
	JOBS_RES_BOOL("verified_by_cucm", "a dump: CUCM said it verified"),
	JOBS_RES_ARRAY("records", "the records, in order"),
	JOBS_RES_INT("records[].index", "1-based"),
	JOBS_RES_STR("records[].function", "sast, ccm, tftp, ccm+tftp, capf, tvs, app-server"),
	JOBS_RES_INT("records[].function_code", "the FUNCTION value"),
	JOBS_RES_STR("records[].dns_name", "DNSNAME"),
	JOBS_RES_STR("records[].subject", "SUBJECTNAME"),
	JOBS_RES_STR("records[].issuer", "ISSUERNAME"),
	JOBS_RES_STR("records[].serial", "SERIALNUMBER"),
	JOBS_RES_STR("records[].ip_address", "IPADDRESS"),
	JOBS_RES_STR("records[].cert_sha1", "SHA-1 of the record's certificate"),
	JOBS_RES_BOOL("records[].cert_hash_only", "a CERTHASH record"),
	JOBS_RES_STR("records[].not_before", "the certificate's start"),
	JOBS_RES_STR("records[].not_after", "the certificate's end"),
	JOBS_RES_STR("records[].key_type", "RSA, EC"),
	JOBS_RES_INT("records[].key_bits", "the key's size"),
	JOBS_RES_BOOL("records[].is_signer", "this record signed the list"),
	JOBS_RES_BOOL("records[].is_itl_recovery", "the ITLRECOVERY record"),
	JOBS_RES_STR("records_sha1", "SHA-1 of the records' identities (function, serial, certificate SHA-1, subject, issuer): equal for a list and its dump, and across a re-sign"),
	JOBS_RES_STR("signature", "valid, invalid, no-signer, unsupported, not-checked"),
	JOBS_RES_STR("items[].file", "each list's input"),
	JOBS_RES_STR("items[].kind", "each list's kind"),
	JOBS_RES_STR("items[].sha1", "each list's SHA-1"),
	JOBS_RES_OBJECT("items[].signer", "each list's signer"),
	JOBS_RES_STR("items[].signer.name", "each list's signer"),
	JOBS_RES_STR("items[].signer.serial", "each list's signer serial"),
	JOBS_RES_ARRAY("items[].records", "each list's records"),
	JOBS_RES_STR("items[].records_sha1", "each list's records digest"),
	JOBS_RES_STR("items[].signature", "each list's signature"),
	JOBS_RES_STATUS,
	JOBS_RES_END
};

ik_status
ik_job_show_paste(const uint8_t *text, size_t len, const char *tool,
    const char *name, json_t **out, ik_error *err)
{
	ik_itl_render_opts ro;
	ik_lint_opts lint;
	uint8_t sha[32];
	ik_itl *itl = NULL;
	ik_status st;
	json_t *o;
	bool rec = false;

	if (!ik_trustlist_is_text(text, len))
		return ik_error_set(err, IK_FAILED, IK_ERR_FORMAT,
		    "the paste is not the text of show itl");
	st = ik_dump_parse(text, len, &itl, err);
	if (st == IK_FATAL && err->category == IK_ERR_MEMORY) {
		ik_itl_free(itl);
		return st;
	}
	/* Nothing of a dump in it: not a cut paste, another command's. */
	if (itl == NULL || (st != IK_OK && itl->nrec == 0 &&
	    !itl->has_sha1 && !itl->has_md5 && itl->hdr.signer_name == NULL)) {
		ik_itl_free(itl);
		return ik_error_set(err, IK_FAILED, IK_ERR_FORMAT,
		    "the paste is not the output of show itl: %s", err->msg);
	}
	ik_itl_verify(itl);
	/* A dump carries no validity dates: the time judges nothing. */
	lint.at = 0;
	lint.warn_days = 0;
	ik_itl_lint(itl, &lint);
	ik_digest_buf(IK_SHA256, text, len, sha);
	memset(&ro, 0, sizeof(ro));
	ro.tool = tool;
	ro.path = name;
	ro.input_sha256 = sha;
	ro.input_size = (long long)len;
	o = ik_itl_json(itl, &ro);
	if (itl->signer_index > 0 && itl->signer_index <= itl->nrec)
		rec = itl->recs[itl->signer_index - 1].is_itl_recovery;
	if (o == NULL ||
	    json_object_del(o, "at") != 0 ||
	    json_object_set_new(o, "complete", json_boolean(!itl->incomplete &&
	    !itl->malformed)) != 0 ||
	    json_object_set_new(o, "signed_by_itl_recovery",
	    json_boolean(rec)) != 0 ||
	    json_object_set_new(o, "record_count",
	    json_integer((json_int_t)itl->nrec)) != 0) {
		json_decref(o);
		ik_itl_free(itl);
		return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
		    "out of memory");
	}
	ik_itl_free(itl);
	*out = o;
	return IK_OK;
}

const ik_job ik_job_itl_show = {
	"itl.show",
	"inspect and verify one ITL/CTL file or `show itl` dump file, or those inside an archive",
	show_args,
	show_run,
	show_results
};
