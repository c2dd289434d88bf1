/*
 * events_xml.c: DeviceTLInfo alarm bodies (application/x-cisco-alarm+xml),
 * parsed with expat:
 *   <x-cisco-alarm><Alarm Name="DeviceTLInfo"><ParameterList>
 *     <String name="DeviceName">SEP..</String> ...
 * Layer: phones.
 */
#include <stdio.h>
#include <string.h>

#include <expat.h>

#include "events_private.h"

#define MAX_VALUE 512

struct xctx {
	ik_phones *db;
	uint16_t source;
	bool in_alarm, wanted;
	ik_evkey key;			/* of the <String> being read */
	bool in_string;
	char val[MAX_VALUE];
	size_t vlen;
	ik_phone_report r;
	int reports;
	const char *bad;		/* first unusable value */
	bool oom;
};

static const char *
attr(const XML_Char **a, const char *name)
{
	for (; a[0] != NULL; a += 2)
		if (strcmp(a[0], name) == 0)
			return a[1];
	return NULL;
}

static void XMLCALL
on_start(void *ud, const XML_Char *el, const XML_Char **a)
{
	struct xctx *x = ud;
	const char *v;

	if (strcmp(el, "Alarm") == 0) {
		v = attr(a, "Name");
		x->in_alarm = true;
		x->wanted = v != NULL && strcmp(v, "DeviceTLInfo") == 0;
		ik_ev_report_init(&x->r);
	} else if (x->in_alarm && strcmp(el, "String") == 0) {
		v = attr(a, "name");
		x->key = v ? ik_ev_key(v, strlen(v)) : IK_EK_OTHER;
		x->in_string = true;
		x->vlen = 0;
	}
}

static void XMLCALL
on_text(void *ud, const XML_Char *s, int len)
{
	struct xctx *x = ud;
	size_t n = len > 0 ? (size_t)len : 0;

	if (!x->in_string)
		return;
	if (n > MAX_VALUE - 1 - x->vlen)
		n = MAX_VALUE - 1 - x->vlen;
	memcpy(x->val + x->vlen, s, n);
	x->vlen += n;
}

static void XMLCALL
on_end(void *ud, const XML_Char *el)
{
	struct xctx *x = ud;
	const char *why;

	if (x->in_string && strcmp(el, "String") == 0) {
		x->in_string = false;
		why = ik_ev_value(&x->r, x->key, x->val, x->vlen);
		if (why != NULL && x->bad == NULL)
			x->bad = why;
	} else if (x->in_alarm && strcmp(el, "Alarm") == 0) {
		x->in_alarm = false;
		if (!x->wanted)
			return;
		why = x->bad ? x->bad : ik_ev_report_check(&x->r);
		if (why != NULL) {
			if (x->bad == NULL)
				x->bad = why;
			return;
		}
		if (ik_phones_add(x->db, &x->r, x->source) != 0)
			x->oom = true;
		x->reports++;
	}
}

int
ik_ev_xml_doc(ik_phones *db, uint16_t source, const char *buf, size_t len,
    char *why, size_t whylen)
{
	struct xctx x;
	XML_Parser p;
	int ok;

	memset(&x, 0, sizeof(x));
	x.db = db;
	x.source = source;
	if (len > INT32_MAX) {
		snprintf(why, whylen, "alarm body too long");
		return -1;
	}
	p = XML_ParserCreate(NULL);
	if (p == NULL) {
		snprintf(why, whylen, "out of memory");
		return -1;
	}
	XML_SetUserData(p, &x);
	XML_SetElementHandler(p, on_start, on_end);
	XML_SetCharacterDataHandler(p, on_text);
	ok = XML_Parse(p, buf, (int)len, XML_TRUE) == XML_STATUS_OK;
	if (!ok)
		snprintf(why, whylen, "alarm XML: %s at %lu:%lu",
		    XML_ErrorString(XML_GetErrorCode(p)),
		    (unsigned long)XML_GetCurrentLineNumber(p),
		    (unsigned long)XML_GetCurrentColumnNumber(p) + 1);
	XML_ParserFree(p);
	if (x.oom) {
		snprintf(why, whylen, "out of memory");
		return -1;
	}
	if (!ok)
		return -1;
	if (x.reports == 0 && x.bad != NULL) {
		snprintf(why, whylen, "DeviceTLInfo alarm: %s", x.bad);
		return -1;
	}
	return x.reports;
}
