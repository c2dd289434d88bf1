/*
 * drs_fixtures.h: the catalogue of generated DRS sets under
 * tests/data/drs/gen, with the truth each one carries.  test_drs_sets.c
 * regenerates them and checks the committed files are identical; with
 * DRS_GEN_WRITE=DIR it writes them there instead (to update fixtures).
 */
#ifndef DRS_FIXTURES_H
#define DRS_FIXTURES_H

#include "drs_gen.h"

#define FX_PW		"Cluster#Pass1"
#define FX_OTHER_PW	"Other#Pass2"

static const gen_member fx_platform[] = {
	{ "common/", 'd', NULL },
	{ "common/platformConfig.xml", 'f',
	  "<PlatformData><!-- generated fixture --></PlatformData>\n" },
	{ "common/log/backup.log", 'f', "platform backup ok\n" },
};
static const gen_member fx_tftp[] = {
	{ "/usr/local/cm/tftp/ITLFile.tlv", 'f', "FAKE ITL FILE (fixture)\n" },
	{ "/usr/local/cm/tftp/CTLFile.tlv", 'f', "FAKE CTL FILE (fixture)\n" },
	{ "/usr/local/cm/tftp/SEPDEFAULT.cnf.xml", 'f', "<device/>\n" },
};
static const gen_member fx_clm[] = {
	{ "/usr/local/platform/.security/ITLRecovery.p12", 'f',
	  "FAKE PKCS12 (fixture)\n" },
	{ "/usr/local/platform/.security/tomcat/certs/tomcat.pem", 'f',
	  "-----BEGIN CERTIFICATE-----\nFAKE\n-----END CERTIFICATE-----\n" },
};
static const gen_member fx_db[] = {
	{ "/common/ccmdb/dump.sql", 'f',
	  "-- fixture database dump: 0123456789abcdef0123456789abcdef\n"
	  "-- 0123456789abcdef0123456789abcdef0123456789abcdef01234567\n"
	  "-- 0123456789abcdef0123456789abcdef0123456789abcdef01234567\n"
	  "-- 0123456789abcdef0123456789abcdef0123456789abcdef01234567\n" },
};
static const gen_member fx_evil[] = {
	{ "ok/fine.txt", 'f', "inside\n" },
	{ "../escape.txt", 'f', "dot-dot member\n" },
	{ "/tmp/itlkit-absolute.txt", 'f', "absolute member\n" },
	{ "ok/../../up.txt", 'f', "dot-dot in the middle\n" },
	{ "link-out", 'l', "../../outside" },
	{ "link-abs", 'l', "/etc/passwd" },
	{ "link-in", 'l', "ok/fine.txt" },
	{ "hard-out", 'h', "/etc/passwd" },
	{ "dev/null0", 'c', NULL },
	{ "link-out/through.txt", 'f', "written through a symlink\n" },
};

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define SALT(x) { 0x10 + (x), 0x21, 0x32, 0x43, 0x54, 0x65, 0x76, 0x87 }

#define C_PLATFORM(srv, pw, s) \
	{ srv, "UCM", "PLATFORM", pw, SALT(s), fx_platform, N(fx_platform), \
	  false, NULL, 0 }
#define C_TFTP(srv, pw, s) \
	{ srv, "UCM", "TFTP", pw, SALT(s), fx_tftp, N(fx_tftp), true, NULL, 0 }
#define C_CLM(srv, pw, s, tr) \
	{ srv, "UCM", "CLM", pw, SALT(s), fx_clm, N(fx_clm), false, tr, 0 }
#define C_DB(srv, pw, s) \
	{ srv, "UCM", "CCMDB", pw, SALT(s), fx_db, N(fx_db), false, NULL, 0 }

static const gen_comp fx_s1_comps[] = {
	C_PLATFORM("PUB1", "Ab3dE5gH7jK9mN1pQ3sT", 1),
	C_TFTP("PUB1", "Zy9xW8vU7tS6rQ5pO4nM", 2),
	C_CLM("PUB1", "Mn0bV9cX8zL7kJ6hG5fD", 3,
	    "2020-01-02 03:04:05 CLM backup script finished\n"),
	C_TFTP("SUB1", "Qw1eR2tY3uI4oP5aS6dF", 4),
};
static const gen_comp fx_small_comps[] = {
	C_TFTP("PUB", "Gh7jK8lZ9xC0vB1nM2qW", 5),
	C_CLM("PUB", "Er4tY5uI6oP7aS8dF9gH", 6, NULL),
};
static const gen_comp fx_db_comps[] = {
	C_DB("PUB1", "Ui8oP9aS0dF1gH2jK3lZ", 7),
	C_TFTP("PUB1", "Xc4vB5nM6qW7eR8tY9uI", 8),
};
static const gen_comp fx_leak_comps[] = {
	C_CLM("PUB1", "Lk2jH3gF4dS5aP6oI7uY", 9,
	    "/usr/bin/openssl enc -aes-128-cbc -md sha1 -salt -k Lk2jH3gF4dS5aP6oI7uY -in clm.tar\n"
	    "backup of CLM complete\n"),
};
static const gen_comp fx_evil_comps[] = {
	{ "PUB1", "UCM", "PLATFORM", "Ev1lT4rM3mB3rsP4thsX", SALT(10),
	  fx_evil, N(fx_evil), false, NULL, 0 },
};
static const gen_comp fx_plain_comps[] = {
	{ "PUB1", "UCM", "PLATFORM", "Pl4inT4rN0tEncrypt3d", SALT(11),
	  fx_platform, N(fx_platform), false, NULL, 't' },
	{ "PUB1", "UCM", "TFTP", "Pl4inGz1pN0tEncrypt3", SALT(12),
	  fx_tftp, N(fx_tftp), true, NULL, 'g' },
};

/* What a fixture is and what drs-verify must say of it. */
typedef struct fixture {
	const char *dir;	/* under tests/data/drs/gen */
	gen_set set;
	const char *skip;	/* component whose file is deleted */
	char damage;		/* 0, 'm' modified byte, 't' truncated 32 bytes */
	const char *damage_comp;
	const char *status;	/* drs-verify --deep with FX_PW */
	int scheme;
	bool junk;		/* lower-case one file, add an extra and an orphan */
} fixture;

#define SET(id, pub, ver, sch, pw, comps) \
	{ id, pub, ver, sch, pw, comps, N(comps) }

static const fixture fixtures[] = {
	{ "s1", SET("2020-01-02-03-04-05", "PUB1", "10.5.2.10000-5", 1, FX_PW,
	    fx_s1_comps), NULL, 0, NULL, "ok", 1, false },
	{ "s2", SET("2020-02-02-03-04-05", "PUB", "11.0.1.10000-10", 2, FX_PW,
	    fx_small_comps), NULL, 0, NULL, "ok", 2, false },
	{ "s3", SET("2020-03-02-03-04-05", "PUB", "11.5.1.10000-6", 3, FX_PW,
	    fx_small_comps), NULL, 0, NULL, "ok", 3, false },
	{ "s4", SET("2020-04-02-03-04-05", "PUB", "12.0.1.10000-10", 4, FX_PW,
	    fx_small_comps), NULL, 0, NULL, "ok", 4, false },
	{ "pre10", SET("2014-05-02-03-04-05", NULL, "8.5.1.10000-26", 1, FX_PW,
	    fx_small_comps), NULL, 0, NULL, "ok", 1, false },
	{ "missing", SET("2020-06-02-03-04-05", "PUB1", "10.5.2.10000-5", 1,
	    FX_PW, fx_s1_comps), "CLM", 0, NULL, "incomplete", 1, false },
	{ "modified", SET("2020-07-02-03-04-05", "PUB1", "12.0.1.10000-10", 4,
	    FX_PW, fx_db_comps), NULL, 'm', "CCMDB", "corrupt", 4, false },
	{ "truncated", SET("2020-08-02-03-04-05", "PUB1", "11.0.1.10000-10", 2,
	    FX_PW, fx_db_comps), NULL, 't', "CCMDB", "corrupt", 2, false },
	{ "leak", SET("2015-09-02-03-04-05", "PUB1", "9.1.2.10000-28", 1,
	    FX_PW, fx_leak_comps), NULL, 0, NULL, "ok", 1, false },
	{ "evil", SET("2020-10-02-03-04-05", "PUB1", "12.0.1.10000-10", 4,
	    FX_PW, fx_evil_comps), NULL, 0, NULL, "ok", 4, false },
	{ "trial", SET("2024-11-02-03-04-05", "PUB", "15.0.1.10000-1", 4,
	    FX_PW, fx_small_comps), NULL, 0, NULL, "ok", 4, false },
	{ "unsupported", SET("2023-12-02-03-04-05", "PUB", "14.0.1.10000-20", 4,
	    FX_OTHER_PW, fx_small_comps), NULL, 0, NULL, "unsupported", 0, false },
	{ "plain", SET("2020-01-12-03-04-05", "PUB1", "12.0.1.10000-10", 4,
	    FX_PW, fx_plain_comps), NULL, 0, NULL, "ok", 4, false },
	{ "junk", SET("2021-01-02-03-04-05", "PUB", "12.0.1.10000-10", 4,
	    FX_PW, fx_small_comps), NULL, 0, NULL, "ok", 4, true },
};

#endif /* DRS_FIXTURES_H */
