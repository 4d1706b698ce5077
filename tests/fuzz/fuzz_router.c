/*
 * fuzz_router.c — the router's path matching (router/router.h) over Haven's
 * real route table (every area's routes, as `haven serve` builds it).
 *
 * Input: the first byte picks the method, the rest is the path as the server
 * passes it (decoded by libmicrohttpd, so any byte but NUL). Beyond not
 * crashing: a path that matches gives a route of the method asked for (GET
 * for HEAD) and every parameter its pattern names, typed as declared.
 */
#include <stdlib.h>
#include <string.h>

#include "app/area.h"
#include "fuzz.h"
#include "router/router.h"

static const struct router *haven_router(void)
{
	static struct router *router;
	if (!router) {
		const struct route *tables[64];
		size_t n = 0;
		for (size_t i = 0; haven_areas[i] && n + 1 < sizeof tables / sizeof tables[0]; i++)
			if (haven_areas[i]->routes)
				tables[n++] = haven_areas[i]->routes;
		tables[n] = NULL;
		char *err = NULL;
		if (router_new(tables, &router, &err) != HAVEN_OK)
			fuzz_fail(__FILE__, __LINE__, err ? err : "router_new");
	}
	return router;
}

/* Checks that `params` holds each {name} or {name:type} of `pattern`, with the right JSON type. */
static void check_params(const char *pattern, const json_t *params)
{
	size_t named = 0;
	for (const char *p = strchr(pattern, '{'); p; p = strchr(p + 1, '{')) {
		const char *close = strchr(p, '}');
		const char *colon = memchr(p, ':', (size_t)(close - p));
		char name[64];
		size_t len = (size_t)((colon ? colon : close) - p - 1);
		FUZZ_ASSERT(len < sizeof name);
		memcpy(name, p + 1, len);
		name[len] = '\0';
		const json_t *value = json_object_get(params, name);
		if (colon && strncmp(colon, ":int}", 5) == 0)
			FUZZ_ASSERT(json_is_integer(value) && json_integer_value(value) > 0);
		else
			FUZZ_ASSERT(json_is_string(value) && json_string_length(value) > 0);
		named++;
	}
	FUZZ_ASSERT(json_object_size(params) == named);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum http_method methods[] = {HTTP_GET,   HTTP_HEAD,   HTTP_POST,    HTTP_PUT,
	                                           HTTP_PATCH, HTTP_DELETE, HTTP_OPTIONS, HTTP_OTHER};
	if (size == 0)
		return 0;
	enum http_method method = methods[data[0] % (sizeof methods / sizeof methods[0])];
	char *path = fuzz_cstr(data + 1, size - 1);
	const struct route *route = NULL;
	json_t *params = NULL;
	unsigned allowed = 0;
	switch (router_match(haven_router(), method, path, &route, &params, &allowed)) {
	case ROUTE_FOUND:
		FUZZ_ASSERT(route->method == (method == HTTP_HEAD ? HTTP_GET : method));
		check_params(route->pattern, params);
		break;
	case ROUTE_WRONG_METHOD: {
		FUZZ_ASSERT(allowed != 0 && !(allowed & method));
		char allow[64];
		router_allow_header(allowed, allow, sizeof allow);
		FUZZ_ASSERT(allow[0] != '\0');
		break;
	}
	case ROUTE_NOT_FOUND: FUZZ_ASSERT(params == NULL); break;
	}
	json_decref(params);
	free(path);
	return 0;
}
