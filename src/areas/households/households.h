/*
 * households.h — what other areas ask the households area: the children of
 * the household an IDVA referral's victim lives in (Operation Provide's
 * referral page shows them to the IDVA), the household of an incident
 * just recorded (the incidents area calls it in the incident's unit), and
 * an incident's household (its page links it).
 */
#ifndef HAVEN_AREAS_HOUSEHOLDS_HOUSEHOLDS_H
#define HAVEN_AREAS_HOUSEHOLDS_HOUSEHOLDS_H

#include <jansson.h>

#include "auth/actor.h"
#include "core/status.h"
#include "store/store.h"

/*
 * In the unit `tx` that records incident `incident_id`: makes its
 * household (its address in its local authority) if there is none yet,
 * and when the household's incidents in the partnership's period reach
 * the repeat count, and no flag waits already, flags it (audited
 * "household.flag") for the front door of its area — a task, and one email
 * to each of its front door people saying only that a household waits.
 */
enum haven_status households_incident_recorded(struct store_tx *tx, long long incident_id,
                                               const struct actor *actor) HAVEN_MUST_CHECK;

/*
 * The household of incident `incident_id` (its address in its local
 * authority) in *household_id: HAVEN_ERR_NOT_FOUND if it has none (no
 * address). Reads only; does not check who may open it.
 */
enum haven_status households_of_incident(long long incident_id, long long *household_id) HAVEN_MUST_CHECK;

/*
 * The children on the register matched to any incident at the household of
 * IDVA referral `referral_id`'s incident (its address in its local
 * authority), oldest first: [{id, given_name, family_name, age (whole years,
 * or null), settings (names, or null)}].
 */
enum haven_status households_children_of_referral(long long referral_id, json_t **out) HAVEN_MUST_CHECK;

/*
 * Child `child_id` if it is one of households_children_of_referral's for
 * referral `referral_id` (a request for support raised from the referral):
 * {id, given_name, family_name, age, settings, date_of_birth, la_code,
 * referral_reference (the incident's police reference), household (its
 * address as first written)}. HAVEN_ERR_NOT_FOUND otherwise.
 */
enum haven_status households_child_of_referral(long long referral_id, long long child_id,
                                               json_t **out) HAVEN_MUST_CHECK;

#endif
