/*
 * test_encompass_rules.c — tests Operation Encompass's pure rules
 * (src/areas/encompass/rules.h): reading stored instants, Europe/London
 * time either side of the clock changes, durations in words, medians of odd
 * and even counts (unsorted input, ties, one value, none), percentages
 * rounded to one decimal place, and the Monday a week begins on.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "areas/calendar/calendar.h"
#include "areas/encompass/rules.h"

static int64_t instant(const char *s)
{
	int64_t t = 0;
	assert_true(encompass_parse_instant(s, &t));
	return t;
}

static void parsing_instants(void **state)
{
	(void)state;
	assert_int_equal(instant("1970-01-01T00:00:00Z"), 0);
	assert_int_equal(instant("2026-11-26T19:30:00Z"), 1795721400);
	/* SQLite's strftime('%f') form and a space for the T read the same, the fraction dropped */
	assert_int_equal(instant("2026-11-26T19:30:00.999Z"), 1795721400);
	assert_int_equal(instant("2026-11-26 19:30:00Z"), 1795721400);
	int64_t t = 42;
	const char *invalid[] = {NULL, "", "2026-11-26", "2026-11-26T19:30:00", "2026-11-26T19:30:00+01:00",
				 "2026-02-30T10:00:00Z", "2026-11-26T24:00:00Z", "2026-11-26T19:60:00Z",
				 "2026-11-26T19:30:00.Z", "2026-11-26T19:30:00Zjunk", "2026-11-26X19:30:00Z"};
	for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++)
		assert_false(encompass_parse_instant(invalid[i], &t));
	assert_int_equal(t, 42);
}

static void london_time(void **state)
{
	(void)state;
	char text[ENCOMPASS_WHEN_SIZE];
	/* GMT in winter */
	encompass_format_when(instant("2026-01-14T19:30:00Z"), text);
	assert_string_equal(text, "Wednesday 14 January 2026 at 7:30pm");
	/* BST in summer: 07:45 UTC is 8:45am */
	encompass_format_when(instant("2026-07-01T07:45:00Z"), text);
	assert_string_equal(text, "Wednesday 1 July 2026 at 8:45am");
	/* noon and midnight */
	encompass_format_when(instant("2026-01-14T12:00:00Z"), text);
	assert_string_equal(text, "Wednesday 14 January 2026 at 12:00pm");
	encompass_format_when(instant("2026-01-14T00:05:00Z"), text);
	assert_string_equal(text, "Wednesday 14 January 2026 at 12:05am");
	/* the clocks go forward at 01:00 UTC on Sunday 29 March 2026, back at 01:00 UTC on Sunday 25 October */
	assert_int_equal(encompass_london_offset(instant("2026-03-29T00:59:59Z")), 0);
	assert_int_equal(encompass_london_offset(instant("2026-03-29T01:00:00Z")), 3600);
	assert_int_equal(encompass_london_offset(instant("2026-10-25T00:59:59Z")), 3600);
	assert_int_equal(encompass_london_offset(instant("2026-10-25T01:00:00Z")), 0);
	/* 23:30 UTC is already the next day in London in summer, not in winter */
	int32_t day;
	assert_true(calendar_parse("2025-04-01", &day));
	assert_int_equal(encompass_london_day(instant("2025-03-31T23:30:00Z")), day);
	assert_true(calendar_parse("2025-02-28", &day));
	assert_int_equal(encompass_london_day(instant("2025-02-28T23:30:00Z")), day);
	encompass_format_day(day, text);
	assert_string_equal(text, "Friday 28 February 2025");
}

static void durations(void **state)
{
	(void)state;
	static const struct {
		int64_t seconds;
		const char *text;
	} cases[] = {
		{0, "less than a minute"},      {59, "less than a minute"},  {60, "1 minute"},
		{119, "1 minute"},              {45 * 60, "45 minutes"},     {3600, "1 hour"},
		{3900, "1 hour 5 minutes"},     {7260, "2 hours 1 minute"},  {86400, "1 day"},
		{86400 + 3 * 3600 + 59, "1 day 3 hours"}, {2 * 86400 + 3 * 3600 + 600, "2 days 3 hours"},
		{-3900, "1 hour 5 minutes"},
	};
	char text[ENCOMPASS_WHEN_SIZE];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		encompass_format_duration(cases[i].seconds, text);
		assert_string_equal(text, cases[i].text);
	}
}

static void medians(void **state)
{
	(void)state;
	double m = -1;
	assert_false(encompass_median(NULL, 0, &m));
	assert_true(m == -1);
	double one[] = {7};
	assert_true(encompass_median(one, 1, &m));
	assert_true(m == 7);
	double odd[] = {900, 750, 780};
	assert_true(encompass_median(odd, 3, &m));
	assert_true(m == 780);
	/* even: the mean of the two middle values, whatever order they came in */
	double even[] = {900, 750, 810, 780};
	assert_true(encompass_median(even, 4, &m));
	assert_true(m == 795);
	double two[] = {10, 1};
	assert_true(encompass_median(two, 2, &m));
	assert_true(m == 5.5);
	double ties[] = {5, 1, 5, 9, 5, 2};
	assert_true(encompass_median(ties, 6, &m));
	assert_true(m == 5);
	double negative[] = {-30, 10, -10, 30};
	assert_true(encompass_median(negative, 4, &m));
	assert_true(m == 0);
}

static void percentages(void **state)
{
	(void)state;
	double p = -1;
	assert_false(encompass_percent(0, 0, &p));
	assert_true(p == -1);
	assert_true(encompass_percent(2, 3, &p) && p == 66.7);
	assert_true(encompass_percent(1, 3, &p) && p == 33.3);
	assert_true(encompass_percent(5, 6, &p) && p == 83.3);
	assert_true(encompass_percent(1, 8, &p) && p == 12.5);
	/* half a tenth rounds up: 1 of 16 is 6.25% */
	assert_true(encompass_percent(1, 16, &p) && p == 6.3);
	assert_true(encompass_percent(0, 5, &p) && p == 0);
	assert_true(encompass_percent(5, 5, &p) && p == 100);
}

static void weeks(void **state)
{
	(void)state;
	int32_t day, monday;
	assert_true(calendar_parse("2025-03-03", &monday));
	for (int i = 0; i < 7; i++)
		assert_int_equal(encompass_week_start(monday + i), monday);
	assert_true(calendar_parse("2025-03-10", &day));
	assert_int_equal(encompass_week_start(day), day);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parsing_instants), cmocka_unit_test(london_time), cmocka_unit_test(durations),
		cmocka_unit_test(medians),          cmocka_unit_test(percentages), cmocka_unit_test(weeks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
