/*
 * drs_artifact.c: judging the recovery artifacts found inside a DRS
 * component with the trust-list and PKCS#12 layers, and checking them
 * against each other across the set: does the backup hold the recovery
 * key whose certificate the backed-up ITL carries?
 * Layer: drs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ik_drs.h"
#include "ik_itl.h"
#include "ik_p12.h"

static void
inspect_trust_list(ik_drs_artifact *a, const uint8_t *buf, size_t len)
{
	ik_error err;
	ik_itl *itl = NULL;
	char d[160];
	size_t i;

	ik_error_clear(&err);
	if (ik_itl_parse(buf, len, &itl, &err) == IK_FATAL || itl == NULL)
		return;
	a->inspected = true;
	ik_itl_verify(itl);
	a->verdict = itl->malformed ? "malformed" :
	    ik_sigstate_name(itl->signature);
	for (i = 0; i < itl->nrec; i++) {
		if (itl->recs[i].is_itl_recovery && itl->recs[i].has_cert_sha1) {
			a->has_recovery = true;
			memcpy(a->recovery_sha1, itl->recs[i].cert_sha1, 20);
			break;
		}
	}
	if (itl->malformed)
		snprintf(d, sizeof(d), "not a well-formed trust list: %s",
		    ik_itl_malformed_message(itl));
	else
		snprintf(d, sizeof(d),
		    "%s, %zu records, signature %s, signer record %zu%s",
		    ik_itl_kind_name(itl->kind), itl->nrec, a->verdict,
		    itl->signer_index, a->has_recovery ?
		    ", ITLRECOVERY record" : ", no ITLRECOVERY record");
	a->detail = strdup(d);
	ik_itl_free(itl);
}

static void
inspect_p12(ik_drs_artifact *a, const uint8_t *buf, size_t len,
    const ik_secrets *cands, ik_kdf_budget *budget)
{
	ik_error err;
	ik_p12 *p = NULL;
	ik_sb sb;

	ik_error_clear(&err);
	ik_p12_open_budget(buf, len, cands, budget, &p, &err);
	if (p == NULL)
		return;
	a->inspected = true;
	a->over_budget = p->over_budget && p->password != IK_P12_PW_MATCHED;
	if (p->malformed)
		a->verdict = "malformed";
	else if (p->damaged)
		a->verdict = "damaged";
	else if (p->password == IK_P12_PW_MATCHED || p->unprotected)
		a->verdict = "matched";
	else if (a->over_budget)
		a->verdict = "not-checked";
	else if (p->password == IK_P12_PW_WRONG)
		a->verdict = "wrong-password";
	else
		a->verdict = "not-given";
	ik_sb_init(&sb);
	if (p->malformed)
		ik_sb_puts(&sb, "not a PKCS#12 file");
	else if (a->over_budget)
		ik_sb_printf(&sb, "PKCS#12 not judged: the run's key-derivation budget (%lld iterations) is spent",
		    budget != NULL ? budget->limit : 0);
	else
		ik_sb_printf(&sb, "PKCS#12, password %s", a->verdict);
	if (p->has_cert_info) {
		a->has_recovery = p->ci.cn != NULL &&
		    strncasecmp(p->ci.cn, "ITLRECOVERY_", 12) == 0;
		memcpy(a->recovery_sha1, p->ci.sha1, 20);
		ik_sb_puts(&sb, ", certificate ");
		ik_sb_add_safe(&sb, (const uint8_t *)p->ci.subject,
		    p->ci.subject ? strlen(p->ci.subject) : 0);
	}
	a->detail = sb.oom ? NULL : ik_sb_take(&sb);
	ik_sb_free(&sb);
	ik_p12_free(p);
}

void
ik_drs_artifact_inspect(ik_drs_artifact *a, const uint8_t *buf, size_t len,
    const ik_secrets *p12_passwords, ik_kdf_budget *budget)
{
	a->size = len;
	ik_digest_buf(IK_SHA1, buf, len, a->sha1);
	if (strcmp(a->kind, "itl") == 0 || strcmp(a->kind, "ctl") == 0)
		inspect_trust_list(a, buf, len);
	else if (strcmp(a->kind, "itl-recovery-p12") == 0 ||
	    strcmp(a->kind, "p12") == 0)
		inspect_p12(a, buf, len, p12_passwords, budget);
}

/*
 * Across the set: every backed-up ITL should carry the certificate of the
 * backed-up ITLRecovery key, and the key should open with the password
 * the operator has.
 */
void
ik_drs_artifacts_crosscheck(ik_drs_report *r)
{
	const ik_drs_artifact *a, *key = NULL;
	size_t c, i;
	char hex[41];

	for (c = 0; c < r->ncomps; c++)
		for (i = 0; i < r->comps[c].scan.nartifacts; i++) {
			a = &r->comps[c].scan.artifacts[i];
			if (a->inspected && a->has_recovery &&
			    strcmp(a->kind, "itl-recovery-p12") == 0 &&
			    key == NULL)
				key = a;
			if (a->inspected && (strcmp(a->kind, "itl") == 0 ||
			    strcmp(a->kind, "ctl") == 0) &&
			    strcmp(a->verdict, "valid") != 0)
				ik_findings_add(&r->findings, IK_SEV_WARNING,
				    IKF_DRS_ARTIFACT_INVALID, r->comps[c].file,
				    "%s in the backup does not verify (signature %s)",
				    a->path, a->verdict);
			if (a->inspected && a->over_budget)
				ik_findings_add(&r->findings, IK_SEV_WARNING,
				    IKF_DRS_ARTIFACT_NOT_CHECKED, r->comps[c].file,
				    "%s in the backup was not judged: the run's PKCS#12 key-derivation budget is spent",
				    a->path);
			if (a->inspected && strcmp(a->kind,
			    "itl-recovery-p12") == 0 &&
			    strcmp(a->verdict, "wrong-password") == 0)
				ik_findings_add(&r->findings, IK_SEV_WARNING,
				    IKF_DRS_RECOVERY_KEY_LOCKED, r->comps[c].file,
				    "%s in the backup does not open with the given password candidates",
				    a->path);
		}
	if (key == NULL)
		return;
	for (c = 0; c < r->ncomps; c++)
		for (i = 0; i < r->comps[c].scan.nartifacts; i++) {
			a = &r->comps[c].scan.artifacts[i];
			if (!a->inspected || !a->has_recovery ||
			    strcmp(a->kind, "itl") != 0)
				continue;
			ik_hex(key->recovery_sha1, 20, hex);
			if (memcmp(a->recovery_sha1, key->recovery_sha1, 20) == 0)
				ik_findings_add(&r->findings, IK_SEV_INFO,
				    IKF_DRS_RECOVERY_KEY_MATCHES_ITL, r->comps[c].file,
				    "the backed-up ITLRecovery key (certificate sha1 %s) is the ITLRECOVERY record of %s",
				    hex, a->path);
			else
				ik_findings_add(&r->findings, IK_SEV_WARNING,
				    IKF_DRS_RECOVERY_KEY_MISMATCH, r->comps[c].file,
				    "the backed-up ITLRecovery key (certificate sha1 %s) is not the ITLRECOVERY record of %s: phones holding that ITL would not accept files it signs",
				    hex, a->path);
		}
}
