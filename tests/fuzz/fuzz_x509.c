/*
 * fuzz_x509.c: a certificate read through our template (x509_decode.c)
 * and by d2i_X509 must agree on acceptance, bytes used and every field
 * kept, the key included; any difference aborts.
 */
#include <stdio.h>
#include <stdlib.h>

#include "x509_decode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *why;

	if (size > 65536)
		return 0;
	if (ik_x509_decode_compare(data, size, &why, NULL) != 0) {
		fprintf(stderr, "x509: %s differs from d2i_X509's\n", why);
		abort();
	}
	return 0;
}
