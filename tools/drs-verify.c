/*
 * drs-verify: is this DRS backup set complete, and does it decrypt with
 * the cluster security password we have?  One JSON line (or text block)
 * per set, then a summary.  Exit 0 only when every set is ok.
 */
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fe/fe_drs.h"
#include "ik_drs_render.h"

static void
usage(int code)
{
	fprintf(code ? stderr : stdout,
	    "usage: drs-verify [--json] [--deep] [--kdf-budget N] [--no-progress] [--jobs N]\n"
	    "                  [--password-file F | --password-env VAR] PATH...\n"
	    "  PATH is a drfComponent.xml manifest, a set directory or a tree.\n"
	    "  The password file may hold several candidates, one per line.\n");
	exit(code);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "deep", no_argument, NULL, 'd' },
		{ "password-file", required_argument, NULL, 'p' },
		{ "password-env", required_argument, NULL, 'e' },
		{ "no-progress", no_argument, NULL, 'n' },
		{ "jobs", required_argument, NULL, 'J' },
		{ "kdf-budget", required_argument, NULL, 'K' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const char *pwfile = NULL, *pwenv = NULL;
	fe_drs_run rn = { .tool = "drs-verify", .progress = true };
	ik_drs_opts o = { .hash = true };
	ik_secrets pw;
	int rc, c;

	fe_init("drs-verify");
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'j': rn.json = true; break;
		case 'd': o.deep = true; break;
		case 'p': pwfile = optarg; break;
		case 'e': pwenv = optarg; break;
		case 'n': rn.progress = false; break;
		case 'J': o.jobs = (unsigned)fe_parse_long("--jobs", optarg, 1, 64);
			break;
		case 'K': o.kdf_budget = fe_parse_long("--kdf-budget", optarg, 1,
			    LONG_MAX);
			break;
		case 'h': usage(FE_EXIT_OK); break;
		case 'V': fe_version(); return FE_EXIT_OK;
		default: usage(FE_EXIT_USAGE);
		}
	}
	if (optind >= argc)
		usage(FE_EXIT_USAGE);
	ik_secrets_init(&pw);
	/* Without a password the sets are still listed and hashed. */
	if ((pwfile || pwenv || isatty(STDIN_FILENO)) &&
	    fe_secrets(pwfile, pwenv, true, "Cluster security password: ",
	    &pw) != 0)
		return FE_EXIT_USAGE;
	o.passwords = &pw;
	rc = fe_drs_batch(&rn, argv + optind, (size_t)(argc - optind), &o);
	ik_secrets_free(&pw);
	return rc;
}
