/*
 * test_router.c — tests the route table (router/router.h): that literal
 * routes, the root "/" and typed path parameters ({id:int}, {slug:slug},
 * {name}) match exactly the paths they should and give typed parameters;
 * that unknown paths are 404 and known paths with the wrong method are 405
 * with the right Allow header; that HEAD is served by GET routes; and that
 * router_new refuses malformed route tables with a message naming the
 * pattern at fault.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/status.h"
#include "router/router.h"

static enum haven_status handler_a(struct request *req, struct response *res)
{
	(void)req;
	(void)res;
	return HAVEN_OK;
}

static const struct route routes[] = {
	{.method = HTTP_GET, .pattern = "/", .handler = handler_a},
	{.method = HTTP_GET, .pattern = "/agencies", .handler = handler_a},
	{.method = HTTP_POST, .pattern = "/agencies", .handler = handler_a},
	{.method = HTTP_GET, .pattern = "/agencies/{slug:slug}", .handler = handler_a},
	{.method = HTTP_GET, .pattern = "/reviews/{id:int}", .handler = handler_a},
	{.method = HTTP_DELETE, .pattern = "/reviews/{id:int}", .handler = handler_a},
	{.method = HTTP_GET, .pattern = "/files/{name}", .handler = handler_a},
	{.method = HTTP_GET, .pattern = "/reviews/{id:int}/notes/{note:int}", .handler = handler_a},
	{.method = HTTP_PUT, .pattern = "/things/{name}", .handler = handler_a},
	{0},
};

static const struct route more_routes[] = {
	{.method = HTTP_PATCH, .pattern = "/api/agencies/{slug:slug}", .handler = handler_a},
	{0},
};

static int setup(void **state)
{
	static const struct route *const tables[] = {routes, more_routes, NULL};
	struct router *r = NULL;
	char *err = NULL;
	if (router_new(tables, &r, &err) != HAVEN_OK) {
		fprintf(stderr, "router_new: %s\n", err ? err : "?");
		free(err);
		return -1;
	}
	*state = r;
	return 0;
}

static int teardown(void **state)
{
	router_free(*state);
	return 0;
}

/* A path that must be found: the route it must find and its parameters as JSON. */
struct valid_case {
	enum http_method method;
	const char *path;
	const struct route *route;
	const char *params; /* JSON, compared with json_equal (types included) */
};

static const struct valid_case valid[] = {
	{HTTP_GET, "/", &routes[0], "{}"},
	{HTTP_HEAD, "/", &routes[0], "{}"},
	{HTTP_GET, "/agencies", &routes[1], "{}"},
	{HTTP_POST, "/agencies", &routes[2], "{}"},
	{HTTP_HEAD, "/agencies", &routes[1], "{}"},
	{HTTP_GET, "/agencies/lancashire-police", &routes[3], "{\"slug\": \"lancashire-police\"}"},
	{HTTP_GET, "/agencies/a", &routes[3], "{\"slug\": \"a\"}"},
	{HTTP_GET, "/agencies/2024-review", &routes[3], "{\"slug\": \"2024-review\"}"},
	{HTTP_GET, "/reviews/1", &routes[4], "{\"id\": 1}"},
	{HTTP_GET, "/reviews/42", &routes[4], "{\"id\": 42}"},
	{HTTP_HEAD, "/reviews/42", &routes[4], "{\"id\": 42}"},
	{HTTP_DELETE, "/reviews/7", &routes[5], "{\"id\": 7}"},
	{HTTP_GET, "/reviews/999999999999999999", &routes[4], "{\"id\": 999999999999999999}"},
	{HTTP_GET, "/files/report.csv", &routes[6], "{\"name\": \"report.csv\"}"},
	{HTTP_GET, "/files/Any Thing%", &routes[6], "{\"name\": \"Any Thing%\"}"},
	{HTTP_GET, "/reviews/3/notes/10", &routes[7], "{\"id\": 3, \"note\": 10}"},
	{HTTP_PUT, "/things/x", &routes[8], "{\"name\": \"x\"}"},
	{HTTP_PATCH, "/api/agencies/x-1", &more_routes[0], "{\"slug\": \"x-1\"}"},
};

static void test_valid(void **state)
{
	const struct router *r = *state;
	for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++) {
		const struct valid_case *c = &valid[i];
		const struct route *route = NULL;
		json_t *params = NULL;
		unsigned allowed = 12345;
		enum route_match m = router_match(r, c->method, c->path, &route, &params, &allowed);
		if (m != ROUTE_FOUND || route != c->route)
			print_error("case %zu: %s: match %d, route %s\n", i, c->path, (int)m,
				    route ? route->pattern : "(none)");
		assert_int_equal(m, ROUTE_FOUND);
		assert_ptr_equal(route, c->route);
		json_t *want = json_loads(c->params, 0, NULL);
		assert_non_null(want);
		assert_non_null(params);
		if (!json_equal(params, want)) {
			char *got = json_dumps(params, JSON_SORT_KEYS);
			print_error("case %zu: %s: params %s, want %s\n", i, c->path, got, c->params);
			free(got);
		}
		assert_true(json_equal(params, want));
		json_decref(want);
		json_decref(params);
	}
}

/* Int parameters must come back as JSON integers, not strings. */
static void test_int_param_is_integer(void **state)
{
	const struct route *route = NULL;
	json_t *params = NULL;
	unsigned allowed;
	assert_int_equal(router_match(*state, HTTP_GET, "/reviews/42", &route, &params, &allowed), ROUTE_FOUND);
	json_t *id = json_object_get(params, "id");
	assert_true(json_is_integer(id));
	assert_int_equal(json_integer_value(id), 42);
	json_decref(params);
	assert_int_equal(router_match(*state, HTTP_GET, "/agencies/abc", &route, &params, &allowed), ROUTE_FOUND);
	assert_true(json_is_string(json_object_get(params, "slug")));
	json_decref(params);
}

/* Paths that no route matches (with any method): 404. */
static const char *const not_found[] = {
	"",
	"agencies",               /* no leading slash */
	"/nope",
	"/agencies/",             /* trailing slash */
	"/agencies//",
	"//agencies",             /* double slash */
	"/agencies//x",
	"/agencies/Lancashire",   /* slug: upper case */
	"/agencies/a_b",          /* slug: underscore */
	"/agencies/a.b",
	"/agencies/a%20b",
	"/agencies/x/extra",      /* too many segments */
	"/reviews/abc",           /* int: not digits */
	"/reviews/-1",            /* int: sign */
	"/reviews/+1",
	"/reviews/01",            /* int: leading zero */
	"/reviews/007",
	"/reviews/1a",
	"/reviews/1.5",
	"/reviews/ 1",
	"/reviews/1234567890123456789", /* int: 19 digits, too long */
	"/reviews/99999999999999999999",
	"/reviews/",              /* empty parameter */
	"/files/",
	"/files//",
	"/reviews/1/notes/x",
	"/reviews/1/notes",
	"/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r", /* more segments than any route may have */
};

static void test_not_found(void **state)
{
	static const enum http_method methods[] = {HTTP_GET, HTTP_HEAD, HTTP_POST, HTTP_DELETE};
	for (size_t i = 0; i < sizeof not_found / sizeof not_found[0]; i++) {
		for (size_t k = 0; k < sizeof methods / sizeof methods[0]; k++) {
			const struct route *route = NULL;
			json_t *params = NULL;
			unsigned allowed = 0;
			enum route_match m = router_match(*state, methods[k], not_found[i], &route, &params, &allowed);
			if (m != ROUTE_NOT_FOUND)
				print_error("%s (method %d): match %d\n", not_found[i], (int)methods[k], (int)m);
			assert_int_equal(m, ROUTE_NOT_FOUND);
			assert_null(params);
			assert_int_equal(allowed, 0);
		}
	}
}

/* The value 0 is not an id: ids are positive (router.c: parse_id). */
static void test_int_param_rejects_zero(void **state)
{
	const struct route *route = NULL;
	json_t *params = NULL;
	unsigned allowed = 0;
	enum route_match m = router_match(*state, HTTP_GET, "/reviews/0", &route, &params, &allowed);
	json_decref(params);
	assert_int_equal(m, ROUTE_NOT_FOUND);
}

/* Known paths with a method no route has: 405 and the methods that would do. */
struct wrong_method_case {
	enum http_method method;
	const char *path;
	unsigned allowed;
	const char *allow_header;
};

static const struct wrong_method_case wrong_method[] = {
	{HTTP_DELETE, "/agencies", HTTP_GET | HTTP_HEAD | HTTP_POST, "GET, HEAD, POST"},
	{HTTP_PUT, "/agencies", HTTP_GET | HTTP_HEAD | HTTP_POST, "GET, HEAD, POST"},
	{HTTP_POST, "/", HTTP_GET | HTTP_HEAD, "GET, HEAD"},
	{HTTP_POST, "/reviews/5", HTTP_GET | HTTP_HEAD | HTTP_DELETE, "GET, HEAD, DELETE"},
	{HTTP_GET, "/things/x", HTTP_PUT, "PUT"},
	{HTTP_HEAD, "/things/x", HTTP_PUT, "PUT"},
	{HTTP_DELETE, "/api/agencies/x", HTTP_PATCH, "PATCH"},
	{HTTP_OPTIONS, "/agencies/x", HTTP_GET | HTTP_HEAD, "GET, HEAD"},
};

static void test_wrong_method(void **state)
{
	for (size_t i = 0; i < sizeof wrong_method / sizeof wrong_method[0]; i++) {
		const struct wrong_method_case *c = &wrong_method[i];
		const struct route *route = NULL;
		json_t *params = NULL;
		unsigned allowed = 0;
		enum route_match m = router_match(*state, c->method, c->path, &route, &params, &allowed);
		if (m != ROUTE_WRONG_METHOD || allowed != c->allowed)
			print_error("case %zu: %s: match %d, allowed %#x\n", i, c->path, (int)m, allowed);
		assert_int_equal(m, ROUTE_WRONG_METHOD);
		assert_null(route);
		assert_null(params);
		assert_int_equal(allowed, c->allowed);
		char header[64];
		router_allow_header(allowed, header, sizeof header);
		assert_string_equal(header, c->allow_header);
	}
}

/* A path whose parameter fails its type is not found, even with another method's route. */
static void test_wrong_method_needs_typed_match(void **state)
{
	const struct route *route = NULL;
	json_t *params = NULL;
	unsigned allowed = 0;
	assert_int_equal(router_match(*state, HTTP_POST, "/reviews/abc", &route, &params, &allowed),
			 ROUTE_NOT_FOUND);
	assert_int_equal(allowed, 0);
}

static void test_allow_header(void **state)
{
	(void)state;
	static const struct {
		unsigned allowed;
		const char *want;
	} cases[] = {
		{0, ""},
		{HTTP_GET, "GET"},
		{HTTP_POST, "POST"},
		{HTTP_GET | HTTP_HEAD | HTTP_POST, "GET, HEAD, POST"},
		{HTTP_DELETE | HTTP_GET, "GET, DELETE"},
		{HTTP_GET | HTTP_HEAD | HTTP_POST | HTTP_PUT | HTTP_PATCH | HTTP_DELETE,
		 "GET, HEAD, POST, PUT, PATCH, DELETE"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char out[64];
		memset(out, 'x', sizeof out);
		router_allow_header(cases[i].allowed, out, sizeof out);
		assert_string_equal(out, cases[i].want);
	}
	/* a small buffer is never overrun and stays a string */
	char small[8];
	router_allow_header(HTTP_GET | HTTP_HEAD | HTTP_POST, small, sizeof small);
	assert_true(strlen(small) < sizeof small);
	assert_int_equal(strncmp(small, "GET", 3), 0);
}

/* Route tables router_new must refuse, with the pattern named in the message. */
struct invalid_case {
	struct route table[3];
	const char *message; /* substring of the error */
};

static const struct invalid_case invalid[] = {
	{{{.method = HTTP_GET, .pattern = "agencies", .handler = handler_a}, {0}}, "route agencies: must start with /"},
	{{{.method = HTTP_GET, .pattern = "", .handler = handler_a}, {0}}, "must start with /"},
	{{{.method = HTTP_GET, .pattern = "/a//b", .handler = handler_a}, {0}}, "route /a//b: has an empty segment"},
	{{{.method = HTTP_GET, .pattern = "//", .handler = handler_a}, {0}}, "route //: has an empty segment"},
	{{{.method = HTTP_GET, .pattern = "/a/", .handler = handler_a}, {0}}, "route /a/: must not end with /"},
	{{{.method = HTTP_GET, .pattern = "/r/{id:integer}", .handler = handler_a}, {0}},
	 "route /r/{id:integer}: has an unknown parameter type"},
	{{{.method = HTTP_GET, .pattern = "/r/{id:}", .handler = handler_a}, {0}}, "unknown parameter type"},
	{{{.method = HTTP_GET, .pattern = "/r/{id", .handler = handler_a}, {0}}, "route /r/{id: has an unclosed"},
	{{{.method = HTTP_GET, .pattern = "/r/{}", .handler = handler_a}, {0}}, "route /r/{}: has a parameter with no name"},
	{{{.method = HTTP_GET, .pattern = "/r/{:int}", .handler = handler_a}, {0}}, "parameter with no name"},
	{{{.method = HTTP_GET, .pattern = "/a", .handler = NULL}, {0}}, "route /a: needs a method and a handler"},
	{{{.method = 0, .pattern = "/a", .handler = handler_a}, {0}}, "route /a: needs a method and a handler"},
	{{{.method = HTTP_GET, .pattern = "/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q", .handler = handler_a}, {0}},
	 "has too many segments"},
	{{{.method = HTTP_GET, .pattern = "/x/{id:int}", .handler = handler_a},
	  {.method = HTTP_GET, .pattern = "/x/{id:int}", .handler = handler_a},
	  {0}},
	 "route /x/{id:int}: matches the same paths as another route"},
	/* differently named parameters of one type still match the same paths */
	{{{.method = HTTP_GET, .pattern = "/x/{id:int}", .handler = handler_a},
	  {.method = HTTP_GET, .pattern = "/x/{n:int}", .handler = handler_a},
	  {0}},
	 "route /x/{n:int}: matches the same paths as another route"},
	/* a good route before the bad one is freed too (checked by ASan) */
	{{{.method = HTTP_GET, .pattern = "/ok/{a}/{b:slug}", .handler = handler_a},
	  {.method = HTTP_GET, .pattern = "/bad/{x:float}", .handler = handler_a},
	  {0}},
	 "route /bad/{x:float}: has an unknown parameter type"},
};

static void test_invalid(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++) {
		const struct route *const tables[] = {invalid[i].table, NULL};
		struct router *r = NULL;
		char *err = NULL;
		enum haven_status st = router_new(tables, &r, &err);
		if (st == HAVEN_OK || !err || !strstr(err, invalid[i].message))
			print_error("case %zu: status %d, message %s, want %s\n", i, (int)st, err ? err : "(none)",
				    invalid[i].message);
		assert_int_equal(st, HAVEN_ERR_INVALID);
		assert_null(r);
		assert_non_null(err);
		assert_non_null(strstr(err, invalid[i].message));
		free(err);
	}
}

/* The same pattern for different methods, in different tables, is fine. */
static void test_same_pattern_other_method(void **state)
{
	(void)state;
	static const struct route a[] = {{.method = HTTP_GET, .pattern = "/x", .handler = handler_a}, {0}};
	static const struct route b[] = {{.method = HTTP_POST, .pattern = "/x", .handler = handler_a}, {0}};
	static const struct route c[] = {{.method = HTTP_POST, .pattern = "/x", .handler = handler_a}, {0}};
	const struct route *const ok[] = {a, b, NULL};
	struct router *r = NULL;
	char *err = NULL;
	assert_int_equal(router_new(ok, &r, &err), HAVEN_OK);
	assert_null(err);
	router_free(r);
	/* ...but the same method and pattern across two tables is a duplicate */
	const struct route *const dup[] = {a, b, c, NULL};
	r = NULL;
	assert_int_equal(router_new(dup, &r, &err), HAVEN_ERR_INVALID);
	assert_null(r);
	assert_non_null(err);
	assert_non_null(strstr(err, "/x"));
	free(err);
}

/* An empty table gives a router that finds nothing. */
static void test_empty_table(void **state)
{
	(void)state;
	static const struct route none[] = {{0}};
	const struct route *const tables[] = {none, NULL};
	struct router *r = NULL;
	char *err = NULL;
	assert_int_equal(router_new(tables, &r, &err), HAVEN_OK);
	const struct route *route = NULL;
	json_t *params = NULL;
	unsigned allowed = 0;
	assert_int_equal(router_match(r, HTTP_GET, "/", &route, &params, &allowed), ROUTE_NOT_FOUND);
	router_free(r);
	router_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_valid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_int_param_is_integer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_found, setup, teardown),
		cmocka_unit_test_setup_teardown(test_int_param_rejects_zero, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrong_method, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrong_method_needs_typed_match, setup, teardown),
		cmocka_unit_test(test_allow_header),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_same_pattern_other_method),
		cmocka_unit_test(test_empty_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
