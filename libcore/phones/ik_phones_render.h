/*
 * ik_phones_render.h: layer phones, rendering.  One phone's row as JSON,
 * CSV (RFC 4180) and text; the summary of a run as JSON and text.
 */
#ifndef IK_PHONES_RENDER_H
#define IK_PHONES_RENDER_H

#include <jansson.h>

#include "ik_phones.h"
#include "ik_report.h"

json_t *ik_phone_json(const ik_phones *db, const ik_phone *p,
    const ik_phone_verdict *v);
/* One CSV row (RFC 4180 quoting) and its header. */
void ik_phone_csv_header(ik_sb *sb);
void ik_phone_csv(ik_sb *sb, const ik_phones *db, const ik_phone *p,
    const ik_phone_verdict *v);
void ik_phone_text_header(ik_sb *sb);
/*
 * The reasons a table has said in full, with the phone that said each
 * (borrowed: they must outlive the table), so that the same reason under
 * another phone points back to it.  Zero it before the first row.
 */
#define IK_PHONE_SAID	16
typedef struct ik_phone_said {
	const char *reason[IK_PHONE_SAID];
	const char *device[IK_PHONE_SAID];
	size_t n;
} ik_phone_said;

/*
 * A table row (t: colour of the status, width of the lines under it;
 * said: the reasons said above, or NULL to say each in full).
 */
void ik_phone_text(ik_sb *sb, const ik_phone *p, const ik_phone_verdict *v,
    const ik_text_opts *t, ik_phone_said *said);

/*
 * The summary that follows the rows: counts (counts[s] phones of status s,
 * IK_PS_COUNT of them), inputs read, skipped lines, findings; the JSON adds
 * the trust lists given (itls) and a status (ok: every phone current and
 * no finding of warning level or worse).
 */
void ik_phones_summary_text(ik_sb *sb, const ik_phones *db,
    const size_t *counts, const ik_findings *f, const ik_text_opts *t);
/*
 * The answer first, one line: "itl-phones: 135 phones, 90 current; a bulk
 * ITL reset reaches 120 of 135 phones; 15 need the ITL deleted by hand
 * (CSV_HINT)".  A reset reaches current, stale-recoverable and
 * not-installed phones; by_hand counts those whose remedy is delete-itl;
 * the rest cannot be told.  csv_hint says where the list is ("list with
 * --csv", in the caller's words).
 */
void ik_phones_verdict_text(ik_sb *sb, const ik_phones *db,
    const size_t *counts, size_t by_hand, const char *csv_hint,
    const ik_text_opts *t);
json_t *ik_phones_summary_json(const ik_phones *db, const size_t *counts,
    const ik_phone_itl *itls, size_t nitls, const ik_findings *f);

#endif /* IK_PHONES_RENDER_H */
