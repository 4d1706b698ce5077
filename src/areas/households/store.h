/*
 * store.h (households) — households and repeat incidents: a household is an
 * incident's address in its local authority; `repeat_count` incidents or
 * more there within `period_days` days are repeats, flagged in the
 * chronology of each child of those incidents and listed for the front door.
 */
#ifndef HAVEN_AREAS_HOUSEHOLDS_STORE_H
#define HAVEN_AREAS_HOUSEHOLDS_STORE_H

#include <jansson.h>

#include "auth/actor.h"
#include "core/status.h"

/* The partnership's setting: {repeat_count, period_days}. */
enum haven_status households_settings(json_t **out) HAVEN_MUST_CHECK;

/* Changes the setting (checked by the caller), audited ("household.settings"). */
enum haven_status households_set(int repeat_count, int period_days,
                                 const struct actor *actor) HAVEN_MUST_CHECK;

/*
 * The households with repeat incidents in the setting's period up to now that agency `agency_id` may see
 * (a local authority: its area's; police: every area), the latest first (at most 200): [{address,
 * area_name, incidents, latest_at, latest_incident_id}].
 */
enum haven_status households_repeats(long long agency_id, json_t **out) HAVEN_MUST_CHECK;

/* Appends to a chronology (app/area.h) each of the child's incidents that was a repeat at its household. */
enum haven_status households_chronology(long long child_id, json_t *events) HAVEN_MUST_CHECK;

#endif
