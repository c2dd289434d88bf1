/*
 * itl-sign: the offline `utils itl reset` (re-sign an ITL with the
 * ITLRecovery key or another SAST key) and building new trust lists.
 *
 * Every output is parsed and verified before it is renamed into place:
 * a file that does not verify is never written.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/err.h>
#include <openssl/x509.h>

#include "fe.h"
#include "ik_p12.h"
#include "ik_report.h"
#include "ik_sign.h"

static void
usage(int code)
{
	fprintf(code ? stderr : stdout,
	    "usage: itl-sign --resign IN (--p12 FILE [--password-file F | --password-env VAR] |\n"
	    "                --key KEY.pem --cert CERT.pem) [--digest D] [--timestamp EPOCH]\n"
	    "                [--force] [--resign-invalid] [--json]\n"
	    "                (--out OUT | --out-dir DIR [IN...])\n"
	    "       itl-sign --build --signer-key KEY.pem --signer-cert CERT.pem\n"
	    "                --record ROLE:CERT.pem... [--hash-only ROLE:CERT.pem...]\n"
	    "                [--filename NAME] [--digest sha1|sha256|sha512]\n"
	    "                [--timestamp EPOCH] [--force] [--json] --out OUT\n");
	exit(code);
}

struct opts {
	bool resign, build, json, force, resign_invalid, has_ts;
	const char *p12, *pw_file, *pw_env, *key, *cert, *out, *out_dir;
	const char *filename;
	int digest;			/* 0: keep the input's (resign) or SHA-1 */
	uint32_t timestamp;
	const char **inputs;
	char **outputs;			/* one per input, or the one --out */
	size_t ninputs;
	ik_build_record *recs;
	const char **rec_paths;
	size_t nrecs;
};

/* The key and certificate everything is signed with. */
struct signer {
	EVP_PKEY *key;
	X509 *cert;
	uint8_t sha1[20];
};

/* What one output becomes: the report fields of DESIGN.md section 4. */
struct result {
	ik_findings f;
	bool written;
	uint8_t out_sha256[32];
	ik_itl *out;		/* the verified output */
};

static uint8_t *
read_or_die(const char *path, size_t max, size_t *len)
{
	uint8_t *buf;
	ik_error err;

	ik_error_clear(&err);
	if (ik_read_file(path, max, &buf, len, &err) != IK_OK) {
		fe_report_error(path, &err);
		exit(FE_EXIT_USAGE);
	}
	return buf;
}

static X509 *
cert_or_die(const char *path)
{
	uint8_t *buf;
	size_t len;
	X509 *x;
	ik_error err;

	buf = read_or_die(path, 1 << 20, &len);
	ik_error_clear(&err);
	if (ik_pem_read_cert(buf, len, &x, &err) != IK_OK) {
		free(buf);
		fe_report_error(path, &err);
		exit(FE_EXIT_USAGE);
	}
	free(buf);
	return x;
}

static void
signer_from_p12(const struct opts *o, struct signer *s)
{
	ik_secrets sec;
	uint8_t *buf;
	size_t len, i;
	ik_p12 *p;
	ik_error err;
	ik_status r;

	if (fe_secrets(o->pw_file, o->pw_env, true, "p12 password: ",
	    &sec) != 0)
		exit(FE_EXIT_USAGE);
	buf = read_or_die(o->p12, IK_P12_MAX_INPUT, &len);
	ik_error_clear(&err);
	r = ik_p12_open(buf, len, &sec, &p, &err);
	free(buf);
	ik_secrets_free(&sec);
	if (p == NULL || r == IK_FATAL) {
		fe_report_error(o->p12, &err);
		ik_p12_free(p);
		exit(FE_EXIT_USAGE);
	}
	if (p->password != IK_P12_PW_MATCHED || p->damaged || p->key == NULL ||
	    !p->key_matches_cert) {
		for (i = 0; i < p->findings.n; i++)
			if (p->findings.v[i].severity == IK_SEV_ERROR)
				fe_warnx("%s: %s: %s", o->p12,
				    p->findings.v[i].code,
				    p->findings.v[i].message);
		ik_p12_free(p);
		fe_errx(FE_EXIT_USAGE, "%s: no usable signing key", o->p12);
	}
	s->key = p->key;
	s->cert = p->cert;
	p->key = NULL;
	p->cert = NULL;
	ik_p12_free(p);
}

static void
signer_from_pem(const char *keypath, const char *certpath, struct signer *s)
{
	uint8_t *buf;
	size_t len;
	ik_error err;
	ik_status r;

	buf = read_or_die(keypath, 1 << 20, &len);
	ik_error_clear(&err);
	r = ik_pem_read_key(buf, len, &s->key, &err);
	ik_wipe(buf, len);
	free(buf);
	if (r != IK_OK) {
		fe_report_error(keypath, &err);
		exit(FE_EXIT_USAGE);
	}
	s->cert = cert_or_die(certpath);
}

static void
signer_load(const struct opts *o, struct signer *s)
{
	unsigned char *der = NULL;
	int dlen;

	memset(s, 0, sizeof(*s));
	if (o->p12 != NULL)
		signer_from_p12(o, s);
	else
		signer_from_pem(o->key, o->cert, s);
	if (X509_check_private_key(s->cert, s->key) != 1)
		fe_errx(FE_EXIT_USAGE,
		    "the private key does not belong to the signing certificate");
	dlen = i2d_X509(s->cert, &der);
	if (dlen <= 0)
		fe_errx(FE_EXIT_USAGE, "the signing certificate cannot be encoded");
	ik_digest_buf(IK_SHA1, der, (size_t)dlen, s->sha1);
	OPENSSL_free(der);
}

/*
 * The signature over the file minus its SIGNATURE TLV, checked with the
 * signer's own key: what a phone does, for outputs whose signer is not a
 * record (only with --force).
 */
static bool
signature_ok_with(const ik_itl *itl, EVP_PKEY *key)
{
	const ik_itl_header *h = &itl->hdr;
	size_t cut = 3 + h->signature_len;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	const void *md = ik_digest_md((ik_digest)ik_itl_digest_from_code(
	    h->digest_alg));
	bool ok;

	ok = ctx != NULL && md != NULL &&
	    EVP_DigestVerifyInit(ctx, NULL, md, NULL, key) == 1 &&
	    EVP_DigestVerifyUpdate(ctx, itl->buf, h->signature_tlv_off) == 1 &&
	    EVP_DigestVerifyUpdate(ctx, itl->buf + h->signature_tlv_off + cut,
	    itl->len - h->signature_tlv_off - cut) == 1 &&
	    EVP_DigestVerifyFinal(ctx, h->signature, h->signature_len) == 1;
	EVP_MD_CTX_free(ctx);
	ERR_clear_error();
	return ok;
}

/*
 * Parses and verifies the bytes about to be written.  For a re-signed
 * file the records must also be byte-identical to the input's.
 */
static bool
output_verifies(const uint8_t *buf, size_t len, const struct signer *s,
    const ik_itl *in, bool force, struct result *res)
{
	const ik_itl_record *sr;
	ik_error err;
	ik_itl *out = NULL;

	ik_error_clear(&err);
	if (ik_itl_parse(buf, len, &out, &err) != IK_OK || out == NULL ||
	    out->malformed) {
		ik_itl_free(out);
		return false;
	}
	ik_itl_verify(out);
	res->out = out;
	if (in != NULL && (len - out->hdr.end != in->len - in->hdr.end ||
	    memcmp(out->buf + out->hdr.end, in->buf + in->hdr.end,
	    len - out->hdr.end) != 0))
		return false;
	if (out->signature == IK_SIG_VALID) {
		sr = &out->recs[out->signer_index - 1];
		return sr->has_cert_sha1 && memcmp(sr->cert_sha1, s->sha1,
		    20) == 0;
	}
	/* Only --force may write a file whose signer is not one of its records. */
	return force && out->signature == IK_SIG_NO_SIGNER &&
	    signature_ok_with(out, s->key);
}

/* Verifies, then writes atomically; findings say why not. */
static int
write_checked(const uint8_t *buf, size_t len, const char *path,
    const struct opts *o, const struct signer *s, const ik_itl *in,
    struct result *res)
{
	ik_error err;

	if (!output_verifies(buf, len, s, in, o->force, res)) {
		ik_findings_add(&res->f, IK_SEV_ERROR, IKF_SIGN_OUTPUT_UNVERIFIED,
		    NULL, "the signed output does not verify; nothing was written");
		return FE_EXIT_FAIL;
	}
	ik_error_clear(&err);
	if (ik_write_file_atomic(path, buf, len, 0644, o->force, &err) !=
	    IK_OK) {
		fe_report_error(path, &err);
		return FE_EXIT_USAGE;
	}
	ik_digest_buf(IK_SHA256, buf, len, res->out_sha256);
	res->written = true;
	return FE_EXIT_OK;
}

static void
report(const char *in_path, const uint8_t *in_sha, long long in_size,
    const char *out_path, const struct opts *o, const struct result *res)
{
	const ik_itl *out = res->out;
	const char *status = !res->written ? "refused" :
	    ik_findings_worst(&res->f) >= IK_SEV_WARNING ? "findings" : "ok";
	char serial[3 * 64 + 1] = "";
	json_t *j;
	ik_sb sb;

	if (out != NULL && out->hdr.signer_serial_len <= 64)
		ik_hex_sep(out->hdr.signer_serial, out->hdr.signer_serial_len,
		    ':', serial);
	if (o->json) {
		j = ik_report_new("itl-sign", "file", in_path, in_sha, in_size);
		json_object_set_new(j, "output", res->written ?
		    ik_json_cstr(out_path) : json_null());
		json_object_set_new(j, "output_sha256", res->written ?
		    ik_json_hex(res->out_sha256, 32) : json_null());
		json_object_set_new(j, "signer", out == NULL ? json_null() :
		    json_pack("{s:o, s:s, s:o}",
		    "name", ik_json_cstr(out->hdr.signer_name),
		    "serial", serial,
		    "record", out->signer_index ?
		    json_integer((json_int_t)out->signer_index) : json_null()));
		json_object_set_new(j, "digest", out == NULL ? json_null() :
		    json_string(ik_digest_name((ik_digest)
		    ik_itl_digest_from_code(out->hdr.digest_alg))));
		json_object_set_new(j, "header_length", out == NULL ?
		    json_null() : json_integer(out->hdr.header_length));
		json_object_set_new(j, "records", out == NULL ? json_null() :
		    json_integer((json_int_t)out->nrec));
		ik_report_finish(j, status, &res->f);
		fe_json_out(j);
		return;
	}
	ik_sb_init(&sb);
	if (res->written) {
		ik_sb_puts_safe(&sb, in_path, "(built)");
		ik_sb_puts(&sb, " -> ");
		ik_sb_puts_safe(&sb, out_path, "-");
		ik_sb_puts(&sb, ": signed by ");
		ik_sb_puts_safe(&sb, out->hdr.signer_name, "?");
		ik_sb_printf(&sb, " (record %zu), %s, header %u, %zu records\n",
		    out->signer_index, ik_digest_name((ik_digest)
		    ik_itl_digest_from_code(out->hdr.digest_alg)),
		    out->hdr.header_length, out->nrec);
	} else {
		ik_sb_puts_safe(&sb, in_path ? in_path : out_path, "-");
		ik_sb_puts(&sb, ": refused, nothing written\n");
	}
	ik_findings_text(&sb, &res->f, "  ");
	fe_sb_out(&sb);
	ik_sb_free(&sb);
}

/*
 * The input must verify and hold the signer as a SAST record, or phones
 * that hold it would reject the result.  Each has its own override:
 * --resign-invalid for a signature that does not verify (blessing
 * unverified contents is never a side effect of --force), --force for a
 * signer that is not a record.
 */
static bool
resign_allowed(const ik_itl *in, const struct signer *s,
    const struct opts *o, struct result *res)
{
	ik_severity sev = o->force ? IK_SEV_WARNING : IK_SEV_ERROR;
	bool ok = true;

	if (in->signature != IK_SIG_VALID) {
		ik_findings_add(&res->f, o->resign_invalid ? IK_SEV_WARNING :
		    IK_SEV_ERROR, IKF_SIGN_INPUT_SIGNATURE_INVALID, NULL,
		    "the input's own signature is %s: re-signing would bless unverified contents%s",
		    ik_sigstate_name(in->signature), o->resign_invalid ? "" :
		    " (--resign-invalid to sign it anyway)");
		ok = o->resign_invalid;
	}
	if (ik_itl_find_sast_cert(in, s->cert) == 0) {
		ik_findings_add(&res->f, sev, IKF_SIGN_SIGNER_NOT_IN_ITL, NULL,
		    "the signing certificate is not a SAST record of the input: phones holding it would reject the result");
		ok = ok && o->force;
	}
	return ok;
}

/*
 * Why libcore refused to sign: its one refusal by rule (IK_ERR_REFUSED) is
 * a SAST record by hash only, which nothing could verify; that and every
 * other IK_FATAL mean the job cannot be done (exit 2).
 */
static int
refused(struct result *res, const ik_error *err, ik_status r,
    ik_code code)
{
	if (err->category == IK_ERR_REFUSED)
		code = IKF_SIGN_SIGNER_HASH_ONLY;
	ik_findings_add(&res->f, IK_SEV_ERROR, code, NULL, "%s", err->msg);
	return r == IK_FATAL ? FE_EXIT_USAGE : FE_EXIT_FAIL;
}

/*
 * Under --out-dir an output keeps its input's relative path (pub/ITLFile.tlv
 * and sub/ITLFile.tlv stay apart, as on the TFTP nodes); an absolute path
 * or one that climbs with ".." keeps its base name only.  "." and empty
 * components are dropped so that two spellings of one file collide.
 */
static char *
out_path_for(const char *in, const struct opts *o)
{
	ik_sb sb;
	const char *p, *q, *base;
	bool keep = in[0] != '/';
	size_t n;

	if (o->out_dir == NULL)
		return strdup(o->out);
	for (p = in; keep && *p != '\0'; p = *q ? q + 1 : q) {
		q = strchrnul(p, '/');
		keep = !(q - p == 2 && p[0] == '.' && p[1] == '.');
	}
	base = strrchr(in, '/');
	base = keep || base == NULL ? in : base + 1;
	ik_sb_init(&sb);
	ik_sb_puts(&sb, o->out_dir);
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

/* The folders an output under --out-dir needs (DIR itself must exist). */
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
 * would land on one output, or an output that is one of the inputs, are
 * refused before a single file is written.
 */
static void
plan_outputs(struct opts *o)
{
	const char *named[4] = { o->p12, o->pw_file, o->key, o->cert };
	size_t i, j, n = o->build ? 1 : o->ninputs;

	/* Every file the run reads is evidence, opened yet or not. */
	for (i = 0; i < o->ninputs; i++)
		ik_evidence_protect(o->inputs[i]);
	for (i = 0; i < o->nrecs; i++)
		ik_evidence_protect(o->rec_paths[i]);
	for (i = 0; i < 4; i++)
		if (named[i] != NULL)
			ik_evidence_protect(named[i]);
	o->outputs = calloc(n, sizeof(*o->outputs));
	if (o->outputs == NULL)
		fe_errx(FE_EXIT_USAGE, "out of memory");
	for (i = 0; i < n; i++) {
		o->outputs[i] = o->build ? strdup(o->out) :
		    out_path_for(o->inputs[i], o);
		if (o->outputs[i] == NULL)
			fe_errx(FE_EXIT_USAGE, "out of memory");
		for (j = 0; j < i; j++)
			if (strcmp(o->outputs[i], o->outputs[j]) == 0)
				fe_errx(FE_EXIT_USAGE,
				    "%s and %s would both be written to %s; nothing was written",
				    o->inputs[j], o->inputs[i], o->outputs[i]);
	}
	for (i = 0; i < n; i++) {
		if (ik_is_evidence(AT_FDCWD, o->outputs[i]))
			fe_errx(FE_EXIT_USAGE,
			    "%s is one of the inputs: evidence is never replaced; nothing was written",
			    o->outputs[i]);
		if (o->out_dir != NULL &&
		    make_parents(o->outputs[i], strlen(o->out_dir)) != 0)
			fe_errx(FE_EXIT_USAGE, "%s: cannot create its folder: %s",
			    o->outputs[i], strerror(errno));
	}
}

static int
resign_one(const char *path, const char *out, const struct opts *o,
    const struct signer *s)
{
	struct result res;
	ik_sign_opts so;
	ik_error err;
	ik_itl *in = NULL;
	uint8_t *buf, *sig = NULL, sha[32];
	size_t len, slen;
	int code = FE_EXIT_FAIL;
	ik_status r;

	memset(&res, 0, sizeof(res));
	ik_findings_init(&res.f);
	buf = read_or_die(path, IK_ITL_MAX_INPUT, &len);
	ik_digest_buf(IK_SHA256, buf, len, sha);
	ik_error_clear(&err);
	ik_trustlist_load(buf, len, &in, &err);
	free(buf);
	if (in == NULL) {
		/* Not a trust list at all (or a text dump this build cannot read). */
		ik_findings_add(&res.f, IK_SEV_ERROR, IKF_SIGN_INPUT_MALFORMED,
		    NULL, "%s", err.msg);
		report(path, sha, (long long)len, out, o, &res);
		ik_findings_free(&res.f);
		return FE_EXIT_FAIL;
	}
	ik_itl_verify(in);
	so.key = s->key;
	so.cert = s->cert;
	so.digest = o->digest ? o->digest : in->hdr.digest_alg > 0 ?
	    in->hdr.digest_alg : IK_ITL_DIGEST_SHA1;
	so.timestamp = o->has_ts ? o->timestamp : (uint32_t)time(NULL);
	if (in->format != IK_FMT_TLV || in->malformed) {
		ik_findings_add(&res.f, IK_SEV_ERROR, IKF_SIGN_INPUT_MALFORMED,
		    NULL, "%s", in->format != IK_FMT_TLV ?
		    "a show itl text dump carries no certificates: only a binary trust list can be re-signed" :
		    ik_itl_malformed_message(in));
	} else if ((r = ik_itl_resign(in, &so, &sig, &slen, &err)) != IK_OK) {
		/* Refusals that no --force lifts come first. */
		code = refused(&res, &err, r, IKF_SIGN_INPUT_MALFORMED);
	} else if (resign_allowed(in, s, o, &res)) {
		code = write_checked(sig, slen, out, o, s, in, &res);
	}
	report(path, sha, (long long)len, out, o, &res);
	free(sig);
	ik_itl_free(res.out);
	ik_itl_free(in);
	ik_findings_free(&res.f);
	return code;
}

static int
build(const struct opts *o, const struct signer *s)
{
	struct result res;
	ik_sign_opts so;
	ik_error err;
	uint8_t *buf = NULL;
	size_t len;
	int code = FE_EXIT_FAIL;
	ik_status r;

	memset(&res, 0, sizeof(res));
	ik_findings_init(&res.f);
	so.key = s->key;
	so.cert = s->cert;
	so.digest = o->digest ? o->digest : IK_ITL_DIGEST_SHA1;
	so.timestamp = o->has_ts ? o->timestamp : (uint32_t)time(NULL);
	ik_error_clear(&err);
	r = ik_itl_build(&so, o->filename, o->recs, o->nrecs, &buf, &len, &err);
	if (r != IK_OK)
		code = refused(&res, &err, r, IKF_SIGN_BUILD_FAILED);
	else
		code = write_checked(buf, len, o->out, o, s, NULL, &res);
	if (code == FE_EXIT_FAIL && res.out != NULL &&
	    res.out->signature == IK_SIG_NO_SIGNER)
		ik_findings_add(&res.f, IK_SEV_ERROR, IKF_SIGN_SIGNER_NOT_IN_ITL,
		    NULL, "the signer certificate must also be given as --record sast:CERT");
	report(NULL, NULL, -1, o->out, o, &res);
	free(buf);
	ik_itl_free(res.out);
	ik_findings_free(&res.f);
	return code;
}

/* --record ROLE:CERT.pem and --hash-only ROLE:CERT.pem, in command-line order. */
static void
add_record(struct opts *o, const char *arg, bool hash_only)
{
	const char *colon = strchr(arg, ':');
	char role[32];
	int fn;

	if (colon == NULL || (size_t)(colon - arg) >= sizeof(role))
		fe_errx(FE_EXIT_USAGE, "expected ROLE:CERT.pem, got '%s'", arg);
	memcpy(role, arg, (size_t)(colon - arg));
	role[colon - arg] = '\0';
	fn = ik_itl_function_from_role(role);
	if (fn < 0)
		fe_errx(FE_EXIT_USAGE,
		    "unknown role '%s' (sast, ccm, ccm+tftp, tftp, capf, tvs, app-server)",
		    role);
	memset(&o->recs[o->nrecs], 0, sizeof(o->recs[0]));
	o->recs[o->nrecs].function = fn;
	o->recs[o->nrecs].hash_only = hash_only;
	o->rec_paths[o->nrecs++] = colon + 1;
}

static int
parse_digest(const char *s)
{
	if (strcasecmp(s, "sha1") == 0)
		return IK_ITL_DIGEST_SHA1;
	if (strcasecmp(s, "sha256") == 0)
		return IK_ITL_DIGEST_SHA256;
	if (strcasecmp(s, "sha512") == 0)
		return IK_ITL_DIGEST_SHA512;
	fe_errx(FE_EXIT_USAGE, "--digest: expected sha1, sha256 or sha512, got '%s'", s);
}

static void
parse_opts(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{ "resign", required_argument, NULL, 'r' },
		{ "build", no_argument, NULL, 'b' },
		{ "p12", required_argument, NULL, 'P' },
		{ "password-file", required_argument, NULL, 'p' },
		{ "password-env", required_argument, NULL, 'e' },
		{ "key", required_argument, NULL, 'k' },
		{ "cert", required_argument, NULL, 'c' },
		{ "signer-key", required_argument, NULL, 'k' },
		{ "signer-cert", required_argument, NULL, 'c' },
		{ "record", required_argument, NULL, 'R' },
		{ "hash-only", required_argument, NULL, 'H' },
		{ "filename", required_argument, NULL, 'n' },
		{ "digest", required_argument, NULL, 'd' },
		{ "timestamp", required_argument, NULL, 't' },
		{ "out", required_argument, NULL, 'o' },
		{ "out-dir", required_argument, NULL, 'D' },
		{ "force", no_argument, NULL, 'f' },
		{ "resign-invalid", no_argument, NULL, 'I' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	o->inputs = calloc((size_t)argc, sizeof(*o->inputs));
	o->recs = calloc((size_t)argc, sizeof(*o->recs));
	o->rec_paths = calloc((size_t)argc, sizeof(*o->rec_paths));
	if (o->inputs == NULL || o->recs == NULL || o->rec_paths == NULL)
		fe_errx(FE_EXIT_USAGE, "out of memory");
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'r': o->resign = true; o->inputs[o->ninputs++] = optarg; break;
		case 'b': o->build = true; break;
		case 'P': o->p12 = optarg; break;
		case 'p': o->pw_file = optarg; break;
		case 'e': o->pw_env = optarg; break;
		case 'k': o->key = optarg; break;
		case 'c': o->cert = optarg; break;
		case 'R': add_record(o, optarg, false); break;
		case 'H': add_record(o, optarg, true); break;
		case 'n': o->filename = optarg; break;
		case 'd': o->digest = parse_digest(optarg); break;
		case 't': o->timestamp = (uint32_t)fe_parse_long("--timestamp",
		    optarg, 0, 0xffffffffL); o->has_ts = true; break;
		case 'o': o->out = optarg; break;
		case 'D': o->out_dir = optarg; break;
		case 'f': o->force = true; break;
		case 'I': o->resign_invalid = true; break;
		case 'j': o->json = true; break;
		case 'h': usage(FE_EXIT_OK); break;
		case 'V': fe_version(); exit(FE_EXIT_OK);
		default: usage(FE_EXIT_USAGE);
		}
	}
	while (optind < argc)
		o->inputs[o->ninputs++] = argv[optind++];
}

static void
check_opts(const struct opts *o)
{
	if (o->resign == o->build)
		fe_errx(FE_EXIT_USAGE, "give exactly one of --resign IN and --build");
	if ((o->out == NULL) == (o->out_dir == NULL) ||
	    (o->build && o->out == NULL))
		fe_errx(FE_EXIT_USAGE, "give --out OUT (or, to re-sign many files, --out-dir DIR)");
	if (o->out != NULL && o->ninputs > 1)
		fe_errx(FE_EXIT_USAGE, "--out takes one input; use --out-dir DIR for many");
	if (o->build && (o->ninputs > 0 || o->p12 != NULL || o->nrecs == 0))
		fe_errx(FE_EXIT_USAGE, "--build takes --signer-key, --signer-cert and --record options, no inputs");
	if (o->resign && o->nrecs > 0)
		fe_errx(FE_EXIT_USAGE, "--record and --hash-only go with --build");
	if ((o->p12 != NULL) == (o->key != NULL || o->cert != NULL) ||
	    (o->p12 == NULL && (o->key == NULL || o->cert == NULL)))
		fe_errx(FE_EXIT_USAGE, "sign with --p12 FILE, or with both --key and --cert");
}

int
main(int argc, char **argv)
{
	struct opts o;
	struct signer s;
	size_t i;
	int worst = FE_EXIT_OK;

	fe_init("itl-sign");
	memset(&o, 0, sizeof(o));
	parse_opts(argc, argv, &o);
	check_opts(&o);
	plan_outputs(&o);
	signer_load(&o, &s);
	if (o.build) {
		for (i = 0; i < o.nrecs; i++)
			o.recs[i].cert = cert_or_die(o.rec_paths[i]);
		worst = build(&o, &s);
		for (i = 0; i < o.nrecs; i++)
			X509_free(o.recs[i].cert);
	}
	for (i = 0; o.resign && i < o.ninputs; i++)
		fe_note(&worst, resign_one(o.inputs[i], o.outputs[i], &o, &s));
	for (i = 0; i < (o.build ? 1 : o.ninputs); i++)
		free(o.outputs[i]);
	free(o.outputs);
	EVP_PKEY_free(s.key);
	X509_free(s.cert);
	free(o.inputs);
	free(o.recs);
	free(o.rec_paths);
	return worst;
}
