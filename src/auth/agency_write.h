/*
 * agency_write.h (auth) — changes to the agencies table made inside another
 * module's unit of work. Agencies are core, like users: every account
 * belongs to one and the access policy decides by its type, so auth reads
 * them and owns them (scripts/lint_tables.py). The partnership area (its
 * pages and commands) and the settings area (the GIAS import) decide what
 * changes, check it and audit it; they write the rows only through these,
 * so the change commits or rolls back with theirs. Call them only from a
 * db_write function (store/db.h).
 */
#ifndef HAVEN_AUTH_AGENCY_WRITE_H
#define HAVEN_AUTH_AGENCY_WRITE_H

#include <jansson.h>

#include "core/status.h"
#include "store/store.h"

/*
 * Adds an agency and sets *id. la_code 0 stores none (an agency working in
 * several areas, or in none). HAVEN_ERR_CONFLICT if the slug is taken, or
 * if it is a second agency of type 'partnership'.
 */
enum haven_status auth_agency_insert(struct store_tx *tx, const char *slug, const char *name,
                                     const char *type, long long la_code, long long *id) HAVEN_MUST_CHECK;

/*
 * Every role anyone in agency `id` holds (a set of enum role), whatever their
 * account's state: active, invited (an invitation waiting to be accepted is
 * an account with its roles) or disabled (it may be re-enabled). Read in the
 * caller's unit of work, so a change of the agency's type checked against it
 * (policy_role_agency_problem) commits only if it still holds. It first
 * holds the agency's row until the unit ends, as giving someone a role does
 * (auth_write_user, auth_store_user_change): on PostgreSQL, where another
 * process's unit may run at the same time, the two then run one after the
 * other, and the second sees what the first wrote (SQLite's writer holds
 * the whole database already).
 */
enum haven_status auth_agency_roles(struct store_tx *tx, long long id, unsigned *roles) HAVEN_MUST_CHECK;

/* Sets an agency's name, type and area (la_code 0: none). */
enum haven_status auth_agency_update(struct store_tx *tx, long long id, const char *name, const char *type,
                                     long long la_code) HAVEN_MUST_CHECK;

/* Renames an agency and, unless `slug` is NULL, gives it a new slug. */
enum haven_status auth_agency_rename(struct store_tx *tx, long long id, const char *name,
                                     const char *slug) HAVEN_MUST_CHECK;

/*
 * Replaces the areas an agency serves (agency_areas): one row per code of
 * `la` (an array of integer local authority codes, borrowed) when there are
 * several; none when there is one (that one is the agency's la_code) or none.
 */
enum haven_status auth_agency_set_areas(struct store_tx *tx, long long id, const json_t *la) HAVEN_MUST_CHECK;

#endif
