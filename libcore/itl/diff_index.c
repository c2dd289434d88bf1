/*
 * diff_index.c: the records of a trust list sorted by certificate SHA-1
 * and role, and by role and host name, so that itl-diff matches records
 * in O(n log n) rather than by a scan per record (a 100,000-record pair
 * took minutes).  Sorted arrays rather than hash tables: the keys are
 * chosen by whoever wrote the file, and a sort cannot be made to
 * degenerate by colliding keys.
 * Layer: itl.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diff_private.h"

static int
sha_cmp(const void *pa, const void *pb)
{
	const ik_sha_entry *a = pa, *b = pb;
	int c = memcmp(a->sha1, b->sha1, 20);

	if (c != 0)
		return c;
	if (a->fn != b->fn)
		return a->fn < b->fn ? -1 : 1;
	return a->rec < b->rec ? -1 : a->rec > b->rec;
}

int
ik_sha_index_build(ik_sha_index *x, const ik_itl *itl)
{
	size_t i, k, n = 0, run = 0;

	x->v = calloc(itl->nrec ? itl->nrec : 1, sizeof(*x->v));
	x->n = 0;
	if (x->v == NULL)
		return -1;
	for (i = 0; i < itl->nrec; i++) {
		if (!itl->recs[i].has_cert_sha1)
			continue;
		x->v[n].sha1 = itl->recs[i].cert_sha1;
		x->v[n].fn = itl->recs[i].function;
		x->v[n].rec = i + 1;
		n++;
	}
	qsort(x->v, n, sizeof(*x->v), sha_cmp);
	/* Each run of one SHA-1 learns the first record of any role. */
	for (i = 1; n > 0 && i <= n; i++) {
		if (i < n && memcmp(x->v[i].sha1, x->v[run].sha1, 20) == 0)
			continue;
		x->v[run].any = x->v[run].rec;
		for (k = run + 1; k < i; k++)
			if (x->v[k].rec < x->v[run].any)
				x->v[run].any = x->v[k].rec;
		run = i;
	}
	x->n = n;
	return 0;
}

/* First entry not less than (sha1, fn): fn INT_MIN is the run's start. */
static size_t
lower_bound(const ik_sha_index *x, const uint8_t *sha1, int fn)
{
	size_t lo = 0, hi = x->n, mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = memcmp(x->v[mid].sha1, sha1, 20);
		if (c < 0 || (c == 0 && x->v[mid].fn < fn))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

size_t
ik_sha_index_find(const ik_sha_index *x, const uint8_t sha1[20], int fn)
{
	size_t i;

	i = lower_bound(x, sha1, fn < 0 ? INT_MIN : fn);
	if (i == x->n || memcmp(x->v[i].sha1, sha1, 20) != 0)
		return 0;
	if (fn < 0)
		return x->v[i].any;
	return x->v[i].fn == fn ? x->v[i].rec : 0;
}

void
ik_sha_index_free(ik_sha_index *x)
{
	free(x->v);
	x->v = NULL;
	x->n = 0;
}

void
ik_cn_key(const char *subject, char key[IK_CN_KEY])
{
	size_t i;

	ik_name_cn(subject, key, IK_CN_KEY);
	/* Host names compare without case (strcasecmp, C locale). */
	for (i = 0; key[i] != '\0'; i++)
		key[i] = (char)tolower((unsigned char)key[i]);
}

static int
cn_cmp(const void *pa, const void *pb)
{
	const ik_cn_entry *a = pa, *b = pb;
	int c;

	if (a->fn != b->fn)
		return a->fn < b->fn ? -1 : 1;
	c = strcmp(a->cn, b->cn);
	if (c != 0)
		return c;
	return a->rec < b->rec ? -1 : a->rec > b->rec;
}

int
ik_cn_index_build(ik_cn_index *x, const ik_itl *itl,
    bool (*keep)(const ik_itl_record *, const void *), const void *ctx)
{
	size_t i, n = 0;

	x->v = calloc(itl->nrec ? itl->nrec : 1, sizeof(*x->v));
	x->n = 0;
	if (x->v == NULL)
		return -1;
	for (i = 0; i < itl->nrec; i++) {
		if (!keep(&itl->recs[i], ctx))
			continue;
		ik_cn_key(itl->recs[i].subject, x->v[n].cn);
		if (x->v[n].cn[0] == '\0')
			continue;	/* an empty CN matches nothing */
		x->v[n].fn = itl->recs[i].function;
		x->v[n].rec = i + 1;
		n++;
	}
	qsort(x->v, n, sizeof(*x->v), cn_cmp);
	x->n = n;
	return 0;
}

size_t
ik_cn_index_first(const ik_cn_index *x, int fn, const char *cn)
{
	size_t lo = 0, hi = x->n, mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = x->v[mid].fn != fn ? (x->v[mid].fn < fn ? -1 : 1) :
		    strcmp(x->v[mid].cn, cn);
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

bool
ik_cn_index_at(const ik_cn_index *x, size_t i, int fn, const char *cn)
{
	return i < x->n && x->v[i].fn == fn && strcmp(x->v[i].cn, cn) == 0;
}

void
ik_cn_index_free(ik_cn_index *x)
{
	free(x->v);
	x->v = NULL;
	x->n = 0;
}
