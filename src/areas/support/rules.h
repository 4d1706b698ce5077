/*
 * rules.h (support) — when the front door's decision on a request for
 * support is due, and the Europe/London clock it is measured on.
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
 * Instants are Unix seconds (UTC). No database and no clock in here, and no
 * setenv/tzset (not thread-safe): the UK rule is small and fixed, so it is
 * written out and tested (tests/unit/test_support_rules.c). Thread-safe.
 */
#ifndef HAVEN_AREAS_SUPPORT_RULES_H
#define HAVEN_AREAS_SUPPORT_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The offset of Europe/London from UTC at `utc`, in seconds: 3600 (BST)
 * from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last
 * Sunday of October, else 0 (GMT).
 */
int support_london_offset(int64_t utc);

/* The Europe/London day number and seconds since local midnight of `utc`. */
void support_london_from_utc(int64_t utc, int32_t *day, int32_t *seconds);

/*
 * The instant of local wall-clock time `seconds` (0..86400) after midnight
 * on `day` in Europe/London. A time in the hour skipped in spring is read as
 * GMT, one in the hour repeated in autumn as BST (the first of the two);
 * the deadline rule never asks for either (both fall on a Sunday).
 */
int64_t support_utc_from_london(int32_t day, int32_t seconds);

/* When a decision on a request received at `received` is due (the rule above). */
int64_t support_decision_due(int64_t received);

/* Room for an ISO 8601 instant "YYYY-MM-DDTHH:MM:SSZ" and its NUL. */
#define SUPPORT_INSTANT_SIZE 32

/* Writes `utc` as "YYYY-MM-DDTHH:MM:SSZ". */
void support_format_instant(int64_t utc, char out[static SUPPORT_INSTANT_SIZE]);

/*
 * Parses "YYYY-MM-DDTHH:MM:SS" followed by "Z" or ".fffZ" (as SQLite's
 * strftime writes them); false if it is not a real instant so written.
 */
bool support_parse_instant(const char *text, int64_t *utc);

/*
 * `utc` for people, in Europe/London: "2:00pm on Tuesday 29 December 2026"
 * (GOV.UK style: 12-hour clock, "midday"). When `end_of_day` and the time
 * is exactly local midnight, it is shown as the end of the day before:
 * "11:59pm on Monday 4 January 2027" (a deadline at midnight is met by a
 * decision made that evening). False if `size` is too small.
 */
bool support_format_local(int64_t utc, bool end_of_day, char *out, size_t size);

#endif
