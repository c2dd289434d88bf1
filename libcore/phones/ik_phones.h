/*
 * ik_phones.h: layer phones.  Phone reports from DeviceTLInfo alarms,
 * syslog, SIP captures and CSV; the phone table; which phones hold which
 * ITL and whether the trust engine says they can take the current one.
 * Renderers: ik_phones_render.h.
 */
#ifndef IK_PHONES_H
#define IK_PHONES_H

#include <sys/types.h>

#include "ik_base.h"
#include "ik_itl.h"
#include "ik_trust.h"

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
	/*
	 * What a repeated report reads and writes first, together in one
	 * cache line: the keyed fingerprint (ik_phones_span_fp) of the
	 * syslog bytes the phone's current fields were read from (the pairs
	 * walked, from the '[' after "%" to past the last byte looked at),
	 * so that a report repeating them is not parsed again, and the
	 * counts and time such a report moves.
	 */
	uint64_t spanfp[2];
	time_t last_seen;
	uint32_t reports;
	uint16_t source;		/* input index of the latest report */
	uint16_t spanlen;		/* bytes of the span, 0 when none */
	uint8_t spanflags;		/* IK_SPAN_* */
	bool has_when;
	char device[64];		/* in the entry: one cache miss less */
	char ip[48];
	const char *tftp;		/* interned in ik_phones, "" when none */
	uint8_t hash[20];
	uint8_t alg;			/* ik_hashalg */
	uint8_t list_status;		/* ik_listatus */
	bool not_installed;
} ik_phone;

/* Longer spans are not fingerprinted: they are parsed every time. */
#define IK_SPAN_MAX 320
/* The span ran to the line's end (a longer line would be read further). */
#define IK_SPAN_TO_END	0x01
/* The span holds an ITL hash key: a report whatever else the line says. */
#define IK_SPAN_REPORT	0x02

#define IK_SKIPPED_KEEP 50

typedef struct ik_skipped {
	uint16_t source;
	size_t line;
	char reason[96];
} ik_skipped;

/* An events input as read: chain of custody and counts. */
typedef struct ik_evsource {
	char *path;			/* as named: "path" or "path:member" */
	char *file;			/* an archive member's archive, or NULL */
	const char *member;		/* the path inside (into path), or NULL */
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
	struct ik_phone_slot {
		uint32_t ix;		/* index + 1, 0 empty */
		uint32_t hash;		/* the name's: probes skip others */
	} *tab;
	size_t tabcap;
	ik_evsource *src;
	size_t nsrc;
	size_t events, skipped, ignored;
	ik_skipped kept[IK_SKIPPED_KEEP];
	size_t nkept;
	char **names;			/* TFTP server names, interned: few */
	size_t nnames, names_cap;
	/* Set when no output shows the inputs' SHA-256: it is not computed. */
	bool no_digest;
	/* Every line through the full parser (the prefilter's cross-check). */
	bool no_prefilter;
	/* Every report parsed, repeats too (the repeat shortcut's cross-check). */
	bool no_repeat;
	/* The fingerprint's key: random, drawn once per table on first use. */
	bool spankey_set;
	uint64_t spankey[(IK_SPAN_MAX + 15) / 16 * 2];
} ik_phones;

void ik_phones_init(ik_phones *db);
void ik_phones_free(ik_phones *db);
/* Records a report (the latest per phone wins); -1 when memory ran out. */
int ik_phones_add(ik_phones *db, const ik_phone_report *r, uint16_t source);
/*
 * The same, for a report read from a span of len bytes whose fingerprint
 * is fp (see ik_phone.spanfp; NULL for none) and flags IK_SPAN_*: kept
 * with the phone when its fields are taken from r.
 */
int ik_phones_add_span(ik_phones *db, const ik_phone_report *r,
    uint16_t source, const uint64_t fp[2], size_t len, unsigned flags);
/*
 * The fingerprint of len bytes (at most IK_SPAN_MAX) under db's key;
 * false when no key could be drawn (then nothing is fingerprinted).
 */
bool ik_phones_span_fp(ik_phones *db, const char *span, size_t len,
    uint64_t fp[2]);
/*
 * The hash the table files a device name of n bytes under.  It is seeded
 * once per process at random (hostile logs cannot pick colliding names);
 * ik_phones_name_seed sets the seed, for tests, before any table exists.
 */
uint32_t ik_phones_name_hash(const char *device, size_t n);
void ik_phones_name_seed(uint64_t seed);
/*
 * Asks for the table slot of hash h (stage 0) or, once it has come, the
 * phone in it (stage 1) to be brought into the cache, so that a lookup a
 * little later does not wait for memory.  Changes nothing else.
 */
void ik_phones_prefetch(const ik_phones *db, uint32_t h, int stage);
/* The phone of that device name (n bytes, no NUL, hash h), or NULL. */
ik_phone *ik_phones_find(ik_phones *db, const char *device, size_t n,
    uint32_t h);
/*
 * The phones filed under hash h, one by one (*j 0 at first; NULL at the
 * end), without reading their names: their spans tell them apart.
 */
ik_phone *ik_phones_next_hashed(ik_phones *db, uint32_t h, size_t *j);
/*
 * A report whose span equals p's: counted and dated as ik_phones_add
 * would, its fields being p's already.
 */
void ik_phones_again(ik_phones *db, ik_phone *p, bool has_when, time_t when,
    uint16_t source);
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

/*
 * Reads up to n bytes into buf: the count, 0 at the end, -1 with err set
 * (its status is the read's).
 */
typedef ssize_t ik_events_reader(void *arg, uint8_t *buf, size_t n,
    ik_error *err);
/*
 * One events input read through rd as it streams (an archive member, a
 * gzip'd log): as ik_events_read_file.  name is how reports name it; for
 * a member, file is the archive and name + member_off the path inside.
 */
ik_status ik_events_read_stream(ik_phones *db, const char *name,
    const char *file, size_t member_off, ik_events_reader *rd, void *arg,
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
	/* Reasons of unknown statuses, in the caller's words (below). */
	char why_no_list[120];
	char why_node_differs[320];
	char why_node_paths[320];
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
/*
 * How the caller names its options for current and earlier lists
 * ("--itl", "--history"), for the reasons of unknown statuses ("no --itl
 * or --history list has the hash it reports").  After init, or NULL, the
 * reasons name none ("no current or earlier list ...").
 */
void ik_phone_lists_name(ik_phone_lists *l, const char *current,
    const char *history);
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
 * itl_option is how the caller names its argument for current trust lists
 * ("--itl"): a trust list given as phone reports is told "did you mean
 * it?"; NULL: the hint alone.
 */
void ik_phones_findings(const ik_phones *db, const char *itl_option,
    ik_findings *f);

/* Indices of db->v sorted by device name (caller frees). */
size_t *ik_phones_sorted(const ik_phones *db);

#endif /* IK_PHONES_H */
