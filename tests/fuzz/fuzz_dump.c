/*
 * fuzz_dump.c: `show itl` / `show ctl` text through every dump of the
 * input, the renderers and the analyses that read dumps.
 */
#include <stdint.h>
#include <stdlib.h>

#include "ik_phones.h"
#include "ik_phones_render.h"
#include "ik_itl_render.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ik_itl_render_opts ro = { "fuzz", "fuzz", NULL, 0, 0, NULL };
	ik_trust_result tr;
	ik_itl **v = NULL;
	ik_error err;
	size_t n = 0, i;
	json_t *j;
	ik_sb sb;

	ik_error_clear(&err);
	ik_trustlist_load_all(data, size, &v, &n, &err);
	for (i = 0; i < n; i++) {
		ik_itl_lint(v[i], &(ik_lint_opts){ 0, 30 });
		j = ik_itl_json(v[i], &ro);
		json_decref(j);
		ik_sb_init(&sb);
		ik_itl_text(&sb, v[i], &ro);
		ik_sb_free(&sb);
		ik_trust_eval(i ? v[i - 1] : NULL, v[i], &tr);
		json_decref(ik_trust_json(&tr));
	}
	for (i = 0; i < n; i++)
		ik_itl_free(v[i]);
	free(v);
	return 0;
}
