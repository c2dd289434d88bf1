/*
 * drs_extract.c: safe extraction of a verified set.  Member paths come
 * from customer files and are treated as hostile: every path is cleaned
 * lexically (no "..", no absolute path unless rebased), every directory on
 * the way is opened with O_NOFOLLOW from a descriptor of the output
 * folder, files are created with O_EXCL, and links are made only when they
 * cannot lead out: symbolic links to plain downward relative paths, hard
 * links to members already inside.  Devices are never created.  What is
 * written and what is refused goes into MANIFEST.json.
 * Layer: drs.
 *
 * A component is judged as drs-verify judges it: one whose checksum does
 * not match the manifest is not extracted unless the caller allows it,
 * and then every object written from it is marked.  A file is written
 * under a temporary name and gets its final name only when complete, so
 * that an interrupted or stopped extraction never leaves a partial file
 * that looks whole; the bytes written are bounded per component (a gzip
 * bomb) and by the free space of the output file system.
 *
 * Re-running an extraction into the same folder works: a file already
 * there with the member's bytes is left as it is, one with other bytes is
 * kept and the member refused (named in a finding) unless the caller
 * allows replacing it, and never when an earlier run extracted it from
 * another set.  MANIFEST.json is merged: one entry per set, component
 * and path (refusals: per member), the latest run's winning.
 *
 * A set inside an archive was checked by two reads of it (drs_archive.c),
 * so every checksum is known before anything is written; each component
 * extracted is then streamed from a read of the archive up to its member,
 * with the layout of the check (a member cannot be seeked), in the order
 * of the manifest as from a folder.
 */
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "ik_drs.h"
#include "ik_report.h"
#include "drs_private.h"

#define PATH_MAX_REL	4096
#define MANIFEST_MAX	(256u << 20)	/* an earlier MANIFEST.json read to merge */

typedef struct xctx {
	const ik_drs_extract_opts *o;
	int root;
	json_t *extracted, *refused;
	ik_drs_extract_result *res;
	const char *component;	/* SERVER_FEATURE_COMPONENT: the subfolder */
	/* The component's checksum verdict, marked on every object written
	 * from it, when it is not a match (allow_mismatch). */
	bool mark;
	ik_drs_checksum checksum;
	bool leaked;		/* opened with a leaked key: marked so */
	drs_xfile out;		/* limits and temporary names */
	/* The merge: entry key -> its index in extracted (refused); a file's
	 * path -> the set an earlier run extracted it from ("": this one). */
	json_t *index, *rindex, *owner;
	json_t *done;		/* members this run extracted: no refusal stays */
	size_t same;		/* objects found already there, unchanged */
} xctx;

/* Two labels of one set: the same DIR/ID_SERVER, however DIR is spelt. */
static bool
same_set(const char *a, const char *b)
{
	const char *sa = strrchr(a, '/'), *sb = strrchr(b, '/');

	return strcmp(sa != NULL ? sa + 1 : a, sb != NULL ? sb + 1 : b) == 0;
}

/*
 * Adds e (taken) to arr, or puts it in place of the entry of the same
 * key: set (NULL: this run's), component and path (a refusal: member).
 */
static char *
entry_key(const json_t *e, const char *set, const char *what)
{
	json_t *k;
	char *key;

	k = json_pack("[s, O?, O?]", set != NULL ? set : "",
	    json_object_get(e, "component"), json_object_get(e, what));
	key = k != NULL ? json_dumps(k, JSON_COMPACT) : NULL;
	json_decref(k);
	return key;
}

static void
merge_entry(json_t *arr, json_t *index, json_t *e, const char *set,
    const char *what)
{
	json_t *at;
	char *key;

	if (e == NULL)
		return;
	key = entry_key(e, set, what);
	if (key != NULL && (at = json_object_get(index, key)) != NULL) {
		json_array_set_new(arr, (size_t)json_integer_value(at), e);
	} else {
		if (key != NULL)
			json_object_set_new(index, key,
			    json_integer((json_int_t)json_array_size(arr)));
		json_array_append_new(arr, e);
	}
	free(key);
}

static void
refuse(xctx *x, const char *member, const char *reason)
{
	merge_entry(x->refused, x->rindex, json_pack("{s:s, s:o, s:s}",
	    "component", x->component, "member", ik_json_cstr(member),
	    "reason", reason), NULL, "member");
	x->res->refused++;
}

/*
 * An object written: every directory made, file, hard link and symbolic
 * link is listed.
 * A file of a component whose checksum did not match says so.
 */
static void
record(xctx *x, const char *rel, const char *member, const char *type,
    const uint8_t *sha, uint64_t size, const char *target)
{
	json_t *e = json_pack("{s:o, s:s, s:o, s:s}", "path", ik_json_cstr(rel),
	    "component", x->component, "member", ik_json_cstr(member),
	    "type", type);
	char *key;

	if (e == NULL)
		return;
	if (sha != NULL) {
		json_object_set_new(e, "sha256", ik_json_hex(sha, 32));
		json_object_set_new(e, "size", json_integer((json_int_t)size));
	}
	if (target != NULL)
		json_object_set_new(e, "target", ik_json_cstr(target));
	if (x->mark)
		json_object_set_new(e, "checksum",
		    json_string(ik_drs_checksum_name(x->checksum)));
	if (x->leaked)
		json_object_set_new(e, "key", json_string("leaked"));
	if (strcmp(type, "dir") != 0) {
		json_object_set_new(x->owner, rel, json_string(""));
		if ((key = entry_key(e, NULL, "member")) != NULL)
			json_object_set_new(x->done, key, json_true());
		free(key);
	}
	merge_entry(x->extracted, x->index, e, NULL, "path");
	x->res->extracted++;
}

/* An object already there as the member would make it: listed, left. */
static void
unchanged(xctx *x, const char *rel, const char *member, const char *type,
    const uint8_t *sha, uint64_t size, const char *target)
{
	record(x, rel, member, type, sha, size, target);
	x->res->extracted--;
	x->same++;
}

/* An object of this set at rel is in MANIFEST.json already. */
static bool
listed(xctx *x, const char *rel)
{
	json_t *e = json_pack("{s:s, s:s}", "component", x->component,
	    "path", rel);
	char *key = e != NULL ? entry_key(e, NULL, "path") : NULL;
	bool r = key == NULL || json_object_get(x->index, key) != NULL;

	json_decref(e);
	free(key);
	return r;
}

/*
 * Opens the parent directories of rel, each with O_NOFOLLOW, so that no
 * link on disk can redirect a write.  With x (for member), missing ones
 * are created and listed.  Returns the parent's descriptor and the last
 * name in *base, or -1 (errno).
 */
static int
open_parent(xctx *x, int root, char *rel, const char *member,
    const char **base)
{
	char *p = rel, *slash;
	int fd = dup(root), nfd, e;
	bool made;

	while (fd >= 0 && (slash = strchr(p, '/')) != NULL) {
		*slash = '\0';
		made = x != NULL && mkdirat(fd, p, 0700) == 0;
		if (x != NULL && !made && errno != EEXIST)
			nfd = -1;
		else
			nfd = openat(fd, p, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
			    O_CLOEXEC);
		e = errno;
		/* rel is cut here: it names the directory just made, or
		 * one an interrupted run made and did not list. */
		if (made && nfd >= 0)
			record(x, rel, member, "dir", NULL, 0, NULL);
		else if (x != NULL && nfd >= 0 && !listed(x, rel))
			unchanged(x, rel, member, "dir", NULL, 0, NULL);
		*slash = '/';
		close(fd);
		fd = nfd;
		errno = e;
		p = slash + 1;
	}
	*base = p;
	return fd;
}

/* A symbolic link target that can only lead downward from the link. */
static bool
downward(const char *target)
{
	const char *p = target;

	if (*p == '\0' || *p == '/')
		return false;
	for (;;) {
		if (p[0] == '.' && p[1] == '.' && (p[2] == '/' || p[2] == '\0'))
			return false;
		if ((p = strchr(p, '/')) == NULL)
			return true;
		p++;
	}
}

/* True when a name in the clean path is longer than a file system takes. */
static bool
name_too_long(const char *clean)
{
	const char *p = clean, *e;

	for (;;) {
		e = strchr(p, '/');
		if ((size_t)(e ? e - p : (ptrdiff_t)strlen(p)) > NAME_MAX)
			return true;
		if (e == NULL)
			return false;
		p = e + 1;
	}
}

/* A regular file: written whole, or refused, never left partial. */
static ik_status
write_file(xctx *x, struct archive *a, int dirfd, const char *base,
    const char *rel, const char *member, ik_error *err)
{
	const char *why = NULL;
	uint8_t sha[32];
	uint64_t size;
	ik_status s;

	const char *from = json_string_value(json_object_get(x->owner, rel));

	/* Never over a file another set's extraction left there. */
	x->out.replace = x->o->force && (from == NULL || *from == '\0');
	s = drs_xfile_write(&x->out, a, dirfd, base, rel, sha, &size, &why,
	    err);
	if (s != IK_OK)
		return s;
	if (x->out.was == DRS_XF_DIFFERS) {
		ik_findings_add(&x->res->findings, IK_SEV_WARNING,
		    IKF_DRS_EXTRACT_DIFFERS, rel, from != NULL && *from != '\0' ?
		    "extracted earlier from the set %s with other content: "
		    "not replaced (extract this set into its own folder)" :
		    "the file in the folder differs from the member: not "
		    "replaced (changed since it was extracted?)",
		    from != NULL ? from : "");
		refuse(x, member, from != NULL && *from != '\0' ?
		    "exists in DIR from another set with other content: not replaced" :
		    why);
	} else if (why != NULL) {
		refuse(x, member, why);
	} else if (x->out.was == DRS_XF_SAME) {
		unchanged(x, rel, member, "file", sha, size, NULL);
	} else {
		if (x->out.was == DRS_XF_REPLACED)
			ik_findings_add(&x->res->findings, IK_SEV_WARNING,
			    IKF_DRS_EXTRACT_REPLACED, rel, "the file in the "
			    "folder differed from the member: replaced");
		record(x, rel, member, "file", sha, size, NULL);
	}
	return s;
}

/* a/b (with a trailing slash when dir); false when it does not fit. */
static bool
join(char *out, size_t n, const char *a, const char *b, bool dir)
{
	int k = snprintf(out, n, "%s/%s%s", a, b, dir ? "/" : "");

	return k > 0 && (size_t)k < n;
}

static bool
wanted(const ik_drs_extract_opts *o, const char *member)
{
	const char *rel = member;
	size_t i;

	while (*rel == '/')
		rel++;
	if (o->artifacts_only && ik_drs_artifact_kind(member) == NULL)
		return false;
	if (o->members == NULL)
		return true;
	for (i = 0; o->members[i] != NULL; i++)
		if (fnmatch(o->members[i], member, 0) == 0 ||
		    fnmatch(o->members[i], rel, 0) == 0)
			return true;
	return false;
}

/* Two names of one file (neither followed when a link). */
static bool
same_file(int afd, const char *a, int bfd, const char *b)
{
	struct stat sa, sb;

	return afd >= 0 && fstatat(afd, a, &sa, AT_SYMLINK_NOFOLLOW) == 0 &&
	    fstatat(bfd, b, &sb, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISREG(sa.st_mode) && sa.st_dev == sb.st_dev &&
	    sa.st_ino == sb.st_ino;
}

/* A symbolic link already at name leading to target. */
static bool
same_link(int dfd, const char *name, const char *target)
{
	char buf[PATH_MAX_REL];
	ssize_t n = readlinkat(dfd, name, buf, sizeof(buf));

	return n >= 0 && (size_t)n < sizeof(buf) &&
	    strlen(target) == (size_t)n && memcmp(buf, target, (size_t)n) == 0;
}

/* A hard link to a member already extracted in this component. */
static void
hard_link(xctx *x, int dfd, const char *base, const char *rel,
    const char *member, const char *t)
{
	char clean[PATH_MAX_REL], trel[PATH_MAX_REL + 258];
	const char *why, *tbase;
	uint8_t sha[32];
	uint64_t size;
	int tfd, rc, e;
	bool same;

	if (drs_path_clean(t, x->o->rebase_absolute, clean, sizeof(clean),
	    &why) != 0) {
		refuse(x, member, "hard link target outside DIR");
		return;
	}
	if (!join(trel, sizeof(trel), x->component, clean, false)) {
		refuse(x, member, "hard link target path too long");
		return;
	}
	tfd = open_parent(NULL, x->root, trel, NULL, &tbase);
	rc = tfd < 0 ? -1 : linkat(tfd, tbase, dfd, base, 0);
	e = errno;
	/* A re-run: the link is there already. */
	same = rc != 0 && e == EEXIST && same_file(tfd, tbase, dfd, base);
	if (tfd >= 0)
		close(tfd);
	if (same) {
		if (drs_xfile_hash(dfd, base, sha, &size))
			unchanged(x, rel, member, "hardlink", sha, size, trel);
		else
			unchanged(x, rel, member, "hardlink", NULL, 0, trel);
		return;
	}
	if (rc != 0) {
		refuse(x, member, e == ENOENT ? "hard link target not extracted" :
		    drs_errno_reason(e));
		return;
	}
	if (drs_xfile_hash(dfd, base, sha, &size))
		record(x, rel, member, "hardlink", sha, size, trel);
	else
		record(x, rel, member, "hardlink", NULL, 0, trel);
}

/* A symbolic link judged safe: made, or found there from a re-run. */
static void
symlink_member(xctx *x, int dfd, const char *base, const char *rel,
    const char *member, const char *t)
{
	int e;

	if (symlinkat(t, dfd, base) == 0) {
		record(x, rel, member, "symlink", NULL, 0, t);
		return;
	}
	e = errno;
	if (e == EEXIST && same_link(dfd, base, t))
		unchanged(x, rel, member, "symlink", NULL, 0, t);
	else
		refuse(x, member, drs_errno_reason(e));
}

/* One member: judged, then written under DIR/<component>/. */
static ik_status
one_member(xctx *x, struct archive *a, struct archive_entry *e,
    ik_error *err)
{
	const char *member = archive_entry_pathname(e), *why, *base, *t;
	char clean[PATH_MAX_REL], rel[PATH_MAX_REL + 256], trel[PATH_MAX_REL + 258];
	unsigned type = archive_entry_filetype(e);
	int dfd;
	ik_status st = IK_OK;

	if (member == NULL || !wanted(x->o, member))
		return IK_OK;
	if (drs_path_clean(member, x->o->rebase_absolute, clean, sizeof(clean),
	    &why) != 0) {
		refuse(x, member, why);
		return IK_OK;
	}
	if (type == AE_IFCHR || type == AE_IFBLK || type == AE_IFIFO ||
	    type == AE_IFSOCK) {
		refuse(x, member, "device or special file");
		return IK_OK;
	}
	if (name_too_long(clean)) {
		refuse(x, member, "a name in the path is over 255 bytes");
		return IK_OK;
	}
	if (!join(rel, sizeof(rel), x->component, clean, false)) {
		refuse(x, member, "path too long");
		return IK_OK;
	}
	if (type == AE_IFDIR) {
		join(trel, sizeof(trel), x->component, clean, true);
		dfd = open_parent(x, x->root, trel, member, &base);
		if (dfd < 0)
			refuse(x, member, drs_errno_reason(errno));
		else
			close(dfd);
		return IK_OK;
	}
	dfd = open_parent(x, x->root, rel, member, &base);
	if (dfd < 0) {
		refuse(x, member, drs_errno_reason(errno));
		return IK_OK;
	}
	if ((t = archive_entry_hardlink(e)) != NULL) {
		hard_link(x, dfd, base, rel, member, t);
	} else if (type == AE_IFLNK) {
		t = archive_entry_symlink(e);
		if (t == NULL || drs_link_escapes(clean, t))
			refuse(x, member, "symbolic link leads outside DIR");
		else if (!downward(t))
			refuse(x, member, "symbolic link with '..' not created");
		else
			symlink_member(x, dfd, base, rel, member, t);
	} else if (type == AE_IFREG) {
		st = write_file(x, a, dfd, base, rel, member, err);
	} else {
		refuse(x, member, "unsupported member type");
	}
	close(dfd);
	return st;
}

static bool
component_wanted(const ik_drs_extract_opts *o, const ik_drs_comp_report *c)
{
	size_t i;

	if (o->components == NULL)
		return true;
	for (i = 0; o->components[i] != NULL; i++)
		if (c->component != NULL &&
		    strcasecmp(o->components[i], c->component) == 0)
			return true;
	return false;
}

/* The subfolder name: SERVER_FEATURE_COMPONENT, refused when it is not a
 * plain single name. */
static char *
component_dir(const ik_drs_comp_report *c)
{
	char *s = NULL;

	if (asprintf(&s, "%s_%s_%s", c->server ? c->server : "",
	    c->feature ? c->feature : "", c->component ? c->component : "") < 0)
		return NULL;
	if (strchr(s, '/') != NULL || s[0] == '.' || strlen(s) > 200) {
		free(s);
		return NULL;
	}
	return s;
}

/* The bytes one component may write: max_bytes, else a ratio of its size. */
static uint64_t
component_limit(const ik_drs_extract_opts *o, uint64_t size)
{
	uint64_t v;

	if (o->max_bytes > 0)
		return o->max_bytes;
	v = size > UINT64_MAX / IK_DRS_EXTRACT_RATIO ? UINT64_MAX :
	    size * IK_DRS_EXTRACT_RATIO;
	return v < IK_DRS_EXTRACT_MIN ? IK_DRS_EXTRACT_MIN : v;
}

/* The inner archive of one component streamed from src to the folder. */
static ik_status
extract_stream(xctx *x, const ik_drs_report *r, size_t i,
    ik_drs_source *src, const ik_drs_layout *l, ik_error *err)
{
	const ik_drs_comp_report *c = &r->comps[i];
	drs_archive_feed feed = { 0 };
	struct archive *a;
	struct archive_entry *e;
	const char *pw = r->randpw ? r->randpw[i] : NULL;
	ik_status s;
	int ar;

	if (pw == NULL)
		pw = c->leaked_key;
	src->progress = x->o->progress;
	src->progress_arg = x->o->progress_arg;
	x->out.limit = component_limit(x->o, src->size);
	x->out.written = 0;
	x->out.over = false;
	s = ik_drs_stream_open(src, l, ik_drs_container_digest(r->m.version),
	    pw, pw ? strlen(pw) : 0, &feed.s, err);
	if (s != IK_OK)
		return s;
	feed.err = err;
	a = drs_archive_open(&feed);
	while (s == IK_OK && a != NULL &&
	    (ar = archive_read_next_header(a, &e)) != ARCHIVE_EOF) {
		if (ar < ARCHIVE_WARN) {
			s = feed.st != IK_OK ? feed.st : ik_error_set(err,
			    IK_FAILED, IK_ERR_FORMAT, "inner archive: %s",
			    archive_error_string(a));
			break;
		}
		s = one_member(x, a, e, err);
	}
	if (s == IK_OK && feed.st != IK_OK)
		s = feed.st;
	if (s == IK_OK)
		s = ik_drs_stream_drain(feed.s, err);
	if (a == NULL)
		s = ik_error_set(err, IK_FATAL, IK_ERR_MEMORY, "out of memory");
	archive_read_free(a);
	ik_drs_stream_close(feed.s);
	return s;
}

/* A walk of the archive looking for one component's member. */
typedef struct xwalk {
	xctx *x;
	const ik_drs_report *r;
	size_t i;
	char *path;		/* the member: the set's folder, its file */
	bool met;
	ik_status st;		/* the extraction's */
	ik_error err;
} xwalk;

static ik_status
walk_member(void *arg, const char *path, ik_drs_read_fn rd, void *rd_arg,
    ik_error *err)
{
	xwalk *w = arg;
	ik_drs_source src = { .fd = -1 };

	(void)err;
	if (strcmp(path, w->path) != 0)
		return IK_OK;
	w->met = true;
	src.read = rd;
	src.read_arg = rd_arg;
	src.size = w->r->comps[w->i].size;
	w->st = extract_stream(w->x, w->r, w->i, &src,
	    &w->r->comps[w->i].layout, &w->err);
	/* The first member of that path is the one checked: the walk stops. */
	return IK_WARN;
}

/* A component inside an archive: the archive walked to its member. */
static ik_status
extract_archived(xctx *x, const ik_drs_report *r, size_t i, ik_error *err)
{
	const ik_drs_walker *wk = x->o->walker;
	xwalk w = { .x = x, .r = r, .i = i, .st = IK_OK };
	ik_status s;

	if (wk == NULL)
		return ik_error_set(err, IK_FATAL, IK_ERR_USAGE,
		    "the set is inside an archive and no reader of it was given");
	if (asprintf(&w.path, "%s%s", r->dir, r->comps[i].file) < 0)
		return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY, "out of memory");
	ik_error_clear(&w.err);
	s = wk->walk(wk->arg, r->archive, walk_member, &w, err);
	free(w.path);
	if (w.met) {
		if (w.st != IK_OK)
			*err = w.err;
		return w.st;
	}
	if (s != IK_OK && s != IK_WARN)
		return IK_FATAL;
	return ik_error_set(err, IK_FATAL, IK_ERR_IO,
	    "not found when the archive was read again (did it change?)");
}

static ik_status
extract_component(xctx *x, const ik_drs_report *r, size_t i, ik_error *err)
{
	const ik_drs_comp_report *c = &r->comps[i];
	ik_drs_source src = { .fd = -1 };
	ik_drs_layout l;
	struct stat st;
	char *path = NULL;
	ik_status s;

	if (r->archive != NULL)
		return extract_archived(x, r, i, err);
	if (asprintf(&path, "%s/%s", r->dir, c->file) < 0)
		return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY, "out of memory");
	src.fd = drs_open_evidence(AT_FDCWD, path);
	free(path);
	if (src.fd < 0 || fstat(src.fd, &st) != 0) {
		if (src.fd >= 0)
			close(src.fd);
		return ik_error_set(err, IK_FATAL, IK_ERR_IO, "%s: cannot open",
		    c->file);
	}
	src.size = (uint64_t)st.st_size;
	s = ik_drs_source_layout(&src, &l, err);
	if (s == IK_OK)
		s = extract_stream(x, r, i, &src, &l, err);
	ik_drs_layout_free(&l);
	close(src.fd);
	return s;
}

/*
 * The refusals, less those of an earlier run of this set whose member
 * this run extracted (a file replaced, a conflict since removed).
 */
static json_t *
still_refused(xctx *x)
{
	json_t *out = json_array(), *v;
	char *key;
	size_t i;

	if (out == NULL)
		return NULL;
	json_array_foreach(x->refused, i, v) {
		key = json_object_get(v, "set") != NULL ? NULL :
		    entry_key(v, NULL, "member");
		if (key == NULL || json_object_get(x->done, key) == NULL)
			json_array_append(out, v);
		free(key);
	}
	return out;
}

/* Marks entries of an earlier run that came from another set. */
static void
mark_set(json_t *arr, json_t *set)
{
	json_t *v;
	size_t i;

	json_array_foreach(arr, i, v)
		if (json_is_object(v) && json_object_get(v, "set") == NULL)
			json_object_set(v, "set", set);
}

/*
 * The entries of an earlier MANIFEST.json into arr, one per key; an
 * entry of this set loses its "set" mark, a file's path is remembered
 * with the set it came from.
 */
static void
take(xctx *x, json_t *from, json_t *arr, json_t *index, const char *what,
    const char *label)
{
	json_t *v, *set;
	const char *s, *type, *path;
	size_t i;

	json_array_foreach(from, i, v) {
		if (!json_is_object(v))
			continue;
		set = json_object_get(v, "set");
		s = json_string_value(set);
		if (set != NULL && (s == NULL || same_set(s, label))) {
			json_object_del(v, "set");
			s = NULL;
		}
		type = json_string_value(json_object_get(v, "type"));
		path = json_string_value(json_object_get(v, "path"));
		if (arr == x->extracted && type != NULL && path != NULL &&
		    strcmp(type, "dir") != 0)
			json_object_set_new(x->owner, path,
			    json_string(s != NULL ? s : ""));
		merge_entry(arr, index, json_incref(v), s, what);
	}
}

/*
 * The entries of the MANIFEST.json an earlier run wrote, kept so that a
 * re-run merges into it and loses nothing.  One that cannot be read as
 * such is left as it is and the run stops; one of another set is added
 * to only with force.
 */
static ik_status
load_previous(const char *mpath, const char *label, xctx *x, ik_error *err)
{
	uint8_t *buf = NULL;
	size_t len;
	json_t *old, *ext, *ref, *set;
	json_error_t je;
	ik_status st;
	ik_error e;
	bool was_input;

	ik_error_clear(&e);
	/* Reading it marks it as an input; it is this tool's own output, to
	 * be replaced by the merged one, unless it was an input before. */
	was_input = ik_is_evidence(AT_FDCWD, mpath);
	st = ik_read_file(mpath, MANIFEST_MAX, &buf, &len, &e);
	if (!was_input)
		ik_evidence_forget(mpath);
	if (st != IK_OK)
		return ik_error_set(err, IK_FATAL, IK_ERR_IO,
		    "MANIFEST.json cannot be read, not replaced: %s", e.msg);
	old = json_loadb((const char *)buf, len, 0, &je);
	free(buf);
	ext = json_object_get(old, "extracted");
	ref = json_object_get(old, "refused");
	if (!json_is_object(old) || (ext != NULL && !json_is_array(ext)) ||
	    (ref != NULL && !json_is_array(ref))) {
		json_decref(old);
		return ik_error_set(err, IK_FATAL, IK_ERR_FORMAT,
		    "MANIFEST.json is not an extraction manifest (extracted[], refused[]): not replaced");
	}
	set = json_object_get(old, "set");
	if (!json_is_string(set) || !same_set(json_string_value(set), label)) {
		if (!x->o->force) {
			st = ik_error_set(err, IK_FATAL, IK_ERR_EXISTS,
			    "MANIFEST.json holds the extraction of another set "
			    "(%.200s): not added to", json_is_string(set) ?
			    json_string_value(set) : "unnamed");
			json_decref(old);
			return st;
		}
		if (json_is_string(set)) {
			mark_set(ext, set);
			mark_set(ref, set);
		}
	}
	take(x, ext, x->extracted, x->index, "path", label);
	take(x, ref, x->refused, x->rindex, "member", label);
	json_decref(old);
	return IK_OK;
}

/*
 * A component drs-verify would not call good is not extracted unless the
 * caller allows it, nor one no key opens; one a leaked key opened is,
 * marked.  Returns true when it is to be extracted.
 */
static bool
checksum_gate(xctx *x, const ik_drs_report *r, size_t i)
{
	const ik_drs_comp_report *c = &r->comps[i];
	const char *sum = ik_drs_checksum_name(c->checksum);

	x->mark = false;
	x->leaked = false;
	if (c->checksum == IK_DRS_SUM_MATCH)
		return true;
	/* The forensic path: no manifest key, a leaked one opened it. */
	if ((r->randpw == NULL || r->randpw[i] == NULL) &&
	    c->leaked_key != NULL) {
		x->mark = x->leaked = true;
		x->checksum = c->checksum;
		ik_findings_add(&x->res->findings, IK_SEV_WARNING,
		    IKF_DRS_EXTRACTED_LEAKED_KEY, c->file,
		    "extracted with the key leaked in its trailing text; no manifest checksum vouches for it: its entries in MANIFEST.json say \"key\": \"leaked\"");
		return true;
	}
	if (r->randpw == NULL || r->randpw[i] == NULL) {
		refuse(x, c->file, "no key: the manifest's did not decrypt and none leaked opens it");
		ik_findings_add(&x->res->findings, IK_SEV_ERROR,
		    IKF_DRS_COMPONENT_NOT_EXTRACTED, c->file,
		    "no key opens the component: it was not extracted");
		return false;
	}
	if (!x->o->allow_mismatch) {
		refuse(x, c->file, c->checksum == IK_DRS_SUM_MISMATCH ?
		    "component checksum does not match the manifest" :
		    "component checksum not checked");
		ik_findings_add(&x->res->findings, IK_SEV_ERROR,
		    IKF_DRS_COMPONENT_NOT_EXTRACTED, c->file,
		    "checksum %s: the component was not extracted",
		    sum);
		return false;
	}
	x->mark = true;
	x->checksum = c->checksum;
	ik_findings_add(&x->res->findings, IK_SEV_WARNING,
	    IKF_DRS_EXTRACTED_UNVERIFIED, c->file,
	    "checksum %s: extracted; its entries in MANIFEST.json say \"checksum\": \"%s\"",
	    sum, sum);
	return true;
}

ik_status
ik_drs_extract(const ik_drs_report *r, const ik_drs_extract_opts *o,
    ik_drs_extract_result *res, ik_error *err)
{
	xctx x = { .o = o, .res = res, .root = -1 };
	ik_status st = IK_OK, cs;
	ik_error ce;
	char *mpath = NULL, *json = NULL;
	struct stat sb;
	bool previous = false;
	size_t i;

	memset(res, 0, sizeof(*res));
	ik_findings_init(&res->findings);
	res->status = IK_DRS_FAILED;
	if ((r->password != IK_DRS_PASSWORD_VERIFIED || r->randpw == NULL) &&
	    r->leak_opened == 0)
		return ik_error_set(err, IK_FAILED, IK_ERR_PASSWORD,
		    "the set's password is %s: nothing extracted",
		    ik_drs_password_name(r->password));
	if (asprintf(&mpath, "%s/MANIFEST.json", o->out_dir) < 0)
		return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY, "out of memory");
	if (lstat(mpath, &sb) == 0) {
		if (!S_ISREG(sb.st_mode)) {
			free(mpath);
			return ik_error_set(err, IK_FATAL, IK_ERR_USAGE,
			    "MANIFEST.json is not a regular file");
		}
		previous = true;
	}
	if (mkdir(o->out_dir, 0700) != 0 && errno != EEXIST) {
		free(mpath);
		return ik_error_set(err, IK_FATAL, IK_ERR_IO, "%s",
		    strerror(errno));
	}
	x.root = open(o->out_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	x.extracted = json_array();
	x.refused = json_array();
	x.index = json_object();
	x.rindex = json_object();
	x.owner = json_object();
	x.done = json_object();
	res->manifest = json_object();
	if (x.root < 0 || x.extracted == NULL || x.refused == NULL ||
	    x.index == NULL || x.rindex == NULL || x.owner == NULL ||
	    x.done == NULL || res->manifest == NULL) {
		st = ik_error_set(err, IK_FATAL, IK_ERR_IO, "%s",
		    strerror(errno));
		goto out;
	}
	if (previous && (st = load_previous(mpath, r->label, &x, err)) != IK_OK)
		goto out;
	x.out.disk_left = drs_xfile_disk_budget(x.root);
	/* The set's own verdict first: the extraction adds to it. */
	drs_findings_copy(&res->findings, &r->findings);
	for (i = 0; i < r->ncomps; i++) {
		const ik_drs_comp_report *c = &r->comps[i];
		char *cdir;

		if (!c->present || !component_wanted(o, c))
			continue;
		if ((cdir = component_dir(c)) == NULL) {
			x.component = "?";
			refuse(&x, c->file, "component name is not a plain name");
			continue;
		}
		x.component = cdir;
		if (!checksum_gate(&x, r, i)) {
			free(cdir);
			st = IK_FAILED;
			continue;
		}
		ik_error_clear(&ce);
		cs = extract_component(&x, r, i, &ce);
		if (cs == IK_FATAL) {
			*err = ce;
			free(cdir);
			st = ik_error_push(err, "%s", c->file);
			goto out;
		}
		if (cs != IK_OK) {
			ik_findings_add(&res->findings, IK_SEV_ERROR, x.out.over ?
			    IKF_DRS_EXTRACT_LIMIT : IKF_DRS_EXTRACT_FAILED, c->file,
			    "%s", ce.msg);
			st = IK_FAILED;
		}
		free(cdir);
	}
	x.component = NULL;
	if (x.same > 0)
		ik_findings_add(&res->findings, IK_SEV_INFO,
		    IKF_DRS_EXTRACT_UNCHANGED, NULL,
		    "%zu objects were in the folder already with the same "
		    "content (an earlier run): left as they are", x.same);
	/* A place left out beside the set may hold what was wanted. */
	if (drs_has_skipped_place(&r->findings) && st == IK_OK)
		st = IK_WARN;
	if (res->refused > 0) {
		ik_findings_add(&res->findings, IK_SEV_WARNING,
		    IKF_DRS_MEMBER_REFUSED, NULL,
		    "%zu members refused (listed in MANIFEST.json)", res->refused);
		if (st == IK_OK)
			st = IK_WARN;
	}
	json_object_set_new(res->manifest, "set", ik_json_cstr(r->label));
	json_object_set(res->manifest, "extracted", x.extracted);
	json_object_set_new(res->manifest, "refused", still_refused(&x));
	/* ASCII only, as every JSON line: names from the set stay inert. */
	json = json_dumps(res->manifest, JSON_INDENT(1) | JSON_PRESERVE_ORDER |
	    JSON_ENSURE_ASCII);
	ik_error_clear(&ce);
	if (json == NULL)
		ik_error_set(&ce, IK_FATAL, IK_ERR_MEMORY, "out of memory");
	if (json == NULL || ik_write_file_atomic(mpath, json, strlen(json),
	    0600, true, &ce) != IK_OK) {
		*err = ce;
		st = ik_error_push(err, "MANIFEST.json");
	}
out:
	/* Status and exit as drs-verify's when the set is not ok. */
	if (st != IK_FATAL && r->status != IK_DRS_OK) {
		res->status = r->status;
		st = ik_error_set(err, IK_FAILED, IK_ERR_FORMAT,
		    "the set is %s (as drs-verify says)",
		    ik_drs_status_name(r->status));
	} else {
		/* A finding lost to memory exhaustion may have been a failure. */
		if (st < IK_FAILED && res->findings.lost > 0)
			st = ik_error_set(err, IK_FAILED, IK_ERR_MEMORY,
			    "findings were lost: memory ran out");
		res->status = st == IK_OK ? IK_DRS_OK : st == IK_WARN ?
		    IK_DRS_PARTIAL : IK_DRS_FAILED;
	}
	free(json);
	free(mpath);
	json_decref(x.extracted);
	json_decref(x.refused);
	json_decref(x.index);
	json_decref(x.rindex);
	json_decref(x.owner);
	json_decref(x.done);
	if (x.root >= 0)
		close(x.root);
	return st;
}

void
ik_drs_extract_result_free(ik_drs_extract_result *res)
{
	json_decref(res->manifest);
	ik_findings_free(&res->findings);
	memset(res, 0, sizeof(*res));
}
