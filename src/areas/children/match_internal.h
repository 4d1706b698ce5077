/*
 * match_internal.h (children) — what the files behind match.h share
 * (phonetic.c, identifiers.c, match.c, match_sqlite.c) and no other area
 * needs.
 */
#ifndef HAVEN_AREAS_CHILDREN_MATCH_INTERNAL_H
#define HAVEN_AREAS_CHILDREN_MATCH_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "store/store.h"

/* Whether a typed value was given: not NULL and not "". */
static inline bool match_given(const char *s)
{
	return s && *s;
}

/* Decodes one UTF-8 sequence at s; returns its length (1 for a stray byte, decoded as 0xFFFD). */
size_t match_utf8_next(const unsigned char *s, unsigned *cp);

#endif
