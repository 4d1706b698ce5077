/*
 * test_dates.c — tests the one date parser and its arithmetic
 * (src/core/calendar.h): real dates parsed strictly (leap years by the
 * 4/100/400 rule, the bounds 0001-01-01 and 9999-12-31), everything else
 * refused and the output left alone, formatting round-tripping every day of
 * three centuries, dates for people, months added, durations in words,
 * weekdays and the reporting year. Expected values were worked out by hand
 * (and checked with Python's datetime), not by this code.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/calendar.h"
#include "calendar_data.h"

/* ---- dates ---- */

static void parses_real_dates(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		int32_t day; /* days since 1970-01-01 */
	} valid[] = {
	    {"1970-01-01", 0},      {"1970-01-02", 1},       {"1969-12-31", -1},      {"2000-01-01", 10957},
	    {"2000-02-29", 11016}, /* 2000 is divisible by 400: a leap year */
	    {"2000-03-01", 11017},  {"2024-02-29", 19782},   {"2024-03-01", 19783},   {"2023-02-28", 19416},
	    {"2023-03-01", 19417},  {"1900-02-28", -25509}, /* 1900 is divisible by 100 only: not leap */
	    {"1900-03-01", -25508}, {"0001-01-01", -719162}, {"9999-12-31", 2932896}, {"2038-01-19", 24855},
	    {"2022-12-31", 19357},
	};
	for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++) {
		int32_t day = 12345;
		if (!calendar_parse(valid[i].text, &day))
			fail_msg("%s should parse", valid[i].text);
		if (day != valid[i].day)
			fail_msg("%s: got day %d, expected %d", valid[i].text, day, valid[i].day);
		assert_date(day, valid[i].text);
	}
}

static void refuses_everything_else(void **state)
{
	(void)state;
	static const char *const invalid[] =
	    {
	        "2023-02-29", /* not a leap year */
	        "1900-02-29", /* divisible by 100, not 400 */
	        "2100-02-29",     "2024-02-30",       "2024-04-31", "2024-06-31", "2024-09-31",
	        "2024-11-31",     "2024-01-32",       "2024-13-01", "2024-00-10", "2024-01-00",
	        "0000-01-01", /* there is no year 0 in YYYY */
	        "2024-1-01",      "2024-01-1",        "24-01-01",   "2024/01/01", "2024-01-01 ",
	        " 2024-01-01",    "2024-01-01T00:00", "20240101",   "2024-01-0a", "+024-01-01",
	        "-024-01-01",     "2024--1-01",       "2024-01-+1", "",           "2024-01-01\n",
	        "１９７０-01-01", /* full-width digits are not digits */
	    };
	for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++) {
		int32_t day = 777;
		if (calendar_parse(invalid[i], &day))
			fail_msg("'%s' should be refused", invalid[i]);
		assert_int_equal(day, 777); /* left alone */
	}
	int32_t day = 777;
	assert_false(calendar_parse(NULL, &day));
}

static void formats_round_trip_every_day(void **state)
{
	(void)state;
	/* every day from 1899 to 2101: format then parse gives the day back, and days are consecutive */
	int32_t first = day_of("1899-01-01"), last = day_of("2101-12-31");
	for (int32_t d = first; d <= last; d++) {
		char text[CALENDAR_DATE_SIZE];
		calendar_format(d, text);
		int32_t back = 0;
		assert_true(calendar_parse(text, &back));
		assert_int_equal(back, d);
	}
	assert_int_equal(last - first + 1, 203 * 365 + 49); /* leap years 1904 to 2096, 2000 among them */
	assert_int_equal(calendar_from_ymd(2024, 2, 29), day_of("2024-02-29"));
}

static void writes_dates_for_people(void **state)
{
	(void)state;
	static const struct {
		const char *date, *long_date;
		int year, month, mday;
	} cases[] = {
	    {"2026-11-26", "26 November 2026", 2026, 11, 26},
	    {"2016-04-12", "12 April 2016", 2016, 4, 12},
	    {"2024-02-29", "29 February 2024", 2024, 2, 29},
	    {"1969-12-31", "31 December 1969", 1969, 12, 31},
	    {"2000-01-01", "1 January 2000", 2000, 1, 1},
	    {"2026-09-30", "30 September 2026", 2026, 9, 30},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int32_t day = 0;
		assert_true(calendar_parse(cases[i].date, &day));
		char text[CALENDAR_LONG_DATE_SIZE];
		calendar_format_long(day, text);
		assert_string_equal(text, cases[i].long_date);
		int y, m, d;
		calendar_to_ymd(day, &y, &m, &d);
		assert_int_equal(y, cases[i].year);
		assert_int_equal(m, cases[i].month);
		assert_int_equal(d, cases[i].mday);
	}
	assert_string_equal(calendar_month_name(1), "January");
	assert_string_equal(calendar_month_name(12), "December");
	assert_string_equal(calendar_month_name(0), "");
	assert_string_equal(calendar_month_name(13), "");
}

static void adds_months_keeping_the_day_where_it_exists(void **state)
{
	(void)state;
	static const struct {
		const char *from;
		int months;
		const char *to;
	} cases[] = {
	    {"2026-02-02", 6, "2026-08-02"},   {"2025-08-31", 6, "2026-02-28"}, /* February is short */
	    {"2023-08-31", 6, "2024-02-29"},                                    /* a leap year */
	    {"2026-09-30", 4, "2027-01-30"},                                    /* into the next year */
	    {"2026-05-31", -3, "2026-02-28"},  {"2024-05-31", -3, "2024-02-29"},
	    {"2026-01-15", -1, "2025-12-15"}, /* back over a year's end */
	    {"2026-03-31", -13, "2025-02-28"}, {"2026-07-04", 0, "2026-07-04"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int32_t day;
		assert_true(calendar_parse(cases[i].from, &day));
		char out[CALENDAR_DATE_SIZE];
		calendar_format(calendar_add_months(day, cases[i].months), out);
		assert_string_equal(out, cases[i].to);
	}
}

/* Lengths of time in words (the cases the Provide list and the Encompass figures rely on). */
static void writes_durations_in_words(void **state)
{
	(void)state;
	static const struct {
		int64_t seconds;
		const char *text;
	} cases[] = {
	    {0, "less than a minute"},
	    {59, "less than a minute"},
	    {-5, "less than a minute"},
	    {60, "1 minute"},
	    {119, "1 minute"},
	    {45 * 60 + 59, "45 minutes"},
	    {3600, "1 hour"},
	    {3600 + 60, "1 hour 1 minute"},
	    {3900, "1 hour 5 minutes"},
	    {-3900, "1 hour 5 minutes"}, /* a length, whichever way it is counted */
	    {2 * 3600, "2 hours"},
	    {3 * 3600 + 20 * 60, "3 hours 20 minutes"},
	    {86400, "1 day"},
	    {86400 + 3 * 3600 + 59, "1 day 3 hours"},
	    {26 * 3600 + 59 * 60, "1 day 2 hours"},
	    {2 * 86400 + 3 * 3600 + 600, "2 days"}, /* from two days, whole days: the hours add nothing */
	    {22 * 86400 + 3600, "22 days"},
	    {12 * 86400 + 1800, "12 days"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char out[CALENDAR_DURATION_SIZE];
		calendar_format_duration(cases[i].seconds, out);
		assert_string_equal(out, cases[i].text);
	}
}

static void knows_the_day_of_the_week(void **state)
{
	(void)state;
	static const struct {
		const char *date, *weekday;
	} days[] = {
	    {"1970-01-01", "Thursday"}, {"1969-12-31", "Wednesday"}, {"1969-12-29", "Monday"},
	    {"2000-01-01", "Saturday"}, {"2000-02-29", "Tuesday"},   {"1900-01-01", "Monday"},
	    {"2020-05-08", "Friday"},   {"2022-06-02", "Thursday"},  {"2022-09-19", "Monday"},
	    {"2023-05-08", "Monday"},   {"2024-02-29", "Thursday"},  {"2024-12-25", "Wednesday"},
	    {"2025-11-30", "Sunday"},   {"0001-01-01", "Monday"},    {"9999-12-31", "Friday"},
	};
	for (size_t i = 0; i < sizeof days / sizeof days[0]; i++) {
		int32_t d = day_of(days[i].date);
		if (strcmp(calendar_weekday_name(d), days[i].weekday) != 0)
			fail_msg("%s: got %s, expected %s", days[i].date, calendar_weekday_name(d),
			         days[i].weekday);
	}
	assert_int_equal(calendar_weekday(day_of("2024-03-04")), 0); /* Monday */
	assert_int_equal(calendar_weekday(day_of("2024-03-10")), 6); /* Sunday */
}

/* ---- the built-in holidays ---- */

/* The reporting year runs 1 April to 31 March, as the partnership's annual report does. */
static void knows_the_reporting_year(void **state)
{
	(void)state;
	static const struct {
		const char *day, *first, *last;
	} years[] = {
	    {"2021-03-31", "2020-04-01", "2021-03-31"}, {"2021-04-01", "2021-04-01", "2022-03-31"},
	    {"2020-04-01", "2020-04-01", "2021-03-31"}, {"2024-02-29", "2023-04-01", "2024-03-31"},
	    {"2026-11-26", "2026-04-01", "2027-03-31"}, {"2026-01-01", "2025-04-01", "2026-03-31"},
	};
	for (size_t i = 0; i < sizeof years / sizeof years[0]; i++) {
		int32_t first = 0, last = 0;
		calendar_reporting_year(day_of(years[i].day), &first, &last);
		assert_date(first, years[i].first);
		assert_date(last, years[i].last);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(parses_real_dates),
	    cmocka_unit_test(refuses_everything_else),
	    cmocka_unit_test(formats_round_trip_every_day),
	    cmocka_unit_test(writes_dates_for_people),
	    cmocka_unit_test(adds_months_keeping_the_day_where_it_exists),
	    cmocka_unit_test(writes_durations_in_words),
	    cmocka_unit_test(knows_the_day_of_the_week),
	    cmocka_unit_test(knows_the_reporting_year),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
