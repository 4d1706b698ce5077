/*
 * agency.h (partnership) — what an agency and a local authority area must
 * be, shared by every way one is made or changed: the command line, the
 * CSV import, the admin pages and the API. Pure: no database here (the
 * store checks what only the database knows: a slug or code already used,
 * an unknown local authority).
 */
#ifndef HAVEN_PARTNERSHIP_AGENCY_H
#define HAVEN_PARTNERSHIP_AGENCY_H

#include <jansson.h>
#include <stddef.h>

#include "router/fields.h"

/* Every agency type, NULL-terminated, in the order lists show them. */
extern const char *const partnership_agency_types[];

/* A type's words for people ("Local authority children's services"); the type itself if unknown. */
const char *partnership_type_label(const char *type);

/*
 * A new agency: name and type (required), slug (made from the name if absent:
 * partnership_slug_for) and la (local authority codes, repeated).
 */
extern const struct field_spec partnership_agency_fields[];
/* A change to an agency: name, type and la, each optional. */
extern const struct field_spec partnership_agency_changes[];
/* A new local authority area: code (100-999) and name (required), slug (made from the name if absent). */
extern const struct field_spec partnership_area_fields[];
/* The partnership itself: name (required), slug (optional). */
extern const struct field_spec partnership_self_fields[];

/*
 * The rules between fields, on values already checked against the specs:
 * a local authority's children's services, a school, a college and an early
 * years setting work in exactly one area; the partnership in none (it covers
 * them all); no code twice. `la` is an array of integers (may be NULL: none).
 * Appends {field, message} to `errors`.
 */
void partnership_check_agency_areas(const char *type, const json_t *la, json_t *errors);

/*
 * A slug made from a name: lower-case ASCII letters and digits, every other
 * run of characters one hyphen, none at either end, at most `size - 1`
 * bytes ("Blackburn with Darwen" -> "blackburn-with-darwen"). "" when the
 * name has no letter or digit.
 */
void partnership_slug_from_name(const char *name, char *out, size_t size);

/*
 * The slug of a new agency or local authority area, in its checked `values`:
 * the one given, or, when none is, one made from its "name"
 * (partnership_slug_from_name), set in `values` as "slug". Every way one is
 * added calls it, so a blank slug means the same everywhere. When the name
 * has no letter or digit to make one from, appends {slug, message} to
 * `errors`.
 */
void partnership_slug_for(json_t *values, json_t *errors);

#endif
