/*
 * test_chart_rows.c — a figures table's rows as a bar chart
 * (src/view/chart_rows.h): one bar a row, named by the row's field (or the
 * name for none), as long as its count, read from the row or from an object
 * in it, the count written alone or with its noun ("1 case", "2 cases"), and
 * JSON null (nothing drawn) for no rows.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "view/chart_rows.h"

static const char *bar_text(const json_t *chart, size_t i, const char *key)
{
	return json_string_value(json_object_get(json_array_get(json_object_get(chart, "bars"), i), key));
}

static long long bar_width(const json_t *chart, size_t i)
{
	return json_integer_value(
	    json_object_get(json_array_get(json_object_get(chart, "bars"), i), "bar_width"));
}

static void a_bar_a_row_with_its_noun(void **state)
{
	(void)state;
	json_t *rows = json_pack("[{s:s, s:i}, {s:s, s:i}]", "name", "Neglect", "cases", 2, "name",
	                         "Domestic abuse", "cases", 1);
	const struct chart_rows how = {.id = "t",
	                               .title = "Themes",
	                               .desc = "A bar a theme",
	                               .label_key = "name",
	                               .value_key = "cases",
	                               .one = "case",
	                               .many = "cases"};
	json_t *chart = chart_rows(rows, &how);
	assert_string_equal(json_string_value(json_object_get(chart, "title")), "Themes");
	assert_int_equal(json_array_size(json_object_get(chart, "bars")), 2);
	assert_string_equal(bar_text(chart, 0, "label"), "Neglect");
	assert_string_equal(bar_text(chart, 0, "value_text"), "2 cases");
	assert_string_equal(bar_text(chart, 1, "label"), "Domestic abuse");
	assert_string_equal(bar_text(chart, 1, "value_text"), "1 case");
	assert_int_equal(bar_width(chart, 1), bar_width(chart, 0) / 2);
	json_decref(chart);
	json_decref(rows);
}

static void a_count_inside_the_row_and_a_bar_with_no_name(void **state)
{
	(void)state;
	json_t *rows = json_pack("[{s:s, s:{s:i}}, {s:n, s:{s:i}}]", "la_name", "Blackpool", "total",
	                         "referrals", 4, "la_name", "total", "referrals", 3);
	const struct chart_rows how = {.id = "t",
	                               .title = "Referrals",
	                               .desc = "A bar an area",
	                               .label_key = "la_name",
	                               .no_label = "No area",
	                               .value_in = "total",
	                               .value_key = "referrals"};
	json_t *chart = chart_rows(rows, &how);
	assert_string_equal(bar_text(chart, 0, "value_text"), "4");
	assert_string_equal(bar_text(chart, 1, "label"), "No area");
	assert_string_equal(bar_text(chart, 1, "value_text"), "3");
	json_decref(chart);
	json_decref(rows);
}

static void nothing_drawn_for_no_rows(void **state)
{
	(void)state;
	json_t *rows = json_array();
	const struct chart_rows how = {
	    .id = "t", .title = "T", .desc = "D", .label_key = "name", .value_key = "cases"};
	json_t *chart = chart_rows(rows, &how);
	assert_true(json_is_null(chart));
	json_decref(chart);
	json_decref(rows);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(a_bar_a_row_with_its_noun),
	    cmocka_unit_test(a_count_inside_the_row_and_a_bar_with_no_name),
	    cmocka_unit_test(nothing_drawn_for_no_rows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
