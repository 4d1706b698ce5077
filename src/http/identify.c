/*
 * identify.c — who is asking, and whether an unsafe request proves it came
 * from Haven's own pages: the bearer token or session cookie read into the
 * request's user, what every page shows of them (their name, the session's
 * end, the CSRF token for its forms, the anonymous CSRF cookie), and the
 * CSRF check. See exchange.h.
 */
#include <arpa/inet.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "auth/csrf.h"
#include "auth/session.h"
#include "auth/token.h"
#include "core/buf.h"
#include "http/cookie.h"
#include "http/exchange.h"
#include "http/page_model.h"

const char *http_request_header(const struct request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

/* A browser sends its cookies in one Cookie header (RFC 6265, 5.4); a second one is not read. */
bool http_cookie(struct MHD_Connection *conn, const char *name, char *out, size_t size)
{
	return cookie_value(MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_COOKIE), name,
	                    out, size);
}

bool http_request_cookie(const struct request *req, const char *name, char *out, size_t size)
{
	return http_cookie(req->conn, name, out, size);
}

/*
 * Finds who is signed in (bearer token first, then the session cookie),
 * and builds what every page shows of them: their name, the CSRF token
 * for forms and, signed in, a fresh submission token (once.c). Anonymous
 * browsers get a CSRF cookie of their own (double submit) so that sign-in
 * and other public forms are protected too.
 */
enum haven_status http_identify(struct MHD_Connection *conn, struct exchange *ex, struct request *req,
                                struct user *user)
{
	static _Thread_local char address[INET6_ADDRSTRLEN + 1];
	http_client_address(conn, address, sizeof address, &req->via_proxy);
	req->client_address = address;
	req->user = NULL;

	const char *authorization = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Authorization");
	const char *token = NULL;
	bool bearer = false;
	char session[TOKEN_TEXT_SIZE];
	if (authorization && strncasecmp(authorization, "Bearer ", 7) == 0) {
		token = authorization + 7;
		bearer = true;
	} else if (http_cookie(conn, auth_cookie_name(), session, sizeof session)) {
		token = session;
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
	if (req->user && req->api)
		return HAVEN_OK; /* the API answers with data alone: no page shows who is signed in */
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
			http_success_on_page(conn, ex, user);
		json_object_set_new(ex->page, "current_user", current);
		json_object_set_new(ex->page, "csrf_token", json_string(user->csrf_token));
		/* each page's forms carry a key of their own: the same form sent twice is saved once
		 * (once.c). Signed in only: nobody else's request is keyed. */
		char submission[TOKEN_TEXT_SIZE];
		token_new(submission);
		json_object_set_new(ex->page, "submission_token", json_string(submission));
		return HAVEN_OK;
	}
	if (req->api || !req->route->page)
		return HAVEN_OK; /* only pages carry forms; assets and health checks set no cookie */
	http_kept_form_on_page(conn, ex);
	char cookie[CSRF_ANONYMOUS_SIZE];
	if (http_cookie(conn, CSRF_COOKIE, cookie, sizeof cookie) && csrf_anonymous_valid(cookie)) {
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
bool http_csrf_ok(struct MHD_Connection *conn, struct exchange *ex, const struct request *req)
{
	if (req->method == HTTP_GET || req->method == HTTP_HEAD || req->method == HTTP_OPTIONS)
		return true;
	if (req->user && req->user->via_bearer)
		return true;
	bool cookie_session = req->user != NULL;
	if (!cookie_session && req->api)
		return true; /* anonymous API call: it carries no credentials to abuse */
	char cookie[CSRF_ANONYMOUS_SIZE] = "";
	if (!cookie_session)
		http_cookie(conn, CSRF_COOKIE, cookie, sizeof cookie);
	const char *expected = cookie_session ? req->user->csrf_token : cookie;
	if (!cookie_session && !csrf_anonymous_valid(expected))
		return false; /* a cookie Haven did not sign was planted, not issued */
	const char *given = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-CSRF-Token");
	if (!given && ex->submitted)
		given = json_string_value(json_object_get(ex->submitted, CSRF_FIELD));
	return expected && given && token_equal(expected, given);
}
