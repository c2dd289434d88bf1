/*
 * archive.c: layer jobs.  The inputs one command-line input gives: the
 * file itself, or the members of the archive it is.  Customers send
 * bundles (a .tgz of each node's TFTP files, a .zip with the p12 and its
 * passwords); each member of the kind a job reads is an input of its own,
 * with its own SHA-256 and size, read through libarchive as the bytes
 * arrive.  Nothing is extracted to disk and one member at a time is held
 * in memory; limits on members, bytes and expansion keep a hostile
 * archive from costing more than a bounded run.
 */
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "ik_drs.h"
#include "ik_jobs.h"
#include "ik_report.h"
#include "jobs_private.h"

#define CHUNK		65536	/* bytes handed to libarchive per read */
#define MAX_NOTES	16	/* archives nested too deep named one by one */
#define NKINDS		32	/* bits of ik_input_opts.want */

_Static_assert(IK_IN_PEM < NKINDS, "an input kind has no bit");

/*
 * Where a level's bytes come from: the file, memory, or (an archive inside
 * the archive) the outer archive's member.  The bytes read to sniff are
 * given back first.
 */
struct src {
	int fd;				/* -1 unless level 0 reads a file */
	const uint8_t *mem;		/* level 0 in memory */
	size_t memlen, memoff;
	struct ik_input_iter *it;
	int level;
	uint8_t head[IK_SNIFF_BYTES];
	size_t headlen, headoff;
	uint8_t *buf;			/* CHUNK bytes for libarchive */
	uint64_t consumed;		/* compressed bytes read so far */
	ik_status st;			/* why the last read failed */
	ik_error err;
};

struct level {
	struct archive *a;
	struct src src;
	char *name;		/* level 1: the member of level 0 it is */
	bool single;		/* a gzip'd single file (raw format) */
	bool dead;		/* an error ended it */
	bool undrained;		/* the current member's data is not all read */
	uint64_t members;
	uint64_t out;		/* member data read */
	uint64_t basis;		/* compressed size known beforehand, or 0 */
	char *last;		/* the last member's path, for messages */
};

struct ik_input_iter {
	const char *path;
	ik_input_opts o;
	locale_t loc;
	enum { IT_START, IT_ARCHIVE, IT_END } state;
	struct level lv[2];
	int depth;		/* levels open */
	uint64_t total;		/* member data read, every level */
	/* A limit that stopped reading: the level whose archive it names. */
	int limit_level;
	ik_error limit;
	uint64_t yielded, failed;
	/* What was skipped. */
	uint64_t kinds[NKINDS], dirs, symlinks, hardlinks, special, encrypted,
	    deep;
	bool summarised;	/* said in the last input's message */
	ik_sb notes;
	/*
	 * The input handed over unread (ik_input_opts.stream): the level
	 * whose member it is (-1: none), plain when it is the input itself,
	 * and its first bytes, given back first.
	 */
	unsigned stream;	/* kinds handed over unread */
	bool (*whole)(const char *name);	/* members not opened */
	bool (*select)(const char *name);	/* members read, or NULL: all */
	const char *what;	/* what the job reads, or NULL: by kind */
	int stream_level;
	bool stream_plain;
	uint8_t shead[IK_SNIFF_BYTES];
	size_t sheadlen, sheadoff;
};

/* ---- reading the bytes -------------------------------------------------- */

static bool grow(ik_input_iter *it, int level, size_t n);

/* Up to n fresh bytes from where the level's bytes come from: 0 at the end. */
static ssize_t
src_raw(struct src *s, uint8_t *p, size_t n)
{
	struct level *outer;
	la_ssize_t r;
	ssize_t k;

	if (s->mem != NULL) {
		k = (ssize_t)(n < s->memlen - s->memoff ? n :
		    s->memlen - s->memoff);
		memcpy(p, s->mem + s->memoff, (size_t)k);
		s->memoff += (size_t)k;
	} else if (s->fd >= 0) {
		do
			k = read(s->fd, p, n);
		while (k < 0 && errno == EINTR);
		if (k < 0) {
			s->st = ik_error_set(&s->err, IK_FATAL, IK_ERR_IO,
			    "read error: %s", strerror(errno));
			return -1;
		}
	} else {
		outer = &s->it->lv[0];
		r = archive_read_data(outer->a, p, n);
		if (r < 0) {
			/* The outer archive cannot go on either. */
			outer->dead = true;
			s->st = ik_error_set(&s->err, IK_FAILED, IK_ERR_FORMAT,
			    "damaged archive: %s",
			    archive_error_string(outer->a) != NULL ?
			    archive_error_string(outer->a) : "read error");
			return -1;
		}
		k = (ssize_t)r;
		if (!grow(s->it, 0, (size_t)k)) {
			s->st = ik_error_set(&s->err, s->it->limit.status,
			    s->it->limit.category, "%s", s->it->limit.msg);
			return -1;
		}
	}
	s->consumed += (uint64_t)k;
	return k;
}

/* Up to n bytes, the sniffed ones first. */
static ssize_t
src_read(struct src *s, uint8_t *p, size_t n)
{
	size_t k;

	if (s->headoff < s->headlen) {
		k = s->headlen - s->headoff < n ? s->headlen - s->headoff : n;
		memcpy(p, s->head + s->headoff, k);
		s->headoff += k;
		return (ssize_t)k;
	}
	return src_raw(s, p, n);
}

static la_ssize_t
read_cb(struct archive *a, void *ud, const void **buf)
{
	struct src *s = ud;
	ssize_t n;

	n = src_read(s, s->buf, CHUNK);
	if (n < 0) {
		archive_set_error(a, EIO, "%s", s->err.msg);
		return -1;
	}
	*buf = s->buf;
	return (la_ssize_t)n;
}

/* ---- limits ------------------------------------------------------------- */

static uint64_t
lim(uint64_t v, uint64_t def)
{
	return v != 0 ? v : def;
}

/*
 * Counts n bytes of member data read at level; false when a limit is
 * passed (it->limit says which, it->limit_level whose).
 */
static bool
grow(ik_input_iter *it, int level, size_t n)
{
	struct level *lv = &it->lv[level];
	uint64_t out, in, ratio, min;
	la_int64_t f;

	lv->out += n;
	it->total += n;
	if (it->limit.status != IK_OK)
		return false;
	if (it->total > lim(it->o.max_total, IK_ARCHIVE_MAX_TOTAL)) {
		it->limit_level = 0;
		ik_error_set(&it->limit, IK_FAILED, IK_ERR_MEMORY,
		    "holds more than %llu bytes of data: not read further",
		    (unsigned long long)lim(it->o.max_total,
		    IK_ARCHIVE_MAX_TOTAL));
		return false;
	}
	/* What the decompressor gave the format reader, headers included. */
	out = lv->out;
	f = archive_filter_bytes(lv->a, 0);
	if (f > 0 && (uint64_t)f > out)
		out = (uint64_t)f;
	in = lv->basis != 0 ? lv->basis : lv->src.consumed;
	ratio = lim(it->o.ratio, IK_DRS_EXTRACT_RATIO);
	min = lim(it->o.ratio_min, IK_DRS_EXTRACT_MIN);
	if (out > min && out / ratio >= (in > 0 ? in : 1)) {
		it->limit_level = level;
		ik_error_set(&it->limit, IK_FAILED, IK_ERR_MEMORY,
		    "expands more than %llu times (%llu bytes from %llu): "
		    "refused as a decompression bomb",
		    (unsigned long long)ratio, (unsigned long long)out,
		    (unsigned long long)in);
		return false;
	}
	return true;
}

/* ---- naming ---------------------------------------------------------------- */

/*
 * Names in the input: path, "path:member", or with an archive inside the
 * archive "path:inner:member".  member NULL names the level's archive.
 */
static ik_status
name_input(ik_input_iter *it, ik_input *in, int level, const char *member,
    ik_error *err)
{
	size_t plen = strlen(it->path), mlen;
	char *s;

	memset(in, 0, sizeof(*in));
	in->path = it->path;
	in->name = it->path;
	if (level == 0 && member == NULL)
		return IK_OK;
	if (level == 1 && member == NULL) {
		member = it->lv[1].name;
		level = 0;
	}
	mlen = (level == 1 ? strlen(it->lv[1].name) + 1 : 0) + strlen(member);
	s = malloc(plen + 1 + mlen + 1);
	if (s == NULL)
		return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
		    "out of memory");
	memcpy(s, it->path, plen);
	s[plen] = ':';
	s[plen + 1] = '\0';
	if (level == 1) {
		strcat(s, it->lv[1].name);
		strcat(s, ":");
	}
	strcat(s, member);
	in->label = s;
	in->name = s;
	in->member = s + plen + 1;
	return IK_OK;
}

/*
 * What a gzip'd single file holds is named as gunzip would name it: the
 * file's own name without ".gz" ("data" when there is nothing left).
 */
static char *
single_name(const char *container)
{
	const char *b = strrchr(container, '/');
	size_t n;
	char *s;

	b = b != NULL ? b + 1 : container;
	n = strlen(b);
	if (n > 3 && strcasecmp(b + n - 3, ".gz") == 0)
		n -= 3;
	if (n == 0 || strcmp(b, "-") == 0)
		return strdup("data");
	if ((s = malloc(n + 1)) == NULL)
		return NULL;
	memcpy(s, b, n);
	s[n] = '\0';
	return s;
}

/* The member's path as the archive gives it, or a stand-in. */
static char *
entry_name(ik_input_iter *it, int level, struct archive_entry *e)
{
	const char *p = archive_entry_pathname(e);
	char buf[64];

	if (it->lv[level].single)
		return single_name(level == 0 ? it->path : it->lv[1].name);
	if (p == NULL)
		p = archive_entry_pathname_utf8(e);
	if (p == NULL || *p == '\0') {
		snprintf(buf, sizeof(buf), "(unnamed member %llu)",
		    (unsigned long long)it->lv[level].members);
		p = buf;
	}
	return strdup(p);
}

/* ---- levels ------------------------------------------------------------- */

static const char *
la_error(struct archive *a)
{
	return archive_error_string(a) != NULL ? archive_error_string(a) :
	    "read error";
}

static void
level_close(ik_input_iter *it, int level)
{
	struct level *lv = &it->lv[level];

	if (lv->a != NULL)
		archive_read_free(lv->a);
	if (lv->src.fd > STDIN_FILENO)
		close(lv->src.fd);
	free(lv->src.buf);
	free(lv->name);
	free(lv->last);
	memset(lv, 0, sizeof(*lv));
	lv->src.fd = -1;
	if (it->depth > level)
		it->depth = level;
}

/*
 * Opens level over its source, whose first bytes (src.head) said kind:
 * only the formats that kind can be are offered to libarchive.
 */
static ik_status
level_open(ik_input_iter *it, int level, ik_input_kind kind, ik_error *err)
{
	struct level *lv = &it->lv[level];
	struct archive *a;
	int r = ARCHIVE_OK;

	lv->src.it = it;
	lv->src.level = level;
	lv->src.st = IK_OK;
	ik_error_clear(&lv->src.err);
	if ((lv->src.buf = malloc(CHUNK)) == NULL ||
	    (a = lv->a = archive_read_new()) == NULL)
		return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
		    "out of memory");
	it->depth = level + 1;
	switch (kind) {
	case IK_IN_GZIP:
		if ((r = archive_read_support_filter_gzip(a)) >= ARCHIVE_WARN &&
		    (r = archive_read_support_format_tar(a)) >= ARCHIVE_WARN)
			r = archive_read_support_format_raw(a);
		break;
	case IK_IN_ZIP:
		/* Front to back, as from a stream: no seeking, no central
		 * directory held in memory. */
		r = archive_read_support_format_zip_streamable(a);
		break;
	default:
		r = archive_read_support_format_tar(a);
		break;
	}
	if (r < ARCHIVE_WARN)
		return ik_error_set(err, IK_FATAL, IK_ERR_UNSUPPORTED,
		    "cannot read this archive: %s", la_error(a));
	if (archive_read_open(a, &lv->src, NULL, read_cb, NULL) < ARCHIVE_WARN) {
		if (lv->src.st != IK_OK)
			return ik_error_set(err, lv->src.st, lv->src.err.category,
			    "%s", lv->src.err.msg);
		return ik_error_set(err, IK_FAILED, IK_ERR_FORMAT,
		    "damaged archive: %s", la_error(a));
	}
	return IK_OK;
}

/* ---- the walk ------------------------------------------------------------ */

static void
note_deep(ik_input_iter *it, const char *member)
{
	it->deep++;
	if (it->deep > MAX_NOTES)
		return;
	ik_sb_puts_safe(&it->notes, it->path, "");
	ik_sb_puts(&it->notes, ":");
	ik_sb_puts_safe(&it->notes, it->lv[1].name, "");
	ik_sb_puts(&it->notes, ":");
	ik_sb_puts_safe(&it->notes, member, "");
	ik_sb_puts(&it->notes, ": archive nested two deep: not opened "
	    "(one level of nesting is read)\n");
}

/*
 * The error of a read that failed at level: a limit passed names the
 * archive whose limit it is and ends it (the whole input for the total);
 * otherwise the failure is the caller's (st, err as they are).
 */
static bool
limit_hit(ik_input_iter *it, ik_input *in, ik_status *st, ik_error *err)
{
	int l;

	if (it->limit.status == IK_OK)
		return false;
	l = it->limit_level;
	name_input(it, in, l, NULL, err);
	*st = ik_error_set(err, it->limit.status, it->limit.category, "%s",
	    it->limit.msg);
	ik_error_clear(&it->limit);
	it->lv[l].dead = true;
	if (l == 0 && it->depth > 1)
		it->lv[1].dead = true;
	it->failed++;
	return true;
}

/* Reads to the end of the current member's data, counting it. */
static ik_status
drain(ik_input_iter *it, int level, ik_error *err)
{
	struct level *lv = &it->lv[level];
	const void *b;
	size_t n;
	la_int64_t off;
	ik_sb sb;
	int r;

	while ((r = archive_read_data_block(lv->a, &b, &n, &off)) ==
	    ARCHIVE_OK || r == ARCHIVE_WARN)
		if (!grow(it, level, n))
			return IK_FAILED;
	if (r == ARCHIVE_EOF)
		return IK_OK;
	if (lv->src.st != IK_OK)
		return ik_error_set(err, lv->src.st, lv->src.err.category, "%s",
		    lv->src.err.msg);
	ik_sb_init(&sb);
	ik_sb_puts_safe(&sb, lv->last, "");
	ik_error_set(err, IK_FAILED, IK_ERR_FORMAT,
	    "damaged archive in member %llu (%s): %s",
	    (unsigned long long)lv->members, sb.s != NULL ? sb.s : "",
	    la_error(lv->a));
	ik_sb_free(&sb);
	return IK_FAILED;
}

/* Up to max bytes of the member's data into p; -1 on a read error. */
static ssize_t
member_read(ik_input_iter *it, int level, uint8_t *p, size_t max,
    ik_error *err)
{
	struct level *lv = &it->lv[level];
	size_t got = 0;
	la_ssize_t r;

	while (got < max) {
		r = archive_read_data(lv->a, p + got, max - got);
		if (r == 0)
			break;
		if (r < 0) {
			if (r == ARCHIVE_FATAL || lv->src.st != IK_OK)
				lv->dead = true;
			if (lv->src.st != IK_OK)
				ik_error_set(err, lv->src.st,
				    lv->src.err.category, "%s",
				    lv->src.err.msg);
			else
				ik_error_set(err, IK_FAILED, IK_ERR_FORMAT,
				    "damaged archive member: %s",
				    la_error(lv->a));
			return -1;
		}
		got += (size_t)r;
		if (!grow(it, level, (size_t)r))
			return -1;
	}
	return (ssize_t)got;
}

/*
 * The rest of a member of a wanted kind: its first bytes are in head.
 * IK_OK with in->buf filled; IK_FAILED when it is over the job's max or
 * damaged.
 */
static ik_status
member_load(ik_input_iter *it, int level, struct archive_entry *e,
    const uint8_t *head, size_t headlen, ik_input *in, ik_error *err)
{
	size_t max = it->o.max, cap, len = headlen;
	uint8_t *buf = NULL, *nb;
	ssize_t n;

	if (headlen > max)
		return ik_error_set(err, IK_FAILED, IK_ERR_FORMAT,
		    "member is over the %zu-byte limit", max);
	if (archive_entry_size_is_set(e) && archive_entry_size(e) >= 0 &&
	    (uint64_t)archive_entry_size(e) > max)
		return ik_error_set(err, IK_FAILED, IK_ERR_FORMAT,
		    "member is %lld bytes, over the %zu-byte limit",
		    (long long)archive_entry_size(e), max);
	cap = archive_entry_size_is_set(e) && archive_entry_size(e) >= 0 ?
	    (size_t)archive_entry_size(e) + 1 : CHUNK;
	if (cap < headlen + 1)
		cap = headlen + 1;
	if (cap > max + 1)
		cap = max + 1;
	if ((buf = malloc(cap)) == NULL)
		return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
		    "out of memory");
	memcpy(buf, head, headlen);
	for (;;) {
		n = member_read(it, level, buf + len, cap - len, err);
		if (n < 0) {
			free(buf);
			return it->limit.status != IK_OK ? IK_FAILED :
			    err->status;
		}
		len += (size_t)n;
		if (len < cap)
			break;
		if (len > max) {
			free(buf);
			return ik_error_set(err, IK_FAILED, IK_ERR_FORMAT,
			    "member is over the %zu-byte limit", max);
		}
		cap = cap > max / 2 ? max + 1 : 2 * cap;
		if ((nb = realloc(buf, cap)) == NULL) {
			free(buf);
			return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
			    "out of memory");
		}
		buf = nb;
	}
	in->buf = buf;
	in->len = len;
	if (ik_digest_buf(IK_SHA256, buf, len, in->sha256) != 0)
		return ik_error_set(err, IK_FATAL, IK_ERR_CRYPTO,
		    "cannot compute SHA-256");
	in->kind = ik_input_sniff(buf, len);
	return IK_OK;
}

/*
 * Hands the input over unread: its data comes through ik_input_read, its
 * first bytes (head) first; walk drains what the caller left.
 */
static void
stream_begin(ik_input_iter *it, int level, bool plain, const uint8_t *head,
    size_t headlen, ik_input *in, ik_input_kind kind)
{
	memcpy(it->shead, head, headlen);
	it->sheadlen = headlen;
	it->sheadoff = 0;
	it->stream_level = level;
	it->stream_plain = plain;
	in->streamed = true;
	in->kind = kind;
	it->yielded++;
}

/* Counts a member that is not read for what its header says it is. */
static bool
skip_by_type(ik_input_iter *it, struct archive_entry *e)
{
	switch (archive_entry_filetype(e)) {
	case 0:
	case AE_IFREG:
		break;
	case AE_IFDIR:
		it->dirs++;
		return true;
	case AE_IFLNK:
		it->symlinks++;
		return true;
	default:
		it->special++;
		return true;
	}
	if (archive_entry_hardlink(e) != NULL) {
		it->hardlinks++;
		return true;
	}
	if (archive_entry_is_encrypted(e)) {
		it->encrypted++;
		return true;
	}
	return false;
}

static bool
is_archive(ik_input_kind k)
{
	return k == IK_IN_GZIP || k == IK_IN_ZIP || k == IK_IN_TAR;
}

static uint64_t
skipped(const ik_input_iter *it)
{
	uint64_t n = it->dirs + it->symlinks + it->hardlinks + it->special +
	    it->encrypted + it->deep;
	size_t i;

	for (i = 0; i < NKINDS; i++)
		n += it->kinds[i];
	return n;
}

static void summary(const ik_input_iter *it, ik_sb *sb);

/* What a job that reads only one kind calls it, for "no ... inside". */
static const char *
want_name(unsigned want)
{
	switch (want) {
	case IK_IN_BIT(IK_IN_TRUSTLIST):
		return "trust list";
	case IK_IN_BIT(IK_IN_P12):
		return "PKCS#12 file";
	case IK_IN_BIT(IK_IN_EVENTS):
		return "phone log";
	case IK_IN_BIT(IK_IN_PEM):
		return "PEM file";
	default:
		return NULL;
	}
}

/* The end of the outer archive: one last input when it gave none. */
static bool
finish(ik_input_iter *it, ik_input *in, ik_status *st, ik_error *err)
{
	const char *what = it->what != NULL ? it->what :
	    want_name(it->o.want);
	ik_sb sb;

	it->state = IT_END;
	level_close(it, 0);
	if (it->yielded > 0 || it->failed > 0)
		return false;
	if (name_input(it, in, 0, NULL, err) != IK_OK) {
		*st = IK_FATAL;
		return true;
	}
	ik_sb_init(&sb);
	summary(it, &sb);
	*st = ik_error_set(err, IK_FAILED, IK_ERR_FORMAT, "no %s inside: %s",
	    what != NULL ? what : "member to read",
	    sb.len > 0 ? sb.s : "the archive is empty");
	ik_sb_free(&sb);
	it->summarised = true;
	return true;
}

/*
 * A member that could not be read (member NULL: the level's archive
 * itself); a limit passed is said instead, naming whose it is.
 */
static bool
member_failed(ik_input_iter *it, int level, const char *member, ik_input *in,
    ik_status *st, ik_error *err, ik_status s)
{
	ik_error e = *err;

	if (limit_hit(it, in, st, err))
		return true;
	*st = s;
	if (name_input(it, in, level, member, err) != IK_OK)
		*st = IK_FATAL;
	else
		*err = e;
	it->failed++;
	return true;
}

/* Ends the level with a failure that names its archive. */
static bool
level_failed(ik_input_iter *it, int level, ik_input *in, ik_status *st,
    ik_error *err, ik_status s)
{
	it->lv[level].dead = true;
	return member_failed(it, level, NULL, in, st, err, s);
}

/* The header of the level's next member, or the end (false). */
static bool
next_header(ik_input_iter *it, int level, struct archive_entry **e,
    ik_input *in, ik_status *st, ik_error *err)
{
	struct level *lv = &it->lv[level];
	int r;

	r = archive_read_next_header(lv->a, e);
	if (r == ARCHIVE_EOF)
		return false;
	/* A header libarchive could not use (RETRY included) ends the walk. */
	if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
		if (lv->src.st != IK_OK)
			ik_error_set(err, lv->src.st, lv->src.err.category,
			    "%s", lv->src.err.msg);
		else if (lv->members == 0)
			ik_error_set(err, IK_FAILED, IK_ERR_FORMAT,
			    "damaged archive: %s", la_error(lv->a));
		else {
			ik_sb sb;

			ik_sb_init(&sb);
			ik_sb_puts_safe(&sb, lv->last, "");
			ik_error_set(err, IK_FAILED, IK_ERR_FORMAT,
			    "damaged archive after member %llu (%s): %s",
			    (unsigned long long)lv->members,
			    sb.s != NULL ? sb.s : "", la_error(lv->a));
			ik_sb_free(&sb);
		}
		*e = NULL;
		level_failed(it, level, in, st, err, err->status);
		return true;
	}
	if (++lv->members > lim(it->o.max_members, IK_ARCHIVE_MAX_MEMBERS)) {
		ik_error_set(err, IK_FAILED, IK_ERR_MEMORY,
		    "holds more than %llu members: not read further",
		    (unsigned long long)lim(it->o.max_members,
		    IK_ARCHIVE_MAX_MEMBERS));
		*e = NULL;
		level_failed(it, level, in, st, err, IK_FAILED);
		return true;
	}
	if (lv->members == 1)
		lv->single = archive_format(lv->a) == ARCHIVE_FORMAT_RAW;
	return true;
}

/* The last part of a member's path. */
static const char *
base_name(const char *path)
{
	const char *b = strrchr(path, '/');

	return b != NULL ? b + 1 : path;
}

/*
 * One member whose header was read: skipped, opened as an archive, or
 * read.  True when it gives the caller an input (or an error).
 */
static bool
member(ik_input_iter *it, int level, struct archive_entry *e, ik_input *in,
    ik_status *st, ik_error *err)
{
	struct level *lv = &it->lv[level];
	uint8_t head[IK_SNIFF_BYTES];
	ik_input_kind kind;
	ssize_t n;
	ik_status s;
	char *name;
	bool nest;

	free(lv->last);
	if ((lv->last = name = entry_name(it, level, e)) == NULL) {
		*st = ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
		    "out of memory");
		return level_failed(it, level, in, st, err, IK_FATAL);
	}
	lv->undrained = true;
	if (skip_by_type(it, e))
		return false;
	n = member_read(it, level, head, sizeof(head), err);
	if (n < 0)
		return member_failed(it, level, name, in, st, err,
		    err->status);
	kind = ik_input_sniff(head, (size_t)n);
	/* A member the job reads as it is, archive or not, is not opened. */
	nest = is_archive(kind) && (it->whole == NULL ||
	    !it->whole(base_name(name)));
	if (nest && level == 1) {
		note_deep(it, name);
		return false;
	}
	if (nest) {
		/* Opened over the rest of this member, as it streams. */
		if ((it->lv[1].name = strdup(name)) == NULL) {
			*st = ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
			    "out of memory");
			return level_failed(it, level, in, st, err, IK_FATAL);
		}
		memcpy(it->lv[1].src.head, head, (size_t)n);
		it->lv[1].src.headlen = (size_t)n;
		it->lv[1].src.consumed = (uint64_t)n;
		s = level_open(it, 1, kind, err);
		if (s != IK_OK) {
			member_failed(it, 0, name, in, st, err, s);
			level_close(it, 1);
			return true;
		}
		return false;
	}
	if (!(level == 0 && lv->single) && ((it->o.want != 0 &&
	    (it->o.want & IK_IN_BIT(kind)) == 0) ||
	    (it->select != NULL && !it->select(base_name(name))))) {
		it->kinds[kind]++;
		return false;
	}
	if (name_input(it, in, level, name, err) != IK_OK) {
		*st = IK_FATAL;
		return true;
	}
	if ((it->stream & IK_IN_BIT(kind)) != 0 ||
	    (level == 0 && lv->single && it->stream != 0)) {
		stream_begin(it, level, false, head, (size_t)n, in, kind);
		*st = IK_OK;
		return true;
	}
	s = member_load(it, level, e, head, (size_t)n, in, err);
	if (s != IK_OK) {
		ik_input_free(in);
		return member_failed(it, level, name, in, st, err, s);
	}
	*st = IK_OK;
	it->yielded++;
	return true;
}

static bool
walk(ik_input_iter *it, ik_input *in, ik_status *st, ik_error *err)
{
	struct archive_entry *e;
	struct level *lv;
	int level;
	ik_status s;

	for (;;) {
		if (it->depth == 0)
			return finish(it, in, st, err);
		level = it->depth - 1;
		lv = &it->lv[level];
		/* A gzip'd single file ends with its one member. */
		if (!lv->dead && lv->undrained && lv->single) {
			level_close(it, level);
			continue;
		}
		if (!lv->dead && lv->undrained) {
			lv->undrained = false;
			if ((s = drain(it, level, err)) != IK_OK)
				return level_failed(it, level, in, st, err, s);
		}
		if (lv->dead) {
			level_close(it, level);
			continue;
		}
		if (!next_header(it, level, &e, in, st, err)) {
			/* The outer member's rest is read by the outer level. */
			level_close(it, level);
			if (level == 0)
				return finish(it, in, st, err);
			continue;
		}
		if (e == NULL)
			return true;
		if (member(it, level, e, in, st, err))
			return true;
	}
}

/* ---- the input itself ------------------------------------------------------ */

/*
 * Opens the input and reads its first bytes: an archive is walked, any
 * other file is read whole as ik_read_file would, with its messages.
 */
static bool
start(ik_input_iter *it, ik_input *in, ik_status *st, ik_error *err)
{
	struct level *lv = &it->lv[0];
	struct stat sb;
	ik_input_kind kind;
	uint8_t *buf = NULL, *nb;
	size_t len = 0, cap = CHUNK, max = it->o.max;
	bool regular = false;
	ssize_t n;

	it->state = IT_END;
	lv->src.it = it;
	if (lv->src.mem == NULL) {
		if (strcmp(it->path, "-") == 0)
			lv->src.fd = STDIN_FILENO;
		else if ((lv->src.fd = ik_open_evidence(AT_FDCWD, it->path, &sb,
		    err)) < 0) {
			*st = IK_FATAL;
			return true;
		} else {
			regular = true;
			lv->basis = (uint64_t)sb.st_size;
		}
	} else
		lv->basis = lv->src.memlen;
	while (lv->src.headlen < sizeof(lv->src.head)) {
		n = src_raw(&lv->src, lv->src.head + lv->src.headlen,
		    sizeof(lv->src.head) - lv->src.headlen);
		if (n < 0) {
			*st = ik_error_set(err, lv->src.st, lv->src.err.category,
			    "%s", lv->src.err.msg);
			level_close(it, 0);
			return true;
		}
		if (n == 0)
			break;
		lv->src.headlen += (size_t)n;
	}
	kind = ik_input_sniff(lv->src.head, lv->src.headlen);
	if (is_archive(kind)) {
		it->state = IT_ARCHIVE;
		if ((*st = level_open(it, 0, kind, err)) != IK_OK) {
			level_close(it, 0);
			it->state = IT_END;
			return true;
		}
		return walk(it, in, st, err);
	}
	if (it->stream != 0) {
		/* The job reads it as it streams, and judges its kind. */
		lv->src.headoff = lv->src.headlen;
		it->total = lv->src.headlen;
		stream_begin(it, 0, true, lv->src.head, lv->src.headlen, in,
		    kind);
		*st = IK_OK;
		return true;
	}
	if (regular && lv->basis > max) {
		*st = ik_error_set(err, IK_FAILED, IK_ERR_FORMAT,
		    "file is %lld bytes, over the %zu-byte limit",
		    (long long)lv->basis, max);
		level_close(it, 0);
		return true;
	}
	if (regular || lv->src.mem != NULL)
		cap = (size_t)lv->basis + 1;
	if (cap > max + 1)
		cap = max + 1;
	*st = IK_OK;
	for (;;) {
		if (len == cap) {
			if (len > max) {
				*st = ik_error_set(err, IK_FAILED, IK_ERR_FORMAT,
				    "input is over the %zu-byte limit", max);
				break;
			}
			cap = cap > max / 2 ? max + 1 : 2 * cap;
		}
		if ((nb = realloc(buf, cap)) == NULL) {
			*st = ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
			    "out of memory");
			break;
		}
		buf = nb;
		n = src_read(&lv->src, buf + len, cap - len);
		if (n < 0) {
			*st = ik_error_set(err, lv->src.st, lv->src.err.category,
			    "%s", lv->src.err.msg);
			break;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (*st == IK_OK && len > max)
		*st = ik_error_set(err, IK_FAILED, IK_ERR_FORMAT,
		    "input is over the %zu-byte limit", max);
	level_close(it, 0);
	if (*st != IK_OK) {
		free(buf);
		return true;
	}
	in->buf = buf;
	in->len = len;
	if (ik_digest_buf(IK_SHA256, buf, len, in->sha256) != 0) {
		ik_input_free(in);
		*st = ik_error_set(err, IK_FATAL, IK_ERR_CRYPTO,
		    "cannot compute SHA-256");
		return true;
	}
	in->kind = ik_input_sniff(buf, len);
	it->yielded++;
	return true;
}

/* ---- the interface --------------------------------------------------------- */

/*
 * Member names are taken as the archive stores them: in the C locale
 * libarchive would refuse to convert a zip's UTF-8 names.  The locale is
 * made once for the process (making it reads the system's locale files,
 * which would cost every plain input as much as its own parse) and set
 * for this thread only while libarchive runs.
 */
static locale_t utf8_locale;
static pthread_once_t utf8_once = PTHREAD_ONCE_INIT;

static void
utf8_make(void)
{
	utf8_locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
}

static ik_status
iter_new(const char *path, const ik_input_opts *o, ik_input_iter **out,
    ik_error *err)
{
	ik_input_iter *it;

	*out = NULL;
	if ((it = calloc(1, sizeof(*it))) == NULL)
		return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
		    "out of memory");
	it->path = path;
	it->o = *o;
	it->lv[0].src.fd = -1;
	it->lv[1].src.fd = -1;
	it->stream_level = -1;
	ik_error_clear(&it->limit);
	ik_sb_init(&it->notes);
	pthread_once(&utf8_once, utf8_make);
	it->loc = utf8_locale;
	*out = it;
	return IK_OK;
}

ik_status
ik_input_open(const char *path, const ik_input_opts *o, ik_input_iter **out,
    ik_error *err)
{
	return iter_new(path, o, out, err);
}

ik_status
ik_input_open_mem(const char *path, const uint8_t *buf, size_t len,
    const ik_input_opts *o, ik_input_iter **out, ik_error *err)
{
	static const uint8_t empty[1];
	ik_status s;

	if ((s = iter_new(path, o, out, err)) != IK_OK)
		return s;
	(*out)->lv[0].src.mem = buf != NULL ? buf : empty;
	(*out)->lv[0].src.memlen = buf != NULL ? len : 0;
	return IK_OK;
}

bool
ik_input_next(ik_input_iter *it, ik_input *in, ik_status *st, ik_error *err)
{
	locale_t old = (locale_t)0;
	bool r = false;

	memset(in, 0, sizeof(*in));
	in->path = it->path;
	in->name = it->path;
	*st = IK_OK;
	ik_error_clear(err);
	/* What the caller left of a streamed input is drained by walk. */
	it->stream_level = -1;
	if (it->loc != (locale_t)0)
		old = uselocale(it->loc);
	switch (it->state) {
	case IT_START:
		r = start(it, in, st, err);
		break;
	case IT_ARCHIVE:
		r = walk(it, in, st, err);
		break;
	case IT_END:
		break;
	}
	if (it->loc != (locale_t)0)
		uselocale(old);
	return r;
}

void
ik_input_stream(ik_input_iter *it, unsigned kinds)
{
	it->stream = kinds;
}

void
ik_input_whole(ik_input_iter *it, bool (*whole)(const char *name))
{
	it->whole = whole;
}

void
ik_input_select(ik_input_iter *it, bool (*select)(const char *name))
{
	it->select = select;
}

void
ik_input_what(ik_input_iter *it, const char *what)
{
	it->what = what;
}

ssize_t
ik_input_read(ik_input_iter *it, uint8_t *p, size_t n, ik_error *err)
{
	struct src *src;
	ik_input dummy;
	ik_status st;
	ssize_t r;
	size_t k;

	ik_error_clear(err);
	if (it->stream_level < 0 || n == 0)
		return 0;
	if (it->sheadoff < it->sheadlen) {
		k = it->sheadlen - it->sheadoff < n ? it->sheadlen -
		    it->sheadoff : n;
		memcpy(p, it->shead + it->sheadoff, k);
		it->sheadoff += k;
		return (ssize_t)k;
	}
	if (!it->stream_plain) {
		r = member_read(it, it->stream_level, p, n, err);
		if (r < 0 && limit_hit(it, &dummy, &st, err))
			ik_input_free(&dummy);
		if (r <= 0)
			it->stream_level = -1;
		return r;
	}
	src = &it->lv[0].src;
	if ((r = src_read(src, p, n)) < 0) {
		ik_error_set(err, src->st, src->err.category, "%s",
		    src->err.msg);
		it->stream_level = -1;
		return -1;
	}
	it->total += (uint64_t)r;
	if (it->total > lim(it->o.max_total, IK_ARCHIVE_MAX_TOTAL)) {
		ik_error_set(err, IK_FAILED, IK_ERR_MEMORY,
		    "%s is over the %llu-byte limit%s",
		    strcmp(it->path, "-") == 0 ? "standard input" : "input",
		    (unsigned long long)lim(it->o.max_total,
		    IK_ARCHIVE_MAX_TOTAL), strcmp(it->path, "-") == 0 ?
		    ": save it to a file" : "");
		it->stream_level = -1;
		return -1;
	}
	return r;
}

/* "N (tool reads it/them)" for one kind skipped. */
static void
count(ik_sb *sb, bool *first, uint64_t n, const char *one, const char *many,
    const char *reader)
{
	if (n == 0)
		return;
	ik_sb_printf(sb, "%s%llu %s", *first ? "" : ", ", (unsigned long long)n,
	    n == 1 ? one : many);
	if (reader != NULL)
		ik_sb_printf(sb, " (%s reads %s)", reader, n == 1 ? "it" : "them");
	*first = false;
}

/* "N members skipped: ..." or nothing when nothing was skipped. */
static void
summary(const ik_input_iter *it, ik_sb *sb)
{
	uint64_t n = skipped(it);
	bool first = true;

	if (n == 0)
		return;
	ik_sb_printf(sb, "%llu member%s skipped: ", (unsigned long long)n,
	    n == 1 ? "" : "s");
	count(sb, &first, it->kinds[IK_IN_TRUSTLIST], "trust list",
	    "trust lists", "itl-show");
	count(sb, &first, it->kinds[IK_IN_P12], "PKCS#12", "PKCS#12",
	    "p12-check");
	count(sb, &first, it->kinds[IK_IN_EVENTS], "phone log", "phone logs",
	    "itl-phones");
	count(sb, &first, it->kinds[IK_IN_PEM], "PEM file", "PEM files", NULL);
	count(sb, &first, it->kinds[IK_IN_BZIP2] + it->kinds[IK_IN_XZ] +
	    it->kinds[IK_IN_ZSTD], "bzip2, xz or zstd file (not opened)",
	    "bzip2, xz or zstd files (not opened)", NULL);
	count(sb, &first, it->kinds[IK_IN_UNKNOWN], "unrecognised file",
	    "unrecognised files", NULL);
	count(sb, &first, it->deep, "archive nested two deep (not opened)",
	    "archives nested two deep (not opened)", NULL);
	count(sb, &first, it->encrypted, "encrypted member (not read)",
	    "encrypted members (not read)", NULL);
	count(sb, &first, it->symlinks, "symbolic link", "symbolic links",
	    NULL);
	count(sb, &first, it->hardlinks, "hard link", "hard links", NULL);
	count(sb, &first, it->special, "device, FIFO or socket",
	    "devices, FIFOs or sockets", NULL);
	count(sb, &first, it->dirs, "directory", "directories", NULL);
}

void
ik_input_iter_report(const ik_input_iter *it, ik_sb *errors)
{
	if (it->notes.len > 0)
		ik_sb_add(errors, it->notes.s, it->notes.len);
	if (it->summarised || skipped(it) == it->dirs)
		return;
	ik_sb_puts_safe(errors, it->path, "-");
	ik_sb_puts(errors, ": ");
	summary(it, errors);
	ik_sb_puts(errors, "\n");
}

void
ik_input_iter_free(ik_input_iter *it)
{
	if (it == NULL)
		return;
	level_close(it, 1);
	level_close(it, 0);
	ik_sb_free(&it->notes);
	/* it->loc is the process's (utf8_locale): kept. */
	free(it);
}

json_t *
ik_input_json_member(json_t *obj, const char *key, const ik_input *in)
{
	return ik_report_member(obj, key, in->member);
}

void
jobs_unreadable(const ik_job_ctx *ctx, ik_job_result *res,
    const ik_input *in, const char *key, const ik_error *err)
{
	ik_job_result_error(res, in->name, err);
	if (ctx->want_json)
		ik_job_result_line(res, ik_input_json_member(ik_job_unreadable(
		    ctx, key, in->path, err), key, in));
}

void
jobs_input_failed(const ik_job_ctx *ctx, ik_job_result *res,
    const ik_input *in, const char *key, ik_status st, const ik_error *err)
{
	jobs_unreadable(ctx, res, in, key, err);
	ik_job_result_note(res, st == IK_FAILED ? IK_OUTCOME_FAIL :
	    IK_OUTCOME_ERROR);
}

void
jobs_report_gap(const ik_job_ctx *ctx, ik_job_result *res, size_t *shown)
{
	if (ctx->want_text && (*shown)++ > 0 && !ctx->brief)
		ik_sb_puts(&res->text, "\n");
}

void
jobs_load_failed(const ik_job_ctx *ctx, ik_job_result *res,
    const char *path, const char *key, ik_status st, const ik_error *err)
{
	ik_job_result_error(res, path, err);
	if (ctx->want_json)
		ik_job_result_line(res, ik_job_unreadable(ctx, key, path, err));
	ik_job_result_note(res, st == IK_FAILED ? IK_OUTCOME_FAIL :
	    IK_OUTCOME_ERROR);
}
