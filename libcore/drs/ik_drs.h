/*
 * ik_drs.h: the DRS layer: CUCM Disaster Recovery System backup sets.
 * Layer: drs.
 *
 * Layers, each usable alone:
 *   crypto     platform encoding of the cluster security password, the
 *              manifest value schemes 1-4, the OpenSSL "Salted__" container
 *   manifest   drfComponent.xml parsed with expat (lenient, bounded)
 *   discovery  sets found from a manifest, a set directory or a tree
 *   stream     one read of a component: SHA-1, decryption, inner tar
 *   check      a whole set judged (drs-ls, drs-verify)
 *   extract    safe extraction (drs-extract)
 *   rekey      manifest values re-encrypted (drs-rekey)
 *   render     the set report as JSON and text
 *
 * The format as implemented is described in docs/formats-drs.md.
 */
#ifndef IK_DRS_H
#define IK_DRS_H

#include <sys/types.h>

#include <jansson.h>

#include "ik_base.h"
#include "ik_secret.h"

/* The key-derivation budget of ik_p12.h (kept out to keep OpenSSL out). */
typedef struct ik_kdf_budget ik_kdf_budget;

#define IK_DRS_MANIFEST_MAX	(16u << 20)	/* bytes read of a manifest */
#define IK_DRS_MAX_COMPONENTS	4096
#define IK_DRS_RANDPW_LEN	20
#define IK_DRS_PLATFORM_HEX	64

/* ---- crypto ------------------------------------------------------------- */

/*
 * Loads OpenSSL's legacy provider beside the default one (DES needs it),
 * once per process.  Every function below calls it; callers may too.
 */
ik_status ik_drs_crypto_init(ik_error *err);

/* Platform encoding: DES-ECB under a fixed key, 64 upper-case hex chars. */
ik_status ik_drs_platform_encode(const char *pw, size_t len,
    char out[IK_DRS_PLATFORM_HEX + 1], ik_error *err);
/* The inverse; out receives the password without its NUL padding. */
ik_status ik_drs_platform_decode(const char *hex, char *out, size_t outsz,
    ik_error *err);

/* The manifest value scheme a version string selects: 1-4, or 0 unknown. */
int ik_drs_scheme_for_version(const char *version);
/* The container digest for a version: IK_MD5 for 8.0-8.5, else IK_SHA1. */
ik_digest ik_drs_container_digest(const char *version);

/* The key of a scheme (16 or 24 bytes; 0 on failure), for tests (TV4-TV6). */
size_t ik_drs_scheme_key(int scheme, const char *H, uint8_t key[24]);

/*
 * Manifest values: hex ciphertext <-> plaintext under the key derived
 * from the platform-encoded hex H by scheme (1-4).  decrypt fails with
 * IK_FAILED on bad hex or bad padding; *outlen <= outsz.
 */
ik_status ik_drs_value_decrypt(int scheme, const char *H, const char *hex,
    uint8_t *out, size_t outsz, size_t *outlen, ik_error *err);
/* *hex is malloc'd lower-case hex (caller frees). */
ik_status ik_drs_value_encrypt(int scheme, const char *H, const uint8_t *pt,
    size_t len, char **hex, ik_error *err);

/* True when s is exactly 20 ASCII letters and digits. */
bool ik_drs_randpw_plausible(const uint8_t *s, size_t len);
/* True when s is exactly 40 lower-case hex characters. */
bool ik_drs_sha1hex_plausible(const uint8_t *s, size_t len);

/*
 * The container cipher: AES-128-CBC, key and IV by EVP_BytesToKey (one
 * iteration) over the random password and the 8-byte salt.
 * ctx is an EVP_CIPHER_CTX (void * keeps OpenSSL out of this header).
 */
ik_status ik_drs_cipher_init(void *ctx, bool encrypt, ik_digest md,
    const char *pw, size_t pwlen, const uint8_t salt[8], ik_error *err);

/* ---- manifest ----------------------------------------------------------- */

typedef struct ik_drs_comp {
	char *feature, *server, *component, *version;
	char *encrypt_key;	/* hex text as found (trimmed), or NULL */
	char *encrypted_sha1;
	/* Byte spans of the two values' element content in the manifest,
	 * so that a re-key changes those bytes and nothing else. */
	size_t key_off, key_len, sum_off, sum_len;
	unsigned long line;	/* line of <ComponentObject> */
} ik_drs_comp;

typedef struct ik_drs_manifest {
	char *version;		/* the first FeatureObject/Version */
	char **features;
	size_t nfeatures;
	char **servers;		/* distinct, in order of appearance */
	size_t nservers;
	ik_drs_comp *comps;
	size_t ncomps;
} ik_drs_manifest;

/*
 * Parses drfComponent.xml.  Unknown elements are skipped; what is odd but
 * usable becomes a finding; what cannot be read gives IK_FAILED with
 * "line L:C: ..." and the byte offset in err.  DTDs are refused.
 */
ik_status ik_drs_manifest_parse(const uint8_t *buf, size_t len,
    ik_drs_manifest *m, ik_findings *f, ik_error *err);
void ik_drs_manifest_free(ik_drs_manifest *m);

/* ---- discovery ---------------------------------------------------------- */

typedef struct ik_drs_set {
	char *dir;		/* directory holding the set */
	char *backup_id;	/* YYYY-MM-DD-HH-MM-SS */
	char *publisher;	/* from the manifest name; NULL before CUCM 10 */
	char *manifest;		/* manifest file name, NULL when missing */
	char **files;		/* other file names with this backup id */
	size_t nfiles;
	/* A set inside an archive: the archive as given (dir is then the
	 * folder inside it with its '/', "" at its top), and its files'
	 * bytes in all. */
	char *archive;
	uint64_t bytes;
} ik_drs_set;

typedef struct ik_drs_sets {
	ik_drs_set *v;
	size_t n;
	/* Places not searched, one finding each: a directory deeper than
	 * the walk goes (DRS_TREE_TOO_DEEP), a symbolic link to a directory
	 * or to a file with a backup id (DRS_SYMLINK_NOT_FOLLOWED). */
	ik_findings skipped;
} ik_drs_sets;

void ik_drs_sets_init(ik_drs_sets *s);
void ik_drs_sets_free(ik_drs_sets *s);
/*
 * Adds the sets found at path: a manifest, a set directory, or a tree
 * searched recursively, IK_DRS_TREE_DEPTH levels at most (symbolic links
 * are not followed).  Every place left out is added to out->skipped.
 * IK_FATAL when path cannot be read; a path holding no set adds nothing.
 */
#define IK_DRS_TREE_DEPTH	32
ik_status ik_drs_discover(const char *path, ik_drs_sets *out, ik_error *err);
/* "DIR/ID_PUB" (or "DIR/ID"; inside an archive "ARCHIVE:DIR/ID_PUB"):
 * the set's name in reports (caller frees). */
char *ik_drs_set_label(const ik_drs_set *s);

/* ---- component stream --------------------------------------------------- */

typedef enum ik_drs_container {
	IK_DRS_CONT_UNKNOWN = 0,
	IK_DRS_CONT_SALTED,
	IK_DRS_CONT_TAR,
	IK_DRS_CONT_GZIP
} ik_drs_container;

const char *ik_drs_container_name(ik_drs_container c);

/* What the container's first bytes and its tail say, before any read. */
typedef struct ik_drs_layout {
	ik_drs_container container;
	uint64_t size;
	uint64_t data_start;	/* 16 for salted (magic + salt), else 0 */
	uint64_t data_end;	/* size minus the trailing text */
	uint8_t salt[8];
	bool aligned;		/* salted: the ciphertext is whole AES blocks */
	char *trailer;		/* the trailing text, NUL-terminated, or NULL */
	size_t trailer_len;
} ik_drs_layout;

#define IK_DRS_TRAILER_MAX	65536

/* head: the first bytes (>= 16 when the file has them); tail: the last
 * tail_len bytes (up to IK_DRS_TRAILER_MAX). */
ik_status ik_drs_layout_detect(const uint8_t *head, size_t head_len,
    const uint8_t *tail, size_t tail_len, uint64_t size, ik_drs_layout *l,
    ik_error *err);
void ik_drs_layout_free(ik_drs_layout *l);

/*
 * A leaked "-k <password>" in trailing text: returns its length (0 when
 * there is none) and whether it equals pw (may be NULL).  The password
 * itself is never copied out.
 */
size_t ik_drs_trailer_leak(const char *trailer, size_t len, const char *pw,
    bool *equals_pw);

/*
 * Where a key sits in clear in trailing text, never what it is: an
 * openssl "-k KEY" or "-pass pass:KEY" (quotes around KEY stripped).
 */
typedef struct ik_drs_leak {
	size_t off, len;	/* the key's bytes in the trailing text */
	const char *form;	/* "-k" or "-pass pass:" */
} ik_drs_leak;

#define IK_DRS_LEAKS_MAX	4
#define IK_DRS_LEAK_KEY_MAX	256	/* longer tokens are not keys */

/* The leaked keys of trailing text, in order, up to max; their count. */
size_t ik_drs_trailer_leaks(const char *trailer, size_t len,
    ik_drs_leak *out, size_t max);

typedef struct ik_drs_artifact {
	char *path;
	const char *kind;	/* itl-recovery-p12, itl, ctl, pem, p12, platform-config */
	/*
	 * Trust lists and PKCS#12 files found in a component are read (up to
	 * IK_DRS_ARTIFACT_MAX bytes) and judged with the trust-list and p12
	 * code, in memory: nothing decrypted touches the disk.
	 */
	uint64_t size;
	bool inspected;
	uint8_t sha1[20];	/* of the member's bytes (what phones report for an ITL) */
	const char *verdict;	/* ITL/CTL: valid, invalid, no-signer, unsupported,
				 * malformed; p12: matched, wrong-password,
				 * not-given, malformed, damaged, not-checked */
	bool over_budget;	/* p12 not judged: the run's key-derivation
				 * budget was spent (verdict not-checked) */
	bool has_recovery;	/* recovery_sha1 is set */
	uint8_t recovery_sha1[20];	/* ITL: its ITLRECOVERY certificate; p12: its certificate */
	char *detail;		/* one line for people */
} ik_drs_artifact;

#define IK_DRS_ARTIFACT_MAX	(1u << 20)

/*
 * Judges an artifact's bytes: a trust list is parsed and its signature
 * verified; a PKCS#12 file is opened with the candidates (the cluster
 * security password is the operator's best guess for the p12 password),
 * its key derivations charged to budget (may be NULL).
 */
void ik_drs_artifact_inspect(ik_drs_artifact *a, const uint8_t *buf,
    size_t len, const ik_secrets *p12_passwords, ik_kdf_budget *budget);

/* The recovery artifact kind of a member path, or NULL. */
const char *ik_drs_artifact_kind(const char *path);

typedef void (*ik_drs_progress_fn)(void *arg, uint64_t bytes);

/*
 * The outcome of one streaming pass over a component: digests of the
 * stored file, and with a password, decryption and the inner archive.
 */
typedef struct ik_drs_scan {
	uint8_t sha1_all[20];	/* the file as stored */
	uint8_t sha1_body[20];	/* without the trailing text */
	bool hashed;
	int decrypted;		/* -1 not tried, 0 failed, 1 to the end with valid padding */
	const char *payload;	/* NULL, "tar", "tar.gz", "unknown" */
	long long members;
	uint64_t member_bytes;
	ik_drs_artifact *artifacts;
	size_t nartifacts;
	char *archive_error;	/* why the inner archive could not be read */
	long long unsafe;	/* members that would leave the folder, devices */
	char *unsafe_example;	/* the first of them */
} ik_drs_scan;

void ik_drs_scan_free(ik_drs_scan *s);

/*
 * A source of component bytes: a file descriptor (read with pread), a
 * memory buffer (fuzzing, tests), or a sequential reader (an archive
 * member: read once, in order, never seeked; its layout must then be
 * known before the stream opens, ik_drs_source_layout cannot read it).
 */
typedef ssize_t (*ik_drs_read_fn)(void *arg, void *buf, size_t n);

typedef struct ik_drs_source {
	int fd;			/* -1 for memory or a reader */
	const uint8_t *mem;	/* NULL with a reader */
	ik_drs_read_fn read;	/* used when fd < 0 and mem == NULL */
	void *read_arg;
	uint64_t size;
	ik_drs_progress_fn progress;
	void *progress_arg;
	const ik_secrets *p12_passwords;	/* tried on PKCS#12 members; may be NULL */
	ik_kdf_budget *kdf;	/* charged for them; may be NULL */
} ik_drs_source;

/* Reads head and tail of src and detects the layout. */
ik_status ik_drs_source_layout(const ik_drs_source *src, ik_drs_layout *l,
    ik_error *err);

/*
 * A pull stream of plaintext: the whole source is read once, in order,
 * hashed, and (for a salted container with pw) decrypted.  Plain tar and
 * gzip containers pass through.  Used by the scan and by extraction.
 */
typedef struct ik_drs_stream ik_drs_stream;

ik_status ik_drs_stream_open(const ik_drs_source *src, const ik_drs_layout *l,
    ik_digest md, const char *pw, size_t pwlen, ik_drs_stream **out,
    ik_error *err);
/* Next plaintext chunk; *n == 0 at the end.  IK_FAILED on bad padding or a
 * short read (message in err). */
ik_status ik_drs_stream_read(ik_drs_stream *s, const void **buf, size_t *n,
    ik_error *err);
/* Reads what is left (hashing and checking padding). */
ik_status ik_drs_stream_drain(ik_drs_stream *s, ik_error *err);
/* Digests once the stream reached its end; false before. */
bool ik_drs_stream_digests(const ik_drs_stream *s, uint8_t all[20],
    uint8_t body[20]);
void ik_drs_stream_close(ik_drs_stream *s);

/*
 * One pass: hashes, and when pw is given decrypts and lists the inner
 * archive (tar or tar.gz) with its recovery artifacts.  IK_FATAL only for
 * resource or read failures; a bad container is recorded in scan.
 */
ik_status ik_drs_scan_source(const ik_drs_source *src, const ik_drs_layout *l,
    ik_digest md, const char *pw, size_t pwlen, bool list,
    ik_drs_scan *scan, ik_error *err);

/* ---- set check ------------------------------------------------------------ */

/*
 * The status of a DRS report ("status" in JSON).  A set's verdict is one
 * of the first IK_DRS_SET_STATUSES; an extraction from a set that is ok
 * may also be partial (members refused) or failed.
 */
typedef enum ik_drs_status {
	IK_DRS_OK = 0,
	IK_DRS_INCOMPLETE,	/* manifest or component files missing */
	IK_DRS_CORRUPT,		/* a file does not match or cannot be read */
	IK_DRS_WRONG_PASSWORD,
	IK_DRS_UNSUPPORTED,	/* no known scheme decrypts the manifest */
	IK_DRS_UNVERIFIED,	/* no password, or nothing to check it by */
	IK_DRS_PARTIAL,		/* extraction: members refused */
	IK_DRS_FAILED		/* extraction: a component not extracted */
} ik_drs_status;
#define IK_DRS_SET_STATUSES	6

/* "ok", "incomplete", "corrupt", "wrong-password", "unsupported",
 * "unverified", "partial", "failed" */
const char *ik_drs_status_name(ik_drs_status s);

/* What the candidates said of the set's cluster security password. */
typedef enum ik_drs_password {
	IK_DRS_PASSWORD_NOT_GIVEN = 0,
	IK_DRS_PASSWORD_VERIFIED,	/* decrypts, and checksums confirm it */
	IK_DRS_PASSWORD_WRONG,
	IK_DRS_PASSWORD_UNSUPPORTED,	/* unknown version, no scheme works */
	IK_DRS_PASSWORD_UNVERIFIED	/* nothing to check it against */
} ik_drs_password;

/* "not-given", "verified", "wrong", "unsupported", "unverified" */
const char *ik_drs_password_name(ik_drs_password p);

/* A component file against the manifest's checksum. */
typedef enum ik_drs_checksum {
	IK_DRS_SUM_NOT_CHECKED = 0,
	IK_DRS_SUM_MATCH,
	IK_DRS_SUM_MISMATCH
} ik_drs_checksum;

/* "not-checked", "match", "mismatch" */
const char *ik_drs_checksum_name(ik_drs_checksum c);

/*
 * Pass or fail of a report's status, decided here for each DRS operation:
 * a listing (drs-ls, no password asked) passes sets that are ok or
 * unverified; verification (drs-verify) and extraction only what is ok.
 * (Re-keying has no verdict of its own: ik_drs_rekey refuses a set whose
 * password did not verify.)
 */
typedef enum ik_drs_op {
	IK_DRS_OP_LIST,
	IK_DRS_OP_VERIFY,
	IK_DRS_OP_EXTRACT
} ik_drs_op;

bool ik_drs_passes(ik_drs_op op, ik_drs_status s);

typedef struct ik_drs_comp_report {
	char *feature, *server, *component;
	char *file;		/* expected file name (as found when present) */
	bool present;
	uint64_t size;
	ik_drs_layout layout;
	ik_drs_scan scan;
	ik_drs_checksum checksum;
	bool checksum_body;	/* matched only without the trailing text */
	/* Keys in clear in the trailing text (DRS_PASSWORD_LEAK). */
	ik_drs_leak leaks[IK_DRS_LEAKS_MAX];
	size_t nleaks;
	/*
	 * With use_leaked_key, for a component the manifest gave no key
	 * for: -1 not tried, 0 no leaked key opens it, else the leak (from
	 * 1) whose key decrypted it to the end and read its archive.  That
	 * key is kept (wiped on free) for extraction and re-keying;
	 * leak_error says why the last one tried did not open it.
	 */
	int leak_opened;
	char *leaked_key;
	char *leak_error;
} ik_drs_comp_report;

typedef struct ik_drs_report {
	char *label;		/* DIR/ID_PUB */
	char *dir;		/* the set's directory */
	char *manifest;		/* path or NULL */
	/* Inside an archive: the archive (JSON "set"), label then being
	 * "ARCHIVE:DIR/ID_PUB" (its part after "ARCHIVE:" JSON's "member")
	 * and manifest the member's path inside.  NULL for a folder. */
	char *archive;
	uint8_t manifest_sha256[32];
	long long manifest_size;	/* -1 when not read */
	char *backup_id, *publisher;
	ik_drs_manifest m;
	int scheme;		/* 1-4, or 0 */
	ik_drs_password password;
	size_t candidate;	/* line of the matching candidate, 0 none */
	ik_drs_comp_report *comps;
	size_t ncomps;
	char **missing;
	size_t nmissing;
	char **extra;
	size_t nextra;
	ik_drs_status status;	/* the set's verdict */
	ik_findings findings;
	/* Kept for extraction and re-keying: the decrypted random passwords,
	 * per component, wiped by ik_drs_report_free. */
	char **randpw;
	uint8_t *manifest_bytes;
	size_t manifest_len;
	char platform_hex[IK_DRS_PLATFORM_HEX + 1];
	size_t leak_opened;	/* components opened with a leaked key */
	bool from_leaked;	/* re-keyed from leaked keys (ik_drs_rekey_leaked) */
} ik_drs_report;

typedef struct ik_drs_opts {
	const ik_secrets *passwords;	/* NULL: no password */
	bool deep;			/* decrypt and list every component */
	bool hash;			/* compute SHA-1 of components */
	/* The sets are listed, not verified (drs-ls): ik_drs_batch judges
	 * them as IK_DRS_OP_LIST, else as IK_DRS_OP_VERIFY. */
	bool listing;
	unsigned jobs;			/* components read at once (0, 1: one) */
	/*
	 * PKCS#12 key derivation (--deep): iterations allowed for the whole
	 * run, iterations x candidates x files (0: IK_KDF_BUDGET_DEFAULT).
	 * kdf, when set, is the shared budget to charge; NULL: ik_drs_batch
	 * makes one for all its sets, ik_drs_check one for its set.
	 */
	long long kdf_budget;
	ik_kdf_budget *kdf;
	ik_drs_progress_fn progress;
	void *progress_arg;
	/*
	 * A forensic path: a component the manifest gives no key for (the
	 * cluster password absent or wrong) is decrypted with a key leaked
	 * in its trailing text, when one opens it (decrypts to the end with
	 * valid padding and its archive reads).  The set's verdict does not
	 * change: no manifest checksum vouches for such a component.
	 */
	bool use_leaked_key;
	/* Reads the sets inside archives (tar, zip, gzip'd tar) among the
	 * paths ik_drs_batch is given; NULL: an archive is no set. */
	const struct ik_drs_walker *walker;
} ik_drs_opts;

/* Findings that tie the set's recovery artifacts together (after a deep check). */
void ik_drs_artifacts_crosscheck(ik_drs_report *r);

/* Judges a set.  IK_FATAL when it could not be done (memory, I/O);
 * otherwise r->status says the verdict. */
ik_status ik_drs_check(const ik_drs_set *set, const ik_drs_opts *o,
    ik_drs_report *r, ik_error *err);
void ik_drs_report_free(ik_drs_report *r);
/* Total bytes of present components (for a progress bar). */
uint64_t ik_drs_set_bytes(const ik_drs_set *set);

/* ---- sets inside archives (drs_archive.c) --------------------------------- */

/*
 * An archive's members, walked in order by the caller (the input loader
 * of the jobs layer, with its limits on members, bytes and expansion):
 * fn is called for each regular member with its path inside (an archive
 * inside the archive: "inner.tgz:path") and a reader of its bytes.  A
 * set's components cannot be seeked, so the archive is walked twice:
 * once for the manifests and each component's size, head and tail (its
 * layout), once to hash, decrypt and list the components.
 */
typedef ik_status (*ik_drs_member_fn)(void *arg, const char *path,
    ik_drs_read_fn rd, void *rd_arg, ik_error *err);

typedef struct ik_drs_walker {
	/* True when path is an archive the walker reads. */
	bool (*is_archive)(void *arg, const char *path);
	/* Calls fn for every member of path; IK_OK at the end, else what
	 * stopped the walk (a member or the archive unreadable, a limit
	 * passed, fn's status), err naming the member. */
	ik_status (*walk)(void *arg, const char *path, ik_drs_member_fn fn,
	    void *fn_arg, ik_error *err);
	void *arg;
} ik_drs_walker;

/*
 * Files named like a set's files that one archive may hold, and bytes of
 * their manifests and trailing text kept between the two walks: past
 * either, the archive is refused.
 */
#define IK_DRS_ARCHIVE_FILES	IK_DRS_MAX_COMPONENTS
#define IK_DRS_ARCHIVE_KEPT	((size_t)64 << 20)

/* True when ik_drs_batch reads path with the walker: no set file name
 * (a component may itself be a tar), and the walker says archive. */
bool ik_drs_archive_wanted(const ik_drs_walker *w, const char *path);

/* ---- batch ---------------------------------------------------------------- */

/* Counts of a batch run, for the summary object. */
typedef struct ik_drs_summary {
	size_t sets, components, by_status[IK_DRS_SET_STATUSES];
	uint64_t bytes;
	ik_findings skipped;	/* places not searched, from every path */
} ik_drs_summary;

void ik_drs_summary_free(ik_drs_summary *s);

typedef struct ik_drs_batch_cb {
	/* Before a set is checked (e.g. to start a progress bar). */
	void (*before)(void *arg, const ik_drs_set *set);
	/* A set's report; it is freed after the call. */
	void (*report)(void *arg, const ik_drs_report *r);
	/* A path or set that could not be handled at all. */
	void (*error)(void *arg, const char *path, const ik_error *err);
	void *arg;
} ik_drs_batch_cb;

/*
 * Discovers the sets under every path and checks each, calling back per
 * set; goes on after a failure.  Returns the worst status: IK_FATAL when a
 * path could not be read or held no set, IK_FAILED when a set does not
 * pass (ik_drs_passes, as o->listing says) or a place was not searched (sum->skipped; free sum with
 * ik_drs_summary_free).
 */
ik_status ik_drs_batch(const char *const *paths, size_t npaths,
    const ik_drs_opts *o, const ik_drs_batch_cb *cb, ik_drs_summary *sum);
/* Checks the one set path names (IK_FATAL when it names none or many),
 * inside an archive too when o->walker reads it; places not searched are
 * added to r->findings. */
ik_status ik_drs_check_one(const char *path, const ik_drs_opts *o,
    ik_drs_report *r, ik_error *err);


/* ---- extract -------------------------------------------------------------- */

typedef struct ik_drs_extract_opts {
	const char *out_dir;
	const char *const *components;	/* NULL-terminated names, or NULL: all */
	const char *const *members;	/* NULL-terminated globs, or NULL: all */
	bool artifacts_only;
	bool rebase_absolute;		/* strip a leading '/' instead of refusing */
	bool force;			/* add to an existing MANIFEST.json */
	bool allow_mismatch;		/* extract components whose checksum
					 * does not match, marked */
	uint64_t max_bytes;		/* per component; 0: the default ratio */
	/* Reads a set inside an archive (r->archive): each component is
	 * streamed from a walk of it, with the layout of the check. */
	const ik_drs_walker *walker;
	ik_drs_progress_fn progress;
	void *progress_arg;
} ik_drs_extract_opts;

/*
 * Bytes one component may write: max_bytes, by default RATIO times the
 * component file's size and at least MIN (a gzip'd tar of text rarely
 * expands 20 times; a bomb does 1000 times).  Whatever the limit, a run
 * stops writing when the output file system would keep less than MARGIN
 * free.
 */
#define IK_DRS_EXTRACT_RATIO	100u
#define IK_DRS_EXTRACT_MIN	((uint64_t)64 << 20)
#define IK_DRS_EXTRACT_MARGIN	((uint64_t)64 << 20)

typedef struct ik_drs_extract_result {
	json_t *manifest;		/* what MANIFEST.json holds (with the
					 * entries of an earlier run) */
	size_t extracted, refused;	/* by this run */
	/* ok, partial (members refused), failed, or the set's status as
	 * drs-verify gives it when that is not ok */
	ik_drs_status status;
	ik_findings findings;		/* the set's findings, then extraction's */
} ik_drs_extract_result;

/*
 * Extracts from a set already checked with a verified password.  A
 * component whose checksum is not "match" is refused unless
 * allow_mismatch.  Returns IK_OK, IK_WARN (members refused), IK_FAILED
 * (a component not extracted, or the set not ok), IK_FATAL.
 */
ik_status ik_drs_extract(const ik_drs_report *r, const ik_drs_extract_opts *o,
    ik_drs_extract_result *res, ik_error *err);
void ik_drs_extract_result_free(ik_drs_extract_result *res);

/* ---- rekey ---------------------------------------------------------------- */

/*
 * What CUCM accepts as a cluster security password (docs/SECURITY.md):
 * 6 to 31 characters, printable ASCII (no control, no non-ASCII byte).
 * IK_OK, or IK_FATAL with a message that never quotes the password.
 */
#define IK_DRS_PW_MIN	6
#define IK_DRS_PW_MAX	31
ik_status ik_drs_new_password_check(const char *pw, size_t len,
    ik_error *err);

/*
 * The manifest of a checked set (password verified) with every value
 * re-encrypted under new_pw (which must pass ik_drs_new_password_check),
 * other bytes unchanged.  *out is malloc'd.
 */
ik_status ik_drs_rekey(const ik_drs_report *r, const char *new_pw,
    size_t new_len, uint8_t **out, size_t *outlen, ik_error *err);

/*
 * The same when the old password is unknown but every component was
 * opened with a key leaked in its trailing text (checked with
 * use_leaked_key): each EncryptKey becomes that key and each checksum the
 * SHA-1 of the file as stored, encrypted under new_pw with the scheme the
 * version selects.  IK_FAILED naming the first component whose key was
 * not recovered (or cannot be a backup key); sets r->scheme and
 * r->from_leaked on success.
 */
ik_status ik_drs_rekey_leaked(ik_drs_report *r, const char *new_pw,
    size_t new_len, uint8_t **out, size_t *outlen, ik_error *err);

/* ---- platform values ----------------------------------------------------- */

/* The single values of an install's answers (platformConfig.xml). */
typedef enum ik_drs_pf {
	IK_PF_VERSION = 0, IK_PF_DEPLOYMENT, IK_PF_HOSTNAME, IK_PF_IP,
	IK_PF_MASK, IK_PF_GATEWAY, IK_PF_DOMAIN, IK_PF_TIMEZONE, IK_PF_DHCP,
	IK_PF_FIRST_NODE, IK_PF_PUBLISHER_HOST, IK_PF_PUBLISHER_IP,
	IK_PF_CERT_ORG, IK_PF_CERT_UNIT, IK_PF_CERT_LOCATION,
	IK_PF_CERT_STATE, IK_PF_CERT_COUNTRY,
	IK_PF_COUNT
} ik_drs_pf;

/* Its JSON name: "version", "hostname", "ip", ... */
const char *ik_drs_pf_name(ik_drs_pf f);

#define IK_DRS_PF_LIST_MAX	16	/* DNS, NTP servers, secrets kept */
#define IK_DRS_PF_NAME_MAX	64	/* bytes of a secret element's name */
#define IK_DRS_PLATFORM_MAX	(1u << 20)	/* bytes read of a file */

typedef struct ik_drs_platform {
	const char *kind;	/* "platform-config" or "drs-manifest" */
	char *v[IK_PF_COUNT];	/* NULL when absent or empty */
	char **dns, **ntp;
	size_t ndns, nntp;
	/* Password elements: their names and whether they hold a value,
	 * never the value. */
	struct {
		char element[IK_DRS_PF_NAME_MAX + 1];
		bool present;
	} secrets[IK_DRS_PF_LIST_MAX];
	size_t nsecrets;
	size_t other;		/* top-level elements not kept */
	ik_drs_manifest m;	/* drs-manifest: its features and servers */
	ik_findings findings;
} ik_drs_platform;

/*
 * Reads a platformConfig.xml, or a drfComponent.xml (the values a
 * manifest stores).  IK_FAILED with "line L:C: ..." when it is not
 * well-formed XML, has a DTD or nests too deeply; findings for what is
 * odd or missing.  Free with ik_drs_platform_free whatever the status.
 */
ik_status ik_drs_platform_parse(const uint8_t *buf, size_t len,
    ik_drs_platform *pl, ik_error *err);
void ik_drs_platform_free(ik_drs_platform *pl);

#endif /* IK_DRS_H */
