/*
 * case-triage: a customer's whole bundle in (folders, files, archives),
 * the story of the case out: the headlines on standard output, case.md,
 * case.html and case.json in the output folder.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fe.h"
#include "fe_job.h"
#include "ik_case.h"

static void
usage(int code)
{
	fprintf(code ? stderr : stdout,
	    "usage: case-triage [--password-file F] [--cluster-password-file F] "
	    "[--publisher HOST]\n"
	    "                   [--at TIME] [--out-dir DIR] [--json] "
	    "[--format md|html|all] INPUT...\n");
	exit(code);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "password-file", required_argument, NULL, 'p' },
		{ "cluster-password-file", required_argument, NULL, 'c' },
		{ "publisher", required_argument, NULL, 'P' },
		{ "at", required_argument, NULL, 'a' },
		{ "out-dir", required_argument, NULL, 'o' },
		{ "json", no_argument, NULL, 'j' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const char *pw = NULL, *cpw = NULL, *at = NULL;
	ik_secrets cand, cluster;
	ik_job_result res;
	ik_job_ctx jc;
	ik_sb out, errs;
	json_t *args;
	bool json = false;
	char now[32];
	int c, i, bad = 0, code;

	fe_init("case-triage");
	if ((args = json_object()) == NULL)
		fe_errx(FE_EXIT_USAGE, "out of memory");
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'p': pw = optarg; break;
		case 'c': cpw = optarg; break;
		case 'P': bad |= ik_args_set_str(args, "publisher", optarg);
		    break;
		case 'a': (void)fe_parse_at(optarg); at = optarg; break;
		case 'o': bad |= ik_args_set_str(args, "out_dir", optarg);
		    break;
		case 'j': json = true; break;
		case 'f':
			if (strcmp(optarg, "md") != 0 &&
			    strcmp(optarg, "html") != 0 &&
			    strcmp(optarg, "all") != 0)
				fe_errx(FE_EXIT_USAGE,
				    "--format is md, html or all");
			bad |= ik_args_set_str(args, "format", optarg);
			break;
		case 'h': usage(FE_EXIT_OK); break;
		case 'V': fe_version(); return FE_EXIT_OK;
		default: usage(FE_EXIT_USAGE);
		}
	}
	if (optind >= argc)
		usage(FE_EXIT_USAGE);
	/* One "now" for every job of the run. */
	if (at == NULL) {
		ik_time_format(time(NULL), now, sizeof(now));
		at = now;
	}
	bad |= ik_args_set_str(args, "at", at);
	for (i = optind; i < argc; i++)
		bad |= ik_args_append_str(args, "inputs", argv[i]);
	/* The files are named in the inventory; their contents go nowhere. */
	if (pw != NULL)
		bad |= ik_args_append_str(args, "password_lists", pw);
	if (cpw != NULL)
		bad |= ik_args_append_str(args, "password_lists", cpw);
	fe_args_ok(bad);
	fe_job_ctx(&jc, json);
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
	ik_sb_init(&out);
	ik_sb_init(&errs);
	ik_job_result_init(&res);
	ik_case_job_run("case.triage", args, &jc, &res);
	code = fe_job_render(&res, &jc, &out, &errs);
	ik_job_result_free(&res);
	ik_secrets_free(&cand);
	ik_secrets_free(&cluster);
	json_decref(args);
	fe_job_print(&out, &errs);
	ik_sb_free(&out);
	ik_sb_free(&errs);
	return code;
}
