/*
 * fuzz_itl.c: the trust-list parser, certificate decoding, verification,
 * lint, the renderers (JSON, text wrapped and coloured, CSV), the trust engine (the list against nothing and
 * against itself: hostile signer records) and the writer, from memory.  A
 * well-formed parse must re-serialise to the same bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "ik_phones.h"
#include "ik_phones_render.h"
#include "ik_itl_render.h"
#include "ik_itl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Colour and a narrow width: hostile names through the wrapper. */
	ik_text_opts to = { false, true, 40 };
	ik_itl_render_opts ro = { "fuzz", "fuzz", NULL, -1, 0, &to };
	ik_lint_opts lo = { 1500000000, 180 };
	ik_trust_result tr;
	ik_error err;
	ik_itl *itl = NULL;
	uint8_t *out;
	size_t olen;
	json_t *j;
	char *s;
	ik_sb sb;

	if (size > 65536)
		return 0;
	ik_error_clear(&err);
	if (ik_itl_parse(data, size, &itl, &err) == IK_FATAL)
		return 0;
	ik_trustlist_note_kind(itl, data, size, &err);
	ik_itl_verify(itl);
	ik_itl_lint(itl, &lo);
	j = ik_itl_json(itl, &ro);
	s = json_dumps(j, JSON_COMPACT);
	free(s);
	json_decref(j);
	ik_sb_init(&sb);
	ik_itl_text(&sb, itl, &ro);
	ik_itl_csv(&sb, itl, &ro);
	ik_trust_eval(NULL, itl, &tr);
	ik_trust_eval(itl, itl, &tr);
	ik_trust_text(&sb, &tr, "");
	ik_sb_free(&sb);
	if (!itl->malformed) {
		if (ik_itl_serialize(itl, &out, &olen, &err) == IK_OK) {
			/*
			 * Container lengths are recomputed on write, so only a
			 * file whose containers were consistent comes back whole.
			 */
			if (!ik_findings_has(&itl->findings,
			    IKF_CONTAINER_LENGTH_MISMATCH) &&
			    (olen != size || memcmp(out, data, size) != 0))
				abort();
			free(out);
		}
	}
	ik_itl_free(itl);
	return 0;
}
