/*
 * drs-verify: is this DRS backup set complete, and does it decrypt with
 * the cluster security password we have?  One JSON line (or text block)
 * per set, then a summary.  Exit 0 only when every set is ok.  The job is
 * drs.verify.
 */
#include <limits.h>
#include <stdlib.h>

#include "fe_drs.h"

static const fe_tool tool = {
	"drs-verify",
	"[--password-file F | --password-env VAR] [--deep]\n"
	"                  [--kdf-budget N] [--jobs N] [--use-leaked-key] PATH...\n"
	"  PATH is a drfComponent.xml manifest, a set directory or a tree.\n"
	"  The password file may hold several candidates, one per line.\n",
	FE_CSV, NULL
};

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "deep", no_argument, NULL, 'd' },
		{ "password-file", required_argument, NULL, 'p' },
		{ "password-env", required_argument, NULL, 'e' },
		{ "jobs", required_argument, NULL, 'J' },
		{ "kdf-budget", required_argument, NULL, 'K' },
		{ "use-leaked-key", no_argument, NULL, 'L' },
		FE_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	const char *pwfile = NULL, *pwenv = NULL;
	json_t *args;
	fe_opts o;
	fe_drs d;
	int c;

	args = fe_main_init(&o, &tool);
	while ((c = fe_getopt(&o, argc, argv, longopts)) != -1) {
		switch (c) {
		case 'd': fe_args_ok(ik_args_set_bool(args, "deep", true)); break;
		case 'p': pwfile = optarg; break;
		case 'e': pwenv = optarg; break;
		case 'J':
			fe_args_ok(ik_args_set_int(args, "jobs",
			    fe_parse_long("--jobs", optarg, 1, 64)));
			break;
		case 'K':
			fe_args_ok(ik_args_set_int(args, "kdf_budget",
			    fe_parse_long("--kdf-budget", optarg, 1, LONG_MAX)));
			break;
		case 'L':
			fe_args_ok(ik_args_set_bool(args, "use_leaked_key",
			    true));
			break;
		default: fe_usage(&o, FE_EXIT_USAGE);
		}
	}
	fe_operands(&o, argc, "give at least one PATH (a manifest, a set or a tree)");
	fe_main_args(&o, args, argc, argv, 0);
	fe_drs_init(&d, &o);
	if (fe_drs_password(&d, pwfile, pwenv, "Cluster security password: ",
	    false, false) != 0) {
		json_decref(args);
		return FE_EXIT_USAGE;
	}
	return fe_drs_run(&d, "drs.verify", args);
}
