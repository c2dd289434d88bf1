/*
 * case_classify.c: layer case.  What each file of a bundle is, told by
 * its content: people name files as they like ("itl (2).bin",
 * "export.txt"), and a bundle mixes everything.  The base sniffer says
 * what the first bytes are; here a trust list is told ITL or CTL by its
 * FILENAME header, a text as a phone log or a DRS manifest by the words
 * they carry, a DER blob as a certificate when OpenSSL reads exactly one.
 * A password list is never guessed: only the caller names one.
 */
#include <string.h>
#include <strings.h>

#include <openssl/x509.h>

#include "ik_base.h"
#include "ik_itl.h"
#include "ik_case.h"

static const char *const names[] = {
	"unknown", "itl", "ctl", "show-itl", "p12", "drs-set", "events",
	"certificate", "password-list", "archive"
};

const char *
ik_case_kind_name(ik_case_kind k)
{
	if ((size_t)k >= sizeof(names) / sizeof(names[0]))
		return "unknown";
	return names[k];
}

/* A case-insensitive search of at most IK_SNIFF_BYTES of a text. */
static bool
mentions(const uint8_t *buf, size_t len, const char *needle)
{
	size_t n = strlen(needle), i;

	if (len > IK_SNIFF_BYTES)
		len = IK_SNIFF_BYTES;
	for (i = 0; i + n <= len; i++)
		if (strncasecmp((const char *)buf + i, needle, n) == 0)
			return true;
	return false;
}

/* Text, not binary: no NUL in the first bytes. */
static bool
is_text(const uint8_t *buf, size_t len)
{
	return memchr(buf, 0, len < IK_SNIFF_BYTES ? len : IK_SNIFF_BYTES) ==
	    NULL;
}

/* A binary trust list: ITL or CTL by the FILENAME it carries. */
static ik_case_kind
trustlist_kind(const uint8_t *buf, size_t len, bool whole)
{
	ik_itl *itl = NULL;
	ik_error err;
	ik_case_kind k = IK_CASE_ITL;

	/* A text dump: the sniffer saw its words, not TLV bytes. */
	if (!(len >= 8 && buf[0] == 1 && buf[1] == 0 && buf[2] == 2))
		return IK_CASE_SHOW_ITL;
	if (!whole || len > IK_ITL_MAX_INPUT)
		return IK_CASE_ITL;
	ik_error_clear(&err);
	(void)ik_itl_parse(buf, len, &itl, &err);
	if (itl != NULL && itl->kind == IK_KIND_CTL)
		k = IK_CASE_CTL;
	ik_itl_free(itl);
	return k;
}

/* DER: one X.509 certificate and nothing after it. */
static bool
is_der_cert(const uint8_t *buf, size_t len)
{
	const unsigned char *p = buf;
	X509 *x;
	bool ok;

	if (len < 64 || len > (1u << 20) || buf[0] != 0x30)
		return false;
	x = d2i_X509(NULL, &p, (long)len);
	ok = x != NULL && p == buf + len;
	X509_free(x);
	return ok;
}

ik_case_kind
ik_case_classify(const uint8_t *buf, size_t len, bool whole,
    ik_case_part *part)
{
	ik_input_kind k = ik_input_sniff(buf, len);

	if (part != NULL)
		*part = IK_CASE_PART_NONE;
	switch (k) {
	case IK_IN_GZIP:
	case IK_IN_ZIP:
	case IK_IN_TAR:
		return IK_CASE_ARCHIVE;
	case IK_IN_TRUSTLIST:
		return trustlist_kind(buf, len, whole);
	case IK_IN_P12:
		return IK_CASE_P12;
	case IK_IN_EVENTS:
		return IK_CASE_EVENTS;
	case IK_IN_PEM:
		if (mentions(buf, len, "-----BEGIN CERTIFICATE-----") ||
		    mentions(buf, len, "-----BEGIN X509 CERTIFICATE-----") ||
		    mentions(buf, len, "-----BEGIN TRUSTED CERTIFICATE-----"))
			return IK_CASE_CERTIFICATE;
		return IK_CASE_UNKNOWN;
	default:
		break;
	}
	/* The container DRS writes: openssl enc's header. */
	if (len >= 16 && memcmp(buf, "Salted__", 8) == 0) {
		if (part != NULL)
			*part = IK_CASE_PART_COMPONENT;
		return IK_CASE_DRS_SET;
	}
	if (is_text(buf, len)) {
		if (mentions(buf, len, "<FeatureObject>") &&
		    (mentions(buf, len, "<vServerObject>") ||
		    mentions(buf, len, "<ServerObj>"))) {
			if (part != NULL)
				*part = IK_CASE_PART_MANIFEST;
			return IK_CASE_DRS_SET;
		}
		/* CSV exports and SIP captures name the ITL signature. */
		if (mentions(buf, len, "ITL_Signature") ||
		    mentions(buf, len, "ITLSignature") ||
		    mentions(buf, len, "ITL Signature"))
			return IK_CASE_EVENTS;
		return IK_CASE_UNKNOWN;
	}
	if (whole && is_der_cert(buf, len))
		return IK_CASE_CERTIFICATE;
	return IK_CASE_UNKNOWN;
}
