/*
 * test_page_model.c — tests how pages say dates (http/page_model.h): a date
 * "YYYY-MM-DD" in words, "3 December 2026" or with its weekday, "Thursday 3
 * December 2026" (the first of a month, a leap day, the turn of a year), text
 * that is no real date refused, and a page's model gaining K_words and
 * K_words_weekday beside every date K however deep, with K kept as stored
 * (inputs and links need it), other values left alone and a handler's own
 * K_words kept; and an instant's K_local, England's day and 24-hour clock
 * in summer and winter time. Weekdays were checked with Python's datetime.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "areas/calendar/model_words.h"
#include "http/page_model.h"

static void says_a_date_in_words(void **state)
{
	(void)state;
	static const struct {
		const char *date, *plain, *with_weekday;
	} cases[] = {
	    {"2026-12-03", "3 December 2026", "Thursday 3 December 2026"},
	    {"2026-12-01", "1 December 2026", "Tuesday 1 December 2026"},    /* the 1st: no "01", no "1st" */
	    {"2024-02-29", "29 February 2024", "Thursday 29 February 2024"}, /* a leap day */
	    {"2000-02-29", "29 February 2000", "Tuesday 29 February 2000"},  /* a leap century */
	    {"2026-12-31", "31 December 2026", "Thursday 31 December 2026"}, /* the end of a year */
	    {"2027-01-01", "1 January 2027", "Friday 1 January 2027"},       /* and the start of the next */
	    {"2016-04-12", "12 April 2016", "Tuesday 12 April 2016"},
	    {"2026-09-30", "30 September 2026", "Wednesday 30 September 2026"}, /* the longest */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char out[MODEL_DATE_WORDS_SIZE];
		assert_true(model_date_words(cases[i].date, false, out));
		assert_string_equal(out, cases[i].plain);
		assert_true(model_date_words(cases[i].date, true, out));
		assert_string_equal(out, cases[i].with_weekday);
	}
}

static void refuses_text_that_is_no_real_date(void **state)
{
	(void)state;
	static const char *const bad[] =
	    {
	        "2023-02-29", /* no leap day in 2023 */
	        "1900-02-29", /* nor in 1900 */
	        "2026-13-01", "2026-00-10",      "2026-04-31",           "2026-12-00",
	        "2026-12-3", /* not zero-padded */
	        "26-12-03",   "3 December 2026", "2026-12-03T09:15:00Z", "2026/12/03",
	        "",           "yesterday",
	    };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char out[MODEL_DATE_WORDS_SIZE] = "left over";
		assert_false(model_date_words(bad[i], false, out));
		assert_string_equal(out, ""); /* nothing half-written to show */
	}
	char out[MODEL_DATE_WORDS_SIZE];
	assert_false(model_date_words(NULL, true, out));
}

static void puts_words_beside_every_date_in_a_model(void **state)
{
	(void)state;
	json_t *model = json_pack("{s:s, s:{s:s, s:[{s:s, s:s}, {s:n}]}, s:s, s:s, s:i, s:s, s:s}", "due_on",
	                          "2026-12-03", "case", "aware_on", "2024-02-29", "milestones", "due_on",
	                          "2027-01-01", "title", "2026-12-03 draft", "done_on", "not_a_date",
	                          "2023-02-29", "reference", "SIR-2026-01", "count", 20261203, "respond_by",
	                          "2026-12-01", "respond_by_words", "the handler's own words");
	assert_non_null(model);
	model_words_dates(model);

	/* the date kept as stored, its words beside it */
	assert_string_equal(json_string_value(json_object_get(model, "due_on")), "2026-12-03");
	assert_string_equal(json_string_value(json_object_get(model, "due_on_words")), "3 December 2026");
	assert_string_equal(json_string_value(json_object_get(model, "due_on_words_weekday")),
	                    "Thursday 3 December 2026");
	/* however deep: in an object, and in an array's objects */
	json_t *c = json_object_get(model, "case");
	assert_string_equal(json_string_value(json_object_get(c, "aware_on_words")), "29 February 2024");
	json_t *m = json_array_get(json_object_get(c, "milestones"), 0);
	assert_string_equal(json_string_value(json_object_get(m, "due_on_words_weekday")),
	                    "Friday 1 January 2027");
	/* text holding a date, a date that is not real, ids, numbers and nulls get nothing */
	assert_null(json_object_get(m, "title_words"));
	assert_null(json_object_get(json_array_get(json_object_get(c, "milestones"), 1), "done_on_words"));
	assert_null(json_object_get(model, "not_a_date_words"));
	assert_null(json_object_get(model, "reference_words"));
	assert_null(json_object_get(model, "count_words"));
	/* a handler's own words are its own; what it did not set is still added */
	assert_string_equal(json_string_value(json_object_get(model, "respond_by_words")),
	                    "the handler's own words");
	assert_string_equal(json_string_value(json_object_get(model, "respond_by_words_weekday")),
	                    "Tuesday 1 December 2026");
	json_decref(model);
}

static void puts_the_local_time_beside_an_instant(void **state)
{
	(void)state;
	json_t *r = json_pack("{s:s, s:s, s:s, s:n}", "summer_at", "2026-08-28T19:00:00Z", "winter_at",
	                      "2026-11-26T19:30:00Z", "note", "2026-11-26T19:30:00Z later", "closed_at");
	static const char *const keys[] = {"summer_at", "winter_at", "note", "closed_at", "absent_at"};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		model_words_local_time(r, keys[i]);
	/* BST is an hour ahead of UTC; the instant itself stays as stored */
	assert_string_equal(json_string_value(json_object_get(r, "summer_at_local")),
	                    "28 August 2026 at 20:00");
	assert_string_equal(json_string_value(json_object_get(r, "summer_at")), "2026-08-28T19:00:00Z");
	assert_string_equal(json_string_value(json_object_get(r, "winter_at_local")),
	                    "26 November 2026 at 19:30");
	/* text that is no instant, a null and a missing key get nothing */
	assert_null(json_object_get(r, "note_local"));
	assert_null(json_object_get(r, "closed_at_local"));
	assert_null(json_object_get(r, "absent_at_local"));
	json_decref(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(says_a_date_in_words),
	    cmocka_unit_test(refuses_text_that_is_no_real_date),
	    cmocka_unit_test(puts_words_beside_every_date_in_a_model),
	    cmocka_unit_test(puts_the_local_time_beside_an_instant),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
