/*
 * drs_pool.c: the components of a set read in parallel.  Each component
 * is one sequential read (hash, decrypt, list) that keeps one core busy,
 * and components are independent, so with jobs > 1 that many threads take
 * the next component in turn.  Findings are made afterwards, in manifest
 * order, by the caller, so the report does not depend on the timing.
 */
#include <pthread.h>
#include <string.h>

#include "ik_drs.h"
#include "drs_private.h"

#define MAX_JOBS 64

typedef struct pool {
	const ik_drs_set *set;
	ik_drs_opts o;		/* progress hook replaced by a locked one */
	const ik_drs_opts *caller;
	ik_drs_report *r;
	char *const *randpw;
	pthread_mutex_t mu;
	size_t next;
	ik_status st;
	ik_error err;
} pool;

/* Progress callbacks are the caller's and not thread-safe: serialise. */
static void
locked_progress(void *arg, uint64_t n)
{
	pool *p = arg;

	pthread_mutex_lock(&p->mu);
	p->caller->progress(p->caller->progress_arg, n);
	pthread_mutex_unlock(&p->mu);
}

static void *
worker(void *arg)
{
	pool *p = arg;
	ik_error e;
	ik_status st;
	size_t i;

	for (;;) {
		pthread_mutex_lock(&p->mu);
		while (p->next < p->r->ncomps && !p->r->comps[p->next].present)
			p->next++;
		i = p->next++;
		if (p->st != IK_OK || i >= p->r->ncomps) {
			pthread_mutex_unlock(&p->mu);
			return NULL;
		}
		pthread_mutex_unlock(&p->mu);
		ik_error_clear(&e);
		st = drs_scan_component(p->set, &p->o, &p->r->comps[i],
		    p->r->m.version, p->randpw ? p->randpw[i] : NULL, &e);
		if (st != IK_OK) {
			pthread_mutex_lock(&p->mu);
			if (p->st == IK_OK) {
				p->st = st;
				p->err = e;
			}
			pthread_mutex_unlock(&p->mu);
		}
	}
}

ik_status
drs_scan_all(const ik_drs_set *set, const ik_drs_opts *o, ik_drs_report *r,
    char *const *randpw, ik_error *err)
{
	pthread_t th[MAX_JOBS];
	unsigned jobs = o->jobs > MAX_JOBS ? MAX_JOBS : o->jobs, started = 0, k;
	pool p;

	memset(&p, 0, sizeof(p));
	p.set = set;
	p.o = *o;
	p.caller = o;
	p.r = r;
	p.randpw = randpw;
	if (jobs > r->ncomps)
		jobs = (unsigned)r->ncomps;
	if (pthread_mutex_init(&p.mu, NULL) != 0)
		return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
		    "cannot create a mutex");
	if (jobs <= 1) {
		worker(&p);
	} else {
		if (o->progress != NULL) {
			p.o.progress = locked_progress;
			p.o.progress_arg = &p;
		}
		/* Digest methods are fetched once and cached unlocked: fetch
		 * them before the threads do. */
		ik_digest_md(IK_SHA1);
		ik_digest_md(IK_MD5);
		for (k = 0; k < jobs; k++)
			if (pthread_create(&th[k], NULL, worker, &p) == 0)
				started++;
		if (started == 0)
			worker(&p);	/* no thread: do the work here */
		for (k = 0; k < started; k++)
			pthread_join(th[k], NULL);
	}
	pthread_mutex_destroy(&p.mu);
	if (p.st != IK_OK)
		*err = p.err;
	return p.st;
}
