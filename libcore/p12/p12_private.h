/*
 * p12_private.h: shared between the p12_*.c files only.
 * Layer: p12.
 */
#ifndef P12_PRIVATE_H
#define P12_PRIVATE_H

#include <openssl/x509.h>

#include "ik_p12.h"

/*
 * Describes a password-based encryption AlgorithmIdentifier: algorithm
 * name, iteration count and whether it is legacy (PKCS#12 v1 PBE or a
 * cipher only the legacy provider has).  Sets *needs_legacy_provider.
 */
void ik_p12_describe_pbe(const X509_ALGOR *alg, ik_p12_bag *b,
    bool *needs_legacy_provider);

/* Appends a bag; returns it, or NULL when memory ran out. */
ik_p12_bag *ik_p12_add_bag(ik_p12 *p, const char *type);

/* Fills p->ci from p->cert. */
void ik_p12_cert_describe(ik_p12 *p);

#endif /* P12_PRIVATE_H */
