/*
 * fields_internal.h — what the files behind fields.h share (fields.c,
 * fields_typed.c) and nothing outside src/router needs.
 */
#ifndef HAVEN_ROUTER_FIELDS_INTERNAL_H
#define HAVEN_ROUTER_FIELDS_INTERNAL_H

#include "router/fields.h"

/* The spec of the field `name` in `specs` (may be NULL), or NULL if it declares none. Borrowed. */
const struct field_spec *fields_find_spec(const struct field_spec *specs, const char *name);

#endif
