/*
 * p12_pem.c: keys and certificates in and out of PEM, beside the PKCS#12
 * layer: extraction from an ITLRecovery.p12, and signers given as files.
 * Layer: p12.
 *
 * PEM output goes to a BIO_s_secmem() buffer, which is cleansed when it
 * is freed, so that a private key in PEM never lingers in freed memory.
 */
#include <limits.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>

#include "ik_crypto.h"
#include "p12_private.h"

static ik_status
pem_out(BIO *bio, void **handle, const uint8_t **pem, size_t *len,
    ik_error *err)
{
	char *data = NULL;
	long n = BIO_get_mem_data(bio, &data);

	if (n <= 0 || data == NULL) {
		BIO_free(bio);
		return ik_error_set(err, IK_FATAL, IK_ERR_CRYPTO,
		    "PEM encoding produced nothing");
	}
	*handle = bio;
	*pem = (const uint8_t *)data;
	*len = (size_t)n;
	return IK_OK;
}

ik_status
ik_p12_key_pem(const ik_p12 *p, void **handle, const uint8_t **pem,
    size_t *len, ik_error *err)
{
	BIO *bio;

	*handle = NULL;
	if (p->key == NULL)
		return ik_error_set(err, IK_FAILED, IK_ERR_USAGE,
		    "no private key was opened");
	bio = BIO_new(BIO_s_secmem());
	if (bio == NULL)
		return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY, "out of memory");
	if (PEM_write_bio_PrivateKey(bio, p->key, NULL, NULL, 0, NULL,
	    NULL) != 1) {
		BIO_free(bio);
		return ik_error_set_ssl(err, IK_FATAL, "cannot encode the key");
	}
	return pem_out(bio, handle, pem, len, err);
}

ik_status
ik_p12_cert_pem(const ik_p12 *p, void **handle, const uint8_t **pem,
    size_t *len, ik_error *err)
{
	BIO *bio;

	*handle = NULL;
	if (p->cert == NULL)
		return ik_error_set(err, IK_FAILED, IK_ERR_USAGE,
		    "no certificate was found");
	bio = BIO_new(BIO_s_mem());
	if (bio == NULL)
		return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY, "out of memory");
	if (PEM_write_bio_X509(bio, p->cert) != 1) {
		BIO_free(bio);
		return ik_error_set_ssl(err, IK_FATAL,
		    "cannot encode the certificate");
	}
	return pem_out(bio, handle, pem, len, err);
}

void
ik_p12_pem_free(void *handle)
{
	BIO_free(handle);
}

static bool
looks_pem(const uint8_t *buf, size_t len)
{
	size_t i;

	for (i = 0; i + 10 < len && i < 4096; i++)
		if (memcmp(buf + i, "-----BEGIN", 10) == 0)
			return true;
	return false;
}

/*
 * A private key (want_key) or a certificate from PEM or DER.  Encrypted
 * PEM keys get an empty passphrase: refused, never prompted for.
 */
static void *
read_pem_or_der(const uint8_t *buf, size_t len, bool want_key,
    ik_error *err)
{
	const unsigned char *q = buf;
	void *obj = NULL;
	BIO *bio;

	ERR_clear_error();
	if (len > INT_MAX) {
		ik_error_set(err, IK_FAILED, IK_ERR_FORMAT, "file too large");
		return NULL;
	}
	if (!looks_pem(buf, len))
		obj = want_key ? (void *)d2i_AutoPrivateKey(NULL, &q, (long)len) :
		    (void *)d2i_X509(NULL, &q, (long)len);
	else if ((bio = BIO_new_mem_buf(buf, (int)len)) != NULL) {
		obj = want_key ? (void *)PEM_read_bio_PrivateKey(bio, NULL, NULL,
		    (void *)"") : (void *)PEM_read_bio_X509(bio, NULL, NULL, NULL);
		BIO_free(bio);
	}
	if (obj == NULL)
		ik_error_set_ssl(err, IK_FAILED, want_key ?
		    "not an unencrypted private key in PEM or DER" :
		    "not an X.509 certificate in PEM or DER");
	return obj;
}

ik_status
ik_pem_read_key(const uint8_t *buf, size_t len, EVP_PKEY **out,
    ik_error *err)
{
	ik_crypto_init();
	*out = read_pem_or_der(buf, len, true, err);
	return *out != NULL ? IK_OK : IK_FAILED;
}

ik_status
ik_pem_read_cert(const uint8_t *buf, size_t len, X509 **out, ik_error *err)
{
	*out = read_pem_or_der(buf, len, false, err);
	return *out != NULL ? IK_OK : IK_FAILED;
}
