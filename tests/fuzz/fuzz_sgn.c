/*
 * fuzz_sgn.c: the signed-file parser (.sgn, .enc.sgn), its lint, the
 * check against no trust list and against the same bytes read as a trust
 * list (hostile records carrying the signer's serial), and both renderers,
 * from memory.
 */
#include <stdlib.h>
#include <string.h>

#include "ik_sgn.h"
#include "ik_sgn_render.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ik_sgn_answer ans[2];
	ik_sgn_render_opts ro;
	ik_error err;
	ik_sgn *s = NULL;
	ik_itl *itl = NULL;
	json_t *j;
	char *str;
	ik_sb sb;

	if (size > 65536)
		return 0;
	memset(&ro, 0, sizeof(ro));
	ro.tool = "fuzz";
	ro.path = "fuzz.sgn";
	ro.input_size = -1;
	ro.answers = ans;
	ro.nanswers = 2;
	/* The decrypted-payload lines, with the payload standing in. */
	ro.plain = data;
	ro.plain_len = size;
	ik_error_clear(&err);
	if (ik_sgn_parse(data, size, "SEP001122334455.cnf.xml.sgn", &s,
	    &err) == IK_FATAL)
		return 0;
	ik_sgn_lint(s);
	ik_itl_parse(data, size, &itl, &err);
	ans[0].itl = "none";
	ik_sgn_check_itl(s, NULL, &ans[0].check);
	ans[1].itl = "self";
	ik_sgn_check_itl(s, itl, &ans[1].check);
	ik_sgn_note(s, ans[1].itl, &ans[1].check);
	j = ik_sgn_json(s, &ro);
	str = json_dumps(j, JSON_COMPACT);
	free(str);
	json_decref(j);
	ik_sb_init(&sb);
	ik_sgn_text(&sb, s, &ro);
	ik_sb_free(&sb);
	ik_itl_free(itl);
	ik_sgn_free(s);
	return 0;
}
