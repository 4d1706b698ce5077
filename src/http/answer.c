/*
 * answer.c — from a handler's result to its answer: the errors' face
 * (problem+json, or the page again with the GOV.UK error summary), a change
 * done (a 303 with a success banner, or the record for the API), the check
 * answers step, the audit row of what an answer shows (written before any
 * of it is sent), and the page or JSON rendered within --max-response.
 * See exchange.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/flash.h"
#include "auth/policy.h"
#include "auth/store.h"
#include "core/json_text.h"
#include "core/log.h"
#include "http/check.h"
#include "http/exchange.h"
#include "areas/calendar/model_words.h"
#include "http/page_model.h"
#include "router/errors.h"
#include "router/fields.h"
#include "view/view.h"

/*
 * The row saying that an answer of an audited action shows something: as
 * `action`, about the record the path names if that action is about one
 * (its id written into `id`), with the records the handler reported
 * showing (the trail adds their children).
 */
static struct audit_event shown_event(const struct request *req, const char *action, const char *reason,
                                      const struct response *res, char id[32])
{
	const char *type = policy_resource_type(action);
	id[0] = '\0';
	if (type)
		snprintf(id, 32, "%lld", (long long)json_integer_value(json_object_get(req->params, "id")));
	return (struct audit_event){
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
}

enum haven_status http_audit_shown(const struct request *req, const char *action, const char *reason,
                                   const struct response *res)
{
	char id[32];
	struct audit_event e = shown_event(req, action, reason, res, id);
	return auth_store_audit(&e);
}

bool http_audit_is_read(const struct request *req)
{
	return policy_audited(req->route->action) && (req->method == HTTP_GET || req->method == HTTP_HEAD);
}

enum haven_status http_audit_read_async(const struct request *req, const struct response *res,
                                        auth_audit_done_fn then, void *then_ctx)
{
	char id[32];
	struct audit_event e = shown_event(req, req->route->action, NULL, res, id);
	return auth_store_audit_async(&e, then, then_ctx);
}

/*
 * Audits an answer before any of it is sent, when it shows something the
 * handler did not record itself: every GET of an audited action (whatever
 * the handler found); a page shown again after a failed change (a form's
 * errors, a refusal) or before one ("Are you sure?": response_confirm), which shows the record again (as the
 * policy's policy_shown_as read) or the records it reported. A change's own row, and a search sent by POST,
 * are the handler's to write (with the change, and with the children found).
 */
enum haven_status http_audit_answer(const struct request *req, enum haven_status handled,
                                    const struct response *res)
{
	const char *action = req->route->action;
	if (!policy_audited(action))
		return HAVEN_OK;
	if (req->method == HTTP_GET || req->method == HTTP_HEAD)
		return http_audit_shown(req, action, NULL, res);
	if (handled != HAVEN_OK)
		return HAVEN_OK;
	unsigned status = res->status ? res->status : 200;
	const char *shown_as = policy_shown_as(action);
	if ((status >= 400 || res->confirming) && !req->api && req->route->page && res->model && shown_as)
		return http_audit_shown(req, shown_as, NULL, res);
	/* no read to name: the change's own action, saying it did not happen */
	if (status >= 400 && !req->api && req->route->page && res->model && res->shown_count)
		return http_audit_shown(req, action, "shown again after a failed attempt", res);
	return HAVEN_OK;
}

unsigned http_status_for(enum haven_status st)
{
	switch (st) {
	case HAVEN_OK: return 200;
	case HAVEN_ERR_INVALID: return 422;
	case HAVEN_ERR_NOT_FOUND: return 404;
	case HAVEN_ERR_CONFLICT: return 409;
	case HAVEN_ERR_TOO_LARGE: return 413;
	case HAVEN_ERR_DENIED: return 403;
	case HAVEN_ERR_DB: return 503;
	case HAVEN_ERR_BUSY: return 503;
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
	          req->route ? req->route->pattern : "?", len, server_settings->max_response);
	return http_send_error(conn, ex, req->api, 500, NULL, NULL, NULL);
}

/* Sends what a handler produced: a raw body, JSON, or its page. */
enum MHD_Result http_send_result(struct MHD_Connection *conn, struct exchange *ex, struct request *req,
                                 struct response *res)
{
	unsigned status = res->status ? res->status : 200;
	if (res->body || res->body_owned) {
		const char *data = res->body_owned ? res->body_owned : res->body;
		char *copy = res->body_owned;
		res->body_owned = NULL;
		if (copy && res->body_len > server_settings->max_response && !res->body_is_stored_file)
			return refuse_oversized(conn, ex, req, copy, res->body_len);
		return http_send(
		    conn, ex, status, res->content_type ? res->content_type : "application/octet-stream",
		    res->cache_control, copy ? copy : (char *)data, res->body_len, copy == NULL, res);
	}
	json_t *model = res->model ? res->model : json_object();
	if (!res->model)
		res->model = model;
	if (req->api || !req->route->page) {
		struct buf text = BUF_INIT;
		buf_reserve(&text, 4096); /* most answers fit: one allocation */
		if (!json_text_append(&text, model, 0)) {
			buf_free(&text);
			return http_send_error(conn, ex, req->api, 500, NULL, NULL, NULL);
		}
		size_t len;
		char *body = buf_steal(&text, &len);
		if (len > server_settings->max_response)
			return refuse_oversized(conn, ex, req, body, len);
		return http_send(conn, ex, status, res->content_type ? res->content_type : "application/json",
		                 res->cache_control, body, len, 0, res);
	}
	page_model_date_inputs(model, ex->submitted, router_date_fields(server_routes));
	model_words_instants(model);
	model_words_dates(model);
	if (status >= 400)
		http_once_error_token(ex);
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
		return http_send_error(conn, ex, 0, 500, NULL, NULL, NULL);
	}
	size_t len;
	char *body = buf_steal(&html, &len);
	if (len > server_settings->max_response)
		return refuse_oversized(conn, ex, req, body, len);
	return http_send(conn, ex, status, "text/html; charset=utf-8", res->cache_control, body, len, 0, res);
}

/*
 * A page whose input failed validation: the route's redisplay handler builds
 * the page again, and the errors go on it the GOV.UK way (a summary at the
 * top, each message by its field: "errors" and "error_for.NAME").
 * req->input keeps the fields that passed validation (typed, as a handler
 * sees them), so a handler that marks its own options chosen from the input
 * (a <select>'s option, a radio, checkboxes) shows them chosen again, as
 * it does after an error it found itself; a field that failed is left out,
 * but a list with an entry refused keeps every entry as typed
 * (fields_validate_pairs), so its boxes are all filled again. Errors the
 * redisplay finds itself in the rest (response_error) join the summary, so
 * a form's other mistakes are not hidden behind one refused field.
 */
enum MHD_Result http_redisplay(struct MHD_Connection *conn, struct exchange *ex, struct request *req,
                               unsigned status, json_t *errors)
{
	struct response res = {0};
	if (!req->input)
		req->input = json_object();
	enum haven_status st = req->route->redisplay(req, &res);
	if (st != HAVEN_OK) {
		response_free(&res);
		return http_send_error(conn, ex, 0, http_status_for(st), NULL, NULL, NULL);
	}
	if (!res.model)
		res.model = json_object();
	/* the problems the redisplay found itself in what passed (response_error) are listed too, so one
	 * answer names every mistake; a field already refused is named once */
	json_t *all = json_copy(errors);
	size_t i, j;
	json_t *own, *e;
	json_array_foreach(res.errors, i, own)
	{
		const char *field = json_string_value(json_object_get(own, "field"));
		bool named = false;
		json_array_foreach(errors, j, e) named =
		    named ||
		    (field && json_equal(json_object_get(e, "field"), json_object_get(own, "field")));
		if (!named)
			json_array_append(all, own);
	}
	/* what the user typed comes back too, so the form shows it again */
	errors_on_page(res.model, all, ex->submitted);
	json_decref(all);
	res.status = status;
	st = http_audit_answer(req, HAVEN_OK, &res);
	if (st != HAVEN_OK) {
		response_free(&res);
		return http_send_error(conn, ex, 0, http_status_for(st), NULL, NULL, NULL);
	}
	enum MHD_Result r = http_send_result(conn, ex, req, &res);
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
enum haven_status http_settle(struct request *req, struct response *res)
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

enum check_stage http_check_stage(const struct exchange *ex, const struct request *req)
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
enum MHD_Result http_answer_check(struct MHD_Connection *conn, struct exchange *ex, struct request *req,
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
			st = http_settle(req, &res);
		else if (st == HAVEN_OK) {
			if (!res.model)
				res.model = json_object();
			json_t *answers = check_answers_new(ex->submitted);
			char signature[CHECK_SIGNATURE_SIZE];
			check_sign(req->user, req->path, answers, signature);
			json_t *hidden = check_hidden_fields(answers);
			json_decref(answers);
			json_object_set_new(res.model, "check",
			                    json_pack("{s:s, s:s, s:s, s:s, s:o}", "title", check->title,
			                              "button", check->button, "action", req->path,
			                              "signature", signature, "hidden", hidden));
			if (!json_object_get(res.model, "title"))
				json_object_set_new(res.model, "title", json_string(check->title));
			/* the form's submission token goes on to the check page's final post: sent twice,
			 * saved once */
			json_t *submission = json_object_get(ex->submitted, SUBMISSION_FIELD);
			if (json_is_string(submission))
				json_object_set(res.model, "submission_token", submission);
			res.page = "check-answers";
		}
	}
	if (st == HAVEN_OK && res.errors && !res.model) {
		enum MHD_Result r = http_send_error(conn, ex, 0, res.status, NULL, res.errors, NULL);
		response_free(&res);
		return r;
	}
	const char *action = req->route->action;
	if (st == HAVEN_OK && policy_audited(action)) {
		const char *shown_as = policy_shown_as(action);
		st = shown_as ? http_audit_shown(req, shown_as, NULL, &res)
		              : http_audit_shown(req, action, "shown to check before the change", &res);
	}
	enum MHD_Result r = st == HAVEN_OK
	                        ? http_send_result(conn, ex, req, &res)
	                        : http_send_error(conn, ex, 0, http_status_for(st), NULL, NULL, NULL);
	response_free(&res);
	return r;
}
