/*
 * itl-trust: will phones holding an installed ITL accept a candidate (the
 * job itl.trust)?
 */
#include "fe_main.h"

#define MAX_INSTALLED 256

static const fe_tool tool = {
	"itl-trust",
	"--installed [NAME=]FILE|none [--installed [NAME=]FILE|none]...\n"
	"                 --candidate FILE\n",
	0, "itl-trust gives one verdict per installed list, no table (use --json)"
};

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "installed", required_argument, NULL, 'i' },
		{ "candidate", required_argument, NULL, 'c' },
		FE_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	const char *cand = NULL;
	size_t ninst = 0;
	json_t *args;
	fe_opts o;
	int c;

	args = fe_main_init(&o, &tool);
	while ((c = fe_getopt(&o, argc, argv, longopts)) != -1) {
		switch (c) {
		case 'i': fe_args_add_max(args, "installed", optarg, &ninst,
		    MAX_INSTALLED); break;
		case 'c': cand = optarg; break;
		default: fe_usage(&o, FE_EXIT_USAGE);
		}
	}
	if (ninst == 0)
		fe_usage_error(&o, "--installed is required: the ITL phones hold "
		    "([NAME=]FILE, or none)");
	if (cand == NULL)
		fe_usage_error(&o, "--candidate is required: the ITL to be served");
	if (optind != argc)
		fe_usage_error(&o, "unexpected operand '%s': the candidate is "
		    "given as --candidate FILE", argv[optind]);
	fe_args_ok(ik_args_set_str(args, "candidate", cand));
	return fe_main_job(&o, "itl.trust", args, argc, argv, 0);
}
