/*
 * send.c — sending an answer: Haven's security headers on every response,
 * compression where it is safe, and error answers in the asker's face
 * (problem+json or the error page). See exchange.h.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http/compress.h"
#include "http/exchange.h"
#include "http/guard.h"
#include "router/errors.h"
#include "store/store.h"
#include "view/view.h"

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

static const char csp[] = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                          "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
                          "form-action 'self'; frame-ancestors 'none'";

/*
 * The answer with Haven's security headers, compressed when allowed, with
 * `extra`'s headers and the exchange's cookie: everything but the status
 * and whether the connection stays open. NULL if it cannot be made (the
 * body freed unless static).
 */
static struct MHD_Response *response_new(struct MHD_Connection *conn, const struct exchange *ex,
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
		return NULL;
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
	return resp;
}

enum MHD_Result http_queue(struct MHD_Connection *conn, struct exchange *ex, unsigned status,
                           struct MHD_Response *resp)
{
	/* Shutting down: this is the connection's last answer (guard.h). Asked
	 * now, not when the answer was made: a held one may outlast the start. */
	if (guard_draining())
		MHD_add_response_header(resp, "Connection", "close");
	if (ex)
		ex->status = status;
	enum MHD_Result r = MHD_queue_response(conn, status, resp);
	MHD_destroy_response(resp);
	return r;
}

enum MHD_Result http_send(struct MHD_Connection *conn, struct exchange *ex, unsigned status,
                          const char *content_type, const char *cache_control, char *body, size_t len,
                          int body_is_static, const struct response *extra)
{
	struct MHD_Response *resp =
	    response_new(conn, ex, content_type, cache_control, body, len, body_is_static, extra);
	if (!resp)
		return MHD_NO;
	if (ex && ex->hold) {
		ex->held = resp;
		ex->held_status = status;
		return MHD_YES;
	}
	return http_queue(conn, ex, status, resp);
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
enum MHD_Result http_send_error(struct MHD_Connection *conn, struct exchange *ex, int api, unsigned status,
                                const char *detail, json_t *errors, const struct response *extra)
{
	if (!detail)
		detail = status_detail(status);
	if (api) {
		json_t *problem = errors_problem(status, detail, errors);
		char *body = json_dumps(problem, JSON_COMPACT);
		json_decref(problem);
		size_t len = body ? strlen(body) : 0;
		return http_send(conn, ex, status, "application/problem+json", NULL, body, len, 0, extra);
	}
	json_t *model = json_pack("{s:s, s:i}", "title", errors_status_title(status), "status", (int)status);
	if (detail)
		json_object_set_new(model, "detail", json_string(detail));
	if (errors && json_array_size(errors))
		errors_on_page(model, errors, NULL);
	http_once_error_token(ex);
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
	return http_send(conn, ex, status, "text/html; charset=utf-8", NULL, body, len, 0, extra);
}
