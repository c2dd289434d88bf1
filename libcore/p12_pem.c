/*
 * p12_pem.c: keys and certificates in and out of PEM, beside the PKCS#12
 * layer: extraction from an ITLRecovery.p12, and signers given as files.
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

ik_status
ik_pem_read_key(const uint8_t *buf, size_t len, EVP_PKEY **out,
    ik_error *err)
{
	const unsigned char *q = buf;
	BIO *bio;

	*out = NULL;
	ik_crypto_init();
	ERR_clear_error();
	if (len > INT_MAX)
		return ik_error_set(err, IK_FAILED, IK_ERR_FORMAT,
		    "key file too large");
	if (looks_pem(buf, len)) {
		bio = BIO_new_mem_buf(buf, (int)len);
		if (bio == NULL)
			return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
			    "out of memory");
		/* An empty passphrase callback: encrypted PEM keys are refused, not prompted for. */
		*out = PEM_read_bio_PrivateKey(bio, NULL, NULL, (void *)"");
		BIO_free(bio);
	} else {
		*out = d2i_AutoPrivateKey(NULL, &q, (long)len);
	}
	if (*out == NULL)
		return ik_error_set_ssl(err, IK_FAILED,
		    "not an unencrypted private key in PEM or DER");
	return IK_OK;
}

ik_status
ik_pem_read_cert(const uint8_t *buf, size_t len, X509 **out, ik_error *err)
{
	const unsigned char *q = buf;
	BIO *bio;

	*out = NULL;
	ERR_clear_error();
	if (len > INT_MAX)
		return ik_error_set(err, IK_FAILED, IK_ERR_FORMAT,
		    "certificate file too large");
	if (looks_pem(buf, len)) {
		bio = BIO_new_mem_buf(buf, (int)len);
		if (bio == NULL)
			return ik_error_set(err, IK_FATAL, IK_ERR_MEMORY,
			    "out of memory");
		*out = PEM_read_bio_X509(bio, NULL, NULL, NULL);
		BIO_free(bio);
	} else {
		*out = d2i_X509(NULL, &q, (long)len);
	}
	if (*out == NULL)
		return ik_error_set_ssl(err, IK_FAILED,
		    "not an X.509 certificate in PEM or DER");
	return IK_OK;
}
