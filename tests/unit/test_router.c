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
#include <stdlib.h>
#include <string.h>
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

static enum haven_status other(struct request *req, struct response *res)
{
	(void)req;
	(void)res;
	return HAVEN_OK;
}

static const struct route twinned[] = {
    {.method = HTTP_GET,
     .pattern = "/reviews/{id:int}",
     .handler = nothing,
     .action = "review.read",
     .api = true},
    {.method = HTTP_POST,
     .pattern = "/admin/users",
     .handler = other,
     .action = "user.manage",
     .api_pattern = "/api/v1/users"},
    {.method = HTTP_GET, .pattern = "/", .handler = other, .action = "public", .api = true},
    {0},
};

/* A route's API twin answers at its own path with the route's action and handler, and is a route of its own.
 */
static void a_route_declares_its_api_twin(void **state)
{
	(void)state;
	const struct route *const tables[] = {twinned, NULL};
	struct router *router = NULL;
	assert_int_equal(router_new(tables, &router, NULL), HAVEN_OK);
	const struct route *route = NULL;
	unsigned allowed = 0;
	json_t *params = NULL;

	assert_int_equal(router_match(router, HTTP_GET, "/api/v1/reviews/42", &route, &params, &allowed),
	                 ROUTE_FOUND);
	assert_string_equal(route->pattern, "/api/v1/reviews/{id:int}");
	assert_string_equal(route->action, "review.read");
	assert_ptr_equal(route->handler, nothing);
	assert_int_equal(json_integer_value(json_object_get(params, "id")), 42);
	json_decref(params);

	assert_int_equal(router_match(router, HTTP_GET, "/reviews/42", &route, &params, &allowed),
	                 ROUTE_FOUND);
	assert_string_equal(route->pattern, "/reviews/{id:int}");
	json_decref(params);

	assert_int_equal(router_match(router, HTTP_POST, "/api/v1/users", &route, &params, &allowed),
	                 ROUTE_FOUND);
	assert_ptr_equal(route->handler, other);
	json_decref(params);
	/* a twin at another path is not also at the prefixed one */
	assert_int_equal(router_match(router, HTTP_POST, "/api/v1/admin/users", &route, &params, &allowed),
	                 ROUTE_NOT_FOUND);
	assert_int_equal(router_match(router, HTTP_GET, "/api/v1", &route, &params, &allowed), ROUTE_FOUND);
	assert_ptr_equal(route->handler, other);
	json_decref(params);
	router_free(router);

	/* a twin that repeats a route already there is refused, as any such route is */
	static const struct route clash[] = {
	    {.method = HTTP_GET,
	     .pattern = "/reviews",
	     .handler = nothing,
	     .action = "review.list",
	     .api = true},
	    {.method = HTTP_GET, .pattern = "/api/v1/reviews", .handler = other, .action = "review.list"},
	    {0},
	};
	const struct route *const clashing[] = {clash, NULL};
	char *err = NULL;
	assert_int_equal(router_new(clashing, &router, &err), HAVEN_ERR_INVALID);
	assert_non_null(strstr(err, "/api/v1/reviews"));
	free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(a_segment_that_is_not_text_matches_nothing),
	    cmocka_unit_test(a_route_declares_its_api_twin),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
