/*
 * test_incidents_deadline.c — when an Operation Encompass notification is
 * due (src/areas/incidents/deadline.h): school days with term dates, and a
 * table of incidents with the deadline each must get, across both clock
 * changes. Also the age rule (reception to 17) from notify.h. (UK summer time
 * and ISO 8601 instants themselves: test_calendar_london.c.)
 *
 * Every expected instant was worked out by hand from the 2026 calendar
 * (1 January 2026 is a Thursday; BST runs from 01:00 UTC on Sunday 29 March
 * to 01:00 UTC on Sunday 25 October 2026) and gov.uk's bank holidays
 * (Good Friday 3 April, Easter Monday 6 April, early May 4 May 2026).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "areas/calendar/calendar.h"
#include "areas/calendar/london.h"
#include "areas/incidents/deadline.h"
#include "areas/incidents/notify.h"
#include "calendar_data.h"

/* Terms like a local authority's, for the school year 2026/27 only. */
static struct deadline_term terms[3];

static void fill_terms(void)
{
	terms[0] = (struct deadline_term){day_of("2026-09-03"), day_of("2026-10-23")};
	terms[1] = (struct deadline_term){day_of("2026-11-02"), day_of("2026-12-18")};
	terms[2] = (struct deadline_term){day_of("2027-01-05"), day_of("2027-02-12")};
}

static void knows_school_days(void **state)
{
	(void)state;
	fill_terms();
	struct deadline_school_calendar none = {NULL, 0, false};
	struct deadline_school_calendar termly = {terms, 3, false};
	struct deadline_school_calendar holidays_count = {terms, 3, true};
	assert_true(deadline_is_school_day(day_of("2026-11-26"), &none));
	assert_false(deadline_is_school_day(day_of("2026-11-28"), &none)); /* Saturday */
	assert_false(deadline_is_school_day(day_of("2026-05-04"), &none)); /* early May bank holiday */
	assert_true(deadline_is_school_day(day_of("2026-11-26"), &termly));
	assert_false(deadline_is_school_day(day_of("2026-10-27"), &termly)); /* half term */
	assert_true(deadline_is_school_day(day_of("2026-10-27"), &holidays_count));
	assert_false(
	    deadline_is_school_day(day_of("2026-12-25"), &holidays_count)); /* still a bank holiday */
	/* 2025/26 has no terms listed: its weekdays count */
	assert_true(deadline_is_school_day(day_of("2026-07-27"), &termly));
	/* the term's first and last days are school days */
	assert_true(deadline_is_school_day(day_of("2026-09-03"), &termly));
	assert_true(deadline_is_school_day(day_of("2026-10-23"), &termly));
	assert_false(deadline_is_school_day(day_of("2026-09-02"), &termly));
	int32_t first, last;
	deadline_school_year(day_of("2026-08-31"), &first, &last);
	assert_int_equal(first, day_of("2025-09-01"));
	assert_int_equal(last, day_of("2026-08-31"));
	deadline_school_year(day_of("2026-09-01"), &first, &last);
	assert_int_equal(first, day_of("2026-09-01"));
}

struct deadline_case {
	const char *what;
	const char *incident;
	const char *start; /* the setting's school_day_start */
	int calendar;      /* 0 no terms, 1 terms, 2 terms but deliver in holidays */
	const char *due;
};

static const struct deadline_case table[] = {
    {"weekday evening", "2026-11-25T19:30:00Z", "08:45", 0, "2026-11-26T08:45:00Z"},
    {"weekday evening, in term", "2026-11-25T19:30:00Z", "08:45", 1, "2026-11-26T08:45:00Z"},
    {"Friday night", "2026-11-27T23:10:00Z", "08:45", 0, "2026-11-30T08:45:00Z"},
    {"Saturday afternoon", "2026-11-28T14:00:00Z", "08:45", 0, "2026-11-30T08:45:00Z"},
    {"Sunday just before midnight in summer", "2026-06-14T22:30:00Z", "08:45", 0, "2026-06-15T07:45:00Z"},
    {"Monday just after midnight in summer", "2026-06-14T23:30:00Z", "08:45", 0, "2026-06-15T07:45:00Z"},
    {"the day before a bank holiday Monday", "2026-05-01T20:00:00+01:00", "08:45", 0, "2026-05-05T07:45:00Z"},
    {"the day before Good Friday (Easter)", "2026-04-02T21:00:00+01:00", "08:45", 0, "2026-04-07T07:45:00Z"},
    {"start of half term", "2026-10-23T18:00:00+01:00", "08:45", 1, "2026-11-02T08:45:00Z"},
    {"start of half term, delivering in holidays", "2026-10-23T18:00:00+01:00", "08:45", 2,
     "2026-10-26T08:45:00Z"},
    {"in the middle of half term", "2026-10-28T10:00:00Z", "08:45", 1, "2026-11-02T08:45:00Z"},
    {"last day of the autumn term", "2026-12-18T20:00:00Z", "08:45", 1, "2027-01-05T08:45:00Z"},
    {"last day of the autumn term, delivering in holidays", "2026-12-18T20:00:00Z", "08:45", 2,
     "2026-12-21T08:45:00Z"},
    {"Christmas Eve, delivering in holidays", "2026-12-24T20:00:00Z", "08:45", 2, "2026-12-29T08:45:00Z"},
    {"a school year with no terms listed", "2026-07-24T20:00:00+01:00", "08:45", 1, "2026-07-27T07:45:00Z"},
    {"setting starting at 08:30", "2026-11-25T19:30:00Z", "08:30", 0, "2026-11-26T08:30:00Z"},
    {"setting starting at 09:00", "2026-11-25T19:30:00Z", "09:00", 0, "2026-11-26T09:00:00Z"},
    {"setting starting at 07:50 in summer", "2026-06-10T19:30:00+01:00", "07:50", 0, "2026-06-11T06:50:00Z"},
    {"Friday before the clocks go forward", "2026-03-27T19:30:00Z", "08:45", 0, "2026-03-30T07:45:00Z"},
    {"Friday before the clocks go back", "2026-10-23T19:00:00Z", "08:45", 0, "2026-10-26T08:45:00Z"},
    {"Sunday night after the clocks went back", "2026-10-25T23:30:00Z", "08:45", 0, "2026-10-26T08:45:00Z"},
    {"before the start on a school day", "2026-11-24T06:30:00Z", "08:45", 1, "2026-11-24T08:45:00Z"},
    {"a minute before the start", "2026-11-24T08:44:00Z", "08:45", 0, "2026-11-24T08:45:00Z"},
    {"at the start itself", "2026-11-24T08:45:00Z", "08:45", 0, "2026-11-25T08:45:00Z"},
    {"during the school day", "2026-11-24T11:00:00Z", "08:45", 0, "2026-11-25T08:45:00Z"},
    {"early on a summer school day (BST)", "2026-06-10T06:00:00+01:00", "08:45", 0, "2026-06-10T07:45:00Z"},
};

static void gives_each_incident_its_deadline(void **state)
{
	(void)state;
	fill_terms();
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
		const struct deadline_case *c = &table[i];
		struct deadline_school_calendar cal = {c->calendar ? terms : NULL, c->calendar ? 3 : 0,
		                                       c->calendar == 2};
		int start;
		assert_true(calendar_parse_clock(c->start, &start));
		int64_t due = 0;
		assert_int_equal(deadline_next_school_day_start(at(c->incident), start, &cal, &due),
		                 HAVEN_OK);
		char text[CALENDAR_INSTANT_SIZE];
		calendar_format_instant(due, text);
		if (strcmp(text, c->due) != 0)
			fail_msg("%s (%s, start %s): due %s, expected %s", c->what, c->incident, c->start,
			         text, c->due);
	}
	int64_t due;
	assert_int_equal(deadline_next_school_day_start(at("2026-11-24T11:00:00Z"), 24 * 60, NULL, &due),
	                 HAVEN_ERR_INVALID);
}

/*
 * The fallback when the calendar has no school day: the next weekday's start, bank holidays and terms
 * ignored (Christmas Day 2026 is a Friday: an incident on the Thursday evening is due on it).
 */
static void falls_back_to_the_next_weekday(void **state)
{
	(void)state;
	const struct {
		const char *incident, *due;
	} cases[] = {
	    {"2026-12-24T20:00:00Z", "2026-12-25T08:45:00Z"}, /* a bank holiday counts */
	    {"2026-12-25T20:00:00Z", "2026-12-28T08:45:00Z"}, /* Friday evening: Monday */
	    {"2026-12-26T10:00:00Z", "2026-12-28T08:45:00Z"}, /* Saturday */
	    {"2026-12-28T08:00:00Z", "2026-12-28T08:45:00Z"}, /* before the start: that morning */
	    {"2026-06-12T22:00:00Z", "2026-06-15T07:45:00Z"}, /* Friday in BST: 08:45 London */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int64_t due = 0;
		assert_int_equal(deadline_next_weekday_start(at(cases[i].incident), 8 * 60 + 45, &due),
		                 HAVEN_OK);
		char text[CALENDAR_INSTANT_SIZE];
		calendar_format_instant(due, text);
		if (strcmp(text, cases[i].due) != 0)
			fail_msg("%s: due %s, expected %s", cases[i].incident, text, cases[i].due);
	}
	int64_t due;
	assert_int_equal(deadline_next_weekday_start(at("2026-11-24T11:00:00Z"), -1, &due),
	                 HAVEN_ERR_INVALID);
}

/*
 * The terms a caller must load for an incident: from the start of its school year (whether that year has
 * terms listed decides its holidays) to the end of the school year of the last day searched, 800 days on.
 */
static void says_which_terms_can_matter(void **state)
{
	(void)state;
	int32_t first, last;
	char text[CALENDAR_DATE_SIZE];
	deadline_terms_window(at("2026-11-20T19:30:00Z"), &first, &last);
	calendar_format(first, text);
	assert_string_equal(text, "2026-09-01");
	calendar_format(last, text); /* 800 days on is 30 January 2029 */
	assert_string_equal(text, "2029-08-31");
	/* the school year is England's: 23:30 UTC on 31 August is 00:30 on 1 September in summer time */
	deadline_terms_window(at("2026-08-31T23:30:00Z"), &first, &last);
	calendar_format(first, text);
	assert_string_equal(text, "2026-09-01");
	deadline_terms_window(at("2026-08-31T22:30:00Z"), &first, &last);
	calendar_format(first, text);
	assert_string_equal(text, "2025-09-01");
}

/*
 * A term stored before the import refused it, running past 31 August (Summer 2026, 20 April to
 * 4 September), with no 2026-27 terms listed: it counts for 2025-26, the school year it starts in,
 * only. So 2026-27 has no terms listed and its weekdays count: an incident on Thursday 10 September
 * is due next morning, not at the start of 2027-28 as when the term made 2026-27 "have terms".
 */
static void a_term_counts_for_the_school_year_it_starts_in(void **state)
{
	(void)state;
	const struct deadline_term past_august[] = {{day_of("2026-04-20"), day_of("2026-09-04")}};
	struct deadline_school_calendar cal = {past_august, 1, false};
	int64_t due = 0;
	char text[CALENDAR_INSTANT_SIZE];
	assert_int_equal(deadline_next_school_day_start(at("2026-09-10T10:00:00Z"), 8 * 60 + 45, &cal, &due),
	                 HAVEN_OK);
	calendar_format_instant(due, text);
	assert_string_equal(text, "2026-09-11T07:45:00Z");
	assert_true(deadline_is_school_day(day_of("2026-09-14"), &cal));
	/* its own days still are term days, and in 2025-26 the days outside it are holidays */
	assert_true(deadline_is_school_day(day_of("2026-09-03"), &cal));
	assert_false(deadline_is_school_day(day_of("2026-04-17"), &cal));
	/* with 2026-27's terms listed, their half term is a holiday again */
	const struct deadline_term both[] = {{day_of("2026-04-20"), day_of("2026-09-04")},
	                                     {day_of("2026-09-07"), day_of("2026-10-23")}};
	struct deadline_school_calendar listed = {both, 2, false};
	assert_false(deadline_is_school_day(day_of("2026-10-27"), &listed));
	assert_true(deadline_is_school_day(day_of("2026-09-10"), &listed));
}

static void notifies_from_reception_to_17(void **state)
{
	(void)state;
	const char *why = NULL;
	int32_t incident =
	    day_of("2026-11-26"); /* school year 2026/27: reception born 1 Sep 2021 - 31 Aug 2022 */
	assert_true(incidents_notifiable_age(day_of("2022-08-31"), incident, &why));
	assert_false(incidents_notifiable_age(day_of("2022-09-01"), incident, &why));
	assert_non_null(strstr(why, "younger than reception age"));
	assert_true(incidents_notifiable_age(day_of("2008-11-27"), incident, &why));  /* 17, 18 tomorrow */
	assert_false(incidents_notifiable_age(day_of("2008-11-26"), incident, &why)); /* 18 today */
	assert_non_null(strstr(why, "18 or over"));
	/* in the summer before reception a 4-year-old is not yet notifiable */
	assert_false(incidents_notifiable_age(day_of("2022-01-10"), day_of("2026-07-01"), &why));
	assert_true(incidents_notifiable_age(day_of("2022-01-10"), day_of("2026-09-01"), &why));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(knows_school_days),
	    cmocka_unit_test(gives_each_incident_its_deadline),
	    cmocka_unit_test(falls_back_to_the_next_weekday),
	    cmocka_unit_test(says_which_terms_can_matter),
	    cmocka_unit_test(a_term_counts_for_the_school_year_it_starts_in),
	    cmocka_unit_test(notifies_from_reception_to_17),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
