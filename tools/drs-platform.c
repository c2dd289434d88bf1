/*
 * drs-platform: the values a rebuild must repeat (host name, IP address,
 * mask, gateway, domain, DNS, NTP, time zone, version) from a node's
 * platformConfig.xml, or those a DRS manifest stores (version, features,
 * servers).  Password elements are shown as "present", never their
 * values.  The job is drs.platform.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "fe.h"
#include "fe_job.h"

static void
usage(int code)
{
	fprintf(code ? stderr : stdout,
	    "usage: drs-platform [--json] [--jobs N] FILE...\n"
	    "  FILE is a platformConfig.xml or a drfComponent.xml manifest.\n");
	exit(code);
}

/* One input: everything it prints goes to out and errs (see fe_batch). */
static int
platform_one(const char *path, int index, void *ctx, ik_sb *out, ik_sb *errs)
{
	const bool *json = ctx;
	ik_job_ctx jc;
	json_t *args;
	int code;

	if (!*json && index > 0)
		ik_sb_puts(out, "\n");
	fe_job_ctx(&jc, *json);
	args = json_object();
	if (args == NULL || ik_args_set_str(args, "input", path) != 0) {
		json_decref(args);
		ik_sb_printf(errs, "%s: out of memory\n", fe_prog);
		return FE_EXIT_USAGE;
	}
	code = fe_job("drs.platform", args, &jc, out, errs);
	json_decref(args);
	return code;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "jobs", required_argument, NULL, 'J' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	bool json = false;
	int c, jobs = fe_jobs_default();

	fe_init("drs-platform");
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'j': json = true; break;
		case 'J': jobs = (int)fe_parse_long("--jobs", optarg, 1, 16);
		    break;
		case 'h': usage(FE_EXIT_OK); break;
		case 'V': fe_version(); return FE_EXIT_OK;
		default: usage(FE_EXIT_USAGE);
		}
	}
	if (optind >= argc)
		usage(FE_EXIT_USAGE);
	return fe_batch(argv + optind, argc - optind, jobs, platform_one,
	    &json);
}
