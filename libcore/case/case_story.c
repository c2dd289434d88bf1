/*
 * case_story.c: layer case.  The story of the case told from the jobs'
 * results, answer first: one headline per question the evidence answers,
 * with its evidence and its remedy, and the questions it cannot answer
 * with the file that would.  A headline "needs action" when someone must
 * do something (exit status 1).  Passwords never appear: a candidate is
 * named by its line number only.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case_private.h"

/* Adds a headline; takes evidence (an array of strings, or NULL). */
static void
headline(ik_case *c, bool action, const char *remedy, json_t *evidence,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void
headline(ik_case *c, bool action, const char *remedy, json_t *evidence,
    const char *fmt, ...)
{
	va_list ap;
	ik_sb sb;
	json_t *h;

	ik_sb_init(&sb);
	va_start(ap, fmt);
	ik_sb_vprintf(&sb, fmt, ap);
	va_end(ap);
	h = json_pack("{s:b, s:s?, s:o, s:s?}", "action", action, "text",
	    sb.s, "evidence", evidence != NULL ? evidence : json_array(),
	    "remedy", remedy);
	ik_sb_free(&sb);
	if (h != NULL)
		json_array_append_new(c->headlines, h);
	if (action)
		c->action = true;
}

static void
unanswered(ik_case *c, const char *question, const char *needs)
{
	json_t *q = json_pack("{s:s, s:s}", "question", question, "needs",
	    needs);

	if (q != NULL)
		json_array_append_new(c->unanswered, q);
}

static json_t *
ev(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static json_t *
ev(const char *fmt, ...)
{
	va_list ap;
	ik_sb sb;
	json_t *a = json_array();

	ik_sb_init(&sb);
	va_start(ap, fmt);
	ik_sb_vprintf(&sb, fmt, ap);
	va_end(ap);
	if (a != NULL && sb.s != NULL)
		json_array_append_new(a, json_string(sb.s));
	ik_sb_free(&sb);
	return a;
}

static void
ev_add(json_t *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
ev_add(json_t *a, const char *fmt, ...)
{
	va_list ap;
	ik_sb sb;

	ik_sb_init(&sb);
	va_start(ap, fmt);
	ik_sb_vprintf(&sb, fmt, ap);
	va_end(ap);
	if (a != NULL && sb.s != NULL)
		json_array_append_new(a, json_string(sb.s));
	ik_sb_free(&sb);
}

static const char *
list_file(const ik_case *c, size_t l)
{
	return c->items[c->lists[l].item].file;
}

/* The latest distinct version of node, or (size_t)-1. */
static size_t
latest(const ik_case *c, const char *node)
{
	size_t i, best = (size_t)-1;

	for (i = 0; i < c->nlists; i++)
		if (!c->lists[i].ctl && !c->lists[i].same_as_earlier &&
		    strcmp(c->lists[i].node, node) == 0)
			best = i;
	return best;
}

/*
 * How the ITLRecovery key can be had for list l: the p12 that matches
 * it and the candidate that opens it, into sb.
 */
static void
recovery_key(ik_sb *sb, const ik_case *c, size_t l)
{
	const char *itl = list_file(c, l);
	json_t *line, *m;
	size_t i, j;

	json_array_foreach(c->p12, i, line) {
		json_array_foreach(json_object_get(line, "itl_matches"), j, m) {
			if (strcmp(case_str(m, "itl"), itl) != 0 ||
			    !json_is_true(json_object_get(m, "matches")))
				continue;
			if (json_is_integer(json_object_get(line, "candidate")))
				ik_sb_printf(sb, "%s matches, password candidate line %lld",
				    case_str(line, "file"), (long long)
				    json_integer_value(json_object_get(line,
				    "candidate")));
			else
				ik_sb_printf(sb, "%s matches", case_str(line,
				    "file"));
			return;
		}
	}
	if (json_array_size(c->p12) == 0)
		ik_sb_puts(sb, "no ITLRecovery.p12 in the bundle: take it from "
		    "the publisher or its DRS backup");
	else if (strcmp(case_str(json_array_get(c->p12, 0), "password"),
	    "not-given") == 0)
		ik_sb_printf(sb, "%s: no password candidates given to open it",
		    case_str(json_array_get(c->p12, 0), "file"));
	else if (strcmp(case_str(json_array_get(c->p12, 0), "password"),
	    "matched") != 0)
		ik_sb_printf(sb, "%s could not be opened with the password "
		    "candidates given", case_str(json_array_get(c->p12, 0),
		    "file"));
	else
		ik_sb_puts(sb, "no PKCS#12 of the bundle is this ITL's "
		    "ITLRecovery key");
}

static void
trust_story(ik_case *c)
{
	json_t *t, *r;
	size_t i, o, n;
	char d1[32], d2[32];
	const char *verdict;

	json_array_foreach(c->trust, i, t) {
		ik_sb why, rem;
		bool signer, tvs;

		o = (size_t)json_integer_value(json_object_get(t, "old"));
		n = (size_t)json_integer_value(json_object_get(t, "new"));
		r = json_object_get(t, "result");
		/* What phones face now: the latest version of the node. */
		if (n != latest(c, case_str(t, "node")) || r == NULL)
			continue;
		verdict = case_str(r, "verdict");
		case_day(c->lists[o].timestamp, d1, sizeof(d1));
		case_day(c->lists[n].timestamp, d2, sizeof(d2));
		signer = strcmp(c->lists[o].signer_sha1,
		    c->lists[n].signer_sha1) != 0;
		tvs = strcmp(c->lists[o].tvs, c->lists[n].tvs) != 0;
		ik_sb_init(&why);
		ik_sb_init(&rem);
		if (signer && tvs)
			ik_sb_puts(&why, "signer and TVS both changed");
		else if (signer)
			ik_sb_puts(&why, "the signer changed");
		else if (tvs)
			ik_sb_puts(&why, "the TVS certificates changed");
		else
			ik_sb_puts(&why, "same signer and TVS");
		if (strcmp(verdict, "accept") == 0)
			headline(c, false, NULL, ev("itl-trust: %s installed, "
			    "%s candidate: accept (%s)", list_file(c, o),
			    list_file(c, n), case_str(r, "path")),
			    "Phones holding %s's %s ITL accept the %s one (%s; "
			    "trusted by %s)", c->lists[n].node, d1, d2, why.s,
			    case_str(r, "path"));
		else if (strcmp(verdict, "reject") == 0) {
			const char *remedy = case_str(r, "remedy");

			if (strcmp(remedy, "resign-itl-recovery") == 0) {
				ik_sb_puts(&rem, "re-sign with ITLRecovery (");
				recovery_key(&rem, c, n);
				ik_sb_puts(&rem, ") and reset the phones");
			} else if (strcmp(remedy, "delete-itl") == 0)
				ik_sb_puts(&rem, "delete the ITL on each of "
				    "those phones by hand, then reset them");
			else
				ik_sb_puts(&rem, case_str(r, "remedy_text"));
			headline(c, true, rem.s, ev("itl-trust: %s installed, "
			    "%s candidate: reject: %s", list_file(c, o),
			    list_file(c, n), case_str(r, "reason")),
			    "Phones holding %s's %s ITL will refuse the %s one "
			    "(%s)%s%s", c->lists[n].node, d1, d2, why.s,
			    rem.len > 0 ? ": " : "", rem.len > 0 ? rem.s : "");
		} else if (strcmp(verdict, "depends") == 0)
			headline(c, true, NULL, ev("itl-trust: %s installed, "
			    "%s candidate: depends", list_file(c, o),
			    list_file(c, n)),
			    "Phones holding %s's %s ITL accept the %s one only "
			    "%s", c->lists[n].node, d1, d2,
			    case_str(r, "condition"));
		else
			headline(c, false, NULL, ev("itl-trust: %s installed, "
			    "%s candidate: %s", list_file(c, o),
			    list_file(c, n), verdict),
			    "Whether phones holding %s's %s ITL accept the %s "
			    "one cannot be told: %s", c->lists[n].node, d1, d2,
			    case_str(r, "reason"));
		ik_sb_free(&why);
		ik_sb_free(&rem);
	}
}

static void
lists_story(ik_case *c)
{
	size_t i;
	const char *msg;

	for (i = 0; i < c->nlists; i++) {
		const case_list *l = &c->lists[i];

		msg = NULL;
		if (strcmp(l->status, "malformed") == 0 ||
		    strcmp(l->status, "incomplete") == 0)
			msg = l->status;
		if (msg != NULL)
			headline(c, true, NULL, ev("itl-show: %s: %s",
			    list_file(c, i), l->status),
			    "%s's %s %s is %s", l->node, l->ctl ? "CTL" : "ITL",
			    list_file(c, i), msg);
	}
	if (c->nlists == 0)
		unanswered(c, "Which trust lists do the TFTP servers serve?",
		    "ITLFile.tlv from each TFTP node, or a `show itl` paste");
	else {
		for (i = 0; i < c->nlists; i++)
			if (!c->lists[i].ctl && c->lists[i].version > 1)
				break;
		if (i == c->nlists)
			unanswered(c, "Did a node's trust list change since "
			    "phones took theirs?", "an earlier ITLFile.tlv of "
			    "each node (a TFTP capture, a DRS backup)");
	}
	if (c->nnodes == 1)
		unanswered(c, "Do the nodes agree on the ITLRecovery and TVS "
		    "certificates?", "the ITLFile.tlv of every TFTP node");
}

static void
nodes_story(ik_case *c)
{
	const json_t *rec, *tvs, *m;
	json_t *e;
	size_t i;

	if (c->node_diff == NULL)
		return;
	rec = json_object_get(c->node_diff, "itl_recovery");
	if (json_is_false(json_object_get(rec, "consistent")))
		headline(c, true, "re-sign every node's ITL with the "
		    "publisher's ITLRecovery key (utils itl reset on each "
		    "node, or itl-sign)", ev("itl-diff across %zu nodes: "
		    "itl_recovery.consistent false", c->nnodes),
		    "The nodes disagree on the ITLRecovery certificate");
	else if (json_is_true(json_object_get(rec, "consistent")))
		headline(c, false, NULL, ev("itl-diff across %zu nodes: "
		    "ITLRecovery %s (SHA-1 %s)", c->nnodes, case_str(rec, "cn"),
		    case_str(rec, "cert_sha1")),
		    "The nodes agree on the ITLRecovery certificate (%s)",
		    case_str(rec, "cn"));
	tvs = json_object_get(c->node_diff, "tvs");
	if (json_is_false(json_object_get(tvs, "consistent"))) {
		e = json_array();
		json_array_foreach(json_object_get(tvs, "missing"), i, m)
			ev_add(e, "%s lacks the TVS certificate of %s",
			    case_str(m, "node"), case_str(m, "tvs_of"));
		headline(c, true, "restart the TFTP service on each node so "
		    "that every ITL is rebuilt with every node's TVS",
		    e, "The nodes' ITLs do not all carry every node's TVS "
		    "certificate");
	}
}

static void
phones_story(ik_case *c)
{
	const json_t *sum = NULL, *cnt, *l;
	long long cur, rec, dep, unr, unk, none, total, stale;
	size_t i;

	json_array_foreach(c->phones, i, l)
		if (json_is_true(json_object_get(l, "summary")))
			sum = l;
	if (sum == NULL) {
		if (c->phones == NULL)
			unanswered(c, "Which phones hold which ITL?",
			    "phone reports: DeviceTLInfo alarms (an RTMT "
			    "syslog export), SIP captures or a CSV export");
		return;
	}
	cnt = json_object_get(sum, "counts");
#define N(k) ((long long)json_integer_value(json_object_get(cnt, k)))
	cur = N("current");
	rec = N("stale-recoverable");
	dep = N("stale-depends");
	unr = N("stale-unrecoverable");
	unk = N("unknown");
	none = N("not-installed");
#undef N
	total = (long long)json_integer_value(json_object_get(sum, "phones"));
	stale = rec + dep + unr;
	if (stale + unk == 0) {
		headline(c, false, NULL, ev("itl-phones: %lld phones, %lld "
		    "current, %lld without an ITL", total, cur, none),
		    "All %lld phones hold their node's current ITL or none",
		    total);
		return;
	}
	headline(c, true, NULL, ev("itl-phones: %lld current, %lld "
	    "stale-recoverable, %lld stale-depends, %lld stale-unrecoverable, "
	    "%lld unknown, %lld not-installed", cur, rec, dep, unr, unk, none),
	    "%lld of %lld phones hold an older ITL than their node serves now",
	    stale, total);
	{
		ik_sb tail;

		ik_sb_init(&tail);
		if (unr > 0)
			ik_sb_printf(&tail, "; %lld hold an ITL no reset can "
			    "replace and need it deleted by hand", unr);
		if (dep > 0)
			ik_sb_printf(&tail, "; %lld depend on their TVS", dep);
		if (unk > 0)
			ik_sb_printf(&tail, "; %lld could not be judged "
			    "(status unknown)", unk);
		headline(c, true, unr > 0 ? "delete the ITL by hand on the "
		    "phones the bulk reset cannot reach" : "re-sign the "
		    "current ITL with ITLRecovery and reset the phones",
		    ev("itl-phones: reached by an ITLRecovery-signed list: "
		    "current %lld + stale-recoverable %lld + not-installed "
		    "%lld", cur, rec, none),
		    "A bulk ITL reset reaches %lld of %lld phones%s",
		    cur + rec + none, total, tail.s != NULL ? tail.s : "");
		ik_sb_free(&tail);
	}
}

static void
p12_story(ik_case *c)
{
	const json_t *l, *m;
	size_t i, j;
	const char *pw, *file;
	char day[32];

	if (json_array_size(c->p12) == 0) {
		unanswered(c, "Can the ITL be re-signed with ITLRecovery?",
		    "ITLRecovery.p12 (from the publisher or its DRS backup) "
		    "and a file of password candidates");
		return;
	}
	json_array_foreach(c->p12, i, l) {
		file = case_str(l, "file");
		pw = case_str(l, "password");
		if (strcmp(pw, "not-given") == 0) {
			unanswered(c, "Does a password open the ITLRecovery "
			    "PKCS#12?", "a file of password candidates, one "
			    "a line");
			continue;
		}
		if (strcmp(pw, "matched") != 0) {
			headline(c, true, "find the ITLRecovery password (the "
			    "cluster security password at install, or the one "
			    "set with set itl-recovery-password)",
			    ev("p12-check: %s: password %s", file, pw),
			    "None of the password candidates opens %s", file);
			continue;
		}
		json_array_foreach(json_object_get(l, "itl_matches"), j, m)
			if (json_is_true(json_object_get(m, "compared")) &&
			    json_is_false(json_object_get(m, "matches")))
				headline(c, true, NULL, ev("p12-check: %s "
				    "against %s: no match", file,
				    case_str(m, "itl")),
				    "%s is not the ITLRecovery key of %s",
				    file, case_str(m, "itl"));
		case_day(case_str(json_object_get(l, "certificate"),
		    "not_after"), day, sizeof(day));
		if (json_integer_value(json_object_get(json_object_get(l,
		    "certificate"), "days_left")) < 0)
			headline(c, true, "generate a new ITLRecovery "
			    "certificate and re-sign", ev("p12-check: %s: "
			    "not after %s", file, day),
			    "The ITLRecovery certificate in %s expired on %s",
			    file, day);
		else
			headline(c, false, NULL, ev("p12-check: %s: password "
			    "candidate line %lld, status %s", file,
			    (long long)json_integer_value(json_object_get(l,
			    "candidate")), case_str(l, "status")),
			    "%s opens with password candidate line %lld; its "
			    "certificate is valid until %s", file,
			    (long long)json_integer_value(json_object_get(l,
			    "candidate")), day);
	}
}

static void
drs_story(ik_case *c)
{
	const json_t *s, *comp, *a;
	size_t i, j, k, n;
	bool p12;
	const char *st, *mf;
	char *inside;

	if (c->drs == NULL) {
		for (i = 0; i < c->nitems; i++)
			if (c->items[i].kind == IK_CASE_DRS_SET)
				break;
		if (i == c->nitems)
			unanswered(c, "Is last night's backup restorable?",
			    "the DRS backup folder (the drfComponent.xml "
			    "manifest and its .tar components)");
		return;
	}
	json_array_foreach(c->drs, i, s) {
		if (json_is_true(json_object_get(s, "summary")))
			continue;
		st = case_str(s, "status");
		/* A set inside an archive: its manifest as "ARCHIVE:member". */
		inside = NULL;
		if (json_object_get(s, "member") != NULL &&
		    json_is_string(json_object_get(s, "manifest")) &&
		    asprintf(&inside, "%s:%s", case_str(s, "set"),
		    case_str(s, "manifest")) < 0)
			inside = NULL;
		mf = inside != NULL ? inside : case_str(s, "manifest");
		n = json_array_size(json_object_get(s, "components"));
		p12 = false;
		json_array_foreach(json_object_get(s, "components"), j, comp)
			json_array_foreach(json_object_get(comp, "artifacts"),
			    k, a)
				if (strcmp(case_str(a, "kind"),
				    "itl-recovery-p12") == 0)
					p12 = true;
		if (strcmp(st, "ok") == 0 && c->drs_verified)
			headline(c, false, NULL, ev("drs-verify --deep: %s: ok, "
			    "%zu components", mf, n),
			    "Backup %s of %s is restorable with the given "
			    "password%s", case_str(s, "backup_id"),
			    case_str(s, "publisher"), p12 ? "; it carries "
			    "ITLRecovery.p12" : "");
		else if (strcmp(st, "unverified") == 0 &&
		    json_array_size(json_object_get(s, "missing")) == 0) {
			headline(c, false, NULL, ev("drs-ls: %s: %zu "
			    "components present", mf, n),
			    "Backup %s of %s holds all %zu components its "
			    "manifest lists", case_str(s, "backup_id"),
			    case_str(s, "publisher"), n);
			unanswered(c, "Does the backup restore (checksums, "
			    "decryption, ITLRecovery.p12 inside)?",
			    "the cluster security password");
		} else
			headline(c, true, "take another backup, or the last "
			    "one that verifies", ev("%s: %s: %s",
			    c->drs_verified ? "drs-verify --deep" : "drs-ls",
			    mf, st),
			    "Backup %s of %s is not restorable as it is: %s%s",
			    case_str(s, "backup_id"), case_str(s, "publisher"),
			    st, json_array_size(json_object_get(s, "missing")) ?
			    " (components missing)" : "");
		free(inside);
	}
}

ik_status
case_story(ik_case *c)
{
	trust_story(c);
	nodes_story(c);
	phones_story(c);
	p12_story(c);
	drs_story(c);
	lists_story(c);
	return IK_OK;
}
