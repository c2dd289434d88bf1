/*
 * batch.c: running a tool's per-input function over many inputs on
 * several threads, with output in input order.
 *
 * Each input's standard output and standard error text is collected in
 * its own buffers and written by the main thread once every earlier input
 * has been written, so a parallel run prints exactly what a sequential
 * one would.  Workers run at most WINDOW inputs ahead of the printer,
 * which bounds memory whatever the number of inputs.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fe.h"

#define WINDOW 256

struct slot {
	ik_sb out, err;
	int code;
	bool done;
};

struct batch {
	char **inputs;
	int n, next, printed;
	fe_batch_fn fn;
	void *ctx;
	struct slot *slots;	/* WINDOW entries, index i % WINDOW */
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

static void *
worker(void *arg)
{
	struct batch *b = arg;
	struct slot *s;
	int i;

	for (;;) {
		pthread_mutex_lock(&b->mu);
		while (b->next < b->n && b->next >= b->printed + WINDOW)
			pthread_cond_wait(&b->cv, &b->mu);
		if (b->next >= b->n) {
			pthread_mutex_unlock(&b->mu);
			return NULL;
		}
		i = b->next++;
		s = &b->slots[i % WINDOW];
		pthread_mutex_unlock(&b->mu);
		ik_sb_reset(&s->out);
		ik_sb_reset(&s->err);
		s->code = b->fn(b->inputs[i], i, b->ctx, &s->out, &s->err);
		pthread_mutex_lock(&b->mu);
		s->done = true;
		pthread_cond_broadcast(&b->cv);
		pthread_mutex_unlock(&b->mu);
	}
}

static void
flush(struct slot *s)
{
	if (s->err.len > 0) {
		fflush(stdout);
		fwrite(s->err.s, 1, s->err.len, stderr);
	}
	if (s->out.len > 0)
		fwrite(s->out.s, 1, s->out.len, stdout);
}

int
fe_jobs_default(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 8 ? 8 : (int)n;
}

int
fe_batch(char **inputs, int n, int jobs, fe_batch_fn fn, void *ctx)
{
	struct batch b;
	struct slot one;
	pthread_t tid[16];
	int i, started = 0, worst = FE_EXIT_OK;

	if (jobs > n)
		jobs = n;
	if (jobs > 16)
		jobs = 16;
	if (jobs <= 1) {
		ik_sb_init(&one.out);
		ik_sb_init(&one.err);
		for (i = 0; i < n; i++) {
			ik_sb_reset(&one.out);
			ik_sb_reset(&one.err);
			fe_note(&worst, fn(inputs[i], i, ctx, &one.out, &one.err));
			flush(&one);
		}
		ik_sb_free(&one.out);
		ik_sb_free(&one.err);
		return worst;
	}
	memset(&b, 0, sizeof(b));
	b.inputs = inputs;
	b.n = n;
	b.fn = fn;
	b.ctx = ctx;
	b.slots = calloc(WINDOW, sizeof(*b.slots));
	if (b.slots == NULL)
		return fe_batch(inputs, n, 1, fn, ctx);
	pthread_mutex_init(&b.mu, NULL);
	pthread_cond_init(&b.cv, NULL);
	for (i = 0; i < jobs; i++)
		if (pthread_create(&tid[i], NULL, worker, &b) == 0)
			started++;
	if (started == 0) {
		free(b.slots);
		return fe_batch(inputs, n, 1, fn, ctx);
	}
	for (i = 0; i < n; i++) {
		struct slot *s = &b.slots[i % WINDOW];

		pthread_mutex_lock(&b.mu);
		while (!s->done)
			pthread_cond_wait(&b.cv, &b.mu);
		pthread_mutex_unlock(&b.mu);
		flush(s);
		fe_note(&worst, s->code);
		pthread_mutex_lock(&b.mu);
		s->done = false;
		b.printed = i + 1;
		pthread_cond_broadcast(&b.cv);
		pthread_mutex_unlock(&b.mu);
	}
	for (i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
	for (i = 0; i < WINDOW; i++) {
		ik_sb_free(&b.slots[i].out);
		ik_sb_free(&b.slots[i].err);
	}
	free(b.slots);
	pthread_mutex_destroy(&b.mu);
	pthread_cond_destroy(&b.cv);
	return worst;
}
