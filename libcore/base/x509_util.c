/*
 * x509_util.c: small X.509 helpers shared by the trust-list, signing and
 * PKCS#12 layers.
 * Layer: base.
 */
#include <stdlib.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "ik_base.h"
#include "ik_x509.h"

/*
 * Formats a name as CUCM writes it: most specific attribute first
 * ("CN=..;OU=..;O=..;L=..;ST=..;C=.."), which is the reverse of the
 * usual DER order.
 */
char *
ik_x509_name_cucm(const X509_NAME *name)
{
	ik_sb sb;
	int i, n = X509_NAME_entry_count(name);
	const X509_NAME_ENTRY *e;
	unsigned char *utf8;
	int ulen;

	ik_sb_init(&sb);
	for (i = n - 1; i >= 0; i--) {
		e = X509_NAME_get_entry(name, i);
		ulen = ASN1_STRING_to_UTF8(&utf8,
		    X509_NAME_ENTRY_get_data(e));
		if (ulen < 0)
			continue;
		if (sb.len > 0)
			ik_sb_add(&sb, ";", 1);
		ik_sb_puts(&sb, OBJ_nid2sn(OBJ_obj2nid(
		    X509_NAME_ENTRY_get_object(e))));
		ik_sb_add(&sb, "=", 1);
		ik_sb_add(&sb, (const char *)utf8, (size_t)ulen);
		OPENSSL_free(utf8);
	}
	if (sb.oom) {
		ik_sb_free(&sb);
		return NULL;
	}
	return ik_sb_take(&sb);
}

time_t
ik_asn1_time(const ASN1_TIME *t, bool *ok)
{
	struct tm tm;

	if (t == NULL || ASN1_TIME_to_tm(t, &tm) != 1) {
		*ok = false;
		return 0;
	}
	return timegm(&tm);
}

const char *
ik_pkey_type(const EVP_PKEY *pk)
{
	switch (EVP_PKEY_get_base_id(pk)) {
	case EVP_PKEY_RSA: return "RSA";
	case EVP_PKEY_EC: return "EC";
	case EVP_PKEY_ED25519: return "ED25519";
	}
	return "other";
}
