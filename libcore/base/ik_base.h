/*
 * ik_base.h: the base layer of libcore: status codes, the caller-owned
 * error, findings, a growing string buffer, bounded file reading, digests,
 * hex and time helpers.  Everything above this layer builds on it.
 * Layer: base.
 *
 * libcore never prints and never exits.  Every fallible function returns an
 * ik_status and fills an ik_error that the caller owns.
 */
#ifndef IK_BASE_H
#define IK_BASE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <sys/stat.h>

#include "ik_codes.h"

#define IK_VERSION "0.1.0"

/*
 * Ordered status codes, so that callers can write `if (r >= IK_FAILED)`.
 * IK_WARN is partial success: the job was done and findings were made.
 * IK_FAILED means this input failed a check or is malformed (exit 1).
 * IK_FATAL means the job could not be done at all (exit 2).
 */
typedef enum ik_status {
	IK_OK = 0,
	IK_WARN = 1,
	IK_FAILED = 2,
	IK_FATAL = 3
} ik_status;

typedef enum ik_errcat {
	IK_ERR_NONE = 0,
	IK_ERR_IO,		/* cannot read or write a file */
	IK_ERR_FORMAT,		/* input is malformed */
	IK_ERR_CRYPTO,		/* a cryptographic operation failed */
	IK_ERR_USAGE,		/* caller passed something unusable */
	IK_ERR_MEMORY,		/* allocation failed or a limit was hit */
	IK_ERR_PASSWORD,	/* a secret was wrong or missing */
	IK_ERR_UNSUPPORTED,	/* valid input that this version cannot handle */
	IK_ERR_REFUSED,		/* a rule refuses it, whatever the caller asks
				 * (signing by a SAST record known by hash only) */
	IK_ERR_EXISTS		/* an output is there and the caller did not
				 * ask to replace it (a tool says which of its
				 * options would) */
} ik_errcat;

#define IK_ERR_MSG_MAX 1024

/*
 * The error a caller owns.  The message grows a context chain as the error
 * climbs: "record 3: certificate: bad DER at offset 212".  offset is the
 * byte offset in the input the primary message is about, or -1.
 */
typedef struct ik_error {
	ik_status status;
	ik_errcat category;
	long long offset;
	char msg[IK_ERR_MSG_MAX];
} ik_error;

void ik_error_clear(ik_error *err);
ik_status ik_error_set(ik_error *err, ik_status st, ik_errcat cat,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
ik_status ik_error_set_at(ik_error *err, ik_status st, ik_errcat cat,
    long long offset, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Prefixes context ("record 3") to the message; returns err->status. */
ik_status ik_error_push(ik_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Appends OpenSSL's error queue (most recent reason) and clears it. */
ik_status ik_error_set_ssl(ik_error *err, ik_status st, const char *what);
const char *ik_errcat_name(ik_errcat cat);

/* ---- findings ---------------------------------------------------------- */

typedef enum ik_severity {
	IK_SEV_INFO = 0,
	IK_SEV_WARNING = 1,
	IK_SEV_ERROR = 2
} ik_severity;

typedef struct ik_finding {
	ik_severity severity;
	ik_code id;
	const char *code;	/* ik_code_name(id): what reports print */
	char *message;
	char *where;		/* "offset 312", "record 3", "line 7:1"; may be NULL */
} ik_finding;

typedef struct ik_findings {
	ik_finding *v;
	size_t n, cap;
	/*
	 * Findings that could not be recorded (memory ran out).  A loss is an
	 * error: ik_findings_worst says so and the renderers end the list with
	 * FINDINGS_LOST, so that nothing vanishes unsaid.
	 */
	size_t lost;
} ik_findings;

void ik_findings_init(ik_findings *f);
void ik_findings_free(ik_findings *f);
/*
 * Adds a finding; returns 0, or -1 when memory ran out: the finding is then
 * counted in f->lost.
 */
int ik_findings_add(ik_findings *f, ik_severity sev, ik_code code,
    const char *where, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Worst severity present (an error when one was lost), -1 when none. */
int ik_findings_worst(const ik_findings *f);
bool ik_findings_has(const ik_findings *f, ik_code code);
/*
 * For tests only: the next n calls of ik_findings_add on this thread fail
 * as if memory ran out.
 */
void ik_findings_test_fail_next(unsigned n);
const char *ik_severity_name(ik_severity sev);

/* ---- string buffer ----------------------------------------------------- */

typedef struct ik_sb {
	char *s;
	size_t len, cap;
	bool oom;		/* an append failed; s holds what fit */
} ik_sb;

void ik_sb_init(ik_sb *sb);
void ik_sb_free(ik_sb *sb);
void ik_sb_reset(ik_sb *sb);
void ik_sb_add(ik_sb *sb, const char *s, size_t n);
void ik_sb_puts(ik_sb *sb, const char *s);
void ik_sb_printf(ik_sb *sb, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void ik_sb_vprintf(ik_sb *sb, const char *fmt, va_list ap);
/*
 * The printable form of bytes from evidence, for a terminal or a text
 * report: printable ASCII and printable UTF-8 are kept, a backslash is
 * doubled, C0 controls, DEL and bytes that are not well-formed UTF-8
 * become \xNN, and well-formed code points that steer a terminal or
 * reorder text (C1 controls, bidi marks, overrides and isolates,
 * zero-width and other format characters) become \uXXXX.  Every string
 * that came from evidence goes through it before it reaches text output.
 */
void ik_sb_add_safe(ik_sb *sb, const uint8_t *s, size_t n);
/* The same for a C string; if_null is appended as is when s is NULL. */
void ik_sb_puts_safe(ik_sb *sb, const char *s, const char *if_null);
/* Length of the well-formed UTF-8 sequence at s and its code point, or 0. */
size_t ik_utf8_decode(const uint8_t *s, size_t n, uint32_t *cp);
/*
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote or line
 * end; a cell a spreadsheet would read as a formula (first character
 * =, +, -, @, tab or CR) gets a leading apostrophe.
 */
void ik_sb_csv_cell(ik_sb *sb, const char *s);
/* Detaches and returns the string (caller frees); the buffer is reset. */
char *ik_sb_take(ik_sb *sb);

/* ---- files ------------------------------------------------------------- */

/*
 * Opens evidence for reading, relative to dirfd as openat(2): read-only,
 * O_NOATIME where the kernel allows it, O_NONBLOCK while opening so that a
 * FIFO or a device never hangs, and anything but a regular file refused
 * ("is a FIFO, not a regular file").  *st receives the file's status.  The
 * file's device and inode are remembered: no output may replace it.
 * Returns the descriptor, or -1 with err set (IK_FATAL).
 */
int ik_open_evidence(int dirfd, const char *name, struct stat *st,
    ik_error *err);
/* Remembers an input that is not opened through ik_open_evidence (or not
 * yet): an output path naming it is refused.  0, or -1 (errno). */
int ik_evidence_protect(const char *path);
/* True when dirfd/name, or what a symbolic link there points at, is an
 * input of this process (same device and inode, whatever the name). */
bool ik_is_evidence(int dirfd, const char *name);
/* Forgets one remembered file: an output of this tool read back to be
 * merged (MANIFEST.json) before it is replaced.  Callers check first that
 * it was not an input. */
void ik_evidence_forget(const char *path);
/* For tests: forgets every remembered input. */
void ik_evidence_forget_all(void);
/* "a FIFO", "a directory", ... for an st_mode. */
const char *ik_file_type_name(unsigned mode);

/*
 * Reads a whole file read-only (path "-" is standard input), refusing
 * anything larger than max bytes: a regular file by its size, standard
 * input once max + 1 bytes have arrived.  *out is malloc'd (caller frees).
 */
ik_status ik_read_file(const char *path, size_t max, uint8_t **out,
    size_t *outlen, ik_error *err);

/*
 * Writes data to path atomically: a registered temporary file in the same
 * directory, fsync, rename.  An existing path is refused unless force (and
 * the refusal holds against a race: the rename itself does not replace);
 * an input of this process is refused whatever force.  mode is the final
 * permission (0600 for secrets); the temporary file is never wider.  A
 * write error (full disk, file-size limit) removes the temporary file.
 * err's message does not name path ("exists"): the caller puts it first.
 */
ik_status ik_write_file_atomic(const char *path, const void *data,
    size_t len, unsigned mode, bool force, ik_error *err);

/*
 * Temporary outputs for writers of their own (extraction).  ik_tmp_create
 * makes "DIR/.ik-tmp-XXXXXXXXXX" relative to dirfd (DIR "" is dirfd
 * itself), created exclusively with mode & 0600, and registers it: SIGINT,
 * SIGTERM and SIGHUP unlink every registered file before the process dies
 * of the signal, and SIGXFSZ is ignored (writes fail with EFBIG instead).
 * tmp receives the name; *slot the registration.  dirfd must stay open
 * until commit or discard.  Returns the descriptor or -1 with err set.
 */
#define IK_TMP_SLOTS 128
int ik_tmp_create(int dirfd, const char *dir, unsigned mode, char *tmp,
    size_t tmpsz, int *slot, ik_error *err);
/* Renames tmp to newdirfd/path (never over an existing file unless
 * replace, never over an input) and unregisters it; on failure tmp is
 * removed and err, which does not name path, says why. */
ik_status ik_tmp_commit(int dirfd, const char *tmp, int slot, int newdirfd,
    const char *path, bool replace, ik_error *err);
/* Removes tmp and unregisters it (errno is kept). */
void ik_tmp_discard(int dirfd, const char *tmp, int slot);
/* The registry alone, for files created otherwise: slot or -1 when full. */
int ik_tmp_register(int dirfd, const char *name);
void ik_tmp_unregister(int slot);
/* rename that fails with EEXIST instead of replacing: renameat2
 * RENAME_NOREPLACE, or link + unlink where the file system lacks it
 * (ik_rename_noreplace_link, exposed for tests).  0, or -1 (errno). */
int ik_rename_noreplace(int olddirfd, const char *from, int newdirfd,
    const char *to);
int ik_rename_noreplace_link(int olddirfd, const char *from, int newdirfd,
    const char *to);

/* ---- digests and hex ---------------------------------------------------- */

typedef enum ik_digest {
	IK_MD5 = 0,
	IK_SHA1,
	IK_SHA256,
	IK_SHA512
} ik_digest;

size_t ik_digest_size(ik_digest d);
const char *ik_digest_name(ik_digest d);	/* "SHA1", "SHA256", ... */
/* Fetched once and cached: the EVP_MD for d (opaque to avoid OpenSSL in headers). */
const void *ik_digest_md(ik_digest d);
int ik_digest_buf(ik_digest d, const void *buf, size_t len, uint8_t *out);

/* Lower-case hex without separators; out must hold 2*n+1. */
void ik_hex(const uint8_t *in, size_t n, char *out);
/* Upper-case hex with a separator (':' or ' '); out must hold 3*n+1. */
void ik_hex_sep(const uint8_t *in, size_t n, char sep, char *out);
/*
 * Parses hex with optional separators (spaces, colons, dashes), any case.
 * Returns the number of bytes written, or -1 on a bad character, an odd
 * digit count or more than max bytes.
 */
long ik_unhex(const char *s, size_t slen, uint8_t *out, size_t max);

/* ---- input kinds (sniff.c) --------------------------------------------- */

/* What the first bytes of an input say it is. */
typedef enum ik_input_kind {
	IK_IN_UNKNOWN = 0,
	IK_IN_GZIP, IK_IN_BZIP2, IK_IN_XZ, IK_IN_ZSTD, IK_IN_ZIP,
	IK_IN_TAR,			/* "ustar" at offset 257 (POSIX and GNU) */
	IK_IN_TRUSTLIST,		/* binary ITL/CTL or a show itl/ctl dump */
	IK_IN_P12,
	IK_IN_EVENTS,			/* mentions DeviceTLInfo */
	IK_IN_PEM
} ik_input_kind;

/* How many leading bytes ik_input_sniff looks at. */
#define IK_SNIFF_BYTES 2048

ik_input_kind ik_input_sniff(const uint8_t *buf, size_t len);
/*
 * A hint for an input of kind given where want was expected ("this is a
 * gzip-compressed file: decompress it first (gunzip)", "this is a trust
 * list ..."); NULL when kind is want or unknown.  It names no option: the
 * caller knows which of its options takes that kind and may add it.
 */
const char *ik_input_hint(ik_input_kind kind, ik_input_kind want);

/* ---- time --------------------------------------------------------------- */

/*
 * Parses RFC 3339 ("2026-01-02T03:04:05Z", offsets, fractions) or
 * "@EPOCH" (Unix seconds, up to 9999-12-31); 0 on success.
 */
int ik_time_parse(const char *s, time_t *out);
/* Formats as RFC 3339 UTC "YYYY-MM-DDTHH:MM:SSZ"; buf >= 21 bytes. */
void ik_time_format(time_t t, char *buf, size_t size);

/* Wipes memory that held a secret, in a way the compiler keeps. */
void ik_wipe(void *p, size_t n);

/* Versions of libcore and every linked library, for --version. */
void ik_versions(ik_sb *sb);

/* ---- arguments and printable text (analysis_args.c) -------------------- */

/*
 * "[NODE=]FILE" as the tools take it: returns FILE and sets *name_len to
 * the length of NODE (0 when absent).  An '=' after a '/' belongs to the
 * path.
 */
const char *ik_split_node_arg(const char *arg, size_t *name_len);
/* Replaces bytes a terminal could act on (controls, non-ASCII) by '?'. */
void ik_printable(char *s);

/* ---- did you mean (closest.c) ---------------------------------------------- */

/* Names longer than this are never suggested nor matched. */
#define IK_CLOSEST_MAX 64
/*
 * The name among names[0..n) closest to word (edit distance, a swap of
 * two neighbours counting one), when at most a third of word differs
 * (at least one character); else NULL.  NULL entries are skipped.
 */
const char *ik_closest(const char *word, const char *const *names, size_t n);

#endif /* IK_BASE_H */
