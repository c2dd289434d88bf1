/*
 * ik_trust.h: layer itl (analysis over trust lists).  Will phones accept a
 * new ITL (the trust engine, itl-ctl.md section 5), do nodes serve
 * consistent ITLs and what changed between two versions (diff).
 *
 * Certificates are identified by their SHA-1 (the record's certificate
 * hash, or its CERTHASH), which binary files and text dumps both carry.
 * Renderers: ik_itl_render.h.
 */
#ifndef IK_TRUST_H
#define IK_TRUST_H

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
	 * but carries another key (IKF_SIGNER_KEY_MISMATCH).
	 */
	bool has_finding;
	ik_code finding_code;
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

/* Adds r's tampering finding, if any, to f (as an error). */
void ik_trust_add_findings(const ik_trust_result *r, ik_findings *f);
/* The findings of a trust report: the candidate's, then r's own. */
void ik_trust_report_findings(const ik_itl *cand, const ik_trust_result *r,
    ik_findings *f);

/* ---- diff: nodes of one cluster, or two versions of one node ------------- */

/* Certificate regenerations closer than this trip CUCM's hold timer. */
#define IK_HOLD_TIMER_SECONDS 300

typedef struct ik_diff_input {
	const char *node;		/* NODE of NODE=FILE, or the path */
	const char *file;		/* "path", or "path:member" */
	const char *member;		/* inside an archive (into file), or NULL */
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

/* ---- helpers shared by the analyses --------------------------------------- */

/* 1-based index of the first record with this SHA-1 (and role, or -1 any). */
size_t ik_itl_find_sha1(const ik_itl *itl, const uint8_t sha1[20], int fn);
/* 1-based index of the (first) ITLRECOVERY record, or 0. */
size_t ik_itl_recovery_record(const ik_itl *itl);
/* The CN of a CUCM-style name ("CN=x;OU=.."), copied into buf, printable. */
void ik_name_cn(const char *name, char *buf, size_t n);

#endif /* IK_TRUST_H */
