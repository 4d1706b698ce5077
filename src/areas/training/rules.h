/*
 * rules.h (training) — the pure rules of workforce development: the
 * cancellation cut-off in working days. (A session's local date and time
 * become a UTC instant through areas/calendar/london.h.)
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

#endif
