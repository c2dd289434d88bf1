/*
 * fuzz_case_classify.c: case-triage's classifier on arbitrary bytes, as
 * a whole file and as a large file's head.  Besides not crashing: the
 * kind is one of the kinds, never a password list (only the caller names
 * one), a part only for a DRS set, and the head says what the whole says
 * except where the whole is needed (ITL or CTL, a DER certificate).
 */
#include <stdint.h>
#include <stdlib.h>

#include "ik_case.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ik_case_part pw, ph;
	ik_case_kind kw, kh;

	if (size > (1u << 20))
		return 0;
	kw = ik_case_classify(data, size, true, &pw);
	kh = ik_case_classify(data, size, false, &ph);
	if (kw > IK_CASE_ARCHIVE || kw == IK_CASE_PASSWORD_LIST ||
	    kh == IK_CASE_PASSWORD_LIST)
		abort();
	if ((pw != IK_CASE_PART_NONE) != (kw == IK_CASE_DRS_SET))
		abort();
	if (kh != kw && !(kw == IK_CASE_CTL && kh == IK_CASE_ITL) &&
	    !(kw == IK_CASE_CERTIFICATE && kh == IK_CASE_UNKNOWN))
		abort();
	if (ik_case_kind_name(kw) == NULL)
		abort();
	return 0;
}
