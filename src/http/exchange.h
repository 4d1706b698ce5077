/*
 * exchange.h — what the HTTP server's own files share about one request
 * (private to src/http: no area includes it).
 *
 * server.c follows a request through libmicrohttpd from its first callback
 * to its access log line; the steps it takes are in files of their own:
 * reading and validating the input (intake.c), who is asking (identify.c),
 * the client's address (client_address.c), turning a handler's result into
 * its answer (answer.c), sending with the security headers (send.c), the
 * success banner after a change (success_banner.c), a form kept when its
 * session ended, from keeping to showing again (kept_forms.c), and one
 * submission, one save (once.c). `struct
 * exchange` is the per-request state they pass between them.
 */
#ifndef HAVEN_HTTP_EXCHANGE_H
#define HAVEN_HTTP_EXCHANGE_H

#include <jansson.h>
#include <microhttpd.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "auth/session.h"
#include "auth/store.h"
#include "auth/token.h"
#include "core/buf.h"
#include "core/status.h"
#include "http/server.h"
#include "router/request.h"
#include "router/router.h"

/* The form field and header that carry the CSRF token, and the anonymous cookie. */
#define CSRF_FIELD "csrf_token"
/* The form field carrying the page's submission token: its key for "one submission, one save" (once.c). */
#define SUBMISSION_FIELD "submission"
#define CSRF_COOKIE_PLAIN "haven_csrf"
#define CSRF_COOKIE_SECURE "__Host-haven_csrf" /* over TLS: no sibling subdomain can plant it */
#define CSRF_COOKIE (auth_get_settings()->secure_cookies ? CSRF_COOKIE_SECURE : CSRF_COOKIE_PLAIN)

/* The cookie that binds a form kept when its session ended to the browser (auth/kept.h). */
#define KEPT_COOKIE (auth_get_settings()->secure_cookies ? "__Host-haven_kept" : "haven_kept")
/* The success banner's one-time message (auth/flash.h), for the page after a change. */
#define FLASH_COOKIE (auth_get_settings()->secure_cookies ? "__Host-haven_flash" : "haven_flash")

/* Per-connection state for one request, from its first callback to completion. */
struct exchange {
	struct timespec started;
	struct buf body;
	int too_large;
	size_t discarded;  /* bytes of an oversized body read and thrown away */
	size_t body_limit; /* the largest body its route takes: --max-body, or a file route's more */
	size_t max_file;   /* the largest file its route takes (0: none), for the 413's words */
	struct buf file;   /* the file part of a multipart body, for req.file */
	unsigned status;
	/* The route, matched once when the headers are in (http_route_find): its body
	 * limit is needed before the body, and dispatch takes the rest. */
	bool routed;
	enum route_match match;
	const struct route *route;
	json_t *params;            /* the path's typed parameters, until dispatch takes them */
	unsigned allowed;          /* on ROUTE_WRONG_METHOD: the methods the path takes */
	const char *route_pattern; /* for the access log: never the raw path */
	const char *method;
	json_t *submitted; /* what was typed (fields_keep_typed), to show again on error */
	json_t *page;      /* what every page shows of the requester: current_user, csrf_token */
	char *set_cookie;  /* a new anonymous CSRF cookie to send with the answer */
	/* An audited read's answer waits, made but not sent, until its audit
	 * row is durable (held_read.c): while `hold` is set
	 * http_send keeps the answer in `held` instead of queueing it. */
	bool hold;
	struct MHD_Response *held;
	unsigned held_status;
	bool api;                       /* the request was to /api/: the face of a 503 instead */
	struct MHD_Connection *conn;    /* to resume once the row is durable */
	enum haven_status audit_result; /* how the audit row ended, set before the resume */
};

/* The running server's settings and routes: set once by server_run before it serves. */
extern const struct server_config *server_settings;
extern const struct router *server_routes;

/* ---- sending (send.c) ---- */

/*
 * Queues an answer with Haven's security headers, compressed when the
 * client allows and it is safe (BREACH), with `extra`'s headers and the
 * exchange's cookie. `body` is freed unless `body_is_static`. While
 * ex->hold is set the answer is kept in ex->held, not queued.
 */
enum MHD_Result http_send(struct MHD_Connection *conn, struct exchange *ex, unsigned status,
                          const char *content_type, const char *cache_control, char *body, size_t len,
                          int body_is_static, const struct response *extra);

/*
 * Queues an answer made earlier (a held one, see struct exchange), saying
 * Connection: close if the server is shutting down by now. Takes `resp`.
 */
enum MHD_Result http_queue(struct MHD_Connection *conn, struct exchange *ex, unsigned status,
                           struct MHD_Response *resp);

/*
 * An error: application/problem+json (RFC 9457) for API clients, the error
 * page for browsers. `detail` may be NULL (the status's own words);
 * `errors` (may be NULL, borrowed) lists {field, message} for invalid input.
 */
enum MHD_Result http_send_error(struct MHD_Connection *conn, struct exchange *ex, int api, unsigned status,
                                const char *detail, json_t *errors, const struct response *extra);

/* ---- reading the request (intake.c) ---- */

enum http_method http_method_parse(const char *method);

/*
 * libmicrohttpd's unescape callback (MHD_OPTION_UNESCAPE_CALLBACK) for the path and each query name
 * and value: %XX decoded as libmicrohttpd does, except that a piece holding a NUL (%00) becomes
 * FORM_NOT_TEXT whole (an API path keeps its "/api/"). C text would end at the NUL unseen:
 * "/api/v1/children/1%00/x" would be answered as "/api/v1/children/1". So a path holding one matches
 * no route (404, problem+json under /api/), and a query name or value holding one is refused by the
 * field checks, naming its field.
 */
size_t http_unescape_refusing_nul(void *cls, struct MHD_Connection *conn, char *s);

/* True if the Content-Type header names `type` (ignoring parameters like charset). */
int http_content_type_is(const char *header, const char *type);

/* "The file must be 20 MB or smaller." for a route taking files up to `max_file` bytes. */
const char *http_too_large_detail(size_t max_file);

/*
 * Matches `method url` against the routes once, keeping the match on the
 * exchange for dispatch, and sets ex->body_limit (and ex->max_file) for
 * its route, before its body is read.
 */
void http_route_find(struct exchange *ex, const char *url, const char *method);

/*
 * Validates the query string and body against req->route. Returns 0 when
 * valid (req->input set), else the HTTP status to answer with, with the
 * errors appended to `errors` or a whole-request `*detail`.
 */
unsigned http_input_validate(struct MHD_Connection *conn, struct exchange *ex, struct request *req,
                             json_t *errors, const char **detail);

/* ---- who is asking, and the CSRF check (identify.c) ---- */

/* A request header's value by name, for handlers (struct request's `header`), or NULL. */
const char *http_request_header(const struct request *req, const char *name);

/*
 * The value of the cookie `name` the request carries, copied into `out` (`size` bytes with its NUL):
 * cookie_value (http/cookie.h) on its Cookie header. False, `out` empty, if none or it does not fit.
 */
bool http_cookie(struct MHD_Connection *conn, const char *name, char *out, size_t size);

/* http_cookie for handlers (struct request's `cookie`). */
bool http_request_cookie(const struct request *req, const char *name, char *out, size_t size);

/*
 * Sets req->user to who is signed in (bearer token first, then the session
 * cookie; NULL for nobody, with `user` the storage) and req->client_address,
 * and builds ex->page, what every page shows of them (a new object): their
 * name, the session's end and the CSRF token for its forms; an anonymous
 * browser's page is given a CSRF cookie of its own (ex->set_cookie). An
 * error only when the store could not be read.
 */
enum haven_status http_identify(struct MHD_Connection *conn, struct exchange *ex, struct request *req,
                                struct user *user);

/*
 * True if the request may go on: a safe method, a bearer token or an
 * anonymous API call, or an unsafe one carrying the CSRF token of its
 * session (or of its anonymous cookie, which Haven must have signed).
 */
bool http_csrf_ok(struct MHD_Connection *conn, struct exchange *ex, const struct request *req);

/* ---- the client's address (client_address.c) ---- */

/*
 * A socket address as text (an IPv4 or IPv6 address, no port), or "unknown"
 * if sa is NULL or of another family. The one spelling of an address, so the
 * connection guard (guard.c) counts a peer by the text the limits log and
 * compare with --trusted-proxy.
 */
void http_address_text(const struct sockaddr *sa, char *out, size_t size);

/*
 * The client's address: the peer's, or the trusted proxy's forwarded one
 * (*via_proxy then true). "unknown" if there is none.
 */
void http_client_address(struct MHD_Connection *conn, char *out, size_t size, bool *via_proxy);

/* ---- the success banner after a change (success_banner.c) ---- */

/* The success banner a change left for this page, on ex->page, shown once. */
void http_success_on_page(struct MHD_Connection *conn, struct exchange *ex, const struct user *user);

/* ---- a form kept when its session ended, from keeping to showing again (kept_forms.c) ---- */

/* For a signed-out browser with a kept form: until when it is kept, for the sign-in notice. */
void http_kept_form_on_page(struct MHD_Connection *conn, struct exchange *ex);

/*
 * Keeps a form's fields sent to `path` (its route `route`) after its session
 * timed out, for after signing in again (cookie on `answer`): see kept_forms.c.
 */
struct field_pair;
void http_keep_fields(struct MHD_Connection *conn, const struct route *route, const char *path,
                      const struct field_pair *pairs, size_t count, const char *client_address,
                      struct response *answer);

/* Keeps a form sent after its session timed out, for after signing in again (cookie on `answer`). */
void http_keep_form(struct MHD_Connection *conn, struct exchange *ex, const struct request *req,
                    struct response *answer);

/* Whether the browser sent a kept-form token that could be one; if so, it is in `kept`. */
bool http_kept_cookie(struct MHD_Connection *conn, char kept[TOKEN_TEXT_SIZE]);

/*
 * A kept form's fields (their JSON text, {name: [values]}, as http_keep_form
 * keeps them) read as `route` reads its form shown again after a mistake:
 * *input the values its field checks give (a list with an entry refused
 * holds every entry as typed), for its redisplay to tick and fill its boxes
 * from, and *typed what was typed (fields_keep_typed: a list's every
 * value), for the page. Both new.
 */
void http_kept_form_read(const struct route *route, const char *text, json_t **input, json_t **typed);

/*
 * A signed-in browser's GET of the address its kept form was sent to: the
 * form shown again by its route's redisplay with what was typed, once,
 * audited as the record's read if it shows one, and the cookie cleared.
 * *handled false, and nothing sent, when this is not such a request.
 */
enum MHD_Result http_restore_kept_form(struct MHD_Connection *conn, struct exchange *ex, const char *url,
                                       bool *handled);

/*
 * POST /session/keep (SESSION_KEEP_PATH), answered before anyone is
 * identified: {"session_ends_in": seconds} while the session lives, else 0
 * and the form sent (if any) kept as http_keep_fields keeps one. Always 200.
 */
enum MHD_Result http_session_keep(struct MHD_Connection *conn, struct exchange *ex, struct request *req);

/*
 * Where signing in lands, for a browser with a form kept from its session
 * that ended: a 303 back to the form's address. *handled false, and
 * nothing sent, when there is none to go back to.
 */
enum MHD_Result http_back_to_kept_form(struct MHD_Connection *conn, struct exchange *ex,
                                       const struct request *req, const char *url, bool *handled);

/* ---- a handler's result to its answer (answer.c) ---- */

/* The HTTP status for a handler's or store's status. */
unsigned http_status_for(enum haven_status st);

/* Audits that an answer shows something: `action` about the path's record, with res->shown. */
enum haven_status http_audit_shown(const struct request *req, const char *action, const char *reason,
                                   const struct response *res);

/* True for a read of an audited action (GET or HEAD): its audit row is the only write its answer needs. */
bool http_audit_is_read(const struct request *req);

/*
 * http_audit_shown's row for an audited read, queued without waiting
 * (auth_store_audit_async): `then(result, then_ctx)` is called on the
 * writer thread once it is durable or has failed. HAVEN_ERR_DB, `then`
 * never called, if it cannot be queued.
 */
enum haven_status http_audit_read_async(const struct request *req, const struct response *res,
                                        auth_audit_done_fn then, void *then_ctx);

/* ---- an audited read's answer, held until its audit row is durable (held_read.c) ---- */

/*
 * Holds the answer to an audited read (`handled`, `res`), queues its audit
 * row and suspends the connection; it is resumed once the row is durable
 * or has failed, when on_request calls http_answer_held.
 */
enum MHD_Result http_hold_until_audited(struct MHD_Connection *conn, struct exchange *ex, struct request *req,
                                        enum haven_status handled, struct response *res);

/* Resumed: the held answer if its audit row is durable, else 503. */
enum MHD_Result http_answer_held(struct MHD_Connection *conn, struct exchange *ex);

/* How many reads are suspended waiting for their audit row (shutdown waits for none). */
unsigned http_reads_awaiting_audit(void);

/* Audits an answer before any of it is sent, when it shows what the handler did not record itself. */
enum haven_status http_audit_answer(const struct request *req, enum haven_status handled,
                                    const struct response *res);

/* Gives how a handler said the request ended (errors, done) the face its asker needs. */
enum haven_status http_settle(struct request *req, struct response *res);

/* Sends what a handler produced: a raw body, JSON, or its page. */
enum MHD_Result http_send_result(struct MHD_Connection *conn, struct exchange *ex, struct request *req,
                                 struct response *res);

/* The page again with its input's errors, built by the route's redisplay. */
enum MHD_Result http_redisplay(struct MHD_Connection *conn, struct exchange *ex, struct request *req,
                               unsigned status, json_t *errors);

/* Where a browser's valid post to a route with a check step is (router.h, struct check_step). */
enum check_stage {
	CHECK_SHOW,      /* a form to check: show its answers */
	CHECK_CHANGE,    /* Change pressed on the check page: the form again, as typed */
	CHECK_CONFIRMED, /* posted from the check page with the answers it showed: make the change */
};
enum check_stage http_check_stage(const struct exchange *ex, const struct request *req);

/* The check page, or the form again when Change was pressed. */
enum MHD_Result http_answer_check(struct MHD_Connection *conn, struct exchange *ex, struct request *req,
                                  enum check_stage stage);

/* ---- one submission, one save (once.c) ---- */

/* A request's key while its first run is in flight: see http_once_begin. */
struct once {
	bool active; /* claimed: http_once_end or http_once_release must follow */
	unsigned char hash[TOKEN_HASH_SIZE];
	unsigned char request_hash[TOKEN_HASH_SIZE]; /* what the request sent (auth/submissions.h) */
};

/*
 * Before a signed-in person's unsafe request is handled: with a key (its
 * Idempotency-Key header, else a page's submission field) whose first
 * request made its change, answers as that one did (a form: a 303 to where
 * it led, "This was saved already"; the API: the same status and Location,
 * with the record's id, not the record) and returns true; so too for a header
 * that is not a key (400), an API key sent again with other fields (422) and
 * a first still running after the wait (409). False, nothing sent, to run the
 * handler: then once->active says the key is claimed until http_once_end.
 */
bool http_once_begin(struct MHD_Connection *conn, struct exchange *ex, struct request *req, struct once *once,
                     enum MHD_Result *answered);

/* After the handler: keeps its answer if it made its change (without waiting), and frees the key. */
void http_once_end(struct once *once, const struct request *req, enum haven_status handled,
                   const struct response *res);

/* Frees a claimed key whose request ended otherwise (nothing kept). */
void http_once_release(struct once *once);

/*
 * For a page answering with an error (4xx, 5xx): its forms carry on the submission token the request
 * sent (the form shown again is the same submission, and its corrected resend saves once), or none,
 * never a fresh one, so two errors to the same request are the same bytes (some answers must be:
 * "no such account" and "not yours" alike). `ex` may be NULL.
 */
void http_once_error_token(struct exchange *ex);

/* ---- the --listen address (listen_address.c) ---- */

struct sockaddr_storage;

/* Parses "HOST:PORT" or "[V6]:PORT" into `addr` (`ipv6` set for a V6 one): 0, or -1 if it is not one. */
int server_listen_parse(const char *listen, struct sockaddr_storage *addr, int *ipv6);

#endif
