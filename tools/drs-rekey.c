/*
 * drs-rekey: re-encrypt a set's manifest values for a new cluster
 * security password (a restore onto a cluster whose password changed).
 * The old password must verify the set; component files are not touched;
 * the new manifest is written atomically and never over an existing file
 * without --force.  The job is drs.rekey.
 */
#include <stdlib.h>

#include "fe_drs.h"

static const fe_tool tool = {
	"drs-rekey",
	"[--password-file OLD | --password-env VAR | --from-leaked-key]\n"
	"                 [--new-password-file NEW | --new-password-env VAR]\n"
	"                 --out FILE [--force] SET\n",
	0, "drs-rekey writes a manifest, it prints no table (use --json)"
};

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "password-file", required_argument, NULL, 'p' },
		{ "password-env", required_argument, NULL, 'e' },
		{ "new-password-file", required_argument, NULL, 'P' },
		{ "new-password-env", required_argument, NULL, 'E' },
		{ "force", no_argument, NULL, 'f' },
		{ "from-leaked-key", no_argument, NULL, 'L' },
		FE_OUT_OPTION,
		FE_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	const char *pwfile = NULL, *pwenv = NULL, *newfile = NULL, *newenv = NULL;
	bool leaked = false;
	json_t *args;
	fe_opts o;
	fe_drs d;
	ik_sb bytes;
	int c;

	args = fe_main_init(&o, &tool);
	while ((c = fe_getopt(&o, argc, argv, longopts)) != -1) {
		switch (c) {
		case 'p': pwfile = optarg; break;
		case 'e': pwenv = optarg; break;
		case 'P': newfile = optarg; break;
		case 'E': newenv = optarg; break;
		case 'f': fe_args_ok(ik_args_set_bool(args, "force", true));
		    break;
		case 'L':
			leaked = true;
			fe_args_ok(ik_args_set_bool(args, "from_leaked_key",
			    true));
			break;
		default: fe_usage(&o, FE_EXIT_USAGE);
		}
	}
	if (o.out == NULL)
		fe_usage_error(&o, "--out is required: the new manifest to write");
	fe_one_operand(&o, argc, argv, "SET", "the SET to re-key (a manifest or a set directory)");
	fe_opts_done(&o);
	fe_args_ok(ik_args_set_str(args, "out", o.out));
	fe_args_ok(ik_args_set_str(args, "input", argv[optind]));
	/* No progress: the set is read once, the manifest is small. */
	o.progress = false;
	fe_drs_init(&d, &o);
	ik_sb_init(&bytes);
	fe_out_stdout(&o, &d.ctx, &bytes, "the manifest");
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
	c = fe_out_flush(&bytes, fe_drs_run(&d, "drs.rekey", args));
	ik_sb_free(&bytes);
	return c;
}
