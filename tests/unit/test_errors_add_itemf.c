/*
 * test_errors_add_itemf.c — tests a batch item's field errors (errors_add_itemf
 * in src/router/errors.h): {index, field, message} in that order, the message
 * made, capitalised and cut as errors_addf's, and text that is not valid
 * UTF-8 still an error of the item, never dropped.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <stdlib.h>
#include <cmocka.h>

#include "router/errors.h"

static void index_field_and_message_in_order(void **state)
{
	(void)state;
	json_t *errors = json_array();
	errors_add_itemf(errors, 3, "la", "there is no local authority with the code %lld", 999LL);
	errors_add_itemf(errors, 0, "email", "%s", "An account with this email address already exists");
	char *text = json_dumps(errors, JSON_COMPACT);
	assert_string_equal(text, "[{\"index\":3,\"field\":\"la\",\"message\":\"There is no local authority "
	                          "with the code 999\"},{\"index\":0,\"field\":\"email\",\"message\":\"An "
	                          "account with this email address already exists\"}]");
	free(text);
	json_decref(errors);
}

/* The same message errors_addf makes: cut at a character boundary, so it stays text. */
static void long_message_cut_as_errors_addf_cuts_it(void **state)
{
	(void)state;
	char value[ERRORS_MESSAGE_SIZE + 8];
	memset(value, 'y', ERRORS_MESSAGE_SIZE - 2);
	strcpy(value + ERRORS_MESSAGE_SIZE - 2, "\xe2\x80\x99zz"); /* ’ at bytes 598..600 */
	json_t *items = json_array(), *fields = json_array();
	errors_add_itemf(items, 7, "name", "%s", value);
	errors_addf(fields, "name", "%s", value);
	const json_t *item = json_array_get(items, 0);
	assert_int_equal(json_integer_value(json_object_get(item, "index")), 7);
	assert_string_equal(json_string_value(json_object_get(item, "message")),
	                    json_string_value(json_object_get(json_array_get(fields, 0), "message")));
	json_decref(items);
	json_decref(fields);
}

static void invalid_text_kept_as_an_error_of_the_item(void **state)
{
	(void)state;
	json_t *errors = json_array();
	errors_add_itemf(errors, 2, "name", "Enter %s", "\xff\xfe");
	assert_int_equal(json_array_size(errors), 1);
	const json_t *item = json_array_get(errors, 0);
	assert_int_equal(json_integer_value(json_object_get(item, "index")), 2);
	assert_string_equal(json_string_value(json_object_get(item, "field")), "");
	assert_string_equal(json_string_value(json_object_get(item, "message")),
	                    "The request has a field that is not valid text");
	json_decref(errors);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(index_field_and_message_in_order),
	    cmocka_unit_test(long_message_cut_as_errors_addf_cuts_it),
	    cmocka_unit_test(invalid_text_kept_as_an_error_of_the_item),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
