/*
 * job_platform.c: layer jobs.  drs.platform: one platformConfig.xml (or a
 * DRS manifest) read for the values a rebuild must repeat: host name, IP
 * address, mask, gateway, domain, DNS, NTP, time zone, version; password
 * elements only named, as "present".
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ik_drs.h"
#include "ik_drs_render.h"
#include "ik_report.h"
#include "jobs_private.h"

static const ik_arg_spec platform_args[] = {
	{ "input", IK_ARG_STRING, true, 0, 0,
	    "platformConfig.xml, or a drfComponent.xml manifest; "
	    "- for standard input" },
	{ NULL, IK_ARG_STRING, false, 0, 0, NULL }
};

static const ik_result_field platform_results[] = {
	{ "status", IK_FIELD_STRING,
	    "ok, incomplete, malformed or unreadable" },
	{ "kind", IK_FIELD_STRING, "platform-config or drs-manifest" },
	{ "version", IK_FIELD_STRING, "the CUCM version (null when absent)" },
	{ "hostname", IK_FIELD_STRING, "LocalHostName" },
	{ "ip", IK_FIELD_STRING, "LocalHostIP0" },
	{ "mask", IK_FIELD_STRING, "LocalHostMask0" },
	{ "gateway", IK_FIELD_STRING, "LocalHostGW0" },
	{ "domain", IK_FIELD_STRING, "LocalHostDomain" },
	{ "timezone", IK_FIELD_STRING, "LocalHostTimezone" },
	{ "deployment", IK_FIELD_STRING, "ProductDeployment" },
	{ "first_node", IK_FIELD_STRING, "CcmFirstNode: yes on the publisher" },
	{ "publisher_host", IK_FIELD_STRING, "CcmDBHost (subscribers)" },
	{ "publisher_ip", IK_FIELD_STRING, "CcmDBIpAddr (subscribers)" },
	{ "dns", IK_FIELD_ARRAY, "DNS servers, primary first" },
	{ "ntp", IK_FIELD_ARRAY, "NTP servers" },
	{ "secrets", IK_FIELD_ARRAY,
	    "password elements: {element, value present|empty}" },
	{ "secrets[].element", IK_FIELD_STRING, NULL },
	{ "secrets[].value", IK_FIELD_STRING, NULL },
	{ "features", IK_FIELD_ARRAY, "drs-manifest: the features" },
	{ "servers", IK_FIELD_ARRAY, "drs-manifest: the servers" },
	{ "findings", IK_FIELD_ARRAY, NULL },
	{ NULL, IK_FIELD_ANY, NULL }
};

/* The files this job reads inside an archive, by name. */
static bool
platform_name(const char *name)
{
	size_t n = strlen(name);
	static const char manifest[] = "drfComponent.xml";

	return strcasecmp(name, "platformConfig.xml") == 0 ||
	    (n >= sizeof(manifest) - 1 &&
	    strcasecmp(name + n - (sizeof(manifest) - 1), manifest) == 0);
}

/* One file: a platformConfig.xml or a DRS manifest, given or a member. */
static void
platform_input(const ik_input *in, const ik_job_ctx *ctx, ik_job_result *res)
{
	const char *tool = ctx->tool != NULL ? ctx->tool : "drs-platform";
	const char *label = in->name;	/* "ARCHIVE:MEMBER" for a member */
	ik_drs_platform pl;
	ik_error err;
	ik_status st;
	json_t *o = NULL;

	ik_error_clear(&err);
	st = ik_drs_platform_parse(in->buf, in->len, &pl, &err);
	if (st == IK_FATAL) {
		res->err = err;
		res->outcome = IK_OUTCOME_ERROR;
	} else if (st != IK_OK) {
		/* Not XML one can read: a verdict on the file, with where. */
		ik_findings_add(&pl.findings, IK_SEV_ERROR,
		    IKF_DRS_PLATFORM_MALFORMED, NULL, "%s", err.msg);
		ik_job_result_error(res, label, &err);
		if (ctx->want_json) {
			o = ik_report_new(tool, "file", in->path, in->sha256,
			    (long long)in->len);
			if (o != NULL)
				ik_report_finish(o, "malformed", &pl.findings);
		}
		/* A verdict line as for every other file (and as itl-show
		 * and p12-check give one for a malformed file). */
		if (ctx->want_text) {
			ik_text_opts to = jobs_text_opts(ctx);

			ik_drs_platform_malformed_text(&res->text, label,
			    &pl.findings, &to);
		}
		ik_job_result_note(res, IK_OUTCOME_FAIL);
	} else {
		if (ctx->want_json)
			o = ik_drs_platform_json(&pl, tool, in->path,
			    in->sha256, (long long)in->len);
		if (ctx->want_text) {
			ik_text_opts to = jobs_text_opts(ctx);

			ik_drs_platform_text(&res->text, &pl, label, &to);
		}
		ik_job_result_note(res, ik_findings_worst(&pl.findings) ==
		    IK_SEV_ERROR || strcmp(ik_drs_platform_status(&pl), "ok") !=
		    0 ? IK_OUTCOME_FAIL : IK_OUTCOME_OK);
	}
	if (o != NULL)
		ik_job_result_line(res, ik_input_json_member(o, "file", in));
	ik_drs_platform_free(&pl);
}

/*
 * A file, or inside an archive (a customer's bundle) each member named
 * platformConfig.xml or ...drfComponent.xml; a gzip'd file as gunzip
 * would give it.
 */
static void
platform_run(const json_t *args, const ik_job_ctx *ctx, ik_job_result *res)
{
	const char *path = ik_arg_str(args, "input", NULL);
	ik_input_opts io = { 0, IK_DRS_PLATFORM_MAX, 0, 0, 0, 0 };
	ik_input_iter *it;
	ik_input in;
	ik_error err;
	ik_status st;
	size_t shown = 0;

	ik_error_clear(&err);
	if (ik_input_open(path, &io, &it, &err) != IK_OK) {
		jobs_load_failed(ctx, res, path, "file", IK_FATAL, &err);
		return;
	}
	ik_input_select(it, platform_name);
	ik_input_what(it, "platformConfig.xml or drfComponent.xml");
	while (ik_input_next(it, &in, &st, &err)) {
		jobs_report_gap(ctx, res, &shown);
		if (st != IK_OK) {
			jobs_input_failed(ctx, res, &in, "file", st, &err);
		} else {
			platform_input(&in, ctx, res);
		}
		ik_input_free(&in);
	}
	ik_input_iter_report(it, &res->errors);
	ik_input_iter_free(it);
}

const ik_job ik_job_drs_platform = {
	"drs.platform",
	"the values a rebuild needs from platformConfig.xml or a DRS manifest",
	platform_args,
	platform_run,
	platform_results
};
