/*
 * test_date_words.c — a record's date in words under its own key
 * (app/date_words.h): a real date is said in words; a missing date, one that
 * is no real date, or one that is not text adds nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "app/date_words.h"

static void says_a_real_date_in_words(void **state)
{
	(void)state;
	json_t *plan = json_pack("{s:s}", "starts_on", "2026-12-03");
	date_words_set(plan, "starts_on", "starts_words");
	assert_string_equal(json_string_value(json_object_get(plan, "starts_words")), "3 December 2026");
	assert_string_equal(json_string_value(json_object_get(plan, "starts_on")), "2026-12-03");
	json_decref(plan);
}

static void adds_nothing_for_no_real_date(void **state)
{
	(void)state;
	json_t *plan = json_pack("{s:s, s:n, s:i}", "starts_on", "2026-02-30", "ends_on", "due_on", 20261203);
	date_words_set(plan, "starts_on", "starts_words");
	date_words_set(plan, "ends_on", "ends_words");
	date_words_set(plan, "due_on", "due_words");
	date_words_set(plan, "missing", "missing_words");
	assert_int_equal(json_object_size(plan), 3);
	json_decref(plan);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(says_a_real_date_in_words),
	    cmocka_unit_test(adds_nothing_for_no_real_date),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
