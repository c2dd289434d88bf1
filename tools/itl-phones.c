/*
 * itl-phones: which phones hold which ITL, from DeviceTLInfo reports (the
 * job itl.phones).
 */
#include <stdio.h>
#include <stdlib.h>

#include "fe.h"
#include "fe_job.h"
#include "fe_opts.h"

static const fe_tool tool = {
	"itl-phones",
	"--itl [NODE=]FILE [--itl [NODE=]FILE]... [--history FILE]...\n"
	"                  EVENTS...\n",
	FE_CSV, NULL
};

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "itl", required_argument, NULL, 'i' },
		{ "history", required_argument, NULL, 'H' },
		FE_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	bool ncur = false;
	ik_job_ctx jc;
	json_t *args;
	fe_opts o;
	int c;

	fe_opts_init(&o, &tool);
	if ((args = json_object()) == NULL)
		fe_errx(FE_EXIT_USAGE, "out of memory");
	while ((c = fe_getopt(&o, argc, argv, longopts)) != -1) {
		switch (c) {
		case 'i': fe_args_ok(ik_args_append_str(args, "itl", optarg));
		    ncur = true; break;
		case 'H': fe_args_ok(ik_args_append_str(args, "history", optarg));
		    break;
		default: fe_usage(&o, FE_EXIT_USAGE);
		}
	}
	if (!ncur)
		fe_usage_error(&o, "--itl is required: the ITL the cluster serves now");
	if (optind >= argc)
		fe_usage_error(&o, "give at least one EVENTS file (DeviceTLInfo alarms)");
	fe_opts_done(&o);
	for (c = optind; c < argc; c++)
		fe_args_ok(ik_args_append_str(args, "inputs", argv[c]));
	fe_opts_ctx(&o, &jc);
	/* A large population is a large report: printed as it comes. */
	fe_job_stream(&jc);
	return fe_job_main("itl.phones", args, &jc);
}
