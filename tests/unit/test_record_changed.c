/*
 * test_record_changed.c — how a handler's change to a record ends
 * (app/record_created.h, record_changed): done only when the store's change
 * succeeded, leading to the record's page with the banner the handler gave;
 * a failed change is passed on with nothing done and no banner, so the
 * server answers the failure and never a 303 to a page saying it was saved.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "app/record_created.h"

static enum haven_status shown(struct request *req, struct response *res)
{
	(void)req;
	(void)res;
	return HAVEN_OK;
}

static void a_change_made_leads_to_the_record(void **state)
{
	(void)state;
	struct response res = {0};
	assert_int_equal(record_changed(&res, HAVEN_OK, "The priority was changed", shown, "/priorities", 7),
	                 HAVEN_OK);
	assert_string_equal(res.done, "/priorities/7");
	assert_ptr_equal(res.api_answer, shown);
	assert_string_equal(res.success, "The priority was changed");
	response_free(&res);
}

static void a_failed_change_is_passed_on_with_nothing_done(void **state)
{
	(void)state;
	enum haven_status failures[] = {HAVEN_ERR_NOT_FOUND, HAVEN_ERR_CONFLICT, HAVEN_ERR_DB};
	for (size_t i = 0; i < sizeof failures / sizeof *failures; i++) {
		struct response res = {0};
		assert_int_equal(record_changed(&res, failures[i], "Saved", shown, "/plans", 3), failures[i]);
		assert_null(res.done);
		assert_null(res.api_answer);
		assert_null(res.success);
		response_free(&res);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(a_change_made_leads_to_the_record),
	    cmocka_unit_test(a_failed_change_is_passed_on_with_nothing_done),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
