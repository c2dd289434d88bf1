/*
 * drs-extract: decrypt a verified DRS set and extract it safely into a
 * folder, with MANIFEST.json listing what was written (SHA-256, origin)
 * and what was refused (absolute paths, "..", links leading out, devices).
 * The set is judged as drs-verify judges it; status and exit say so.  The
 * job is drs.extract.
 */
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>

#include "fe_drs.h"

#define MAX_LIST 64

static void
usage(int code)
{
	fprintf(code ? stderr : stdout,
	    "usage: drs-extract [--password-file F | --password-env VAR] --out DIR\n"
	    "                   [--component NAME]... [--member GLOB]... [--artifacts]\n"
	    "                   [--rebase-absolute] [--allow-mismatch] [--max-bytes N]\n"
	    "                   [--force] [--json] [--no-progress] [--use-leaked-key] SET\n");
	exit(code);
}

static int
add(json_t *args, const char *name, size_t *n, const char *v)
{
	if (*n >= MAX_LIST)
		fe_errx(FE_EXIT_USAGE, "at most %d --component or --member options",
		    MAX_LIST);
	(*n)++;
	return ik_args_append_str(args, name, v);
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
		    "--rebase-absolute extracts them under DIR\n");
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "password-file", required_argument, NULL, 'p' },
		{ "password-env", required_argument, NULL, 'e' },
		{ "out", required_argument, NULL, 'o' },
		{ "component", required_argument, NULL, 'c' },
		{ "member", required_argument, NULL, 'm' },
		{ "artifacts", no_argument, NULL, 'a' },
		{ "rebase-absolute", no_argument, NULL, 'r' },
		{ "force", no_argument, NULL, 'f' },
		{ "allow-mismatch", no_argument, NULL, 'M' },
		{ "max-bytes", required_argument, NULL, 'B' },
		{ "use-leaked-key", no_argument, NULL, 'L' },
		{ "json", no_argument, NULL, 'j' },
		{ "no-progress", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const char *pwfile = NULL, *pwenv = NULL;
	bool json = false, progress = true, rebase = false, out = false;
	bool leaked = false;
	size_t nc = 0, nm = 0;
	int c, bad = 0;
	json_t *args;
	fe_drs d;

	fe_init("drs-extract");
	fe_exists_hint = " (--force to add to it)";
	args = json_object();
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'p': pwfile = optarg; break;
		case 'e': pwenv = optarg; break;
		case 'o':
			out = true;
			bad |= ik_args_set_str(args, "out", optarg);
			break;
		case 'c': bad |= add(args, "component", &nc, optarg); break;
		case 'm': bad |= add(args, "member", &nm, optarg); break;
		case 'a': bad |= ik_args_set_bool(args, "artifacts", true); break;
		case 'r':
			rebase = true;
			bad |= ik_args_set_bool(args, "rebase_absolute", true);
			break;
		case 'f': bad |= ik_args_set_bool(args, "force", true); break;
		case 'L':
			leaked = true;
			bad |= ik_args_set_bool(args, "use_leaked_key", true);
			break;
		case 'M':
			bad |= ik_args_set_bool(args, "allow_mismatch", true);
			break;
		case 'B':
			bad |= ik_args_set_int(args, "max_bytes",
			    fe_parse_long("--max-bytes", optarg, 1, LONG_MAX));
			break;
		case 'j': json = true; break;
		case 'n': progress = false; break;
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
	fe_drs_init(&d, json, progress);
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
