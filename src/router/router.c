/*
 * router.c — compiles route patterns once and matches paths against them.
 *
 * The table is small (tens to a few hundred routes), so matching walks it in
 * order segment by segment; each pattern is split into segments at start-up
 * so a match does no parsing of patterns and no allocation until it succeeds.
 */
#include "router/router.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"

#define MAX_SEGMENTS 16

enum segment_kind { SEG_LITERAL, SEG_INT, SEG_SLUG, SEG_ANY };

struct segment {
	enum segment_kind kind;
	char *text; /* the literal, or the parameter's name */
	size_t len;
};

struct compiled_route {
	const struct route *route;
	struct segment segments[MAX_SEGMENTS];
	size_t count;
};

struct router {
	struct compiled_route *routes;
	size_t count;
	struct route *twins; /* the API twins of routes that declare one (route.api), owned */
	size_t twin_count;
	json_t *date_fields; /* {"NAME": true} for every date field of a route's body or query */
};

static enum haven_status fail(char **err, const char *pattern, const char *why)
{
	if (err) {
		struct buf b = BUF_INIT;
		buf_printf(&b, "route %s: %s", pattern, why);
		*err = buf_steal(&b, NULL);
	}
	return HAVEN_ERR_INVALID;
}

static enum haven_status compile(const struct route *route, struct compiled_route *out, char **err)
{
	const char *p = route->pattern;
	out->route = route;
	out->count = 0;
	if (p[0] != '/')
		return fail(err, route->pattern, "must start with /");
	if (p[1] == '\0')
		return HAVEN_OK; /* "/" has no segments */
	p++;
	while (*p) {
		const char *end = strchr(p, '/');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == 0)
			return fail(err, route->pattern, "has an empty segment");
		if (out->count == MAX_SEGMENTS)
			return fail(err, route->pattern, "has too many segments");
		struct segment *seg = &out->segments[out->count++];
		if (p[0] == '{') {
			if (p[len - 1] != '}')
				return fail(err, route->pattern, "has an unclosed {parameter}");
			const char *colon = memchr(p, ':', len);
			size_t name_len = colon ? (size_t)(colon - p - 1) : len - 2;
			seg->kind = SEG_ANY;
			if (colon) {
				size_t type_len = len - (size_t)(colon - p) - 2;
				if (type_len == 3 && strncmp(colon + 1, "int", 3) == 0)
					seg->kind = SEG_INT;
				else if (type_len == 4 && strncmp(colon + 1, "slug", 4) == 0)
					seg->kind = SEG_SLUG;
				else
					return fail(err, route->pattern, "has an unknown parameter type");
			}
			if (name_len == 0)
				return fail(err, route->pattern, "has a parameter with no name");
			seg->text = xstrndup(p + 1, name_len);
			seg->len = name_len;
		} else {
			seg->kind = SEG_LITERAL;
			seg->text = xstrndup(p, len);
			seg->len = len;
		}
		p += len;
		if (*p == '/') {
			p++;
			if (*p == '\0')
				return fail(err, route->pattern, "must not end with /");
		}
	}
	return HAVEN_OK;
}

/* True if two patterns match the same paths ("/x/{id:int}" and "/x/{n:int}"). */
static bool same_shape(const struct compiled_route *a, const struct compiled_route *b)
{
	if (a->count != b->count)
		return false;
	for (size_t i = 0; i < a->count; i++) {
		if (a->segments[i].kind != b->segments[i].kind)
			return false;
		if (a->segments[i].kind == SEG_LITERAL &&
		    strcmp(a->segments[i].text, b->segments[i].text) != 0)
			return false;
	}
	return true;
}

/* Compiles `route` as the router's next one; refuses one that matches the paths of another. */
static enum haven_status add(struct router *r, const struct route *route, char **err)
{
	if (!route->handler || !route->method)
		return fail(err, route->pattern, "needs a method and a handler");
	enum haven_status st = compile(route, &r->routes[r->count], err);
	r->count++;
	if (st != HAVEN_OK)
		return st;
	for (size_t i = 0; i + 1 < r->count; i++)
		if (r->routes[i].route->method == route->method &&
		    same_shape(&r->routes[i], &r->routes[r->count - 1]))
			return fail(err, route->pattern,
			            "matches the same paths as another route for the same method");
	return HAVEN_OK;
}

/* Adds the names of `specs`' fields asked for with the date input to `names` ({"NAME": true}). */
static void add_date_fields(json_t *names, const struct field_spec *specs)
{
	for (const struct field_spec *f = specs; f && f->name; f++)
		if (fields_is_date_input(f))
			json_object_set_new(names, f->name, json_true());
}

enum haven_status router_new(const struct route *const *tables, struct router **out, char **err)
{
	struct router *r = xcalloc(1, sizeof *r);
	size_t total = 0, twins = 0;
	for (size_t t = 0; tables[t]; t++)
		for (const struct route *route = tables[t]; route->pattern; route++)
			total++, twins += route->api || route->api_pattern;
	r->routes = xcalloc(total + twins, sizeof *r->routes);
	r->twins = xcalloc(twins ? twins : 1, sizeof *r->twins);
	for (size_t t = 0; tables[t]; t++) {
		for (const struct route *route = tables[t]; route->pattern; route++) {
			enum haven_status st = add(r, route, err);
			if (st == HAVEN_OK && (route->api || route->api_pattern)) {
				struct route *twin = &r->twins[r->twin_count++];
				*twin = *route;
				twin->api = false;
				twin->api_pattern = NULL;
				twin->pattern = router_api_pattern(route);
				st = add(r, twin, err);
			}
			if (st != HAVEN_OK) {
				router_free(r);
				return st;
			}
		}
	}
	r->date_fields = json_object();
	for (size_t t = 0; tables[t]; t++)
		for (const struct route *route = tables[t]; route->pattern; route++) {
			add_date_fields(r->date_fields, route->body);
			add_date_fields(r->date_fields, route->query); /* a figures page's period */
		}
	*out = r;
	return HAVEN_OK;
}

const json_t *router_date_fields(const struct router *router)
{
	return router->date_fields;
}

char *router_api_pattern(const struct route *route)
{
	if (route->api_pattern)
		return xstrdup(route->api_pattern);
	if (!route->api)
		return NULL;
	struct buf b = BUF_INIT;
	buf_printf(&b, "%s%s", API_PREFIX, strcmp(route->pattern, "/") == 0 ? "" : route->pattern);
	return buf_steal(&b, NULL);
}

void router_free(struct router *router)
{
	if (!router)
		return;
	json_decref(router->date_fields);
	for (size_t i = 0; i < router->count; i++)
		for (size_t s = 0; s < router->routes[i].count; s++)
			free(router->routes[i].segments[s].text);
	free(router->routes);
	for (size_t i = 0; i < router->twin_count; i++)
		free((char *)router->twins[i].pattern);
	free(router->twins);
	free(router);
}

static bool is_slug(const char *s, size_t len)
{
	if (len == 0 || len > 100)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!(islower((unsigned char)s[i]) || isdigit((unsigned char)s[i]) || s[i] == '-'))
			return false;
	return true;
}

/* A positive decimal integer without sign or leading zeros that fits in int64. */
static bool parse_id(const char *s, size_t len, long long *value)
{
	if (len == 0 || len > 18 || s[0] == '0')
		return false;
	long long v = 0;
	for (size_t i = 0; i < len; i++) {
		if (!isdigit((unsigned char)s[i]))
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*value = v;
	return true;
}

/* Splits the path into segments (pointers into it); false if it has too many. */
static bool split_path(const char *path, const char *starts[], size_t lens[], size_t *count)
{
	*count = 0;
	if (path[0] != '/')
		return false;
	const char *p = path + 1;
	if (*p == '\0')
		return true;
	for (;;) {
		const char *end = strchr(p, '/');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (*count == MAX_SEGMENTS)
			return false;
		starts[*count] = p;
		lens[*count] = len;
		(*count)++;
		if (!end)
			return true;
		p = end + 1;
	}
}

static bool matches(const struct compiled_route *cr, const char *const starts[], const size_t lens[],
                    size_t count, json_t **params)
{
	if (cr->count != count)
		return false;
	for (size_t i = 0; i < count; i++) {
		const struct segment *seg = &cr->segments[i];
		long long id;
		switch (seg->kind) {
		case SEG_LITERAL:
			if (seg->len != lens[i] || memcmp(seg->text, starts[i], lens[i]) != 0)
				return false;
			break;
		case SEG_INT:
			if (!parse_id(starts[i], lens[i], &id))
				return false;
			break;
		case SEG_SLUG:
			if (!is_slug(starts[i], lens[i]))
				return false;
			break;
		case SEG_ANY:
			/* Not text, it could not be a parameter (a JSON string): no match. */
			if (lens[i] == 0 || fields_utf8_length(starts[i], lens[i]) < 0)
				return false;
			break;
		}
	}
	if (!params)
		return true;
	*params = json_object();
	for (size_t i = 0; i < count; i++) {
		const struct segment *seg = &cr->segments[i];
		long long id = 0;
		if (seg->kind == SEG_LITERAL)
			continue;
		if (seg->kind == SEG_INT && parse_id(starts[i], lens[i], &id))
			json_object_set_new(*params, seg->text, json_integer(id));
		else
			json_object_set_new(*params, seg->text, json_stringn(starts[i], lens[i]));
	}
	return true;
}

enum route_match router_match(const struct router *router, enum http_method method, const char *path,
                              const struct route **route, json_t **params, unsigned *allowed)
{
	const char *starts[MAX_SEGMENTS];
	size_t lens[MAX_SEGMENTS], count;
	*allowed = 0;
	if (!split_path(path, starts, lens, &count))
		return ROUTE_NOT_FOUND;
	enum http_method want = method == HTTP_HEAD ? HTTP_GET : method;
	for (size_t i = 0; i < router->count; i++) {
		const struct compiled_route *cr = &router->routes[i];
		if (cr->route->method != want) {
			if (matches(cr, starts, lens, count, NULL))
				*allowed |= cr->route->method == HTTP_GET ? (HTTP_GET | HTTP_HEAD)
				                                          : cr->route->method;
			continue;
		}
		if (matches(cr, starts, lens, count, params)) {
			*route = cr->route;
			return ROUTE_FOUND;
		}
	}
	return *allowed ? ROUTE_WRONG_METHOD : ROUTE_NOT_FOUND;
}

void router_allow_header(unsigned allowed, char *out, size_t size)
{
	static const struct {
		enum http_method method;
		const char *name;
	} names[] = {
	    {HTTP_GET, "GET"}, {HTTP_HEAD, "HEAD"},   {HTTP_POST, "POST"},
	    {HTTP_PUT, "PUT"}, {HTTP_PATCH, "PATCH"}, {HTTP_DELETE, "DELETE"},
	};
	size_t used = 0;
	out[0] = '\0';
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (!(allowed & names[i].method))
			continue;
		int n = snprintf(out + used, size - used, "%s%s", used ? ", " : "", names[i].name);
		if (n < 0 || (size_t)n >= size - used)
			return; /* cannot happen with the fixed list; truncation keeps a valid prefix */
		used += (size_t)n;
	}
}
