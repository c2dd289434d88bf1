/*
 * drs_rekey.c: a set re-keyed for a new cluster security password.  Only
 * the manifest values change (each EncryptKey and EncryptedSHA1CheckSum is
 * decrypted under the old password and encrypted under the new one, same
 * scheme); every other byte of the manifest is kept, and the component
 * files are not touched.  When the old password is lost but every
 * component opened with a key leaked in its trailing text, the values are
 * made afresh from those keys and the files' SHA-1.  The result is parsed
 * back and checked before it is handed out.
 * Layer: drs.
 */
#include <stdlib.h>
#include <string.h>

#include "ik_drs.h"

typedef struct span {
	size_t off, len;
	char *hex;		/* the new value */
} span;

static int
cmp_span(const void *a, const void *b)
{
	const span *x = a, *y = b;

	return x->off < y->off ? -1 : x->off > y->off;
}

/*
 * What a re-key works from: the set, the scheme of the new values, and
 * where the old plaintexts come from (the old password, or the leaked
 * keys and the files).
 */
typedef struct rekey_src {
	const ik_drs_report *r;
	int scheme;
	bool leaked;
} rekey_src;

/*
 * The plaintext of value k (0 EncryptKey, 1 checksum) of component i:
 * decrypted under the old password, or, from leaked keys, the key that
 * opened the component and the SHA-1 of its file as stored.
 */
static ik_status
plain_value(const rekey_src *rs, size_t i, int k, uint8_t pt[272],
    size_t *n, ik_error *err)
{
	const ik_drs_report *r = rs->r;
	const ik_drs_comp *c = &r->m.comps[i];

	if (!rs->leaked)
		return ik_drs_value_decrypt(r->scheme, r->platform_hex,
		    k == 0 ? c->encrypt_key : c->encrypted_sha1, pt, 272, n,
		    err);
	if (k == 0) {
		*n = strlen(r->comps[i].leaked_key);
		memcpy(pt, r->comps[i].leaked_key, *n);
	} else {
		ik_hex(r->comps[i].scan.sha1_all, 20, (char *)pt);
		*n = 40;
	}
	return IK_OK;
}

/* Re-encrypts one value; the plaintext is wiped. */
static ik_status
reencrypt(const rekey_src *rs, const char *newH, size_t i, int k,
    char **out, ik_error *err)
{
	uint8_t pt[272];
	size_t n;
	ik_status st;

	st = plain_value(rs, i, k, pt, &n, err);
	if (st == IK_OK)
		st = ik_drs_value_encrypt(rs->scheme, newH, pt, n, out, err);
	ik_wipe(pt, sizeof(pt));
	return st;
}

/* Every value of the new manifest decrypts under newH to what the old one
 * held. */
static ik_status
check_result(const rekey_src *rs, const char *newH, const uint8_t *buf,
    size_t len, ik_error *err)
{
	const ik_drs_report *r = rs->r;
	ik_drs_manifest m;
	ik_findings f;
	uint8_t a[272], b[272];
	size_t i, na, nb;
	int k;
	ik_status st;

	ik_findings_init(&f);
	st = ik_drs_manifest_parse(buf, len, &m, &f, err);
	ik_findings_free(&f);
	if (st != IK_OK)
		return ik_error_push(err, "re-keyed manifest");
	if (m.ncomps != r->m.ncomps)
		st = ik_error_set(err, IK_FATAL, IK_ERR_FORMAT,
		    "re-keyed manifest lost components");
	for (i = 0; st == IK_OK && i < m.ncomps; i++) {
		const char *o[2] = { r->m.comps[i].encrypt_key,
		    r->m.comps[i].encrypted_sha1 };
		const char *nw[2] = { m.comps[i].encrypt_key,
		    m.comps[i].encrypted_sha1 };

		for (k = 0; st == IK_OK && k < 2; k++) {
			if (o[k] == NULL)
				continue;
			if (nw[k] == NULL ||
			    plain_value(rs, i, k, a, &na, err) != IK_OK ||
			    ik_drs_value_decrypt(rs->scheme, newH, nw[k], b,
			    sizeof(b), &nb, err) != IK_OK || na != nb ||
			    memcmp(a, b, na) != 0)
				st = ik_error_set(err, IK_FATAL, IK_ERR_CRYPTO,
				    "re-keyed value of component %zu does not decrypt back",
				    i + 1);
		}
	}
	ik_wipe(a, sizeof(a));
	ik_wipe(b, sizeof(b));
	ik_drs_manifest_free(&m);
	return st;
}

ik_status
ik_drs_new_password_check(const char *pw, size_t len, ik_error *err)
{
	size_t i;
	unsigned char c;

	if (len < IK_DRS_PW_MIN || len > IK_DRS_PW_MAX)
		return ik_error_set(err, IK_FATAL, IK_ERR_USAGE,
		    "the new cluster security password has %zu characters: CUCM accepts %d to %d",
		    len, IK_DRS_PW_MIN, IK_DRS_PW_MAX);
	for (i = 0; i < len; i++) {
		c = (unsigned char)pw[i];
		/* A byte-order mark, a tab or an editor's smart quote
		 * would become part of the password the set opens with. */
		if (c < 0x20 || c == 0x7f)
			return ik_error_set(err, IK_FATAL, IK_ERR_USAGE,
			    "the new cluster security password holds a control character (position %zu)",
			    i + 1);
		if (c >= 0x80)
			return ik_error_set(err, IK_FATAL, IK_ERR_USAGE,
			    "the new cluster security password holds a non-ASCII byte (position %zu)",
			    i + 1);
	}
	return IK_OK;
}

/* The manifest with every value re-encrypted under new_pw. */
static ik_status
rekey(const rekey_src *rs, const char *new_pw, size_t new_len,
    uint8_t **out, size_t *outlen, ik_error *err)
{
	const ik_drs_report *r = rs->r;
	char newH[IK_DRS_PLATFORM_HEX + 1];
	span *sp = NULL;
	size_t n = 0, i, pos = 0;
	ik_sb sb;
	ik_status st;

	*out = NULL;
	*outlen = 0;
	if ((st = ik_drs_new_password_check(new_pw, new_len, err)) != IK_OK)
		return st;
	if ((st = ik_drs_platform_encode(new_pw, new_len, newH, err)) != IK_OK)
		return ik_error_push(err, "new password");
	sp = calloc(2 * r->m.ncomps + 1, sizeof(*sp));
	if (sp == NULL)
		return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY, "out of memory");
	for (i = 0; st == IK_OK && i < r->m.ncomps; i++) {
		const ik_drs_comp *c = &r->m.comps[i];

		if (c->encrypt_key != NULL && c->key_len > 0) {
			sp[n].off = c->key_off;
			sp[n].len = c->key_len;
			st = reencrypt(rs, newH, i, 0, &sp[n++].hex, err);
		}
		if (st == IK_OK && c->encrypted_sha1 != NULL && c->sum_len > 0) {
			sp[n].off = c->sum_off;
			sp[n].len = c->sum_len;
			st = reencrypt(rs, newH, i, 1, &sp[n++].hex, err);
		}
	}
	qsort(sp, n, sizeof(*sp), cmp_span);
	ik_sb_init(&sb);
	for (i = 0; st == IK_OK && i < n; i++) {
		if (sp[i].off < pos || sp[i].off + sp[i].len > r->manifest_len) {
			st = ik_error_set(err, IK_FATAL, IK_ERR_FORMAT,
			    "value spans overlap or leave the manifest");
			break;
		}
		ik_sb_add(&sb, (const char *)r->manifest_bytes + pos,
		    sp[i].off - pos);
		ik_sb_puts(&sb, sp[i].hex);
		pos = sp[i].off + sp[i].len;
	}
	if (st == IK_OK)
		ik_sb_add(&sb, (const char *)r->manifest_bytes + pos,
		    r->manifest_len - pos);
	if (st == IK_OK && sb.oom)
		st = ik_error_set(err, IK_FATAL, IK_ERR_MEMORY, "out of memory");
	if (st == IK_OK)
		st = check_result(rs, newH, (const uint8_t *)sb.s, sb.len, err);
	for (i = 0; i < n; i++)
		free(sp[i].hex);
	free(sp);
	ik_wipe(newH, sizeof(newH));
	if (st != IK_OK) {
		ik_sb_free(&sb);
		return st;
	}
	*outlen = sb.len;
	*out = (uint8_t *)ik_sb_take(&sb);
	return IK_OK;
}

ik_status
ik_drs_rekey(const ik_drs_report *r, const char *new_pw, size_t new_len,
    uint8_t **out, size_t *outlen, ik_error *err)
{
	rekey_src rs = { r, r->scheme, false };

	*out = NULL;
	*outlen = 0;
	if (r->password != IK_DRS_PASSWORD_VERIFIED ||
	    r->manifest_bytes == NULL || r->scheme == 0)
		return ik_error_set(err, IK_FAILED, IK_ERR_PASSWORD,
		    "the old password is %s: refusing to re-key",
		    ik_drs_password_name(r->password));
	return rekey(&rs, new_pw, new_len, out, outlen, err);
}

/* Why component i's key was not recovered from a leak, or NULL. */
static const char *
not_recovered(const ik_drs_report *r, size_t i)
{
	const ik_drs_comp_report *cr = &r->comps[i];
	const ik_drs_comp *c = &r->m.comps[i];

	if (!cr->present)
		return "its file is missing";
	if (c->encrypt_key == NULL || c->key_len == 0 ||
	    c->encrypted_sha1 == NULL || c->sum_len == 0)
		return "the manifest has no EncryptKey or checksum value to replace";
	if (cr->nleaks == 0)
		return "no key leaked in its trailing text";
	if (cr->leaked_key == NULL)
		return "no key leaked in its trailing text opens it";
	/* The new manifest must verify: backup keys are 20 letters and
	 * digits, and a reader judges the password by that. */
	if (!ik_drs_randpw_plausible((const uint8_t *)cr->leaked_key,
	    strlen(cr->leaked_key)))
		return "the leaked key that opens it is not 20 letters and digits, as backup keys are";
	if (!cr->scan.hashed)
		return "its file was not read to the end";
	return NULL;
}

ik_status
ik_drs_rekey_leaked(ik_drs_report *r, const char *new_pw, size_t new_len,
    uint8_t **out, size_t *outlen, ik_error *err)
{
	rekey_src rs = { r, 0, true };
	const char *why;
	size_t i;
	ik_status st;

	*out = NULL;
	*outlen = 0;
	if (r->manifest_bytes == NULL || r->m.ncomps == 0)
		return ik_error_set(err, IK_FAILED, IK_ERR_FORMAT,
		    "the set has no readable manifest listing components: nothing to re-key");
	rs.scheme = ik_drs_scheme_for_version(r->m.version);
	if (rs.scheme == 0)
		return ik_error_set(err, IK_FAILED, IK_ERR_FORMAT,
		    "version %s has no known value scheme, and without the old password none can be found by trial: refusing to re-key",
		    r->m.version ? r->m.version : "(none)");
	for (i = 0; i < r->m.ncomps; i++)
		if ((why = not_recovered(r, i)) != NULL)
			return ik_error_set(err, IK_FAILED, IK_ERR_PASSWORD,
			    "component %s of %s (%zu of %zu): key not recovered: %s; refusing to re-key",
			    r->m.comps[i].component ? r->m.comps[i].component :
			    "?", r->m.comps[i].server ? r->m.comps[i].server :
			    "?", i + 1, r->m.ncomps, why);
	st = rekey(&rs, new_pw, new_len, out, outlen, err);
	if (st == IK_OK) {
		r->scheme = rs.scheme;
		r->from_leaked = true;
	}
	return st;
}
