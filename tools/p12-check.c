/*
 * p12-check: open and validate ITLRecovery.p12 files; extract the
 * certificate and the key.
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fe.h"
#include "ik_p12.h"
#include "ik_report.h"
#include "ik_p12_render.h"

static void
usage(int code)
{
	fprintf(code ? stderr : stdout,
	    "usage: p12-check [--json] [--password-file F | --password-env VAR] [--itl ITL]...\n"
	    "                 [--warn-days N] [--at TIME] [--extract-cert OUT] [--extract-key OUT]\n"
	    "                 [--force] FILE.p12...\n");
	exit(code);
}

struct itl_in {
	const char *path;
	ik_itl *itl;
};

struct opts {
	bool json, force;
	const char *pw_file, *pw_env, *cert_out, *key_out;
	ik_p12_check_opts check;
	struct itl_in *itls;
	size_t nitl;
	ik_secrets secrets;
	bool have_secrets;
};

/* The trust lists to compare against, loaded once for the whole batch. */
static void
load_itls(struct opts *o)
{
	ik_error err;
	uint8_t *buf;
	size_t i, len;

	for (i = 0; i < o->nitl; i++) {
		ik_error_clear(&err);
		if (ik_read_file(o->itls[i].path, IK_ITL_MAX_INPUT, &buf, &len,
		    &err) != IK_OK) {
			fe_report_error(o->itls[i].path, &err);
			exit(FE_EXIT_USAGE);
		}
		ik_trustlist_load(buf, len, &o->itls[i].itl, &err);
		free(buf);
		if (o->itls[i].itl == NULL || o->itls[i].itl->malformed) {
			fe_warnx("%s: not a readable trust list (%s)",
			    o->itls[i].path, o->itls[i].itl ?
			    ik_itl_malformed_message(o->itls[i].itl) : err.msg);
			exit(FE_EXIT_USAGE);
		}
	}
}

/* Writes the key (0600) or certificate (0644) in PEM, atomically. */
static int
extract(const ik_p12 *p, const char *out, bool key, bool force)
{
	const uint8_t *pem;
	void *h;
	size_t len;
	ik_error err;
	ik_status r;

	ik_error_clear(&err);
	r = key ? ik_p12_key_pem(p, &h, &pem, &len, &err) :
	    ik_p12_cert_pem(p, &h, &pem, &len, &err);
	if (r == IK_OK)
		r = ik_write_file_atomic(out, pem, len, key ? 0600 : 0644,
		    force, &err);
	ik_p12_pem_free(h);
	if (r != IK_OK) {
		fe_report_error(out, &err);
		return FE_EXIT_USAGE;
	}
	return FE_EXIT_OK;
}

static int
nothing(const char *path, const char *what)
{
	fe_warnx("%s: no usable %s to extract; nothing written", path, what);
	return FE_EXIT_FAIL;
}

static int
verdict(const ik_p12 *p, ik_status r, bool have_secrets)
{
	if (p->malformed)
		return FE_EXIT_FAIL;
	if (r == IK_FATAL || !have_secrets)
		return FE_EXIT_USAGE;
	if ( ik_findings_worst(&p->findings) == IK_SEV_ERROR)
		return FE_EXIT_FAIL;
	return FE_EXIT_OK;
}

/* Said before the work starts, so that a long wait is understood. */
static void
on_slow(void *arg, const char *why)
{
	fe_warnx("%s: %s", (const char *)arg, why);
}

static int
check_one(const char *path, struct opts *o)
{
	ik_p12_render_opts ro;
	ik_kdf_budget kb;
	ik_input_kind kind;
	ik_error err;
	ik_p12 *p;
	uint8_t *buf, sha[32];
	size_t i, len;
	ik_status r;
	ik_sb sb;
	int code;

	ik_error_clear(&err);
	r = ik_read_file(path, IK_P12_MAX_INPUT, &buf, &len, &err);
	if (r != IK_OK) {
		fe_report_error(path, &err);
		return r == IK_FAILED ? FE_EXIT_FAIL : FE_EXIT_USAGE;
	}
	ik_digest_buf(IK_SHA256, buf, len, sha);
	kind = ik_input_sniff(buf, len);
	/* No total budget for files named one by one: a warning only. */
	ik_kdf_budget_init(&kb, LLONG_MAX);
	kb.slow = on_slow;
	kb.slow_arg = (void *)path;
	r = ik_p12_open_budget(buf, len, o->have_secrets ? &o->secrets : NULL,
	    &kb, &p, &err);
	free(buf);
	if (p == NULL) {
		fe_report_error(path, &err);
		return FE_EXIT_USAGE;
	}
	if (r == IK_FATAL)
		fe_report_error(path, &err);
	ik_p12_check(p, &o->check);
	for (i = 0; i < o->nitl; i++)
		if (ik_p12_match_itl(p, o->itls[i].path, o->itls[i].itl,
		    &err) != IK_OK)
			fe_report_error(path, &err);
	ro.tool = "p12-check";
	ro.path = path;
	ro.input_sha256 = sha;
	ro.input_size = (long long)len;
	if (o->json) {
		fe_json_out(ik_p12_json(p, &ro));
	} else {
		ik_sb_init(&sb);
		ik_p12_text(&sb, p, &ro);
		fe_sb_out(&sb);
		ik_sb_free(&sb);
	}
	code = verdict(p, r, o->have_secrets);
	if (p->malformed && kind == IK_IN_TRUSTLIST)
		fe_warnx("%s: this is a trust list: did you mean --itl?", path);
	if (o->cert_out != NULL)
		fe_note(&code, p->cert != NULL && p->password ==
		    IK_P12_PW_MATCHED ? extract(p, o->cert_out, false,
		    o->force) : nothing(path, "certificate"));
	/* Only a key proven to be the certificate's is worth writing out. */
	if (o->key_out != NULL)
		fe_note(&code, p->key != NULL && p->key_matches_cert &&
		    !p->damaged ? extract(p, o->key_out, true, o->force) :
		    nothing(path, "key"));
	ik_p12_free(p);
	return code;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "password-file", required_argument, NULL, 'p' },
		{ "password-env", required_argument, NULL, 'e' },
		{ "itl", required_argument, NULL, 'i' },
		{ "warn-days", required_argument, NULL, 'w' },
		{ "at", required_argument, NULL, 'a' },
		{ "extract-cert", required_argument, NULL, 'c' },
		{ "extract-key", required_argument, NULL, 'k' },
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct opts o;
	int c, i, worst = FE_EXIT_OK;
	bool run = true;
	size_t k;

	fe_init("p12-check");
	memset(&o, 0, sizeof(o));
	o.check.at = time(NULL);
	o.check.warn_days = 180;
	o.itls = calloc((size_t)argc, sizeof(*o.itls));
	if (o.itls == NULL)
		fe_errx(FE_EXIT_USAGE, "out of memory");
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'j': o.json = true; break;
		case 'p': o.pw_file = optarg; break;
		case 'e': o.pw_env = optarg; break;
		case 'i': o.itls[o.nitl++].path = optarg; break;
		case 'w': o.check.warn_days = (int)fe_parse_long("--warn-days",
		    optarg, 0, 36500); break;
		case 'a': o.check.at = fe_parse_at(optarg); break;
		case 'c': o.cert_out = optarg; break;
		case 'k': o.key_out = optarg; break;
		case 'f': o.force = true; break;
		case 'h': usage(FE_EXIT_OK); break;
		case 'V': fe_version(); return FE_EXIT_OK;
		default: usage(FE_EXIT_USAGE);
		}
	}
	if (optind >= argc)
		usage(FE_EXIT_USAGE);
	if ((o.cert_out != NULL || o.key_out != NULL) && argc - optind > 1)
		fe_errx(FE_EXIT_USAGE,
		    "--extract-cert and --extract-key take a single FILE.p12");
	load_itls(&o);
	/* Without any password source the structure is still reported (exit 2). */
	if (fe_secrets(o.pw_file, o.pw_env, true, "p12 password: ",
	    &o.secrets) == 0)
		o.have_secrets = true;
	else if (o.pw_file != NULL || o.pw_env != NULL)
		run = false;	/* the password source given is unusable */
	for (i = optind; run && i < argc; i++) {
		if (!o.json && i > optind)
			fputc('\n', stdout);
		fe_note(&worst, check_one(argv[i], &o));
	}
	if (!run)
		worst = FE_EXIT_USAGE;
	ik_secrets_free(&o.secrets);
	for (k = 0; k < o.nitl; k++)
		ik_itl_free(o.itls[k].itl);
	free(o.itls);
	return worst;
}
