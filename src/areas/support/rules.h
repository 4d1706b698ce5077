/*
 * rules.h (support) — when the front door's decision on a request for
 * support is due, and how that time is shown to people.
 *
 * The rule (docs/architecture.md, "Requests for support"): the local
 * authority decides within one working day of receipt. Working time runs
 * only on working days (Monday to Friday, not an England and Wales bank
 * holiday: the calendar module), every hour of such a day, in Europe/London
 * local time; the decision is due when one whole working day (24 working
 * hours) has run since the request was received. So:
 *   - received on a working day at local time T: due at T on the next
 *     working day (Monday 10:15 -> Tuesday 10:15; Friday 15:00 -> Monday
 *     15:00; Thursday 24 December 2026 14:00 -> Tuesday 29 December 14:00);
 *   - received on a weekend or bank holiday: the clock starts at the start
 *     of the next working day, so it is due at the end of that day
 *     (midnight, i.e. 00:00 the calendar day after);
 *   - received at exactly 00:00 of a working day: due at the end of it.
 * Clocks change on Sundays at 01:00 UTC, never on a working day, so "the
 * same time of day" is the same wall-clock time, GMT or BST.
 *
 * Instants are Unix seconds (UTC); England's local time is the calendar's
 * (areas/calendar/london.h). No database and no clock in here, so it is
 * tested with known answers (tests/unit/test_support_rules.c). Thread-safe.
 */
#ifndef HAVEN_AREAS_SUPPORT_RULES_H
#define HAVEN_AREAS_SUPPORT_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* When a decision on a request received at `received` is due (the rule above). */
int64_t support_decision_due(int64_t received);

/*
 * `utc` for people, in Europe/London: "2:00pm on Tuesday 29 December 2026"
 * (GOV.UK style: 12-hour clock, "midday"). When `end_of_day` and the time
 * is exactly local midnight, it is shown as the end of the day before:
 * "11:59pm on Monday 4 January 2027" (a deadline at midnight is met by a
 * decision made that evening). False if `size` is too small.
 */
bool support_format_local(int64_t utc, bool end_of_day, char *out, size_t size);

#endif
