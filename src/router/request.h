/*
 * request.h — what a handler sees of a request and what it fills in reply.
 *
 * Handlers never see the HTTP library: the server (http/server.c) builds a
 * struct request from the connection, validates the input against the
 * route's field specs, and afterwards turns the struct response into bytes:
 * JSON for /api/ routes, the route's page template for browsers.
 */
#ifndef HAVEN_ROUTER_REQUEST_H
#define HAVEN_ROUTER_REQUEST_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"

enum http_method {
	HTTP_GET = 1 << 0,
	HTTP_HEAD = 1 << 1,
	HTTP_POST = 1 << 2,
	HTTP_PUT = 1 << 3,
	HTTP_PATCH = 1 << 4,
	HTTP_DELETE = 1 << 5,
	HTTP_OPTIONS = 1 << 6,
	HTTP_OTHER = 1 << 7,
};

struct route;
struct user;

/* The file sent to a route that takes one (route.max_file): borrowed for the request. */
struct upload {
	const unsigned char *data;
	size_t len;
};

struct request {
	enum http_method method;
	const char *path;           /* decoded path, borrowed */
	const struct route *route;  /* the matched route */
	bool api;                   /* under /api/: answer with JSON */
	json_t *params;             /* typed path parameters, e.g. {"id": 42} */
	json_t *input;              /* typed, validated query and body fields */
	const struct upload *file;  /* the file sent, for a route that takes one; else NULL */
	const struct user *user;    /* who is signed in, or NULL */
	const char *client_address; /* the peer's IP address, for audit rows */
	bool via_proxy;             /* from the trusted proxy (client_address is then the forwarded one) */
	/* Looks up a request header (case-insensitive); NULL if absent. */
	const char *(*header)(const struct request *req, const char *name);
	/* Copies the value of the cookie `name` into `out` (`size` bytes with its NUL); false, and `out`
	 * empty, if the request carries none or it does not fit (http/cookie.h: how it is read). */
	bool (*cookie)(const struct request *req, const char *name, char *out, size_t size);
	void *conn; /* the server's connection, for header() and cookie() */
};

#define RESPONSE_MAX_HEADERS 8

/* A record an answer shows: its type as the access policy names it ("child", "da_incident", ...) and id. */
struct shown_record {
	const char *type; /* static (a literal) */
	long long id;
};

struct response;

/*
 * A route's handler: the type areas declare their handlers with, one a line
 * under the comment saying its route (`route_handler plans_index;`), so no
 * header repeats the parameters. The definition stays a plain function,
 * which the compiler checks against that declaration; routes hold pointers.
 */
typedef enum haven_status route_handler(struct request *req, struct response *res);

struct response {
	unsigned status; /* 200 unless a handler says otherwise */
	/* The view model: sent as JSON to API clients, rendered into `page` for
	 * browsers. Owned by the response (set it with response_set_model). */
	json_t *model;
	/* A raw body instead of a model (static files, CSV): borrowed when
	 * body_owned is NULL, else body_owned is freed with the response. */
	const char *body;
	size_t body_len;
	char *body_owned;
	const char *page; /* the template to render instead of the route's page (static); NULL: the route's */
	const char *content_type; /* for a raw body; for a model, overrides application/json */
	/* The raw body is a file whose size was bounded when it was stored (an uploaded document), so
	 * --max-response, which bounds what Haven builds, does not apply. */
	bool body_is_stored_file;
	const char *cache_control; /* NULL: "no-store" */
	struct {
		const char *name, *value; /* name static; value static or owned */
		char *owned;              /* the value when copied; freed with the response */
	} headers[RESPONSE_MAX_HEADERS];
	size_t header_count;
	/* The records this answer shows beyond the one the route is about (a
	 * list's rows, candidates offered), reported by the handler with
	 * response_audit_record: the server records them with the answer's audit
	 * row, and the trail the children each is about. Owned. */
	struct shown_record *shown;
	size_t shown_count, shown_cap;
	/* What is wrong with what was sent, found by the handler (response_error):
	 * the server answers with them, the same way as its own validation
	 * errors. An array of {field, message}, owned; NULL: none. */
	json_t *errors;
	/* Where a finished change leads a browser (response_done), owned; NULL: none. */
	char *done;
	/* What the success banner on the page it leads to says (response_success, static);
	 * NULL: RESPONSE_SUCCESS_DEFAULT; "": no banner. */
	const char *success;
	/* For an API client, what a finished change answers with: the record as
	 * it now is (set by response_done). NULL: the model, if any. */
	route_handler *api_answer;
	/* The page asks "Are you sure?" before a change, which is not made yet (response_confirm). */
	bool confirming;
};

/*
 * One way for a handler to say how a request ended; the server picks the
 * face from how it was asked (http/server.c):
 *
 *   response_error     what was sent is wrong: problem+json (422, or the
 *                      status the handler set) for the API; for a
 *                      browser the page again (the handler's model, or the
 *                      route's redisplay) with the GOV.UK error summary and
 *                      what was typed.
 *   response_conflict  what was sent cannot be done to the record as it now
 *                      is (already submitted, already answered): as
 *                      response_error, with 409 for the API.
 *   response_created   a record was made: 201 with `model` for the API; a
 *                      303 to the record for a browser.
 *   response_done      a change was made: a 303 to `location` for a
 *                      browser; for the API, what `api_answer` builds (the
 *                      record as it now is) or else the model, 200.
 *
 * Locations are browser paths ("/reviews/42"), formatted like printf.
 */
void response_error(struct response *res, const char *field, const char *message);
void response_conflict(struct response *res, const char *field, const char *message);
/*
 * response_error about a field a page shows more than once (one form of several, each with its own
 * box): the summary's link goes to `anchor`, the id of the box on the page; the API names `field`.
 */
void response_error_at(struct response *res, const char *field, const char *anchor, const char *message);
/* response_error for each {field, message} of `errors` (taken; may be NULL or empty). */
void response_errors(struct response *res, json_t *errors);
void response_created(struct response *res, json_t *model, const char *location_format, ...)
    __attribute__((format(printf, 3, 4)));
void response_done(struct response *res, route_handler *api_answer, const char *location_format, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * What the GOV.UK success banner says on the page a browser is led to after
 * response_created or response_done ("The course was added"): a literal,
 * with no personal data (it travels in a cookie). "" shows none (signing out,
 * say); without a call it says RESPONSE_SUCCESS_DEFAULT, which a create never
 * leaves to (scripts/lint_create_banners.py: it says what it made).
 */
void response_success(struct response *res, const char *message);
#define RESPONSE_SUCCESS_DEFAULT "Your changes have been saved"

/*
 * The page (the handler's model) asks "Are you sure?" before the change the
 * form asked for, which is not made: a read of the record it shows, audited
 * as the policy's shown-as read, as a page shown again after an error is.
 */
void response_confirm(struct response *res);

/* Replaces the view model, taking ownership of `model`. */
void response_set_model(struct response *res, json_t *model);
/* Adds a header; both strings must outlive the response (use literals). */
void response_add_header(struct response *res, const char *name, const char *value);
/* Adds a header whose value is copied (a Set-Cookie, a Location with an id). */
void response_add_header_copy(struct response *res, const char *name, const char *value);
/* Answers 303 See Other to `location` (copied): post/redirect/get. */
void response_redirect(struct response *res, const char *location);
/*
 * Reports that the answer shows record `type` `id` (a row of a list, a
 * candidate offered), so that its audit row names the children the record
 * is about ("child" for a child's own; see auth/audit.h for the others).
 * Handlers call it for what they show beyond the record the route's path
 * names, which the server records already. `type` must be a literal; ids
 * <= 0 are ignored; repeats are harmless.
 */
void response_audit_record(struct response *res, const char *type, long long id);
/* response_audit_record for the integer field `field` of each object in the array `rows` (may be NULL). */
void response_audit_records(struct response *res, const char *type, const json_t *rows, const char *field);
/* Frees what the response owns. */
void response_free(struct response *res);
/* Sets a raw body that is not copied (static data). */
void response_set_static_body(struct response *res, const char *content_type, const char *body, size_t len);

#endif
