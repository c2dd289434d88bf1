/*
 * gen-worst: writes trust lists that cost the most per input byte, for the
 * memory and scaling benchmarks.  No certificates, no signature: the cost
 * is in the walk and the model, not in cryptography.
 *
 *   gen-worst records OUT [BYTES]   tiny records (RECORDLENGTH + FUNCTION)
 *   gen-worst tlvs OUT [BYTES]      one record of tiny unknown TLVs
 *   gen-worst pads OUT [BYTES]      a header of one-byte padding TLVs
 *   gen-worst dump OUT [BYTES]      a `show itl` text dump of tiny records
 *   gen-worst versions N OLD NEW    two versions of N certificate-hash
 *                                   records; NEW changes every tenth, drops
 *                                   every hundredth and adds as many
 *
 * BYTES defaults to 4 MiB, the input size cap (IK_ITL_MAX_INPUT).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_INPUT	(4u << 20)

static void
tlv(FILE *f, int tag, const void *v, unsigned len)
{
	fputc(tag, f);
	fputc((int)(len >> 8), f);
	fputc((int)(len & 0xff), f);
	if (len > 0)
		fwrite(v, 1, len, f);
}

/* VERSION, HEADERLENGTH and FILENAME: 25 bytes. */
static void
header(FILE *f, int with_length)
{
	static const uint8_t ver[2] = { 1, 2 };
	uint8_t hl[2] = { 0, 25 };

	tlv(f, 1, ver, 2);
	if (with_length)
		tlv(f, 2, hl, 2);
	else
		tlv(f, 14, "ITL", 4);	/* keeps the size the same */
	tlv(f, 14, "ITLFile.tlv", 12);
}

static void
record_tiny(FILE *f, unsigned declared)
{
	static const uint8_t fn[2] = { 0, 1 };
	uint8_t rl[2] = { (uint8_t)(declared >> 8), (uint8_t)declared };

	tlv(f, 1, rl, 2);
	tlv(f, 4, fn, 2);
}

/* A record naming a certificate by its SHA-1: 5 + 5 + 23 + subject. */
static void
record_hash(FILE *f, unsigned id, unsigned gen, int fn)
{
	uint8_t rl[2], fv[2] = { 0, (uint8_t)fn }, h[20];
	char subj[40];
	unsigned n, i;

	n = (unsigned)snprintf(subj, sizeof(subj), "CN=host%07u;O=bench", id) +
	    1;
	for (i = 0; i < 20; i++)
		h[i] = (uint8_t)((id * 2654435761u + gen * 40503u) >>
		    (i % 4 * 8)) ^ (uint8_t)i;
	rl[0] = (uint8_t)((5 + 5 + 23 + 3 + n) >> 8);
	rl[1] = (uint8_t)((5 + 5 + 23 + 3 + n) & 0xff);
	tlv(f, 1, rl, 2);
	tlv(f, 4, fv, 2);
	tlv(f, 3, subj, n);
	tlv(f, 11, h, 20);	/* no HASH ALGORITHM: SHA-1 */
}

static FILE *
out(const char *path)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL) {
		perror(path);
		exit(2);
	}
	return f;
}

int
main(int argc, char **argv)
{
	unsigned long bytes = MAX_INPUT, n, i;
	FILE *f, *g;

	if (argc < 3) {
		fprintf(stderr, "usage: gen-worst records|tlvs|pads|dump OUT [BYTES]\n"
		    "       gen-worst versions N OLD NEW\n");
		return 2;
	}
	if (strcmp(argv[1], "versions") == 0) {
		if (argc != 5)
			return 2;
		n = strtoul(argv[2], NULL, 10);
		f = out(argv[3]);
		g = out(argv[4]);
		header(f, 1);
		header(g, 1);
		for (i = 0; i < n; i++) {
			/* Roles SAST, CCM, TFTP and TVS in turn. */
			static const int roles[4] = { 0, 1, 3, 21 };
			int fn = roles[i % 4];

			record_hash(f, (unsigned)i, 0, fn);
			if (i % 100 == 99)
				continue;		/* removed */
			record_hash(g, (unsigned)i, i % 10 == 9 ? 1 : 0, fn);
		}
		for (i = 0; i < n / 100; i++)	/* added */
			record_hash(g, (unsigned)(n + i), 0, 21);
		fclose(f);
		fclose(g);
		return 0;
	}
	if (argc > 3)
		bytes = strtoul(argv[3], NULL, 10);
	f = out(argv[2]);
	if (strcmp(argv[1], "records") == 0) {
		header(f, 1);
		for (n = 27; n + 10 <= bytes; n += 10)
			record_tiny(f, 10);
	} else if (strcmp(argv[1], "tlvs") == 0) {
		/* A RECORDLENGTH that does not fit keeps them in the record. */
		header(f, 1);
		record_tiny(f, 0xffff);
		for (n = 37; n + 3 <= bytes; n += 3)
			tlv(f, 0x7f, NULL, 0);
	} else if (strcmp(argv[1], "pads") == 0) {
		/* No HEADERLENGTH: the header runs until a record starts. */
		header(f, 0);
		for (n = 27; n + 10 < bytes; n++)
			fputc(13, f);
		record_tiny(f, 10);
	} else if (strcmp(argv[1], "dump") == 0) {
		fputs("admin:show itl\nThe checksum value of the ITL file:\n"
		    "0123456789abcdef0123456789abcdef(MD5)\n"
		    "Length of ITL file: 5438\nParse ITL File\n"
		    "----------------\nVersion: 1.2\nHeaderLength: 296 (BYTES)\n"
		    "BYTEPOS TAG LENGTH VALUE\n------- --- ------ -----\n"
		    "3 SIGNERID 2 110\n", f);
		for (i = 1, n = 300; n < bytes - 100; i++)
			n += (unsigned long)fprintf(f, "ITL Record #:%lu\n----\n"
			    "BYTEPOS TAG LENGTH VALUE\n------- --- ------ -----\n"
			    "1 RECORDLENGTH 2 10\n4 FUNCTION 2 System Administrator Security Token\n", i);
		fputs("The ITL file was verified successfully.\n", f);
	} else {
		fprintf(stderr, "gen-worst: unknown kind %s\n", argv[1]);
		return 2;
	}
	fclose(f);
	return 0;
}
