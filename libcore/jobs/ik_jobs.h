/*
 * ik_jobs.h: layer jobs, the top of libcore.  Every operation of itlkit by
 * name ("itl.show", "drs.verify"), with its arguments as one JSON object
 * (what a tool builds from argv, what a recipe step's `with:` becomes) and
 * its result as the very JSON the tool prints with --json, plus the
 * outcome that decides the exit status.  A tool is argv -> arguments ->
 * ik_job_run -> render; a recipe step is arguments -> ik_job_run.
 *
 * Also here: the one input loader every job reads its files with (read,
 * chain-of-custody SHA-256 and size, what the first bytes say it is).
 */
#ifndef IK_JOBS_H
#define IK_JOBS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include <jansson.h>

#include "ik_base.h"
#include "ik_secret.h"

/* ---- outcome ------------------------------------------------------------ */

/*
 * The exit status contract of every tool (DESIGN.md): 0 all good, 1 an
 * input failed a check or is malformed, 2 the job could not be done.
 */
typedef enum ik_outcome {
	IK_OUTCOME_OK = 0,
	IK_OUTCOME_FAIL = 1,
	IK_OUTCOME_ERROR = 2
} ik_outcome;

/* The worse of two outcomes. */
ik_outcome ik_outcome_worse(ik_outcome a, ik_outcome b);
/* IK_OK/IK_WARN -> OK, IK_FAILED -> FAIL, IK_FATAL -> ERROR. */
ik_outcome ik_outcome_of(ik_status st);

/* ---- arguments ---------------------------------------------------------- */

typedef enum ik_arg_type {
	IK_ARG_STRING,		/* JSON string */
	IK_ARG_BOOL,		/* JSON true/false */
	IK_ARG_INT,		/* JSON integer within [min, max] */
	IK_ARG_TIME,		/* RFC 3339 string (as --at takes it) */
	IK_ARG_STRINGS,		/* array of strings (or one string) */
	IK_ARG_OBJECT,		/* a JSON object, checked by the job */
	/*
	 * The path of a file holding a secret (a password, or candidates one
	 * per line).  Never a value in the arguments a job runs with: the
	 * caller (a tool, the recipe runner) reads the file into
	 * ik_job_ctx.secrets (SECRET_FILE) or .secrets2 (SECRET_FILE2) and
	 * leaves the key out; ik_args_check refuses it when present.  The
	 * spec lists it so that a recipe's `with:` may name it.
	 */
	IK_ARG_SECRET_FILE,
	IK_ARG_SECRET_FILE2
} ik_arg_type;

typedef struct ik_arg_spec {
	const char *name;
	ik_arg_type type;
	bool required;
	long long min, max;	/* IK_ARG_INT */
	const char *help;	/* one line, for listings and errors */
} ik_arg_spec;

/*
 * Checks args against spec (terminated by a NULL name): args must be an
 * object; every required key present; every key known (an unknown one is
 * refused with the closest known name: "unknown argument \"inptu\" (did you
 * mean \"input\"?)"); every value of its type and range.  IK_OK, or
 * IK_FATAL with err set (category IK_ERR_USAGE).
 */
ik_status ik_args_check(const json_t *args, const ik_arg_spec *spec,
    ik_error *err);

/* Typed getters, after ik_args_check: the value, or def when absent. */
const char *ik_arg_str(const json_t *args, const char *name, const char *def);
bool ik_arg_bool(const json_t *args, const char *name, bool def);
long long ik_arg_int(const json_t *args, const char *name, long long def);
/* An IK_ARG_TIME value, or def when absent. */
time_t ik_arg_time(const json_t *args, const char *name, time_t def);
/* Number of strings of an IK_ARG_STRINGS value (0 when absent), and one. */
size_t ik_arg_count(const json_t *args, const char *name);
const char *ik_arg_item(const json_t *args, const char *name, size_t i);

/* Setters for tools building args from argv: 0, or -1 out of memory. */
int ik_args_set_str(json_t *args, const char *name, const char *v);
int ik_args_set_bool(json_t *args, const char *name, bool v);
int ik_args_set_int(json_t *args, const char *name, long long v);
int ik_args_append_str(json_t *args, const char *name, const char *v);

/* ---- the job table -------------------------------------------------------- */

typedef struct ik_job_result ik_job_result;

/* What a job may be given besides its arguments: never in args. */
typedef struct ik_job_ctx {
	const char *tool;		/* name written in reports ("itl-show") */
	bool want_text;			/* fill result.text */
	bool want_json;			/* fill result.lines */
	/*
	 * With want_json, for a caller that only prints the lines: a job
	 * may write them as text into result.json instead of objects into
	 * result.lines (itl.show does; the others fill lines as ever, and
	 * ik_job_result_line writes what they add).  Callers that read the
	 * fields (recipes, case triage) leave it false.
	 */
	bool json_text;
	/*
	 * Fill result.text as CSV, when the job has it (itl.show, itl.diff,
	 * itl.phones, drs.ls, drs.verify): its first line is always the
	 * header row, the same for every run of the job, so that a caller
	 * joining the runs of one job keeps it once.
	 */
	bool want_csv;
	const ik_secrets *secrets;	/* passwords, when the job takes them */
	const ik_secrets *secrets2;	/* a second set (drs.rekey: the new one) */
	/*
	 * Text output: only the one-line verdict per input (--brief), and
	 * colour for verdicts and severities (the caller decided: terminal,
	 * NO_COLOR, --color).
	 */
	bool brief;
	bool color;
	/* Width to wrap long reasons to (a terminal's columns), 0: none. */
	unsigned columns;
	/* Progress of long jobs (bytes done), or NULL. */
	void (*progress)(void *arg, uint64_t done, uint64_t total);
	/*
	 * A new stretch of progress (a DRS set: its backup id) with its
	 * total bytes, or NULL; done then counts from 0 again.
	 */
	void (*progress_begin)(void *arg, const char *label, uint64_t total);
	void *progress_arg;
	/*
	 * Added to the message of an output that exists (IK_ERR_EXISTS)
	 * where the caller can lift the refusal (" (use --force to
	 * overwrite)"), or NULL.
	 */
	const char *exists_hint;
	/*
	 * Streaming, or NULL.  A job over many items (DRS sets) calls it
	 * (ik_job_result_emit) after each item with what the result holds
	 * so far, lines, text and messages, then empties them: output comes
	 * as it is made and memory does not grow with the number of items.
	 * Without it, the whole output stays in the result.
	 */
	void (*emit)(void *arg, ik_job_result *res);
	void *emit_arg;
	/*
	 * How the caller names one of its options in a message, into buf: a
	 * tool writes "--itl" for "itl" (fe_job_ctx sets it).  NULL: messages
	 * point at no option (a recipe step has none).  Library messages
	 * never spell a command-line flag themselves.
	 */
	void (*option)(const char *name, char *buf, size_t size);
	/*
	 * Where a job that writes one file (itl.resign, itl.build,
	 * sgn.sign, drs.rekey) puts the file's bytes when its "out" is "-":
	 * the caller writes them to standard output (and its report
	 * elsewhere).  NULL: "-" is refused; a recipe step writes files.
	 */
	ik_sb *out_bytes;
} ik_job_ctx;

struct ik_job_result {
	ik_outcome outcome;
	/*
	 * The JSON lines the tool prints with --json, in order: an array of
	 * objects (most jobs give one).
	 */
	json_t *lines;
	/*
	 * With ctx->json_text: the JSON lines as the tool prints them, each
	 * ending in a newline, in order (lines then stays empty).
	 */
	ik_sb json;
	ik_sb text;			/* the text (or CSV) rendering */
	/*
	 * Messages for standard error, one per line, without the program
	 * name: "PATH: [offset N: ]message", printable.  The tool prefixes
	 * each with its name.
	 */
	ik_sb errors;
	/* Set when the job could not be done (outcome ERROR): why. */
	ik_error err;
	/* The context of the run (set by ik_job_run), or NULL. */
	const ik_job_ctx *ctx;
};

void ik_job_result_init(ik_job_result *r);
void ik_job_result_free(ik_job_result *r);
/*
 * Adds one JSON line (takes obj; NULL marks the result out of memory),
 * written into r->json when the run's context asks for text.
 */
void ik_job_result_line(ik_job_result *r, json_t *obj);
/* Adds "path: [offset N: ]message\n" (path NULL: "-") to errors. */
void ik_job_result_error(ik_job_result *r, const char *path,
    const ik_error *err);
/* Adds a message line to errors, printable (it may quote the evidence). */
void ik_job_result_warn(ik_job_result *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void ik_job_result_vwarn(ik_job_result *r, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* The worse of r's outcome and o. */
void ik_job_result_note(ik_job_result *r, ik_outcome o);
/*
 * Hands what r holds (lines, text, messages) to ctx->emit and empties
 * it; nothing when ctx->emit is NULL.  The outcome stays.
 */
void ik_job_result_emit(ik_job_result *r, const ik_job_ctx *ctx);
/*
 * The JSON line for an input that could not be read at all, so that a
 * batch keeps one object per input: {tool, key: path, status
 * "unreadable", findings [INPUT_UNREADABLE with err's message]}.
 */
json_t *ik_job_unreadable(const ik_job_ctx *ctx, const char *key,
    const char *path, const ik_error *err);

/* The type of a field of a job's result, for recipe references. */
typedef enum ik_field_type {
	IK_FIELD_ANY = 0, IK_FIELD_STRING, IK_FIELD_BOOL, IK_FIELD_INT,
	IK_FIELD_ARRAY, IK_FIELD_OBJECT
} ik_field_type;

/*
 * One field of the result object, by its dotted path from the top
 * ("status", "signature.state", "findings"); a list ends with a NULL path.
 */
typedef struct ik_result_field {
	const char *path;
	ik_field_type type;
	const char *help;
} ik_result_field;

typedef struct ik_job {
	const char *name;		/* "itl.show" */
	const char *summary;		/* one line */
	const ik_arg_spec *args;
	/*
	 * Runs with args already checked against the spec.  Fills res;
	 * res->outcome decides the exit status.
	 */
	void (*run)(const json_t *args, const ik_job_ctx *ctx,
	    ik_job_result *res);
	/* The fields of its result a recipe may refer to, or NULL. */
	const ik_result_field *results;
} ik_job;

/*
 * The result as one JSON value, what a recipe step's result is: the one
 * line when there is one, else the array of lines (borrowed).
 */
json_t *ik_job_result_value(const ik_job_result *r);

/* Every job, in a stable order; *n set to the count. */
const ik_job *const *ik_jobs(size_t *n);
/* The job of that name, or NULL. */
const ik_job *ik_job_find(const char *name);
/*
 * Looks the job up, checks args, runs it.  An unknown name or bad
 * arguments give outcome ERROR with res->err set (an unknown name with the
 * closest known one).
 */
void ik_job_run(const char *name, const json_t *args, const ik_job_ctx *ctx,
    ik_job_result *res);

/*
 * A `show itl` / `show ctl` dump given as text in memory (what an operator
 * pastes), read, verified and linted as itl.show reads a dump file: its
 * JSON object (input named name, tool tool, no "at": a dump carries no
 * validity to judge), plus "complete" (false for a cut or malformed
 * paste), "signed_by_itl_recovery" and "record_count".  IK_OK with *out
 * set; IK_FAILED when the text holds nothing of a dump (another command's
 * output), err saying so; IK_FATAL out of memory.
 */
ik_status ik_job_show_paste(const uint8_t *text, size_t len,
    const char *tool, const char *name, json_t **out, ik_error *err);

/* ---- the one input loader --------------------------------------------------- */

typedef struct ik_input {
	const char *path;		/* as given (not owned) */
	/*
	 * A member of an archive: its path inside ("nodes/pub/ITLFile.tlv";
	 * inside an archive inside the archive "inner.tgz:ITLFile.tlv"),
	 * exactly as the archive names it; NULL for a file read as itself.
	 * Points into label.
	 */
	const char *member;
	/* How messages and text reports name it: path, or "path:member". */
	const char *name;
	char *label;			/* "path:member" (owned), or NULL */
	uint8_t *buf;			/* the bytes (owned) */
	size_t len;
	uint8_t sha256[32];		/* chain of custody: of exactly buf */
	ik_input_kind kind;		/* what the first bytes say */
	/*
	 * Handed over unread (ik_input_stream): buf is NULL, len and sha256
	 * are not set; the data comes through ik_input_read.
	 */
	bool streamed;
} ik_input;

/*
 * Reads path ("-": standard input) as evidence, at most max bytes, and
 * fills in.  IK_OK; IK_FAILED when it is over max (the input is judged:
 * too large to be what it claims); IK_FATAL when it could not be read (no
 * such file, a directory, an I/O error, out of memory).  err says why,
 * without the path.
 */
ik_status ik_input_load(const char *path, size_t max, ik_input *in,
    ik_error *err);
void ik_input_free(ik_input *in);

/* ---- inputs inside archives (archive.c) ------------------------------------ */

/*
 * What one input given as an archive may hold before it is refused
 * (docs/SECURITY.md): members per archive (an archive inside counts on
 * its own) and bytes of member data read in all.  Besides, an archive may
 * not expand more than IK_DRS_EXTRACT_RATIO times its compressed size
 * once past IK_DRS_EXTRACT_MIN bytes: the bounds drs-extract puts on a
 * component, a decompression bomb's mark.
 */
#define IK_ARCHIVE_MAX_MEMBERS	65536
#define IK_ARCHIVE_MAX_TOTAL	((uint64_t)4 << 30)

/* The bit of one kind, for ik_input_opts.want. */
#define IK_IN_BIT(k)		(1u << (k))

typedef struct ik_input_opts {
	/* The kinds the job reads (IK_IN_BIT()s); 0: every kind. */
	unsigned want;
	size_t max;			/* bytes per input (per member) */
	/* 0: the defaults above; tests and fuzzing set smaller ones. */
	uint64_t max_members, max_total, ratio, ratio_min;
} ik_input_opts;

typedef struct ik_input_iter ik_input_iter;

/*
 * The inputs one command-line input gives, in order.  A file that is not
 * an archive gives itself, whatever its kind (the job judges it as
 * today).  A tar, a zip or a gzip'd tar, told by its first bytes and
 * never by its name, gives each regular member whose first bytes say it
 * is of a wanted kind, read through libarchive as the bytes arrive:
 * nothing is extracted to disk, one member at a time is in memory.  A
 * gzip'd single file gives its contents as a member named after it
 * without ".gz" (what gunzip would write), whatever their kind.  An
 * archive member of an archive is opened (one level deep); deeper ones,
 * members of other kinds, directories, links, devices and encrypted
 * members are skipped and counted (ik_input_iter_report).
 *
 * Opening fails only for lack of memory: a file that cannot be read is
 * the first input ik_input_next gives, with its error.
 */
ik_status ik_input_open(const char *path, const ik_input_opts *o,
    ik_input_iter **out, ik_error *err);
/* The same over bytes in memory (borrowed), named path in reports. */
ik_status ik_input_open_mem(const char *path, const uint8_t *buf, size_t len,
    const ik_input_opts *o, ik_input_iter **out, ik_error *err);
/*
 * The next input: false at the end.  True with *st IK_OK and *in filled
 * (free it with ik_input_free); or with *st IK_FAILED (damaged or over a
 * limit: a result about the evidence) or IK_FATAL (could not be read, out
 * of memory) and err saying why, in naming what could not be read: a
 * member (in->member set), a nested archive, or the input itself
 * (in->member NULL), in->buf NULL.  An archive that gives no input and no
 * error gives one IK_FAILED that says what it holds instead.
 */
bool ik_input_next(ik_input_iter *it, ik_input *in, ik_status *st,
    ik_error *err);
/*
 * Appends to errors (lines "NAME: message", as ik_job_result.errors holds
 * them, printable) what the walk skipped and why: each archive nested too
 * deep, then one line counting the members skipped by kind, with the tool
 * that reads them ("bundle.tgz: 3 members skipped: 2 PKCS#12 (p12-check
 * reads them), 1 phone log (itl-phones reads it)").  Directories alone
 * make no line.
 */
void ik_input_iter_report(const ik_input_iter *it, ik_sb *errors);

/*
 * Before the first ik_input_next: members of these kinds (IK_IN_BIT()s),
 * a gzip'd single file's contents, and a file that is not an archive,
 * are handed over unread (in->streamed), for the job to read with
 * ik_input_read as they stream (a phone log of gigabytes).  Their size is
 * bounded by the total of ik_input_opts (not by max), and a member's by
 * the expansion ratio too.
 */
void ik_input_stream(ik_input_iter *it, unsigned kinds);
/*
 * Up to n bytes of the streamed input ik_input_next gave last, its first
 * bytes first: the count, 0 at its end, -1 with err set (damaged, a limit
 * passed: IK_FAILED; a read error: IK_FATAL).  What is left unread is
 * skipped by the next ik_input_next.
 */
ssize_t ik_input_read(ik_input_iter *it, uint8_t *p, size_t n,
    ik_error *err);
/*
 * Before the first ik_input_next: members whose name (the last part of
 * their path) whole says true of are given as they are even when they
 * are archives (a DRS set's component may be a plain tar), not opened.
 */
void ik_input_whole(ik_input_iter *it, bool (*whole)(const char *name));
/*
 * Before the first ik_input_next: only members whose name (the last part
 * of their path) select says true of are read; the others are skipped
 * and counted by kind, as members of a kind not wanted are.  A file read
 * as itself and a gzip'd single file are given whatever their name.
 */
void ik_input_select(ik_input_iter *it, bool (*select)(const char *name));
/*
 * Before the first ik_input_next: what the job calls the members it
 * reads, for an archive that holds none ("no signed file (.sgn) inside"),
 * where the kind's name would mislead (a signed file's header reads as a
 * trust list's).
 */
void ik_input_what(ik_input_iter *it, const char *what);
void ik_input_iter_free(ik_input_iter *it);

/*
 * obj, the JSON line of an input, with "member" after key ("file") when
 * in is an archive member; unchanged for a file read as itself.  Takes
 * obj; NULL when memory ran out (obj is then freed).
 */
json_t *ik_input_json_member(json_t *obj, const char *key,
    const ik_input *in);

#endif /* IK_JOBS_H */
