/*
 * lists.c: layer jobs.  The trust lists of one [NODE=]FILE argument as
 * the itl jobs take them: read by the one input loader (the file, or each
 * trust list inside an archive), every list of each (a dump file may hold
 * several), each labelled.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ik_itl.h"
#include "jobs_private.h"

static bool
push(jobs_lists *l, ik_itl *itl, const ik_input *in)
{
	jobs_list *nv, *t;

	nv = realloc(l->v, (l->n + 1) * sizeof(*nv));
	if (nv == NULL)
		return false;
	l->v = nv;
	t = &l->v[l->n];
	memset(t, 0, sizeof(*t));
	t->itl = itl;
	if ((t->name = strdup(in->name)) == NULL)
		return false;
	if (in->member != NULL)
		t->member = t->name + (in->member - in->name);
	memcpy(t->sha256, in->sha256, 32);
	t->size = (long long)in->len;
	l->n++;
	return true;
}

/* One file or member: every list in it, or bad told why there is none. */
static ik_status
one_input(jobs_lists *l, ik_input *in, jobs_lists_bad *bad, void *arg)
{
	ik_itl **v = NULL;
	size_t n = 0, i;
	ik_status r;
	ik_error err;

	ik_error_clear(&err);
	r = ik_trustlist_load_all(in->buf, in->len, &v, &n, &err);
	for (i = 0; i < n; i++)
		if (!push(l, v[i], in)) {
			for (; i < n; i++)
				ik_itl_free(v[i]);
			free(v);
			ik_error_set(&err, IK_FATAL, IK_ERR_MEMORY,
			    "out of memory");
			bad(arg, in, true, IK_FATAL, &err, 0);
			return IK_FATAL;
		}
	free(v);
	if (n > 0) {
		l->inputs++;
		if (in->member != NULL)
			l->members += n;
	}
	if (r != IK_OK)
		bad(arg, in, true, r, &err, n);
	return r;
}

/*
 * NODE (NAME without one), NODE#k of several; k counts within an input
 * when it is a NAME, within the argument when it is a NODE.
 */
static bool
label(jobs_lists *l, const char *arg)
{
	size_t i, j, k, of;
	int len;

	for (i = 0; i < l->n; i = j) {
		for (j = i; j < l->n && strcmp(l->v[j].name, l->v[i].name) == 0;
		    j++)
			;
		for (k = i; k < j; k++) {
			if (l->name_len > 0) {
				len = (int)l->name_len;
				of = l->n;
			} else {
				len = (int)strlen(l->v[k].name);
				of = j - i;
			}
			if ((of > 1 ? asprintf(&l->v[k].label, "%.*s#%zu", len,
			    l->name_len > 0 ? arg : l->v[k].name,
			    (l->name_len > 0 ? k : k - i) + 1) :
			    asprintf(&l->v[k].label, "%.*s", len,
			    l->name_len > 0 ? arg : l->v[k].name)) < 0) {
				l->v[k].label = NULL;
				return false;
			}
		}
	}
	return true;
}

ik_status
jobs_lists_read(const char *arg, bool named, jobs_lists *l,
    jobs_lists_bad *bad, void *barg)
{
	ik_input_opts io = { IK_IN_BIT(IK_IN_TRUSTLIST), IK_ITL_MAX_INPUT,
	    0, 0, 0, 0 };
	ik_input_iter *it;
	ik_status r, worst = IK_OK;
	ik_input in;
	ik_error err;
	size_t nlen = 0;

	memset(l, 0, sizeof(*l));
	l->path = named ? ik_split_node_arg(arg, &nlen) : arg;
	l->name_len = nlen;
	ik_error_clear(&err);
	if (ik_input_open(l->path, &io, &it, &err) != IK_OK) {
		memset(&in, 0, sizeof(in));
		in.path = in.name = l->path;
		bad(barg, &in, false, IK_FATAL, &err, 0);
		return IK_FATAL;
	}
	while (worst != IK_FATAL && ik_input_next(it, &in, &r, &err)) {
		if (r != IK_OK)
			bad(barg, &in, false, r, &err, 0);
		else
			r = one_input(l, &in, bad, barg);
		if (r > worst)
			worst = r;
		ik_input_free(&in);
	}
	ik_input_iter_report(it, &l->notes);
	ik_input_iter_free(it);
	if (worst != IK_FATAL && !label(l, arg)) {
		ik_error_set(&err, IK_FATAL, IK_ERR_MEMORY, "out of memory");
		memset(&in, 0, sizeof(in));
		in.path = in.name = l->path;
		bad(barg, &in, true, IK_FATAL, &err, 0);
		worst = IK_FATAL;
	}
	return worst;
}

void
jobs_lists_free(jobs_lists *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		ik_itl_free(l->v[i].itl);
		free(l->v[i].label);
		free(l->v[i].name);
	}
	free(l->v);
	ik_sb_free(&l->notes);
	memset(l, 0, sizeof(*l));
}

void
jobs_list_bad(void *arg, const ik_input *in, bool read, ik_status st,
    const ik_error *err, size_t kept)
{
	jobs_bad *b = arg;
	ik_outcome o;

	if (kept > 0) {
		/* itl.trust says it of the list it takes, as malformed. */
		if (b->rule == JOBS_BAD_TRUST)
			return;
		ik_job_result_error(b->res, in->name, err);
		b->o = ik_outcome_worse(b->o, IK_OUTCOME_FAIL);
		return;
	}
	jobs_unreadable(b->ctx, b->res, in, b->key, err);
	switch (b->rule) {
	case JOBS_BAD_DIFF:
		o = !read && st == IK_FAILED ? IK_OUTCOME_FAIL :
		    IK_OUTCOME_ERROR;
		break;
	case JOBS_BAD_TRUST:
		o = st == IK_FATAL ? IK_OUTCOME_ERROR : IK_OUTCOME_FAIL;
		break;
	default:
		o = IK_OUTCOME_ERROR;
		break;
	}
	b->o = ik_outcome_worse(b->o, o);
}
