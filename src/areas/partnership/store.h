/*
 * store.h (partnership) — the partnership's structure: its local authority
 * areas and its agencies, read and changed. The partnership area owns the
 * tables local_authorities, agencies and agency_areas; every change goes
 * through these functions, which write its audit row in the same unit of
 * work. No database header here: handlers and commands use these,
 * store_sqlite.c implements them.
 */
#ifndef HAVEN_PARTNERSHIP_STORE_H
#define HAVEN_PARTNERSHIP_STORE_H

#include <jansson.h>
#include <stdbool.h>

#include "core/status.h"
#include "router/page.h"

struct actor;    /* auth/store.h: who made a change, for its audit row */
struct store_tx; /* store/db.h: the caller's unit of work */

/* Every local authority area as [{code, slug, name}] by name; new array in *out. */
enum haven_status partnership_list_areas(json_t **out) HAVEN_MUST_CHECK;

/*
 * One local authority area by its code as {code, slug, name}, read as one
 * row; HAVEN_ERR_NOT_FOUND if none. New object in *out.
 */
enum haven_status partnership_get_area(long long code, json_t **out) HAVEN_MUST_CHECK;

/*
 * Agencies as [{slug, name, type, area_slug, area_name, areas_served}]
 * ordered by name, filtered by type and area slug when those are not NULL
 * (an agency in several areas is found by each of them; areas_served names
 * them, or is null); new array in *out.
 * Every one: for the pickers that choose an agency (see docs/architecture.md).
 */
enum haven_status partnership_list_agencies(const char *type, const char *area_slug,
                                            json_t **out) HAVEN_MUST_CHECK;

/* One agency by id as {slug, name, type}; HAVEN_ERR_NOT_FOUND if there is none. New object in *out. */
enum haven_status partnership_agency_by_id(long long id, json_t **out) HAVEN_MUST_CHECK;
/*
 * A page (router/page.h) of them in the same order and shape, with each
 * agency's id, and *total counted up to PAGE_COUNT_CAP + 1.
 */
enum haven_status partnership_agencies_page(const char *type, const char *area_slug, const struct page *page,
                                            json_t **out, long long *total) HAVEN_MUST_CHECK;

/*
 * The front door of local authority `la_code`: the area's agency of type
 * 'local_authority' as {id, name, la_name}; an area has at most one
 * (partnership_add_agencies and partnership_update_agency refuse a second,
 * and the unique index agencies_one_front_door, migration 0184, holds it).
 * HAVEN_ERR_NOT_FOUND if it has none.
 * New object in *out. Read in the unit of work `tx`, or, when `tx` is NULL,
 * on its own (a page's or a form's check).
 *
 * "The first" answers only "to whom is it addressed", where one agency must
 * be named (a request for support, a home-educated child's notification,
 * the chronology's "whom to ask"). Who may see is wider on purpose: every
 * 'local_authority' agency of an area is that area's local authority to the
 * access rules (an incident, an Encompass notification, the front door's
 * emails of children waiting to be matched), so a new child is linked to
 * each of them (children_link_local_authority), not to the front door alone.
 */
enum haven_status partnership_front_door(struct store_tx *tx, long long la_code,
                                         json_t **out) HAVEN_MUST_CHECK;

/*
 * Whether `code` is a local authority of the partnership, read in the unit
 * of work `tx`: HAVEN_OK if it is, HAVEN_ERR_NOT_FOUND if not, otherwise the
 * read's failure (row_found_with's answers).
 */
enum haven_status partnership_area_found(struct store_tx *tx, long long code) HAVEN_MUST_CHECK;

/*
 * The id of the agency whose slug is `slug` (a form's choice of agency) into
 * *id, read in the unit of work `tx`: HAVEN_ERR_NOT_FOUND if there is none,
 * otherwise the read's failure.
 */
enum haven_status partnership_agency_id(struct store_tx *tx, const char *slug,
                                        long long *id) HAVEN_MUST_CHECK;

/* One agency by slug; HAVEN_ERR_NOT_FOUND if there is none. New object in *out. */
enum haven_status partnership_get_agency(const char *slug, json_t **out) HAVEN_MUST_CHECK;

/*
 * An agency as made or changed: values already checked against
 * partnership_agency_fields and partnership_check_agency_areas (agency.h).
 * `la` is an array of local authority codes (integers), borrowed: one code
 * is the agency's la_code; several are its agency_areas rows (la_code NULL);
 * none, the whole partnership.
 */
struct partnership_agency {
	const char *slug, *name, *type;
	const json_t *la;
};

/*
 * Adds agencies in one unit of work, each audited ("agency.create"): all or
 * none. What only the database knows (a slug already used, by an agency or
 * an earlier one of these; an unknown local authority code; a second
 * partnership agency; a second local authority children's services agency
 * for an area, on "la") is appended to `problems` as {index, field, message}
 * (index into `agencies`) and answered HAVEN_ERR_INVALID, adding nothing.
 */
enum haven_status partnership_add_agencies(const struct partnership_agency *agencies, size_t count,
                                           const struct actor *actor, json_t *problems) HAVEN_MUST_CHECK;

/*
 * Changes the agency `a->slug` to a's name, type and areas, audited
 * ("agency.update", its detail saying what changed: "name changed; type
 * school -> college; areas 890 -> 889, 890"). HAVEN_ERR_NOT_FOUND if there
 * is no such agency; HAVEN_ERR_INVALID with {index 0, field, message} in
 * `problems` as above, and on "type" when it is the partnership's own agency
 * (whose type never changes), or when someone in it (active, invited or
 * disabled) holds a role the new type may not hold (policy_role_agency_problem,
 * read in the same unit of work as the change).
 */
enum haven_status partnership_update_agency(const struct partnership_agency *a, const struct actor *actor,
                                            json_t *problems) HAVEN_MUST_CHECK;

/* One agency by slug with its areas: {slug, name, type, la:[codes]}; HAVEN_ERR_NOT_FOUND if none. */
enum haven_status partnership_agency_for_change(const char *slug, json_t **out) HAVEN_MUST_CHECK;

/*
 * Adds a local authority area, audited ("local_authority.create"); `slug` as
 * partnership_slug_for (agency.h) made or took it.
 * HAVEN_ERR_INVALID with {index 0, field, message} in `problems` when the code or
 * the slug is already used.
 */
enum haven_status partnership_add_area(int code, const char *slug, const char *name,
                                       const struct actor *actor, json_t *problems) HAVEN_MUST_CHECK;

/*
 * Names the partnership's own agency (type 'partnership'): renames it (and
 * changes its slug when `slug` is not NULL) if there is one, else creates it
 * with `slug`, or "partnership" when NULL. Audited ("partnership.set").
 * *created says which. HAVEN_ERR_INVALID with {index 0, field, message} in `problems`
 * when the slug belongs to another agency.
 */
enum haven_status partnership_set_self(const char *name, const char *slug, const struct actor *actor,
                                       bool *created, json_t *problems) HAVEN_MUST_CHECK;

/* The partnership's own agency as {slug, name}; HAVEN_ERR_NOT_FOUND if it has none yet. New object in *out.
 */
enum haven_status partnership_get_self(json_t **out) HAVEN_MUST_CHECK;

/*
 * What the set-up checklist counts, in one read: {areas, agencies,
 * partnership (its name or null), settings, areas_with_terms,
 * areas_without_front_door: [names], areas_without_idva: [names],
 * people (accounts not disabled with a role other than admin), invited (those
 * of them still to accept their invitation)}.
 */
enum haven_status partnership_setup_counts(json_t **out) HAVEN_MUST_CHECK;

/* Loads the demo partnership (demo.sql) in one unit of work. */
enum haven_status partnership_load_demo(void) HAVEN_MUST_CHECK;

#endif
