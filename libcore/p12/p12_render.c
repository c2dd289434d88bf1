/*
 * p12_render.c: the p12-check report as JSON (DESIGN.md section 4) and as
 * text.  Neither ever holds a password or key material: the matching
 * candidate is named by its line number only.
 * Layer: p12.
 */
#include <string.h>

#include "ik_report.h"
#include "ik_trust.h"
#include "p12_private.h"
#include "ik_p12_render.h"

static const char *
password_name(ik_p12_password pw)
{
	switch (pw) {
	case IK_P12_PW_MATCHED: return "matched";
	case IK_P12_PW_WRONG: return "wrong";
	case IK_P12_PW_NOT_GIVEN: break;
	}
	return "not-given";
}

static json_t *
iterations_json(long it)
{
	return it >= 0 ? json_integer(it) : json_null();
}

static json_t *
bags_json(const ik_p12 *p)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a != NULL && i < p->nbags; i++)
		json_array_append_new(a, json_pack("{s:s, s:o, s:o, s:b, s:b}",
		    "type", p->bags[i].type,
		    "algorithm", ik_json_cstr(p->bags[i].algorithm),
		    "iterations", iterations_json(p->bags[i].iterations),
		    "legacy", p->bags[i].legacy,
		    "sealed", p->bags[i].sealed));
	return a;
}

static json_t *
cert_json(const ik_p12 *p)
{
	const ik_p12_cert_info *ci = &p->ci;

	if (!p->has_cert_info)
		return json_null();
	return json_pack("{s:o, s:o, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:b, s:b}",
	    "subject", ik_json_cstr(ci->subject),
	    "issuer", ik_json_cstr(ci->issuer),
	    "serial", ci->serial,
	    "sha1", ik_json_hex(ci->sha1, 20),
	    "not_before", ci->has_validity ? ik_json_time(ci->not_before) :
	    json_null(),
	    "not_after", ci->has_validity ? ik_json_time(ci->not_after) :
	    json_null(),
	    "days_left", p->checked && ci->has_validity ?
	    json_integer(p->days_left) : json_null(),
	    "key_type", ik_json_cstr(ci->key_type),
	    "key_bits", ci->key_bits > 0 ? json_integer(ci->key_bits) :
	    json_null(),
	    "self_signed", ci->self_signed,
	    "self_signature_valid", ci->self_signature_valid);
}

static json_t *
matches_json(const ik_p12 *p)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a != NULL && i < p->nmatches; i++)
		json_array_append_new(a, json_pack("{s:o, s:o, s:b, s:o}",
		    "itl", ik_json_cstr(p->matches[i].itl),
		    "record", p->matches[i].record ?
		    json_integer((json_int_t)p->matches[i].record) : json_null(),
		    "compared", p->matches[i].compared,
		    "matches", p->matches[i].compared ?
		    json_boolean(p->matches[i].matches) : json_null()));
	return a;
}

json_t *
ik_p12_json(const ik_p12 *p, const ik_p12_render_opts *o)
{
	json_t *j;

	j = ik_report_new(o->tool, "file", o->path, o->input_sha256,
	    o->input_size);
	if (j == NULL)
		return NULL;
	json_object_set_new(j, "at", p->checked ? ik_json_time(p->at) :
	    json_null());
	json_object_set_new(j, "password",
	    json_string(password_name(p->password)));
	json_object_set_new(j, "candidate", p->has_candidate_line &&
	    p->password == IK_P12_PW_MATCHED ?
	    json_integer((json_int_t)p->candidate_line) : json_null());
	json_object_set_new(j, "mac", p->has_mac ?
	    json_pack("{s:s, s:o, s:b}", "algorithm", p->mac_algorithm,
	    "iterations", iterations_json(p->mac_iterations),
	    "verified", p->mac_verified) : json_null());
	json_object_set_new(j, "bags", bags_json(p));
	json_object_set_new(j, "certificate", cert_json(p));
	json_object_set_new(j, "key_matches_certificate",
	    p->key != NULL && p->cert != NULL ?
	    json_boolean(p->key_matches_cert) : json_null());
	json_object_set_new(j, "itl_recovery_host",
	    ik_json_cstr(p->itl_recovery_host));
	json_object_set_new(j, "itl_matches", matches_json(p));
	ik_report_finish(j, ik_p12_status(p), &p->findings);
	return j;
}

static void
text_cert(ik_sb *sb, const ik_p12 *p)
{
	const ik_p12_cert_info *ci = &p->ci;
	char nb[32], na[32], at[32], hex[41];

	ik_sb_puts(sb, "  certificate: ");
	ik_sb_puts_safe(sb, ci->subject, "?");
	ik_sb_puts(sb, "\n    issuer: ");
	ik_sb_puts_safe(sb, ci->issuer, "?");
	ik_sb_printf(sb, "\n    serial: %s\n", ci->serial);
	ik_hex(ci->sha1, 20, hex);
	ik_sb_printf(sb, "    sha1: %s\n", hex);
	if (ci->has_validity) {
		ik_time_format(ci->not_before, nb, sizeof(nb));
		ik_time_format(ci->not_after, na, sizeof(na));
		ik_sb_printf(sb, "    valid: %s to %s", nb, na);
		if (p->checked) {
			ik_time_format(p->at, at, sizeof(at));
			ik_sb_puts(sb, " (");
			ik_text_days(sb, p->days_left);
			ik_sb_printf(sb, " as of %s)", at);
		}
		ik_sb_puts(sb, "\n");
	}
	ik_sb_printf(sb, "    key: %s %d bits; %s", ci->key_type ?
	    ci->key_type : "unknown", ci->key_bits, ci->self_signed ?
	    "self-signed" : "not self-signed");
	if (ci->self_signed)
		ik_sb_printf(sb, ", self-signature %s",
		    ci->self_signature_valid ? "valid" : "INVALID");
	ik_sb_puts(sb, "\n");
}

/*
 * The answer first: "x.p12: findings, password matched (candidate line
 * 2), ITLRECOVERY_pub.lab, expired 310 days ago; 1 error, 3 warnings".
 */
static void
verdict_line(ik_sb *sb, const ik_p12 *p, const ik_p12_render_opts *o)
{
	int worst = ik_findings_worst(&p->findings);
	char cn[128];

	ik_sb_puts_safe(sb, o->path, "-");
	ik_sb_puts(sb, ": ");
	ik_text_tone(sb, o->text, worst < IK_SEV_WARNING ? -1 : worst,
	    ik_p12_status(p));
	/* "wrong-password" has said it already. */
	if (!p->malformed && p->password != IK_P12_PW_WRONG) {
		ik_sb_printf(sb, ", password %s", password_name(p->password));
		if (p->password == IK_P12_PW_MATCHED && p->has_candidate_line)
			ik_sb_printf(sb, " (candidate line %zu)",
			    p->candidate_line);
	}
	if (p->has_cert_info) {
		ik_name_cn(p->ci.subject, cn, sizeof(cn));
		ik_sb_puts(sb, ", ");
		ik_sb_puts_safe(sb, cn[0] != '\0' ? cn : p->ci.subject, "?");
		if (p->checked && p->ci.has_validity) {
			ik_sb_puts(sb, ", ");
			ik_text_days(sb, p->days_left);
		}
	}
	if (p->key != NULL && p->cert != NULL && !p->key_matches_cert)
		ik_sb_puts(sb, ", key does NOT match");
	ik_text_counts(sb, o->text, &p->findings);
	ik_sb_puts(sb, "\n");
}

void
ik_p12_text(ik_sb *sb, const ik_p12 *p, const ik_p12_render_opts *o)
{
	size_t i;

	verdict_line(sb, p, o);
	if (o->text != NULL && o->text->brief)
		return;
	if (!p->malformed) {
		ik_sb_printf(sb, "  password: %s", password_name(p->password));
		if (p->password == IK_P12_PW_MATCHED && p->has_candidate_line)
			ik_sb_printf(sb, " (candidate line %zu)",
			    p->candidate_line);
		ik_sb_puts(sb, "\n");
	}
	if (p->has_mac)
		ik_sb_printf(sb, "  mac: %s, %ld iterations, %s\n",
		    p->mac_algorithm, p->mac_iterations, p->mac_verified ?
		    "verified" : "not verified");
	else if (!p->malformed)
		ik_sb_puts(sb, "  mac: none\n");
	for (i = 0; i < p->nbags; i++) {
		ik_sb_printf(sb, "  bag %zu: %s, %s", i + 1, p->bags[i].type,
		    p->bags[i].algorithm);
		if (p->bags[i].iterations >= 0)
			ik_sb_printf(sb, ", %ld iterations",
			    p->bags[i].iterations);
		if (p->bags[i].sealed)
			ik_sb_puts(sb, " (not opened)");
		ik_sb_puts(sb, "\n");
	}
	if (p->has_cert_info)
		text_cert(sb, p);
	if (p->key != NULL && p->cert != NULL)
		ik_sb_printf(sb, "  key matches certificate: %s\n",
		    p->key_matches_cert ? "yes" : "NO");
	if (p->itl_recovery_host != NULL) {
		ik_sb_puts(sb, "  itl recovery host: ");
		ik_sb_puts_safe(sb, p->itl_recovery_host, "");
		ik_sb_puts(sb, "\n");
	}
	for (i = 0; i < p->nmatches; i++) {
		ik_sb_puts(sb, "  itl ");
		ik_sb_puts_safe(sb, p->matches[i].itl, "-");
		ik_sb_puts(sb, ": ");
		if (!p->matches[i].compared && p->matches[i].record != 0)
			ik_sb_printf(sb, "record %zu (ITLRECOVERY) not compared: no certificate was read from this file\n",
			    p->matches[i].record);
		else if (!p->matches[i].compared)
			ik_sb_puts(sb, "not compared: no certificate was read from this file (and the list has no ITLRECOVERY record)\n");
		else if (p->matches[i].record == 0)
			ik_sb_puts(sb, "no ITLRECOVERY record\n");
		else
			ik_sb_printf(sb, "record %zu %s\n", p->matches[i].record,
			    p->matches[i].matches ? "is this certificate" :
			    "is ANOTHER certificate");
	}
	ik_findings_text_opts(sb, &p->findings, "  ", o->text);
}
