/*
 * drs_private.h: helpers shared by the drs_*.c files only.
 * Layer: drs.
 */
#ifndef DRS_PRIVATE_H
#define DRS_PRIVATE_H

#include <sys/types.h>

#include <archive.h>

#include "ik_drs.h"

/* pread until n bytes or the end of file; bytes read, or -1 (errno). */
ssize_t drs_pread_full(int fd, uint8_t *buf, size_t n, uint64_t off);
ssize_t drs_read_full(ik_drs_read_fn rd, void *arg, uint8_t *buf, size_t n);

/* Appends a copy of every finding of from to to. */
void drs_findings_copy(ik_findings *to, const ik_findings *from);
/* True when f holds a place discovery left out (a finding of
 * ik_drs_sets.skipped). */
bool drs_has_skipped_place(const ik_findings *f);

/*
 * XML read with expat (an XML_Parser, kept out of this header): err set
 * to "line L:C: why" at the parser's byte offset; and buf fed to p in
 * 64 KiB pieces until the end, a parse error (err set, *failed true,
 * unless already) or *stop.
 */
struct XML_ParserStruct;
void drs_xml_error(struct XML_ParserStruct *p, ik_status st, ik_errcat cat,
    const char *why, ik_error *err);
void drs_xml_feed(struct XML_ParserStruct *p, const uint8_t *buf, size_t len,
    bool *failed, const bool *stop, ik_error *err);

/* A file name that starts with a backup id ("2018-12-25-11-12-03_"), a
 * manifest's name; the sets of one folder's file names (added to out). */
bool drs_has_backup_id(const char *name);
bool drs_is_manifest_name(const char *name);
ik_status drs_group_names(const char *dir, char *const *names, size_t n,
    ik_drs_sets *out, ik_error *err);

/*
 * A set checked in steps (drs_check.c), for a set whose files are not
 * read from a folder (drs_archive.c): begin judges the manifest (from
 * memory, when the set is in an archive), matches the files and finds
 * the password; each present component, its size and layout filled in
 * r->comps[i], is read through a source; end judges, decides and frees
 * c.  abort frees c when the check is given up.
 */
typedef struct drs_checking drs_checking;
ik_status drs_check_begin(const ik_drs_set *set, const ik_drs_opts *o,
    const uint8_t *manifest, size_t manifest_len, ik_drs_report *r,
    drs_checking **c, ik_error *err);
/* True when component i is present and its bytes are to be read. */
bool drs_check_reads(const drs_checking *c, size_t i);
ik_status drs_check_component(drs_checking *c, size_t i, ik_drs_source *src,
    ik_error *err);
void drs_check_end(drs_checking *c);
void drs_check_abort(drs_checking *c);

/* One set's report handed to the batch's caller and counted (drs_status.c). */
void drs_batch_report(const ik_drs_opts *o, const ik_drs_batch_cb *cb,
    ik_drs_summary *sum, ik_drs_report *r, ik_status *worst);
/* The sets inside the archive path, each checked and reported. */
void drs_archive_batch(const char *path, const ik_drs_opts *o,
    const ik_drs_batch_cb *cb, ik_drs_summary *sum, ik_status *worst);
/* The one set inside the archive path, checked (ik_drs_check_one). */
ik_status drs_archive_check_one(const char *path, const ik_drs_opts *o,
    ik_drs_report *r, ik_error *err);

/* Frees an array of n strings and the array. */
void drs_free_strings(char **v, size_t n);

/* ik_open_evidence for a set's files: a regular file, or -1. */
int drs_open_evidence(int dirfd, const char *name);

/* libarchive reading plaintext from a stream; st keeps the stream's
 * status so that a bad container is told apart from a bad archive. */
typedef struct drs_archive_feed {
	ik_drs_stream *s;
	ik_error *err;
	ik_status st;
} drs_archive_feed;

/* Passes over up to n bytes of plaintext, hashed but not decrypted (what
 * libarchive skips of a member's data); returns how many, maybe 0. */
uint64_t drs_stream_skip(ik_drs_stream *s, uint64_t n);

/* A reader for tar and gzip'd tar fed by feed; NULL when out of memory.
 * A failed open leaves its error in the handle. */
struct archive *drs_archive_open(drs_archive_feed *feed);

/*
 * A member path made relative and clean ("a/./b//c" -> "a/b/c").  Refuses
 * (-1, *why set) ".." components, empty names, and absolute paths unless
 * rebase_abs, which strips the leading slashes instead.
 */
int drs_path_clean(const char *in, bool rebase_abs, char *out, size_t outsz,
    const char **why);
/* True when a link at member (a clean relative path) pointing at target
 * resolves outside the extraction folder. */
bool drs_link_escapes(const char *member, const char *target);

/* ---- one extracted file (drs_xfile.c) ---- */

typedef struct drs_xfile {
	uint64_t limit, written;	/* bytes the component may write, wrote */
	uint64_t disk_left;	/* free space less the margin, for the run */
	bool over;		/* a limit stopped the component */
	/* A regular file already at the name whose content differs may be
	 * replaced (set by the caller for each file). */
	bool replace;
	/* What was at the name (set by drs_xfile_write): */
	enum drs_xfile_was {
		DRS_XF_NEW,		/* nothing: written */
		DRS_XF_SAME,		/* the same bytes: left as it is */
		DRS_XF_REPLACED,	/* other bytes, replaced */
		DRS_XF_DIFFERS		/* other bytes, kept: refused */
	} was;
} drs_xfile;

/*
 * Writes the data of a's current member as dirfd/base: to a temporary
 * name, renamed without replacing when complete; the temporary never
 * stays.  IK_OK with sha256 and size, or with *why set when the file was
 * refused (name taken, cannot create); IK_FAILED when the archive could
 * not be read or a limit stopped it (o->over); IK_FATAL on a write error.
 */
ik_status drs_xfile_write(drs_xfile *o, struct archive *a, int dirfd,
    const char *base, const char *rel, uint8_t sha[32], uint64_t *size,
    const char **why, ik_error *err);
/* SHA-256 and size of a file already on disk (a hard link's target). */
bool drs_xfile_hash(int dirfd, const char *name, uint8_t sha[32],
    uint64_t *size);
/* Free space of the file system of fd less IK_DRS_EXTRACT_MARGIN. */
uint64_t drs_xfile_disk_budget(int fd);
/* What a failed create (errno e) says about a member, in its own words. */
const char *drs_errno_reason(int e);

/*
 * The pool (drs_pool.c): fn(arg, i, ...) for every i below n, jobs at a
 * time (0, 1: in this thread), each given the progress hook to report
 * through (serialised when threads share it).  The first failure stops
 * the pieces not yet started; its status and error are returned.
 */
typedef ik_status (*drs_pool_fn)(void *arg, size_t i,
    ik_drs_progress_fn progress, void *progress_arg, ik_error *err);
ik_status drs_pool_run(size_t n, unsigned jobs, drs_pool_fn fn, void *arg,
    ik_drs_progress_fn progress, void *progress_arg, ik_error *err);

/*
 * Cores kept busy (drs_stream.c), so that a stream starts its hasher
 * thread only on a core nothing else of ours uses: the pool holds one per
 * worker thread, and each worker says that its streams are counted.
 */
void drs_cores_hold(unsigned n);
void drs_cores_release(unsigned n);
void drs_cores_counted(void);
unsigned drs_cores_busy(void);
/* For tests: a stream of 4 MiB or more hashes in a thread of its own
 * always (1), never (0), or when a core is free (DRS_HASHER_AUTO). */
#define DRS_HASHER_AUTO	(-1)
void drs_stream_hasher(int mode);

#endif /* DRS_PRIVATE_H */
