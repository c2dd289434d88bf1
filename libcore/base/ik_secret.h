/*
 * ik_secret.h: password candidates from files and the environment.
 * Secrets never travel on the command line and never enter messages.
 * Layer: base.
 */
#ifndef IK_SECRET_H
#define IK_SECRET_H

#include "ik_base.h"

typedef struct ik_secret {
	char *s;		/* NUL-terminated, wiped on free */
	size_t len;
	size_t line;		/* 1-based line in its file, 0 if not from one */
} ik_secret;

typedef struct ik_secrets {
	ik_secret *v;
	size_t n;
} ik_secrets;

void ik_secrets_init(ik_secrets *s);
void ik_secrets_free(ik_secrets *s);	/* wipes every secret */
/*
 * One secret (the first line) or, with all_lines, one per non-blank line.
 * A leading UTF-8 byte-order mark and each line's CR LF are dropped; a
 * UTF-16 source is refused.
 */
ik_status ik_secrets_parse(const uint8_t *buf, size_t len, bool all_lines,
    ik_secrets *out, ik_error *err);
ik_status ik_secrets_read_file(const char *path, bool all_lines,
    ik_secrets *out, ik_error *err);
/* The variable's value; it is then wiped in place and unset, so that
 * /proc/PID/environ no longer shows it. */
ik_status ik_secrets_from_env(const char *var, ik_secrets *out,
    ik_error *err);

#endif /* IK_SECRET_H */
