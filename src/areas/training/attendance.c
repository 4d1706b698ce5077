/*
 * attendance.c (training) — the register of a session, marking who attended,
 * and the no-shows on charged courses for invoicing.
 */
#include "areas/training/handlers.h"

#include <stdio.h>
#include <string.h>

#include "areas/training/store.h"
#include "auth/session.h"

static enum haven_status register_model(struct request *req, json_t **out)
{
	long long id = field_int(req->params, "id");
	json_t *s = NULL, *list = NULL;
	enum haven_status st = training_session_get(id, req->user->id, &s);
	if (st != HAVEN_OK)
		return st;
	if ((st = training_register(id, &list)) != HAVEN_OK) {
		json_decref(s);
		return st;
	}
	size_t i;
	json_t *b;
	json_array_foreach(list, i, b)
	{
		const char *status = json_string_value(json_object_get(b, "status"));
		const char *att = json_string_value(json_object_get(b, "attendance"));
		json_object_set_new(b, "has_place", json_boolean(strcmp(status, "booked") == 0));
		json_object_set_new(b, "attended", json_boolean(att && strcmp(att, "attended") == 0));
		json_object_set_new(b, "no_show", json_boolean(att && strcmp(att, "no_show") == 0));
	}
	char title[1100];
	snprintf(title, sizeof title, "Register: %s", json_string_value(json_object_get(s, "course_title")));
	*out = json_pack("{s:s, s:o, s:o, s:b}", "title", title, "session", s, "bookings", list,
	                 "has_bookings", json_array_size(list) > 0);
	return HAVEN_OK;
}

/* GET /training/sessions/{id}/register and its API twin (training.attendance). */
enum haven_status training_handle_show_register(struct request *req, struct response *res)
{
	json_t *model = NULL;
	enum haven_status st = register_model(req, &model);
	if (st == HAVEN_OK)
		response_set_model(res, model);
	return st;
}

/* POST /training/sessions/{id}/attendance and its API twin (training.attendance). */
enum haven_status training_handle_mark_attendance(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id");
	char day[CALENDAR_DATE_SIZE];
	training_today(day);
	json_t *attended = json_object_get(req->input, "attended");
	json_t *none = json_array();
	struct actor actor = auth_actor(req);
	enum haven_status st = training_mark_attendance(id, attended ? attended : none, day, &actor);
	json_decref(none);
	const char *message = st == HAVEN_ERR_CONFLICT
	                          ? "Attendance can be marked on the day of the session or after"
	                      : st == HAVEN_ERR_INVALID ? "Select only people with a place on this session"
	                                                : NULL;
	if (message) {
		/* the register page has always said 422 for both; the API tells a conflict apart */
		res->status = req->api && st == HAVEN_ERR_CONFLICT ? 409 : 422;
		response_error(res, "attended", message);
		return HAVEN_OK;
	}
	if (st != HAVEN_OK)
		return st;
	response_done(res, training_handle_show_register, "/training/sessions/%lld/register", id);
	return HAVEN_OK;
}

/* GET /training/no-shows and its API twin (training.manage): no-shows on charged courses, for invoicing. */
enum haven_status training_handle_no_shows(struct request *req, struct response *res)
{
	struct period period;
	bool ok = training_period(req, res, &period);
	const char *f = period.from_text, *t = period.to_text;
	json_t *model = json_pack("{s:s, s:s, s:s, s:{s:s, s:s}}", "title", "No-shows to invoice", "from", f,
	                          "to", t, "submitted", "from", f, "to", t);
	if (!ok) {
		response_set_model(res, model); /* the page, showing the period asked for, with the error */
		return HAVEN_OK;
	}
	struct page page;
	if (!page_from_request(req, res, &page)) {
		json_decref(model);
		return HAVEN_OK;
	}
	json_t *list = NULL;
	long long count = -1, total = 0;
	enum haven_status st = training_no_shows(f, t, &page, &list, &count, &total);
	if (st != HAVEN_OK) {
		json_decref(model);
		return st;
	}
	size_t i;
	json_t *r;
	if (!req->api)
		json_array_foreach(list, i, r) json_object_set_new(
		    r, "charge", training_money(json_integer_value(json_object_get(r, "charge_pence"))));
	page_finish(&page, req, model, "no_shows", list, "booking_id", count, "no-shows");
	/* the period's whole count and charge, not the page's: what the invoice adds up */
	json_object_set_new(model, "count", json_integer(count));
	json_object_set_new(model, "total_pence", json_integer(total));
	if (!req->api) {
		json_object_set_new(model, "total", training_money(total));
		json_object_set_new(model, "found", json_boolean(count > 0));
	}
	response_set_model(res, model);
	return HAVEN_OK;
}
