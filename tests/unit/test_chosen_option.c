/*
 * test_chosen_option.c — tests how a form shown again keeps what was chosen
 * (view/chosen_option.h): the row whose field equals the input is marked
 * selected and no other, nothing is marked when nothing was chosen; a
 * field's radios are its values in order with GOV.UK's ids (the first the
 * field's own name, so the error summary reaches it) and the chosen one
 * checked.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "view/chosen_option.h"

static void marks_the_row_equal_to_the_input(void **state)
{
	(void)state;
	json_t *rows = json_pack("[{s:s}, {s:s}, {s:i}]", "slug", "police", "slug", "school", "slug", 7);
	json_t *chosen = json_string("school");
	chosen_option_mark(rows, "slug", chosen);
	assert_true(json_is_false(json_object_get(json_array_get(rows, 0), "selected")));
	assert_true(json_is_true(json_object_get(json_array_get(rows, 1), "selected")));
	assert_true(json_is_false(json_object_get(json_array_get(rows, 2), "selected")));
	chosen_option_mark(rows, "slug", NULL); /* nothing chosen yet: none */
	assert_true(json_is_false(json_object_get(json_array_get(rows, 1), "selected")));
	json_decref(chosen);
	json_decref(rows);
}

static const char *const values[] = {"parent", "step_parent", "carer", NULL};
static const char *const labels[] = {"Parent", "Step-parent", "Carer"};

static void radio(const json_t *radios, size_t i, const char *id, const char *value, const char *label,
                  bool checked)
{
	const json_t *r = json_array_get(radios, i);
	assert_string_equal(json_string_value(json_object_get(r, "id")), id);
	assert_string_equal(json_string_value(json_object_get(r, "value")), value);
	assert_string_equal(json_string_value(json_object_get(r, "label")), label);
	assert_int_equal(json_is_true(json_object_get(r, "checked")), checked);
}

static void radios_in_order_with_the_chosen_checked(void **state)
{
	(void)state;
	json_t *radios = chosen_option_radios("relationship", values, labels, "carer");
	assert_int_equal(json_array_size(radios), 3);
	radio(radios, 0, "relationship", "parent", "Parent", false);
	radio(radios, 1, "relationship-step_parent", "step_parent", "Step-parent", false);
	radio(radios, 2, "relationship-carer", "carer", "Carer", true);
	json_decref(radios);
	radios = chosen_option_radios("relationship", values, labels, NULL);
	radio(radios, 0, "relationship", "parent", "Parent", false);
	radio(radios, 2, "relationship-carer", "carer", "Carer", false);
	json_decref(radios);
	radios = chosen_option_radios("relationship", values, labels, "care"); /* not a value: none */
	for (size_t i = 0; i < 3; i++)
		assert_false(json_is_true(json_object_get(json_array_get(radios, i), "checked")));
	json_decref(radios);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(marks_the_row_equal_to_the_input),
	    cmocka_unit_test(radios_in_order_with_the_chosen_checked),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
