/*
 * drs-extract: decrypt a verified DRS set and extract it safely into a
 * folder, with MANIFEST.json listing what was written (SHA-256, origin)
 * and what was refused (absolute paths, "..", links leading out, devices).
 * The set is judged as drs-verify judges it; status and exit say so.
 */
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "fe/fe.h"
#include "ik_drs.h"
#include "ik_report.h"
#include "ik_drs_render.h"

#define MAX_LIST 64

static void
usage(int code)
{
	fprintf(code ? stderr : stdout,
	    "usage: drs-extract [--password-file F | --password-env VAR] --out DIR\n"
	    "                   [--component NAME]... [--member GLOB]... [--artifacts]\n"
	    "                   [--rebase-absolute] [--allow-mismatch] [--max-bytes N]\n"
	    "                   [--force] [--json] [--no-progress] SET\n");
	exit(code);
}

static void
add(const char **list, size_t *n, const char *v)
{
	if (*n >= MAX_LIST)
		fe_errx(FE_EXIT_USAGE, "at most %d --component or --member options",
		    MAX_LIST);
	list[(*n)++] = v;
}

static void
on_progress(void *arg, uint64_t n)
{
	fe_progress_add(arg, n);
}

/* The one set SET names, checked with the password (exits on failure). */
static void
check_set(const char *path, const ik_secrets *pw, ik_drs_report *r)
{
	ik_drs_opts o = { .passwords = pw, .hash = true };
	ik_error err;

	ik_error_clear(&err);
	if (ik_drs_check_one(path, &o, r, &err) != IK_OK) {
		fe_report_error(path, &err);
		ik_drs_report_free(r);
		exit(FE_EXIT_USAGE);
	}
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "password-file", required_argument, NULL, 'p' },
		{ "password-env", required_argument, NULL, 'e' },
		{ "out", required_argument, NULL, 'o' },
		{ "component", required_argument, NULL, 'c' },
		{ "member", required_argument, NULL, 'm' },
		{ "artifacts", no_argument, NULL, 'a' },
		{ "rebase-absolute", no_argument, NULL, 'r' },
		{ "force", no_argument, NULL, 'f' },
		{ "allow-mismatch", no_argument, NULL, 'M' },
		{ "max-bytes", required_argument, NULL, 'B' },
		{ "json", no_argument, NULL, 'j' },
		{ "no-progress", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const char *comps[MAX_LIST + 1] = { 0 }, *members[MAX_LIST + 1] = { 0 };
	const char *pwfile = NULL, *pwenv = NULL;
	size_t nc = 0, nm = 0, i;
	unsigned long long total = 0;
	bool json = false, progress = true;
	ik_drs_extract_opts xo = { 0 };
	ik_drs_extract_result res;
	ik_drs_report r;
	ik_secrets pw;
	fe_progress bar;
	ik_status st;
	ik_error err;
	json_t *o;
	ik_sb sb;
	int c;

	fe_init("drs-extract");
	fe_exists_hint = " (--force to add to it)";
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'p': pwfile = optarg; break;
		case 'e': pwenv = optarg; break;
		case 'o': xo.out_dir = optarg; break;
		case 'c': add(comps, &nc, optarg); break;
		case 'm': add(members, &nm, optarg); break;
		case 'a': xo.artifacts_only = true; break;
		case 'r': xo.rebase_absolute = true; break;
		case 'f': xo.force = true; break;
		case 'M': xo.allow_mismatch = true; break;
		case 'B': xo.max_bytes = (uint64_t)fe_parse_long("--max-bytes",
			    optarg, 1, LONG_MAX);
			break;
		case 'j': json = true; break;
		case 'n': progress = false; break;
		case 'h': usage(FE_EXIT_OK); break;
		case 'V': fe_version(); return FE_EXIT_OK;
		default: usage(FE_EXIT_USAGE);
		}
	}
	if (optind != argc - 1 || xo.out_dir == NULL)
		usage(FE_EXIT_USAGE);
	if (fe_secrets(pwfile, pwenv, true, "Cluster security password: ",
	    &pw) != 0)
		return FE_EXIT_USAGE;
	check_set(argv[optind], &pw, &r);
	ik_secrets_free(&pw);
	if (r.password != IK_DRS_PASSWORD_VERIFIED) {
		fe_warnx("%s: password %s (set %s): nothing extracted",
		    argv[optind], ik_drs_password_name(r.password),
		    ik_drs_status_name(r.status));
		ik_drs_report_free(&r);
		return FE_EXIT_FAIL;
	}
	xo.components = nc ? comps : NULL;
	xo.members = nm ? members : NULL;
	for (i = 0; i < r.ncomps; i++)
		total += r.comps[i].size;
	fe_progress_start(&bar, progress, "extract", total);
	xo.progress = on_progress;
	xo.progress_arg = &bar;
	ik_error_clear(&err);
	st = ik_drs_extract(&r, &xo, &res, &err);
	fe_progress_end(&bar);
	if (st == IK_FATAL) {
		fe_report_error(xo.out_dir, &err);
		ik_drs_extract_result_free(&res);
		ik_drs_report_free(&r);
		return FE_EXIT_USAGE;
	}
	if (json) {
		o = ik_report_new("drs-extract", "set", r.label,
		    r.manifest_size >= 0 ? r.manifest_sha256 : NULL,
		    r.manifest_size);
		json_object_set_new(o, "out", ik_json_cstr(xo.out_dir));
		json_object_set_new(o, "extracted", json_integer((json_int_t)res.extracted));
		json_object_set_new(o, "refused", json_integer((json_int_t)res.refused));
		ik_report_finish(o, ik_drs_status_name(res.status),
		    &res.findings);
		fe_json_out(o);
	} else {
		ik_sb_init(&sb);
		ik_sb_puts_safe(&sb, r.label, "-");
		ik_sb_printf(&sb, ": %s: %zu objects extracted, %zu members refused; see ",
		    ik_drs_status_name(res.status), res.extracted, res.refused);
		ik_sb_puts_safe(&sb, xo.out_dir, "-");
		ik_sb_puts(&sb, "/MANIFEST.json\n");
		ik_findings_text(&sb, &res.findings, "  ");
		fe_sb_out(&sb);
		ik_sb_free(&sb);
		if (res.refused > 0 && !xo.rebase_absolute)
			printf("note: CUCM tars hold absolute member paths; --rebase-absolute extracts them under DIR\n");
	}
	if (st == IK_FAILED)
		fe_warnx("%s", err.msg[0] ? err.msg :
		    "not everything was extracted (see the findings)");
	ik_drs_extract_result_free(&res);
	ik_drs_report_free(&r);
	return st == IK_OK ? FE_EXIT_OK : FE_EXIT_FAIL;
}
