/*
 * itl_lint.c: findings about what a file holds rather than how it is
 * encoded: the recovery record, certificate validity as of --at, key
 * sizes, the phone's size limits.
 * Layer: itl.
 */
#include <stdio.h>
#include <string.h>

#include "ik_itl.h"

static void
lint_record(ik_itl *itl, const ik_itl_record *r, const ik_lint_opts *o)
{
	char where[32], when[32], at[32];
	long long days;

	snprintf(where, sizeof(where), "record %zu", r->index);
	/* A cut paste's last record lacks its later lines: not a finding. */
	if (r->function < 0) {
		if (!itl->incomplete || r->index != itl->nrec)
			ik_findings_add(&itl->findings, IK_SEV_WARNING,
			    IKF_MISSING_FIELD, where,
			    "record has no FUNCTION (tag 4)");
	} else if (ik_itl_function_role(r->function) == NULL)
		ik_findings_add(&itl->findings, IK_SEV_INFO,
		    IKF_UNKNOWN_FUNCTION, where, "unknown FUNCTION code %d",
		    r->function);
	if (r->cert == NULL && r->certhash == NULL && r->function >= 0 &&
	    itl->format == IK_FMT_TLV && !itl->malformed)
		ik_findings_add(&itl->findings, IK_SEV_INFO, IKF_STUB_RECORD,
		    where, "record carries neither a certificate nor its hash");
	if (r->has_validity) {
		if (r->not_after < o->at) {
			days = (long long)(o->at - r->not_after) / 86400;
			ik_time_format(r->not_after, when, sizeof(when));
			ik_time_format(o->at, at, sizeof(at));
			ik_findings_add(&itl->findings, IK_SEV_WARNING,
			    IKF_CERT_EXPIRED, where,
			    "certificate expired on %s, %lld days before %s",
			    when, days, at);
		} else if (r->not_after - o->at <
		    (time_t)o->warn_days * 86400) {
			days = (long long)(r->not_after - o->at) / 86400;
			ik_time_format(r->not_after, when, sizeof(when));
			ik_findings_add(&itl->findings, IK_SEV_WARNING,
			    IKF_CERT_EXPIRING, where,
			    "certificate expires on %s, in %lld days (within %d)",
			    when, days, o->warn_days);
		}
		if (r->not_before > o->at)
			ik_findings_add(&itl->findings, IK_SEV_INFO,
			    IKF_CERT_NOT_YET_VALID, where,
			    "certificate is not valid before the judgement time");
	}
	if (r->key_type != NULL && strcmp(r->key_type, "RSA") == 0 &&
	    r->key_bits > 0 && r->key_bits < 2048)
		ik_findings_add(&itl->findings, IK_SEV_WARNING, IKF_WEAK_KEY,
		    where, "RSA key of %d bits (under 2048)", r->key_bits);
	if (r->is_itl_recovery && r->function != IK_FN_SAST)
		ik_findings_add(&itl->findings, IK_SEV_WARNING,
		    IKF_ITL_RECOVERY_NOT_SAST, where,
		    "the ITLRECOVERY record has FUNCTION %d, not SAST (0): phones will not accept files it signs",
		    r->function);
}

/*
 * SHA-256 (code 2) is what the peer tool's source names, but no real file
 * and no public writer is known to use it, nor is it known that phones
 * accept it (docs/formats.md): say so, whatever the signature check says.
 */
static void
lint_digest(ik_itl *itl)
{
	char where[32];
	size_t i;

	if (itl->format != IK_FMT_TLV)
		return;
	if (itl->hdr.digest_alg == IK_ITL_DIGEST_SHA256) {
		ik_findings_add(&itl->findings, IK_SEV_INFO,
		    IKF_DIGEST_SHA256_UNCONFIRMED, "header",
		    "the file is signed with SHA-256 (digest code 2): no real trust list is known to use it, and that phones accept it is unconfirmed");
		return;
	}
	for (i = 0; i < itl->nrec; i++) {
		if (itl->recs[i].hash_alg != IK_ITL_DIGEST_SHA256)
			continue;
		snprintf(where, sizeof(where), "record %zu", i + 1);
		ik_findings_add(&itl->findings, IK_SEV_INFO,
		    IKF_DIGEST_SHA256_UNCONFIRMED, where,
		    "HASH ALGORITHM is SHA-256 (code 2): no real trust list is known to use it, and that phones accept it is unconfirmed");
		return;
	}
}

void
ik_itl_lint(ik_itl *itl, const ik_lint_opts *o)
{
	size_t i, recovery = 0, certs = 0;

	for (i = 0; i < itl->nrec; i++) {
		lint_record(itl, &itl->recs[i], o);
		if (itl->recs[i].is_itl_recovery)
			recovery++;
		if (itl->recs[i].cert != NULL || itl->recs[i].certhash != NULL ||
		    itl->recs[i].has_cert_sha1)
			certs++;
	}
	/* An incomplete paste may hold it in the part that is missing. */
	if (recovery == 0 && !itl->malformed && !itl->incomplete) {
		if (itl->kind != IK_KIND_UNKNOWN)
			ik_findings_add(&itl->findings, IK_SEV_WARNING,
			    IKF_NO_ITL_RECOVERY, NULL,
			    "no ITLRECOVERY record: phones holding this %s cannot be reached by a bulk ITL reset",
			    ik_itl_kind_name(itl->kind));
		else
			/* Not named as an ITL or CTL: say what is known of it. */
			ik_findings_add(&itl->findings, IK_SEV_WARNING,
			    IKF_NO_ITL_RECOVERY, NULL,
			    "no ITLRECOVERY record: if phones hold this trust list (%s), a bulk ITL reset cannot reach them",
			    itl->hdr.filename != NULL ?
			    "its FILENAME names neither an ITL nor a CTL" :
			    "it has no FILENAME");
	} else if (recovery > 1)
		ik_findings_add(&itl->findings, IK_SEV_WARNING,
		    IKF_MULTIPLE_ITL_RECOVERY, NULL,
		    "%zu ITLRECOVERY records: a cluster has exactly one recovery key",
		    recovery);
	lint_digest(itl);
	if (itl->file_length > IK_ITL_PHONE_MAX_BYTES)
		ik_findings_add(&itl->findings, IK_SEV_WARNING,
		    IKF_FILE_TOO_LARGE, NULL,
		    "file is %zu bytes; phones refuse trust lists over 64 KB",
		    itl->file_length);
	if (certs > IK_ITL_PHONE_MAX_CERTS)
		ik_findings_add(&itl->findings, IK_SEV_WARNING,
		    IKF_TOO_MANY_CERTS, NULL,
		    "%zu certificates; phones load at most about %d",
		    certs, IK_ITL_PHONE_MAX_CERTS);
	if (itl->format == IK_FMT_TLV && itl->hdr.has_header_length &&
	    itl->hdr.header_length % 4 != 0)
		ik_findings_add(&itl->findings, IK_SEV_INFO,
		    IKF_HEADER_NOT_ALIGNED, "header",
		    "HEADERLENGTH %u is not a multiple of 4 (CUCM pads it)",
		    itl->hdr.header_length);
}

const char *
ik_itl_status(const ik_itl *itl)
{
	if (itl->malformed)
		return "malformed";
	if (itl->incomplete)
		return "incomplete";
	return ik_findings_worst(&itl->findings) >= IK_SEV_WARNING ?
	    "findings" : "ok";
}
