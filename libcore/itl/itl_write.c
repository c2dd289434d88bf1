/*
 * itl_write.c: writing TLVs, and serialising a parsed model back to bytes.
 * Layer: itl.
 */
#include <stdlib.h>
#include <string.h>

#include "ik_itl.h"

void
ik_tlvw_init(ik_tlvw *w)
{
	ik_sb_init(&w->sb);
	w->depth = 0;
	w->failed = false;
}

void
ik_tlvw_free(ik_tlvw *w)
{
	ik_sb_free(&w->sb);
	w->depth = 0;
}

static void
put_head(ik_tlvw *w, uint8_t tag, size_t len)
{
	char h[3];

	if (len > 0xffff) {
		w->failed = true;
		return;
	}
	h[0] = (char)tag;
	h[1] = (char)(len >> 8);
	h[2] = (char)(len & 0xff);
	ik_sb_add(&w->sb, h, 3);
}

void
ik_tlvw_leaf(ik_tlvw *w, uint8_t tag, const void *val, size_t len)
{
	put_head(w, tag, len);
	if (!w->failed && len > 0)
		ik_sb_add(&w->sb, val, len);
	if (w->sb.oom)
		w->failed = true;
}

void
ik_tlvw_u8(ik_tlvw *w, uint8_t tag, uint8_t v)
{
	ik_tlvw_leaf(w, tag, &v, 1);
}

void
ik_tlvw_u16(ik_tlvw *w, uint8_t tag, uint16_t v)
{
	uint8_t b[2] = { (uint8_t)(v >> 8), (uint8_t)v };

	ik_tlvw_leaf(w, tag, b, 2);
}

void
ik_tlvw_u32(ik_tlvw *w, uint8_t tag, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16),
		(uint8_t)(v >> 8), (uint8_t)v };

	ik_tlvw_leaf(w, tag, b, 4);
}

void
ik_tlvw_str(ik_tlvw *w, uint8_t tag, const char *s)
{
	ik_tlvw_leaf(w, tag, s, strlen(s) + 1);
}

void
ik_tlvw_open(ik_tlvw *w, uint8_t tag)
{
	if (w->depth == (int)(sizeof(w->open) / sizeof(w->open[0]))) {
		w->failed = true;
		return;
	}
	w->open[w->depth++] = w->sb.len;
	put_head(w, tag, 0);
}

void
ik_tlvw_close(ik_tlvw *w)
{
	size_t at, len;

	if (w->depth == 0 || w->sb.oom) {
		w->failed = true;
		return;
	}
	at = w->open[--w->depth];
	len = w->sb.len - at - 3;
	if (len > 0xffff) {
		w->failed = true;
		return;
	}
	w->sb.s[at + 1] = (char)(len >> 8);
	w->sb.s[at + 2] = (char)(len & 0xff);
}

void
ik_tlvw_pad(ik_tlvw *w)
{
	char pad = IK_HT_PAD;

	ik_sb_add(&w->sb, &pad, 1);
	if (w->sb.oom)
		w->failed = true;
}

ik_status
ik_itl_serialize(const ik_itl *itl, uint8_t **out, size_t *len, ik_error *err)
{
	ik_tlvw w;
	const ik_tlv *t;
	size_t i;
	int depth = 0;

	*out = NULL;
	*len = 0;
	if (itl->malformed || itl->format != IK_FMT_TLV)
		return ik_error_set(err, IK_FAILED, IK_ERR_USAGE,
		    "only a well-formed binary trust list can be serialised");
	ik_tlvw_init(&w);
	for (i = 0; i < itl->ntlv; i++) {
		t = &itl->tlvs[i];
		while (depth > (int)t->depth) {
			ik_tlvw_close(&w);
			depth--;
		}
		switch (t->kind) {
		case IK_TLV_PAD:
			ik_tlvw_pad(&w);
			break;
		case IK_TLV_CONTAINER:
			ik_tlvw_open(&w, t->tag);
			depth++;
			break;
		default:
			ik_tlvw_leaf(&w, t->tag, t->val, t->len);
			break;
		}
	}
	while (depth-- > 0)
		ik_tlvw_close(&w);
	if (itl->trailing_len > 0)
		ik_sb_add(&w.sb, (const char *)itl->buf + itl->trailing_off,
		    itl->trailing_len);
	if (w.failed || w.sb.oom) {
		ik_tlvw_free(&w);
		return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
		    "cannot serialise: a value is too long or memory ran out");
	}
	*len = w.sb.len;
	*out = (uint8_t *)ik_sb_take(&w.sb);
	return IK_OK;
}
