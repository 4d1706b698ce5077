/*
 * test_fields_read_json.c — reading a JSON request body (fields_read_json,
 * router/fields.h): a number too large to hold (past 64 bits, or past a
 * double) names the field it was given for, however its name is written,
 * and is quoted with its place when it is no field's; anything else not
 * valid JSON is said with its line and column.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>
#include <string.h>

#include "router/fields.h"

static const struct field_spec specs[] = {
    {.name = "child", .label = "the child's record number", .type = FIELD_INT, .min = 1, .max = 999},
    {.name = "count", .label = "the count", .type = FIELD_INT},
    {.name = "note", .label = "the note", .type = FIELD_TEXT},
    {.name = "say \"hi\"", .label = "the greeting", .type = FIELD_TEXT},
    {0},
};

/* The one error reading `body` gives, as "field: message". */
static const char *read_error(const char *body)
{
	static char said[700];
	json_t *errors = json_array();
	json_t *doc = fields_read_json(specs, body, strlen(body), errors);
	assert_null(doc);
	assert_int_equal(json_array_size(errors), 1);
	const json_t *e = json_array_get(errors, 0);
	snprintf(said, sizeof said, "%s: %s", json_string_value(json_object_get(e, "field")),
	         json_string_value(json_object_get(e, "message")));
	json_decref(errors);
	return said;
}

static void names_the_field_of_a_number_too_large(void **state)
{
	(void)state;
	assert_string_equal(read_error("{\"child\": 99999999999999999999}"),
	                    "child: The child's record number must be between 1 and 999");
	assert_string_equal(
	    read_error("{\"note\": \"a\",\n \"count\"\t :\r\n -99999999999999999999 }"),
	    "count: The count must be a whole number: -99999999999999999999 is too large a number");
	assert_string_equal(read_error("{\"note\":1e400}"),
	                    "note: The note must be a string: 1e400 is too large a number");
	/* a name with escaped quotes and backslashes is read as JSON reads it */
	assert_string_equal(read_error("{\"say \\\"hi\\\"\": 2E+999}"),
	                    "say \"hi\": The greeting must be a string: 2E+999 is too large a number");
	assert_string_equal(
	    read_error("{\"x\\\\\": 1e400}"),
	    ": The body is not valid JSON: the number 1e400 (line 1, column 13) is too large");
}

static void quotes_a_number_too_large_that_is_no_fields(void **state)
{
	(void)state;
	assert_string_equal(
	    read_error("{\"limit\": 1e400}"),
	    ": The body is not valid JSON: the number 1e400 (line 1, column 15) is too large");
	/* in a list, and the body itself: no member's name before it */
	assert_string_equal(
	    read_error("{\"child\": [1, 1e400]}"),
	    ": The body is not valid JSON: the number 1e400 (line 1, column 19) is too large");
	assert_string_equal(read_error("1e400"),
	                    ": The body is not valid JSON: the number 1e400 (line 1, column 5) is too large");
	/* a member of an object inside the body, named as a field is: not that field (nor are braces in a
	 * string counted) */
	assert_string_equal(
	    read_error("{\"x\": {\"child\": 1e400}}"),
	    ": The body is not valid JSON: the number 1e400 (line 1, column 21) is too large");
	assert_string_equal(read_error("{\"note\": \"}{\", \"child\": 99999999999999999999}"),
	                    "child: The child's record number must be between 1 and 999");
	/* a long one is cut */
	char body[200];
	snprintf(body, sizeof body, "{\"child\": [%0100d]}", 1);
	body[11] = '9';
	assert_string_equal(read_error(body),
	                    ": The body is not valid JSON: the number 900000000000000000000000… "
	                    "(line 1, column 111) is too large");
}

static void says_where_other_json_goes_wrong(void **state)
{
	(void)state;
	assert_string_equal(read_error("{\"note\": nope}"),
	                    ": The body is not valid JSON: invalid token near 'nope' (line 1, column 13)");
	json_t *errors = json_array();
	json_t *doc = fields_read_json(specs, "{\"note\": \"a\\u0000b\"}", 20, errors);
	assert_non_null(doc); /* a NUL is read, for fields_validate_json to refuse naming its field */
	assert_int_equal(json_array_size(errors), 0);
	json_decref(doc);
	json_decref(errors);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(names_the_field_of_a_number_too_large),
	    cmocka_unit_test(quotes_a_number_too_large_that_is_no_fields),
	    cmocka_unit_test(says_where_other_json_goes_wrong),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
