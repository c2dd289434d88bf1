/*
 * sgn-check: signed files phones download (SEP<MAC>.cnf.xml.sgn,
 * .enc.sgn, firmware and ringer files): the header, the payload, and
 * whether phones holding the given trust lists accept them (the job
 * sgn.check).
 */
#include <stdio.h>
#include <stdlib.h>

#include "fe.h"
#include "fe_job.h"
#include "fe_opts.h"

#define MAX_ITLS 256

static const fe_tool tool = {
	"sgn-check",
	"[--itl FILE]... [--extract OUT] [--key KEY] FILE...\n",
	0, "sgn-check has no CSV table in this build (use --json)"
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
	ik_job_ctx jc;
	json_t *args;
	fe_opts o;
	int c;

	fe_opts_init(&o, &tool);
	if ((args = json_object()) == NULL)
		fe_errx(FE_EXIT_USAGE, "out of memory");
	while ((c = fe_getopt(&o, argc, argv, longopts)) != -1) {
		switch (c) {
		case 'i':
			if (nitl++ == MAX_ITLS)
				fe_errx(FE_EXIT_USAGE, "at most %d --itl",
				    MAX_ITLS);
			fe_args_ok(ik_args_append_str(args, "itl", optarg));
			break;
		case 'x': out = optarg; break;
		case 'k': fe_args_ok(ik_args_set_str(args, "key", optarg)); break;
		default: fe_usage(&o, FE_EXIT_USAGE);
		}
	}
	if (optind >= argc)
		fe_usage_error(&o, "give at least one FILE to check");
	if (out != NULL && argc - optind > 1)
		fe_errx(FE_EXIT_USAGE, "--extract takes one FILE");
	fe_opts_done(&o);
	if (out != NULL)
		fe_args_ok(ik_args_set_str(args, "extract", out));
	for (; optind < argc; optind++)
		fe_args_ok(ik_args_append_str(args, "inputs", argv[optind]));
	fe_opts_ctx(&o, &jc);
	return fe_job_main("sgn.check", args, &jc);
}
