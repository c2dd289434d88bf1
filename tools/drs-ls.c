/*
 * drs-ls: list DRS backup sets without a password: what each set should
 * hold, what is there, and each component's container, trailing text and
 * SHA-1.  Exit 1 when a set is incomplete or corrupt.  The job is drs.ls.
 */
#include <getopt.h>
#include <stdlib.h>

#include "fe_drs.h"

static void
usage(int code)
{
	fprintf(code ? stderr : stdout,
	    "usage: drs-ls [--json] [--no-progress] [--jobs N] PATH...\n"
	    "  PATH is a drfComponent.xml manifest, a set directory or a tree.\n");
	exit(code);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "no-progress", no_argument, NULL, 'n' },
		{ "jobs", required_argument, NULL, 'J' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	bool json = false, progress = true;
	int c, i, bad = 0;
	json_t *args;
	fe_drs d;

	fe_init("drs-ls");
	args = json_object();
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'j': json = true; break;
		case 'n': progress = false; break;
		case 'J':
			bad |= ik_args_set_int(args, "jobs",
			    fe_parse_long("--jobs", optarg, 1, 64));
			break;
		case 'h': usage(FE_EXIT_OK); break;
		case 'V':
			json_decref(args);
			fe_version();
			return FE_EXIT_OK;
		default: usage(FE_EXIT_USAGE);
		}
	}
	if (optind >= argc)
		usage(FE_EXIT_USAGE);
	for (i = optind; i < argc; i++)
		bad |= ik_args_append_str(args, "inputs", argv[i]);
	if (bad != 0)
		fe_errx(FE_EXIT_USAGE, "out of memory");
	fe_drs_init(&d, json, progress);
	return fe_drs_run(&d, "drs.ls", args);
}
