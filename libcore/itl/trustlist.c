/*
 * trustlist.c: loading a trust list of either format.  A binary file is a
 * run of TLVs starting with tag 1; a `show itl` / `show ctl` dump is text.
 * Layer: itl.
 */
#include <string.h>

#include "ik_itl.h"

bool
ik_trustlist_is_text(const uint8_t *buf, size_t len)
{
	size_t i, n = len < 512 ? len : 512;

	if (len == 0 || buf[0] == IK_HT_VERSION)
		return false;
	for (i = 0; i < n; i++)
		if (buf[i] == 0 || (buf[i] < 0x20 && buf[i] != '\n' &&
		    buf[i] != '\r' && buf[i] != '\t'))
			return false;
	return true;
}

void
ik_trustlist_note_kind(ik_itl *itl, const uint8_t *buf, size_t len,
    ik_error *err)
{
	const char *hint;

	if (itl == NULL || !itl->malformed)
		return;
	hint = ik_input_hint(ik_input_sniff(buf, len), IK_IN_TRUSTLIST);
	if (hint == NULL)
		return;
	ik_findings_add(&itl->findings, IK_SEV_ERROR, IKF_NOT_A_TRUST_LIST,
	    "offset 0", "not a trust list: %s", hint);
	ik_error_set(err, IK_FAILED, IK_ERR_FORMAT, "not a trust list: %s",
	    hint);
}

ik_status
ik_trustlist_load(const uint8_t *buf, size_t len, ik_itl **out, ik_error *err)
{
	ik_status r;

	*out = NULL;
	if (ik_trustlist_is_text(buf, len))
		r = ik_dump_parse(buf, len, out, err);
	else
		r = ik_itl_parse(buf, len, out, err);
	ik_trustlist_note_kind(*out, buf, len, err);
	return r;
}
