/*
 * itl-phones: which phones hold which ITL, from DeviceTLInfo reports (the
 * job itl.phones).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "fe.h"
#include "fe_job.h"

static void
usage(int code)
{
	fprintf(code ? stderr : stdout,
	    "usage: itl-phones [--json|--csv] --itl [NODE=]FILE... [--history FILE...] EVENTS...\n");
	exit(code);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "csv", no_argument, NULL, 'c' },
		{ "itl", required_argument, NULL, 'i' },
		{ "history", required_argument, NULL, 'H' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	bool json = false, csv = false, ncur = false;
	ik_job_ctx jc;
	json_t *args;
	int c;

	fe_init("itl-phones");
	if ((args = json_object()) == NULL)
		fe_errx(FE_EXIT_USAGE, "out of memory");
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'j': json = true; break;
		case 'c': csv = true; break;
		case 'i': fe_args_ok(ik_args_append_str(args, "itl", optarg));
		    ncur = true; break;
		case 'H': fe_args_ok(ik_args_append_str(args, "history", optarg));
		    break;
		case 'h': usage(FE_EXIT_OK); break;
		case 'V': fe_version(); return FE_EXIT_OK;
		default: usage(FE_EXIT_USAGE);
		}
	}
	if (json && csv)
		fe_errx(FE_EXIT_USAGE, "--json and --csv exclude each other");
	if (optind >= argc || !ncur)
		usage(FE_EXIT_USAGE);
	for (c = optind; c < argc; c++)
		fe_args_ok(ik_args_append_str(args, "inputs", argv[c]));
	fe_job_ctx(&jc, json);
	jc.want_csv = csv;
	jc.want_text = !json && !csv;
	/* A large population is a large report: printed as it comes. */
	fe_job_stream(&jc);
	return fe_job_main("itl.phones", args, &jc);
}
