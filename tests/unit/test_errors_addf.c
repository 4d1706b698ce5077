/*
 * test_errors_addf.c — tests formatted field errors (errors_addf in
 * src/router/errors.h): a message whose quoted value, or whose end, would
 * be cut inside a multi-byte character keeps its field and a valid message
 * (jansson refuses invalid UTF-8, and errors_add would then keep only a
 * generic "not valid text" error with no field), and the first letter is a
 * capital as fields.c's messages have always had.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "core/utf8.h"
#include "router/errors.h"

static const char *field_of(const json_t *errors, size_t i)
{
	return json_string_value(json_object_get(json_array_get(errors, i), "field"));
}

static const char *message_of(const json_t *errors, size_t i)
{
	return json_string_value(json_object_get(json_array_get(errors, i), "message"));
}

/* 99 x's then "é": "%.100s" would end inside the é. */
static void quoted_value_cut_at_a_character(void **state)
{
	(void)state;
	char value[128];
	memset(value, 'x', 99);
	strcpy(value + 99, "\xc3\xa9 and more");
	json_t *errors = json_array();
	errors_addf(errors, "grades", "\"%.*s\" is not a sub-area", (int)utf8_cut_length(value, 100), value);
	assert_int_equal(json_array_size(errors), 1);
	assert_string_equal(field_of(errors, 0), "grades");
	char expected[128];
	snprintf(expected, sizeof expected, "\"%.99s\" is not a sub-area", value);
	assert_string_equal(message_of(errors, 0), expected);
	json_decref(errors);
}

/* A message longer than the room for one is cut before the ’ that straddles the end. */
static void long_message_cut_at_a_character(void **state)
{
	(void)state;
	char value[ERRORS_MESSAGE_SIZE + 8];
	memset(value, 'y', ERRORS_MESSAGE_SIZE - 2);
	strcpy(value + ERRORS_MESSAGE_SIZE - 2, "\xe2\x80\x99zz"); /* ’ at bytes 598..600 */
	json_t *errors = json_array();
	errors_addf(errors, "indicators", "%s", value);
	assert_int_equal(json_array_size(errors), 1);
	assert_string_equal(field_of(errors, 0), "indicators");
	const char *message = message_of(errors, 0);
	assert_non_null(message);
	assert_int_equal(strlen(message), ERRORS_MESSAGE_SIZE - 2);
	assert_int_equal(strspn(message, "Y"), 1); /* made a capital */
	assert_int_equal(strspn(message + 1, "y"), ERRORS_MESSAGE_SIZE - 3);
	json_decref(errors);
}

static void short_messages_whole_with_a_capital(void **state)
{
	(void)state;
	json_t *errors = json_array();
	errors_addf(errors, "agency_type", "%s must be %d characters or fewer", "the type of agency", 20);
	errors_addf(errors, "name", "Enter %s", "the child\xe2\x80\x99s name");
	assert_string_equal(message_of(errors, 0), "The type of agency must be 20 characters or fewer");
	assert_string_equal(field_of(errors, 1), "name");
	assert_string_equal(message_of(errors, 1), "Enter the child\xe2\x80\x99s name");
	json_decref(errors);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(quoted_value_cut_at_a_character),
	    cmocka_unit_test(long_message_cut_at_a_character),
	    cmocka_unit_test(short_messages_whole_with_a_capital),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
