/*
 * router.h — the route table: method + path pattern -> route.
 *
 * A route says everything the server needs to know before a handler runs:
 * the handler, the page template that shows its view model to browsers, the
 * fields it accepts (validated before the handler is called), and the action
 * it needs permission for. Areas declare routes as static arrays (see
 * app/area.h); the router is built from all of them once at start-up and is
 * read-only afterwards, so lookups need no locks.
 *
 * Patterns are literal segments and typed parameters: "/agencies/{slug:slug}",
 * "/reviews/{id:int}", "/files/{name}" (any single segment of valid UTF-8). A path that
 * matches a pattern but not its types (e.g. "/reviews/abc") is not a match.
 */
#ifndef HAVEN_ROUTER_ROUTER_H
#define HAVEN_ROUTER_ROUTER_H

#include <jansson.h>
#include <stdbool.h>

#include "core/status.h"
#include "router/fields.h"
#include "router/request.h"

/*
 * A change a person checks before it is made: the GOV.UK "check your
 * answers" page, for what cannot be undone or sends something to another
 * agency. A browser's valid form goes first to a page (templates/
 * check-answers.mustache) showing the answers, with Change buttons back to
 * the form and a hidden, signed copy of what was typed; only the form posted
 * again from that page, with its signature, reaches the route's handler.
 * API clients make the change in one request (http/server.c, check_stage).
 * The answers travel as they were sent: a list field's (a group of
 * checkboxes, a list's boxes) every value, in order (fields_keep_typed).
 */
struct check_step {
	const char *title;  /* the page's heading: "Check your decision before you send it" */
	const char *button; /* the button that makes the change: "Send the decision" */
	/*
	 * Builds the page's model from the validated input (req->input) and
	 * path: "rows", an array of {key, value, change} (change: the field the
	 * row's Change button returns to, or absent for a row that cannot be
	 * changed here), and optionally "caption", "warning" and "back" (the
	 * path the Cancel link goes to). May refuse as a handler does
	 * (HAVEN_ERR_NOT_FOUND, response_error for what the form cannot do).
	 */
	route_handler *answers;
	/* Whether this post needs checking (an outcome that also closes): NULL, always. */
	bool (*needed)(const struct request *req);
};

struct route {
	enum http_method method;
	const char *pattern;
	route_handler *handler;
	/*
	 * What the route does, as the access policy names it (auth/policy.h):
	 * "public", "child.read", ... Required: Haven refuses to start with a
	 * route whose action the policy does not know. For an action about one
	 * record, the path parameter "id" names the record.
	 */
	const char *action;
	/* Template for browsers (NULL: the route answers with JSON or a raw body). */
	const char *page;
	const struct field_spec *query; /* NULL: no query parameters accepted */
	const struct field_spec *body;  /* NULL: no body accepted */
	/*
	 * For a page whose input fails validation: builds the page to show again
	 * with the error summary, given the input that passed validation (what
	 * it finds wrong in that itself, by response_error, is listed too, once
	 * for each field). NULL: the page route
	 * answers with a plain error page instead.
	 */
	route_handler *redisplay;
	/*
	 * The route's API twin: it also answers at "/api/v1" + pattern, with the
	 * same action, handler and fields, in JSON (the router holds the twin
	 * as a route of its own, so `haven routes` and the access matrix list
	 * both paths).
	 */
	bool api;
	/* A twin at another path (e.g. "/api/v1/users" for "/admin/users"): implies `api`. */
	const char *api_pattern;
	/*
	 * A route that takes one file: the largest file it accepts, in bytes
	 * (0: it takes none). Its body is multipart/form-data, from a page's
	 * form or an API client alike: the file is the part named "file"
	 * (req->file), the other parts are text fields checked against `body`.
	 * Such a body may be this much larger than the server's --max-body.
	 */
	size_t max_file;
	/* A check-your-answers step before a browser's change (see struct check_step); NULL: none. */
	const struct check_step *check;
};

/* The prefix of every API path; a route's twin is API_PREFIX + its pattern. */
#define API_PREFIX "/api/v1"

struct router;

/* Builds a router from NULL-terminated arrays of routes ended by {0}. */
enum haven_status router_new(const struct route *const *tables, struct router **out,
                             char **err) HAVEN_MUST_CHECK;
void router_free(struct router *router);

/*
 * The names of every date field that a route's form or query asks for ({"NAME":
 * true}), so the server can give each page's date inputs their boxes
 * (http/page_model.c, page_model_date_inputs). Borrowed; lives as long as the router.
 */
const json_t *router_date_fields(const struct router *router);

enum route_match {
	ROUTE_FOUND,
	ROUTE_NOT_FOUND,
	ROUTE_WRONG_METHOD, /* the path matches, the method doesn't: 405 */
};

/*
 * Looks up `method path`. On ROUTE_FOUND stores the route in *route and a new
 * object of typed path parameters in *params (caller owns it). On
 * ROUTE_WRONG_METHOD stores the methods that are allowed as a bit set in
 * *allowed. HEAD matches GET routes.
 */
enum route_match router_match(const struct router *router, enum http_method method, const char *path,
                              const struct route **route, json_t **params, unsigned *allowed);

/* The path of a route's API twin (api_pattern, or API_PREFIX + pattern), malloc'd; NULL if it has none. */
char *router_api_pattern(const struct route *route);

/* "GET, HEAD, POST" for a bit set of methods; written into a static-size buffer. */
void router_allow_header(unsigned allowed, char *out, size_t size);

#endif
