/*
 * itl-diff: compare the ITLs of a cluster's nodes, or two versions of one
 * node's ITL.
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

#define MAX_INPUTS 512

static void
usage(int code)
{
	fprintf(code ? stderr : stdout,
	    "usage: itl-diff [--json] [--publisher HOST] [--versions] [--at TIME] [NODE=]FILE...\n");
	exit(code);
}

struct state {
	ik_diff_input in[MAX_INPUTS];
	ik_itl *itl[MAX_INPUTS];
	char *names[MAX_INPUTS];
	size_t n;
	bool explicit_names;
	const char *first_name;
	bool same_names;
};

/* Adds every trust list of one argument; a dump file may hold several. */
static int
add_arg(struct state *st, const char *arg)
{
	const char *path;
	char *name = NULL;
	size_t nlen;
	ik_error err;
	ik_itl **v = NULL;
	uint8_t *buf, sha[32];
	size_t len, n = 0, i;
	ik_status r;
	int code = FE_EXIT_OK;

	path = ik_split_node_arg(arg, &nlen);
	if (nlen > 0) {
		name = strndup(arg, nlen);
		if (name == NULL)
			fe_errx(FE_EXIT_USAGE, "out of memory");
		st->explicit_names = true;
	}
	ik_error_clear(&err);
	r = ik_read_file(path, IK_ITL_MAX_INPUT, &buf, &len, &err);
	if (r != IK_OK) {
		fe_report_error(path, &err);
		free(name);
		return r == IK_FAILED ? FE_EXIT_FAIL : FE_EXIT_USAGE;
	}
	ik_digest_buf(IK_SHA256, buf, len, sha);
	r = ik_trustlist_load_all(buf, len, &v, &n, &err);
	free(buf);
	if (n == 0) {
		fe_report_error(path, &err);
		free(name);
		free(v);
		return FE_EXIT_USAGE;
	}
	if (r == IK_FAILED) {
		fe_report_error(path, &err);
		code = FE_EXIT_FAIL;
	}
	for (i = 0; i < n; i++) {
		ik_diff_input *in;
		char *label;

		if (st->n == MAX_INPUTS)
			fe_errx(FE_EXIT_USAGE, "at most %d trust lists", MAX_INPUTS);
		if (n > 1 && asprintf(&label, "%s#%zu", name ? name : path,
		    i + 1) < 0)
			fe_errx(FE_EXIT_USAGE, "out of memory");
		else if (n == 1)
			label = strdup(name ? name : path);
		if (label == NULL)
			fe_errx(FE_EXIT_USAGE, "out of memory");
		ik_itl_verify(v[i]);
		in = &st->in[st->n];
		in->node = label;
		in->file = path;
		in->itl = v[i];
		memcpy(in->sha256, sha, 32);
		in->size = (long long)len;
		st->itl[st->n] = v[i];
		st->names[st->n++] = label;
	}
	free(v);
	if (st->first_name == NULL)
		st->first_name = name ? name : "";
	else if (name == NULL || strcmp(st->first_name, name) != 0)
		st->same_names = false;
	/* Keep name alive for the comparison above: it is freed at exit. */
	if (name != NULL && st->first_name != name)
		free(name);
	return code;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "publisher", required_argument, NULL, 'p' },
		{ "versions", no_argument, NULL, 'v' },
		{ "at", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	static struct state st;
	ik_diff_opts o = { NULL, false, 0 };
	ik_diff d;
	ik_error err;
	ik_status r;
	bool json = false;
	int c, i, worst = FE_EXIT_OK, nargs;
	size_t k;
	ik_sb sb;

	fe_init("itl-diff");
	o.at = time(NULL);
	st.same_names = true;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'j': json = true; break;
		case 'p': o.publisher = optarg; break;
		case 'v': o.versions = true; break;
		case 'a': o.at = fe_parse_at(optarg); break;
		case 'h': usage(FE_EXIT_OK); break;
		case 'V': fe_version(); return FE_EXIT_OK;
		default: usage(FE_EXIT_USAGE);
		}
	}
	nargs = argc - optind;
	if (nargs < 1)
		usage(FE_EXIT_USAGE);
	for (i = optind; i < argc; i++)
		fe_note(&worst, add_arg(&st, argv[i]));
	if (worst == FE_EXIT_USAGE)
		goto out;
	/*
	 * Two versions of one node: asked for, or two lists under one NODE
	 * name, or one file holding exactly two dumps (before and after).
	 */
	if (st.n == 2 && ((st.explicit_names && st.same_names && nargs == 2) ||
	    nargs == 1))
		o.versions = true;
	if (o.versions && st.n != 2)
		fe_errx(FE_EXIT_USAGE,
		    "--versions compares exactly two trust lists (old, new), got %zu",
		    st.n);
	if (st.n < 2)
		fe_errx(FE_EXIT_USAGE, "nothing to compare: give two or more trust lists");
	ik_error_clear(&err);
	r = ik_diff_run(st.in, st.n, &o, &d, &err);
	if (r == IK_FATAL) {
		fe_warnx("%s", err.msg);
		worst = FE_EXIT_USAGE;
	} else {
		if (json) {
			fe_json_out(ik_diff_json(&d));
		} else {
			ik_sb_init(&sb);
			ik_diff_text(&sb, &d);
			fe_sb_out(&sb);
			ik_sb_free(&sb);
		}
		fe_note(&worst, r == IK_FAILED ? FE_EXIT_FAIL : FE_EXIT_OK);
	}
	ik_diff_free(&d);
out:
	for (k = 0; k < st.n; k++) {
		ik_itl_free(st.itl[k]);
		free(st.names[k]);
	}
	if (st.first_name != NULL && *st.first_name != '\0')
		free((char *)st.first_name);
	return worst;
}
