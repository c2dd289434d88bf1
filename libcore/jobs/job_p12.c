/*
 * job_p12.c: layer jobs.  p12.check: PKCS#12 files (ITLRecovery.p12)
 * opened with the caller's password candidates, judged as ITL recovery
 * keys as of a time and against trust lists; on request the certificate
 * and the key written out.  The passwords come in the context, never in
 * the arguments; the key goes to its file only, never into the result.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ik_p12.h"
#include "ik_p12_render.h"
#include "jobs_private.h"

static const ik_arg_spec check_args[] = {
	{ "inputs", IK_ARG_STRINGS, true, 0, 0,
	    "the PKCS#12 files, or archives of them (tar, zip, gzip), - for standard input" },
	{ "itl", IK_ARG_STRINGS, false, 0, 0,
	    "binary ITL/CTL files (or archives of them) whose ITLRECOVERY record must be the certificate" },
	{ "warn_days", IK_ARG_INT, false, 0, 36500,
	    "warn of a certificate expiring within this many days (default 180)" },
	{ "at", IK_ARG_TIME, false, 0, 0,
	    "judge validity as of this time (default now)" },
	{ "extract_cert", IK_ARG_STRING, false, 0, 0,
	    "write the certificate here in PEM, mode 0644 (one input only)" },
	{ "extract_key", IK_ARG_STRING, false, 0, 0,
	    "write the key here in unencrypted PKCS#8 PEM, mode 0600 (one input only)" },
	{ "force", IK_ARG_BOOL, false, 0, 0,
	    "replace an existing extraction output" },
	{ "password_file", IK_ARG_SECRET_FILE, false, 0, 0,
	    "file of password candidates, one per line (read by the caller)" },
	{ NULL, IK_ARG_STRING, false, 0, 0, NULL }
};

struct itl_in {
	const char *path;
	char *label;		/* path when it names an archive member */
	ik_itl *itl;
};

struct run {
	const ik_job_ctx *ctx;
	ik_job_result *res;
	ik_p12_check_opts check;
	struct itl_in *itls;
	size_t nitl;
	const char *cert_out, *key_out;
	bool force;
	const char *path;	/* the input being opened */
	char *first_name;	/* the archive member extraction works from */
};

/* A message about path that is not a library error. */
static void
say(ik_job_result *res, const char *path, const char *fmt, ...)
{
	ik_error e;
	va_list ap;

	ik_error_clear(&e);
	va_start(ap, fmt);
	vsnprintf(e.msg, sizeof(e.msg), fmt, ap);
	va_end(ap);
	ik_job_result_error(res, path, &e);
}

/* One trust list to compare against, from a file or an archive member. */
static bool
add_itl(struct run *rn, ik_input *in)
{
	struct itl_in *t, *nv;
	ik_error err;

	nv = realloc(rn->itls, (rn->nitl + 1) * sizeof(*nv));
	if (nv == NULL) {
		ik_error_set(&rn->res->err, IK_FATAL, IK_ERR_MEMORY,
		    "out of memory");
		return false;
	}
	rn->itls = nv;
	t = &rn->itls[rn->nitl++];
	/* A member's name ("bundle.tgz:nodes/pub/ITLFile.tlv") is kept. */
	t->label = in->label;
	in->label = NULL;
	t->path = t->label != NULL ? t->label : in->path;
	t->itl = NULL;
	ik_error_clear(&err);
	ik_trustlist_load(in->buf, in->len, &t->itl, &err);
	if (t->itl == NULL || t->itl->malformed) {
		say(rn->res, t->path, "not a readable trust list (%s)",
		    t->itl != NULL ? ik_itl_malformed_message(t->itl) :
		    err.msg);
		return false;
	}
	return true;
}

/*
 * The trust lists to compare against, read once for every input: each
 * file, or every trust list inside an archive.  One that cannot be used
 * stops the job before any input is opened.
 */
static bool
load_itls(struct run *rn, const json_t *args)
{
	ik_input_opts io = { IK_IN_BIT(IK_IN_TRUSTLIST), IK_ITL_MAX_INPUT,
	    0, 0, 0, 0 };
	ik_input_iter *it;
	ik_input in;
	ik_error err;
	ik_status st;
	size_t i, n = ik_arg_count(args, "itl");
	bool ok = true;

	for (i = 0; ok && i < n; i++) {
		ik_error_clear(&err);
		if (ik_input_open(ik_arg_item(args, "itl", i), &io, &it,
		    &err) != IK_OK) {
			rn->res->err = err;
			return false;
		}
		while (ok && ik_input_next(it, &in, &st, &err)) {
			if (st != IK_OK) {
				ik_job_result_error(rn->res, in.name, &err);
				ok = false;
			} else
				ok = add_itl(rn, &in);
			ik_input_free(&in);
		}
		ik_input_iter_free(it);
	}
	return ok;
}

/* Said before the work starts, so that a long wait is understood. */
static void
on_slow(void *arg, const char *why)
{
	struct run *rn = arg;

	say(rn->res, rn->path, "%s", why);
	ik_job_result_emit(rn->res, rn->ctx);
}

/* Writes the key (0600) or the certificate (0644) in PEM, atomically. */
static ik_outcome
extract(struct run *rn, const ik_p12 *p, bool key)
{
	const char *out = key ? rn->key_out : rn->cert_out;
	const uint8_t *pem;
	void *h = NULL;
	size_t len;
	ik_error err;
	ik_status r;

	ik_error_clear(&err);
	r = key ? ik_p12_key_pem(p, &h, &pem, &len, &err) :
	    ik_p12_cert_pem(p, &h, &pem, &len, &err);
	if (r == IK_OK)
		r = ik_write_file_atomic(out, pem, len, key ? 0600 : 0644,
		    rn->force, &err);
	ik_p12_pem_free(h);
	if (r != IK_OK) {
		ik_job_result_error(rn->res, out, &err);
		return IK_OUTCOME_ERROR;
	}
	return IK_OUTCOME_OK;
}

static ik_outcome
nothing(struct run *rn, const char *what)
{
	say(rn->res, rn->path, "no usable %s to extract; nothing written",
	    what);
	return IK_OUTCOME_FAIL;
}

static ik_outcome
verdict(const ik_p12 *p, ik_status r, bool have_secrets)
{
	if (p->malformed)
		return IK_OUTCOME_FAIL;
	if (r == IK_FATAL || !have_secrets)
		return IK_OUTCOME_ERROR;
	if (ik_findings_worst(&p->findings) == IK_SEV_ERROR)
		return IK_OUTCOME_FAIL;
	return IK_OUTCOME_OK;
}

static void
report(struct run *rn, const ik_p12 *p, const ik_input *in)
{
	ik_p12_render_opts ro;
	ik_text_opts to = jobs_text_opts(rn->ctx);

	ro.text = &to;
	ro.tool = rn->ctx->tool != NULL ? rn->ctx->tool : "p12-check";
	ro.path = in->path;
	ro.input_sha256 = in->sha256;
	ro.input_size = (long long)in->len;
	if (rn->ctx->want_json)
		ik_job_result_line(rn->res, ik_input_json_member(ik_p12_json(p,
		    &ro), "file", in));
	/* Text names a member "bundle.zip:path/inside". */
	ro.path = in->name;
	if (rn->ctx->want_text)
		ik_p12_text(&rn->res->text, p, &ro);
}

/*
 * Opens and judges one file or member.  *p is what extraction would work
 * from (NULL when nothing could be opened).
 */
static ik_outcome
check_one(struct run *rn, ik_input *in, ik_p12 **pp)
{
	ik_job_result *res = rn->res;
	char opt[64];
	ik_kdf_budget kb;
	ik_outcome o;
	ik_error err;
	ik_p12 *p;
	ik_status r;
	size_t i;

	/* No total budget for files named one by one: a warning only. */
	ik_kdf_budget_init(&kb, LLONG_MAX);
	kb.slow = on_slow;
	kb.slow_arg = rn;
	rn->path = in->name;
	ik_error_clear(&err);
	r = ik_p12_open_budget(in->buf, in->len, rn->ctx->secrets, &kb, &p,
	    &err);
	/* The bytes go; the digest and the size stay for the report. */
	free(in->buf);
	in->buf = NULL;
	*pp = p;
	if (p == NULL) {
		jobs_unreadable(rn->ctx, res, in, "file", &err);
		return IK_OUTCOME_ERROR;
	}
	if (r == IK_FATAL)
		ik_job_result_error(res, in->name, &err);
	ik_p12_check(p, &rn->check);
	for (i = 0; i < rn->nitl; i++)
		if (ik_p12_match_itl(p, rn->itls[i].path, rn->itls[i].itl,
		    &err) != IK_OK)
			ik_job_result_error(res, in->name, &err);
	report(rn, p, in);
	o = verdict(p, r, rn->ctx->secrets != NULL);
	if (p->malformed && in->kind == IK_IN_TRUSTLIST) {
		opt[0] = '\0';
		if (rn->ctx->option != NULL)
			rn->ctx->option("itl", opt, sizeof(opt));
		say(res, in->name, "this is a trust list%s%s%s",
		    opt[0] != '\0' ? ": did you mean " : "", opt,
		    opt[0] != '\0' ? "?" : "");
	}
	return o;
}

/* The certificate and the key, as asked, from the one p12 opened. */
static ik_outcome
extract_all(struct run *rn, const ik_p12 *p)
{
	ik_outcome o = IK_OUTCOME_OK;

	if (rn->cert_out != NULL)
		o = ik_outcome_worse(o, p->cert != NULL &&
		    p->password == IK_P12_PW_MATCHED ? extract(rn, p, false) :
		    nothing(rn, "certificate"));
	/* Only a key proven to be the certificate's is worth writing out. */
	if (rn->key_out != NULL)
		o = ik_outcome_worse(o, p->key != NULL && p->key_matches_cert &&
		    !p->damaged ? extract(rn, p, true) : nothing(rn, "key"));
	return o;
}

/*
 * One input as given: a p12, or each p12 inside an archive.  Extraction
 * works from a single p12: an archive holding several writes nothing.
 */
static ik_outcome
check_path(struct run *rn, const char *path)
{
	ik_input_opts io = { IK_IN_BIT(IK_IN_P12), IK_P12_MAX_INPUT,
	    0, 0, 0, 0 };
	ik_job_result *res = rn->res;
	ik_outcome o = IK_OUTCOME_OK;
	ik_p12 *p, *first = NULL;
	ik_input_iter *it;
	ik_input in;
	ik_error err;
	ik_status r;
	size_t opened = 0;

	ik_error_clear(&err);
	if (ik_input_open(path, &io, &it, &err) != IK_OK) {
		ik_job_result_error(res, path, &err);
		return IK_OUTCOME_ERROR;
	}
	while (ik_input_next(it, &in, &r, &err)) {
		if (r != IK_OK) {
			jobs_unreadable(rn->ctx, res, &in, "file", &err);
			o = ik_outcome_worse(o, r == IK_FAILED ?
			    IK_OUTCOME_FAIL : IK_OUTCOME_ERROR);
		} else {
			if (rn->ctx->want_text && !rn->ctx->brief &&
			    opened > 0)
				ik_sb_puts(&res->text, "\n");
			o = ik_outcome_worse(o, check_one(rn, &in, &p));
			if (p != NULL && opened++ == 0) {
				first = p;
				rn->first_name = in.label;
				in.label = NULL;
			} else
				ik_p12_free(p);
		}
		ik_input_free(&in);
	}
	ik_input_iter_report(it, &res->errors);
	ik_input_iter_free(it);
	rn->path = rn->first_name != NULL ? rn->first_name : path;
	if (first != NULL && (rn->cert_out != NULL || rn->key_out != NULL)) {
		if (opened == 1)
			o = ik_outcome_worse(o, extract_all(rn, first));
		else {
			say(res, path, "%zu PKCS#12 files inside: the certificate "
			    "and the key are extracted from a single one; nothing "
			    "written", opened);
			o = IK_OUTCOME_ERROR;
		}
	}
	ik_p12_free(first);
	free(rn->first_name);
	rn->first_name = NULL;
	return o;
}

static void
check_run(const json_t *args, const ik_job_ctx *ctx, ik_job_result *res)
{
	struct run rn;
	size_t i, n = ik_arg_count(args, "inputs");

	memset(&rn, 0, sizeof(rn));
	rn.ctx = ctx;
	rn.res = res;
	rn.cert_out = ik_arg_str(args, "extract_cert", NULL);
	rn.key_out = ik_arg_str(args, "extract_key", NULL);
	rn.force = ik_arg_bool(args, "force", false);
	rn.check.at = ik_arg_time(args, "at", time(NULL));
	rn.check.warn_days = (int)ik_arg_int(args, "warn_days", 180);
	if ((rn.cert_out != NULL || rn.key_out != NULL) && n > 1) {
		ik_error_set(&res->err, IK_FATAL, IK_ERR_USAGE,
		    "the certificate and the key are extracted from a single "
		    "input, not from %zu", n);
		res->outcome = IK_OUTCOME_ERROR;
		return;
	}
	if (load_itls(&rn, args)) {
		for (i = 0; i < n; i++) {
			if (ctx->want_text && !ctx->brief && i > 0)
				ik_sb_puts(&res->text, "\n");
			ik_job_result_note(res, check_path(&rn,
			    ik_arg_item(args, "inputs", i)));
			ik_job_result_emit(res, ctx);
		}
	} else
		ik_job_result_note(res, IK_OUTCOME_ERROR);
	for (i = 0; i < rn.nitl; i++) {
		ik_itl_free(rn.itls[i].itl);
		free(rn.itls[i].label);
	}
	free(rn.itls);
}

static const ik_result_field check_results[] = {
	JOBS_RES_INPUT("file"),
	JOBS_RES_STR("member", "the member of an archive input, when one"),
	JOBS_RES_STR("at", "the time validity is judged as of"),
	JOBS_RES_STR("password", "matched, wrong or not-given"),
	JOBS_RES_INT("candidate", "the line of the password that matched"),
	JOBS_RES_OBJECT("mac", "the integrity MAC"),
	JOBS_RES_STR("mac.algorithm", "its digest"),
	JOBS_RES_INT("mac.iterations", "its iterations"),
	JOBS_RES_BOOL("mac.verified", "it verified"),
	JOBS_RES_ARRAY("bags", "{type, algorithm, iterations} of each bag"),
	JOBS_RES_OBJECT("certificate", "the certificate"),
	JOBS_RES_STR("certificate.subject", "its subject"),
	JOBS_RES_STR("certificate.issuer", "its issuer"),
	JOBS_RES_STR("certificate.serial", "its serial (61:40:52:E9)"),
	JOBS_RES_STR("certificate.sha1", "its SHA-1 (an ITL record's cert_sha1)"),
	JOBS_RES_STR("certificate.not_before", "its start"),
	JOBS_RES_STR("certificate.not_after", "its end"),
	JOBS_RES_INT("certificate.days_left", "days to its end"),
	JOBS_RES_STR("certificate.key_type", "RSA, EC"),
	JOBS_RES_INT("certificate.key_bits", "its key's size"),
	JOBS_RES_BOOL("certificate.self_signed", "self-signed"),
	JOBS_RES_BOOL("certificate.self_signature_valid", "its signature verifies"),
	JOBS_RES_BOOL("key_matches_certificate", "the key is the certificate's"),
	JOBS_RES_STR("itl_recovery_host", "the host of CN=ITLRECOVERY_<host>"),
	JOBS_RES_ARRAY("itl_matches", "each ITL given"),
	JOBS_RES_STR("itl_matches[].itl", "the ITL"),
	JOBS_RES_INT("itl_matches[].record", "its ITLRECOVERY record"),
	JOBS_RES_BOOL("itl_matches[].compared", "it could be compared"),
	JOBS_RES_BOOL("itl_matches[].matches", "that record is this certificate"),
	JOBS_RES_STR("items[].file", "each PKCS#12 file"),
	JOBS_RES_STR("items[].password", "each one's password verdict"),
	JOBS_RES_OBJECT("items[].certificate", "each one's certificate"),
	JOBS_RES_STATUS,
	JOBS_RES_END
};

const ik_job ik_job_p12_check = {
	"p12.check",
	"open and judge ITLRecovery.p12 files; extract the certificate and key",
	check_args,
	check_run,
	check_results
};
