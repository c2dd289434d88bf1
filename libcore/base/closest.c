/*
 * closest.c: layer base.  "Did you mean": the known name nearest to a
 * mistyped one, for unknown job names, arguments and recipe keys.
 */
#include <stdlib.h>
#include <string.h>

#include "ik_base.h"

/* Edit distance (insert, delete, substitute, swap of neighbours), capped. */
static size_t
distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, d, best;
	size_t row[3][IK_CLOSEST_MAX + 1];

	if (la > IK_CLOSEST_MAX || lb > IK_CLOSEST_MAX)
		return (size_t)-1;
	for (j = 0; j <= lb; j++)
		row[0][j] = j;
	for (i = 1; i <= la; i++) {
		size_t *cur = row[i % 3], *prev = row[(i + 2) % 3];
		size_t *prev2 = row[(i + 1) % 3];

		cur[0] = i;
		for (j = 1; j <= lb; j++) {
			d = prev[j - 1] + (a[i - 1] != b[j - 1]);
			if (prev[j] + 1 < d)
				d = prev[j] + 1;
			if (cur[j - 1] + 1 < d)
				d = cur[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && prev2[j - 2] + 1 < d)
				d = prev2[j - 2] + 1;
			cur[j] = d;
		}
	}
	best = row[la % 3][lb];
	return best;
}

const char *
ik_closest(const char *word, const char *const *names, size_t n)
{
	const char *best = NULL;
	size_t i, d, bestd = (size_t)-1, limit;

	if (word == NULL)
		return NULL;
	/* A third of the word may be wrong, at least one character. */
	limit = strlen(word) / 3;
	if (limit < 1)
		limit = 1;
	for (i = 0; i < n; i++) {
		if (names[i] == NULL)
			continue;
		d = distance(word, names[i]);
		if (d < bestd) {
			bestd = d;
			best = names[i];
		}
	}
	return bestd <= limit ? best : NULL;
}
