/*
 * diff_private.h: shared between the diff_*.c files only.
 */
#ifndef DIFF_PRIVATE_H
#define DIFF_PRIVATE_H

#include "ik_analysis.h"

int ik_diff_add_missing(ik_diff *d, size_t node, const char *cn,
    const uint8_t *sha1);
/* Hold-timer risk: notBefore within five minutes, or both changed. */
void ik_diff_hold_timer(ik_diff *d);
/* Two versions: changes per role and the trust verdict; -1 on memory. */
int ik_diff_versions(ik_diff *d);

#endif /* DIFF_PRIVATE_H */
