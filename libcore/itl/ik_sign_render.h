/*
 * ik_sign_render.h: layer itl, rendering.  The report of a re-sign or a
 * build (DESIGN.md section 4, itl-sign) as its JSON object and as text.
 */
#ifndef IK_SIGN_RENDER_H
#define IK_SIGN_RENDER_H

#include <jansson.h>

#include "ik_base.h"
#include "ik_sign.h"
#include "ik_report.h"

typedef struct ik_sign_render_opts {
	const char *tool;		/* "itl-sign" */
	const char *input;		/* the input path as given; NULL: built */
	const uint8_t *input_sha256;	/* of the input, or NULL */
	long long input_size;		/* -1 without an input */
	const char *output;		/* the output path as given */
	const ik_text_opts *text;	/* brief, colour, width; or NULL */
} ik_sign_render_opts;

/* "ok", "findings" (written, with warnings) or "refused" (nothing written). */
const char *ik_sign_status(const ik_sign_result *r);

/*
 * {tool, file, sha256, size, output, output_sha256, signer {name, serial,
 * record}, digest, header_length, records, status, findings}; output and
 * output_sha256 are null unless written, the rest null unless the output
 * parsed.  NULL when memory ran out.
 */
json_t *ik_sign_json(const ik_sign_result *r, const ik_sign_render_opts *o);

/*
 * "IN -> OUT: signed by NAME (record N), DIGEST, header H, N records" or
 * "IN: refused, nothing written", with the count of errors and warnings;
 * then, unless brief, the findings indented.
 */
void ik_sign_text(ik_sb *sb, const ik_sign_result *r,
    const ik_sign_render_opts *o);

#endif /* IK_SIGN_RENDER_H */
