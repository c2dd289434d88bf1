/*
 * dump_parse.c: `show itl` text dumps.  Placeholder until the dump parser
 * lands: text input is recognised and refused with a clear message.
 */
#include "ik_itl.h"

ik_status
ik_dump_parse(const uint8_t *buf, size_t len, ik_itl **out, ik_error *err)
{
	(void)buf;
	(void)len;
	*out = NULL;
	return ik_error_set(err, IK_FATAL, IK_ERR_UNSUPPORTED,
	    "this looks like a `show itl` text dump; text dumps are not supported yet");
}
