/*
 * fe_opts.c: the options every tool takes (fe_opts.h), parsed once.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "fe_job.h"
#include "fe_opts.h"

bool fe_quiet;

/*
 * The same lines in every tool's usage, after its own: the completion
 * generator (mk/completions.sh) and tests/cli/scripts/common-options.sh
 * read them.
 */
static const char common_usage[] =
    "common options: [-h | --help] [--version] [--json | --csv] [--brief]\n"
    "    [--quiet] [--no-progress] [--color=never|auto|always] [--at TIME]\n";

void
fe_opts_init(fe_opts *o, const fe_tool *t)
{
	memset(o, 0, sizeof(*o));
	o->tool = t;
	o->progress = true;
	o->color_when = FE_COLOR_AUTO;
	fe_init(t->name);
}

static void
print_usage(const fe_opts *o, FILE *f)
{
	fprintf(f, "usage: %s %s%s", o->tool->name, o->tool->synopsis,
	    common_usage);
}

void
fe_usage(const fe_opts *o, int code)
{
	print_usage(o, code ? stderr : stdout);
	exit(code);
}

void
fe_usage_error(const fe_opts *o, const char *fmt, ...)
{
	va_list ap;
	ik_sb sb;

	ik_sb_init(&sb);
	va_start(ap, fmt);
	ik_sb_vprintf(&sb, fmt, ap);
	va_end(ap);
	fe_warnx("%s", sb.s != NULL ? sb.s : "out of memory");
	ik_sb_free(&sb);
	print_usage(o, stderr);
	exit(FE_EXIT_USAGE);
}

void
fe_one_operand(const fe_opts *o, int argc, char **argv, const char *name,
    const char *what)
{
	if (optind == argc)
		fe_usage_error(o, "give %s", what);
	if (optind != argc - 1)
		fe_usage_error(o, "one %s at a time: '%s' is one too many",
		    name, argv[optind + 1]);
}

static enum fe_color
color_word(const char *s)
{
	if (strcmp(s, "never") == 0)
		return FE_COLOR_NEVER;
	if (strcmp(s, "auto") == 0)
		return FE_COLOR_AUTO;
	if (strcmp(s, "always") == 0)
		return FE_COLOR_ALWAYS;
	fe_errx(FE_EXIT_USAGE, "--color: expected never, auto or always, got '%s'",
	    s);
}

/* What the common options refuse, before any tool's own check. */
static void
exclusive(const fe_opts *o)
{
	if (o->json && o->csv)
		fe_errx(FE_EXIT_USAGE, "--json and --csv exclude each other");
	if (o->brief && (o->json || o->csv))
		fe_errx(FE_EXIT_USAGE, "--brief shortens the text report: not with --%s",
		    o->json ? "json" : "csv");
	if (o->csv && !(o->tool->flags & FE_CSV))
		fe_errx(FE_EXIT_USAGE, "--csv: %s", o->tool->no_csv != NULL ?
		    o->tool->no_csv : "no table to print (use --json)");
}

int
fe_getopt(fe_opts *o, int argc, char **argv, const struct option *longopts)
{
	int c;

	for (;;) {
		c = getopt_long(argc, argv, "h", longopts, NULL);
		switch (c) {
		case FE_O_HELP: fe_usage(o, FE_EXIT_OK);
		case FE_O_VERSION: fe_version(); exit(FE_EXIT_OK);
		case FE_O_JSON: o->json = true; break;
		case FE_O_CSV: o->csv = true; break;
		case FE_O_BRIEF: o->brief = true; break;
		case FE_O_QUIET: o->quiet = true; break;
		case FE_O_NO_PROGRESS: o->progress = false; break;
		case FE_O_COLOR: o->color_when = color_word(optarg); break;
		case FE_O_AT:
			(void)fe_parse_at(optarg);
			o->at = optarg;
			break;
		case FE_O_OUT: o->out = optarg; break;
		case FE_O_OUT_DIR: o->out_dir = optarg; break;
		case '?': fe_usage(o, FE_EXIT_USAGE);
		case -1: exclusive(o); return c;
		default: return c;
		}
	}
}

void
fe_opts_done(fe_opts *o)
{
	const char *nc = getenv("NO_COLOR");
	struct winsize ws;
	bool tty = isatty(STDOUT_FILENO);

	if (o->at == NULL) {
		ik_time_format(time(NULL), o->now, sizeof(o->now));
		o->at = o->now;
	}
	/* A quiet run draws nothing, not even on standard error. */
	if (o->quiet)
		o->progress = false;
	fe_quiet = o->quiet;
	o->color = o->color_when == FE_COLOR_ALWAYS ||
	    (o->color_when == FE_COLOR_AUTO && tty &&
	    (nc == NULL || *nc == '\0'));
	o->columns = 0;
	if (tty && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0)
		o->columns = ws.ws_col;
}

void
fe_opts_ctx(const fe_opts *o, ik_job_ctx *ctx)
{
	fe_job_ctx(ctx, o->json);
	ctx->want_csv = o->csv;
	ctx->want_text = !o->json && !o->csv;
	ctx->brief = o->brief;
	ctx->color = o->color;
	ctx->columns = o->columns;
}

void
fe_out_stdout(const fe_opts *o, ik_job_ctx *ctx, ik_sb *bytes,
    const char *what)
{
	if (o->out == NULL || strcmp(o->out, "-") != 0)
		return;
	if (o->json)
		fe_usage_error(o, "--out - writes %s to standard output: "
		    "--json cannot go there too (use --out FILE with --json)",
		    what);
	if (isatty(STDOUT_FILENO))
		fe_errx(FE_EXIT_USAGE, "standard output is a terminal; "
		    "redirect it (--out - writes %s there)", what);
	ctx->out_bytes = bytes;
	fe_report_stderr = true;
}

int
fe_out_flush(const ik_sb *bytes, int code)
{
	int e = 0;

	if (bytes->len > 0 &&
	    fwrite(bytes->s, 1, bytes->len, stdout) != bytes->len)
		e = errno;
	if (fflush(stdout) != 0 && e == 0)
		e = errno;
	if (e == 0 && ferror(stdout))
		e = EIO;
	if (e == 0)
		return code;
	fe_warnx("standard output: %s: the output written there is "
	    "incomplete", strerror(e));
	return FE_EXIT_USAGE;
}
