/*
 * test_x509.c: a certificate read through our template (x509_decode.c)
 * gives exactly what d2i_X509 gives: the same acceptance, bytes used,
 * names, serial, validity, key type, bits, key DER and key.  Over every
 * offset of every file of the test data, the shared samples and the fuzz
 * corpora; over generated certificates of every key type, version and
 * shape; and over thousands of mutations of all of them (byte flips,
 * truncations, length octets changed at every level, including inside the
 * key, inserted and deleted bytes, other versions, trailing bytes).
 */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <check.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/rsa.h>
#include <openssl/x509v3.h>

#include "ik_base.h"
#include "testkit.h"
#include "x509_decode.h"

#define SAMPLES "../../samples"
#define MAXCERTS 256

/* Distinct certificates found or made, the mutations' seeds. */
static struct {
	uint8_t *der[MAXCERTS];
	size_t len[MAXCERTS];
	size_t n;
} certs;

static size_t tried, accepted, fast;

/* Both readings of buf must agree; counts what was read and how. */
static void
same(const uint8_t *buf, size_t len, const char *what, size_t at)
{
	const unsigned char *p = buf;
	const char *why;
	bool f;
	X509 *x;

	if (ik_x509_decode_compare(buf, len, &why, &f) != 0)
		ck_abort_msg("%s at %zu (%zu bytes): %s differs", what, at,
		    len, why);
	tried++;
	if ((x = d2i_X509(NULL, &p, (long)len)) != NULL) {
		accepted++;
		if (f)
			fast++;
		X509_free(x);
	}
	ERR_clear_error();
}

static void
keep(const uint8_t *der, size_t len)
{
	size_t i;

	for (i = 0; i < certs.n; i++)
		if (certs.len[i] == len && memcmp(certs.der[i], der, len) == 0)
			return;
	if (certs.n == MAXCERTS)
		return;
	certs.der[certs.n] = malloc(len);
	ck_assert_ptr_nonnull(certs.der[certs.n]);
	memcpy(certs.der[certs.n], der, len);
	certs.len[certs.n++] = len;
}

/* Every offset that starts a SEQUENCE, read both ways to the end. */
static void
scan(const uint8_t *buf, size_t len, const char *path)
{
	const unsigned char *p;
	size_t i;
	X509 *x;

	for (i = 0; i < len; i++) {
		if (buf[i] != 0x30)
			continue;
		same(buf + i, len - i, path, i);
		p = buf + i;
		if ((x = d2i_X509(NULL, &p, (long)(len - i))) != NULL) {
			keep(buf + i, (size_t)(p - (buf + i)));
			X509_free(x);
		}
		ERR_clear_error();
	}
}

static int
one_file(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
	uint8_t *buf;
	size_t len;
	FILE *f;

	(void)ftw;
	if (type != FTW_F || sb->st_size == 0 || sb->st_size > (1 << 22))
		return 0;
	if ((f = fopen(path, "rb")) == NULL)
		return 0;
	buf = malloc((size_t)sb->st_size);
	ck_assert_ptr_nonnull(buf);
	len = fread(buf, 1, (size_t)sb->st_size, f);
	fclose(f);
	scan(buf, len, path);
	free(buf);
	return 0;
}

/* A certificate of version v (0 = v1) for key, signed with md. */
static X509 *
made(EVP_PKEY *key, const EVP_MD *md, long v, bool ext)
{
	X509 *x = X509_new();
	X509_EXTENSION *e;
	X509_NAME *n;

	ck_assert_ptr_nonnull(x);
	X509_set_version(x, v);
	ASN1_INTEGER_set(X509_get_serialNumber(x), 0x1234567);
	ASN1_TIME_set(X509_getm_notBefore(x), 1000000000);
	ASN1_TIME_set(X509_getm_notAfter(x), 4102444800);	/* 2100 */
	n = X509_get_subject_name(x);
	X509_NAME_add_entry_by_txt(n, "O", MBSTRING_ASC,
	    (const unsigned char *)"cisco", -1, -1, 0);
	X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_UTF8,
	    (const unsigned char *)"t\xc3\xa9st", -1, -1, 0);
	X509_set_issuer_name(x, n);
	X509_set_pubkey(x, key);
	if (ext) {
		e = X509V3_EXT_conf_nid(NULL, NULL, NID_basic_constraints,
		    "critical,CA:TRUE");
		ck_assert_ptr_nonnull(e);
		X509_add_ext(x, e, -1);
		X509_EXTENSION_free(e);
	}
	ck_assert_int_gt(X509_sign(x, key, md), 0);
	return x;
}

static void
keep_x509(X509 *x)
{
	unsigned char *der = NULL;
	int n = i2d_X509(x, &der);

	ck_assert_int_gt(n, 0);
	keep(der, (size_t)n);
	OPENSSL_free(der);
	X509_free(x);
}

static EVP_PKEY *
gen_key(const char *alg, const char *curve)
{
	EVP_PKEY *k = curve != NULL ? EVP_PKEY_Q_keygen(NULL, NULL, alg,
	    curve) : EVP_PKEY_Q_keygen(NULL, NULL, alg);

	ck_assert_ptr_nonnull(k);
	return k;
}

/* Certificates of every key type and shape the scan may not have. */
static void
generated(void)
{
	EVP_PKEY *rsa = tk_rsa_key(1024, 0), *ec = gen_key("EC", "P-256");
	EVP_PKEY *ed = gen_key("ED25519", NULL);
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_name(NULL, "RSA-PSS", NULL);
	EVP_PKEY *pss = NULL;

	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(EVP_PKEY_keygen_init(c), 1);
	ck_assert_int_eq(EVP_PKEY_CTX_set_rsa_keygen_bits(c, 1024), 1);
	ck_assert_int_eq(EVP_PKEY_keygen(c, &pss), 1);
	EVP_PKEY_CTX_free(c);
	keep_x509(made(rsa, EVP_sha256(), 2, true));
	keep_x509(made(rsa, EVP_sha1(), 0, false));
	keep_x509(made(rsa, EVP_sha256(), 0, true));	/* v1 with extensions */
	keep_x509(made(rsa, EVP_sha256(), 1, false));
	keep_x509(made(ec, EVP_sha256(), 2, true));
	keep_x509(made(ed, NULL, 2, false));
	keep_x509(made(pss, EVP_sha256(), 2, false));
	EVP_PKEY_free(rsa);
	EVP_PKEY_free(ec);
	EVP_PKEY_free(ed);
	EVP_PKEY_free(pss);
}

/* Offsets of the last length octet of every TLV, descending into keys. */
static size_t
lengths(const uint8_t *der, size_t off, size_t end, size_t *at, size_t n,
    size_t max)
{
	const unsigned char *p;
	long len;
	int r, tag, cls;
	size_t hdr, skip;

	while (off < end && n < max) {
		p = der + off;
		r = ASN1_get_object(&p, &len, &tag, &cls, (long)(end - off));
		if (r & 0x80)
			break;
		hdr = (size_t)(p - der);
		at[n++] = hdr - 1;
		if (r == 0x21)	/* indefinite: not in these seeds */
			break;
		skip = tag == V_ASN1_BIT_STRING && cls == 0 && len > 1;
		if ((r & V_ASN1_CONSTRUCTED) || (cls == 0 &&
		    (tag == V_ASN1_BIT_STRING || tag == V_ASN1_OCTET_STRING) &&
		    len > 2 && der[hdr + skip] == 0x30))
			n = lengths(der, hdr + skip, hdr + (size_t)len, at, n,
			    max);
		off = hdr + (size_t)len;
	}
	return n;
}

static uint32_t rnd_state = 2463534242u;

static uint32_t
rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 17;
	rnd_state ^= rnd_state << 5;
	return rnd_state;
}

static const uint8_t newlen[] = { 0x00, 0x01, 0x7f, 0x80, 0x81, 0x82, 0x83,
    0x84, 0xff };

/* One mutation of der (len bytes) into m (room for len + 8); its length. */
static size_t
mutate(const uint8_t *der, size_t len, const size_t *at, size_t nat,
    uint8_t *m)
{
	size_t k, i, n = len;
	uint32_t kind = rnd() % 8;

	memcpy(m, der, len);
	switch (kind) {
	case 0:		/* flip 1 to 4 bytes */
		for (k = rnd() % 4 + 1; k > 0; k--)
			m[rnd() % len] ^= (uint8_t)(rnd() % 255 + 1);
		break;
	case 1:		/* truncate */
		n = rnd() % len;
		break;
	case 2:		/* a length octet one more or less */
		i = at[rnd() % nat];
		m[i] = (uint8_t)(m[i] + (rnd() & 1 ? 1 : -1));
		break;
	case 3:		/* a length octet set to an edge value */
		i = at[rnd() % nat];
		m[i] = newlen[rnd() % sizeof(newlen)];
		break;
	case 4:		/* a byte inserted */
		i = rnd() % (len + 1);
		memmove(m + i + 1, der + i, len - i);
		m[i] = (uint8_t)rnd();
		n = len + 1;
		break;
	case 5:		/* a byte deleted */
		i = rnd() % len;
		memmove(m + i, der + i + 1, len - i - 1);
		n = len - 1;
		break;
	case 6:		/* trailing bytes */
		for (k = 0; k < 8; k++)
			m[len + k] = (uint8_t)rnd();
		n = len + rnd() % 8 + 1;
		break;
	default:	/* a length octet and a flip together */
		i = at[rnd() % nat];
		m[i] ^= (uint8_t)(1u << (rnd() % 8));
		m[rnd() % len] ^= (uint8_t)(rnd() % 255 + 1);
		break;
	}
	return n;
}

/* The version INTEGER [0] of a v2/v3 certificate set to other values. */
static void
versions(const uint8_t *der, size_t len)
{
	static const uint8_t v[] = { 0, 1, 2, 3, 4, 0x7f, 0x80, 0xff };
	uint8_t *m = malloc(len);
	size_t i, k;

	ck_assert_ptr_nonnull(m);
	for (i = 0; i + 5 <= len && i < 16; i++) {
		if (memcmp(der + i, "\xa0\x03\x02\x01", 4) != 0)
			continue;
		for (k = 0; k < sizeof(v); k++) {
			memcpy(m, der, len);
			m[i + 4] = v[k];
			same(m, len, "version", k);
		}
		break;
	}
	free(m);
}

START_TEST(x509_known_fields)
{
	EVP_PKEY *rsa = tk_rsa_key(2048, 1), *ec = gen_key("EC", "P-256");
	X509 *x = tk_cert(rsa, "known", 7, 1000000000, 2000000000);
	unsigned char *der = NULL;
	ik_cert_info ci;
	int n = i2d_X509(x, &der);

	memset(&ci, 0, sizeof(ci));
	ck_assert_int_eq(ik_x509_decode(der, (size_t)n, IK_X509_READ_FAST,
	    &ci), IK_X509_READ_FAST);
	ck_assert(ci.ok);
	ck_assert_uint_eq(ci.der_used, (size_t)n);
	ck_assert_str_eq(ci.subject, "CN=known;OU=tac;O=cisco;L=rtp;ST=nc;C=US");
	ck_assert_str_eq(ci.issuer, ci.subject);
	ck_assert_uint_eq(ci.serial_len, 16);
	ck_assert(ci.has_validity);
	ck_assert_int_eq(ci.not_before, 1000000000);
	ck_assert_int_eq(ci.not_after, 2000000000);
	ck_assert_str_eq(ci.key_type, "RSA");
	ck_assert_int_eq(ci.key_bits, 2048);
	ck_assert_int_eq(EVP_PKEY_eq(ci.pkey, rsa), 1);
	/* PKCS #1 RSAPublicKey of a 2048-bit key, e = 65537: 270 bytes. */
	ck_assert_uint_eq(ci.pub_der_len, 270);
	ik_cert_info_release(&ci);
	/* Trailing bytes are not the certificate's. */
	der = OPENSSL_realloc(der, (size_t)n + 3);
	memset(der + n, 0x30, 3);
	ck_assert_int_eq(ik_x509_decode(der, (size_t)n + 3, IK_X509_READ_FAST,
	    &ci), IK_X509_READ_FAST);
	ck_assert_uint_eq(ci.der_used, (size_t)n);
	ik_cert_info_release(&ci);
	/* Not a certificate: refused without d2i_X509. */
	ck_assert_int_eq(ik_x509_decode(der, 40, IK_X509_READ_FAST, &ci),
	    IK_X509_READ_FAST);
	ck_assert(!ci.ok);
	ck_assert_ptr_null(ci.subject);
	ik_cert_info_release(&ci);
	OPENSSL_free(der);
	X509_free(x);
	/* An EC key is read by d2i_X509. */
	x = tk_cert(ec, "ec", 8, 1000000000, 2000000000);
	der = NULL;
	n = i2d_X509(x, &der);
	ck_assert_int_eq(ik_x509_decode(der, (size_t)n, IK_X509_READ_FAST,
	    &ci), IK_X509_READ_OPENSSL);
	ck_assert(ci.ok);
	ck_assert_str_eq(ci.key_type, "EC");
	ck_assert_int_eq(ci.key_bits, 256);
	ik_cert_info_release(&ci);
	OPENSSL_free(der);
	X509_free(x);
	EVP_PKEY_free(rsa);
	EVP_PKEY_free(ec);
}
END_TEST

START_TEST(x509_same_as_d2i_x509)
{
	struct stat sb;
	size_t i, k, n, nat, at[512], mutations = 0, before;
	uint8_t *m;

	tried = accepted = fast = 0;
	generated();
	ck_assert_uint_eq(certs.n, 7);
	ck_assert_int_eq(nftw(".", one_file, 16, FTW_PHYS), 0);
	/* The repository's own copies of the real samples. */
	ck_assert_int_eq(stat(SAMPLES, &sb), 0);
	ck_assert_int_eq(nftw(SAMPLES, one_file, 16, FTW_PHYS), 0);
	ck_assert_int_eq(nftw("../fuzz/corpus", one_file, 16, FTW_PHYS), 0);
	/* The trust lists of tests/data alone hold more than 8. */
	ck_assert_uint_gt(certs.n, 8);
	ck_assert_uint_gt(fast, 0);
	before = accepted;
	for (i = 0; i < certs.n; i++) {
		same(certs.der[i], certs.len[i], "certificate", i);
		versions(certs.der[i], certs.len[i]);
		nat = lengths(certs.der[i], 0, certs.len[i], at, 0, 512);
		ck_assert_uint_gt(nat, 10);
		m = malloc(certs.len[i] + 8);
		ck_assert_ptr_nonnull(m);
		for (k = 0; k < 150; k++) {
			n = mutate(certs.der[i], certs.len[i], at, nat, m);
			same(m, n, "mutation", k);
			mutations++;
		}
		free(m);
	}
	/* Most mutations are refused; some are still certificates. */
	ck_assert_uint_gt(accepted - before, certs.n);
	ck_assert_uint_ge(mutations, 3000);
	for (i = 0; i < certs.n; i++)
		free(certs.der[i]);
	certs.n = 0;
}
END_TEST

Suite *suite_x509(void);

Suite *
suite_x509(void)
{
	Suite *s = suite_create("x509");
	TCase *tc = tcase_create("x509");

	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, x509_known_fields);
	tcase_add_test(tc, x509_same_as_d2i_x509);
	suite_add_tcase(s, tc);
	return s;
}
