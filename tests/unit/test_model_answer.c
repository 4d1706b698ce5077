/*
 * test_model_answer.c — a handler's answer with the model its area builds
 * (app/model_answer.h): the model built is the response's, and a builder's
 * failure (a record not found) is the handler's, with no model set.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "app/model_answer.h"

static enum haven_status builds(struct request *req, json_t **model)
{
	(void)req;
	*model = json_pack("{s:s}", "title", "A record");
	return HAVEN_OK;
}

static enum haven_status finds_nothing(struct request *req, json_t **model)
{
	(void)req;
	(void)model;
	return HAVEN_ERR_NOT_FOUND;
}

static void answers_with_the_model_built(void **state)
{
	(void)state;
	struct request req = {0};
	struct response res = {0};
	assert_int_equal(model_answer(&req, &res, builds), HAVEN_OK);
	assert_string_equal(json_string_value(json_object_get(res.model, "title")), "A record");
	response_free(&res);
}

static void passes_the_builders_failure_on(void **state)
{
	(void)state;
	struct request req = {0};
	struct response res = {0};
	assert_int_equal(model_answer(&req, &res, finds_nothing), HAVEN_ERR_NOT_FOUND);
	assert_null(res.model);
	response_free(&res);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(answers_with_the_model_built),
	    cmocka_unit_test(passes_the_builders_failure_on),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
