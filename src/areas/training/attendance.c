/*
 * attendance.c (training) — the register of a session, marking who attended,
 * recording who attended without a place (a person with no Haven account,
 * a walk-in: migration 0146), and the no-shows on charged courses for
 * invoicing.
 */
#include "areas/training/handlers.h"

#include <stdio.h>
#include <string.h>

#include "app/date_words.h"
#include "app/model_answer.h"
#include "areas/calendar/london.h"
#include "areas/training/store.h"
#include "auth/session.h"
#include "view/chosen_option.h"

/*
 * Whether session `s` (training_session_get's) has started, as the store read it (store_sqlite.h's
 * TRAINING_STARTED, the one rule), and when it starts for people ("9:30am on 10 December 2026") in `when`.
 */
static bool session_started(const json_t *s, char *when, size_t size)
{
	const char *date = field_text(s, "date"), *starts = field_text(s, "starts");
	int32_t day;
	int minute;
	char long_date[CALENDAR_LONG_DATE_SIZE], clock[CALENDAR_CLOCK_SIZE];
	/* the time as every page says it, "9:30am" (calendar_format_clock) */
	if (calendar_parse_clock(starts, &minute))
		calendar_format_clock(minute * 60, clock);
	else
		snprintf(clock, sizeof clock, "%s", starts);
	if (calendar_parse(date, &day)) {
		calendar_format_long(day, long_date);
		snprintf(when, size, "%s on %s", clock, long_date);
	} else {
		snprintf(when, size, "%s on %s", clock, date);
	}
	return json_is_true(json_object_get(s, "started"));
}

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
	if (!req->api)
		training_time_words(s); /* the page's times in words; the API keeps HH:MM */
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
	json_t *attendees = NULL, *agencies = NULL;
	if ((st = training_register_attendees(id, &attendees)) != HAVEN_OK ||
	    (st = training_agencies(&agencies)) != HAVEN_OK) {
		json_decref(attendees);
		json_decref(s);
		json_decref(list);
		return st;
	}
	/* the agency chosen before a refusal stays chosen when the page is shown again */
	chosen_option_mark(agencies, "slug", json_object_get(req->input, "agency"));
	char title[1100];
	snprintf(title, sizeof title, "Register: %s", json_string_value(json_object_get(s, "course_title")));
	char when[80];
	bool started = session_started(s, when, sizeof when);
	json_object_set_new(s, "starts_label", json_string(when));
	*out = json_pack("{s:s, s:o, s:o, s:b, s:b, s:o, s:b, s:o}", "title", title, "session", s, "bookings",
	                 list, "has_bookings", json_array_size(list) > 0, "started", started, "attendees",
	                 attendees, "has_attendees", json_array_size(attendees) > 0, "agencies", agencies);
	return HAVEN_OK;
}

/* GET /training/sessions/{id}/register and its API twin (training.attendance). */
enum haven_status training_handle_show_register(struct request *req, struct response *res)
{
	return model_answer(req, res, register_model);
}

/* After a change to session `id`'s register that the store answered `st`: the register again, or the error.
 */
static enum haven_status register_changed(struct response *res, long long id, enum haven_status st)
{
	if (st == HAVEN_OK) {
		response_success(res, "The register was saved");
		response_done(res, training_handle_show_register, "/training/sessions/%lld/register", id);
	}
	return st;
}

/* POST /training/sessions/{id}/attendance and its API twin (training.attendance). */
enum haven_status training_handle_mark_attendance(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id");
	char now[TRAINING_NOW_SIZE];
	training_now(now);
	json_t *attended = json_object_get(req->input, "attended");
	json_t *none = json_array();
	struct actor actor = auth_actor(req);
	enum haven_status st = training_mark_attendance(id, attended ? attended : none, now, &actor);
	json_decref(none);
	char message[200] = "";
	if (st == HAVEN_ERR_CONFLICT) {
		json_t *s = NULL;
		char when[80] = "";
		if (training_session_get(id, req->user->id, &s) == HAVEN_OK)
			session_started(s, when, sizeof when);
		json_decref(s);
		snprintf(message, sizeof message,
		         "Attendance can be marked once the session has started, at %s: nobody can be ticked "
		         "before then",
		         when);
	} else if (st == HAVEN_ERR_INVALID) {
		snprintf(message, sizeof message, "Select only people with a place on this session");
	}
	if (*message) {
		/* the register page has always said 422 for both; the API tells a conflict apart */
		res->status = req->api && st == HAVEN_ERR_CONFLICT ? 409 : 422;
		response_error(res, "attended", message);
		return HAVEN_OK;
	}
	return register_changed(res, id, st);
}

/* POST /training/sessions/{id}/attendees and its API twin (training.attendance): someone who came without a
 * place. */
enum haven_status training_handle_add_attendee(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id");
	char now[TRAINING_NOW_SIZE];
	training_now(now);
	struct training_attendee who = {
	    .name = field_text(req->input, "name"),
	    .role = field_text(req->input, "role"),
	    .email = field_text(req->input, "email"),
	    .agency = field_text(req->input, "agency"),
	};
	struct actor actor = auth_actor(req);
	long long attendee = 0;
	enum training_attendee_problem problem;
	enum haven_status st = training_attendee_add(id, &who, now, &actor, &attendee, &problem);
	if (st == HAVEN_ERR_INVALID) {
		switch (problem) {
		case TRAINING_ATTENDEE_NOT_STARTED:
			res->status = req->api ? 409 : 422;
			response_error(
			    res, "name",
			    "Attendance can be recorded once the session has started: nobody can attend "
			    "before then");
			break;
		case TRAINING_ATTENDEE_UNKNOWN_AGENCY:
			response_error(res, "agency", "Select their agency from the list");
			break;
		case TRAINING_ATTENDEE_HAS_PLACE:
			response_error(
			    res, "email",
			    "This person has a place on this session: tick them in the list of who "
			    "attended instead");
			break;
		default:
			response_error(res, "name",
			               "This person is already recorded as attending this session");
			break;
		}
		return HAVEN_OK;
	}
	return register_changed(res, id, st);
}

/* POST /training/sessions/{id}/attendees/{attendee}/remove and its API twin (training.attendance): one
 * recorded in error. */
enum haven_status training_handle_remove_attendee(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id");
	struct actor actor = auth_actor(req);
	enum haven_status st = training_attendee_remove(id, field_int(req->params, "attendee"), &actor);
	return register_changed(res, id, st);
}

/*
 * GET /training/registers and its API twin (training.attendance): the
 * sessions that have been (today's too), newest first, with how many places
 * still have no attendance recorded, so registers can be completed after the
 * day.
 */
enum haven_status training_handle_registers(struct request *req, struct response *res)
{
	char now[TRAINING_NOW_SIZE]; /* its day's sessions are listed, started or not (store.h) */
	training_now(now);
	struct page page;
	if (!page_from_request(req, res, &page))
		return HAVEN_OK;
	json_t *sessions = NULL;
	enum haven_status st = training_sessions_past(now, &page, &sessions);
	if (st != HAVEN_OK)
		return st;
	size_t i;
	json_t *s;
	json_array_foreach(sessions, i, s)
	{
		json_object_del(s, "my_booking_id");
		json_object_del(s, "my_status");
		json_object_del(s, "my_approval_pending");
		json_object_del(s, "my_approval_lapsed");
		json_object_del(s, "my_approver_name");
		json_object_del(s, "my_approval_stuck");
		json_object_del(s, "my_approval_withdrawn_at");
		if (req->api)
			continue;
		long long booked = json_integer_value(json_object_get(s, "booked"));
		long long unmarked = json_integer_value(json_object_get(s, "unmarked"));
		char text[80];
		if (booked == 0)
			snprintf(text, sizeof text, "Nobody booked");
		else if (unmarked == 0)
			snprintf(text, sizeof text, "Taken");
		else
			snprintf(text, sizeof text, "%lld of %lld %s not marked", unmarked, booked,
			         booked == 1 ? "place" : "places");
		json_object_set_new(s, "register_label", json_string(text));
		json_object_set_new(s, "register_tag",
		                    json_string(booked == 0     ? "govuk-tag--grey"
		                                : unmarked == 0 ? "govuk-tag--green"
		                                                : "govuk-tag--red"));
		date_words_set(s, "date", "date_label");
		training_time_words(s);
	}
	json_t *model = json_pack("{s:s}", "title", "Session registers");
	page_finish(&page, req, model, "sessions", sessions, "id", -1, "sessions");
	if (!req->api)
		json_object_set_new(model, "found",
		                    json_boolean(json_array_size(json_object_get(model, "sessions")) > 0));
	response_set_model(res, model);
	return HAVEN_OK;
}

/* GET /training/no-shows and its API twin (training.manage): no-shows on charged courses, for invoicing. */
enum haven_status training_handle_no_shows(struct request *req, struct response *res)
{
	struct period period;
	struct page page;
	json_t *model;
	if (!training_period_list(req, res, "No-shows to invoice", &period, &page, &model))
		return HAVEN_OK;
	const char *f = period.from_text, *t = period.to_text;
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
