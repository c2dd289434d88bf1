/*
 * x509_decode.h: what itlkit keeps of a DER certificate, read without
 * OpenSSL 3's per-certificate decoder chain where that gives the same
 * answer (x509_decode.c).  Internal to libcore; the unit test and the fuzz
 * target compare the two ways of reading.
 * Layer: base.
 */
#ifndef X509_DECODE_H
#define X509_DECODE_H

#include "cert_cache.h"

enum {
	IK_X509_READ_FAST,	/* our template; d2i_X509 for non-RSA keys */
	IK_X509_READ_OPENSSL	/* d2i_X509 always */
};

/*
 * Fills ci (zeroed by the caller) from the certificate at der: ok,
 * der_used, names, serial, validity, key.  ci->ok stays false when the
 * bytes are not a certificate.  Returns the way it was read:
 * IK_X509_READ_FAST only when the template read it and no d2i_X509 ran.
 */
int ik_x509_decode(const uint8_t *der, size_t len, int how, ik_cert_info *ci);

/*
 * Reads der both ways.  0 when they agree on everything kept (acceptance,
 * bytes used, names, serial, validity, key type, bits, key DER, the keys
 * themselves); otherwise -1 and *why names the first field that differs.
 * *fast tells whether the first way ran without d2i_X509 (may be NULL).
 */
int ik_x509_decode_compare(const uint8_t *der, size_t len, const char **why,
    bool *fast);

#endif /* X509_DECODE_H */
