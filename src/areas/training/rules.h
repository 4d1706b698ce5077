/*
 * rules.h (training) — the pure rules of workforce development: the
 * cancellation cut-off in working days, and turning a session's local
 * (Europe/London) date and time into a UTC instant for calendar files.
 *
 * No database and no clock in here.
 */
#ifndef HAVEN_AREAS_TRAINING_RULES_H
#define HAVEN_AREAS_TRAINING_RULES_H

#include <stdbool.h>
#include <stdint.h>

/* Cancelling after this many working days before the session counts as late. */
#define TRAINING_CUTOFF_WORKING_DAYS 3

/*
 * The last day on which a place on a session on `session_day` may be
 * cancelled without it counting as late: the TRAINING_CUTOFF_WORKING_DAYS-th
 * working day before the session (calendar.h: weekends and England and Wales
 * bank holidays are not working days). A session on Tuesday 26 May 2026
 * (Monday 25 May a bank holiday) has its cut-off on Wednesday 20 May.
 */
int32_t training_cutoff(int32_t session_day);

/* Whether cancelling on `today` a place on a session on `session_day` is late (after the cut-off). */
bool training_cancellation_late(int32_t session_day, int32_t today);

/*
 * The Unix time (UTC seconds) of a wall-clock time in Europe/London on
 * `day`: GMT, or BST (UTC+1) from 01:00 UTC on the last Sunday of March to
 * 01:00 UTC on the last Sunday of October. `hhmm` is "HH:MM". False if it
 * is not shaped so. (The hour skipped or repeated at a change is resolved
 * as BST; sessions do not start at 1 in the morning.)
 */
bool training_london_to_utc(int32_t day, const char *hhmm, int64_t *out);

/* Whether `s` is a time "HH:MM" (00:00 to 23:59). */
bool training_is_time(const char *s);

#endif
