/*
 * ik_analysis.h: the analysis layer over trust lists: will phones accept
 * a new ITL (trust simulation), do nodes serve consistent ITLs and what
 * changed between two versions (diff), which phones hold which ITL (phone
 * reports from DeviceTLInfo alarms, syslog, SIP captures and CSV).
 *
 * Certificates are identified by their SHA-1 (the record's certificate
 * hash, or its CERTHASH), which binary files and text dumps both carry.
 */
#ifndef IK_ANALYSIS_H
#define IK_ANALYSIS_H

#include <jansson.h>

#include "ik_base.h"
#include "ik_itl.h"

/* ---- trust simulation (itl-ctl.md section 5) ---------------------------- */

/*
 * accept: every phone holding the installed list takes the candidate.
 * reject: no phone does.  depends: some do (a TVS path that only phones
 * whose CallManager group reaches a given node can use; see condition).
 * unknown: the judgement needs records that are not there (an incomplete
 * `show itl` paste); reason says what is missing.  No remedy is proposed
 * for depends from an unknown list.
 */
typedef enum ik_verdict { IK_ACCEPT = 0, IK_REJECT = 1, IK_DEPENDS = 2,
	IK_UNKNOWN = 3 } ik_verdict;

typedef enum ik_trust_path {
	IK_PATH_NONE = 0,
	IK_PATH_LEAP_OF_FAITH,
	IK_PATH_SIGNER,			/* signer-in-installed */
	IK_PATH_ITL_RECOVERY,
	IK_PATH_TVS
} ik_trust_path;

typedef enum ik_remedy {
	IK_REMEDY_NONE = 0,
	IK_REMEDY_RESIGN,		/* resign-itl-recovery */
	IK_REMEDY_DELETE,		/* delete-itl */
	IK_REMEDY_OTHER			/* see remedy_text */
} ik_remedy;

#define IK_TRUST_MAX_DECIDING 4

/* A record that decided the verdict. */
typedef struct ik_trust_ref {
	bool installed;			/* in the installed list, else candidate */
	size_t record;			/* 1-based */
	int function;
	const char *why;		/* "signer", "installed signer", ... */
	char subject[160];
	uint8_t sha1[20];
	bool has_sha1;
} ik_trust_ref;

typedef struct ik_trust_result {
	ik_verdict verdict;
	ik_trust_path path;
	ik_remedy remedy;
	char reason[600];
	char remedy_text[300];
	char condition[300];		/* IK_DEPENDS: which phones accept */
	ik_trust_ref deciding[IK_TRUST_MAX_DECIDING];
	size_t ndeciding;
	/*
	 * A tampering sign met while judging, for the caller's findings (an
	 * error): the candidate's signer names a known certificate by hash
	 * but carries another key ("SIGNER_KEY_MISMATCH").  NULL when none.
	 */
	const char *finding_code;
	char finding_where[32];
	char finding[300];
} ik_trust_result;

/*
 * Would a phone holding installed (NULL: none) accept candidate?  For a
 * binary candidate run ik_itl_verify first: its own signature must be
 * valid.  Text dumps cannot be checked; the reason says so.  Signers are
 * matched by the certificate a record carries, never by a CERTHASH alone:
 * a signer record without its certificate establishes no trust.
 */
void ik_trust_eval(const ik_itl *installed, const ik_itl *candidate,
    ik_trust_result *out);

const char *ik_verdict_name(ik_verdict v);
/* "leap-of-faith", ... or NULL for IK_PATH_NONE. */
const char *ik_trust_path_name(ik_trust_path p);
/* "resign-itl-recovery", "delete-itl", remedy_text, or NULL. */
const char *ik_remedy_name(const ik_trust_result *r);

/*
 * {verdict, path, condition, deciding_records[], reason, remedy,
 * remedy_text}.
 */
json_t *ik_trust_json(const ik_trust_result *r);
/* Adds r's tampering finding, if any, to f (as an error). */
void ik_trust_add_findings(const ik_trust_result *r, ik_findings *f);
/* The findings of a trust report: the candidate's, then r's own. */
void ik_trust_report_findings(const ik_itl *cand, const ik_trust_result *r,
    ik_findings *f);
/* Text lines "verdict: ..", "path: ..", ... each prefixed by pfx. */
void ik_trust_text(ik_sb *sb, const ik_trust_result *r, const char *pfx);

/* ---- diff: nodes of one cluster, or two versions of one node ------------- */

/* Certificate regenerations closer than this trip CUCM's hold timer. */
#define IK_HOLD_TIMER_SECONDS 300

typedef struct ik_diff_input {
	const char *node;		/* NODE of NODE=FILE, or the path */
	const char *file;
	const ik_itl *itl;		/* verified (ik_itl_verify) by the caller */
	uint8_t sha256[32];		/* of the input file */
	long long size;
} ik_diff_input;

typedef struct ik_diff_opts {
	const char *publisher;		/* --publisher HOST, or NULL */
	bool versions;			/* in[0] old, in[1] new, of one node */
	time_t at;
} ik_diff_opts;

typedef struct ik_diff_change {
	int function;
	/*
	 * "added", "removed", "changed", or "unknown": the record is absent
	 * from a list that is an incomplete paste (it may be in the part
	 * that is missing).
	 */
	const char *change;
	char subject[160];
	bool has_old, has_new;
	uint8_t old_sha1[20], new_sha1[20];
} ik_diff_change;

typedef struct ik_diff_missing {
	size_t node;			/* index into the inputs */
	char tvs_of[96];		/* CN of the missing TVS certificate */
	uint8_t sha1[20];
} ik_diff_missing;

typedef struct ik_diff {
	const ik_diff_input *in;
	size_t n;
	ik_diff_opts opts;
	bool rec_consistent, has_rec;
	uint8_t rec_sha1[20];
	char rec_cn[128], rec_host[128];
	int names_publisher;		/* 1, 0, or -1 when not asked */
	bool tvs_consistent, capf_consistent;
	/*
	 * Consistent as far as the records at hand go, but an incomplete
	 * paste lacks the record a check needs: the result is unknown.
	 */
	bool rec_unknown, tvs_unknown, capf_unknown;
	ik_diff_missing *missing;
	size_t nmissing;
	ik_diff_change *changes;
	size_t nchanges;
	bool has_trust;
	ik_trust_result trust;
	ik_findings findings;
} ik_diff;

/*
 * Compares the inputs (they must outlive d).  Returns IK_OK, IK_WARN with
 * warnings, IK_FAILED with an error-level finding, IK_FATAL on memory.
 */
ik_status ik_diff_run(const ik_diff_input *in, size_t n,
    const ik_diff_opts *o, ik_diff *d, ik_error *err);
void ik_diff_free(ik_diff *d);
/* The one JSON object of DESIGN.md section 4. */
json_t *ik_diff_json(const ik_diff *d);
void ik_diff_text(ik_sb *sb, const ik_diff *d);

/* ---- phone reports (DeviceTLInfo) --------------------------------------- */

typedef enum ik_hashalg { IK_HASH_NONE = 0, IK_HASH_SHA1, IK_HASH_MD5 }
    ik_hashalg;

/* What CUCM 14's "ITL File Status" column says, when a CSV has it. */
typedef enum ik_listatus {
	IK_LS_NONE = 0, IK_LS_MATCH, IK_LS_MISMATCH, IK_LS_NOT_INSTALLED,
	IK_LS_UNKNOWN
} ik_listatus;

/* One report of one phone, as an event parser hands it over. */
typedef struct ik_phone_report {
	char device[64];
	char ip[48];
	char tftp[128];
	uint8_t hash[20];
	ik_hashalg alg;
	bool not_installed;		/* "Not Installed", empty */
	ik_listatus list_status;
	bool has_when;
	time_t when;
} ik_phone_report;

typedef struct ik_phone {
	char *device;
	char ip[48];
	const char *tftp;		/* interned in ik_phones, "" when none */
	uint8_t hash[20];
	uint8_t alg;			/* ik_hashalg */
	uint8_t list_status;		/* ik_listatus */
	bool not_installed, has_when;
	uint16_t source;		/* input index of the latest report */
	uint32_t reports;
	time_t last_seen;
} ik_phone;

#define IK_SKIPPED_KEEP 50

typedef struct ik_skipped {
	uint16_t source;
	size_t line;
	char reason[96];
} ik_skipped;

/* An events input as read: chain of custody and counts. */
typedef struct ik_evsource {
	char *path;
	uint8_t sha256[32];
	long long size;
	const char *format;		/* "xml", "syslog", "csv", "sip", "empty" */
	size_t lines, events, skipped, ignored;
	/* The first bytes, kept to say what an input without reports is. */
	uint8_t head[IK_SNIFF_BYTES];
	size_t headlen;
} ik_evsource;

/*
 * Phones by device name (an open-addressing hash table): memory grows
 * with the number of phones, not with the number of reports.
 */
typedef struct ik_phones {
	ik_phone *v;
	size_t n, cap;
	uint32_t *tab;			/* index + 1, 0 empty */
	size_t tabcap;
	ik_evsource *src;
	size_t nsrc;
	size_t events, skipped, ignored;
	ik_skipped kept[IK_SKIPPED_KEEP];
	size_t nkept;
	char **names;			/* TFTP server names, interned: few */
	size_t nnames, names_cap;
} ik_phones;

void ik_phones_init(ik_phones *db);
void ik_phones_free(ik_phones *db);
/* Records a report (the latest per phone wins); -1 when memory ran out. */
int ik_phones_add(ik_phones *db, const ik_phone_report *r, uint16_t source);
/* Notes an unparseable line (counted; the first ones kept with reasons). */
void ik_phones_skip(ik_phones *db, uint16_t source, size_t line,
    const char *reason);

/* Streaming event parser: feed any chunks, then end. */
typedef struct ik_evscan ik_evscan;

ik_evscan *ik_evscan_new(ik_phones *db, uint16_t source);
/* IK_FATAL only when memory ran out; malformed lines are skipped. */
ik_status ik_evscan_feed(ik_evscan *s, const uint8_t *buf, size_t n);
ik_status ik_evscan_end(ik_evscan *s);
void ik_evscan_free(ik_evscan *s);

/*
 * Reads and scans one events file ("-" standard input), streaming.  A file
 * must be a regular file (mapped); standard input is read up to
 * IK_EVENTS_STDIN_MAX bytes, so that an endless stream cannot run forever.
 */
#define IK_EVENTS_STDIN_MAX	(4ull << 30)
ik_status ik_events_read_file(ik_phones *db, const char *path,
    ik_error *err);

/* A trust list phones may report: --itl (current) or --history. */
typedef struct ik_phone_itl {
	const char *file, *node;
	const ik_itl *itl;
	bool current;
} ik_phone_itl;

/*
 * stale-recoverable: the trust engine accepts the current list of the
 * phone's node from the list it holds, or would once that list is re-signed
 * with ITLRecovery (remedy resign-itl-recovery).  stale-depends: only a TVS
 * path for some phones (condition says which).  stale-unrecoverable:
 * neither.  unknown: no list has its hash, or the engine cannot judge (an
 * incomplete paste; reason says why).
 */
typedef enum ik_phone_status {
	IK_PS_CURRENT = 0, IK_PS_STALE_RECOVERABLE, IK_PS_STALE_DEPENDS,
	IK_PS_STALE_UNRECOVERABLE, IK_PS_UNKNOWN, IK_PS_NOT_INSTALLED,
	IK_PS_COUNT
} ik_phone_status;

/* What the trust engine says of one held list against one current list. */
typedef struct ik_phone_fate {
	ik_phone_status status;
	ik_trust_path path;
	ik_remedy remedy;		/* NONE, RESIGN, DELETE or OTHER */
	char condition[300];		/* stale-depends */
	char reason[600];		/* the engine's reason */
} ik_phone_fate;

/*
 * The lists phones may report, with the engine's answers cached per pair
 * (held, current): a population holds few distinct lists.
 */
typedef struct ik_phone_lists {
	const ik_phone_itl *v;
	size_t n;
	ik_phone_fate **fate;		/* [held * n + current], on demand */
	bool oom;
} ik_phone_lists;

typedef struct ik_phone_verdict {
	ik_phone_status status;
	const ik_phone_itl *matched;	/* or NULL */
	int has_itl_recovery;		/* 1, 0, -1 unknown */
	/* The current list of the phone's node; NULL when unknown or many. */
	const ik_phone_itl *node;
	ik_trust_path path;		/* how it takes that list, or NONE */
	ik_remedy remedy;
	const char *condition;		/* stale-depends, else NULL */
	const char *reason;		/* not current: why, else NULL */
} ik_phone_verdict;

/*
 * The status from the engine's verdict on the list as served (now) and,
 * when it has an ITLRECOVERY record, re-signed with it (re, or NULL):
 * accepted either way is stale-recoverable; otherwise unknown if either is
 * unknown, stale-depends if now depends, else stale-unrecoverable.
 */
void ik_phone_fate_from(const ik_trust_result *now,
    const ik_trust_result *re, ik_phone_fate *f);
void ik_phone_lists_init(ik_phone_lists *l, const ik_phone_itl *itls,
    size_t n);
void ik_phone_lists_free(ik_phone_lists *l);
/* The cluster's ITLRECOVERY certificate (first found in the current lists). */
bool ik_phone_itls_recovery(const ik_phone_itl *itls, size_t n,
    uint8_t sha1[20]);
/*
 * A phone's status.  The current list of its node is the --itl list whose
 * node name, or whose signer's name or address, is the TFTP server the
 * phone reported; with a single --itl list, that one.
 */
void ik_phone_judge(ik_phone_lists *l, const ik_phone *p,
    ik_phone_verdict *out);
const char *ik_phone_status_name(ik_phone_status s);
/* "resign-itl-recovery", "delete-itl", "other" or NULL. */
const char *ik_phone_remedy_name(ik_remedy r);
/*
 * Findings about the inputs as a whole: NO_PHONE_REPORTS (error) when not
 * one report was read, INPUT_NO_REPORTS (warning) for an input without
 * reports among others; each with a hint for what the input seems to be.
 */
void ik_phones_findings(const ik_phones *db, ik_findings *f);

/* Indices of db->v sorted by device name (caller frees). */
size_t *ik_phones_sorted(const ik_phones *db);
json_t *ik_phone_json(const ik_phones *db, const ik_phone *p,
    const ik_phone_verdict *v);
/* One CSV row (RFC 4180 quoting) and its header. */
void ik_phone_csv_header(ik_sb *sb);
void ik_phone_csv(ik_sb *sb, const ik_phones *db, const ik_phone *p,
    const ik_phone_verdict *v);
void ik_phone_text_header(ik_sb *sb);
void ik_phone_text(ik_sb *sb, const ik_phone *p, const ik_phone_verdict *v);

/* ---- helpers shared by the analyses --------------------------------------- */

/* 1-based index of the first record with this SHA-1 (and role, or -1 any). */
size_t ik_itl_find_sha1(const ik_itl *itl, const uint8_t sha1[20], int fn);
/* 1-based index of the (first) ITLRECOVERY record, or 0. */
size_t ik_itl_recovery_record(const ik_itl *itl);
/*
 * "[NODE=]FILE" as the tools take it: returns FILE and sets *name_len to
 * the length of NODE (0 when absent).  An '=' after a '/' belongs to the
 * path.
 */
const char *ik_split_node_arg(const char *arg, size_t *name_len);
/* Replaces bytes a terminal could act on (controls, non-ASCII) by '?'. */
void ik_printable(char *s);
/* The CN of a CUCM-style name ("CN=x;OU=.."), copied into buf, printable. */
void ik_name_cn(const char *name, char *buf, size_t n);

#endif /* IK_ANALYSIS_H */
