/*
 * threshold.h — what other areas may ask of the levels-of-need tool.
 *
 * The requests-for-support area (src/areas/support) starts from a decision
 * a practitioner recorded with the tool (GET /requests-for-support/new?
 * assessment=ID) and shows it with the request: it reads the decision here,
 * with its levels' names and the ticked indicators' texts taken from the
 * framework version the decision was made under (never a later one).
 */
#ifndef HAVEN_AREAS_THRESHOLD_THRESHOLD_H
#define HAVEN_AREAS_THRESHOLD_THRESHOLD_H

#include <jansson.h>

#include "core/status.h"

/* A request for support is offered from this chosen level upwards (Intensive and Specialist Support). */
#define THRESHOLD_REQUEST_FROM_LEVEL 3

/*
 * Decision `id` as a new object (caller owns it):
 *   {"id", "created_at" (UTC, ISO 8601), "user_id", "user_name", "agency_id",
 *    "agency_name", "la_code", "la_name",
 *    "framework": {"id", "version", "title"},
 *    "age_band": {"id", "name"},
 *    "suggested_level": {"number", "name"},
 *    "chosen_level": {"number", "name", "course_of_action"},
 *    "chosen_reason" (text or null), "differs" (chosen != suggested),
 *    "indicators": [{"id", "text", "level", "level_name", "domain",
 *                    "domain_name", "dimension", "dimension_name", "tags",
 *                    "driving"}],
 *    "basis": the suggestion's basis as stored (docs/levels-of-need.md),
 *    "local_route": the route for the chosen level in the child's local
 *                   authority {la_code, la_name, level, what_to_do, services},
 *    "can_request_support": chosen level >= THRESHOLD_REQUEST_FROM_LEVEL
 *                   and no request made from it yet,
 *    "support_request": the request for support made from it {"id", "reference"},
 *                   or null,
 *    "neglect_prompt": a neglect indicator was ticked at Level 3 or above,
 *    "child_id", "source_referral_id": the child of an IDVA referral's
 *                   household the tool was used for, and that referral
 *                   (provide.h's provide_household_child), or null}
 * HAVEN_ERR_NOT_FOUND if there is no such decision; HAVEN_ERR_DB if the
 * store cannot be read. Any thread; reads only. Does not check who may see
 * it: the caller's route has done that.
 */
enum haven_status threshold_assessment_get(long long id, json_t **out) HAVEN_MUST_CHECK;

/*
 * The levels-of-need decisions made in England's days [from, to]
 * (YYYY-MM-DD, both included), by the child's local authority and the level
 * chosen, as a new object (caller owns it): {"from", "to", "levels":
 * [{"number", "heading" ("Level 3: Intensive Support")}], "areas":
 * [{"la_code", "la_name", "decisions": [a count for each of levels]}]},
 * every local authority by name. The levels are the current framework's,
 * then any higher one an earlier version had and a decision chose. The one
 * tally of these counts: every page that shows them asks here.
 * HAVEN_ERR_INVALID for a date that is not one; HAVEN_ERR_DB if the store
 * cannot be read. Any thread; reads only; checks no access.
 */
enum haven_status threshold_decision_figures(const char *from, const char *to, json_t **out) HAVEN_MUST_CHECK;

/* This area's figures for the scrutineer's dashboard and the annual report (app/area.h `.figures`). */
enum haven_status threshold_published(const char *from, const char *to, json_t *sections) HAVEN_MUST_CHECK;

#endif
