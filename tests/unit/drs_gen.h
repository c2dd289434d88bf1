/*
 * drs_gen.h: a generator of DRS backup sets with known truth, for tests.
 * It uses libcore's own value encryption and container cipher (cross-
 * checked against `openssl enc` by tests/cli/scripts/drs-openssl.sh) and
 * libarchive to write the inner tars.  Everything is deterministic (fixed
 * salts, passwords and times) so that the fixtures under
 * tests/data/drs/gen can be regenerated and compared byte for byte.
 *
 * Header-only on purpose: the unit-test build links only test_*.c files.
 */
#ifndef DRS_GEN_H
#define DRS_GEN_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <openssl/evp.h>

#include "ik_drs.h"

typedef struct gen_member {
	const char *path;
	char type;		/* f file, d dir, l symlink, h hardlink, c char device */
	const char *data;	/* file content, or link target */
} gen_member;

typedef struct gen_comp {
	const char *server, *feature, *component;
	const char *randpw;	/* 20 alphanumeric characters */
	uint8_t salt[8];
	const gen_member *members;
	size_t nmembers;
	bool gzip;
	const char *trailer;	/* plain text appended after the ciphertext */
	char plain;		/* 0 encrypted, 't' plain tar, 'g' plain tar.gz */
} gen_comp;

typedef struct gen_set {
	const char *id, *publisher;	/* publisher NULL: pre-10 manifest name */
	const char *version;
	int scheme;
	const char *cluster_pw;
	const gen_comp *comps;
	size_t ncomps;
} gen_set;

#define GEN_MTIME 1577934245

/*
 * A sequential reader over memory (an archive member as ik_drs_source's
 * reader sees one), giving pieces of at most piece bytes, odd-sized so
 * that they never line up with the stream's chunks.
 */
typedef struct gen_seq {
	const uint8_t *p;
	size_t len, pos, piece;
} gen_seq;

static inline ssize_t
gen_seq_read(void *arg, void *buf, size_t n)
{
	gen_seq *q = arg;

	if (n > q->piece)
		n = q->piece;
	if (n > q->len - q->pos)
		n = q->len - q->pos;
	memcpy(buf, q->p + q->pos, n);
	q->pos += n;
	return (ssize_t)n;
}

/* The inner tar (or tar.gz) in memory; 0 on success. */
static inline int
gen_tar(const gen_comp *c, bool gz, uint8_t **out, size_t *len)
{
	struct archive *a = archive_write_new();
	struct archive_entry *e;
	size_t cap = 1u << 20, used = 0, i;
	uint8_t *buf = malloc(cap);
	int rc = -1;

	if (a == NULL || buf == NULL)
		goto out;
	archive_write_set_format_pax_restricted(a);
	if (gz && (archive_write_add_filter_gzip(a) != ARCHIVE_OK ||
	    archive_write_set_filter_option(a, "gzip", "timestamp", NULL) !=
	    ARCHIVE_OK))
		goto out;
	archive_write_set_bytes_in_last_block(a, 1);
	if (archive_write_open_memory(a, buf, cap, &used) != ARCHIVE_OK)
		goto out;
	for (i = 0; i < c->nmembers; i++) {
		const gen_member *m = &c->members[i];

		e = archive_entry_new();
		archive_entry_set_pathname(e, m->path);
		archive_entry_set_mtime(e, GEN_MTIME, 0);
		archive_entry_set_uname(e, "root");
		archive_entry_set_gname(e, "root");
		archive_entry_set_perm(e, m->type == 'd' ? 0755 : 0644);
		switch (m->type) {
		case 'd':
			archive_entry_set_filetype(e, AE_IFDIR);
			break;
		case 'l':
			archive_entry_set_filetype(e, AE_IFLNK);
			archive_entry_set_symlink(e, m->data);
			break;
		case 'h':
			archive_entry_set_filetype(e, AE_IFREG);
			archive_entry_set_hardlink(e, m->data);
			break;
		case 'c':
			archive_entry_set_filetype(e, AE_IFCHR);
			archive_entry_set_rdev(e, 0x0103);
			break;
		default:
			archive_entry_set_filetype(e, AE_IFREG);
			archive_entry_set_size(e, (la_int64_t)strlen(m->data));
		}
		if (archive_write_header(a, e) != ARCHIVE_OK) {
			archive_entry_free(e);
			goto out;
		}
		if (m->type == 'f' && archive_write_data(a, m->data,
		    strlen(m->data)) != (la_ssize_t)strlen(m->data)) {
			archive_entry_free(e);
			goto out;
		}
		archive_entry_free(e);
	}
	if (archive_write_close(a) != ARCHIVE_OK)
		goto out;
	*out = buf;
	*len = used;
	buf = NULL;
	rc = 0;
out:
	archive_write_free(a);
	free(buf);
	return rc;
}

/* "Salted__" + salt + AES-128-CBC(pt); md as the version selects. */
static inline int
gen_container(const uint8_t *pt, size_t n, const char *pw,
    const uint8_t salt[8], ik_digest md, uint8_t **out, size_t *len)
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	uint8_t *buf = malloc(n + 32);
	int a = 0, b = 0;
	ik_error err;

	ik_error_clear(&err);
	if (ctx == NULL || buf == NULL ||
	    ik_drs_cipher_init(ctx, true, md, pw, strlen(pw), salt, &err) !=
	    IK_OK || EVP_EncryptUpdate(ctx, buf + 16, &a, pt, (int)n) != 1 ||
	    EVP_EncryptFinal_ex(ctx, buf + 16 + a, &b) != 1) {
		EVP_CIPHER_CTX_free(ctx);
		free(buf);
		return -1;
	}
	EVP_CIPHER_CTX_free(ctx);
	memcpy(buf, "Salted__", 8);
	memcpy(buf + 8, salt, 8);
	*out = buf;
	*len = 16 + (size_t)a + (size_t)b;
	return 0;
}

static inline int
gen_write(const char *dir, const char *name, const void *p, size_t n)
{
	char *path = NULL;
	FILE *f;
	int rc;

	if (asprintf(&path, "%s/%s", dir, name) < 0)
		return -1;
	f = fopen(path, "wb");
	free(path);
	if (f == NULL)
		return -1;
	rc = fwrite(p, 1, n, f) == n ? 0 : -1;
	if (fclose(f) != 0)
		rc = -1;
	return rc;
}

/* One component file; its SHA-1 (of the file as stored) into sha1hex. */
static inline int
gen_component(const char *dir, const gen_set *s, const gen_comp *c,
    char sha1hex[41])
{
	uint8_t *tar = NULL, *file = NULL, md[20];
	size_t tlen, flen, k;
	char name[512];
	int rc = -1;

	if (gen_tar(c, c->gzip || c->plain == 'g', &tar, &tlen) != 0)
		return -1;
	if (c->plain) {
		file = tar;
		flen = tlen;
		tar = NULL;
	} else if (gen_container(tar, tlen, c->randpw, c->salt,
	    ik_drs_container_digest(s->version), &file, &flen) != 0) {
		goto out;
	}
	if (c->trailer != NULL) {
		k = strlen(c->trailer);
		uint8_t *nf = realloc(file, flen + k);
		if (nf == NULL)
			goto out;
		file = nf;
		memcpy(file + flen, c->trailer, k);
		flen += k;
	}
	ik_digest_buf(IK_SHA1, file, flen, md);
	ik_hex(md, 20, sha1hex);
	snprintf(name, sizeof(name), "%s_%s_%s_%s.tar", s->id, c->server,
	    c->feature, c->component);
	rc = gen_write(dir, name, file, flen);
out:
	free(tar);
	free(file);
	return rc;
}

static inline int
gen_value(ik_sb *sb, int scheme, const char *H, const char *pt)
{
	char *hex = NULL;
	ik_error err;

	ik_error_clear(&err);
	if (ik_drs_value_encrypt(scheme, H, (const uint8_t *)pt, strlen(pt),
	    &hex, &err) != IK_OK)
		return -1;
	ik_sb_puts(sb, hex);
	free(hex);
	return 0;
}

/*
 * Writes a set into dir (which must exist): every component file and the
 * manifest, XStream-like, one FeatureObject per feature in order.
 * skip, when not NULL, names a component whose file is not written.
 */
static inline int
gen_set_write(const char *dir, const gen_set *s, const char *skip)
{
	char H[IK_DRS_PLATFORM_HEX + 1], sum[41], name[512];
	const char *feat = NULL, *server = NULL;
	ik_sb x;
	ik_error err;
	size_t i;
	int rc = -1;

	ik_error_clear(&err);
	if (ik_drs_platform_encode(s->cluster_pw, strlen(s->cluster_pw), H,
	    &err) != IK_OK)
		return -1;
	ik_sb_init(&x);
	ik_sb_puts(&x, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<!-- generated by itlkit tests/unit/drs_gen.h: NOT produced by CUCM -->\n"
	    "<list>\n");
	for (i = 0; i < s->ncomps; i++) {
		const gen_comp *c = &s->comps[i];

		if (gen_component(dir, s, c, sum) != 0)
			goto out;
		if (skip != NULL && strcmp(skip, c->component) == 0) {
			char *p = NULL;

			if (asprintf(&p, "%s/%s_%s_%s_%s.tar", dir, s->id,
			    c->server, c->feature, c->component) < 0)
				goto out;
			unlink(p);
			free(p);
		}
		if (feat == NULL || strcmp(feat, c->feature) != 0) {
			if (feat != NULL)
				ik_sb_puts(&x, "        </vComponentObject>\n"
				    "      </ServerObj>\n    </vServerObject>\n"
				    "  </FeatureObject>\n");
			ik_sb_printf(&x, "  <FeatureObject>\n"
			    "    <Version>%s</Version>\n"
			    "    <FeatureName>%s</FeatureName>\n"
			    "    <Status>SUCCESS</Status>\n"
			    "    <Percentage>100</Percentage>\n"
			    "    <vServerObject>\n", s->version, c->feature);
			feat = c->feature;
			server = NULL;
		}
		if (server == NULL || strcmp(server, c->server) != 0) {
			if (server != NULL)
				ik_sb_puts(&x, "        </vComponentObject>\n"
				    "      </ServerObj>\n");
			ik_sb_printf(&x, "      <ServerObj>\n"
			    "        <ServerName>%s</ServerName>\n"
			    "        <Status>SUCCESS</Status>\n"
			    "        <vComponentObject>\n", c->server);
			server = c->server;
		}
		ik_sb_printf(&x, "          <ComponentObject>\n"
		    "            <ComponentName>%s</ComponentName>\n"
		    "            <Status>SUCCESS</Status>\n"
		    "            <UnknownField>kept lenient</UnknownField>\n"
		    "            <EncryptKey>", c->component);
		if (gen_value(&x, s->scheme, H, c->randpw) != 0)
			goto out;
		ik_sb_puts(&x, "</EncryptKey>\n            <EncryptedSHA1CheckSum>");
		if (gen_value(&x, s->scheme, H, sum) != 0)
			goto out;
		ik_sb_puts(&x, "</EncryptedSHA1CheckSum>\n"
		    "          </ComponentObject>\n");
	}
	if (feat != NULL)
		ik_sb_puts(&x, "        </vComponentObject>\n      </ServerObj>\n"
		    "    </vServerObject>\n  </FeatureObject>\n");
	ik_sb_puts(&x, "</list>\n");
	if (s->publisher != NULL)
		snprintf(name, sizeof(name), "%s_%s_drfComponent.xml", s->id,
		    s->publisher);
	else
		snprintf(name, sizeof(name), "%s_drfComponent.xml", s->id);
	rc = x.oom ? -1 : gen_write(dir, name, x.s, x.len);
out:
	ik_wipe(H, sizeof(H));
	ik_sb_free(&x);
	return rc;
}

/*
 * A set of one PLATFORM component holding members m (id
 * 2021-02-03-04-05-06, publisher PUB, version 12.0, the fixtures'
 * cluster password), with trailer after the ciphertext (may be NULL).
 */
static inline int
gen_one_comp_set(const char *dir, const gen_member *m, size_t n,
    const char *trailer)
{
	gen_comp c = { "PUB", "UCM", "PLATFORM", "Ab3dE5gH7jK9mN1pQ3sT",
		{ 1, 2, 3, 4, 5, 6, 7, 8 }, m, n, false, trailer, 0 };
	gen_set s = { "2021-02-03-04-05-06", "PUB", "12.0.1.10000-10", 4,
		"Cluster#Pass1", &c, 1 };

	return gen_set_write(dir, &s, NULL);
}

/* Removes a test's scratch tree; 0 on success. */
static inline int
gen_rm_rf(const char *dir)
{
	char cmd[512];

	if (snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir) >= (int)sizeof(cmd))
		return -1;
	return system(cmd);
}

#endif /* DRS_GEN_H */
