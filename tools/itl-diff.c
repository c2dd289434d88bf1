/*
 * itl-diff: compare the ITLs of a cluster's nodes, or two versions of one
 * node's ITL (the job itl.diff).
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
	    "usage: itl-diff [--json] [--publisher HOST] [--versions] [--at TIME] [NODE=]FILE...\n");
	exit(code);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "publisher", required_argument, NULL, 'p' },
		{ "versions", no_argument, NULL, 'v' },
		{ "at", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const char *at = NULL;
	bool json = false;
	ik_job_ctx jc;
	json_t *args;
	char now[32];
	int c;

	fe_init("itl-diff");
	if ((args = json_object()) == NULL)
		fe_errx(FE_EXIT_USAGE, "out of memory");
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'j': json = true; break;
		case 'p': fe_args_ok(ik_args_set_str(args, "publisher", optarg));
		    break;
		case 'v': fe_args_ok(ik_args_set_bool(args, "versions", true));
		    break;
		case 'a': (void)fe_parse_at(optarg); at = optarg; break;
		case 'h': usage(FE_EXIT_OK); break;
		case 'V': fe_version(); return FE_EXIT_OK;
		default: usage(FE_EXIT_USAGE);
		}
	}
	if (optind >= argc)
		usage(FE_EXIT_USAGE);
	if (at == NULL) {
		ik_time_format(time(NULL), now, sizeof(now));
		at = now;
	}
	fe_args_ok(ik_args_set_str(args, "at", at));
	for (c = optind; c < argc; c++)
		fe_args_ok(ik_args_append_str(args, "inputs", argv[c]));
	fe_job_ctx(&jc, json);
	return fe_job_main("itl.diff", args, &jc);
}
