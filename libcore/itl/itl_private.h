/*
 * itl_private.h: shared between the itl_*.c files only.
 * Layer: itl.
 */
#ifndef ITL_PRIVATE_H
#define ITL_PRIVATE_H

#include "ik_itl.h"

char *ik_itl_strdup_val(ik_itl *itl, uint8_t tag, const uint8_t *v,
    size_t n, size_t off);
/* Frees what a record owns (not the record itself). */
void ik_itl_record_release(ik_itl_record *r);
/* Compares two unsigned big-endian magnitudes, ignoring leading zeros. */
bool ik_itl_serial_eq(const uint8_t *a, size_t alen, const uint8_t *b,
    size_t blen);

#endif /* ITL_PRIVATE_H */
