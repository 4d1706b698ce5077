/*
 * store.h (households) — households and repeat incidents: a household is an
 * incident's address in its local authority; `repeat_count` incidents or
 * more there within `period_days` days are repeats, flagged in the
 * chronology of each child of those incidents and listed for the front door.
 */
#ifndef HAVEN_AREAS_HOUSEHOLDS_STORE_H
#define HAVEN_AREAS_HOUSEHOLDS_STORE_H

#include <jansson.h>

#include "app/chronology.h"
#include "auth/actor.h"
#include "auth/records.h"
#include "auth/user.h"
#include "core/status.h"

/* The partnership's setting: {repeat_count, period_days}. */
enum haven_status households_settings(json_t **out) HAVEN_MUST_CHECK;

/* Changes the setting (checked by the caller), audited ("household.settings"). */
enum haven_status households_set(int repeat_count, int period_days,
                                 const struct actor *actor) HAVEN_MUST_CHECK;

/*
 * The police force agency `agency_id` is, in *force_id (its own id), or 0 if it is not one. A force reads
 * only its own part of a household, so each request that reads households asks this once and passes the
 * answer to the functions below that take a `force_id`.
 */
enum haven_status households_force_of(long long agency_id, long long *force_id) HAVEN_MUST_CHECK;

/*
 * The households with repeat incidents in the setting's period up to now that agency `agency_id` may see,
 * `force_id` its force (households_force_of): a local authority its area's, counted with every force's
 * incidents; a police force those where its own incidents are repeats, counted, dated and linked with
 * those alone, since another force's are not its to learn of. The latest first (at most 200): [{id (the
 * household's), address, area_name, incidents, latest_at, latest_incident_id (the incident latest_at is
 * the time of)}].
 */
enum haven_status households_repeats(long long agency_id, long long force_id, json_t **out) HAVEN_MUST_CHECK;

/* The child's incidents that were repeats at their household, as chronology events (app/chronology.h): for a
 * police reader, counted with the incident's own force's incidents there only. */
extern const struct chronology_kind households_chronology[];

/*
 * Household `id` as a reader of police force `force_id` (households_force_of; 0 for any other agency)
 * may read it: {id, address, la_code, area_name, created_at,
 * repeat_flagged_at, repeat_reviewed_at, waiting (a flag waits for review), repeat_count, period_days,
 * incidents, incidents_in_period, adults: [{id, name, relationship, agency_name, added_at}],
 * incident_adults: [{name, role}] (as police named them at its incidents), children: [{id, given_name,
 * family_name, age}] (matched to its incidents; a merged record as the one it was merged into), force_only}.
 * A police force reads only its own part (force_only true): its own incidents there (counted, their adults
 * and children) and the adults it recorded, never what another force's incidents or another agency
 * brought, nor the household's own created_at, repeat_flagged_at, repeat_reviewed_at and waiting (which
 * any force's incidents set); anyone else reads the whole household. HAVEN_ERR_NOT_FOUND if none. Does not
 * check who may open it (the record type does).
 */
enum haven_status households_get(long long id, long long force_id, json_t **out) HAVEN_MUST_CHECK;

struct audit_shown; /* auth/audit.h */

/* Records an adult living at household `id` (relationship checked by the caller), audited
 * ("household.adult", naming the children the API's answer `shown` shows: a household names none of its
 * own, since each viewer sees only some; NULL for a browser, sent on to the page, whose read names them). */
enum haven_status households_add_adult(long long id, const char *name, const char *relationship,
                                       const struct audit_shown *shown,
                                       const struct actor *actor) HAVEN_MUST_CHECK;

/* The front door reviews household `id`'s repeat flag (audited "household.review", with the children the
 * answer shows); HAVEN_ERR_CONFLICT if no flag waits. */
enum haven_status households_review(long long id, const struct audit_shown *shown,
                                    const struct actor *actor) HAVEN_MUST_CHECK;

/* Loads demo.sql: the households of the demo's incidents, none flagged. */
enum haven_status households_load_demo(void) HAVEN_MUST_CHECK;

/* What waits for a front door person: their area's households whose repeat flag waits for review. */
enum haven_status households_tasks(const struct user *user, json_t *tasks) HAVEN_MUST_CHECK;

extern const struct record_type households_records[];

#endif
