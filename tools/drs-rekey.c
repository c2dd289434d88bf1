/*
 * drs-rekey: re-encrypt a set's manifest values for a new cluster
 * security password (a restore onto a cluster whose password changed).
 * The old password must verify the set; component files are not touched;
 * the new manifest is written atomically and never over an existing file
 * without --force.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "fe/fe.h"
#include "ik_drs.h"
#include "ik_report.h"
#include "ik_drs_render.h"

static void
usage(int code)
{
	fprintf(code ? stderr : stdout,
	    "usage: drs-rekey [--password-file OLD | --password-env VAR]\n"
	    "                 [--new-password-file NEW | --new-password-env VAR]\n"
	    "                 --out NEW_MANIFEST [--force] [--json] SET\n");
	exit(code);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "password-file", required_argument, NULL, 'p' },
		{ "password-env", required_argument, NULL, 'e' },
		{ "new-password-file", required_argument, NULL, 'P' },
		{ "new-password-env", required_argument, NULL, 'E' },
		{ "out", required_argument, NULL, 'o' },
		{ "force", no_argument, NULL, 'f' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const char *pwfile = NULL, *pwenv = NULL, *newfile = NULL, *newenv = NULL;
	const char *out = NULL;
	bool force = false, json = false;
	ik_drs_opts o = { .hash = true };
	ik_secrets oldpw, newpw;
	ik_drs_report r;
	uint8_t *buf = NULL, sha[32];
	size_t len = 0;
	ik_status st;
	ik_error err;
	json_t *j;
	int c;

	fe_init("drs-rekey");
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'p': pwfile = optarg; break;
		case 'e': pwenv = optarg; break;
		case 'P': newfile = optarg; break;
		case 'E': newenv = optarg; break;
		case 'o': out = optarg; break;
		case 'f': force = true; break;
		case 'j': json = true; break;
		case 'h': usage(FE_EXIT_OK); break;
		case 'V': fe_version(); return FE_EXIT_OK;
		default: usage(FE_EXIT_USAGE);
		}
	}
	if (optind != argc - 1 || out == NULL)
		usage(FE_EXIT_USAGE);
	if (fe_secrets(pwfile, pwenv, true, "Old cluster security password: ",
	    &oldpw) != 0)
		return FE_EXIT_USAGE;
	if (fe_secrets(newfile, newenv, false, "New cluster security password: ",
	    &newpw) != 0) {
		ik_secrets_free(&oldpw);
		return FE_EXIT_USAGE;
	}
	/* Before the (slow) check of the set: a password CUCM would not take. */
	ik_error_clear(&err);
	if (ik_drs_new_password_check(newpw.v[0].s, newpw.v[0].len, &err) !=
	    IK_OK) {
		ik_secrets_free(&oldpw);
		ik_secrets_free(&newpw);
		fe_errx(FE_EXIT_USAGE, "%s", err.msg);
	}
	o.passwords = &oldpw;
	st = ik_drs_check_one(argv[optind], &o, &r, &err);
	ik_secrets_free(&oldpw);
	if (st == IK_OK)
		st = ik_drs_rekey(&r, newpw.v[0].s, newpw.v[0].len, &buf, &len,
		    &err);
	ik_secrets_free(&newpw);
	if (st == IK_OK)
		st = ik_write_file_atomic(out, buf, len, 0600, force, &err);
	if (st != IK_OK) {
		fe_report_error(st == IK_FATAL && r.label == NULL ?
		    argv[optind] : out, &err);
		free(buf);
		ik_drs_report_free(&r);
		return st == IK_FATAL ? FE_EXIT_USAGE : FE_EXIT_FAIL;
	}
	if (json) {
		j = ik_report_new("drs-rekey", "set", r.label, r.manifest_sha256,
		    r.manifest_size);
		ik_digest_buf(IK_SHA256, buf, len, sha);
		json_object_set_new(j, "output", ik_json_cstr(out));
		json_object_set_new(j, "output_sha256", ik_json_hex(sha, 32));
		json_object_set_new(j, "scheme", json_integer(r.scheme));
		json_object_set_new(j, "components",
		    json_integer((json_int_t)r.ncomps));
		ik_report_finish(j, "ok", &r.findings);
		fe_json_out(j);
	} else {
		ik_sb sb;

		ik_sb_init(&sb);
		ik_sb_puts_safe(&sb, r.label, "-");
		ik_sb_printf(&sb, ": %zu components re-keyed (scheme %d) into ",
		    r.ncomps, r.scheme);
		ik_sb_puts_safe(&sb, out, "-");
		ik_sb_puts(&sb, "\n");
		fe_sb_out(&sb);
		ik_sb_free(&sb);
	}
	free(buf);
	ik_drs_report_free(&r);
	return FE_EXIT_OK;
}
