/*
 * rules.h (encompass) — the pure rules behind Operation Encompass's pages
 * and figures: showing instants in England's local time, how late something
 * is in words, and the weeks of the dashboard. (Instants and England's local
 * time are the calendar's, areas/calendar/london.h; medians and percentages
 * core/stats.h.)
 *
 * No database and no clock in here, so every rule is unit-tested
 * (tests/unit/test_encompass_rules.c).
 */
#ifndef HAVEN_AREAS_ENCOMPASS_RULES_H
#define HAVEN_AREAS_ENCOMPASS_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ENCOMPASS_WHEN_SIZE 64

/*
 * Writes Unix time `t` as people in the partnership read it, in
 * Europe/London time: "Tuesday 3 March 2026 at 8:45am" (12:00pm is noon,
 * 12:00am midnight).
 */
void encompass_format_when(int64_t t, char out[static ENCOMPASS_WHEN_SIZE]);

/* "Tuesday 3 March 2026" for a day number. */
void encompass_format_day(int32_t day, char out[static ENCOMPASS_WHEN_SIZE]);

/*
 * The Monday that starts the week of `day`, for weekly figures ("week
 * beginning"); weeks run Monday to Sunday as the partnership's do.
 */
int32_t encompass_week_start(int32_t day);

/*
 * When the demo's "new" notification's incident happened: `written` (demo.sql's, two minutes before the
 * demo is made, `now`) while its deadline counted from there, `due`, is still to come. When a school day
 * started in those two minutes (`due` <= `now`), the incident is moved to that start instead: the next
 * school-day start strictly after it is then after `now`, so the demo's new notification is never
 * overdue, whenever the demo is made.
 */
int64_t encompass_demo_new_incident_at(int64_t written, int64_t due, int64_t now);

#endif
