/*
 * fe_opts.h: the options every tool takes, parsed in one place so that
 * the same flag means the same thing everywhere (docs/itlkit.7, COMMON
 * OPTIONS):
 *
 *   -h, --help            the usage on standard output, exit 0
 *   --version             versions of the tool, libcore and the libraries
 *   --json | --csv        JSON Lines, or a CSV table where the job has one
 *   --brief               text: the verdict line of each input only
 *   --quiet               nothing on standard output: the exit status says
 *   --no-progress         no progress bar on standard error
 *   --color=WHEN          never, auto (a terminal, NO_COLOR unset), always
 *   --at TIME             judge as of TIME (RFC 3339 or @EPOCH), default
 *                         now; taken by every tool, used where time matters
 * and, in the tools that write one:
 *   --out FILE            always a file
 *   --out-dir DIR         always a folder
 *
 * Adopting it in a tool:
 *
 *	static const fe_tool tool = {
 *		"itl-show", "[--no-verify] [--warn-days N] FILE...\n",
 *		FE_CSV, NULL
 *	};
 *	static const struct option longopts[] = {
 *		{ "no-verify", no_argument, NULL, 'n' },
 *		FE_COMMON_OPTIONS,		(FE_OUT_OPTIONS where it writes)
 *		{ NULL, 0, NULL, 0 }
 *	};
 *	fe_opts o;
 *
 *	fe_opts_init(&o, &tool);
 *	while ((c = fe_getopt(&o, argc, argv, longopts)) != -1)
 *		switch (c) { case 'n': ...; default: fe_usage(&o, 2); }
 *	if (optind >= argc)
 *		fe_usage_error(&o, "give at least one FILE");
 *	fe_opts_done(&o);
 *	fe_opts_ctx(&o, &ctx);		(JSON/text/CSV, brief, colour, width)
 *
 * A tool that runs one job leaves the rest to fe_main.h (the job's
 * arguments, the operands as its inputs, the run at the end).
 *
 * fe_getopt handles the common options itself (help and version exit
 * there, an unknown option exits 2 with the usage) and returns the
 * tool's own.  The usage printed is the tool's synopsis, then the common
 * options, the same lines in every tool (tests/cli/scripts/common-options.sh).
 */
#ifndef FE_OPTS_H
#define FE_OPTS_H

#include <getopt.h>
#include <stdbool.h>

#include "fe.h"
#include "ik_jobs.h"

/* getopt_long values of the common options: above every tool's own. */
enum {
	FE_O_HELP = 'h',
	FE_O_VERSION = 0x1000,
	FE_O_JSON,
	FE_O_CSV,
	FE_O_BRIEF,
	FE_O_QUIET,
	FE_O_NO_PROGRESS,
	FE_O_COLOR,
	FE_O_AT,
	FE_O_OUT,
	FE_O_OUT_DIR
};

#define FE_COMMON_OPTIONS \
	{ "help", no_argument, NULL, FE_O_HELP }, \
	{ "version", no_argument, NULL, FE_O_VERSION }, \
	{ "json", no_argument, NULL, FE_O_JSON }, \
	{ "csv", no_argument, NULL, FE_O_CSV }, \
	{ "brief", no_argument, NULL, FE_O_BRIEF }, \
	{ "quiet", no_argument, NULL, FE_O_QUIET }, \
	{ "no-progress", no_argument, NULL, FE_O_NO_PROGRESS }, \
	{ "color", required_argument, NULL, FE_O_COLOR }, \
	{ "at", required_argument, NULL, FE_O_AT }
/* A tool that writes one file: --out FILE. */
#define FE_OUT_OPTION \
	{ "out", required_argument, NULL, FE_O_OUT }
/* A tool that writes into a folder: --out-dir DIR. */
#define FE_OUT_DIR_OPTION \
	{ "out-dir", required_argument, NULL, FE_O_OUT_DIR }

/* fe_tool.flags */
#define FE_CSV		0x1	/* the job renders a CSV table (want_csv) */

typedef struct fe_tool {
	const char *name;		/* "itl-show" */
	/*
	 * The tool's own part of the usage, after "usage: NAME ": its
	 * options and operands, each line ending in a newline; a repeatable
	 * option is written [--itl FILE]...
	 */
	const char *synopsis;
	unsigned flags;
	/* Without FE_CSV: why --csv is refused ("itl-sign prints no table"). */
	const char *no_csv;
} fe_tool;

enum fe_color { FE_COLOR_AUTO, FE_COLOR_NEVER, FE_COLOR_ALWAYS };

typedef struct fe_opts {
	const fe_tool *tool;
	bool json, csv, brief, quiet, progress;
	enum fe_color color_when;
	/* After fe_opts_done: */
	bool color;			/* the decision: terminal, NO_COLOR, --color */
	unsigned columns;		/* stdout's width on a terminal, else 0 */
	const char *at;			/* --at as given, or now */
	const char *out, *out_dir;	/* NULL when not given */
	char now[32];
} fe_opts;

/* Sets the defaults and the program's name (fe_init). */
void fe_opts_init(fe_opts *o, const fe_tool *t);
/*
 * getopt_long over longopts (the tool's own and FE_COMMON_OPTIONS):
 * returns the next option of the tool's own, -1 at the end, having
 * refused what excludes each other (--json and --csv, --brief with
 * either, --csv where the job has no table).
 */
int fe_getopt(fe_opts *o, int argc, char **argv,
    const struct option *longopts);
/* After the tool's own checks: fixes "now" for --at, decides colour and
 * the width. */
void fe_opts_done(fe_opts *o);
/* A job context from the options: fe_job_ctx plus CSV, brief, colour. */
void fe_opts_ctx(const fe_opts *o, ik_job_ctx *ctx);

/* The usage (to stdout for 0, else stderr), then exit code. */
__attribute__((noreturn)) void fe_usage(const fe_opts *o, int code);
/* "prog: message", the usage, exit 2: what is missing or wrong. */
__attribute__((noreturn)) void fe_usage_error(const fe_opts *o,
    const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * Exactly one operand after the options, else a usage error: "give
 * WHAT", or "one NAME at a time".
 */
void fe_one_operand(const fe_opts *o, int argc, char **argv,
    const char *name, const char *what);

/* --quiet: fe_job's renderers print nothing on standard output. */
extern bool fe_quiet;

/*
 * --out -, in a tool whose output is one file: the job puts the file's
 * bytes in *bytes (ctx->out_bytes) and the report goes to standard error
 * (fe_report_stderr), so that standard output holds only the bytes.
 * Refuses --json (both would want standard output) and a terminal as
 * standard output.  Nothing unless --out is "-".  what names the output
 * in messages ("the trust list").
 */
void fe_out_stdout(const fe_opts *o, ik_job_ctx *ctx, ik_sb *bytes,
    const char *what);
/*
 * Writes the bytes to standard output and flushes it: code, or 2 after
 * saying why standard output could not take them (a full disk).
 */
int fe_out_flush(const ik_sb *bytes, int code);

#endif /* FE_OPTS_H */
