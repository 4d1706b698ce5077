/*
 * changes.c (subjectaccess) — the changes to an open request: extending it
 * by 1 or 2 further months (the most the law allows is 2), with a reason,
 * and closing it with the date answered and the outcome (with the reasons
 * for answering in part or refusing). A closed request is not changed (409).
 */
#include "areas/subjectaccess/handlers.h"

#include <string.h>

#include "app/record_created.h"
#include "areas/subjectaccess/store.h"
#include "auth/session.h"
#include "router/fields.h"

/*
 * A change refused because the request is closed (HAVEN_ERR_CONFLICT: found
 * closed by the handler, or by the store inside the unit, should another
 * close it first): 409 naming `field`, and true.
 */
static bool refused(struct response *res, enum haven_status st, const char *field)
{
	if (st != HAVEN_ERR_CONFLICT)
		return false;
	response_conflict(res, field, "This request is closed: it cannot be changed");
	return true;
}

/* Request `id` into *request if it is open; HAVEN_ERR_CONFLICT if closed, NOT_FOUND if none. */
static enum haven_status open_request(long long id, json_t **request)
{
	enum haven_status st = subject_access_get(id, request);
	if (st == HAVEN_OK && !json_is_true(json_object_get(*request, "open"))) {
		json_decref(*request);
		*request = NULL;
		st = HAVEN_ERR_CONFLICT;
	}
	return st;
}

enum haven_status subject_access_extension(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id");
	int months = strcmp(field_text(req->input, "months"), "2") == 0 ? 2 : 1;
	json_t *request = NULL;
	enum haven_status st = open_request(id, &request);
	if (refused(res, st, "months"))
		return HAVEN_OK;
	if (st != HAVEN_OK)
		return st;
	long long already = field_int(request, "extension_months");
	json_decref(request);
	if (months <= already)
		response_error(res, "months",
		               already == 2
		                   ? "The request is already extended by the most the law allows, 2 months"
		                   : "Choose 2 further months: the request is already extended by 1");
	if (res->errors)
		return HAVEN_OK;
	struct actor actor = auth_actor(req);
	st = subject_access_extend(id, months, field_text(req->input, "reason"), &actor);
	if (refused(res, st, "months"))
		return HAVEN_OK;
	return record_changed(res, st, "The request was extended and its due date moved", subject_access_show,
	                      "/subject-access", id);
}

enum haven_status subject_access_closure(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id");
	const char *closed_on = field_text(req->input, "closed_on");
	const char *outcome = field_text(req->input, "outcome");
	const char *reason = field_text(req->input, "outcome_reason");
	json_t *request = NULL;
	enum haven_status st = open_request(id, &request);
	if (refused(res, st, "outcome"))
		return HAVEN_OK;
	if (st != HAVEN_OK)
		return st;
	/* today or in the past: its field's .when */
	if (strcmp(closed_on, field_text(request, "received_on")) < 0)
		response_error(res, "closed_on",
		               "The date answered must be on or after the date the request was received");
	json_decref(request);
	if (!reason && strcmp(outcome, "part") == 0)
		response_error(res, "outcome_reason", "Enter why the request was answered only in part");
	else if (!reason && strcmp(outcome, "refused") == 0)
		response_error(res, "outcome_reason", "Enter why the request was refused");
	if (res->errors)
		return HAVEN_OK;
	struct actor actor = auth_actor(req);
	st = subject_access_close(id, closed_on, outcome, reason, &actor);
	if (refused(res, st, "outcome"))
		return HAVEN_OK;
	return record_changed(res, st, "The request was closed", subject_access_show, "/subject-access", id);
}
