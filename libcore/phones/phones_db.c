/*
 * phones_db.c: phones by device name and their verdicts.  Logs hold many
 * reports per phone; the table keeps one entry per phone (the latest
 * report wins), so memory follows the number of phones.
 * Layer: phones.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <time.h>

#include "ik_phones.h"

void
ik_phones_init(ik_phones *db)
{
	memset(db, 0, sizeof(*db));
}

void
ik_phones_free(ik_phones *db)
{
	size_t i;

	for (i = 0; i < db->nsrc; i++) {
		free(db->src[i].path);
		free(db->src[i].file);
	}
	for (i = 0; i < db->nnames; i++)
		free(db->names[i]);
	free(db->names);
	free(db->v);
	free(db->tab);
	free(db->src);
	memset(db, 0, sizeof(*db));
}

static inline uint64_t
word(const char *p)
{
	uint64_t w;

	memcpy(&w, p, sizeof(w));
	return w;
}

/*
 * The name hash starts from a value drawn once per process: device names
 * come from the customer's logs, and names chosen to share a table slot
 * would turn every lookup into a walk of one long cluster.  Each word is
 * xor-ed into a state that already carries the seed and then multiplied,
 * so which names collide depends on the seed, which nothing prints.  The
 * table is never listed in slot order (phones are kept in the order they
 * came), so the seed changes no output.
 */
static uint64_t name_seed;
static pthread_once_t name_seed_once = PTHREAD_ONCE_INIT;

static void
draw_name_seed(void)
{
	uint64_t s;

	if (getrandom(&s, sizeof(s), 0) != (ssize_t)sizeof(s))
		s = (uint64_t)(uintptr_t)&s ^ (uint64_t)time(NULL);
	name_seed = s | 1;
}

void
ik_phones_name_seed(uint64_t seed)
{
	pthread_once(&name_seed_once, draw_name_seed);
	name_seed = seed;
}

/*
 * Device names are short: eight bytes at a time, the last eight read
 * where they end (overlapping the word before), each multiplied in.
 */
static uint32_t
hash_name(const char *s, size_t n)
{
	const uint64_t m = 0x9e3779b97f4a7c15u;
	uint64_t h, w = 0;
	size_t i;

	pthread_once(&name_seed_once, draw_name_seed);
	h = (name_seed ^ n) * m;
	if (n < 8) {
		for (i = 0; i < n; i++)
			w = w << 8 | (uint8_t)s[i];
		h = (h ^ w) * m;
	} else {
		for (i = 0; i + 8 < n; i += 8)
			h = (h ^ word(s + i)) * m;
		h = (h ^ word(s + n - 8)) * m;
	}
	/*
	 * A product's low bits depend only on its factors' low bits, and
	 * names differ in their last bytes, the high bits of a word: the
	 * high half is folded down and mixed again before the table's bits
	 * are taken.
	 */
	h ^= h >> 32;
	h *= m;
	h ^= h >> 29;
	return (uint32_t)h;
}

static int
rehash(ik_phones *db, size_t ncap)
{
	struct ik_phone_slot *t = calloc(ncap, sizeof(*t));
	size_t i, j;

	if (t == NULL)
		return -1;
	/* The slots' hashes: the phones themselves are not read. */
	for (i = 0; i < db->tabcap; i++) {
		if (db->tab[i].ix == 0)
			continue;
		j = db->tab[i].hash & (ncap - 1);
		while (t[j].ix != 0)
			j = (j + 1) & (ncap - 1);
		t[j] = db->tab[i];
	}
	free(db->tab);
	db->tab = t;
	db->tabcap = ncap;
	return 0;
}

/*
 * The name's bytes are compared only in a slot of the same hash, and
 * then without a copy: a NUL-terminated name in the table, n bytes here.
 */
static ik_phone *
lookup(ik_phones *db, const char *device, size_t n, uint32_t h)
{
	size_t j;
	ik_phone *p;

	if (db->tabcap == 0 || n >= sizeof(p->device))
		return NULL;
	j = h & (db->tabcap - 1);
	while (db->tab[j].ix != 0) {
		if (db->tab[j].hash == h) {
			p = &db->v[db->tab[j].ix - 1];
			if (p->device[n] == '\0' &&
			    memcmp(p->device, device, n) == 0)
				return p;
		}
		j = (j + 1) & (db->tabcap - 1);
	}
	return NULL;
}

/* device: NUL-terminated, at most 63 characters (a report's). */
static ik_phone *
insert(ik_phones *db, const char *device, size_t n, uint32_t h)
{
	ik_phone *p;
	size_t j;

	if (db->n >= UINT32_MAX - 1 || n >= sizeof(p->device))
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
	memcpy(p->device, device, n);
	j = h & (db->tabcap - 1);
	while (db->tab[j].ix != 0)
		j = (j + 1) & (db->tabcap - 1);
	db->tab[j].ix = (uint32_t)(++db->n);
	db->tab[j].hash = h;
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

uint32_t
ik_phones_name_hash(const char *device, size_t n)
{
	return hash_name(device, n);
}

void
ik_phones_prefetch(const ik_phones *db, uint32_t h, int stage)
{
	const struct ik_phone_slot *t;
	const ik_phone *p;

	if (db->tabcap == 0)
		return;
	t = &db->tab[h & (db->tabcap - 1)];
	if (stage == 0) {
		__builtin_prefetch(t);
		return;
	}
	/* The first slot only: most names sit in theirs. */
	if (t->ix != 0 && t->hash == h) {
		p = &db->v[t->ix - 1];
		/* The hot fields, wherever the entry's cache lines start. */
		__builtin_prefetch(p);
		__builtin_prefetch(&p->device[0]);
	}
}

ik_phone *
ik_phones_find(ik_phones *db, const char *device, size_t n, uint32_t h)
{
	return lookup(db, device, n, h);
}

/* *j: the number of slots already probed. */
ik_phone *
ik_phones_next_hashed(ik_phones *db, uint32_t h, size_t *j)
{
	size_t k;

	if (db->tabcap == 0)
		return NULL;
	for (; *j < db->tabcap; (*j)++) {
		k = (h + *j) & (db->tabcap - 1);
		if (db->tab[k].ix == 0)
			return NULL;
		if (db->tab[k].hash == h) {
			(*j)++;
			return &db->v[db->tab[k].ix - 1];
		}
	}
	return NULL;
}

/* Counts a report of p; false when an older one than p's (ignored). */
static bool
counted(ik_phones *db, ik_phone *p, bool has_when, time_t when,
    uint16_t source)
{
	db->events++;
	if (source < db->nsrc)
		db->src[source].events++;
	p->reports++;
	/* The latest report wins; without times, the later one in the input. */
	return !(p->reports > 1 && p->has_when && has_when &&
	    when < p->last_seen);
}

void
ik_phones_again(ik_phones *db, ik_phone *p, bool has_when, time_t when,
    uint16_t source)
{
	if (!counted(db, p, has_when, when, source))
		return;
	p->source = source;
	if (has_when) {
		p->has_when = true;
		p->last_seen = when;
	}
}

/*
 * The fingerprint of a span: NH of the UMAC paper (Black, Halevi,
 * Krawczyk, Krovetz, Rogaway, CRYPTO 1999) on 64-bit words, the 128-bit
 * sum of (m[2i] + k[2i] mod 2^64) * (m[2i+1] + k[2i+1] mod 2^64) over the
 * span's words (zero-padded to 16 bytes).  NH on w-bit words is
 * 2^-w-almost-universal on strings of equal length (the length is
 * compared first): for two different spans and a key drawn at random
 * after they were written, the fingerprints are equal with probability at
 * most 2^-64.  A log is written before the run draws its key and nothing
 * of the key comes out, so over R repeated reports the chance that any
 * changed report is taken for a repeat (and its change missed) is at most
 * R * 2^-64: under 10^-10 for a billion reports.  It costs one 64x64-bit
 * multiply per 16 bytes and 16 bytes per phone, where the span itself
 * took about 200.
 */
bool
ik_phones_span_fp(ik_phones *db, const char *span, size_t len,
    uint64_t fp[2])
{
	const uint64_t *k = db->spankey;
	char tail[16];
	size_t i, full;
#if defined(__SIZEOF_INT128__)
	unsigned __int128 h = 0;
#else
	uint64_t a = 0, b = 0;
#endif

	if (len > IK_SPAN_MAX)
		return false;
	if (!db->spankey_set) {
		if (getrandom(db->spankey, sizeof(db->spankey), 0) !=
		    (ssize_t)sizeof(db->spankey))
			return false;
		db->spankey_set = true;
	}
	full = len / 16 * 16;
	memset(tail, 0, sizeof(tail));
	memcpy(tail, span + full, len - full);
	for (i = 0; i < len; i += 16) {
		const char *p = i < full ? span + i : tail;
		uint64_t x = word(p) + k[i / 8], y = word(p + 8) + k[i / 8 + 1];

#if defined(__SIZEOF_INT128__)
		h += (unsigned __int128)x * y;
#else
		/* The same product from 32-bit halves. */
		uint64_t ll = (x & 0xffffffffu) * (y & 0xffffffffu);
		uint64_t lh = (x & 0xffffffffu) * (y >> 32);
		uint64_t hl = (x >> 32) * (y & 0xffffffffu);
		uint64_t hh = (x >> 32) * (y >> 32);
		uint64_t mid = (ll >> 32) + (lh & 0xffffffffu) +
		    (hl & 0xffffffffu);
		uint64_t lo = (mid << 32) | (ll & 0xffffffffu);

		hh += (lh >> 32) + (hl >> 32) + (mid >> 32);
		b += hh + (a + lo < a);
		a += lo;
#endif
	}
#if defined(__SIZEOF_INT128__)
	fp[0] = (uint64_t)h;
	fp[1] = (uint64_t)(h >> 64);
#else
	fp[0] = a;
	fp[1] = b;
#endif
	return true;
}

int
ik_phones_add(ik_phones *db, const ik_phone_report *r, uint16_t source)
{
	return ik_phones_add_span(db, r, source, NULL, 0, 0);
}

int
ik_phones_add_span(ik_phones *db, const ik_phone_report *r, uint16_t source,
    const uint64_t fp[2], size_t len, unsigned flags)
{
	const char *tftp;
	size_t n = strnlen(r->device, sizeof(r->device) - 1);
	uint32_t h = hash_name(r->device, n);
	ik_phone *p = lookup(db, r->device, n, h);

	if (p == NULL && (p = insert(db, r->device, n, h)) == NULL) {
		db->events++;
		if (source < db->nsrc)
			db->src[source].events++;
		return -1;
	}
	if (!counted(db, p, r->has_when, r->when, source))
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
	/* The fingerprint of the span these fields came from, or none. */
	p->spanlen = 0;
	if (fp != NULL && len > 0 && len <= IK_SPAN_MAX) {
		memcpy(p->spanfp, fp, sizeof(p->spanfp));
		p->spanlen = (uint16_t)len;
		p->spanflags = (uint8_t)flags;
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

/* Sorted by name through pointers to the names: one indirection less. */
struct byname {
	const char *device;
	size_t i;
};

static int
cmp_device(const void *a, const void *b)
{
	return strcmp(((const struct byname *)a)->device,
	    ((const struct byname *)b)->device);
}

size_t *
ik_phones_sorted(const ik_phones *db)
{
	size_t *ix = malloc((db->n ? db->n : 1) * sizeof(*ix)), i;
	struct byname *t = malloc((db->n ? db->n : 1) * sizeof(*t));

	if (ix == NULL || t == NULL) {
		free(ix);
		free(t);
		return NULL;
	}
	for (i = 0; i < db->n; i++) {
		t[i].device = db->v[i].device;
		t[i].i = i;
	}
	qsort(t, db->n, sizeof(*t), cmp_device);
	for (i = 0; i < db->n; i++)
		ix[i] = t[i].i;
	free(t);
	return ix;
}

const char *
ik_phone_status_name(ik_phone_status s)
{
	static const char *const n[IK_PS_COUNT] = { "current",
		"stale-recoverable", "stale-depends", "stale-unrecoverable",
		"unknown", "not-installed" };

	return s < IK_PS_COUNT ? n[s] : "unknown";
}

const char *
ik_phone_remedy_name(ik_remedy r)
{
	switch (r) {
	case IK_REMEDY_RESIGN: return "resign-itl-recovery";
	case IK_REMEDY_DELETE: return "delete-itl";
	case IK_REMEDY_OTHER: return "other";
	default: return NULL;
	}
}

void
ik_phone_lists_init(ik_phone_lists *l, const ik_phone_itl *itls, size_t n)
{
	memset(l, 0, sizeof(*l));
	l->v = itls;
	l->n = n;
	ik_phone_lists_name(l, NULL, NULL);
}

/* The reasons that name the caller's options ("--itl"), or none. */
void
ik_phone_lists_name(ik_phone_lists *l, const char *current,
    const char *history)
{
	char nodes[120];

	if (current != NULL && history != NULL) {
		snprintf(l->why_no_list, sizeof(l->why_no_list),
		    "no %.40s or %.40s list has the hash it reports", current,
		    history);
		snprintf(nodes, sizeof(nodes), "the %.40s nodes", current);
	} else {
		snprintf(l->why_no_list, sizeof(l->why_no_list),
		    "no current or earlier list has the hash it reports");
		snprintf(nodes, sizeof(nodes), "the current lists' nodes");
	}
	snprintf(l->why_node_differs, sizeof(l->why_node_differs),
	    "the phone's node is not known (its TFTP server is none of %s or their signers) and the current lists would not be taken the same way",
	    nodes);
	snprintf(l->why_node_paths, sizeof(l->why_node_paths),
	    "the phone's node is not known (its TFTP server is none of %s or their signers); every current list gives this status, by different paths",
	    nodes);
}

void
ik_phone_lists_free(ik_phone_lists *l)
{
	size_t i;

	if (l->fate != NULL)
		for (i = 0; i < l->n * l->n; i++)
			free(l->fate[i]);
	free(l->fate);
	memset(l, 0, sizeof(*l));
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
ik_phone_fate_from(const ik_trust_result *now, const ik_trust_result *re,
    ik_phone_fate *f)
{
	memset(f, 0, sizeof(*f));
	if (now->verdict == IK_ACCEPT) {
		f->status = IK_PS_STALE_RECOVERABLE;
		f->path = now->path;
		snprintf(f->reason, sizeof(f->reason), "%s", now->reason);
	} else if (re != NULL && re->verdict == IK_ACCEPT) {
		f->status = IK_PS_STALE_RECOVERABLE;
		f->path = re->path;
		f->remedy = IK_REMEDY_RESIGN;
		snprintf(f->reason, sizeof(f->reason),
		    "not as served (%s); once re-signed with ITLRecovery: %.500s",
		    ik_verdict_name(now->verdict), re->reason);
	} else if (now->verdict == IK_UNKNOWN ||
	    (re != NULL && re->verdict == IK_UNKNOWN)) {
		/* An answer from missing records would be a guess. */
		f->status = IK_PS_UNKNOWN;
		snprintf(f->reason, sizeof(f->reason), "%s",
		    now->verdict == IK_UNKNOWN ? now->reason : re->reason);
	} else if (now->verdict == IK_DEPENDS) {
		f->status = IK_PS_STALE_DEPENDS;
		f->path = now->path;
		snprintf(f->condition, sizeof(f->condition), "%s",
		    now->condition);
		snprintf(f->reason, sizeof(f->reason), "%s", now->reason);
	} else {
		f->status = IK_PS_STALE_UNRECOVERABLE;
		f->remedy = now->remedy;
		/* "other" names no action: the engine's text does. */
		snprintf(f->reason, sizeof(f->reason), "%.400s%s%.180s",
		    now->reason, now->remedy == IK_REMEDY_OTHER ?
		    "; remedy: " : "", now->remedy == IK_REMEDY_OTHER ?
		    now->remedy_text : "");
	}
}

/*
 * Asks the trust engine, as itl-trust does, whether a phone holding held
 * takes cur; if not, whether it would take cur re-signed with the
 * ITLRecovery key that cur carries (the offline or CUCM `utils itl reset`):
 * the same model with that record as signer and a good signature.
 */
static void
fate_eval(const ik_itl *held, const ik_itl *cur, ik_phone_fate *f)
{
	ik_trust_result now, re;
	ik_itl resigned;
	size_t k = ik_itl_recovery_record(cur);
	bool tried = false;

	ik_trust_eval(held, cur, &now);
	if (now.verdict != IK_ACCEPT && k != 0 && cur->signer_index != k) {
		resigned = *cur;
		resigned.signer_index = k;
		if (resigned.format == IK_FMT_TLV)
			resigned.signature = IK_SIG_VALID;
		ik_trust_eval(held, &resigned, &re);
		tried = true;
	}
	ik_phone_fate_from(&now, tried ? &re : NULL, f);
}

static const ik_phone_fate *
fate(ik_phone_lists *l, size_t held, size_t cur)
{
	ik_phone_fate **slot;

	if (l->fate == NULL) {
		l->fate = calloc(l->n * l->n, sizeof(*l->fate));
		if (l->fate == NULL) {
			l->oom = true;
			return NULL;
		}
	}
	slot = &l->fate[held * l->n + cur];
	if (*slot == NULL) {
		*slot = malloc(sizeof(**slot));
		if (*slot == NULL) {
			l->oom = true;
			return NULL;
		}
		fate_eval(l->v[held].itl, l->v[cur].itl, *slot);
	}
	return *slot;
}

/* The list's node: its --itl name, its signer's CN, DNS name or address. */
static bool
serves(const ik_phone_itl *c, const char *tftp)
{
	const ik_itl_record *s;
	char cn[128], ip[16];

	if (tftp[0] == '\0')
		return false;
	if (c->node != NULL && strcasecmp(c->node, tftp) == 0)
		return true;
	if (c->itl->signer_index == 0)
		return false;
	s = &c->itl->recs[c->itl->signer_index - 1];
	ik_name_cn(s->subject, cn, sizeof(cn));
	if (cn[0] != '\0' && strcasecmp(cn, tftp) == 0)
		return true;
	if (s->dns_name != NULL && s->dns_name[0] != '\0' &&
	    strcasecmp(s->dns_name, tftp) == 0)
		return true;
	if (s->has_ip) {
		snprintf(ip, sizeof(ip), "%u.%u.%u.%u", s->ip[0], s->ip[1],
		    s->ip[2], s->ip[3]);
		return strcmp(ip, tftp) == 0;
	}
	return false;
}

/* Same status and remedy: the path may differ from node to node. */
static bool
same_fate(const ik_phone_fate *a, const ik_phone_fate *b)
{
	return a->status == b->status && a->remedy == b->remedy &&
	    strcmp(a->condition, b->condition) == 0;
}

/*
 * A phone that holds list `held`: the current list of its node decides.
 * When its node is not known and the current lists differ in what they
 * would do, the status is unknown rather than a guess.
 */
static void
judge_stale(ik_phone_lists *l, const ik_phone *p, size_t held,
    ik_phone_verdict *out)
{
	const ik_phone_fate *f = NULL, *g;
	size_t i, ncur = 0, node = SIZE_MAX;
	bool one_path = true;

	for (i = 0; i < l->n; i++) {
		if (!l->v[i].current)
			continue;
		ncur++;
		if (node == SIZE_MAX && serves(&l->v[i], p->tftp))
			node = i;
	}
	if (node == SIZE_MAX && ncur == 1)
		for (i = 0; i < l->n; i++)
			if (l->v[i].current)
				node = i;
	if (node != SIZE_MAX) {
		out->node = &l->v[node];
		f = fate(l, held, node);
	} else {
		for (i = 0; i < l->n; i++) {
			if (!l->v[i].current)
				continue;
			g = fate(l, held, i);
			if (g == NULL)
				break;
			if (f == NULL) {
				f = g;
				continue;
			}
			one_path = one_path && f->path == g->path;
			if (!same_fate(f, g)) {
				out->status = IK_PS_UNKNOWN;
				out->reason = l->why_node_differs;
				return;
			}
		}
	}
	if (f == NULL) {
		out->status = IK_PS_UNKNOWN;
		out->reason = "out of memory";
		return;
	}
	out->status = f->status;
	out->path = one_path ? f->path : IK_PATH_NONE;
	out->remedy = f->remedy;
	out->condition = f->status == IK_PS_STALE_DEPENDS ? f->condition :
	    NULL;
	out->reason = one_path ? f->reason : l->why_node_paths;
}

void
ik_phone_judge(ik_phone_lists *l, const ik_phone *p, ik_phone_verdict *out)
{
	uint8_t rec[20];
	bool has_rec = ik_phone_itls_recovery(l->v, l->n, rec);
	size_t i, k;
	int pass;

	memset(out, 0, sizeof(*out));
	out->has_itl_recovery = -1;
	if (p->not_installed || p->list_status == IK_LS_NOT_INSTALLED) {
		out->status = IK_PS_NOT_INSTALLED;
		out->path = IK_PATH_LEAP_OF_FAITH;
		return;
	}
	/* Current files first: a file served now and before is current. */
	for (pass = 0; pass < 2 && p->alg != IK_HASH_NONE; pass++) {
		for (i = 0; i < l->n; i++) {
			if (l->v[i].current != (pass == 0) ||
			    !hash_is(p, l->v[i].itl))
				continue;
			out->matched = &l->v[i];
			k = ik_itl_recovery_record(l->v[i].itl);
			/* This cluster's recovery certificate is in it. */
			out->has_itl_recovery = k != 0 && (!has_rec ||
			    memcmp(l->v[i].itl->recs[k - 1].cert_sha1, rec,
			    20) == 0);
			if (pass == 0) {
				out->status = IK_PS_CURRENT;
				out->node = &l->v[i];
			} else {
				judge_stale(l, p, i, out);
			}
			return;
		}
	}
	if (p->alg == IK_HASH_NONE && p->list_status == IK_LS_MATCH) {
		out->status = IK_PS_CURRENT;
		return;
	}
	out->status = IK_PS_UNKNOWN;
	out->reason = p->alg == IK_HASH_NONE ?
	    "the report carries no ITL hash" : l->why_no_list;
}

void
ik_phones_findings(const ik_phones *db, const char *itl_option,
    ik_findings *f)
{
	const ik_evsource *e;
	const char *hint;
	ik_input_kind kind;
	char why[256];
	size_t i;

	for (i = 0; i < db->nsrc; i++) {
		e = &db->src[i];
		if (e->events > 0)
			continue;
		kind = ik_input_sniff(e->head, e->headlen);
		hint = ik_input_hint(kind, IK_IN_EVENTS);
		snprintf(why, sizeof(why), "%s%s%s%s%s",
		    hint != NULL ? ": " : "", hint != NULL ? hint : "",
		    kind == IK_IN_TRUSTLIST && itl_option != NULL ?
		    ": did you mean " : "",
		    kind == IK_IN_TRUSTLIST && itl_option != NULL ?
		    itl_option : "",
		    kind == IK_IN_TRUSTLIST && itl_option != NULL ? "?" : "");
		if (db->events == 0)
			ik_findings_add(f, IK_SEV_ERROR, IKF_NO_PHONE_REPORTS,
			    e->path, "no phone report (DeviceTLInfo) in %s%s",
			    e->size == 0 ? "an empty input" : "this input", why);
		else
			ik_findings_add(f, IK_SEV_WARNING, IKF_INPUT_NO_REPORTS,
			    e->path, "no phone report (DeviceTLInfo) in %s%s",
			    e->size == 0 ? "an empty input" : "this input", why);
	}
}
