/*
 * itl-phones: which phones hold which ITL, from DeviceTLInfo reports (the
 * job itl.phones).
 */
#include "fe_main.h"

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
	json_t *args;
	fe_opts o;
	int c;

	args = fe_main_init(&o, &tool);
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
	fe_operands(&o, argc, "give at least one EVENTS file (DeviceTLInfo alarms)");
	/* A large population is a large report: printed as it comes. */
	return fe_main_job(&o, "itl.phones", args, argc, argv, FE_JOB_STREAM);
}
