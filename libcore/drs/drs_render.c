/*
 * drs_render.c: layer drs, rendering.  The set report as one JSON object
 * (DESIGN section 4) and as text, the summary of a batch, and
 * drs-platform's report.  Names from the manifest, member paths and
 * platform values are hostile bytes: they go through ik_json_str /
 * ik_sb_add_safe.
 */
#include <stdio.h>
#include <string.h>

#include "ik_drs.h"
#include "ik_report.h"
#include "ik_drs_render.h"

static json_t *
names_json(char *const *v, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a != NULL && i < n; i++)
		json_array_append_new(a, ik_json_cstr(v[i]));
	return a;
}

static json_t *
artifacts_json(const ik_drs_scan *s)
{
	json_t *a = json_array();
	size_t i;

	const ik_drs_artifact *x;
	json_t *o;

	for (i = 0; a != NULL && i < s->nartifacts; i++) {
		x = &s->artifacts[i];
		o = json_pack("{s:o, s:s}", "path", ik_json_cstr(x->path),
		    "kind", x->kind);
		if (o != NULL && x->inspected) {
			json_object_set_new(o, "size",
			    json_integer((json_int_t)x->size));
			json_object_set_new(o, "sha1", ik_json_hex(x->sha1, 20));
			json_object_set_new(o, "verdict", json_string(x->verdict));
			json_object_set_new(o, "recovery_cert_sha1",
			    x->has_recovery ? ik_json_hex(x->recovery_sha1, 20) :
			    json_null());
			json_object_set_new(o, "detail", ik_json_cstr(x->detail));
		}
		json_array_append_new(a, o);
	}
	return a;
}

/* Where each leaked key is and what it did; never the key. */
static json_t *
leaks_json(const ik_drs_comp_report *c)
{
	json_t *a = json_array();
	size_t k;

	for (k = 0; a != NULL && k < c->nleaks; k++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:I, s:I, s:o}",
		    "key", "present", "form", c->leaks[k].form,
		    "offset", (json_int_t)(c->layout.data_end + c->leaks[k].off),
		    "length", (json_int_t)c->leaks[k].len,
		    "opened", c->leak_opened < 0 ? json_null() :
		    json_boolean(c->leak_opened == (int)k + 1)));
	return a;
}

static json_t *
component_json(const ik_drs_comp_report *c)
{
	json_t *o = json_object();
	bool p = c->present;

	if (o == NULL)
		return NULL;
	json_object_set_new(o, "server", ik_json_cstr(c->server));
	json_object_set_new(o, "feature", ik_json_cstr(c->feature));
	json_object_set_new(o, "component", ik_json_cstr(c->component));
	json_object_set_new(o, "file", ik_json_cstr(c->file));
	json_object_set_new(o, "present", json_boolean(p));
	json_object_set_new(o, "size", p ? json_integer((json_int_t)c->size) :
	    json_null());
	json_object_set_new(o, "sha1", p && c->scan.hashed ?
	    ik_json_hex(c->scan.sha1_all, 20) : json_null());
	json_object_set_new(o, "container", p ?
	    json_string(ik_drs_container_name(c->layout.container)) :
	    json_null());
	json_object_set_new(o, "trailing_text_bytes", p ?
	    json_integer((json_int_t)c->layout.trailer_len) : json_null());
	json_object_set_new(o, "checksum",
	    json_string(ik_drs_checksum_name(c->checksum)));
	json_object_set_new(o, "decrypted", c->scan.decrypted < 0 ?
	    json_null() : json_boolean(c->scan.decrypted == 1));
	json_object_set_new(o, "payload", ik_json_cstr(c->scan.payload));
	json_object_set_new(o, "members", c->scan.payload != NULL ?
	    json_integer(c->scan.members) : json_null());
	json_object_set_new(o, "member_bytes", c->scan.payload != NULL ?
	    json_integer((json_int_t)c->scan.member_bytes) : json_null());
	json_object_set_new(o, "artifacts", artifacts_json(&c->scan));
	/* Only beside a leak, so that other reports read as before. */
	if (c->nleaks > 0)
		json_object_set_new(o, "leaked_keys", leaks_json(c));
	return o;
}

json_t *
ik_drs_report_json(const ik_drs_report *r, const char *tool,
    bool with_password)
{
	json_t *o, *comps;
	size_t i;

	/* Inside an archive: the archive, and the set's name inside. */
	o = ik_report_new(tool, "set", r->archive != NULL ? r->archive :
	    r->label, r->manifest_size >= 0 ? r->manifest_sha256 : NULL,
	    r->manifest_size);
	if (r->archive != NULL)
		o = ik_report_member(o, "set", r->label + strlen(r->archive) +
		    1);
	comps = json_array();
	if (o == NULL || comps == NULL) {
		json_decref(o);
		json_decref(comps);
		return NULL;
	}
	json_object_set_new(o, "manifest", ik_json_cstr(r->manifest));
	json_object_set_new(o, "backup_id", ik_json_cstr(r->backup_id));
	json_object_set_new(o, "publisher", ik_json_cstr(r->publisher));
	json_object_set_new(o, "version", ik_json_cstr(r->m.version));
	json_object_set_new(o, "features", names_json(r->m.features,
	    r->m.nfeatures));
	json_object_set_new(o, "servers", names_json(r->m.servers,
	    r->m.nservers));
	if (with_password) {
		json_object_set_new(o, "scheme", r->scheme ?
		    json_integer(r->scheme) : json_null());
		json_object_set_new(o, "password",
		    json_string(ik_drs_password_name(r->password)));
		json_object_set_new(o, "candidate", r->candidate ?
		    json_integer((json_int_t)r->candidate) : json_null());
	}
	for (i = 0; i < r->ncomps; i++)
		json_array_append_new(comps, component_json(&r->comps[i]));
	json_object_set_new(o, "components", comps);
	json_object_set_new(o, "missing", names_json(r->missing, r->nmissing));
	json_object_set_new(o, "extra", names_json(r->extra, r->nextra));
	ik_report_finish(o, ik_drs_status_name(r->status), &r->findings);
	return o;
}

static void
component_text(ik_sb *sb, const ik_drs_comp_report *c)
{
	char hex[41];
	size_t i;

	ik_sb_puts(sb, "  ");
	ik_sb_puts_safe(sb, c->server, "-");
	ik_sb_puts(sb, " ");
	ik_sb_puts_safe(sb, c->feature, "-");
	ik_sb_puts(sb, " ");
	ik_sb_puts_safe(sb, c->component, "-");
	if (!c->present) {
		ik_sb_puts(sb, ": MISSING ");
		ik_sb_puts_safe(sb, c->file, "-");
		ik_sb_puts(sb, "\n");
		return;
	}
	ik_sb_printf(sb, ": %llu bytes, %s", (unsigned long long)c->size,
	    ik_drs_container_name(c->layout.container));
	if (c->layout.trailer_len > 0)
		ik_sb_printf(sb, " + %zu bytes of text", c->layout.trailer_len);
	if (c->scan.hashed) {
		ik_hex(c->scan.sha1_all, 20, hex);
		ik_sb_printf(sb, ", sha1 %s", hex);
	}
	ik_sb_printf(sb, ", checksum %s", ik_drs_checksum_name(c->checksum));
	if (c->scan.decrypted >= 0)
		ik_sb_printf(sb, ", %s", c->scan.decrypted ? "decrypted" :
		    "NOT decrypted");
	if (c->scan.payload != NULL)
		ik_sb_printf(sb, ", %s with %lld members (%llu bytes)",
		    c->scan.payload, c->scan.members,
		    (unsigned long long)c->scan.member_bytes);
	ik_sb_puts(sb, "\n");
	for (i = 0; i < c->nleaks; i++) {
		ik_sb_printf(sb, "    leaked key: present at byte %llu (%zu characters, openssl '%s')",
		    (unsigned long long)(c->layout.data_end + c->leaks[i].off),
		    c->leaks[i].len, c->leaks[i].form);
		if (c->leak_opened >= 0)
			ik_sb_puts(sb, c->leak_opened == (int)i + 1 ?
			    ", opened the component" : ", does not open it");
		ik_sb_puts(sb, "\n");
	}
	for (i = 0; i < c->scan.nartifacts; i++) {
		ik_sb_printf(sb, "    artifact %s: ", c->scan.artifacts[i].kind);
		ik_sb_puts_safe(sb, c->scan.artifacts[i].path, "-");
		if (c->scan.artifacts[i].detail != NULL) {
			ik_sb_puts(sb, " (");
			ik_sb_puts_safe(sb, c->scan.artifacts[i].detail, "-");
			ik_sb_puts(sb, ")");
		}
		ik_sb_puts(sb, "\n");
	}
}

/* A status in the colour of what it means. */
static void
status_words(ik_sb *sb, const ik_text_opts *t, ik_drs_status st,
    const ik_findings *f)
{
	int worst = ik_findings_worst(f);

	ik_text_tone(sb, t, st != IK_DRS_OK && st != IK_DRS_UNVERIFIED ?
	    IK_SEV_ERROR : worst < IK_SEV_WARNING ? -1 : worst,
	    ik_drs_status_name(st));
}

/*
 * The answer first: "SET: ok, 4 components, password verified; 2
 * warnings", with what is missing or does not match.
 */
static void
verdict_line(ik_sb *sb, const ik_drs_report *r, bool with_password,
    const ik_text_opts *t)
{
	size_t i, bad = 0;

	ik_sb_puts_safe(sb, r->label, "-");
	ik_sb_puts(sb, ": ");
	status_words(sb, t, r->status, &r->findings);
	for (i = 0; i < r->ncomps; i++)
		if (r->comps[i].checksum == IK_DRS_SUM_MISMATCH)
			bad++;
	ik_sb_printf(sb, ", %zu component%s", r->ncomps, r->ncomps == 1 ?
	    "" : "s");
	if (r->nmissing > 0)
		ik_sb_printf(sb, ", %zu missing", r->nmissing);
	if (bad > 0)
		ik_sb_printf(sb, ", %zu checksum mismatch%s", bad, bad == 1 ?
		    "" : "es");
	if (with_password)
		ik_sb_printf(sb, ", password %s",
		    ik_drs_password_name(r->password));
	ik_text_counts(sb, t, &r->findings);
	ik_sb_puts(sb, "\n");
}

void
ik_drs_report_text(ik_sb *sb, const ik_drs_report *r, bool with_password,
    const ik_text_opts *t)
{
	size_t i;

	verdict_line(sb, r, with_password, t);
	if (t != NULL && t->brief)
		return;
	ik_sb_puts(sb, "  version ");
	ik_sb_puts_safe(sb, r->m.version, "-");
	ik_sb_puts(sb, ", features");
	for (i = 0; i < r->m.nfeatures; i++) {
		ik_sb_puts(sb, " ");
		ik_sb_puts_safe(sb, r->m.features[i], "-");
	}
	ik_sb_puts(sb, ", servers");
	for (i = 0; i < r->m.nservers; i++) {
		ik_sb_puts(sb, " ");
		ik_sb_puts_safe(sb, r->m.servers[i], "-");
	}
	ik_sb_puts(sb, "\n");
	if (with_password) {
		ik_sb_printf(sb, "  password %s",
		    ik_drs_password_name(r->password));
		if (r->scheme)
			ik_sb_printf(sb, " (scheme %d)", r->scheme);
		if (r->candidate)
			ik_sb_printf(sb, " (candidate line %zu)", r->candidate);
		ik_sb_puts(sb, "\n");
	}
	for (i = 0; i < r->ncomps; i++)
		component_text(sb, &r->comps[i]);
	for (i = 0; i < r->nextra; i++) {
		ik_sb_puts(sb, "  extra ");
		ik_sb_puts_safe(sb, r->extra[i], "-");
		ik_sb_puts(sb, "\n");
	}
	ik_findings_text_opts(sb, &r->findings, "  ", t);
}

void
ik_drs_csv_header(ik_sb *sb)
{
	ik_sb_puts(sb, "set,status,server,feature,component,file,present,"
	    "size,sha1,container,trailing_text_bytes,checksum,decrypted,"
	    "payload,members,artifacts\n");
}

static void
cell(ik_sb *sb, const char *s, bool last)
{
	ik_sb_csv_cell(sb, s);
	ik_sb_puts(sb, last ? "\n" : ",");
}

/* "kind:path" of every artifact found, separated by "; ". */
static void
artifacts_cell(ik_sb *sb, const ik_drs_scan *s)
{
	ik_sb t;
	size_t i;

	ik_sb_init(&t);
	for (i = 0; i < s->nartifacts; i++) {
		ik_sb_printf(&t, "%s%s:", i > 0 ? "; " : "",
		    s->artifacts[i].kind);
		/* Raw: the cell makes it printable, once. */
		ik_sb_puts(&t, s->artifacts[i].path != NULL ?
		    s->artifacts[i].path : "");
	}
	if (t.oom)
		sb->oom = true;
	cell(sb, t.len > 0 ? t.s : "", true);
	ik_sb_free(&t);
}

void
ik_drs_report_csv(ik_sb *sb, const ik_drs_report *r)
{
	const ik_drs_comp_report *c;
	char size[24], hex[41], trail[24], members[24];
	size_t i;

	for (i = 0; i < r->ncomps; i++) {
		c = &r->comps[i];
		size[0] = hex[0] = trail[0] = members[0] = '\0';
		if (c->present) {
			snprintf(size, sizeof(size), "%llu",
			    (unsigned long long)c->size);
			snprintf(trail, sizeof(trail), "%zu",
			    c->layout.trailer_len);
		}
		if (c->present && c->scan.hashed)
			ik_hex(c->scan.sha1_all, 20, hex);
		if (c->scan.payload != NULL)
			snprintf(members, sizeof(members), "%lld",
			    c->scan.members);
		cell(sb, r->label, false);
		cell(sb, ik_drs_status_name(r->status), false);
		cell(sb, c->server, false);
		cell(sb, c->feature, false);
		cell(sb, c->component, false);
		cell(sb, c->file, false);
		cell(sb, c->present ? "true" : "false", false);
		cell(sb, size, false);
		cell(sb, hex, false);
		cell(sb, c->present ?
		    ik_drs_container_name(c->layout.container) : "", false);
		cell(sb, trail, false);
		cell(sb, ik_drs_checksum_name(c->checksum), false);
		cell(sb, c->scan.decrypted < 0 ? "" : c->scan.decrypted ?
		    "true" : "false", false);
		cell(sb, c->scan.payload, false);
		cell(sb, members, false);
		artifacts_cell(sb, &c->scan);
	}
}

json_t *
ik_drs_summary_json(const ik_drs_summary *s, const char *tool)
{
	json_t *o = json_object(), *c = json_object();
	size_t i;

	if (o == NULL || c == NULL) {
		json_decref(o);
		json_decref(c);
		return NULL;
	}
	for (i = 0; i < IK_DRS_SET_STATUSES; i++)
		json_object_set_new(c, ik_drs_status_name((ik_drs_status)i),
		    json_integer((json_int_t)s->by_status[i]));
	json_object_set_new(o, "tool", json_string(tool));
	json_object_set_new(o, "summary", json_true());
	json_object_set_new(o, "sets", json_integer((json_int_t)s->sets));
	json_object_set_new(o, "counts", c);
	json_object_set_new(o, "components",
	    json_integer((json_int_t)s->components));
	json_object_set_new(o, "bytes", json_integer((json_int_t)s->bytes));
	/* Only when places were left out, so that other runs read as before. */
	if (s->skipped.n > 0 || s->skipped.lost > 0)
		json_object_set_new(o, "findings", ik_findings_json(&s->skipped));
	return o;
}

void
ik_drs_summary_text(ik_sb *sb, const ik_drs_summary *s,
    const ik_text_opts *t)
{
	size_t i;
	const char *sep = ": ";

	ik_sb_printf(sb, "%zu set%s", s->sets, s->sets == 1 ? "" : "s");
	for (i = 0; i < IK_DRS_SET_STATUSES; i++) {
		if (s->by_status[i] == 0)
			continue;
		ik_sb_printf(sb, "%s%zu ", sep, s->by_status[i]);
		ik_text_tone(sb, t, i == IK_DRS_OK ? -1 :
		    i == IK_DRS_UNVERIFIED ? IK_SEV_WARNING : IK_SEV_ERROR,
		    ik_drs_status_name((ik_drs_status)i));
		sep = ", ";
	}
	if (s->skipped.n > 0)
		ik_sb_printf(sb, "; %zu place%s not searched", s->skipped.n,
		    s->skipped.n == 1 ? "" : "s");
	ik_sb_puts(sb, "\n");
	ik_findings_text_opts(sb, &s->skipped, "  ", t);
}

/*
 * The publisher's recovery files this extraction wrote, by kind, so that
 * a recipe can name the extracted ITL without knowing the layout: the
 * first file of each kind from a component of the set's publisher (of
 * any server when the manifest names none), as a path under out_dir;
 * null for a kind not extracted.
 */
static json_t *
extracted_artifacts(const ik_drs_report *r, const json_t *manifest,
    const char *out_dir)
{
	static const char *const kinds[][2] = {
		{ "itl", "itl" }, { "ctl", "ctl" },
		{ "itl-recovery-p12", "itl_recovery_p12" },
		{ "platform-config", "platform_config" }
	};
	const char *comp, *type, *member, *rel, *kind;
	size_t i, k, plen = r->publisher != NULL ? strlen(r->publisher) : 0;
	json_t *o = json_object(), *e;
	ik_sb sb;

	if (o == NULL)
		return NULL;
	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
		json_object_set_new(o, kinds[k][1], json_null());
	json_array_foreach(json_object_get(manifest, "extracted"), i, e) {
		comp = json_string_value(json_object_get(e, "component"));
		type = json_string_value(json_object_get(e, "type"));
		member = json_string_value(json_object_get(e, "member"));
		rel = json_string_value(json_object_get(e, "path"));
		if (comp == NULL || type == NULL || member == NULL ||
		    rel == NULL || strcmp(type, "file") != 0 ||
		    (kind = ik_drs_artifact_kind(member)) == NULL)
			continue;
		if (plen > 0 && (strncmp(comp, r->publisher, plen) != 0 ||
		    comp[plen] != '_'))
			continue;
		for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
			if (strcmp(kind, kinds[k][0]) != 0 ||
			    !json_is_null(json_object_get(o, kinds[k][1])))
				continue;
			ik_sb_init(&sb);
			ik_sb_printf(&sb, "%s/%s", out_dir, rel);
			json_object_set_new(o, kinds[k][1], sb.oom ? NULL :
			    json_string(sb.s));
			ik_sb_free(&sb);
		}
	}
	return o;
}

json_t *
ik_drs_extract_json(const ik_drs_report *r, const ik_drs_extract_result *res,
    const char *out_dir, const char *tool)
{
	json_t *o;

	o = ik_report_new(tool, "set", r->label,
	    r->manifest_size >= 0 ? r->manifest_sha256 : NULL,
	    r->manifest_size);
	if (o == NULL)
		return NULL;
	json_object_set_new(o, "out", ik_json_cstr(out_dir));
	json_object_set_new(o, "extracted",
	    json_integer((json_int_t)res->extracted));
	json_object_set_new(o, "refused",
	    json_integer((json_int_t)res->refused));
	json_object_set_new(o, "artifacts", extracted_artifacts(r,
	    res->manifest, out_dir != NULL ? out_dir : "."));
	ik_report_finish(o, ik_drs_status_name(res->status), &res->findings);
	return o;
}

void
ik_drs_extract_text(ik_sb *sb, const ik_drs_report *r,
    const ik_drs_extract_result *res, const char *out_dir,
    const ik_text_opts *t)
{
	ik_sb_puts_safe(sb, r->label, "-");
	ik_sb_puts(sb, ": ");
	status_words(sb, t, res->status, &res->findings);
	ik_sb_printf(sb, ": %zu objects extracted, %zu members refused; see ",
	    res->extracted, res->refused);
	ik_sb_puts_safe(sb, out_dir, "-");
	ik_sb_puts(sb, "/MANIFEST.json");
	ik_text_counts(sb, t, &res->findings);
	ik_sb_puts(sb, "\n");
	if (t == NULL || !t->brief)
		ik_findings_text_opts(sb, &res->findings, "  ", t);
}

json_t *
ik_drs_rekey_json(const ik_drs_report *r, const char *out,
    const uint8_t out_sha256[32], const char *tool)
{
	json_t *o;

	o = ik_report_new(tool, "set", r->label, r->manifest_sha256,
	    r->manifest_size);
	if (o == NULL)
		return NULL;
	json_object_set_new(o, "output", ik_json_cstr(out));
	json_object_set_new(o, "output_sha256", ik_json_hex(out_sha256, 32));
	json_object_set_new(o, "scheme", json_integer(r->scheme));
	json_object_set_new(o, "components",
	    json_integer((json_int_t)r->ncomps));
	if (r->from_leaked)
		json_object_set_new(o, "from_leaked_keys", json_true());
	/* Re-keying is refused unless the set's password verified. */
	ik_report_finish(o, ik_drs_status_name(IK_DRS_OK), &r->findings);
	return o;
}

/* The tone of a good outcome: green, or that of its worst finding. */
static int
good_tone(const ik_findings *f)
{
	int worst = ik_findings_worst(f);

	return worst < IK_SEV_WARNING ? -1 : worst;
}

void
ik_drs_rekey_text(ik_sb *sb, const ik_drs_report *r, const char *out,
    const ik_text_opts *t)
{
	ik_sb_puts_safe(sb, r->label, "-");
	ik_sb_printf(sb, ": %zu components ", r->ncomps);
	/* Only a set whose password verified is re-keyed. */
	ik_text_tone(sb, t, good_tone(&r->findings), "re-keyed");
	ik_sb_printf(sb, " (scheme %d%s) into ", r->scheme, r->from_leaked ?
	    ", from the keys leaked in their trailing text" : "");
	ik_sb_puts_safe(sb, out, "-");
	ik_sb_puts(sb, "\n");
}

/* ---- drs-platform ---- */

/* "ok", or "incomplete" when a value a rebuild needs is missing. */
const char *
ik_drs_platform_status(const ik_drs_platform *pl)
{
	if (strcmp(pl->kind, "drs-manifest") == 0)
		return pl->v[IK_PF_VERSION] != NULL && pl->m.nservers > 0 ?
		    "ok" : "incomplete";
	return ik_findings_has(&pl->findings, IKF_DRS_PLATFORM_INCOMPLETE) ?
	    "incomplete" : "ok";
}

json_t *
ik_drs_platform_json(const ik_drs_platform *pl, const char *tool,
    const char *path, const uint8_t sha256[32], long long size)
{
	json_t *o, *sec;
	size_t i;
	int f;

	o = ik_report_new(tool, "file", path, sha256, size);
	sec = json_array();
	if (o == NULL || sec == NULL) {
		json_decref(o);
		json_decref(sec);
		return NULL;
	}
	json_object_set_new(o, "kind", json_string(pl->kind));
	for (f = 0; f < IK_PF_COUNT; f++)
		json_object_set_new(o, ik_drs_pf_name((ik_drs_pf)f),
		    ik_json_cstr(pl->v[f]));
	json_object_set_new(o, "dns", names_json(pl->dns, pl->ndns));
	json_object_set_new(o, "ntp", names_json(pl->ntp, pl->nntp));
	for (i = 0; i < pl->nsecrets; i++)
		json_array_append_new(sec, json_pack("{s:o, s:s}", "element",
		    ik_json_cstr(pl->secrets[i].element), "value",
		    pl->secrets[i].present ? "present" : "empty"));
	json_object_set_new(o, "secrets", sec);
	json_object_set_new(o, "features", names_json(pl->m.features,
	    pl->m.nfeatures));
	json_object_set_new(o, "servers", names_json(pl->m.servers,
	    pl->m.nservers));
	ik_report_finish(o, ik_drs_platform_status(pl), &pl->findings);
	return o;
}

static void
list_text(ik_sb *sb, const char *label, char *const *v, size_t n)
{
	size_t i;

	if (n == 0)
		return;
	ik_sb_printf(sb, "  %-15s", label);
	for (i = 0; i < n; i++) {
		if (i > 0)
			ik_sb_puts(sb, ", ");
		ik_sb_puts_safe(sb, v[i], "-");
	}
	ik_sb_puts(sb, "\n");
}

void
ik_drs_platform_text(ik_sb *sb, const ik_drs_platform *pl, const char *path,
    const ik_text_opts *t)
{
	const char *st = ik_drs_platform_status(pl);
	size_t i;
	int f, worst = ik_findings_worst(&pl->findings);

	ik_sb_puts_safe(sb, path, "-");
	ik_sb_puts(sb, ": ");
	/* incomplete fails the check: at least a warning's colour. */
	ik_text_tone(sb, t, strcmp(st, "ok") == 0 ? good_tone(&pl->findings) :
	    worst > IK_SEV_WARNING ? worst : IK_SEV_WARNING, st);
	ik_sb_printf(sb, " (%s)\n", pl->kind);
	if (t != NULL && t->brief)
		return;
	for (f = 0; f < IK_PF_COUNT; f++) {
		if (pl->v[f] == NULL)
			continue;
		ik_sb_printf(sb, "  %-15s", ik_drs_pf_name((ik_drs_pf)f));
		ik_sb_puts_safe(sb, pl->v[f], "-");
		ik_sb_puts(sb, "\n");
	}
	list_text(sb, "dns", pl->dns, pl->ndns);
	list_text(sb, "ntp", pl->ntp, pl->nntp);
	list_text(sb, "features", pl->m.features, pl->m.nfeatures);
	list_text(sb, "servers", pl->m.servers, pl->m.nservers);
	for (i = 0; i < pl->nsecrets; i++) {
		ik_sb_printf(sb, "  %-15s", i == 0 ? "secrets" : "");
		ik_sb_puts_safe(sb, pl->secrets[i].element, "-");
		ik_sb_puts(sb, pl->secrets[i].present ? ": present\n" :
		    ": empty\n");
	}
	ik_findings_text_opts(sb, &pl->findings, "  ", t);
}

void
ik_drs_platform_malformed_text(ik_sb *sb, const char *path,
    const ik_findings *f, const ik_text_opts *t)
{
	ik_sb_puts_safe(sb, path, "-");
	ik_sb_puts(sb, ": ");
	ik_text_tone(sb, t, IK_SEV_ERROR, "malformed");
	ik_text_counts(sb, t, f);
	ik_sb_puts(sb, "\n");
	if (t == NULL || !t->brief)
		ik_findings_text_opts(sb, f, "  ", t);
}
