/*
 * clusterkit.h: generated CUCM clusters of known truth for the analysis
 * suites: two nodes (publisher, subscriber), their CallManager and TVS
 * certificates, one CAPF, one ITLRecovery certificate; node ITLs in CUCM
 * layout signed by the node's CallManager key or by ITLRecovery;
 * certificate regenerations with chosen notBefore times.
 */
#ifndef CLUSTERKIT_H
#define CLUSTERKIT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "ik_itl.h"

typedef struct ck_node {
	char host[64];
	EVP_PKEY *k_ccm, *k_tvs;
	X509 *ccm, *tvs;
} ck_node;

typedef struct ck_cluster {
	char name[32];
	int variant;
	ck_node node[2];
	EVP_PKEY *k_capf, *k_rec;
	X509 *capf, *rec;
} ck_cluster;

enum { CK_SIGN_CCM = 0, CK_SIGN_REC = 1 };

/* Layout flags. */
enum {
	CK_LAYOUT_CUCM = 0,		/* CAPF and TVS by hash, as CUCM writes */
	CK_LAYOUT_CERTS = 1,		/* whole certificates everywhere */
	CK_LAYOUT_NO_REC = 2,		/* no ITLRECOVERY record (pre-10.0) */
	CK_LAYOUT_NO_PEER_TVS = 4,	/* the other node's TVS left out */
	CK_LAYOUT_NO_CAPF = 8,		/* no CAPF record */
	CK_LAYOUT_NO_OWN_TVS = 16	/* the node's own TVS left out */
};

#define CK_NB_BASE ((time_t)1390000000)

/*
 * A cluster "<name>pub.lab" / "<name>sub.lab"; variant 0 is home, others
 * are foreign clusters (different certificates).
 */
void ck_cluster_make(ck_cluster *c, const char *name, int variant);
void ck_cluster_free(ck_cluster *c);
/* New CallManager / TVS certificate for a node, issued at nb. */
void ck_regen_ccm(ck_cluster *c, int node, time_t nb);
void ck_regen_tvs(ck_cluster *c, int node, time_t nb);
/* The ITL node serves; malloc'd bytes. */
uint8_t *ck_node_itl(const ck_cluster *c, int node, int signer, int layout,
    size_t *len);
/*
 * What a forger does by hand (the library refuses to build it): a copy of
 * the signed list buf in which record rec (1-based) names its certificate
 * by hash only.  Its CERTIFICATE TLV becomes CERTHASH claim (NULL: the
 * true SHA-1 of the DER) plus HASH ALGORITHM SHA-1; the rest of the record,
 * PUBLICKEY included, is kept; the file is signed again (SHA-1) with key,
 * which must be as long as the key that signed buf.  Returns it parsed and
 * verified.
 */
ik_itl *ck_hash_only(const uint8_t *buf, size_t len, size_t rec,
    const uint8_t *claim, EVP_PKEY *key);
/* Parses and verifies (aborts the test when the bytes do not parse). */
ik_itl *ck_parse(const uint8_t *buf, size_t len);
/* Loads a fixture of either format (aborts the test when it does not load). */
ik_itl *ck_load(const char *path);
/* The (first) trust list of buf whatever its status; NULL: none at all. */
ik_itl *ck_load_buf(const uint8_t *buf, size_t len);
/* Writes the CLI fixtures of tests/data/cluster into dir. */
void ck_write_fixtures(const char *dir);

#endif /* CLUSTERKIT_H */
