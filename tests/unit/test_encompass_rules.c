/*
 * test_encompass_rules.c — tests Operation Encompass's pure rules
 * (src/areas/encompass/rules.h): instants shown in England's local time,
 * durations in words, the Monday a week begins on, and when the demo's new
 * notification's incident happened. (Reading instants and
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
#include "areas/incidents/deadline.h"

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

/* The deadline of an incident at `t` at a school starting 8:45am, no terms listed. */
static int64_t due_after(int64_t t)
{
	struct deadline_school_calendar cal = {0};
	int64_t due = 0;
	assert_int_equal(deadline_next_school_day_start(t, 8 * 60 + 45, &cal, &due), HAVEN_OK);
	return due;
}

static void demo_new_incident(void **state)
{
	(void)state;
	/* a demo made a minute after a school day started (Wednesday 8:46am, GMT): demo.sql's incident two
	 * minutes before was due at 8:45am, already passed; it happens at 8:45am instead, due Thursday */
	int64_t now = instant("2026-01-14T08:46:00Z"), written = now - 120;
	assert_int_equal(due_after(written), instant("2026-01-14T08:45:00Z"));
	int64_t at = encompass_demo_new_incident_at(written, due_after(written), now);
	assert_int_equal(at, instant("2026-01-14T08:45:00Z"));
	assert_int_equal(due_after(at), instant("2026-01-15T08:45:00Z"));
	assert_true(due_after(at) > now);
	/* made at the very instant the day starts: the same */
	now = instant("2026-01-14T08:45:00Z");
	at = encompass_demo_new_incident_at(now - 120, due_after(now - 120), now);
	assert_true(at <= now && due_after(at) > now);
	/* any other time (mid-morning, a Friday evening, in BST) the incident stays as written */
	const char *others[] = {"2026-01-14T10:00:00Z", "2026-01-16T19:00:00Z", "2026-07-01T07:40:00Z"};
	for (size_t i = 0; i < sizeof others / sizeof *others; i++) {
		now = instant(others[i]);
		assert_int_equal(encompass_demo_new_incident_at(now - 120, due_after(now - 120), now),
		                 now - 120);
		assert_true(due_after(now - 120) > now);
	}
	/* every minute of a week: the new one is never overdue */
	int64_t monday = instant("2026-03-23T00:00:00Z");
	for (int64_t t = monday; t < monday + 7 * 86400; t += 60) {
		at = encompass_demo_new_incident_at(t - 120, due_after(t - 120), t);
		assert_true(at <= t);
		assert_true(due_after(at) > t);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(london_time),
	    cmocka_unit_test(weeks),
	    cmocka_unit_test(demo_new_incident),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
