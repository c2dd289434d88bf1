/*
 * testkit.h: helpers for the unit suites: keys and certificates with known
 * fields, fixture loading.
 */
#ifndef TESTKIT_H
#define TESTKIT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

/* An RSA key of bits bits (cached per size: generation is slow). */
EVP_PKEY *tk_rsa_key(int bits, int slot);

/*
 * A self-signed certificate for key with subject
 * "C=US, ST=nc, L=rtp, O=cisco, OU=tac, CN=<cn>" (CUCM prints it reversed),
 * serial = 16 bytes derived from serial_seed, valid [nb, na].
 */
X509 *tk_cert(EVP_PKEY *key, const char *cn, unsigned serial_seed,
    time_t nb, time_t na);

/* Reads a fixture from tests/data (the suites run there); aborts if absent. */
uint8_t *tk_read(const char *path, size_t *len);

#endif /* TESTKIT_H */
