/*
 * ik_drs_render.h: layer drs, rendering.  A set report, a batch summary
 * and the reports of extraction and re-keying, as JSON and text.
 */
#ifndef IK_DRS_RENDER_H
#define IK_DRS_RENDER_H

#include <jansson.h>

#include "ik_drs.h"
#include "ik_report.h"

json_t *ik_drs_summary_json(const ik_drs_summary *s, const char *tool);
void ik_drs_summary_text(ik_sb *sb, const ik_drs_summary *s,
    const ik_text_opts *t);

json_t *ik_drs_report_json(const ik_drs_report *r, const char *tool,
    bool with_password);
/*
 * The verdict line ("SET: ok, 4 components, password verified; 2
 * warnings"), then unless t->brief the set's details and findings.  t may
 * be NULL.
 */
void ik_drs_report_text(ik_sb *sb, const ik_drs_report *r, bool with_password,
    const ik_text_opts *t);
/*
 * CSV (RFC 4180, ik_sb_csv_cell): the header row, and one row per
 * component of a set, each naming the set and its status.
 */
void ik_drs_csv_header(ik_sb *sb);
void ik_drs_report_csv(ik_sb *sb, const ik_drs_report *r);

/* drs-extract's report: the set, the output folder, what was extracted
 * and refused, the extraction's status and findings. */
json_t *ik_drs_extract_json(const ik_drs_report *r,
    const ik_drs_extract_result *res, const char *out_dir, const char *tool);
void ik_drs_extract_text(ik_sb *sb, const ik_drs_report *r,
    const ik_drs_extract_result *res, const char *out_dir,
    const ik_text_opts *t);

/* drs-rekey's report: the set, the new manifest written to out (its
 * SHA-256), the scheme and the number of components re-keyed. */
json_t *ik_drs_rekey_json(const ik_drs_report *r, const char *out,
    const uint8_t out_sha256[32], const char *tool);
void ik_drs_rekey_text(ik_sb *sb, const ik_drs_report *r, const char *out,
    const ik_text_opts *t);

/* drs-platform's report of one file: the values a rebuild needs, secrets
 * only as "present"; its status "ok" or "incomplete".  The text's first
 * line is the verdict (all of it with t->brief). */
const char *ik_drs_platform_status(const ik_drs_platform *pl);
json_t *ik_drs_platform_json(const ik_drs_platform *pl, const char *tool,
    const char *path, const uint8_t sha256[32], long long size);
void ik_drs_platform_text(ik_sb *sb, const ik_drs_platform *pl,
    const char *path, const ik_text_opts *t);
/* The text of a file that is not XML one can read: "PATH: malformed;
 * 1 error", then (not brief) the findings. */
void ik_drs_platform_malformed_text(ik_sb *sb, const char *path,
    const ik_findings *f, const ik_text_opts *t);

#endif /* IK_DRS_RENDER_H */
