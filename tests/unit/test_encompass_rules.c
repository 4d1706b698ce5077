/*
 * test_encompass_rules.c — tests Operation Encompass's pure rules
 * (src/areas/encompass/rules.h): instants shown in England's local time,
 * durations in words, and the Monday a week begins on. (Reading instants and
 * the clock changes: test_calendar_london.c; medians and percentages:
 * test_stats.c.)
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "areas/calendar/calendar.h"
#include "areas/calendar/london.h"
#include "areas/encompass/rules.h"

static int64_t instant(const char *s)
{
	int64_t t = 0;
	assert_true(calendar_parse_instant(s, &t));
	return t;
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
	/* a day as people read it */
	int32_t day;
	assert_true(calendar_parse("2025-02-28", &day));
	encompass_format_day(day, text);
	assert_string_equal(text, "Friday 28 February 2025");
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
	    cmocka_unit_test(london_time),
	    cmocka_unit_test(weeks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
