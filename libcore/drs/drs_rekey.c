/*
 * drs_rekey.c: a set re-keyed for a new cluster security password.  Only
 * the manifest values change (each EncryptKey and EncryptedSHA1CheckSum is
 * decrypted under the old password and encrypted under the new one, same
 * scheme); every other byte of the manifest is kept, and the component
 * files are not touched.  The result is parsed back and checked before it
 * is handed out.
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

/* Re-encrypts one value; the plaintext is wiped. */
static ik_status
reencrypt(const ik_drs_report *r, const char *newH, const char *hex,
    char **out, ik_error *err)
{
	uint8_t pt[272];
	size_t n;
	ik_status st;

	st = ik_drs_value_decrypt(r->scheme, r->platform_hex, hex, pt,
	    sizeof(pt), &n, err);
	if (st == IK_OK)
		st = ik_drs_value_encrypt(r->scheme, newH, pt, n, out, err);
	ik_wipe(pt, sizeof(pt));
	return st;
}

/* Every value of the new manifest decrypts under newH to what the old one
 * held under the old password. */
static ik_status
check_result(const ik_drs_report *r, const char *newH, const uint8_t *buf,
    size_t len, ik_error *err)
{
	ik_drs_manifest m;
	ik_findings f;
	uint8_t a[272], b[272];
	size_t i, na, nb, k;
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
			    ik_drs_value_decrypt(r->scheme, r->platform_hex,
			    o[k], a, sizeof(a), &na, err) != IK_OK ||
			    ik_drs_value_decrypt(r->scheme, newH, nw[k], b,
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

ik_status
ik_drs_rekey(const ik_drs_report *r, const char *new_pw, size_t new_len,
    uint8_t **out, size_t *outlen, ik_error *err)
{
	char newH[IK_DRS_PLATFORM_HEX + 1];
	span *sp = NULL;
	size_t n = 0, i, pos = 0;
	ik_sb sb;
	ik_status st;

	*out = NULL;
	*outlen = 0;
	if (r->password != IK_DRS_PASSWORD_VERIFIED ||
	    r->manifest_bytes == NULL || r->scheme == 0)
		return ik_error_set(err, IK_FAILED, IK_ERR_PASSWORD,
		    "the old password is %s: refusing to re-key",
		    ik_drs_password_name(r->password));
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
			st = reencrypt(r, newH, c->encrypt_key, &sp[n++].hex, err);
		}
		if (st == IK_OK && c->encrypted_sha1 != NULL && c->sum_len > 0) {
			sp[n].off = c->sum_off;
			sp[n].len = c->sum_len;
			st = reencrypt(r, newH, c->encrypted_sha1, &sp[n++].hex,
			    err);
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
		st = check_result(r, newH, (const uint8_t *)sb.s, sb.len, err);
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
