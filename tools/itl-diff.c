/*
 * itl-diff: compare the ITLs of a cluster's nodes, or two versions of one
 * node's ITL (the job itl.diff).
 */
#include "fe_main.h"

static const fe_tool tool = {
	"itl-diff",
	"[--publisher HOST] [--versions] [NODE=]FILE...\n",
	FE_CSV, NULL
};

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "publisher", required_argument, NULL, 'p' },
		{ "versions", no_argument, NULL, 'v' },
		FE_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	json_t *args;
	fe_opts o;
	int c;

	args = fe_main_init(&o, &tool);
	while ((c = fe_getopt(&o, argc, argv, longopts)) != -1) {
		switch (c) {
		case 'p': fe_args_ok(ik_args_set_str(args, "publisher", optarg));
		    break;
		case 'v': fe_args_ok(ik_args_set_bool(args, "versions", true));
		    break;
		default: fe_usage(&o, FE_EXIT_USAGE);
		}
	}
	fe_operands(&o, argc, "give the trust lists to compare: [NODE=]FILE...");
	return fe_main_job(&o, "itl.diff", args, argc, argv, FE_JOB_AT);
}
