/*
 * diff_private.h: shared between the diff_*.c files only.
 * Layer: itl.
 */
#ifndef DIFF_PRIVATE_H
#define DIFF_PRIVATE_H

#include <limits.h>

#include "ik_trust.h"

/*
 * Records by certificate SHA-1 and role (diff_index.c): what
 * ik_itl_find_sha1 answers, in O(log n).  Only records with a SHA-1.
 */
typedef struct ik_sha_entry {
	const uint8_t *sha1;
	int fn;
	size_t rec;		/* 1-based */
	size_t any;		/* first entry of a SHA-1 run: its lowest rec */
} ik_sha_entry;

typedef struct ik_sha_index {
	ik_sha_entry *v;
	size_t n;
} ik_sha_index;

int ik_sha_index_build(ik_sha_index *x, const ik_itl *itl);
/* As ik_itl_find_sha1: the first record with sha1 in role fn (any if < 0). */
size_t ik_sha_index_find(const ik_sha_index *x, const uint8_t sha1[20],
    int fn);
void ik_sha_index_free(ik_sha_index *x);

/* A subject's CN in lower case, as the diff compares host names. */
#define IK_CN_KEY	96
void ik_cn_key(const char *subject, char key[IK_CN_KEY]);

/*
 * Records by role and CN, sorted by (role, CN, record): the records keep()
 * accepts and whose CN is not empty.
 */
typedef struct ik_cn_entry {
	int fn;
	char cn[IK_CN_KEY];
	size_t rec;		/* 1-based */
} ik_cn_entry;

typedef struct ik_cn_index {
	ik_cn_entry *v;
	size_t n;
} ik_cn_index;

int ik_cn_index_build(ik_cn_index *x, const ik_itl *itl,
    bool (*keep)(const ik_itl_record *, const void *), const void *ctx);
/* Position of the first entry of (fn, cn), or where it would be. */
size_t ik_cn_index_first(const ik_cn_index *x, int fn, const char *cn);
/* Whether entry i is one of (fn, cn). */
bool ik_cn_index_at(const ik_cn_index *x, size_t i, int fn, const char *cn);
void ik_cn_index_free(ik_cn_index *x);

int ik_diff_add_missing(ik_diff *d, size_t node, const char *cn,
    const uint8_t *sha1);
/*
 * Hold-timer risk: notBefore within five minutes, or both changed.  xs:
 * one index per input.  -1 on memory.
 */
int ik_diff_hold_timer(ik_diff *d, const ik_sha_index *xs);
/* Two versions: changes per role and the trust verdict; -1 on memory. */
int ik_diff_versions(ik_diff *d, const ik_sha_index *xs);

#endif /* DIFF_PRIVATE_H */
