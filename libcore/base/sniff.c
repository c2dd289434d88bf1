/*
 * sniff.c: what an input is when it is not what a tool expected.  People
 * hand over what they have: a compressed log, the ITL where the events
 * go, the p12 where the ITL goes.  A precise hint ("decompress it first",
 * "this is a trust list") saves a round trip; the magic numbers and
 * phrases looked for here are the ones those files start with.
 * Layer: base.
 */
#include <string.h>
#include <strings.h>

#include "ik_base.h"

/* A case-insensitive search of the first bytes of a text. */
static bool
has_text(const uint8_t *buf, size_t len, const char *needle)
{
	size_t n = strlen(needle), i;

	for (i = 0; i + n <= len; i++)
		if (strncasecmp((const char *)buf + i, needle, n) == 0)
			return true;
	return false;
}

/*
 * A DER SEQUENCE whose first element is INTEGER 3: the PFX version of
 * PKCS#12 (RFC 7292), after a short or long length.
 */
static bool
is_pkcs12(const uint8_t *buf, size_t len)
{
	size_t off;

	if (len < 5 || buf[0] != 0x30)
		return false;
	if (buf[1] < 0x80)
		off = 2;
	else if (buf[1] >= 0x81 && buf[1] <= 0x84)
		off = 2 + (size_t)(buf[1] & 0x7f);
	else
		return false;
	return len >= off + 3 && buf[off] == 0x02 && buf[off + 1] == 0x01 &&
	    buf[off + 2] == 0x03;
}

ik_input_kind
ik_input_sniff(const uint8_t *buf, size_t len)
{
	size_t n = len < IK_SNIFF_BYTES ? len : IK_SNIFF_BYTES;

	if (n >= 2 && buf[0] == 0x1f && buf[1] == 0x8b)
		return IK_IN_GZIP;
	if (n >= 3 && memcmp(buf, "BZh", 3) == 0)
		return IK_IN_BZIP2;
	if (n >= 6 && memcmp(buf, "\xfd" "7zXZ\0", 6) == 0)
		return IK_IN_XZ;
	if (n >= 4 && memcmp(buf, "\x28\xb5\x2f\xfd", 4) == 0)
		return IK_IN_ZSTD;
	if (n >= 4 && memcmp(buf, "PK\x03\x04", 4) == 0)
		return IK_IN_ZIP;
	/* VERSION (tag 1, 2 bytes) then HEADERLENGTH (tag 2, 2 bytes). */
	if (n >= 8 && buf[0] == 1 && buf[1] == 0 && buf[2] == 2 &&
	    buf[5] == 2 && buf[6] == 0 && buf[7] == 2)
		return IK_IN_TRUSTLIST;
	if (is_pkcs12(buf, n))
		return IK_IN_P12;
	/*
	 * A tar header's magic; looked at before the text rules, which the
	 * first member's contents could satisfy.
	 */
	if (n >= 262 && memcmp(buf + 257, "ustar", 5) == 0)
		return IK_IN_TAR;
	if (has_text(buf, n, "DeviceTLInfo"))
		return IK_IN_EVENTS;
	/* The lines `show itl` / `show ctl` print first. */
	if (has_text(buf, n, "checksum value of the ITL file") ||
	    has_text(buf, n, "checksum value of the CTL file") ||
	    has_text(buf, n, "Length of ITL file") ||
	    has_text(buf, n, "Length of CTL file") ||
	    has_text(buf, n, "Parse ITL File") ||
	    has_text(buf, n, "Parse CTL File"))
		return IK_IN_TRUSTLIST;
	if (has_text(buf, n, "-----BEGIN "))
		return IK_IN_PEM;
	return IK_IN_UNKNOWN;
}

const char *
ik_input_hint(ik_input_kind kind, ik_input_kind want)
{
	if (kind == want)
		return NULL;
	switch (kind) {
	case IK_IN_GZIP:
		return "this is a gzip-compressed file: decompress it first (gunzip)";
	case IK_IN_BZIP2:
		return "this is a bzip2-compressed file: decompress it first (bunzip2)";
	case IK_IN_XZ:
		return "this is an xz-compressed file: decompress it first (unxz)";
	case IK_IN_ZSTD:
		return "this is a zstd-compressed file: decompress it first (unzstd)";
	case IK_IN_ZIP:
		return "this is a zip archive: extract it first (unzip)";
	case IK_IN_TAR:
		return "this is a tar archive: extract it first (tar -xf)";
	case IK_IN_TRUSTLIST:
		/*
		 * Which option takes a trust list depends on the tool (--itl,
		 * --resign): the caller adds it.
		 */
		return "this is a trust list (ITL/CTL or a show itl dump)";
	case IK_IN_P12:
		return "this is a PKCS#12 file: p12-check reads it";
	case IK_IN_EVENTS:
		return "this holds phone reports (DeviceTLInfo): itl-phones reads them";
	case IK_IN_PEM:
		return "this is PEM text (a certificate or a key)";
	case IK_IN_UNKNOWN:
		break;
	}
	return NULL;
}
