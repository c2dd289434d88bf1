/*
 * events_fields.c: the fields of a phone report, whatever carries them.
 * Names vary by source (the phone's alarm says ITL_Signature, syslog
 * exports and CSVs vary: ITLSignature, "ITL Signature", any case), so keys
 * are compared as lower-case letters and digits only.  Hashes are
 * normalised from any spacing, colons and case.
 * Layer: phones.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "events_private.h"

static const struct {
	const char *norm;
	size_t len;
	ik_evkey key;
} keys[] = {
	{ "devicename", 10, IK_EK_DEVICE }, { "device", 6, IK_EK_DEVICE },
	{ "name", 4, IK_EK_DEVICE },
	{ "ipv4address", 11, IK_EK_IP }, { "ipaddress", 9, IK_EK_IP },
	{ "ipv4", 4, IK_EK_IP }, { "ip", 2, IK_EK_IP },
	{ "itlsignature", 12, IK_EK_HASH }, { "itlhash", 7, IK_EK_HASH },
	{ "itlfilehash", 11, IK_EK_HASH },
	{ "itltftpserver", 13, IK_EK_TFTP }, { "tftpserver", 10, IK_EK_TFTP },
	{ "itlfilestatus", 13, IK_EK_STATUS }, { "itlstatus", 9, IK_EK_STATUS },
	{ "lastseen", 8, IK_EK_TIME }, { "timestamp", 9, IK_EK_TIME },
	{ "time", 4, IK_EK_TIME }, { "date", 4, IK_EK_TIME },
	{ NULL, 0, IK_EK_OTHER }
};

/*
 * Called for every key of every log line: plain ASCII folding (no locale
 * calls) and a length check before any comparison.
 */
ik_evkey
ik_ev_key(const char *k, size_t n)
{
	char norm[24];
	size_t i, j = 0;
	char c;

	/*
	 * The phone's own spellings first, and the other keys of CUCM
	 * alarms that start like ours: one comparison each.
	 */
	switch (n) {
	case 6:
		if (memcmp(k, "NodeID", 6) == 0)
			return IK_EK_OTHER;
		break;
	case 9:
		if (memcmp(k, "IPAddress", 9) == 0)
			return IK_EK_IP;
		break;
	case 10:
		if (memcmp(k, "DeviceName", 10) == 0)
			return IK_EK_DEVICE;
		if (memcmp(k, "DeviceType", 10) == 0)
			return IK_EK_OTHER;
		break;
	case 11:
		if (memcmp(k, "IPv4Address", 11) == 0)
			return IK_EK_IP;
		if (memcmp(k, "IPv6Address", 11) == 0 ||
		    memcmp(k, "Description", 11) == 0)
			return IK_EK_OTHER;
		break;
	case 13:
		if (memcmp(k, "ITL_Signature", 13) == 0)
			return IK_EK_HASH;
		break;
	case 15:
		if (memcmp(k, "ITL_TFTP_Server", 15) == 0)
			return IK_EK_TFTP;
		break;
	default:
		break;
	}
	/* Every key we read starts with d, n, i, t or l (most others do not). */
	c = n > 0 ? (char)(k[0] | 0x20) : 0;
	if (c != 'd' && c != 'n' && c != 'i' && c != 't' && c != 'l')
		return IK_EK_OTHER;
	for (i = 0; i < n; i++) {
		c = k[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c + 32);
		else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
			continue;
		if (j == sizeof(norm))
			return IK_EK_OTHER;
		norm[j++] = c;
	}
	for (i = 0; keys[i].norm != NULL; i++)
		if (keys[i].len == j && memcmp(norm, keys[i].norm, j) == 0)
			return keys[i].key;
	return IK_EK_OTHER;
}

/* Called per log line: only what is read back is cleared. */
void
ik_ev_report_init(ik_phone_report *r)
{
	r->device[0] = r->ip[0] = r->tftp[0] = '\0';
	memset(r->hash, 0, sizeof(r->hash));
	r->alg = IK_HASH_NONE;
	r->not_installed = false;
	r->list_status = IK_LS_NONE;
	r->has_when = false;
	r->when = 0;
}

static void
trim(const char **v, size_t *n)
{
	/* Most values start and end with a visible ASCII character. */
	if (*n > 0 && (unsigned char)**v > ' ' && (unsigned char)**v < 0x80 &&
	    (unsigned char)(*v)[*n - 1] > ' ' &&
	    (unsigned char)(*v)[*n - 1] < 0x80)
		return;
	while (*n > 0 && isspace((unsigned char)**v)) {
		(*v)++;
		(*n)--;
	}
	while (*n > 0 && isspace((unsigned char)(*v)[*n - 1]))
		(*n)--;
}

static bool
word_is(const char *v, size_t n, const char *w)
{
	return strlen(w) == n && strncasecmp(v, w, n) == 0;
}

static void
copy_field(char *dst, size_t cap, const char *v, size_t n)
{
	size_t i;

	if (n >= cap)
		n = cap - 1;
	/* Output goes to terminals and CSV: keep printable ASCII only. */
	for (i = 0; i < n; i++)
		dst[i] = (v[i] >= 0x20 && v[i] < 0x7f) ? v[i] : '?';
	dst[n] = '\0';
}

static bool
parse_when(const char *v, size_t n, time_t *out)
{
	char buf[40];
	size_t i;

	if (n == 0 || n >= sizeof(buf))
		return false;
	memcpy(buf, v, n);
	buf[n] = '\0';
	if (ik_time_parse(buf, out) == 0)
		return true;
	/* "2024-05-01 10:00:00": a spreadsheet's idea of a time, taken as UTC. */
	if (n == 19 && buf[10] == ' ') {
		buf[10] = 'T';
		buf[19] = 'Z';
		buf[20] = '\0';
		for (i = 0; i < 19; i++)
			if (buf[i] == '/')
				buf[i] = '-';
		return ik_time_parse(buf, out) == 0;
	}
	return false;
}

/*
 * A hex digit's value plus one; 0 for anything else.  Alarm hashes come
 * as 40 digits or as pairs each followed by one space: those are decoded
 * here a pair at a time, anything else by ik_unhex (which skips any
 * separator anywhere).
 */
static const uint8_t hexval[256] = {
	['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5, ['5'] = 6,
	['6'] = 7, ['7'] = 8, ['8'] = 9, ['9'] = 10,
	['a'] = 11, ['b'] = 12, ['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16,
	['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16,
};

static long
unhex(const char *v, size_t n, uint8_t *out)
{
	size_t i = 0, k = 0;
	uint8_t hi, lo;
	bool spaced = n > 2 && v[2] == ' ';

	while (i + 1 < n && k < 32) {
		hi = hexval[(unsigned char)v[i]];
		lo = hexval[(unsigned char)v[i + 1]];
		if (hi == 0 || lo == 0)
			break;
		out[k++] = (uint8_t)((hi - 1) << 4 | (lo - 1));
		i += 2;
		if (spaced) {
			if (i < n && v[i] != ' ')
				break;
			i++;
		}
	}
	if (i >= n && k > 0)
		return (long)k;
	return ik_unhex(v, n, out, 32);
}

const char *
ik_ev_value(ik_phone_report *r, ik_evkey key, const char *v, size_t n)
{
	uint8_t h[32];
	long got;

	trim(&v, &n);
	switch (key) {
	case IK_EK_DEVICE:
		if (n >= sizeof(r->device))
			return "device name over 63 characters";
		copy_field(r->device, sizeof(r->device), v, n);
		return NULL;
	case IK_EK_IP:
		copy_field(r->ip, sizeof(r->ip), v, n);
		return NULL;
	case IK_EK_TFTP:
		if (!word_is(v, n, "N/A"))
			copy_field(r->tftp, sizeof(r->tftp), v, n);
		return NULL;
	case IK_EK_HASH:
		/* An empty cell says nothing; "Not Installed" says no ITL. */
		if (n == 0)
			return NULL;
		if (word_is(v, n, "Not Installed") ||
		    word_is(v, n, "NotInstalled") || word_is(v, n, "N/A") ||
		    word_is(v, n, "None")) {
			r->not_installed = true;
			r->alg = IK_HASH_NONE;
			return NULL;
		}
		got = unhex(v, n, h);
		if (got == 20 || got == 16) {
			memcpy(r->hash, h, (size_t)got);
			r->alg = got == 20 ? IK_HASH_SHA1 : IK_HASH_MD5;
			r->not_installed = false;
			return NULL;
		}
		return "ITL signature is not a 20-byte SHA-1 or 16-byte MD5 in hex";
	case IK_EK_STATUS:
		if (word_is(v, n, "Match"))
			r->list_status = IK_LS_MATCH;
		else if (word_is(v, n, "Mismatch"))
			r->list_status = IK_LS_MISMATCH;
		else if (word_is(v, n, "Not Installed"))
			r->list_status = IK_LS_NOT_INSTALLED;
		else
			r->list_status = IK_LS_UNKNOWN;
		return NULL;
	case IK_EK_TIME:
		if (n > 0 && parse_when(v, n, &r->when))
			r->has_when = true;
		return NULL;
	default:
		return NULL;
	}
}

const char *
ik_ev_report_check(const ik_phone_report *r)
{
	if (r->device[0] == '\0')
		return "no device name";
	if (r->alg == IK_HASH_NONE && !r->not_installed &&
	    r->list_status == IK_LS_NONE)
		return "no ITL signature";
	return NULL;
}
