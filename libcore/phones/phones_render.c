/*
 * phones_render.c: a phone and its verdict as JSON, CSV and a text row.
 */
#include <stdio.h>
#include <string.h>

#include "ik_phones.h"
#include "ik_report.h"
#include "ik_phones_render.h"

static const char *
alg_name(const ik_phone *p)
{
	return p->alg == IK_HASH_SHA1 ? "SHA1" : p->alg == IK_HASH_MD5 ?
	    "MD5" : NULL;
}

static void
hash_hex(const ik_phone *p, char *out)
{
	out[0] = '\0';
	if (p->alg != IK_HASH_NONE)
		ik_hex(p->hash, p->alg == IK_HASH_SHA1 ? 20 : 16, out);
}

json_t *
ik_phone_json(const ik_phones *db, const ik_phone *p,
    const ik_phone_verdict *v)
{
	const ik_evsource *e = p->source < db->nsrc ? &db->src[p->source] : NULL;
	json_t *o;
	char hex[41];

	o = ik_report_new("itl-phones", "file", e ? e->path : NULL,
	    e ? e->sha256 : NULL, e ? e->size : 0);
	if (o == NULL)
		return NULL;
	hash_hex(p, hex);
	json_object_set_new(o, "device", ik_json_cstr(p->device));
	json_object_set_new(o, "ip", p->ip[0] ? ik_json_cstr(p->ip) : json_null());
	json_object_set_new(o, "reported_hash", hex[0] ? json_string(hex) :
	    json_null());
	json_object_set_new(o, "algorithm", ik_json_cstr(alg_name(p)));
	json_object_set_new(o, "tftp_server", p->tftp[0] ?
	    ik_json_cstr(p->tftp) : json_null());
	json_object_set_new(o, "matched", v->matched ? json_pack("{s:o, s:o, s:b}",
	    "file", ik_json_cstr(v->matched->file),
	    "node", ik_json_cstr(v->matched->node),
	    "current", v->matched->current) : json_null());
	json_object_set_new(o, "has_itl_recovery", v->has_itl_recovery < 0 ?
	    json_null() : json_boolean(v->has_itl_recovery));
	json_object_set_new(o, "status",
	    json_string(ik_phone_status_name(v->status)));
	json_object_set_new(o, "node", v->node ? ik_json_cstr(v->node->node) :
	    json_null());
	json_object_set_new(o, "path",
	    ik_json_cstr(ik_trust_path_name(v->path)));
	json_object_set_new(o, "remedy",
	    ik_json_cstr(ik_phone_remedy_name(v->remedy)));
	json_object_set_new(o, "condition", ik_json_cstr(v->condition));
	json_object_set_new(o, "reason", ik_json_cstr(v->reason));
	json_object_set_new(o, "reports", json_integer(p->reports));
	json_object_set_new(o, "last_seen", p->has_when ?
	    ik_json_time(p->last_seen) : json_null());
	json_object_set_new(o, "findings", json_array());
	return o;
}

static void
csv_field(ik_sb *sb, const char *s, bool last)
{
	ik_sb_csv_cell(sb, s);
	ik_sb_puts(sb, last ? "\n" : ",");
}

void
ik_phone_csv_header(ik_sb *sb)
{
	ik_sb_puts(sb, "device,ip,status,path,remedy,algorithm,reported_hash,"
	    "tftp_server,matched_file,matched_node,has_itl_recovery,reports,"
	    "last_seen,condition\n");
}

void
ik_phone_csv(ik_sb *sb, const ik_phones *db, const ik_phone *p,
    const ik_phone_verdict *v)
{
	char hex[41], n[24], when[32] = "";

	(void)db;
	hash_hex(p, hex);
	csv_field(sb, p->device, false);
	csv_field(sb, p->ip, false);
	csv_field(sb, ik_phone_status_name(v->status), false);
	csv_field(sb, ik_trust_path_name(v->path), false);
	csv_field(sb, ik_phone_remedy_name(v->remedy), false);
	csv_field(sb, alg_name(p), false);
	csv_field(sb, hex, false);
	csv_field(sb, p->tftp, false);
	csv_field(sb, v->matched ? v->matched->file : NULL, false);
	csv_field(sb, v->matched ? v->matched->node : NULL, false);
	csv_field(sb, v->has_itl_recovery < 0 ? "" : v->has_itl_recovery ?
	    "true" : "false", false);
	snprintf(n, sizeof(n), "%u", p->reports);
	csv_field(sb, n, false);
	if (p->has_when)
		ik_time_format(p->last_seen, when, sizeof(when));
	csv_field(sb, when, false);
	csv_field(sb, v->condition, true);
}

void
ik_phone_text_header(ik_sb *sb)
{
	ik_sb_printf(sb, "%-16s %-15s %-19s %-19s %-4s %-40s %s\n", "DEVICE",
	    "IP", "STATUS", "PATH", "ALG", "REPORTED HASH",
	    "TFTP SERVER / MATCHED");
}

/*
 * A row; a stale phone's remedy, a depends condition and why a status is
 * unknown (or what remedy "other" means) follow on indented lines.
 */
void
ik_phone_text(ik_sb *sb, const ik_phone *p, const ik_phone_verdict *v)
{
	const char *path = ik_trust_path_name(v->path);
	char hex[41];

	hash_hex(p, hex);
	ik_sb_printf(sb, "%-16s %-15s %-19s %-19s %-4s %-40s %s", p->device,
	    p->ip[0] ? p->ip : "-", ik_phone_status_name(v->status),
	    path ? path : "-", alg_name(p) ? alg_name(p) : "-",
	    hex[0] ? hex : "-", p->tftp[0] ? p->tftp : "-");
	if (v->matched != NULL) {
		ik_sb_puts(sb, " ");
		ik_sb_puts_safe(sb, v->matched->node, "");
	}
	ik_sb_puts(sb, "\n");
	if (v->status == IK_PS_CURRENT || v->status == IK_PS_NOT_INSTALLED)
		return;
	if (v->remedy != IK_REMEDY_NONE)
		ik_sb_printf(sb, "  remedy: %s\n",
		    ik_phone_remedy_name(v->remedy));
	if (v->condition != NULL) {
		ik_sb_puts(sb, "  condition: ");
		ik_sb_add_safe(sb, (const uint8_t *)v->condition,
		    strlen(v->condition));
		ik_sb_puts(sb, "\n");
	}
	/* JSON carries every reason; the table only what has no column. */
	if ((v->status == IK_PS_UNKNOWN || v->remedy == IK_REMEDY_OTHER) &&
	    v->reason != NULL) {
		ik_sb_puts(sb, "  reason: ");
		ik_sb_add_safe(sb, (const uint8_t *)v->reason,
		    strlen(v->reason));
		ik_sb_puts(sb, "\n");
	}
}
