/*
 * findings.c: the list of findings every analysis returns.
 * Layer: base.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ik_base.h"

/* ik_findings_test_fail_next: per thread, so a test disturbs no other. */
static _Thread_local unsigned fail_next;

void
ik_findings_init(ik_findings *f)
{
	f->v = NULL;
	f->n = f->cap = 0;
	f->lost = 0;
}

void
ik_findings_free(ik_findings *f)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		free(f->v[i].message);
		free(f->v[i].where);
	}
	free(f->v);
	ik_findings_init(f);
}

int
ik_findings_add(ik_findings *f, ik_severity sev, ik_code code,
    const char *where, const char *fmt, ...)
{
	const char *name = ik_code_name(code);
	ik_finding *nf;
	ik_sb sb;
	va_list ap;

	if (name == NULL)
		goto lost;
	if (fail_next > 0) {
		fail_next--;
		goto lost;
	}
#ifdef IK_STRICT_CODES
	/* Test builds hold every finding to the severities ik_codes.h gives. */
	if ((ik_code_severities(code) & (1u << sev)) == 0) {
		fprintf(stderr, "finding %s reported as %s: not a severity "
		    "ik_codes.h gives it\n", name, ik_severity_name(sev));
		abort();
	}
#endif
	if (f->n == f->cap) {
		size_t ncap = f->cap ? f->cap * 2 : 8;

		if (ncap > SIZE_MAX / sizeof(*nf) ||
		    (nf = realloc(f->v, ncap * sizeof(*nf))) == NULL)
			goto lost;
		f->v = nf;
		f->cap = ncap;
	}
	ik_sb_init(&sb);
	va_start(ap, fmt);
	ik_sb_vprintf(&sb, fmt, ap);
	va_end(ap);
	if (sb.oom || sb.s == NULL) {
		ik_sb_free(&sb);
		goto lost;
	}
	nf = &f->v[f->n];
	nf->severity = sev;
	nf->id = code;
	nf->code = name;
	nf->message = ik_sb_take(&sb);
	nf->where = where ? strdup(where) : NULL;
	if (where != NULL && nf->where == NULL) {
		free(nf->message);
		goto lost;
	}
	f->n++;
	return 0;
lost:
	f->lost++;
	return -1;
}

int
ik_findings_worst(const ik_findings *f)
{
	int worst = -1;
	size_t i;

	/* What was lost may have been an error. */
	if (f->lost > 0)
		return IK_SEV_ERROR;
	for (i = 0; i < f->n; i++)
		if ((int)f->v[i].severity > worst)
			worst = (int)f->v[i].severity;
	return worst;
}

bool
ik_findings_has(const ik_findings *f, ik_code code)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (f->v[i].id == code)
			return true;
	return false;
}

void
ik_findings_test_fail_next(unsigned n)
{
	fail_next = n;
}

const char *
ik_severity_name(ik_severity sev)
{
	switch (sev) {
	case IK_SEV_INFO: return "info";
	case IK_SEV_WARNING: return "warning";
	case IK_SEV_ERROR: return "error";
	}
	return "unknown";
}
