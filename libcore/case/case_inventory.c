/*
 * case_inventory.c: layer case.  Every file of the bundle found and
 * classified: folders walked (sorted, symbolic links not followed),
 * files read as evidence with their SHA-256 and size, archives read
 * member by member through the one input iterator (nothing extracted to
 * disk).  A member a job must read is handed to it as an anonymous
 * in-memory file (memfd): the jobs open paths, and a member has none.
 */
#include <sys/mman.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "case_private.h"

/* A member this large is listed, not read into memory. */
#define CASE_MEMBER_MAX		((size_t)512 << 20)
/* The first bytes of a file kept for the classifier: a whole ITL. */
#define HEAD_MAX		((size_t)4 << 20)

static case_item *
item_new(ik_case *c, ik_error *err)
{
	case_item *v, *it;
	size_t cap;

	if (c->nitems == CASE_MAX_ITEMS) {
		ik_error_set(err, IK_FATAL, IK_ERR_USAGE,
		    "over %d files in the bundle", CASE_MAX_ITEMS);
		return NULL;
	}
	if (c->nitems == c->items_cap) {
		cap = c->items_cap ? 2 * c->items_cap : 64;
		v = realloc(c->items, cap * sizeof(*v));
		if (v == NULL) {
			ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
			    "out of memory");
			return NULL;
		}
		c->items = v;
		c->items_cap = cap;
	}
	it = &c->items[c->nitems++];
	memset(it, 0, sizeof(*it));
	it->fd = -1;
	return it;
}

static const char *
base_name(const char *p, char *buf, size_t size)
{
	const char *s;
	size_t n = strlen(p);

	while (n > 1 && p[n - 1] == '/')
		n--;
	for (s = p + n; s > p && s[-1] != '/'; s--)
		;
	snprintf(buf, size, "%.*s", (int)(p + n - s), s);
	return buf;
}

/* The last folder of rel ("a/b/c.tlv" -> "b"), or of the input. */
static char *
dir_of(const char *rel, const char *fallback)
{
	const char *e = strrchr(rel, '/'), *s;

	if (e == NULL)
		return case_printable(fallback);
	for (s = e; s > rel && s[-1] != '/'; s--)
		;
	{
		char *d = strndup(s, (size_t)(e - s)), *p;

		if (d == NULL)
			return NULL;
		p = case_printable(d);
		free(d);
		return p;
	}
}

static ik_status
item_names(case_item *it, const char *file, const char *rel,
    const char *fallback_dir, ik_error *err)
{
	it->file = case_printable(file);
	it->rel = case_printable(rel);
	it->dir = dir_of(rel, fallback_dir);
	if (it->file == NULL || it->rel == NULL || it->dir == NULL)
		return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
		    "out of memory");
	return IK_OK;
}

static json_t *
input_entry(ik_case *c, const char *path, const char *type)
{
	char *p = case_printable(path);
	json_t *o = json_pack("{s:s?, s:s}", "path", p, "type", type);

	free(p);
	if (o != NULL)
		json_array_append_new(c->inputs, o);
	return o;
}

/* An anonymous in-memory file holding buf: what a job opens. */
static int
member_fd(ik_case *c, case_item *it, const uint8_t *buf, size_t len)
{
	char path[64];
	size_t off = 0;
	ssize_t n;
	int fd;

	if (c->memfds >= CASE_MAX_MEMFDS) {
		it->note = strdup("not analysed: too many archive members "
		    "to hand to the jobs at once");
		return -1;
	}
	fd = memfd_create("ik-case-member", MFD_CLOEXEC);
	if (fd < 0) {
		it->note = strdup("not analysed: no in-memory file for it");
		return -1;
	}
	while (off < len) {
		n = write(fd, buf + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			close(fd);
			it->note = strdup("not analysed: no memory for it");
			return -1;
		}
		off += (size_t)n;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	it->job_path = strdup(path);
	it->fd = fd;
	c->memfds++;
	return fd;
}

static bool
analysed_kind(ik_case_kind k)
{
	return k == IK_CASE_ITL || k == IK_CASE_CTL || k == IK_CASE_SHOW_ITL ||
	    k == IK_CASE_P12 || k == IK_CASE_EVENTS;
}

static int
cmp_items(const void *a, const void *b)
{
	return strcmp(((const case_item *)a)->rel, ((const case_item *)b)->rel);
}

/* Each member of the archive at path (already open as evidence). */
static ik_status
walk_archive(ik_case *c, const char *path, const char *shown, json_t *entry,
    ik_error *err)
{
	ik_input_opts io = { 0, CASE_MEMBER_MAX, 0, 0, 0, 0 };
	ik_input_iter *iter;
	case_item *it;
	ik_input in;
	ik_error e;
	ik_status st;
	ik_sb rep;
	size_t first;
	char label[4096];

	if (ik_input_open(path, &io, &iter, err) != IK_OK)
		return IK_FATAL;
	first = c->nitems;
	ik_error_clear(&e);
	while (ik_input_next(iter, &in, &st, &e)) {
		if (st != IK_OK && in.member == NULL) {
			/* The archive itself could not be read. */
			json_object_set_new(entry, "status", json_string(
			    st == IK_FATAL ? "unreadable" : "damaged"));
			{
				char *m = case_printable(e.msg);

				json_object_set_new(entry, "error",
				    json_string(m));
				free(m);
			}
			if (st == IK_FATAL)
				c->unreadable = true;
			ik_input_free(&in);
			continue;
		}
		if ((it = item_new(c, err)) == NULL) {
			ik_input_free(&in);
			ik_input_iter_free(iter);
			return IK_FATAL;
		}
		it->in_archive = true;
		snprintf(label, sizeof(label), "%s:%s", shown, in.member);
		/* "./tftp/x" as bsdtar writes it is "tftp/x" in a folder. */
		if (item_names(it, label, strncmp(in.member, "./", 2) == 0 ?
		    in.member + 2 : in.member, "", err) != IK_OK) {
			ik_input_free(&in);
			ik_input_iter_free(iter);
			return IK_FATAL;
		}
		if (st != IK_OK) {
			it->note = case_printable(e.msg);
			ik_input_free(&in);
			ik_error_clear(&e);
			continue;
		}
		it->has_sha256 = true;
		memcpy(it->sha256, in.sha256, 32);
		it->size = in.len;
		it->kind = ik_case_classify(in.buf, in.len, true, &it->part);
		if (analysed_kind(it->kind))
			(void)member_fd(c, it, in.buf, in.len);
		else if (it->kind == IK_CASE_DRS_SET &&
		    it->part == IK_CASE_PART_MANIFEST &&
		    (it->job_path = strdup(path)) == NULL) {
			/* The DRS jobs read a set inside the archive. */
			ik_input_free(&in);
			ik_input_iter_free(iter);
			return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
			    "out of memory");
		}
		ik_input_free(&in);
	}
	/* In name order, as a folder of the same files is walked. */
	if (c->nitems - first > 1)
		qsort(c->items + first, c->nitems - first, sizeof(*c->items),
		    cmp_items);
	ik_sb_init(&rep);
	ik_input_iter_report(iter, &rep);
	if (rep.len > 0 && rep.s != NULL) {
		if (rep.s[rep.len - 1] == '\n')
			rep.s[--rep.len] = '\0';
		json_object_set_new(entry, "note", json_string(rep.s));
	}
	ik_sb_free(&rep);
	ik_input_iter_free(iter);
	return IK_OK;
}

/*
 * One regular file: its first bytes kept for the classifier, all of it
 * hashed.  fd is closed.
 */
static ik_status
read_head(int fd, uint8_t **head, size_t *hlen, uint8_t *sha256,
    uint64_t *size, ik_error *err)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	uint8_t *buf = NULL, chunk[65536];
	size_t len = 0, cap = 0;
	uint64_t total = 0;
	ssize_t n;
	unsigned dl;

	if (md == NULL || EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1)
		goto crypto;
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ik_error_set(err, IK_FATAL, IK_ERR_IO, "read error: %s",
			    strerror(errno));
			goto fail;
		}
		if (n == 0)
			break;
		if (EVP_DigestUpdate(md, chunk, (size_t)n) != 1)
			goto crypto;
		total += (uint64_t)n;
		if (len < HEAD_MAX) {
			size_t take = (size_t)n < HEAD_MAX - len ? (size_t)n :
			    HEAD_MAX - len;
			if (len + take > cap) {
				uint8_t *nb;

				cap = len + take > 2 * cap ? len + take : 2 * cap;
				if ((nb = realloc(buf, cap)) == NULL) {
					ik_error_set(err, IK_FATAL,
					    IK_ERR_MEMORY, "out of memory");
					goto fail;
				}
				buf = nb;
			}
			memcpy(buf + len, chunk, take);
			len += take;
		}
	}
	if (EVP_DigestFinal_ex(md, sha256, &dl) != 1)
		goto crypto;
	EVP_MD_CTX_free(md);
	close(fd);
	*head = buf;
	*hlen = len;
	*size = total;
	return IK_OK;
crypto:
	ik_error_set(err, IK_FATAL, IK_ERR_CRYPTO, "cannot compute SHA-256");
fail:
	EVP_MD_CTX_free(md);
	free(buf);
	close(fd);
	return IK_FATAL;
}

/*
 * One file: an item, or an archive walked.  top: given by the caller
 * (its failure to be read makes the bundle unreadable).
 */
static ik_status
add_file(ik_case *c, const char *path, const char *rel, const char *indir,
    bool top, ik_error *err)
{
	uint8_t *head = NULL, sha[32];
	size_t hlen = 0;
	uint64_t size = 0;
	struct stat st;
	case_item *it;
	json_t *entry;
	ik_error e;
	int fd;
	ik_case_kind k;
	ik_case_part part;
	char *shown;

	ik_error_clear(&e);
	fd = ik_open_evidence(AT_FDCWD, path, &st, &e);
	if (fd >= 0 && read_head(fd, &head, &hlen, sha, &size, &e) != IK_OK)
		fd = -1;
	if (fd < 0) {
		if (e.category == IK_ERR_MEMORY)
			return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
			    "out of memory");
		if (top) {
			c->unreadable = true;
			entry = input_entry(c, path, "file");
			if (entry != NULL) {
				json_object_set_new(entry, "status",
				    json_string("unreadable"));
				shown = case_printable(e.msg);
				json_object_set_new(entry, "error",
				    json_string(shown));
				free(shown);
			}
			return IK_OK;
		}
		if ((it = item_new(c, err)) == NULL ||
		    item_names(it, path, rel, indir, err) != IK_OK)
			return IK_FATAL;
		it->note = case_printable(e.msg);
		return IK_OK;
	}
	k = ik_case_classify(head, hlen, hlen == size, &part);
	free(head);
	if (k == IK_CASE_ARCHIVE) {
		char hex[65];

		entry = input_entry(c, path, "archive");
		if (entry == NULL)
			return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
			    "out of memory");
		ik_hex(sha, 32, hex);
		json_object_set_new(entry, "sha256", json_string(hex));
		json_object_set_new(entry, "size", json_integer((json_int_t)size));
		json_object_set_new(entry, "status", json_string("read"));
		shown = case_printable(path);
		if (shown == NULL)
			return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
			    "out of memory");
		if (walk_archive(c, path, shown, entry, err) != IK_OK) {
			free(shown);
			return IK_FATAL;
		}
		free(shown);
		return IK_OK;
	}
	if (top && (entry = input_entry(c, path, "file")) != NULL)
		json_object_set_new(entry, "status", json_string("read"));
	if ((it = item_new(c, err)) == NULL ||
	    item_names(it, path, rel, indir, err) != IK_OK)
		return IK_FATAL;
	it->kind = k;
	it->part = part;
	it->has_sha256 = true;
	memcpy(it->sha256, sha, 32);
	it->size = size;
	if ((it->job_path = strdup(path)) == NULL)
		return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
		    "out of memory");
	return IK_OK;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A folder: its entries in name order, folders descended into. */
static ik_status
walk_dir(ik_case *c, const char *path, const char *rel, const char *top,
    int depth, ik_error *err)
{
	char **names = NULL, *full = NULL, *sub = NULL;
	size_t n = 0, cap = 0, i;
	struct dirent *de;
	struct stat st;
	ik_status r = IK_OK;
	DIR *d;

	if (depth > CASE_MAX_DEPTH)
		return IK_OK;
	if ((d = opendir(path)) == NULL)
		return IK_OK;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (n == cap) {
			char **nv;

			cap = cap ? 2 * cap : 32;
			if ((nv = realloc(names, cap * sizeof(*nv))) == NULL)
				goto oom;
			names = nv;
		}
		if ((names[n] = strdup(de->d_name)) == NULL)
			goto oom;
		n++;
	}
	closedir(d);
	d = NULL;
	if (n > 0)
		qsort(names, n, sizeof(*names), cmp_names);
	for (i = 0; i < n && r == IK_OK; i++) {
		if (asprintf(&full, "%s/%s", path, names[i]) < 0)
			goto oom;
		if (asprintf(&sub, "%s%s%s", rel, *rel ? "/" : "", names[i]) < 0)
			goto oom;
		if (lstat(full, &st) != 0) {
			;
		} else if (S_ISDIR(st.st_mode))
			r = walk_dir(c, full, sub, top, depth + 1, err);
		else if (S_ISREG(st.st_mode))
			r = add_file(c, full, sub, top, false, err);
		else {
			case_item *it = item_new(c, err);

			if (it == NULL || item_names(it, full, sub, top, err) !=
			    IK_OK)
				r = IK_FATAL;
			else if ((it->note = strdup(S_ISLNK(st.st_mode) ?
			    "a symbolic link: not followed" :
			    "not a regular file")) == NULL)
				goto oom;
		}
		free(full);
		free(sub);
		full = sub = NULL;
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return r;
oom:
	if (d != NULL)
		closedir(d);
	free(full);
	free(sub);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY, "out of memory");
}

ik_status
case_inventory(ik_case *c, const char *path, ik_error *err)
{
	struct stat st;
	json_t *entry;
	char base[256];

	size_t first = c->nitems;

	base_name(path, base, sizeof(base));
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		if ((entry = input_entry(c, path, "folder")) != NULL)
			json_object_set_new(entry, "status", json_string("read"));
		if (walk_dir(c, path, "", base, 0, err) != IK_OK)
			return IK_FATAL;
		/* In name order, as the members of an archive are. */
		if (c->nitems - first > 1)
			qsort(c->items + first, c->nitems - first,
			    sizeof(*c->items), cmp_items);
		return IK_OK;
	}
	return add_file(c, path, base, "", true, err);
}

void
case_items_free(ik_case *c)
{
	size_t i;

	for (i = 0; i < c->nitems; i++) {
		case_item *it = &c->items[i];

		free(it->file);
		free(it->rel);
		free(it->dir);
		free(it->job_path);
		free(it->note);
		if (it->fd >= 0)
			close(it->fd);
	}
	free(c->items);
	c->items = NULL;
	c->nitems = c->items_cap = 0;
}

/* Replaces "/proc/self/fd/N" in s by the member's name. */
static char *
unpath_str(const ik_case *c, const char *s)
{
	const char *pfx = "/proc/self/fd/", *p;
	ik_sb sb;
	size_t i;
	long fd;
	char *end;
	bool changed = false;

	ik_sb_init(&sb);
	while ((p = strstr(s, pfx)) != NULL) {
		fd = strtol(p + strlen(pfx), &end, 10);
		for (i = 0; i < c->nitems; i++)
			if (c->items[i].fd >= 0 && c->items[i].fd == fd)
				break;
		ik_sb_add(&sb, s, (size_t)(p - s));
		if (end == p + strlen(pfx) || i == c->nitems)
			ik_sb_add(&sb, p, (size_t)(end - p) + (end == p ? 1 : 0));
		else {
			ik_sb_puts(&sb, c->items[i].file);
			changed = true;
		}
		s = end == p ? p + 1 : end;
	}
	ik_sb_puts(&sb, s);
	if (!changed || sb.oom) {
		ik_sb_free(&sb);
		return NULL;
	}
	return ik_sb_take(&sb);
}

void
case_unpath(const ik_case *c, json_t *v)
{
	const char *k;
	json_t *x;
	size_t i;
	char *s;

	if (c->memfds == 0 || v == NULL)
		return;
	if (json_is_string(v)) {
		if ((s = unpath_str(c, json_string_value(v))) != NULL) {
			json_string_set(v, s);
			free(s);
		}
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, x)
			case_unpath(c, x);
	} else if (json_is_object(v)) {
		json_object_foreach(v, k, x)
			case_unpath(c, x);
	}
}
