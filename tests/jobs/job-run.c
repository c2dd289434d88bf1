/*
 * job-run: runs one job of libcore in this process, as a recipe step
 * would, and prints its result the way the tools do.  For the tests: the
 * per-job checks compare its output with the tool's on the same inputs.
 *
 *   job-run [--tool NAME] [--text|--csv] [--brief] [--color] [--columns N]
 *           [--secrets FILE] [--secrets2 FILE] JOB ARGS_JSON
 *   job-run --list
 *
 * --tool NAME: the name the reports and messages carry, and messages
 * name options as the tools do ("--itl", "use --force to overwrite").
 * --brief, --color, --columns N: the text choices a tool makes for its
 * reader (only the verdict lines; ANSI colour; wrap to N columns).
 *
 * Exit status: the job's outcome (0, 1, 2).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ik_case.h"
#include "ik_jobs.h"
#include "ik_report.h"

static void
usage(void)
{
	fputs("usage: job-run [--tool NAME] [--text|--csv] [--brief] [--color] "
	    "[--columns N]\n               [--secrets FILE] [--secrets2 FILE] "
	    "JOB ARGS_JSON\n"
	    "       job-run --list\n", stderr);
	exit(2);
}

/*
 * With --tool, messages name options as that tool spells them ("--itl"),
 * so that they read as the tool's; without, as a recipe step's (none).
 */
static void
tool_option(const char *name, char *buf, size_t size)
{
	char *p;

	snprintf(buf, size, "--%s", name);
	for (p = buf; (p = strchr(p, '_')) != NULL; p++)
		*p = '-';
}

static void
list(void)
{
	const ik_job *const *v;
	const ik_arg_spec *a;
	size_t n, i;

	v = ik_jobs(&n);
	for (i = 0; i < n; i++) {
		printf("%s\t%s\n", v[i]->name, v[i]->summary);
		for (a = v[i]->args; a->name != NULL; a++)
			printf("\t%s%s\t%s\n", a->name, a->required ? "*" : "",
			    a->help != NULL ? a->help : "");
	}
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "tool", required_argument, NULL, 't' },
		{ "text", no_argument, NULL, 'x' },
		{ "csv", no_argument, NULL, 'c' },
		{ "brief", no_argument, NULL, 'b' },
		{ "color", no_argument, NULL, 'C' },
		{ "columns", required_argument, NULL, 'w' },
		{ "secrets", required_argument, NULL, 's' },
		{ "secrets2", required_argument, NULL, 'S' },
		{ "list", no_argument, NULL, 'l' },
		{ NULL, 0, NULL, 0 }
	};
	ik_secrets s1, s2;
	ik_job_ctx ctx;
	ik_job_result res;
	json_error_t jerr;
	json_t *args, *line;
	ik_error err;
	size_t i;
	char *l, *end, hint[128], force[32];
	long cols;
	int c, code;

	memset(&ctx, 0, sizeof(ctx));
	ctx.tool = "job-run";
	ctx.want_json = true;
	ik_secrets_init(&s1);
	ik_secrets_init(&s2);
	ik_error_clear(&err);
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 't':
			/* Worded as the tools word it: "use --force to overwrite". */
			ctx.tool = optarg;
			ctx.option = tool_option;
			tool_option("force", force, sizeof(force));
			snprintf(hint, sizeof(hint), " (use %s to overwrite)",
			    force);
			ctx.exists_hint = hint;
			break;
		case 'x': ctx.want_text = true; ctx.want_json = false; break;
		case 'c': ctx.want_csv = true; ctx.want_json = false; break;
		case 'b': ctx.brief = true; break;
		case 'C': ctx.color = true; break;
		case 'w':
			cols = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || cols < 0 ||
			    cols > 10000)
				usage();
			ctx.columns = (unsigned)cols;
			break;
		case 's':
			if (ik_secrets_read_file(optarg, true, &s1, &err) != IK_OK)
				goto bad_secret;
			ctx.secrets = &s1;
			break;
		case 'S':
			if (ik_secrets_read_file(optarg, true, &s2, &err) != IK_OK)
				goto bad_secret;
			ctx.secrets2 = &s2;
			break;
		case 'l': list(); return 0;
		default: usage();
		}
	}
	if (argc - optind != 2)
		usage();
	args = json_loads(argv[optind + 1], JSON_REJECT_DUPLICATES, &jerr);
	if (args == NULL) {
		fprintf(stderr, "job-run: arguments: %s\n", jerr.text);
		code = 2;
		goto out;
	}
	ik_job_result_init(&res);
	ik_case_job_run(argv[optind], args, &ctx, &res);
	/* Messages as a tool prints them: each line after the tool's name. */
	for (l = res.errors.s; l != NULL && *l != '\0'; l = strchr(l, '\n') + 1)
		fprintf(stderr, "%s: %.*s\n", ctx.tool,
		    (int)(strchr(l, '\n') - l), l);
	if (res.outcome == IK_OUTCOME_ERROR && res.err.msg[0] != '\0')
		fprintf(stderr, "%s: %s\n", ctx.tool, res.err.msg);
	if (ctx.want_json) {
		json_array_foreach(res.lines, i, line) {
			l = ik_json_line(line);
			if (l != NULL)
				printf("%s\n", l);
			free(l);
		}
	} else if (res.text.len > 0)
		fwrite(res.text.s, 1, res.text.len, stdout);
	code = (int)res.outcome;
	ik_job_result_free(&res);
	json_decref(args);
	goto out;
bad_secret:
	fprintf(stderr, "job-run: secrets: %s\n", err.msg);
	code = 2;
out:
	ik_secrets_free(&s1);
	ik_secrets_free(&s2);
	return code;
}
