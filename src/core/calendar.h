/*
 * calendar.h (core) — the one way Haven reads, writes and counts dates:
 * day numbers, "YYYY-MM-DD", weekdays, months and the reporting year. Form
 * fields (router/fields.h), the audit trail's search and every area parse
 * dates here, and instants are written here in UTC; working days and bank
 * holidays build on it in the calendar area (areas/calendar/calendar.h),
 * reading instants and England's local time in areas/calendar/london.h.
 *
 * A date is a day number: days since 1970-01-01 in the proleptic Gregorian
 * calendar (negative before it), so date arithmetic is integer arithmetic and
 * no time zone or clock time is involved. Pure and thread-safe; tested in
 * tests/unit/test_dates.c.
 */
#ifndef HAVEN_CORE_CALENDAR_H
#define HAVEN_CORE_CALENDAR_H

#include <stdbool.h>
#include <stdint.h>

/* Room for a formatted date and its NUL, even for years past 9999. */
#define CALENDAR_DATE_SIZE 16

/*
 * Parses "YYYY-MM-DD" strictly: exactly four, two and two digits, years
 * 0001 to 9999, and a real date (2023-02-29 is refused, 2024-02-29 is not).
 * Returns true and sets *day, else false (and leaves *day alone).
 */
bool calendar_parse(const char *text, int32_t *day);

/* Writes `day` as "YYYY-MM-DD" into out (at least CALENDAR_DATE_SIZE bytes). */
void calendar_format(int32_t day, char out[static CALENDAR_DATE_SIZE]);

/* The day number of a year, month (1-12) and day of the month (1-31); not checked. */
int32_t calendar_from_ymd(int year, int month, int mday);

/* Room for a date as people read it, "Wednesday 30 September 2026", and its NUL. */
#define CALENDAR_LONG_DATE_SIZE 40

/* Writes `day` as people read it, GOV.UK style: "26 November 2026". */
void calendar_format_long(int32_t day, char out[static CALENDAR_LONG_DATE_SIZE]);

/* Room for a length of time in words and its NUL. */
#define CALENDAR_DURATION_SIZE 64

/*
 * A length of time in words, rounded down to the minute: "less than a
 * minute", "1 minute", "3 hours 20 minutes", "2 hours", "1 day 4 hours",
 * "12 days" (whole days from two days, days and hours from one, hours and
 * minutes below it).
 * Negative seconds are written as their absolute value.
 */
void calendar_format_duration(int64_t seconds, char out[static CALENDAR_DURATION_SIZE]);

/* Room for "2026-11-26T19:30:00Z" and its NUL. */
#define CALENDAR_INSTANT_SIZE 24

/*
 * Writes `utc` (whole seconds since 1970-01-01T00:00:00Z) as "YYYY-MM-DDTHH:MM:SSZ" (years 0001 to
 * 9999): the one writer of the stored instant text, which areas/calendar/london.h reads back.
 */
void calendar_format_instant(int64_t utc, char out[static CALENDAR_INSTANT_SIZE]);

/* The year, month (1-12) and day of the month (1-31) of `day`: calendar_from_ymd undone. */
void calendar_to_ymd(int32_t day, int *year, int *month, int *mday);

/*
 * `day` plus `months` calendar months (negative: back), the day of the month
 * kept or, where the month is shorter, its last day: 31 August + 6 months is
 * 28 or 29 February, 31 May - 3 months is 28 or 29 February.
 */
int32_t calendar_add_months(int32_t day, int months);

/* "January" ... "December" for month 1-12; "" for any other number. Static. */
const char *calendar_month_name(int month);

/* The day of the week: 0 Monday ... 5 Saturday, 6 Sunday (ISO 8601 order). */
int calendar_weekday(int32_t day);

/* "Monday" ... "Sunday". Static. */
const char *calendar_weekday_name(int32_t day);

/*
 * The partnership's reporting year (1 April to 31 March, as its annual report
 * runs) that `day` falls in: its first and last days.
 */
void calendar_reporting_year(int32_t day, int32_t *first, int32_t *last);

#endif
