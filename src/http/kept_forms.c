/*
 * kept_forms.c — a form kept when its session ended (auth/kept.h), from
 * keeping to showing again: the cookie that binds it to its browser; a
 * page's form sent after its session timed out kept (to its own address, or
 * to POST /session/keep, where a page's script asks whether the session has
 * ended and has its form kept if so); the sign-in page's notice of it; the
 * way back to it after signing in again; and the form shown again at its
 * address, once, with what was typed. See exchange.h and
 * docs/architecture.md ("The session's end").
 */
#include <arpa/inet.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "areas/calendar/london.h"
#include "auth/kept.h"
#include "auth/policy.h"
#include "auth/session.h"
#include "auth/token.h"
#include "core/alloc.h"
#include "http/exchange.h"
#include "http/form.h"
#include "http/page_model.h"
#include "router/fields.h"

bool http_kept_cookie(struct MHD_Connection *conn, char kept[TOKEN_TEXT_SIZE])
{
	return http_cookie(conn, KEPT_COOKIE, kept, TOKEN_TEXT_SIZE) && strlen(kept) == TOKEN_TEXT_SIZE - 1;
}

/* ---- keeping ---- */

/*
 * Keeps a form's fields (`pairs`, without its CSRF token and any secret,
 * such as a password) sent to `path`, whose route is `route`, for the
 * person to sign in again (auth/kept.h), and gives `answer` the cookie that
 * binds them to this browser. Only a page's form that its route can show
 * again and that takes no file (its fields would be kept without the file
 * the person chose); nothing is kept when the session was not a timed-out
 * one of this browser or the form did not carry that session's CSRF token.
 */
void http_keep_fields(struct MHD_Connection *conn, const struct route *route, const char *path,
                      const struct field_pair *pairs, size_t count, const char *client_address,
                      struct response *answer)
{
	char session[TOKEN_TEXT_SIZE];
	if (!route->page || !route->redisplay || route->max_file ||
	    !http_cookie(conn, auth_cookie_name(), session, sizeof session) ||
	    strlen(session) != TOKEN_TEXT_SIZE - 1)
		return;
	json_t *fields = json_object();
	const char *csrf = NULL;
	for (size_t i = 0; i < count; i++) {
		const char *name = pairs[i].name;
		if (strcmp(name, CSRF_FIELD) == 0) {
			csrf = pairs[i].value;
			continue;
		}
		if (strcmp(name, SUBMISSION_FIELD) == 0)
			continue; /* the form shown again carries a fresh one */
		json_t *value = json_string(pairs[i].value);
		if (!value || fields_secret(route->body, name)) { /* not text, or typed again, never kept */
			json_decref(value);
			continue;
		}
		/* a field sent more than once (checkboxes) keeps every value */
		json_t *list = json_object_get(fields, name);
		if (!list && json_object_set_new(fields, name, list = json_array()) != 0) {
			json_decref(
			    value); /* a name that is not text (jansson has freed the list) is never kept */
			continue;
		}
		json_array_append_new(list, value);
	}
	char *text = json_dumps(fields, JSON_COMPACT);
	json_decref(fields);
	char token[TOKEN_TEXT_SIZE];
	if (text && csrf &&
	    kept_form_keep(session, csrf, path, text, client_address, auth_now(), token) == HAVEN_OK) {
		struct buf cookie = BUF_INIT;
		buf_printf(&cookie, "%s=%s; Path=/; Max-Age=%d; HttpOnly; SameSite=Lax%s", KEPT_COOKIE, token,
		           KEPT_FORM_SECONDS, auth_get_settings()->secure_cookies ? "; Secure" : "");
		response_add_header_copy(answer, "Set-Cookie", buf_cstr(&cookie));
		buf_free(&cookie);
	}
	free(text);
}

/* A page's urlencoded form sent after its session timed out, to its own address: kept as above. */
void http_keep_form(struct MHD_Connection *conn, struct exchange *ex, const struct request *req,
                    struct response *answer)
{
	const char *type = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type");
	if (req->method != HTTP_POST || !http_content_type_is(type, "application/x-www-form-urlencoded"))
		return;
	struct field_pair *pairs = NULL;
	size_t count = 0;
	form_parse(buf_cstr(&ex->body), ex->body.len, &pairs, &count);
	http_keep_fields(conn, req->route, req->path, pairs, count, req->client_address, answer);
	form_pairs_free(pairs, count);
}

/*
 * POST /session/keep (SESSION_KEEP_PATH): what a page's script sends when
 * the page's clock says the session has run out (static/haven.js), with the
 * form being typed (its text fields and its CSRF token) and the form's
 * address as KEEP_PATH_FIELD, or with nothing when no form is being typed.
 * It is answered here, before anyone is identified, so asking never uses the
 * session (nor extends it), and it never reaches another route's handler:
 * the form is only ever kept, never acted on. The server, not the script,
 * decides whether the session has ended, in this one request, so no other
 * tab can bring the session back between asking and keeping:
 *   - a session that has not ended (another tab used it since this page
 *     loaded) is {"session_ends_in": seconds}, and nothing is kept;
 *   - otherwise {"session_ends_in": 0}, and the form is kept exactly as one
 *     sent to its own address after the session ended (http_keep_fields: a
 *     timed-out session of this browser, its CSRF token, a page's form that
 *     needs signing in and that its route shows again, no file), with the
 *     kept form's cookie; the script then goes to /sign-in.
 * Always 200 and JSON (the question was answered; a browser logs a 4xx to
 * the console as an error). It tells the caller only its own session's time
 * left, which its page already showed.
 */
#define KEEP_PATH_FIELD "form_path"

enum MHD_Result http_session_keep(struct MHD_Connection *conn, struct exchange *ex, struct request *req)
{
	static _Thread_local char address[INET6_ADDRSTRLEN + 1];
	http_client_address(conn, address, sizeof address, &req->via_proxy);
	req->client_address = address;
	char session[TOKEN_TEXT_SIZE];
	int64_t ends_at, left = 0;
	struct response extra = {0};
	if (http_cookie(conn, auth_cookie_name(), session, sizeof session) &&
	    auth_session_ends_at(session, &ends_at) == HAVEN_OK) {
		left = ends_at - auth_now() > 1 ? ends_at - auth_now() : 1;
	} else if (http_content_type_is(MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type"),
	                                "application/x-www-form-urlencoded")) {
		struct field_pair *pairs = NULL;
		size_t count = 0, kept = 0;
		form_parse(buf_cstr(&ex->body), ex->body.len, &pairs, &count);
		/* the form's own fields: all but its address (borrowed from pairs) */
		struct field_pair *fields = xcalloc(count ? count : 1, sizeof *fields);
		const char *path = NULL;
		for (size_t i = 0; i < count; i++) {
			if (strcmp(pairs[i].name, KEEP_PATH_FIELD) == 0)
				path = pairs[i].value;
			else
				fields[kept++] = pairs[i];
		}
		const struct route *route = NULL;
		json_t *params = NULL;
		unsigned allowed = 0;
		if (path && path[0] == '/' && strncmp(path, API_PREFIX "/", strlen(API_PREFIX) + 1) != 0 &&
		    router_match(server_routes, HTTP_POST, path, &route, &params, &allowed) == ROUTE_FOUND) {
			struct resource resource = {.type = policy_resource_type(route->action)};
			if (resource.type)
				resource.id = json_integer_value(json_object_get(params, "id"));
			if (policy_decide(NULL, route->action, &resource) == DECISION_SIGN_IN)
				http_keep_fields(conn, route, path, fields, kept, address, &extra);
		}
		json_decref(params);
		free(fields);
		form_pairs_free(pairs, count);
	}
	json_t *answer = json_pack("{s:I}", "session_ends_in", (json_int_t)left);
	char *body = json_dumps(answer, JSON_COMPACT);
	json_decref(answer);
	enum MHD_Result r =
	    http_send(conn, ex, 200, "application/json", "no-store", body, strlen(body), 0, &extra);
	response_free(&extra);
	return r;
}

/* ---- after signing in again ---- */

/* For a signed-out browser with a kept form: until when it is kept, for the sign-in notice. */
void http_kept_form_on_page(struct MHD_Connection *conn, struct exchange *ex)
{
	char kept[TOKEN_TEXT_SIZE];
	int64_t until;
	if (!http_kept_cookie(conn, kept) || kept_form_until(kept, auth_now(), &until) != HAVEN_OK)
		return;
	int32_t day, seconds;
	calendar_london_from_utc(until, &day, &seconds);
	char clock[CALENDAR_CLOCK_SIZE];
	calendar_format_clock(seconds, clock);
	json_object_set_new(ex->page, "kept_until", json_string(clock));
}

/* Where signing in lands (the accounts area): from there a person is taken back to a kept form. */
#define SIGNED_IN_LANDING "/dashboard"

/*
 * A browser signed in again (its GET of SIGNED_IN_LANDING) with a form kept
 * from the session that ended: a 303 back to the address the form was sent
 * to, where http_restore_kept_form shows it. Someone else signing in on
 * that browser is not sent to it (kept_form_path asks whose it is).
 */
enum MHD_Result http_back_to_kept_form(struct MHD_Connection *conn, struct exchange *ex,
                                       const struct request *req, const char *url, bool *handled)
{
	*handled = false;
	char *kept_path = NULL, kept[TOKEN_TEXT_SIZE];
	if (req->method != HTTP_GET || req->api || !req->user || req->user->via_bearer ||
	    strcmp(url, SIGNED_IN_LANDING) != 0 || !http_kept_cookie(conn, kept) ||
	    kept_form_path(kept, req->user->id, auth_now(), &kept_path) != HAVEN_OK)
		return MHD_YES;
	*handled = true;
	struct response back = {0};
	response_redirect(&back, kept_path);
	free(kept_path);
	enum MHD_Result r =
	    http_send(conn, ex, 303, "text/plain; charset=utf-8", NULL, (char *)"Redirecting", 11, 1, &back);
	response_free(&back);
	return r;
}

/* ---- shown again ---- */

/*
 * A kept form's fields read as its route reads its form shown again after a
 * mistake (see exchange.h).
 */
void http_kept_form_read(const struct route *route, const char *text, json_t **input, json_t **typed)
{
	json_t *fields = json_loads(text, 0, NULL);
	size_t count = 0, cap = 0;
	struct field_pair *pairs = NULL;
	const char *name;
	json_t *values;
	json_object_foreach(fields, name, values)
	{
		size_t i;
		json_t *value;
		json_array_foreach(values, i, value)
		{
			if (!json_is_string(value))
				continue;
			if (count == cap) {
				cap = cap ? cap * 2 : 16;
				pairs = xrealloc(pairs, cap * sizeof *pairs);
			}
			pairs[count++] = (struct field_pair){.name = name, .value = json_string_value(value)};
		}
	}
	/* what the checks refuse is shown as typed; the person sends the form again to be told */
	json_t *errors = json_array();
	enum haven_status checked = fields_validate_pairs(route->body, pairs, count, NULL, input, errors);
	(void)checked;
	json_decref(errors);
	*typed = json_object();
	fields_keep_typed(*typed, route->body, pairs, count);
	free(pairs);
	json_decref(fields);
}

/* Forgets what http_identify() found, for a request that goes on to be dispatched as usual. */
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
enum MHD_Result http_restore_kept_form(struct MHD_Connection *conn, struct exchange *ex, const char *url,
                                       bool *handled)
{
	*handled = false;
	char kept[TOKEN_TEXT_SIZE];
	struct request req = {.method = HTTP_GET,
	                      .path = url,
	                      .header = http_request_header,
	                      .cookie = http_request_cookie,
	                      .conn = conn};
	unsigned allowed = 0;
	const struct route *route = NULL;
	if (!http_kept_cookie(conn, kept) ||
	    router_match(server_routes, HTTP_POST, url, &route, &req.params, &allowed) != ROUTE_FOUND)
		return MHD_YES;
	struct user user;
	char *path = NULL, *fields = NULL;
	req.route = route;
	const char *record_type = policy_resource_type(route->action);
	long long record_id = record_type ? json_integer_value(json_object_get(req.params, "id")) : 0;
	if (!route->page || !route->redisplay || http_identify(conn, ex, &req, &user) != HAVEN_OK ||
	    !req.user || user.second_factor_pending ||
	    kept_form_path(kept, user.id, auth_now(), &path) != HAVEN_OK || strcmp(path, url) != 0 ||
	    !policy_allows(req.user, route->action, record_type, record_id) ||
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
	/* the form's fields as its redisplay is given them after a mistake: its lists ticked and filled */
	json_t *typed = NULL;
	http_kept_form_read(route, fields, &req.input, &typed);
	enum haven_status st = route->redisplay(&req, &res);
	enum MHD_Result r;
	if (st == HAVEN_OK) {
		if (!res.model)
			res.model = json_object();
		page_model_kept_fields(res.model, typed);
		/* showing the form again may show a record (a child's): audited as its read */
		const char *shown_as = policy_shown_as(route->action);
		if (policy_audited(route->action))
			st = http_audit_shown(
			    &req, shown_as ? shown_as : route->action,
			    shown_as ? NULL : "a form kept when the session ended, shown again", &res);
	}
	struct buf clear = BUF_INIT;
	buf_printf(&clear, "%s=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax%s", KEPT_COOKIE,
	           auth_get_settings()->secure_cookies ? "; Secure" : "");
	response_add_header_copy(&res, "Set-Cookie", buf_cstr(&clear));
	buf_free(&clear);
	r = st == HAVEN_OK ? http_send_result(conn, ex, &req, &res)
	                   : http_send_error(conn, ex, 0, http_status_for(st), NULL, NULL, &res);
	response_free(&res);
	free(fields);
	json_decref(typed);
	json_decref(req.params);
	json_decref(req.input);
	return r;
}
