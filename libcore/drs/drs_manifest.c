/*
 * drs_manifest.c: drfComponent.xml, XStream-serialised Java objects, read
 * with expat.  Only the few elements the checks need are kept; every other
 * element is skipped, because CUCM versions add and drop fields freely.
 * The parser is fed in chunks and every kept string, the nesting depth and
 * the component count are bounded, so a hostile manifest costs little.
 * Layer: drs.
 */
#include <stdlib.h>
#include <string.h>

#include <expat.h>

#include "ik_drs.h"
#include "drs_private.h"

#define MAX_DEPTH	64
#define MAX_TEXT	4096
#define MAX_NAMES	256
#define CHUNK		65536

enum field {
	F_NONE = 0, F_FEAT_VERSION, F_FEAT_NAME, F_SERVER_NAME, F_COMP_NAME,
	F_COMP_KEY, F_COMP_SUM, F_COMP_VERSION, F_COMP_STATUS
};

typedef struct mparse {
	XML_Parser p;
	ik_drs_manifest *m;
	ik_findings *f;
	ik_error *err;
	const char *stack[MAX_DEPTH];	/* element names, borrowed from expat */
	int depth;
	bool failed;
	enum field field;
	ik_sb text;
	size_t text_start;
	char *feat_name, *feat_version, *server_name;
	size_t feat_first, server_first;	/* first comp of the open object */
	ik_drs_comp *comp;		/* the open ComponentObject */
	bool root_seen;
} mparse;

static void
stop(mparse *mp, ik_status st, ik_errcat cat, const char *why)
{
	if (mp->failed)
		return;
	mp->failed = true;
	drs_xml_error(mp->p, st, cat, why, mp->err);
	XML_StopParser(mp->p, XML_FALSE);
}

void
drs_xml_error(struct XML_ParserStruct *p, ik_status st, ik_errcat cat,
    const char *why, ik_error *err)
{
	ik_error_set_at(err, st, cat, XML_GetCurrentByteIndex(p),
	    "line %lu:%lu: %s", (unsigned long)XML_GetCurrentLineNumber(p),
	    (unsigned long)XML_GetCurrentColumnNumber(p) + 1, why);
}

void
drs_xml_feed(struct XML_ParserStruct *p, const uint8_t *buf, size_t len,
    bool *failed, const bool *stop, ik_error *err)
{
	size_t off = 0, n;

	do {
		n = len - off > CHUNK ? CHUNK : len - off;
		if (XML_Parse(p, (const char *)buf + off, (int)n,
		    off + n == len) == XML_STATUS_ERROR) {
			if (!*failed && !*stop) {
				*failed = true;
				drs_xml_error(p, IK_FAILED, IK_ERR_FORMAT,
				    XML_ErrorString(XML_GetErrorCode(p)), err);
			}
			return;
		}
		off += n;
	} while (off < len && !*stop);
}

static const char *
parent(const mparse *mp)
{
	return mp->depth >= 2 ? mp->stack[mp->depth - 2] : "";
}

static enum field
field_of(const mparse *mp, const char *el)
{
	const char *par = parent(mp);

	if (strcmp(par, "FeatureObject") == 0) {
		if (strcmp(el, "Version") == 0)
			return F_FEAT_VERSION;
		if (strcmp(el, "FeatureName") == 0)
			return F_FEAT_NAME;
	} else if (strcmp(par, "ServerObj") == 0) {
		if (strcmp(el, "ServerName") == 0)
			return F_SERVER_NAME;
	} else if (strcmp(par, "ComponentObject") == 0 && mp->comp != NULL) {
		if (strcmp(el, "ComponentName") == 0)
			return F_COMP_NAME;
		if (strcmp(el, "EncryptKey") == 0)
			return F_COMP_KEY;
		if (strcmp(el, "EncryptedSHA1CheckSum") == 0)
			return F_COMP_SUM;
		if (strcmp(el, "Version") == 0)
			return F_COMP_VERSION;
		if (strcmp(el, "Status") == 0)
			return F_COMP_STATUS;
	}
	return F_NONE;
}

static char *
xstrdup(mparse *mp, const char *s)
{
	char *d = strdup(s);

	if (d == NULL)
		stop(mp, IK_FATAL, IK_ERR_MEMORY, "out of memory");
	return d;
}

/* Adds name to a distinct list. */
static void
add_name(mparse *mp, char ***v, size_t *n, const char *name)
{
	char **nv;
	size_t i;

	for (i = 0; i < *n; i++)
		if (strcmp((*v)[i], name) == 0)
			return;
	if (*n >= MAX_NAMES) {
		stop(mp, IK_FAILED, IK_ERR_FORMAT,
		    "more than 256 features or servers");
		return;
	}
	nv = realloc(*v, (*n + 1) * sizeof(*nv));
	if (nv == NULL) {
		stop(mp, IK_FATAL, IK_ERR_MEMORY, "out of memory");
		return;
	}
	*v = nv;
	if ((nv[*n] = xstrdup(mp, name)) != NULL)
		(*n)++;
}

static void
open_component(mparse *mp)
{
	ik_drs_manifest *m = mp->m;
	ik_drs_comp *nc;

	if (m->ncomps >= IK_DRS_MAX_COMPONENTS) {
		stop(mp, IK_FAILED, IK_ERR_FORMAT,
		    "more than 4096 components");
		return;
	}
	nc = realloc(m->comps, (m->ncomps + 1) * sizeof(*nc));
	if (nc == NULL) {
		stop(mp, IK_FATAL, IK_ERR_MEMORY, "out of memory");
		return;
	}
	m->comps = nc;
	mp->comp = &nc[m->ncomps++];
	memset(mp->comp, 0, sizeof(*mp->comp));
	mp->comp->line = (unsigned long)XML_GetCurrentLineNumber(mp->p);
}

static void XMLCALL
on_start(void *ud, const XML_Char *el, const XML_Char **attr)
{
	mparse *mp = ud;

	(void)attr;
	if (mp->depth >= MAX_DEPTH) {
		stop(mp, IK_FAILED, IK_ERR_FORMAT,
		    "elements nested deeper than 64");
		return;
	}
	if (mp->depth == 0 && !mp->root_seen) {
		mp->root_seen = true;
		if (strcmp(el, "list") != 0)
			ik_findings_add(mp->f, IK_SEV_WARNING,
			    IKF_DRS_MANIFEST_UNEXPECTED_ROOT, "line 1",
			    "root element is not <list>");
	}
	mp->stack[mp->depth++] = el;
	if (strcmp(el, "FeatureObject") == 0) {
		free(mp->feat_name);
		free(mp->feat_version);
		mp->feat_name = mp->feat_version = NULL;
		mp->feat_first = mp->m->ncomps;
	} else if (strcmp(el, "ServerObj") == 0) {
		free(mp->server_name);
		mp->server_name = NULL;
		mp->server_first = mp->m->ncomps;
	} else if (strcmp(el, "ComponentObject") == 0) {
		if (mp->comp != NULL) {
			stop(mp, IK_FAILED, IK_ERR_FORMAT,
			    "ComponentObject inside a ComponentObject");
			return;
		}
		open_component(mp);
		return;
	}
	mp->field = field_of(mp, el);
	ik_sb_reset(&mp->text);
	mp->text_start = (size_t)XML_GetCurrentByteIndex(mp->p) +
	    (size_t)XML_GetCurrentByteCount(mp->p);
}

static void XMLCALL
on_text(void *ud, const XML_Char *s, int len)
{
	mparse *mp = ud;

	if (mp->field == F_NONE || len <= 0)
		return;
	if (mp->text.len + (size_t)len > MAX_TEXT) {
		stop(mp, IK_FAILED, IK_ERR_FORMAT,
		    "element text over 4096 bytes");
		return;
	}
	ik_sb_add(&mp->text, s, (size_t)len);
}

/* The collected text without surrounding white space (a new string). */
static char *
trimmed(mparse *mp)
{
	const char *s = mp->text.s ? mp->text.s : "";
	size_t n = mp->text.len;
	char *d;

	while (n > 0 && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	    s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	d = strndup(s, n);
	if (d == NULL)
		stop(mp, IK_FATAL, IK_ERR_MEMORY, "out of memory");
	return d;
}

static void
set_str(char **dst, char *v)
{
	free(*dst);
	*dst = v;
}

/* Gives every component of an object that just closed its owner's name. */
static void
fill_owner(mparse *mp, size_t first, bool feature)
{
	size_t i;
	ik_drs_comp *c;

	for (i = first; i < mp->m->ncomps && !mp->failed; i++) {
		c = &mp->m->comps[i];
		if (feature) {
			if (c->feature == NULL && mp->feat_name != NULL)
				c->feature = xstrdup(mp, mp->feat_name);
			if (c->version == NULL && mp->feat_version != NULL)
				c->version = xstrdup(mp, mp->feat_version);
		} else if (c->server == NULL && mp->server_name != NULL) {
			c->server = xstrdup(mp, mp->server_name);
		}
	}
}

static void
end_field(mparse *mp)
{
	size_t end = (size_t)XML_GetCurrentByteIndex(mp->p);
	ik_drs_comp *c = mp->comp;
	char *v;

	if (mp->text.oom) {
		stop(mp, IK_FATAL, IK_ERR_MEMORY, "out of memory");
		return;
	}
	if ((v = trimmed(mp)) == NULL)
		return;
	switch (mp->field) {
	case F_FEAT_VERSION:
		set_str(&mp->feat_version, v);
		if (mp->m->version == NULL)
			mp->m->version = xstrdup(mp, v);
		return;
	case F_FEAT_NAME:
		set_str(&mp->feat_name, v);
		add_name(mp, &mp->m->features, &mp->m->nfeatures, v);
		return;
	case F_SERVER_NAME:
		set_str(&mp->server_name, v);
		add_name(mp, &mp->m->servers, &mp->m->nservers, v);
		return;
	case F_COMP_NAME:
		set_str(&c->component, v);
		return;
	case F_COMP_KEY:
	case F_COMP_SUM:
		/* Self-closing elements have no content span. */
		if (end < mp->text_start)
			end = mp->text_start;
		if (mp->field == F_COMP_KEY) {
			set_str(&c->encrypt_key, v);
			c->key_off = mp->text_start;
			c->key_len = end - mp->text_start;
		} else {
			set_str(&c->encrypted_sha1, v);
			c->sum_off = mp->text_start;
			c->sum_len = end - mp->text_start;
		}
		return;
	case F_COMP_STATUS:
		if (strcmp(v, "SUCCESS") != 0)
			ik_findings_add(mp->f, IK_SEV_WARNING,
			    IKF_DRS_COMPONENT_STATUS, NULL,
			    "manifest line %lu: component status is '%.40s', not SUCCESS",
			    c->line, v);
		free(v);
		return;
	case F_COMP_VERSION:
	case F_NONE:
		free(v);
		return;
	}
}

static void XMLCALL
on_end(void *ud, const XML_Char *el)
{
	mparse *mp = ud;

	if (mp->field != F_NONE)
		end_field(mp);
	mp->field = F_NONE;
	if (strcmp(el, "ComponentObject") == 0 && mp->comp != NULL) {
		mp->comp = NULL;
	} else if (strcmp(el, "ServerObj") == 0) {
		fill_owner(mp, mp->server_first, false);
	} else if (strcmp(el, "FeatureObject") == 0) {
		fill_owner(mp, mp->feat_first, true);
	}
	if (mp->depth > 0)
		mp->depth--;
}

static void XMLCALL
on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
    const XML_Char *pubid, int has_internal)
{
	(void)name;
	(void)sysid;
	(void)pubid;
	(void)has_internal;
	stop(ud, IK_FAILED, IK_ERR_FORMAT,
	    "document type declarations are not allowed in a manifest");
}

/* After the parse: what a manifest must hold to be checked. */
static void
lint(mparse *mp)
{
	ik_drs_manifest *m = mp->m;
	size_t i;
	char where[32];

	if (m->ncomps == 0)
		ik_findings_add(mp->f, IK_SEV_ERROR,
		    IKF_DRS_MANIFEST_NO_COMPONENTS, NULL,
		    "the manifest lists no ComponentObject");
	if (m->version == NULL)
		ik_findings_add(mp->f, IK_SEV_WARNING,
		    IKF_DRS_MANIFEST_NO_VERSION, NULL,
		    "no FeatureObject/Version: the value scheme is found by trial");
	for (i = 0; i < m->ncomps; i++) {
		ik_drs_comp *c = &m->comps[i];

		snprintf(where, sizeof(where), "line %lu", c->line);
		if (c->component == NULL || c->server == NULL ||
		    c->feature == NULL)
			ik_findings_add(mp->f, IK_SEV_ERROR,
			    IKF_DRS_MANIFEST_INCOMPLETE, where,
			    "component lacks its ComponentName, ServerName or FeatureName");
		if (c->encrypt_key == NULL || c->encrypted_sha1 == NULL)
			ik_findings_add(mp->f, IK_SEV_ERROR,
			    IKF_DRS_MANIFEST_INCOMPLETE, where,
			    "component lacks EncryptKey or EncryptedSHA1CheckSum");
	}
}

ik_status
ik_drs_manifest_parse(const uint8_t *buf, size_t len, ik_drs_manifest *m,
    ik_findings *f, ik_error *err)
{
	static const bool no_stop = false;
	mparse mp;
	ik_status st = IK_OK;

	memset(m, 0, sizeof(*m));
	memset(&mp, 0, sizeof(mp));
	mp.m = m;
	mp.f = f;
	mp.err = err;
	ik_sb_init(&mp.text);
	mp.p = XML_ParserCreate(NULL);
	if (mp.p == NULL)
		return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
		    "cannot create an XML parser");
	XML_SetUserData(mp.p, &mp);
	XML_SetElementHandler(mp.p, on_start, on_end);
	XML_SetCharacterDataHandler(mp.p, on_text);
	XML_SetStartDoctypeDeclHandler(mp.p, on_doctype);
	drs_xml_feed(mp.p, buf, len, &mp.failed, &no_stop, err);
	if (mp.failed)
		st = err->status;
	else
		lint(&mp);
	XML_ParserFree(mp.p);
	ik_sb_free(&mp.text);
	free(mp.feat_name);
	free(mp.feat_version);
	free(mp.server_name);
	if (st != IK_OK)
		ik_drs_manifest_free(m);
	return st;
}

void
drs_free_strings(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void
ik_drs_manifest_free(ik_drs_manifest *m)
{
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < m->ncomps; i++) {
		free(m->comps[i].feature);
		free(m->comps[i].server);
		free(m->comps[i].component);
		free(m->comps[i].version);
		free(m->comps[i].encrypt_key);
		free(m->comps[i].encrypted_sha1);
	}
	free(m->comps);
	drs_free_strings(m->features, m->nfeatures);
	drs_free_strings(m->servers, m->nservers);
	free(m->version);
	memset(m, 0, sizeof(*m));
}
