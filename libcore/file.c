/*
 * file.c: bounded, read-only reading of evidence and atomic writing of
 * outputs.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ik_base.h"

/*
 * Opens evidence read-only.  O_NOATIME keeps the access time untouched
 * where the kernel allows it (we own the file, or are root); otherwise we
 * fall back to a plain read-only open.
 */
static int
open_evidence(const char *path)
{
	int fd;

#ifdef O_NOATIME
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NOATIME);
	if (fd >= 0 || errno != EPERM)
		return fd;
#endif
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	return fd;
}

ik_status
ik_read_file(const char *path, size_t max, uint8_t **out, size_t *outlen,
    ik_error *err)
{
	struct stat st;
	uint8_t *buf = NULL, *nb;
	size_t len = 0, cap = 0;
	ssize_t n;
	int fd;
	bool is_stdin = strcmp(path, "-") == 0;

	*out = NULL;
	*outlen = 0;
	fd = is_stdin ? STDIN_FILENO : open_evidence(path);
	if (fd < 0)
		return ik_error_set(err, IK_FATAL, IK_ERR_IO, "cannot open: %s",
		    strerror(errno));
	if (fstat(fd, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			if (!is_stdin)
				close(fd);
			return ik_error_set(err, IK_FATAL, IK_ERR_IO,
			    "is a directory");
		}
		if (S_ISREG(st.st_mode)) {
			if ((unsigned long long)st.st_size > max) {
				if (!is_stdin)
					close(fd);
				return ik_error_set(err, IK_FAILED,
				    IK_ERR_FORMAT,
				    "file is %lld bytes, over the %zu-byte limit",
				    (long long)st.st_size, max);
			}
			cap = (size_t)st.st_size + 1;
		}
	}
	if (cap == 0)
		cap = 65536;
	for (;;) {
		if (len == cap) {
			if (cap > max) {
				free(buf);
				if (!is_stdin)
					close(fd);
				return ik_error_set(err, IK_FAILED,
				    IK_ERR_FORMAT,
				    "input is over the %zu-byte limit", max);
			}
			cap *= 2;
		}
		if (buf == NULL || len == 0 || cap > len) {
			nb = realloc(buf, cap);
			if (nb == NULL) {
				free(buf);
				if (!is_stdin)
					close(fd);
				return ik_error_set(err, IK_FATAL,
				    IK_ERR_MEMORY, "out of memory");
			}
			buf = nb;
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			free(buf);
			if (!is_stdin)
				close(fd);
			return ik_error_set(err, IK_FATAL, IK_ERR_IO,
			    "read error: %s", strerror(errno));
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (!is_stdin)
		close(fd);
	if (len > max) {
		free(buf);
		return ik_error_set(err, IK_FAILED, IK_ERR_FORMAT,
		    "input is over the %zu-byte limit", max);
	}
	*out = buf;
	*outlen = len;
	return IK_OK;
}

ik_status
ik_write_file_atomic(const char *path, const void *data, size_t len,
    unsigned mode, bool force, ik_error *err)
{
	char *dcopy, *tmp;
	const char *dir;
	const uint8_t *p = data;
	size_t tlen;
	ssize_t n;
	int fd;

	if (!force && access(path, F_OK) == 0)
		return ik_error_set(err, IK_FATAL, IK_ERR_IO,
		    "%s exists (use --force to overwrite)", path);
	dcopy = strdup(path);
	if (dcopy == NULL)
		return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
		    "out of memory");
	dir = dirname(dcopy);
	tlen = strlen(dir) + 32;
	tmp = malloc(tlen);
	if (tmp == NULL) {
		free(dcopy);
		return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
		    "out of memory");
	}
	snprintf(tmp, tlen, "%s/.ik-tmp-XXXXXX", dir);
	free(dcopy);
	fd = mkstemp(tmp);
	if (fd < 0) {
		ik_error_set(err, IK_FATAL, IK_ERR_IO,
		    "cannot create a temporary file beside %s: %s", path,
		    strerror(errno));
		free(tmp);
		return IK_FATAL;
	}
	if (fchmod(fd, (mode_t)mode) != 0)
		goto fail;
	while (len > 0) {
		n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		p += n;
		len -= (size_t)n;
	}
	if (fsync(fd) != 0)
		goto fail;
	if (close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (!force && access(path, F_OK) == 0) {
		errno = EEXIST;
		goto fail;
	}
	if (rename(tmp, path) != 0)
		goto fail;
	free(tmp);
	return IK_OK;
fail:
	ik_error_set(err, IK_FATAL, IK_ERR_IO, "cannot write %s: %s", path,
	    strerror(errno));
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	free(tmp);
	return IK_FATAL;
}
