/*
 * fuzz_events.c: the event scanner (alarm XML, SIP, syslog, CSV) fed in
 * two chunks split at a point the input chooses, then every phone judged
 * and rendered.
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
	ik_phone_verdict v;
	ik_phone_lists pl;
	/* Colour and a narrow width: hostile reasons through the wrapper. */
	ik_text_opts to = { false, true, 40 };
	ik_phone_said said = { { NULL }, { NULL }, 0 };
	ik_findings fs;
	ik_phones db;
	ik_evscan *s;
	size_t cut, i;
	ik_sb sb;

	ik_phones_init(&db);
	s = ik_evscan_new(&db, 0);
	if (s == NULL)
		return 0;
	cut = size ? data[0] % (size + 1) : 0;
	ik_evscan_feed(s, data, cut);
	ik_evscan_feed(s, data + cut, size - cut);
	ik_evscan_end(s);
	ik_evscan_free(s);
	ik_sb_init(&sb);
	ik_findings_init(&fs);
	ik_phones_findings(&db, NULL, &fs);
	ik_findings_free(&fs);
	ik_phone_lists_init(&pl, NULL, 0);
	for (i = 0; i < db.n; i++) {
		ik_phone_judge(&pl, &db.v[i], &v);
		json_decref(ik_phone_json(&db, &db.v[i], &v));
		ik_phone_csv(&sb, &db, &db.v[i], &v);
		ik_phone_text(&sb, &db.v[i], &v, &to, &said);
	}
	ik_phone_lists_free(&pl);
	ik_sb_free(&sb);
	ik_phones_free(&db);
	return 0;
}
