/*
 * test_support_rules.c — tests the decision deadline of a request for
 * support (src/areas/support/rules.h) as a table of receipt instants and the
 * deadlines worked out by hand from the calendar, gov.uk's England and Wales
 * bank holidays (tests use the list built into the binary, the same as
 * /work/shared/testdata) and the BST rule: weekday mornings and evenings,
 * Friday afternoons, weekends, the days before Christmas and Easter, both
 * clock changes, and times whose London date differs from the UTC date.
 * Also how a deadline is shown to people. (England's local time itself and
 * the instant formats: test_calendar_london.c.)
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "areas/calendar/london.h"
#include "areas/support/rules.h"

static int64_t instant(const char *s)
{
	int64_t t = 0;
	if (!calendar_parse_instant(s, &t))
		fail_msg("not an instant: %s", s);
	return t;
}

/* received (UTC) -> due (UTC), and why */
static const struct {
	const char *received, *due, *why;
} deadlines[] = {
    /* ordinary weekdays in winter (GMT = UTC) */
    {"2026-02-03T09:30:00Z", "2026-02-04T09:30:00Z", "Tuesday morning: Wednesday at the same time"},
    {"2026-02-03T21:15:00Z", "2026-02-04T21:15:00Z", "Tuesday evening: Wednesday evening"},
    {"2026-02-06T15:00:00Z", "2026-02-09T15:00:00Z", "Friday afternoon: Monday afternoon"},
    {"2026-02-06T23:59:59Z", "2026-02-09T23:59:59Z", "Friday last second: Monday"},
    /* weekends count from the start of the next working day: due at its end */
    {"2026-02-07T10:00:00Z", "2026-02-10T00:00:00Z", "Saturday: by the end of Monday"},
    {"2026-02-08T23:00:00Z", "2026-02-10T00:00:00Z", "Sunday night: by the end of Monday"},
    {"2026-02-09T00:00:00Z", "2026-02-10T00:00:00Z", "Monday at midnight: the whole of Monday counts"},
    {"2026-02-09T00:00:01Z", "2026-02-10T00:00:01Z", "Monday one second after midnight"},
    /* Christmas 2026: Friday 25 a holiday, Boxing Day Saturday 26 substituted on Monday 28 */
    {"2026-12-24T14:00:00Z", "2026-12-29T14:00:00Z", "Thursday 24 December: Tuesday 29 December"},
    {"2026-12-24T00:00:00Z", "2026-12-25T00:00:00Z", "Thursday 24 December at midnight: by its end"},
    {"2026-12-25T11:00:00Z", "2026-12-30T00:00:00Z", "Christmas Day: by the end of Tuesday 29"},
    {"2026-12-28T11:00:00Z", "2026-12-30T00:00:00Z", "the substitute Boxing Day: by the end of Tuesday 29"},
    {"2026-12-31T16:00:00Z", "2027-01-04T16:00:00Z",
     "New Year's Eve: Monday 4 January (1 January a holiday)"},
    /* Easter 2026 (BST): Good Friday 3 April, Easter Monday 6 April */
    {"2026-04-02T09:00:00Z", "2026-04-07T09:00:00Z", "Thursday before Easter 10am BST: Tuesday 10am BST"},
    {"2026-04-03T12:00:00Z", "2026-04-07T23:00:00Z", "Good Friday: by the end of Tuesday (BST)"},
    {"2026-04-06T08:00:00Z", "2026-04-07T23:00:00Z", "Easter Monday: by the end of Tuesday (BST)"},
    /* Easter 2027 falls across the spring clock change (28 March): Good Friday 26, Easter Monday 29 */
    {"2027-03-25T15:00:00Z", "2027-03-30T14:00:00Z", "Thursday 3pm GMT before Easter: Tuesday 3pm BST"},
    /* the spring change, Sunday 29 March 2026 at 01:00 UTC */
    {"2026-03-27T15:00:00Z", "2026-03-30T14:00:00Z", "Friday 3pm GMT: Monday 3pm BST"},
    {"2026-03-29T00:30:00Z", "2026-03-30T23:00:00Z", "Sunday 00:30 GMT: by the end of Monday (BST)"},
    {"2026-03-29T01:30:00Z", "2026-03-30T23:00:00Z", "Sunday 02:30 BST: by the end of Monday (BST)"},
    /* the autumn change, Sunday 25 October 2026 at 01:00 UTC */
    {"2026-10-23T14:00:00Z", "2026-10-26T15:00:00Z", "Friday 3pm BST: Monday 3pm GMT"},
    {"2026-10-24T23:30:00Z", "2026-10-27T00:00:00Z", "Sunday 00:30 BST: by the end of Monday (GMT)"},
    {"2026-10-25T00:30:00Z", "2026-10-27T00:00:00Z", "Sunday 01:30 BST (the first): by the end of Monday"},
    /* the London date is not the UTC date late on a summer evening */
    {"2026-07-01T23:30:00Z", "2026-07-02T23:30:00Z",
     "Thursday 00:30 BST (Wednesday in UTC): Friday 00:30 BST"},
    {"2026-07-03T23:30:00Z", "2026-07-06T23:00:00Z",
     "Saturday 00:30 BST (Friday in UTC): by the end of Monday"},
    {"2026-07-05T23:00:00Z", "2026-07-06T23:00:00Z",
     "Monday 00:00 BST (Sunday in UTC): by the end of Monday"},
    /* summer bank holiday Monday 31 August 2026 */
    {"2026-08-28T16:45:00Z", "2026-09-01T16:45:00Z", "Friday before the August bank holiday: Tuesday"},
};

static void decision_deadlines(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof deadlines / sizeof deadlines[0]; i++) {
		char got[CALENDAR_INSTANT_SIZE];
		calendar_format_instant(support_decision_due(instant(deadlines[i].received)), got);
		if (strcmp(got, deadlines[i].due) != 0)
			fail_msg("%s: received %s, due %s, expected %s", deadlines[i].why,
			         deadlines[i].received, got, deadlines[i].due);
	}
}

static void shows_times_to_people(void **state)
{
	(void)state;
	static const struct {
		const char *utc;
		bool end_of_day;
		const char *shown;
	} shown[] = {
	    {"2026-12-29T14:00:00Z", true, "2pm on Tuesday 29 December 2026"},
	    {"2026-04-07T09:05:00Z", false, "10:05am on Tuesday 7 April 2026"},
	    {"2026-04-07T11:00:00Z", false, "midday on Tuesday 7 April 2026"},
	    {"2026-02-10T00:00:00Z", true, "11:59pm on Monday 9 February 2026"},
	    {"2026-04-07T23:00:00Z", true, "11:59pm on Tuesday 7 April 2026"},
	    {"2026-02-09T00:00:00Z", false, "midnight at the start of Monday 9 February 2026"},
	};
	char out[80];
	for (size_t i = 0; i < sizeof shown / sizeof shown[0]; i++) {
		assert_true(
		    support_format_local(instant(shown[i].utc), shown[i].end_of_day, out, sizeof out));
		assert_string_equal(out, shown[i].shown);
	}
	assert_false(support_format_local(instant("2026-12-29T14:00:00Z"), false, out, 10));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(decision_deadlines),
	    cmocka_unit_test(shows_times_to_people),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
