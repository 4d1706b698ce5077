/*
 * sessions.c (training) — the programme's sessions: the list of what is
 * coming, a session's page and its calendar file, and adding a session to a
 * course.
 */
#include "areas/training/handlers.h"

#include <stdio.h>
#include <string.h>

#include "app/model_answer.h"
#include "areas/calendar/london.h"
#include "areas/training/rules.h"
#include "areas/training/store.h"
#include "auth/session.h"
#include "core/buf.h"
#include "router/errors.h"

/*
 * What a session shows the person asking: the joining link only to people
 * with a place; for pages, flags for which button applies and the cut-off.
 */
void training_decorate_session(const struct request *req, json_t *s, const char *day, int cutoff_days)
{
	const char *status = json_string_value(json_object_get(s, "my_status"));
	bool booked = status && strcmp(status, "booked") == 0;
	bool waiting = status && strcmp(status, "waiting") == 0;
	if (!booked)
		json_object_set_new(s, "joining_link", json_null());
	const char *date = json_string_value(json_object_get(s, "date"));
	int32_t d;
	if (date && calendar_parse(date, &d)) {
		char cutoff[CALENDAR_DATE_SIZE];
		calendar_format(training_cutoff(d, cutoff_days), cutoff);
		json_object_set_new(s, "cancellation_cutoff", json_string(cutoff));
		json_object_set_new(s, "cutoff_working_days", json_integer(cutoff_days));
		json_object_set_new(s, "past", json_boolean(strcmp(date, day) < 0));
		json_object_set_new(s, "after_cutoff", json_boolean(strcmp(day, cutoff) > 0));
	}
	if (!req->api) {
		json_object_set_new(s, "booked_by_me", json_boolean(booked));
		json_object_set_new(s, "waiting_by_me", json_boolean(waiting));
		long long places_left = json_integer_value(json_object_get(s, "places_left"));
		json_object_set_new(s, "full", json_boolean(places_left == 0));
		training_set_count_text(s, "places_left_text", places_left, "place", "places");
		json_object_set_new(
		    s, "virtual",
		    json_boolean(strcmp(json_string_value(json_object_get(s, "mode")), "virtual") == 0));
		json_object_set_new(s, "can_book", json_boolean(training_allowed(req, "training.book")));
		training_time_words(s);
	}
}

/* GET /training, GET /api/v1/training/sessions (training.read): upcoming sessions. */
enum haven_status training_handle_list_sessions(struct request *req, struct response *res)
{
	struct training_list ask;
	enum haven_status st;
	if (!training_list_request(req, res, &ask, &st))
		return st;
	json_t *sessions = NULL;
	int cutoff_days;
	if ((st = training_cutoff_days(&cutoff_days)) != HAVEN_OK)
		return st;
	char now[TRAINING_NOW_SIZE]; /* England's time: a session started is no longer to come (store.h) */
	training_now(now);
	st = training_sessions_list(now, 0, ask.area, req->user->id, &ask.page, &sessions);
	if (st != HAVEN_OK)
		return st;
	size_t i;
	json_t *s;
	json_array_foreach(sessions, i, s) training_decorate_session(req, s, ask.today, cutoff_days);
	json_t *model = json_pack("{s:s}", "title", "Training");
	page_finish(&ask.page, req, model, "sessions", sessions, "id", -1, "sessions");
	if ((st = training_list_finish(req, model, "sessions", ask.area)) != HAVEN_OK) {
		json_decref(model);
		return st;
	}
	if (!req->api)
		json_object_set_new(model, "can_see_figures",
		                    json_boolean(training_allowed(req, "training.figures")));
	response_set_model(res, model);
	return HAVEN_OK;
}

enum haven_status training_session_model(struct request *req, json_t **out)
{
	char day[CALENDAR_DATE_SIZE];
	calendar_london_today_text(day);
	json_t *s = NULL, *course = NULL;
	int cutoff_days;
	enum haven_status st = training_cutoff_days(&cutoff_days);
	if (st == HAVEN_OK)
		st = training_session_get(field_int(req->params, "id"), req->user->id, &s);
	if (st != HAVEN_OK)
		return st;
	training_decorate_session(req, s, day, cutoff_days);
	char now[TRAINING_NOW_SIZE];
	training_now(now);
	if ((st = training_course_get(json_integer_value(json_object_get(s, "course_id")), now, &course)) !=
	    HAVEN_OK) {
		json_decref(s);
		return st;
	}
	if (!req->api)
		training_decorate_course(course);
	if (req->api) { /* the API answers with the session, its course inside */
		json_object_set_new(s, "course", course);
		*out = s;
		return HAVEN_OK;
	}
	char title[1100];
	snprintf(title, sizeof title, "%s", json_string_value(json_object_get(s, "course_title")));
	json_t *model = json_pack("{s:s, s:o, s:o}", "title", title, "session", s, "course", course);
	if (!req->api)
		json_object_set_new(model, "can_take_register",
		                    json_boolean(training_allowed(req, "training.attendance")));
	*out = model;
	return HAVEN_OK;
}

/* GET /training/sessions/{id}, GET /api/v1/training/sessions/{id} (training.read). */
enum haven_status training_handle_show_session(struct request *req, struct response *res)
{
	return model_answer(req, res, training_session_model);
}

/* GET /training/sessions/{id}/calendar.ics (training.read): the session as an iCalendar file. */
enum haven_status training_handle_session_ics(struct request *req, struct response *res)
{
	struct buf ics = BUF_INIT;
	enum haven_status st = training_session_ical(field_int(req->params, "id"), &ics);
	if (st != HAVEN_OK) {
		buf_free(&ics);
		return st;
	}
	res->body_owned = buf_steal(&ics, &res->body_len);
	res->content_type = "text/calendar; charset=utf-8";
	response_add_header(res, "Content-Disposition", "attachment; filename=\"training-session.ics\"");
	return HAVEN_OK;
}

static enum haven_status session_form_model(struct request *req, json_t **out)
{
	char day[CALENDAR_DATE_SIZE];
	calendar_london_today_text(day);
	json_t *course = NULL;
	enum haven_status st = training_course_get(field_int(req->params, "id"), day, &course);
	if (st != HAVEN_OK)
		return st;
	char title[1100];
	snprintf(title, sizeof title, "Add a session: %s",
	         json_string_value(json_object_get(course, "title")));
	*out = json_pack("{s:s, s:o}", "title", title, "course", course);
	return HAVEN_OK;
}

/* GET /training/courses/{id}/sessions/new (training.manage); also the form's redisplay. */
enum haven_status training_handle_new_session_form(struct request *req, struct response *res)
{
	return model_answer(req, res, session_form_model);
}

/* POST /training/courses/{id}/sessions and its API twin (training.manage). */
enum haven_status training_handle_add_session(struct request *req, struct response *res)
{
	struct training_new_session s = {
	    .course_id = field_int(req->params, "id"),
	    .date = field_text(req->input, "date"),
	    .starts = field_text(req->input, "starts"),
	    .ends = field_text(req->input, "ends"),
	    .mode = field_text(req->input, "mode"),
	    .venue = field_text(req->input, "venue"),
	    .joining_link = field_text(req->input, "joining_link"),
	    .trainer = field_text(req->input, "trainer"),
	    .capacity = json_integer_value(json_object_get(req->input, "capacity")),
	};
	json_t *errors = json_array();
	bool virtual = strcmp(s.mode, "virtual") == 0;
	int start_minute, end_minute;
	bool starts_ok = calendar_parse_clock(s.starts, &start_minute);
	if (!starts_ok)
		errors_add(errors, "starts", "Enter the start time as hours and minutes, like 09:30");
	/* today, a start already past would add a session that has been (store.h's training_now) */
	char now[TRAINING_NOW_SIZE];
	training_now(now);
	if (starts_ok && s.date && strncmp(s.date, now, 10) == 0 && strlen(now) > 11 &&
	    strcmp(s.starts, now + 11) <= 0)
		errors_add(errors, "starts",
		           "The start time has passed: enter a time later than now, or a later date");
	if (!calendar_parse_clock(s.ends, &end_minute))
		errors_add(errors, "ends", "Enter the end time as hours and minutes, like 12:30");
	else if (starts_ok && end_minute <= start_minute)
		errors_add(errors, "ends", "The end time must be after the start time");
	if (virtual && (!s.joining_link || strncmp(s.joining_link, "https://", 8) != 0))
		errors_add(errors, "joining_link", "Enter the joining link, starting https://");
	if (!virtual && (!s.venue || !*s.venue))
		errors_add(errors, "venue", "Enter the venue");
	if (json_array_size(errors)) {
		/* the form again, whose course must exist: 404 before 422, for the API too */
		json_t *model = NULL;
		enum haven_status st = session_form_model(req, &model);
		if (st != HAVEN_OK) {
			json_decref(errors);
			return st;
		}
		response_set_model(res, model);
		response_errors(res, errors);
		return HAVEN_OK;
	}
	json_decref(errors);
	struct actor actor = auth_actor(req);
	long long id = 0;
	enum haven_status st = training_session_add(&s, &actor, &id);
	json_t *session = NULL;
	if (st != HAVEN_OK || (st = training_session_get(id, req->user->id, &session)) != HAVEN_OK)
		return st;
	response_success(res, "The session was added");
	response_created(res, session, "/training/sessions/%lld", id);
	return HAVEN_OK;
}
