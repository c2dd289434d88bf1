/*
 * fe_hint.h: a tool's own wording on a job's findings.  libcore never
 * names a command-line option; where an option would lift a refusal, the
 * finding's code says which, and the tool adds the words that name it.
 */
#ifndef FE_HINT_H
#define FE_HINT_H

#include "ik_jobs.h"

typedef struct fe_hint {
	ik_code code;			/* of the error findings to word */
	bool replace;			/* text is the message, else appended */
	const char *text;
} fe_hint;

/*
 * Words every error finding with h->code in res: in its JSON lines, and
 * in its text lines as ik_findings_text wrote them after pfx.
 */
void fe_hint_apply(ik_job_result *res, const fe_hint *h, const char *pfx);

#endif /* FE_HINT_H */
