/*
 * test_calendar_london.c — tests the partnership's clock
 * (src/areas/calendar/london.h) as tables of known answers: ISO 8601
 * instants read and written (with "Z" and with offsets, and every spelling
 * that must be refused), "HH:MM" times of day, England's offset from UTC
 * either side of both clock changes in 2024 to 2027, UTC to England's local
 * day and time (where the London date is not the UTC date), local time to
 * UTC (including the hour skipped in spring and the hour shown twice in
 * autumn), and that local time round-trips over four years.
 *
 * These cases were gathered from the tests of the areas that each had their
 * own copy of this code (Provide, Encompass, Support, Incidents, Training,
 * Children) when it was merged into one module; every distinct case is kept.
 * BST runs from 01:00 UTC on the last Sunday of March to 01:00 UTC on the
 * last Sunday of October: 31 March / 27 October 2024, 30 March / 26 October
 * 2025, 29 March / 25 October 2026, 28 March / 31 October 2027.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "areas/calendar/calendar.h"
#include "areas/calendar/london.h"
#include "calendar_data.h"

static void reads_and_writes_instants(void **state)
{
	(void)state;
	static const struct {
		const char *text, *utc;
	} good[] = {
	    {"1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z"},
	    {"2026-11-26T19:30:00Z", "2026-11-26T19:30:00Z"},
	    /* no seconds; a fraction (SQLite's strftime('%f')) is dropped */
	    {"2026-11-26T19:30Z", "2026-11-26T19:30:00Z"},
	    {"2026-11-26T19:30:00.123Z", "2026-11-26T19:30:00Z"},
	    {"2026-11-26T19:30:00.999Z", "2026-11-26T19:30:00Z"},
	    {"2026-12-24T14:00:00.123Z", "2026-12-24T14:00:00Z"},
	    {"2024-02-29T23:59:59Z", "2024-02-29T23:59:59Z"},
	    {"2024-02-29T12:00:00Z", "2024-02-29T12:00:00Z"},
	    /* offsets from UTC, in each spelling */
	    {"2026-06-26T20:30:00+01:00", "2026-06-26T19:30:00Z"},
	    {"2026-06-26T20:30+0100", "2026-06-26T19:30:00Z"},
	    {"2026-06-26T20:30:15.123+01", "2026-06-26T19:30:15Z"},
	    {"2026-06-26T20:30:15,5+01:00", "2026-06-26T19:30:15Z"},
	    {"2026-01-01T01:00:00-05:00", "2026-01-01T06:00:00Z"},
	    {"2026-01-01T00:30:00+01:00", "2025-12-31T23:30:00Z"},
	    {"2025-11-19T19:30:00+00:00", "2025-11-19T19:30:00Z"},
	    /* the first and last moments Haven can write */
	    {"0001-01-01T01:00:00+01:00", "0001-01-01T00:00:00Z"},
	    {"9999-12-31T22:59:59-01:00", "9999-12-31T23:59:59Z"},
	};
	char out[CALENDAR_INSTANT_SIZE];
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		calendar_format_instant(at(good[i].text), out);
		if (strcmp(out, good[i].utc) != 0)
			fail_msg("%s read as %s, expected %s", good[i].text, out, good[i].utc);
	}
	assert_int_equal(at("2026-11-26T19:30:00Z"), 1795721400);
	calendar_format_instant(-1, out);
	assert_string_equal(out, "1969-12-31T23:59:59Z");

	static const char *const bad[] = {
	    "",
	    "2026-11-26",
	    "2026-11-26T19:30:00",  /* no offset: a local time is ambiguous */
	    "2026-11-26 19:30:00Z", /* a space for the T: one spelling */
	    "2026-11-26t19:30:00z",
	    "2026-11-26X19:30:00Z",
	    "2026-02-30T10:00:00Z", /* not a real date */
	    "2023-02-29T10:00:00Z",
	    "2026-11-26T24:00:00Z",
	    "2026-11-26T19:60:00Z",
	    "2026-11-26T19:30:60Z", /* no leap second */
	    "2026-11-26T19Z",
	    "2026-11-26T19:30:00.Z",
	    "2026-11-26T19:30:00ZZ",
	    "2026-11-26T19:30:00Zjunk",
	    "2026-11-26T19:30:00+1:00",
	    "2026-11-26T19:30:00+01:00x",
	    "2026-11-26T19:30:00+19:00",
	    "0001-01-01T00:00:00+01:00", /* before year 1 in UTC: found by tests/fuzz/fuzz_calendar.c */
	    "9999-12-31T23:30:00-01:00", /* after year 9999 in UTC */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int64_t t = 42;
		if (calendar_parse_instant(bad[i], &t))
			fail_msg("%s should be refused", bad[i]);
		assert_int_equal(t, 42); /* untouched */
	}
	int64_t t = 42;
	assert_false(calendar_parse_instant(NULL, &t));
	assert_int_equal(t, 42);
}

static void reads_times_of_day(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		int minute;
	} good[] = {{"00:00", 0}, {"08:45", 525}, {"19:30", 1170}, {"23:59", 1439}};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		int m = -1;
		assert_true(calendar_parse_clock(good[i].text, &m));
		assert_int_equal(m, good[i].minute);
	}
	static const char *const bad[] = {"24:00",  "12:60", "8:45", "7:30", "08:4",
	                                  "08:450", "08-45", "noon", ""};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int m = -1;
		if (calendar_parse_clock(bad[i], &m))
			fail_msg("%s should be refused", bad[i]);
		assert_int_equal(m, -1);
	}
	int m = -1;
	assert_false(calendar_parse_clock(NULL, &m));
}

static void knows_when_summer_time_runs(void **state)
{
	(void)state;
	static const struct {
		const char *utc;
		int offset;
	} offsets[] = {
	    /* 2026: forward at 01:00 UTC on 29 March, back at 01:00 UTC on 25 October */
	    {"2026-03-29T00:59:00Z", 0},
	    {"2026-03-29T00:59:59Z", 0},
	    {"2026-03-29T01:00:00Z", 3600},
	    {"2026-10-25T00:59:00Z", 3600},
	    {"2026-10-25T00:59:59Z", 3600},
	    {"2026-10-25T01:00:00Z", 0},
	    {"2026-01-15T12:00:00Z", 0},
	    {"2026-07-15T12:00:00Z", 3600},
	    {"2026-06-21T12:00:00Z", 3600},
	    {"2026-12-21T12:00:00Z", 0},
	    /* 2025: 30 March and 26 October */
	    {"2025-03-30T00:59:59Z", 0},
	    {"2025-03-30T01:00:00Z", 3600},
	    {"2025-10-26T00:59:59Z", 3600},
	    {"2025-10-26T01:00:00Z", 0},
	    /* 2024: 31 March was itself the last Sunday; 27 October */
	    {"2024-03-31T00:59:59Z", 0},
	    {"2024-03-31T01:00:00Z", 3600},
	    {"2024-10-27T00:59:59Z", 3600},
	    {"2024-10-27T01:00:00Z", 0},
	    /* 2027: 28 March and 31 October (the last day of the month itself) */
	    {"2027-03-28T00:00:00Z", 0},
	    {"2027-03-28T01:00:00Z", 3600},
	    {"2027-10-31T00:59:59Z", 3600},
	    {"2027-10-31T01:00:00Z", 0},
	};
	for (size_t i = 0; i < sizeof offsets / sizeof offsets[0]; i++)
		if (calendar_london_offset(at(offsets[i].utc)) != offsets[i].offset)
			fail_msg("offset at %s should be %d", offsets[i].utc, offsets[i].offset);
}

static void turns_utc_into_local_time(void **state)
{
	(void)state;
	static const struct {
		const char *utc, *day, *clock;
	} cases[] = {
	    {"2026-11-26T19:30:00Z", "2026-11-26", "19:30"},
	    /* late on a summer evening the London date is the next day; in winter it is not */
	    {"2026-03-31T23:30:00Z", "2026-04-01", "00:30"},
	    {"2025-03-31T23:30:00Z", "2025-04-01", "00:30"},
	    {"2026-06-14T23:30:00Z", "2026-06-15", "00:30"},
	    {"2026-07-01T23:30:00Z", "2026-07-02", "00:30"},
	    {"2025-02-28T23:30:00Z", "2025-02-28", "23:30"},
	    {"2026-12-14T23:30:00Z", "2026-12-14", "23:30"},
	    /* either side of the changes */
	    {"2026-03-29T00:59:00Z", "2026-03-29", "00:59"},
	    {"2026-03-29T01:00:00Z", "2026-03-29", "02:00"},
	    {"2026-10-25T00:30:00Z", "2026-10-25", "01:30"},
	    {"2026-10-25T01:30:00Z", "2026-10-25", "01:30"},
	    {"1969-12-31T23:59:00Z", "1969-12-31", "23:59"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int32_t day = 0, seconds = 0;
		calendar_london_from_utc(at(cases[i].utc), &day, &seconds);
		char date[CALENDAR_DATE_SIZE], clock[16];
		calendar_format(day, date);
		snprintf(clock, sizeof clock, "%02d:%02d", (int)(seconds / 3600), (int)(seconds / 60 % 60));
		if (strcmp(date, cases[i].day) != 0 || strcmp(clock, cases[i].clock) != 0)
			fail_msg("%s is %s %s in London, expected %s %s", cases[i].utc, date, clock,
			         cases[i].day, cases[i].clock);
		assert_int_equal(calendar_london_day(at(cases[i].utc)), day);
	}
}

static void turns_local_time_into_utc(void **state)
{
	(void)state;
	static const struct {
		const char *day;
		int32_t seconds;
		const char *utc, *why;
	} cases[] = {
	    {"2026-11-26", 19 * 3600 + 30 * 60, "2026-11-26T19:30:00Z", "winter: GMT"},
	    {"2026-12-01", 8 * 3600 + 45 * 60, "2026-12-01T08:45:00Z", "winter: GMT"},
	    {"2026-07-01", 9 * 3600, "2026-07-01T08:00:00Z", "summer: BST"},
	    {"2026-07-01", 8 * 3600 + 45 * 60, "2026-07-01T07:45:00Z", "summer: BST"},
	    {"2026-07-02", 30 * 60, "2026-07-01T23:30:00Z", "summer just after midnight: the UTC day before"},
	    {"2026-07-01", 86400, "2026-07-01T23:00:00Z",
	     "the end of a summer day is the next local midnight"},
	    {"2026-03-29", 8 * 3600 + 45 * 60, "2026-03-29T07:45:00Z", "the morning the clocks went forward"},
	    {"2026-10-25", 8 * 3600 + 45 * 60, "2026-10-25T08:45:00Z", "the morning the clocks went back"},
	    {"2026-03-29", 90 * 60, "2026-03-29T01:30:00Z", "01:30 on 29 March does not exist: read as GMT"},
	    {"2026-03-29", 3 * 3600, "2026-03-29T02:00:00Z", "03:00 after the clocks went forward"},
	    {"2026-10-25", 90 * 60, "2026-10-25T00:30:00Z",
	     "01:30 on 25 October happens twice: the first, BST"},
	    {"2026-10-25", 3 * 3600, "2026-10-25T03:00:00Z", "03:00 after the clocks went back"},
	    {"2026-01-01", 0, "2026-01-01T00:00:00Z", "new year in winter"},
	};
	char out[CALENDAR_INSTANT_SIZE];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		calendar_format_instant(calendar_utc_from_london(day_of(cases[i].day), cases[i].seconds),
		                        out);
		if (strcmp(out, cases[i].utc) != 0)
			fail_msg("%s: %s +%ds is %s, expected %s", cases[i].why, cases[i].day,
			         (int)cases[i].seconds, out, cases[i].utc);
	}
}

/* Every quarter hour from 2024 to 2027 comes back from local time, but the second of October's repeated hour.
 */
static void local_time_round_trips(void **state)
{
	(void)state;
	int64_t from = at("2024-01-01T00:00:00Z"), to = at("2028-01-01T00:00:00Z");
	for (int64_t t = from; t < to; t += 900) {
		int32_t day, seconds;
		calendar_london_from_utc(t, &day, &seconds);
		assert_true(seconds >= 0 && seconds < 86400);
		int64_t back = calendar_utc_from_london(day, seconds);
		if (back != t &&
		    !(back == t - 3600 && calendar_london_offset(t) == 0 && calendar_london_offset(back)))
			fail_msg("%lld came back as %lld", (long long)t, (long long)back);
	}
}

static void knows_today(void **state)
{
	(void)state;
	int64_t before = (int64_t)time(NULL);
	int32_t today = calendar_london_today();
	int64_t after = (int64_t)time(NULL);
	assert_true(today == calendar_london_day(before) || today == calendar_london_day(after));
}

/* The one way pages show an instant: England's day and time, the GOV.UK way. */
static void says_when_for_people(void **state)
{
	(void)state;
	static const struct {
		const char *instant, *words;
	} cases[] = {
	    {"2026-12-03T09:15:00Z", "Thursday 3 December 2026 at 9:15am"},
	    /* BST: an hour ahead of UTC, and the London date is the next day */
	    {"2026-07-01T23:30:00Z", "Thursday 2 July 2026 at 12:30am"},
	    {"2026-07-01T11:00:00Z", "Wednesday 1 July 2026 at midday"},
	    {"2026-12-31T00:00:59Z", "Thursday 31 December 2026 at midnight"},
	    {"2026-10-25T00:59:00Z", "Sunday 25 October 2026 at 1:59am"}, /* BST's last minute */
	    {"2026-10-25T01:00:00Z", "Sunday 25 October 2026 at 1am"},    /* GMT again */
	    {"2026-03-29T01:00:00Z", "Sunday 29 March 2026 at 2am"},      /* clocks go forward */
	    {"2026-02-14T17:05:00Z", "Saturday 14 February 2026 at 5:05pm"},
	    {"2026-02-14T12:01:00Z", "Saturday 14 February 2026 at 12:01pm"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int64_t utc;
		assert_true(calendar_parse_instant(cases[i].instant, &utc));
		char out[CALENDAR_WHEN_SIZE];
		calendar_format_when(utc, out);
		assert_string_equal(out, cases[i].words);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(reads_and_writes_instants),
	    cmocka_unit_test(reads_times_of_day),
	    cmocka_unit_test(knows_when_summer_time_runs),
	    cmocka_unit_test(turns_utc_into_local_time),
	    cmocka_unit_test(turns_local_time_into_utc),
	    cmocka_unit_test(local_time_round_trips),
	    cmocka_unit_test(knows_today),
	    cmocka_unit_test(says_when_for_people),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
