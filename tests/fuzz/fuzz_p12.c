/*
 * fuzz_p12.c: the PKCS#12 loading path (structure, MAC, bags, decryption,
 * certificate judgement, rendering) on arbitrary bytes, with two password
 * candidates: the fixed one the seed corpus was made with, so that mutants
 * still reach the decryption code, and one derived from the input.  The
 * same bytes also go through the PEM/DER key and certificate readers
 * itl-sign uses for --key and --cert.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ik_p12.h"
#include "ik_report.h"
#include "ik_p12_render.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
add(ik_secrets *s, const void *p, size_t n, size_t line)
{
	char *c = malloc(n + 1);

	if (c == NULL)
		return -1;
	memcpy(c, p, n);
	c[n] = '\0';
	s->v[s->n].s = c;
	s->v[s->n].len = strlen(c);
	s->v[s->n].line = line;
	s->n++;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ik_p12_render_opts ro = { "fuzz", "fuzz.p12", NULL, (long long)size, NULL };
	ik_p12_check_opts co = { 1500000000, 180 };
	ik_secrets s;
	ik_error err;
	ik_p12 *p = NULL;
	size_t dlen = size ? data[size - 1] % 12 : 0, plen;
	const uint8_t *pem;
	void *h;
	json_t *j;
	ik_sb sb;
	EVP_PKEY *key;
	X509 *cert;

	/* Keep each run short: seeds use 2048 iterations. */
	ik_p12_set_max_iterations(20000);
	ik_secrets_init(&s);
	s.v = calloc(2, sizeof(*s.v));
	if (s.v == NULL)
		return 0;
	if (dlen > size)
		dlen = size;
	if (add(&s, "cisco123", 8, 1) != 0 ||
	    add(&s, data + size - dlen, dlen, 2) != 0) {
		ik_secrets_free(&s);
		return 0;
	}
	ik_error_clear(&err);
	ik_p12_open(data, size, &s, &p, &err);
	if (p != NULL) {
		ik_p12_check(p, &co);
		j = ik_p12_json(p, &ro);
		json_decref(j);
		ik_sb_init(&sb);
		ik_p12_text(&sb, p, &ro);
		ik_sb_free(&sb);
		if (ik_p12_key_pem(p, &h, &pem, &plen, &err) == IK_OK)
			ik_p12_pem_free(h);
		if (ik_p12_cert_pem(p, &h, &pem, &plen, &err) == IK_OK)
			ik_p12_pem_free(h);
		ik_p12_free(p);
	}
	ik_secrets_free(&s);
	if (ik_pem_read_key(data, size, &key, &err) == IK_OK)
		EVP_PKEY_free(key);
	if (ik_pem_read_cert(data, size, &cert, &err) == IK_OK)
		X509_free(cert);
	return 0;
}
