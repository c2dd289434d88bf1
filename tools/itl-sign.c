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
#include "fe_sign.h"
#include "ik_sign.h"

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

/* --record ROLE:CERT.pem and --hash-only ROLE:CERT.pem, in command-line order. */
static void
add_record(fe_sign *o, const char *spec, bool hash_only)
{
	const char *cert;
	ik_sb sb;
	int fn;

	ik_sb_init(&sb);
	if (ik_build_record_spec(spec, &fn, &cert, &sb) != 0)
		fe_errx(FE_EXIT_USAGE, "%s", sb.s != NULL ? sb.s :
		    "out of memory");
	ik_sb_printf(&sb, "%s%s", hash_only ? "hash-only:" : "", spec);
	fe_args_ok(ik_args_append_str(o->args, "records", sb.s));
	ik_sb_free(&sb);
	o->nrecs++;
}

static void
parse_opts(int argc, char **argv, fe_sign *o)
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
		    fe_args_ok(ik_args_append_str(o->args, "inputs", optarg)); break;
		case 'b': o->build = true; break;
		case 'S': o->sign_file = optarg; break;
		case 'v': o->signer_version = optarg; break;
		case 'P': fe_args_ok(ik_args_set_str(o->args, "p12", o->p12 = optarg));
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
		    fe_args_ok(ik_args_set_str(o->args, "digest", optarg)); break;
		case 't': fe_args_ok(ik_args_set_int(o->args, "timestamp",
		    fe_sign_timestamp(optarg))); break;
		case 'f': fe_args_ok(ik_args_set_bool(o->args, "force", true)); break;
		case 'I': o->resign_invalid = true; break;
		default: fe_usage(&o->fo, FE_EXIT_USAGE);
		}
	}
	for (; optind < argc; o->ninputs++)
		fe_args_ok(ik_args_append_str(o->args, "inputs", argv[optind++]));
}

int
main(int argc, char **argv)
{
	fe_sign o;
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
	fe_sign_check(&o);
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
