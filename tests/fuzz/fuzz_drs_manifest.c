/*
 * fuzz_drs_manifest.c: drfComponent.xml parsing from memory.  The
 * parsed values also go through the scheme decryption, as drs-verify
 * would, with a fixed cluster password.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ik_drs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char H[] =
	    "033D77E90D853E03592F55442657AA33831812812AB2825C831812812AB2825C";
	ik_drs_manifest m;
	ik_findings f;
	ik_error e;
	uint8_t out[272];
	size_t i, n;

	if (size > (1u << 20))
		return 0;
	ik_error_clear(&e);
	ik_findings_init(&f);
	if (ik_drs_manifest_parse(data, size, &m, &f, &e) == IK_OK) {
		ik_drs_scheme_for_version(m.version);
		for (i = 0; i < m.ncomps && i < 8; i++) {
			if (m.comps[i].encrypt_key != NULL)
				ik_drs_value_decrypt(1 + (int)(i % 4), H,
				    m.comps[i].encrypt_key, out, sizeof(out),
				    &n, &e);
			if (m.comps[i].key_off + m.comps[i].key_len > size ||
			    m.comps[i].sum_off + m.comps[i].sum_len > size)
				abort();	/* spans must stay inside */
		}
		ik_drs_manifest_free(&m);
	}
	ik_findings_free(&f);
	return 0;
}
