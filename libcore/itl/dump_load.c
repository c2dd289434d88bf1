/*
 * dump_load.c: every trust list a file holds: the one binary file, or each
 * dump of a text file with several `show itl` outputs pasted one after
 * another.
 * Layer: itl.
 */
#include <stdlib.h>

#include "ik_itl.h"

static int
append(ik_itl ***v, size_t *n, size_t *cap, ik_itl *itl)
{
	ik_itl **nv;

	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 4;
		nv = realloc(*v, *cap * sizeof(**v));
		if (nv == NULL)
			return -1;
		*v = nv;
	}
	(*v)[(*n)++] = itl;
	return 0;
}

ik_status
ik_trustlist_load_all(const uint8_t *buf, size_t len, ik_itl ***out,
    size_t *n, ik_error *err)
{
	ik_itl **v = NULL, *itl;
	size_t cap = 0, pos = 0, i;
	ik_status r, worst = IK_OK;

	*out = NULL;
	*n = 0;
	if (!ik_trustlist_is_text(buf, len)) {
		r = ik_itl_parse(buf, len, &itl, err);
		if (itl == NULL)
			return r;
		ik_trustlist_note_kind(itl, buf, len, err);
		if (append(&v, n, &cap, itl) != 0) {
			ik_itl_free(itl);
			return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
			    "out of memory");
		}
		*out = v;
		return r;
	}
	do {
		r = ik_dump_parse_next(buf, len, &pos, &itl, err);
		if (itl == NULL)
			break;
		itl->dump_index = *n + 1;
		if (append(&v, n, &cap, itl) != 0) {
			ik_itl_free(itl);
			r = IK_FATAL;
			break;
		}
		if (r > worst)
			worst = r;
	} while (pos < len);
	if (r == IK_FATAL) {
		for (i = 0; i < *n; i++)
			ik_itl_free(v[i]);
		free(v);
		*n = 0;
		return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
		    "out of memory");
	}
	if (*n == 1)
		ik_trustlist_note_kind(v[0], buf, len, err);
	*out = v;
	return worst;
}
