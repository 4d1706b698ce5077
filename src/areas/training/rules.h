/*
 * rules.h (training) — the pure rules of workforce development: the
 * cancellation cut-off in working days (how many is the partnership's
 * setting, training_settings, store.h). (A session's local date and time
 * become a UTC instant through areas/calendar/london.h.)
 *
 * No database and no clock in here.
 */
#ifndef HAVEN_AREAS_TRAINING_RULES_H
#define HAVEN_AREAS_TRAINING_RULES_H

#include <stdbool.h>
#include <stdint.h>

/* The partnership's cut-off: from this many working days before a session (until it changes it). */
#define TRAINING_CUTOFF_DEFAULT 3
#define TRAINING_CUTOFF_MIN 0
#define TRAINING_CUTOFF_MAX 10

/*
 * The last day on which a place on a session on `session_day` may be
 * cancelled without it counting as late: the `working_days`-th working day
 * before the session (calendar.h: weekends and England and Wales bank
 * holidays are not working days), or the session's own day when it is 0.
 * With 3, a session on Tuesday 26 May 2026 (Monday 25 May a bank holiday)
 * has its cut-off on Wednesday 20 May.
 */
int32_t training_cutoff(int32_t session_day, int working_days);

/* Whether cancelling on `today` a place on a session on `session_day` is late (after the cut-off). */
bool training_cancellation_late(int32_t session_day, int32_t today, int working_days);

#endif
