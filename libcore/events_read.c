/*
 * events_read.c: one events file, read in blocks and scanned as it
 * streams; its SHA-256 is computed on the way (chain of custody).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "ik_analysis.h"

#define BLOCK (1u << 20)

static int
add_source(ik_phones *db, const char *path)
{
	ik_evsource *v;

	if (db->nsrc >= UINT16_MAX)
		return -1;
	v = realloc(db->src, (db->nsrc + 1) * sizeof(*v));
	if (v == NULL)
		return -1;
	db->src = v;
	v += db->nsrc;
	memset(v, 0, sizeof(*v));
	v->path = strdup(path);
	if (v->path == NULL)
		return -1;
	db->nsrc++;
	return 0;
}

/*
 * A regular file is mapped and scanned in windows whose pages are dropped
 * once read: no copy into a buffer, and resident memory stays one window.
 */
static ik_status
scan_mapped(int fd, size_t size, ik_evscan *s, EVP_MD_CTX *md,
    ik_evsource *e, bool *mapped, ik_error *err)
{
	const size_t win = 4u << 20;
	uint8_t *map;
	size_t off, n;

	*mapped = false;
	map = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (map == MAP_FAILED)
		return IK_OK;		/* fall back to read(2) */
	*mapped = true;
	madvise(map, size, MADV_SEQUENTIAL);
	for (off = 0; off < size; off += n) {
		n = size - off < win ? size - off : win;
		EVP_DigestUpdate(md, map + off, n);
		if (ik_evscan_feed(s, map + off, n) != IK_OK) {
			munmap(map, size);
			return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
			    "out of memory");
		}
		e->size += (long long)n;
		madvise(map + off, n, MADV_DONTNEED);
	}
	munmap(map, size);
	return IK_OK;
}

ik_status
ik_events_read_file(ik_phones *db, const char *path, ik_error *err)
{
	bool is_stdin = strcmp(path, "-") == 0;
	ik_evscan *s = NULL;
	EVP_MD_CTX *md = NULL;
	uint8_t *buf = NULL;
	ik_evsource *e;
	ik_status st = IK_OK;
	bool mapped = false;
	struct stat sb;
	ssize_t n;
	int fd;

	fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return ik_error_set(err, IK_FATAL, IK_ERR_IO, "cannot open: %s",
		    strerror(errno));
	if (add_source(db, path) != 0) {
		st = ik_error_set(err, IK_FATAL, IK_ERR_MEMORY, "out of memory");
		goto out;
	}
	buf = malloc(BLOCK);	/* pipes and standard input */
	md = EVP_MD_CTX_new();
	s = ik_evscan_new(db, (uint16_t)(db->nsrc - 1));
	if (buf == NULL || md == NULL || s == NULL ||
	    EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1) {
		st = ik_error_set(err, IK_FATAL, IK_ERR_MEMORY, "out of memory");
		goto out;
	}
	e = &db->src[db->nsrc - 1];
	if (!is_stdin && fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    sb.st_size > 0 && (uint64_t)sb.st_size <= SIZE_MAX) {
		st = scan_mapped(fd, (size_t)sb.st_size, s, md, e, &mapped, err);
		if (st != IK_OK)
			goto out;
	}
	for (; !mapped;) {
		n = read(fd, buf, BLOCK);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			st = ik_error_set(err, IK_FATAL, IK_ERR_IO,
			    "read error: %s", strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		e->size += n;
		EVP_DigestUpdate(md, buf, (size_t)n);
		if (ik_evscan_feed(s, buf, (size_t)n) != IK_OK) {
			st = ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
			    "out of memory");
			goto out;
		}
	}
	if (ik_evscan_end(s) != IK_OK)
		st = ik_error_set(err, IK_FATAL, IK_ERR_MEMORY, "out of memory");
	EVP_DigestFinal_ex(md, e->sha256, NULL);
out:
	ik_evscan_free(s);
	EVP_MD_CTX_free(md);
	free(buf);
	if (!is_stdin)
		close(fd);
	return st;
}
