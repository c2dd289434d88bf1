/*
 * job_sign.c: layer jobs.  itl.resign (the offline `utils itl reset`:
 * trust lists re-signed with the ITLRecovery key of a PKCS#12 file or with
 * a key and certificate) and itl.build (a new trust list in CUCM layout).
 * The job opens the signer (libcore/p12), plans every output before
 * anything is signed, runs the operation of libcore/itl (policy, signing,
 * verification of its own output), writes only what verified, and
 * reports each output as itl-sign does.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/err.h>

#include "ik_p12.h"
#include "ik_sgn.h"
#include "ik_x509.h"
#include "ik_sign.h"
#include "ik_sign_render.h"
#include "jobs_private.h"

/* Certificates and unencrypted keys are small; anything larger is not one. */
#define PEM_MAX		(1u << 20)

static const ik_arg_spec resign_args[] = {
	{ "inputs", IK_ARG_STRINGS, true, 0, 0,
	    "the trust lists to re-sign, - for standard input" },
	{ "out", IK_ARG_STRING, false, 0, 0,
	    "the output file (one input); - for standard output, where the caller takes it" },
	{ "out_dir", IK_ARG_STRING, false, 0, 0,
	    "the folder of the outputs, each at its input's relative path" },
	{ "p12", IK_ARG_STRING, false, 0, 0,
	    "PKCS#12 file with the signing key (its password: the job's secrets)" },
	{ "key", IK_ARG_STRING, false, 0, 0,
	    "the signing key, unencrypted PEM or DER (with cert)" },
	{ "cert", IK_ARG_STRING, false, 0, 0,
	    "the signing certificate, PEM or DER (with key)" },
	{ "digest", IK_ARG_STRING, false, 0, 0,
	    "sha1, sha256 or sha512 (default: the input's)" },
	{ "timestamp", IK_ARG_INT, false, 0, 0xffffffffLL,
	    "the TIMESTAMP value in Unix seconds (default now)" },
	{ "force", IK_ARG_BOOL, false, 0, 0,
	    "replace existing outputs; sign although the signer is not a SAST record of the input" },
	{ "resign_invalid", IK_ARG_BOOL, false, 0, 0,
	    "re-sign an input whose own signature does not verify" },
	{ "password_file", IK_ARG_SECRET_FILE, false, 0, 0,
	    "file holding the PKCS#12 password, first line (read by the caller)" },
	{ "signer_version", IK_ARG_STRING, false, 0, 0,
	    "header tag 28, e.g. 1.1 (phones provision over HTTPS, port 6971); default: the input's" },
	{ "at", IK_ARG_TIME, false, 0, 0,
	    "judge the signer's validity as of this time (default now)" },
	{ NULL, IK_ARG_STRING, false, 0, 0, NULL }
};

static const ik_arg_spec build_args[] = {
	{ "records", IK_ARG_STRINGS, true, 0, 0,
	    "the records in order: ROLE:CERT.pem, or hash-only:ROLE:CERT.pem for its SHA-1 only" },
	{ "signer_key", IK_ARG_STRING, true, 0, 0,
	    "the signing key, unencrypted PEM or DER" },
	{ "signer_cert", IK_ARG_STRING, true, 0, 0,
	    "the signing certificate, PEM or DER" },
	{ "out", IK_ARG_STRING, true, 0, 0,
	    "the output file; - for standard output, where the caller takes it" },
	{ "filename", IK_ARG_STRING, false, 0, 0,
	    "the FILENAME value (default ITLFile.tlv)" },
	{ "digest", IK_ARG_STRING, false, 0, 0,
	    "sha1, sha256 or sha512 (default sha1)" },
	{ "timestamp", IK_ARG_INT, false, 0, 0xffffffffLL,
	    "the TIMESTAMP value in Unix seconds (default now)" },
	{ "force", IK_ARG_BOOL, false, 0, 0,
	    "replace an existing output; write although the signer is not one of the SAST records" },
	{ "signer_version", IK_ARG_STRING, false, 0, 0,
	    "header tag 28, e.g. 1.1 (phones provision over HTTPS, port 6971); default: none" },
	{ "at", IK_ARG_TIME, false, 0, 0,
	    "judge the signer's validity as of this time (default now)" },
	{ NULL, IK_ARG_STRING, false, 0, 0, NULL }
};

static const ik_arg_spec sign_file_args[] = {
	{ "input", IK_ARG_STRING, true, 0, 0,
	    "the file to sign for phones (a .cnf.xml, a firmware or ringer file)" },
	{ "out", IK_ARG_STRING, true, 0, 0,
	    "the signed file (.sgn); - for standard output, where the caller takes it" },
	{ "p12", IK_ARG_STRING, false, 0, 0,
	    "PKCS#12 file with the TFTP key (its password: the job's secrets)" },
	{ "key", IK_ARG_STRING, false, 0, 0,
	    "the TFTP signing key, unencrypted PEM or DER (with cert)" },
	{ "cert", IK_ARG_STRING, false, 0, 0,
	    "the TFTP certificate, PEM or DER (with key)" },
	{ "filename", IK_ARG_STRING, false, 0, 0,
	    "the FILENAME value (default: the input's name)" },
	{ "digest", IK_ARG_STRING, false, 0, 0,
	    "sha1, sha256 or sha512 (default sha1)" },
	{ "timestamp", IK_ARG_INT, false, 0, 0xffffffffLL,
	    "the TIMESTAMP value in Unix seconds (default now)" },
	{ "force", IK_ARG_BOOL, false, 0, 0, "replace an existing output" },
	{ NULL, IK_ARG_STRING, false, 0, 0, NULL }
};

/* What one run signs with, and where each output goes. */
struct run {
	ik_sign_opts so;
	ik_sign_policy pol;
	bool replace;
	time_t at;			/* the signer's validity is judged then */
	const char **inputs;
	char **outputs;			/* one per input (build: one) */
	size_t n;
};

/* A message for standard error, printable; the job cannot go on. */
static void
job_error(ik_job_result *res, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ik_job_result_vwarn(res, fmt, ap);
	va_end(ap);
	ik_job_result_note(res, IK_OUTCOME_ERROR);
}

/* An unusable combination of arguments. */
static void
job_usage(ik_job_result *res, const char *job, const char *msg)
{
	ik_error_set(&res->err, IK_FATAL, IK_ERR_USAGE, "%s: %s", job, msg);
	ik_job_result_note(res, IK_OUTCOME_ERROR);
}

static uint8_t *
read_or_fail(const char *path, size_t max, size_t *len, ik_job_result *res)
{
	uint8_t *buf = NULL;
	ik_error err;

	ik_error_clear(&err);
	if (ik_read_file(path, max, &buf, len, &err) != IK_OK) {
		ik_job_result_error(res, path, &err);
		ik_job_result_note(res, IK_OUTCOME_ERROR);
		return NULL;
	}
	return buf;
}

static X509 *
cert_or_fail(const char *path, ik_job_result *res)
{
	uint8_t *buf;
	size_t len;
	X509 *x = NULL;
	ik_error err;

	buf = read_or_fail(path, PEM_MAX, &len, res);
	if (buf == NULL)
		return NULL;
	ik_error_clear(&err);
	if (ik_pem_read_cert(buf, len, &x, &err) != IK_OK) {
		ik_job_result_error(res, path, &err);
		ik_job_result_note(res, IK_OUTCOME_ERROR);
		x = NULL;
	}
	free(buf);
	return x;
}

/* The key and certificate of a PKCS#12 file, opened with ctx's secrets. */
static int
signer_from_p12(const char *path, const ik_job_ctx *ctx, ik_sign_opts *so,
    ik_job_result *res)
{
	uint8_t *buf;
	size_t len, i;
	ik_p12 *p = NULL;
	ik_error err;
	ik_status r;

	buf = read_or_fail(path, IK_P12_MAX_INPUT, &len, res);
	if (buf == NULL)
		return -1;
	ik_error_clear(&err);
	r = ik_p12_open(buf, len, ctx->secrets, &p, &err);
	free(buf);
	if (p == NULL || r == IK_FATAL) {
		ik_job_result_error(res, path, &err);
		ik_job_result_note(res, IK_OUTCOME_ERROR);
		ik_p12_free(p);
		return -1;
	}
	if (p->password != IK_P12_PW_MATCHED || p->damaged || p->key == NULL ||
	    !p->key_matches_cert) {
		for (i = 0; i < p->findings.n; i++)
			if (p->findings.v[i].severity == IK_SEV_ERROR)
				ik_job_result_warn(res, "%s: %s: %s", path,
				    p->findings.v[i].code,
				    p->findings.v[i].message);
		/* A wrong password or a damaged file is a result about the
		 * evidence (exit 1), as p12-check says of it; no password at
		 * all, a job that could not be done (2). */
		ik_job_result_note(res, p->password == IK_P12_PW_NOT_GIVEN ?
		    IK_OUTCOME_ERROR : IK_OUTCOME_FAIL);
		ik_p12_free(p);
		ik_job_result_warn(res, "%s: no usable signing key", path);
		return -1;
	}
	so->key = p->key;
	so->cert = p->cert;
	p->key = NULL;
	p->cert = NULL;
	ik_p12_free(p);
	return 0;
}

static int
signer_from_pem(const char *keypath, const char *certpath, ik_sign_opts *so,
    ik_job_result *res)
{
	uint8_t *buf;
	size_t len;
	ik_error err;
	ik_status r;

	buf = read_or_fail(keypath, PEM_MAX, &len, res);
	if (buf == NULL)
		return -1;
	ik_error_clear(&err);
	r = ik_pem_read_key(buf, len, &so->key, &err);
	ik_wipe(buf, len);
	free(buf);
	if (r != IK_OK) {
		ik_job_result_error(res, keypath, &err);
		ik_job_result_note(res, IK_OUTCOME_ERROR);
		return -1;
	}
	so->cert = cert_or_fail(certpath, res);
	return so->cert == NULL ? -1 : 0;
}

/* Opens the signer (a p12, or a key and a certificate) and checks the pair. */
static int
signer_load(const char *p12, const char *key, const char *cert,
    const ik_job_ctx *ctx, ik_sign_opts *so, ik_job_result *res)
{
	uint8_t sha[20];

	if ((p12 != NULL ? signer_from_p12(p12, ctx, so, res) :
	    signer_from_pem(key, cert, so, res)) != 0)
		return -1;
	if (X509_check_private_key(so->cert, so->key) != 1) {
		ERR_clear_error();
		job_error(res,
		    "the private key does not belong to the signing certificate");
		return -1;
	}
	if (!ik_itl_cert_sha1(so->cert, sha)) {
		job_error(res, "the signing certificate cannot be encoded");
		return -1;
	}
	return 0;
}

/*
 * Under out_dir an output keeps its input's relative path (pub/ITLFile.tlv
 * and sub/ITLFile.tlv stay apart, as on the TFTP nodes); an absolute path
 * or one that climbs with ".." keeps its base name only.  "." and empty
 * components are dropped so that two spellings of one file collide.
 */
static char *
out_path_for(const char *in, const char *dir)
{
	ik_sb sb;
	const char *p, *q, *base;
	bool keep = in[0] != '/';
	size_t n;

	for (p = in; keep && *p != '\0'; p = *q ? q + 1 : q) {
		q = strchrnul(p, '/');
		keep = !(q - p == 2 && p[0] == '.' && p[1] == '.');
	}
	base = strrchr(in, '/');
	base = keep || base == NULL ? in : base + 1;
	ik_sb_init(&sb);
	ik_sb_puts(&sb, dir);
	for (p = base; *p != '\0'; p = *q ? q + 1 : q) {
		q = strchrnul(p, '/');
		n = (size_t)(q - p);
		if (n == 0 || (n == 1 && p[0] == '.'))
			continue;
		ik_sb_add(&sb, "/", 1);
		ik_sb_add(&sb, p, n);
	}
	if (sb.oom) {
		ik_sb_free(&sb);
		return NULL;
	}
	return ik_sb_take(&sb);
}

/* The folders an output under out_dir needs (the folder itself must exist). */
static int
make_parents(const char *path, size_t skip)
{
	char *copy = strdup(path), *p;
	int rc = 0;

	if (copy == NULL)
		return -1;
	for (p = copy + skip + 1; rc == 0 && (p = strchr(p, '/')) != NULL;
	    p++) {
		*p = '\0';
		if (mkdir(copy, 0755) != 0 && errno != EEXIST)
			rc = -1;
		*p = '/';
	}
	free(copy);
	return rc;
}

/*
 * Every output name, decided before anything is signed: two inputs that
 * would land on one output, or an output that is one of the files the run
 * reads (opened yet or not), are refused before a single file is written.
 */
static int
plan_outputs(const json_t *args, const char *out, const char *dir,
    struct run *rn, ik_job_result *res)
{
	static const char *const named[] = { "p12", "key", "cert",
	    "signer_key", "signer_cert" };
	const char *s;
	size_t i, j;
	int fn;
	ik_sb why;

	for (i = 0; i < ik_arg_count(args, "inputs"); i++)
		ik_evidence_protect(ik_arg_item(args, "inputs", i));
	ik_sb_init(&why);
	for (i = 0; i < ik_arg_count(args, "records"); i++) {
		s = ik_arg_item(args, "records", i);
		if (strncmp(s, "hash-only:", 10) == 0)
			s += 10;
		if (ik_build_record_spec(s, &fn, &s, &why) == 0)
			ik_evidence_protect(s);
	}
	ik_sb_free(&why);
	for (i = 0; i < sizeof(named) / sizeof(named[0]); i++)
		if ((s = ik_arg_str(args, named[i], NULL)) != NULL)
			ik_evidence_protect(s);
	rn->outputs = calloc(rn->n, sizeof(*rn->outputs));
	if (rn->outputs == NULL) {
		job_error(res, "out of memory");
		return -1;
	}
	for (i = 0; i < rn->n; i++) {
		rn->outputs[i] = dir == NULL ? strdup(out) :
		    out_path_for(rn->inputs[i], dir);
		if (rn->outputs[i] == NULL) {
			job_error(res, "out of memory");
			return -1;
		}
		for (j = 0; j < i; j++)
			if (strcmp(rn->outputs[i], rn->outputs[j]) == 0) {
				job_error(res,
				    "%s and %s would both be written to %s; nothing was written",
				    rn->inputs[j], rn->inputs[i],
				    rn->outputs[i]);
				return -1;
			}
	}
	for (i = 0; i < rn->n; i++) {
		if (!jobs_out_is_stdout(rn->outputs[i]) &&
		    ik_is_evidence(AT_FDCWD, rn->outputs[i])) {
			job_error(res,
			    "%s is one of the inputs: evidence is never replaced; nothing was written",
			    rn->outputs[i]);
			return -1;
		}
		if (dir != NULL && make_parents(rn->outputs[i],
		    strlen(dir)) != 0) {
			job_error(res, "%s: cannot create its folder: %s",
			    rn->outputs[i], strerror(errno));
			return -1;
		}
	}
	return 0;
}

/*
 * Digest, timestamp and policy, alike in both jobs: the digest code (0:
 * the input's), or -1 after refusing the digest.
 */
static int
sign_opts(const json_t *args, const char *job, int def, struct run *rn,
    ik_job_result *res)
{
	const char *d = ik_arg_str(args, "digest", NULL);
	const char *sv = ik_arg_str(args, "signer_version", NULL);
	unsigned maj, min;
	int end = 0;

	if (sv != NULL) {
		if (sscanf(sv, "%3u.%3u%n", &maj, &min, &end) != 2 ||
		    sv[end] != '\0' || maj < 1 || maj > 255 || min > 255) {
			job_usage(res, job,
			    "argument \"signer_version\": expected MAJOR.MINOR such as 1.1");
			return -1;
		}
		rn->so.signer_version = (uint16_t)(maj << 8 | min);
	}
	rn->so.digest = d == NULL ? def : ik_itl_digest_code(d);
	rn->so.timestamp = (uint32_t)ik_arg_int(args, "timestamp",
	    (long long)time(NULL));
	rn->replace = ik_arg_bool(args, "force", false);
	rn->at = ik_arg_time(args, "at", time(NULL));
	rn->pol.foreign_signer = rn->replace;
	rn->pol.invalid_input = ik_arg_bool(args, "resign_invalid", false);
	if (rn->so.digest < 0)
		job_usage(res, job,
		    "argument \"digest\": expected sha1, sha256 or sha512");
	return rn->so.digest;
}

/*
 * An expired signer signs all the same: phones check the signature, not
 * the signer's dates.  A warning, as p12-check and itl-show give it.
 */
static void
signer_expiry(const struct run *rn, ik_sign_result *r)
{
	bool ok = true;
	time_t na;
	char when[32];

	/* Said of what was signed; a refusal says why it was not. */
	if (rn->so.cert == NULL || r->status != IK_OK)
		return;
	na = ik_asn1_time(X509_get0_notAfter(rn->so.cert), &ok);
	if (!ok || na >= rn->at)
		return;
	ik_time_format(na, when, sizeof(when));
	ik_findings_add(&r->findings, IK_SEV_WARNING, IKF_SIGN_SIGNER_EXPIRED,
	    NULL, "the signing certificate expired on %s: signed all the same "
	    "(phones do not check the signer's dates)", when);
}

/* The report of one output, as the context asks (JSON, text or both). */
static void
report(const ik_sign_result *r, const ik_sign_render_opts *ro,
    const ik_job_ctx *ctx, ik_job_result *res)
{
	if (ctx->want_json)
		ik_job_result_line(res, ik_sign_json(r, ro));
	if (ctx->want_text) {
		ik_text_opts to = jobs_text_opts(ctx);
		ik_sign_render_opts t = *ro;

		t.text = &to;
		ik_sign_text(&res->text, r, &t);
	}
}

/* The report of a run's one output (a build, a signed file). */
static void
report_one(const ik_sign_result *r, const char *input, const uint8_t *sha,
    long long size, const char *out, const ik_job_ctx *ctx,
    ik_job_result *res)
{
	ik_sign_render_opts ro;

	memset(&ro, 0, sizeof(ro));
	ro.tool = ctx->tool != NULL ? ctx->tool : "itl-sign";
	ro.input = input;
	ro.input_sha256 = sha;
	ro.input_size = size;
	ro.output = out;
	report(r, &ro, ctx, res);
}

/* What a run of one output holds: its output name and its signer. */
static void
run_free_one(struct run *rn)
{
	if (rn->outputs != NULL)
		free(rn->outputs[0]);
	free(rn->outputs);
	EVP_PKEY_free(rn->so.key);
	X509_free(rn->so.cert);
}

/*
 * Writes a verified output; the outcome of one output: written 0; refused
 * by the input, the policy or the output's own check 1; not doable or not
 * writable 2.
 */
static ik_outcome
write_out(ik_sign_result *r, const char *path, bool replace,
    const ik_job_ctx *ctx, ik_job_result *res)
{
	ik_error err;

	if (r->status != IK_OK)
		return r->status == IK_FATAL ? IK_OUTCOME_ERROR :
		    IK_OUTCOME_FAIL;
	ik_error_clear(&err);
	if (jobs_out_is_stdout(path)) {
		/* "-": the caller writes the bytes to standard output. */
		if (jobs_out_put(ctx, r->buf, r->len, &err) != IK_OK) {
			ik_job_result_error(res, path, &err);
			return IK_OUTCOME_ERROR;
		}
		ik_digest_buf(IK_SHA256, r->buf, r->len, r->sha256);
		r->written = true;
		return IK_OUTCOME_OK;
	}
	if (ik_sign_result_write(r, path, replace, &err) != IK_OK) {
		ik_job_result_error(res, path, &err);
		return IK_OUTCOME_ERROR;
	}
	return IK_OUTCOME_OK;
}

/*
 * The trust list to re-sign: the file, or the one trust list inside an
 * archive (an ITL sent zipped).  False when there is none to take (said,
 * and an unreadable object in JSON).
 */
static bool
resign_input(const char *path, ik_input *in, const ik_job_ctx *ctx,
    ik_job_result *res)
{
	ik_input_opts io = { IK_IN_BIT(IK_IN_TRUSTLIST), IK_ITL_MAX_INPUT,
	    0, 0, 0, 0 };
	ik_input_iter *it;
	ik_input x;
	ik_error err;
	ik_status st;
	size_t n = 0;
	bool ok = true;

	memset(in, 0, sizeof(*in));
	ik_error_clear(&err);
	if (ik_input_open(path, &io, &it, &err) != IK_OK) {
		ik_job_result_error(res, path, &err);
		return false;
	}
	while (ik_input_next(it, &x, &st, &err)) {
		if (st != IK_OK) {
			jobs_unreadable(ctx, res, &x, "file", &err);
			ok = false;
		} else if (n++ == 0) {
			*in = x;
			continue;
		}
		ik_input_free(&x);
	}
	ik_input_iter_report(it, &res->errors);
	ik_input_iter_free(it);
	if (ok && n > 1) {
		ik_job_result_warn(res,
		    "%s: holds %zu trust lists: an archive given to re-sign must hold one",
		    path, n);
		ok = false;
	}
	if (!ok)
		ik_input_free(in);
	return ok && n == 1;
}

/* One input; false when it could not be read (the run stops there). */
static bool
resign_one(struct run *rn, size_t i, const ik_job_ctx *ctx,
    ik_job_result *res)
{
	ik_sign_render_opts ro;
	ik_sign_result r;
	ik_input in;

	memset(&ro, 0, sizeof(ro));
	if (!resign_input(rn->inputs[i], &in, ctx, res)) {
		ik_job_result_note(res, IK_OUTCOME_ERROR);
		return false;
	}
	ro.tool = ctx->tool != NULL ? ctx->tool : "itl-sign";
	ro.input = in.path;
	ro.input_sha256 = in.sha256;
	ro.input_size = (long long)in.len;
	ik_sign_result_init(&r);
	ik_itl_resign_op(in.buf, in.len, &rn->so, &rn->pol, &r);
	signer_expiry(rn, &r);
	ik_job_result_note(res, write_out(&r, rn->outputs[i], rn->replace,
	    ctx, res));
	ro.output = rn->outputs[i];
	/* A member: "file" the archive and "member"; text "archive:member". */
	if (ctx->want_json)
		ik_job_result_line(res, ik_input_json_member(ik_sign_json(&r,
		    &ro), "file", &in));
	ro.input = in.name;
	if (ctx->want_text) {
		ik_text_opts to = jobs_text_opts(ctx);

		ro.text = &to;
		ik_sign_text(&res->text, &r, &ro);
	}
	ik_input_free(&in);
	ik_sign_result_free(&r);
	return true;
}

/* Why these arguments cannot make a re-sign run, or NULL. */
static const char *
resign_misuse(const char *out, const char *dir, size_t n, const char *p12,
    const char *key, const char *cert)
{
	if ((out == NULL) == (dir == NULL))
		return "give exactly one of \"out\" and \"out_dir\"";
	if (out != NULL && n > 1)
		return "\"out\" takes one input; \"out_dir\" takes many";
	if ((p12 != NULL) == (key != NULL || cert != NULL) ||
	    (p12 == NULL && (key == NULL || cert == NULL)))
		return "sign with \"p12\", or with both \"key\" and \"cert\"";
	return NULL;
}

static void
resign_run(const json_t *args, const ik_job_ctx *ctx, ik_job_result *res)
{
	const char *out = ik_arg_str(args, "out", NULL);
	const char *dir = ik_arg_str(args, "out_dir", NULL);
	const char *p12 = ik_arg_str(args, "p12", NULL);
	const char *key = ik_arg_str(args, "key", NULL);
	const char *cert = ik_arg_str(args, "cert", NULL);
	const char *why;
	struct run rn;
	size_t i;

	memset(&rn, 0, sizeof(rn));
	rn.n = ik_arg_count(args, "inputs");
	why = resign_misuse(out, dir, rn.n, p12, key, cert);
	if (why == NULL)
		why = jobs_out_misuse(out, ctx);
	if (why != NULL) {
		job_usage(res, "itl.resign", why);
		return;
	}
	if (sign_opts(args, "itl.resign", 0, &rn, res) < 0)
		return;
	rn.inputs = calloc(rn.n, sizeof(*rn.inputs));
	if (rn.inputs == NULL) {
		job_error(res, "out of memory");
		return;
	}
	for (i = 0; i < rn.n; i++)
		rn.inputs[i] = ik_arg_item(args, "inputs", i);
	if (plan_outputs(args, out, dir, &rn, res) == 0 &&
	    signer_load(p12, key, cert, ctx, &rn.so, res) == 0)
		for (i = 0; i < rn.n; i++)
			if (!resign_one(&rn, i, ctx, res))
				break;	/* as a tool that could not read its input */
	for (i = 0; rn.outputs != NULL && i < rn.n; i++)
		free(rn.outputs[i]);
	free(rn.outputs);
	free(rn.inputs);
	EVP_PKEY_free(rn.so.key);
	X509_free(rn.so.cert);
}

/*
 * The records in order, certificates read; NULL after reporting why.
 * Each is ROLE:CERT, or hash-only:ROLE:CERT for a record by its hash.
 */
static ik_build_record *
build_records(const json_t *args, size_t n, ik_job_result *res)
{
	ik_build_record *recs = calloc(n, sizeof(*recs));
	const char *s, *path;
	size_t i, ok;
	ik_sb why;

	if (recs == NULL) {
		job_error(res, "out of memory");
		return NULL;
	}
	ik_sb_init(&why);
	for (ok = 0; ok < n; ok++) {
		s = ik_arg_item(args, "records", ok);
		recs[ok].hash_only = strncmp(s, "hash-only:", 10) == 0;
		if (ik_build_record_spec(s + (recs[ok].hash_only ? 10 : 0),
		    &recs[ok].function, &path, &why) != 0) {
			job_usage(res, "itl.build", why.s != NULL ? why.s :
			    "out of memory");
			break;
		}
		recs[ok].cert = cert_or_fail(path, res);
		if (recs[ok].cert == NULL)
			break;
	}
	ik_sb_free(&why);
	if (ok == n)
		return recs;
	for (i = 0; i < ok; i++)
		X509_free(recs[i].cert);
	free(recs);
	return NULL;
}

static void
build_run(const json_t *args, const ik_job_ctx *ctx, ik_job_result *res)
{
	const char *out = ik_arg_str(args, "out", NULL);
	ik_build_record *recs = NULL;
	ik_sign_result r;
	struct run rn;
	size_t nrec = ik_arg_count(args, "records"), i;

	memset(&rn, 0, sizeof(rn));
	ik_sign_result_init(&r);
	if (jobs_out_misuse(out, ctx) != NULL) {
		job_usage(res, "itl.build", jobs_out_misuse(out, ctx));
		return;
	}
	if (sign_opts(args, "itl.build", IK_ITL_DIGEST_SHA1, &rn, res) < 0)
		return;
	rn.n = 1;
	if (plan_outputs(args, out, NULL, &rn, res) != 0 ||
	    signer_load(NULL, ik_arg_str(args, "signer_key", NULL),
	    ik_arg_str(args, "signer_cert", NULL), ctx, &rn.so, res) != 0 ||
	    (recs = build_records(args, nrec, res)) == NULL)
		goto done;
	ik_itl_build_op(&rn.so, ik_arg_str(args, "filename", NULL), recs, nrec,
	    &rn.pol, &r);
	signer_expiry(&rn, &r);
	ik_job_result_note(res, write_out(&r, out, rn.replace, ctx, res));
	report_one(&r, NULL, NULL, -1, out, ctx, res);
	for (i = 0; i < nrec; i++)
		X509_free(recs[i].cert);
	free(recs);
done:
	ik_sign_result_free(&r);
	run_free_one(&rn);
}

static const ik_result_field sign_results[] = {
	JOBS_RES_INPUT("file"),
	JOBS_RES_STR("output", "the file written"),
	JOBS_RES_STR("output_sha256", "SHA-256 of the file written"),
	JOBS_RES_OBJECT("signer", "who signed the output"),
	JOBS_RES_STR("signer.name", "the signer's subject"),
	JOBS_RES_STR("signer.serial", "the signer's serial (61:40:52:E9)"),
	JOBS_RES_INT("signer.record", "the signer's record (1-based)"),
	JOBS_RES_STR("digest", "SHA1, SHA256 or SHA512"),
	JOBS_RES_INT("header_length", "bytes of the output's header"),
	JOBS_RES_INT("records", "records in the output"),
	JOBS_RES_STR("records_sha1", "SHA-1 of the records' identities, as itl.show and a show-itl paste give it"),
	JOBS_RES_STR("items[].file", "each input"),
	JOBS_RES_STR("items[].output", "each output"),
	JOBS_RES_OBJECT("items[].signer", "each output's signer"),
	JOBS_RES_STR("items[].records_sha1", "each output's records digest"),
	JOBS_RES_STATUS,
	JOBS_RES_END
};

const ik_job ik_job_itl_resign = {
	"itl.resign",
	"re-sign trust lists with the ITLRecovery key or another SAST key (offline utils itl reset)",
	resign_args,
	resign_run,
	sign_results
};

static const char *
base_name(const char *path)
{
	const char *b = strrchr(path, '/');

	return b != NULL ? b + 1 : path;
}

/* A file signed for phones (.sgn), as the TFTP service signs it. */
static void
sign_file_run(const json_t *args, const ik_job_ctx *ctx, ik_job_result *res)
{
	const char *input = ik_arg_str(args, "input", NULL);
	const char *out = ik_arg_str(args, "out", NULL);
	const char *p12 = ik_arg_str(args, "p12", NULL);
	const char *key = ik_arg_str(args, "key", NULL);
	const char *cert = ik_arg_str(args, "cert", NULL);
	const char *why;
	ik_sign_result r;
	struct run rn;
	ik_input in;
	ik_error err;

	memset(&rn, 0, sizeof(rn));
	memset(&in, 0, sizeof(in));
	ik_sign_result_init(&r);
	why = resign_misuse(out, NULL, 1, p12, key, cert);
	if (why == NULL)
		why = jobs_out_misuse(out, ctx);
	if (why != NULL) {
		job_usage(res, "sgn.sign", why);
		return;
	}
	if (sign_opts(args, "sgn.sign", IK_ITL_DIGEST_SHA1, &rn, res) < 0)
		return;
	rn.n = 1;
	if (strcmp(input, "-") != 0)
		ik_evidence_protect(input);
	if (plan_outputs(args, out, NULL, &rn, res) != 0 ||
	    signer_load(p12, key, cert, ctx, &rn.so, res) != 0)
		goto done;
	ik_error_clear(&err);
	if (ik_input_load(input, IK_SGN_MAX_INPUT, &in, &err) != IK_OK) {
		ik_job_result_error(res, input, &err);
		ik_job_result_note(res, IK_OUTCOME_ERROR);
		goto done;
	}
	ik_sgn_sign_op(&rn.so, ik_arg_str(args, "filename",
	    strcmp(input, "-") == 0 ? NULL : base_name(input)), in.buf, in.len,
	    &r);
	ik_job_result_note(res, write_out(&r, out, rn.replace, ctx, res));
	report_one(&r, input, in.sha256, (long long)in.len, out, ctx, res);
done:
	ik_input_free(&in);
	ik_sign_result_free(&r);
	run_free_one(&rn);
}

const ik_job ik_job_sgn_sign = {
	"sgn.sign",
	"sign a file for phones (.sgn) with the TFTP key, as CUCM's TFTP service does",
	sign_file_args,
	sign_file_run,
	NULL
};

const ik_job ik_job_itl_build = {
	"itl.build",
	"build a signed trust list in CUCM layout",
	build_args,
	build_run,
	sign_results
};
