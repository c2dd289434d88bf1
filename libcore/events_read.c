/*
 * events_read.c: one events file, read in blocks and scanned as it
 * streams; its SHA-256 is computed on the way (chain of custody).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
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

ik_status
ik_events_read_file(ik_phones *db, const char *path, ik_error *err)
{
	bool is_stdin = strcmp(path, "-") == 0;
	ik_evscan *s = NULL;
	EVP_MD_CTX *md = NULL;
	uint8_t *buf = NULL;
	ik_evsource *e;
	ik_status st = IK_OK;
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
	buf = malloc(BLOCK);
	md = EVP_MD_CTX_new();
	s = ik_evscan_new(db, (uint16_t)(db->nsrc - 1));
	if (buf == NULL || md == NULL || s == NULL ||
	    EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1) {
		st = ik_error_set(err, IK_FATAL, IK_ERR_MEMORY, "out of memory");
		goto out;
	}
	e = &db->src[db->nsrc - 1];
	for (;;) {
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
