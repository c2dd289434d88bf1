/*
 * json_write.h: a JSON line written the way jansson writes it, faster.
 * Layer: base.
 */
#ifndef JSON_WRITE_H
#define JSON_WRITE_H

#include <jansson.h>

#include "ik_base.h"

/*
 * Appends obj to sb exactly as json_dump_callback(obj, ..., IK_JSON_FLAGS)
 * appends it (the same bytes, and on a failure the same partial bytes).
 * Returns 0, or -1 where jansson returns -1 (memory, a string that is
 * not UTF-8, a root that is neither an object nor an array).
 */
int ik_json_write(ik_sb *sb, const json_t *obj);

/* jansson's own writer, through the same buffer: the reference. */
int ik_json_write_jansson(ik_sb *sb, const json_t *obj);

#endif /* JSON_WRITE_H */
