/*
 * test_drs_stream.c: the component stream with its SHA-1 in a thread of
 * its own and inline, from each kind of source: the same plaintext and
 * digests as computed here in one piece, the same failures, cores given
 * back on every path (the count --jobs relies on).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "ik_drs.h"
#include "drs_private.h"
#include "drs_gen.h"

#define BIG	((9u << 20) + 5)	/* past the 4 MiB where a hasher may start */

static const char tail[] = "appended log line\n";

/* Reads a whole stream into out (cap bytes); the status of the last read. */
static ik_status
slurp(ik_drs_stream *s, uint8_t *out, size_t cap, size_t *len, ik_error *e)
{
	const void *buf;
	size_t n;
	ik_status st;

	*len = 0;
	for (;;) {
		st = ik_drs_stream_read(s, &buf, &n, e);
		if (st != IK_OK || n == 0)
			return st;
		ck_assert_uint_le(*len + n, cap);
		memcpy(out + *len, buf, n);
		*len += n;
	}
}

/*
 * Reads a stream, skipping as libarchive would: after each chunk a skip of
 * a size drawn from a fixed list (odd sizes, a block, more than is left).
 * Every byte handed out must be the plaintext's at its offset, and no skip
 * may go past the plaintext's end.  Returns the last read's status; *len
 * is the plaintext offset reached, *skipped the bytes skipped.
 */
static ik_status
slurp_skipping(ik_drs_stream *s, const uint8_t *pt, size_t plen,
    size_t *len, size_t *skipped, ik_error *e)
{
	static const uint64_t ask[] = { 0, 1, 17, 100000, 4096, 70001,
	    (1u << 20) + 3, 16, UINT64_MAX / 2 };
	const void *buf;
	uint64_t k;
	size_t n, i = 0;
	ik_status st;

	*len = *skipped = 0;
	for (;;) {
		st = ik_drs_stream_read(s, &buf, &n, e);
		if (st != IK_OK || n == 0)
			return st;
		ck_assert_uint_le(*len + n, plen);
		ck_assert_mem_eq(buf, pt + *len, n);
		*len += n;
		k = drs_stream_skip(s, ask[i++ % 9]);
		ck_assert_uint_le(*len + k, plen);
		*len += (size_t)k;
		*skipped += (size_t)k;
	}
}

/* Back to the automatic choice; the temporary file goes. */
static void
done(int fd, const char *path)
{
	drs_stream_hasher(DRS_HASHER_AUTO);
	close(fd);
	unlink(path);
}

/* The encrypted component with its trailer, in memory and in a file. */
static uint8_t *
make_component(uint8_t **pt, size_t *clen, int *fd, char *path)
{
	static const uint8_t salt[8] = { 8, 7, 6, 5, 4, 3, 2, 1 };
	uint8_t *ct;
	size_t i;

	*pt = malloc(BIG);
	ck_assert_ptr_nonnull(*pt);
	for (i = 0; i < BIG; i++)
		(*pt)[i] = (uint8_t)(i * 13 + (i >> 11));
	ck_assert_int_eq(gen_container(*pt, BIG, "Str3amH4sh3rT3stPw0rd", salt,
	    IK_SHA1, &ct, clen), 0);
	ct = realloc(ct, *clen + sizeof(tail) - 1);
	ck_assert_ptr_nonnull(ct);
	memcpy(ct + *clen, tail, sizeof(tail) - 1);
	*clen += sizeof(tail) - 1;
	ck_assert_int_ge(*fd = mkstemp(path), 0);
	ck_assert_int_eq(write(*fd, ct, *clen), (ssize_t)*clen);
	return ct;
}

/*
 * _i: 0 inline, 1 hasher thread; 2 and 3 the same, skipping plaintext
 * (what libarchive passes over of member data is hashed, not decrypted):
 * the same bytes at the same offsets.  From a file, memory, a sequential
 * reader, and a file cut inside the ciphertext (bad padding, still both
 * digests); one core counted per stream, two with the hasher.
 */
START_TEST(same_bytes_and_digests)
{
	char path[] = "/tmp/itlkit-drs-stream.XXXXXX";
	uint8_t *pt, *ct, *back, all[20], body[20], md[20];
	size_t clen, got, cut, skipped = 0;
	ik_drs_source src = { .fd = -1 };
	ik_drs_layout l;
	ik_drs_stream *s;
	ik_status st;
	ik_error e;
	int fd, kind;

	ik_error_clear(&e);
	drs_stream_hasher(_i & 1);
	ct = make_component(&pt, &clen, &fd, path);
	back = malloc(BIG + 16);
	for (kind = 0; kind < 4; kind++) {
		/* 0: file, 1: memory, 2: reader, 3: file cut by 32 bytes. */
		gen_seq q = { ct, clen, 0, 5003 };

		cut = kind == 3 ? sizeof(tail) - 1 + 32 : 0;
		src.fd = kind == 0 || kind == 3 ? fd : -1;
		src.mem = ct;
		src.read = NULL;
		src.size = clen - cut;
		ck_assert_int_eq(ftruncate(fd, (off_t)src.size), 0);
		ck_assert_int_eq(ik_drs_source_layout(&src, &l, &e), IK_OK);
		if (kind == 2) {
			src.mem = NULL;
			src.read = gen_seq_read;
			src.read_arg = &q;
		}
		ck_assert_uint_eq(drs_cores_busy(), 0);
		ck_assert_int_eq(ik_drs_stream_open(&src, &l, IK_SHA1,
		    "Str3amH4sh3rT3stPw0rd", 21, &s, &e), IK_OK);
		ck_assert_uint_eq(drs_cores_busy(), (_i & 1) ? 2 : 1);
		if (_i < 2) {
			st = slurp(s, back, BIG + 16, &got, &e);
		} else {
			st = slurp_skipping(s, pt, BIG, &got, &skipped, &e);
			ck_assert_uint_gt(skipped, BIG / 2);
		}
		if (kind == 3) {
			ck_assert_int_eq(st, IK_FAILED);
			ck_assert_ptr_nonnull(strstr(e.msg, "bad padding"));
			ik_error_clear(&e);
		} else {
			ck_assert_int_eq(st, IK_OK);
			ck_assert_uint_eq(got, BIG);
			if (_i < 2)	/* slurp_skipping compared */
				ck_assert_mem_eq(back, pt, BIG);
		}
		ck_assert_uint_eq(drs_stream_skip(s, 4096), 0);
		ck_assert(ik_drs_stream_digests(s, all, body));
		ik_digest_buf(IK_SHA1, ct, src.size, md);
		ck_assert_mem_eq(all, md, 20);
		ik_digest_buf(IK_SHA1, ct, l.data_end, md);
		ck_assert_mem_eq(body, md, 20);
		ik_drs_stream_close(s);
		ck_assert_uint_eq(drs_cores_busy(), 0);
		ik_drs_layout_free(&l);
	}
	done(fd, path);
	free(back);
	free(ct);
	free(pt);
}
END_TEST

/* _i as above: closing after one chunk, or after a read error, stops the
 * hasher and gives the cores back (valgrind, ASan, TSan). */
START_TEST(early_close)
{
	char path[] = "/tmp/itlkit-drs-stream.XXXXXX";
	uint8_t *pt, *ct;
	size_t clen, n, i;
	const void *b;
	ik_drs_source src = { .fd = -1 };
	ik_drs_layout l;
	ik_drs_stream *s;
	ik_error e;
	int fd;

	ik_error_clear(&e);
	drs_stream_hasher(_i);
	ct = make_component(&pt, &clen, &fd, path);
	src.fd = fd;
	src.size = clen;
	ck_assert_int_eq(ik_drs_source_layout(&src, &l, &e), IK_OK);
	ck_assert_int_eq(ik_drs_stream_open(&src, &l, IK_SHA1,
	    "Str3amH4sh3rT3stPw0rd", 21, &s, &e), IK_OK);
	ck_assert_int_eq(ik_drs_stream_read(s, &b, &n, &e), IK_OK);
	ck_assert_uint_gt(n, 0);
	ck_assert(!ik_drs_stream_digests(s, pt, pt));
	ik_drs_stream_close(s);
	ck_assert_uint_eq(drs_cores_busy(), 0);
	/* The file shrinks under the stream: a read error, not a verdict. */
	ck_assert_int_eq(ik_drs_stream_open(&src, &l, IK_SHA1,
	    "Str3amH4sh3rT3stPw0rd", 21, &s, &e), IK_OK);
	for (i = 0; i < 40; i++)
		ck_assert_int_eq(ik_drs_stream_read(s, &b, &n, &e), IK_OK);
	ck_assert_int_eq(ftruncate(fd, 3 << 20), 0);
	ck_assert_int_eq(ik_drs_stream_drain(s, &e), IK_FATAL);
	ck_assert_ptr_nonnull(strstr(e.msg, "file shrank while being read"));
	ik_drs_stream_close(s);
	ck_assert_uint_eq(drs_cores_busy(), 0);
	ik_drs_layout_free(&l);
	done(fd, path);
	free(ct);
	free(pt);
}
END_TEST

/* A tar of one member of n bytes (gen_tar's buffer is for small sets). */
static uint8_t *
big_tar(const uint8_t *data, size_t n, size_t *len)
{
	struct archive *a = archive_write_new();
	struct archive_entry *e = archive_entry_new();
	size_t cap = n + (1u << 20);
	uint8_t *buf = malloc(cap);

	ck_assert(a != NULL && e != NULL && buf != NULL);
	ck_assert_int_eq(archive_write_set_format_ustar(a), ARCHIVE_OK);
	ck_assert_int_eq(archive_write_open_memory(a, buf, cap, len),
	    ARCHIVE_OK);
	archive_entry_set_pathname(e, "a/big.bin");
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_size(e, (la_int64_t)n);
	ck_assert_int_eq(archive_write_header(a, e), ARCHIVE_OK);
	ck_assert_int_eq(archive_write_data(a, data, n), (la_ssize_t)n);
	ck_assert_int_eq(archive_write_close(a), ARCHIVE_OK);
	archive_entry_free(e);
	archive_write_free(a);
	return buf;
}

/* _i as above: a plain tar passes through, each chunk handed out from the
 * ring while the hasher may still read it. */
START_TEST(plain_tar_passes_through)
{
	char path[] = "/tmp/itlkit-drs-stream.XXXXXX";
	uint8_t *big = malloc(6u << 20), *tar, *back, all[20], body[20], md[20];
	size_t tlen, got, i;
	ik_drs_source src = { .fd = -1 };
	ik_drs_layout l;
	ik_drs_stream *s;
	ik_error e;
	int fd;

	ik_error_clear(&e);
	drs_stream_hasher(_i);
	for (i = 0; i < 6u << 20; i++)
		big[i] = (uint8_t)(i * 7 + (i >> 12));
	tar = big_tar(big, 6u << 20, &tlen);
	ck_assert_uint_gt(tlen, 6u << 20);
	ck_assert_int_ge(fd = mkstemp(path), 0);
	for (i = 0; i < tlen; i += got) {
		got = tlen - i < (1u << 20) ? tlen - i : 1u << 20;
		ck_assert_int_eq(write(fd, tar + i, got), (ssize_t)got);
	}
	src.fd = fd;
	src.size = tlen;
	ck_assert_int_eq(ik_drs_source_layout(&src, &l, &e), IK_OK);
	ck_assert_int_eq(l.container, IK_DRS_CONT_TAR);
	ck_assert_int_eq(ik_drs_stream_open(&src, &l, IK_SHA1, NULL, 0, &s,
	    &e), IK_OK);
	back = malloc(tlen);
	ck_assert_int_eq(slurp(s, back, tlen, &got, &e), IK_OK);
	ck_assert_uint_eq(got, l.data_end - l.data_start);
	ck_assert_mem_eq(back, tar + l.data_start, got);
	ck_assert(ik_drs_stream_digests(s, all, body));
	ik_digest_buf(IK_SHA1, tar, tlen, md);
	ck_assert_mem_eq(all, md, 20);
	ik_drs_stream_close(s);
	/* Skipping: the same bytes at the same offsets, up to the end. */
	ck_assert_int_eq(ik_drs_stream_open(&src, &l, IK_SHA1, NULL, 0, &s,
	    &e), IK_OK);
	ck_assert_int_eq(slurp_skipping(s, tar + l.data_start,
	    (size_t)(l.data_end - l.data_start), &got, &i, &e), IK_OK);
	ck_assert_uint_eq(got, l.data_end - l.data_start);
	ck_assert_uint_gt(i, tlen / 2);
	ck_assert(ik_drs_stream_digests(s, all, body));
	ck_assert_mem_eq(all, md, 20);
	ik_drs_stream_close(s);
	ck_assert_uint_eq(drs_cores_busy(), 0);
	ik_drs_layout_free(&l);
	done(fd, path);
	free(back);
	free(tar);
	free(big);
}
END_TEST

Suite *suite_drs_stream(void);

Suite *
suite_drs_stream(void)
{
	Suite *s = suite_create("drs_stream");
	TCase *tc = tcase_create("stream");

	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, same_bytes_and_digests, 0, 4);
	tcase_add_loop_test(tc, early_close, 0, 2);
	tcase_add_loop_test(tc, plain_tar_passes_through, 0, 2);
	suite_add_tcase(s, tc);
	return s;
}
