/*
 * fe.h: helpers shared only by the tools (the front ends): messages,
 * exit status bookkeeping, --version, secrets from a file, the
 * environment or a no-echo prompt, JSON lines and a progress bar.
 * Die-early helpers live here, never in libcore.
 *
 * The options every tool takes (--help, --version, --json, --csv, --brief,
 * --quiet, --no-progress, --color, --at, and --out FILE / --out-dir DIR
 * where a tool writes) are one table, FE_COMMON_OPTIONS in fe_opts.h,
 * parsed by fe_getopt: a new tool adopts it as fe_opts.h shows.
 */
#ifndef FE_H
#define FE_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include <jansson.h>

#include "ik_base.h"
#include "ik_secret.h"

extern const char *fe_prog;

void fe_init(const char *prog);
void fe_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
__attribute__((noreturn)) void fe_errx(int code, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* "prog: path: message" for a library error. */
void fe_report_error(const char *path, const ik_error *err);
/*
 * Library messages name no option; what one of the tool's options would
 * change is added here, by the error's category: IK_ERR_EXISTS gets
 * fe_exists_hint (" (use --force to overwrite)" unless the tool words
 * its --force otherwise).  Appends to sb; nothing for other categories.
 */
extern const char *fe_exists_hint;
void fe_error_hint(ik_sb *sb, const ik_error *err);

/* Exit status: 0 ok, 1 a check failed or input malformed, 2 could not work. */
enum { FE_EXIT_OK = 0, FE_EXIT_FAIL = 1, FE_EXIT_USAGE = 2 };
/* Delayed exit: remember the worst status seen across a batch. */
void fe_note(int *worst, int code);

void fe_version(void);

/* --at TIME; exits 2 with a message on a bad value. */
time_t fe_parse_at(const char *s);
/* A non-negative integer option; exits 2 on a bad value. */
long fe_parse_long(const char *opt, const char *s, long min, long max);

/*
 * Gets password candidates: from file (all lines, or the first), from the
 * environment variable env, or from a no-echo prompt on the terminal.
 * Returns 0 with out filled, or -1 after printing why (nothing given and
 * no terminal, unreadable file).
 */
int fe_secrets(const char *file, const char *env, bool all_lines,
    const char *prompt, ik_secrets *out);
/* The same, naming other options when nothing is given ("--new-password-file"). */
int fe_secrets_from(const char *file, const char *env, bool all_lines,
    const char *prompt, const char *file_opt, const char *env_opt,
    ik_secrets *out);

/* Prints obj as one compact JSON line on stdout and frees it. */
void fe_json_out(json_t *obj);
/*
 * The JSON line for an input that could not be read at all, so that a
 * batch keeps one object per input: status "unreadable", finding
 * INPUT_UNREADABLE with the reason.
 */
void fe_json_unreadable_sb(ik_sb *sb, const char *key, const char *path,
    const ik_error *err);
/*
 * Where the report goes: standard output, or standard error when the
 * output's bytes own standard output (--out -, fe_out_stdout).
 */
extern bool fe_report_stderr;
/* Writes sb to stdout (the report's stream). */
void fe_sb_out(const ik_sb *sb);

/*
 * Runs fn over every input on jobs threads (1: in this thread), writing
 * each input's collected standard output and error in input order.  fn
 * must not print: it appends to out and err.  Returns the worst exit code.
 */
typedef int (*fe_batch_fn)(const char *input, int index, void *ctx,
    ik_sb *out, ik_sb *err);
int fe_batch(char **inputs, int n, int jobs, fe_batch_fn fn, void *ctx);
/* Online processors, 1 to 8: the default for --jobs. */
int fe_jobs_default(void);
/* The compact JSON line of obj appended to sb (obj is freed). */
void fe_json_sb(json_t *obj, ik_sb *sb);
/* "prog: path: message\n" for a library error, appended to sb. */
void fe_error_sb(ik_sb *sb, const char *path, const ik_error *err);

/* A progress bar on standard error, drawn only when it is a terminal. */
typedef struct fe_progress {
	bool on;
	unsigned long long total, done;
	time_t last;
	const char *label;
} fe_progress;

void fe_progress_start(fe_progress *p, bool enabled, const char *label,
    unsigned long long total);
void fe_progress_add(fe_progress *p, unsigned long long n);
void fe_progress_end(fe_progress *p);

#endif /* FE_H */
