/*
 * sgn-check: signed files phones download (SEP<MAC>.cnf.xml.sgn,
 * .enc.sgn, firmware and ringer files): the header, the payload, and
 * whether phones holding the given trust lists accept them (the job
 * sgn.check).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "fe.h"
#include "fe_job.h"

#define MAX_ITLS 256

static void
usage(int code)
{
	fprintf(code ? stderr : stdout,
	    "usage: sgn-check [--json] [--itl FILE]... [--extract OUT] [--key KEY] FILE...\n");
	exit(code);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "itl", required_argument, NULL, 'i' },
		{ "extract", required_argument, NULL, 'x' },
		{ "key", required_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const char *out = NULL;
	size_t nitl = 0;
	bool json = false;
	ik_job_ctx jc;
	json_t *args;
	int c;

	fe_init("sgn-check");
	if ((args = json_object()) == NULL)
		fe_errx(FE_EXIT_USAGE, "out of memory");
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'j': json = true; break;
		case 'i':
			if (nitl++ == MAX_ITLS)
				fe_errx(FE_EXIT_USAGE, "at most %d --itl",
				    MAX_ITLS);
			fe_args_ok(ik_args_append_str(args, "itl", optarg));
			break;
		case 'x': out = optarg; break;
		case 'k': fe_args_ok(ik_args_set_str(args, "key", optarg)); break;
		case 'h': usage(FE_EXIT_OK); break;
		case 'V': fe_version(); return FE_EXIT_OK;
		default: usage(FE_EXIT_USAGE);
		}
	}
	if (optind >= argc)
		usage(FE_EXIT_USAGE);
	if (out != NULL && argc - optind > 1)
		fe_errx(FE_EXIT_USAGE, "--extract takes one FILE");
	if (out != NULL)
		fe_args_ok(ik_args_set_str(args, "extract", out));
	for (; optind < argc; optind++)
		fe_args_ok(ik_args_append_str(args, "inputs", argv[optind]));
	fe_job_ctx(&jc, json);
	return fe_job_main("sgn.check", args, &jc);
}
