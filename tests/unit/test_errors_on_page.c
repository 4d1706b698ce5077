/*
 * test_errors_on_page.c — tests how errors go on a page shown again
 * (errors_on_page and errors_in_page_order in src/router/errors.h): an error
 * about one entry of a list links to that entry's box and is said at the box
 * when the model has it (not again by the field), else by the field; a
 * list typed is re-chosen entry by entry and shown one to a line; the
 * summary follows the boxes' order, and an anchor the page lacks gives way
 * to the field.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <stdlib.h>
#include <cmocka.h>

#include "router/errors.h"
#include "router/fields.h"

static const char *error_string(const json_t *errors, size_t i, const char *key)
{
	return json_string_value(json_object_get(json_array_get(errors, i), key));
}

static void entry_errors_at_their_boxes(void **state)
{
	(void)state;
	json_t *errors = json_array();
	errors_add_entry(errors, "children", 1, "Child 9 is not on the register");
	errors_add_entry(errors, "auditors", 4, "Enter an email");
	errors_addf(errors, "title", "%s", "Enter the title");
	json_t *entries = json_pack("[i, i]", 1, 9);
	json_t *model = json_pack("{s:o}", "child_boxes", fields_list_boxes("children", entries, 3));
	json_t *typed = json_pack("{s:s, s:[s, s], s:[]}", "title", "", "children", "1", "9", "tags");
	errors_on_page(model, errors, typed);

	const json_t *on_page = json_object_get(model, "errors");
	assert_string_equal(error_string(on_page, 0, "anchor"), "children-2");
	assert_string_equal(error_string(on_page, 1, "anchor"), "auditors-5");
	assert_null(json_object_get(json_array_get(on_page, 2), "anchor"));
	assert_null(json_object_get(json_array_get(errors, 0), "anchor")); /* the caller's errors unchanged */
	/* the child's error is at its box, not by the field; the auditor's has no box on the model */
	const json_t *boxes = json_object_get(model, "child_boxes");
	assert_null(json_object_get(json_array_get(boxes, 0), "error"));
	assert_string_equal(json_string_value(json_object_get(json_array_get(boxes, 1), "error")),
	                    "Child 9 is not on the register");
	const json_t *error_for = json_object_get(model, "error_for");
	assert_null(json_object_get(error_for, "children"));
	assert_string_equal(json_string_value(json_object_get(error_for, "auditors")), "Enter an email");
	assert_string_equal(json_string_value(json_object_get(error_for, "title")), "Enter the title");
	/* a list typed: each entry chosen, all of them one to a line */
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(model, "submitted"), "children")), "1\n9");
	assert_true(json_is_true(
	    json_object_get(json_object_get(json_object_get(model, "chosen"), "children"), "9")));
	assert_string_equal(json_string_value(json_object_get(json_object_get(model, "submitted"), "tags")),
	                    "");
	assert_string_equal(json_string_value(json_object_get(json_object_get(model, "submitted"), "title")),
	                    "");

	/* the summary in the boxes' order; the auditor's box is not on the page, so its link goes to the
	 * field */
	const char *html = "<input id=\"title\"><input id=\"children\"><input id=\"children-2\">"
	                   "<input id=\"auditors\">";
	json_t *sorted = errors_in_page_order(on_page, html);
	assert_non_null(sorted);
	assert_string_equal(error_string(sorted, 0, "field"), "title");
	assert_string_equal(error_string(sorted, 1, "anchor"), "children-2");
	assert_string_equal(error_string(sorted, 2, "field"), "auditors");
	assert_null(json_object_get(json_array_get(sorted, 2), "anchor"));
	assert_string_equal(error_string(on_page, 1, "anchor"), "auditors-5"); /* its input unchanged */
	json_decref(sorted);
	json_decref(typed);
	json_decref(model);
	json_decref(entries);
	json_decref(errors);
}

static void in_order_already(void **state)
{
	(void)state;
	json_t *errors = json_array();
	errors_addf(errors, "a", "%s", "A");
	assert_null(errors_in_page_order(errors, "<input id=\"a\">"));
	errors_add_entry(errors, "b", 1, "B");
	json_t *model = json_object();
	errors_on_page(model, errors, NULL);
	assert_null(
	    errors_in_page_order(json_object_get(model, "errors"), "<input id=\"a\"><input id=\"b-2\">"));
	json_decref(model);
	json_decref(errors);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(entry_errors_at_their_boxes),
	    cmocka_unit_test(in_order_already),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
