/*
 * session_end.c — the session's end and the work kept when it has ended:
 * the one-time success banner after a change, and a form sent after its
 * session timed out kept (auth/kept.h) for when its author signs in again.
 * See exchange.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "areas/calendar/london.h"
#include "auth/flash.h"
#include "auth/kept.h"
#include "auth/token.h"
#include "core/alloc.h"
#include "http/exchange.h"
#include "http/form.h"
#include "router/fields.h"

/*
 * The success banner a change left for this page (settle sets it): its
 * message on the page as "success_message", and the cookie cleared, so it
 * is shown once. A message not made for this session is dropped.
 */
void http_success_on_page(struct MHD_Connection *conn, struct exchange *ex, const struct user *user)
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
void http_kept_form_on_page(struct MHD_Connection *conn, struct exchange *ex)
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
	const char *session = MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, auth_cookie_name());
	if (!route->page || !route->redisplay || route->max_file || !session ||
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

/* The browser's kept-form token, if it sent one that could be one. */
const char *http_kept_cookie(struct MHD_Connection *conn)
{
	const char *kept = MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, KEPT_COOKIE);
	return kept && strlen(kept) == TOKEN_TEXT_SIZE - 1 ? kept : NULL;
}

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
