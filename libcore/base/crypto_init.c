/*
 * crypto_init.c: loads OpenSSL 3's default and legacy providers once.
 * Layer: base.
 *
 * Loading any provider explicitly stops OpenSSL from loading "default"
 * implicitly, so both are loaded here.  They are unloaded by an atexit
 * handler, registered after OpenSSL's own so that it runs first: our
 * references dropped, OpenSSL's cleanup then frees everything and
 * valgrind sees no leak.
 */
#include <stdlib.h>
#include <pthread.h>
#include <stdio.h>

#include <openssl/err.h>
#include <openssl/provider.h>

#include "ik_crypto.h"

static pthread_once_t crypto_once = PTHREAD_ONCE_INIT;
static OSSL_PROVIDER *prov_default, *prov_legacy;
static bool legacy_ok;
static char legacy_why[256];

static void
crypto_unload(void)
{
	if (prov_legacy != NULL)
		OSSL_PROVIDER_unload(prov_legacy);
	if (prov_default != NULL)
		OSSL_PROVIDER_unload(prov_default);
	prov_legacy = prov_default = NULL;
}

static void
crypto_load(void)
{
	unsigned long e;

	/* The default provider must stay available whatever happens below. */
	prov_default = OSSL_PROVIDER_load(NULL, "default");
	if (prov_default == NULL)
		ERR_clear_error();
	prov_legacy = OSSL_PROVIDER_load(NULL, "legacy");
	atexit(crypto_unload);
	if (prov_legacy != NULL) {
		legacy_ok = true;
		return;
	}
	e = ERR_peek_last_error();
	if (e != 0)
		ERR_error_string_n(e, legacy_why, sizeof(legacy_why));
	else
		snprintf(legacy_why, sizeof(legacy_why),
		    "the provider module was not found");
	ERR_clear_error();
}

void
ik_crypto_init(void)
{
	pthread_once(&crypto_once, crypto_load);
}

bool
ik_crypto_legacy_loaded(void)
{
	ik_crypto_init();
	return legacy_ok;
}

const char *
ik_crypto_legacy_error(void)
{
	ik_crypto_init();
	return legacy_ok ? "" : legacy_why;
}
