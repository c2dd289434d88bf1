/*
 * events_read.c: one events file, read in blocks and scanned as it
 * streams; its SHA-256 (chain of custody, for the JSON report) is
 * computed on the way.
 * Layer: phones.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "ik_phones.h"

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
 * The SHA-256 of a mapped file is computed on another core while this one
 * parses: the digest (about a quarter of the work) then costs no time.
 * The parser drops a window's pages only once the hasher has passed it,
 * so resident memory stays a few windows.
 */
struct hasher {
	EVP_MD_CTX *md;
	const uint8_t *map;
	size_t size, win, done, parsed;
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

static void *
hash_thread(void *arg)
{
	struct hasher *h = arg;
	size_t off, n;

	for (off = 0; off < h->size; off += n) {
		n = h->size - off < h->win ? h->size - off : h->win;
		/* At most two windows ahead of the parser: pages it touched
		 * stay resident until the parser drops them. */
		pthread_mutex_lock(&h->mu);
		while (off > h->parsed + h->win)
			pthread_cond_wait(&h->cv, &h->mu);
		pthread_mutex_unlock(&h->mu);
		EVP_DigestUpdate(h->md, h->map + off, n);
		pthread_mutex_lock(&h->mu);
		h->done = off + n;
		pthread_cond_broadcast(&h->cv);
		pthread_mutex_unlock(&h->mu);
	}
	return NULL;
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
	struct hasher h;
	pthread_t tid;
	bool threaded = false;
	ik_status st = IK_OK;
	uint8_t *map;
	size_t off, n;

	*mapped = false;
	map = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (map == MAP_FAILED)
		return IK_OK;		/* fall back to read(2) */
	*mapped = true;
	madvise(map, size, MADV_SEQUENTIAL);
	h.md = md;
	h.map = map;
	h.size = size;
	h.win = win;
	h.done = 0;
	h.parsed = 0;
	pthread_mutex_init(&h.mu, NULL);
	pthread_cond_init(&h.cv, NULL);
	if (md != NULL && size > win && sysconf(_SC_NPROCESSORS_ONLN) > 1)
		threaded = pthread_create(&tid, NULL, hash_thread, &h) == 0;
	for (off = 0; off < size; off += n) {
		n = size - off < win ? size - off : win;
		if (!threaded && md != NULL)
			EVP_DigestUpdate(md, map + off, n);
		if (ik_evscan_feed(s, map + off, n) != IK_OK) {
			st = ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
			    "out of memory");
			break;
		}
		e->size += (long long)n;
		if (threaded) {
			pthread_mutex_lock(&h.mu);
			h.parsed = off + n;
			pthread_cond_broadcast(&h.cv);
			while (h.done < off + n)
				pthread_cond_wait(&h.cv, &h.mu);
			pthread_mutex_unlock(&h.mu);
		}
		madvise(map + off, n, MADV_DONTNEED);
	}
	/*
	 * The hasher reads the map to its end: release it (the parse may have
	 * stopped early) and let it finish before the unmap.
	 */
	if (threaded) {
		pthread_mutex_lock(&h.mu);
		h.parsed = size;
		pthread_cond_broadcast(&h.cv);
		pthread_mutex_unlock(&h.mu);
		pthread_join(tid, NULL);
	}
	pthread_mutex_destroy(&h.mu);
	pthread_cond_destroy(&h.cv);
	munmap(map, size);
	return st;
}

/* Standard input or a pipe, read(2) by read(2). */
struct fd_reader {
	int fd;
	bool is_stdin;
	uint64_t total;
};

static ssize_t
fd_read(void *arg, uint8_t *buf, size_t n, ik_error *err)
{
	struct fd_reader *r = arg;
	ssize_t k;

	do
		k = read(r->fd, buf, n);
	while (k < 0 && errno == EINTR);
	if (k < 0) {
		ik_error_set(err, IK_FATAL, IK_ERR_IO, "read error: %s",
		    strerror(errno));
		return -1;
	}
	r->total += (uint64_t)k;
	if (r->total > IK_EVENTS_STDIN_MAX) {
		ik_error_set(err, IK_FATAL, IK_ERR_IO,
		    "standard input is over the %llu-byte limit: save the log to a file",
		    (unsigned long long)IK_EVENTS_STDIN_MAX);
		return -1;
	}
	return k;
}

/*
 * One source read and scanned: mapped when fd is a regular file of size
 * bytes, else through rd.  The source is added first, named name (file
 * and member_off as ik_events_read_stream says).
 */
static ik_status
read_source(ik_phones *db, const char *name, const char *file,
    size_t member_off, int fd, size_t size, ik_events_reader *rd, void *rarg,
    ik_error *err)
{
	ik_evscan *s = NULL;
	EVP_MD_CTX *md = NULL;
	uint8_t *buf = NULL;
	ik_evsource *e;
	ik_status st = IK_OK;
	bool mapped = false;
	ssize_t n;

	if (add_source(db, name) != 0 || (file != NULL &&
	    (db->src[db->nsrc - 1].file = strdup(file)) == NULL))
		return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
		    "out of memory");
	e = &db->src[db->nsrc - 1];
	if (file != NULL)
		e->member = e->path + member_off;
	buf = malloc(BLOCK);	/* pipes, standard input, members */
	if (!db->no_digest)
		md = EVP_MD_CTX_new();
	s = ik_evscan_new(db, (uint16_t)(db->nsrc - 1));
	if (buf == NULL || (md == NULL && !db->no_digest) || s == NULL ||
	    (md != NULL && EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1)) {
		st = ik_error_set(err, IK_FATAL, IK_ERR_MEMORY, "out of memory");
		goto out;
	}
	if (fd >= 0 && size > 0) {
		st = scan_mapped(fd, size, s, md, e, &mapped, err);
		if (st != IK_OK)
			goto out;
	}
	for (; !mapped;) {
		if ((n = rd(rarg, buf, BLOCK, err)) < 0) {
			st = err->status;
			goto out;
		}
		if (n == 0)
			break;
		e->size += n;
		if (md != NULL)
			EVP_DigestUpdate(md, buf, (size_t)n);
		if (ik_evscan_feed(s, buf, (size_t)n) != IK_OK) {
			st = ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
			    "out of memory");
			goto out;
		}
	}
	if (ik_evscan_end(s) != IK_OK)
		st = ik_error_set(err, IK_FATAL, IK_ERR_MEMORY, "out of memory");
	if (md != NULL)
		EVP_DigestFinal_ex(md, e->sha256, NULL);
out:
	ik_evscan_free(s);
	EVP_MD_CTX_free(md);
	free(buf);
	return st;
}

ik_status
ik_events_read_file(ik_phones *db, const char *path, ik_error *err)
{
	struct fd_reader r = { STDIN_FILENO, true, 0 };
	struct stat sb;
	size_t size = 0;
	ik_status st;

	if (strcmp(path, "-") != 0) {
		r.is_stdin = false;
		if ((r.fd = ik_open_evidence(AT_FDCWD, path, &sb, err)) < 0)
			return IK_FATAL;
		if (sb.st_size > 0 && (uint64_t)sb.st_size <= SIZE_MAX)
			size = (size_t)sb.st_size;
	}
	st = read_source(db, path, NULL, 0, r.is_stdin ? -1 : r.fd, size,
	    fd_read, &r, err);
	if (!r.is_stdin)
		close(r.fd);
	return st;
}

ik_status
ik_events_read_stream(ik_phones *db, const char *name, const char *file,
    size_t member_off, ik_events_reader *rd, void *arg, ik_error *err)
{
	return read_source(db, name, file, member_off, -1, 0, rd, arg, err);
}
