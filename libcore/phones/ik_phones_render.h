/*
 * ik_phones_render.h: layer phones, rendering.  One phone's row as JSON,
 * CSV (RFC 4180) and text.
 */
#ifndef IK_PHONES_RENDER_H
#define IK_PHONES_RENDER_H

#include <jansson.h>

#include "ik_phones.h"

json_t *ik_phone_json(const ik_phones *db, const ik_phone *p,
    const ik_phone_verdict *v);
/* One CSV row (RFC 4180 quoting) and its header. */
void ik_phone_csv_header(ik_sb *sb);
void ik_phone_csv(ik_sb *sb, const ik_phones *db, const ik_phone *p,
    const ik_phone_verdict *v);
void ik_phone_text_header(ik_sb *sb);
void ik_phone_text(ik_sb *sb, const ik_phone *p, const ik_phone_verdict *v);

#endif /* IK_PHONES_RENDER_H */
