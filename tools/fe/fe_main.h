/*
 * fe_main.h: what a tool's main does around its own options when it runs
 * one job: the job's arguments object, the operands given as its
 * "inputs", a repeatable option with a limit, and the run at the end.
 * The main then says only what is its own:
 *
 *	args = fe_main_init(&o, &tool);
 *	while ((c = fe_getopt(&o, argc, argv, longopts)) != -1)
 *		switch (c) {
 *		case 'p': fe_args_ok(ik_args_set_str(args, "publisher",
 *		    optarg)); break;
 *		default: fe_usage(&o, FE_EXIT_USAGE);
 *		}
 *	fe_operands(&o, argc, "give the trust lists to compare: ...");
 *	return fe_main_job(&o, "itl.diff", args, argc, argv, FE_JOB_AT);
 */
#ifndef FE_MAIN_H
#define FE_MAIN_H

#include <stddef.h>

#include "fe.h"
#include "fe_job.h"
#include "fe_opts.h"

/* fe_main_args, fe_main_job flags */
#define FE_JOB_AT	0x1	/* the job takes "at": --at, or one "now" */
#define FE_JOB_STREAM	0x2	/* each input printed as the job has it */

/* fe_opts_init, then the job's arguments object (exit 2 without memory). */
json_t *fe_main_init(fe_opts *o, const fe_tool *t);
/* No operand after the options: "prog: what", the usage, exit 2. */
void fe_operands(const fe_opts *o, int argc, const char *what);
/*
 * A repeatable option's value appended to the array name, *n counting
 * them: past max, "at most MAX --NAME" and exit 2 (the option is the
 * argument's name as the tools spell it).
 */
void fe_args_add_max(json_t *args, const char *name, const char *v,
    size_t *n, size_t max);
/* The operands argv[optind..argc) appended to "inputs". */
void fe_args_inputs(json_t *args, int argc, char **argv);
/*
 * After the tool's own checks: fe_opts_done, "at" with FE_JOB_AT, the
 * operands as "inputs".
 */
void fe_main_args(fe_opts *o, json_t *args, int argc, char **argv,
    unsigned flags);
/*
 * The end of a main: fe_main_args, a context from the options (streaming
 * with FE_JOB_STREAM), the job run and printed, args freed.  Returns the
 * exit status.
 */
int fe_main_job(fe_opts *o, const char *job, json_t *args, int argc,
    char **argv, unsigned flags);

#endif /* FE_MAIN_H */
