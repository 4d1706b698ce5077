/*
 * rules.h (encompass) — the pure rules behind Operation Encompass's pages
 * and figures: reading the UTC instants the store keeps, showing them in
 * Europe/London time, how late something is in words, and the medians and
 * percentages of the dashboard.
 *
 * No database and no clock in here, so every rule is unit-tested
 * (tests/unit/test_encompass_rules.c).
 */
#ifndef HAVEN_AREAS_ENCOMPASS_RULES_H
#define HAVEN_AREAS_ENCOMPASS_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Parses a UTC instant as the store writes it: "YYYY-MM-DDTHH:MM:SSZ",
 * optionally with a fraction of a second ("…:SS.123Z", dropped) and with
 * a space instead of the T. Sets *out to Unix seconds. False if `s` is NULL
 * or not so shaped (a real date, hours < 24, minutes and seconds < 60).
 */
bool encompass_parse_instant(const char *s, int64_t *out);

/*
 * The Europe/London offset from UTC in seconds at Unix time `t`: 3600 in
 * British Summer Time (01:00 UTC on the last Sunday of March to 01:00 UTC
 * on the last Sunday of October), otherwise 0.
 */
int encompass_london_offset(int64_t t);

/* The Europe/London calendar day (days since 1970-01-01) of Unix time `t`. */
int32_t encompass_london_day(int64_t t);

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
 * A length of time in words, rounded down to the minute: "45 minutes",
 * "1 hour 5 minutes", "2 days 3 hours" (days drop the minutes), "less than
 * a minute". Negative seconds are written as their absolute value.
 */
void encompass_format_duration(int64_t seconds, char out[static ENCOMPASS_WHEN_SIZE]);

/*
 * The median of `values[0..n)`, sorting them in place: the middle value,
 * or for an even count the mean of the two middle values. False (and *out
 * untouched) when n is 0.
 */
bool encompass_median(double *values, size_t n, double *out);

/*
 * `part` as a percentage of `whole`, rounded half away from zero to one
 * decimal place (2 of 3 is 66.7). False (and *out untouched) when whole is 0,
 * when there is nothing to be a percentage of.
 */
bool encompass_percent(long long part, long long whole, double *out);

/*
 * The Monday that starts the week of `day`, for weekly figures ("week
 * beginning"); weeks run Monday to Sunday as the partnership's do.
 */
int32_t encompass_week_start(int32_t day);

#endif
