/*
 * drs_stream.c: one sequential read of a component.  Every byte read is
 * hashed (SHA-1 of the file as stored, and of the file without its
 * trailing text, since which one CUCM records is not known for sure); the
 * ciphertext part is decrypted on the way and handed out as plaintext
 * chunks.  Memory is two fixed buffers, whatever the file size.
 * Layer: drs.
 *
 * Chunks are 64 KiB: each is hashed and decrypted while it is still in
 * the core's cache.  1 MiB chunks cost half as much CPU again, and a
 * reader thread hashing on the other core cost more than it saved, the
 * data then crossing between the cores' caches (docs/bench-drs.md); the
 * second core pays better checking another file or set.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "ik_drs.h"
#include "drs_private.h"

#define STREAM_BUF	(64u << 10)

struct ik_drs_stream {
	ik_drs_source src;
	ik_drs_layout l;	/* a copy; the trailer pointer is not used */
	uint64_t pos;
	EVP_MD_CTX *sha_all;
	uint8_t sha1_all[20], sha1_body[20];
	bool body_done, finished;
	EVP_CIPHER_CTX *dec;	/* NULL: plaintext passes through or no pw */
	bool passthrough;	/* tar or gzip container: bytes are the payload */
	size_t chunk;		/* bytes read at a time */
	uint8_t *in, *out;	/* chunk, and chunk + 32 for the cipher */
};

ik_status
ik_drs_stream_open(const ik_drs_source *src, const ik_drs_layout *l,
    ik_digest md, const char *pw, size_t pwlen, ik_drs_stream **out,
    ik_error *err)
{
	ik_drs_stream *s;
	ik_status st;
	bool reads;

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
	s->sha_all = EVP_MD_CTX_new();
	s->out = malloc(s->chunk + 32);
	reads = src->fd >= 0 || src->mem == NULL;
	/*
	 * Page-aligned: the kernel copies file pages three times slower into
	 * a buffer 16 bytes off a 32-byte boundary (measured on AMD EPYC,
	 * docs/BENCHMARKS.md), and where malloc puts a buffer is luck.
	 */
	if (reads && posix_memalign((void **)&s->in, 4096, s->chunk) != 0)
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
	*out = s;
	return IK_OK;
}

/* Hashes file bytes [pos, pos+n); the body digest is taken at data_end. */
static ik_status
hash(ik_drs_stream *s, const uint8_t *p, size_t n, ik_error *err)
{
	EVP_MD_CTX *copy;
	size_t k = n;

	if (!s->body_done && s->pos + n >= s->l.data_end) {
		k = (size_t)(s->l.data_end - s->pos);
		copy = EVP_MD_CTX_new();
		if (copy == NULL || EVP_DigestUpdate(s->sha_all, p, k) != 1 ||
		    EVP_MD_CTX_copy_ex(copy, s->sha_all) != 1 ||
		    EVP_DigestFinal_ex(copy, s->sha1_body, NULL) != 1) {
			EVP_MD_CTX_free(copy);
			return ik_error_set_ssl(err, IK_FATAL, "SHA-1");
		}
		EVP_MD_CTX_free(copy);
		s->body_done = true;
		p += k;
		k = n - k;
	}
	if (k > 0 && EVP_DigestUpdate(s->sha_all, p, k) != 1)
		return ik_error_set_ssl(err, IK_FATAL, "SHA-1");
	return IK_OK;
}

/* The end of the file: digests, and the cipher's last block. */
static ik_status
finish(ik_drs_stream *s, size_t *n, ik_error *err)
{
	int m = 0;

	*n = 0;
	s->finished = true;
	if (!s->body_done) {
		static const uint8_t none[1];
		ik_status st = hash(s, none, 0, err);

		if (st != IK_OK)
			return st;
	}
	if (EVP_DigestFinal_ex(s->sha_all, s->sha1_all, NULL) != 1)
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

ik_status
ik_drs_stream_read(ik_drs_stream *s, const void **buf, size_t *n,
    ik_error *err)
{
	const uint8_t *p;
	uint64_t a, b;
	size_t want;
	ssize_t r;
	int m;
	ik_status st;

	*buf = s->out;
	*n = 0;
	while (!s->finished) {
		if (s->pos >= s->src.size)
			return finish(s, n, err);
		want = s->src.size - s->pos > s->chunk ? s->chunk :
		    (size_t)(s->src.size - s->pos);
		if (s->src.fd >= 0 || s->src.mem == NULL) {
			r = s->src.fd >= 0 ?
			    drs_pread_full(s->src.fd, s->in, want, s->pos) :
			    drs_read_full(s->src.read, s->src.read_arg, s->in,
			    want);
			if (r != (ssize_t)want)
				return ik_error_set_at(err, IK_FATAL, IK_ERR_IO,
				    (long long)s->pos, "read error at offset %llu: %s",
				    (unsigned long long)s->pos, r < 0 ?
				    strerror(errno) : "file shrank while being read");
			p = s->in;
		} else {
			p = s->src.mem + s->pos;
		}
		if ((st = hash(s, p, want, err)) != IK_OK)
			return st;
		/* The payload part of this chunk: [a, b) in file offsets. */
		a = s->pos > s->l.data_start ? s->pos : s->l.data_start;
		b = s->pos + want < s->l.data_end ? s->pos + want : s->l.data_end;
		s->pos += want;
		if (s->src.progress != NULL)
			s->src.progress(s->src.progress_arg, want);
		if (b <= a)
			continue;
		p += a - (s->pos - want);
		if (s->passthrough) {
			*buf = p;
			*n = (size_t)(b - a);
			return IK_OK;
		}
		if (s->dec == NULL)
			continue;
		if (EVP_DecryptUpdate(s->dec, s->out, &m, p, (int)(b - a)) != 1)
			return ik_error_set_ssl(err, IK_FATAL, "AES-128-CBC");
		if (m > 0) {
			*n = (size_t)m;
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
	EVP_MD_CTX_free(s->sha_all);
	EVP_CIPHER_CTX_free(s->dec);
	if (s->out != NULL)
		ik_wipe(s->out, s->chunk + 32);
	free(s->out);
	free(s->in);
	free(s);
}
