/*
 * ik_drs_render.h: layer drs, rendering.  A set report and a batch summary
 * as JSON and text.
 */
#ifndef IK_DRS_RENDER_H
#define IK_DRS_RENDER_H

#include <jansson.h>

#include "ik_drs.h"

json_t *ik_drs_summary_json(const ik_drs_summary *s, const char *tool);
void ik_drs_summary_text(ik_sb *sb, const ik_drs_summary *s);

json_t *ik_drs_report_json(const ik_drs_report *r, const char *tool,
    bool with_password);
void ik_drs_report_text(ik_sb *sb, const ik_drs_report *r, bool with_password);

#endif /* IK_DRS_RENDER_H */
