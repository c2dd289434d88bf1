/*
 * itl-trust: will phones holding an installed ITL accept a candidate (the
 * job itl.trust)?
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "fe.h"
#include "fe_job.h"

#define MAX_INSTALLED 256

static void
usage(int code)
{
	fprintf(code ? stderr : stdout,
	    "usage: itl-trust [--json] --installed [NAME=]FILE|none... --candidate FILE\n");
	exit(code);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "installed", required_argument, NULL, 'i' },
		{ "candidate", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const char *cand = NULL;
	size_t ninst = 0;
	bool json = false;
	ik_job_ctx jc;
	json_t *args;
	int c;

	fe_init("itl-trust");
	if ((args = json_object()) == NULL)
		fe_errx(FE_EXIT_USAGE, "out of memory");
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'j': json = true; break;
		case 'i':
			if (ninst++ == MAX_INSTALLED)
				fe_errx(FE_EXIT_USAGE, "at most %d --installed",
				    MAX_INSTALLED);
			fe_args_ok(ik_args_append_str(args, "installed", optarg));
			break;
		case 'c': cand = optarg; break;
		case 'h': usage(FE_EXIT_OK); break;
		case 'V': fe_version(); return FE_EXIT_OK;
		default: usage(FE_EXIT_USAGE);
		}
	}
	if (optind != argc || cand == NULL || ninst == 0)
		usage(FE_EXIT_USAGE);
	fe_args_ok(ik_args_set_str(args, "candidate", cand));
	fe_job_ctx(&jc, json);
	return fe_job_main("itl.trust", args, &jc);
}
