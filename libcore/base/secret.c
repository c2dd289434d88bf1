/*
 * secret.c: reading passwords from files and the environment.  Secrets are
 * held in memory we wipe before freeing; they never enter error messages.
 * Layer: base.
 */
#include <stdlib.h>
#include <string.h>

#include "ik_secret.h"

void
ik_secrets_init(ik_secrets *s)
{
	s->v = NULL;
	s->n = 0;
}

void
ik_secrets_free(ik_secrets *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		ik_wipe(s->v[i].s, s->v[i].len);
		free(s->v[i].s);
	}
	free(s->v);
	ik_secrets_init(s);
}

static int
secrets_push(ik_secrets *s, const char *p, size_t n, size_t line)
{
	ik_secret *nv;
	char *copy;

	nv = realloc(s->v, (s->n + 1) * sizeof(*nv));
	if (nv == NULL)
		return -1;
	s->v = nv;
	copy = malloc(n + 1);
	if (copy == NULL)
		return -1;
	memcpy(copy, p, n);
	copy[n] = '\0';
	s->v[s->n].s = copy;
	s->v[s->n].len = n;
	s->v[s->n].line = line;
	s->n++;
	return 0;
}

/*
 * Every password source is read the same way (old, new, candidates): a
 * UTF-8 byte-order mark at the start is an editor's artefact, not part of
 * the first password, and each line loses its CR LF or LF.  UTF-16 (what
 * Notepad calls "Unicode") is refused rather than guessed at.
 */
ik_status
ik_secrets_parse(const uint8_t *buf, size_t len, bool all_lines,
    ik_secrets *out, ik_error *err)
{
	size_t i = 0, start, end, line = 0;

	ik_secrets_init(out);
	if (len >= 2 && ((buf[0] == 0xff && buf[1] == 0xfe) ||
	    (buf[0] == 0xfe && buf[1] == 0xff)))
		return ik_error_set(err, IK_FATAL, IK_ERR_PASSWORD,
		    "the password source is UTF-16: save it as UTF-8 or ASCII");
	if (len >= 3 && buf[0] == 0xef && buf[1] == 0xbb && buf[2] == 0xbf)
		i = 3;
	while (i < len) {
		start = i;
		while (i < len && buf[i] != '\n')
			i++;
		end = i;
		if (i < len)
			i++;
		line++;
		if (end > start && buf[end - 1] == '\r')
			end--;
		/* Blank candidate lines are skipped, not tried. */
		if (end == start && all_lines)
			continue;
		if (secrets_push(out, (const char *)buf + start, end - start,
		    line) != 0) {
			ik_secrets_free(out);
			return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
			    "out of memory");
		}
		if (!all_lines)
			break;
	}
	if (out->n == 0)
		return ik_error_set(err, IK_FATAL, IK_ERR_PASSWORD,
		    "no password in the password source");
	return IK_OK;
}

ik_status
ik_secrets_read_file(const char *path, bool all_lines, ik_secrets *out,
    ik_error *err)
{
	uint8_t *buf;
	size_t len;
	ik_status r;

	ik_secrets_init(out);
	r = ik_read_file(path, 1 << 20, &buf, &len, err);
	if (r != IK_OK) {
		ik_error_push(err, "password file %s", path);
		return IK_FATAL;
	}
	r = ik_secrets_parse(buf, len, all_lines, out, err);
	ik_wipe(buf, len);
	free(buf);
	if (r != IK_OK)
		ik_error_push(err, "password file %s", path);
	return r;
}

/*
 * The value is copied, then wiped where it lies: for a variable inherited
 * at exec that is the block /proc/PID/environ shows, readable by the same
 * user for the whole run.  The variable is then removed.
 */
ik_status
ik_secrets_from_env(const char *var, ik_secrets *out, ik_error *err)
{
	char *v = getenv(var);
	size_t n;
	int rc;

	ik_secrets_init(out);
	if (v == NULL)
		return ik_error_set(err, IK_FATAL, IK_ERR_PASSWORD,
		    "environment variable %s is not set", var);
	n = strlen(v);
	rc = secrets_push(out, v, n, 0);
	ik_wipe(v, n);
	unsetenv(var);
	if (rc != 0)
		return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
		    "out of memory");
	return IK_OK;
}
