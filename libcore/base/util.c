/*
 * util.c: digests, hex, RFC 3339 time, secret wiping and versions.
 * Layer: base.
 */
#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "ik_base.h"

static const char *const digest_names[] = { "MD5", "SHA1", "SHA256",
	"SHA512" };
static const char *const digest_fetch[] = { "MD5", "SHA1", "SHA256",
	"SHA512" };
static EVP_MD *digest_cache[4];

size_t
ik_digest_size(ik_digest d)
{
	switch (d) {
	case IK_MD5: return 16;
	case IK_SHA1: return 20;
	case IK_SHA256: return 32;
	case IK_SHA512: return 64;
	}
	return 0;
}

const char *
ik_digest_name(ik_digest d)
{
	return (unsigned)d < 4 ? digest_names[d] : "unknown";
}

/*
 * Explicit fetches are much cheaper than the implicit ones EVP does on
 * every EVP_sha256() call in OpenSSL 3, which matters in batch runs.  All
 * four are fetched once, on first use, from any thread.
 */
static pthread_once_t digest_once = PTHREAD_ONCE_INIT;

static void
digest_fetch_all(void)
{
	int i;

	for (i = 0; i < 4; i++)
		digest_cache[i] = EVP_MD_fetch(NULL, digest_fetch[i], NULL);
}

const void *
ik_digest_md(ik_digest d)
{
	if ((unsigned)d >= 4)
		return NULL;
	pthread_once(&digest_once, digest_fetch_all);
	return digest_cache[d];
}

/* The fetched digests are freed at exit, for valgrind's sake. */
__attribute__((destructor)) static void
digest_fini(void)
{
	int i;

	for (i = 0; i < 4; i++) {
		EVP_MD_free(digest_cache[i]);
		digest_cache[i] = NULL;
	}
}

int
ik_digest_buf(ik_digest d, const void *buf, size_t len, uint8_t *out)
{
	const EVP_MD *md = ik_digest_md(d);
	unsigned int olen = 0;

	if (md == NULL)
		return -1;
	return EVP_Digest(buf, len, out, &olen, md, NULL) == 1 ? 0 : -1;
}

void
ik_hex(const uint8_t *in, size_t n, char *out)
{
	static const char hx[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = hx[in[i] >> 4];
		out[2 * i + 1] = hx[in[i] & 15];
	}
	out[2 * n] = '\0';
}

void
ik_hex_sep(const uint8_t *in, size_t n, char sep, char *out)
{
	static const char hx[] = "0123456789ABCDEF";
	size_t i;
	char *o = out;

	for (i = 0; i < n; i++) {
		if (i > 0)
			*o++ = sep;
		*o++ = hx[in[i] >> 4];
		*o++ = hx[in[i] & 15];
	}
	*o = '\0';
}

/*
 * Hex digits and the separators pasted hashes carry, by byte: a digit is
 * stored as its value + 1, SEP marks a separator to skip, and 0 (the
 * default) anything else.  A table, because log scans call ik_unhex on
 * every alarm line.
 */
enum { SEP = 17 };
static const uint8_t hex_class[256] = {
	['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5, ['5'] = 6,
	['6'] = 7, ['7'] = 8, ['8'] = 9, ['9'] = 10,
	['a'] = 11, ['b'] = 12, ['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16,
	['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16,
	[' '] = SEP, [':'] = SEP, ['-'] = SEP, ['\t'] = SEP,
};

long
ik_unhex(const char *s, size_t slen, uint8_t *out, size_t max)
{
	size_t i, n = 0;
	int hi = -1;
	uint8_t v;

	for (i = 0; i < slen; i++) {
		v = hex_class[(unsigned char)s[i]];
		if (v == SEP)
			continue;
		if (v == 0)
			return -1;
		v--;
		if (hi < 0) {
			hi = v;
			continue;
		}
		if (n >= max)
			return -1;
		out[n++] = (uint8_t)(hi << 4 | v);
		hi = -1;
	}
	if (hi >= 0)
		return -1;
	return (long)n;
}

static int
digits(const char **p, int n, int *out)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return -1;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*out = v;
	return 0;
}

static int
days_in_month(int y, int mo)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30,
		31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return mo == 2 && leap ? 29 : days[mo - 1];
}

int
ik_time_parse(const char *s, time_t *out)
{
	struct tm tm;
	int y, mo, d, h = 0, mi = 0, se = 0, oh, om, sign;
	const char *p = s;
	time_t t;

	memset(&tm, 0, sizeof(tm));
	/* "@EPOCH": Unix seconds, as date(1) takes them; 0 to 9999-12-31. */
	if (*p == '@') {
		long long v = 0;

		if (!isdigit((unsigned char)*++p))
			return -1;
		for (; isdigit((unsigned char)*p); p++) {
			v = v * 10 + (*p - '0');
			if (v > 253402300799LL)
				return -1;
		}
		if (*p != '\0')
			return -1;
		*out = (time_t)v;
		return 0;
	}
	if (digits(&p, 4, &y) || *p++ != '-' || digits(&p, 2, &mo) ||
	    *p++ != '-' || digits(&p, 2, &d))
		return -1;
	if (*p == 'T' || *p == 't' || *p == ' ') {
		p++;
		if (digits(&p, 2, &h) || *p++ != ':' || digits(&p, 2, &mi) ||
		    *p++ != ':' || digits(&p, 2, &se))
			return -1;
		if (*p == '.')
			for (p++; isdigit((unsigned char)*p); p++)
				;
	} else if (*p == '\0') {
		/* A bare date means midnight UTC. */
	} else {
		return -1;
	}
	/*
	 * timegm() would roll 2024-02-31 over to March 2: a date that does
	 * not exist is refused, not moved.  A leap second only ends a day.
	 */
	if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) ||
	    h > 23 || mi > 59 || se > 60 || (se == 60 && (h != 23 || mi != 59)))
		return -1;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = se;
	t = timegm(&tm);
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		sign = *p++ == '+' ? 1 : -1;
		if (digits(&p, 2, &oh) || *p++ != ':' || digits(&p, 2, &om) ||
		    oh > 23 || om > 59)
			return -1;
		t -= sign * (oh * 3600 + om * 60);
	}
	/* No offset at all is read as UTC, the only zone the tools print. */
	if (*p != '\0')
		return -1;
	*out = t;
	return 0;
}

void
ik_time_format(time_t t, char *buf, size_t size)
{
	static const char dd[] = "0001020304050607080910111213141516171819"
	    "2021222324252627282930313233343536373839404142434445464748495051"
	    "525354555657585960616263646566676869707172737475767778798081828384"
	    "858687888990919293949596979899";
	struct tm tm;
	long long z, era;
	unsigned doe, yoe, doy, mp, y, m, d, sec;

	/*
	 * 1970 to 9999, what every report holds, without gmtime_r and
	 * strftime (a batch formats a dozen times per file): days to a
	 * civil date (proleptic Gregorian, eras of 400 years).  Others as
	 * before.
	 */
	if (t >= 0 && t <= 253402300799LL && size >= 21) {
		z = (long long)t / 86400 + 719468;
		sec = (unsigned)((long long)t % 86400);
		era = z / 146097;
		doe = (unsigned)(z - era * 146097);
		yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
		doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
		mp = (5 * doy + 2) / 153;
		d = doy - (153 * mp + 2) / 5 + 1;
		m = mp < 10 ? mp + 3 : mp - 9;
		y = (unsigned)(yoe + era * 400) + (m <= 2);
		memcpy(buf, dd + 2 * (y / 100), 2);
		memcpy(buf + 2, dd + 2 * (y % 100), 2);
		buf[4] = '-';
		memcpy(buf + 5, dd + 2 * m, 2);
		buf[7] = '-';
		memcpy(buf + 8, dd + 2 * d, 2);
		buf[10] = 'T';
		memcpy(buf + 11, dd + 2 * (sec / 3600), 2);
		buf[13] = ':';
		memcpy(buf + 14, dd + 2 * (sec / 60 % 60), 2);
		buf[16] = ':';
		memcpy(buf + 17, dd + 2 * (sec % 60), 2);
		buf[19] = 'Z';
		buf[20] = '\0';
		return;
	}
	if (gmtime_r(&t, &tm) == NULL) {
		snprintf(buf, size, "invalid");
		return;
	}
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void
ik_wipe(void *p, size_t n)
{
	if (p != NULL)
		OPENSSL_cleanse(p, n);
}

/*
 * The version functions of the optional libraries are weak references:
 * a tool links (with --as-needed) only the libraries its own code calls,
 * which keeps start-up short for small tools, and reports the versions of
 * just those.  A library not linked in leaves its function NULL.
 */
extern const char *archive_version_details(void) __attribute__((weak));
extern const char *XML_ExpatVersion(void) __attribute__((weak));
extern const char *yaml_get_version_string(void) __attribute__((weak));

void
ik_versions(ik_sb *sb)
{
	ik_sb_printf(sb, "libcore %s; %s; jansson %s", IK_VERSION,
	    OpenSSL_version(OPENSSL_VERSION), JANSSON_VERSION);
	if (archive_version_details != NULL)
		ik_sb_printf(sb, "; %s", archive_version_details());
	if (XML_ExpatVersion != NULL)
		ik_sb_printf(sb, "; %s", XML_ExpatVersion());
	if (yaml_get_version_string != NULL)
		ik_sb_printf(sb, "; libyaml %s", yaml_get_version_string());
	ik_sb_puts(sb, "\n");
}
