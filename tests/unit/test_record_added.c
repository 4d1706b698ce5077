/*
 * test_record_added.c — how a handler's add that the store may refuse ends
 * (app/record_created.h, record_added): a refusal is the form's error (422,
 * or 409 for a conflict) with nothing made and no banner; an add is answered
 * as made (201 with the record, a 303 to its page) saying what was made; any
 * other failure is passed on with nothing made.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "app/record_created.h"

enum { NO_SUCH_GROUP = 1, TAKEN = 2 };

static const struct refusal_words refusals[] = {
    {NO_SUCH_GROUP, "group", "Choose a group from the list", false},
    {TAKEN, "name", "This name is taken", true},
    {0, NULL, NULL, false},
};

static enum haven_status read_plan(long long id, json_t **record)
{
	*record = json_pack("{s:I}", "id", (json_int_t)id);
	return HAVEN_OK;
}

static void an_add_is_answered_as_made(void **state)
{
	(void)state;
	struct response res = {0};
	assert_int_equal(
	    record_added(&res, HAVEN_OK, 0, refusals, "The plan was added", 7, read_plan, "/plans"),
	    HAVEN_OK);
	assert_int_equal(res.status, 201);
	assert_string_equal(res.done, "/plans/7");
	assert_int_equal(json_integer_value(json_object_get(res.model, "id")), 7);
	assert_string_equal(res.success, "The plan was added");
	assert_null(res.errors);
	response_free(&res);
}

static void a_refusal_is_the_forms_error(void **state)
{
	(void)state;
	const struct {
		int refusal, status;
		const char *field;
	} cases[] = {{NO_SUCH_GROUP, 422, "group"}, {TAKEN, 409, "name"}};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct response res = {0};
		assert_int_equal(record_added(&res, HAVEN_ERR_CONFLICT, cases[i].refusal, refusals, "Added",
		                              3, read_plan, "/plans"),
		                 HAVEN_OK);
		assert_int_equal(res.status, cases[i].status);
		assert_int_equal(json_array_size(res.errors), 1);
		assert_string_equal(
		    json_string_value(json_object_get(json_array_get(res.errors, 0), "field")),
		    cases[i].field);
		assert_null(res.done);
		assert_null(res.success);
		response_free(&res);
	}
}

static void a_failed_add_is_passed_on_with_nothing_made(void **state)
{
	(void)state;
	enum haven_status failures[] = {HAVEN_ERR_NOT_FOUND, HAVEN_ERR_CONFLICT, HAVEN_ERR_DB};
	for (size_t i = 0; i < sizeof failures / sizeof *failures; i++) {
		struct response res = {0};
		/* a conflict with no row in the table (refusal 0) is not a refusal the form can name */
		assert_int_equal(
		    record_added(&res, failures[i], 0, refusals, "Added", 3, read_plan, "/plans"),
		    failures[i]);
		assert_null(res.done);
		assert_null(res.errors);
		assert_null(res.success);
		response_free(&res);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(an_add_is_answered_as_made),
	    cmocka_unit_test(a_refusal_is_the_forms_error),
	    cmocka_unit_test(a_failed_add_is_passed_on_with_nothing_made),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
