/*
 * fuzz_drs_container.c: a component file from memory: layout detection
 * (Salted__, trailing text, plain tar or gzip), the leak search, and the
 * one-pass scan that decrypts with a fixed random password and lists the
 * inner archive with libarchive.
 */
#include <stdint.h>
#include <string.h>

#include "ik_drs.h"
#include "ik_p12.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char pw[] = "SyntheticRandomPw123";
	ik_drs_source src = { .fd = -1 };
	ik_drs_layout l;
	ik_drs_scan scan;
	ik_error e;
	bool same;

	if (size > (4u << 20))
		return 0;
	/* PKCS#12 members are opened too: keep hostile iteration counts cheap. */
	ik_p12_set_max_iterations(100000);
	ik_error_clear(&e);
	src.mem = data;
	src.size = size;
	if (ik_drs_source_layout(&src, &l, &e) != IK_OK)
		return 0;
	if (l.trailer != NULL)
		ik_drs_trailer_leak(l.trailer, l.trailer_len, pw, &same);
	if (ik_drs_scan_source(&src, &l, IK_SHA1, pw, sizeof(pw) - 1, true,
	    &scan, &e) == IK_OK)
		ik_drs_scan_free(&scan);
	ik_drs_layout_free(&l);
	return 0;
}
