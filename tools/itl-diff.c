/*
 * itl-diff: compare the ITLs of a cluster's nodes, or two versions of one
 * node's ITL (the job itl.diff).
 */
#include <stdio.h>
#include <stdlib.h>

#include "fe.h"
#include "fe_job.h"
#include "fe_opts.h"

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
	ik_job_ctx jc;
	json_t *args;
	fe_opts o;
	int c;

	fe_opts_init(&o, &tool);
	if ((args = json_object()) == NULL)
		fe_errx(FE_EXIT_USAGE, "out of memory");
	while ((c = fe_getopt(&o, argc, argv, longopts)) != -1) {
		switch (c) {
		case 'p': fe_args_ok(ik_args_set_str(args, "publisher", optarg));
		    break;
		case 'v': fe_args_ok(ik_args_set_bool(args, "versions", true));
		    break;
		default: fe_usage(&o, FE_EXIT_USAGE);
		}
	}
	if (optind >= argc)
		fe_usage_error(&o, "give the trust lists to compare: [NODE=]FILE...");
	fe_opts_done(&o);
	fe_args_ok(ik_args_set_str(args, "at", o.at));
	for (c = optind; c < argc; c++)
		fe_args_ok(ik_args_append_str(args, "inputs", argv[c]));
	fe_opts_ctx(&o, &jc);
	return fe_job_main("itl.diff", args, &jc);
}
