/*
 * case-triage: a customer's whole bundle in (folders, files, archives),
 * the story of the case out: the headlines on standard output, case.md,
 * case.html and case.json in the output folder.
 */
#include <string.h>

#include "fe_main.h"
#include "ik_case.h"

static const fe_tool tool = {
	"case-triage",
	"[--password-file F] [--cluster-password-file F] [--publisher HOST]\n"
	"                   [--out-dir DIR] [--format md|html|all] INPUT...\n",
	0, "case-triage writes its reports as files, it prints no table "
	"(use --json)"
};

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "password-file", required_argument, NULL, 'p' },
		{ "cluster-password-file", required_argument, NULL, 'c' },
		{ "publisher", required_argument, NULL, 'P' },
		{ "format", required_argument, NULL, 'f' },
		FE_COMMON_OPTIONS,
		FE_OUT_DIR_OPTION,
		{ NULL, 0, NULL, 0 }
	};
	const char *pw = NULL, *cpw = NULL;
	ik_secrets cand, cluster;
	ik_job_ctx jc;
	json_t *args;
	fe_opts o;
	int c, code;

	args = fe_main_init(&o, &tool);
	while ((c = fe_getopt(&o, argc, argv, longopts)) != -1) {
		switch (c) {
		case 'p': pw = optarg; break;
		case 'c': cpw = optarg; break;
		case 'P': fe_args_ok(ik_args_set_str(args, "publisher", optarg));
		    break;
		case 'f':
			if (strcmp(optarg, "md") != 0 &&
			    strcmp(optarg, "html") != 0 &&
			    strcmp(optarg, "all") != 0)
				fe_errx(FE_EXIT_USAGE,
				    "--format is md, html or all");
			fe_args_ok(ik_args_set_str(args, "format", optarg));
			break;
		default: fe_usage(&o, FE_EXIT_USAGE);
		}
	}
	fe_operands(&o, argc, "give at least one INPUT (a folder, file or "
	    "archive of the bundle)");
	if (o.out_dir != NULL)
		fe_args_ok(ik_args_set_str(args, "out_dir", o.out_dir));
	/* The files are named in the inventory; their contents go nowhere. */
	if (pw != NULL)
		fe_args_ok(ik_args_append_str(args, "password_lists", pw));
	if (cpw != NULL)
		fe_args_ok(ik_args_append_str(args, "password_lists", cpw));
	/* One "now" for every job of the run. */
	fe_main_args(&o, args, argc, argv, FE_JOB_AT);
	fe_opts_ctx(&o, &jc);
	ik_secrets_init(&cand);
	ik_secrets_init(&cluster);
	if ((pw != NULL && fe_secrets(pw, NULL, true, NULL, &cand) != 0) ||
	    (cpw != NULL && fe_secrets(cpw, NULL, false, NULL, &cluster) != 0)) {
		ik_secrets_free(&cand);
		ik_secrets_free(&cluster);
		json_decref(args);
		return FE_EXIT_USAGE;
	}
	jc.secrets = pw != NULL ? &cand : NULL;
	jc.secrets2 = cpw != NULL ? &cluster : NULL;
	code = fe_job_main_by(ik_case_job_run, "case.triage", args, &jc);
	ik_secrets_free(&cand);
	ik_secrets_free(&cluster);
	return code;
}
