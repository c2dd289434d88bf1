/*
 * itl-show: inspect and verify ITL/CTL trust lists and `show itl` dumps.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fe.h"
#include "ik_itl.h"
#include "ik_report.h"
#include "ik_itl_render.h"

static void
usage(int code)
{
	fprintf(code ? stderr : stdout,
	    "usage: itl-show [--json] [--no-verify] [--warn-days N] [--at TIME] [--jobs N] FILE...\n");
	exit(code);
}

struct opts {
	bool json, verify;
	ik_lint_opts lint;
};

static int
show_model(ik_itl *itl, const char *path, const uint8_t *sha, size_t len,
    const struct opts *o, ik_sb *out)
{
	ik_itl_render_opts ro;

	if (o->verify)
		ik_itl_verify(itl);
	ik_itl_lint(itl, &o->lint);
	ro.tool = "itl-show";
	ro.path = path;
	ro.input_sha256 = sha;
	ro.input_size = (long long)len;
	ro.at = o->lint.at;
	if (o->json)
		fe_json_sb(ik_itl_json(itl, &ro), out);
	else
		ik_itl_text(out, itl, &ro);
	return itl->malformed || itl->incomplete ||
	    ik_findings_worst(&itl->findings) == IK_SEV_ERROR ? FE_EXIT_FAIL :
	    FE_EXIT_OK;
}

/*
 * One input: everything it prints goes to out and errs (see fe_batch).
 * A text file may hold several dumps: each is shown.
 */
static int
show_one(const char *path, int index, void *ctx, ik_sb *out, ik_sb *errs)
{
	const struct opts *o = ctx;
	ik_error err;
	ik_itl **v = NULL;
	uint8_t *buf, sha[32];
	size_t len, n = 0, i;
	ik_status r;
	int code = FE_EXIT_OK;

	ik_error_clear(&err);
	if (!o->json && index > 0)
		ik_sb_puts(out, "\n");
	r = ik_read_file(path, IK_ITL_MAX_INPUT, &buf, &len, &err);
	if (r == IK_OK) {
		ik_digest_buf(IK_SHA256, buf, len, sha);
		r = ik_trustlist_load_all(buf, len, &v, &n, &err);
		free(buf);
	}
	if (n == 0) {
		fe_error_sb(errs, path, &err);
		if (o->json)
			fe_json_unreadable_sb(out, "file", path, &err);
		free(v);
		return r == IK_FAILED ? FE_EXIT_FAIL : FE_EXIT_USAGE;
	}
	if (r == IK_FAILED)
		fe_error_sb(errs, path, &err);
	for (i = 0; i < n; i++) {
		if (!o->json && i > 0)
			ik_sb_puts(out, "\n");
		fe_note(&code, show_model(v[i], path, sha, len, o, out));
		ik_itl_free(v[i]);
	}
	free(v);
	return code;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "no-verify", no_argument, NULL, 'n' },
		{ "warn-days", required_argument, NULL, 'w' },
		{ "at", required_argument, NULL, 'a' },
		{ "jobs", required_argument, NULL, 'J' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct opts o = { false, true, { 0, 180 } };
	int c, jobs = fe_jobs_default();

	fe_init("itl-show");
	o.lint.at = time(NULL);
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'j': o.json = true; break;
		case 'n': o.verify = false; break;
		case 'w': o.lint.warn_days = (int)fe_parse_long("--warn-days",
		    optarg, 0, 36500); break;
		case 'a': o.lint.at = fe_parse_at(optarg); break;
		case 'J': jobs = (int)fe_parse_long("--jobs", optarg, 1, 16);
		    break;
		case 'h': usage(FE_EXIT_OK); break;
		case 'V': fe_version(); return FE_EXIT_OK;
		default: usage(FE_EXIT_USAGE);
		}
	}
	if (optind >= argc)
		usage(FE_EXIT_USAGE);
	return fe_batch(argv + optind, argc - optind, jobs, show_one, &o);
}
