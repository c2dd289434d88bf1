/*
 * dump_private.h: shared between the dump_*.c files only: the line
 * iterator that turns pasted `show itl` text into logical lines.
 * Layer: itl.
 */
#ifndef DUMP_PRIVATE_H
#define DUMP_PRIVATE_H

#include "ik_itl.h"

/* Longest physical line kept; longer ones are cut (and reported). */
#define IK_DUMP_MAX_LINE	(64u * 1024)
#define IK_DUMP_MAX_CUTS	1024

/*
 * One logical line: a physical line, or a piece of a collapsed one.  s is
 * cleaned for reading the layout (controls made spaces, runs of spaces
 * collapsed); raw is the same piece as the input has it, for values,
 * which are kept byte for byte (a token name padded with spaces).
 */
typedef struct ik_dline {
	const char *s;		/* NUL-terminated, trimmed; valid until next */
	size_t n;
	const uint8_t *raw;	/* the piece in the input, trimmed alike */
	size_t raw_n;
	size_t off;		/* byte offset of the piece in the input */
	size_t lineno;		/* 1-based physical line */
	size_t col;		/* 1-based column of the piece */
	bool clipped;		/* the physical line was longer than kept */
} ik_dline;

typedef struct ik_dlines {
	const uint8_t *buf;
	size_t len, pos, lineno;
	char *phys;		/* the current physical line, cleaned */
	size_t phys_len, phys_off, phys_end, phys_lineno;
	size_t map_col, map_pos;	/* a column of phys and its input byte */
	bool phys_clipped;
	size_t cuts[IK_DUMP_MAX_CUTS + 1];
	size_t ncut, icut;
	char *seg;
	size_t cap;		/* of phys and seg, grown to the longest line */
} ik_dlines;

/* Starts at byte pos of buf (line numbers count from the start of buf). */
int ik_dlines_init(ik_dlines *it, const uint8_t *buf, size_t len,
    size_t pos);
/* 1: *out holds the next logical line; 0: end of input; -1: no memory. */
int ik_dlines_next(ik_dlines *it, ik_dline *out);
void ik_dlines_free(ik_dlines *it);

/*
 * The raw bytes of l after its first nwords words (runs of non-space), and
 * the whitespace after them: what follows "<tag> <NAME> <LENGTH>".
 */
void ik_dline_raw_after(const ik_dline *l, size_t nwords,
    const uint8_t **v, size_t *n);

/* True when s (n bytes) starts with the ASCII word w, any case. */
bool ik_dump_starts(const char *s, size_t n, const char *w);

#endif /* DUMP_PRIVATE_H */
