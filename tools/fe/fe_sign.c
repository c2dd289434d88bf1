/*
 * fe_sign.c: itl-sign's option checks (fe_sign.h).
 */
#include <string.h>

#include "fe.h"
#include "fe_job.h"
#include "fe_sign.h"

long
fe_sign_timestamp(const char *s)
{
	time_t t;

	if (strspn(s, "0123456789") == strlen(s))
		return fe_parse_long("--timestamp", s, 0, 0xffffffffL);
	if (ik_time_parse(s, &t) != 0 || t < 0 || t > 0xffffffffL)
		fe_errx(FE_EXIT_USAGE, "--timestamp: expected Unix seconds or "
		    "an RFC 3339 time from 1970 to 2106, got '%s'", s);
	return (long)t;
}

/* --sign-file: the job sgn.sign takes one input and one output. */
static void
check_sign_file(fe_sign *o)
{
	const fe_opts *f = &o->fo;

	if (f->out == NULL)
		fe_usage_error(f, "--out is required: the signed file to write");
	if (f->out_dir != NULL || o->ninputs > 0 || o->nrecs > 0 ||
	    o->signer_version != NULL || o->resign_invalid)
		fe_usage_error(f, "--sign-file IN takes --out FILE.sgn and a "
		    "signer, no other inputs, records or --signer-version");
	if (o->p12 != NULL && (o->key != NULL || o->cert != NULL))
		fe_usage_error(f, "--p12 and --key/--cert exclude each other");
	if (o->p12 == NULL && (o->key == NULL || o->cert == NULL))
		fe_usage_error(f, o->key == NULL && o->cert == NULL ?
		    "--p12 FILE is required (or --key and --cert)" :
		    o->key == NULL ? "--key is required with --cert" :
		    "--cert is required with --key");
	fe_args_ok(ik_args_set_str(o->args, "input", o->sign_file));
	fe_args_ok(ik_args_set_str(o->args, "out", f->out));
	if (o->key != NULL)
		fe_args_ok(ik_args_set_str(o->args, "key", o->key) |
		    ik_args_set_str(o->args, "cert", o->cert));
	if (o->filename != NULL)
		fe_args_ok(ik_args_set_str(o->args, "filename", o->filename));
}

void
fe_sign_check(fe_sign *o)
{
	const fe_opts *f = &o->fo;

	if (o->resign + o->build + (o->sign_file != NULL) > 1)
		fe_usage_error(f, "--resign, --build and --sign-file exclude "
		    "each other");
	if (!o->resign && !o->build && o->sign_file == NULL)
		fe_usage_error(f, "--resign IN, --build or --sign-file IN is "
		    "required");
	if (o->sign_file != NULL) {
		check_sign_file(o);
		return;
	}
	if (o->signer_version != NULL)
		fe_args_ok(ik_args_set_str(o->args, "signer_version",
		    o->signer_version));
	if (f->out != NULL && f->out_dir != NULL)
		fe_usage_error(f, "--out and --out-dir exclude each other");
	if (o->build && f->out == NULL)
		fe_usage_error(f, "--out is required: the trust list to write");
	if (f->out == NULL && f->out_dir == NULL)
		fe_usage_error(f, "--out FILE is required (or, to re-sign many "
		    "files, --out-dir DIR)");
	if (f->out != NULL && o->ninputs > 1)
		fe_usage_error(f, "--out takes one input; use --out-dir DIR for many");
	if (o->build && (o->ninputs > 0 || o->p12 != NULL))
		fe_usage_error(f, "--build takes --signer-key, --signer-cert and "
		    "--record options, no inputs and no --p12");
	if (o->build && o->nrecs == 0)
		fe_usage_error(f, "--record is required with --build");
	if (o->resign && o->nrecs > 0)
		fe_usage_error(f, "--record and --hash-only go with --build");
	if (o->p12 != NULL && (o->key != NULL || o->cert != NULL))
		fe_usage_error(f, "--p12 and --key/--cert exclude each other");
	if (o->p12 == NULL && o->key == NULL && o->cert == NULL)
		fe_usage_error(f, o->build ? "--signer-key and --signer-cert "
		    "are required" : "--p12 FILE is required (or --key and --cert)");
	if (o->p12 == NULL && (o->key == NULL || o->cert == NULL))
		fe_usage_error(f, "%s is required with %s", o->build ?
		    (o->key == NULL ? "--signer-key" : "--signer-cert") :
		    (o->key == NULL ? "--key" : "--cert"), o->build ?
		    (o->key == NULL ? "--signer-cert" : "--signer-key") :
		    (o->key == NULL ? "--cert" : "--key"));
	fe_args_ok(f->out != NULL ? ik_args_set_str(o->args, "out", f->out) :
	    ik_args_set_str(o->args, "out_dir", f->out_dir));
	fe_args_ok(ik_args_set_str(o->args, "at", f->at));
	if (o->key != NULL)
		fe_args_ok(ik_args_set_str(o->args, o->build ? "signer_key" : "key",
		    o->key) | ik_args_set_str(o->args, o->build ?
		    "signer_cert" : "cert", o->cert));
	if (o->build && o->filename != NULL)
		fe_args_ok(ik_args_set_str(o->args, "filename", o->filename));
	if (o->resign)
		fe_args_ok(ik_args_set_bool(o->args, "resign_invalid",
		    o->resign_invalid));
}
