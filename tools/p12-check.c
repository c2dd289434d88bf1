/*
 * p12-check: open and validate ITLRecovery.p12 files; extract the
 * certificate and the key.  The work is the p12.check job; here are the
 * options, the password (file, environment or prompt) and the printing.
 */
#include "fe_main.h"

static const fe_tool tool = {
	"p12-check",
	"[--password-file F | --password-env VAR] [--itl ITL]...\n"
	"                 [--warn-days N] [--extract-cert FILE] [--extract-key FILE]\n"
	"                 [--force] FILE.p12...\n",
	0, "p12-check reports each file in turn, no table (use --json)"
};

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "password-file", required_argument, NULL, 'p' },
		{ "password-env", required_argument, NULL, 'e' },
		{ "itl", required_argument, NULL, 'i' },
		{ "warn-days", required_argument, NULL, 'w' },
		{ "extract-cert", required_argument, NULL, 'c' },
		{ "extract-key", required_argument, NULL, 'k' },
		{ "force", no_argument, NULL, 'f' },
		FE_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	const char *pw_file = NULL, *pw_env = NULL;
	bool extracting = false;
	ik_secrets secrets;
	ik_job_ctx jc;
	json_t *args;
	fe_opts o;
	int c, code;

	args = fe_main_init(&o, &tool);
	while ((c = fe_getopt(&o, argc, argv, longopts)) != -1) {
		switch (c) {
		case 'p': pw_file = optarg; break;
		case 'e': pw_env = optarg; break;
		case 'i': fe_args_ok(ik_args_append_str(args, "itl", optarg));
		    break;
		case 'w': fe_args_ok(ik_args_set_int(args, "warn_days",
		    fe_parse_long("--warn-days", optarg, 0, 36500))); break;
		case 'c': fe_args_ok(ik_args_set_str(args, "extract_cert",
		    optarg)); extracting = true; break;
		case 'k': fe_args_ok(ik_args_set_str(args, "extract_key",
		    optarg)); extracting = true; break;
		case 'f': fe_args_ok(ik_args_set_bool(args, "force", true));
		    break;
		default: fe_usage(&o, FE_EXIT_USAGE);
		}
	}
	fe_operands(&o, argc, "give at least one FILE.p12");
	if (extracting && argc - optind > 1)
		fe_usage_error(&o,
		    "--extract-cert and --extract-key take a single FILE.p12");
	/* One "now" for the whole batch. */
	fe_main_args(&o, args, argc, argv, FE_JOB_AT);
	fe_opts_ctx(&o, &jc);
	fe_job_stream(&jc);
	/* Without any password source the structure is still reported (exit 2). */
	if (fe_secrets(pw_file, pw_env, true, "p12 password: ", &secrets) == 0)
		jc.secrets = &secrets;
	else if (pw_file != NULL || pw_env != NULL) {
		/* The password source given is unusable: nothing is opened. */
		ik_secrets_free(&secrets);
		json_decref(args);
		return FE_EXIT_USAGE;
	}
	code = fe_job_main("p12.check", args, &jc);	/* frees args */
	ik_secrets_free(&secrets);
	return code;
}
