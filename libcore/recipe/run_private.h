/*
 * run_private.h: layer recipe, internal to the runner (run*.c).  The
 * state of a run, the secrets it read and redacts, file digests for the
 * journal, and the journal itself.
 */
#ifndef RUN_PRIVATE_H
#define RUN_PRIVATE_H

#include "ik_run.h"

/* What replaces a secret's value wherever it would be recorded. */
#define RU_REDACTED	"[redacted]"

/* ---- secrets (run_util.c) --------------------------------------------- */

typedef struct ru_secret {
	char *path;
	ik_secrets s;
} ru_secret;

typedef struct ru_secrets {
	ru_secret *v;
	size_t n;
} ru_secrets;

/*
 * The secrets of the file at path, read once per run: a file group or
 * others may read gets a warning line in warn.  NULL with err when it
 * cannot be read.
 */
const ik_secrets *ru_secret_get(ru_secrets *c, const char *path,
    ik_sb *warn, ik_error *err);
void ru_secrets_free(ru_secrets *c);	/* wipes them */
/* s with every secret's value replaced by RU_REDACTED, into out. */
void ru_redact(const ru_secrets *c, const char *s, size_t len, ik_sb *out);
/* Every string value of v redacted in place; -1 out of memory. */
int ru_redact_json(const ru_secrets *c, json_t *v);

/* ---- inputs and files (run_util.c) ------------------------------------ */

/* The scope of a run: {"inputs": checked values, "steps": {}}, or NULL
 * with err (a missing or wrong input). */
json_t *ru_scope_new(const ik_recipe *r, const json_t *given, ik_error *err);
/* Lower-case hex SHA-256 of a regular file into hex[65]; false when path
 * is not a readable regular file. */
bool ru_file_sha256(const char *path, char hex[65]);
/* {PATH: sha256} for every string in v naming a regular file. */
json_t *ru_files_hash(const json_t *v);
/* Appends obj as one compact JSON line to fd and syncs it. */
ik_status ru_append_line(int fd, const json_t *obj, ik_error *err);
/* "2026-01-02T03:04:05Z" of now. */
void ru_now(char buf[32]);

/* ---- the journal (run_journal.c) -------------------------------------- */

typedef struct ru_journal {
	int fd;			/* -1: none */
	/* From an earlier run (resume): step id -> its last entry. */
	json_t *prev;
} ru_journal;

/*
 * Opens DIR/journal.jsonl, creating DIR (0700) and the file (0600).
 * An existing journal is refused unless resume; with resume, its
 * entries are read (a line cut by a crash is ignored) and a journal
 * begun for another recipe (another SHA-256) is refused.  Then a header
 * line is appended.
 */
ik_status ru_journal_open(ru_journal *j, const char *dir, bool resume,
    const ik_recipe *r, ik_error *err);
void ru_journal_close(ru_journal *j);
/*
 * The earlier entry of a step that can be reused: status ok, the same
 * args, and every file it read or wrote still as it was.  Borrowed, or
 * NULL.
 */
json_t *ru_journal_reusable(const ru_journal *j, const char *id,
    const json_t *args);

/* ---- one run step (run_job.c) ----------------------------------------- */

typedef struct ru_job_out {
	json_t *result;		/* the step's result object */
	json_t *inputs;		/* {PATH: sha256} read */
	json_t *outputs;	/* {PATH: sha256} written */
	json_t *args;		/* as run, secrets left out */
	ik_outcome outcome;
	bool reused;
} ru_job_out;

/*
 * Runs one run step: its arguments from scope, its secret files read
 * (into secrets, for redaction), the journal's earlier entry reused when
 * it can be.  Messages (redacted) go to msgs.  IK_OK with out filled;
 * IK_FAILED with err when the step could not start (an argument's value
 * missing, a secret file unreadable).
 */
ik_status ru_job_step(const ik_recipe_step *s, const ik_run_opts *o,
    json_t *scope, ru_secrets *secrets, const ru_journal *j, time_t at,
    ik_sb *msgs, ru_job_out *out, ik_error *err);
void ru_job_out_free(ru_job_out *out);

#endif /* RUN_PRIVATE_H */
