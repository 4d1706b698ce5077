/*
 * owned_names.h — a list of named things, each with the area that declared
 * it, gathered once at start-up and read-only afterwards: the policy's rules
 * by action (auth/policy.c) and the record types by name (auth/records.c).
 * The caller refuses a name declared twice (owned_names_find first), in its
 * own words.
 */
#ifndef HAVEN_CORE_OWNED_NAMES_H
#define HAVEN_CORE_OWNED_NAMES_H

#include <stddef.h>

struct owned_name {
	const char *name;  /* "incident.read", "da_incident" */
	const void *item;  /* what is named: a rule, a record type (not owned) */
	const char *owner; /* the area that declared it */
};

struct owned_names {
	struct owned_name *all;
	size_t count, cap;
};

/* The entry named `name`, or NULL if none is (or `name` is NULL). */
const struct owned_name *owned_names_find(const struct owned_names *names, const char *name);

/* Adds `item`, named `name`, as `owner`'s; `name`, `item` and `owner` must outlive the list. */
void owned_names_add(struct owned_names *names, const char *name, const void *item, const char *owner);

/* Empties the list (for the tests, which gather areas again). */
void owned_names_clear(struct owned_names *names);

#endif
