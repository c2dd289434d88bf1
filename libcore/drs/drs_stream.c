/*
 * drs_stream.c: one sequential read of a component.  Every byte read is
 * hashed (SHA-1 of the file as stored, and of the file without its
 * trailing text, since which one CUCM records is not known for sure); the
 * ciphertext part is decrypted on the way and handed out as plaintext
 * chunks.  Memory is fixed, whatever the file size.
 * Layer: drs.
 *
 * Chunks are 64 KiB: each is decrypted while it is still in the core's
 * cache (1 MiB chunks cost half as much CPU again).  SHA-1 is two thirds
 * of the work (OpenSSL's SHA-1 runs at a fifth of the speed of AES-CBC
 * decryption), so on a large file, when our other streams leave a core,
 * a second thread hashes: the caller's thread reads each chunk into a
 * ring of 16, hands it over, decrypts it and passes the plaintext on, and
 * the hasher follows on the same bytes, which are read once.  With --jobs
 * the other components take the cores first.  Measured in
 * docs/BENCHMARKS.md (DRS), with an earlier reader thread that lost.
 *
 * Member data libarchive passes over (drs_stream_skip) is hashed but not
 * decrypted: nothing reads that plaintext, CBC decryption of a block
 * cannot fail, and it resumes at any block from the ciphertext block
 * before it.  The last block is always decrypted, so the padding check
 * is the same.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "ik_drs.h"
#include "drs_private.h"

#define STREAM_BUF	(64u << 10)
#define RING		16		/* chunks in flight, a power of two */
#define RING_WAKE	(RING / 2)	/* a sleeper is woken this far on */
/* Below this the thread costs more than it saves (docs/BENCHMARKS.md). */
#define THREAD_MIN	(4u << 20)
/* -1: a hasher when a core is free; 1 always, 0 never (for measuring,
 * and for a thread sanitizer run: -DDRS_HASHER_MODE=1). */
#ifndef DRS_HASHER_MODE
#define DRS_HASHER_MODE	DRS_HASHER_AUTO
#endif

/*
 * The ring between the reader (the caller's thread) and the hasher:
 * put and got count chunks; only the reader writes put and only the
 * hasher writes got, so neither needs a lock.  The mutex and condition
 * are for sleeping only, when the ring is full or empty.
 */
typedef struct ring {
	pthread_t th;
	struct { const uint8_t *p; size_t n; } c[RING];
	_Atomic size_t put, got;
	atomic_bool end, stop, reader_sleeps, hasher_sleeps, failed;
	pthread_mutex_t mu;
	pthread_cond_t cv;
} ring;

struct ik_drs_stream {
	ik_drs_source src;
	ik_drs_layout l;	/* a copy; the trailer pointer is not used */
	uint64_t pos;		/* bytes read */
	uint64_t hpos;		/* bytes hashed */
	EVP_MD_CTX *sha_all;
	uint8_t sha1_all[20], sha1_body[20];
	bool body_done, finished;
	EVP_CIPHER_CTX *dec;	/* NULL: plaintext passes through or no pw */
	bool passthrough;	/* tar or gzip container: bytes are the payload */
	uint64_t plain;		/* payload offset of the next byte handed out */
	uint64_t skip_to;	/* file offset the payload resumes at, or 0 */
	uint8_t iv[16];		/* the ciphertext block before skip_to */
	size_t chunk;		/* bytes read at a time */
	size_t nin;		/* input buffers: 0 (memory), 1, or RING */
	uint8_t *in, *out;	/* nin chunks, and chunk + 32 for the cipher */
	ring *r;		/* the hasher, or NULL: hashed inline */
	unsigned cores;		/* counted in cores_busy */
};

/*
 * Cores the process may use, and those kept busy by streams: a stream
 * counts its own core unless a pool worker's thread runs it (the pool
 * counted that one), and one more for its hasher.
 */
static unsigned ncores;
static pthread_once_t ncores_once = PTHREAD_ONCE_INIT;
static atomic_uint cores_busy;
static _Thread_local bool core_counted;
static atomic_int hasher_mode = DRS_HASHER_MODE;	/* drs_stream_hasher() */

static void
count_cores(void)
{
#ifdef __linux__
	cpu_set_t set;

	if (sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) > 0) {
		ncores = (unsigned)CPU_COUNT(&set);
		return;
	}
#endif
	ncores = sysconf(_SC_NPROCESSORS_ONLN) > 0 ?
	    (unsigned)sysconf(_SC_NPROCESSORS_ONLN) : 1;
}

/*
 * The cores a new stream takes: a second one, for the hasher, only when
 * the file is large and our other streams leave a core (with components
 * checked in parallel, drs_pool.c, they take the cores first).  Other
 * processes are not asked: on a busy machine the hasher still paid, its
 * thread getting a share of CPU of its own (docs/BENCHMARKS.md).
 */
static unsigned
claim_cores(uint64_t size, bool *hasher)
{
	unsigned cur, own = core_counted ? 0 : 1, want;
	bool big;

	pthread_once(&ncores_once, count_cores);
	cur = atomic_load(&cores_busy);
	big = size >= THREAD_MIN && hasher_mode != 0;
	do {
		*hasher = big && (hasher_mode == 1 || cur + own + 1 <= ncores);
		want = own + (*hasher ? 1 : 0);
	} while (!atomic_compare_exchange_weak(&cores_busy, &cur, cur + want));
	return want;
}

void
drs_cores_hold(unsigned n)
{
	atomic_fetch_add(&cores_busy, n);
}

void
drs_cores_release(unsigned n)
{
	atomic_fetch_sub(&cores_busy, n);
}

void
drs_cores_counted(void)
{
	core_counted = true;
}

unsigned
drs_cores_busy(void)
{
	return atomic_load(&cores_busy);
}

void
drs_stream_hasher(int mode)
{
	atomic_store(&hasher_mode, mode);
}

/* Hashes file bytes [hpos, hpos+n); the body digest is taken at data_end. */
static bool
hash(ik_drs_stream *s, const uint8_t *p, size_t n)
{
	EVP_MD_CTX *copy;
	size_t k = n;
	bool ok;

	if (!s->body_done && s->hpos + n >= s->l.data_end) {
		k = (size_t)(s->l.data_end - s->hpos);
		copy = EVP_MD_CTX_new();
		ok = copy != NULL && EVP_DigestUpdate(s->sha_all, p, k) == 1 &&
		    EVP_MD_CTX_copy_ex(copy, s->sha_all) == 1 &&
		    EVP_DigestFinal_ex(copy, s->sha1_body, NULL) == 1;
		EVP_MD_CTX_free(copy);
		if (!ok)
			return false;
		s->body_done = true;
		p += k;
		k = n - k;
	}
	s->hpos += n;
	return k == 0 || EVP_DigestUpdate(s->sha_all, p, k) == 1;
}

/* Wakes the other side if it sleeps (it set its flag before looking). */
static void
wake(ring *r, atomic_bool *sleeps)
{
	if (atomic_load(sleeps)) {
		pthread_mutex_lock(&r->mu);
		pthread_cond_signal(&r->cv);
		pthread_mutex_unlock(&r->mu);
	}
}

/* Sleeps until ready(r) holds; the flag makes a wake-up impossible to
 * miss: the other side sets its counter, then reads the flag. */
static void
sleep_until(ring *r, atomic_bool *sleeps, bool (*ready)(ring *))
{
	pthread_mutex_lock(&r->mu);
	atomic_store(sleeps, true);
	while (!ready(r))
		pthread_cond_wait(&r->cv, &r->mu);
	atomic_store(sleeps, false);
	pthread_mutex_unlock(&r->mu);
}

static bool
hasher_ready(ring *r)
{
	return atomic_load(&r->put) - atomic_load(&r->got) >= RING_WAKE ||
	    atomic_load(&r->end) || atomic_load(&r->stop);
}

static bool
reader_ready(ring *r)
{
	return atomic_load(&r->put) - atomic_load(&r->got) <= RING - RING_WAKE;
}

static void *
hasher(void *arg)
{
	ik_drs_stream *s = arg;
	ring *r = s->r;
	size_t got = 0;

	for (;;) {
		if (atomic_load(&r->stop))
			break;
		if (atomic_load(&r->put) == got) {
			if (atomic_load(&r->end) &&
			    atomic_load(&r->put) == got)
				break;
			sleep_until(r, &r->hasher_sleeps, hasher_ready);
			continue;
		}
		if (!atomic_load(&r->failed) &&
		    !hash(s, r->c[got % RING].p, r->c[got % RING].n))
			atomic_store(&r->failed, true);
		atomic_store(&r->got, ++got);
		if (atomic_load(&r->put) - got <= RING - RING_WAKE)
			wake(r, &r->reader_sleeps);
	}
	return NULL;
}

/* Starts the hasher; false (hash inline) when it cannot. */
static bool
ring_start(ik_drs_stream *s)
{
	ring *r = calloc(1, sizeof(*r));

	if (r == NULL)
		return false;
	if (pthread_mutex_init(&r->mu, NULL) != 0) {
		free(r);
		return false;
	}
	if (pthread_cond_init(&r->cv, NULL) != 0) {
		pthread_mutex_destroy(&r->mu);
		free(r);
		return false;
	}
	s->r = r;
	if (pthread_create(&r->th, NULL, hasher, s) != 0) {
		pthread_cond_destroy(&r->cv);
		pthread_mutex_destroy(&r->mu);
		free(r);
		s->r = NULL;
		return false;
	}
	return true;
}

/* Waits for the hasher (to finish the ring, or to stop) and frees it;
 * false when hashing failed. */
static bool
ring_stop(ik_drs_stream *s, bool finish)
{
	ring *r = s->r;
	bool failed;

	atomic_store(finish ? &r->end : &r->stop, true);
	pthread_mutex_lock(&r->mu);
	pthread_cond_broadcast(&r->cv);
	pthread_mutex_unlock(&r->mu);
	pthread_join(r->th, NULL);
	failed = atomic_load(&r->failed);
	pthread_cond_destroy(&r->cv);
	pthread_mutex_destroy(&r->mu);
	free(r);
	s->r = NULL;
	return !failed;
}

/* The buffer the next chunk is read into: with the hasher, a ring slot
 * it has finished with. */
static uint8_t *
next_slot(ik_drs_stream *s)
{
	ring *r = s->r;
	size_t put;

	if (r == NULL)
		return s->in;
	put = atomic_load(&r->put);
	if (put - atomic_load(&r->got) == RING)
		sleep_until(r, &r->reader_sleeps, reader_ready);
	return s->nin == 0 ? NULL : s->in + (put % RING) * s->chunk;
}

/* Hashes a chunk, or hands it to the hasher. */
static bool
hand_over(ik_drs_stream *s, const uint8_t *p, size_t n)
{
	ring *r = s->r;
	size_t put;

	if (r == NULL)
		return hash(s, p, n);
	put = atomic_load(&r->put);
	r->c[put % RING].p = p;
	r->c[put % RING].n = n;
	atomic_store(&r->put, put + 1);
	if (put + 1 - atomic_load(&r->got) >= RING_WAKE)
		wake(r, &r->hasher_sleeps);
	return true;
}

ik_status
ik_drs_stream_open(const ik_drs_source *src, const ik_drs_layout *l,
    ik_digest md, const char *pw, size_t pwlen, ik_drs_stream **out,
    ik_error *err)
{
	ik_drs_stream *s;
	ik_status st;
	bool reads, threaded;

	*out = NULL;
	s = calloc(1, sizeof(*s));
	if (s == NULL)
		return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
		    "out of memory");
	s->src = *src;
	s->l = *l;
	s->l.trailer = NULL;
	s->passthrough = l->container == IK_DRS_CONT_TAR ||
	    l->container == IK_DRS_CONT_GZIP;
	/* Small files get small buffers. */
	s->chunk = src->size < STREAM_BUF ? (size_t)src->size + 16 : STREAM_BUF;
	s->cores = claim_cores(src->size, &threaded);
	s->sha_all = EVP_MD_CTX_new();
	s->out = malloc(s->chunk + 32);
	reads = src->fd >= 0 || src->mem == NULL;
	s->nin = !reads ? 0 : threaded ? RING : 1;
	/*
	 * Page-aligned: the kernel copies file pages into a buffer 16 bytes
	 * off a 32-byte boundary three times slower (measured on AMD EPYC),
	 * and where malloc puts a buffer is luck.
	 */
	if (reads && posix_memalign((void **)&s->in, 4096, s->nin * s->chunk) != 0)
		s->in = NULL;
	if (s->sha_all == NULL || s->out == NULL || (reads && s->in == NULL) ||
	    EVP_DigestInit_ex2(s->sha_all, EVP_sha1(), NULL) != 1) {
		ik_drs_stream_close(s);
		return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
		    "out of memory");
	}
	if (pw != NULL && l->container == IK_DRS_CONT_SALTED) {
		s->dec = EVP_CIPHER_CTX_new();
		if (s->dec == NULL) {
			ik_drs_stream_close(s);
			return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
			    "out of memory");
		}
		st = ik_drs_cipher_init(s->dec, false, md, pw, pwlen, l->salt,
		    err);
		if (st != IK_OK) {
			ik_drs_stream_close(s);
			return st;
		}
	}
	if (src->fd >= 0)
		(void)posix_fadvise(src->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	if (threaded && !ring_start(s)) {
		/* Hashed inline after all. */
		drs_cores_release(1);
		s->cores--;
	}
	*out = s;
	return IK_OK;
}

/* The end of the file: digests, and the cipher's last block. */
static ik_status
finish(ik_drs_stream *s, size_t *n, ik_error *err)
{
	static const uint8_t none[1];
	bool ok = true;
	int m = 0;

	*n = 0;
	s->finished = true;
	if (s->r != NULL)
		ok = ring_stop(s, true);
	if (!ok || (!s->body_done && !hash(s, none, 0)) ||
	    EVP_DigestFinal_ex(s->sha_all, s->sha1_all, NULL) != 1)
		return ik_error_set_ssl(err, IK_FATAL, "SHA-1");
	if (s->dec != NULL) {
		if (EVP_DecryptFinal_ex(s->dec, s->out, &m) != 1) {
			ik_error_set_at(err, IK_FAILED, IK_ERR_PASSWORD,
			    (long long)s->l.data_end,
			    "bad padding in the last AES block at offset %llu (wrong backup password, or the ciphertext is truncated or altered)",
			    (unsigned long long)s->l.data_end);
			return IK_FAILED;
		}
		*n = (size_t)m;
	}
	return IK_OK;
}

/*
 * Payload [a, b) of the chunk at p, after a skip: keeps the ciphertext
 * block before skip_to (the IV to resume with), and moves p and a to
 * skip_to once the chunk reaches it.  0 while the chunk is all skipped,
 * 1 when [a, b) is to be decrypted, -1 when the cipher cannot restart.
 */
static int
resume(ik_drs_stream *s, const uint8_t **p, uint64_t *a, uint64_t b)
{
	uint64_t lo, hi, to = s->skip_to;

	if (s->dec != NULL) {
		lo = *a > to - 16 ? *a : to - 16;
		hi = b < to ? b : to;
		if (lo < hi)
			memcpy(s->iv + (lo - (to - 16)), *p + (lo - *a),
			    (size_t)(hi - lo));
	}
	if (b <= to)
		return 0;
	if (s->dec != NULL &&
	    EVP_DecryptInit_ex(s->dec, NULL, NULL, NULL, s->iv) != 1)
		return -1;
	*p += to - *a;
	*a = to;
	s->skip_to = 0;
	return 1;
}

uint64_t
drs_stream_skip(ik_drs_stream *s, uint64_t n)
{
	uint64_t len, used, to;

	if (s->finished || s->skip_to != 0 || n == 0 ||
	    (s->dec == NULL && !s->passthrough))
		return 0;
	len = s->l.data_end - s->l.data_start;
	if (s->dec != NULL && len < 32)
		return 0;
	/* Payload bytes already given to the cipher (or handed out). */
	used = s->pos < s->l.data_start ? 0 : s->pos >= s->l.data_end ? len :
	    s->pos - s->l.data_start;
	if (n > len - s->plain)
		n = len - s->plain;
	to = s->plain + n;
	if (s->dec != NULL) {
		/*
		 * CBC: a block is decrypted from itself and the ciphertext
		 * block before it, so decryption can resume at any block
		 * boundary past the bytes the cipher has already taken.  The
		 * last whole block (the padding) is always decrypted, so every
		 * byte skipped is one the plaintext has.
		 */
		to &= ~(uint64_t)15;
		if (to > (len & ~(uint64_t)15) - 16)
			to = (len & ~(uint64_t)15) - 16;
		if (to < used + 16)
			return 0;
	} else if (to <= used) {
		return 0;
	}
	n = to - s->plain;
	s->plain = to;
	s->skip_to = s->l.data_start + to;
	return n;
}

ik_status
ik_drs_stream_read(ik_drs_stream *s, const void **buf, size_t *n,
    ik_error *err)
{
	const uint8_t *p;
	uint8_t *slot;
	uint64_t a, b;
	size_t want;
	ssize_t r;
	int k, m;

	*buf = s->out;
	*n = 0;
	while (!s->finished) {
		if (s->pos >= s->src.size)
			return finish(s, n, err);
		want = s->src.size - s->pos > s->chunk ? s->chunk :
		    (size_t)(s->src.size - s->pos);
		slot = next_slot(s);
		if (s->src.fd >= 0 || s->src.mem == NULL) {
			r = s->src.fd >= 0 ?
			    drs_pread_full(s->src.fd, slot, want, s->pos) :
			    drs_read_full(s->src.read, s->src.read_arg, slot,
			    want);
			if (r != (ssize_t)want)
				return ik_error_set_at(err, IK_FATAL, IK_ERR_IO,
				    (long long)s->pos, "read error at offset %llu: %s",
				    (unsigned long long)s->pos, r < 0 ?
				    strerror(errno) : "file shrank while being read");
			p = slot;
		} else {
			p = s->src.mem + s->pos;
		}
		if (!hand_over(s, p, want))
			return ik_error_set_ssl(err, IK_FATAL, "SHA-1");
		/* The payload part of this chunk: [a, b) in file offsets. */
		a = s->pos > s->l.data_start ? s->pos : s->l.data_start;
		b = s->pos + want < s->l.data_end ? s->pos + want : s->l.data_end;
		s->pos += want;
		if (s->src.progress != NULL)
			s->src.progress(s->src.progress_arg, want);
		if (b <= a)
			continue;
		p += a - (s->pos - want);
		if (s->skip_to != 0 && (k = resume(s, &p, &a, b)) <= 0) {
			if (k < 0)
				return ik_error_set_ssl(err, IK_FATAL,
				    "AES-128-CBC");
			continue;
		}
		if (s->passthrough) {
			*buf = p;
			*n = (size_t)(b - a);
			s->plain += *n;
			return IK_OK;
		}
		if (s->dec == NULL)
			continue;
		if (EVP_DecryptUpdate(s->dec, s->out, &m, p, (int)(b - a)) != 1)
			return ik_error_set_ssl(err, IK_FATAL, "AES-128-CBC");
		if (m > 0) {
			*n = (size_t)m;
			s->plain += *n;
			return IK_OK;
		}
	}
	return IK_OK;
}

ik_status
ik_drs_stream_drain(ik_drs_stream *s, ik_error *err)
{
	const void *buf;
	size_t n;
	ik_status st;

	do {
		st = ik_drs_stream_read(s, &buf, &n, err);
	} while (st == IK_OK && !s->finished);
	return st;
}

bool
ik_drs_stream_digests(const ik_drs_stream *s, uint8_t all[20],
    uint8_t body[20])
{
	if (!s->finished)
		return false;
	memcpy(all, s->sha1_all, 20);
	memcpy(body, s->sha1_body, 20);
	return true;
}

void
ik_drs_stream_close(ik_drs_stream *s)
{
	if (s == NULL)
		return;
	if (s->r != NULL)
		(void)ring_stop(s, false);
	drs_cores_release(s->cores);
	EVP_MD_CTX_free(s->sha_all);
	EVP_CIPHER_CTX_free(s->dec);
	if (s->out != NULL)
		ik_wipe(s->out, s->chunk + 32);
	free(s->out);
	free(s->in);
	free(s);
}
