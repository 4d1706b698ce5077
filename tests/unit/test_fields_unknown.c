/*
 * test_fields_unknown.c — tests which names typed input (router/fields.h)
 * takes: anything not declared is refused, whatever its name (one not valid
 * UTF-8 too), and the names a form is told to ignore (its CSRF token) are
 * skipped; with no specs, every name not ignored is unknown.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "core/status.h"
#include "fields_fixture.h"
#include "router/fields.h"

/*
 * Anything not declared is rejected, whatever its name: a form field whose
 * name is not valid UTF-8 (e.g. "%FF=1") must still be an error.
 */
static void test_unknown_field_bad_utf8_name(void **state)
{
	(void)state;
	const struct field_pair pairs[] = {{"\xff", "1"}};
	enum haven_status st = fields_validate_pairs(optional_specs, pairs, 1, NULL, &fx.values, fx.errors);
	assert_int_equal(st, HAVEN_ERR_INVALID);
	assert_int_equal(check_errors_shape(fx.errors), 1);
}

/* Ignored names (the CSRF token) are skipped; with no specs, everything else is unknown. */
static void test_ignore_and_no_specs(void **state)
{
	(void)state;
	static const char *const ignore[] = {"csrf_token", NULL};
	const struct field_pair pairs[] = {{"csrf_token", "abc"}, {"name", "Ann"}, {"csrf_token", "again"}};
	json_t *errors = json_array();
	json_t *values = NULL;
	assert_int_equal(fields_validate_pairs(optional_specs, pairs, 3, ignore, &values, errors), HAVEN_OK);
	assert_null(json_object_get(values, "csrf_token"));
	assert_int_equal(json_object_size(values), 1);
	json_decref(values);

	assert_int_equal(fields_validate_pairs(NULL, pairs, 1, ignore, &values, errors), HAVEN_OK);
	assert_int_equal(json_object_size(values), 0);
	json_decref(values);
	assert_int_equal(json_array_size(errors), 0);

	assert_int_equal(fields_validate_pairs(NULL, pairs, 2, NULL, &values, errors), HAVEN_ERR_INVALID);
	assert_int_equal(check_errors_shape(errors), 2);
	assert_string_equal(error_for(errors, "csrf_token"), "Csrf_token is not a field this accepts");
	json_decref(values);
	json_decref(errors);
}

/*
 * Many unknown names are counted past the first ten, so a body of 70,000 short unknown names gets an
 * answer of a few errors, not megabytes; the form and the JSON body alike. A field with no name says so.
 */
static void test_many_unknown_fields_counted(void **state)
{
	(void)state;
	enum { SENT = 1000 };
	static struct field_pair pairs[SENT];
	static char names[SENT][8];
	json_t *body = json_object();
	for (size_t i = 0; i < SENT; i++) {
		snprintf(names[i], sizeof names[i], "u%zu", i);
		pairs[i] = (struct field_pair){names[i], "1"};
		json_object_set_new(body, names[i], json_integer(1));
	}
	fx.body = body;
	assert_int_equal(fields_validate_pairs(optional_specs, pairs, SENT, NULL, &fx.values, fx.errors),
	                 HAVEN_ERR_INVALID);
	assert_int_equal(check_errors_shape(fx.errors), 11);
	assert_string_equal(error_for(fx.errors, "u0"), "U0 is not a field this accepts");
	assert_string_equal(error_for(fx.errors, ""), "There are 990 more fields this does not accept");
	json_decref(fx.values);
	fx.values = NULL;
	json_array_clear(fx.errors);

	assert_int_equal(fields_validate_json(optional_specs, body, &fx.values, fx.errors),
	                 HAVEN_ERR_INVALID);
	assert_int_equal(check_errors_shape(fx.errors), 11);
	assert_string_equal(error_for(fx.errors, ""), "There are 990 more fields this does not accept");
	json_decref(fx.values);
	fx.values = NULL;
	json_array_clear(fx.errors);

	const struct field_pair eleven[] = {{"a", "1"}, {"b", "1"}, {"c", "1"}, {"d", "1"},
	                                    {"e", "1"}, {"f", "1"}, {"g", "1"}, {"h", "1"},
	                                    {"i", "1"}, {"j", "1"}, {"k", "1"}};
	assert_int_equal(fields_validate_pairs(optional_specs, eleven, 11, NULL, &fx.values, fx.errors),
	                 HAVEN_ERR_INVALID);
	assert_string_equal(error_for(fx.errors, ""), "There is 1 more field this does not accept");
}

/*
 * A field sent many times, or its date's boxes, is said once; names that are not valid text count as
 * unknown ones: a small body of repeats cannot make a large answer either.
 */
static void test_repeats_said_once(void **state)
{
	(void)state;
	enum { SENT = 500 };
	static struct field_pair pairs[3 * SENT];
	for (size_t i = 0; i < SENT; i++) {
		pairs[3 * i] = (struct field_pair){"title", "A title"};
		pairs[3 * i + 1] = (struct field_pair){"when-day", "3"};
		pairs[3 * i + 2] = (struct field_pair){"\xff", "1"};
	}
	assert_int_equal(fields_validate_pairs(optional_specs, pairs, 3 * SENT, NULL, &fx.values, fx.errors),
	                 HAVEN_ERR_INVALID);
	assert_string_equal(error_for(fx.errors, "title"), "The title was given more than once");
	assert_string_equal(error_for(fx.errors, "when"), "The date was given more than once");
	/* title, when and the name not valid text once each */
	assert_int_equal(check_errors_shape(fx.errors), 3);
	assert_string_equal(error_for(fx.errors, ""), "The form has a field whose name is not valid text");
}

/*
 * An unknown field is named once however often it is sent, and only distinct names are counted: "a" sent
 * 3,000 times is one field this does not accept, not ten named and 2,990 more; the form and the JSON body
 * (whose names are distinct already) alike.
 */
static void test_unknown_repeats_named_once(void **state)
{
	(void)state;
	enum { SENT = 3000 };
	static struct field_pair pairs[SENT];
	static const char *const names[] = {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"};
	for (size_t i = 0; i < SENT; i++)
		pairs[i] = (struct field_pair){"a", "1"};
	assert_int_equal(fields_validate_pairs(optional_specs, pairs, SENT, NULL, &fx.values, fx.errors),
	                 HAVEN_ERR_INVALID);
	assert_int_equal(check_errors_shape(fx.errors), 1);
	assert_string_equal(error_for(fx.errors, "a"), "A is not a field this accepts");
	json_decref(fx.values);
	fx.values = NULL;
	json_array_clear(fx.errors);

	for (size_t i = 0; i < SENT; i++)
		pairs[i] = (struct field_pair){names[i % 12], "1"};
	assert_int_equal(fields_validate_pairs(optional_specs, pairs, SENT, NULL, &fx.values, fx.errors),
	                 HAVEN_ERR_INVALID);
	assert_int_equal(check_errors_shape(fx.errors), 11);
	assert_string_equal(error_for(fx.errors, "j"), "J is not a field this accepts");
	assert_string_equal(error_for(fx.errors, ""), "There are 2 more fields this does not accept");
}

static void test_field_with_no_name(void **state)
{
	(void)state;
	const struct field_pair pairs[] = {{"", "x"}};
	assert_int_equal(fields_validate_pairs(optional_specs, pairs, 1, NULL, &fx.values, fx.errors),
	                 HAVEN_ERR_INVALID);
	assert_int_equal(check_errors_shape(fx.errors), 1);
	assert_string_equal(error_for(fx.errors, ""), "The request has a field with no name");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_unknown_field_bad_utf8_name, fx_setup, fx_teardown),
	    cmocka_unit_test(test_ignore_and_no_specs),
	    cmocka_unit_test_setup_teardown(test_many_unknown_fields_counted, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_field_with_no_name, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_repeats_said_once, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_unknown_repeats_named_once, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
