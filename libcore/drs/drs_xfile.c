/*
 * drs_xfile.c: one file written by extraction.  The bytes go to a
 * temporary name beside the final one and the file gets its final name
 * only when complete, so that an interrupted or stopped extraction never
 * leaves a partial file that looks whole.  A regular file already at the
 * name (a re-run into the same folder) is compared by content once the
 * member is read: the same bytes are left as they are, other bytes are
 * kept unless the caller allows replacing them.
 * The bytes written are bounded per component (a gzip bomb expands a
 * thousand times) and by the free space of the output file system.
 * Layer: drs.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <archive.h>
#include <openssl/evp.h>

#include "drs_private.h"

const char *
drs_errno_reason(int e)
{
	switch (e) {
	case EEXIST:
		return "exists in DIR";
	case ENAMETOOLONG:
		return "name too long for the file system";
	case ELOOP:
	case ENOTDIR:
		return "a directory on its path is a link or not a directory";
	case EACCES:
	case EPERM:
		return "permission denied";
	case ENOSPC:
	case EDQUOT:
		return "no space left on the device";
	default:
		return "cannot create";
	}
}

uint64_t
drs_xfile_disk_budget(int fd)
{
	struct statvfs vs;
	uint64_t avail;

	if (fstatvfs(fd, &vs) != 0)
		return UINT64_MAX;
	avail = (uint64_t)vs.f_bavail * (uint64_t)vs.f_frsize;
	return avail > IK_DRS_EXTRACT_MARGIN ? avail - IK_DRS_EXTRACT_MARGIN : 0;
}

/* Writes n bytes within the component's and the disk's limits. */
static ik_status
put(drs_xfile *o, int fd, const uint8_t *buf, size_t n, const char *rel,
    ik_error *err)
{
	ssize_t w;

	if (o->written + n > o->limit || n > o->disk_left) {
		o->over = true;
		return ik_error_set(err, IK_FAILED, IK_ERR_MEMORY,
		    n > o->disk_left ?
		    "%s: stopped: the output file system would keep less than %llu MiB free" :
		    "%s: stopped: the component would write more than %llu bytes",
		    rel, n > o->disk_left ?
		    (unsigned long long)(IK_DRS_EXTRACT_MARGIN >> 20) :
		    (unsigned long long)o->limit);
	}
	o->written += n;
	o->disk_left -= n;
	while (n > 0) {
		w = write(fd, buf, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return ik_error_set(err, IK_FATAL, IK_ERR_IO,
			    "%s: write error: %s", rel, w < 0 ? strerror(errno) :
			    "nothing written");
		buf += w;
		n -= (size_t)w;
	}
	return IK_OK;
}

/*
 * The member is complete in tmp and a regular file was at base: the same
 * bytes are left (tmp removed), other bytes are replaced when allowed,
 * else kept and the member refused.  tmp is gone on return.
 */
static ik_status
settle(drs_xfile *o, int dirfd, const char *base, const char *tmp, int slot,
    const uint8_t sha[32], uint64_t size, const char **why, ik_error *err)
{
	uint8_t have[32];
	uint64_t hsize;
	ik_error e;

	if (!drs_xfile_hash(dirfd, base, have, &hsize)) {
		ik_tmp_discard(dirfd, tmp, slot);
		*why = "exists in DIR and cannot be read to compare";
		return IK_OK;
	}
	if (hsize == size && memcmp(have, sha, 32) == 0) {
		ik_tmp_discard(dirfd, tmp, slot);
		o->was = DRS_XF_SAME;
		return IK_OK;
	}
	if (!o->replace) {
		ik_tmp_discard(dirfd, tmp, slot);
		o->was = DRS_XF_DIFFERS;
		*why = "exists in DIR with other content: not replaced";
		return IK_OK;
	}
	ik_error_clear(&e);
	if (ik_tmp_commit(dirfd, tmp, slot, dirfd, base, true, &e) != IK_OK) {
		if (e.category != IK_ERR_USAGE)
			return ik_error_set(err, IK_FATAL, IK_ERR_IO, "%s: %s",
			    base, e.msg);
		o->was = DRS_XF_DIFFERS;
		*why = "one of the inputs: evidence is never replaced";
	}
	o->was = DRS_XF_REPLACED;
	return IK_OK;
}

ik_status
drs_xfile_write(drs_xfile *o, struct archive *a, int dirfd, const char *base,
    const char *rel, uint8_t sha[32], uint64_t *size, const char **why,
    ik_error *err)
{
	EVP_MD_CTX *md = NULL;
	char tmp[64];
	const void *buf;
	size_t n;
	la_int64_t off;
	struct stat st;
	ik_status s = IK_OK;
	ik_error terr;
	int fd, slot = -1, r = ARCHIVE_OK;
	bool existed = false;

	*size = 0;
	*why = NULL;
	o->was = DRS_XF_NEW;
	/* Refused before any byte is written when the name is taken by
	 * anything but a regular file (a link, a folder, a device). */
	if (fstatat(dirfd, base, &st, AT_SYMLINK_NOFOLLOW) == 0) {
		if (!S_ISREG(st.st_mode)) {
			*why = drs_errno_reason(EEXIST);
			return IK_OK;
		}
		existed = true;
	} else if (errno != ENOENT) {
		*why = drs_errno_reason(errno);
		return IK_OK;
	}
	/* Registered with the process's temporary files: a signal or a
	 * size limit removes it like every other output's. */
	ik_error_clear(&terr);
	fd = ik_tmp_create(dirfd, "", 0600, tmp, sizeof(tmp), &slot, &terr);
	if (fd < 0) {
		*why = drs_errno_reason(errno);
		return IK_OK;
	}
	if ((md = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestInit_ex2(md, EVP_sha256(), NULL) != 1) {
		s = ik_error_set(err, IK_FATAL, IK_ERR_MEMORY, "out of memory");
		goto out;
	}
	while ((r = archive_read_data_block(a, &buf, &n, &off)) == ARCHIVE_OK) {
		/* Sparse holes are not expected in DRS tars: write densely. */
		EVP_DigestUpdate(md, buf, n);
		*size += n;
		if ((s = put(o, fd, buf, n, rel, err)) != IK_OK)
			goto out;
	}
	if (r != ARCHIVE_EOF) {
		s = ik_error_set(err, IK_FAILED, IK_ERR_FORMAT, "%s: %s", rel,
		    archive_error_string(a) ? archive_error_string(a) :
		    "read error");
		goto out;
	}
	if (close(fd) != 0) {
		fd = -1;
		s = ik_error_set(err, IK_FATAL, IK_ERR_IO, "%s: write error: %s",
		    rel, strerror(errno));
		goto out;
	}
	fd = -1;
	EVP_DigestFinal_ex(md, sha, NULL);
	if (existed) {
		s = settle(o, dirfd, base, tmp, slot, sha, *size, why, err);
		tmp[0] = '\0';
		goto out;
	}
	if (ik_rename_noreplace(dirfd, tmp, dirfd, base) != 0) {
		*why = drs_errno_reason(errno);
		goto out;
	}
	ik_tmp_unregister(slot);
	tmp[0] = '\0';
out:
	if (fd >= 0)
		close(fd);
	/* A partial or refused file never stays behind. */
	if (tmp[0] != '\0')
		ik_tmp_discard(dirfd, tmp, slot);
	EVP_MD_CTX_free(md);
	return s;
}

bool
drs_xfile_hash(int dirfd, const char *name, uint8_t sha[32], uint64_t *size)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	uint8_t buf[65536];
	struct stat st;
	ssize_t n = -1;
	int fd;

	*size = 0;
	/* Only a regular file is read: a FIFO planted in DIR would block. */
	fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC);
	if (fd >= 0 && md != NULL && fstat(fd, &st) == 0 &&
	    S_ISREG(st.st_mode) &&
	    EVP_DigestInit_ex2(md, EVP_sha256(), NULL) == 1) {
		while ((n = read(fd, buf, sizeof(buf))) > 0) {
			EVP_DigestUpdate(md, buf, (size_t)n);
			*size += (uint64_t)n;
		}
		if (n == 0)
			EVP_DigestFinal_ex(md, sha, NULL);
	}
	if (fd >= 0)
		close(fd);
	EVP_MD_CTX_free(md);
	return n == 0;
}
