/*
 * drs-extract: decrypt a verified DRS set and extract it safely into a
 * folder, with MANIFEST.json listing what was written (SHA-256, origin)
 * and what was refused ("..", links leading out, devices; absolute paths
 * only with --no-rebase: by default they go under the folder).  The set
 * is judged as drs-verify judges it; status and exit say so.  The job is
 * drs.extract.
 */
#include <limits.h>
#include <stdlib.h>

#include "fe_drs.h"

#define MAX_LIST 64

static const fe_tool tool = {
	"drs-extract",
	"[--password-file F | --password-env VAR] --out-dir DIR\n"
	"                   [--component NAME]... [--member GLOB]... [--artifacts]\n"
	"                   [--no-rebase] [--allow-mismatch] [--max-bytes N]\n"
	"                   [--force] [--use-leaked-key] SET\n"
	"  --out DIR is the older spelling of --out-dir DIR, and --rebase-absolute\n"
	"  that of the default (absolute member paths extracted under DIR).\n",
	0, "drs-extract writes files, it prints no table (use --json)"
};

static void
add(json_t *args, const char *name, size_t *n, const char *v)
{
	if (*n >= MAX_LIST)
		fe_errx(FE_EXIT_USAGE, "at most %d --component or --member options",
		    MAX_LIST);
	(*n)++;
	fe_args_ok(ik_args_append_str(args, name, v));
}

/* Refused members are most often CUCM's absolute paths: say what helps. */
static void
note(const ik_job_result *res, void *arg, ik_sb *out)
{
	json_t *line = json_array_get(res->lines, 0);
	const bool *rebase = arg;

	if (json_integer_value(json_object_get(line, "refused")) > 0 &&
	    !*rebase)
		ik_sb_puts(out, "note: CUCM tars hold absolute member paths; "
		    "without --no-rebase they are extracted under DIR\n");
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "password-file", required_argument, NULL, 'p' },
		{ "password-env", required_argument, NULL, 'e' },
		{ "component", required_argument, NULL, 'c' },
		{ "member", required_argument, NULL, 'm' },
		{ "artifacts", no_argument, NULL, 'a' },
		{ "no-rebase", no_argument, NULL, 'N' },
		{ "rebase-absolute", no_argument, NULL, 'r' },
		{ "force", no_argument, NULL, 'f' },
		{ "allow-mismatch", no_argument, NULL, 'M' },
		{ "max-bytes", required_argument, NULL, 'B' },
		{ "use-leaked-key", no_argument, NULL, 'L' },
		FE_OUT_DIR_OPTION,
		/* The older spelling: a folder, never a file. */
		{ "out", required_argument, NULL, FE_O_OUT_DIR },
		FE_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	const char *pwfile = NULL, *pwenv = NULL;
	bool rebase, norebase = false, absolute = false, leaked = false;
	size_t nc = 0, nm = 0;
	json_t *args;
	fe_opts o;
	fe_drs d;
	int c;

	args = fe_main_init(&o, &tool);
	fe_exists_hint = " (--force to add to it)";
	while ((c = fe_getopt(&o, argc, argv, longopts)) != -1) {
		switch (c) {
		case 'p': pwfile = optarg; break;
		case 'e': pwenv = optarg; break;
		case 'c': add(args, "component", &nc, optarg); break;
		case 'm': add(args, "member", &nm, optarg); break;
		case 'a': fe_args_ok(ik_args_set_bool(args, "artifacts", true));
		    break;
		case 'N': norebase = true; break;
		case 'r': absolute = true; break;
		case 'f': fe_args_ok(ik_args_set_bool(args, "force", true));
		    break;
		case 'M':
			fe_args_ok(ik_args_set_bool(args, "allow_mismatch",
			    true));
			break;
		case 'B':
			fe_args_ok(ik_args_set_int(args, "max_bytes",
			    fe_parse_long("--max-bytes", optarg, 1, LONG_MAX)));
			break;
		case 'L':
			leaked = true;
			fe_args_ok(ik_args_set_bool(args, "use_leaked_key",
			    true));
			break;
		default: fe_usage(&o, FE_EXIT_USAGE);
		}
	}
	if (norebase && absolute)
		fe_usage_error(&o, "--no-rebase and --rebase-absolute exclude each other");
	if (o.out_dir == NULL)
		fe_usage_error(&o, "--out-dir is required: the folder to extract into");
	fe_one_operand(&o, argc, argv, "SET", "the SET to extract (a manifest or a set directory)");
	fe_opts_done(&o);
	rebase = !norebase;
	fe_args_ok(ik_args_set_str(args, "out_dir", o.out_dir));
	fe_args_ok(ik_args_set_bool(args, "rebase_absolute", rebase));
	fe_args_ok(ik_args_set_str(args, "input", argv[optind]));
	fe_drs_init(&d, &o);
	/* The note needs the counts: the JSON line comes with the text. */
	d.ctx.want_json = true;
	d.text_note = note;
	d.note_arg = &rebase;
	if (fe_drs_password(&d, pwfile, pwenv, "Cluster security password: ",
	    false, !leaked) != 0) {
		json_decref(args);
		return FE_EXIT_USAGE;
	}
	return fe_drs_run(&d, "drs.extract", args);
}
