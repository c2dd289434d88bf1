/*
 * p12-check: open and validate ITLRecovery.p12 files; extract the
 * certificate and the key.  The work is the p12.check job; here are the
 * options, the password (file, environment or prompt) and the printing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fe.h"
#include "fe_job.h"
#include "fe_opts.h"

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
	int c, i, bad = 0, code;

	fe_opts_init(&o, &tool);
	args = json_object();
	if (args == NULL)
		fe_errx(FE_EXIT_USAGE, "out of memory");
	while ((c = fe_getopt(&o, argc, argv, longopts)) != -1) {
		switch (c) {
		case 'p': pw_file = optarg; break;
		case 'e': pw_env = optarg; break;
		case 'i': bad |= ik_args_append_str(args, "itl", optarg); break;
		case 'w': bad |= ik_args_set_int(args, "warn_days",
		    fe_parse_long("--warn-days", optarg, 0, 36500)); break;
		case 'c': bad |= ik_args_set_str(args, "extract_cert", optarg);
		    extracting = true; break;
		case 'k': bad |= ik_args_set_str(args, "extract_key", optarg);
		    extracting = true; break;
		case 'f': bad |= ik_args_set_bool(args, "force", true); break;
		default: fe_usage(&o, FE_EXIT_USAGE);
		}
	}
	if (optind >= argc)
		fe_usage_error(&o, "give at least one FILE.p12");
	if (extracting && argc - optind > 1)
		fe_usage_error(&o,
		    "--extract-cert and --extract-key take a single FILE.p12");
	/* One "now" for the whole batch. */
	fe_opts_done(&o);
	bad |= ik_args_set_str(args, "at", o.at);
	for (i = optind; i < argc; i++)
		bad |= ik_args_append_str(args, "inputs", argv[i]);
	if (bad)
		fe_errx(FE_EXIT_USAGE, "out of memory");
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
