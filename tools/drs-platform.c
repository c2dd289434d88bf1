/*
 * drs-platform: the values a rebuild must repeat (host name, IP address,
 * mask, gateway, domain, DNS, NTP, time zone, version) from a node's
 * platformConfig.xml, or those a DRS manifest stores (version, features,
 * servers).  Password elements are shown as "present", never their
 * values.  The job is drs.platform.
 */
#include "fe_main.h"

static const fe_tool tool = {
	"drs-platform",
	"[--jobs N] FILE...\n"
	"  FILE is a platformConfig.xml or a drfComponent.xml manifest.\n",
	0, "drs-platform reports each file in turn, no table (use --json)"
};

/* One input: everything it prints goes to out and errs (see fe_batch). */
static int
platform_one(const char *path, int index, void *ctx, ik_sb *out, ik_sb *errs)
{
	const fe_opts *o = ctx;
	ik_job_ctx jc;
	json_t *args;
	int code;

	fe_opts_ctx(o, &jc);
	/* Full reports are set apart by a blank line; verdict lines not. */
	if (jc.want_text && !o->brief && !o->quiet && index > 0)
		ik_sb_puts(out, "\n");
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
		{ "jobs", required_argument, NULL, 'J' },
		FE_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	fe_opts o;
	int c, jobs = fe_jobs_default();

	fe_opts_init(&o, &tool);
	while ((c = fe_getopt(&o, argc, argv, longopts)) != -1) {
		switch (c) {
		case 'J': jobs = (int)fe_parse_long("--jobs", optarg, 1, 16);
		    break;
		default: fe_usage(&o, FE_EXIT_USAGE);
		}
	}
	fe_operands(&o, argc, "give at least one FILE (a platformConfig.xml "
	    "or a drfComponent.xml manifest)");
	fe_opts_done(&o);
	return fe_batch(argv + optind, argc - optind, jobs, platform_one, &o);
}
