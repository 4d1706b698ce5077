/*
 * test_fields_json.c — the FIELD_JSON field type (router/fields.h), added for
 * structured API bodies such as a batch of police incidents: an object or a
 * list is handed to the handler exactly as sent (the handler checks it
 * field by field); anything else in JSON, and any value in a form, is
 * refused with the field named.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>
#include <string.h>

#include "core/status.h"
#include "router/fields.h"

static const struct field_spec specs[] = {
    {.name = "incidents", .label = "the incidents", .type = FIELD_JSON},
    {.name = "note", .label = "the note", .type = FIELD_TEXT},
    {0},
};

static const struct field_spec required_specs[] = {
    {.name = "incidents", .label = "the incidents", .type = FIELD_JSON, .required = true},
    {0},
};

static void passes_objects_and_lists_through(void **state)
{
	(void)state;
	json_t *body =
	    json_loads("{\"incidents\": [{\"a\": 1, \"b\": [true, null]}, {}], \"note\": \" hi \"}", 0, NULL);
	json_t *values = NULL, *errors = json_array();
	assert_int_equal(fields_validate_json(specs, body, &values, errors), HAVEN_OK);
	assert_int_equal(json_array_size(errors), 0);
	assert_true(json_equal(json_object_get(values, "incidents"), json_object_get(body, "incidents")));
	assert_string_equal(json_string_value(json_object_get(values, "note")), "hi");
	json_decref(values);
	json_decref(body);
	body = json_loads("{\"incidents\": {\"x\": \"y\"}}", 0, NULL);
	assert_int_equal(fields_validate_json(specs, body, &values, errors), HAVEN_OK);
	assert_true(json_is_object(json_object_get(values, "incidents")));
	json_decref(values);
	json_decref(body);
	json_decref(errors);
}

static void refuses_scalars_forms_and_absence_when_required(void **state)
{
	(void)state;
	static const char *const bad[] = {"{\"incidents\": 3}", "{\"incidents\": \"[]\"}",
	                                  "{\"incidents\": true}"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		json_t *body = json_loads(bad[i], 0, NULL), *values = NULL, *errors = json_array();
		assert_int_equal(fields_validate_json(specs, body, &values, errors), HAVEN_ERR_INVALID);
		assert_int_equal(json_array_size(errors), 1);
		json_t *e = json_array_get(errors, 0);
		assert_string_equal(json_string_value(json_object_get(e, "field")), "incidents");
		assert_string_equal(json_string_value(json_object_get(e, "message")),
		                    "The incidents must be a JSON object or list");
		assert_null(json_object_get(values, "incidents"));
		json_decref(values);
		json_decref(errors);
		json_decref(body);
	}
	struct field_pair pair = {"incidents", "[]"};
	json_t *values = NULL, *errors = json_array();
	assert_int_equal(fields_validate_pairs(specs, &pair, 1, NULL, &values, errors), HAVEN_ERR_INVALID);
	assert_string_equal(json_string_value(json_object_get(json_array_get(errors, 0), "message")),
	                    "The incidents can only be sent as JSON");
	json_decref(values);
	json_decref(errors);
	json_t *body = json_loads("{}", 0, NULL);
	errors = json_array();
	assert_int_equal(fields_validate_json(required_specs, body, &values, errors), HAVEN_ERR_INVALID);
	assert_string_equal(json_string_value(json_object_get(json_array_get(errors, 0), "message")),
	                    "Enter the incidents");
	json_decref(values);
	json_decref(errors);
	json_decref(body);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(passes_objects_and_lists_through),
	    cmocka_unit_test(refuses_scalars_forms_and_absence_when_required),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
