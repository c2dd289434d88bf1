/*
 * fe_drs.h: what the DRS tools (drs-ls, drs-verify, drs-extract,
 * drs-rekey) share on their side of the DRS jobs: the passwords asked
 * for, a progress bar per set, and the job's result printed as it comes.
 */
#ifndef FE_DRS_H
#define FE_DRS_H

#include "fe_main.h"

typedef struct fe_drs {
	ik_job_ctx ctx;
	fe_progress bar;
	ik_secrets pw, newpw;	/* ctx.secrets, ctx.secrets2 when asked */
	/* Text mode: called after the job's text, for what the tool adds
	 * (a note naming one of its options), or NULL. */
	void (*text_note)(const ik_job_result *res, void *arg, ik_sb *out);
	void *note_arg;
} fe_drs;

/* A context from the common options, with a progress bar on a terminal
 * unless --no-progress, and the job's output printed as it streams. */
void fe_drs_init(fe_drs *d, const fe_opts *o);
/*
 * The password candidates (all lines of file) or, with is_new, the new
 * password (its first line) into the context, from file, env or a prompt
 * on the terminal.  required false: only when a file, a variable or a
 * terminal is there to give them (the job then says which options
 * give one).  A missing new password names --new-password-file.  Returns 0, or -1 after printing why
 * (every password then wiped).
 */
int fe_drs_password(fe_drs *d, const char *file, const char *env,
    const char *prompt, bool is_new, bool required);
/*
 * Runs the job with args (freed here; NULL: out of memory), prints what
 * it did not stream, wipes the passwords and returns the exit status.
 */
int fe_drs_run(fe_drs *d, const char *job, json_t *args);

#endif /* FE_DRS_H */
