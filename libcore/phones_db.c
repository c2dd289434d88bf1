/*
 * phones_db.c: phones by device name and their verdicts.  Logs hold many
 * reports per phone; the table keeps one entry per phone (the latest
 * report wins), so memory follows the number of phones.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ik_analysis.h"

void
ik_phones_init(ik_phones *db)
{
	memset(db, 0, sizeof(*db));
}

void
ik_phones_free(ik_phones *db)
{
	size_t i;

	for (i = 0; i < db->n; i++)
		free(db->v[i].device);
	for (i = 0; i < db->nsrc; i++)
		free(db->src[i].path);
	for (i = 0; i < db->nnames; i++)
		free(db->names[i]);
	free(db->names);
	free(db->v);
	free(db->tab);
	free(db->src);
	memset(db, 0, sizeof(*db));
}

/* FNV-1a: device names are short and already well spread. */
static uint32_t
hash_name(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s != '\0')
		h = (h ^ (uint8_t)*s++) * 16777619u;
	return h;
}

static int
rehash(ik_phones *db, size_t ncap)
{
	uint32_t *t = calloc(ncap, sizeof(*t));
	size_t i, j;

	if (t == NULL)
		return -1;
	for (i = 0; i < db->n; i++) {
		j = hash_name(db->v[i].device) & (ncap - 1);
		while (t[j] != 0)
			j = (j + 1) & (ncap - 1);
		t[j] = (uint32_t)(i + 1);
	}
	free(db->tab);
	db->tab = t;
	db->tabcap = ncap;
	return 0;
}

static ik_phone *
lookup(ik_phones *db, const char *device)
{
	size_t j;
	ik_phone *p;

	if (db->tabcap == 0)
		return NULL;
	j = hash_name(device) & (db->tabcap - 1);
	while (db->tab[j] != 0) {
		p = &db->v[db->tab[j] - 1];
		if (strcmp(p->device, device) == 0)
			return p;
		j = (j + 1) & (db->tabcap - 1);
	}
	return NULL;
}

static ik_phone *
insert(ik_phones *db, const char *device)
{
	ik_phone *p;
	size_t j;

	if (db->n >= UINT32_MAX - 1)
		return NULL;
	if ((db->n + 1) * 2 > db->tabcap &&
	    rehash(db, db->tabcap ? db->tabcap * 2 : 1024) != 0)
		return NULL;
	if (db->n == db->cap) {
		size_t ncap = db->cap ? db->cap * 2 : 256;

		p = realloc(db->v, ncap * sizeof(*p));
		if (p == NULL)
			return NULL;
		db->v = p;
		db->cap = ncap;
	}
	p = &db->v[db->n];
	memset(p, 0, sizeof(*p));
	p->tftp = "";
	p->device = strdup(device);
	if (p->device == NULL)
		return NULL;
	j = hash_name(device) & (db->tabcap - 1);
	while (db->tab[j] != 0)
		j = (j + 1) & (db->tabcap - 1);
	db->tab[j] = (uint32_t)(++db->n);
	return p;
}

/*
 * A cluster has a handful of TFTP servers: phones point at one shared
 * copy of each name.  Past 1024 names the search stops (the names are
 * still kept, just not shared), so hostile logs cannot make it quadratic.
 */
static const char *
intern(ik_phones *db, const char *s)
{
	size_t i;
	char **v;

	if (s[0] == '\0')
		return "";
	for (i = db->nnames; i > 0 && db->nnames - i < 1024; i--)
		if (strcmp(db->names[i - 1], s) == 0)
			return db->names[i - 1];
	if (db->nnames == db->names_cap) {
		size_t ncap = db->names_cap ? db->names_cap * 2 : 16;

		v = realloc(db->names, ncap * sizeof(*v));
		if (v == NULL)
			return NULL;
		db->names = v;
		db->names_cap = ncap;
	}
	db->names[db->nnames] = strdup(s);
	if (db->names[db->nnames] == NULL)
		return NULL;
	return db->names[db->nnames++];
}

int
ik_phones_add(ik_phones *db, const ik_phone_report *r, uint16_t source)
{
	const char *tftp;

	ik_phone *p = lookup(db, r->device);

	db->events++;
	if (source < db->nsrc)
		db->src[source].events++;
	if (p == NULL && (p = insert(db, r->device)) == NULL)
		return -1;
	p->reports++;
	/* The latest report wins; without times, the later one in the input. */
	if (p->reports > 1 && p->has_when && r->has_when &&
	    r->when < p->last_seen)
		return 0;
	tftp = p->tftp != NULL && strcmp(p->tftp, r->tftp) == 0 ? p->tftp :
	    intern(db, r->tftp);
	if (tftp == NULL)
		return -1;
	memcpy(p->ip, r->ip, strnlen(r->ip, sizeof(p->ip) - 1) + 1);
	p->ip[sizeof(p->ip) - 1] = '\0';
	p->tftp = tftp;
	memcpy(p->hash, r->hash, sizeof(p->hash));
	p->alg = (uint8_t)r->alg;
	p->list_status = (uint8_t)r->list_status;
	p->not_installed = r->not_installed;
	p->source = source;
	if (r->has_when) {
		p->has_when = true;
		p->last_seen = r->when;
	}
	return 0;
}

void
ik_phones_skip(ik_phones *db, uint16_t source, size_t line,
    const char *reason)
{
	ik_skipped *k;

	db->skipped++;
	if (source < db->nsrc)
		db->src[source].skipped++;
	if (db->nkept >= IK_SKIPPED_KEEP)
		return;
	k = &db->kept[db->nkept++];
	k->source = source;
	k->line = line;
	snprintf(k->reason, sizeof(k->reason), "%s", reason);
}

static const ik_phones *sort_db;

static int
cmp_device(const void *a, const void *b)
{
	return strcmp(sort_db->v[*(const size_t *)a].device,
	    sort_db->v[*(const size_t *)b].device);
}

size_t *
ik_phones_sorted(const ik_phones *db)
{
	size_t *ix = malloc((db->n ? db->n : 1) * sizeof(*ix)), i;

	if (ix == NULL)
		return NULL;
	for (i = 0; i < db->n; i++)
		ix[i] = i;
	sort_db = db;
	qsort(ix, db->n, sizeof(*ix), cmp_device);
	sort_db = NULL;
	return ix;
}

const char *
ik_phone_status_name(ik_phone_status s)
{
	static const char *const n[IK_PS_COUNT] = { "current",
		"stale-recoverable", "stale-unrecoverable", "unknown",
		"not-installed" };

	return s < IK_PS_COUNT ? n[s] : "unknown";
}

bool
ik_phone_itls_recovery(const ik_phone_itl *itls, size_t n, uint8_t sha1[20])
{
	size_t i, k;

	for (i = 0; i < n; i++) {
		if (!itls[i].current)
			continue;
		k = ik_itl_recovery_record(itls[i].itl);
		if (k != 0 && itls[i].itl->recs[k - 1].has_cert_sha1) {
			memcpy(sha1, itls[i].itl->recs[k - 1].cert_sha1, 20);
			return true;
		}
	}
	return false;
}

static bool
hash_is(const ik_phone *p, const ik_itl *itl)
{
	if (p->alg == IK_HASH_SHA1)
		return itl->has_sha1 && memcmp(itl->sha1, p->hash, 20) == 0;
	if (p->alg == IK_HASH_MD5)
		return itl->has_md5 && memcmp(itl->md5, p->hash, 16) == 0;
	return false;
}

void
ik_phone_judge(const ik_phone *p, const ik_phone_itl *itls, size_t n,
    ik_phone_verdict *out)
{
	uint8_t rec[20];
	bool has_rec = ik_phone_itls_recovery(itls, n, rec);
	size_t i, k;
	int pass;

	out->matched = NULL;
	out->has_itl_recovery = -1;
	if (p->not_installed || p->list_status == IK_LS_NOT_INSTALLED) {
		out->status = IK_PS_NOT_INSTALLED;
		return;
	}
	/* Current files first: a file served now and before is current. */
	for (pass = 0; pass < 2 && p->alg != IK_HASH_NONE; pass++) {
		for (i = 0; i < n; i++) {
			if (itls[i].current != (pass == 0) ||
			    !hash_is(p, itls[i].itl))
				continue;
			out->matched = &itls[i];
			k = ik_itl_recovery_record(itls[i].itl);
			/* Recoverable means: this cluster's recovery key reaches it. */
			out->has_itl_recovery = k != 0 && (!has_rec ||
			    memcmp(itls[i].itl->recs[k - 1].cert_sha1, rec,
			    20) == 0);
			if (pass == 0)
				out->status = IK_PS_CURRENT;
			else
				out->status = out->has_itl_recovery ?
				    IK_PS_STALE_RECOVERABLE :
				    IK_PS_STALE_UNRECOVERABLE;
			return;
		}
	}
	out->status = p->alg == IK_HASH_NONE && p->list_status == IK_LS_MATCH ?
	    IK_PS_CURRENT : IK_PS_UNKNOWN;
}
