/*
 * drs-ls: list DRS backup sets without a password: what each set should
 * hold, what is there, and each component's container, trailing text and
 * SHA-1.  Exit 1 when a set is incomplete or corrupt.  The job is drs.ls.
 */
#include <stdlib.h>

#include "fe_drs.h"

static const fe_tool tool = {
	"drs-ls",
	"[--jobs N] PATH...\n"
	"  PATH is a drfComponent.xml manifest, a set directory or a tree.\n",
	FE_CSV, NULL
};

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "jobs", required_argument, NULL, 'J' },
		FE_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	json_t *args;
	fe_opts o;
	fe_drs d;
	int c;

	args = fe_main_init(&o, &tool);
	while ((c = fe_getopt(&o, argc, argv, longopts)) != -1) {
		switch (c) {
		case 'J':
			fe_args_ok(ik_args_set_int(args, "jobs",
			    fe_parse_long("--jobs", optarg, 1, 64)));
			break;
		default: fe_usage(&o, FE_EXIT_USAGE);
		}
	}
	fe_operands(&o, argc, "give at least one PATH (a manifest, a set or a tree)");
	fe_main_args(&o, args, argc, argv, 0);
	fe_drs_init(&d, &o);
	return fe_drs_run(&d, "drs.ls", args);
}
