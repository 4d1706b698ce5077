/*
 * deadline.h (incidents) — when an Operation Encompass notification is due:
 * the start of the recipient setting's next school day after the incident,
 * in Europe/London local time, stored as a UTC instant.
 *
 * Everything here is pure arithmetic on integers (no database, no locale, no
 * TZ environment, no tzset), so any thread may call it and the unit tests
 * (tests/unit/test_incidents_deadline.c) can pin every case down:
 *
 *   - Instants and England's local time (GMT or BST) are the partnership's
 *     clock, areas/calendar/london.h.
 *   - A school day is Monday to Friday, not an England and Wales bank holiday
 *     (areas/calendar/calendar.h), and within a term of the setting's local
 *     authority when that authority has terms listed for the school year
 *     (1 September to 31 August) the day falls in. A term is listed for the
 *     school year its first day is in, only: the import refuses one ending
 *     after that year's 31 August, and one stored before it did does not
 *     make the next year's other weekdays holidays (its own days still
 *     count). With
 *     deliver_in_holidays (the partnership's choice in da_settings) the term
 *     dates are ignored: a weekday that is not a bank holiday counts, so a
 *     notification about a half-term incident is still due next morning.
 *   - The deadline is the first instant strictly after the incident at which
 *     a school day starts (the setting's school_day_start, local time). So an
 *     incident at 07:00 on a school day is due at that morning's start, and
 *     one at 09:30 is due at the next school day's start.
 *
 * The Encompass area may call deadline_next_school_day_start too (it is the
 * one definition of "due").
 */
#ifndef HAVEN_AREAS_INCIDENTS_DEADLINE_H
#define HAVEN_AREAS_INCIDENTS_DEADLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/status.h"

/* One school term of a local authority: first and last day (calendar day numbers), inclusive. */
struct deadline_term {
	int32_t first, last;
};

/* What decides whether a day is a school day for one setting. Borrowed. */
struct deadline_school_calendar {
	const struct deadline_term *terms; /* the setting's local authority's terms, any order */
	size_t term_count;
	bool deliver_in_holidays; /* da_settings.deliver_in_holidays: ignore term dates */
};

/* The school year (1 September to 31 August) that `day` falls in: its first and last days. */
void deadline_school_year(int32_t day, int32_t *first, int32_t *last);

/* How many days after an incident deadline_next_school_day_start looks for a school day. */
#define DEADLINE_SEARCH_DAYS 800

/*
 * The days whose terms can decide the deadline of an incident at `incident_utc`: from the first day of
 * the incident's school year (whether that year has terms listed decides its holidays) to the last day of
 * the school year of the last day searched. A local authority's terms outside them cannot matter, so a
 * caller loads only these, however many years of terms the authority keeps: each term with a day in
 * them (one starting in an earlier year and running into them counts for its own days only).
 */
void deadline_terms_window(int64_t incident_utc, int32_t *first, int32_t *last);

/* Whether `day` is a school day under `cal` (see the top of this file). */
bool deadline_is_school_day(int32_t day, const struct deadline_school_calendar *cal);

/*
 * The deadline for an incident at instant `incident_utc`, for a setting whose
 * day starts at `start_minute` (local time): the first school-day start
 * strictly after the incident. HAVEN_OK with *due set; HAVEN_ERR_INVALID if
 * start_minute is out of range; HAVEN_ERR_NOT_FOUND if no school day starts
 * within 800 days, or the search passes over more bank holidays on weekdays
 * than one year may hold (CALENDAR_HOLIDAYS_MOST_A_YEAR): term dates that
 * leave a whole school year without a term day cannot do this, since a year
 * without terms listed counts every weekday; only a broken bank-holiday table
 * could.
 */
enum haven_status deadline_next_school_day_start(int64_t incident_utc, int start_minute,
                                                 const struct deadline_school_calendar *cal,
                                                 int64_t *due) HAVEN_MUST_CHECK;

/*
 * The first start of a weekday (Monday to Friday, holidays and terms
 * ignored) strictly after the incident: the deadline when the calendar has no
 * school day at all, so that the setting still hears at once rather than the
 * incident being refused. HAVEN_ERR_INVALID if start_minute is out of range.
 */
enum haven_status deadline_next_weekday_start(int64_t incident_utc, int start_minute,
                                              int64_t *due) HAVEN_MUST_CHECK;

#endif
