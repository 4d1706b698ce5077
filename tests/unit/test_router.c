/*
 * test_router.c — tests path matching (router/router.h) where a path is not
 * what a browser sends: a {name} segment that is not valid UTF-8 matches
 * nothing (before, the route matched with the parameter missing, and the
 * handler was given NULL: found by tests/fuzz/fuzz_router.c), while one
 * that is valid UTF-8 is passed on as sent.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "router/router.h"

static enum haven_status nothing(struct request *req, struct response *res)
{
	(void)req;
	(void)res;
	return HAVEN_OK;
}

static const struct route routes[] = {
    {.method = HTTP_GET, .pattern = "/files/{name}", .handler = nothing, .action = "public"},
    {0},
};

static enum route_match match(const struct router *router, const char *path, json_t **params)
{
	const struct route *route = NULL;
	unsigned allowed = 0;
	*params = NULL;
	return router_match(router, HTTP_GET, path, &route, params, &allowed);
}

static void a_segment_that_is_not_text_matches_nothing(void **state)
{
	(void)state;
	const struct route *const tables[] = {routes, NULL};
	struct router *router = NULL;
	assert_int_equal(router_new(tables, &router, NULL), HAVEN_OK);
	json_t *params = NULL;

	assert_int_equal(match(router, "/files/caf\xc3\xa9.txt", &params), ROUTE_FOUND);
	assert_string_equal(json_string_value(json_object_get(params, "name")), "caf\xc3\xa9.txt");
	json_decref(params);

	static const char *const not_text[] = {"/files/\xff", "/files/caf\xc3", "/files/\xc0\xaf",
	                                       "/files/\xed\xa0\x80"};
	for (size_t i = 0; i < sizeof not_text / sizeof not_text[0]; i++) {
		assert_int_equal(match(router, not_text[i], &params), ROUTE_NOT_FOUND);
		assert_null(params);
	}
	router_free(router);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(a_segment_that_is_not_text_matches_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
