/*
 * run_util.c: layer recipe.  What the runner's parts share: the secrets
 * a run read and their redaction, the scope of a run, file digests for
 * the journal and synced JSON lines.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "run_private.h"

/* ---- secrets ------------------------------------------------------------ */

/* "its group", "others", "its group and others": who else may read it. */
static const char *
readers(mode_t m)
{
	if ((m & 040) && (m & 004))
		return "its group and others";
	return (m & 040) ? "its group" : "others";
}

const ik_secrets *
ru_secret_get(ru_secrets *c, const char *path, ik_sb *warn, ik_error *err)
{
	ru_secret *v;
	struct stat st;
	size_t i;

	for (i = 0; i < c->n; i++)
		if (strcmp(c->v[i].path, path) == 0)
			return &c->v[i].s;
	v = realloc(c->v, (c->n + 1) * sizeof(*v));
	if (v == NULL) {
		ik_error_set(err, IK_FATAL, IK_ERR_MEMORY, "out of memory");
		return NULL;
	}
	c->v = v;
	v = &c->v[c->n];
	ik_secrets_init(&v->s);
	if ((v->path = strdup(path)) == NULL) {
		ik_error_set(err, IK_FATAL, IK_ERR_MEMORY, "out of memory");
		return NULL;
	}
	if (ik_secrets_read_file(path, true, &v->s, err) != IK_OK) {
		free(v->path);
		return NULL;
	}
	c->n++;
	/* The file is read; its mode is only worth a warning. */
	if (warn != NULL && stat(path, &st) == 0 && (st.st_mode & 044) != 0) {
		ik_sb_puts_safe(warn, path, "");
		ik_sb_printf(warn, ": this secret file can be read by %s "
		    "(mode %04o): chmod 600 it\n", readers(st.st_mode),
		    (unsigned)(st.st_mode & 07777));
	}
	return &v->s;
}

void
ru_secrets_free(ru_secrets *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		ik_secrets_free(&c->v[i].s);
		free(c->v[i].path);
	}
	free(c->v);
	c->v = NULL;
	c->n = 0;
}

/* The longest secret found at s[0..len), or NULL. */
static const ik_secret *
secret_at(const ru_secrets *c, const char *s, size_t len)
{
	const ik_secret *best = NULL, *x;
	size_t i, k;

	for (i = 0; i < c->n; i++)
		for (k = 0; k < c->v[i].s.n; k++) {
			x = &c->v[i].s.v[k];
			if (x->len == 0 || x->len > len ||
			    memcmp(s, x->s, x->len) != 0)
				continue;
			if (best == NULL || x->len > best->len)
				best = x;
		}
	return best;
}

void
ru_redact(const ru_secrets *c, const char *s, size_t len, ik_sb *out)
{
	const ik_secret *x;
	size_t i, run = 0;

	for (i = 0; i < len; ) {
		if ((x = secret_at(c, s + i, len - i)) != NULL) {
			ik_sb_add(out, s + run, i - run);
			ik_sb_puts(out, RU_REDACTED);
			i += x->len;
			run = i;
		} else
			i++;
	}
	ik_sb_add(out, s + run, len - run);
}

/* s redacted as a new string, or NULL when it holds no secret (or memory
 * ran out: *oom). */
static char *
redacted(const ru_secrets *c, const char *s, size_t len, bool *oom)
{
	ik_sb sb;
	size_t i;

	for (i = 0; i < len; i++)
		if (secret_at(c, s + i, len - i) != NULL)
			break;
	if (i == len)
		return NULL;
	ik_sb_init(&sb);
	ru_redact(c, s, len, &sb);
	if (sb.oom || sb.s == NULL) {
		ik_sb_free(&sb);
		*oom = true;
		return NULL;
	}
	return ik_sb_take(&sb);
}

/* The redacted copy of a string that holds a secret (NULL otherwise);
 * any other value is redacted in place. */
static json_t *
redact_value(const ru_secrets *c, json_t *x, bool *oom)
{
	json_t *copy;
	char *s;

	if (!json_is_string(x)) {
		if (ru_redact_json(c, x) != 0)
			*oom = true;
		return NULL;
	}
	s = redacted(c, json_string_value(x), json_string_length(x), oom);
	if (s == NULL)
		return NULL;
	if ((copy = json_string(s)) == NULL)
		*oom = true;
	free(s);
	return copy;
}

int
ru_redact_json(const ru_secrets *c, json_t *v)
{
	const char *key;
	json_t *x, *copy;
	bool oom = false;
	size_t i;

	if (c->n == 0)
		return 0;
	if (json_is_array(v)) {
		json_array_foreach(v, i, x)
			if ((copy = redact_value(c, x, &oom)) != NULL &&
			    json_array_set_new(v, i, copy) != 0)
				oom = true;
	} else if (json_is_object(v)) {
		json_object_foreach(v, key, x)
			if ((copy = redact_value(c, x, &oom)) != NULL &&
			    json_object_set_new(v, key, copy) != 0)
				oom = true;
	}
	return oom ? -1 : 0;
}

/* ---- scope and files ------------------------------------------------------ */

json_t *
ru_scope_new(const ik_recipe *r, const json_t *given, ik_error *err)
{
	json_t *empty = NULL, *inputs = NULL, *scope;

	if (given == NULL)
		given = empty = json_object();
	if (given == NULL) {
		ik_error_set(err, IK_FATAL, IK_ERR_MEMORY, "out of memory");
		return NULL;
	}
	if (ik_recipe_inputs(r, given, &inputs, err) != IK_OK) {
		json_decref(empty);
		err->status = IK_FATAL;
		return NULL;
	}
	json_decref(empty);
	scope = json_pack("{s:o,s:{}}", "inputs", inputs, "steps");
	if (scope == NULL)
		ik_error_set(err, IK_FATAL, IK_ERR_MEMORY, "out of memory");
	return scope;
}

bool
ru_file_sha256(const char *path, char hex[65])
{
	uint8_t buf[65536], md[32];
	EVP_MD_CTX *ctx;
	struct stat st;
	ssize_t n;
	bool ok;
	int fd;

	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return false;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    (ctx = EVP_MD_CTX_new()) == NULL) {
		close(fd);
		return false;
	}
	ok = EVP_DigestInit_ex(ctx, ik_digest_md(IK_SHA256), NULL) == 1;
	while (ok && (n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			ok = false;
		} else
			ok = EVP_DigestUpdate(ctx, buf, (size_t)n) == 1;
	}
	ok = ok && EVP_DigestFinal_ex(ctx, md, NULL) == 1;
	EVP_MD_CTX_free(ctx);
	close(fd);
	if (ok)
		ik_hex(md, sizeof(md), hex);
	return ok;
}

static void
hash_into(const json_t *v, json_t *out)
{
	const char *key;
	char hex[65];
	json_t *x;
	size_t i;

	if (json_is_string(v)) {
		if (json_object_get(out, json_string_value(v)) == NULL &&
		    ru_file_sha256(json_string_value(v), hex))
			json_object_set_new(out, json_string_value(v),
			    json_string(hex));
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, x)
			hash_into(x, out);
	} else if (json_is_object(v)) {
		json_object_foreach((json_t *)v, key, x)
			hash_into(x, out);
	}
}

json_t *
ru_files_hash(const json_t *v)
{
	json_t *out = json_object();

	if (out != NULL)
		hash_into(v, out);
	return out;
}

ik_status
ru_append_line(int fd, const json_t *obj, ik_error *err)
{
	char *s;
	size_t len, off = 0;
	ssize_t n;

	s = json_dumps(obj, JSON_COMPACT | JSON_PRESERVE_ORDER);
	if (s == NULL)
		return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
		    "out of memory");
	len = strlen(s);
	s[len++] = '\n';	/* over the NUL: write takes a length */
	while (off < len) {
		n = write(fd, s + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			free(s);
			return ik_error_set(err, IK_FATAL, IK_ERR_IO,
			    "cannot write: %s", strerror(errno));
		}
		off += (size_t)n;
	}
	free(s);
	if (fsync(fd) != 0)
		return ik_error_set(err, IK_FATAL, IK_ERR_IO,
		    "cannot sync: %s", strerror(errno));
	return IK_OK;
}

void
ru_now(char buf[32])
{
	ik_time_format(time(NULL), buf, 32);
}
