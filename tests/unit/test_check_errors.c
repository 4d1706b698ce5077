/*
 * test_check_errors.c — tests a record checker's problems (check_errors_add
 * in src/app/check_errors.h), made with errors_message_vformat: the field and message
 * prefixed for a batch, the checker's own words begun with a capital after
 * the prefix, a message too long for the room cut at a character boundary
 * with its field and prefix kept, and a message that is not valid text said
 * as such, once and unprefixed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "app/check_errors.h"
#include "router/errors.h"

/* Error i of `errors` is {field, message}. */
static void assert_error(const json_t *errors, size_t i, const char *field, const char *message)
{
	const json_t *e = json_array_get(errors, i);
	assert_string_equal(json_string_value(json_object_get(e, "field")), field);
	assert_string_equal(json_string_value(json_object_get(e, "message")), message);
}

static void prefixed_with_a_capital_after_the_prefix(void **state)
{
	(void)state;
	json_t *errors = json_array();
	struct check_errors c = check_errors_start(errors, "incidents[2].", "Incident 3 (T-1): ");
	check_errors_add(&c, "occurred_at", "%s must be a date and time", "the time it happened");
	assert_true(check_errors_found(&c));
	assert_error(errors, 0, "incidents[2].occurred_at",
	             "Incident 3 (T-1): The time it happened must be a date and time");
	struct check_errors alone = check_errors_start(errors, NULL, NULL);
	assert_false(check_errors_found(&alone));
	check_errors_add(&alone, "victim", "enter %s", "the victim\xe2\x80\x99s name");
	assert_error(errors, 1, "victim", "Enter the victim\xe2\x80\x99s name");
	json_decref(errors);
}

/* A message longer than the room for one keeps its field and prefix, cut before the ’ across the end. */
static void long_message_cut_at_a_character(void **state)
{
	(void)state;
	char value[ERRORS_MESSAGE_SIZE + 8];
	memset(value, 'y', ERRORS_MESSAGE_SIZE - 13);
	strcpy(value + ERRORS_MESSAGE_SIZE - 13, "\xe2\x80\x99zz"); /* ’ at bytes 598..600 after the prefix */
	json_t *errors = json_array();
	struct check_errors c = check_errors_start(errors, "episodes[0].", "Episode 1: ");
	check_errors_add(&c, "notes", "%s", value);
	assert_int_equal(json_array_size(errors), 1);
	char
	    expected[ERRORS_MESSAGE_SIZE]; /* the prefix, then the y's made a capital, and nothing of the ’ */
	snprintf(expected, sizeof expected, "Episode 1: Y%.*s", ERRORS_MESSAGE_SIZE - 14, value + 1);
	assert_error(errors, 0, "episodes[0].notes", expected);
	json_decref(errors);
}

static void message_not_valid_text_said_as_such(void **state)
{
	(void)state;
	json_t *errors = json_array();
	struct check_errors c = check_errors_start(errors, "incidents[0].", "Incident 1: ");
	check_errors_add(&c, "reference", "\"%s\" is not a police reference", "T-\xff");
	assert_int_equal(json_array_size(errors), 1);
	assert_error(errors, 0, "", "The request has a field that is not valid text");
	assert_true(check_errors_found(&c));
	json_decref(errors);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(prefixed_with_a_capital_after_the_prefix),
	    cmocka_unit_test(long_message_cut_at_a_character),
	    cmocka_unit_test(message_not_valid_text_said_as_such),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
