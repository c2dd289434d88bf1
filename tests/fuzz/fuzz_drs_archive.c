/*
 * fuzz_drs_archive.c: DRS sets inside an archive (drs_archive.c), past
 * the archive reader (fuzz_archive covers that): the input is a list of
 * members, each a 1-byte name length, the name, a 3-byte big-endian
 * length and the bytes, walked twice as the jobs layer's walker would.
 * Grouping by name, duplicates, manifests, layouts from head and tail,
 * and the deep read with the generated sets' cluster password (the
 * seeds are those sets) all run on them.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ik_drs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MEMBERS_MAX	64

struct input {
	const uint8_t *p;
	size_t len;
};

struct cursor {
	const uint8_t *p;
	size_t len, pos;
};

static ssize_t
member_read(void *arg, void *buf, size_t n)
{
	struct cursor *c = arg;

	if (n > c->len - c->pos)
		n = c->len - c->pos;
	memcpy(buf, c->p + c->pos, n);
	c->pos += n;
	return (ssize_t)n;
}

static bool
is_archive(void *arg, const char *path)
{
	(void)arg;
	(void)path;
	return true;
}

static ik_status
walk(void *arg, const char *path, ik_drs_member_fn fn, void *fn_arg,
    ik_error *err)
{
	const struct input *in = arg;
	char name[256];
	struct cursor c;
	size_t off = 0, n, len, members = 0;
	ik_status st;

	(void)path;
	while (off < in->len && members++ < MEMBERS_MAX) {
		n = in->p[off++];
		if (in->len - off < n + 3)
			break;
		memcpy(name, in->p + off, n);
		name[n] = '\0';
		off += n;
		len = (size_t)in->p[off] << 16 | (size_t)in->p[off + 1] << 8 |
		    in->p[off + 2];
		off += 3;
		if (len > in->len - off)
			len = in->len - off;
		if (strlen(name) != n)
			continue;	/* a NUL in a name: no archive has one */
		c.p = in->p + off;
		c.len = len;
		c.pos = 0;
		off += len;
		if ((st = fn(fn_arg, name, member_read, &c, err)) != IK_OK)
			return st;
	}
	return IK_OK;
}

static void
report(void *arg, const ik_drs_report *r)
{
	(void)arg;
	if (r->status >= IK_DRS_SET_STATUSES)
		abort();	/* a set's verdict is one of the set statuses */
}

static void
error(void *arg, const char *path, const ik_error *err)
{
	(void)arg;
	(void)path;
	(void)err;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char pw[] = "Cluster#Pass1";	/* tests/data/drs/gen/cluster.pw */
	static ik_secret one = { pw, sizeof(pw) - 1, 1 };
	ik_secrets pws = { &one, 1 };
	struct input in = { data, size };
	ik_drs_walker w = { is_archive, walk, &in };
	ik_drs_batch_cb cb = { NULL, report, error, NULL };
	ik_drs_opts o = { .passwords = &pws, .deep = true, .hash = true,
	    .walker = &w };
	const char *paths[1] = { "fuzz.zip" };
	ik_drs_summary sum;

	if (size > (4u << 20))
		return 0;
	memset(&sum, 0, sizeof(sum));
	ik_drs_batch(paths, 1, &o, &cb, &sum);
	ik_drs_summary_free(&sum);
	return 0;
}
