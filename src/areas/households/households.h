/*
 * households.h — what other areas ask the households area: the children of
 * the household an IDVA referral's victim lives in (Operation Provide's
 * referral page shows them to the IDVA).
 */
#ifndef HAVEN_AREAS_HOUSEHOLDS_HOUSEHOLDS_H
#define HAVEN_AREAS_HOUSEHOLDS_HOUSEHOLDS_H

#include <jansson.h>

#include "core/status.h"

/*
 * The children on the register matched to any incident at the household of
 * IDVA referral `referral_id`'s incident (its address in its local
 * authority), oldest first: [{id, given_name, family_name, age (whole years,
 * or null), settings (names, or null)}].
 */
enum haven_status households_children_of_referral(long long referral_id, json_t **out) HAVEN_MUST_CHECK;

#endif
