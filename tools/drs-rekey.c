/*
 * drs-rekey: re-encrypt a set's manifest values for a new cluster
 * security password (a restore onto a cluster whose password changed).
 * The old password must verify the set; component files are not touched;
 * the new manifest is written atomically and never over an existing file
 * without --force.  The job is drs.rekey.
 */
#include <getopt.h>
#include <stdlib.h>

#include "fe_drs.h"

static void
usage(int code)
{
	fprintf(code ? stderr : stdout,
	    "usage: drs-rekey [--password-file OLD | --password-env VAR | --from-leaked-key]\n"
	    "                 [--new-password-file NEW | --new-password-env VAR]\n"
	    "                 --out NEW_MANIFEST [--force] [--json] SET\n");
	exit(code);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "password-file", required_argument, NULL, 'p' },
		{ "password-env", required_argument, NULL, 'e' },
		{ "new-password-file", required_argument, NULL, 'P' },
		{ "new-password-env", required_argument, NULL, 'E' },
		{ "out", required_argument, NULL, 'o' },
		{ "force", no_argument, NULL, 'f' },
		{ "from-leaked-key", no_argument, NULL, 'L' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const char *pwfile = NULL, *pwenv = NULL, *newfile = NULL, *newenv = NULL;
	bool json = false, out = false, leaked = false;
	int c, bad = 0;
	json_t *args;
	fe_drs d;

	fe_init("drs-rekey");
	args = json_object();
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'p': pwfile = optarg; break;
		case 'e': pwenv = optarg; break;
		case 'P': newfile = optarg; break;
		case 'E': newenv = optarg; break;
		case 'o':
			out = true;
			bad |= ik_args_set_str(args, "out", optarg);
			break;
		case 'f': bad |= ik_args_set_bool(args, "force", true); break;
		case 'L':
			leaked = true;
			bad |= ik_args_set_bool(args, "from_leaked_key", true);
			break;
		case 'j': json = true; break;
		case 'h': usage(FE_EXIT_OK); break;
		case 'V':
			json_decref(args);
			fe_version();
			return FE_EXIT_OK;
		default: usage(FE_EXIT_USAGE);
		}
	}
	if (optind != argc - 1 || !out)
		usage(FE_EXIT_USAGE);
	bad |= ik_args_set_str(args, "input", argv[optind]);
	if (bad != 0)
		fe_errx(FE_EXIT_USAGE, "out of memory");
	/* No progress: the set is read once, the manifest is small. */
	fe_drs_init(&d, json, false);
	/* From leaked keys the old password is not asked for, only used
	 * when given. */
	if ((!leaked || pwfile != NULL || pwenv != NULL) &&
	    fe_drs_password(&d, pwfile, pwenv,
	    "Old cluster security password: ", false, !leaked) != 0) {
		json_decref(args);
		return FE_EXIT_USAGE;
	}
	if (fe_drs_password(&d, newfile, newenv,
	    "New cluster security password: ", true, true) != 0) {
		json_decref(args);
		return FE_EXIT_USAGE;
	}
	return fe_drs_run(&d, "drs.rekey", args);
}
