/*
 * case_private.h: layer case, internal.  The case being triaged: the
 * inventory of the bundle, the trust lists grouped by node and version,
 * the jobs run and their results, and the story told from them.
 */
#ifndef CASE_PRIVATE_H
#define CASE_PRIVATE_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "ik_base.h"
#include "ik_case.h"
#include "ik_jobs.h"
#include "ik_report.h"

/* Bounds on what one bundle may hold (docs/case-triage.1). */
#define CASE_MAX_ITEMS		100000
#define CASE_MAX_DEPTH		32
/* Archive members handed to jobs at once (each is an open descriptor). */
#define CASE_MAX_MEMFDS		768
/* Versions of one node compared pair by pair. */
#define CASE_MAX_VERSIONS	32
/* Trust lists one itl.phones takes (current and history). */
#define CASE_MAX_PHONE_LISTS	512
/* Nodes compared in one itl.diff. */
#define CASE_MAX_NODES		256

/* One file of the bundle, or one member of an archive. */
typedef struct case_item {
	char *file;		/* as reports name it: path or path:member */
	char *rel;		/* inside its input: folder-relative or member */
	char *dir;		/* the folder holding it (last component) */
	char *job_path;		/* what the jobs open (path, or a memfd; for
				 * a DRS manifest in an archive, the archive) */
	int fd;			/* the memfd of an archive member, or -1 */
	bool in_archive;
	ik_case_kind kind;
	ik_case_part part;
	bool has_sha256;	/* not for password lists */
	uint8_t sha256[32];
	uint64_t size;
	char *note;		/* why it was not read or not analysed */
} case_item;

/* One trust list of the bundle: a version of a node. */
typedef struct case_list {
	size_t item;		/* index into items */
	char *node;
	bool ctl;
	char *timestamp;	/* RFC 3339 or "" */
	char *sha1;		/* of the list as served, or "" */
	char *signer;		/* signer's subject CN */
	char *signer_sha1;
	char *tvs;		/* the TVS certificates' SHA-1s, sorted, joined */
	char *recovery;		/* the ITLRecovery certificate's SHA-1, or "" */
	const char *status;	/* itl.show's status */
	bool dump;		/* from a `show itl` text */
	bool same_as_earlier;	/* the same bytes as an earlier list */
	int version;		/* 1-based within its node, 0 for CTLs */
} case_list;

typedef struct ik_case {
	const ik_job_ctx *ctx;
	const json_t *args;
	const ik_secrets *candidates;	/* p12 passwords, or NULL */
	const ik_secrets *cluster;	/* cluster security password, or NULL */
	char at[32];
	const char *publisher;

	json_t *inputs;		/* [{path, type, sha256?, size?, status}] */
	case_item *items;
	size_t nitems, items_cap;
	size_t memfds;
	bool unreadable;	/* an input could not be read */

	case_list *lists;
	size_t nlists;
	char **nodes;		/* in order of first appearance, sorted */
	size_t nnodes;

	json_t *analyses;	/* [{job, args, outcome, result, errors}] */
	/* The results the story is told from (borrowed from analyses). */
	json_t *show;		/* item index -> array of itl.show lines */
	json_t *node_diff;	/* itl.diff across nodes, or NULL */
	json_t *trust;		/* [{node, old, new, result}] */
	json_t *p12;		/* p12.check lines */
	json_t *drs;		/* drs lines */
	bool drs_verified;	/* drs.verify rather than drs.ls */
	json_t *phones;		/* itl.phones lines */

	json_t *headlines;	/* [{action, text, evidence[], remedy}] */
	json_t *unanswered;	/* [{question, needs}] */
	bool action;
} ik_case;

/* case_inventory.c */
ik_status case_inventory(ik_case *c, const char *path, ik_error *err);
void case_items_free(ik_case *c);
/* "x" with the inputs' paths for the jobs' ones put back. */
void case_unpath(const ik_case *c, json_t *v);

/* case_analyse.c */
ik_status case_analyse(ik_case *c, ik_error *err);
void case_lists_free(ik_case *c);

/* case_story.c */
ik_status case_story(ik_case *c);

/* case_render.c, case_html.c */
json_t *case_json(const ik_case *c);
void case_text(ik_sb *sb, const ik_case *c, const ik_text_opts *t);
void case_md(ik_sb *sb, const ik_case *c);
void case_html(ik_sb *sb, const ik_case *c);

/* case_util.c: leaf helpers */
const char *case_str(const json_t *o, const char *key);
char *case_strdup(const char *s);
/* s as a printable string, owned (bytes from evidence: file names). */
char *case_printable(const char *s);
/* "2024-05-21" from an RFC 3339 time, into buf. */
const char *case_day(const char *t, char *buf, size_t size);
void case_html_esc(ik_sb *sb, const char *s);
void case_md_esc(ik_sb *sb, const char *s);

#endif /* CASE_PRIVATE_H */
