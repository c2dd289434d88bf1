/*
 * drs_archive.c: backup sets inside an archive (a customer's zipped
 * backup folder).  Nothing is extracted.  A component cannot be seeked
 * inside an archive and its members come in any order (a zip of a folder
 * usually stores the manifest last), so the caller's walker reads the
 * archive twice: the first walk keeps each manifest (bounded) and, of
 * every other file named like a set's file, its size and layout (its
 * first bytes and a ring of its last IK_DRS_TRAILER_MAX); the sets are
 * then found from the names as in a folder.  The second walk streams
 * each present component through its set's check (hash, decryption,
 * listing) as it comes.  Sets of one archive are checked together and
 * reported in order at the end; components are read one at a time.
 * ik_drs_check_one of an archive keeps its one set's report instead, for
 * extraction (which reads the archive again) and re-keying.
 * Layer: drs.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ik_drs.h"
#include "drs_private.h"

#define HEAD_MAX	512		/* what ik_drs_source_layout reads */
#define CHUNK		(64u << 10)
#define NONE		SIZE_MAX

/* A member named like a set's file. */
typedef struct arc_file {
	char *path;		/* as the archive names it */
	unsigned seen;		/* members with this path */
	unsigned met;		/* of them met by the second walk */
	uint64_t size;
	uint8_t *bytes;		/* a manifest, or NULL when over the limit */
	ik_drs_layout layout;	/* another file's, moved to its report */
	size_t set, comp;	/* the component it is, or NONE */
} arc_file;

typedef struct arc {
	const char *path;
	const ik_drs_opts *o;
	const ik_drs_batch_cb *cb;
	arc_file *v;
	size_t n, kept;		/* files; bytes kept of them */
	bool sorted;		/* v is in cmp_files order */
	ik_findings refused;
	uint8_t *chunk, *ring, *tail;
	ik_drs_sets sets;
	ik_drs_report *reports;
	drs_checking **checking;
	size_t current;		/* the set the progress counts for */
	ik_drs_report *keep;	/* the one set's report goes here, unreported */
} arc;

bool
ik_drs_archive_wanted(const ik_drs_walker *w, const char *path)
{
	const char *b = strrchr(path, '/');

	/* A set's own file given by name is read from its folder. */
	if (w == NULL || drs_has_backup_id(b != NULL ? b + 1 : path))
		return false;
	return w->is_archive(w->arg, path);
}

/*
 * A member's folder, its separator kept so that the path is always the
 * folder then the name: up to its last '/' ("a/", "/", "a//"), or at the
 * top of an archive inside the archive "inner.tgz:", or "".
 */
static size_t
dir_len(const char *path)
{
	const char *b = strrchr(path, '/');

	if (b == NULL)
		b = strrchr(path, ':');
	return b != NULL ? (size_t)(b - path) + 1 : 0;
}

static const char *
base_of(const char *path)
{
	return path + dir_len(path);
}

/* A '..' part anywhere: the name would leave the archive's folder. */
static bool
dotdot(const char *path)
{
	const char *p = path;
	size_t n;

	for (;;) {
		n = strcspn(p, "/:");
		if (n == 2 && p[0] == '.' && p[1] == '.')
			return true;
		if (p[n] == '\0')
			return false;
		p += n + 1;
	}
}

/*
 * Folders in the order a walk of the same tree on disk meets them (a
 * folder before its subfolders, they before its next sibling), then
 * paths: '/' sorts before any other byte.
 */
static int
cmp_paths(const char *x, const char *y)
{
	size_t dx = dir_len(x), dy = dir_len(y), i;
	unsigned char a, b;

	for (i = 0;; i++) {
		a = i >= dx ? 0 : x[i] == '/' ? 1 : (unsigned char)x[i];
		b = i >= dy ? 0 : y[i] == '/' ? 1 : (unsigned char)y[i];
		if (a != b)
			return (int)a - (int)b;
		if (a == 0)
			return strcmp(x, y);
	}
}

static int
cmp_files(const void *p, const void *q)
{
	return cmp_paths(((const arc_file *)p)->path,
	    ((const arc_file *)q)->path);
}

static int
cmp_key(const void *key, const void *q)
{
	return cmp_paths(key, ((const arc_file *)q)->path);
}

static arc_file *
find(arc *a, const char *path)
{
	size_t i;

	if (a->sorted)
		return bsearch(path, a->v, a->n, sizeof(*a->v), cmp_key);
	for (i = 0; i < a->n; i++)
		if (strcmp(a->v[i].path, path) == 0)
			return &a->v[i];
	return NULL;
}

/* The file at dir + name, or NULL. */
static arc_file *
find_in(arc *a, const char *dir, const char *name)
{
	arc_file *f;
	char *p;

	if (asprintf(&p, "%s%s", dir, name) < 0)
		return NULL;
	f = find(a, p);
	free(p);
	return f;
}

/* Counts n bytes kept until the second walk; past the bound, refused. */
static ik_status
kept(arc *a, size_t n, ik_error *err)
{
	a->kept += n;
	if (a->kept > IK_DRS_ARCHIVE_KEPT)
		return ik_error_set(err, IK_FAILED, IK_ERR_MEMORY,
		    "the manifests and trailing text of its set files pass %zu bytes: not read further",
		    IK_DRS_ARCHIVE_KEPT);
	return IK_OK;
}

/* A manifest read whole, up to IK_DRS_MANIFEST_MAX; past it, counted. */
static ik_status
read_manifest(arc *a, arc_file *f, ik_drs_read_fn rd, void *rd_arg,
    ik_error *err)
{
	size_t cap = CHUNK, len = 0;
	uint8_t *nb;
	ssize_t n;

	if ((f->bytes = malloc(cap)) == NULL)
		return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
		    "out of memory");
	for (;;) {
		if (f->bytes != NULL && len == cap) {
			if (cap > IK_DRS_MANIFEST_MAX) {
				free(f->bytes);
				f->bytes = NULL;
			} else {
				cap = cap > IK_DRS_MANIFEST_MAX / 2 ?
				    IK_DRS_MANIFEST_MAX + 1 : 2 * cap;
				if ((nb = realloc(f->bytes, cap)) == NULL)
					return ik_error_set(err, IK_FATAL,
					    IK_ERR_MEMORY, "out of memory");
				f->bytes = nb;
			}
		}
		n = f->bytes != NULL ? rd(rd_arg, f->bytes + len, cap - len) :
		    rd(rd_arg, a->chunk, CHUNK);
		if (n < 0)
			return IK_FAILED;
		if (n == 0)
			break;
		f->size += (uint64_t)n;
		if (f->bytes != NULL)
			len += (size_t)n;
	}
	if (f->bytes != NULL && len > IK_DRS_MANIFEST_MAX) {
		free(f->bytes);
		f->bytes = NULL;
	}
	return kept(a, f->bytes != NULL ? len : 0, err);
}

/* Another file read to its end: its size, head and tail give its layout. */
static ik_status
read_layout(arc *a, arc_file *f, ik_drs_read_fn rd, void *rd_arg,
    ik_error *err)
{
	uint8_t head[HEAD_MAX];
	size_t hl = 0, pos = 0, filled = 0, k, m;
	ssize_t n;
	ik_status st;

	for (;;) {
		n = rd(rd_arg, a->chunk, CHUNK);
		if (n < 0)
			return IK_FAILED;
		if (n == 0)
			break;
		f->size += (uint64_t)n;
		k = (size_t)n;
		if (hl < HEAD_MAX) {
			m = HEAD_MAX - hl < k ? HEAD_MAX - hl : k;
			memcpy(head + hl, a->chunk, m);
			hl += m;
		}
		/* The ring keeps the last IK_DRS_TRAILER_MAX bytes. */
		for (m = 0; m < k; ) {
			size_t run = IK_DRS_TRAILER_MAX - pos;

			if (run > k - m)
				run = k - m;
			memcpy(a->ring + pos, a->chunk + m, run);
			pos = (pos + run) % IK_DRS_TRAILER_MAX;
			m += run;
			filled = filled + run > IK_DRS_TRAILER_MAX ?
			    IK_DRS_TRAILER_MAX : filled + run;
		}
	}
	if (filled < IK_DRS_TRAILER_MAX)
		memcpy(a->tail, a->ring, filled);
	else {
		memcpy(a->tail, a->ring + pos, IK_DRS_TRAILER_MAX - pos);
		memcpy(a->tail + IK_DRS_TRAILER_MAX - pos, a->ring, pos);
	}
	st = ik_drs_layout_detect(head, hl, a->tail, filled, f->size,
	    &f->layout, err);
	if (st != IK_OK)
		return st;
	return kept(a, f->layout.trailer_len, err);
}

/* The first walk: each member named like a set's file. */
static ik_status
collect(void *arg, const char *path, ik_drs_read_fn rd, void *rd_arg,
    ik_error *err)
{
	arc *a = arg;
	arc_file *f, *nv;
	char *where;
	const char *base = base_of(path);

	if (!drs_has_backup_id(base))
		return IK_OK;
	if (dotdot(path)) {
		if (asprintf(&where, "%s:%s", a->path, path) < 0)
			where = NULL;
		ik_findings_add(&a->refused, IK_SEV_WARNING,
		    IKF_DRS_ARCHIVE_PATH_REFUSED, where != NULL ? where : path,
		    "named like a set's file but its path inside the archive has a '..' part: not read, part of no set");
		free(where);
		return IK_OK;
	}
	if ((f = find(a, path)) != NULL) {
		f->seen++;
		return IK_OK;
	}
	if (a->n >= IK_DRS_ARCHIVE_FILES)
		return ik_error_set(err, IK_FAILED, IK_ERR_MEMORY,
		    "holds more than %d files named like DRS set files: not read further",
		    IK_DRS_ARCHIVE_FILES);
	if ((nv = realloc(a->v, (a->n + 1) * sizeof(*nv))) == NULL)
		return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
		    "out of memory");
	a->v = nv;
	f = &nv[a->n];
	memset(f, 0, sizeof(*f));
	f->set = f->comp = NONE;
	f->seen = 1;
	if ((f->path = strdup(path)) == NULL)
		return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
		    "out of memory");
	a->n++;
	if (drs_is_manifest_name(base))
		return read_manifest(a, f, rd, rd_arg, err);
	return read_layout(a, f, rd, rd_arg, err);
}

/* The sets of the files found, folder by folder. */
static ik_status
group(arc *a, ik_error *err)
{
	size_t i, j, k, first, d;
	const char **names;
	char *dir;
	ik_status st = IK_OK;

	if (a->n > 1)
		qsort(a->v, a->n, sizeof(*a->v), cmp_files);
	a->sorted = true;
	if ((names = calloc(a->n + 1, sizeof(*names))) == NULL)
		return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
		    "out of memory");
	for (i = 0; i < a->n && st == IK_OK; i = j) {
		d = dir_len(a->v[i].path);
		for (j = i; j < a->n && dir_len(a->v[j].path) == d &&
		    strncmp(a->v[j].path, a->v[i].path, d) == 0; j++)
			names[j - i] = base_of(a->v[j].path);
		if ((dir = strndup(a->v[i].path, d)) == NULL) {
			st = ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
			    "out of memory");
			break;
		}
		first = a->sets.n;
		st = drs_group_names(dir, (char *const *)names, j - i,
		    &a->sets, err);
		for (k = first; k < a->sets.n && st == IK_OK; k++)
			if ((a->sets.v[k].archive = strdup(a->path)) == NULL)
				st = ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
				    "out of memory");
		free(dir);
	}
	free(names);
	return st;
}

/* Duplicated members of the set's files: the first one is what is read. */
static void
note_duplicates(arc *a, const ik_drs_set *set, ik_drs_report *r)
{
	arc_file *f;
	size_t i;

	for (i = 0; i <= set->nfiles; i++) {
		const char *name = i < set->nfiles ? set->files[i] :
		    set->manifest;

		if (name == NULL ||
		    (f = find_in(a, set->dir, name)) == NULL || f->seen < 2)
			continue;
		ik_findings_add(&r->findings, IK_SEV_ERROR,
		    IKF_DRS_ARCHIVE_DUPLICATE, name,
		    "the archive holds %u members with this path: the first one is read, but which one was backed up is not known",
		    f->seen);
	}
}

/*
 * Begins the check of set i: its manifest from the first walk, each
 * present component's size and layout.  False when it could not begin
 * (said through the callback).
 */
static bool
begin_set(arc *a, size_t i, bool *reads, ik_status *worst)
{
	const ik_drs_set *set = &a->sets.v[i];
	ik_drs_report *r = &a->reports[i];
	ik_drs_comp_report *cr;
	ik_drs_source none = { .fd = -1 };
	arc_file *m = NULL, *f;
	ik_error err;
	ik_status st;
	size_t j;

	ik_error_clear(&err);
	if (set->manifest != NULL)
		m = find_in(a, set->dir, set->manifest);
	st = drs_check_begin(set, a->o, m != NULL ? m->bytes : NULL,
	    m != NULL ? (size_t)m->size : 0, r, &a->checking[i], &err);
	for (j = 0; st == IK_OK && j < r->ncomps; j++) {
		cr = &r->comps[j];
		if (!cr->present)
			continue;
		if ((f = find_in(a, set->dir, cr->file)) == NULL) {
			st = ik_error_set(&err, IK_FATAL, IK_ERR_MEMORY,
			    "out of memory");
			break;
		}
		f->set = i;
		f->comp = j;
		cr->size = f->size;
		cr->layout = f->layout;
		memset(&f->layout, 0, sizeof(f->layout));
		if (drs_check_reads(a->checking[i], j))
			*reads = true;
		else
			st = drs_check_component(a->checking[i], j, &none,
			    &err);
	}
	if (st == IK_OK) {
		note_duplicates(a, set, r);
		return true;
	}
	a->cb->error(a->cb->arg, r->label != NULL ? r->label : a->path, &err);
	*worst = IK_FATAL;
	drs_check_abort(a->checking[i]);
	a->checking[i] = NULL;
	return false;
}

/* The second walk: each present component streamed through its check. */
static ik_status
stream(void *arg, const char *path, ik_drs_read_fn rd, void *rd_arg,
    ik_error *err)
{
	arc *a = arg;
	arc_file *f;
	ik_drs_source src = { .fd = -1 };

	if (!drs_has_backup_id(base_of(path)) || (f = find(a, path)) == NULL ||
	    f->set == NONE || a->checking[f->set] == NULL || f->met++ > 0 ||
	    !drs_check_reads(a->checking[f->set], f->comp))
		return IK_OK;
	if (f->set != a->current && a->cb->before != NULL) {
		a->current = f->set;
		a->cb->before(a->cb->arg, &a->sets.v[f->set]);
	}
	src.read = rd;
	src.read_arg = rd_arg;
	src.size = f->size;
	src.progress = a->o->progress;
	src.progress_arg = a->o->progress_arg;
	return drs_check_component(a->checking[f->set], f->comp, &src, err);
}

static void
arc_free(arc *a)
{
	size_t i;

	for (i = 0; i < a->n; i++) {
		free(a->v[i].path);
		free(a->v[i].bytes);
		ik_drs_layout_free(&a->v[i].layout);
	}
	free(a->v);
	for (i = 0; a->checking != NULL && i < a->sets.n; i++)
		drs_check_abort(a->checking[i]);
	for (i = 0; a->reports != NULL && i < a->sets.n; i++)
		ik_drs_report_free(&a->reports[i]);
	free(a->checking);
	free(a->reports);
	ik_drs_sets_free(&a->sets);
	ik_findings_free(&a->refused);
	free(a->chunk);
	free(a->ring);
	free(a->tail);
}

/* The sets of the archive, each reported, or with keep its one set's
 * report moved there (then a second set is refused). */
static void
archive_run(const char *path, const ik_drs_opts *o,
    const ik_drs_batch_cb *cb, ik_drs_summary *sum, ik_status *worst,
    ik_drs_report *keep)
{
	arc a = { .path = path, .o = o, .cb = cb, .current = NONE,
	    .keep = keep };
	const ik_drs_walker *w = o->walker;
	bool reads = false;
	ik_status st;
	ik_error err;
	arc_file *f;
	size_t i, j;

	ik_drs_sets_init(&a.sets);
	ik_findings_init(&a.refused);
	ik_error_clear(&err);
	a.chunk = malloc(CHUNK);
	a.ring = malloc(IK_DRS_TRAILER_MAX);
	a.tail = malloc(IK_DRS_TRAILER_MAX);
	if (a.chunk == NULL || a.ring == NULL || a.tail == NULL)
		st = ik_error_set(&err, IK_FATAL, IK_ERR_MEMORY,
		    "out of memory");
	else
		st = w->walk(w->arg, path, collect, &a, &err);
	drs_findings_copy(&sum->skipped, &a.refused);
	if ((a.refused.n > 0 || a.refused.lost > 0) && *worst < IK_FAILED)
		*worst = IK_FAILED;
	if (st == IK_OK)
		st = group(&a, &err);
	if (st == IK_OK && a.sets.n == 0)
		st = ik_error_set(&err, IK_FATAL, IK_ERR_USAGE,
		    "no DRS backup set found inside the archive");
	if (st == IK_OK && keep != NULL && a.sets.n > 1)
		st = ik_error_set(&err, IK_FATAL, IK_ERR_USAGE,
		    "holds %zu sets; name one manifest", a.sets.n);
	if (st == IK_OK) {
		/* For a progress bar, as ik_drs_set_bytes counts a folder's. */
		for (i = 0; i < a.sets.n; i++)
			for (j = 0; j < a.sets.v[i].nfiles; j++)
				if ((f = find_in(&a, a.sets.v[i].dir,
				    a.sets.v[i].files[j])) != NULL)
					a.sets.v[i].bytes += f->size;
		a.reports = calloc(a.sets.n, sizeof(*a.reports));
		a.checking = calloc(a.sets.n, sizeof(*a.checking));
		if (a.reports == NULL || a.checking == NULL)
			st = ik_error_set(&err, IK_FATAL, IK_ERR_MEMORY,
			    "out of memory");
	}
	if (st != IK_OK) {
		cb->error(cb->arg, path, &err);
		*worst = IK_FATAL;
		arc_free(&a);
		return;
	}
	for (i = 0; i < a.sets.n; i++)
		(void)begin_set(&a, i, &reads, worst);
	if (reads) {
		ik_error_clear(&err);
		st = w->walk(w->arg, path, stream, &a, &err);
		/* A member the first walk read and the second did not meet. */
		for (i = 0; st == IK_OK && i < a.n; i++) {
			f = &a.v[i];
			if (f->set != NONE && a.checking[f->set] != NULL &&
			    f->met == 0 && drs_check_reads(a.checking[f->set],
			    f->comp))
				st = ik_error_set(&err, IK_FATAL, IK_ERR_IO,
				    "%s: not found when the archive was read again (did it change?)",
				    f->path);
		}
		if (st != IK_OK) {
			cb->error(cb->arg, path, &err);
			*worst = IK_FATAL;
			arc_free(&a);
			return;
		}
	}
	for (i = 0; i < a.sets.n; i++) {
		if (a.checking[i] == NULL)
			continue;
		drs_check_end(a.checking[i]);
		a.checking[i] = NULL;
		if (keep == NULL) {
			drs_batch_report(o, cb, sum, &a.reports[i], worst);
			continue;
		}
		/* Places not searched inside the archive go with the set. */
		drs_findings_copy(&a.reports[i].findings, &a.refused);
		*keep = a.reports[i];
		memset(&a.reports[i], 0, sizeof(a.reports[i]));
	}
	arc_free(&a);
}

void
drs_archive_batch(const char *path, const ik_drs_opts *o,
    const ik_drs_batch_cb *cb, ik_drs_summary *sum, ik_status *worst)
{
	archive_run(path, o, cb, sum, worst, NULL);
}

typedef struct one_cb {
	const char *path;
	ik_error *err;
	bool failed;
} one_cb;

static void
one_error(void *arg, const char *path, const ik_error *err)
{
	one_cb *c = arg;

	if (c->failed)
		return;
	c->failed = true;
	*c->err = *err;
	/* The archive itself is named by the caller. */
	if (strcmp(path, c->path) != 0)
		ik_error_push(c->err, "%s", path);
}

ik_status
drs_archive_check_one(const char *path, const ik_drs_opts *o,
    ik_drs_report *r, ik_error *err)
{
	one_cb c = { .path = path, .err = err };
	ik_drs_batch_cb cb = { .error = one_error, .arg = &c };
	ik_drs_summary sum;
	ik_status worst = IK_OK;

	memset(&sum, 0, sizeof(sum));
	ik_findings_init(&sum.skipped);
	archive_run(path, o, &cb, &sum, &worst, r);
	ik_findings_free(&sum.skipped);
	if (c.failed)
		return IK_FATAL;
	return IK_OK;
}
