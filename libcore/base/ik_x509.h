/*
 * ik_x509.h: layer base.  X.509 helpers every domain uses: names in CUCM
 * style, times, key types (x509_util.c).
 */
#ifndef IK_X509_H
#define IK_X509_H

#include <stdbool.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

/* A certificate name in CUCM style, "CN=..;OU=..;O=..;L=..;ST=..;C=.." (caller frees). */
char *ik_x509_name_cucm(const X509_NAME *name);
/* An ASN1_TIME as Unix seconds; clears *ok (and returns 0) when unreadable. */
time_t ik_asn1_time(const ASN1_TIME *t, bool *ok);
/* "RSA", "EC", "ED25519" or "other". */
const char *ik_pkey_type(const EVP_PKEY *pk);

#endif /* IK_X509_H */
