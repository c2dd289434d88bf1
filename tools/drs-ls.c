/*
 * drs-ls: list DRS backup sets without a password: what each set should
 * hold, what is there, and each component's container, trailing text and
 * SHA-1.  Exit 1 when a set is incomplete or corrupt.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "fe/fe_drs.h"
#include "ik_drs_render.h"

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
	fe_drs_run rn = { .tool = "drs-ls", .progress = true,
	    .unverified_ok = true };
	ik_drs_opts o = { .hash = true };
	int c;

	fe_init("drs-ls");
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'j': rn.json = true; break;
		case 'n': rn.progress = false; break;
		case 'J': o.jobs = (unsigned)fe_parse_long("--jobs", optarg, 1, 64);
			break;
		case 'h': usage(FE_EXIT_OK); break;
		case 'V': fe_version(); return FE_EXIT_OK;
		default: usage(FE_EXIT_USAGE);
		}
	}
	if (optind >= argc)
		usage(FE_EXIT_USAGE);
	return fe_drs_batch(&rn, argv + optind, (size_t)(argc - optind), &o);
}
