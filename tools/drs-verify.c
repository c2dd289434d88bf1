/*
 * drs-verify: is this DRS backup set complete, and does it decrypt with
 * the cluster security password we have?  One JSON line (or text block)
 * per set, then a summary.  Exit 0 only when every set is ok.  The job is
 * drs.verify.
 */
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>

#include "fe_drs.h"

static void
usage(int code)
{
	fprintf(code ? stderr : stdout,
	    "usage: drs-verify [--json] [--deep] [--kdf-budget N] [--no-progress] [--jobs N]\n"
	    "                  [--password-file F | --password-env VAR] [--use-leaked-key] PATH...\n"
	    "  PATH is a drfComponent.xml manifest, a set directory or a tree.\n"
	    "  The password file may hold several candidates, one per line.\n");
	exit(code);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "deep", no_argument, NULL, 'd' },
		{ "password-file", required_argument, NULL, 'p' },
		{ "password-env", required_argument, NULL, 'e' },
		{ "no-progress", no_argument, NULL, 'n' },
		{ "jobs", required_argument, NULL, 'J' },
		{ "kdf-budget", required_argument, NULL, 'K' },
		{ "use-leaked-key", no_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const char *pwfile = NULL, *pwenv = NULL;
	bool json = false, progress = true;
	int c, i, bad = 0;
	json_t *args;
	fe_drs d;

	fe_init("drs-verify");
	args = json_object();
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'j': json = true; break;
		case 'd': bad |= ik_args_set_bool(args, "deep", true); break;
		case 'p': pwfile = optarg; break;
		case 'e': pwenv = optarg; break;
		case 'n': progress = false; break;
		case 'J':
			bad |= ik_args_set_int(args, "jobs",
			    fe_parse_long("--jobs", optarg, 1, 64));
			break;
		case 'K':
			bad |= ik_args_set_int(args, "kdf_budget",
			    fe_parse_long("--kdf-budget", optarg, 1, LONG_MAX));
			break;
		case 'L':
			bad |= ik_args_set_bool(args, "use_leaked_key", true);
			break;
		case 'h': usage(FE_EXIT_OK); break;
		case 'V':
			json_decref(args);
			fe_version();
			return FE_EXIT_OK;
		default: usage(FE_EXIT_USAGE);
		}
	}
	if (optind >= argc)
		usage(FE_EXIT_USAGE);
	for (i = optind; i < argc; i++)
		bad |= ik_args_append_str(args, "inputs", argv[i]);
	if (bad != 0)
		fe_errx(FE_EXIT_USAGE, "out of memory");
	fe_drs_init(&d, json, progress);
	if (fe_drs_password(&d, pwfile, pwenv, "Cluster security password: ",
	    false, false) != 0) {
		json_decref(args);
		return FE_EXIT_USAGE;
	}
	return fe_drs_run(&d, "drs.verify", args);
}
