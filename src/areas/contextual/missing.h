/*
 * missing.h (contextual, private) — what the missing episodes' files share:
 * missing.c (the report, the list, an episode's page, the repeat-missing
 * rule), returns.c (the return and the return home interview) and placing.c
 * (the placing authority told). An
 * instant is typed as X_at (a UTC instant, for the API) or as X_on and
 * X_time (England's date and clock, for the page): the fields for one, and
 * reading one (missing_times.c); and the episode a path names.
 */
#ifndef HAVEN_AREAS_CONTEXTUAL_MISSING_H
#define HAVEN_AREAS_CONTEXTUAL_MISSING_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "router/fields.h"
#include "router/router.h"

/*
 * "X_at" (an instant, for the API) or "X_on" and "X_time" (England's date and clock, for the page).
 * X_time's limit is loose: a time written as people write it ("10:15pm") reaches instant_from_input,
 * which says how to write it, among the form's other errors.
 */
#define WHEN_FIELDS(X, LABEL)                                                                                \
	{.name = X "_at",                                                                                    \
	 .label = LABEL " (UTC, for example 2026-11-28T22:15:00Z)",                                          \
	 .type = FIELD_TEXT,                                                                                 \
	 .max = 40},                                                                                         \
	    {.name = X "_on", .label = "the date " LABEL, .type = FIELD_DATE},                               \
	{                                                                                                    \
		.name = X "_time", .label = "the time " LABEL, .type = FIELD_TEXT, .max = 20                 \
	}

#define RETURN_FIELDS                                                                                        \
	WHEN_FIELDS("returned", "the child was found or returned"),                                          \
	    {.name = "found_where", .label = "where the child was found", .type = FIELD_TEXT, .max = 500},   \
	{                                                                                                    \
		.name = "safe_and_well_check", .label = "whether a safe and well check was done",            \
		.type = FIELD_BOOL                                                                           \
	}

/*
 * The instant given as X_at, or as X_on and X_time (England's time), into
 * *t; appends errors naming the field. Returns false when none was given
 * (and none required) or it was wrong; *given says whether any part was.
 */
bool contextual_instant_from_input(const json_t *in, const char *x, const char *label, bool required,
                                   json_t *errors, int64_t *t, bool *given);

/* The missing episode the path names ({id}). */
long long contextual_episode_id(const struct request *req);

/*
 * Answers a change to an episode (its return, its interview, the placing
 * authority told): the refusals in `errors` with `status`, if there are any;
 * the store's conflict (the change was recorded meanwhile) as `conflict` on
 * `field`, a 409; else the episode. Takes `errors`.
 */
enum haven_status contextual_answer_episode_change(struct request *req, struct response *res, json_t *errors,
                                                   unsigned status, enum haven_status st, const char *field,
                                                   const char *conflict);

#endif
