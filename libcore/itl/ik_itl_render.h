/*
 * ik_itl_render.h: layer itl, rendering.  Trust lists, trust-engine
 * answers and diffs as JSON objects (DESIGN.md) and text.
 */
#ifndef IK_ITL_RENDER_H
#define IK_ITL_RENDER_H

#include <jansson.h>

#include "ik_base.h"
#include "ik_report.h"
#include "ik_itl.h"
#include "ik_trust.h"

typedef struct ik_itl_render_opts {
	const char *tool;		/* "itl-show" */
	const char *path;		/* input path as given */
	const uint8_t *input_sha256;	/* of the input file */
	long long input_size;
	time_t at;
	const ik_text_opts *text;	/* brief, colour, width; or NULL */
} ik_itl_render_opts;

/* A serial number as "6B:A5:..": upper-case hex, colons; null for NULL. */
json_t *ik_itl_serial_json(const uint8_t *s, size_t n);

/* The JSON object of DESIGN.md section 3 (itl-show). */
json_t *ik_itl_json(const ik_itl *itl, const ik_itl_render_opts *o);
/*
 * The same report through w (objects or bytes, ik_jw), with "member"
 * after "file" when member is not NULL (an archive's member).
 */
void ik_itl_jw(ik_jw *w, const ik_itl *itl, const ik_itl_render_opts *o,
    const char *member);
/*
 * The verdict line ("pub.tlv: ITL, signature valid, 6 records, signed by
 * ITLRECOVERY_pub (record 5); 1 warning"), then, unless brief, CUCM's
 * `show itl` layout followed by itlkit's summary and the findings.
 */
void ik_itl_text(ik_sb *sb, const ik_itl *itl, const ik_itl_render_opts *o);
/*
 * CSV: the header row, and one row per record (RFC 4180, ik_sb_csv_cell),
 * each naming the file (o->path), its signature state and status.
 */
void ik_itl_csv_header(ik_sb *sb);
void ik_itl_csv(ik_sb *sb, const ik_itl *itl, const ik_itl_render_opts *o);

/*
 * {verdict, path, condition, deciding_records[], reason, remedy,
 * remedy_text}.
 */
json_t *ik_trust_json(const ik_trust_result *r);

/* Text lines "verdict: ..", "path: ..", ... each prefixed by pfx. */
void ik_trust_text(ik_sb *sb, const ik_trust_result *r, const char *pfx);

/* One side of an itl-trust report: an installed list or the candidate. */
typedef struct ik_trust_side {
	const char *name;		/* NAME of NAME=FILE, or NULL */
	const char *path;		/* as given */
	const ik_itl *itl;		/* NULL: nothing installed (none) */
	const uint8_t *sha256;		/* of the file read */
	long long size;
} ik_trust_side;

/*
 * The itl-trust report of one installed list against the candidate: the
 * JSON object of DESIGN.md section 4 (the trust answer with both inputs'
 * chain of custody, the candidate's findings, a status), and its text.
 */
json_t *ik_trust_report_json(const ik_trust_side *inst,
    const ik_trust_side *cand, const ik_trust_result *r);
/*
 * The verdict line ("pub (cluster/pub.tlv) -> new.tlv: depends, path tvs,
 * remedy resign-itl-recovery; 1 error"), then unless t->brief the
 * details, long lines wrapped to t's width.  t may be NULL.
 */
void ik_trust_report_text(ik_sb *sb, const ik_trust_side *inst,
    const ik_trust_side *cand, const ik_trust_result *r,
    const ik_text_opts *t);

/* The one JSON object of DESIGN.md section 4. */
json_t *ik_diff_json(const ik_diff *d);
/*
 * The verdict line ("itl-diff: 2 nodes, ITLRECOVERY consistent, TVS
 * consistent, CAPF consistent (as of ...); 1 error"), then unless t->brief
 * the per-node table, the checks, changes and findings.  t may be NULL.
 */
void ik_diff_text(ik_sb *sb, const ik_diff *d, const ik_text_opts *t);
/* CSV: the header row, and the per-node table, one row per node. */
void ik_diff_csv_header(ik_sb *sb);
void ik_diff_csv(ik_sb *sb, const ik_diff *d);

#endif /* IK_ITL_RENDER_H */
