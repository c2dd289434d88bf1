/*
 * drs_scan.c: a component judged in one pass: the stream hashes and
 * decrypts, libarchive reads the plaintext through a callback (tar, or
 * gzip'd tar for TFTP), and the member names are checked for recovery
 * artifacts.  Nothing decrypted leaves memory.
 * Layer: drs.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <archive.h>
#include <archive_entry.h>

#include "ik_drs.h"
#include "drs_private.h"

#define MAX_ARTIFACTS	1024

void
ik_drs_scan_free(ik_drs_scan *s)
{
	size_t i;

	for (i = 0; i < s->nartifacts; i++) {
		free(s->artifacts[i].path);
		free(s->artifacts[i].detail);
	}
	free(s->artifacts);
	free(s->archive_error);
	free(s->unsafe_example);
	memset(s, 0, sizeof(*s));
}

static la_ssize_t
read_cb(struct archive *a, void *ud, const void **buf)
{
	drs_archive_feed *feed = ud;
	size_t n;

	feed->st = ik_drs_stream_read(feed->s, buf, &n, feed->err);
	if (feed->st != IK_OK) {
		archive_set_error(a, EIO, "%s", feed->err->msg);
		return -1;
	}
	return (la_ssize_t)n;
}

/* Member data libarchive passes over is hashed, not decrypted. */
static la_int64_t
skip_cb(struct archive *a, void *ud, la_int64_t n)
{
	drs_archive_feed *feed = ud;

	(void)a;
	return n <= 0 ? 0 : (la_int64_t)drs_stream_skip(feed->s,
	    (uint64_t)n);
}

struct archive *
drs_archive_open(drs_archive_feed *feed)
{
	struct archive *a = archive_read_new();

	if (a == NULL)
		return NULL;
	if (archive_read_support_filter_gzip(a) != ARCHIVE_OK ||
	    archive_read_support_format_tar(a) != ARCHIVE_OK ||
	    archive_read_open2(a, feed, NULL, read_cb, skip_cb, NULL) !=
	    ARCHIVE_OK) {
		/* The error is left in the handle for the caller to report. */
		return a;
	}
	return a;
}

static int
add_artifact(ik_drs_scan *scan, const char *path, const char *kind)
{
	ik_drs_artifact *nv;

	if (scan->nartifacts >= MAX_ARTIFACTS)
		return 0;
	nv = realloc(scan->artifacts, (scan->nartifacts + 1) * sizeof(*nv));
	if (nv == NULL)
		return -1;
	scan->artifacts = nv;
	memset(&nv[scan->nartifacts], 0, sizeof(nv[0]));
	if ((nv[scan->nartifacts].path = strdup(path)) == NULL)
		return -1;
	nv[scan->nartifacts++].kind = kind;
	return 0;
}

static bool
inspectable(const char *kind)
{
	return strcmp(kind, "itl") == 0 || strcmp(kind, "ctl") == 0 ||
	    strcmp(kind, "itl-recovery-p12") == 0 || strcmp(kind, "p12") == 0;
}

/*
 * Reads a small artifact member into memory and judges it.  Returns 1 when
 * the member's data was consumed, 0 when it was left for the caller to
 * skip, -1 on an archive read error.
 */
static int
read_artifact(struct archive *a, struct archive_entry *e, ik_drs_artifact *art,
    const ik_drs_source *src)
{
	uint8_t *buf;
	size_t len, got = 0;
	la_ssize_t n;

	if (!inspectable(art->kind) || !archive_entry_size_is_set(e) ||
	    archive_entry_size(e) < 0 ||
	    archive_entry_size(e) > (la_int64_t)IK_DRS_ARTIFACT_MAX)
		return 0;
	len = (size_t)archive_entry_size(e);
	buf = malloc(len ? len : 1);
	if (buf == NULL)
		return 0;
	while (got < len) {
		n = archive_read_data(a, buf + got, len - got);
		if (n < 0) {
			free(buf);
			return -1;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	ik_drs_artifact_inspect(art, buf, got, src->p12_passwords, src->kdf);
	/* A p12 is a secret: its bytes are wiped, not just freed. */
	ik_wipe(buf, len);
	free(buf);
	return 1;
}

/*
 * Members extraction would refuse: '..', links leaving the folder,
 * devices.  Absolute paths are normal in CUCM tars and not counted.
 */
static void
note_unsafe(ik_drs_scan *scan, struct archive_entry *e, const char *path)
{
	char clean[4096];
	const char *why, *target;
	unsigned type = archive_entry_filetype(e);
	bool bad;

	bad = drs_path_clean(path, true, clean, sizeof(clean), &why) != 0;
	if (!bad && (target = archive_entry_symlink(e)) != NULL)
		bad = drs_link_escapes(clean, target);
	if (!bad && (target = archive_entry_hardlink(e)) != NULL)
		bad = drs_path_clean(target, false, clean, sizeof(clean),
		    &why) != 0;
	if (!bad)
		bad = type == AE_IFCHR || type == AE_IFBLK || type == AE_IFIFO ||
		    type == AE_IFSOCK;
	if (!bad)
		return;
	if (scan->unsafe++ == 0)
		scan->unsafe_example = strdup(path);
}

/* Walks the members; the stream state tells a bad container from a bad
 * archive. */
static ik_status
list_members(struct archive *a, drs_archive_feed *feed, ik_drs_scan *scan,
    const ik_drs_source *src, ik_error *err)
{
	struct archive_entry *e;
	const char *path, *kind;
	int r, consumed;

	for (;;) {
		r = archive_read_next_header(a, &e);
		if (r == ARCHIVE_EOF)
			break;
		if (r < ARCHIVE_WARN)
			goto bad;
		if (scan->members == 0)
			scan->payload = archive_filter_code(a, 0) ==
			    ARCHIVE_FILTER_GZIP ? "tar.gz" : "tar";
		scan->members++;
		if (archive_entry_size_is_set(e) && archive_entry_size(e) > 0)
			scan->member_bytes += (uint64_t)archive_entry_size(e);
		path = archive_entry_pathname(e);
		if (path != NULL)
			note_unsafe(scan, e, path);
		consumed = 0;
		if (path != NULL && (kind = ik_drs_artifact_kind(path)) != NULL &&
		    archive_entry_filetype(e) == AE_IFREG) {
			if (add_artifact(scan, path, kind) != 0)
				return ik_error_set(err, IK_FATAL,
				    IK_ERR_MEMORY, "out of memory");
			if (scan->nartifacts > 0 && strcmp(scan->artifacts[
			    scan->nartifacts - 1].path, path) == 0)
				consumed = read_artifact(a, e,
				    &scan->artifacts[scan->nartifacts - 1], src);
			if (consumed < 0)
				goto bad;
		}
		if (consumed == 0 && archive_read_data_skip(a) < ARCHIVE_WARN)
			goto bad;
	}
	if (scan->members == 0)
		scan->payload = archive_filter_code(a, 0) ==
		    ARCHIVE_FILTER_GZIP ? "tar.gz" : "tar";
	/* libarchive may have met the end of the archive in read-ahead that
	 * also hit the end of the container: a bad padding found there
	 * must not be lost. */
	return feed->st;
bad:
	if (feed->st != IK_OK)
		return feed->st;
	if (scan->members == 0)
		scan->payload = "unknown";
	scan->archive_error = strdup(archive_error_string(a) ?
	    archive_error_string(a) : "unreadable archive");
	return IK_OK;
}

ik_status
ik_drs_scan_source(const ik_drs_source *src, const ik_drs_layout *l,
    ik_digest md, const char *pw, size_t pwlen, bool list,
    ik_drs_scan *scan, ik_error *err)
{
	drs_archive_feed feed = { 0 };
	struct archive *a = NULL;
	ik_status st;
	bool decrypting;

	memset(scan, 0, sizeof(*scan));
	scan->decrypted = -1;
	decrypting = l->container == IK_DRS_CONT_SALTED && pw != NULL;
	st = ik_drs_stream_open(src, l, md, decrypting ? pw : NULL, pwlen,
	    &feed.s, err);
	if (st != IK_OK)
		return st;
	feed.err = err;
	list = list && (decrypting || l->container != IK_DRS_CONT_SALTED);
	if (list) {
		a = drs_archive_open(&feed);
		if (a == NULL) {
			ik_drs_stream_close(feed.s);
			return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
			    "out of memory");
		}
		st = list_members(a, &feed, scan, src, err);
		archive_read_free(a);
	}
	if (st == IK_OK)
		st = ik_drs_stream_drain(feed.s, err);
	if (st == IK_OK || st == IK_FAILED)
		scan->hashed = ik_drs_stream_digests(feed.s, scan->sha1_all,
		    scan->sha1_body);
	if (decrypting)
		scan->decrypted = st == IK_OK;
	if (st == IK_FAILED) {
		/* A bad padding or truncated container is a verdict, not an
		 * error of the scan; keep the message for the report. */
		free(scan->archive_error);
		scan->archive_error = strdup(err->msg);
		ik_error_clear(err);
		st = IK_OK;
	}
	ik_drs_stream_close(feed.s);
	return st;
}
