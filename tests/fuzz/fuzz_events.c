/*
 * fuzz_events.c: the event scanner (alarm XML, SIP, syslog, CSV) fed in
 * two chunks split at a point the input chooses, then every phone judged
 * and rendered.  Scanned a second time with every line through the full
 * parser: the marker prefilter and the shortcut for a phone's repeated
 * report must not change a count or a phone.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ik_phones.h"
#include "ik_phones_render.h"
#include "ik_itl_render.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool
scan(ik_phones *db, const uint8_t *data, size_t size, bool prefilter)
{
	ik_evscan *s;
	size_t cut;

	ik_phones_init(db);
	db->no_prefilter = !prefilter;
	db->no_repeat = !prefilter;
	s = ik_evscan_new(db, 0);
	if (s == NULL)
		return false;
	cut = size ? data[0] % (size + 1) : 0;
	ik_evscan_feed(s, data, cut);
	ik_evscan_feed(s, data + cut, size - cut);
	ik_evscan_end(s);
	ik_evscan_free(s);
	return true;
}

static void
same(const ik_phones *a, const ik_phones *b)
{
	size_t i;

	if (a->n != b->n || a->events != b->events ||
	    a->skipped != b->skipped || a->ignored != b->ignored)
		abort();
	for (i = 0; i < a->nkept; i++)
		if (a->kept[i].line != b->kept[i].line ||
		    strcmp(a->kept[i].reason, b->kept[i].reason) != 0)
			abort();
	for (i = 0; i < a->n; i++)
		if (strcmp(a->v[i].device, b->v[i].device) != 0 ||
		    strcmp(a->v[i].ip, b->v[i].ip) != 0 ||
		    strcmp(a->v[i].tftp, b->v[i].tftp) != 0 ||
		    memcmp(a->v[i].hash, b->v[i].hash, 20) != 0 ||
		    a->v[i].alg != b->v[i].alg ||
		    a->v[i].reports != b->v[i].reports ||
		    a->v[i].source != b->v[i].source ||
		    a->v[i].last_seen != b->v[i].last_seen)
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ik_phone_verdict v;
	ik_phone_lists pl;
	/* Colour and a narrow width: hostile reasons through the wrapper. */
	ik_text_opts to = { false, true, 40 };
	ik_phone_said said = { { NULL }, { NULL }, 0 };
	ik_findings fs;
	ik_phones db, full;
	size_t i;
	ik_sb sb;

	if (!scan(&db, data, size, true))
		return 0;
	if (scan(&full, data, size, false))
		same(&db, &full);
	ik_phones_free(&full);
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
