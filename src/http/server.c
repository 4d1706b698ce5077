/*
 * server.c — the HTTP server: libmicrohttpd glue, input validation,
 * rendering, security headers and the access log (see server.h).
 *
 * A connection is followed by the guard (guard.h: header and body
 * deadlines, room when nearly full, draining at shutdown). A request goes:
 * refusals before routing (431 headers too large, 400 without one Host,
 * 429 for a client behind the proxy with too much in flight) -> limits (413
 * before the body is read when Content-Length is too large) -> route match
 * (404/405) -> input parsed and validated
 * against the route's field specs (400/415/422 with every field's error)
 * -> handler -> response rendered as JSON (/api/) or through the route's
 * page template (browsers) -> security headers -> access log line.
 */
#include "http/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/log.h"
#include "areas/calendar/london.h"
#include "auth/csrf.h"
#include "auth/flash.h"
#include "auth/kept.h"
#include "core/metrics.h"
#include "auth/policy.h"
#include "auth/refusals.h"
#include "auth/session.h"
#include "auth/store.h"
#include "auth/token.h"
#include "http/check.h"
#include "http/compress.h"
#include "http/form.h"
#include "http/guard.h"
#include "http/page_model.h"
#include "router/errors.h"
#include "store/store.h"
#include "view/view.h"

void server_config_defaults(struct server_config *config)
{
	*config = (struct server_config){
	    .listen = "127.0.0.1:8080",
	    /* Workers spend much of a write waiting for the group commit's
	     * fsync; more of them than cores lets more writes share one. */
	    .threads = 16,
	    .max_body = 1024 * 1024,
	    .max_header = 16 * 1024,
	    /* Lists are paged (router/page.h), so no answer a person or system
	     * needs comes near this: one that does is a bug to find, not a
	     * reason to build hundreds of megabytes in memory. */
	    .max_response = 8 * 1024 * 1024,
	    .max_connections = 1000,
	    .max_per_ip = 100,
	    .idle_timeout = 30,
	    .header_timeout = 10,
	    .min_body_rate = 1024,
	    .shutdown_grace = 10,
	};
}

/* The form field and header that carry the CSRF token, and the anonymous cookie. */
#define CSRF_FIELD "csrf_token"
#define CSRF_COOKIE_PLAIN "haven_csrf"
#define CSRF_COOKIE_SECURE "__Host-haven_csrf" /* over TLS: no sibling subdomain can plant it */
#define CSRF_COOKIE (auth_get_settings()->secure_cookies ? CSRF_COOKIE_SECURE : CSRF_COOKIE_PLAIN)

/* The cookie that binds a form kept when its session ended to the browser (auth/kept.h). */
#define KEPT_COOKIE (auth_get_settings()->secure_cookies ? "__Host-haven_kept" : "haven_kept")
/* The success banner's one-time message (auth/flash.h), for the page after a change. */
#define FLASH_COOKIE (auth_get_settings()->secure_cookies ? "__Host-haven_flash" : "haven_flash")
/* Where signing in lands (the accounts area): from there a person is taken back to a kept form. */
#define SIGNED_IN_LANDING "/dashboard"

/* libmicrohttpd's memory for a connection, in --max-headers (see refuse_before_routing). */
#define HEADER_ROOM 4

/* How much of an oversized chunked body is read (as a multiple of the limit) before giving up on it. */
#define DISCARD_FACTOR 4

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
	const char *route_pattern; /* for the access log: never the raw path */
	const char *method;
	json_t *submitted; /* raw text of the query and form fields, to show again on error */
	json_t *page;      /* what every page shows of the requester: current_user, csrf_token */
	char *set_cookie;  /* a new anonymous CSRF cookie to send with the answer */
};

static const struct server_config *config;
static const struct router *router;

static const char csp[] = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                          "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
                          "form-action 'self'; frame-ancestors 'none'";

/* ---- sending ---- */

/*
 * How a page or JSON answer may be compressed for this request: as the
 * client's Accept-Encoding allows, but only when the request cannot have
 * been made by another site (BREACH: a page that holds a secret, such as
 * its CSRF token, and reflects what an attacker chose must not have its
 * compressed size seen by them). So: a bearer token (never sent by a
 * browser on its own), or a browser that says the request came from Haven's
 * own pages or the person themselves (Sec-Fetch-Site "same-origin" or
 * "none"). Anything else is sent as it is.
 */
static enum content_coding dynamic_coding(struct MHD_Connection *conn)
{
	const char *authorization = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Authorization");
	const char *site = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Sec-Fetch-Site");
	bool ours = (authorization && strncasecmp(authorization, "Bearer ", 7) == 0) ||
	            (site && (strcmp(site, "same-origin") == 0 || strcmp(site, "none") == 0));
	return ours ? encoding_choose(MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Accept-Encoding"))
	            : CODING_IDENTITY;
}

/* Pages and JSON: built per answer, so compressed per answer (assets were at build time). */
static bool compressible(const char *content_type)
{
	return strncmp(content_type, "text/html", 9) == 0 ||
	       strncmp(content_type, "application/json", 16) == 0 ||
	       strncmp(content_type, "application/problem+json", 24) == 0;
}

static enum MHD_Result send_response(struct MHD_Connection *conn, struct exchange *ex, unsigned status,
                                     const char *content_type, const char *cache_control, char *body,
                                     size_t len, int body_is_static, const struct response *extra)
{
	bool varies = compressible(content_type);
	enum content_coding coding =
	    varies && len >= COMPRESS_MIN_BYTES ? dynamic_coding(conn) : CODING_IDENTITY;
	char *packed;
	size_t packed_len;
	if (coding != CODING_IDENTITY && compress_body(coding, body, len, &packed, &packed_len)) {
		if (!body_is_static)
			free(body);
		body = packed, len = packed_len, body_is_static = 0;
	} else {
		coding = CODING_IDENTITY;
	}
	struct MHD_Response *resp = MHD_create_response_from_buffer(
	    len, body, body_is_static ? MHD_RESPMEM_PERSISTENT : MHD_RESPMEM_MUST_FREE);
	if (!resp) {
		if (!body_is_static)
			free(body);
		return MHD_NO;
	}
	MHD_add_response_header(resp, "Content-Type", content_type);
	if (coding != CODING_IDENTITY)
		MHD_add_response_header(resp, "Content-Encoding", encoding_name(coding));
	if (varies) /* the same address answers differently by Accept-Encoding: caches must know */
		MHD_add_response_header(resp, "Vary", "Accept-Encoding");
	MHD_add_response_header(resp, "Cache-Control", cache_control ? cache_control : "no-store");
	MHD_add_response_header(resp, "Content-Security-Policy", csp);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
	MHD_add_response_header(resp, "Cross-Origin-Resource-Policy", "same-origin");
	MHD_add_response_header(resp, "Permissions-Policy", "camera=(), microphone=(), geolocation=()");
	/* Served over TLS (behind the proxy that terminates it): browsers must
	 * never try plain HTTP again, where a session cookie could be taken.
	 * No includeSubDomains: other services on sibling names are not ours. */
	if (auth_get_settings()->secure_cookies)
		MHD_add_response_header(resp, "Strict-Transport-Security", "max-age=31536000");
	for (size_t i = 0; extra && i < extra->header_count; i++)
		MHD_add_response_header(resp, extra->headers[i].name, extra->headers[i].value);
	if (ex && ex->set_cookie)
		MHD_add_response_header(resp, "Set-Cookie", ex->set_cookie);
	/* Shutting down: this is the connection's last answer (guard.h). */
	if (guard_draining())
		MHD_add_response_header(resp, "Connection", "close");
	if (ex)
		ex->status = status;
	enum MHD_Result r = MHD_queue_response(conn, status, resp);
	MHD_destroy_response(resp);
	return r;
}

static const char *status_detail(unsigned status)
{
	switch (status) {
	case 404:
		return "If you typed the web address, check it is correct. If you pasted the web address, "
		       "check you copied the entire address.";
	case 405: return "This address does not accept that kind of request.";
	case 413: return "What you sent is larger than this service accepts.";
	case 503:
		return store_out_of_space()
		           ? "Nothing was saved: the service's disk is full. Try again later."
		           : "The service cannot reach its database. Try again later.";
	case 500: return "Something went wrong on our side. Try again later.";
	default: return NULL;
	}
}

/*
 * Sends an error: application/problem+json (RFC 9457) for API clients, the
 * error page for browsers. `errors` (may be NULL, borrowed) lists
 * {field, message} for invalid input.
 */
static enum MHD_Result send_error(struct MHD_Connection *conn, struct exchange *ex, int api, unsigned status,
                                  const char *detail, json_t *errors, const struct response *extra)
{
	if (!detail)
		detail = status_detail(status);
	if (api) {
		json_t *problem = errors_problem(status, detail, errors);
		char *body = json_dumps(problem, JSON_COMPACT);
		json_decref(problem);
		size_t len = body ? strlen(body) : 0;
		return send_response(conn, ex, status, "application/problem+json", NULL, body, len, 0, extra);
	}
	json_t *model = json_pack("{s:s, s:i}", "title", errors_status_title(status), "status", (int)status);
	if (detail)
		json_object_set_new(model, "detail", json_string(detail));
	if (errors && json_array_size(errors))
		errors_on_page(model, errors, NULL);
	if (ex && ex->page)
		json_object_update_missing(model, ex->page);
	struct buf html = BUF_INIT;
	enum haven_status st = view_render("error", model, &html);
	json_decref(model);
	if (st != HAVEN_OK) {
		buf_reset(&html);
		buf_append_str(&html, errors_status_title(status));
	}
	size_t len;
	char *body = buf_steal(&html, &len);
	return send_response(conn, ex, status, "text/html; charset=utf-8", NULL, body, len, 0, extra);
}

/* The guard's record of the connection (set when it opened). */
static struct guard_conn *guard_of(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *info =
	    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return info ? info->socket_context : NULL;
}

/* ---- request parsing ---- */

static enum http_method parse_method(const char *m)
{
	static const struct {
		const char *name;
		enum http_method method;
	} methods[] = {
	    {"GET", HTTP_GET},     {"HEAD", HTTP_HEAD},     {"POST", HTTP_POST},       {"PUT", HTTP_PUT},
	    {"PATCH", HTTP_PATCH}, {"DELETE", HTTP_DELETE}, {"OPTIONS", HTTP_OPTIONS},
	};
	for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
		if (strcmp(m, methods[i].name) == 0)
			return methods[i].method;
	return HTTP_OTHER;
}

static const char *request_header(const struct request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

struct pair_list {
	struct field_pair *pairs;
	size_t count, cap;
};

static enum MHD_Result collect_query(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	struct pair_list *list = cls;
	if (list->count == list->cap) {
		list->cap = list->cap ? list->cap * 2 : 8;
		list->pairs = xrealloc(list->pairs, list->cap * sizeof *list->pairs);
	}
	list->pairs[list->count].name = key;
	list->pairs[list->count].value = value ? value : "";
	list->count++;
	return MHD_YES;
}

/* True if the Content-Type header names `type` (ignoring parameters like charset). */
static int content_type_is(const char *header, const char *type)
{
	size_t n = strlen(type);
	return header && strncasecmp(header, type, n) == 0 &&
	       (header[n] == '\0' || header[n] == ';' || header[n] == ' ');
}

static void remember_submitted(struct exchange *ex, const struct field_spec *specs,
                               const struct field_pair *pairs, size_t count)
{
	if (!ex->submitted)
		ex->submitted = json_object();
	for (size_t i = 0; i < count; i++) {
		if (fields_secret(specs, pairs[i].name)) /* a password is typed again, never sent back */
			continue;
		json_t *text = json_string(pairs[i].value);
		if (text) /* not valid UTF-8: not shown again */
			json_object_set_new(ex->submitted, pairs[i].name, text);
	}
}

/* ---- multipart bodies (routes that take a file) ---- */

/* What a form allows beside the file: its text fields and the parts' headers. */
#define FORM_ALLOWANCE (64 * 1024)
#define MULTIPART_MAX_PARTS 32

/* The text parts of a multipart body, as name/value pairs; the file goes to ex->file. */
struct multipart {
	struct field_pair pairs[MULTIPART_MAX_PARTS];
	struct buf values[MULTIPART_MAX_PARTS];
	size_t count;
	struct exchange *ex;
	bool bad; /* too many parts, or a second file */
	bool file_seen;
};

static enum MHD_Result on_part(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
                               const char *content_type, const char *transfer_encoding, const char *data,
                               uint64_t off, size_t size)
{
	(void)kind;
	(void)content_type;
	(void)transfer_encoding;
	struct multipart *form = cls;
	if (strcmp(key, "file") == 0 && filename) {
		if (off == 0 && form->file_seen && form->ex->file.len) {
			form->bad = true; /* one file a request */
			return MHD_NO;
		}
		form->file_seen = true;
		buf_append(&form->ex->file, data, size);
		return MHD_YES;
	}
	/* a text part arrives in pieces: a new one starts at offset 0 */
	if (off == 0 || form->count == 0 || strcmp(form->pairs[form->count - 1].name, key) != 0) {
		if (form->count == MULTIPART_MAX_PARTS) {
			form->bad = true;
			return MHD_NO;
		}
		form->pairs[form->count].name = xstrdup(key);
		form->count++;
	}
	struct buf *value = &form->values[form->count - 1];
	buf_append(value, data, size);
	return MHD_YES;
}

/*
 * Reads the buffered multipart body with libmicrohttpd's post processor: the
 * text parts into `form`, the file into ex->file. False if it is malformed.
 */
static bool multipart_read(struct MHD_Connection *conn, struct exchange *ex, struct multipart *form)
{
	form->ex = ex;
	struct MHD_PostProcessor *pp = MHD_create_post_processor(conn, 64 * 1024, on_part, form);
	if (!pp)
		return false; /* no boundary */
	bool ok = MHD_post_process(pp, buf_cstr(&ex->body), ex->body.len) == MHD_YES;
	ok = MHD_destroy_post_processor(pp) == MHD_YES && ok && !form->bad;
	for (size_t i = 0; i < form->count; i++) {
		form->pairs[i].value = buf_cstr(&form->values[i]);
		if (strlen(form->pairs[i].value) != form->values[i].len)
			ok = false; /* a NUL byte in a text field */
	}
	return ok;
}

static void multipart_free(struct multipart *form)
{
	for (size_t i = 0; i < form->count; i++) {
		free((char *)form->pairs[i].name);
		buf_free(&form->values[i]);
	}
}

/* "The file must be 20 MB or smaller." for a route taking files up to `max_file` bytes. */
static const char *too_large_detail(size_t max_file)
{
	static _Thread_local char detail[96];
	snprintf(detail, sizeof detail, "The file must be %zu MB or smaller.", max_file / (1024 * 1024));
	return detail;
}

/*
 * The largest body the route at `url` takes: a file route's largest file
 * and its form, else --max-body. Known before the body is read, so an
 * oversized upload is refused without storing it.
 */
static void set_body_limit(struct exchange *ex, const char *url, const char *method)
{
	const struct route *route = NULL;
	json_t *params = NULL;
	unsigned allowed = 0;
	ex->body_limit = config->max_body;
	if (router_match(router, parse_method(method), url, &route, &params, &allowed) == ROUTE_FOUND &&
	    route->max_file) {
		ex->max_file = route->max_file;
		ex->body_limit = route->max_file + FORM_ALLOWANCE;
	}
	json_decref(params);
}

/*
 * Validates the query string and body against the route. Returns 0 when
 * valid (req->input set), else the HTTP status to answer with, with the
 * errors appended to `errors`.
 */
static unsigned validate_input(struct MHD_Connection *conn, struct exchange *ex, struct request *req,
                               json_t *errors, const char **detail)
{
	const struct route *route = req->route;
	struct pair_list query = {0};
	MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, collect_query, &query);
	json_t *values = NULL;
	remember_submitted(ex, route->query, query.pairs, query.count);
	enum haven_status st =
	    fields_validate_pairs(route->query, query.pairs, query.count, NULL, &values, errors);
	free(query.pairs);
	req->input = values;
	if (st != HAVEN_OK)
		return 400;

	if (ex->body.len == 0 && !route->body)
		return 0;
	/* A GET or HEAD has no business with a body. An unsafe route without
	 * body fields still reads its body, since a form always carries its
	 * CSRF token; any other field in it is then an unknown field. */
	if (!route->body && (req->method == HTTP_GET || req->method == HTTP_HEAD)) {
		*detail = "This address does not accept a request body.";
		return 400;
	}
	const char *type = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type");
	json_t *body_values = NULL;
	if (route->max_file) {
		/* a route that takes a file takes multipart/form-data, from a page or the API */
		if (!content_type_is(type, "multipart/form-data")) {
			*detail = "Send multipart/form-data, with the file in the part named \"file\".";
			return 415;
		}
		struct multipart form = {0};
		if (!multipart_read(conn, ex, &form)) {
			multipart_free(&form);
			*detail = "The multipart body is not correctly encoded.";
			return 400;
		}
		if (ex->file.len > route->max_file) {
			multipart_free(&form);
			*detail = too_large_detail(route->max_file);
			return 413;
		}
		remember_submitted(ex, route->body, form.pairs, form.count);
		static const char *const ignored[] = {CSRF_FIELD, "file", NULL};
		st =
		    fields_validate_pairs(route->body, form.pairs, form.count, ignored, &body_values, errors);
		multipart_free(&form);
	} else if (content_type_is(type, "application/json")) {
		json_error_t jerr;
		json_t *doc = json_loadb(buf_cstr(&ex->body), ex->body.len, JSON_REJECT_DUPLICATES, &jerr);
		if (!doc) {
			struct buf msg = BUF_INIT;
			buf_printf(&msg, "The body is not valid JSON: %s (line %d, column %d)", jerr.text,
			           jerr.line, jerr.column);
			json_array_append_new(
			    errors, json_pack("{s:s, s:s}", "field", "", "message", buf_cstr(&msg)));
			buf_free(&msg);
			return 400;
		}
		st = fields_validate_json(route->body, doc, &body_values, errors);
		json_decref(doc);
	} else if ((content_type_is(type, "application/x-www-form-urlencoded") && !req->api) ||
	           (!type && ex->body.len == 0)) {
		/* Forms only for pages: an HTML form on another site can post a
		 * form but not JSON, so the API (whose anonymous calls need no
		 * CSRF token) accepts JSON alone. */
		struct field_pair *pairs = NULL;
		size_t count = 0;
		if (form_parse(buf_cstr(&ex->body), ex->body.len, &pairs, &count) != HAVEN_OK) {
			*detail = "The form body is not correctly encoded.";
			return 400;
		}
		remember_submitted(ex, route->body, pairs, count);
		/* a check page's form carries its own two fields beside the route's (http/check.h) */
		static const char *const csrf_field[] = {CSRF_FIELD, NULL};
		static const char *const check_fields[] = {CSRF_FIELD, CHECK_CONFIRM_FIELD,
		                                           CHECK_CHANGE_FIELD, NULL};
		st = fields_validate_pairs(route->body, pairs, count,
		                           route->check ? check_fields : csrf_field, &body_values, errors);
		form_pairs_free(pairs, count);
	} else {
		*detail = req->api ? "Send application/json." : "Send application/x-www-form-urlencoded.";
		return 415;
	}
	json_object_update(req->input, body_values);
	json_decref(body_values);
	return st == HAVEN_OK ? 0 : 422;
}

/* ---- who is asking, and may they ---- */

/*
 * The address the trusted proxy says it received the request from: the last
 * entry of X-Forwarded-For (entries before it were sent by the client and
 * prove nothing). Left unchanged if the header is missing or not an address.
 */
static enum MHD_Result last_forwarded_for(void *cls, enum MHD_ValueKind kind, const char *key,
                                          const char *value)
{
	(void)kind;
	if (strcasecmp(key, "X-Forwarded-For") == 0)
		*(const char **)cls = value;
	return MHD_YES;
}

static void forwarded_for(struct MHD_Connection *conn, char *out, size_t size)
{
	/* The last X-Forwarded-For line: some proxies add their own line after
	 * the client's instead of appending to it. */
	const char *header = NULL;
	MHD_get_connection_values(conn, MHD_HEADER_KIND, last_forwarded_for, &header);
	if (!header)
		return;
	const char *last = strrchr(header, ',');
	last = last ? last + 1 : header;
	while (*last == ' ' || *last == '\t')
		last++;
	char candidate[INET6_ADDRSTRLEN + 1];
	size_t len = strcspn(last, " \t");
	if (len == 0 || len >= sizeof candidate)
		return;
	memcpy(candidate, last, len);
	candidate[len] = '\0';
	unsigned char parsed[sizeof(struct in6_addr)];
	if (inet_pton(AF_INET, candidate, parsed) == 1 || inet_pton(AF_INET6, candidate, parsed) == 1)
		snprintf(out, size, "%s", candidate);
}

static void client_address(struct MHD_Connection *conn, char *out, size_t size, bool *via_proxy)
{
	snprintf(out, size, "unknown");
	const union MHD_ConnectionInfo *info =
	    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (!info || !info->client_addr)
		return;
	const struct sockaddr *sa = info->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out,
		          (socklen_t)size);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out,
		          (socklen_t)size);
	*via_proxy = config->trusted_proxy && strcmp(out, config->trusted_proxy) == 0;
	if (*via_proxy)
		forwarded_for(conn, out, size);
}

/* ---- the session's end, and work kept when it has ended ---- */

/*
 * The success banner a change left for this page (settle sets it): its
 * message on the page as "success_message", and the cookie cleared, so it
 * is shown once. A message not made for this session is dropped.
 */
static void success_on_page(struct MHD_Connection *conn, struct exchange *ex, const struct user *user)
{
	const char *sealed = MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, FLASH_COOKIE);
	if (!sealed)
		return;
	struct buf message = BUF_INIT;
	if (flash_open(&message, sealed, user->csrf_token) && message.len)
		json_object_set_new(ex->page, "success_message", json_string(buf_cstr(&message)));
	buf_free(&message);
	struct buf clear = BUF_INIT;
	buf_printf(&clear, "%s=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax%s", FLASH_COOKIE,
	           auth_get_settings()->secure_cookies ? "; Secure" : "");
	free(ex->set_cookie);
	ex->set_cookie = buf_steal(&clear, NULL);
}

/* For a signed-out browser with a kept form: until when it is kept, for the sign-in notice. */
static void kept_form_on_page(struct MHD_Connection *conn, struct exchange *ex)
{
	const char *kept = MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, KEPT_COOKIE);
	int64_t until;
	if (!kept || strlen(kept) != TOKEN_TEXT_SIZE - 1 ||
	    kept_form_until(kept, auth_now(), &until) != HAVEN_OK)
		return;
	int32_t day, seconds;
	calendar_london_from_utc(until, &day, &seconds);
	char clock[CALENDAR_CLOCK_SIZE];
	calendar_format_clock(seconds, clock);
	json_object_set_new(ex->page, "kept_until", json_string(clock));
}

/*
 * A form sent after its session timed out: its fields (without its CSRF
 * token and any secret, such as a password) are kept for the person to sign
 * in again (auth/kept.h), and `answer` gets the cookie that binds them to
 * this browser. Only a page's urlencoded form that its route can show again;
 * nothing is kept when the session was not a timed-out one of this browser
 * or the form did not carry that session's CSRF token.
 */
static void keep_form(struct MHD_Connection *conn, struct exchange *ex, const struct request *req,
                      struct response *answer)
{
	const struct route *route = req->route;
	const char *session = MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, auth_cookie_name());
	const char *type = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type");
	if (req->method != HTTP_POST || !route->page || !route->redisplay || route->max_file || !session ||
	    strlen(session) != TOKEN_TEXT_SIZE - 1 ||
	    !content_type_is(type, "application/x-www-form-urlencoded"))
		return;
	struct field_pair *pairs = NULL;
	size_t count = 0;
	if (form_parse(buf_cstr(&ex->body), ex->body.len, &pairs, &count) != HAVEN_OK)
		return;
	json_t *fields = json_object();
	const char *csrf = NULL;
	for (size_t i = 0; i < count; i++) {
		const char *name = pairs[i].name;
		if (strcmp(name, CSRF_FIELD) == 0) {
			csrf = pairs[i].value;
			continue;
		}
		json_t *value = json_string(pairs[i].value);
		if (!value || fields_secret(route->body, name)) { /* not text, or typed again, never kept */
			json_decref(value);
			continue;
		}
		/* a field sent more than once (checkboxes) keeps every value */
		json_t *list = json_object_get(fields, name);
		if (!list)
			json_object_set_new(fields, name, list = json_array());
		json_array_append_new(list, value);
	}
	char *text = json_dumps(fields, JSON_COMPACT);
	json_decref(fields);
	char token[TOKEN_TEXT_SIZE];
	if (text && csrf &&
	    kept_form_keep(session, csrf, req->path, text, req->client_address, auth_now(), token) ==
	        HAVEN_OK) {
		struct buf cookie = BUF_INIT;
		buf_printf(&cookie, "%s=%s; Path=/; Max-Age=%d; HttpOnly; SameSite=Lax%s", KEPT_COOKIE, token,
		           KEPT_FORM_SECONDS, auth_get_settings()->secure_cookies ? "; Secure" : "");
		response_add_header_copy(answer, "Set-Cookie", buf_cstr(&cookie));
		buf_free(&cookie);
	}
	free(text);
	form_pairs_free(pairs, count);
}

/*
 * Finds who is signed in (bearer token first, then the session cookie),
 * and builds what every page shows of them: their name and the CSRF token
 * for forms. Anonymous browsers get a CSRF cookie of their own (double
 * submit) so that sign-in and other public forms are protected too.
 */
static enum haven_status identify(struct MHD_Connection *conn, struct exchange *ex, struct request *req,
                                  struct user *user)
{
	static _Thread_local char address[INET6_ADDRSTRLEN + 1];
	client_address(conn, address, sizeof address, &req->via_proxy);
	req->client_address = address;
	req->user = NULL;

	const char *authorization = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Authorization");
	const char *token = NULL;
	bool bearer = false;
	if (authorization && strncasecmp(authorization, "Bearer ", 7) == 0) {
		token = authorization + 7;
		bearer = true;
	} else {
		token = MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, auth_cookie_name());
	}
	if (token) {
		enum haven_status st = auth_authenticate(token, bearer, user);
		if (st == HAVEN_OK)
			req->user = user;
		else if (st != HAVEN_ERR_NOT_FOUND)
			return st;
	}

	ex->page = json_object();
	if (!req->api && req->route->page)
		page_model_nav(ex->page, req->route->pattern);
	if (req->user) {
		json_t *roles = json_array();
		for (unsigned r = 1; r <= ROLE_ALL; r <<= 1)
			if (user->roles & r)
				json_array_append_new(roles, json_string(role_name((enum role)r)));
		json_t *current =
		    json_pack("{s:s, s:s, s:o, s:b}", "name", user->name, "agency_name", user->agency_name,
		              "roles", roles, "second_factor_pending", user->second_factor_pending);
		if (!user->via_bearer)
			page_model_session_end(current, user);
		if (!user->via_bearer && !req->api && req->route->page && req->method == HTTP_GET)
			success_on_page(conn, ex, user);
		json_object_set_new(ex->page, "current_user", current);
		json_object_set_new(ex->page, "csrf_token", json_string(user->csrf_token));
		return HAVEN_OK;
	}
	if (req->api || !req->route->page)
		return HAVEN_OK; /* only pages carry forms; assets and health checks set no cookie */
	kept_form_on_page(conn, ex);
	const char *cookie = MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, CSRF_COOKIE);
	if (csrf_anonymous_valid(cookie)) {
		json_object_set_new(ex->page, "csrf_token", json_string(cookie));
		return HAVEN_OK;
	}
	char fresh[CSRF_ANONYMOUS_SIZE];
	csrf_anonymous_new(fresh);
	json_object_set_new(ex->page, "csrf_token", json_string(fresh));
	struct buf header = BUF_INIT;
	buf_printf(&header, "%s=%s; Path=/; HttpOnly; SameSite=Lax%s", CSRF_COOKIE, fresh,
	           auth_get_settings()->secure_cookies ? "; Secure" : "");
	ex->set_cookie = buf_steal(&header, NULL);
	return HAVEN_OK;
}

/*
 * Unsafe requests (POST, PUT, PATCH, DELETE) must prove they came from
 * Haven's own pages when the browser would send credentials by itself: a
 * session cookie, or any form posted to a page. The proof is the CSRF token,
 * in the form field csrf_token or the X-CSRF-Token header. Bearer tokens
 * are never sent by a browser on its own, so they need none.
 */
static bool csrf_ok(struct MHD_Connection *conn, struct exchange *ex, const struct request *req)
{
	if (req->method == HTTP_GET || req->method == HTTP_HEAD || req->method == HTTP_OPTIONS)
		return true;
	if (req->user && req->user->via_bearer)
		return true;
	bool cookie_session = req->user != NULL;
	if (!cookie_session && req->api)
		return true; /* anonymous API call: it carries no credentials to abuse */
	const char *expected = cookie_session
	                           ? req->user->csrf_token
	                           : MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, CSRF_COOKIE);
	if (!cookie_session && !csrf_anonymous_valid(expected))
		return false; /* a cookie Haven did not sign was planted, not issued */
	const char *given = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-CSRF-Token");
	if (!given && ex->submitted)
		given = json_string_value(json_object_get(ex->submitted, CSRF_FIELD));
	return expected && given && token_equal(expected, given);
}

/* Answers a request the policy refused. */
static enum MHD_Result refuse(struct MHD_Connection *conn, struct exchange *ex, const struct request *req,
                              enum decision decision, const struct resource *resource)
{
	struct response extra = {0};
	enum MHD_Result r;
	/* An attempt on a record without a relationship is worth knowing about
	 * (someone probing, or a relationship missing): the review sees it. */
	if ((decision == DECISION_NO_RELATIONSHIP || decision == DECISION_BREAK_GLASS) &&
	    policy_audited(req->route->action)) {
		char id[32];
		snprintf(id, sizeof id, "%lld", resource->id);
		struct audit_event e = {
		    .user_id = req->user->id,
		    .agency_id = req->user->agency_id,
		    .action = "access_refused",
		    .resource_type = resource->type,
		    .resource_id = id,
		    .reason = req->route->action,
		    .client_address = req->client_address,
		};
		if (auth_store_audit(&e) != HAVEN_OK ||
		    refusals_note(req->user, req->client_address, auth_now()) != HAVEN_OK)
			return send_error(conn, ex, req->api, 503, NULL, NULL, NULL);
	}
	switch (decision) {
	case DECISION_SIGN_IN:
	case DECISION_SECOND_FACTOR:
		if (req->api) {
			response_add_header(&extra, "WWW-Authenticate", "Bearer");
			r = send_error(conn, ex, 1, 401,
			               decision == DECISION_SIGN_IN
			                   ? "Sign in first: POST /api/v1/session."
			                   : "Finish signing in with your second factor first.",
			               NULL, &extra);
		} else {
			if (decision == DECISION_SIGN_IN)
				keep_form(conn, ex, req,
				          &extra); /* what was typed waits for them to sign in again */
			response_redirect(&extra, decision == DECISION_SIGN_IN ? "/sign-in"
			                                                       : "/sign-in/second-factor");
			r = send_response(conn, ex, 303, "text/plain; charset=utf-8", NULL,
			                  (char *)"Redirecting", 11, 1, &extra);
		}
		break;
	case DECISION_BREAK_GLASS:
		/* The user's role may see such records in an emergency, with a reason. */
		if (req->api) {
			r = send_error(
			    conn, ex, 1, 403,
			    "Your agency has no relationship to this record. To see it in an emergency, POST "
			    "{\"resource_type\", \"resource_id\", \"reason\"} to /api/v1/break-glass. "
			    "The reason is audited and reviewed.",
			    NULL, NULL);
		} else {
			json_t *model = json_pack(
			    "{s:s, s:s, s:I}", "title", "You do not have a relationship to this record",
			    "resource_type", resource->type, "resource_id", (json_int_t)resource->id);
			json_object_update_missing(model, ex->page);
			struct buf html = BUF_INIT;
			if (view_render("break-glass", model, &html) != HAVEN_OK)
				buf_append_str(&html, "Forbidden");
			json_decref(model);
			size_t len;
			char *body = buf_steal(&html, &len);
			r = send_response(conn, ex, 403, "text/html; charset=utf-8", NULL, body, len, 0,
			                  NULL);
		}
		break;
	case DECISION_NO_RELATIONSHIP:
		/* as if the record did not exist, so ids cannot be probed */
		r = send_error(conn, ex, req->api, 404, NULL, NULL, NULL);
		break;
	default: r = send_error(conn, ex, req->api, 403, NULL, NULL, NULL); break;
	}
	response_free(&extra);
	return r;
}

/*
 * Answers 429 to a user stopped by refusals.h, saying when to try again
 * (Retry-After). Not audited: the refusals that stopped them are, and
 * recording each further request would let them fill the trail.
 */
static enum MHD_Result refuse_stopped(struct MHD_Connection *conn, struct exchange *ex,
                                      const struct request *req, int64_t retry_after)
{
	char seconds[24], detail[200];
	snprintf(seconds, sizeof seconds, "%lld", (long long)retry_after);
	snprintf(
	    detail, sizeof detail,
	    "You have asked for too many records you have no relationship to. Try again in %lld minute%s; "
	    "the partnership's information governance team has been told.",
	    (long long)(retry_after + 59) / 60, retry_after > 60 ? "s" : "");
	struct response extra = {0};
	response_add_header_copy(&extra, "Retry-After", seconds);
	enum MHD_Result r = send_error(conn, ex, req->api, 429, detail, NULL, &extra);
	response_free(&extra);
	return r;
}

/*
 * Records that an answer of an audited action shows something: as `action`,
 * about the record the path names if that action is about one, with the
 * records the handler reported showing (the trail adds their children).
 */
static enum haven_status audit_shown(const struct request *req, const char *action, const char *reason,
                                     const struct response *res)
{
	const char *type = policy_resource_type(action);
	char id[32] = "";
	if (type)
		snprintf(id, sizeof id, "%lld",
		         (long long)json_integer_value(json_object_get(req->params, "id")));
	struct audit_event e = {
	    .user_id = req->user ? req->user->id : 0,
	    .agency_id = req->user ? req->user->agency_id : 0,
	    .action = action,
	    .resource_type = type,
	    .resource_id = type ? id : NULL,
	    .reason = reason,
	    .client_address = req->client_address,
	    .shown = res->shown,
	    .shown_count = res->shown_count,
	};
	return auth_store_audit(&e);
}

/*
 * Audits an answer before any of it is sent, when it shows something the
 * handler did not record itself: every GET of an audited action (whatever
 * the handler found); a page shown again after a failed change (a form's
 * errors, a refusal), which shows the record again (as the policy's
 * policy_shown_as read) or the records it reported. A change's own row,
 * and a search sent by POST, are the handler's to write (with the change,
 * and with the children found).
 */
static enum haven_status audit_answer(const struct request *req, enum haven_status handled,
                                      const struct response *res)
{
	const char *action = req->route->action;
	if (!policy_audited(action))
		return HAVEN_OK;
	if (req->method == HTTP_GET || req->method == HTTP_HEAD)
		return audit_shown(req, action, NULL, res);
	if (handled != HAVEN_OK)
		return HAVEN_OK;
	unsigned status = res->status ? res->status : 200;
	const char *shown_as = policy_shown_as(action);
	if (status >= 400 && !req->api && req->route->page && res->model && shown_as)
		return audit_shown(req, shown_as, NULL, res);
	/* no read to name: the change's own action, saying it did not happen */
	if (status >= 400 && !req->api && req->route->page && res->model && res->shown_count)
		return audit_shown(req, action, "shown again after a failed attempt", res);
	return HAVEN_OK;
}

/* ---- dispatch ---- */

static unsigned status_for(enum haven_status st)
{
	switch (st) {
	case HAVEN_OK: return 200;
	case HAVEN_ERR_INVALID: return 422;
	case HAVEN_ERR_NOT_FOUND: return 404;
	case HAVEN_ERR_CONFLICT: return 409;
	case HAVEN_ERR_TOO_LARGE: return 413;
	case HAVEN_ERR_DENIED: return 403;
	case HAVEN_ERR_DB: return 503;
	default: return 500;
	}
}

/*
 * An answer Haven built that is over --max-response: refused whole, with
 * 500 and a log line naming the route (never the path), so no response is
 * ever larger than the limit however much data a bug lets through.
 */
static enum MHD_Result refuse_oversized(struct MHD_Connection *conn, struct exchange *ex,
                                        const struct request *req, char *body, size_t len)
{
	free(body);
	log_error("the answer to %s would be %zu bytes, over the %zu-byte limit (--max-response): not sent",
	          req->route ? req->route->pattern : "?", len, config->max_response);
	return send_error(conn, ex, req->api, 500, NULL, NULL, NULL);
}

/* Sends what a handler produced: a raw body, JSON, or its page. */
static enum MHD_Result send_result(struct MHD_Connection *conn, struct exchange *ex, struct request *req,
                                   struct response *res)
{
	unsigned status = res->status ? res->status : 200;
	if (res->body || res->body_owned) {
		const char *data = res->body_owned ? res->body_owned : res->body;
		char *copy = res->body_owned;
		res->body_owned = NULL;
		if (copy && res->body_len > config->max_response && !res->body_is_stored_file)
			return refuse_oversized(conn, ex, req, copy, res->body_len);
		return send_response(
		    conn, ex, status, res->content_type ? res->content_type : "application/octet-stream",
		    res->cache_control, copy ? copy : (char *)data, res->body_len, copy == NULL, res);
	}
	json_t *model = res->model ? res->model : json_object();
	if (!res->model)
		res->model = model;
	if (req->api || !req->route->page) {
		char *body = json_dumps(model, JSON_COMPACT | JSON_PRESERVE_ORDER);
		if (!body)
			return send_error(conn, ex, req->api, 500, NULL, NULL, NULL);
		size_t len = strlen(body);
		if (len > config->max_response)
			return refuse_oversized(conn, ex, req, body, len);
		return send_response(conn, ex, status,
		                     res->content_type ? res->content_type : "application/json",
		                     res->cache_control, body, len, 0, res);
	}
	page_model_date_inputs(model, ex->submitted, router_date_fields(router));
	page_model_instants(model);
	page_model_dates(model);
	if (ex->page)
		json_object_update_missing(model, ex->page);
	struct buf html = BUF_INIT;
	const char *page = res->page ? res->page : req->route->page;
	enum haven_status rendered = view_render(page, model, &html);
	/* the error summary lists the errors in the form's order: known only once the page is drawn */
	json_t *in_order = rendered == HAVEN_OK
	                       ? errors_in_page_order(json_object_get(model, "errors"), buf_cstr(&html))
	                       : NULL;
	if (in_order) {
		json_object_set_new(model, "errors", in_order);
		buf_reset(&html);
		rendered = view_render(page, model, &html);
	}
	if (rendered != HAVEN_OK) {
		buf_free(&html);
		log_error("cannot render page %s", page);
		return send_error(conn, ex, 0, 500, NULL, NULL, NULL);
	}
	size_t len;
	char *body = buf_steal(&html, &len);
	if (len > config->max_response)
		return refuse_oversized(conn, ex, req, body, len);
	return send_response(conn, ex, status, "text/html; charset=utf-8", res->cache_control, body, len, 0,
	                     res);
}

/*
 * A page whose input failed validation: the route's redisplay handler builds
 * the page again, and the errors go on it the GOV.UK way (a summary at the
 * top, each message by its field: "errors" and "error_for.NAME").
 * req->input keeps the fields that passed validation (typed, as a handler
 * sees them), so a handler that marks its own options chosen from the input
 * (a <select>'s option, a radio, checkboxes) shows them chosen again, as
 * it does after an error it found itself; a field that failed is left out.
 */
static enum MHD_Result redisplay(struct MHD_Connection *conn, struct exchange *ex, struct request *req,
                                 unsigned status, json_t *errors)
{
	struct response res = {0};
	if (!req->input)
		req->input = json_object();
	enum haven_status st = req->route->redisplay(req, &res);
	if (st != HAVEN_OK) {
		response_free(&res);
		return send_error(conn, ex, 0, status_for(st), NULL, NULL, NULL);
	}
	if (!res.model)
		res.model = json_object();
	/* what the user typed comes back too, so the form shows it again */
	errors_on_page(res.model, errors, ex->submitted);
	res.status = status;
	st = audit_answer(req, HAVEN_OK, &res);
	if (st != HAVEN_OK) {
		response_free(&res);
		return send_error(conn, ex, 0, status_for(st), NULL, NULL, NULL);
	}
	enum MHD_Result r = send_result(conn, ex, req, &res);
	response_free(&res);
	return r;
}

/*
 * Gives what a handler said about how the request ended (router/request.h:
 * response_error, response_created, response_done) the face its asker
 * needs. Errors: problem+json for the API; for a browser the page again,
 * built by the handler or by the route's redisplay, with the error summary
 * and what was typed (a page with neither is left without a model, for
 * dispatch to answer with an error page). A change made: a 303 for a
 * browser; for the API, the record as it now is (api_answer) or the model.
 */
static enum haven_status settle(struct request *req, struct response *res)
{
	if (res->errors && json_array_size(res->errors)) {
		unsigned status = res->status >= 400 ? res->status : 422;
		if (req->api || !req->route->page) {
			errors_respond(res, status, json_incref(res->errors));
			return HAVEN_OK;
		}
		if (!res->model && req->route->redisplay) {
			enum haven_status st = req->route->redisplay(req, res);
			if (st != HAVEN_OK)
				return st;
		}
		if (res->model) {
			/* what was typed goes back on the form, but never a password or a code */
			json_t *typed = json_copy(req->input);
			const char *name;
			void *tmp;
			json_t *value;
			json_object_foreach_safe(typed, tmp, name, value)
			{
				if (fields_secret(req->route->body, name) ||
				    fields_secret(req->route->query, name))
					json_object_del(typed, name);
			}
			errors_on_page(res->model, res->errors, typed);
			json_decref(typed);
		}
		res->status = status;
		return HAVEN_OK;
	}
	if (!res->done)
		return HAVEN_OK;
	if (req->api)
		return res->api_answer ? res->api_answer(req, res) : HAVEN_OK;
	response_redirect(res, res->done);
	/* the page it leads to says it was done: one banner for every change (auth/flash.h) */
	const char *success = res->success ? res->success : RESPONSE_SUCCESS_DEFAULT;
	if (req->user && !req->user->via_bearer && *success) {
		struct buf cookie = BUF_INIT;
		buf_printf(&cookie, "%s=", FLASH_COOKIE);
		flash_seal(&cookie, success, req->user->csrf_token);
		buf_printf(&cookie, "; Path=/; Max-Age=300; HttpOnly; SameSite=Lax%s",
		           auth_get_settings()->secure_cookies ? "; Secure" : "");
		response_add_header_copy(res, "Set-Cookie", buf_cstr(&cookie));
		buf_free(&cookie);
	}
	return HAVEN_OK;
}

/* ---- check your answers (router.h, struct check_step) ---- */

enum check_stage {
	CHECK_SHOW,      /* a form to check: show its answers */
	CHECK_CHANGE,    /* Change pressed on the check page: the form again, as typed */
	CHECK_CONFIRMED, /* posted from the check page with the answers it showed: make the change */
};

/* Where a browser's valid post to a route with a check step is. */
static enum check_stage check_stage(const struct exchange *ex, const struct request *req)
{
	if (json_object_get(ex->submitted, CHECK_CHANGE_FIELD) && req->route->redisplay)
		return CHECK_CHANGE;
	const char *signature = json_string_value(json_object_get(ex->submitted, CHECK_CONFIRM_FIELD));
	if (!signature)
		return CHECK_SHOW;
	json_t *answers = check_answers_new(ex->submitted);
	bool ok = check_signature_ok(req->user, req->path, answers, signature);
	json_decref(answers);
	return ok ? CHECK_CONFIRMED : CHECK_SHOW;
}

/*
 * The check page (templates/check-answers.mustache), or the form again when
 * Change was pressed. Either shows the record, so it is audited as the
 * record's read (the rule's shown_as) or else as the action, saying it was
 * only shown.
 */
static enum MHD_Result answer_check(struct MHD_Connection *conn, struct exchange *ex, struct request *req,
                                    enum check_stage stage)
{
	const struct check_step *check = req->route->check;
	struct response res = {0};
	enum haven_status st;
	if (stage == CHECK_CHANGE) {
		st = req->route->redisplay(req, &res);
		if (st == HAVEN_OK) {
			if (!res.model)
				res.model = json_object();
			json_t *none = json_array();
			errors_on_page(res.model, none, ex->submitted);
			json_decref(none);
			json_object_del(res.model, "errors");
			json_object_del(res.model, "has_errors");
		}
	} else {
		st = check->answers(req, &res);
		if (st == HAVEN_OK && res.errors)
			st = settle(req, &res);
		else if (st == HAVEN_OK) {
			if (!res.model)
				res.model = json_object();
			json_t *answers = check_answers_new(ex->submitted);
			char signature[CHECK_SIGNATURE_SIZE];
			check_sign(req->user, req->path, answers, signature);
			json_t *hidden = json_array();
			const char *name;
			json_t *value;
			json_object_foreach(answers, name, value) json_array_append_new(
			    hidden, json_pack("{s:s, s:O}", "name", name, "value", value));
			json_decref(answers);
			json_object_set_new(res.model, "check",
			                    json_pack("{s:s, s:s, s:s, s:s, s:o}", "title", check->title,
			                              "button", check->button, "action", req->path,
			                              "signature", signature, "hidden", hidden));
			if (!json_object_get(res.model, "title"))
				json_object_set_new(res.model, "title", json_string(check->title));
			res.page = "check-answers";
		}
	}
	if (st == HAVEN_OK && res.errors && !res.model) {
		enum MHD_Result r = send_error(conn, ex, 0, res.status, NULL, res.errors, NULL);
		response_free(&res);
		return r;
	}
	const char *action = req->route->action;
	if (st == HAVEN_OK && policy_audited(action)) {
		const char *shown_as = policy_shown_as(action);
		st = shown_as ? audit_shown(req, shown_as, NULL, &res)
		              : audit_shown(req, action, "shown to check before the change", &res);
	}
	enum MHD_Result r = st == HAVEN_OK ? send_result(conn, ex, req, &res)
	                                   : send_error(conn, ex, 0, status_for(st), NULL, NULL, NULL);
	response_free(&res);
	return r;
}

/* Counts the Host header lines of a request. */
static enum MHD_Result count_host(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	(void)value;
	if (strcasecmp(key, "Host") == 0)
		(*(unsigned *)cls)++;
	return MHD_YES;
}

/*
 * Requests the server refuses before routing: a request line and headers
 * over --max-header (431: libmicrohttpd's own 431 would carry no security
 * headers, so its limit is set higher and this one answers first), and an
 * HTTP/1.1 request without exactly one Host (400, RFC 9112 section 3.2),
 * and a client behind the proxy with too many requests in flight (429).
 * Each closes the connection: the client is broken, hostile or too busy.
 */
static enum MHD_Result refuse_before_routing(struct MHD_Connection *conn, struct exchange *ex, bool api,
                                             const char *version, bool *refused)
{
	*refused = true;
	struct response close = {0};
	response_add_header(&close, "Connection", "close");
	const union MHD_ConnectionInfo *size =
	    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_REQUEST_HEADER_SIZE);
	if (size && size->header_size > config->max_header)
		return send_error(conn, ex, api, 431,
		                  "The request's headers are larger than this service accepts.", NULL,
		                  &close);
	unsigned hosts = 0;
	MHD_get_connection_values(conn, MHD_HEADER_KIND, count_host, &hosts);
	if (strcmp(version, MHD_HTTP_VERSION_1_1) == 0 && hosts != 1)
		return send_error(conn, ex, api, 400,
		                  hosts ? "The request names more than one host (Host header)."
		                        : "An HTTP/1.1 request must name the host it is for (a Host header).",
		                  NULL, &close);
	/* Behind the proxy one connection may carry many clients, so the
	 * per-address limit counts each forwarded client's requests in flight,
	 * from its headers (its body may still be coming) to its answer. */
	struct guard_conn *guard = guard_of(conn);
	if (guard_from_proxy(guard)) {
		char client[INET6_ADDRSTRLEN + 1];
		bool via_proxy;
		client_address(conn, client, sizeof client, &via_proxy);
		if (!guard_admit_forwarded(guard, client)) {
			struct response extra = {0};
			response_add_header(&extra, "Retry-After", "1");
			response_add_header(&extra, "Connection", "close");
			return send_error(
			    conn, ex, api, 429,
			    "Too many requests at once from your address. Wait a moment and try again.", NULL,
			    &extra);
		}
	}
	*refused = false;
	return MHD_YES;
}

/* The browser's kept-form token, if it sent one that could be one. */
static const char *kept_cookie(struct MHD_Connection *conn)
{
	const char *kept = MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, KEPT_COOKIE);
	return kept && strlen(kept) == TOKEN_TEXT_SIZE - 1 ? kept : NULL;
}

/* Forgets what identify() found, for a request that goes on to be dispatched as usual. */
static void unidentify(struct exchange *ex)
{
	json_decref(ex->page);
	ex->page = NULL;
	free(ex->set_cookie);
	ex->set_cookie = NULL;
}

/*
 * A signed-in browser's GET of the address a form it sent after its
 * session ended was kept for (auth/kept.h): the form that address takes,
 * shown again by its route's redisplay with what was typed and a notice
 * to check it and send it again. The form is taken (shown once) and the
 * cookie cleared. *handled is false, and nothing sent, when this is not
 * such a request (the usual route then answers it).
 */
static enum MHD_Result restore_kept_form(struct MHD_Connection *conn, struct exchange *ex, const char *url,
                                         bool *handled)
{
	*handled = false;
	const char *kept = kept_cookie(conn);
	struct request req = {.method = HTTP_GET, .path = url, .header = request_header, .conn = conn};
	unsigned allowed = 0;
	const struct route *route = NULL;
	if (!kept || router_match(router, HTTP_POST, url, &route, &req.params, &allowed) != ROUTE_FOUND)
		return MHD_YES;
	struct user user;
	char *path = NULL, *fields = NULL;
	req.route = route;
	struct resource resource = {.type = policy_resource_type(route->action)};
	if (resource.type)
		resource.id = json_integer_value(json_object_get(req.params, "id"));
	if (!route->page || !route->redisplay || identify(conn, ex, &req, &user) != HAVEN_OK || !req.user ||
	    user.second_factor_pending || kept_form_path(kept, user.id, auth_now(), &path) != HAVEN_OK ||
	    strcmp(path, url) != 0 || policy_decide(req.user, route->action, &resource) != DECISION_ALLOW ||
	    kept_form_take(kept, user.id, user.agency_id, url, req.client_address, auth_now(), &fields) !=
	        HAVEN_OK) {
		free(path);
		unidentify(ex);
		json_decref(req.params);
		return MHD_YES;
	}
	free(path);
	*handled = true;
	ex->route_pattern = route->pattern;
	struct response res = {0};
	req.input = json_object();
	enum haven_status st = route->redisplay(&req, &res);
	enum MHD_Result r;
	if (st == HAVEN_OK) {
		if (!res.model)
			res.model = json_object();
		page_model_kept_fields(res.model, fields);
		/* showing the form again may show a record (a child's): audited as its read */
		const char *shown_as = policy_shown_as(route->action);
		if (policy_audited(route->action))
			st = audit_shown(&req, shown_as ? shown_as : route->action,
			                 shown_as ? NULL : "a form kept when the session ended, shown again",
			                 &res);
	}
	struct buf clear = BUF_INIT;
	buf_printf(&clear, "%s=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax%s", KEPT_COOKIE,
	           auth_get_settings()->secure_cookies ? "; Secure" : "");
	response_add_header_copy(&res, "Set-Cookie", buf_cstr(&clear));
	buf_free(&clear);
	r = st == HAVEN_OK ? send_result(conn, ex, &req, &res)
	                   : send_error(conn, ex, 0, status_for(st), NULL, NULL, &res);
	response_free(&res);
	free(fields);
	json_decref(req.params);
	json_decref(req.input);
	return r;
}

static enum MHD_Result dispatch(struct MHD_Connection *conn, struct exchange *ex, const char *url,
                                const char *method)
{
	struct request req = {
	    .method = parse_method(method),
	    .path = url,
	    .api = strncmp(url, "/api/", 5) == 0 || strcmp(url, "/api") == 0,
	    .header = request_header,
	    .conn = conn,
	};
	if (req.method == HTTP_GET && !req.api && kept_cookie(conn)) {
		bool handled;
		enum MHD_Result r = restore_kept_form(conn, ex, url, &handled);
		if (handled)
			return r;
	}
	unsigned allowed = 0;
	const struct route *route = NULL;
	enum route_match m = router_match(router, req.method, url, &route, &req.params, &allowed);
	if (m == ROUTE_NOT_FOUND)
		return send_error(conn, ex, req.api, 404, NULL, NULL, NULL);
	if (m == ROUTE_WRONG_METHOD) {
		static _Thread_local char allow[64];
		struct response extra = {0};
		router_allow_header(allowed, allow, sizeof allow);
		response_add_header(&extra, "Allow", allow);
		return send_error(conn, ex, req.api, 405, NULL, NULL, &extra);
	}
	req.route = route;
	ex->route_pattern = route->pattern;

	struct user user;
	enum haven_status st = identify(conn, ex, &req, &user);
	if (st != HAVEN_OK) {
		json_decref(req.params);
		return send_error(conn, ex, req.api, status_for(st), NULL, NULL, NULL);
	}
	/* someone stopped after too many refused records gets none of the audited data for a while */
	int64_t retry_after = 0;
	if (req.user && policy_audited(route->action) &&
	    refusals_blocked(req.user->id, auth_now(), &retry_after)) {
		json_decref(req.params);
		return refuse_stopped(conn, ex, &req, retry_after);
	}
	struct resource resource = {.type = policy_resource_type(route->action)};
	if (resource.type)
		resource.id = json_integer_value(json_object_get(req.params, "id"));
	enum decision decision = policy_decide(req.user, route->action, &resource);
	if (decision != DECISION_ALLOW) {
		json_decref(req.params);
		return refuse(conn, ex, &req, decision, &resource);
	}
	/* signed in again with a form kept from the session that ended: back to it first */
	char *kept_path = NULL;
	if (req.method == HTTP_GET && !req.api && req.user && !req.user->via_bearer &&
	    strcmp(url, SIGNED_IN_LANDING) == 0 && kept_cookie(conn) &&
	    kept_form_path(kept_cookie(conn), req.user->id, auth_now(), &kept_path) == HAVEN_OK) {
		struct response back = {0};
		response_redirect(&back, kept_path);
		free(kept_path);
		json_decref(req.params);
		enum MHD_Result r = send_response(conn, ex, 303, "text/plain; charset=utf-8", NULL,
		                                  (char *)"Redirecting", 11, 1, &back);
		response_free(&back);
		return r;
	}

	json_t *errors = json_array();
	const char *detail = NULL;
	enum MHD_Result r;
	unsigned bad = validate_input(conn, ex, &req, errors, &detail);
	/* A body that could not be read at all (400, 415) or holds too large a file (413) is answered
	 * as such; anything readable must prove where it came from before it is used. */
	bool unreadable =
	    bad == 415 || bad == 413 || (bad == 400 && req.method != HTTP_GET && req.method != HTTP_HEAD);
	if (!unreadable && !csrf_ok(conn, ex, &req)) {
		r = send_error(conn, ex, req.api, 403,
		               "The form has expired or did not come from Haven. Go back, reload the page "
		               "and try again.",
		               NULL, NULL);
		goto out;
	}
	if (bad) {
		if (!req.api && route->page && route->redisplay && json_array_size(errors))
			r = redisplay(conn, ex, &req, bad, errors);
		else
			r = send_error(conn, ex, req.api, bad, detail, errors, NULL);
		goto out;
	}
	/* a person checks a change that cannot be undone before it is made; a system sends it at once */
	if (route->check && !req.api && req.user && (!route->check->needed || route->check->needed(&req))) {
		enum check_stage stage = check_stage(ex, &req);
		if (stage != CHECK_CONFIRMED) {
			r = answer_check(conn, ex, &req, stage);
			goto out;
		}
	}
	struct upload file = {(const unsigned char *)buf_cstr(&ex->file), ex->file.len};
	if (route->max_file)
		req.file = &file;
	struct response res = {0};
	st = route->handler(&req, &res);
	if (st == HAVEN_OK)
		st = settle(&req, &res);
	if (st == HAVEN_OK && res.errors && !res.model) {
		/* a page with no form to show again: the errors on a page of their own */
		r = send_error(conn, ex, 0, res.status, NULL, res.errors, NULL);
		response_free(&res);
		goto out;
	}
	/* What an answer shows is audited (durably) before any of it is sent;
	 * changes write their rows in the same transaction as the change. */
	enum haven_status audited = audit_answer(&req, st, &res);
	if (audited != HAVEN_OK)
		r = send_error(conn, ex, req.api, status_for(audited), NULL, NULL, NULL);
	else if (st != HAVEN_OK)
		r = send_error(conn, ex, req.api, status_for(st), NULL, NULL, NULL);
	else
		r = send_result(conn, ex, &req, &res);
	response_free(&res);
out:
	json_decref(errors);
	json_decref(req.params);
	json_decref(req.input);
	return r;
}

/* 413, naming the limit when the route takes a file. */
static enum MHD_Result send_too_large(struct MHD_Connection *conn, struct exchange *ex, const char *url)
{
	return send_error(conn, ex, strncmp(url, "/api/", 5) == 0, 413,
	                  ex->max_file ? too_large_detail(ex->max_file) : NULL, NULL, NULL);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                                  const char *version, const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
	(void)cls;
	struct exchange *ex = *con_cls;
	if (!ex) {
		ex = xcalloc(1, sizeof *ex);
		clock_gettime(CLOCK_MONOTONIC, &ex->started);
		ex->method = method;
		*con_cls = ex;
		guard_headers_done(guard_of(conn));
		bool refused;
		enum MHD_Result r =
		    refuse_before_routing(conn, ex, strncmp(url, "/api/", 5) == 0, version, &refused);
		if (refused) {
			guard_answering(guard_of(conn));
			return r;
		}
		const char *length = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
		unsigned long long announced = length ? strtoull(length, NULL, 10) : 0;
		set_body_limit(ex, url, method);
		if (announced > ex->body_limit) {
			ex->too_large = 1;
			/*
			 * Answer before the body when the client waits for permission
			 * (Expect: 100-continue) or the body is far too large to read.
			 * Otherwise the client is already sending: answering now
			 * would close the socket under it and it might never see
			 * the 413, so the body is read, discarded and answered below.
			 */
			const char *expect = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Expect");
			if ((expect && strcasecmp(expect, "100-continue") == 0) ||
			    announced > DISCARD_FACTOR * (unsigned long long)ex->body_limit) {
				guard_answering(guard_of(conn));
				return send_too_large(conn, ex, url);
			}
		}
		return MHD_YES;
	}
	if (*upload_data_size) {
		size_t size = *upload_data_size;
		*upload_data_size = 0;
		guard_body_received(guard_of(conn), size);
		if (!ex->too_large && ex->body.len + size <= ex->body_limit) {
			buf_append(&ex->body, upload_data, size);
			return MHD_YES;
		}
		/*
		 * Too large. libmicrohttpd can only answer once the body has
		 * ended, so read and discard up to a bound, then answer 413; a
		 * client still sending past the bound (chunked, so it announced
		 * no length) is cut off.
		 */
		ex->too_large = 1;
		ex->discarded += size;
		return ex->discarded <= DISCARD_FACTOR * ex->body_limit ? MHD_YES : MHD_NO;
	}
	if (ex->status)
		return MHD_YES; /* already answered (the 413 above) */
	guard_answering(guard_of(conn));
	if (ex->too_large)
		return send_too_large(conn, ex, url);
	return dispatch(conn, ex, url, method);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	guard_request_done(guard_of(conn));
	struct exchange *ex = *con_cls;
	if (!ex)
		return;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	double ms = (double)(now.tv_sec - ex->started.tv_sec) * 1e3 +
	            (double)(now.tv_nsec - ex->started.tv_nsec) / 1e6;
	json_t *line = json_object();
	json_object_set_new(line, "time", json_string(""));
	json_object_set_new(line, "event", json_string("request"));
	json_object_set_new(line, "method", json_string(ex->method ? ex->method : "-"));
	json_object_set_new(line, "route", json_string(ex->route_pattern ? ex->route_pattern : "-"));
	json_object_set_new(line, "status", json_integer(ex->status));
	json_object_set_new(line, "duration_ms", json_real((double)(long long)(ms * 1000) / 1000.0));
	if (toe != MHD_REQUEST_TERMINATED_COMPLETED_OK)
		json_object_set_new(line, "terminated", json_integer(toe));
	log_json(line);
	if (ex->status)
		metrics_observe_request(ex->method, ex->route_pattern, ex->status, ms / 1000.0);
	buf_free(&ex->body);
	buf_free(&ex->file);
	json_decref(ex->submitted);
	json_decref(ex->page);
	free(ex->set_cookie);
	free(ex);
	*con_cls = NULL;
}

/* The connection figures for /metrics. */
static void connection_metrics(struct buf *out)
{
	struct guard_stats s = guard_stats();
	metrics_write_value(out, "haven_http_connections_open", "gauge", "Connections open now.",
	                    guard_open_connections());
	metrics_write_family(out, "haven_http_connections_closed_total", "counter",
	                     "Connections the server closed or refused to protect itself, by reason.");
	const struct {
		const char *reason;
		unsigned long long count;
	} reasons[] = {
	    {"header_timeout", s.header_timeouts},
	    {"body_too_slow", s.body_too_slow},
	    {"evicted_when_full", s.evicted},
	    {"over_max_per_ip", s.over_per_ip},
	};
	for (size_t i = 0; i < sizeof reasons / sizeof reasons[0]; i++) {
		const char *labels[] = {"reason", reasons[i].reason, NULL};
		metrics_write_sample(out, "haven_http_connections_closed_total", labels,
		                     (double)reasons[i].count);
	}
	metrics_write_value(
	    out, "haven_http_forwarded_refused_total", "counter",
	    "Requests through the trusted proxy answered 429: their client had --max-per-ip in flight.",
	    (double)s.forwarded_refused);
}

/* Connections open and close: the guard follows each (guard.h). */
static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
	(void)cls;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *fd =
		    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
		const union MHD_ConnectionInfo *peer =
		    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		*socket_context = fd ? guard_opened(fd->connect_fd, peer ? peer->client_addr : NULL) : NULL;
	} else {
		guard_closed(*socket_context);
		*socket_context = NULL;
	}
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	struct buf msg = BUF_INIT;
	buf_vprintf(&msg, fmt, ap);
	while (msg.len && msg.data[msg.len - 1] == '\n')
		msg.data[--msg.len] = '\0';
	log_error("http: %s", buf_cstr(&msg));
	buf_free(&msg);
}

static void stop_signal_set(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGTERM);
}

void server_block_stop_signals(void)
{
	sigset_t set;
	stop_signal_set(&set);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
}

/* Parses "HOST:PORT" or "[V6]:PORT" into a socket address. */
static int parse_listen(const char *listen, struct sockaddr_storage *addr, int *ipv6)
{
	const char *colon = strrchr(listen, ':');
	if (!colon || colon == listen)
		return -1;
	char *end;
	unsigned long port = strtoul(colon + 1, &end, 10);
	if (*end || colon[1] == '\0' || port > 65535)
		return -1;
	memset(addr, 0, sizeof *addr);
	char host[64];
	size_t hlen = (size_t)(colon - listen);
	if (listen[0] == '[') {
		if (hlen < 3 || listen[hlen - 1] != ']' || hlen - 2 >= sizeof host)
			return -1;
		memcpy(host, listen + 1, hlen - 2);
		host[hlen - 2] = '\0';
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)addr;
		a->sin6_family = AF_INET6;
		a->sin6_port = htons((uint16_t)port);
		*ipv6 = 1;
		return inet_pton(AF_INET6, host, &a->sin6_addr) == 1 ? 0 : -1;
	}
	if (hlen >= sizeof host)
		return -1;
	memcpy(host, listen, hlen);
	host[hlen] = '\0';
	if (strcmp(host, "localhost") == 0)
		strcpy(host, "127.0.0.1");
	struct sockaddr_in *a = (struct sockaddr_in *)addr;
	a->sin_family = AF_INET;
	a->sin_port = htons((uint16_t)port);
	*ipv6 = 0;
	return inet_pton(AF_INET, host, &a->sin_addr) == 1 ? 0 : -1;
}

bool server_address_canonical(const char *address, char *out, size_t size)
{
	unsigned char parsed[sizeof(struct in6_addr)];
	if (inet_pton(AF_INET, address, parsed) == 1)
		return inet_ntop(AF_INET, parsed, out, (socklen_t)size) != NULL;
	if (inet_pton(AF_INET6, address, parsed) == 1)
		return inet_ntop(AF_INET6, parsed, out, (socklen_t)size) != NULL;
	return false;
}

bool server_listen_valid(const char *listen)
{
	struct sockaddr_storage addr;
	int ipv6;
	return parse_listen(listen, &addr, &ipv6) == 0;
}

enum haven_status server_run(const struct server_config *cfg, const struct router *r, char **err)
{
	struct sockaddr_storage addr;
	int ipv6 = 0;
	if (parse_listen(cfg->listen, &addr, &ipv6) != 0) {
		struct buf b = BUF_INIT;
		buf_printf(&b, "--listen %s is not HOST:PORT with a numeric address (like 127.0.0.1:8080)",
		           cfg->listen);
		*err = buf_steal(&b, NULL);
		return HAVEN_ERR_INVALID;
	}
	config = cfg;
	router = r;
	struct guard_config guard = {
	    .header_timeout = cfg->header_timeout,
	    .min_body_rate = cfg->min_body_rate,
	    .max_connections = cfg->max_connections,
	    .max_per_ip = cfg->max_per_ip,
	    .trusted_proxy = cfg->trusted_proxy,
	};
	if (guard_start(&guard) != HAVEN_OK) {
		*err = xstrdup("cannot start the connection guard's thread");
		return HAVEN_ERR_INTERNAL;
	}
	metrics_add_collector(connection_metrics);

	/* server_block_stop_signals() was called before any thread started,
	 * so SIGINT/SIGTERM reach only the sigwait below. */
	sigset_t stop_signals;
	stop_signal_set(&stop_signals);
	signal(SIGPIPE, SIG_IGN);

	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG;
	if (ipv6)
		flags |= MHD_USE_IPv6;
	struct MHD_Daemon *daemon = MHD_start_daemon(
	    flags, 0, NULL, NULL, on_request, NULL,
	    /* the logger must come first so errors in later options reach it */
	    MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)cfg->threads, MHD_OPTION_CONNECTION_LIMIT,
	    (unsigned int)cfg->max_connections,
	    /* (the per-address limit is the guard's: it knows the trusted proxy) */
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)cfg->idle_timeout,
	    /* Room for headers up to HEADER_ROOM times --max-header, so that
	     * refuse_before_routing answers 431 with Haven's headers, not
	     * libmicrohttpd with none. */
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)cfg->max_header * HEADER_ROOM,
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL, MHD_OPTION_NOTIFY_CONNECTION, on_connection,
	    NULL, MHD_OPTION_END);
	if (!daemon) {
		guard_stop();
		struct buf b = BUF_INIT;
		buf_printf(&b, "cannot listen on %s (is the port in use?)", cfg->listen);
		*err = buf_steal(&b, NULL);
		return HAVEN_ERR_IO;
	}
	log_info("serving on http://%s", cfg->listen);

	int sig = 0;
	sigwait(&stop_signals, &sig);
	log_info("received %s: finishing requests in flight", sig == SIGINT ? "SIGINT" : "SIGTERM");

	MHD_socket listener = MHD_quiesce_daemon(daemon);
	if (listener != MHD_INVALID_SOCKET)
		close(listener);
	/* No new request is taken on kept-alive connections either: those
	 * waiting for one are closed now, and the rest close once answered
	 * (Connection: close). Then wait for every connection to be gone, up to
	 * the grace period, so every request taken is answered; stopping the
	 * daemon earlier could save a write and never say so. Further signals
	 * (impatient operators, supervisors) are noted and ignored: the grace
	 * period already bounds the wait. */
	guard_drain();
	struct timespec tick = {0, 20 * 1000 * 1000};
	for (unsigned waited = 0; waited < cfg->shutdown_grace * 50u; waited++) {
		if (guard_open_connections() == 0)
			break;
		if (sigtimedwait(&stop_signals, NULL, &tick) > 0)
			log_info("received another signal: still finishing requests in flight");
	}
	MHD_stop_daemon(daemon);
	guard_stop();
	log_flush_suppressed();
	log_info("stopped");
	return HAVEN_OK;
}
