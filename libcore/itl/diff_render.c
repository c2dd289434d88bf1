/*
 * diff_render.c: an itl-diff result as one JSON object (DESIGN.md section
 * 4) and as text: the per-node hash table first (what phones of each node
 * should report), then the consistency checks, changes, trust, findings.
 * Layer: itl.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ik_trust.h"
#include "ik_report.h"
#include "ik_itl_render.h"

/* consistent, NOT consistent, or unknown (an incomplete paste). */
static const char *
consistency(bool consistent, bool unknown)
{
	return !consistent ? "NOT consistent" : unknown ?
	    "unknown (an incomplete paste lacks records)" : "consistent";
}

static json_t *
consistency_json(bool consistent, bool unknown)
{
	return consistent && unknown ? json_null() : json_boolean(consistent);
}

static json_t *
serial_json(const uint8_t *s, size_t n)
{
	char buf[3 * 64 + 1];

	if (s == NULL || n == 0 || n > 64)
		return json_null();
	ik_hex_sep(s, n, ':', buf);
	return json_string(buf);
}

static json_t *
signer_json(const ik_itl *itl)
{
	const ik_itl_record *r = itl->signer_index ?
	    &itl->recs[itl->signer_index - 1] : NULL;

	return json_pack("{s:o, s:o, s:o, s:b}",
	    "name", ik_json_cstr(itl->hdr.signer_name ? itl->hdr.signer_name :
	    r ? r->subject : NULL),
	    "serial", serial_json(itl->hdr.signer_serial,
	    itl->hdr.signer_serial_len),
	    "record", r ? json_integer((json_int_t)r->index) : json_null(),
	    "is_itl_recovery", r != NULL && r->is_itl_recovery);
}

static json_t *
node_json(const ik_diff_input *in)
{
	const ik_itl *itl = in->itl;
	json_t *o, *cm = json_array();
	char *archive = NULL;
	size_t k;

	/* A member: "file" the archive, "member" the path inside. */
	if (in->member != NULL && (archive = strndup(in->file,
	    (size_t)(in->member - in->file) - 1)) == NULL) {
		json_decref(cm);
		return NULL;
	}
	o = ik_report_member(ik_report_new("itl-diff", "file", archive != NULL ?
	    archive : in->file, in->sha256, in->size), "file", in->member);
	free(archive);
	if (o == NULL || cm == NULL) {
		json_decref(o);
		json_decref(cm);
		return NULL;
	}
	json_object_del(o, "tool");	/* the enclosing object says it */
	json_object_set_new(o, "node", ik_json_cstr(in->node));
	json_object_set_new(o, "format", json_string(itl->format == IK_FMT_TLV ?
	    "tlv" : "text"));
	json_object_set_new(o, "length", json_integer((json_int_t)itl->file_length));
	json_object_set_new(o, "md5", itl->has_md5 ? ik_json_hex(itl->md5, 16) :
	    json_null());
	json_object_set_new(o, "sha1", itl->has_sha1 ?
	    ik_json_hex(itl->sha1, 20) : json_null());
	json_object_set_new(o, "signer", signer_json(itl));
	json_object_set_new(o, "signature",
	    json_string(ik_sigstate_name(itl->signature)));
	for (k = 0; k < itl->nrec; k++) {
		const ik_itl_record *r = &itl->recs[k];

		if (r->is_itl_recovery || (r->function != IK_FN_SAST &&
		    r->function != IK_FN_TFTP && r->function != IK_FN_CCM &&
		    r->function != IK_FN_CCM_TFTP))
			continue;
		json_array_append_new(cm, json_pack("{s:I, s:o, s:o, s:o}",
		    "record", (json_int_t)r->index,
		    "role", ik_json_cstr(ik_itl_function_role(r->function)),
		    "subject", ik_json_cstr(r->subject),
		    "cert_sha1", r->has_cert_sha1 ?
		    ik_json_hex(r->cert_sha1, 20) : json_null()));
	}
	json_object_set_new(o, "callmanager", cm);
	return o;
}

json_t *
ik_diff_json(const ik_diff *d)
{
	json_t *j = json_object(), *nodes = json_array(), *miss = json_array();
	json_t *ch = json_array();
	size_t i;
	int worst;

	if (j == NULL || nodes == NULL || miss == NULL || ch == NULL) {
		json_decref(j);
		json_decref(nodes);
		json_decref(miss);
		json_decref(ch);
		return NULL;
	}
	json_object_set_new(j, "tool", json_string("itl-diff"));
	json_object_set_new(j, "at", ik_json_time(d->opts.at));
	json_object_set_new(j, "mode", json_string(d->opts.versions ?
	    "versions" : "nodes"));
	for (i = 0; i < d->n; i++)
		json_array_append_new(nodes, node_json(&d->in[i]));
	json_object_set_new(j, "nodes", nodes);
	json_object_set_new(j, "itl_recovery", json_pack("{s:o, s:o, s:o, s:o, s:o}",
	    "consistent", consistency_json(d->rec_consistent, d->rec_unknown),
	    "cert_sha1", d->has_rec ? ik_json_hex(d->rec_sha1, 20) : json_null(),
	    "cn", d->has_rec ? ik_json_cstr(d->rec_cn) : json_null(),
	    "host", d->has_rec ? ik_json_cstr(d->rec_host) : json_null(),
	    "names_publisher", d->names_publisher < 0 ? json_null() :
	    json_boolean(d->names_publisher)));
	for (i = 0; i < d->nmissing; i++)
		json_array_append_new(miss, json_pack("{s:o, s:o, s:o}",
		    "node", ik_json_cstr(d->in[d->missing[i].node].node),
		    "tvs_of", ik_json_cstr(d->missing[i].tvs_of),
		    "cert_sha1", ik_json_hex(d->missing[i].sha1, 20)));
	json_object_set_new(j, "tvs", json_pack("{s:o, s:o}", "consistent",
	    consistency_json(d->tvs_consistent, d->tvs_unknown), "missing",
	    miss));
	json_object_set_new(j, "capf", json_pack("{s:o}", "consistent",
	    consistency_json(d->capf_consistent, d->capf_unknown)));
	if (d->opts.versions) {
		for (i = 0; i < d->nchanges; i++) {
			const ik_diff_change *c = &d->changes[i];

			json_array_append_new(ch, json_pack("{s:o, s:s, s:o, s:o, s:o}",
			    "role", ik_json_cstr(ik_itl_function_role(c->function)),
			    "change", c->change,
			    "subject", ik_json_cstr(c->subject),
			    "old_sha1", c->has_old ? ik_json_hex(c->old_sha1, 20) :
			    json_null(),
			    "new_sha1", c->has_new ? ik_json_hex(c->new_sha1, 20) :
			    json_null()));
		}
		json_object_set_new(j, "changes", ch);
		json_object_set_new(j, "trust", d->has_trust ?
		    ik_trust_json(&d->trust) : json_null());
	} else {
		json_decref(ch);
	}
	worst = ik_findings_worst(&d->findings);
	ik_report_finish(j, worst == IK_SEV_ERROR ? "failed" :
	    worst == IK_SEV_WARNING ? "findings" : "ok", &d->findings);
	return j;
}

static void
node_text(ik_sb *sb, const ik_diff_input *in)
{
	const ik_itl *itl = in->itl;
	char md5[33] = "-", sha1[41] = "-", cn[96] = "";
	const ik_itl_record *s = itl->signer_index ?
	    &itl->recs[itl->signer_index - 1] : NULL;

	if (itl->has_md5)
		ik_hex(itl->md5, 16, md5);
	if (itl->has_sha1)
		ik_hex(itl->sha1, 20, sha1);
	if (s != NULL)
		ik_name_cn(s->subject, cn, sizeof(cn));
	ik_sb_puts(sb, "  ");
	ik_sb_puts_safe(sb, in->node, "");
	ik_sb_puts(sb, "\n    file ");
	ik_sb_puts_safe(sb, in->file, "-");
	ik_sb_printf(sb, ", %zu bytes, %s\n    md5  %s\n    sha1 %s\n",
	    itl->file_length, itl->format == IK_FMT_TLV ? "binary" :
	    "text dump", md5, sha1);
	ik_sb_puts(sb, "    signed by ");
	if (s != NULL) {
		ik_sb_printf(sb, "record %zu ", s->index);
		ik_sb_puts_safe(sb, cn, "");
		ik_sb_printf(sb, "%s", s->is_itl_recovery ? " (ITLRecovery)" : "");
	} else {
		ik_sb_puts(sb, "?");
	}
	ik_sb_printf(sb, ", signature %s\n", ik_sigstate_name(itl->signature));
}

/* A check's answer in the verdict line, coloured. */
static void
check_words(ik_sb *sb, const ik_text_opts *t, const char *what,
    bool consistent, bool unknown)
{
	ik_sb_printf(sb, ", %s ", what);
	ik_text_tone(sb, t, !consistent ? IK_SEV_ERROR : unknown ?
	    IK_SEV_WARNING : -1, !consistent ? "NOT consistent" : unknown ?
	    "unknown" : "consistent");
}

/*
 * The answer first: "itl-diff: 2 nodes, ITLRECOVERY consistent, TVS
 * consistent, CAPF consistent (as of ...); 1 error", or for versions the
 * changes and what phones holding the old file do.
 */
static void
verdict_line(ik_sb *sb, const ik_diff *d, const ik_text_opts *t)
{
	char when[32];

	ik_time_format(d->opts.at, when, sizeof(when));
	ik_sb_printf(sb, "itl-diff: %zu %s", d->n, d->opts.versions ?
	    "versions of one node (old, new)" : "nodes");
	if (d->has_rec)
		check_words(sb, t, "ITLRECOVERY", d->rec_consistent,
		    d->rec_unknown);
	else
		ik_sb_puts(sb, ", no ITLRECOVERY");
	if (!d->opts.versions) {
		check_words(sb, t, "TVS", d->tvs_consistent, d->tvs_unknown);
		check_words(sb, t, "CAPF", d->capf_consistent,
		    d->capf_unknown);
	} else {
		ik_sb_printf(sb, ", %zu change%s", d->nchanges,
		    d->nchanges == 1 ? "" : "s");
		if (d->has_trust) {
			ik_sb_puts(sb, ", phones holding the old file: ");
			ik_text_tone(sb, t, d->trust.verdict == IK_ACCEPT ? -1 :
			    IK_SEV_ERROR, ik_verdict_name(d->trust.verdict));
		}
	}
	ik_sb_printf(sb, " (as of %s)", when);
	ik_text_counts(sb, t, &d->findings);
	ik_sb_puts(sb, "\n");
}

void
ik_diff_text(ik_sb *sb, const ik_diff *d, const ik_text_opts *t)
{
	char hex[41], hex2[41];
	size_t i;

	verdict_line(sb, d, t);
	if (t != NULL && t->brief)
		return;
	for (i = 0; i < d->n; i++)
		node_text(sb, &d->in[i]);
	if (d->has_rec) {
		ik_hex(d->rec_sha1, 20, hex);
		ik_sb_printf(sb, "ITLRECOVERY: %s, sha1 %s, ",
		    consistency(d->rec_consistent, d->rec_unknown), hex);
		ik_sb_puts_safe(sb, d->rec_cn, "");
		if (d->names_publisher >= 0)
			ik_sb_printf(sb, " (%s the publisher)",
			    d->names_publisher ? "names" : "does not name");
		ik_sb_puts(sb, "\n");
	} else {
		ik_sb_printf(sb, "ITLRECOVERY: none%s\n", d->rec_unknown ?
		    " found (unknown: an incomplete paste lacks records)" : "");
	}
	if (!d->opts.versions) {
		ik_sb_printf(sb, "TVS: %s\n", consistency(d->tvs_consistent,
		    d->tvs_unknown));
		for (i = 0; i < d->nmissing; i++) {
			ik_sb_puts(sb, "  node ");
			ik_sb_puts_safe(sb, d->in[d->missing[i].node].node, "");
			ik_sb_puts(sb, " lacks the TVS of ");
			ik_sb_puts_safe(sb, d->missing[i].tvs_of, "");
			ik_sb_puts(sb, "\n");
		}
		ik_sb_printf(sb, "CAPF: %s\n", consistency(d->capf_consistent,
		    d->capf_unknown));
	} else {
		ik_sb_printf(sb, "changes: %zu\n", d->nchanges);
		for (i = 0; i < d->nchanges; i++) {
			const ik_diff_change *c = &d->changes[i];
			const char *role = ik_itl_function_role(c->function);

			ik_hex(c->old_sha1, 20, hex);
			ik_hex(c->new_sha1, 20, hex2);
			ik_sb_printf(sb, "  %-7s %-8s ", c->change,
			    role ? role : "?");
			ik_sb_puts_safe(sb, c->subject, "");
			ik_sb_printf(sb, "\n          %s -> %s\n",
			    c->has_old ? hex : "-", c->has_new ? hex2 : "-");
		}
		if (d->has_trust) {
			ik_sb_puts(sb, "trust (phones holding the old file receive the new one):\n");
			ik_trust_text(sb, &d->trust, "  ");
		}
	}
	ik_sb_printf(sb, "findings: %zu\n", d->findings.n);
	ik_findings_text_opts(sb, &d->findings, "  ", t);
}

void
ik_diff_csv_header(ik_sb *sb)
{
	ik_sb_puts(sb, "node,file,format,length,md5,sha1,signer,signer_record,"
	    "signer_is_itl_recovery,signature\n");
}

static void
cell(ik_sb *sb, const char *s, bool last)
{
	ik_sb_csv_cell(sb, s);
	ik_sb_puts(sb, last ? "\n" : ",");
}

void
ik_diff_csv(ik_sb *sb, const ik_diff *d)
{
	const ik_itl *itl;
	const ik_itl_record *s;
	char md5[33], sha1[41], len[24], rec[24];
	size_t i;

	for (i = 0; i < d->n; i++) {
		itl = d->in[i].itl;
		s = itl->signer_index ? &itl->recs[itl->signer_index - 1] :
		    NULL;
		md5[0] = sha1[0] = rec[0] = '\0';
		if (itl->has_md5)
			ik_hex(itl->md5, 16, md5);
		if (itl->has_sha1)
			ik_hex(itl->sha1, 20, sha1);
		if (s != NULL)
			snprintf(rec, sizeof(rec), "%zu", s->index);
		snprintf(len, sizeof(len), "%zu", itl->file_length);
		cell(sb, d->in[i].node, false);
		cell(sb, d->in[i].file, false);
		cell(sb, itl->format == IK_FMT_TLV ? "tlv" : "text", false);
		cell(sb, len, false);
		cell(sb, md5, false);
		cell(sb, sha1, false);
		cell(sb, itl->hdr.signer_name != NULL ? itl->hdr.signer_name :
		    s != NULL ? s->subject : NULL, false);
		cell(sb, rec, false);
		cell(sb, s != NULL && s->is_itl_recovery ? "true" : "false",
		    false);
		cell(sb, ik_sigstate_name(itl->signature), true);
	}
}
