/*
 * test_archive.c: the inputs an archive gives (libcore/jobs/archive.c).
 * Archives are written here with libarchive's writer, in memory, from the
 * samples in tests/data; each walk is written down as one line per input
 * given ("ok NAME KIND SIZE" or "failed NAME: message") and compared with
 * what it must be: members by kind, names inside and nested, the skipped
 * summary, every limit with its message, damage, and the JSON "member".
 */
#include <stdlib.h>
#include <string.h>

#include <archive.h>
#include <archive_entry.h>
#include <check.h>

#include "ik_jobs.h"
#include "ik_report.h"
#include "testkit.h"

/* One member to write: a regular file unless link (a symbolic link) or
 * hard (a hard link) or dir. */
struct mem {
	const char *name;
	const uint8_t *data;
	size_t len;
	const char *link, *hard;
	bool dir;
};

enum fmt { TAR, TGZ, ZIP, GZ };

static int
grow_cb(struct archive *a, void *ud, const void *buf, size_t n)
{
	ik_sb *sb = ud;

	(void)a;
	ik_sb_add(sb, buf, n);
	return sb->oom ? -1 : (int)n;
}

static la_ssize_t
write_cb(struct archive *a, void *ud, const void *buf, size_t n)
{
	return grow_cb(a, ud, buf, n);
}

/* The archive of the members, in memory (*len set; caller frees). */
static uint8_t *
make(enum fmt f, const struct mem *m, size_t n, size_t *len)
{
	struct archive *a = archive_write_new();
	struct archive_entry *e;
	ik_sb sb;
	size_t i;

	ik_sb_init(&sb);
	ck_assert_ptr_nonnull(a);
	if (f == ZIP)
		ck_assert_int_eq(archive_write_set_format_zip(a), ARCHIVE_OK);
	else if (f == GZ)
		ck_assert_int_eq(archive_write_set_format_raw(a), ARCHIVE_OK);
	else
		ck_assert_int_eq(archive_write_set_format_pax_restricted(a),
		    ARCHIVE_OK);
	if (f == TGZ || f == GZ)
		ck_assert_int_eq(archive_write_add_filter_gzip(a), ARCHIVE_OK);
	ck_assert_int_eq(archive_write_set_bytes_in_last_block(a, 1),
	    ARCHIVE_OK);
	ck_assert_int_eq(archive_write_open(a, &sb, NULL, write_cb, NULL),
	    ARCHIVE_OK);
	for (i = 0; i < n; i++) {
		e = archive_entry_new();
		archive_entry_set_pathname(e, m[i].name);
		archive_entry_set_mtime(e, 1700000000, 0);
		if (m[i].dir) {
			archive_entry_set_filetype(e, AE_IFDIR);
			archive_entry_set_perm(e, 0755);
		} else if (m[i].link != NULL) {
			archive_entry_set_filetype(e, AE_IFLNK);
			archive_entry_set_symlink(e, m[i].link);
			archive_entry_set_perm(e, 0777);
		} else {
			archive_entry_set_filetype(e, AE_IFREG);
			archive_entry_set_perm(e, 0644);
			if (m[i].hard != NULL)
				archive_entry_set_hardlink(e, m[i].hard);
			else
				archive_entry_set_size(e, (la_int64_t)m[i].len);
		}
		ck_assert_int_ge(archive_write_header(a, e), ARCHIVE_WARN);
		if (m[i].data != NULL && m[i].hard == NULL)
			ck_assert_int_eq(archive_write_data(a, m[i].data,
			    m[i].len), (la_ssize_t)m[i].len);
		archive_entry_free(e);
	}
	ck_assert_int_eq(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
	ck_assert(!sb.oom);
	*len = sb.len;
	return (uint8_t *)ik_sb_take(&sb);
}

static const char *
kind_name(ik_input_kind k)
{
	switch (k) {
	case IK_IN_TRUSTLIST: return "trustlist";
	case IK_IN_P12: return "p12";
	case IK_IN_EVENTS: return "events";
	case IK_IN_UNKNOWN: return "unknown";
	default: return "other";
	}
}

/*
 * Walks the inputs of buf as path, with opts; one line per input, then
 * the report after "--\n".  Checks each member's SHA-256 on the way.
 */
static char *
walk(const char *path, const uint8_t *buf, size_t len, const ik_input_opts *o)
{
	ik_input_iter *it;
	ik_input in;
	ik_error err;
	ik_status st;
	uint8_t sha[32];
	ik_sb sb;

	ik_sb_init(&sb);
	ik_error_clear(&err);
	ck_assert_int_eq(buf != NULL ? ik_input_open_mem(path, buf, len, o,
	    &it, &err) : ik_input_open(path, o, &it, &err), IK_OK);
	while (ik_input_next(it, &in, &st, &err)) {
		ck_assert_ptr_eq(in.path, path);
		if (in.member != NULL) {
			ck_assert_ptr_nonnull(in.label);
			ck_assert_ptr_eq(in.name, in.label);
			ck_assert_int_eq(strncmp(in.name, path, strlen(path)), 0);
			ck_assert_str_eq(in.name + strlen(path) + 1, in.member);
		} else
			ck_assert_ptr_eq(in.name, path);
		if (st == IK_OK) {
			ck_assert_int_eq(ik_digest_buf(IK_SHA256, in.buf, in.len,
			    sha), 0);
			ck_assert_mem_eq(sha, in.sha256, 32);
			ck_assert_int_eq(in.kind, ik_input_sniff(in.buf, in.len));
			ik_sb_printf(&sb, "ok %s %s %zu\n", in.name,
			    kind_name(in.kind), in.len);
		} else {
			ck_assert_ptr_null(in.buf);
			ik_sb_printf(&sb, "%s %s: %s\n", st == IK_FAILED ?
			    "failed" : "fatal", in.name, err.msg);
		}
		ik_input_free(&in);
	}
	ck_assert(!ik_input_next(it, &in, &st, &err));
	ik_sb_puts(&sb, "--\n");
	ik_input_iter_report(it, &sb);
	ik_input_iter_free(it);
	return ik_sb_take(&sb);
}

#define CK_WALK(want, path, buf, len, ...) do {			\
	char *got_ = walk(path, buf, len, __VA_ARGS__);			\
	ck_assert_str_eq(got_, want);					\
	free(got_);							\
} while (0)

static const ik_input_opts want_itl = { IK_IN_BIT(IK_IN_TRUSTLIST),
    4u << 20, 0, 0, 0, 0 };
static const ik_input_opts want_p12 = { IK_IN_BIT(IK_IN_P12), 1u << 20,
    0, 0, 0, 0 };

struct fixtures {
	uint8_t *itl, *itl2, *p12, *ev;
	size_t itl_len, itl2_len, p12_len, ev_len;
};

static void
fx_load(struct fixtures *f)
{
	f->itl = tk_read("cluster/pub.tlv", &f->itl_len);
	f->itl2 = tk_read("cluster/sub.tlv", &f->itl2_len);
	f->p12 = tk_read("p12/itlrecovery-modern.p12", &f->p12_len);
	f->ev = tk_read("events/cisco-214535_devicetlinfo_alarm_home.xml",
	    &f->ev_len);
}

static void
fx_free(struct fixtures *f)
{
	free(f->itl);
	free(f->itl2);
	free(f->p12);
	free(f->ev);
}

/* A file that is no archive gives itself, whatever its kind. */
START_TEST(plain_files)
{
	struct fixtures f;

	fx_load(&f);
	CK_WALK("ok p.p12 p12 1763\n--\n", "p.p12", f.p12, f.p12_len,
	    &want_itl);
	CK_WALK("ok cluster/pub.tlv trustlist 4613\n--\n", "cluster/pub.tlv",
	    NULL, 0, &want_itl);
	CK_WALK("fatal no-such-file: cannot open: No such file or directory\n--\n",
	    "no-such-file", NULL, 0, &want_itl);
	CK_WALK("failed cluster/pub.tlv: file is 4613 bytes, over the "
	    "4000-byte limit\n--\n", "cluster/pub.tlv", NULL, 0,
	    &(ik_input_opts){ 0, 4000, 0, 0, 0, 0 });
	CK_WALK("failed m: input is over the 100-byte limit\n--\n", "m",
	    f.itl, f.itl_len, &(ik_input_opts){ 0, 100, 0, 0, 0, 0 });
	fx_free(&f);
}
END_TEST

/* Members by kind; links, directories and other kinds counted. */
START_TEST(tgz_members_by_kind)
{
	struct fixtures f;
	uint8_t *a;
	size_t len;

	fx_load(&f);
	{
		const struct mem m[] = {
			{ "nodes/", NULL, 0, NULL, NULL, true },
			{ "nodes/pub/ITLFile.tlv", f.itl, f.itl_len, NULL, NULL,
			    false },
			{ "keys/ITLRecovery.p12", f.p12, f.p12_len, NULL, NULL,
			    false },
			{ "logs/alarm.xml", f.ev, f.ev_len, NULL, NULL, false },
			{ "nodes/sub/ITLFile.tlv", f.itl2, f.itl2_len, NULL,
			    NULL, false },
			{ "pub-link", NULL, 0, "nodes/pub/ITLFile.tlv", NULL,
			    false },
			{ "pub-hard", NULL, 0, NULL, "nodes/pub/ITLFile.tlv",
			    false },
			{ "README", (const uint8_t *)"hello\n", 6, NULL, NULL,
			    false },
		};

		a = make(TGZ, m, 8, &len);
	}
	CK_WALK("ok b.tgz:nodes/pub/ITLFile.tlv trustlist 4613\n"
	    "ok b.tgz:nodes/sub/ITLFile.tlv trustlist 4613\n"
	    "--\n"
	    "b.tgz: 6 members skipped: 1 PKCS#12 (p12-check reads it), "
	    "1 phone log (itl-phones reads it), 1 unrecognised file, "
	    "1 symbolic link, 1 hard link, 1 directory\n",
	    "b.tgz", a, len, &want_itl);
	CK_WALK("ok b.tgz:keys/ITLRecovery.p12 p12 1763\n"
	    "--\n"
	    "b.tgz: 7 members skipped: 2 trust lists (itl-show reads them), "
	    "1 phone log (itl-phones reads it), 1 unrecognised file, "
	    "1 symbolic link, 1 hard link, 1 directory\n",
	    "b.tgz", a, len, &want_p12);
	/* Every kind wanted: every regular member. */
	CK_WALK("ok b.tgz:nodes/pub/ITLFile.tlv trustlist 4613\n"
	    "ok b.tgz:keys/ITLRecovery.p12 p12 1763\n"
	    "ok b.tgz:logs/alarm.xml events 573\n"
	    "ok b.tgz:nodes/sub/ITLFile.tlv trustlist 4613\n"
	    "ok b.tgz:README unknown 6\n"
	    "--\n"
	    "b.tgz: 3 members skipped: 1 symbolic link, 1 hard link, "
	    "1 directory\n",
	    "b.tgz", a, len, &(ik_input_opts){ 0, 1u << 20, 0, 0, 0, 0 });
	/* The same members as a plain tar and as a zip. */
	free(a);
	{
		const struct mem m[] = {
			{ "d/", NULL, 0, NULL, NULL, true },
			{ "d/ITLFile.tlv", f.itl, f.itl_len, NULL, NULL, false },
			{ "k.p12", f.p12, f.p12_len, NULL, NULL, false },
		};

		a = make(TAR, m, 2, &len);
		/* A directory alone makes no line. */
		CK_WALK("ok t.tar:d/ITLFile.tlv trustlist 4613\n--\n",
		    "t.tar", a, len, &want_itl);
		free(a);
		a = make(ZIP, m, 3, &len);
		CK_WALK("ok z.zip:k.p12 p12 1763\n--\n"
		    "z.zip: 2 members skipped: 1 trust list (itl-show reads "
		    "it), 1 directory\n", "z.zip", a, len, &want_p12);
	}
	free(a);
	fx_free(&f);
}
END_TEST

/* A gzip'd single file gives its contents, named as gunzip would. */
START_TEST(gzip_single)
{
	struct fixtures f;
	uint8_t *a;
	size_t len;

	fx_load(&f);
	{
		const struct mem m[] = {
			{ "whatever", f.p12, f.p12_len, NULL, NULL, false },
		};

		a = make(GZ, m, 1, &len);
	}
	/* Whatever its kind: it is the file given, as a plain one is. */
	CK_WALK("ok x/ITLRecovery.p12.GZ:ITLRecovery.p12 p12 1763\n--\n",
	    "x/ITLRecovery.p12.GZ", a, len, &want_itl);
	CK_WALK("ok -:data p12 1763\n--\n", "-", a, len, &want_itl);
	CK_WALK("ok blob:blob p12 1763\n--\n", "blob", a, len, &want_itl);
	free(a);
	fx_free(&f);
}
END_TEST

/* One level of nesting is opened; the next is named and counted. */
START_TEST(nested)
{
	struct fixtures f;
	uint8_t *inner, *gz, *mid, *outer;
	size_t ilen, glen, mlen, olen;

	fx_load(&f);
	{
		const struct mem m[] = {
			{ "pub.tlv", f.itl, f.itl_len, NULL, NULL, false },
			{ "k.p12", f.p12, f.p12_len, NULL, NULL, false },
		};
		const struct mem g[] = {
			{ "x", f.itl2, f.itl2_len, NULL, NULL, false },
		};

		inner = make(TGZ, m, 2, &ilen);
		gz = make(GZ, g, 1, &glen);
	}
	{
		const struct mem m[] = {
			{ "node1.tgz", inner, ilen, NULL, NULL, false },
			{ "sub.tlv.gz", gz, glen, NULL, NULL, false },
			{ "top.tlv", f.itl2, f.itl2_len, NULL, NULL, false },
		};

		mid = make(ZIP, m, 3, &mlen);
	}
	CK_WALK("ok b.zip:node1.tgz:pub.tlv trustlist 4613\n"
	    "ok b.zip:sub.tlv.gz:sub.tlv trustlist 4613\n"
	    "ok b.zip:top.tlv trustlist 4613\n"
	    "--\n"
	    "b.zip: 1 member skipped: 1 PKCS#12 (p12-check reads it)\n",
	    "b.zip", mid, mlen, &want_itl);
	{
		const struct mem m[] = {
			{ "mid.zip", mid, mlen, NULL, NULL, false },
			{ "last.tlv", f.itl, f.itl_len, NULL, NULL, false },
		};

		outer = make(TAR, m, 2, &olen);
	}
	CK_WALK("ok o.tar:mid.zip:top.tlv trustlist 4613\n"
	    "ok o.tar:last.tlv trustlist 4613\n"
	    "--\n"
	    "o.tar:mid.zip:node1.tgz: archive nested two deep: not opened "
	    "(one level of nesting is read)\n"
	    "o.tar:mid.zip:sub.tlv.gz: archive nested two deep: not opened "
	    "(one level of nesting is read)\n"
	    "o.tar: 2 members skipped: 2 archives nested two deep (not "
	    "opened)\n",
	    "o.tar", outer, olen, &want_itl);
	free(inner);
	free(gz);
	free(mid);
	free(outer);
	fx_free(&f);
}
END_TEST

/* Nothing of the kind wanted: one failure that says what is there. */
START_TEST(nothing_wanted)
{
	struct fixtures f;
	uint8_t *a;
	size_t len;

	fx_load(&f);
	{
		const struct mem m[] = {
			{ "k.p12", f.p12, f.p12_len, NULL, NULL, false },
			{ "d/", NULL, 0, NULL, NULL, true },
		};

		a = make(TGZ, m, 2, &len);
	}
	CK_WALK("failed k.tgz: no trust list inside: 2 members skipped: "
	    "1 PKCS#12 (p12-check reads it), 1 directory\n--\n",
	    "k.tgz", a, len, &want_itl);
	free(a);
	a = make(TAR, NULL, 0, &len);
	/* An empty tar has no header to tell it by: 1024 zero bytes. */
	ck_assert_uint_eq(len, 1024);
	CK_WALK("ok e.tar unknown 1024\n--\n", "e.tar", a, len, &want_itl);
	free(a);
	a = make(ZIP, NULL, 0, &len);
	CK_WALK("ok e.zip unknown 22\n--\n", "e.zip", a, len, &want_itl);
	free(a);
	fx_free(&f);
}
END_TEST

/* Limits: bytes per member, members, expansion, total. */
START_TEST(limits)
{
	struct fixtures f;
	uint8_t *a, *zeros, *inner, *outer;
	size_t len, ilen, olen, zlen = 8u << 20;

	fx_load(&f);
	zeros = calloc(1, zlen);
	ck_assert_ptr_nonnull(zeros);
	memcpy(zeros, f.itl, 16);	/* sniffs as a trust list */
	{
		const struct mem m[] = {
			{ "big.tlv", zeros, zlen, NULL, NULL, false },
			{ "pub.tlv", f.itl, f.itl_len, NULL, NULL, false },
			{ "a", (const uint8_t *)"a", 1, NULL, NULL, false },
			{ "b", (const uint8_t *)"b", 1, NULL, NULL, false },
		};

		a = make(TGZ, m, 4, &len);
	}
	/* Over the job's bytes: that member only. */
	CK_WALK("failed b.tgz:big.tlv: member is 8388608 bytes, over the "
	    "4194304-byte limit\n"
	    "ok b.tgz:pub.tlv trustlist 4613\n--\n"
	    "b.tgz: 2 members skipped: 2 unrecognised files\n",
	    "b.tgz", a, len, &want_itl);
	/* Over the members: what came before stays. */
	CK_WALK("failed b.tgz:big.tlv: member is 8388608 bytes, over the "
	    "4194304-byte limit\n"
	    "ok b.tgz:pub.tlv trustlist 4613\n"
	    "failed b.tgz: holds more than 2 members: not read further\n--\n",
	    "b.tgz", a, len, &(ik_input_opts){ IK_IN_BIT(IK_IN_TRUSTLIST),
	    4u << 20, 2, 0, 0, 0 });
	/*
	 * A bomb: 8 MiB from a few KiB, past 1 MiB.  The member is refused
	 * by its size first, then reading through it is stopped.
	 */
	{
		char *got = walk("b.tgz", a, len, &(ik_input_opts){
		    IK_IN_BIT(IK_IN_TRUSTLIST), 4u << 20, 0, 0, 100,
		    1u << 20 });

		ck_assert_ptr_nonnull(strstr(got, "member is 8388608 bytes"));
		ck_assert_ptr_nonnull(strstr(got, "failed b.tgz: expands more "
		    "than 100 times ("));
		ck_assert_ptr_nonnull(strstr(got, "refused as a decompression "
		    "bomb\n--\n"));
		ck_assert_ptr_null(strstr(got, "pub.tlv"));
		free(got);
	}
	/* The total, whatever the ratio. */
	CK_WALK("failed b.tgz:big.tlv: member is 8388608 bytes, over the "
	    "4194304-byte limit\n"
	    "failed b.tgz: holds more than 1000000 bytes of data: not read "
	    "further\n--\n", "b.tgz", a, len, &(ik_input_opts){
	    IK_IN_BIT(IK_IN_TRUSTLIST), 4u << 20, 0, 1000000, 0, 0 });
	/* A bomb inside: only the archive inside is given up. */
	inner = a;
	ilen = len;
	{
		const struct mem m[] = {
			{ "in.tgz", inner, ilen, NULL, NULL, false },
			{ "after.tlv", f.itl2, f.itl2_len, NULL, NULL, false },
		};

		outer = make(ZIP, m, 2, &olen);
	}
	{
		char *got = walk("o.zip", outer, olen, &(ik_input_opts){
		    IK_IN_BIT(IK_IN_TRUSTLIST), 4u << 20, 0, 0, 100,
		    1u << 20 });

		ck_assert_ptr_nonnull(strstr(got, "failed o.zip:in.tgz:big.tlv: "
		    "member is 8388608 bytes"));
		ck_assert_ptr_nonnull(strstr(got, "failed o.zip:in.tgz: expands "
		    "more than 100 times"));
		ck_assert_ptr_nonnull(strstr(got, "ok o.zip:after.tlv "
		    "trustlist 4613\n--\n"));
		free(got);
	}
	free(outer);
	free(a);
	free(zeros);
	fx_free(&f);
}
END_TEST

/* A damaged archive: what was read before the damage stays. */
START_TEST(damage)
{
	struct fixtures f;
	uint8_t *a, *noise;
	size_t len, i, nlen = 200000;
	uint32_t x = 1;
	char *got;

	fx_load(&f);
	/* Bytes gzip cannot shrink, so that the cut falls inside them. */
	noise = malloc(nlen);
	ck_assert_ptr_nonnull(noise);
	for (i = 0; i < nlen; i++) {
		x = x * 1103515245u + 12345u;
		noise[i] = (uint8_t)(x >> 16);
	}
	noise[0] = 'N';
	{
		const struct mem m[] = {
			{ "pub.tlv", f.itl, f.itl_len, NULL, NULL, false },
			{ "noise", noise, nlen, NULL, NULL, false },
			{ "sub.tlv", f.itl2, f.itl2_len, NULL, NULL, false },
		};

		a = make(TGZ, m, 3, &len);
	}
	got = walk("c.tgz", a, len / 2, &want_itl);
	ck_assert_str_eq(got, "ok c.tgz:pub.tlv trustlist 4613\n"
	    "failed c.tgz: damaged archive in member 2 (noise): truncated "
	    "gzip input\n--\n"
	    "c.tgz: 1 member skipped: 1 unrecognised file\n");
	free(got);
	/* Damaged before the first header. */
	CK_WALK("failed c.tgz: damaged archive: truncated gzip input\n--\n",
	    "c.tgz", a, 30, &want_itl);
	free(a);
	free(noise);
	fx_free(&f);
}
END_TEST

/* JSON: "member" right after "file", only for a member. */
START_TEST(json_member)
{
	ik_input in;
	json_t *o;
	char *s;

	memset(&in, 0, sizeof(in));
	in.path = "b.tgz";
	in.name = in.path;
	o = json_pack("{s:s, s:s, s:s, s:i}", "tool", "t", "file", "b.tgz",
	    "sha256", "00", "size", 1);
	o = ik_input_json_member(o, "file", &in);
	s = ik_json_line(o);
	ck_assert_str_eq(s, "{\"tool\":\"t\",\"file\":\"b.tgz\",\"sha256\":"
	    "\"00\",\"size\":1}");
	free(s);
	in.label = strdup("b.tgz:d/\xff\x1b.tlv");
	in.name = in.label;
	in.member = in.label + 6;
	o = ik_input_json_member(o, "file", &in);
	s = ik_json_line(o);
	/* Not UTF-8: given printable, as every hostile string is. */
	ck_assert_str_eq(s, "{\"tool\":\"t\",\"file\":\"b.tgz\",\"member\":"
	    "\"d/\\\\xff\\\\x1b.tlv\",\"sha256\":\"00\",\"size\":1}");
	free(s);
	json_decref(o);
	ik_input_free(&in);
	ck_assert_ptr_null(in.label);
	ck_assert_ptr_null(ik_input_json_member(NULL, "file", &in));
}
END_TEST

/*
 * Streamed inputs: one line per input, "stream NAME KIND SIZE" with its
 * data read through ik_input_read in pieces of chunk bytes (compared with
 * want when given), or "ok"/"failed" as walk writes them.
 */
static char *
walk_stream(const char *path, const uint8_t *buf, size_t len,
    const ik_input_opts *o, unsigned kinds, size_t chunk, size_t stop)
{
	ik_input_iter *it;
	ik_input in;
	ik_error err;
	ik_status st;
	uint8_t piece[7000];
	ssize_t n = 0;
	size_t got;
	ik_sb sb;

	ck_assert_uint_le(chunk, sizeof(piece));
	ik_sb_init(&sb);
	ck_assert_int_eq(buf != NULL ? ik_input_open_mem(path, buf, len, o,
	    &it, &err) : ik_input_open(path, o, &it, &err), IK_OK);
	ik_input_stream(it, kinds);
	while (ik_input_next(it, &in, &st, &err)) {
		if (st != IK_OK)
			ik_sb_printf(&sb, "failed %s: %s\n", in.name, err.msg);
		else if (!in.streamed)
			ik_sb_printf(&sb, "ok %s %s %zu\n", in.name,
			    kind_name(in.kind), in.len);
		else {
			ck_assert_ptr_null(in.buf);
			got = 0;
			/* stop: the caller leaves the rest unread. */
			while (got < stop &&
			    (n = ik_input_read(it, piece, chunk, &err)) > 0)
				got += (size_t)n;
			ik_sb_printf(&sb, "stream %s %s %zu", in.name,
			    kind_name(in.kind), got);
			if (n < 0)
				ik_sb_printf(&sb, " (%s)", err.msg);
			ik_sb_puts(&sb, "\n");
		}
		ik_input_free(&in);
	}
	ik_input_iter_report(it, &sb);
	ik_input_iter_free(it);
	return ik_sb_take(&sb);
}

/* Members of the streamed kinds are read as they stream, the others whole. */
START_TEST(streamed_members)
{
	const unsigned logs = IK_IN_BIT(IK_IN_EVENTS) | IK_IN_BIT(IK_IN_UNKNOWN);
	const ik_input_opts o = { logs | IK_IN_BIT(IK_IN_TRUSTLIST), 1u << 20,
	    0, 0, 0, 0 };
	struct fixtures f;
	uint8_t *a, *zeros;
	size_t len;
	char *got;

	fx_load(&f);
	{
		const struct mem m[] = {
			{ "alarm.xml", f.ev, f.ev_len, NULL, NULL, false },
			{ "pub.tlv", f.itl, f.itl_len, NULL, NULL, false },
			{ "k.p12", f.p12, f.p12_len, NULL, NULL, false },
			{ "notes.txt", (const uint8_t *)"hello\n", 6, NULL,
			    NULL, false },
		};

		a = make(TGZ, m, 4, &len);
	}
	/* In pieces smaller and larger than the sniffed head. */
	got = walk_stream("b.tgz", a, len, &o, logs, 100, SIZE_MAX);
	ck_assert_str_eq(got, "stream b.tgz:alarm.xml events 573\n"
	    "ok b.tgz:pub.tlv trustlist 4613\n"
	    "stream b.tgz:notes.txt unknown 6\n"
	    "b.tgz: 1 member skipped: 1 PKCS#12 (p12-check reads it)\n");
	free(got);
	got = walk_stream("b.tgz", a, len, &o, logs, 7000, SIZE_MAX);
	ck_assert_str_eq(got, "stream b.tgz:alarm.xml events 573\n"
	    "ok b.tgz:pub.tlv trustlist 4613\n"
	    "stream b.tgz:notes.txt unknown 6\n"
	    "b.tgz: 1 member skipped: 1 PKCS#12 (p12-check reads it)\n");
	free(got);
	/* What the caller leaves unread is skipped. */
	got = walk_stream("b.tgz", a, len, &o, logs, 10, 10);
	ck_assert_str_eq(got, "stream b.tgz:alarm.xml events 10\n"
	    "ok b.tgz:pub.tlv trustlist 4613\n"
	    "stream b.tgz:notes.txt unknown 6\n"
	    "b.tgz: 1 member skipped: 1 PKCS#12 (p12-check reads it)\n");
	free(got);
	free(a);
	/* A plain file and a gzip'd one stream whole, whatever their kind. */
	got = walk_stream("cluster/pub.tlv", NULL, 0, &o, logs, 1000,
	    SIZE_MAX);
	ck_assert_str_eq(got, "stream cluster/pub.tlv trustlist 4613\n");
	free(got);
	{
		const struct mem m[] = {
			{ "x", f.itl, f.itl_len, NULL, NULL, false },
		};

		a = make(GZ, m, 1, &len);
	}
	got = walk_stream("pub.tlv.gz", a, len, &o, logs, 1000, SIZE_MAX);
	ck_assert_str_eq(got, "stream pub.tlv.gz:pub.tlv trustlist 4613\n");
	free(got);
	free(a);
	/* A streamed member is bounded by the ratio, not by max. */
	zeros = calloc(1, 1u << 20);
	ck_assert_ptr_nonnull(zeros);
	{
		const struct mem m[] = {
			{ "z.log", zeros, 1u << 20, NULL, NULL, false },
			{ "pub.tlv", f.itl, f.itl_len, NULL, NULL, false },
		};

		a = make(TGZ, m, 2, &len);
	}
	got = walk_stream("z.tgz", a, len, &(ik_input_opts){ logs, 4096, 0,
	    0, 100, 65536 }, logs, 7000, SIZE_MAX);
	ck_assert_msg(strstr(got, "stream z.tgz:z.log unknown ") == got &&
	    strstr(got, "refused as a decompression bomb") != NULL, "%s", got);
	free(got);
	/* A streamed plain input is bounded by the total. */
	got = walk_stream("zeros", zeros, 1u << 20, &(ik_input_opts){ logs,
	    4096, 0, 65536, 0, 0 }, logs, 7000, SIZE_MAX);
	ck_assert_str_eq(got, "stream zeros unknown 65048 (input is over the "
	    "65536-byte limit)\n");
	free(got);
	got = walk_stream("-", zeros, 1u << 20, &(ik_input_opts){ logs,
	    4096, 0, 65536, 0, 0 }, logs, 7000, SIZE_MAX);
	ck_assert_str_eq(got, "stream - unknown 65048 (standard input is over "
	    "the 65536-byte limit: save it to a file)\n");
	free(got);
	free(a);
	free(zeros);
	fx_free(&f);
}
END_TEST

/* "member" goes right after the key, and nowhere without one. */
START_TEST(report_member)
{
	json_t *o;
	char *s;

	o = ik_report_member(json_pack("{s:s, s:s, s:i}", "tool", "t", "file",
	    "b.tgz", "size", 3), "file", "in/x.tlv");
	s = json_dumps(o, JSON_COMPACT);
	ck_assert_str_eq(s, "{\"tool\":\"t\",\"file\":\"b.tgz\","
	    "\"member\":\"in/x.tlv\",\"size\":3}");
	free(s);
	o = ik_report_member(o, "file", NULL);
	s = json_dumps(o, JSON_COMPACT);
	ck_assert_str_eq(s, "{\"tool\":\"t\",\"file\":\"b.tgz\","
	    "\"member\":\"in/x.tlv\",\"size\":3}");
	free(s);
	json_decref(o);
	ck_assert_ptr_null(ik_report_member(NULL, "file", "m"));
}
END_TEST

Suite *suite_archive(void);

Suite *
suite_archive(void)
{
	Suite *s = suite_create("archive");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, plain_files);
	tcase_add_test(tc, tgz_members_by_kind);
	tcase_add_test(tc, gzip_single);
	tcase_add_test(tc, nested);
	tcase_add_test(tc, nothing_wanted);
	tcase_add_test(tc, limits);
	tcase_add_test(tc, damage);
	tcase_add_test(tc, json_member);
	tcase_add_test(tc, streamed_members);
	tcase_add_test(tc, report_member);
	suite_add_tcase(s, tc);
	return s;
}
