/*
 * bench-diff: times ik_diff_run on in-memory trust lists of N records,
 * past the parse cap (IK_ITL_MAX_RECORDS) on purpose: it measures how the
 * matching scales, which the cap only hides.
 *
 *   bench-diff N [versions|nodes [print]]
 *
 * Each list holds N records, four per host (SAST, CCM, TFTP and TVS, the
 * TVS issued 1000 s after the others, so the hold-timer check scans every
 * host; hosts 0 and 3 have theirs 10 and 100 s apart, host 0 at install:
 * the ITLRecovery record is its SAST); the second list changes every
 * tenth certificate and the SAST of every tenth host (so hosts 9, 19, ...
 * change both a signer and the TVS), drops every hundredth record and
 * adds N/100 TVS records.
 * "versions" diffs them as two versions of one node, "nodes" as two
 * nodes.  Prints the time, the counts, and the SHA-256 of the text and
 * JSON renderings: the same program built against another libcore must
 * print the same digests (the output is byte-identical).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ik_phones.h"
#include "ik_phones_render.h"
#include "ik_itl_render.h"
#include "ik_report.h"

static ik_itl *
make(size_t n, int second)
{
	static const int roles[4] = { IK_FN_SAST, IK_FN_CCM, IK_FN_TFTP,
	    IK_FN_TVS };
	ik_itl *itl = ik_itl_new(IK_FMT_TLV);
	size_t i, k = 0, extra = second ? n / 100 : 0;
	char subj[64];

	itl->recs = calloc(n + extra, sizeof(*itl->recs));
	if (itl->recs == NULL)
		exit(2);
	for (i = 0; i < n + extra; i++) {
		ik_itl_record *r = &itl->recs[k];
		size_t host = i < n ? i / 4 : n + i;
		unsigned gen = second && i < n && (i % 10 == 9 || i % 40 == 36);

		if (second && i < n && i % 100 == 99)
			continue;
		r->index = k + 1;
		r->function = i < n ? roles[i % 4] : IK_FN_TVS;
		r->hash_alg = -1;
		snprintf(subj, sizeof(subj), "CN=Host%zu.example;O=bench", host);
		r->subject = strdup(subj);
		r->has_cert_sha1 = true;
		memcpy(r->cert_sha1, &i, sizeof(i));
		r->cert_sha1[12] = (uint8_t)gen;
		r->cert_sha1[19] = 0x5a;
		r->has_validity = true;
		r->not_before = (time_t)(1500000000 + host * 5000 +
		    (r->function != IK_FN_TVS ? 0 : host == 0 ? 10 :
		    host == 3 ? 100 : 1000));
		r->is_itl_recovery = i == 0;
		r->not_after = r->not_before + 86400 * 3650;
		k++;
	}
	itl->nrec = itl->rec_cap = k;
	itl->signature = IK_SIG_VALID;
	return itl;
}

static void
digest_of(const char *s, size_t n, char hex[65])
{
	uint8_t d[32];

	ik_digest_buf(IK_SHA256, (const uint8_t *)s, n, d);
	ik_hex(d, 32, hex);
}

int
main(int argc, char **argv)
{
	ik_diff_input in[2];
	ik_diff_opts o = { NULL, true, 1700000000 };
	ik_diff d;
	ik_error err;
	struct timespec t0, t1;
	ik_sb sb;
	json_t *j;
	char *line, h1[65], h2[65];
	size_t n;

	if (argc < 2) {
		fprintf(stderr, "usage: bench-diff N [versions|nodes]\n");
		return 2;
	}
	n = strtoul(argv[1], NULL, 10);
	o.versions = argc < 3 || strcmp(argv[2], "nodes") != 0;
	memset(in, 0, sizeof(in));
	in[0].node = in[0].file = "old";
	in[1].node = in[1].file = "new";
	in[0].itl = make(n, 0);
	in[1].itl = make(n, 1);
	ik_error_clear(&err);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ik_diff_run(in, 2, &o, &d, &err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ik_sb_init(&sb);
	ik_diff_text(&sb, &d, NULL);
	digest_of(sb.s, sb.len, h1);
	if (argc > 3)
		fputs(sb.s, stdout);
	j = ik_diff_json(&d);
	line = ik_json_line(j);
	digest_of(line, strlen(line), h2);
	printf("%s n=%zu: %.3f s, %zu changes, %zu missing, %zu findings\n"
	    "  text sha256 %s\n  json sha256 %s\n",
	    o.versions ? "versions" : "nodes", n,
	    (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9,
	    d.nchanges, d.nmissing, d.findings.n, h1, h2);
	free(line);
	json_decref(j);
	ik_sb_free(&sb);
	ik_diff_free(&d);
	ik_itl_free((ik_itl *)in[0].itl);
	ik_itl_free((ik_itl *)in[1].itl);
	return 0;
}
