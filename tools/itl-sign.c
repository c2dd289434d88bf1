/*
 * itl-sign: the offline `utils itl reset` (re-sign an ITL with the
 * ITLRecovery key or another SAST key) and building new trust lists.
 * The work is the jobs itl.resign and itl.build (libcore/jobs/job_sign.c):
 * this program turns its options into their arguments, asks for the p12
 * password, and names its options where one would lift a refusal.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fe.h"
#include "fe_hint.h"
#include "fe_job.h"
#include "fe_opts.h"
#include "ik_sign.h"

/* --timestamp: Unix seconds, or an RFC 3339 time (or @EPOCH). */
static long
timestamp(const char *s)
{
	time_t t;

	if (strspn(s, "0123456789") == strlen(s))
		return fe_parse_long("--timestamp", s, 0, 0xffffffffL);
	if (ik_time_parse(s, &t) != 0 || t < 0 || t > 0xffffffffL)
		fe_errx(FE_EXIT_USAGE, "--timestamp: expected Unix seconds or "
		    "an RFC 3339 time from 1970 to 2106, got '%s'", s);
	return (long)t;
}

static const fe_tool tool = {
	"itl-sign",
	"--resign IN (--p12 FILE [--password-file F | --password-env VAR] |\n"
	"                --key KEY.pem --cert CERT.pem) [--digest D] [--timestamp TIME]\n"
	"                [--signer-version V] [--force] [--resign-invalid]\n"
	"                (--out FILE | --out-dir DIR [IN]...)\n"
	"       itl-sign --build --signer-key KEY.pem --signer-cert CERT.pem\n"
	"                --record ROLE:CERT.pem [--record ROLE:CERT.pem]...\n"
	"                [--hash-only ROLE:CERT.pem]... [--filename NAME]\n"
	"                [--digest sha1|sha256|sha512] [--timestamp TIME]\n"
	"                [--signer-version V] [--force] --out FILE\n"
	"       itl-sign --sign-file IN (--p12 FILE [--password-file F | --password-env VAR] |\n"
	"                --key KEY.pem --cert CERT.pem) [--filename NAME] [--digest D]\n"
	"                [--timestamp TIME] [--force] --out FILE\n",
	0, "itl-sign writes trust lists, it prints no table (use --json)"
};

struct opts {
	fe_opts fo;
	bool resign, build, resign_invalid;
	const char *sign_file, *signer_version;
	const char *p12, *pw_file, *pw_env, *key, *cert;
	const char *filename;
	size_t ninputs, nrecs;
	json_t *args;			/* the job's, set as options come */
};

/*
 * Refusals one of our options would lift: libcore says which by the
 * finding's code, we name the option.
 */
static const fe_hint resign_hints[] = {
	{ IKF_SIGN_INPUT_SIGNATURE_INVALID, false,
	    " (--resign-invalid to sign it anyway)" },
	{ IKF_COUNT, false, NULL }
}, sign_file_hints[] = {
	{ IKF_COUNT, false, NULL }
}, build_hints[] = {
	{ IKF_SIGN_SIGNER_NOT_IN_ITL, true,
	    "the signer certificate must also be given as --record sast:CERT" },
	{ IKF_COUNT, false, NULL }
};

/* Every argument the tool sets goes through here. */
static void
must(int rc)
{
	if (rc != 0)
		fe_errx(FE_EXIT_USAGE, "out of memory");
}

/* --record ROLE:CERT.pem and --hash-only ROLE:CERT.pem, in command-line order. */
static void
add_record(struct opts *o, const char *spec, bool hash_only)
{
	const char *cert;
	ik_sb sb;
	int fn;

	ik_sb_init(&sb);
	if (ik_build_record_spec(spec, &fn, &cert, &sb) != 0)
		fe_errx(FE_EXIT_USAGE, "%s", sb.s != NULL ? sb.s :
		    "out of memory");
	ik_sb_printf(&sb, "%s%s", hash_only ? "hash-only:" : "", spec);
	must(ik_args_append_str(o->args, "records", sb.s));
	ik_sb_free(&sb);
	o->nrecs++;
}

static void
parse_opts(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{ "resign", required_argument, NULL, 'r' },
		{ "build", no_argument, NULL, 'b' },
		{ "sign-file", required_argument, NULL, 'S' },
		{ "signer-version", required_argument, NULL, 'v' },
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
		{ "force", no_argument, NULL, 'f' },
		{ "resign-invalid", no_argument, NULL, 'I' },
		FE_OUT_OPTION,
		FE_OUT_DIR_OPTION,
		FE_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	int c;

	while ((c = fe_getopt(&o->fo, argc, argv, longopts)) != -1) {
		switch (c) {
		case 'r': o->resign = true; o->ninputs++;
		    must(ik_args_append_str(o->args, "inputs", optarg)); break;
		case 'b': o->build = true; break;
		case 'S': o->sign_file = optarg; break;
		case 'v': o->signer_version = optarg; break;
		case 'P': must(ik_args_set_str(o->args, "p12", o->p12 = optarg));
		    break;
		case 'p': o->pw_file = optarg; break;
		case 'e': o->pw_env = optarg; break;
		case 'k': o->key = optarg; break;
		case 'c': o->cert = optarg; break;
		case 'R': add_record(o, optarg, false); break;
		case 'H': add_record(o, optarg, true); break;
		case 'n': o->filename = optarg; break;
		case 'd': if (ik_itl_digest_code(optarg) < 0)
			fe_errx(FE_EXIT_USAGE,
			    "--digest: expected sha1, sha256 or sha512, got '%s'",
			    optarg);
		    must(ik_args_set_str(o->args, "digest", optarg)); break;
		case 't': must(ik_args_set_int(o->args, "timestamp",
		    timestamp(optarg))); break;
		case 'f': must(ik_args_set_bool(o->args, "force", true)); break;
		case 'I': o->resign_invalid = true; break;
		default: fe_usage(&o->fo, FE_EXIT_USAGE);
		}
	}
	for (; optind < argc; o->ninputs++)
		must(ik_args_append_str(o->args, "inputs", argv[optind++]));
}

/* --sign-file: the job sgn.sign takes one input and one output. */
static void
check_sign_file(struct opts *o)
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
	must(ik_args_set_str(o->args, "input", o->sign_file));
	must(ik_args_set_str(o->args, "out", f->out));
	if (o->key != NULL)
		must(ik_args_set_str(o->args, "key", o->key) |
		    ik_args_set_str(o->args, "cert", o->cert));
	if (o->filename != NULL)
		must(ik_args_set_str(o->args, "filename", o->filename));
}

/*
 * What neither job would take, in our options' words; then the arguments
 * whose names depend on the job.
 */
static void
check_opts(struct opts *o)
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
		must(ik_args_set_str(o->args, "signer_version",
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
	must(f->out != NULL ? ik_args_set_str(o->args, "out", f->out) :
	    ik_args_set_str(o->args, "out_dir", f->out_dir));
	must(ik_args_set_str(o->args, "at", f->at));
	if (o->key != NULL)
		must(ik_args_set_str(o->args, o->build ? "signer_key" : "key",
		    o->key) | ik_args_set_str(o->args, o->build ?
		    "signer_cert" : "cert", o->cert));
	if (o->build && o->filename != NULL)
		must(ik_args_set_str(o->args, "filename", o->filename));
	if (o->resign)
		must(ik_args_set_bool(o->args, "resign_invalid",
		    o->resign_invalid));
}

int
main(int argc, char **argv)
{
	struct opts o;
	ik_secrets sec;
	ik_job_ctx ctx;
	ik_job_result res;
	const fe_hint *h;
	ik_sb out, errs, bytes;
	int code;

	memset(&o, 0, sizeof(o));
	fe_opts_init(&o.fo, &tool);
	if ((o.args = json_object()) == NULL)
		fe_errx(FE_EXIT_USAGE, "out of memory");
	parse_opts(argc, argv, &o);
	fe_opts_done(&o.fo);
	check_opts(&o);
	fe_opts_ctx(&o.fo, &ctx);
	ik_sb_init(&bytes);
	fe_out_stdout(&o.fo, &ctx, &bytes, o.sign_file != NULL ?
	    "the signed file" : "the trust list");
	/* Evidence even when no p12 asks for it: never an output. */
	if (o.pw_file != NULL)
		ik_evidence_protect(o.pw_file);
	ik_secrets_init(&sec);
	if (o.p12 != NULL && fe_secrets(o.pw_file, o.pw_env, true,
	    "p12 password: ", &sec) != 0)
		exit(FE_EXIT_USAGE);
	ctx.secrets = &sec;
	ik_job_result_init(&res);
	ik_job_run(o.sign_file != NULL ? "sgn.sign" : o.build ? "itl.build" :
	    "itl.resign", o.args, &ctx, &res);
	ik_secrets_free(&sec);
	for (h = o.build ? build_hints : o.sign_file != NULL ? sign_file_hints :
	    resign_hints; h->text != NULL; h++)
		fe_hint_apply(&res, h, "  ");
	ik_sb_init(&out);
	ik_sb_init(&errs);
	code = fe_job_render(&res, &ctx, &out, &errs);
	if (errs.s != NULL)
		fputs(errs.s, stderr);
	fe_sb_out(&out);
	code = fe_out_flush(&bytes, code);
	ik_sb_free(&out);
	ik_sb_free(&errs);
	ik_sb_free(&bytes);
	ik_job_result_free(&res);
	json_decref(o.args);
	return code;
}
