/*
 * drs_discover.c: finding backup sets on disk.  A backup device directory
 * holds many sets, one per backup id (YYYY-MM-DD-HH-MM-SS), each with a
 * manifest named "<id>_<PUB>_drfComponent.xml" (before CUCM 10:
 * "<id>_drfComponent.xml") and component files "<id>_<...>.tar".  Names
 * are compared case-insensitively.  Files whose id has no manifest form an
 * orphan set, so that nothing in the directory goes unreported.
 * Layer: drs.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ik_drs.h"
#include "drs_private.h"

#define ID_LEN		19
#define MANIFEST_SUFFIX	"_drfComponent.xml"

void
ik_drs_sets_init(ik_drs_sets *s)
{
	s->v = NULL;
	s->n = 0;
	ik_findings_init(&s->skipped);
}

static void
set_free(ik_drs_set *s)
{
	size_t i;

	for (i = 0; i < s->nfiles; i++)
		free(s->files[i]);
	free(s->files);
	free(s->dir);
	free(s->backup_id);
	free(s->publisher);
	free(s->manifest);
	free(s->archive);
}

void
ik_drs_sets_free(ik_drs_sets *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		set_free(&s->v[i]);
	free(s->v);
	ik_findings_free(&s->skipped);
	ik_drs_sets_init(s);
}

/* "2018-12-25-11-12-03_" */
bool
drs_has_backup_id(const char *name)
{
	static const char pat[] = "dddd-dd-dd-dd-dd-dd_";
	size_t i;

	for (i = 0; i < sizeof(pat) - 1; i++) {
		if (name[i] == '\0')
			return false;
		if (pat[i] == 'd' ? !isdigit((unsigned char)name[i]) :
		    name[i] != pat[i])
			return false;
	}
	return true;
}

bool
drs_is_manifest_name(const char *name)
{
	size_t n = strlen(name), k = strlen(MANIFEST_SUFFIX);

	return drs_has_backup_id(name) && n >= ID_LEN + k &&
	    strcasecmp(name + n - k, MANIFEST_SUFFIX) == 0;
}

/* The publisher in a manifest name, or NULL for the pre-10 form. */
static char *
manifest_publisher(const char *name)
{
	size_t n = strlen(name), k = strlen(MANIFEST_SUFFIX);

	if (n <= ID_LEN + k)
		return NULL;
	return strndup(name + ID_LEN + 1, n - k - ID_LEN - 1);
}

typedef struct namelist {
	char **v;
	size_t n, cap;
} namelist;

static int
names_push(namelist *l, const char *s)
{
	char **nv;

	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		nv = realloc(l->v, l->cap * sizeof(*nv));
		if (nv == NULL)
			return -1;
		l->v = nv;
	}
	if ((l->v[l->n] = strdup(s)) == NULL)
		return -1;
	l->n++;
	return 0;
}

static void
names_free(namelist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static ik_drs_set *
new_set(ik_drs_sets *out, const char *dir, const char *id)
{
	ik_drs_set *nv, *s;

	nv = realloc(out->v, (out->n + 1) * sizeof(*nv));
	if (nv == NULL)
		return NULL;
	out->v = nv;
	s = &nv[out->n];
	memset(s, 0, sizeof(*s));
	s->dir = strdup(dir);
	s->backup_id = strndup(id, ID_LEN);
	if (s->dir == NULL || s->backup_id == NULL) {
		set_free(s);
		return NULL;
	}
	out->n++;
	return s;
}

static int
set_add_file(ik_drs_set *s, const char *name)
{
	char **nv = realloc(s->files, (s->nfiles + 1) * sizeof(*nv));

	if (nv == NULL)
		return -1;
	s->files = nv;
	if ((nv[s->nfiles] = strdup(name)) == NULL)
		return -1;
	s->nfiles++;
	return 0;
}

/* The set of this directory (from index first on) a file belongs to. */
static ik_drs_set *
owner(ik_drs_sets *out, size_t first, const char *name)
{
	ik_drs_set *any = NULL, *s;
	size_t i, pl;

	for (i = first; i < out->n; i++) {
		s = &out->v[i];
		if (strncmp(s->backup_id, name, ID_LEN) != 0)
			continue;
		if (any == NULL)
			any = s;
		pl = s->publisher ? strlen(s->publisher) : 0;
		if (pl > 0 && strncasecmp(name + ID_LEN + 1, s->publisher,
		    pl) == 0 && name[ID_LEN + 1 + pl] == '_')
			return s;
	}
	return any;
}

/*
 * Groups the file names of one directory into sets.  only, when not NULL,
 * keeps just the set of that manifest (or of that file's backup id).
 */
static ik_status
group_dir(const char *dir, namelist *files, const char *only,
    ik_drs_sets *out, ik_error *err)
{
	size_t first = out->n, i, keep;
	ik_drs_set *s;
	const char *name;

	if (files->n > 1)
		qsort(files->v, files->n, sizeof(char *), cmp_names);
	for (i = 0; i < files->n; i++) {
		name = files->v[i];
		if (!drs_is_manifest_name(name))
			continue;
		if (only != NULL && (drs_is_manifest_name(only) ?
		    strcmp(only, name) != 0 : strncmp(only, name, ID_LEN) != 0))
			continue;
		if ((s = new_set(out, dir, name)) == NULL ||
		    (s->manifest = strdup(name)) == NULL)
			goto oom;
		s->publisher = manifest_publisher(name);
	}
	for (i = 0; i < files->n; i++) {
		name = files->v[i];
		if (drs_is_manifest_name(name))
			continue;
		if (only != NULL && strncmp(only, name, ID_LEN) != 0)
			continue;
		s = owner(out, first, name);
		if (s == NULL && (s = new_set(out, dir, name)) == NULL)
			goto oom;
		if (set_add_file(s, name) != 0)
			goto oom;
	}
	/* A named manifest keeps only its own set, not orphans beside it. */
	if (only != NULL && drs_is_manifest_name(only)) {
		for (i = keep = first; i < out->n; i++) {
			if (out->v[i].manifest != NULL)
				out->v[keep++] = out->v[i];
			else
				set_free(&out->v[i]);
		}
		out->n = keep;
	}
	return IK_OK;
oom:
	return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY, "out of memory");
}

ik_status
drs_group_names(const char *dir, char *const *names, size_t n,
    ik_drs_sets *out, ik_error *err)
{
	namelist files = { 0 };
	ik_status r = IK_OK;
	size_t i;

	for (i = 0; i < n && r == IK_OK; i++)
		if (names_push(&files, names[i]) != 0)
			r = ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
			    "out of memory");
	if (r == IK_OK)
		r = group_dir(dir, &files, NULL, out, err);
	names_free(&files);
	return r;
}

/*
 * A symbolic link is never followed (it may lead anywhere, or loop), but
 * what could lie behind it is said: a link to a directory (sets in it)
 * or to a file named like a set's file.
 */
static void
skipped_link(ik_drs_sets *out, const char *dir, int dfd, const char *name,
    const char *only)
{
	struct stat st;
	char *where = NULL;
	bool to_dir;

	if (fstatat(dfd, name, &st, 0) != 0)
		return;		/* dangling: nothing behind it */
	to_dir = S_ISDIR(st.st_mode);
	if (to_dir ? only != NULL : !drs_has_backup_id(name) ||
	    (only != NULL && strncmp(only, name, ID_LEN) != 0))
		return;
	if (asprintf(&where, "%s/%s", dir, name) < 0)
		where = NULL;
	ik_findings_add(&out->skipped, IK_SEV_WARNING,
	    IKF_DRS_SYMLINK_NOT_FOLLOWED, where ? where : name, to_dir ?
	    "symbolic link to a directory, not followed: sets behind it are not listed" :
	    "symbolic link to a set's file, not followed: the file is not part of any set");
	free(where);
}

static ik_status
scan_dir(const char *dir, int depth, const char *only, ik_drs_sets *out,
    ik_error *err)
{
	namelist files = { 0 }, subdirs = { 0 };
	struct dirent *de;
	struct stat st;
	ik_status r = IK_OK;
	size_t i;
	char *sub;
	DIR *d;
	int dfd;

	if (depth > IK_DRS_TREE_DEPTH) {
		ik_findings_add(&out->skipped, IK_SEV_WARNING,
		    IKF_DRS_TREE_TOO_DEEP, dir,
		    "not searched: deeper than %d levels below the path given; sets in it are not listed",
		    IK_DRS_TREE_DEPTH);
		return IK_OK;
	}
	d = opendir(dir);
	if (d == NULL)
		return ik_error_set(err, IK_FATAL, IK_ERR_IO,
		    "%s: cannot open directory: %s", dir, strerror(errno));
	dfd = dirfd(d);
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
			continue;
		if (S_ISLNK(st.st_mode)) {
			skipped_link(out, dir, dfd, de->d_name, only);
			continue;
		}
		if (S_ISDIR(st.st_mode) && only == NULL) {
			if (names_push(&subdirs, de->d_name) != 0)
				r = IK_FATAL;
		} else if (S_ISREG(st.st_mode) &&
		    drs_has_backup_id(de->d_name)) {
			if (names_push(&files, de->d_name) != 0)
				r = IK_FATAL;
		}
	}
	closedir(d);
	if (r != IK_OK) {
		ik_error_set(err, IK_FATAL, IK_ERR_MEMORY, "out of memory");
		goto out;
	}
	if ((r = group_dir(dir, &files, only, out, err)) != IK_OK)
		goto out;
	if (subdirs.n > 1)
		qsort(subdirs.v, subdirs.n, sizeof(char *), cmp_names);
	for (i = 0; i < subdirs.n && r == IK_OK; i++) {
		if (asprintf(&sub, "%s/%s", dir, subdirs.v[i]) < 0) {
			r = ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
			    "out of memory");
			break;
		}
		r = scan_dir(sub, depth + 1, NULL, out, err);
		free(sub);
	}
out:
	names_free(&files);
	names_free(&subdirs);
	return r;
}

/*
 * A file whose name is no set's: what its first bytes say it is, when
 * they say (an archive, a trust list), besides.
 */
static ik_status
not_a_set(const char *path, ik_error *err)
{
	uint8_t head[IK_SNIFF_BYTES];
	const char *what = NULL;
	struct stat st;
	ik_error e;
	ssize_t n = 0;
	int fd;

	if ((fd = ik_open_evidence(AT_FDCWD, path, &st, &e)) >= 0) {
		do
			n = read(fd, head, sizeof(head));
		while (n < 0 && errno == EINTR);
		close(fd);
		if (n > 0)
			what = ik_input_hint(ik_input_sniff(head, (size_t)n),
			    IK_IN_UNKNOWN);
	}
	return ik_error_set(err, IK_FATAL, IK_ERR_USAGE,
	    "not a DRS manifest, set file or directory (names start with a backup id YYYY-MM-DD-HH-MM-SS_)%s%s",
	    what != NULL ? ": " : "", what != NULL ? what : "");
}

ik_status
ik_drs_discover(const char *path, ik_drs_sets *out, ik_error *err)
{
	struct stat st;
	char *dir, *slash;
	const char *base;
	ik_status r;

	/* The caller names the path: messages do not repeat it. */
	if (stat(path, &st) != 0)
		return ik_error_set(err, IK_FATAL, IK_ERR_IO, "%s",
		    strerror(errno));
	if (S_ISDIR(st.st_mode)) {
		dir = strdup(path);
		if (dir == NULL)
			return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
			    "out of memory");
		/* "dir/" and "dir" name the same sets. */
		while (strlen(dir) > 1 && dir[strlen(dir) - 1] == '/')
			dir[strlen(dir) - 1] = '\0';
		r = scan_dir(dir, 0, NULL, out, err);
		free(dir);
		return r;
	}
	slash = strrchr(path, '/');
	base = slash ? slash + 1 : path;
	if (!drs_has_backup_id(base))
		return not_a_set(path, err);
	dir = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path))
	    : strdup(".");
	if (dir == NULL)
		return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
		    "out of memory");
	r = scan_dir(dir, 0, base, out, err);
	free(dir);
	return r;
}

char *
ik_drs_set_label(const ik_drs_set *s)
{
	char *l = NULL;

	if (s->archive != NULL) {
		if (asprintf(&l, "%s:%s%s%s%s", s->archive, s->dir,
		    s->backup_id,
		    s->publisher ? "_" : "", s->publisher ? s->publisher :
		    "") < 0)
			return NULL;
		return l;
	}
	if (asprintf(&l, "%s/%s%s%s", s->dir, s->backup_id,
	    s->publisher ? "_" : "", s->publisher ? s->publisher : "") < 0)
		return NULL;
	return l;
}

void
drs_findings_copy(ik_findings *to, const ik_findings *from)
{
	size_t i;

	for (i = 0; i < from->n; i++)
		ik_findings_add(to, from->v[i].severity, from->v[i].id,
		    from->v[i].where, "%s", from->v[i].message);
	to->lost += from->lost;
}

bool
drs_has_skipped_place(const ik_findings *f)
{
	return ik_findings_has(f, IKF_DRS_TREE_TOO_DEEP) ||
	    ik_findings_has(f, IKF_DRS_SYMLINK_NOT_FOLLOWED) ||
	    ik_findings_has(f, IKF_DRS_ARCHIVE_PATH_REFUSED);
}
