/*
 * episode.h (contextual) — what a missing episode reported by the police
 * must look like, checked once for every way it arrives (the web form, the
 * API one at a time or in a batch), and the two rules that hang off it: the
 * return home interview's 72-hour clock and the repeat-missing rule; and
 * the day of what follows a report (a strategy discussion, the placing
 * authority told), which lies between the report and today.
 *
 * The checker is pure (no database): the caller passes the local authority
 * codes that exist, today's date and the time now. It turns a raw JSON
 * episode into a canonical one (text trimmed, instants in UTC, every
 * optional field present as null) and hashes it, so a resend of the same
 * report, however it is spelled, has the same hash, and a change does not.
 *
 * The episode object (JSON):
 *   police_reference     required, 1-50 of A-Z a-z 0-9 / - _ .
 *   given_name, family_name, date_of_birth   the child or young person (to 25),
 *                        checked as the register checks a child (children/match.h)
 *   la_code              required, the local authority of the child's home
 *   reported_at          required instant (Z or an offset), not in the future
 *   risk_grading         required: low, medium or high (the police's grading)
 *   missing_from         required: home or care
 *   placing_authority    optional text (a child placed here by another authority
 *                        outside the partnership), only for a child missing from care
 *   placing_la_code      optional, instead: the partnership's local authority that
 *                        placed the child (not la_code), only for care
 *   returned_at          optional instant, not before reported_at, not in the future
 *   found_where          optional text, only with returned_at
 *   safe_and_well_check  optional boolean, only with returned_at
 */
#ifndef HAVEN_AREAS_CONTEXTUAL_EPISODE_H
#define HAVEN_AREAS_CONTEXTUAL_EPISODE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/check_errors.h"

/* A batch holds at most this many episodes (a busy night's is far fewer). */
#define EPISODE_MAX_BATCH 1000
/* Why a return cannot be recorded before the report: the checker's, the form's and the return's word. */
#define RETURN_BEFORE_REPORT "The return must be after the child was reported missing"
/* The return home interview is due this long after the return: hours, not working days. */
#define EPISODE_INTERVIEW_HOURS 72

struct episode_check {
	const long long *la_codes; /* the local authority codes that exist */
	size_t la_count;
	int32_t today; /* England's date, for the date of birth */
	int64_t now;   /* UTC seconds: instants may be at most 10 minutes after it */
	/* "" for a lone episode, or "episodes[3]." for one in a batch (whose messages start "Episode 4 (REF):
	 * ") */
	const char *field_prefix;
	const char *message_prefix;
};

/*
 * Checks `raw` (borrowed). Appends one {field, message} to `errors` for each
 * problem and returns NULL if there was any, else a new canonical episode
 * (caller owns) with "content_hash" added.
 */
json_t *episode_check(const json_t *raw, const struct episode_check *check, json_t *errors);

/*
 * When the return home interview is due: EPISODE_INTERVIEW_HOURS after the
 * return, counted in hours through nights, weekends and bank holidays alike
 * (the statutory guidance counts hours, not working days).
 */
int64_t episode_interview_due(int64_t returned_at);

/*
 * The repeat-missing rule: whether the episode reported at `at` is the
 * `episodes`th or later of the child's within `days` days ending at it.
 * `reported` holds the instants of all the child's episodes (any order).
 */
bool episode_is_repeat(const int64_t *reported, size_t count, int64_t at, int episodes, int days);

/*
 * Checks `on` ("YYYY-MM-DD", sent as `field`), the day something followed the episode reported at
 * `reported_at` (its UTC instant): not before the day (England's) the child was reported missing (not
 * after today is its field's .when, FIELD_DATE_NOT_AFTER_TODAY). Appends what is wrong to `errors`, the
 * date named as `what` ("The date of the discussion").
 */
void episode_check_day_since_report(const char *on, const char *reported_at, const char *field,
                                    const char *what, json_t *errors);

#endif
