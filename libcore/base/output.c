/*
 * output.c: writing outputs.  Every output is written to a temporary file
 * beside its final name and renamed into place when complete; the rename
 * never replaces an existing file unless asked to, and never replaces an
 * input (ik_is_evidence).  Temporary files live in a registry that a
 * signal handler can walk: SIGINT, SIGTERM and SIGHUP remove them before
 * the process dies, and SIGXFSZ is ignored so that a file-size limit is an
 * ordinary write error (EFBIG) that the writer reports and cleans up.
 * Layer: base.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ik_base.h"

/*
 * A slot is free (0), being claimed (1) or live (2).  The handler only
 * reads live slots, whose name is complete; the state changes with
 * atomic operations, which are async-signal-safe on int.
 */
static struct tmp_slot {
	int state;
	int dirfd;
	char name[PATH_MAX];
} slots[IK_TMP_SLOTS];
static pthread_once_t handlers_once = PTHREAD_ONCE_INIT;

static void
tmp_cleanup_handler(int sig)
{
	int saved = errno;
	size_t i;

	for (i = 0; i < IK_TMP_SLOTS; i++)
		if (__atomic_load_n(&slots[i].state, __ATOMIC_ACQUIRE) == 2)
			(void)unlinkat(slots[i].dirfd, slots[i].name, 0);
	/* SA_RESETHAND restored the default action: die of the signal. */
	raise(sig);
	errno = saved;
}

static void
install_handlers(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa, old;
	size_t i;

	/* Only where the default action is in place: a caller's own
	 * handler, or an inherited SIG_IGN (nohup), is left alone. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = tmp_cleanup_handler;
	sa.sa_flags = SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (sigaction(sigs[i], NULL, &old) == 0 &&
		    old.sa_handler == SIG_DFL)
			sigaction(sigs[i], &sa, NULL);
	if (sigaction(SIGXFSZ, NULL, &old) == 0 && old.sa_handler == SIG_DFL)
		signal(SIGXFSZ, SIG_IGN);
}

int
ik_tmp_register(int dirfd, const char *name)
{
	size_t i, n = strlen(name);
	int expect;

	pthread_once(&handlers_once, install_handlers);
	if (n >= PATH_MAX)
		return -1;
	for (i = 0; i < IK_TMP_SLOTS; i++) {
		expect = 0;
		if (!__atomic_compare_exchange_n(&slots[i].state, &expect, 1,
		    false, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
			continue;
		slots[i].dirfd = dirfd;
		memcpy(slots[i].name, name, n + 1);
		__atomic_store_n(&slots[i].state, 2, __ATOMIC_RELEASE);
		return (int)i;
	}
	return -1;
}

void
ik_tmp_unregister(int slot)
{
	if (slot >= 0 && slot < IK_TMP_SLOTS)
		__atomic_store_n(&slots[slot].state, 0, __ATOMIC_RELEASE);
}

int
ik_tmp_create(int dirfd, const char *dir, unsigned mode, char *tmp,
    size_t tmpsz, int *slot, ik_error *err)
{
	static const char az[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	uint8_t rnd[10];
	size_t i, n;
	int tries, fd, w;

	for (tries = 0; tries < 100; tries++) {
		if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd)) {
			ik_error_set(err, IK_FATAL, IK_ERR_IO,
			    "no random name for a temporary file: %s",
			    strerror(errno));
			return -1;
		}
		w = snprintf(tmp, tmpsz, "%s%s.ik-tmp-", dir,
		    dir[0] != '\0' && dir[strlen(dir) - 1] != '/' ? "/" : "");
		if (w < 0 || (size_t)w + sizeof(rnd) + 1 > tmpsz) {
			ik_error_set(err, IK_FATAL, IK_ERR_IO,
			    "the folder name is too long for a temporary file");
			return -1;
		}
		n = (size_t)w;
		for (i = 0; i < sizeof(rnd); i++)
			tmp[n + i] = az[rnd[i] % (sizeof(az) - 1)];
		tmp[n + sizeof(rnd)] = '\0';
		/* Registered before it exists: a signal in between unlinks a
		 * name that is not there yet, which is harmless. */
		*slot = ik_tmp_register(dirfd, tmp);
		if (*slot < 0) {
			ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
			    "too many temporary files at once");
			return -1;
		}
		fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC |
		    O_NOFOLLOW | O_NOCTTY, (mode_t)(mode & 0600));
		if (fd >= 0)
			return fd;
		ik_tmp_unregister(*slot);
		*slot = -1;
		if (errno != EEXIST)
			break;
	}
	ik_error_set(err, IK_FATAL, IK_ERR_IO,
	    "cannot create a temporary file in %s: %s",
	    dir[0] != '\0' ? dir : ".", strerror(errno));
	return -1;
}

void
ik_tmp_discard(int dirfd, const char *tmp, int slot)
{
	int saved = errno;

	(void)unlinkat(dirfd, tmp, 0);
	ik_tmp_unregister(slot);
	errno = saved;
}

int
ik_rename_noreplace_link(int olddirfd, const char *from, int newdirfd,
    const char *to)
{
	/* link(2) fails with EEXIST rather than replace: the same promise. */
	if (linkat(olddirfd, from, newdirfd, to, 0) != 0)
		return -1;
	(void)unlinkat(olddirfd, from, 0);
	return 0;
}

int
ik_rename_noreplace(int olddirfd, const char *from, int newdirfd,
    const char *to)
{
	if (renameat2(olddirfd, from, newdirfd, to, RENAME_NOREPLACE) == 0)
		return 0;
	/* Kernels or file systems without the flag. */
	if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
		return -1;
	return ik_rename_noreplace_link(olddirfd, from, newdirfd, to);
}

ik_status
ik_tmp_commit(int dirfd, const char *tmp, int slot, int newdirfd,
    const char *path, bool replace, ik_error *err)
{
	int rc;

	if (ik_is_evidence(newdirfd, path)) {
		ik_tmp_discard(dirfd, tmp, slot);
		return ik_error_set(err, IK_FATAL, IK_ERR_USAGE,
		    "this is one of the inputs: evidence is never replaced");
	}
	rc = replace ? renameat(dirfd, tmp, newdirfd, path) :
	    ik_rename_noreplace(dirfd, tmp, newdirfd, path);
	if (rc != 0) {
		if (errno == EEXIST)
			ik_error_set(err, IK_FATAL, IK_ERR_EXISTS, "exists");
		else
			ik_error_set(err, IK_FATAL, IK_ERR_IO,
			    "cannot write: %s", strerror(errno));
		ik_tmp_discard(dirfd, tmp, slot);
		return IK_FATAL;
	}
	ik_tmp_unregister(slot);
	return IK_OK;
}

ik_status
ik_write_file_atomic(const char *path, const void *data, size_t len,
    unsigned mode, bool force, ik_error *err)
{
	char *dcopy, tmp[PATH_MAX];
	const char *slash;
	const uint8_t *p = data;
	struct stat st;
	ssize_t n;
	int fd, slot;

	/* Early refusals, before any work; the rename checks again. */
	if (ik_is_evidence(AT_FDCWD, path))
		return ik_error_set(err, IK_FATAL, IK_ERR_USAGE,
		    "this is one of the inputs: evidence is never replaced");
	if (!force && lstat(path, &st) == 0)
		return ik_error_set(err, IK_FATAL, IK_ERR_EXISTS, "exists");
	slash = strrchr(path, '/');
	dcopy = strndup(path, slash == NULL ? 0 :
	    slash == path ? 1 : (size_t)(slash - path));
	if (dcopy == NULL)
		return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
		    "out of memory");
	fd = ik_tmp_create(AT_FDCWD, dcopy, mode, tmp, sizeof(tmp), &slot,
	    err);
	free(dcopy);
	if (fd < 0)
		return IK_FATAL;
	if (fchmod(fd, (mode_t)mode) != 0)
		goto fail;
	while (len > 0) {
		n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto fail;
		p += n;
		len -= (size_t)n;
	}
	if (fsync(fd) != 0)
		goto fail;
	n = close(fd);
	fd = -1;
	if (n != 0)
		goto fail;
	return ik_tmp_commit(AT_FDCWD, tmp, slot, AT_FDCWD, path, force, err);
fail:
	ik_error_set(err, IK_FATAL, IK_ERR_IO, "cannot write: %s",
	    strerror(errno));
	if (fd >= 0)
		close(fd);
	ik_tmp_discard(AT_FDCWD, tmp, slot);
	return IK_FATAL;
}
