/*
 * itl-trust: will phones holding an installed ITL accept a candidate?
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fe.h"
#include "ik_phones.h"
#include "ik_phones_render.h"
#include "ik_itl_render.h"
#include "ik_report.h"

#define MAX_INSTALLED 256

static void
usage(int code)
{
	fprintf(code ? stderr : stdout,
	    "usage: itl-trust [--json] --installed [NAME=]FILE|none... --candidate FILE\n");
	exit(code);
}

/* A loaded trust list with its chain-of-custody facts. */
struct input {
	const char *name, *path;
	ik_itl *itl;
	uint8_t sha256[32];
	long long size;
};

/* Loads the first trust list of path; a text file may hold several. */
static int
load(struct input *in)
{
	ik_error err;
	ik_itl **v = NULL;
	uint8_t *buf;
	size_t len, n = 0, i;
	ik_status r;

	ik_error_clear(&err);
	r = ik_read_file(in->path, IK_ITL_MAX_INPUT, &buf, &len, &err);
	if (r != IK_OK) {
		fe_report_error(in->path, &err);
		return r == IK_FAILED ? FE_EXIT_FAIL : FE_EXIT_USAGE;
	}
	ik_digest_buf(IK_SHA256, buf, len, in->sha256);
	in->size = (long long)len;
	r = ik_trustlist_load_all(buf, len, &v, &n, &err);
	free(buf);
	if (n == 0) {
		fe_report_error(in->path, &err);
		free(v);
		return r == IK_FATAL ? FE_EXIT_USAGE : FE_EXIT_FAIL;
	}
	if (n > 1)
		fe_warnx("%s: holds %zu dumps; using the first", in->path, n);
	for (i = 1; i < n; i++)
		ik_itl_free(v[i]);
	in->itl = v[0];
	free(v);
	if (in->itl->malformed) {
		fe_warnx("%s: malformed: %s", in->path,
		    ik_itl_malformed_message(in->itl));
		ik_itl_free(in->itl);
		in->itl = NULL;
		return FE_EXIT_FAIL;
	}
	ik_itl_verify(in->itl);
	return FE_EXIT_OK;
}

static void
split_name(const char *arg, struct input *in)
{
	size_t n;

	in->path = ik_split_node_arg(arg, &n);
	in->name = n ? strndup(arg, n) : NULL;
	if (n && in->name == NULL)
		fe_errx(FE_EXIT_USAGE, "out of memory");
}

/* The report status: accept is ok; some or all phones refusing, or no judgement, is not. */
static const char *
status_name(ik_verdict v)
{
	switch (v) {
	case IK_ACCEPT: return "ok";
	case IK_DEPENDS: return "depends";
	case IK_UNKNOWN: return "unknown";
	case IK_REJECT: break;
	}
	return "rejected";
}

static void
report(const struct input *in, const struct input *cand,
    const ik_trust_result *r, bool json)
{
	json_t *o, *t;
	ik_findings f;
	ik_sb sb;
	bool none = in->itl == NULL;

	if (json) {
		o = ik_report_new("itl-trust", "candidate", cand->path,
		    cand->sha256, cand->size);
		json_object_set_new(o, "installed", ik_json_cstr(none ? "none" :
		    in->path));
		json_object_set_new(o, "installed_name", ik_json_cstr(in->name));
		json_object_set_new(o, "installed_sha256", none ? json_null() :
		    ik_json_hex(in->sha256, 32));
		json_object_set_new(o, "installed_size", none ? json_null() :
		    json_integer(in->size));
		t = ik_trust_json(r);
		json_object_update(o, t);
		json_decref(t);
		ik_findings_init(&f);
		ik_trust_report_findings(cand->itl, r, &f);
		ik_report_finish(o, status_name(r->verdict), &f);
		ik_findings_free(&f);
		fe_json_out(o);
		return;
	}
	ik_sb_init(&sb);
	ik_sb_puts(&sb, "installed: ");
	ik_sb_puts_safe(&sb, in->name, "");
	ik_sb_puts(&sb, in->name ? " (" : "");
	ik_sb_puts_safe(&sb, none ? "none" : in->path, "-");
	ik_sb_puts(&sb, in->name ? ")\ncandidate: " : "\ncandidate: ");
	ik_sb_puts_safe(&sb, cand->path, "-");
	ik_sb_puts(&sb, "\n");
	ik_trust_text(&sb, r, "  ");
	fe_sb_out(&sb);
	ik_sb_free(&sb);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "installed", required_argument, NULL, 'i' },
		{ "candidate", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct input inst[MAX_INSTALLED], cand;
	ik_trust_result r;
	size_t ninst = 0, i, printed = 0;
	bool json = false;
	int c, worst = FE_EXIT_OK, code;

	fe_init("itl-trust");
	memset(&cand, 0, sizeof(cand));
	memset(inst, 0, sizeof(inst));
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'j': json = true; break;
		case 'i':
			if (ninst == MAX_INSTALLED)
				fe_errx(FE_EXIT_USAGE, "at most %d --installed",
				    MAX_INSTALLED);
			split_name(optarg, &inst[ninst++]);
			break;
		case 'c': cand.path = optarg; break;
		case 'h': usage(FE_EXIT_OK); break;
		case 'V': fe_version(); return FE_EXIT_OK;
		default: usage(FE_EXIT_USAGE);
		}
	}
	if (optind != argc || cand.path == NULL || ninst == 0)
		usage(FE_EXIT_USAGE);
	worst = load(&cand);
	for (i = 0; cand.itl != NULL && i < ninst; i++) {
		if (strcmp(inst[i].path, "none") == 0) {
			inst[i].itl = NULL;
		} else if ((code = load(&inst[i])) != FE_EXIT_OK) {
			fe_note(&worst, code);
			continue;
		}
		ik_trust_eval(inst[i].itl, cand.itl, &r);
		if (!json && printed++ > 0)
			fputc('\n', stdout);
		report(&inst[i], &cand, &r, json);
		fe_note(&worst, r.verdict == IK_ACCEPT ? FE_EXIT_OK :
		    FE_EXIT_FAIL);
		ik_itl_free(inst[i].itl);
	}
	for (i = 0; i < ninst; i++)
		free((char *)inst[i].name);
	ik_itl_free(cand.itl);
	return worst;
}
