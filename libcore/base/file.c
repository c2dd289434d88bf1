/*
 * file.c: opening and bounded reading of evidence.  Every input goes
 * through ik_open_evidence: read-only, no access-time update where the
 * kernel allows it, never blocking on a FIFO or a device, regular files
 * only.  Each file opened is remembered by device and inode, so that no
 * output can replace it (output.c asks ik_is_evidence before a rename).
 * Layer: base.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ik_base.h"

/*
 * The inputs of this process, by device and inode: a set (open
 * addressing, linear probing, at most half full), as a batch notes
 * thousands of files and each note asks whether it is known.
 */
static struct evid {
	dev_t dev;
	ino_t ino;
	bool used;
} *evid;
static size_t nevid, capevid;		/* capevid: 0 or a power of 2 */
static pthread_mutex_t evid_mu = PTHREAD_MUTEX_INITIALIZER;

static size_t
evid_hash(dev_t dev, ino_t ino)
{
	uint64_t h = (uint64_t)ino * 0x9E3779B97F4A7C15ULL ^
	    (uint64_t)dev * 0xC2B2AE3D27D4EB4FULL;

	return (size_t)(h ^ (h >> 29));
}

/* The slot holding (dev, ino), or the empty one where it would go. */
static size_t
evid_slot(dev_t dev, ino_t ino)
{
	size_t mask = capevid - 1, i = evid_hash(dev, ino) & mask;

	while (evid[i].used && (evid[i].dev != dev || evid[i].ino != ino))
		i = (i + 1) & mask;
	return i;
}

static int
evid_grow(void)
{
	struct evid *old = evid;
	size_t oldcap = capevid, i, k;

	evid = calloc(oldcap ? 2 * oldcap : 64, sizeof(*evid));
	if (evid == NULL) {
		evid = old;
		return -1;
	}
	capevid = oldcap ? 2 * oldcap : 64;
	for (i = 0; i < oldcap; i++)
		if (old[i].used) {
			k = evid_slot(old[i].dev, old[i].ino);
			evid[k] = old[i];
		}
	free(old);
	return 0;
}

static int
evidence_note(const struct stat *st)
{
	size_t i;
	int rc = 0;

	pthread_mutex_lock(&evid_mu);
	if (2 * (nevid + 1) > capevid && evid_grow() != 0) {
		rc = -1;
		goto out;
	}
	i = evid_slot(st->st_dev, st->st_ino);
	if (!evid[i].used) {
		evid[i].dev = st->st_dev;
		evid[i].ino = st->st_ino;
		evid[i].used = true;
		nevid++;
	}
out:
	pthread_mutex_unlock(&evid_mu);
	return rc;
}

static bool
evidence_known(const struct stat *st)
{
	bool hit;

	pthread_mutex_lock(&evid_mu);
	hit = nevid > 0 && evid[evid_slot(st->st_dev, st->st_ino)].used;
	pthread_mutex_unlock(&evid_mu);
	return hit;
}

int
ik_evidence_protect(const char *path)
{
	struct stat st;

	if (stat(path, &st) != 0)
		return errno == ENOENT ? 0 : -1;
	return evidence_note(&st);
}

bool
ik_is_evidence(int dirfd, const char *name)
{
	struct stat st;

	/* The name itself (a hard link is the same inode) and, through a
	 * symbolic link, what it points at. */
	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    evidence_known(&st))
		return true;
	return fstatat(dirfd, name, &st, 0) == 0 && evidence_known(&st);
}

void
ik_evidence_forget(const char *path)
{
	struct stat st;
	size_t mask, i, j, k;

	if (stat(path, &st) != 0)
		return;
	pthread_mutex_lock(&evid_mu);
	if (nevid == 0)
		goto out;
	mask = capevid - 1;
	i = evid_slot(st.st_dev, st.st_ino);
	if (!evid[i].used)
		goto out;
	/*
	 * Entries after the hole that probed past it move back into it, so
	 * that every entry stays reachable from its home slot.
	 */
	for (j = (i + 1) & mask; evid[j].used; j = (j + 1) & mask) {
		k = evid_hash(evid[j].dev, evid[j].ino) & mask;
		if (i <= j ? (i < k && k <= j) : (i < k || k <= j))
			continue;
		evid[i] = evid[j];
		i = j;
	}
	evid[i].used = false;
	nevid--;
out:
	pthread_mutex_unlock(&evid_mu);
}

void
ik_evidence_forget_all(void)
{
	pthread_mutex_lock(&evid_mu);
	free(evid);
	evid = NULL;
	nevid = capevid = 0;
	pthread_mutex_unlock(&evid_mu);
}

const char *
ik_file_type_name(unsigned mode)
{
	switch (mode & S_IFMT) {
	case S_IFREG: return "a regular file";
	case S_IFDIR: return "a directory";
	case S_IFIFO: return "a FIFO";
	case S_IFCHR: return "a character device";
	case S_IFBLK: return "a block device";
	case S_IFSOCK: return "a socket";
	case S_IFLNK: return "a symbolic link";
	}
	return "not a file";
}

int
ik_open_evidence(int dirfd, const char *name, struct stat *st, ik_error *err)
{
	/*
	 * O_NONBLOCK: opening a FIFO without a writer, or a device, must not
	 * hang; it is cleared again once we know the file is regular.
	 */
	const int flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;
	int fd = -1, fl;

#ifdef O_NOATIME
	/* Allowed only for our own files (or root): else a plain open. */
	fd = openat(dirfd, name, flags | O_NOATIME);
	if (fd < 0 && errno != EPERM)
		goto fail;
#endif
	if (fd < 0)
		fd = openat(dirfd, name, flags);
	if (fd < 0)
		goto fail;
	if (fstat(fd, st) != 0)
		goto fail;
	if (!S_ISREG(st->st_mode)) {
		ik_error_set(err, IK_FATAL, IK_ERR_IO,
		    "is %s, not a regular file",
		    ik_file_type_name(st->st_mode));
		close(fd);
		return -1;
	}
	if ((fl = fcntl(fd, F_GETFL)) < 0 ||
	    fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) != 0)
		goto fail;
	if (evidence_note(st) != 0) {
		ik_error_set(err, IK_FATAL, IK_ERR_MEMORY, "out of memory");
		close(fd);
		return -1;
	}
	return fd;
fail:
	ik_error_set(err, IK_FATAL, IK_ERR_IO, "cannot open: %s",
	    strerror(errno));
	if (fd >= 0)
		close(fd);
	return -1;
}

ik_status
ik_read_file(const char *path, size_t max, uint8_t **out, size_t *outlen,
    ik_error *err)
{
	struct stat st;
	uint8_t *buf = NULL, *nb;
	size_t len = 0, cap = 65536, alloc = 0;
	ssize_t n;
	int fd;
	bool is_stdin = strcmp(path, "-") == 0;
	ik_status r = IK_OK;

	*out = NULL;
	*outlen = 0;
	if (is_stdin) {
		/* A pipe or a terminal: read at most max + 1 bytes below. */
		fd = STDIN_FILENO;
	} else {
		fd = ik_open_evidence(AT_FDCWD, path, &st, err);
		if (fd < 0)
			return IK_FATAL;
		if ((unsigned long long)st.st_size > max) {
			close(fd);
			return ik_error_set(err, IK_FAILED, IK_ERR_FORMAT,
			    "file is %lld bytes, over the %zu-byte limit",
			    (long long)st.st_size, max);
		}
		cap = (size_t)st.st_size + 1;
	}
	if (cap > max + 1)
		cap = max + 1;
	for (;;) {
		if (len == cap) {
			if (len > max) {
				r = ik_error_set(err, IK_FAILED, IK_ERR_FORMAT,
				    "input is over the %zu-byte limit", max);
				goto out;
			}
			cap = cap > max / 2 ? max + 1 : 2 * cap;
		}
		if (alloc != cap) {
			nb = realloc(buf, cap);
			if (nb == NULL) {
				r = ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
				    "out of memory");
				goto out;
			}
			buf = nb;
			alloc = cap;
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			r = ik_error_set(err, IK_FATAL, IK_ERR_IO,
			    "read error: %s", strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (len > max)
		r = ik_error_set(err, IK_FAILED, IK_ERR_FORMAT,
		    "input is over the %zu-byte limit", max);
out:
	if (!is_stdin)
		close(fd);
	if (r != IK_OK) {
		free(buf);
		return r;
	}
	*out = buf;
	*outlen = len;
	return IK_OK;
}
