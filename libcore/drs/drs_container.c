/*
 * drs_container.c: what a component file is, judged from its first bytes
 * and its tail: an OpenSSL "Salted__" container (the usual case), a plain
 * tar or a gzip'd tar; and where the ciphertext ends, because CUCM appends
 * script log lines in clear after it.
 * Layer: drs.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ik_drs.h"
#include "drs_private.h"

const char *
ik_drs_container_name(ik_drs_container c)
{
	switch (c) {
	case IK_DRS_CONT_SALTED:
		return "openssl-salted";
	case IK_DRS_CONT_TAR:
		return "tar";
	case IK_DRS_CONT_GZIP:
		return "gzip";
	default:
		return "unknown";
	}
}

static bool
printable(uint8_t c)
{
	return (c >= 0x20 && c < 0x7f) || c == '\t' || c == '\n' || c == '\r';
}

/*
 * The trailing text length.  Ciphertext bytes are printable by chance
 * (about 3 in 8), so the printable suffix may reach a few bytes into the
 * ciphertext; the text ends where the ciphertext is whole AES blocks, and
 * the longest such cut within the printable suffix is the answer (the
 * chance that 16 ciphertext bytes in a row are printable is negligible).
 * Returns -1 when no cut leaves whole blocks.
 */
static long long
trailer_len(const uint8_t *tail, size_t tail_len, uint64_t body)
{
	size_t run = 0;
	long long t;

	while (run < tail_len && printable(tail[tail_len - 1 - run]))
		run++;
	if (run > body)
		run = (size_t)body;
	for (t = (long long)run; t >= 0; t--)
		if ((body - (uint64_t)t) % 16 == 0)
			return t;
	return -1;
}

ik_status
ik_drs_layout_detect(const uint8_t *head, size_t head_len,
    const uint8_t *tail, size_t tail_len, uint64_t size, ik_drs_layout *l,
    ik_error *err)
{
	long long t;

	memset(l, 0, sizeof(*l));
	l->size = size;
	l->data_end = size;
	l->aligned = true;
	if (head_len >= 16 && size >= 16 && memcmp(head, "Salted__", 8) == 0) {
		l->container = IK_DRS_CONT_SALTED;
		memcpy(l->salt, head + 8, 8);
		l->data_start = 16;
		t = trailer_len(tail, tail_len, size - 16);
		if (t < 0) {
			l->aligned = false;
			t = 0;
		}
		l->data_end = size - (uint64_t)t;
		if (t > 0) {
			l->trailer = strndup((const char *)tail + tail_len -
			    (size_t)t, (size_t)t);
			if (l->trailer == NULL)
				return ik_error_set(err, IK_FATAL,
				    IK_ERR_MEMORY, "out of memory");
			l->trailer_len = (size_t)t;
		}
	} else if (head_len >= 2 && head[0] == 0x1f && head[1] == 0x8b) {
		l->container = IK_DRS_CONT_GZIP;
	} else if (head_len >= 262 && memcmp(head + 257, "ustar", 5) == 0) {
		l->container = IK_DRS_CONT_TAR;
	}
	return IK_OK;
}

void
ik_drs_layout_free(ik_drs_layout *l)
{
	if (l->trailer != NULL) {
		ik_wipe(l->trailer, l->trailer_len);
		free(l->trailer);
	}
	l->trailer = NULL;
	l->trailer_len = 0;
}

int
drs_open_evidence(int dirfd, const char *name)
{
	struct stat st;
	ik_error err;
	int fd;

	ik_error_clear(&err);
	fd = ik_open_evidence(dirfd, name, &st, &err);
	return fd;
}

ssize_t
drs_pread_full(int fd, uint8_t *buf, size_t n, uint64_t off)
{
	size_t got = 0;
	ssize_t r;

	while (got < n) {
		r = pread(fd, buf + got, n - got, (off_t)(off + got));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

/* A sequential reader's next n bytes (fewer only at its end). */
ssize_t
drs_read_full(ik_drs_read_fn rd, void *arg, uint8_t *buf, size_t n)
{
	size_t got = 0;
	ssize_t r;

	while (got < n) {
		r = rd(arg, buf + got, n - got);
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

ik_status
ik_drs_source_layout(const ik_drs_source *src, ik_drs_layout *l,
    ik_error *err)
{
	uint8_t head[512], *tail;
	size_t hl, tl;
	ssize_t r;
	ik_status st;

	hl = src->size < sizeof(head) ? (size_t)src->size : sizeof(head);
	tl = src->size < IK_DRS_TRAILER_MAX ? (size_t)src->size :
	    IK_DRS_TRAILER_MAX;
	if (src->fd < 0 && src->mem == NULL)
		return ik_error_set(err, IK_FATAL, IK_ERR_USAGE,
		    "a sequential source has no layout to read");
	if (src->fd < 0)
		return ik_drs_layout_detect(src->mem, hl,
		    src->mem + src->size - tl, tl, src->size, l, err);
	tail = malloc(tl ? tl : 1);
	if (tail == NULL)
		return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
		    "out of memory");
	if ((r = drs_pread_full(src->fd, head, hl, 0)) != (ssize_t)hl ||
	    (r = drs_pread_full(src->fd, tail, tl, src->size - tl)) !=
	    (ssize_t)tl) {
		free(tail);
		return ik_error_set(err, IK_FATAL, IK_ERR_IO,
		    "read error: %s", r < 0 ? strerror(errno) :
		    "file shrank while being read");
	}
	st = ik_drs_layout_detect(head, hl, tail, tl, src->size, l, err);
	free(tail);
	return st;
}

static bool
blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * The option word w at tr[i] (at the start or after a blank), then
 * blanks: the index after them, or 0 when w is not there or no blank
 * follows it.
 */
static size_t
option_at(const char *tr, size_t len, size_t i, const char *w)
{
	size_t k = strlen(w), j;

	if (i + k >= len || memcmp(tr + i, w, k) != 0 ||
	    (i > 0 && !blank(tr[i - 1])) || (tr[i + k] != ' ' &&
	    tr[i + k] != '\t'))
		return 0;
	for (j = i + k; j < len && (tr[j] == ' ' || tr[j] == '\t'); j++)
		;
	return j;
}

size_t
ik_drs_trailer_leaks(const char *tr, size_t len, ik_drs_leak *out,
    size_t max)
{
	size_t i, j, start, n = 0;
	const char *form;

	for (i = 0; i < len && n < max; i++) {
		form = "-k";
		if ((start = option_at(tr, len, i, "-k")) == 0) {
			form = "-pass pass:";
			if ((start = option_at(tr, len, i, "-pass")) == 0 ||
			    len - start < 5 ||
			    memcmp(tr + start, "pass:", 5) != 0)
				continue;
			start += 5;
		}
		for (j = start; j < len && tr[j] > ' ' && tr[j] < 0x7f; j++)
			;
		i = j;
		/* A shell log may quote the key. */
		if (j - start >= 2 && (tr[start] == '\'' || tr[start] == '"') &&
		    tr[j - 1] == tr[start]) {
			start++;
			j--;
		}
		if (j == start || j - start > IK_DRS_LEAK_KEY_MAX)
			continue;
		out[n].off = start;
		out[n].len = j - start;
		out[n].form = form;
		n++;
	}
	return n;
}

size_t
ik_drs_trailer_leak(const char *tr, size_t len, const char *pw,
    bool *equals_pw)
{
	ik_drs_leak v[IK_DRS_LEAKS_MAX];
	size_t n, i, best = 0;

	*equals_pw = false;
	n = ik_drs_trailer_leaks(tr, len, v, IK_DRS_LEAKS_MAX);
	for (i = 0; i < n; i++) {
		if (pw != NULL && strlen(pw) == v[i].len &&
		    memcmp(pw, tr + v[i].off, v[i].len) == 0)
			*equals_pw = true;
		if (v[i].len > best)
			best = v[i].len;
	}
	return best;
}

/* Case-insensitive "ends with". */
static bool
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

const char *
ik_drs_artifact_kind(const char *path)
{
	const char *base = strrchr(path, '/');

	base = base ? base + 1 : path;
	if (strcasecmp(base, "ITLRecovery.p12") == 0)
		return "itl-recovery-p12";
	if (strcasecmp(base, "ITLFile.tlv") == 0)
		return "itl";
	if (strcasecmp(base, "CTLFile.tlv") == 0)
		return "ctl";
	if (strcasecmp(base, "platformConfig.xml") == 0)
		return "platform-config";
	if (ends_with(base, ".pem"))
		return "pem";
	if (ends_with(base, ".p12"))
		return "p12";
	return NULL;
}
