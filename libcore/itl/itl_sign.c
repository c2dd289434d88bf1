/*
 * itl_sign.c: layer itl.  The signing primitives: building and re-signing
 * trust lists as bytes (the policy and the verification of those bytes
 * before they may be written: sign_op.c).
 *
 * Both paths describe the header as a list of TLVs (with a placeholder
 * where the SIGNATURE goes), append the record bytes, and hand the lot to
 * sign_and_emit(), which writes the header with its final HEADERLENGTH
 * (the signature length is known from the key), pads it to a multiple of
 * 4, signs the file without the SIGNATURE TLV and inserts `0C len sig`
 * where the placeholder stood.  That is exactly what verification cuts
 * out again.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>

#include "ik_sgn.h"
#include "ik_sign.h"
#include "ik_x509.h"

/* A header item: a TLV description that may point at fresh values. */
typedef struct hitem {
	uint8_t tag;
	uint8_t kind;
	uint8_t depth;
	const uint8_t *val;
	size_t len;
	bool is_sig;		/* the SIGNATURE placeholder */
} hitem;

typedef struct hlist {
	hitem v[48];
	size_t n;
	bool overflow;
} hlist;

static void
hl_add(hlist *h, uint8_t tag, uint8_t kind, uint8_t depth,
    const void *val, size_t len)
{
	if (h->n == sizeof(h->v) / sizeof(h->v[0])) {
		h->overflow = true;
		return;
	}
	h->v[h->n].tag = tag;
	h->v[h->n].kind = kind;
	h->v[h->n].depth = depth;
	h->v[h->n].val = val;
	h->v[h->n].len = len;
	h->v[h->n].is_sig = tag == IK_HT_SIGNATURE;
	h->n++;
}

static int
modulus_code(size_t siglen)
{
	switch (siglen) {
	case 64: return 0;
	case 128: return 1;
	case 256: return 2;
	case 512: return 3;
	}
	return -1;
}

/* The signer fields, owned here, that both paths put in the header. */
typedef struct signer_fields {
	char *name, *ca;
	uint8_t serial[64];
	size_t serial_len;
	uint8_t digest, modulus, ts[4];
	uint8_t sv[2];		/* o->signer_version as tag 28 writes it */
	size_t siglen;
} signer_fields;

static ik_status
signer_fields_get(const ik_sign_opts *o, signer_fields *sf, ik_error *err)
{
	const ASN1_INTEGER *sn;
	int mc;

	memset(sf, 0, sizeof(*sf));
	if (o->key == NULL || o->cert == NULL)
		return ik_error_set(err, IK_FATAL, IK_ERR_USAGE,
		    "a signing key and its certificate are needed");
	if (EVP_PKEY_get_base_id(o->key) != EVP_PKEY_RSA)
		return ik_error_set(err, IK_FATAL, IK_ERR_UNSUPPORTED,
		    "trust lists are signed with RSA keys; this key is not RSA");
	if (X509_check_private_key(o->cert, o->key) != 1) {
		ERR_clear_error();
		return ik_error_set(err, IK_FAILED, IK_ERR_CRYPTO,
		    "the private key does not belong to the signer certificate");
	}
	if (ik_itl_digest_from_code(o->digest) < 0)
		return ik_error_set(err, IK_FATAL, IK_ERR_USAGE,
		    "unknown digest code %d", o->digest);
	sf->siglen = (size_t)EVP_PKEY_get_size(o->key);
	mc = modulus_code(sf->siglen);
	if (mc < 0)
		return ik_error_set(err, IK_FATAL, IK_ERR_UNSUPPORTED,
		    "RSA key of %zu bytes: trust lists carry 512 to 4096-bit keys",
		    sf->siglen);
	sn = X509_get0_serialNumber(o->cert);
	if (sn == NULL || (size_t)ASN1_STRING_length(sn) > sizeof(sf->serial))
		return ik_error_set(err, IK_FATAL, IK_ERR_FORMAT,
		    "the signer certificate's serial number is unusable");
	sf->serial_len = (size_t)ASN1_STRING_length(sn);
	memcpy(sf->serial, ASN1_STRING_get0_data(sn), sf->serial_len);
	sf->name = ik_x509_name_cucm(X509_get_subject_name(o->cert));
	sf->ca = ik_x509_name_cucm(X509_get_issuer_name(o->cert));
	if (sf->name == NULL || sf->ca == NULL) {
		free(sf->name);
		free(sf->ca);
		return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
		    "out of memory");
	}
	sf->digest = (uint8_t)o->digest;
	sf->modulus = (uint8_t)mc;
	sf->ts[0] = (uint8_t)(o->timestamp >> 24);
	sf->ts[1] = (uint8_t)(o->timestamp >> 16);
	sf->ts[2] = (uint8_t)(o->timestamp >> 8);
	sf->ts[3] = (uint8_t)o->timestamp;
	sf->sv[0] = (uint8_t)(o->signer_version >> 8);
	sf->sv[1] = (uint8_t)o->signer_version;
	return IK_OK;
}

static void
signer_fields_free(signer_fields *sf)
{
	free(sf->name);
	free(sf->ca);
}

static ik_status
sign_and_emit(const hlist *h, const ik_sign_opts *o, size_t siglen,
    const uint8_t *recs, size_t reclen, uint8_t **out, size_t *outlen,
    ik_error *err)
{
	ik_tlvw w;
	size_t i, sig_at = 0, hl_at = 0, hlen, pads;
	int depth = 0;
	bool have_sig = false;
	uint8_t *file = NULL, *sig = NULL;
	size_t flen, slen = siglen;
	EVP_MD_CTX *ctx = NULL;
	const EVP_MD *md;
	ik_status r = IK_FATAL;

	if (h->overflow)
		return ik_error_set(err, IK_FAILED, IK_ERR_FORMAT,
		    "the header has too many TLVs");
	ik_tlvw_init(&w);
	for (i = 0; i < h->n; i++) {
		while (depth > (int)h->v[i].depth) {
			ik_tlvw_close(&w);
			depth--;
		}
		if (h->v[i].is_sig) {
			sig_at = w.sb.len;
			have_sig = true;
			continue;
		}
		if (h->v[i].kind == IK_TLV_CONTAINER) {
			ik_tlvw_open(&w, h->v[i].tag);
			depth++;
			continue;
		}
		if (h->v[i].tag == IK_HT_HEADERLENGTH)
			hl_at = w.sb.len + 3;
		ik_tlvw_leaf(&w, h->v[i].tag, h->v[i].val, h->v[i].len);
	}
	while (depth-- > 0)
		ik_tlvw_close(&w);
	if (!have_sig || hl_at == 0 || w.failed) {
		ik_tlvw_free(&w);
		return ik_error_set(err, IK_FAILED, IK_ERR_FORMAT,
		    "cannot lay out the header (no HEADERLENGTH or SIGNATURE place, or a value too long)");
	}
	hlen = w.sb.len + 3 + siglen;
	pads = (4 - hlen % 4) % 4;
	hlen += pads;
	if (hlen > 0xffff) {
		ik_tlvw_free(&w);
		return ik_error_set(err, IK_FAILED, IK_ERR_FORMAT,
		    "header of %zu bytes does not fit HEADERLENGTH", hlen);
	}
	w.sb.s[hl_at] = (char)(hlen >> 8);
	w.sb.s[hl_at + 1] = (char)(hlen & 0xff);
	for (i = 0; i < pads; i++)
		ik_tlvw_pad(&w);
	ik_sb_add(&w.sb, (const char *)recs, reclen);
	if (w.failed || w.sb.oom) {
		ik_tlvw_free(&w);
		return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
		    "out of memory");
	}
	/* The bytes so far are exactly what the signature covers. */
	flen = w.sb.len + 3 + siglen;
	file = malloc(flen);
	sig = malloc(siglen);
	md = ik_digest_md((ik_digest)ik_itl_digest_from_code(o->digest));
	ctx = EVP_MD_CTX_new();
	if (file == NULL || sig == NULL || ctx == NULL || md == NULL) {
		ik_error_set(err, IK_FATAL, IK_ERR_MEMORY, "out of memory");
		goto done;
	}
	if (EVP_DigestSignInit(ctx, NULL, md, NULL, o->key) != 1 ||
	    EVP_DigestSign(ctx, sig, &slen, (const uint8_t *)w.sb.s,
	    w.sb.len) != 1 || slen != siglen) {
		ik_error_set_ssl(err, IK_FATAL, "signing failed");
		goto done;
	}
	memcpy(file, w.sb.s, sig_at);
	file[sig_at] = IK_HT_SIGNATURE;
	file[sig_at + 1] = (uint8_t)(siglen >> 8);
	file[sig_at + 2] = (uint8_t)siglen;
	memcpy(file + sig_at + 3, sig, siglen);
	memcpy(file + sig_at + 3 + siglen, w.sb.s + sig_at, w.sb.len - sig_at);
	*out = file;
	*outlen = flen;
	file = NULL;
	r = IK_OK;
done:
	EVP_MD_CTX_free(ctx);
	free(file);
	free(sig);
	ik_tlvw_free(&w);
	return r;
}

/*
 * Adds the CUCM-order header: 1, 2, 3{4,5,6}, 7{8,9{10,11}}, 12, 14, 15;
 * with a signer version, tag 28 after 2, where the peer tool writes it.
 */
static void
cucm_header(hlist *h, const signer_fields *sf, const uint8_t ver[2],
    const char *filename, const uint8_t *zero, bool signer_version)
{
	static const uint8_t rsa = 0;

	hl_add(h, IK_HT_VERSION, IK_TLV_LEAF, 0, ver, 2);
	hl_add(h, IK_HT_HEADERLENGTH, IK_TLV_LEAF, 0, zero, 2);
	if (signer_version)
		hl_add(h, IK_HT_SIGNERVERSION, IK_TLV_LEAF, 0, sf->sv, 2);
	hl_add(h, IK_HT_SIGNERID, IK_TLV_CONTAINER, 0, NULL, 0);
	hl_add(h, IK_HT_SIGNERNAME, IK_TLV_LEAF, 1, sf->name,
	    strlen(sf->name) + 1);
	hl_add(h, IK_HT_SERIAL, IK_TLV_LEAF, 1, sf->serial, sf->serial_len);
	hl_add(h, IK_HT_CANAME, IK_TLV_LEAF, 1, sf->ca, strlen(sf->ca) + 1);
	hl_add(h, IK_HT_SIGINFO, IK_TLV_CONTAINER, 0, NULL, 0);
	hl_add(h, IK_HT_DIGESTALG, IK_TLV_LEAF, 1, &sf->digest, 1);
	hl_add(h, IK_HT_SIGALGINFO, IK_TLV_CONTAINER, 1, NULL, 0);
	hl_add(h, IK_HT_SIGALG, IK_TLV_LEAF, 2, &rsa, 1);
	hl_add(h, IK_HT_SIGMODULUS, IK_TLV_LEAF, 2, &sf->modulus, 1);
	hl_add(h, IK_HT_SIGNATURE, IK_TLV_LEAF, 0, NULL, 0);
	hl_add(h, IK_HT_FILENAME, IK_TLV_LEAF, 0, filename,
	    strlen(filename) + 1);
	hl_add(h, IK_HT_TIMESTAMP, IK_TLV_LEAF, 0, sf->ts, 4);
}

static void
record_bytes(ik_tlvw *w, const ik_build_record *br, const char *subject,
    const char *issuer)
{
	const ASN1_INTEGER *sn = X509_get0_serialNumber(br->cert);
	const ASN1_BIT_STRING *csig = NULL;
	EVP_PKEY *pk = X509_get0_pubkey(br->cert);
	unsigned char *der = NULL, *pkd = NULL;
	uint8_t hash[20], alg = IK_ITL_DIGEST_SHA1;
	int dlen, plen;
	uint16_t fn = (uint16_t)br->function;

	X509_get0_signature(&csig, NULL, br->cert);
	dlen = i2d_X509(br->cert, &der);
	plen = pk != NULL ? i2d_PublicKey(pk, &pkd) : -1;
	if (dlen <= 0 || plen <= 0 || sn == NULL || csig == NULL) {
		w->failed = true;
		goto done;
	}
	ik_tlvw_open(w, IK_RT_RECORDLENGTH);	/* patched below like a container */
	ik_tlvw_str(w, IK_RT_DNSNAME, br->dns_name ? br->dns_name : "");
	ik_tlvw_str(w, IK_RT_SUBJECT, subject);
	ik_tlvw_u16(w, IK_RT_FUNCTION, fn);
	ik_tlvw_str(w, IK_RT_ISSUER, issuer);
	ik_tlvw_leaf(w, IK_RT_SERIAL, ASN1_STRING_get0_data(sn),
	    (size_t)ASN1_STRING_length(sn));
	ik_tlvw_leaf(w, IK_RT_PUBKEY, pkd, (size_t)plen);
	ik_tlvw_leaf(w, IK_RT_SIGNATURE, ASN1_STRING_get0_data(csig),
	    (size_t)ASN1_STRING_length(csig));
	if (br->hash_only) {
		ik_digest_buf(IK_SHA1, der, (size_t)dlen, hash);
		ik_tlvw_leaf(w, IK_RT_CERTHASH, hash, sizeof(hash));
		ik_tlvw_leaf(w, IK_RT_HASHALG, &alg, 1);
	} else {
		ik_tlvw_leaf(w, IK_RT_CERT, der, (size_t)dlen);
	}
	if (br->has_ip)
		ik_tlvw_leaf(w, IK_RT_IPADDRESS, br->ip, 4);
done:
	OPENSSL_free(der);
	OPENSSL_free(pkd);
}

/*
 * RECORDLENGTH counts the whole record, its own 5 bytes included, and is
 * a 2-byte value rather than a container: rewrite what ik_tlvw_open left.
 */
static void
record_finish(ik_tlvw *w, size_t start)
{
	size_t total;
	char tail[2];

	if (w->failed || w->depth != 1) {
		w->failed = true;
		return;
	}
	w->depth = 0;
	total = w->sb.len - start + 2;
	if (total > 0xffff) {
		w->failed = true;
		return;
	}
	/* Make room for the 2-byte value right after the 3-byte head. */
	ik_sb_add(&w->sb, "\0\0", 2);
	if (w->sb.oom) {
		w->failed = true;
		return;
	}
	memmove(w->sb.s + start + 5, w->sb.s + start + 3,
	    w->sb.len - start - 5);
	w->sb.s[start + 1] = 0;
	w->sb.s[start + 2] = 2;
	tail[0] = (char)(total >> 8);
	tail[1] = (char)(total & 0xff);
	memcpy(w->sb.s + start + 3, tail, 2);
}

ik_status
ik_itl_build(const ik_sign_opts *o, const char *filename,
    const ik_build_record *recs, size_t nrec, uint8_t **out, size_t *outlen,
    ik_error *err)
{
	static const uint8_t ver[2] = { 1, 2 }, zero[2] = { 0, 0 };
	signer_fields sf;
	ik_tlvw w;
	hlist h;
	size_t i, start;
	char *subj, *iss;
	ik_status r;

	*out = NULL;
	*outlen = 0;
	/*
	 * A SAST record may sign the file, and phones check that signature
	 * with the record's certificate: one written as a hash alone would
	 * make every file it signs unverifiable (and the ITLRecovery record
	 * useless for a reset).
	 */
	for (i = 0; i < nrec; i++)
		if (recs[i].hash_only && recs[i].function == IK_FN_SAST)
			return ik_error_set(err, IK_FATAL, IK_ERR_REFUSED,
			    "record %zu: a SAST record must carry its certificate, not only its hash (phones verify the file signature with it)",
			    i + 1);
	r = signer_fields_get(o, &sf, err);
	if (r != IK_OK)
		return r;
	ik_tlvw_init(&w);
	for (i = 0; i < nrec && !w.failed; i++) {
		if (recs[i].cert == NULL) {
			w.failed = true;
			break;
		}
		subj = ik_x509_name_cucm(X509_get_subject_name(recs[i].cert));
		iss = ik_x509_name_cucm(X509_get_issuer_name(recs[i].cert));
		start = w.sb.len;
		if (subj != NULL && iss != NULL) {
			record_bytes(&w, &recs[i], subj, iss);
			record_finish(&w, start);
		} else {
			w.failed = true;
		}
		free(subj);
		free(iss);
	}
	if (w.failed || w.sb.oom) {
		ik_tlvw_free(&w);
		signer_fields_free(&sf);
		return ik_error_set(err, IK_FAILED, IK_ERR_FORMAT,
		    "cannot encode record %zu (certificate unusable or a field over 65535 bytes)",
		    i + 1);
	}
	memset(&h, 0, sizeof(h));
	cucm_header(&h, &sf, ver, filename ? filename : "ITLFile.tlv", zero,
	    o->signer_version != 0);
	r = sign_and_emit(&h, o, sf.siglen, (const uint8_t *)w.sb.s, w.sb.len,
	    out, outlen, err);
	ik_tlvw_free(&w);
	signer_fields_free(&sf);
	return r;
}

bool
ik_itl_cert_sha1(X509 *cert, uint8_t sha[20])
{
	unsigned char *der = NULL;
	int dlen;

	dlen = i2d_X509(cert, &der);
	if (dlen <= 0)
		return false;
	ik_digest_buf(IK_SHA1, der, (size_t)dlen, sha);
	OPENSSL_free(der);
	return true;
}

/*
 * The SAST record that would sign with cert holds only its hash: 1-based
 * index, or 0 when cert is carried whole by a SAST record (or absent).
 */
static size_t
hash_only_sast(const ik_itl *in, X509 *cert)
{
	uint8_t sha[20];
	size_t i, k = 0;

	if (cert == NULL || !ik_itl_cert_sha1(cert, sha) ||
	    ik_itl_find_sast_cert(in, cert) != 0)
		return 0;
	for (i = 0; i < in->nrec && k == 0; i++)
		if (in->recs[i].function == IK_FN_SAST &&
		    in->recs[i].has_cert_sha1 &&
		    memcmp(in->recs[i].cert_sha1, sha, 20) == 0)
			k = in->recs[i].index;
	return k;
}

ik_status
ik_itl_resign(const ik_itl *in, const ik_sign_opts *o, uint8_t **out,
    size_t *outlen, ik_error *err)
{
	static const uint8_t zero[2] = { 0, 0 };
	signer_fields sf;
	const ik_tlv *t;
	hlist h;
	size_t i, k;
	const void *val;
	size_t vlen;
	const char *ca;
	bool sv_done = false;
	ik_status r;

	*out = NULL;
	*outlen = 0;
	if (in->format != IK_FMT_TLV || in->malformed)
		return ik_error_set(err, IK_FAILED, IK_ERR_FORMAT,
		    "only a well-formed binary trust list can be re-signed");
	if (!in->hdr.has_signature)
		return ik_error_set(err, IK_FAILED, IK_ERR_FORMAT,
		    "the input has no SIGNATURE TLV to replace");
	k = hash_only_sast(in, o->cert);
	if (k != 0)
		return ik_error_set(err, IK_FATAL, IK_ERR_REFUSED,
		    "the signing certificate is record %zu of the input by its hash only (no CERTIFICATE): nobody can verify a file that record signs",
		    k);
	r = signer_fields_get(o, &sf, err);
	if (r != IK_OK)
		return r;
	/*
	 * The signer's own record spells its issuer as its writer did (the
	 * peer tool: "CN=..,O=..,OU=.."): CANAME keeps that spelling.
	 */
	ca = sf.ca;
	k = ik_itl_find_sast_cert(in, o->cert);
	if (k != 0 && in->recs[k - 1].issuer != NULL &&
	    ik_itl_names_equal(in->recs[k - 1].issuer, sf.ca))
		ca = in->recs[k - 1].issuer;
	memset(&h, 0, sizeof(h));
	for (i = 0; i < in->header_ntlv; i++) {
		t = &in->tlvs[i];
		val = t->val;
		vlen = t->len;
		switch (t->tag) {
		case IK_HT_PAD:
			continue;	/* recomputed */
		case IK_HT_HEADERLENGTH: val = zero; vlen = 2; break;
		case IK_HT_SIGNERNAME:
			val = sf.name; vlen = strlen(sf.name) + 1; break;
		case IK_HT_SERIAL: val = sf.serial; vlen = sf.serial_len; break;
		case IK_HT_CANAME: val = ca; vlen = strlen(ca) + 1; break;
		case IK_HT_DIGESTALG: val = &sf.digest; vlen = 1; break;
		case IK_HT_SIGMODULUS: val = &sf.modulus; vlen = 1; break;
		case IK_HT_TIMESTAMP: val = sf.ts; vlen = 4; break;
		case IK_HT_SIGNERVERSION:
			if (o->signer_version == 0)
				break;
			if (sv_done)
				continue;	/* a duplicate: one is written */
			val = sf.sv;
			vlen = 2;
			sv_done = true;
			break;
		default: break;
		}
		if (t->kind == IK_TLV_CONTAINER)
			val = NULL;
		hl_add(&h, t->tag, t->kind, t->depth, val, vlen);
		/* A new signer version goes after HEADERLENGTH, as built. */
		if (t->tag == IK_HT_HEADERLENGTH && t->depth == 0 &&
		    o->signer_version != 0 && !in->hdr.has_signer_version &&
		    !sv_done) {
			hl_add(&h, IK_HT_SIGNERVERSION, IK_TLV_LEAF, 0, sf.sv, 2);
			sv_done = true;
		}
	}
	r = sign_and_emit(&h, o, sf.siglen, in->buf + in->hdr.end,
	    in->len - in->hdr.end, out, outlen, err);
	signer_fields_free(&sf);
	return r;
}

size_t
ik_itl_find_sast_cert(const ik_itl *in, X509 *cert)
{
	uint8_t sha[20];
	size_t i;

	if (!ik_itl_cert_sha1(cert, sha))
		return 0;
	/* By the certificate itself: a CERTHASH alone claims, it does not hold. */
	for (i = 0; i < in->nrec; i++)
		if (in->recs[i].function == IK_FN_SAST &&
		    in->recs[i].has_cert_sha1 &&
		    ik_itl_record_has_cert(in, &in->recs[i]) &&
		    memcmp(in->recs[i].cert_sha1, sha, 20) == 0)
			return in->recs[i].index;
	return 0;
}

ik_status
ik_sgn_build(const ik_sign_opts *o, const char *filename,
    const uint8_t *payload, size_t len, uint8_t **out, size_t *outlen,
    ik_error *err)
{
	static const uint8_t ver[2] = { 1, 0 }, zero[2] = { 0, 0 };
	signer_fields sf;
	hlist h;
	ik_status r;

	*out = NULL;
	*outlen = 0;
	if (filename == NULL || filename[0] == '\0')
		return ik_error_set(err, IK_FATAL, IK_ERR_USAGE,
		    "a signed file needs the name phones request it by");
	r = signer_fields_get(o, &sf, err);
	if (r != IK_OK)
		return r;
	memset(&h, 0, sizeof(h));
	/* The peer's layout: version 1.0, no signer version. */
	cucm_header(&h, &sf, ver, filename, zero, false);
	r = sign_and_emit(&h, o, sf.siglen, payload, len, out, outlen, err);
	signer_fields_free(&sf);
	return r;
}
