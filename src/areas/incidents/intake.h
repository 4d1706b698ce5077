/*
 * intake.h (incidents) — taking in incidents from the police, the same way
 * for every route in: the web form (one), POST /api/v1/da-incidents (one or
 * a batch) and `haven import incidents` (a batch from CSV or JSON).
 *
 * The rules: every incident is checked (incident.h) before anything is
 * saved, and a batch with any bad incident saves none of them and names
 * every bad one by its index, reference and field. A police reference seen
 * before with the same content is "unchanged" (a resend is harmless); with
 * different content it is a conflict, and again nothing in the batch is
 * saved. The same reference twice in one batch is treated the same way.
 */
#ifndef HAVEN_AREAS_INCIDENTS_INTAKE_H
#define HAVEN_AREAS_INCIDENTS_INTAKE_H

#include <jansson.h>
#include <stdbool.h>

#include "auth/actor.h"
#include "core/status.h"

/*
 * Checks and saves `raw` (an array of incident objects, borrowed). With
 * `batch`, errors name fields "incidents[I].FIELD" and messages start
 * "Incident I+1 (REF): "; without, a one-element array is a lone incident.
 * HAVEN_OK: *results is a new array of {index, police_reference, id, status}
 * ("created" or "unchanged"). HAVEN_ERR_INVALID (answer 422) or
 * HAVEN_ERR_CONFLICT (409): nothing saved, the reasons appended to `errors`.
 * Other statuses: the store's failure.
 */
enum haven_status incidents_intake(const json_t *raw, bool batch, const char *source, const char *action,
                                   const struct actor *actor, json_t **results,
                                   json_t *errors) HAVEN_MUST_CHECK;

#endif
