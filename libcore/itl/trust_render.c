/*
 * trust_render.c: layer itl, rendering.  A trust verdict as JSON and as
 * text, and itl-trust's report of one installed list against a candidate.
 */
#include <string.h>

#include "ik_trust.h"
#include "ik_report.h"
#include "ik_itl_render.h"

const char *
ik_verdict_name(ik_verdict v)
{
	switch (v) {
	case IK_ACCEPT: return "accept";
	case IK_REJECT: return "reject";
	case IK_DEPENDS: return "depends";
	case IK_UNKNOWN: break;
	}
	return "unknown";
}

const char *
ik_trust_path_name(ik_trust_path p)
{
	switch (p) {
	case IK_PATH_LEAP_OF_FAITH: return "leap-of-faith";
	case IK_PATH_SIGNER: return "signer-in-installed";
	case IK_PATH_ITL_RECOVERY: return "itl-recovery";
	case IK_PATH_TVS: return "tvs";
	default: return NULL;
	}
}

const char *
ik_remedy_name(const ik_trust_result *r)
{
	switch (r->remedy) {
	case IK_REMEDY_RESIGN: return "resign-itl-recovery";
	case IK_REMEDY_DELETE: return "delete-itl";
	case IK_REMEDY_OTHER: return r->remedy_text;
	default: return NULL;
	}
}

json_t *
ik_trust_json(const ik_trust_result *r)
{
	json_t *o = json_object(), *d = json_array(), *x;
	const char *role;
	size_t i;

	if (o == NULL || d == NULL) {
		json_decref(o);
		json_decref(d);
		return NULL;
	}
	json_object_set_new(o, "verdict", json_string(ik_verdict_name(r->verdict)));
	json_object_set_new(o, "path", ik_json_cstr(ik_trust_path_name(r->path)));
	json_object_set_new(o, "condition", r->condition[0] ?
	    ik_json_cstr(r->condition) : json_null());
	for (i = 0; i < r->ndeciding; i++) {
		const ik_trust_ref *t = &r->deciding[i];

		role = ik_itl_function_role(t->function);
		x = json_pack("{s:s, s:I, s:o, s:s, s:o, s:o}",
		    "list", t->installed ? "installed" : "candidate",
		    "record", (json_int_t)t->record,
		    "role", ik_json_cstr(role),
		    "why", t->why,
		    "subject", ik_json_cstr(t->subject),
		    "cert_sha1", t->has_sha1 ? ik_json_hex(t->sha1, 20) :
		    json_null());
		json_array_append_new(d, x);
	}
	json_object_set_new(o, "deciding_records", d);
	json_object_set_new(o, "reason", ik_json_cstr(r->reason));
	json_object_set_new(o, "remedy", ik_json_cstr(r->remedy == IK_REMEDY_OTHER ?
	    "other" : ik_remedy_name(r)));
	json_object_set_new(o, "remedy_text", r->remedy_text[0] ?
	    ik_json_cstr(r->remedy_text) : json_null());
	return o;
}

void
ik_trust_text(ik_sb *sb, const ik_trust_result *r, const char *pfx)
{
	const char *path = ik_trust_path_name(r->path), *role;
	char hex[41];
	size_t i;

	ik_sb_printf(sb, "%sverdict: %s\n", pfx, ik_verdict_name(r->verdict));
	ik_sb_printf(sb, "%spath: %s\n", pfx, path ? path : "-");
	if (r->condition[0] != '\0') {
		ik_sb_printf(sb, "%scondition: ", pfx);
		ik_sb_add_safe(sb, (const uint8_t *)r->condition,
		    strlen(r->condition));
		ik_sb_puts(sb, "\n");
	}
	for (i = 0; i < r->ndeciding; i++) {
		const ik_trust_ref *t = &r->deciding[i];

		role = ik_itl_function_role(t->function);
		ik_hex(t->sha1, 20, hex);
		ik_sb_printf(sb, "%sdeciding: %s record %zu (%s, %s) ", pfx,
		    t->installed ? "installed" : "candidate", t->record,
		    t->why, role ? role : "?");
		ik_sb_puts_safe(sb, t->subject, "");
		ik_sb_printf(sb, " sha1 %s\n", t->has_sha1 ? hex : "-");
	}
	/* Reasons quote certificate names: hostile bytes are escaped. */
	ik_sb_printf(sb, "%sreason: ", pfx);
	ik_sb_puts_safe(sb, r->reason, "");
	ik_sb_puts(sb, "\n");
	if (r->has_finding) {
		ik_sb_printf(sb, "%sfinding: error %s [%s]: ", pfx,
		    ik_code_name(r->finding_code), r->finding_where);
		ik_sb_add_safe(sb, (const uint8_t *)r->finding,
		    strlen(r->finding));
		ik_sb_puts(sb, "\n");
	}
	if (r->remedy != IK_REMEDY_NONE) {
		ik_sb_printf(sb, "%sremedy: %s: ", pfx,
		    r->remedy == IK_REMEDY_OTHER ? "other" : ik_remedy_name(r));
		ik_sb_puts_safe(sb, r->remedy_text, "");
		ik_sb_puts(sb, "\n");
	}
}

void
ik_trust_add_findings(const ik_trust_result *r, ik_findings *f)
{
	if (r->has_finding)
		ik_findings_add(f, IK_SEV_ERROR, r->finding_code,
		    r->finding_where, "%s", r->finding);
}

void
ik_trust_report_findings(const ik_itl *cand, const ik_trust_result *r,
    ik_findings *f)
{
	const ik_finding *x;
	size_t i;

	for (i = 0; i < cand->findings.n; i++) {
		x = &cand->findings.v[i];
		ik_findings_add(f, x->severity, x->id, x->where, "%s",
		    x->message);
	}
	f->lost += cand->findings.lost;
	ik_trust_add_findings(r, f);
}

/* The report status: accept is ok; some or all phones refusing, or no
 * judgement, is not. */
static const char *
report_status(ik_verdict v)
{
	switch (v) {
	case IK_ACCEPT: return "ok";
	case IK_DEPENDS: return "depends";
	case IK_UNKNOWN: return "unknown";
	case IK_REJECT: break;
	}
	return "rejected";
}

json_t *
ik_trust_report_json(const ik_trust_side *inst, const ik_trust_side *cand,
    const ik_trust_result *r)
{
	json_t *o, *t;
	ik_findings f;
	bool none = inst->itl == NULL;

	o = ik_report_new("itl-trust", "candidate", cand->path, cand->sha256,
	    cand->size);
	t = ik_trust_json(r);
	if (o == NULL || t == NULL) {
		json_decref(o);
		json_decref(t);
		return NULL;
	}
	json_object_set_new(o, "installed", ik_json_cstr(none ? "none" :
	    inst->path));
	json_object_set_new(o, "installed_name", ik_json_cstr(inst->name));
	json_object_set_new(o, "installed_sha256", none ? json_null() :
	    ik_json_hex(inst->sha256, 32));
	json_object_set_new(o, "installed_size", none ? json_null() :
	    json_integer(inst->size));
	json_object_update(o, t);
	json_decref(t);
	ik_findings_init(&f);
	ik_trust_report_findings(cand->itl, r, &f);
	ik_report_finish(o, report_status(r->verdict), &f);
	ik_findings_free(&f);
	return o;
}

/*
 * Each line from offset from on wrapped to t's width: the long reasons
 * and remedies of a verdict.
 */
static void
wrap_lines(ik_sb *sb, size_t from, const ik_text_opts *t, const char *indent)
{
	ik_sb rest;
	char *nl;
	size_t at, n;

	if (t == NULL || t->columns == 0 || from >= sb->len)
		return;
	ik_sb_init(&rest);
	ik_sb_add(&rest, sb->s + from, sb->len - from);
	if (rest.oom) {
		ik_sb_free(&rest);
		return;
	}
	sb->len = from;
	for (at = 0; at < rest.len; at += n) {
		nl = memchr(rest.s + at, '\n', rest.len - at);
		n = nl != NULL ? (size_t)(nl - (rest.s + at)) + 1 :
		    rest.len - at;
		from = sb->len;
		ik_sb_add(sb, rest.s + at, n);
		ik_text_wrap(sb, from, t, indent);
	}
	ik_sb_free(&rest);
}

/* An installed list as the reader named it: "pub (cluster/pub.tlv)". */
static void
side_name(ik_sb *sb, const ik_trust_side *inst)
{
	ik_sb_puts_safe(sb, inst->name, "");
	ik_sb_puts(sb, inst->name != NULL ? " (" : "");
	ik_sb_puts_safe(sb, inst->itl == NULL ? "none" : inst->path, "-");
	ik_sb_puts(sb, inst->name != NULL ? ")" : "");
}

/*
 * The answer first: "pub (cluster/pub.tlv) -> cluster/new.tlv: depends,
 * path tvs, remedy resign-itl-recovery; 1 error".
 */
static void
verdict_line(ik_sb *sb, const ik_trust_side *inst, const ik_trust_side *cand,
    const ik_trust_result *r, const ik_text_opts *t)
{
	const char *path = ik_trust_path_name(r->path);
	ik_findings f;

	side_name(sb, inst);
	ik_sb_puts(sb, " -> ");
	ik_sb_puts_safe(sb, cand->path, "-");
	ik_sb_puts(sb, ": ");
	ik_text_tone(sb, t, r->verdict == IK_ACCEPT ? -1 :
	    r->verdict == IK_REJECT ? IK_SEV_ERROR : IK_SEV_WARNING,
	    ik_verdict_name(r->verdict));
	if (path != NULL)
		ik_sb_printf(sb, ", path %s", path);
	if (r->remedy != IK_REMEDY_NONE)
		ik_sb_printf(sb, ", remedy %s", r->remedy == IK_REMEDY_OTHER ?
		    "other" : ik_remedy_name(r));
	ik_findings_init(&f);
	ik_trust_report_findings(cand->itl, r, &f);
	ik_text_counts(sb, t, &f);
	ik_findings_free(&f);
	ik_sb_puts(sb, "\n");
}

void
ik_trust_report_text(ik_sb *sb, const ik_trust_side *inst,
    const ik_trust_side *cand, const ik_trust_result *r,
    const ik_text_opts *t)
{
	size_t from;

	verdict_line(sb, inst, cand, r, t);
	if (t != NULL && t->brief)
		return;
	ik_sb_puts(sb, "installed: ");
	ik_sb_puts_safe(sb, inst->name, "");
	ik_sb_puts(sb, inst->name != NULL ? " (" : "");
	ik_sb_puts_safe(sb, inst->itl == NULL ? "none" : inst->path, "-");
	ik_sb_puts(sb, inst->name != NULL ? ")\ncandidate: " :
	    "\ncandidate: ");
	ik_sb_puts_safe(sb, cand->path, "-");
	ik_sb_puts(sb, "\n");
	from = sb->len;
	ik_trust_text(sb, r, "  ");
	wrap_lines(sb, from, t, "      ");
}
