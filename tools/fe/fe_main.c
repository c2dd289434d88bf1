/*
 * fe_main.c: a tool's main around one job (fe_main.h).
 */
#include "fe_main.h"

json_t *
fe_main_init(fe_opts *o, const fe_tool *t)
{
	json_t *args;

	fe_opts_init(o, t);
	if ((args = json_object()) == NULL)
		fe_errx(FE_EXIT_USAGE, "out of memory");
	return args;
}

void
fe_operands(const fe_opts *o, int argc, const char *what)
{
	if (optind >= argc)
		fe_usage_error(o, "%s", what);
}

void
fe_args_add_max(json_t *args, const char *name, const char *v, size_t *n,
    size_t max)
{
	char opt[64];
	size_t i;

	if ((*n)++ == max) {
		/* The option as the tools spell it: "--" and - for _. */
		snprintf(opt, sizeof(opt), "--%s", name);
		for (i = 0; opt[i] != '\0'; i++)
			if (opt[i] == '_')
				opt[i] = '-';
		fe_errx(FE_EXIT_USAGE, "at most %zu %s", max, opt);
	}
	fe_args_ok(ik_args_append_str(args, name, v));
}

void
fe_args_inputs(json_t *args, int argc, char **argv)
{
	int i;

	for (i = optind; i < argc; i++)
		fe_args_ok(ik_args_append_str(args, "inputs", argv[i]));
}

void
fe_main_args(fe_opts *o, json_t *args, int argc, char **argv,
    unsigned flags)
{
	fe_opts_done(o);
	if (flags & FE_JOB_AT)
		fe_args_ok(ik_args_set_str(args, "at", o->at));
	fe_args_inputs(args, argc, argv);
}

int
fe_main_job(fe_opts *o, const char *job, json_t *args, int argc,
    char **argv, unsigned flags)
{
	ik_job_ctx jc;

	fe_main_args(o, args, argc, argv, flags);
	fe_opts_ctx(o, &jc);
	/* jc stays here until the job has run, as streaming needs. */
	if (flags & FE_JOB_STREAM)
		fe_job_stream(&jc);
	return fe_job_main(job, args, &jc);
}
