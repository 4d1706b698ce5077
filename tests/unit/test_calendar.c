/*
 * test_calendar.c — tests the calendar area (src/areas/calendar/calendar.h):
 * working days against the
 * real England and Wales bank holidays, including the years they moved:
 * 2020's VE day, 2022's platinum jubilee and the Queen's state funeral,
 * 2023's coronation, and the substitute days for Christmas, Boxing Day and
 * New Year. Every expected date was worked out by hand from the calendar and
 * gov.uk's list (and checked with Python's datetime), not by this code.
 *
 * argv[1] is tests/unit/data, which holds gov.uk's file for 2019-2027; the
 * built-in copy must say the same. The last test imports into a real
 * database, after which the process's calendar includes the database.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "areas/calendar/calendar.h"
#include "areas/calendar/london.h"
#include "core/status.h"
#include "store/store.h"
#include "temp_store.h"
#include "calendar_data.h"

static const char *data_dir;

static json_t *load_test_file(const char *name)
{
	char file[512];
	snprintf(file, sizeof file, "%s/%s", data_dir, name);
	json_error_t jerr;
	json_t *root = json_load_file(file, 0, &jerr);
	if (!root)
		fail_msg("%s: %s", file, jerr.text);
	return root;
}

static void built_in_holidays_are_gov_uks(void **state)
{
	(void)state;
	json_t *root = load_test_file("bank-holidays-england-and-wales-2019-2027.json");
	struct calendar_holiday *list = NULL;
	size_t count = 0;
	char *err = NULL;
	assert_int_equal(calendar_holidays_from_json(root, &list, &count, &err), HAVEN_OK);
	json_decref(root);
	assert_int_equal(count, 75);
	/* every one is a holiday, with gov.uk's title, and none falls at a weekend */
	for (size_t i = 0; i < count; i++) {
		char name[CALENDAR_TITLE_SIZE];
		assert_true(calendar_holiday_name(list[i].day, name));
		assert_string_equal(name, list[i].title);
		assert_false(calendar_is_working_day(list[i].day));
		assert_true(calendar_weekday(list[i].day) < 5);
	}
	calendar_holidays_free(list, count);
	assert_true(calendar_covers(day_of("2019-01-01")));
	assert_true(calendar_covers(day_of("2027-12-31")));
	assert_false(calendar_covers(day_of("2018-12-31")));
	assert_false(calendar_covers(day_of("2028-01-01")));
}

static void working_days_and_holidays(void **state)
{
	(void)state;
	static const struct {
		const char *date;
		bool working;
		const char *holiday; /* its gov.uk title, or NULL */
	} days[] = {
	    /* 2020: the early May bank holiday moved from Monday 4 May to Friday 8 May for VE day */
	    {"2020-05-04", true, NULL},
	    {"2020-05-08", false, "Early May bank holiday (VE day)"},
	    /* 2022: the spring bank holiday moved to Thursday 2 June, the jubilee on Friday 3 June */
	    {"2022-05-30", true, NULL},
	    {"2022-06-02", false, "Spring bank holiday"},
	    {"2022-06-03", false, "Platinum Jubilee bank holiday"},
	    {"2022-09-19", false, "Bank Holiday for the State Funeral of Queen Elizabeth II"},
	    {"2023-05-08", false, "Bank holiday for the coronation of King Charles III"},
	    /* Christmas 2021 and 2022 fell at weekends: substitute days */
	    {"2021-12-25", false, NULL}, /* a Saturday, and not itself listed */
	    {"2021-12-27", false, "Christmas Day"},
	    {"2021-12-28", false, "Boxing Day"},
	    {"2022-01-03", false, "New Year’s Day"},
	    {"2022-12-25", false, NULL}, /* a Sunday */
	    {"2022-12-26", false, "Boxing Day"},
	    {"2022-12-27", false, "Christmas Day"},
	    {"2020-12-28", false, "Boxing Day"}, /* Boxing Day 2020 was a Saturday */
	    {"2023-01-02", false, "New Year’s Day"},
	    /* Easter moves every year */
	    {"2024-03-29", false, "Good Friday"},
	    {"2024-04-01", false, "Easter Monday"},
	    {"2025-04-18", false, "Good Friday"},
	    {"2025-04-21", false, "Easter Monday"},
	    {"2024-03-28", true, NULL},
	    {"2024-04-02", true, NULL},
	    {"2024-03-02", false, NULL}, /* Saturday */
	    {"2024-03-03", false, NULL}, /* Sunday */
	    {"2024-03-04", true, NULL},
	};
	for (size_t i = 0; i < sizeof days / sizeof days[0]; i++) {
		int32_t d = day_of(days[i].date);
		if (calendar_is_working_day(d) != days[i].working)
			fail_msg("%s should %sbe a working day", days[i].date, days[i].working ? "" : "not ");
		char name[CALENDAR_TITLE_SIZE];
		bool holiday = calendar_holiday_name(d, name);
		if (days[i].holiday ? !holiday || strcmp(name, days[i].holiday) != 0 : holiday || name[0])
			fail_msg("%s: holiday %s, expected %s", days[i].date, holiday ? name : "none",
			         days[i].holiday ? days[i].holiday : "none");
	}
}

static void adds_working_days(void **state)
{
	(void)state;
	static const struct {
		const char *from;
		int32_t n;
		const char *to, *weekday;
	} cases[] = {
	    /* no holidays near: 5 working days from a Friday is the next Friday */
	    {"2024-03-01", 5, "2024-03-08", "Friday"},
	    {"2024-03-04", 1, "2024-03-05", "Tuesday"},
	    {"2024-03-01", 1, "2024-03-04", "Monday"},
	    /* from a weekend: the Monday is the first working day counted */
	    {"2024-03-02", 1, "2024-03-04", "Monday"},
	    {"2024-03-03", 5, "2024-03-08", "Friday"},
	    /* n = 0 is the day itself, working or not */
	    {"2024-03-03", 0, "2024-03-03", "Sunday"},
	    {"2022-06-03", 0, "2022-06-03", "Friday"},
	    /* a Friday before a bank holiday Monday (early May 2024, summer 2024) */
	    {"2024-05-03", 5, "2024-05-13", "Monday"},
	    {"2024-08-23", 5, "2024-09-02", "Monday"},
	    /* Easter 2024: Thursday before Good Friday, 1 working day: Tuesday after Easter Monday */
	    {"2024-03-28", 1, "2024-04-02", "Tuesday"},
	    /* VE day 2020: Monday 4 May was a working day, Friday 8 May was not */
	    {"2020-05-01", 1, "2020-05-04", "Monday"},
	    {"2020-05-07", 1, "2020-05-11", "Monday"},
	    {"2020-05-01", 5, "2020-05-11", "Monday"},
	    /* the 2022 jubilee: Thursday 2 and Friday 3 June */
	    {"2022-06-01", 1, "2022-06-06", "Monday"},
	    {"2022-05-27", 5, "2022-06-07", "Tuesday"},
	    /* the state funeral: Monday 19 September 2022 */
	    {"2022-09-16", 1, "2022-09-20", "Tuesday"},
	    {"2022-09-16", 5, "2022-09-26", "Monday"},
	    /* the coronation: Monday 8 May 2023; 15 working days also passes the spring holiday */
	    {"2023-05-05", 1, "2023-05-09", "Tuesday"},
	    {"2023-05-05", 15, "2023-05-30", "Tuesday"},
	    /* substitute days: Christmas 2021 (27, 28 Dec), New Year 2022 (3 Jan), Christmas 2022 (26, 27
	       Dec) */
	    {"2021-12-24", 1, "2021-12-29", "Wednesday"},
	    {"2021-12-31", 1, "2022-01-04", "Tuesday"},
	    {"2022-12-23", 1, "2022-12-28", "Wednesday"},
	    {"2019-12-20", 5, "2019-12-31", "Tuesday"},
	    /* a rapid review's 15 working days across Christmas and New Year */
	    {"2023-12-22", 15, "2024-01-17", "Wednesday"},
	    {"2025-12-24", 15, "2026-01-19", "Monday"},
	    /* across a leap day */
	    {"2024-02-28", 1, "2024-02-29", "Thursday"},
	    {"2024-02-29", 1, "2024-03-01", "Friday"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int32_t from = day_of(cases[i].from);
		int32_t to = calendar_add_working_days(from, cases[i].n);
		char got[CALENDAR_DATE_SIZE];
		calendar_format(to, got);
		if (strcmp(got, cases[i].to) != 0 || strcmp(calendar_weekday_name(to), cases[i].weekday) != 0)
			fail_msg("%s + %d: got %s %s, expected %s %s", cases[i].from, cases[i].n, got,
			         calendar_weekday_name(to), cases[i].to, cases[i].weekday);
		/* between() counts them back */
		if (calendar_working_days_between(from, to) != cases[i].n)
			fail_msg("%s to %s: %d working days between, expected %d", cases[i].from, cases[i].to,
			         calendar_working_days_between(from, to), cases[i].n);
	}
	/* a negative n is a bug, answered with the day itself */
	assert_int_equal(calendar_add_working_days(day_of("2024-03-01"), -3), day_of("2024-03-01"));
}

static void counts_working_days_between(void **state)
{
	(void)state;
	static const struct {
		const char *a, *b;
		int32_t n;
	} cases[] = {
	    {"2024-03-04", "2024-03-04", 0},
	    {"2024-03-04", "2024-03-05", 1},
	    {"2024-03-01", "2024-03-04", 1}, /* Friday to Monday */
	    {"2024-03-02", "2024-03-03", 0}, /* Saturday to Sunday */
	    {"2024-03-01", "2024-03-31",
	     19}, /* March 2024 after the 1st: 20 weekdays, less Good Friday the 29th */
	    {"2024-03-04", "2024-03-01", -1},
	    {"2022-05-31", "2022-06-06", 2}, /* Wed 1, [Thu 2, Fri 3 holidays], Mon 6 */
	    {"2021-12-24", "2022-01-04", 4}, /* 29, 30, 31 Dec, 4 Jan */
	    /* a whole year: 2023 had 260 weekdays and 9 bank holidays (with the coronation) */
	    {"2022-12-31", "2023-12-31", 251},
	    /* 2022: 260 weekdays less 10 bank holidays (with the substitute days) */
	    {"2021-12-31", "2022-12-31", 250},
	    {"1969-12-26", "1970-01-05", 6}, /* across the epoch: 29, 30, 31 Dec, 1, 2, 5 Jan */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int32_t got = calendar_working_days_between(day_of(cases[i].a), day_of(cases[i].b));
		if (got != cases[i].n)
			fail_msg("%s to %s: got %d, expected %d", cases[i].a, cases[i].b, got, cases[i].n);
	}
}

/* "No later than n working days before": the latest day with n working days after it up to the day. */
static void counts_working_days_before(void **state)
{
	(void)state;
	static const struct {
		const char *day;
		int32_t n;
		const char *latest;
	} cases[] = {
	    {"2024-03-11", 0, "2024-03-11"},
	    {"2024-03-11", 1, "2024-03-10"}, /* Monday: the Sunday before still leaves the Monday */
	    {"2024-03-11", 5, "2024-03-04"},
	    /* a CSPR published on Tuesday 2 April 2024: seven working days back over Easter (Good Friday
	     * 29 March, Easter Monday 1 April) */
	    {"2024-04-02", 7, "2024-03-20"},
	    {"2025-01-02", 7, "2024-12-19"}, /* over Christmas, Boxing Day and New Year's Day */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int32_t day = day_of(cases[i].day);
		int32_t got = calendar_working_days_before(day, cases[i].n);
		char text[CALENDAR_DATE_SIZE];
		calendar_format(got, text);
		if (strcmp(text, cases[i].latest) != 0)
			fail_msg("%d working days before %s: got %s, expected %s", cases[i].n, cases[i].day,
			         text, cases[i].latest);
		assert_int_equal(calendar_working_days_between(got, day), cases[i].n);
		/* a day later would be too late */
		assert_true(cases[i].n == 0 || calendar_working_days_between(got + 1, day) < cases[i].n);
	}
	assert_int_equal(calendar_working_days_before(day_of("2024-03-01"), -3), day_of("2024-03-01"));
}

/* ---- the gov.uk format ---- */

static void reads_the_gov_uk_format(void **state)
{
	(void)state;
	json_t *root = json_loads(
	    "{\"scotland\": {\"events\": [{\"title\": \"St Andrew's Day\", \"date\": \"2028-11-30\"}]},"
	    " \"england-and-wales\": {\"division\": \"england-and-wales\", \"events\": ["
	    "{\"title\": \"New Year's Day\", \"date\": \"2028-01-03\", \"notes\": \"Substitute day\", "
	    "\"bunting\": true},"
	    "{\"title\": \"Good Friday\", \"date\": \"2028-04-14\"}]}}",
	    0, NULL);
	assert_non_null(root);
	struct calendar_holiday *list = NULL;
	size_t count = 0;
	char *err = NULL;
	assert_int_equal(calendar_holidays_from_json(root, &list, &count, &err), HAVEN_OK);
	assert_int_equal(count, 2);
	assert_date(list[0].day, "2028-01-03");
	assert_string_equal(list[0].title, "New Year's Day");
	assert_date(list[1].day, "2028-04-14");
	calendar_holidays_free(list, count);
	json_decref(root);
}

static void refuses_a_bad_file_naming_the_entry(void **state)
{
	(void)state;
	static const struct {
		const char *json, *message;
	} bad[] = {
	    {"[]", "there is no \"england-and-wales\" object"},
	    {"{\"scotland\": {\"events\": []}}", "there is no \"england-and-wales\" object"},
	    {"{\"england-and-wales\": {}}", "england-and-wales.events: missing or not a list"},
	    {"{\"england-and-wales\": {\"events\": {}}}", "england-and-wales.events: missing or not a list"},
	    {"{\"england-and-wales\": {\"events\": [1]}}", "england-and-wales.events[0]: not an object"},
	    {"{\"england-and-wales\": {\"events\": [{\"title\": \"A\", \"date\": \"2028-01-03\"}, "
	     "{\"title\": \"B\"}]}}",
	     "england-and-wales.events[1].date: missing"},
	    {"{\"england-and-wales\": {\"events\": [{\"title\": \"A\", \"date\": \"2027-02-29\"}]}}",
	     "england-and-wales.events[0].date: \"2027-02-29\" is not a real date written YYYY-MM-DD"},
	    {"{\"england-and-wales\": {\"events\": [{\"title\": \"A\", \"date\": 20280103}]}}",
	     "england-and-wales.events[0].date: 20280103 is not a real date"},
	    {"{\"england-and-wales\": {\"events\": [{\"title\": \"A\", \"date\": \"3 January 2028\"}]}}",
	     "england-and-wales.events[0].date: \"3 January 2028\" is not a real date"},
	    {"{\"england-and-wales\": {\"events\": [{\"date\": \"2028-01-03\"}]}}",
	     "england-and-wales.events[0].title: missing"},
	    {"{\"england-and-wales\": {\"events\": [{\"title\": \"\", \"date\": \"2028-01-03\"}]}}",
	     "england-and-wales.events[0].title: must be non-empty text"},
	    {"{\"england-and-wales\": {\"events\": [{\"title\": null, \"date\": \"2028-01-03\"}]}}",
	     "england-and-wales.events[0].title: must be non-empty text"},
	    {"{\"england-and-wales\": {\"events\": [{\"title\": \"A\\u0000B\", \"date\": \"2028-01-03\"}]}}",
	     "england-and-wales.events[0].title: must be non-empty text"},
	    {"{\"england-and-wales\": {\"events\": [{\"title\": \"A\", \"date\": \"2028-01-03\"},"
	     " {\"title\": \"B\", \"date\": \"2028-01-03\"}]}}",
	     "england-and-wales.events[1].date: 2028-01-03 is also events[0]'s date"},
	    /* the first repeat in the document's order is named, as a check event by event meets it */
	    {"{\"england-and-wales\": {\"events\": [{\"title\": \"A\", \"date\": \"2028-05-01\"},"
	     " {\"title\": \"B\", \"date\": \"2028-01-03\"}, {\"title\": \"C\", \"date\": \"2028-05-01\"},"
	     " {\"title\": \"D\", \"date\": \"2028-01-03\"}]}}",
	     "england-and-wales.events[2].date: 2028-05-01 is also events[0]'s date"},
	    {"{\"england-and-wales\": {\"events\": [{\"title\": \"A\", \"date\": \"2028-01-03\"},"
	     " {\"title\": \"B\", \"date\": \"2028-01-03\"}, {\"title\": \"C\", \"date\": \"2028-01-03\"}]}}",
	     "england-and-wales.events[1].date: 2028-01-03 is also events[0]'s date"},
	    /* a repeat before a bad event is named; a bad event before a repeat is */
	    {"{\"england-and-wales\": {\"events\": [{\"title\": \"A\", \"date\": \"2028-01-03\"},"
	     " {\"title\": \"B\", \"date\": \"2028-01-03\"}, {\"title\": \"C\", \"date\": \"3 Jan\"}]}}",
	     "england-and-wales.events[1].date: 2028-01-03 is also events[0]'s date"},
	    {"{\"england-and-wales\": {\"events\": [{\"title\": \"A\", \"date\": \"2028-01-03\"},"
	     " {\"title\": \"\", \"date\": \"2028-01-04\"}, {\"title\": \"C\", \"date\": \"2028-01-03\"}]}}",
	     "england-and-wales.events[1].title: must be non-empty text"},
	    {"{\"england-and-wales\": {\"events\": [{\"title\": \"A\", \"date\": \"2028-01-03\"},"
	     " {\"title\": \"\", \"date\": \"2028-01-03\"}]}}",
	     "england-and-wales.events[1].title: must be non-empty text"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		json_t *root = json_loads(bad[i].json, JSON_ALLOW_NUL, NULL);
		assert_non_null(root);
		struct calendar_holiday *list = (void *)1;
		size_t count = 99;
		char *err = NULL;
		assert_int_equal(calendar_holidays_from_json(root, &list, &count, &err), HAVEN_ERR_INVALID);
		assert_null(list);
		assert_int_equal(count, 0);
		assert_non_null(err);
		if (!strstr(err, bad[i].message))
			fail_msg("case %zu: message '%s' lacks '%s'", i, err, bad[i].message);
		free(err);
		json_decref(root);
	}
	/* a title longer than 200 bytes */
	char title[202];
	memset(title, 'x', sizeof title - 1);
	title[sizeof title - 1] = '\0';
	json_t *root = json_pack("{s:{s:[{s:s, s:s}]}}", "england-and-wales", "events", "title", title,
	                         "date", "2028-01-03");
	struct calendar_holiday *list = NULL;
	size_t count = 0;
	char *err = NULL;
	assert_int_equal(calendar_holidays_from_json(root, &list, &count, &err), HAVEN_ERR_INVALID);
	assert_non_null(strstr(err, "events[0].title: longer than 200"));
	free(err);
	json_decref(root);
}

/* A holiday at a weekend is refused: gov.uk lists the weekday substitute of one that falls at a weekend. */
static void refuses_a_holiday_at_a_weekend(void **state)
{
	(void)state;
	json_t *root =
	    json_pack("{s:{s:[{s:s, s:s}, {s:s, s:s}]}}", "england-and-wales", "events", "title",
	              "New Year’s Day", "date", "2028-01-03", "title", "Saturday", "date", "2028-01-01");
	struct calendar_holiday *list = NULL;
	size_t count = 0;
	char *err = NULL;
	assert_int_equal(calendar_holidays_from_json(root, &list, &count, &err), HAVEN_ERR_INVALID);
	assert_null(list);
	assert_string_equal(err, "england-and-wales.events[1].date: 2028-01-01 is a Saturday; bank holidays "
	                         "fall on weekdays (gov.uk lists a weekday substitute for one at a weekend)");
	free(err);
	json_decref(root);
}

/* Dates outside the years kept (calendar.h) are refused, naming the event and the years. */
static void refuses_a_date_outside_the_years_kept(void **state)
{
	(void)state;
	int this_year, month, mday;
	calendar_to_ymd(calendar_london_today(), &this_year, &month, &mday);
	int last = this_year + CALENDAR_HOLIDAYS_YEARS_AHEAD;
	char too_late[CALENDAR_DATE_SIZE], latest[CALENDAR_DATE_SIZE], expected[160];
	calendar_format(calendar_from_ymd(last + 1, 1, 1), too_late);
	int32_t last_day = calendar_from_ymd(last, 12, 31);
	while (calendar_weekday(last_day) >= 5) /* the last weekday: a holiday at a weekend is refused */
		last_day--;
	calendar_format(last_day, latest);
	const struct {
		const char *date;
		int place; /* the event refused; -1: none */
	} cases[] = {{"1999-12-31", 1}, {too_late, 1}, {"2000-01-03", -1}, {latest, -1}};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		json_t *root = json_pack("{s:{s:[{s:s, s:s}, {s:s, s:s}]}}", "england-and-wales", "events",
		                         "title", "New Year’s Day", "date", "2028-01-03", "title", "Holiday",
		                         "date", cases[i].date);
		struct calendar_holiday *list = NULL;
		size_t count = 0;
		char *err = NULL;
		enum haven_status st = calendar_holidays_from_json(root, &list, &count, &err);
		json_decref(root);
		if (cases[i].place < 0) {
			assert_int_equal(st, HAVEN_OK);
			assert_int_equal(count, 2);
			calendar_holidays_free(list, count);
			continue;
		}
		assert_int_equal(st, HAVEN_ERR_INVALID);
		assert_null(list);
		snprintf(expected, sizeof expected,
		         "england-and-wales.events[%d].date: %s is outside the years bank holidays are kept "
		         "for, 2000 to %d",
		         cases[i].place, cases[i].date, last);
		assert_string_equal(err, expected);
		free(err);
	}
}

/* ---- with a database (last: afterwards this process's calendar includes it) ---- */

/* `day`'s holiday name, or "" (a static buffer: for one assertion at a time). */
static const char *holiday_name(const char *day)
{
	static char name[CALENDAR_TITLE_SIZE];
	calendar_holiday_name(day_of(day), name);
	return name;
}

/* Reads 1 May 2028's name until told to stop; counts names that are neither title imported. */
static atomic_bool stop_reading;
static void *read_until_stopped(void *wrong)
{
	while (!atomic_load(&stop_reading)) {
		char name[CALENDAR_TITLE_SIZE];
		calendar_holiday_name(day_of("2028-05-01"), name);
		if (strcmp(name, "Early May bank holiday") != 0 &&
		    strcmp(name, "Early May bank holiday (moved)") != 0)
			atomic_fetch_add((atomic_int *)wrong, 1);
		calendar_add_working_days(day_of("2028-04-13"), 20);
	}
	return NULL;
}

/* Imports one holiday, 1 May 2028, with `title`. */
static void import_early_may(const char *title)
{
	json_t *root = json_pack("{s:{s:[{s:s, s:s}]}}", "england-and-wales", "events", "title", title,
	                         "date", "2028-05-01");
	struct calendar_holiday *list = NULL;
	size_t count = 0, added = 0, known = 0;
	char *err = NULL;
	assert_int_equal(calendar_holidays_from_json(root, &list, &count, &err), HAVEN_OK);
	json_decref(root);
	assert_int_equal(calendar_import(list, count, NULL, &added, &known), HAVEN_OK);
	calendar_holidays_free(list, count);
}

static void imports_into_the_database(void **state)
{
	(void)state;
	/* no database open: the built-in holidays only, and calendar_load says so */
	assert_int_equal(calendar_load(), HAVEN_ERR_DB);

	struct temp_store temp;
	assert_int_equal(temp_store_open(&temp, "calendar"), 0);

	json_t *root = json_loads("{\"england-and-wales\": {\"events\": ["
	                          "{\"title\": \"New Year’s Day\", \"date\": \"2027-01-01\"},"
	                          "{\"title\": \"New Year’s Day\", \"date\": \"2028-01-03\"},"
	                          "{\"title\": \"Good Friday\", \"date\": \"2028-04-14\"}]}}",
	                          0, NULL);
	struct calendar_holiday *list = NULL;
	size_t count = 0, added = 0, known = 0;
	char *err = NULL;
	assert_int_equal(calendar_holidays_from_json(root, &list, &count, &err), HAVEN_OK);
	json_decref(root);
	assert_int_equal(calendar_import(list, count, NULL, &added, &known), HAVEN_OK);
	assert_int_equal(added, 2);
	assert_int_equal(known, 1); /* 2027-01-01 is built in */
	assert_int_equal(calendar_import(list, count, NULL, &added, &known), HAVEN_OK);
	assert_int_equal(added, 0);
	assert_int_equal(known, 3);
	calendar_holidays_free(list, count);

	/*
	 * an import loads the database's holidays first (the deadlines areas
	 * store are worked out again with the whole calendar), so they count at once
	 */
	assert_false(calendar_is_working_day(day_of("2028-04-14")));
	assert_int_equal(calendar_load(), HAVEN_OK);
	assert_int_equal(calendar_load(), HAVEN_OK);
	assert_false(calendar_is_working_day(day_of("2028-04-14")));
	assert_string_equal(holiday_name("2028-04-14"), "Good Friday");
	assert_int_equal(calendar_add_working_days(day_of("2028-04-13"), 1), day_of("2028-04-17"));
	assert_true(calendar_covers(day_of("2028-06-01")));
	/* the built-in ones are still there */
	assert_false(calendar_is_working_day(day_of("2022-09-19")));
	int32_t first, last;
	assert_true(calendar_known_range(&first, &last));
	assert_int_equal(last, day_of("2028-04-14"));

	/* once loaded, an import in this process counts at once (an administrator's upload) */
	root = json_loads("{\"england-and-wales\": {\"events\": ["
	                  "{\"title\": \"Early May bank holiday\", \"date\": \"2028-05-01\"}]}}",
	                  0, NULL);
	assert_int_equal(calendar_holidays_from_json(root, &list, &count, &err), HAVEN_OK);
	json_decref(root);
	assert_int_equal(calendar_import(list, count, NULL, &added, &known), HAVEN_OK);
	assert_int_equal(added, 1);
	calendar_holidays_free(list, count);
	assert_false(calendar_is_working_day(day_of("2028-05-01")));
	assert_string_equal(holiday_name("2028-05-01"), "Early May bank holiday");
	assert_string_equal(holiday_name("2028-04-14"), "Good Friday");
	assert_true(calendar_known_range(&first, &last));
	assert_int_equal(last, day_of("2028-05-01"));

	/*
	 * the same file again changes nothing, so the table is not replaced; the
	 * ones the first imports replaced were freed, no question reading them
	 */
	size_t replaced, waiting;
	calendar_tables_replaced(&replaced, &waiting);
	assert_int_equal(replaced, 2);
	assert_int_equal(waiting, 0);
	for (int again = 0; again < 3; again++) {
		root = json_loads("{\"england-and-wales\": {\"events\": ["
		                  "{\"title\": \"Early May bank holiday\", \"date\": \"2028-05-01\"},"
		                  "{\"title\": \"New Year’s Day\", \"date\": \"2027-01-01\"}]}}",
		                  0, NULL);
		assert_int_equal(calendar_holidays_from_json(root, &list, &count, &err), HAVEN_OK);
		json_decref(root);
		assert_int_equal(calendar_import(list, count, NULL, &added, &known), HAVEN_OK);
		assert_int_equal(added, 0);
		assert_int_equal(known, 2);
		calendar_holidays_free(list, count);
		assert_string_equal(holiday_name("2028-05-01"), "Early May bank holiday");
	}
	calendar_tables_replaced(&replaced, &waiting);
	assert_int_equal(replaced, 2);
	/* a title changed does replace it */
	root = json_loads("{\"england-and-wales\": {\"events\": ["
	                  "{\"title\": \"Early May bank holiday (moved)\", \"date\": \"2028-05-01\"}]}}",
	                  0, NULL);
	assert_int_equal(calendar_holidays_from_json(root, &list, &count, &err), HAVEN_OK);
	json_decref(root);
	assert_int_equal(calendar_import(list, count, NULL, &added, &known), HAVEN_OK);
	calendar_holidays_free(list, count);
	assert_string_equal(holiday_name("2028-05-01"), "Early May bank holiday (moved)");
	calendar_tables_replaced(&replaced, &waiting);
	assert_int_equal(replaced, 3);
	assert_int_equal(waiting, 0);

	/*
	 * questions asked while uploads replace the table read whole tables (the
	 * sanitizer build would see one read after it is freed), and the tables
	 * replaced are freed by the first upload that finds no question reading
	 */
	atomic_int wrong = 0;
	pthread_t readers[2];
	for (size_t i = 0; i < 2; i++)
		assert_int_equal(pthread_create(&readers[i], NULL, read_until_stopped, &wrong), 0);
	for (int i = 0; i < 20; i++)
		import_early_may(i % 2 ? "Early May bank holiday (moved)" : "Early May bank holiday");
	atomic_store(&stop_reading, true);
	for (size_t i = 0; i < 2; i++)
		pthread_join(readers[i], NULL);
	assert_int_equal(atomic_load(&wrong), 0);
	calendar_tables_replaced(&replaced, &waiting);
	assert_int_equal(replaced, 3 + 20);                 /* each changed the title */
	import_early_may("Early May bank holiday (moved)"); /* changes nothing, and no one is reading */
	calendar_tables_replaced(&replaced, &waiting);
	assert_int_equal(replaced, 23);
	assert_int_equal(waiting, 0);

	temp_store_remove(&temp);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr,
		        "usage: %s TEST_DATA_DIR (holding bank-holidays-england-and-wales-2019-2027.json)\n",
		        argv[0]);
		return 2;
	}
	data_dir = argv[1];
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(built_in_holidays_are_gov_uks),
	    cmocka_unit_test(working_days_and_holidays),
	    cmocka_unit_test(adds_working_days),
	    cmocka_unit_test(counts_working_days_between),
	    cmocka_unit_test(counts_working_days_before),
	    cmocka_unit_test(reads_the_gov_uk_format),
	    cmocka_unit_test(refuses_a_bad_file_naming_the_entry),
	    cmocka_unit_test(refuses_a_holiday_at_a_weekend),
	    cmocka_unit_test(refuses_a_date_outside_the_years_kept),
	    cmocka_unit_test(imports_into_the_database),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
