/*
 * calendar_data.h — test data written as text, read into the calendar's
 * numbers (core/calendar.h, areas/calendar/london.h) for the unit tests that
 * work with days and instants: a test whose own data does not parse fails
 * saying so, rather than testing the wrong day. Static inline, because each
 * unit test is built from its one file (CMakeLists.txt), as temp_store.h.
 */
#ifndef HAVEN_TESTS_UNIT_CALENDAR_DATA_H
#define HAVEN_TESTS_UNIT_CALENDAR_DATA_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "areas/calendar/london.h"
#include "core/calendar.h"

/* The day "YYYY-MM-DD" names. */
static inline int32_t day_of(const char *text)
{
	int32_t day = 0;
	if (!calendar_parse(text, &day))
		fail_msg("test data: %s is not a date", text);
	return day;
}

/* The instant an ISO 8601 date and time with its offset names, in UTC. */
static inline int64_t at(const char *text)
{
	int64_t t = 0;
	if (!calendar_parse_instant(text, &t))
		fail_msg("test data: %s is not an instant", text);
	return t;
}

/* `day` is the day "YYYY-MM-DD" `expected` names. */
static inline void assert_date(int32_t day, const char *expected)
{
	char got[CALENDAR_DATE_SIZE];
	calendar_format(day, got);
	assert_string_equal(got, expected);
}

#endif
