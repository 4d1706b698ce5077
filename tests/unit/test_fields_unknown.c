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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_unknown_field_bad_utf8_name, fx_setup, fx_teardown),
	    cmocka_unit_test(test_ignore_and_no_specs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
