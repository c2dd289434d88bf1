/*
 * drs_extract.c: safe extraction of a verified set.  Member paths come
 * from customer files and are treated as hostile: every path is cleaned
 * lexically (no "..", no absolute path unless rebased), every directory on
 * the way is opened with O_NOFOLLOW from a descriptor of the output
 * folder, files are created with O_EXCL, and links are made only when they
 * cannot lead out: symbolic links to plain downward relative paths, hard
 * links to members already inside.  Devices are never created.  What is
 * written and what is refused goes into MANIFEST.json.
 */
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <openssl/evp.h>

#include "ik_drs.h"
#include "ik_report.h"
#include "drs_private.h"

#define PATH_MAX_REL 4096

typedef struct xctx {
	const ik_drs_extract_opts *o;
	int root;
	json_t *extracted, *refused;
	ik_drs_extract_result *res;
	const char *component;	/* SERVER_FEATURE_COMPONENT: the subfolder */
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
 * Opens the parent directories of rel (creating them when asked), each
 * with O_NOFOLLOW, so that no link on disk can redirect a write.  Returns
 * the parent's descriptor and the last name in *base, or -1.
 */
static int
open_parent(int root, char *rel, bool create, const char **base)
{
	char *p = rel, *slash;
	int fd = dup(root), nfd;

	while (fd >= 0 && (slash = strchr(p, '/')) != NULL) {
		*slash = '\0';
		if (create && mkdirat(fd, p, 0700) != 0 && errno != EEXIST)
			nfd = -1;
		else
			nfd = openat(fd, p, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
			    O_CLOEXEC);
		*slash = '/';
		close(fd);
		fd = nfd;
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

static ik_status
write_file(xctx *x, struct archive *a, int dirfd, const char *base,
    const char *rel, const char *member, ik_error *err)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	uint8_t sha[32];
	const void *buf;
	size_t n;
	la_int64_t off;
	uint64_t size = 0;
	int fd, r;
	ssize_t w;

	fd = openat(dirfd, base, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0600);
	if (fd < 0 || md == NULL ||
	    EVP_DigestInit_ex2(md, EVP_sha256(), NULL) != 1) {
		refuse(x, member, errno == EEXIST ? "exists in DIR" :
		    "cannot create");
		if (fd >= 0)
			close(fd);
		EVP_MD_CTX_free(md);
		return IK_OK;
	}
	while ((r = archive_read_data_block(a, &buf, &n, &off)) == ARCHIVE_OK) {
		/* Sparse holes are not expected in DRS tars: write densely. */
		EVP_DigestUpdate(md, buf, n);
		size += n;
		while (n > 0) {
			w = write(fd, buf, n);
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0) {
				close(fd);
				EVP_MD_CTX_free(md);
				return ik_error_set(err, IK_FATAL, IK_ERR_IO,
				    "%s: write error: %s", rel, strerror(errno));
			}
			buf = (const uint8_t *)buf + w;
			n -= (size_t)w;
		}
	}
	close(fd);
	EVP_DigestFinal_ex(md, sha, NULL);
	EVP_MD_CTX_free(md);
	if (r != ARCHIVE_EOF)
		return ik_error_set(err, IK_FAILED, IK_ERR_FORMAT,
		    "%s: %s", member, archive_error_string(a) ?
		    archive_error_string(a) : "read error");
	json_array_append_new(x->extracted, json_pack("{s:o, s:s, s:o, s:o, s:I}",
	    "path", ik_json_cstr(rel), "component", x->component,
	    "member", ik_json_cstr(member), "sha256", ik_json_hex(sha, 32),
	    "size", (json_int_t)size));
	x->res->extracted++;
	return IK_OK;
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

/* One member: judged, then written under DIR/<component>/. */
static ik_status
one_member(xctx *x, struct archive *a, struct archive_entry *e,
    ik_error *err)
{
	const char *member = archive_entry_pathname(e), *why, *base, *t, *tbase;
	char clean[PATH_MAX_REL], rel[PATH_MAX_REL + 256], trel[PATH_MAX_REL + 258];
	unsigned type = archive_entry_filetype(e);
	int dfd, tfd, rc;
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
	if (!join(rel, sizeof(rel), x->component, clean, false)) {
		refuse(x, member, "path too long");
		return IK_OK;
	}
	if (type == AE_IFDIR) {
		join(trel, sizeof(trel), x->component, clean, true);
		dfd = open_parent(x->root, trel, true, &base);
		if (dfd < 0)
			refuse(x, member, "a directory on its path is a link or not a directory");
		else
			close(dfd);
		return IK_OK;
	}
	dfd = open_parent(x->root, rel, true, &base);
	if (dfd < 0) {
		refuse(x, member, "a directory on its path is a link or not a directory");
		return IK_OK;
	}
	if ((t = archive_entry_hardlink(e)) != NULL) {
		if (drs_path_clean(t, x->o->rebase_absolute, clean,
		    sizeof(clean), &why) != 0) {
			refuse(x, member, "hard link target outside DIR");
		} else {
			join(trel, sizeof(trel), x->component, clean, false);
			tfd = open_parent(x->root, trel, false, &tbase);
			rc = tfd < 0 ? -1 : linkat(tfd, tbase, dfd, base, 0);
			if (tfd >= 0)
				close(tfd);
			if (rc != 0)
				refuse(x, member, "hard link target not extracted");
		}
	} else if (type == AE_IFLNK) {
		t = archive_entry_symlink(e);
		if (t == NULL || drs_link_escapes(clean, t))
			refuse(x, member, "symbolic link leads outside DIR");
		else if (!downward(t))
			refuse(x, member, "symbolic link with '..' not created");
		else if (symlinkat(t, dfd, base) != 0)
			refuse(x, member, errno == EEXIST ? "exists in DIR" :
			    "cannot create link");
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

ik_status
ik_drs_extract(const ik_drs_report *r, const ik_drs_extract_opts *o,
    ik_drs_extract_result *res, ik_error *err)
{
	xctx x = { .o = o, .res = res, .root = -1 };
	ik_status st = IK_OK, cs;
	ik_error ce;
	char *mpath = NULL, *json = NULL;
	struct stat sb;
	size_t i;

	memset(res, 0, sizeof(*res));
	ik_findings_init(&res->findings);
	if (strcmp(r->password, "verified") != 0 || r->randpw == NULL)
		return ik_error_set(err, IK_FAILED, IK_ERR_PASSWORD,
		    "the set's password is %s: nothing extracted", r->password);
	if (asprintf(&mpath, "%s/MANIFEST.json", o->out_dir) < 0)
		return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY, "out of memory");
	if (!o->force && lstat(mpath, &sb) == 0) {
		free(mpath);
		return ik_error_set(err, IK_FATAL, IK_ERR_USAGE,
		    "%s/MANIFEST.json exists: a previous extraction is there (--force to add to it)",
		    o->out_dir);
	}
	if (mkdir(o->out_dir, 0700) != 0 && errno != EEXIST) {
		free(mpath);
		return ik_error_set(err, IK_FATAL, IK_ERR_IO, "%s: %s",
		    o->out_dir, strerror(errno));
	}
	x.root = open(o->out_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	x.extracted = json_array();
	x.refused = json_array();
	res->manifest = json_object();
	if (x.root < 0 || x.extracted == NULL || x.refused == NULL ||
	    res->manifest == NULL) {
		st = ik_error_set(err, IK_FATAL, IK_ERR_IO, "%s: %s", o->out_dir,
		    strerror(errno));
		goto out;
	}
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
		ik_error_clear(&ce);
		cs = extract_component(&x, r, i, &ce);
		if (cs == IK_FATAL) {
			*err = ce;
			free(cdir);
			st = ik_error_push(err, "%s", c->file);
			goto out;
		}
		if (cs != IK_OK) {
			ik_findings_add(&res->findings, IK_SEV_ERROR,
			    "DRS_EXTRACT_FAILED", c->file, "%s", ce.msg);
			st = IK_FAILED;
		}
		free(cdir);
	}
	if (res->refused > 0) {
		ik_findings_add(&res->findings, IK_SEV_WARNING,
		    "DRS_MEMBER_REFUSED", NULL,
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
