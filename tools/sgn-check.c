/*
 * sgn-check: signed files phones download (SEP<MAC>.cnf.xml.sgn,
 * .enc.sgn, firmware and ringer files): the header, the payload, and
 * whether phones holding the given trust lists accept them (the job
 * sgn.check).
 */
#include "fe_main.h"

#define MAX_ITLS 256

static const fe_tool tool = {
	"sgn-check",
	"[--itl FILE]... [--extract OUT] [--key KEY] FILE...\n",
	0, "sgn-check reports each file in turn, no table (use --json)"
};

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "itl", required_argument, NULL, 'i' },
		{ "extract", required_argument, NULL, 'x' },
		{ "key", required_argument, NULL, 'k' },
		FE_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	const char *out = NULL;
	size_t nitl = 0;
	json_t *args;
	fe_opts o;
	int c;

	args = fe_main_init(&o, &tool);
	while ((c = fe_getopt(&o, argc, argv, longopts)) != -1) {
		switch (c) {
		case 'i': fe_args_add_max(args, "itl", optarg, &nitl, MAX_ITLS);
		    break;
		case 'x': out = optarg; break;
		case 'k': fe_args_ok(ik_args_set_str(args, "key", optarg)); break;
		default: fe_usage(&o, FE_EXIT_USAGE);
		}
	}
	fe_operands(&o, argc, "give at least one FILE to check");
	if (out != NULL && argc - optind > 1)
		fe_usage_error(&o, "--extract takes a single FILE");
	if (out != NULL)
		fe_args_ok(ik_args_set_str(args, "extract", out));
	return fe_main_job(&o, "sgn.check", args, argc, argv, 0);
}
