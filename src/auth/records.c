/*
 * records.c — the record types areas declare, gathered once (see records.h).
 */
#include "auth/records.h"

#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"

static struct {
	const struct record_type *type;
	const char *owner;
} * known;
static size_t known_count, known_cap;

enum haven_status records_add(const char *owner, const struct record_type *types, char **err)
{
	for (const struct record_type *t = types; t && t->name; t++) {
		for (size_t i = 0; i < known_count; i++) {
			if (strcmp(known[i].type->name, t->name) != 0)
				continue;
			struct buf b = BUF_INIT;
			buf_printf(&b,
			           "the %s area declares record type %s, which the %s area already declares",
			           owner, t->name, known[i].owner);
			*err = buf_steal(&b, NULL);
			return HAVEN_ERR_INVALID;
		}
		if (known_count == known_cap) {
			known_cap = known_cap ? known_cap * 2 : 32;
			known = xrealloc(known, known_cap * sizeof *known);
		}
		known[known_count].type = t;
		known[known_count++].owner = owner;
	}
	return HAVEN_OK;
}

const struct record_type *records_find(const char *name)
{
	for (size_t i = 0; name && i < known_count; i++)
		if (strcmp(known[i].type->name, name) == 0)
			return known[i].type;
	return NULL;
}

const struct record_type *records_at(size_t i, const char **owner)
{
	if (i >= known_count)
		return NULL;
	*owner = known[i].owner;
	return known[i].type;
}

void records_clear(void)
{
	free(known);
	known = NULL;
	known_count = known_cap = 0;
}
