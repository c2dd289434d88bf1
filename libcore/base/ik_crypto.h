/*
 * ik_crypto.h: process-wide OpenSSL set-up.  PKCS#12 files written by
 * older appliances use RC2-40 and other ciphers that OpenSSL 3 keeps in
 * its "legacy" provider; we load it beside the "default" one, once.
 * Layer: base.
 */
#ifndef IK_CRYPTO_H
#define IK_CRYPTO_H

#include <stdbool.h>

/*
 * Loads the default and legacy providers into the default library
 * context, once per process (thread-safe).  Never fails: a missing
 * legacy provider only matters when a legacy algorithm is needed, and
 * ik_crypto_legacy_loaded() tells the caller then.
 */
void ik_crypto_init(void);
/* True when the legacy provider is loaded (calls ik_crypto_init). */
bool ik_crypto_legacy_loaded(void);
/* Why the legacy provider could not be loaded ("" when it was). */
const char *ik_crypto_legacy_error(void);

#endif /* IK_CRYPTO_H */
