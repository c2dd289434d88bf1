/*
 * fe_sign.h: itl-sign's side of its three jobs (itl.resign, itl.build,
 * sgn.sign): its options as parsed, which of them go together (refused in
 * the options' words), and the job arguments whose names depend on the
 * mode.  tools/itl-sign.c parses argv into it and runs the job.
 */
#ifndef FE_SIGN_H
#define FE_SIGN_H

#include "fe_opts.h"

typedef struct fe_sign {
	fe_opts fo;
	bool resign, build, resign_invalid;
	const char *sign_file, *signer_version;
	const char *p12, *pw_file, *pw_env, *key, *cert;
	const char *filename;
	size_t ninputs, nrecs;
	json_t *args;			/* the job's, set as options come */
} fe_sign;

/* --timestamp: Unix seconds, or an RFC 3339 time (or @EPOCH); exit 2
 * on anything else. */
long fe_sign_timestamp(const char *s);
/*
 * What no job would take, refused in the options' words (usage, exit 2);
 * then the arguments whose names depend on the job.
 */
void fe_sign_check(fe_sign *o);

#endif /* FE_SIGN_H */
