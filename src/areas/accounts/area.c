/*
 * area.c (accounts) — signing in and out, the second factor, a person's own
 * sessions, and their dashboard; for API clients, POST/DELETE
 * /api/v1/session with bearer tokens.
 *
 * The rules live in src/auth/ (session.c, policy.c); these handlers only
 * turn them into pages and JSON. Sign-in answers never say whether an email
 * address has an account.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/area.h"
#include "areas/accounts/demo.h"
#include "areas/work/work.h"
#include "auth/kept.h"
#include "auth/policy.h"
#include "auth/session.h"
#include "auth/store.h"
#include "auth/totp.h"
#include "auth/user.h"
#include "core/buf.h"
#include "core/words.h"

static const char wrong_credentials[] = "Enter a correct email address and password";

static const struct field_spec sign_in_fields[] = {
    {.name = "email", .label = "your email address", .type = FIELD_EMAIL, .required = true},
    {.name = "password",
     .label = "your password",
     .type = FIELD_TEXT,
     .secret = true,
     .required = true,
     .max = 256},
    {0},
};

static const struct field_spec code_fields[] = {
    {.name = "code",
     .label = "the 6-digit code from your authenticator app",
     .secret = true,
     .type = FIELD_TEXT,
     .required = true,
     .min = 6,
     .max = 6},
    {0},
};

/*
 * The Set-Cookie header for a new session (or, with token NULL, one that ends
 * it). A new session's cookie has no Max-Age: it is a browser-session cookie,
 * gone when the browser closes, so a shared computer left signed in does not
 * keep it on disk; the server's idle and absolute timeouts still end the
 * session whatever the browser does.
 */
static void set_session_cookie(struct response *res, const char *token)
{
	const struct auth_settings *s = auth_get_settings();
	struct buf cookie = BUF_INIT;
	if (token)
		buf_printf(&cookie, "%s=%s; Path=/; HttpOnly; SameSite=Lax%s", auth_cookie_name(), token,
		           s->secure_cookies ? "; Secure" : "");
	else
		buf_printf(&cookie, "%s=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0%s", auth_cookie_name(),
		           s->secure_cookies ? "; Secure" : "");
	response_add_header_copy(res, "Set-Cookie", buf_cstr(&cookie));
	buf_free(&cookie);
}

/* The device marker's cookie (auth/device.h), "__Host-" over TLS as the session's. */
static const char *device_cookie_name(void)
{
	return auth_get_settings()->secure_cookies ? "__Host-haven_device" : "haven_device";
}

/* A device marker is kept for a year: a person who signs in less often is a new device again. */
#define DEVICE_COOKIE_SECONDS (365 * 24 * 60 * 60)

/*
 * The Set-Cookie header that keeps a device marker. Strict, so no other site's page can make the
 * browser send it; HttpOnly, so no script reads it; it lasts across browser sessions, as it must to
 * say "this browser has signed in here before".
 */
static void set_device_cookie(struct response *res, const char *marker)
{
	struct buf cookie = BUF_INIT;
	buf_printf(&cookie, "%s=%s; Path=/; Max-Age=%d; HttpOnly; SameSite=Strict%s", device_cookie_name(),
	           marker, DEVICE_COOKIE_SECONDS, auth_get_settings()->secure_cookies ? "; Secure" : "");
	response_add_header_copy(res, "Set-Cookie", buf_cstr(&cookie));
	buf_free(&cookie);
}

/* The device marker the browser brought, copied into `out`; "" if none (a longer value is none). */
static void device_marker_of(const struct request *req, char out[DEVICE_MARKER_SIZE])
{
	req->cookie(req, device_cookie_name(), out, DEVICE_MARKER_SIZE);
}

/* What the API answers for a session ended: 204 and no body (a browser goes on to a page instead). */
static enum haven_status answer_no_content(struct request *req, struct response *res)
{
	(void)req;
	res->status = 204;
	response_set_static_body(res, "text/plain", "", 0);
	return HAVEN_OK;
}

/* ---- sign in ---- */

static enum haven_status sign_in_form(struct request *req, struct response *res)
{
	(void)req;
	response_set_model(res, json_pack("{s:s}", "title", "Sign in"));
	return HAVEN_OK;
}

static enum haven_status sign_in(struct request *req, struct response *res)
{
	char marker[DEVICE_MARKER_SIZE];
	device_marker_of(req, marker);
	struct sign_in_attempt attempt = {
	    .email = field_text(req->input, "email"),
	    .password = field_text(req->input, "password"),
	    .client_address = req->client_address,
	    .user_agent = req->header(req, "User-Agent"),
	    .device_marker = marker,
	};
	struct sign_in result;
	enum haven_status st = auth_sign_in(&attempt, &result);
	if (st != HAVEN_OK)
		return st;
	if (result.outcome != SIGN_IN_OK) {
		char wait[160];
		const char *message = wrong_credentials;
		if (result.outcome == SIGN_IN_WAIT) {
			snprintf(wait, sizeof wait,
			         "You have tried to sign in too many times. Wait %lld %s, then try again",
			         (long long)result.wait_seconds,
			         words_noun(result.wait_seconds, "second", "seconds"));
			message = wait;
		}
		res->status = result.outcome == SIGN_IN_WAIT ? 429 : 401;
		/* The API's refusal names no field and has its own title (docs/api.md): it is the
		 * same whichever of email and password was wrong. */
		if (req->api) {
			if (result.outcome == SIGN_IN_WAIT) {
				char retry[32];
				snprintf(retry, sizeof retry, "%lld", (long long)result.wait_seconds);
				response_add_header_copy(res, "Retry-After", retry);
			}
			res->content_type = "application/problem+json";
			response_set_model(res, json_pack("{s:s, s:s, s:i, s:s}", "type", "about:blank",
			                                  "title", "Sign-in failed", "status",
			                                  (int)res->status, "detail", message));
			return HAVEN_OK;
		}
		response_error(res, "email", message);
		return HAVEN_OK;
	}
	if (req->api) {
		/* API clients use the bearer token; no cookie, so an API sign-in
		 * can never sign a browser into someone else's account. */
		res->status = 201;
		json_t *roles = json_array();
		for (unsigned r = 1; r <= ROLE_ALL; r <<= 1)
			if (result.user.roles & r)
				json_array_append_new(roles, json_string(role_name((enum role)r)));
		response_set_model(
		    res,
		    json_pack("{s:s, s:s, s:I, s:b, s:{s:I, s:s, s:s, s:o}}", "token", result.token,
		              "csrf_token", result.user.csrf_token, "expires_in",
		              (json_int_t)auth_get_settings()->absolute_timeout, "second_factor_needed",
		              result.user.second_factor_pending, "user", "id", (json_int_t)result.user.id,
		              "name", result.user.name, "agency", result.user.agency_name, "roles", roles));
		return HAVEN_OK;
	}
	/* A new sign-in in this browser ends the one it had (a new token at sign-in). */
	if (req->user && !req->user->via_bearer) {
		struct actor actor = auth_actor(req);
		st = auth_store_session_end(req->user->session_id, req->user->id, &actor, "sign_out",
		                            auth_now());
		if (st != HAVEN_OK && st != HAVEN_ERR_NOT_FOUND)
			return st;
	}
	set_session_cookie(res, result.token);
	if (result.device_marker[0]) /* none until a second factor still to come is right */
		set_device_cookie(res, result.device_marker);
	response_redirect(res, result.user.second_factor_pending ? "/sign-in/second-factor" : "/dashboard");
	return HAVEN_OK;
}

static enum haven_status sign_out(struct request *req, struct response *res)
{
	struct actor actor = auth_actor(req);
	enum haven_status st =
	    auth_store_session_end(req->user->session_id, req->user->id, &actor, "sign_out", auth_now());
	if (st != HAVEN_OK && st != HAVEN_ERR_NOT_FOUND)
		return st;
	set_session_cookie(res, NULL);
	response_done(res, answer_no_content, "/signed-out");
	response_success(res, ""); /* the signed-out page says so itself */
	return HAVEN_OK;
}

static enum haven_status signed_out(struct request *req, struct response *res)
{
	(void)req;
	response_set_model(res, json_pack("{s:s}", "title", "You have signed out"));
	return HAVEN_OK;
}

/* ---- the second factor ---- */

static enum haven_status second_factor_form(struct request *req, struct response *res)
{
	struct account account;
	enum haven_status st = auth_store_account_by_id(req->user->id, &account);
	if (st != HAVEN_OK)
		return st;
	if (!req->user->second_factor_pending) {
		response_redirect(res, "/dashboard");
		return HAVEN_OK;
	}
	json_t *model = json_pack("{s:s}", "title", "Enter the code from your authenticator app");
	if (!account.has_totp) {
		/* first sign-in since a role began to require a second factor: set one up */
		unsigned char secret[TOTP_SECRET_SIZE];
		st = auth_store_pending_totp(req->user->session_id, secret);
		if (st == HAVEN_ERR_NOT_FOUND) {
			totp_secret_new(secret);
			st = auth_store_set_pending_totp(req->user->session_id, secret);
		}
		if (st != HAVEN_OK) {
			json_decref(model);
			return st;
		}
		char base32[64];
		totp_secret_base32(secret, base32, sizeof base32);
		char *uri = totp_uri(secret, "Haven", req->user->email);
		json_object_set_new(model, "title", json_string("Set up your authenticator app"));
		json_object_set_new(model, "setup", json_pack("{s:s, s:s}", "secret", base32, "uri", uri));
		free(uri);
	}
	response_set_model(res, model);
	return HAVEN_OK;
}

static enum haven_status second_factor(struct request *req, struct response *res)
{
	char marker[DEVICE_MARKER_SIZE];
	device_marker_of(req, marker);
	struct code_attempt attempt = {
	    .code = field_text(req->input, "code"),
	    .client_address = req->client_address,
	    .device_marker = marker,
	};
	struct second_factor result;
	enum haven_status st = auth_second_factor(req->user, &attempt, &result);
	if (st != HAVEN_OK && st != HAVEN_ERR_NOT_FOUND)
		return st;
	if (!result.accepted) {
		char wait[160];
		const char *message = "The code is not right: enter the code your app shows now";
		unsigned status = 422;
		if (result.wait_seconds) {
			snprintf(wait, sizeof wait,
			         "You have entered too many wrong codes. Wait %lld %s, then try again",
			         (long long)result.wait_seconds,
			         words_noun(result.wait_seconds, "second", "seconds"));
			message = wait;
			status = 429;
			char retry[32];
			snprintf(retry, sizeof retry, "%lld", (long long)result.wait_seconds);
			response_add_header_copy(res, "Retry-After", retry);
		}
		res->status = status;
		response_error(res, "code", message);
		return HAVEN_OK;
	}
	if (!req->api) /* as at sign-in, API clients get no cookie */
		set_device_cookie(res, result.device_marker);
	response_set_model(res, json_pack("{s:s}", "status", "signed in"));
	response_done(res, NULL, "/dashboard");
	response_success(res, ""); /* signing in changes nothing to report */
	return HAVEN_OK;
}

/* ---- the signed-in person's own pages ---- */

static json_t *role_list(unsigned roles)
{
	json_t *list = json_array();
	for (unsigned r = 1; r <= ROLE_ALL; r <<= 1)
		if (roles & r)
			json_array_append_new(list, json_pack("{s:s, s:s}", "name", role_name((enum role)r),
			                                      "label", role_label((enum role)r)));
	return list;
}

/*
 * What the dashboard offers, in sections: every area's links (app/area.h),
 * each shown to whoever the policy lets take its action (but not for a role
 * it is not offered to). Sections come in
 * the order of dashboard_sections (app/area.h), links within one by their
 * place; a section with no link for this person is left out.
 */

static int by_place(const void *a, const void *b)
{
	const struct area_link *x = *(const struct area_link *const *)a,
	                       *y = *(const struct area_link *const *)b;
	return (x->place > y->place) - (x->place < y->place);
}

/* Whether the dashboard offers `l` to `u`: one of their roles, other than those it is not offered to, may
 * take it. */
static bool offered(const struct user *u, const struct area_link *l)
{
	struct user as_offered = *u;
	as_offered.roles &= ~l->not_offered_to;
	return policy_allows(&as_offered, l->action, NULL, 0);
}

/* [{heading, links:[{href, text}]}] in the sections' order. */
static json_t *dashboard_model(const struct user *u)
{
	json_t *sections = json_array();
	const struct area_link *shown[256];
	for (size_t s = 0; dashboard_sections[s]; s++) {
		size_t count = 0;
		for (size_t i = 0; haven_areas[i]; i++)
			for (const struct area_link *l = haven_areas[i]->links; l && l->href; l++)
				if (count < sizeof shown / sizeof shown[0] &&
				    strcmp(l->section, dashboard_sections[s]) == 0 && offered(u, l))
					shown[count++] = l;
		if (!count)
			continue;
		qsort(shown, count, sizeof shown[0], by_place);
		json_t *links = json_array();
		for (size_t i = 0; i < count; i++)
			json_array_append_new(
			    links, json_pack("{s:s, s:s}", "href", shown[i]->href, "text", shown[i]->text));
		json_array_append_new(
		    sections, json_pack("{s:s, s:o}", "heading", dashboard_sections[s], "links", links));
	}
	return sections;
}

static enum haven_status me(struct request *req, struct response *res)
{
	const struct user *u = req->user;
	json_t *model =
	    json_pack("{s:s, s:{s:I, s:s, s:s, s:I, s:s, s:o}}", "title", "Your dashboard", "user", "id",
	              (json_int_t)u->id, "name", u->name, "email", u->email, "agency_id",
	              (json_int_t)u->agency_id, "agency", u->agency_name, "roles", role_list(u->roles));
	/* what the dashboard links to, by what the policy lets this person do */
	json_object_set_new(model, "sections", dashboard_model(u));
	/* how much waits for them across Haven, and how much of it is overdue (the work area's list) */
	json_t *tasks = NULL;
	enum haven_status st = work_tasks_of(u, (int64_t)time(NULL), &tasks);
	if (st != HAVEN_OK) {
		json_decref(model);
		return st;
	}
	long long waiting, overdue;
	work_count(tasks, &waiting, &overdue);
	json_object_set_new(model, "work",
	                    json_pack("{s:I, s:I, s:b, s:o}", "count", (json_int_t)waiting, "overdue_count",
	                              (json_int_t)overdue, "any_overdue", overdue > 0, "kinds",
	                              work_by_kind(tasks)));
	json_decref(tasks);
	response_set_model(res, model);
	return HAVEN_OK;
}

static enum haven_status sessions(struct request *req, struct response *res)
{
	const struct auth_settings *s = auth_get_settings();
	json_t *list = NULL;
	enum haven_status st =
	    auth_store_sessions_of(req->user->id, auth_now(), s->idle_timeout, s->absolute_timeout, &list);
	if (st != HAVEN_OK)
		return st;
	size_t i;
	json_t *row;
	json_array_foreach(list, i, row) json_object_set_new(
	    row, "current",
	    json_boolean(json_integer_value(json_object_get(row, "id")) == req->user->session_id));
	response_set_model(res,
	                   json_pack("{s:s, s:o}", "title", "Where you are signed in", "sessions", list));
	return HAVEN_OK;
}

static enum haven_status end_session(struct request *req, struct response *res)
{
	long long id = json_integer_value(json_object_get(req->params, "id"));
	struct actor actor = auth_actor(req);
	enum haven_status st = auth_store_session_end(id, req->user->id, &actor, "session.end", auth_now());
	if (st != HAVEN_OK)
		return st; /* not the user's own session: 404 */
	response_success(res, "That session was signed out");
	response_done(res, answer_no_content,
	              id == req->user->session_id ? "/signed-out" : "/account/sessions");
	return HAVEN_OK;
}

/*
 * POST /session/keep is answered by the server itself (http/server.c,
 * session_keep) before it identifies anyone, so that asking whether the
 * session has ended never uses or extends it, and a form sent there is only
 * ever kept. The route is here so the router, `haven routes` and the access
 * matrix know it; no request reaches this.
 */
static enum haven_status session_keep_answered_by_server(struct request *req, struct response *res)
{
	(void)req;
	(void)res;
	return HAVEN_ERR_INTERNAL;
}

static const struct route routes[] = {
    {.method = HTTP_GET,
     .pattern = "/sign-in",
     .action = ACTION_PUBLIC,
     .handler = sign_in_form,
     .page = "accounts/sign-in"},
    {.method = HTTP_POST,
     .pattern = "/sign-in",
     .action = ACTION_PUBLIC,
     .handler = sign_in,
     .page = "accounts/sign-in",
     .body = sign_in_fields,
     .redisplay = sign_in_form,
     .api_pattern = "/api/v1/session"},
    {.method = HTTP_GET,
     .pattern = "/sign-in/second-factor",
     .action = "session.second_factor",
     .handler = second_factor_form,
     .page = "accounts/second-factor"},
    {.method = HTTP_POST,
     .pattern = "/sign-in/second-factor",
     .action = "session.second_factor",
     .handler = second_factor,
     .page = "accounts/second-factor",
     .body = code_fields,
     .redisplay = second_factor_form,
     .api_pattern = "/api/v1/session/second-factor"},
    {.method = HTTP_POST,
     .pattern = SESSION_KEEP_PATH,
     .action = ACTION_PUBLIC,
     .handler = session_keep_answered_by_server},
    {.method = HTTP_POST, .pattern = "/sign-out", .action = "session.end", .handler = sign_out},
    {.method = HTTP_DELETE, .pattern = "/api/v1/session", .action = "session.end", .handler = sign_out},
    {.method = HTTP_GET,
     .pattern = "/signed-out",
     .action = ACTION_PUBLIC,
     .handler = signed_out,
     .page = "accounts/signed-out"},
    {.method = HTTP_GET,
     .pattern = "/dashboard",
     .action = ACTION_SIGNED_IN,
     .handler = me,
     .page = "accounts/dashboard",
     .api_pattern = "/api/v1/me"},
    {.method = HTTP_GET,
     .pattern = "/account/sessions",
     .action = ACTION_SIGNED_IN,
     .handler = sessions,
     .page = "accounts/sessions",
     .api_pattern = "/api/v1/sessions"},
    {.method = HTTP_POST,
     .pattern = "/account/sessions/{id:int}/end",
     .action = ACTION_SIGNED_IN,
     .handler = end_session},
    {.method = HTTP_DELETE,
     .pattern = "/api/v1/sessions/{id:int}",
     .action = ACTION_SIGNED_IN,
     .handler = end_session},
    {0},
};

/* Who may take this area's actions (auth/policy.h): deny by default, so an action not here is refused. */
static const struct policy_rule access[] = {
    /* finishing sign-in: the second-factor pages and signing out */
    {.action = "session.second_factor", .roles = ROLE_ALL, .password_only = true},
    {.action = "session.end", .roles = ROLE_ALL, .password_only = true},
    {0},
};

/* Its links on the dashboard (app/area.h); `place` orders them within their section. */
static const struct area_link links[] = {
    {.section = "The partnership",
     .action = ACTION_SIGNED_IN,
     .href = "/account/sessions",
     .text = "See where you are signed in",
     .place = 280},
    {0},
};

const struct area area_accounts = {
    .name = "accounts",
    .links = links,
    .access = access,
    .routes = routes,
    .demo_order = 20,
    .load_demo = accounts_load_demo,
};
