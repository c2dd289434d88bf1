/*
 * fuzz_archive.c: the input iterator on arbitrary bytes held in memory:
 * sniffing, libarchive's tar, gzip and zip readers as ik_input_next
 * drives them, a nested archive, the skip counts and the limits, the
 * report and the JSON "member".  The last byte picks the kinds wanted
 * (every kind, trust lists, PKCS#12, or phone logs handed over unread and
 * read through ik_input_read in pieces, some left unread), so that members
 * are read, streamed and skipped; the limits are small so that each run
 * stays short.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ik_jobs.h"
#include "ik_report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned logs = IK_IN_BIT(IK_IN_EVENTS) |
	    IK_IN_BIT(IK_IN_UNKNOWN);
	static const unsigned wants[] = { 0, IK_IN_BIT(IK_IN_TRUSTLIST),
	    IK_IN_BIT(IK_IN_P12), IK_IN_BIT(IK_IN_TRUSTLIST) | logs };
	uint8_t piece[3000];
	uint64_t got;
	ssize_t r;
	ik_input_opts o = { 0, 1u << 16, 64, 8u << 20, 100, 1u << 20 };
	ik_input_iter *it;
	ik_input in;
	ik_error err;
	ik_status st;
	json_t *j;
	ik_sb sb;
	size_t n = 0;

	o.want = wants[size > 0 ? data[size - 1] % 4 : 0];
	ik_error_clear(&err);
	if (ik_input_open_mem("fuzz.tgz", data, size, &o, &it, &err) != IK_OK)
		return 0;
	if (o.want & logs)
		ik_input_stream(it, logs);
	ik_sb_init(&sb);
	while (ik_input_next(it, &in, &st, &err)) {
		/* Every input is named, and a member inside its file. */
		if (in.name == NULL || (in.member != NULL &&
		    strncmp(in.name, "fuzz.tgz:", 9) != 0))
			abort();
		if (st == IK_OK && !in.streamed && (in.len > o.max ||
		    ik_input_sniff(in.buf, in.len) != in.kind))
			abort();
		if (st != IK_OK && in.buf != NULL)
			abort();
		/*
		 * A streamed input: bounded by the total; every other one
		 * read to its end.
		 */
		for (got = 0; st == IK_OK && in.streamed && (n & 1) == 0 &&
		    (r = ik_input_read(it, piece, sizeof(piece) - n % 7,
		    &err)) > 0; got += (uint64_t)r)
			if (got > o.max_total + sizeof(piece))
				abort();
		if (st == IK_OK && in.streamed && in.buf != NULL)
			abort();
		j = json_pack("{s:s, s:s}", "tool", "fuzz", "file", in.path);
		j = ik_input_json_member(j, "file", &in);
		json_decref(j);
		ik_sb_puts_safe(&sb, in.name, "");
		ik_input_free(&in);
		/*
		 * A walk ends: 64 members an archive, each of which may be an
		 * archive of 64, and an error for each at most.
		 */
		if (++n > 2 * 64 * 65 + 2)
			abort();
	}
	ik_input_iter_report(it, &sb);
	ik_input_iter_free(it);
	ik_sb_free(&sb);
	return 0;
}
