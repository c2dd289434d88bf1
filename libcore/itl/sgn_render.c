/*
 * sgn_render.c: a signed file's report as JSON and as text.
 * Layer: itl.
 */
#include <stdio.h>
#include <stdlib.h>

#include "ik_report.h"
#include "ik_itl_render.h"
#include "ik_sgn_render.h"

ik_sgn_verdict
ik_sgn_overall(const ik_sgn_render_opts *o)
{
	ik_sgn_verdict v = IK_SGN_ACCEPT;
	size_t i;

	if (o->nanswers == 0)
		return IK_SGN_UNKNOWN;
	for (i = 0; i < o->nanswers; i++) {
		if (o->answers[i].check.verdict == IK_SGN_REJECT)
			return IK_SGN_REJECT;
		if (o->answers[i].check.verdict == IK_SGN_UNKNOWN)
			v = IK_SGN_UNKNOWN;
	}
	return v;
}

static json_t *
small_json(int v)
{
	return v >= 0 ? json_integer(v) : json_null();
}

static json_t *
encryption_json(const ik_sgn *s)
{
	int dg = ik_itl_digest_from_code(s->enc_hash_alg);

	if (!s->encrypted)
		return json_null();
	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
	    "iv_bytes", s->enc_iv ? json_integer((json_int_t)s->enc_iv_len) :
	    json_null(),
	    "padding", small_json(s->enc_padding),
	    "key_bits", small_json(s->enc_key_bits),
	    "key_algorithm", small_json(s->enc_key_alg),
	    "wrapped_key_bytes", s->enc_key ?
	    json_integer((json_int_t)s->enc_key_len) : json_null(),
	    "plain_digest", dg >= 0 ? json_string(ik_digest_name((ik_digest)dg)) :
	    json_null(),
	    "plain_hash", s->enc_hash ? ik_json_hex(s->enc_hash,
	    s->enc_hash_len) : json_null());
}

static json_t *
answer_json(const ik_sgn_answer *a)
{
	const ik_sgn_check *c = &a->check;
	const char *role = ik_itl_function_role(c->function);

	return json_pack("{s:o, s:s, s:o, s:o, s:o, s:s, s:o}",
	    "itl", ik_json_cstr(a->itl),
	    "verdict", ik_sgn_verdict_name(c->verdict),
	    "record", c->record ? json_integer((json_int_t)c->record) :
	    json_null(),
	    "role", role != NULL ? json_string(role) : c->function >= 0 ?
	    json_string("unknown") : json_null(),
	    "signature", c->record ?
	    json_string(ik_sigstate_name(c->signature)) : json_null(),
	    "code", ik_code_name(c->code),
	    "reason", ik_json_cstr(c->reason));
}

json_t *
ik_sgn_json(const ik_sgn *s, const ik_sgn_render_opts *o)
{
	const ik_itl_header *h = &s->hdr->hdr;
	json_t *j, *arr, *payload = json_null();
	uint8_t sha[32];
	char ver[16];
	int dg = ik_itl_digest_from_code(h->digest_alg);
	size_t i;

	j = ik_report_new(o->tool, "file", o->path, o->input_sha256,
	    o->input_size);
	if (j == NULL)
		return NULL;
	snprintf(ver, sizeof(ver), "%u.%u", h->ver_major, h->ver_minor);
	json_object_set_new(j, "version", h->has_version ? json_string(ver) :
	    json_null());
	json_object_set_new(j, "header_length", h->has_header_length ?
	    json_integer(h->header_length) : json_null());
	json_object_set_new(j, "signer", json_pack("{s:o, s:o, s:o}",
	    "name", ik_json_cstr(h->signer_name),
	    "serial", ik_itl_serial_json(h->signer_serial,
	    h->signer_serial_len),
	    "ca_name", ik_json_cstr(h->ca_name)));
	json_object_set_new(j, "digest", dg >= 0 ?
	    json_string(ik_digest_name((ik_digest)dg)) : json_null());
	json_object_set_new(j, "signature_bytes", h->has_signature ?
	    json_integer((json_int_t)h->signature_len) : json_null());
	json_object_set_new(j, "filename", ik_json_cstr(h->filename));
	json_object_set_new(j, "timestamp", h->has_timestamp ?
	    ik_json_time((time_t)h->timestamp) : json_null());
	json_object_set_new(j, "encrypted", json_boolean(s->encrypted));
	json_object_set_new(j, "encryption", encryption_json(s));
	if (!s->hdr->malformed) {
		ik_digest_buf(IK_SHA256, ik_sgn_payload(s), s->payload_len,
		    sha);
		payload = json_pack("{s:I, s:I, s:o}",
		    "offset", (json_int_t)s->payload_off,
		    "length", (json_int_t)s->payload_len,
		    "sha256", ik_json_hex(sha, 32));
	}
	json_object_set_new(j, "payload", payload);
	if (o->plain != NULL) {
		ik_digest_buf(IK_SHA256, o->plain, o->plain_len, sha);
		payload = json_pack("{s:I, s:o}", "length",
		    (json_int_t)o->plain_len, "sha256", ik_json_hex(sha, 32));
	} else {
		payload = json_null();
	}
	json_object_set_new(j, "decrypted", payload);
	json_object_set_new(j, "extracted", ik_json_cstr(o->extracted));
	json_object_set_new(j, "verdict",
	    json_string(ik_sgn_verdict_name(ik_sgn_overall(o))));
	arr = json_array();
	for (i = 0; i < o->nanswers; i++)
		json_array_append_new(arr, answer_json(&o->answers[i]));
	json_object_set_new(j, "itls", arr);
	ik_report_finish(j, ik_itl_status(s->hdr), &s->hdr->findings);
	return j;
}

/* A verdict in the colour of what it means, as itl-trust colours it. */
static void
verdict_words(ik_sb *sb, const ik_text_opts *t, ik_sgn_verdict v)
{
	ik_text_tone(sb, t, v == IK_SGN_ACCEPT ? -1 : v == IK_SGN_REJECT ?
	    IK_SEV_ERROR : IK_SEV_WARNING, ik_sgn_verdict_name(v));
}

/*
 * The one-line answer: what a person acts on.  --brief: the file's name
 * before it and the findings counted after it, as the other tools'
 * verdict lines.
 */
static void
verdict_line(ik_sb *sb, const ik_sgn *s, const ik_sgn_render_opts *o,
    bool brief)
{
	ik_sgn_verdict v = ik_sgn_overall(o);

	if (brief) {
		ik_sb_puts_safe(sb, o->path, "");
		ik_sb_puts(sb, ": ");
	} else
		ik_sb_puts(sb, "verdict: ");
	verdict_words(sb, o->text, v);
	if (s->hdr->malformed)
		ik_sb_puts(sb, " (the header is malformed)");
	else if (o->nanswers == 0)
		ik_sb_puts(sb, " (no trust list given)");
	else if (v == IK_SGN_ACCEPT)
		ik_sb_printf(sb, " (phones holding %s accept this file)",
		    o->nanswers == 1 ? "this trust list" :
		    "each trust list given");
	if (brief)
		ik_text_counts(sb, o->text, &s->hdr->findings);
	ik_sb_puts(sb, "\n");
}

void
ik_sgn_text(ik_sb *sb, const ik_sgn *s, const ik_sgn_render_opts *o)
{
	const ik_itl_header *h = &s->hdr->hdr;
	int dg = ik_itl_digest_from_code(h->digest_alg);
	char when[64], *hex;
	time_t ts;
	struct tm tm;
	size_t i;

	if (o->text != NULL && o->text->brief) {
		verdict_line(sb, s, o, true);
		return;
	}
	ik_sb_puts(sb, "== ");
	ik_sb_puts_safe(sb, o->path, "");
	ik_sb_puts(sb, "\n");
	verdict_line(sb, s, o, false);
	ik_sb_puts(sb, "file: ");
	ik_sb_puts_safe(sb, h->filename, "(no FILENAME)");
	if (h->has_version)
		ik_sb_printf(sb, ", header version %u.%u", h->ver_major,
		    h->ver_minor);
	ik_sb_printf(sb, ", header %zu bytes", h->end);
	if (!s->hdr->malformed)
		ik_sb_printf(sb, ", payload %zu bytes%s", s->payload_len,
		    s->encrypted ? " (encrypted)" : "");
	ik_sb_puts(sb, "\nsigner: ");
	ik_sb_puts_safe(sb, h->signer_name, "(none)");
	if (h->signer_serial != NULL) {
		hex = malloc(3 * h->signer_serial_len + 1);
		if (hex != NULL) {
			ik_hex_sep(h->signer_serial, h->signer_serial_len,
			    ':', hex);
			ik_sb_printf(sb, ", serial %s", hex);
			free(hex);
		}
	}
	ik_sb_puts(sb, "\nissuer: ");
	ik_sb_puts_safe(sb, h->ca_name, "(none)");
	ik_sb_printf(sb, "\nsignature: %s, %zu bytes",
	    dg >= 0 ? ik_digest_name((ik_digest)dg) : "unknown digest",
	    h->has_signature ? h->signature_len : 0);
	if (h->has_timestamp) {
		ts = (time_t)h->timestamp;
		gmtime_r(&ts, &tm);
		strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
		ik_sb_printf(sb, ", signed %s", when);
	}
	ik_sb_puts(sb, "\n");
	for (i = 0; i < o->nanswers; i++) {
		ik_sb_puts(sb, "itl ");
		ik_sb_puts_safe(sb, o->answers[i].itl, "");
		ik_sb_puts(sb, ": ");
		verdict_words(sb, o->text, o->answers[i].check.verdict);
		ik_sb_puts(sb, ": ");
		ik_sb_puts_safe(sb, o->answers[i].check.reason, "");
		ik_sb_puts(sb, "\n");
	}
	if (o->plain != NULL)
		ik_sb_printf(sb, "decrypted: %zu bytes, the header's digest matches\n",
		    o->plain_len);
	if (o->extracted != NULL) {
		ik_sb_puts(sb, "payload written to ");
		ik_sb_puts_safe(sb, o->extracted, "");
		ik_sb_puts(sb, o->plain != NULL ? " (decrypted)\n" :
		    s->encrypted ? " (still encrypted)\n" : "\n");
	}
	ik_sb_printf(sb, "-- itlkit: status %s\n", ik_itl_status(s->hdr));
	ik_findings_text_opts(sb, &s->hdr->findings, "-- ", o->text);
}
