/*
 * drs_platform.c: the values a rebuild must repeat, read from a node's
 * platformConfig.xml (the install answers: host name, addresses, domain,
 * DNS, NTP, time zone, version) or from a DRS manifest (version, features,
 * servers).  The answer file is XML with one element per answer, its value
 * in a ParamValue child (or, for Version, in the element itself).  Only
 * the answers named in the table below are kept; password elements are
 * noted by name, their values never copied out of the parser's buffer,
 * which is wiped.  Bounded like the manifest parser: expat fed in chunks,
 * no DTD, limited depth, value length and list sizes.
 * Layer: drs.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <expat.h>

#include "ik_drs.h"
#include "drs_private.h"

#define MAX_DEPTH	32
#define MAX_VALUE	1024

/* A known answer: its element, the group it sits in ("" at the top), and
 * where it goes (a single value, or one of the lists). */
typedef struct answer {
	const char *element, *group;
	int field;		/* ik_drs_pf, or -1 DNS list, -2 NTP list */
} answer;

#define L_DNS	(-1)
#define L_NTP	(-2)

static const answer answers[] = {
	{ "Version", "", IK_PF_VERSION },
	{ "ProductDeployment", "", IK_PF_DEPLOYMENT },
	{ "LocalHostName", "", IK_PF_HOSTNAME },
	{ "LocalHostIP0", "", IK_PF_IP },
	{ "LocalHostMask0", "", IK_PF_MASK },
	{ "LocalHostGW0", "", IK_PF_GATEWAY },
	{ "LocalHostDomain", "", IK_PF_DOMAIN },
	{ "LocalHostTimezone", "", IK_PF_TIMEZONE },
	{ "LocalHostDHCP", "", IK_PF_DHCP },
	{ "CcmFirstNode", "", IK_PF_FIRST_NODE },
	{ "CcmDBHost", "", IK_PF_PUBLISHER_HOST },
	{ "CcmDBIpAddr", "", IK_PF_PUBLISHER_IP },
	{ "Org", "CertX509", IK_PF_CERT_ORG },
	{ "Unit", "CertX509", IK_PF_CERT_UNIT },
	{ "Location", "CertX509", IK_PF_CERT_LOCATION },
	{ "State", "CertX509", IK_PF_CERT_STATE },
	{ "Country", "CertX509", IK_PF_CERT_COUNTRY },
	{ "LocalHostDnsPrimary", "", L_DNS },
	{ "LocalHostDnsSecondary", "", L_DNS },
	{ "NtpServer", "", L_NTP },
	{ "NTPServerHost", "", L_NTP },
	{ "NTPServerIpAddr", "", L_NTP },
};
#define NANSWERS (sizeof(answers) / sizeof(answers[0]))

static const char *const pf_names[IK_PF_COUNT] = {
	"version", "deployment", "hostname", "ip", "mask", "gateway",
	"domain", "timezone", "dhcp", "first_node", "publisher_host",
	"publisher_ip", "cert_org", "cert_unit", "cert_location",
	"cert_state", "cert_country"
};

const char *
ik_drs_pf_name(ik_drs_pf f)
{
	return f >= 0 && f < IK_PF_COUNT ? pf_names[f] : "?";
}

typedef struct pparse {
	XML_Parser p;
	ik_drs_platform *pl;
	ik_error *err;
	const char *stack[MAX_DEPTH];	/* borrowed from expat */
	int depth;
	bool failed, is_manifest;
	/* The open answer or secret element, and its depth. */
	const answer *ans;
	bool secret;
	int ans_depth;
	char ans_name[IK_DRS_PF_NAME_MAX + 1];
	bool in_param, have_param;
	ik_sb own, param;	/* its direct text; its ParamValue's */
	unsigned long line;
} pparse;

static void
stop(pparse *pp, const char *why)
{
	if (pp->failed)
		return;
	pp->failed = true;
	drs_xml_error(pp->p, IK_FAILED, IK_ERR_FORMAT, why, pp->err);
	XML_StopParser(pp->p, XML_FALSE);
}

/* Password-like element names: their values are never kept. */
static bool
secret_name(const char *el)
{
	static const char *const marks[] = { "pw", "passw", "crypt",
		"secret" };
	size_t i, j, n = strlen(el), k;

	for (i = 0; i < sizeof(marks) / sizeof(marks[0]); i++) {
		k = strlen(marks[i]);
		for (j = 0; j + k <= n; j++)
			if (strncasecmp(el + j, marks[i], k) == 0)
				return true;
	}
	return false;
}

static const answer *
answer_of(const pparse *pp, const char *el)
{
	const char *group = pp->depth >= 3 ? pp->stack[pp->depth - 2] : "";
	size_t i;

	/* Answers sit below the root, or in a group below it. */
	if (pp->depth < 2 || pp->depth > 3)
		return NULL;
	for (i = 0; i < NANSWERS; i++)
		if (strcmp(answers[i].element, el) == 0 &&
		    strcmp(answers[i].group, group) == 0)
			return &answers[i];
	return NULL;
}

static void XMLCALL
on_start(void *ud, const XML_Char *el, const XML_Char **attr)
{
	pparse *pp = ud;

	(void)attr;
	if (pp->depth >= MAX_DEPTH) {
		stop(pp, "elements nested too deeply");
		return;
	}
	pp->stack[pp->depth++] = el;
	if (pp->depth == 1) {
		/* A DRS manifest: read by the manifest parser instead. */
		if (strcmp(el, "list") == 0) {
			pp->is_manifest = true;
			XML_StopParser(pp->p, XML_FALSE);
		} else if (strcmp(el, "PlatformData") != 0) {
			ik_findings_add(&pp->pl->findings, IK_SEV_WARNING,
			    IKF_DRS_PLATFORM_UNEXPECTED_ROOT, NULL,
			    "the root element is not <PlatformData>");
		}
		return;
	}
	if (pp->ans != NULL || pp->secret) {
		if (pp->depth == pp->ans_depth + 1 &&
		    strcmp(el, "ParamValue") == 0) {
			pp->in_param = pp->have_param = true;
			ik_sb_reset(&pp->param);
		}
		return;
	}
	pp->ans = answer_of(pp, el);
	pp->secret = pp->ans == NULL && secret_name(el);
	if (pp->ans != NULL || pp->secret) {
		pp->ans_depth = pp->depth;
		snprintf(pp->ans_name, sizeof(pp->ans_name), "%s", el);
		pp->have_param = pp->in_param = false;
		ik_sb_reset(&pp->own);
		ik_sb_reset(&pp->param);
		pp->line = (unsigned long)XML_GetCurrentLineNumber(pp->p);
	} else if (pp->depth == 2) {
		pp->pl->other++;
	}
}

static void XMLCALL
on_text(void *ud, const XML_Char *s, int len)
{
	pparse *pp = ud;
	ik_sb *sb;

	if (pp->ans == NULL && !pp->secret)
		return;
	if (pp->in_param)
		sb = &pp->param;
	else if (pp->depth == pp->ans_depth)
		sb = &pp->own;
	else
		return;
	/* One byte over the limit is enough to know it is too long. */
	if (sb->len <= MAX_VALUE)
		ik_sb_add(sb, s, (size_t)len > MAX_VALUE + 1 - sb->len ?
		    MAX_VALUE + 1 - sb->len : (size_t)len);
}

static bool
blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* True when sb holds more than blanks. */
static bool
trimmed_nonempty(const ik_sb *sb)
{
	size_t i;

	for (i = 0; i < sb->len; i++)
		if (!blank(sb->s[i]))
			return true;
	return false;
}

/* s without leading and trailing blanks, as a new string. */
static char *
trimmed(const ik_sb *sb)
{
	const char *s = sb->s != NULL ? sb->s : "";
	size_t b = 0, e = sb->len;

	while (b < e && blank(s[b]))
		b++;
	while (e > b && blank(s[e - 1]))
		e--;
	return strndup(s + b, e - b);
}

static int
push(char ***v, size_t *n, char *s)
{
	char **nv;

	if (*n >= IK_DRS_PF_LIST_MAX) {
		free(s);
		return 1;
	}
	if ((nv = realloc(*v, (*n + 1) * sizeof(*nv))) == NULL) {
		free(s);
		return -1;
	}
	*v = nv;
	nv[(*n)++] = s;
	return 0;
}

/* The answer element closes: its value is kept where the table says. */
static void
close_answer(pparse *pp)
{
	ik_drs_platform *pl = pp->pl;
	ik_sb *src = pp->have_param ? &pp->param : &pp->own;
	char *v, where[32];
	int r = 0;

	snprintf(where, sizeof(where), "line %lu", pp->line);
	if (pp->secret) {
		if (pl->nsecrets < IK_DRS_PF_LIST_MAX) {
			snprintf(pl->secrets[pl->nsecrets].element,
			    sizeof(pl->secrets[0].element), "%s", pp->ans_name);
			pl->secrets[pl->nsecrets].present =
			    trimmed_nonempty(src);
			pl->nsecrets++;
		}
		ik_wipe(pp->own.s, pp->own.len);
		ik_wipe(pp->param.s, pp->param.len);
		return;
	}
	if (src->len > MAX_VALUE) {
		ik_findings_add(&pl->findings, IK_SEV_WARNING,
		    IKF_DRS_PLATFORM_VALUE_TOO_LONG, where,
		    "%s holds over %d bytes: left out", pp->ans_name,
		    MAX_VALUE);
		return;
	}
	if ((v = trimmed(src)) == NULL) {
		stop(pp, "out of memory");
		return;
	}
	if (v[0] == '\0') {
		free(v);
		return;
	}
	if (pp->ans->field == L_DNS)
		r = push(&pl->dns, &pl->ndns, v);
	else if (pp->ans->field == L_NTP)
		r = push(&pl->ntp, &pl->nntp, v);
	else if (pl->v[pp->ans->field] != NULL) {
		free(v);
		ik_findings_add(&pl->findings, IK_SEV_WARNING,
		    IKF_DRS_PLATFORM_DUPLICATE, where,
		    "%s appears again: the first value is kept", pp->ans_name);
	} else
		pl->v[pp->ans->field] = v;
	if (r < 0)
		stop(pp, "out of memory");
	else if (r > 0)
		ik_findings_add(&pl->findings, IK_SEV_WARNING,
		    IKF_DRS_PLATFORM_DUPLICATE, where,
		    "more than %d DNS or NTP servers: %s left out",
		    IK_DRS_PF_LIST_MAX, pp->ans_name);
}

static void XMLCALL
on_end(void *ud, const XML_Char *el)
{
	pparse *pp = ud;

	(void)el;
	if ((pp->ans != NULL || pp->secret) && pp->in_param &&
	    pp->depth == pp->ans_depth + 1)
		pp->in_param = false;
	if ((pp->ans != NULL || pp->secret) && pp->depth == pp->ans_depth) {
		close_answer(pp);
		pp->ans = NULL;
		pp->secret = false;
	}
	if (pp->depth > 0)
		pp->depth--;
}

static void XMLCALL
on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
    const XML_Char *pubid, int has_internal)
{
	(void)name;
	(void)sysid;
	(void)pubid;
	(void)has_internal;
	stop(ud, "document type declarations are not allowed");
}

/* The values a manifest stores, as a platform record. */
static ik_status
from_manifest(const uint8_t *buf, size_t len, ik_drs_platform *pl,
    ik_error *err)
{
	ik_status st;

	pl->kind = "drs-manifest";
	st = ik_drs_manifest_parse(buf, len, &pl->m, &pl->findings, err);
	if (st == IK_OK && pl->m.version != NULL &&
	    (pl->v[IK_PF_VERSION] = strdup(pl->m.version)) == NULL)
		st = ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
		    "out of memory");
	return st;
}

/* What a rebuild cannot do without, said once. */
static void
lint(ik_drs_platform *pl)
{
	static const ik_drs_pf need[] = { IK_PF_HOSTNAME, IK_PF_IP,
		IK_PF_MASK, IK_PF_GATEWAY, IK_PF_DOMAIN, IK_PF_TIMEZONE,
		IK_PF_VERSION };
	ik_sb sb;
	size_t i;

	ik_sb_init(&sb);
	for (i = 0; i < sizeof(need) / sizeof(need[0]); i++)
		if (pl->v[need[i]] == NULL)
			ik_sb_printf(&sb, "%s%s", sb.len ? ", " : "",
			    ik_drs_pf_name(need[i]));
	if (sb.len > 0)
		ik_findings_add(&pl->findings, IK_SEV_WARNING,
		    IKF_DRS_PLATFORM_INCOMPLETE, NULL,
		    "no value for %s: a rebuild needs them", sb.s);
	ik_sb_free(&sb);
}

ik_status
ik_drs_platform_parse(const uint8_t *buf, size_t len, ik_drs_platform *pl,
    ik_error *err)
{
	pparse pp;
	ik_status st = IK_OK;

	memset(pl, 0, sizeof(*pl));
	ik_findings_init(&pl->findings);
	pl->kind = "platform-config";
	memset(&pp, 0, sizeof(pp));
	pp.pl = pl;
	pp.err = err;
	ik_sb_init(&pp.own);
	ik_sb_init(&pp.param);
	pp.p = XML_ParserCreate(NULL);
	if (pp.p == NULL)
		return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
		    "cannot create an XML parser");
	XML_SetUserData(pp.p, &pp);
	XML_SetElementHandler(pp.p, on_start, on_end);
	XML_SetCharacterDataHandler(pp.p, on_text);
	XML_SetStartDoctypeDeclHandler(pp.p, on_doctype);
	/* A manifest's root stops the parse: not an error. */
	drs_xml_feed(pp.p, buf, len, &pp.failed, &pp.is_manifest, err);
	if (pp.failed)
		st = err->status;
	XML_ParserFree(pp.p);
	ik_wipe(pp.own.s, pp.own.len);
	ik_wipe(pp.param.s, pp.param.len);
	ik_sb_free(&pp.own);
	ik_sb_free(&pp.param);
	if (st == IK_OK && pp.is_manifest)
		st = from_manifest(buf, len, pl, err);
	else if (st == IK_OK)
		lint(pl);
	return st;
}

void
ik_drs_platform_free(ik_drs_platform *pl)
{
	int i;

	for (i = 0; i < IK_PF_COUNT; i++)
		free(pl->v[i]);
	drs_free_strings(pl->dns, pl->ndns);
	drs_free_strings(pl->ntp, pl->nntp);
	ik_drs_manifest_free(&pl->m);
	ik_findings_free(&pl->findings);
	memset(pl, 0, sizeof(*pl));
}
