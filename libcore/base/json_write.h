/*
 * json_write.h: a JSON line written the way jansson writes it, faster.
 * Layer: base.
 */
#ifndef JSON_WRITE_H
#define JSON_WRITE_H

#include <string.h>

#include <jansson.h>

#include "ik_base.h"

/*
 * Appends obj to sb exactly as json_dump_callback(obj, ..., IK_JSON_FLAGS)
 * appends it (the same bytes, and on a failure the same partial bytes).
 * Returns 0, or -1 where jansson returns -1 (memory, a string that is
 * not UTF-8, a root that is neither an object nor an array).
 */
int ik_json_write(ik_sb *sb, const json_t *obj);

/*
 * One JSON string of n bytes as jansson writes it: false, with what fitted
 * written, for bytes that are not UTF-8 (jansson would refuse them).
 */
bool ik_json_write_str(ik_sb *sb, const char *s, size_t n);
/* One integer as jansson writes it; its text into d[24], the length. */
void ik_json_write_int(ik_sb *sb, long long v);
size_t ik_json_int_text(char *d, long long v);

/*
 * ik_sb_add, with the common case (a few bytes into room already there)
 * inline: the writers append a token at a time.
 */
static inline void
ik_json_put(ik_sb *sb, const char *s, size_t n)
{
	if (sb->cap - sb->len > n && !sb->oom) {
		memcpy(sb->s + sb->len, s, n);
		sb->len += n;
		sb->s[sb->len] = '\0';
	} else
		ik_sb_add(sb, s, n);
}

/* jansson's own writer, through the same buffer: the reference. */
int ik_json_write_jansson(ik_sb *sb, const json_t *obj);

#endif /* JSON_WRITE_H */
