/*
 * test_chart.c — the geometry of a figures page's bar chart (src/view/chart.c):
 * the longest bar fills the plot and the others are in proportion, a
 * non-zero bar is never invisible, nothing is drawn for no bars, and each
 * row sits below the one before.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "view/chart.h"

static long long bar_int(const json_t *chart, size_t i, const char *key)
{
	return json_integer_value(json_object_get(json_array_get(json_object_get(chart, "bars"), i), key));
}

static void bars_in_proportion(void **state)
{
	(void)state;
	const struct chart_bar bars[] = {
	    {"Blackburn with Darwen", 40, "40"},
	    {"Blackpool", 10, "10"},
	    {"Lancashire", 0, "0"},
	    {"A tiny one", 1, "1"},
	    {"Below zero", -5, "-5"},
	};
	json_t *chart = chart_bars("c", "Title", "Description", bars, 5);
	assert_non_null(chart);
	assert_string_equal(json_string_value(json_object_get(chart, "title")), "Title");
	assert_string_equal(json_string_value(json_object_get(chart, "desc")), "Description");
	long long full = bar_int(chart, 0, "bar_width");
	assert_true(full > 100);
	assert_int_equal(bar_int(chart, 1, "bar_width"), full / 4);
	assert_int_equal(bar_int(chart, 2, "bar_width"), 0);
	assert_int_equal(bar_int(chart, 3, "bar_width"), full / 40 ? full / 40 : 1);
	assert_int_equal(bar_int(chart, 4, "bar_width"), 0);
	/* each row below the last; the drawing is as tall as its rows */
	for (size_t i = 1; i < 5; i++)
		assert_true(bar_int(chart, i, "bar_y") > bar_int(chart, i - 1, "bar_y"));
	assert_true(json_integer_value(json_object_get(chart, "height")) > bar_int(chart, 4, "bar_y"));
	/* the value is written just after its bar's end */
	assert_true(bar_int(chart, 0, "text_x") > bar_int(chart, 1, "text_x"));
	json_decref(chart);
}

static void all_zero_and_none(void **state)
{
	(void)state;
	const struct chart_bar zeros[] = {{"One", 0, "0"}, {"Two", 0, "0"}};
	json_t *chart = chart_bars("z", "T", "D", zeros, 2);
	assert_int_equal(bar_int(chart, 0, "bar_width"), 0);
	assert_int_equal(bar_int(chart, 1, "bar_width"), 0);
	json_decref(chart);
	assert_null(chart_bars("n", "T", "D", NULL, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(bars_in_proportion),
	    cmocka_unit_test(all_zero_and_none),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
