/*
 * fuzz_drs_platform.c: platformConfig.xml (and manifest) reading from
 * memory, then both renderings, as drs-platform would print them.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ik_drs.h"
#include "ik_drs_render.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t sha[32];
	ik_drs_platform pl;
	ik_error e;
	ik_sb sb;
	json_t *j;
	size_t i;

	if (size > IK_DRS_PLATFORM_MAX)
		return 0;
	ik_error_clear(&e);
	if (ik_drs_platform_parse(data, size, &pl, &e) == IK_OK) {
		j = ik_drs_platform_json(&pl, "fuzz", "f", sha,
		    (long long)size);
		json_decref(j);
		ik_sb_init(&sb);
		ik_drs_platform_text(&sb, &pl, "f", NULL);
		ik_sb_free(&sb);
		if (pl.ndns > IK_DRS_PF_LIST_MAX ||
		    pl.nntp > IK_DRS_PF_LIST_MAX ||
		    pl.nsecrets > IK_DRS_PF_LIST_MAX)
			abort();
		for (i = 0; i < IK_PF_COUNT; i++)
			if (pl.v[i] != NULL && strlen(pl.v[i]) > 1024)
				abort();	/* values stay bounded */
	}
	ik_drs_platform_free(&pl);
	return 0;
}
