/*
 * sign_render.c: layer itl, rendering.  The report of a re-sign or a build
 * as JSON and as one line of text with the findings under it.
 */
#include "ik_report.h"
#include "ik_sign_render.h"

const char *
ik_sign_status(const ik_sign_result *r)
{
	if (!r->written)
		return "refused";
	return ik_findings_worst(&r->findings) >= IK_SEV_WARNING ?
	    "findings" : "ok";
}

static const char *
digest_name(const ik_itl *out)
{
	return ik_digest_name((ik_digest)ik_itl_digest_from_code(
	    out->hdr.digest_alg));
}

json_t *
ik_sign_json(const ik_sign_result *r, const ik_sign_render_opts *o)
{
	const ik_itl *out = r->out;
	char serial[3 * 64 + 1] = "";
	uint8_t dg[20];
	json_t *j;

	if (out != NULL && out->hdr.signer_serial_len <= 64)
		ik_hex_sep(out->hdr.signer_serial, out->hdr.signer_serial_len,
		    ':', serial);
	j = ik_report_new(o->tool, "file", o->input, o->input_sha256,
	    o->input_size);
	if (j == NULL)
		return NULL;
	json_object_set_new(j, "output", r->written ?
	    ik_json_cstr(o->output) : json_null());
	json_object_set_new(j, "output_sha256", r->written ?
	    ik_json_hex(r->sha256, 32) : json_null());
	json_object_set_new(j, "signer", out == NULL ? json_null() :
	    json_pack("{s:o, s:s, s:o}",
	    "name", ik_json_cstr(out->hdr.signer_name),
	    "serial", serial,
	    "record", out->signer_index ?
	    json_integer((json_int_t)out->signer_index) : json_null()));
	json_object_set_new(j, "digest", out == NULL ? json_null() :
	    json_string(digest_name(out)));
	json_object_set_new(j, "header_length", out == NULL ? json_null() :
	    json_integer(out->hdr.header_length));
	json_object_set_new(j, "records", out == NULL ? json_null() :
	    json_integer((json_int_t)out->nrec));
	json_object_set_new(j, "records_sha1", out != NULL &&
	    ik_itl_records_sha1(out, dg) ? ik_json_hex(dg, 20) : json_null());
	ik_report_finish(j, ik_sign_status(r), &r->findings);
	return j;
}

void
ik_sign_text(ik_sb *sb, const ik_sign_result *r, const ik_sign_render_opts *o)
{
	const ik_itl *out = r->out;
	int worst = ik_findings_worst(&r->findings);

	if (r->written && out != NULL) {
		ik_sb_puts_safe(sb, o->input, "(built)");
		ik_sb_puts(sb, " -> ");
		ik_sb_puts_safe(sb, o->output, "-");
		ik_sb_puts(sb, ": ");
		ik_text_tone(sb, o->text, worst < IK_SEV_WARNING ? -1 : worst,
		    "signed");
		ik_sb_puts(sb, " by ");
		ik_sb_puts_safe(sb, out->hdr.signer_name, "?");
		if (out->signed_file)
			ik_sb_printf(sb, ", %s, header %u, payload %zu bytes",
			    digest_name(out), out->hdr.header_length,
			    out->len - out->hdr.end);
		else
			ik_sb_printf(sb,
			    " (record %zu), %s, header %u, %zu records",
			    out->signer_index, digest_name(out),
			    out->hdr.header_length, out->nrec);
	} else {
		ik_sb_puts_safe(sb, o->input != NULL ? o->input : o->output,
		    "-");
		ik_sb_puts(sb, ": ");
		ik_text_tone(sb, o->text, IK_SEV_ERROR, "refused");
		ik_sb_puts(sb, ", nothing written");
	}
	ik_text_counts(sb, o->text, &r->findings);
	ik_sb_puts(sb, "\n");
	if (o->text == NULL || !o->text->brief)
		ik_findings_text_opts(sb, &r->findings, "  ", o->text);
}
