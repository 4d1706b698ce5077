/*
 * test_batch_answer.c — an intake's answer (app/batch.h): a refusal with its
 * field errors is a 422 (409 for a conflict); a refusal that names no field
 * is a server fault, never the 200 "unchanged" a sender would take as
 * delivered; results answer 201 when a record was created.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "app/batch.h"
#include "router/errors.h"

static void a_refusal_with_errors_is_answered(void **state)
{
	(void)state;
	struct response res = {0};
	json_t *errors = json_array(), *one = NULL;
	errors_add(errors, "incidents[0].occurred_at", "Enter when the incident happened");
	assert_int_equal(batch_answer(&res, HAVEN_ERR_CONFLICT, errors, json_array(), true, "incidents",
	                              "/api/v1/da-incidents/", &one),
	                 HAVEN_OK);
	assert_int_equal(res.status, 409);
	assert_int_equal(json_array_size(res.errors), 1);
	assert_null(one);
	response_free(&res);
}

static void a_refusal_naming_no_field_is_a_fault(void **state)
{
	(void)state;
	for (int conflict = 0; conflict <= 1; conflict++) {
		struct response res = {0};
		json_t *one = NULL;
		assert_int_equal(batch_answer(&res, conflict ? HAVEN_ERR_CONFLICT : HAVEN_ERR_INVALID,
		                              json_array(), json_array(), false, "incidents",
		                              "/api/v1/da-incidents/", &one),
		                 HAVEN_ERR_INTERNAL);
		assert_null(
		    res.errors); /* nothing answered: the server sends its 500 for the status returned */
		assert_null(res.model);
		response_free(&res);
	}
}

static void a_record_created_is_201_with_its_location(void **state)
{
	(void)state;
	struct response res = {0};
	json_t *one = NULL;
	json_t *results = json_pack("[{s:i, s:i, s:s}]", "index", 0, "id", 42, "status", "created");
	assert_int_equal(batch_answer(&res, HAVEN_OK, json_array(), results, false, "incidents",
	                              "/api/v1/da-incidents/", &one),
	                 HAVEN_OK);
	assert_int_equal(res.status, 201);
	assert_int_equal(json_integer_value(json_object_get(one, "id")), 42);
	response_free(&res);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(a_refusal_with_errors_is_answered),
	    cmocka_unit_test(a_refusal_naming_no_field_is_a_fault),
	    cmocka_unit_test(a_record_created_is_201_with_its_location),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
