/*
 * drs_pool.c: layer drs.  Independent pieces of work on a few threads:
 * the components of a set, each one sequential read (hash, decrypt, list)
 * that keeps one core busy.  With jobs > 1 that many threads take the next
 * piece in turn.  The pool knows nothing of what a piece is: the caller
 * gives the work as a function.  It counts its threads' cores with the
 * streams (drs_stream.c), which then start no hasher thread of their own
 * while the pool keeps the cores busy.
 */
#include <pthread.h>
#include <string.h>

#include "ik_drs.h"
#include "drs_private.h"

#define MAX_JOBS 64

typedef struct pool {
	size_t n, next;
	drs_pool_fn fn;
	void *arg;
	ik_drs_progress_fn progress;	/* the caller's, or NULL */
	void *progress_arg;
	ik_drs_progress_fn hook;	/* what the work is given */
	void *hook_arg;
	pthread_mutex_t mu;
	ik_status st;
	ik_error err;
} pool;

/* Progress callbacks are the caller's and not thread-safe: serialise. */
static void
locked_progress(void *arg, uint64_t n)
{
	pool *p = arg;

	pthread_mutex_lock(&p->mu);
	p->progress(p->progress_arg, n);
	pthread_mutex_unlock(&p->mu);
}

static void *
work(pool *p)
{
	ik_error e;
	ik_status st;
	size_t i;

	for (;;) {
		pthread_mutex_lock(&p->mu);
		i = p->next++;
		if (p->st != IK_OK || i >= p->n) {
			pthread_mutex_unlock(&p->mu);
			return NULL;
		}
		pthread_mutex_unlock(&p->mu);
		ik_error_clear(&e);
		st = p->fn(p->arg, i, p->hook, p->hook_arg, &e);
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

/* A thread of the pool: its core was counted when it was started, and is
 * given back as soon as it has no more work. */
static void *
worker(void *arg)
{
	drs_cores_counted();
	work(arg);
	drs_cores_release(1);
	return NULL;
}

ik_status
drs_pool_run(size_t n, unsigned jobs, drs_pool_fn fn, void *arg,
    ik_drs_progress_fn progress, void *progress_arg, ik_error *err)
{
	pthread_t th[MAX_JOBS];
	unsigned started = 0, k;
	pool p;

	memset(&p, 0, sizeof(p));
	p.n = n;
	p.fn = fn;
	p.arg = arg;
	p.progress = progress;
	p.progress_arg = progress_arg;
	p.hook = progress;
	p.hook_arg = progress_arg;
	if (jobs > MAX_JOBS)
		jobs = MAX_JOBS;
	if (jobs > n)
		jobs = (unsigned)n;
	if (pthread_mutex_init(&p.mu, NULL) != 0)
		return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
		    "cannot create a mutex");
	if (jobs <= 1) {
		work(&p);
	} else {
		if (progress != NULL) {
			p.hook = locked_progress;
			p.hook_arg = &p;
		}
		/* Digest methods are fetched once and cached unlocked: fetch
		 * them before the threads do. */
		ik_digest_md(IK_SHA1);
		ik_digest_md(IK_MD5);
		drs_cores_hold(jobs);
		for (k = 0; k < jobs; k++)
			if (pthread_create(&th[k], NULL, worker, &p) == 0)
				started++;
		drs_cores_release(jobs - started);
		if (started == 0)
			work(&p);	/* no thread: do the work here */
		for (k = 0; k < started; k++)
			pthread_join(th[k], NULL);
	}
	pthread_mutex_destroy(&p.mu);
	if (p.st != IK_OK)
		*err = p.err;
	return p.st;
}
