/*
 * calendar.h — the one calendar every deadline in Haven comes from: dates,
 * weekdays, and working days in England and Wales (not a Saturday or Sunday,
 * not a bank holiday).
 *
 * A date is a day number: days since 1970-01-01 in the proleptic Gregorian
 * calendar (negative before it), so date arithmetic is integer arithmetic and
 * no time zone or clock time is involved. Dates are written "YYYY-MM-DD".
 *
 * Bank holidays are the built-in gov.uk list (data/bank-holidays.json, built
 * into the binary) together with any imported into the database with
 * `haven import bank-holidays` (table bank_holidays). The combined table is
 * loaded once per process, on the first question that needs it, and is
 * read-only afterwards, so every function here may be called from any thread.
 * A holiday imported while `haven serve` runs takes effect when it restarts.
 */
#ifndef HAVEN_AREAS_CALENDAR_CALENDAR_H
#define HAVEN_AREAS_CALENDAR_CALENDAR_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/status.h"

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
 * "12 days" (days and hours past a day, hours and minutes below it).
 * Negative seconds are written as their absolute value.
 */
void calendar_format_duration(int64_t seconds, char out[static CALENDAR_DURATION_SIZE]);

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

/* The bank holiday's name ("Christmas Day (substitute day)") if `day` is one, else NULL. Static. */
const char *calendar_holiday_name(int32_t day);

/*
 * Whether bank holidays are known for `day`'s year: it is no earlier than
 * the first year and no later than the last year with a holiday listed. A
 * deadline outside them counts weekends only and should say so.
 */
bool calendar_covers(int32_t day);

/*
 * The partnership's reporting year (1 April to 31 March, as its annual report
 * runs) that `day` falls in: its first and last days.
 */
void calendar_reporting_year(int32_t day, int32_t *first, int32_t *last);

/* Monday to Friday and not an England and Wales bank holiday. */
bool calendar_is_working_day(int32_t day);

/*
 * The n-th working day after `day` (n >= 0), not counting `day` itself
 * whatever it is: 5 working days from Friday 1 March 2024 is Friday
 * 8 March, and from Friday 3 May 2024 is Monday 13 May (Monday 6 May is a
 * bank holiday, so it is not counted). From a Saturday, the first working
 * day counted is the Monday. n = 0 returns `day` unchanged, even if it is
 * not a working day. Takes time in proportion to n. A negative n is a bug: it returns `day`.
 */
int32_t calendar_add_working_days(int32_t day, int32_t n);

/*
 * The number of working days d with a < d <= b: for n >= 0,
 * calendar_working_days_between(day, calendar_add_working_days(day, n)) == n.
 * Negative (minus the count from b to a) when b < a; 0 when a == b.
 */
int32_t calendar_working_days_between(int32_t a, int32_t b);

/*
 * Loads the combined holiday table now, from the built-in list and this
 * process's open database (store_open). HAVEN_OK once the database's
 * holidays are in (later calls return at once); HAVEN_ERR_DB if no database
 * is open or it could not be read — then the built-in holidays are used and
 * the next question tries the database again. Commands and handlers that
 * must not work from the built-in list alone call this first. Thread-safe.
 */
enum haven_status calendar_load(void) HAVEN_MUST_CHECK;

/* One bank holiday. */
struct calendar_holiday {
	int32_t day;
	char *title; /* owned */
};

/* Frees an array of holidays and their titles (NULL is fine). */
void calendar_holidays_free(struct calendar_holiday *list, size_t count);

/*
 * Reads the England and Wales holidays from a gov.uk bank-holidays.json
 * document (the "england-and-wales" division's "events": each an object
 * with a "date" YYYY-MM-DD and a non-empty "title" of at most 200
 * characters; other fields and divisions are ignored). Every event is
 * checked; on the first bad one returns HAVEN_ERR_INVALID with a malloc'd
 * message naming its place ("england-and-wales.events[3].date: ...") in
 * *err. A date listed twice is an error. On success *list (caller frees with
 * calendar_holidays_free) holds the events in the document's order.
 */
enum haven_status calendar_holidays_from_json(const json_t *root, struct calendar_holiday **list,
                                              size_t *count, char **err) HAVEN_MUST_CHECK;

/*
 * Adds holidays to the open database in one unit of work (all or nothing):
 * dates already known (built in, or already in the database) are counted in
 * *known and otherwise left alone, except that a database row's title is
 * updated to the one given; the rest are inserted and counted in *added.
 */
enum haven_status calendar_import(const struct calendar_holiday *list, size_t count, size_t *added,
                                  size_t *known) HAVEN_MUST_CHECK;

#endif
