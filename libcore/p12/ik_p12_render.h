/*
 * ik_p12_render.h: layer p12, rendering.  A p12-check report as JSON and
 * text.
 */
#ifndef IK_P12_RENDER_H
#define IK_P12_RENDER_H

#include <jansson.h>

#include "ik_p12.h"
#include "ik_report.h"

typedef struct ik_p12_render_opts {
	const char *tool;		/* "p12-check" */
	const char *path;
	const uint8_t *input_sha256;
	long long input_size;
	const ik_text_opts *text;	/* brief, colour, width; or NULL */
} ik_p12_render_opts;

/* The p12-check object of DESIGN.md section 4. */
json_t *ik_p12_json(const ik_p12 *p, const ik_p12_render_opts *o);
/*
 * The verdict line, then (unless brief) a short human report followed by
 * the findings.
 */
void ik_p12_text(ik_sb *sb, const ik_p12 *p, const ik_p12_render_opts *o);

#endif /* IK_P12_RENDER_H */
