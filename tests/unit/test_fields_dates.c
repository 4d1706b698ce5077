/*
 * test_fields_dates.c — tests the dates of typed input (router/fields.h): a
 * FIELD_DATE's text (fields_is_date, years 1900 to 2200), a date typed in the
 * three boxes of a GOV.UK date input (NAME-day, NAME-month, NAME-year) with
 * GOV.UK's messages and the boxes each error marks, the boxes given with the
 * whole date or twice, a date its handler checks itself (.date_input,
 * fields_add_date_error, fields_date_boxes_of), and a figures page's period
 * (period_from_input: what a date left out becomes, backwards and too long
 * refused on "to"), and a date's bound against today (fields_check_date_bounds:
 * today or in the past, or in the future). Expected values were worked out by
 * hand.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>
#include <string.h>

#include "core/calendar.h"
#include "core/status.h"
#include "router/fields.h"
#include "calendar_data.h"

static void test_is_date(void **state)
{
	(void)state;
	static const char *const good[] = {"2024-02-29", "2000-02-29", "2026-01-31", "1900-01-01",
	                                   "2200-12-31", "2026-04-30", NULL};
	static const char *const bad[] = {"2023-02-29", "2100-02-29",  "2026-13-01", "26-1-1",
	                                  "",           "2026-04-31",  "1899-12-31", "2201-01-01",
	                                  "2026-02-30", "2026-01-01 ", "2026_01_01", NULL};
	for (size_t i = 0; good[i]; i++) {
		if (!fields_is_date(good[i]))
			print_error("%s should be a date\n", good[i]);
		assert_true(fields_is_date(good[i]));
	}
	for (size_t i = 0; bad[i]; i++) {
		if (fields_is_date(bad[i]))
			print_error("%s should not be a date\n", bad[i]);
		assert_false(fields_is_date(bad[i]));
	}
}

/* ---- a figures page's period ---- */

/*
 * The period read from "from" and "to" (either may be NULL) with `today`:
 * asserts it is from..to, and that it was refused with `message` on "to"
 * (or accepted, with message NULL).
 */
static void expect_period(const struct period_rule *rule, const char *today, const char *from, const char *to,
                          const char *want_from, const char *want_to, const char *message)
{
	json_t *input = json_object();
	if (from)
		json_object_set_new(input, "from", json_string(from));
	if (to)
		json_object_set_new(input, "to", json_string(to));
	json_t *errors = json_array();
	struct period p;
	bool ok = period_from_input(input, rule, day_of(today), &p, errors);
	if (strcmp(p.from_text, want_from) != 0 || strcmp(p.to_text, want_to) != 0)
		print_error("today %s, from %s, to %s: got %s..%s\n", today, from ? from : "-", to ? to : "-",
		            p.from_text, p.to_text);
	assert_string_equal(p.from_text, want_from);
	assert_string_equal(p.to_text, want_to);
	assert_int_equal(p.from, day_of(want_from));
	assert_int_equal(p.to, day_of(want_to));
	if (message) {
		assert_false(ok);
		assert_int_equal(json_array_size(errors), 1);
		json_t *e = json_array_get(errors, 0);
		assert_string_equal(field_text(e, "field"), "to");
		assert_string_equal(field_text(e, "message"), message);
	} else {
		assert_true(ok);
		assert_int_equal(json_array_size(errors), 0);
	}
	json_decref(errors);
	json_decref(input);
}

static const char backwards[] = "The end of the period must be the same as or after its start";

static void test_period_reporting_year(void **state)
{
	(void)state;
	const struct period_rule year = {.by = PERIOD_REPORTING_YEAR};
	/* no dates: today's reporting year, 1 April to 31 March */
	expect_period(&year, "2026-11-26", NULL, NULL, "2026-04-01", "2027-03-31", NULL);
	expect_period(&year, "2026-03-31", NULL, NULL, "2025-04-01", "2026-03-31", NULL);
	/* one date: the reporting year of that date supplies the other */
	expect_period(&year, "2026-11-26", "2024-02-29", NULL, "2024-02-29", "2024-03-31", NULL);
	expect_period(&year, "2026-11-26", NULL, "2023-05-01", "2023-04-01", "2023-05-01", NULL);
	/* both: as given, one day long or many years */
	expect_period(&year, "2026-11-26", "2020-01-01", "2020-01-01", "2020-01-01", "2020-01-01", NULL);
	expect_period(&year, "2026-11-26", "2000-01-01", "2030-12-31", "2000-01-01", "2030-12-31", NULL);
	expect_period(&year, "2026-11-26", "2026-05-02", "2026-05-01", "2026-05-02", "2026-05-01", backwards);
	/* an end alone on 31 March is the last day of its own reporting year, not the next one's */
	expect_period(&year, "2026-11-26", NULL, "2026-03-31", "2025-04-01", "2026-03-31", NULL);
}

static void test_period_last_months(void **state)
{
	(void)state;
	const struct period_rule months = {.by = PERIOD_LAST_MONTHS, .length = 12};
	/* twelve months with this one: from the first of the month eleven months back */
	expect_period(&months, "2026-11-26", NULL, NULL, "2025-12-01", "2026-11-26", NULL);
	expect_period(&months, "2024-02-29", NULL, NULL, "2023-03-01", "2024-02-29", NULL);
	expect_period(&months, "2026-01-01", NULL, NULL, "2025-02-01", "2026-01-01", NULL);
	/* defaults do not depend on the other date */
	expect_period(&months, "2026-11-26", "2026-01-15", NULL, "2026-01-15", "2026-11-26", NULL);
	expect_period(&months, "2026-11-26", NULL, "2025-06-30", "2025-12-01", "2025-06-30", backwards);
	/* a start after today alone is a one-day period */
	expect_period(&months, "2026-11-26", "2027-01-05", NULL, "2027-01-05", "2027-01-05", NULL);
	const struct period_rule one = {.by = PERIOD_LAST_MONTHS, .length = 1};
	expect_period(&one, "2026-11-26", NULL, NULL, "2026-11-01", "2026-11-26", NULL);
}

static void test_period_last_days_and_longest(void **state)
{
	(void)state;
	const struct period_rule days = {
	    .by = PERIOD_LAST_DAYS, .length = 90, .max_days = 1096, .max_words = "3 years"};
	expect_period(&days, "2026-03-31", NULL, NULL, "2026-01-01", "2026-03-31", NULL);
	expect_period(&days, "2024-03-01", NULL, NULL, "2023-12-03", "2024-03-01", NULL);
	expect_period(&days, "2026-03-31", "2026-06-01", NULL, "2026-06-01", "2026-06-01", NULL);
	expect_period(&days, "2026-03-31", NULL, "2025-12-31", "2026-01-01", "2025-12-31", backwards);
	/* 1096 days (2023-01-01 to 2025-12-31, both counted, a leap day among them) is the longest allowed */
	expect_period(&days, "2026-03-31", "2023-01-01", "2025-12-31", "2023-01-01", "2025-12-31", NULL);
	expect_period(&days, "2026-03-31", "2023-01-01", "2026-01-01", "2023-01-01", "2026-01-01",
	              "The period must be 3 years or shorter");
	/* backwards is said before too long */
	expect_period(&days, "2026-03-31", "2026-01-02", "2026-01-01", "2026-01-02", "2026-01-01", backwards);
}

/* ---- a date typed in the three boxes of a GOV.UK date input ---- */

static const struct field_spec dob_specs[] = {
    {.name = "dob", .label = "date of birth", .type = FIELD_DATE, .required = true},
    {.name = "note", .label = "the note", .type = FIELD_TEXT},
    {0},
};

/* The boxes typed and what the handler sees, or the one message and the boxes it marks. */
struct date_boxes_case {
	const char *day, *month, *year; /* NULL: not sent */
	const char *value;              /* YYYY-MM-DD, or NULL if refused */
	const char *message;
	const char *parts;  /* the boxes marked, JSON */
	const char *anchor; /* where the error summary links, or NULL for the day box (the field's id) */
};

static void test_date_boxes(void **state)
{
	(void)state;
	static const struct date_boxes_case cases[] = {
	    {"3", "12", "2026", "2026-12-03", NULL, NULL, NULL},
	    {" 03 ", "02", "2024", NULL, NULL, NULL, NULL}, /* set below: 2024 has a 29 February */
	    {"29", "2", "2024", "2024-02-29", NULL, NULL, NULL},
	    {"", "", "", NULL, "Enter date of birth", "[\"day\", \"month\", \"year\"]", NULL},
	    {NULL, NULL, NULL, NULL, "Enter date of birth", NULL, NULL},
	    {"3", "", "2026", NULL, "Date of birth must include a month", "[\"month\"]", "dob-month"},
	    {"", "", "2026", NULL, "Date of birth must include a day and month", "[\"day\", \"month\"]",
	     NULL},
	    {"3", NULL, NULL, NULL, "Date of birth must include a month and year", "[\"month\", \"year\"]",
	     "dob-month"},
	    {"31", "4", "2026", NULL, "Date of birth must be a real date", "[\"day\"]", NULL},
	    {"29", "2", "2025", NULL, "Date of birth must be a real date", "[\"day\"]", NULL},
	    {"3", "13", "2026", NULL, "Date of birth must be a real date", "[\"month\"]", "dob-month"},
	    {"3", "12", "26", NULL, "Date of birth must be a real date", "[\"year\"]", "dob-year"},
	    {"3", "12", "1899", NULL, "Date of birth must be a real date", "[\"year\"]", "dob-year"},
	    {"three", "12", "2026", NULL, "Date of birth must be a real date", "[\"day\"]", NULL},
	    {"3", "-1", "2026", NULL, "Date of birth must be a real date", "[\"month\"]", "dob-month"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct date_boxes_case *c = &cases[i];
		if (i == 1)
			continue; /* the leading zeros and spaces case is checked on its own below */
		struct field_pair pairs[3];
		size_t n = 0;
		if (c->day)
			pairs[n++] = (struct field_pair){"dob-day", c->day};
		if (c->month)
			pairs[n++] = (struct field_pair){"dob-month", c->month};
		if (c->year)
			pairs[n++] = (struct field_pair){"dob-year", c->year};
		json_t *values = NULL, *errors = json_array();
		enum haven_status st = fields_validate_pairs(dob_specs, pairs, n, NULL, &values, errors);
		if (c->value) {
			assert_int_equal(st, HAVEN_OK);
			assert_string_equal(json_string_value(json_object_get(values, "dob")), c->value);
		} else {
			assert_int_equal(st, HAVEN_ERR_INVALID);
			assert_int_equal(json_array_size(errors), 1);
			json_t *e = json_array_get(errors, 0);
			assert_string_equal(json_string_value(json_object_get(e, "field")), "dob");
			assert_string_equal(json_string_value(json_object_get(e, "message")), c->message);
			assert_null(json_object_get(values, "dob"));
			if (c->parts) {
				json_t *want = json_loads(c->parts, 0, NULL);
				assert_true(json_equal(json_object_get(e, "parts"), want));
				json_decref(want);
			}
			if (c->anchor)
				assert_string_equal(json_string_value(json_object_get(e, "anchor")),
				                    c->anchor);
			else
				assert_null(json_object_get(e, "anchor"));
		}
		json_decref(values);
		json_decref(errors);
	}
	/* white space around each box, and a leading zero, as people type them */
	struct date_parts_check check;
	fields_date_from_parts(" 03 ", "02", "2024", &check);
	assert_int_equal(check.problem, DATE_PARTS_OK);
	assert_string_equal(check.date, "2024-02-03");
}

/* The boxes and the whole date together, or a box twice, are refused; the API's YYYY-MM-DD still works. */
static void test_date_boxes_given_twice(void **state)
{
	(void)state;
	const struct field_pair both[] = {{"dob", "2026-12-03"}, {"dob-day", "3"}};
	const struct field_pair twice[] = {
	    {"dob-day", "3"}, {"dob-day", "4"}, {"dob-month", "12"}, {"dob-year", "2026"}};
	const struct field_pair whole[] = {{"dob", "2026-12-03"}, {"note", "x"}};
	json_t *values = NULL, *errors = json_array();
	assert_int_equal(fields_validate_pairs(dob_specs, both, 2, NULL, &values, errors), HAVEN_ERR_INVALID);
	assert_string_equal(json_string_value(json_object_get(json_array_get(errors, 0), "message")),
	                    "Date of birth was given more than once");
	json_decref(values);
	json_array_clear(errors);
	assert_int_equal(fields_validate_pairs(dob_specs, twice, 4, NULL, &values, errors),
	                 HAVEN_ERR_INVALID);
	assert_int_equal(json_array_size(errors), 1);
	assert_null(json_object_get(values, "dob"));
	json_decref(values);
	json_array_clear(errors);
	assert_int_equal(fields_validate_pairs(dob_specs, whole, 2, NULL, &values, errors), HAVEN_OK);
	assert_string_equal(json_string_value(json_object_get(values, "dob")), "2026-12-03");
	json_decref(values);
	/* a box of a field that is not a date is an unknown field */
	const struct field_pair stray[] = {{"note-day", "3"}};
	json_array_clear(errors);
	assert_int_equal(fields_validate_pairs(dob_specs, stray, 1, NULL, &values, errors),
	                 HAVEN_ERR_INVALID);
	assert_string_equal(json_string_value(json_object_get(json_array_get(errors, 0), "field")),
	                    "note-day");
	json_decref(values);
	json_decref(errors);
}

/* A date its handler checks with the rest of a record (FIELD_TEXT, .date_input): the boxes reach it as typed.
 */
static void test_date_boxes_for_a_handler(void **state)
{
	(void)state;
	static const struct field_spec specs[] = {
	    {.name = "born", .label = "date of birth", .type = FIELD_TEXT, .max = 40, .date_input = true},
	    {0},
	};
	const struct field_pair real[] = {{"born-day", "3"}, {"born-month", "12"}, {"born-year", "2016"}};
	const struct field_pair not_real[] = {{"born-day", "31"}, {"born-month", "2"}, {"born-year", "2016"}};
	const struct field_pair empty[] = {{"born-day", ""}, {"born-month", " "}, {"born-year", ""}};
	json_t *values = NULL, *errors = json_array();
	assert_int_equal(fields_validate_pairs(specs, real, 3, NULL, &values, errors), HAVEN_OK);
	assert_string_equal(json_string_value(json_object_get(values, "born")), "2016-12-03");
	json_decref(values);
	/* no error here: the handler refuses it, naming it with every other mistake */
	assert_int_equal(fields_validate_pairs(specs, not_real, 3, NULL, &values, errors), HAVEN_OK);
	assert_string_equal(json_string_value(json_object_get(values, "born")), "2016-2-31");
	json_decref(values);
	assert_int_equal(fields_validate_pairs(specs, empty, 3, NULL, &values, errors), HAVEN_OK);
	assert_null(json_object_get(values, "born"));
	json_decref(values);
	assert_int_equal(json_array_size(errors), 0);
	json_decref(errors);
}

/* A handler's own check of such a date names it as the field checks would: the boxes left empty, or at fault.
 */
static void test_date_error_for_a_handler(void **state)
{
	(void)state;
	static const struct field_spec specs[] = {
	    {.name = "on", .label = "the date of the incident", .type = FIELD_TEXT, .date_input = true},
	    {0},
	};
	static const struct {
		const char *day, *month, *year;
		const char *message, *parts, *anchor;
	} cases[] = {
	    {"19", "", "2025", "The date of the incident must include a month", "[\"month\"]", "on-month"},
	    {"", "", "2025", "The date of the incident must include a day and month", "[\"day\", \"month\"]",
	     NULL},
	    {"31", "11", "2025", "The date of the incident must be a real date", "[\"day\"]", NULL},
	    {"1", "13", "2025", "The date of the incident must be a real date", "[\"month\"]", "on-month"},
	    {"1", "-2", "2025", "The date of the incident must be a real date",
	     "[\"day\", \"month\", \"year\"]", NULL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct field_pair pairs[] = {
		    {"on-day", cases[i].day}, {"on-month", cases[i].month}, {"on-year", cases[i].year}};
		json_t *values = NULL, *errors = json_array();
		assert_int_equal(fields_validate_pairs(specs, pairs, 3, NULL, &values, errors), HAVEN_OK);
		/* the handler finds no real date in what reached it, and says why */
		fields_add_date_error(errors, "on", "the date of the incident", field_text(values, "on"));
		assert_int_equal(json_array_size(errors), 1);
		json_t *e = json_array_get(errors, 0);
		assert_string_equal(field_text(e, "field"), "on");
		assert_string_equal(field_text(e, "message"), cases[i].message);
		json_t *want = json_loads(cases[i].parts, 0, NULL);
		assert_true(json_equal(json_object_get(e, "parts"), want));
		json_decref(want);
		if (cases[i].anchor)
			assert_string_equal(field_text(e, "anchor"), cases[i].anchor);
		else
			assert_null(json_object_get(e, "anchor"));
		json_decref(values);
		json_decref(errors);
	}
	/* the boxes of such a value, for a form that draws them itself (an incident's rows) */
	char boxes[DATE_PARTS][FIELDS_DATE_BOX_SIZE];
	assert_true(fields_date_boxes_of("2016-04-02", boxes));
	assert_string_equal(boxes[DATE_PART_DAY], "2");
	assert_string_equal(boxes[DATE_PART_MONTH], "4");
	assert_string_equal(boxes[DATE_PART_YEAR], "2016");
	assert_true(fields_date_boxes_of("2016--31", boxes));
	assert_string_equal(boxes[DATE_PART_DAY], "31");
	assert_string_equal(boxes[DATE_PART_MONTH], "");
	assert_false(fields_date_boxes_of("yesterday", boxes));
	assert_false(fields_date_boxes_of(NULL, boxes));
	/* a date sent whole that is no date at all: every box */
	json_t *errors = json_array();
	fields_add_date_error(errors, "on", "the date of the incident", "yesterday");
	assert_string_equal(field_text(json_array_get(errors, 0), "message"),
	                    "The date of the incident must be a real date");
	assert_int_equal(json_array_size(json_object_get(json_array_get(errors, 0), "parts")), 3);
	json_decref(errors);
}

/* ---- a date today or in the past, or in the future ---- */

static const struct field_spec bounded_specs[] = {{.name = "held_on",
                                                   .label = "the date of the meeting",
                                                   .type = FIELD_DATE,
                                                   .when = FIELD_DATE_NOT_AFTER_TODAY},
                                                  {.name = "due_on",
                                                   .label = "the date to respond by",
                                                   .type = FIELD_DATE,
                                                   .when = FIELD_DATE_NOT_BEFORE_TODAY},
                                                  {.name = "any_on", .label = "any date", .type = FIELD_DATE},
                                                  {0}};

/*
 * Sends held_on, due_on and any_on (each may be NULL: left out) as a form's dates, the first in three
 * boxes as a date input sends it, and checks their bounds with `today`; asserts each refused field is
 * named, in order, with its message and left out of the values, and that the others are kept.
 */
static void expect_bounds(const char *today, const char *held_on, const char *due_on, const char *any_on,
                          const char *held_message, const char *due_message)
{
	struct field_pair pairs[5];
	size_t n = 0;
	char boxes[DATE_PARTS][FIELDS_DATE_BOX_SIZE];
	if (held_on) {
		assert_true(fields_date_boxes_of(held_on, boxes));
		pairs[n++] = (struct field_pair){"held_on-day", boxes[DATE_PART_DAY]};
		pairs[n++] = (struct field_pair){"held_on-month", boxes[DATE_PART_MONTH]};
		pairs[n++] = (struct field_pair){"held_on-year", boxes[DATE_PART_YEAR]};
	}
	if (due_on)
		pairs[n++] = (struct field_pair){"due_on", due_on};
	if (any_on)
		pairs[n++] = (struct field_pair){"any_on", any_on};
	json_t *values = NULL, *errors = json_array();
	assert_int_equal(fields_validate_pairs(bounded_specs, pairs, n, NULL, &values, errors), HAVEN_OK);
	enum haven_status st = fields_check_date_bounds(bounded_specs, values, day_of(today), errors);
	assert_int_equal(st, held_message || due_message ? HAVEN_ERR_INVALID : HAVEN_OK);
	assert_int_equal(json_array_size(errors), (held_message != NULL) + (due_message != NULL));
	size_t e = 0;
	if (held_message) {
		json_t *err = json_array_get(errors, e++);
		assert_string_equal(field_text(err, "field"), "held_on");
		assert_string_equal(field_text(err, "message"), held_message);
		assert_null(json_object_get(values, "held_on"));
	} else if (held_on) {
		assert_string_equal(field_text(values, "held_on"), held_on);
	}
	if (due_message) {
		json_t *err = json_array_get(errors, e++);
		assert_string_equal(field_text(err, "field"), "due_on");
		assert_string_equal(field_text(err, "message"), due_message);
		assert_null(json_object_get(values, "due_on"));
	} else if (due_on) {
		assert_string_equal(field_text(values, "due_on"), due_on);
	}
	if (any_on)
		assert_string_equal(field_text(values, "any_on"), any_on);
	json_decref(values);
	json_decref(errors);
}

static void test_date_bounds(void **state)
{
	(void)state;
	static const char past[] = "The date of the meeting must be today or in the past";
	static const char future[] = "The date to respond by must be today or in the future";
	/* today itself is on both sides */
	expect_bounds("2026-12-07", "2026-12-07", "2026-12-07", NULL, NULL, NULL);
	expect_bounds("2026-12-07", "1900-01-01", "2200-12-31", NULL, NULL, NULL);
	/* a day over, each way, over a month's and a year's end */
	expect_bounds("2026-12-07", "2026-12-08", "2026-12-06", NULL, past, future);
	expect_bounds("2026-12-31", "2027-01-01", NULL, NULL, past, NULL);
	expect_bounds("2027-01-01", NULL, "2026-12-31", NULL, NULL, future);
	/* a field without a bound takes any real date; a bounded one left out is not checked */
	expect_bounds("2026-12-07", NULL, NULL, "2200-12-31", NULL, NULL);
	expect_bounds("2026-12-07", NULL, NULL, "1900-01-01", NULL, NULL);
	/* the API's JSON is checked the same way */
	json_t *body = json_pack("{s:s, s:s}", "held_on", "2026-12-08", "due_on", "2026-12-07");
	json_t *values = NULL, *errors = json_array();
	assert_int_equal(fields_validate_json(bounded_specs, body, &values, errors), HAVEN_OK);
	assert_int_equal(fields_check_date_bounds(bounded_specs, values, day_of("2026-12-07"), errors),
	                 HAVEN_ERR_INVALID);
	assert_int_equal(json_array_size(errors), 1);
	assert_string_equal(field_text(json_array_get(errors, 0), "message"), past);
	assert_null(json_object_get(values, "held_on"));
	assert_string_equal(field_text(values, "due_on"), "2026-12-07");
	/* no specs, nothing to check */
	assert_int_equal(fields_check_date_bounds(NULL, values, 0, errors), HAVEN_OK);
	json_decref(body);
	json_decref(values);
	json_decref(errors);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_is_date),
	    cmocka_unit_test(test_date_boxes),
	    cmocka_unit_test(test_date_boxes_given_twice),
	    cmocka_unit_test(test_date_boxes_for_a_handler),
	    cmocka_unit_test(test_date_error_for_a_handler),
	    cmocka_unit_test(test_date_bounds),
	    cmocka_unit_test(test_period_reporting_year),
	    cmocka_unit_test(test_period_last_months),
	    cmocka_unit_test(test_period_last_days_and_longest),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
