/*
 * owned_names.c — a list of named things and their owners (see
 * owned_names.h).
 */
#include "core/owned_names.h"

#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"

const struct owned_name *owned_names_find(const struct owned_names *names, const char *name)
{
	for (size_t i = 0; name && i < names->count; i++)
		if (strcmp(names->all[i].name, name) == 0)
			return &names->all[i];
	return NULL;
}

void owned_names_add(struct owned_names *names, const char *name, const void *item, const char *owner)
{
	if (names->count == names->cap) {
		names->cap = names->cap ? names->cap * 2 : 64;
		names->all = xrealloc(names->all, names->cap * sizeof *names->all);
	}
	names->all[names->count++] = (struct owned_name){.name = name, .item = item, .owner = owner};
}

void owned_names_clear(struct owned_names *names)
{
	free(names->all);
	*names = (struct owned_names){0};
}
