/*
 * case_render.c: layer case.  The case as data (case.json), as the text
 * on standard output (the headlines) and as Markdown for the case notes
 * (case.md): headlines, a table per node, the timeline, the phones, the
 * DRS components and the inventory with SHA-256.  Every name from the
 * evidence is escaped for the form it goes into.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case_private.h"

static json_t *
inventory_json(const ik_case *c)
{
	json_t *a = json_array(), *o;
	char hex[65];
	size_t i;

	for (i = 0; a != NULL && i < c->nitems; i++) {
		const case_item *it = &c->items[i];

		if (it->has_sha256)
			ik_hex(it->sha256, 32, hex);
		o = json_pack("{s:s, s:s, s:s, s:s?, s:s?, s:I, s:s?}",
		    "file", it->file, "name", it->rel,
		    "kind", ik_case_kind_name(it->kind),
		    "part", it->part == IK_CASE_PART_MANIFEST ? "manifest" :
		    it->part == IK_CASE_PART_COMPONENT ? "component" : NULL,
		    "sha256", it->has_sha256 ? hex : NULL,
		    "size", (json_int_t)it->size, "note", it->note);
		if (o != NULL)
			json_array_append_new(a, o);
	}
	return a;
}

static json_t *
nodes_json(const ik_case *c)
{
	json_t *a = json_array(), *node = NULL, *vs = NULL, *o;
	const char *cur = NULL;
	size_t i;

	for (i = 0; a != NULL && i < c->nlists; i++) {
		const case_list *l = &c->lists[i];

		if (cur == NULL || strcmp(cur, l->node) != 0 ||
		    (node != NULL && l->ctl != json_is_true(json_object_get(
		    node, "ctl")))) {
			vs = json_array();
			node = json_pack("{s:s, s:b, s:o}", "node", l->node,
			    "ctl", l->ctl, "lists", vs);
			if (node == NULL)
				return a;
			json_array_append_new(a, node);
			cur = l->node;
		}
		o = json_pack("{s:s, s:i, s:b, s:s, s:s, s:s, s:s, s:s, s:s}",
		    "file", c->items[l->item].file, "version", l->version,
		    "same_as_earlier", l->same_as_earlier,
		    "timestamp", l->timestamp, "sha1", l->sha1,
		    "signer", l->signer, "signer_sha1", l->signer_sha1,
		    "itl_recovery_sha1", l->recovery, "status", l->status);
		if (o != NULL)
			json_array_append_new(vs, o);
	}
	return a;
}

json_t *
case_json(const ik_case *c)
{
	return json_pack("{s:s, s:s, s:s, s:O, s:o, s:o, s:O, s:O, s:O}",
	    "tool", "case-triage", "at", c->at,
	    "status", c->unreadable ? "unreadable" : c->action ?
	    "action-needed" : "ok",
	    "inputs", c->inputs, "inventory", inventory_json(c),
	    "nodes", nodes_json(c), "headlines", c->headlines,
	    "unanswered", c->unanswered, "analyses", c->analyses);
}

/*
 * The headlines, one a line after a word in its colour (as the tools
 * colour verdicts): ACTION as an error, ok as good, an unanswered
 * question as information.  The words are padded outside the colour.
 */
void
case_text(ik_sb *sb, const ik_case *c, const ik_text_opts *t)
{
	const json_t *h;
	size_t i;

	json_array_foreach(c->headlines, i, h) {
		if (json_is_true(json_object_get(h, "action"))) {
			ik_text_tone(sb, t, IK_SEV_ERROR, "ACTION");
			ik_sb_puts(sb, " ");
		} else {
			ik_text_tone(sb, t, -1, "ok");
			ik_sb_puts(sb, "     ");
		}
		ik_sb_puts_safe(sb, case_str(h, "text"), "");
		ik_sb_puts(sb, "\n");
	}
	json_array_foreach(c->unanswered, i, h) {
		ik_text_tone(sb, t, IK_SEV_INFO, "?");
		ik_sb_puts(sb, "      ");
		ik_sb_puts_safe(sb, case_str(h, "question"), "");
		ik_sb_puts(sb, " (needs ");
		ik_sb_puts_safe(sb, case_str(h, "needs"), "");
		ik_sb_puts(sb, ")\n");
	}
}

static void
md_cell(ik_sb *sb, const char *s)
{
	ik_sb_puts(sb, " ");
	case_md_esc(sb, s != NULL && *s ? s : "-");
	ik_sb_puts(sb, " |");
}

static void
md_headlines(ik_sb *sb, const ik_case *c)
{
	const json_t *h, *e;
	size_t i, j;

	ik_sb_puts(sb, "## Headlines\n\n");
	if (json_array_size(c->headlines) == 0)
		ik_sb_puts(sb, "Nothing in the bundle answers a question of "
		    "the case.\n");
	json_array_foreach(c->headlines, i, h) {
		ik_sb_puts(sb, json_is_true(json_object_get(h, "action")) ?
		    "- **Action:** " : "- ");
		case_md_esc(sb, case_str(h, "text"));
		ik_sb_puts(sb, "\n");
		json_array_foreach(json_object_get(h, "evidence"), j, e) {
			ik_sb_puts(sb, "  - evidence: ");
			case_md_esc(sb, json_string_value(e));
			ik_sb_puts(sb, "\n");
		}
	}
	if (json_array_size(c->unanswered) > 0) {
		ik_sb_puts(sb, "\n## Not answered by this bundle\n\n");
		json_array_foreach(c->unanswered, i, h) {
			ik_sb_puts(sb, "- ");
			case_md_esc(sb, case_str(h, "question"));
			ik_sb_puts(sb, " Needs: ");
			case_md_esc(sb, case_str(h, "needs"));
			ik_sb_puts(sb, ".\n");
		}
	}
}

static void
md_nodes(ik_sb *sb, const ik_case *c)
{
	const char *cur = NULL;
	size_t i;

	if (c->nlists == 0)
		return;
	ik_sb_puts(sb, "\n## Trust lists by node\n");
	for (i = 0; i < c->nlists; i++) {
		const case_list *l = &c->lists[i];

		if (cur == NULL || strcmp(cur, l->node) != 0) {
			ik_sb_puts(sb, "\n### ");
			case_md_esc(sb, l->node);
			ik_sb_puts(sb, "\n\n| version | file | timestamp | "
			    "signer | SHA-1 | status |\n| --- | --- | --- | "
			    "--- | --- | --- |\n");
			cur = l->node;
		}
		ik_sb_printf(sb, "| %s%d%s |", l->ctl ? "CTL " : "",
		    l->version, l->same_as_earlier ? " (same bytes)" : "");
		md_cell(sb, c->items[l->item].file);
		md_cell(sb, l->timestamp);
		md_cell(sb, l->signer);
		md_cell(sb, l->sha1);
		md_cell(sb, l->status);
		ik_sb_puts(sb, "\n");
	}
	ik_sb_puts(sb, "\n## Timeline\n\n| when | node | list | signer |\n"
	    "| --- | --- | --- | --- |\n");
	for (i = 0; i < c->nlists; i++) {
		const case_list *l = &c->lists[i];

		if (l->same_as_earlier)
			continue;
		ik_sb_puts(sb, "|");
		md_cell(sb, l->timestamp);
		md_cell(sb, l->node);
		md_cell(sb, c->items[l->item].file);
		md_cell(sb, l->signer);
		ik_sb_puts(sb, "\n");
	}
}

static void
md_phones(ik_sb *sb, const ik_case *c)
{
	const json_t *l, *cnt = NULL, *v;
	const char *k;
	size_t i;

	json_array_foreach(c->phones, i, l)
		if (json_is_true(json_object_get(l, "summary")))
			cnt = json_object_get(l, "counts");
	if (cnt == NULL)
		return;
	ik_sb_puts(sb, "\n## Phones by status\n\n| status | phones |\n"
	    "| --- | --- |\n");
	json_object_foreach((json_t *)cnt, k, v)
		ik_sb_printf(sb, "| %s | %lld |\n", k,
		    (long long)json_integer_value(v));
}

static void
md_drs(ik_sb *sb, const ik_case *c)
{
	const json_t *s, *comp;
	size_t i, j;

	if (json_array_size(c->drs) == 0)
		return;
	ik_sb_puts(sb, "\n## DRS backup\n");
	json_array_foreach(c->drs, i, s) {
		if (json_is_true(json_object_get(s, "summary")))
			continue;
		ik_sb_puts(sb, "\nSet ");
		case_md_esc(sb, case_str(s, "backup_id"));
		ik_sb_puts(sb, ", status ");
		case_md_esc(sb, case_str(s, "status"));
		ik_sb_puts(sb, "\n\n| server | component | present | checksum "
		    "| decrypted |\n| --- | --- | --- | --- | --- |\n");
		json_array_foreach(json_object_get(s, "components"), j, comp) {
			ik_sb_puts(sb, "|");
			md_cell(sb, case_str(comp, "server"));
			md_cell(sb, case_str(comp, "component"));
			md_cell(sb, json_is_true(json_object_get(comp,
			    "present")) ? "yes" : "no");
			md_cell(sb, case_str(comp, "checksum"));
			md_cell(sb, json_is_true(json_object_get(comp,
			    "decrypted")) ? "yes" : json_is_false(
			    json_object_get(comp, "decrypted")) ? "no" : "-");
			ik_sb_puts(sb, "\n");
		}
	}
}

static void
md_inventory(ik_sb *sb, const ik_case *c)
{
	char hex[65];
	size_t i;

	ik_sb_puts(sb, "\n## Inventory\n\n| file | kind | size | SHA-256 | "
	    "note |\n| --- | --- | --- | --- | --- |\n");
	for (i = 0; i < c->nitems; i++) {
		const case_item *it = &c->items[i];

		ik_sb_puts(sb, "|");
		md_cell(sb, it->file);
		md_cell(sb, ik_case_kind_name(it->kind));
		ik_sb_printf(sb, " %llu |", (unsigned long long)it->size);
		if (it->has_sha256)
			ik_hex(it->sha256, 32, hex);
		md_cell(sb, it->has_sha256 ? hex : "-");
		md_cell(sb, it->note);
		ik_sb_puts(sb, "\n");
	}
}

void
case_md(ik_sb *sb, const ik_case *c)
{
	const json_t *in = json_array_get(c->inputs, 0);

	ik_sb_puts(sb, "# Case triage: ");
	case_md_esc(sb, case_str(in, "path"));
	ik_sb_printf(sb, "\n\nAs of %s: %zu files, %zu trust lists, %zu "
	    "nodes. %s.\n\n", c->at, c->nitems, c->nlists, c->nnodes,
	    c->action ? "**Action needed**" : "Nothing needs action");
	md_headlines(sb, c);
	md_nodes(sb, c);
	md_phones(sb, c);
	md_drs(sb, c);
	md_inventory(sb, c);
}
