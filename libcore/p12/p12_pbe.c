/*
 * p12_pbe.c: names and iteration counts of the password-based encryption
 * a PKCS#12 file uses, read from the AlgorithmIdentifier parameters with
 * OpenSSL's own ASN.1 templates (PBEPARAM, PBE2PARAM, PBKDF2PARAM).
 * Layer: p12.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>

#include "p12_private.h"

static long
asn1_int_long(const ASN1_INTEGER *ai)
{
	long v;

	if (ai == NULL)
		return 1;	/* DEFAULT 1 where the field is optional */
	v = ASN1_INTEGER_get(ai);
	return v < 0 ? -1 : v;
}

static const char *
obj_name(const ASN1_OBJECT *o, char *buf, size_t size)
{
	int nid = OBJ_obj2nid(o);

	if (nid != NID_undef)
		return OBJ_nid2ln(nid);
	if (o == NULL || OBJ_obj2txt(buf, (int)size, o, 1) <= 0)
		snprintf(buf, size, "unknown");
	return buf;
}

/*
 * A cipher that only OpenSSL 3's legacy provider implements (its manual,
 * OSSL_PROVIDER-legacy(7), lists Blowfish, CAST5, single DES, IDEA, RC2,
 * RC4, RC5 and SEED).  Decided by name: asking the default provider with
 * a property query costs more than the rest of the walk together.
 */
static bool
cipher_is_legacy(int cipher_nid)
{
	static const char *const families[] = {
		"BF-", "CAST5-", "DES-CBC", "DES-ECB", "DES-CFB", "DES-OFB",
		"DESX-", "IDEA-", "RC2-", "RC4", "RC5-", "SEED-"
	};
	const char *name;
	size_t i;

	if (cipher_nid == NID_undef || (name = OBJ_nid2sn(cipher_nid)) == NULL)
		return false;
	for (i = 0; i < sizeof(families) / sizeof(families[0]); i++)
		if (strncasecmp(name, families[i], strlen(families[i])) == 0)
			return true;
	return false;
}

static void
describe_pbes2(const ASN1_TYPE *param, ik_p12_bag *b, bool *needs_legacy)
{
	PBE2PARAM *p2;
	PBKDF2PARAM *kdf = NULL;
	const char *kdfname, *prf = "hmacWithSHA1", *enc;
	char kbuf[64], ebuf[64], pbuf[64];
	int enc_nid;

	p2 = ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(PBE2PARAM), param);
	if (p2 == NULL || p2->keyfunc == NULL || p2->encryption == NULL) {
		ERR_clear_error();
		snprintf(b->algorithm, sizeof(b->algorithm),
		    "PBES2 (unreadable parameters)");
		PBE2PARAM_free(p2);
		return;
	}
	kdfname = obj_name(p2->keyfunc->algorithm, kbuf, sizeof(kbuf));
	enc_nid = OBJ_obj2nid(p2->encryption->algorithm);
	enc = obj_name(p2->encryption->algorithm, ebuf, sizeof(ebuf));
	if (OBJ_obj2nid(p2->keyfunc->algorithm) == NID_id_pbkdf2) {
		kdfname = "PBKDF2";
		kdf = ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(PBKDF2PARAM),
		    p2->keyfunc->parameter);
		if (kdf != NULL) {
			b->iterations = asn1_int_long(kdf->iter);
			if (kdf->prf != NULL)
				prf = obj_name(kdf->prf->algorithm, pbuf,
				    sizeof(pbuf));
		} else {
			ERR_clear_error();
		}
		snprintf(b->algorithm, sizeof(b->algorithm), "PBES2/%s/%s/%s",
		    kdfname, prf, enc);
	} else {
		snprintf(b->algorithm, sizeof(b->algorithm), "PBES2/%s/%s",
		    kdfname, enc);
	}
	*needs_legacy = cipher_is_legacy(enc_nid);
	/* DES and 3DES in PBES2 are as weak as the old PKCS#12 schemes. */
	b->legacy = *needs_legacy || enc_nid == NID_des_ede3_cbc ||
	    enc_nid == NID_des_cbc;
	PBKDF2PARAM_free(kdf);
	PBE2PARAM_free(p2);
}

void
ik_p12_describe_pbe(const X509_ALGOR *alg, ik_p12_bag *b, bool *needs_legacy)
{
	PBEPARAM *pbe;
	char buf[64];
	int nid, cnid = NID_undef, mnid = NID_undef;

	*needs_legacy = false;
	b->iterations = -1;
	b->legacy = false;
	if (alg == NULL || alg->algorithm == NULL) {
		snprintf(b->algorithm, sizeof(b->algorithm), "unknown");
		return;
	}
	nid = OBJ_obj2nid(alg->algorithm);
	if (nid == NID_pbes2) {
		describe_pbes2(alg->parameter, b, needs_legacy);
		return;
	}
	snprintf(b->algorithm, sizeof(b->algorithm), "%s",
	    obj_name(alg->algorithm, buf, sizeof(buf)));
	/* PKCS#5 v1 and PKCS#12 v1 schemes share PBEPARAM {salt, iter}. */
	if (EVP_PBE_find(EVP_PBE_TYPE_OUTER, nid, &cnid, &mnid, NULL) != 1) {
		ERR_clear_error();
		return;
	}
	pbe = ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(PBEPARAM),
	    alg->parameter);
	if (pbe != NULL)
		b->iterations = asn1_int_long(pbe->iter);
	else
		ERR_clear_error();
	PBEPARAM_free(pbe);
	*needs_legacy = cipher_is_legacy(cnid);
	b->legacy = true;
}
