/*
 * lists.c: layer jobs.  The trust lists of one [NODE=]FILE argument as
 * the itl jobs take them: read by the one input loader, every list of the
 * file (a dump file may hold several), each labelled.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ik_itl.h"
#include "jobs_private.h"

ik_status
jobs_lists_read(const char *arg, bool named, jobs_lists *l, ik_error *err)
{
	ik_input in;
	ik_status r;
	size_t nlen = 0, i;
	int len;

	memset(l, 0, sizeof(*l));
	l->path = named ? ik_split_node_arg(arg, &nlen) : arg;
	l->name_len = nlen;
	r = ik_input_load(l->path, IK_ITL_MAX_INPUT, &in, err);
	if (r != IK_OK)
		return r;
	l->read = true;
	memcpy(l->sha256, in.sha256, 32);
	l->size = (long long)in.len;
	r = ik_trustlist_load_all(in.buf, in.len, &l->v, &l->n, err);
	ik_input_free(&in);
	if (l->n == 0)
		return r;
	l->label = calloc(l->n, sizeof(*l->label));
	if (l->label == NULL)
		goto oom;
	/* NODE (the path without one); NODE#k for one of several dumps. */
	len = (int)(nlen > 0 ? nlen : strlen(l->path));
	for (i = 0; i < l->n; i++)
		if ((l->n > 1 ? asprintf(&l->label[i], "%.*s#%zu", len,
		    nlen > 0 ? arg : l->path, i + 1) : asprintf(&l->label[i],
		    "%.*s", len, nlen > 0 ? arg : l->path)) < 0) {
			l->label[i] = NULL;
			goto oom;
		}
	return r;
oom:
	jobs_lists_free(l);
	return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY, "out of memory");
}

void
jobs_lists_free(jobs_lists *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		ik_itl_free(l->v[i]);
		if (l->label != NULL)
			free(l->label[i]);
	}
	free(l->v);
	free(l->label);
	l->v = NULL;
	l->label = NULL;
	l->n = 0;
}
