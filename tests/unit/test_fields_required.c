/*
 * test_fields_required.c — tests required fields of typed input
 * (router/fields.h), as forms and as JSON bodies: missing ones each named, in
 * the order of the specs, with "Select" for choices, yes/no and selects of
 * records and "Enter" otherwise; one given blank, or sent as null, is
 * missing (one error, not two); a required list sent empty has no value.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>
#include <string.h>

#include "core/status.h"
#include "fields_fixture.h"
#include "router/fields.h"

/* Required fields that are missing: "Select" for choices and yes/no, "Enter" otherwise. */
static void test_required_missing(void **state)
{
	(void)state;
	json_t *errors = json_array();
	json_t *values = NULL;
	assert_int_equal(fields_validate_pairs(required_specs, NULL, 0, NULL, &values, errors),
	                 HAVEN_ERR_INVALID);
	assert_int_equal(check_errors_shape(errors), 5);
	assert_string_equal(error_for(errors, "name"), "Enter your name");
	assert_string_equal(error_for(errors, "kind"), "Select the type of agency");
	assert_string_equal(error_for(errors, "agree"), "Select whether you agree");
	assert_string_equal(error_for(errors, "when"), "Enter the date");
	assert_string_equal(error_for(errors, "tags"), "Enter the tags");
	/* errors come in the order of the specs */
	assert_string_equal(json_string_value(json_object_get(json_array_get(errors, 0), "field")), "name");
	assert_string_equal(json_string_value(json_object_get(json_array_get(errors, 4), "field")), "tags");
	assert_int_equal(json_object_size(values), 0);
	json_decref(values);
	json_decref(errors);

	/* the same through JSON */
	json_t *body = json_object();
	errors = json_array();
	assert_int_equal(fields_validate_json(required_specs, body, &values, errors), HAVEN_ERR_INVALID);
	assert_int_equal(check_errors_shape(errors), 5);
	assert_string_equal(error_for(errors, "name"), "Enter your name");
	assert_string_equal(error_for(errors, "kind"), "Select the type of agency");
	json_decref(body);
	json_decref(values);
	json_decref(errors);
}

/* Required fields given but blank: one error each, not two. */
static void test_required_blank(void **state)
{
	(void)state;
	const struct field_pair pairs[] = {
	    {"name", "  "}, {"kind", "police"}, {"agree", "yes"}, {"when", ""}, {"tags", "x"},
	};
	json_t *errors = json_array();
	json_t *values = NULL;
	assert_int_equal(fields_validate_pairs(required_specs, pairs, 5, NULL, &values, errors),
	                 HAVEN_ERR_INVALID);
	assert_int_equal(check_errors_shape(errors), 2);
	assert_string_equal(error_for(errors, "name"), "Enter your name");
	assert_string_equal(error_for(errors, "when"), "Enter the date");
	json_decref(values);
	json_decref(errors);

	/* all given and valid */
	const struct field_pair good[] = {
	    {"name", "Ann"}, {"kind", "police"}, {"agree", "no"}, {"when", "2026-03-27"}, {"tags", "x"},
	};
	errors = json_array();
	assert_int_equal(fields_validate_pairs(required_specs, good, 5, NULL, &values, errors), HAVEN_OK);
	assert_int_equal(json_object_size(values), 5);
	json_decref(values);
	json_decref(errors);
}

/*
 * A required choice sent blank (a <select> left on its empty first option)
 * must read "Select the type of agency", as it does when it is missing.
 */
static void test_required_choice_blank_says_select(void **state)
{
	(void)state;
	const struct field_pair pairs[] = {{"kind", ""}};
	assert_int_equal(fields_validate_pairs(required_specs + 1, pairs, 1, NULL, &fx.values, fx.errors),
	                 HAVEN_ERR_INVALID);
	const char *msg = error_for(fx.errors, "kind");
	assert_non_null(msg);
	assert_string_equal(msg, "Select the type of agency");
}

/* The same through JSON: a required choice sent as null. */
static void test_required_choice_null_says_select(void **state)
{
	(void)state;
	fx.body = json_pack("{s:n}", "kind");
	assert_int_equal(fields_validate_json(required_specs + 1, fx.body, &fx.values, fx.errors),
	                 HAVEN_ERR_INVALID);
	const char *msg = error_for(fx.errors, "kind");
	assert_non_null(msg);
	assert_string_equal(msg, "Select the type of agency");
}

/* A required multiple field sent as an empty JSON list has no value: it must fail. */
static void test_required_multiple_empty_json_list(void **state)
{
	(void)state;
	fx.body = json_pack("{s:[]}", "tags");
	enum haven_status st = fields_validate_json(required_specs + 4, fx.body, &fx.values, fx.errors);
	assert_null(json_object_get(fx.values, "tags"));
	assert_int_equal(st, HAVEN_ERR_INVALID);
	assert_string_equal(error_for(fx.errors, "tags"), "Enter the tags");
}

/* A field offered as a select of records (not a FIELD_CHOICE) says "Select" when left empty, not "Enter". */
static void test_in_select_says_select(void **state)
{
	(void)state;
	static const struct field_spec specs[] = {
	    {.name = "agency",
	     .label = "the agency",
	     .type = FIELD_SLUG,
	     .required = true,
	     .in_select = true},
	    {.name = "lead", .label = "the lead", .type = FIELD_TEXT, .required = true},
	    {0},
	};
	fx.body = json_object();
	assert_int_equal(fields_validate_json(specs, fx.body, &fx.values, fx.errors), HAVEN_ERR_INVALID);
	assert_string_equal(error_for(fx.errors, "agency"), "Select the agency");
	assert_string_equal(error_for(fx.errors, "lead"), "Enter the lead");
}

/* Required fields sent as JSON null are missing. */
static void test_json_required_null(void **state)
{
	(void)state;
	json_t *body = json_pack("{s:n, s:s, s:b, s:s, s:[s]}", "name", "kind", "police", "agree", 1, "when",
	                         "2026-01-01", "tags", "x");
	json_t *errors = json_array();
	json_t *values = NULL;
	assert_int_equal(fields_validate_json(required_specs, body, &values, errors), HAVEN_ERR_INVALID);
	assert_int_equal(check_errors_shape(errors), 1);
	assert_string_equal(error_for(errors, "name"), "Enter your name");
	json_decref(values);
	json_decref(body);
	json_decref(errors);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_required_missing),
	    cmocka_unit_test(test_required_blank),
	    cmocka_unit_test_setup_teardown(test_required_choice_blank_says_select, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_required_choice_null_says_select, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_required_multiple_empty_json_list, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_in_select_says_select, fx_setup, fx_teardown),
	    cmocka_unit_test(test_json_required_null),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
