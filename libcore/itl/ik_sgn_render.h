/*
 * ik_sgn_render.h: layer itl, rendering.  A signed file's report (the
 * header, the payload, and the answer for each trust list given) as the
 * JSON object sgn-check prints and as text.
 */
#ifndef IK_SGN_RENDER_H
#define IK_SGN_RENDER_H

#include <jansson.h>

#include "ik_report.h"
#include "ik_sgn.h"

/* The answer for one trust list, and how the report names that list. */
typedef struct ik_sgn_answer {
	const char *itl;		/* the path as given */
	ik_sgn_check check;
} ik_sgn_answer;

typedef struct ik_sgn_render_opts {
	const char *tool;		/* "sgn-check" */
	const char *path;		/* input path as given */
	const uint8_t *input_sha256;
	long long input_size;
	const ik_sgn_answer *answers;	/* one per trust list; none: unknown */
	size_t nanswers;
	const char *extracted;		/* where the payload was written, or NULL */
	/* The decrypted payload of an encrypted file, or NULL. */
	const uint8_t *plain;
	size_t plain_len;
	/* Text: --brief, colour (NULL: the full report, plain). */
	const ik_text_opts *text;
} ik_sgn_render_opts;

/* accept when every list accepts, reject when one rejects, else unknown. */
ik_sgn_verdict ik_sgn_overall(const ik_sgn_render_opts *o);
json_t *ik_sgn_json(const ik_sgn *s, const ik_sgn_render_opts *o);
void ik_sgn_text(ik_sb *sb, const ik_sgn *s, const ik_sgn_render_opts *o);

#endif /* IK_SGN_RENDER_H */
