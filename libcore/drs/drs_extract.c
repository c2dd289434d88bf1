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
} xctx;

static void
refuse(xctx *x, const char *member, const char *reason)
{
	json_array_append_new(x->refused, json_pack("{s:s, s:o, s:s}",
	    "component", x->component, "member", ik_json_cstr(member),
	    "reason", reason));
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
	json_array_append_new(x->extracted, e);
	x->res->extracted++;
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
		/* rel is cut here: it names the directory just made. */
		if (made && nfd >= 0)
			record(x, rel, member, "dir", NULL, 0, NULL);
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

	s = drs_xfile_write(&x->out, a, dirfd, base, rel, sha, &size, &why,
	    err);
	if (s == IK_OK && why != NULL)
		refuse(x, member, why);
	else if (s == IK_OK)
		record(x, rel, member, "file", sha, size, NULL);
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
	if (tfd >= 0)
		close(tfd);
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
		else if (symlinkat(t, dfd, base) != 0)
			refuse(x, member, errno == EEXIST ? "exists in DIR" :
			    drs_errno_reason(errno));
		else
			record(x, rel, member, "symlink", NULL, 0, t);
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

static ik_status
extract_component(xctx *x, const ik_drs_report *r, size_t i, ik_error *err)
{
	const ik_drs_comp_report *c = &r->comps[i];
	ik_drs_source src = { .fd = -1 };
	drs_archive_feed feed = { 0 };
	struct archive *a;
	struct archive_entry *e;
	ik_drs_layout l;
	struct stat st;
	char *path = NULL;
	const char *pw = r->randpw ? r->randpw[i] : NULL;
	ik_status s;
	int ar;

	if (pw == NULL)
		pw = c->leaked_key;

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
	src.progress = x->o->progress;
	src.progress_arg = x->o->progress_arg;
	x->out.limit = component_limit(x->o, src.size);
	x->out.written = 0;
	x->out.over = false;
	s = ik_drs_source_layout(&src, &l, err);
	if (s == IK_OK)
		s = ik_drs_stream_open(&src, &l, ik_drs_container_digest(
		    r->m.version), pw, pw ? strlen(pw) : 0, &feed.s, err);
	ik_drs_layout_free(&l);
	if (s != IK_OK) {
		close(src.fd);
		return s;
	}
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
	close(src.fd);
	return s;
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
 * The entries of the MANIFEST.json an earlier run wrote, kept so that a
 * run with force adds to it and loses nothing.  One that cannot be read
 * as such is left as it is and the run stops.
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
	if (json_is_string(set) && strcmp(json_string_value(set), label) != 0) {
		mark_set(ext, set);
		mark_set(ref, set);
	}
	if (ext != NULL)
		json_array_extend(x->extracted, ext);
	if (ref != NULL)
		json_array_extend(x->refused, ref);
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
		if (!o->force || !S_ISREG(sb.st_mode)) {
			free(mpath);
			return ik_error_set(err, IK_FATAL, !o->force ?
			    IK_ERR_EXISTS : IK_ERR_USAGE, !o->force ?
			    "MANIFEST.json exists: a previous extraction is there" :
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
	res->manifest = json_object();
	if (x.root < 0 || x.extracted == NULL || x.refused == NULL ||
	    res->manifest == NULL) {
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
	json_object_set(res->manifest, "refused", x.refused);
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
