/*
 * run_journal.c: layer recipe.  The journal of a run: an append-only
 * JSON Lines file, synced after each line, that begins with the recipe's
 * SHA-256 and holds each step's arguments, the digests of the files it
 * read and wrote, and its result.  A resumed run reuses a step whose
 * files are unchanged, and refuses a journal begun for another recipe.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "run_private.h"

#define JOURNAL_NAME	"journal.jsonl"
/* A journal is a few lines per step: far below this. */
#define JOURNAL_MAX	((size_t)256 << 20)

/*
 * Reads the entries of an earlier run.  Lines that are not JSON objects
 * (the last one cut by a crash) are left out: a step they described is
 * run again.  Every header must name this recipe.
 */
static ik_status
journal_read(ru_journal *j, const char *path, const char *sha,
    ik_error *err)
{
	const char *id, *was;
	uint8_t *buf;
	size_t len, at, end;
	bool header = false;
	json_t *o;

	if (ik_read_file(path, JOURNAL_MAX, &buf, &len, err) != IK_OK)
		return ik_error_push(err, "journal");
	for (at = 0; at < len; at = end + 1) {
		for (end = at; end < len && buf[end] != '\n'; end++)
			;
		o = json_loadb((const char *)buf + at, end - at, 0, NULL);
		if (!json_is_object(o)) {
			json_decref(o);
			continue;
		}
		if (json_object_get(o, "journal") != NULL) {
			was = json_string_value(json_object_get(o,
			    "recipe_sha256"));
			if (was == NULL || strcmp(was, sha) != 0) {
				ik_error_set(err, IK_FATAL, IK_ERR_REFUSED,
				    "the recipe changed since this journal "
				    "began (SHA-256 %.64s then, %s now): run "
				    "it with a new journal",
				    was != NULL ? was : "unknown", sha);
				json_decref(o);
				free(buf);
				return IK_FATAL;
			}
			header = true;
		} else if (header && (id = json_string_value(
		    json_object_get(o, "step"))) != NULL)
			json_object_set(j->prev, id, o);
		json_decref(o);
	}
	free(buf);
	if (!header && len > 0)
		return ik_error_set(err, IK_FATAL, IK_ERR_FORMAT,
		    "journal: no recipe named at its start: not a journal of "
		    "recipe-run");
	return IK_OK;
}

static void
sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
}

ik_status
ru_journal_open(ru_journal *j, const char *dir, bool resume,
    const ik_recipe *r, ik_error *err)
{
	char path[4096], sha[65], now[32], last;
	struct stat st;
	json_t *head;
	ik_status rc;

	j->fd = -1;
	j->prev = json_object();
	if (j->prev == NULL)
		return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
		    "out of memory");
	if (snprintf(path, sizeof(path), "%s/%s", dir, JOURNAL_NAME) >=
	    (int)sizeof(path))
		return ik_error_set(err, IK_FATAL, IK_ERR_USAGE,
		    "journal folder name too long");
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return ik_error_set(err, IK_FATAL, IK_ERR_IO,
		    "journal folder: %s", strerror(errno));
	ik_hex(r->sha256, 32, sha);
	j->fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC |
	    O_NOFOLLOW | O_NOCTTY, 0600);
	if (j->fd < 0 || fstat(j->fd, &st) != 0)
		return ik_error_set(err, IK_FATAL, IK_ERR_IO, "journal: %s",
		    strerror(errno));
	/* The journal's name survives a crash too. */
	if (st.st_size == 0)
		sync_dir(dir);
	if (!S_ISREG(st.st_mode))
		return ik_error_set(err, IK_FATAL, IK_ERR_IO,
		    "journal: %s, not a regular file",
		    ik_file_type_name(st.st_mode));
	if (st.st_size > 0 && !resume)
		return ik_error_set(err, IK_FATAL, IK_ERR_EXISTS,
		    "a journal is there already: resume it, or give another "
		    "folder");
	if (st.st_size > 0) {
		if ((rc = journal_read(j, path, sha, err)) != IK_OK)
			return rc;
		/* A line cut by a crash ends here, not inside the next. */
		if (pread(j->fd, &last, 1, st.st_size - 1) == 1 &&
		    last != '\n' && write(j->fd, "\n", 1) != 1)
			return ik_error_set(err, IK_FATAL, IK_ERR_IO,
			    "journal: %s", strerror(errno));
	}
	ru_now(now);
	head = json_pack("{s:i,s:s,s:s,s:s,s:b}", "journal", 1,
	    "recipe", r->name, "recipe_sha256", sha, "time", now,
	    "resume", st.st_size > 0);
	if (head == NULL)
		return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
		    "out of memory");
	rc = ru_append_line(j->fd, head, err);
	json_decref(head);
	return rc == IK_OK ? IK_OK : ik_error_push(err, "journal");
}

void
ru_journal_close(ru_journal *j)
{
	if (j->fd >= 0)
		close(j->fd);
	j->fd = -1;
	json_decref(j->prev);
	j->prev = NULL;
}

/* True when every file of map {PATH: sha256} still has that digest. */
static bool
files_same(const json_t *map)
{
	const char *path;
	char hex[65];
	json_t *want;

	if (map == NULL || json_is_null(map))
		return true;
	if (!json_is_object(map))
		return false;
	json_object_foreach((json_t *)map, path, want)
		if (!json_is_string(want) || !ru_file_sha256(path, hex) ||
		    strcmp(hex, json_string_value(want)) != 0)
			return false;
	return true;
}

json_t *
ru_journal_reusable(const ru_journal *j, const char *id, const json_t *args)
{
	const char *st;
	json_t *e;

	if (j == NULL || j->prev == NULL ||
	    (e = json_object_get(j->prev, id)) == NULL)
		return NULL;
	st = json_string_value(json_object_get(e, "status"));
	if (st == NULL || strcmp(st, "ok") != 0)
		return NULL;
	if (!json_equal(json_object_get(e, "args"), args))
		return NULL;
	if (!files_same(json_object_get(e, "inputs")) ||
	    !files_same(json_object_get(e, "outputs")))
		return NULL;
	return e;
}
