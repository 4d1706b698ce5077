/*
 * area.c (training) — workforce development: the partnership's courses and
 * their sessions, practitioners booking places (and the waiting list when a
 * session is full), cancelling (late after the cut-off, rules.h), the
 * register and attendance, no-shows for invoicing, certificates of
 * attendance, evaluations, and the figures for a period; the library of
 * 7-minute briefings and other resources (views counted), e-learning
 * completions imported by `haven import elearning` (elearning.c), and the
 * follow-up three months after a session (the emails are jobs.c's).
 *
 * Who may do what is the access policy's (src/auth/policy.c):
 *   training.read        every signed-in role: the programme, sessions, own bookings
 *   training.book        roles that attend training (not the administrator or
 *                        the scrutineer): book, cancel, evaluate
 *   training.manage      the partnership: courses, sessions, resources, no-shows for
 *                        invoicing, e-learning completions
 *   training.attendance  the partnership (trainers are partnership users for now):
 *                        the register and marking attendance
 *   training.figures     the partnership and the scrutineer
 *   training.approve     the approver named on a booking request (a course that
 *                        needs manager approval): approve or decline it; nobody
 *                        else, so others are answered 404
 * A booking's certificate and evaluation are its holder's: anyone else is
 * answered 404 (the partnership may see any certificate).
 *
 * The waiting list: a freed place goes at once to the first person waiting,
 * who is booked and told by email (no offer to accept, so no place is held
 * empty while an offer waits). A session's joining link is shown only to
 * people with a place.
 */
#include <stdio.h>
#include <string.h>

#include "app/area.h"
#include "auth/session.h"
#include "router/errors.h"
#include "router/page.h"
#include "areas/calendar/calendar.h"
#include "areas/calendar/london.h"
#include "areas/training/elearning.h"
#include "areas/training/jobs.h"
#include "areas/training/rules.h"
#include "areas/training/store.h"
#include "auth/policy.h"
#include "auth/store.h"
#include "core/buf.h"

#define MAX_OUTCOMES 8

/* ---- field specs ---- */

static const char *const areas[] = {"neglect", "domestic_abuse", "contextual_safeguarding", "other", NULL};
static const char *const levels[] = {"introductory", "intermediate", "advanced", NULL};
static const char *const open_to[] = {"partners", "everyone", NULL};
static const char *const modes[] = {"venue", "virtual", NULL};

static const struct field_spec list_fields[] = {
    {.name = "area", .label = "the priority area", .type = FIELD_CHOICE, .choices = areas},
    PAGE_FIELDS,
    {0},
};

static const struct field_spec course_fields[] = {
    {.name = "title", .label = "the title", .type = FIELD_TEXT, .required = true, .max = 200},
    {.name = "description", .label = "the description", .type = FIELD_TEXT, .required = true, .max = 5000},
    {.name = "areas",
     .label = "the priority areas",
     .type = FIELD_CHOICE,
     .required = true,
     .multiple = true,
     .choices = areas},
    {.name = "audience", .label = "who it is for", .type = FIELD_TEXT, .required = true, .max = 500},
    {.name = "level", .label = "the level", .type = FIELD_CHOICE, .required = true, .choices = levels},
    {.name = "duration_minutes",
     .label = "the duration in minutes",
     .type = FIELD_INT,
     .required = true,
     .min = 15,
     .max = 2880},
    {.name = "outcomes",
     .label = "the learning outcomes",
     .type = FIELD_TEXT,
     .required = true,
     .multiple = true,
     .max = 4000},
    {.name = "open_to", .label = "who may book", .type = FIELD_CHOICE, .required = true, .choices = open_to},
    {.name = "no_show_charge_pence",
     .label = "the charge for not attending, in pence",
     .type = FIELD_INT,
     .max = 100000},
    {.name = "needs_approval", .label = "whether booking needs a manager's approval", .type = FIELD_BOOL},
    {0},
};

static const struct field_spec book_fields[] = {
    {.name = "approver_email", .label = "your manager's email address", .type = FIELD_EMAIL, .max = 254},
    {0},
};

static const struct field_spec approval_fields[] = {
    {.name = "needs_approval",
     .label = "whether booking needs a manager's approval",
     .type = FIELD_BOOL,
     .required = true},
    {0},
};

static const struct field_spec session_fields[] = {
    {.name = "date", .label = "the date", .type = FIELD_DATE, .required = true},
    {.name = "starts", .label = "the start time", .type = FIELD_TEXT, .required = true, .max = 5},
    {.name = "ends", .label = "the end time", .type = FIELD_TEXT, .required = true, .max = 5},
    {.name = "mode",
     .label = "whether it is online or at a venue",
     .type = FIELD_CHOICE,
     .required = true,
     .choices = modes},
    {.name = "venue", .label = "the venue", .type = FIELD_TEXT, .max = 500},
    {.name = "joining_link", .label = "the joining link", .type = FIELD_TEXT, .max = 1000},
    {.name = "capacity",
     .label = "the number of places",
     .type = FIELD_INT,
     .required = true,
     .min = 1,
     .max = 1000},
    {.name = "trainer", .label = "the trainer", .type = FIELD_TEXT, .required = true, .max = 200},
    {0},
};

static const struct field_spec attendance_fields[] = {
    {.name = "attended",
     .label = "who attended",
     .type = FIELD_INT,
     .multiple = true,
     .min = 1,
     .max = 9007199254740991LL},
    {0},
};

static const char *const kinds[] = {"seven_minute_briefing", "guidance", "video", "other", NULL};

static const struct field_spec resource_fields[] = {
    {.name = "title", .label = "the title", .type = FIELD_TEXT, .required = true, .max = 200},
    {.name = "kind",
     .label = "the kind of resource",
     .type = FIELD_CHOICE,
     .required = true,
     .choices = kinds},
    {.name = "area", .label = "the priority area", .type = FIELD_CHOICE, .required = true, .choices = areas},
    {.name = "summary", .label = "the summary", .type = FIELD_TEXT, .required = true, .max = 500},
    {.name = "body", .label = "the text", .type = FIELD_TEXT, .required = true, .max = 20000},
    {.name = "link", .label = "the link", .type = FIELD_TEXT, .max = 1000},
    {0},
};

static const char *const impacts[] = {"a_lot", "a_little", "not_yet", "none", NULL};

static const struct field_spec follow_up_fields[] = {
    {.name = "impact",
     .label = "how much the training has changed your practice",
     .type = FIELD_CHOICE,
     .required = true,
     .choices = impacts},
    {.name = "changes", .label = "what you do differently", .type = FIELD_TEXT, .max = 5000},
    {0},
};

static const struct field_spec period_fields[] = {
    {.name = "from", .label = "the start of the period", .type = FIELD_DATE},
    {.name = "to", .label = "the end of the period", .type = FIELD_DATE},
    {0},
};

/* A period's list, a page at a time. */
static const struct field_spec paged_period_fields[] = {
    {.name = "from", .label = "the start of the period", .type = FIELD_DATE},
    {.name = "to", .label = "the end of the period", .type = FIELD_DATE},
    PAGE_FIELDS,
    {0},
};

static const struct field_spec page_query[] = {PAGE_FIELDS, {0}};

#define SCORE(n)                                                                                             \
	{.name = "before_" #n,                                                                               \
	 .label = "your confidence before, for outcome " #n,                                                 \
	 .type = FIELD_INT,                                                                                  \
	 .min = 1,                                                                                           \
	 .max = 5},                                                                                          \
	{                                                                                                    \
		.name = "after_" #n, .label = "your confidence after, for outcome " #n, .type = FIELD_INT,   \
		.min = 1, .max = 5                                                                           \
	}

static const struct field_spec evaluation_fields[] = {
    SCORE(1), SCORE(2), SCORE(3),
    SCORE(4), SCORE(5), SCORE(6),
    SCORE(7), SCORE(8), {.name = "comments", .label = "your comments", .type = FIELD_TEXT, .max = 5000},
    {0},
};

/* Today in England (the partnership's day). */
static void today(char out[static CALENDAR_DATE_SIZE])
{
	calendar_format(calendar_london_today(), out);
}

static bool allowed(const struct request *req, const char *action)
{
	return policy_decide(req->user, action, NULL) == DECISION_ALLOW;
}

static const char *area_label(const char *area)
{
	if (!area)
		return "";
	if (strcmp(area, "neglect") == 0)
		return "Neglect";
	if (strcmp(area, "domestic_abuse") == 0)
		return "Domestic abuse";
	if (strcmp(area, "contextual_safeguarding") == 0)
		return "Contextual safeguarding";
	return "Other";
}

static json_t *area_choices(const char *chosen)
{
	json_t *list = json_array();
	for (const char *const *a = areas; *a; a++)
		json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "value", *a, "label", area_label(*a),
		                                      "selected", chosen && strcmp(chosen, *a) == 0));
	return list;
}

/* "£25.00" for a charge in pence. */
static json_t *money(long long pence)
{
	char text[48];
	snprintf(text, sizeof text, "£%lld.%02lld", pence / 100, pence % 100);
	return json_string(text);
}

/*
 * What a session shows the person asking: the joining link only to people
 * with a place; for pages, flags for which button applies and the cut-off.
 */
static void decorate_session(const struct request *req, json_t *s, const char *day)
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
		calendar_format(training_cutoff(d), cutoff);
		json_object_set_new(s, "cancellation_cutoff", json_string(cutoff));
		json_object_set_new(s, "past", json_boolean(strcmp(date, day) < 0));
		json_object_set_new(s, "after_cutoff", json_boolean(strcmp(day, cutoff) > 0));
	}
	if (!req->api) {
		json_object_set_new(s, "booked_by_me", json_boolean(booked));
		json_object_set_new(s, "waiting_by_me", json_boolean(waiting));
		json_object_set_new(s, "full",
		                    json_boolean(json_integer_value(json_object_get(s, "places_left")) == 0));
		json_object_set_new(
		    s, "virtual",
		    json_boolean(strcmp(json_string_value(json_object_get(s, "mode")), "virtual") == 0));
		json_object_set_new(s, "can_book", json_boolean(allowed(req, "training.book")));
	}
}

static void decorate_course(json_t *c)
{
	json_t *labels = json_array();
	size_t i;
	json_t *a;
	json_array_foreach(json_object_get(c, "areas"), i, a)
	    json_array_append_new(labels, json_pack("{s:s}", "label", area_label(json_string_value(a))));
	json_object_set_new(c, "area_labels", labels);
	long long pence = json_integer_value(json_object_get(c, "no_show_charge_pence"));
	json_object_set_new(c, "has_charge", json_boolean(pence > 0));
	json_object_set_new(c, "charge", money(pence));
	json_object_set_new(
	    c, "partners_only",
	    json_boolean(strcmp(json_string_value(json_object_get(c, "open_to")), "partners") == 0));
}

/* ---- the programme ---- */

/* GET /training, GET /api/v1/training/sessions (training.read): upcoming sessions. */
static enum haven_status list_sessions(struct request *req, struct response *res)
{
	char day[CALENDAR_DATE_SIZE];
	today(day);
	const char *area = field_text(req->input, "area");
	struct page page;
	if (!page_from_request(req, res, &page))
		return HAVEN_OK;
	json_t *sessions = NULL;
	enum haven_status st = training_sessions_list(day, 0, area, req->user->id, &page, &sessions);
	if (st != HAVEN_OK)
		return st;
	size_t i;
	json_t *s;
	json_array_foreach(sessions, i, s) decorate_session(req, s, day);
	json_t *model = json_pack("{s:s}", "title", "Training");
	page_finish(&page, req, model, "sessions", sessions, "id", -1, "sessions");
	size_t n = json_array_size(json_object_get(model, "sessions"));
	json_object_set_new(model, "count", json_integer((json_int_t)n));
	if (!req->api) {
		json_object_set_new(model, "found", json_boolean(n > 0));
		json_object_set_new(model, "areas", area_choices(area));
		json_object_set_new(model, "can_manage", json_boolean(allowed(req, "training.manage")));
		json_object_set_new(model, "can_see_figures", json_boolean(allowed(req, "training.figures")));
	}
	response_set_model(res, model);
	return HAVEN_OK;
}

/* GET /training/courses, GET /api/v1/training/courses (training.read). */
static enum haven_status list_courses(struct request *req, struct response *res)
{
	char day[CALENDAR_DATE_SIZE];
	today(day);
	struct page page;
	if (!page_from_request(req, res, &page))
		return HAVEN_OK;
	json_t *courses = NULL;
	long long total = -1;
	enum haven_status st = training_courses_list(day, &page, &courses, &total);
	if (st != HAVEN_OK)
		return st;
	if (!req->api) {
		size_t i;
		json_t *c;
		json_array_foreach(courses, i, c) decorate_course(c);
	}
	json_t *model = json_pack("{s:s, s:b}", "title", "Training courses", "can_manage",
	                          allowed(req, "training.manage"));
	page_finish(&page, req, model, "courses", courses, "id", total, "courses");
	size_t n = json_array_size(json_object_get(model, "courses"));
	json_object_set_new(model, "count", json_integer((json_int_t)n));
	response_set_model(res, model);
	return HAVEN_OK;
}

/* GET /training/courses/{id}, GET /api/v1/training/courses/{id} (training.read): a course and its coming
 * sessions. */
static enum haven_status show_course(struct request *req, struct response *res)
{
	char day[CALENDAR_DATE_SIZE];
	today(day);
	long long id = field_int(req->params, "id");
	json_t *course = NULL, *sessions = NULL;
	enum haven_status st = training_course_get(id, day, &course);
	if (st != HAVEN_OK)
		return st;
	/* the course's next sessions: the first page (a course's calendar is short) */
	struct page first = {.limit = PAGE_MAX_LIMIT};
	if ((st = training_sessions_list(day, id, NULL, req->user->id, &first, &sessions)) != HAVEN_OK) {
		json_decref(course);
		return st;
	}
	size_t i;
	json_t *s;
	json_array_foreach(sessions, i, s) decorate_session(req, s, day);
	if (!req->api)
		decorate_course(course);
	json_object_set_new(course, "sessions", sessions);
	json_t *model = json_pack("{s:O, s:o}", "title", json_object_get(course, "title"), "course", course);
	if (!req->api) {
		json_object_set_new(model, "has_sessions", json_boolean(json_array_size(sessions) > 0));
		json_object_set_new(model, "can_manage", json_boolean(allowed(req, "training.manage")));
	}
	response_set_model(res, model);
	return HAVEN_OK;
}

static enum haven_status session_model(struct request *req, json_t **out)
{
	char day[CALENDAR_DATE_SIZE];
	today(day);
	json_t *s = NULL, *course = NULL;
	enum haven_status st = training_session_get(field_int(req->params, "id"), req->user->id, &s);
	if (st != HAVEN_OK)
		return st;
	decorate_session(req, s, day);
	if ((st = training_course_get(json_integer_value(json_object_get(s, "course_id")), day, &course)) !=
	    HAVEN_OK) {
		json_decref(s);
		return st;
	}
	if (!req->api)
		decorate_course(course);
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
		                    json_boolean(allowed(req, "training.attendance")));
	*out = model;
	return HAVEN_OK;
}

/* GET /training/sessions/{id}, GET /api/v1/training/sessions/{id} (training.read). */
static enum haven_status show_session(struct request *req, struct response *res)
{
	json_t *model = NULL;
	enum haven_status st = session_model(req, &model);
	if (st == HAVEN_OK)
		response_set_model(res, model);
	return st;
}

/* GET /training/sessions/{id}/calendar.ics (training.read): the session as an iCalendar file. */
static enum haven_status session_ics(struct request *req, struct response *res)
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

/* A refusal a handler found about a session: problem+json, or the session's page with the message. */
static enum haven_status refuse_on_session(struct request *req, struct response *res, unsigned status,
                                           const char *field, const char *message)
{
	json_t *errors = json_array();
	errors_add(errors, field, message);
	if (req->api) {
		errors_respond(res, status, errors);
		return HAVEN_OK;
	}
	json_t *model = NULL;
	enum haven_status st = session_model(req, &model);
	if (st != HAVEN_OK) {
		json_decref(errors);
		return st;
	}
	errors_on_page(model, errors, NULL);
	json_decref(errors);
	res->status = status;
	response_set_model(res, model);
	return HAVEN_OK;
}

static void back_to_session(struct response *res, long long id)
{
	char location[96];
	snprintf(location, sizeof location, "/training/sessions/%lld", id);
	response_redirect(res, location);
}

/* POST /training/sessions/{id}/book and its API twin (training.book): a place, or the waiting list. */
static enum haven_status book(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id");
	char day[CALENDAR_DATE_SIZE];
	today(day);
	struct training_booker who = {req->user->id, req->user->agency_id, req->user->email,
	                              field_text(req->input, "approver_email")};
	struct actor actor = auth_actor(req);
	struct training_booking_result r;
	enum haven_status st = training_book(id, &who, day, &actor, &r);
	if (st == HAVEN_ERR_INVALID && r.approver_problem != TRAINING_APPROVER_OK) {
		const char *message =
		    r.approver_problem == TRAINING_APPROVER_MISSING
		        ? "This course needs your manager's approval: enter your manager's email address"
		    : r.approver_problem == TRAINING_APPROVER_SELF
		        ? "You cannot approve your own booking: enter your manager's email address"
		        /* the same words for no account and an account in another agency */
		        : "Enter the email address of a manager in your agency who can approve bookings";
		return refuse_on_session(req, res, 422, "approver_email", message);
	}
	if (st == HAVEN_ERR_CONFLICT)
		return refuse_on_session(
		    req, res, 409, "session",
		    "You already have a place, are on the waiting list or are awaiting approval, "
		    "or the session has been");
	if (st == HAVEN_ERR_DENIED)
		return refuse_on_session(req, res, 403, "session",
		                         "This course is for staff of partner agencies only");
	if (st != HAVEN_OK)
		return st;
	if (r.approval_id) {
		if (req->api) {
			res->status = 202;
			response_set_model(res, json_pack("{s:I, s:I, s:s}", "approval_id",
			                                  (json_int_t)r.approval_id, "session_id",
			                                  (json_int_t)id, "status", "awaiting_approval"));
		} else {
			back_to_session(res, id); /* the page says it awaits approval */
		}
		return HAVEN_OK;
	}
	if (req->api) {
		res->status = 201;
		response_set_model(res, json_pack("{s:I, s:I, s:s}", "booking_id", (json_int_t)r.booking_id,
		                                  "session_id", (json_int_t)id, "status",
		                                  r.waiting ? "waiting" : "booked"));
		return HAVEN_OK;
	}
	back_to_session(res, id);
	return HAVEN_OK;
}

/* POST /training/sessions/{id}/cancel and its API twin (training.book): give up a place or a waiting spot. */
static enum haven_status cancel(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id");
	char day[CALENDAR_DATE_SIZE];
	today(day);
	struct actor actor = auth_actor(req);
	struct training_booking_result r;
	enum haven_status st = training_cancel(id, req->user->id, day, &actor, &r);
	if (st == HAVEN_ERR_CONFLICT)
		return refuse_on_session(req, res, 409, "session",
		                         "The session has been, so it cannot be cancelled");
	if (st != HAVEN_OK)
		return st;
	if (req->api) {
		response_set_model(res,
		                   json_pack("{s:I, s:I, s:s, s:b, s:o}", "booking_id",
		                             (json_int_t)r.booking_id, "session_id", (json_int_t)id, "status",
		                             "cancelled", "late", r.late, "promoted_booking_id",
		                             r.promoted_id ? json_integer(r.promoted_id) : json_null()));
		return HAVEN_OK;
	}
	back_to_session(res, id);
	return HAVEN_OK;
}

/* GET /training/bookings, GET /api/v1/training/bookings (training.read): my bookings. */
static enum haven_status my_bookings(struct request *req, struct response *res)
{
	struct page page;
	if (!page_from_request(req, res, &page))
		return HAVEN_OK;
	json_t *list = NULL;
	long long total = -1;
	enum haven_status st = training_my_bookings(req->user->id, &page, &list, &total);
	if (st != HAVEN_OK)
		return st;
	if (!req->api) {
		size_t i;
		json_t *b;
		json_array_foreach(list, i, b)
		{
			const char *status = json_string_value(json_object_get(b, "status"));
			const char *att = json_string_value(json_object_get(b, "attendance"));
			bool attended = att && strcmp(att, "attended") == 0;
			json_object_set_new(b, "status_label",
			                    json_string(att ? (attended ? "Attended" : "Did not attend")
			                                : strcmp(status, "booked") == 0 ? "Booked"
			                                : strcmp(status, "waiting") == 0
			                                    ? "On the waiting list"
			                                    : "Cancelled"));
			json_object_set_new(b, "attended", json_boolean(attended));
			json_object_set_new(
			    b, "can_evaluate",
			    json_boolean(attended && !json_is_true(json_object_get(b, "evaluated"))));
			/* offered once the job has asked (three months on), until answered */
			json_object_set_new(
			    b, "can_follow_up",
			    json_boolean(attended && json_is_true(json_object_get(b, "follow_up_asked")) &&
			                 !json_is_true(json_object_get(b, "followed_up"))));
		}
	}
	json_t *model = json_pack("{s:s}", "title", "Your training");
	page_finish(&page, req, model, "bookings", list, "id", total, "bookings");
	size_t n = json_array_size(json_object_get(model, "bookings"));
	json_object_set_new(model, "count", json_integer((json_int_t)n));
	json_object_set_new(model, "found", json_boolean(n > 0));
	response_set_model(res, model);
	return HAVEN_OK;
}

/* ---- managing courses and sessions ---- */

static json_t *course_form_model(struct request *req)
{
	(void)req;
	json_t *levels_list = json_array();
	for (const char *const *l = levels; *l; l++)
		json_array_append_new(levels_list, json_pack("{s:s}", "value", *l));
	return json_pack("{s:s, s:o, s:o}", "title", "Add a course", "areas", area_choices(NULL), "levels",
	                 levels_list);
}

/* GET /training/courses/new (training.manage); also the redisplay of the form. */
static enum haven_status new_course_form(struct request *req, struct response *res)
{
	response_set_model(res, course_form_model(req));
	return HAVEN_OK;
}

/* Splits every outcome value on new lines, trimming and dropping blank ones. */
static json_t *split_outcomes(const json_t *values)
{
	json_t *out = json_array();
	size_t i;
	json_t *v;
	json_array_foreach(values, i, v)
	{
		const char *s = json_string_value(v);
		while (s && *s) {
			const char *nl = strchr(s, '\n');
			size_t len = nl ? (size_t)(nl - s) : strlen(s);
			const char *a = s, *b = s + len;
			while (a < b && (*a == ' ' || *a == '\t' || *a == '\r' || *a == '-' || *a == '*'))
				a++;
			while (b > a && (b[-1] == ' ' || b[-1] == '\t' || b[-1] == '\r'))
				b--;
			if (b > a)
				json_array_append_new(out, json_stringn(a, (size_t)(b - a)));
			s = nl ? nl + 1 : NULL;
		}
	}
	return out;
}

/* POST /training/courses, POST /api/v1/training/courses (training.manage). */
static enum haven_status add_course(struct request *req, struct response *res)
{
	json_t *outcomes = split_outcomes(json_object_get(req->input, "outcomes"));
	json_t *errors = json_array();
	if (json_array_size(outcomes) == 0)
		errors_add(errors, "outcomes", "Enter at least one learning outcome");
	else if (json_array_size(outcomes) > MAX_OUTCOMES)
		errors_add(errors, "outcomes", "Enter at most 8 learning outcomes");
	if (json_array_size(errors)) {
		json_decref(outcomes);
		if (req->api) {
			errors_respond(res, 422, errors);
			return HAVEN_OK;
		}
		json_t *model = course_form_model(req);
		errors_on_page(model, errors, NULL);
		json_decref(errors);
		json_object_set_new(model, "submitted", json_deep_copy(req->input));
		res->status = 422;
		response_set_model(res, model);
		return HAVEN_OK;
	}
	json_decref(errors);
	struct training_new_course c = {
	    .title = field_text(req->input, "title"),
	    .description = field_text(req->input, "description"),
	    .audience = field_text(req->input, "audience"),
	    .level = field_text(req->input, "level"),
	    .open_to = field_text(req->input, "open_to"),
	    .duration_minutes = json_integer_value(json_object_get(req->input, "duration_minutes")),
	    .no_show_charge_pence = json_integer_value(json_object_get(req->input, "no_show_charge_pence")),
	    .areas = json_object_get(req->input, "areas"),
	    .outcomes = outcomes,
	    .needs_approval = json_is_true(json_object_get(req->input, "needs_approval")),
	};
	struct actor actor = auth_actor(req);
	long long id = 0;
	enum haven_status st = training_course_add(&c, &actor, &id);
	json_decref(outcomes);
	if (st != HAVEN_OK)
		return st;
	if (req->api) {
		char day[CALENDAR_DATE_SIZE];
		today(day);
		json_t *course = NULL;
		if ((st = training_course_get(id, day, &course)) != HAVEN_OK)
			return st;
		res->status = 201;
		response_set_model(res, course);
		return HAVEN_OK;
	}
	char location[96];
	snprintf(location, sizeof location, "/training/courses/%lld", id);
	response_redirect(res, location);
	return HAVEN_OK;
}

static enum haven_status session_form_model(struct request *req, json_t **out)
{
	char day[CALENDAR_DATE_SIZE];
	today(day);
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
static enum haven_status new_session_form(struct request *req, struct response *res)
{
	json_t *model = NULL;
	enum haven_status st = session_form_model(req, &model);
	if (st == HAVEN_OK)
		response_set_model(res, model);
	return st;
}

/* POST /training/courses/{id}/sessions and its API twin (training.manage). */
static enum haven_status add_session(struct request *req, struct response *res)
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
	if (!calendar_parse_clock(s.ends, &end_minute))
		errors_add(errors, "ends", "Enter the end time as hours and minutes, like 12:30");
	else if (starts_ok && end_minute <= start_minute)
		errors_add(errors, "ends", "The end time must be after the start time");
	if (virtual && (!s.joining_link || strncmp(s.joining_link, "https://", 8) != 0))
		errors_add(errors, "joining_link", "Enter the joining link, starting https://");
	if (!virtual && (!s.venue || !*s.venue))
		errors_add(errors, "venue", "Enter the venue");
	if (json_array_size(errors)) {
		if (req->api) {
			/* 404 before 422, so the API does not answer about a course that does not exist */
			json_t *model = NULL;
			enum haven_status st = session_form_model(req, &model);
			json_decref(model);
			if (st != HAVEN_OK) {
				json_decref(errors);
				return st;
			}
			errors_respond(res, 422, errors);
			return HAVEN_OK;
		}
		json_t *model = NULL;
		enum haven_status st = session_form_model(req, &model);
		if (st != HAVEN_OK) {
			json_decref(errors);
			return st;
		}
		errors_on_page(model, errors, NULL);
		json_decref(errors);
		json_object_set_new(model, "submitted", json_deep_copy(req->input));
		res->status = 422;
		response_set_model(res, model);
		return HAVEN_OK;
	}
	json_decref(errors);
	struct actor actor = auth_actor(req);
	long long id = 0;
	enum haven_status st = training_session_add(&s, &actor, &id);
	if (st != HAVEN_OK)
		return st;
	if (req->api) {
		json_t *session = NULL;
		if ((st = training_session_get(id, req->user->id, &session)) != HAVEN_OK)
			return st;
		res->status = 201;
		response_set_model(res, session);
		return HAVEN_OK;
	}
	back_to_session(res, id);
	return HAVEN_OK;
}

/* ---- the register and attendance ---- */

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
static enum haven_status show_register(struct request *req, struct response *res)
{
	json_t *model = NULL;
	enum haven_status st = register_model(req, &model);
	if (st == HAVEN_OK)
		response_set_model(res, model);
	return st;
}

/* POST /training/sessions/{id}/attendance and its API twin (training.attendance). */
static enum haven_status mark_attendance(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id");
	char day[CALENDAR_DATE_SIZE];
	today(day);
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
		json_t *errors = json_array();
		errors_add(errors, "attended", message);
		if (req->api) {
			errors_respond(res, st == HAVEN_ERR_CONFLICT ? 409 : 422, errors);
			return HAVEN_OK;
		}
		json_t *model = NULL;
		if ((st = register_model(req, &model)) != HAVEN_OK) {
			json_decref(errors);
			return st;
		}
		errors_on_page(model, errors, NULL);
		json_decref(errors);
		res->status = 422;
		response_set_model(res, model);
		return HAVEN_OK;
	}
	if (st != HAVEN_OK)
		return st;
	if (req->api)
		return show_register(req, res);
	char location[96];
	snprintf(location, sizeof location, "/training/sessions/%lld/register", id);
	response_redirect(res, location);
	return HAVEN_OK;
}

/* ---- periods ---- */

/* The period asked for (defaulting to the reporting year); false if it runs backwards. */
static bool period(const struct request *req, char f[static CALENDAR_DATE_SIZE],
                   char t[static CALENDAR_DATE_SIZE])
{
	char day[CALENDAR_DATE_SIZE];
	today(day);
	int32_t now = 0, from = 0, to = 0, df, dt;
	calendar_parse(day, &now);
	const char *ft = field_text(req->input, "from"), *tt = field_text(req->input, "to");
	bool has_from = ft && calendar_parse(ft, &from), has_to = tt && calendar_parse(tt, &to);
	calendar_reporting_year(has_from ? from : has_to ? to : now, &df, &dt);
	if (!has_from)
		from = df;
	if (!has_to)
		to = dt;
	calendar_format(from, f);
	calendar_format(to, t);
	return from <= to;
}

static enum haven_status backwards(struct request *req, struct response *res, json_t *model)
{
	json_t *errors = json_array();
	errors_add(errors, "to", "The end of the period must be the same as or after its start");
	if (req->api) {
		json_decref(model);
		errors_respond(res, 400, errors);
		return HAVEN_OK;
	}
	errors_on_page(model, errors, NULL);
	json_decref(errors);
	res->status = 400;
	response_set_model(res, model);
	return HAVEN_OK;
}

/* GET /training/no-shows and its API twin (training.manage): no-shows on charged courses, for invoicing. */
static enum haven_status no_shows(struct request *req, struct response *res)
{
	char f[CALENDAR_DATE_SIZE], t[CALENDAR_DATE_SIZE];
	bool ok = period(req, f, t);
	json_t *model = json_pack("{s:s, s:s, s:s, s:{s:s, s:s}}", "title", "No-shows to invoice", "from", f,
	                          "to", t, "submitted", "from", f, "to", t);
	if (!ok)
		return backwards(req, res, model);
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
		    r, "charge", money(json_integer_value(json_object_get(r, "charge_pence"))));
	page_finish(&page, req, model, "no_shows", list, "booking_id", count, "no-shows");
	/* the period's whole count and charge, not the page's: what the invoice adds up */
	json_object_set_new(model, "count", json_integer(count));
	json_object_set_new(model, "total_pence", json_integer(total));
	if (!req->api) {
		json_object_set_new(model, "total", money(total));
		json_object_set_new(model, "found", json_boolean(count > 0));
	}
	response_set_model(res, model);
	return HAVEN_OK;
}

/* ---- certificates and evaluations ---- */

/* The booking if it is the requester's own (or `any_action` allows any); else NOT_FOUND. */
static enum haven_status own_booking(struct request *req, const char *any_action, json_t **out)
{
	json_t *b = NULL;
	enum haven_status st = training_booking_get(field_int(req->params, "id"), &b);
	if (st != HAVEN_OK)
		return st;
	if (json_integer_value(json_object_get(b, "user_id")) != req->user->id &&
	    !(any_action && allowed(req, any_action))) {
		json_decref(b);
		return HAVEN_ERR_NOT_FOUND;
	}
	*out = b;
	return HAVEN_OK;
}

/* GET /training/bookings/{id}/certificate (training.read): a printable certificate of attendance. */
static enum haven_status certificate(struct request *req, struct response *res)
{
	json_t *b = NULL;
	enum haven_status st = own_booking(req, "training.manage", &b);
	if (st != HAVEN_OK)
		return st;
	const char *att = json_string_value(json_object_get(b, "attendance"));
	if (!att || strcmp(att, "attended") != 0) {
		json_decref(b);
		return HAVEN_ERR_NOT_FOUND;
	}
	long long minutes = json_integer_value(json_object_get(b, "duration_minutes"));
	char duration[64];
	if (minutes % 60 == 0)
		snprintf(duration, sizeof duration, "%lld hour%s", minutes / 60, minutes == 60 ? "" : "s");
	else
		snprintf(duration, sizeof duration, "%lld minutes", minutes);
	json_object_set_new(b, "duration", json_string(duration));
	response_set_model(res, json_pack("{s:s, s:o}", "title", "Certificate of attendance", "booking", b));
	return HAVEN_OK;
}

static enum haven_status evaluation_model(struct request *req, json_t **out)
{
	json_t *b = NULL;
	enum haven_status st = own_booking(req, NULL, &b);
	if (st != HAVEN_OK)
		return st;
	size_t i;
	json_t *o;
	json_array_foreach(json_object_get(b, "outcomes"), i, o)
	{
		json_object_set_new(o, "n", json_integer((json_int_t)i + 1));
		json_t *scale = json_array();
		for (int k = 1; k <= 5; k++)
			json_array_append_new(scale,
			                      json_pack("{s:i, s:I}", "value", k, "n", (json_int_t)i + 1));
		json_object_set_new(o, "scale", scale);
	}
	const char *att = json_string_value(json_object_get(b, "attendance"));
	json_object_set_new(b, "attended", json_boolean(att && strcmp(att, "attended") == 0));
	*out = json_pack("{s:s, s:o}", "title", "Evaluate your training", "booking", b);
	return HAVEN_OK;
}

/* GET /training/bookings/{id}/evaluation (training.read): the form, for the booking's holder. */
static enum haven_status evaluation_form(struct request *req, struct response *res)
{
	json_t *model = NULL;
	enum haven_status st = evaluation_model(req, &model);
	if (st == HAVEN_OK)
		response_set_model(res, model);
	return st;
}

/* POST /training/bookings/{id}/evaluation and its API twin (training.book): once, attendees only. */
static enum haven_status evaluate(struct request *req, struct response *res)
{
	json_t *b = NULL;
	enum haven_status st = own_booking(req, NULL, &b);
	if (st != HAVEN_OK)
		return st;
	size_t n = json_array_size(json_object_get(b, "outcomes"));
	json_t *scores = json_array(), *errors = json_array();
	for (size_t i = 0; i < n; i++) {
		char before[32], after[32];
		snprintf(before, sizeof before, "before_%zu", i + 1);
		snprintf(after, sizeof after, "after_%zu", i + 1);
		json_t *bv = json_object_get(req->input, before), *av = json_object_get(req->input, after);
		if (!bv)
			errors_add(errors, before, "Select how confident you were before the training");
		if (!av)
			errors_add(errors, after, "Select how confident you are after the training");
		if (bv && av)
			json_array_append_new(
			    scores, json_pack("{s:O, s:O, s:O}", "outcome_id",
			                      json_object_get(
			                          json_array_get(json_object_get(b, "outcomes"), i), "id"),
			                      "before", bv, "after", av));
	}
	for (size_t i = n; i < MAX_OUTCOMES; i++) {
		char name[32];
		snprintf(name, sizeof name, "before_%zu", i + 1);
		if (json_object_get(req->input, name))
			errors_add(errors, name, "This course has fewer learning outcomes");
	}
	json_decref(b);
	if (!json_array_size(errors)) {
		struct actor actor = auth_actor(req);
		st = training_evaluate(field_int(req->params, "id"), req->user->id, scores,
		                       field_text(req->input, "comments"), &actor);
		if (st == HAVEN_ERR_DENIED)
			errors_add(errors, "booking", "Only people who attended can evaluate the training");
		else if (st == HAVEN_ERR_CONFLICT)
			errors_add(errors, "booking", "You have already evaluated this training");
		else if (st == HAVEN_ERR_INVALID)
			errors_add(errors, "before_1", "Give a score for each learning outcome");
		else if (st != HAVEN_OK) {
			json_decref(scores);
			json_decref(errors);
			return st;
		}
	}
	json_decref(scores);
	if (json_array_size(errors)) {
		unsigned status = st == HAVEN_ERR_CONFLICT ? 409 : st == HAVEN_ERR_DENIED ? 403 : 422;
		if (req->api) {
			errors_respond(res, status, errors);
			return HAVEN_OK;
		}
		json_t *model = NULL;
		if ((st = evaluation_model(req, &model)) != HAVEN_OK) {
			json_decref(errors);
			return st;
		}
		errors_on_page(model, errors, NULL);
		json_decref(errors);
		json_object_set_new(model, "submitted", json_deep_copy(req->input));
		res->status = status;
		response_set_model(res, model);
		return HAVEN_OK;
	}
	json_decref(errors);
	if (req->api) {
		res->status = 201;
		response_set_model(res, json_pack("{s:I, s:b}", "booking_id",
		                                  (json_int_t)field_int(req->params, "id"), "evaluated", 1));
		return HAVEN_OK;
	}
	response_redirect(res, "/training/bookings");
	return HAVEN_OK;
}

/* ---- the resource library ---- */

static const char *kind_label(const char *kind)
{
	if (kind && strcmp(kind, "seven_minute_briefing") == 0)
		return "7-minute briefing";
	if (kind && strcmp(kind, "guidance") == 0)
		return "Guidance";
	if (kind && strcmp(kind, "video") == 0)
		return "Video";
	return "Other";
}

static void decorate_resource(json_t *r)
{
	json_object_set_new(r, "kind_label",
	                    json_string(kind_label(json_string_value(json_object_get(r, "kind")))));
	json_object_set_new(r, "area_label",
	                    json_string(area_label(json_string_value(json_object_get(r, "area")))));
}

/* GET /training/resources, GET /api/v1/training/resources (training.read): the library, by priority area. */
static enum haven_status list_resources(struct request *req, struct response *res)
{
	const char *area = field_text(req->input, "area");
	struct page page;
	if (!page_from_request(req, res, &page))
		return HAVEN_OK;
	json_t *list = NULL;
	long long total = -1;
	enum haven_status st = training_resources_list(area, &page, &list, &total);
	if (st != HAVEN_OK)
		return st;
	if (!req->api) {
		size_t i;
		json_t *r;
		json_array_foreach(list, i, r) decorate_resource(r);
	}
	json_t *model = json_pack("{s:s}", "title", "Briefings and resources");
	page_finish(&page, req, model, "resources", list, "id", total, "resources");
	size_t n = json_array_size(json_object_get(model, "resources"));
	json_object_set_new(model, "count", json_integer((json_int_t)n));
	if (!req->api) {
		json_object_set_new(model, "found", json_boolean(n > 0));
		json_object_set_new(model, "areas", area_choices(area));
		json_object_set_new(model, "can_manage", json_boolean(allowed(req, "training.manage")));
	}
	response_set_model(res, model);
	return HAVEN_OK;
}

/* GET /training/resources/{id}, and its API twin (training.read): reading it counts a view (store.h says
 * when). */
static enum haven_status show_resource(struct request *req, struct response *res)
{
	json_t *r = NULL;
	enum haven_status st = training_resource_view(field_int(req->params, "id"), req->user->id, &r);
	if (st != HAVEN_OK)
		return st;
	if (req->api) {
		response_set_model(res, r);
		return HAVEN_OK;
	}
	decorate_resource(r);
	/* the text is plain: a blank line starts a new paragraph */
	json_t *paragraphs = json_array();
	const char *text = json_string_value(json_object_get(r, "body"));
	struct buf para = BUF_INIT;
	for (const char *p = text ? text : "";; p++) {
		bool end = !*p || (*p == '\n' && (p[1] == '\n' || (p[1] == '\r' && p[2] == '\n')));
		if (end) {
			if (para.len)
				json_array_append_new(paragraphs,
				                      json_pack("{s:s}", "text", buf_cstr(&para)));
			buf_reset(&para);
			if (!*p)
				break;
			while (p[1] == '\n' || p[1] == '\r')
				p++;
		} else if (*p != '\r') {
			buf_append_char(&para, *p == '\n' ? ' ' : *p);
		}
	}
	buf_free(&para);
	json_object_set_new(r, "paragraphs", paragraphs);
	response_set_model(res, json_pack("{s:O, s:o}", "title", json_object_get(r, "title"), "resource", r));
	return HAVEN_OK;
}

static json_t *resource_form_model(void)
{
	json_t *kinds_list = json_array();
	for (const char *const *k = kinds; *k; k++)
		json_array_append_new(kinds_list,
		                      json_pack("{s:s, s:s}", "value", *k, "label", kind_label(*k)));
	return json_pack("{s:s, s:o, s:o}", "title", "Add a resource", "areas", area_choices(NULL), "kinds",
	                 kinds_list);
}

/* GET /training/resources/new (training.manage); also the redisplay of the form. */
static enum haven_status new_resource_form(struct request *req, struct response *res)
{
	(void)req;
	response_set_model(res, resource_form_model());
	return HAVEN_OK;
}

/* Only https links: the library is read by people across agencies, and a javascript: or plain http link is
 * not safe to offer. */
static bool safe_link(const char *link)
{
	if (strncmp(link, "https://", 8) != 0 || !link[8])
		return false;
	for (const char *p = link; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == '"' || *p == '<' || *p == '>')
			return false;
	return true;
}

/* POST /training/resources, POST /api/v1/training/resources (training.manage). */
static enum haven_status add_resource(struct request *req, struct response *res)
{
	const char *link = field_text(req->input, "link");
	if (link && !*link)
		link = NULL;
	if (link && !safe_link(link)) {
		json_t *errors = json_array();
		errors_add(errors, "link", "Enter a link starting with https://, or leave it blank");
		if (req->api) {
			errors_respond(res, 422, errors);
			return HAVEN_OK;
		}
		json_t *model = resource_form_model();
		errors_on_page(model, errors, NULL);
		json_decref(errors);
		json_object_set_new(model, "submitted", json_deep_copy(req->input));
		res->status = 422;
		response_set_model(res, model);
		return HAVEN_OK;
	}
	struct training_new_resource r = {
	    .title = field_text(req->input, "title"),
	    .kind = field_text(req->input, "kind"),
	    .area = field_text(req->input, "area"),
	    .summary = field_text(req->input, "summary"),
	    .body = field_text(req->input, "body"),
	    .link = link,
	};
	struct actor actor = auth_actor(req);
	long long id = 0;
	enum haven_status st = training_resource_add(&r, &actor, &id);
	if (st != HAVEN_OK)
		return st;
	if (req->api) {
		res->status = 201;
		response_set_model(res, json_pack("{s:I}", "id", (json_int_t)id));
		return HAVEN_OK;
	}
	char location[96];
	snprintf(location, sizeof location, "/training/resources/%lld", id);
	response_redirect(res, location);
	return HAVEN_OK;
}

/* ---- e-learning ---- */

/* GET /training/elearning and its API twin (training.manage): completions imported for a period. */
static enum haven_status elearning(struct request *req, struct response *res)
{
	char f[CALENDAR_DATE_SIZE], t[CALENDAR_DATE_SIZE];
	bool ok = period(req, f, t);
	json_t *model = json_pack("{s:s, s:s, s:s, s:{s:s, s:s}}", "title", "E-learning completions", "from",
	                          f, "to", t, "submitted", "from", f, "to", t);
	if (!ok)
		return backwards(req, res, model);
	struct page page;
	if (!page_from_request(req, res, &page)) {
		json_decref(model);
		return HAVEN_OK;
	}
	json_t *list = NULL;
	long long total = -1;
	enum haven_status st = training_elearning_list(f, t, &page, &list, &total);
	if (st != HAVEN_OK) {
		json_decref(model);
		return st;
	}
	page_finish(&page, req, model, "completions", list, "id", total, "completions");
	size_t n = json_array_size(json_object_get(model, "completions"));
	json_object_set_new(model, "count", json_integer((json_int_t)n));
	if (!req->api)
		json_object_set_new(model, "found", json_boolean(n > 0));
	response_set_model(res, model);
	return HAVEN_OK;
}

/* ---- the follow-up, three months on ---- */

static const char *impact_label(const char *v)
{
	if (strcmp(v, "a_lot") == 0)
		return "A lot";
	if (strcmp(v, "a_little") == 0)
		return "A little";
	if (strcmp(v, "not_yet") == 0)
		return "Not yet";
	return "Not at all";
}

static enum haven_status follow_up_model(struct request *req, json_t **out)
{
	json_t *b = NULL;
	enum haven_status st = own_booking(req, NULL, &b);
	if (st != HAVEN_OK)
		return st;
	const char *att = json_string_value(json_object_get(b, "attendance"));
	json_object_set_new(b, "attended", json_boolean(att && strcmp(att, "attended") == 0));
	json_t *choices = json_array();
	for (const char *const *i = impacts; *i; i++)
		json_array_append_new(choices,
		                      json_pack("{s:s, s:s}", "value", *i, "label", impact_label(*i)));
	*out = json_pack("{s:s, s:o, s:o}", "title", "Has the training made a difference?", "booking", b,
	                 "impacts", choices);
	return HAVEN_OK;
}

/* GET /training/bookings/{id}/follow-up (training.read): the question, for the booking's holder. */
static enum haven_status follow_up_form(struct request *req, struct response *res)
{
	json_t *model = NULL;
	enum haven_status st = follow_up_model(req, &model);
	if (st == HAVEN_OK)
		response_set_model(res, model);
	return st;
}

/* POST /training/bookings/{id}/follow-up and its API twin (training.book): once, attendees only. */
static enum haven_status follow_up(struct request *req, struct response *res)
{
	struct actor actor = auth_actor(req);
	enum haven_status st =
	    training_follow_up(field_int(req->params, "id"), req->user->id, field_text(req->input, "impact"),
	                       field_text(req->input, "changes"), &actor);
	if (st == HAVEN_OK) {
		if (req->api) {
			res->status = 201;
			response_set_model(res, json_pack("{s:I, s:b}", "booking_id",
			                                  (json_int_t)field_int(req->params, "id"),
			                                  "followed_up", 1));
		} else {
			response_redirect(res, "/training/bookings");
		}
		return HAVEN_OK;
	}
	if (st != HAVEN_ERR_DENIED && st != HAVEN_ERR_CONFLICT)
		return st; /* NOT_FOUND for someone else's booking, as if it did not exist */
	json_t *errors = json_array();
	errors_add(errors, "impact",
	           st == HAVEN_ERR_DENIED ? "Only people who attended can answer"
	                                  : "You have already answered about this training");
	unsigned status = st == HAVEN_ERR_DENIED ? 403 : 409;
	if (req->api) {
		errors_respond(res, status, errors);
		return HAVEN_OK;
	}
	json_t *model = NULL;
	if ((st = follow_up_model(req, &model)) != HAVEN_OK) {
		json_decref(errors);
		return st;
	}
	errors_on_page(model, errors, NULL);
	json_decref(errors);
	res->status = status;
	response_set_model(res, model);
	return HAVEN_OK;
}

/* ---- manager approval ---- */

/* POST /training/courses/{id}/approval and its API twin (training.manage): whether booking needs approval. */
static enum haven_status course_approval(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id");
	bool needs = json_is_true(json_object_get(req->input, "needs_approval"));
	struct actor actor = auth_actor(req);
	enum haven_status st = training_course_set_approval(id, needs, &actor);
	if (st != HAVEN_OK)
		return st;
	if (req->api) {
		response_set_model(res,
		                   json_pack("{s:I, s:b}", "id", (json_int_t)id, "needs_approval", needs));
		return HAVEN_OK;
	}
	char location[96];
	snprintf(location, sizeof location, "/training/courses/%lld", id);
	response_redirect(res, location);
	return HAVEN_OK;
}

/* GET /training/approvals and its API twin (training.read): the requests I am asked to decide, pending first.
 */
static enum haven_status list_approvals(struct request *req, struct response *res)
{
	struct page page;
	if (!page_from_request(req, res, &page))
		return HAVEN_OK;
	json_t *list = NULL;
	long long total = -1;
	enum haven_status st = training_approvals_list(req->user->id, &page, &list, &total);
	if (st != HAVEN_OK)
		return st;
	if (!req->api) {
		size_t i;
		json_t *a;
		json_array_foreach(list, i, a)
		{
			const char *d = json_string_value(json_object_get(a, "decision"));
			json_object_set_new(a, "pending", json_boolean(!d));
			json_object_set_new(a, "decision_label",
			                    json_string(!d ? "Awaiting your decision"
			                                : strcmp(d, "approved") == 0 ? "Approved"
			                                                             : "Declined"));
		}
	}
	json_t *model = json_pack("{s:s}", "title", "Training approvals");
	page_finish(&page, req, model, "approvals", list, "id", total, "requests");
	size_t n = json_array_size(json_object_get(model, "approvals"));
	json_object_set_new(model, "count", json_integer((json_int_t)n));
	json_object_set_new(model, "found", json_boolean(n > 0));
	response_set_model(res, model);
	return HAVEN_OK;
}

static enum haven_status decide(struct request *req, struct response *res, bool approve)
{
	long long id = field_int(req->params, "id");
	char day[CALENDAR_DATE_SIZE];
	today(day);
	struct actor actor = auth_actor(req);
	struct training_booking_result r;
	enum haven_status st = training_approval_decide(id, req->user->id, approve, day, &actor, &r);
	if (st == HAVEN_ERR_CONFLICT || st == HAVEN_ERR_DENIED) {
		json_t *errors = json_array();
		errors_add(errors, "approval",
		           st == HAVEN_ERR_DENIED ? "This course is for staff of partner agencies only"
		           : approve ? "This request has been decided already, or the person has a place, or "
		                       "the session has been"
		                     : "This request has been decided already");
		unsigned status = st == HAVEN_ERR_DENIED ? 403 : 409;
		if (req->api) {
			errors_respond(res, status, errors);
			return HAVEN_OK;
		}
		/* the list again, its first page, with the refusal above it */
		struct page first = {.limit = PAGE_DEFAULT_LIMIT};
		json_t *list = NULL;
		long long total = -1;
		if ((st = training_approvals_list(req->user->id, &first, &list, &total)) != HAVEN_OK) {
			json_decref(errors);
			return st;
		}
		json_t *model = json_pack("{s:s}", "title", "Training approvals");
		page_finish(&first, req, model, "approvals", list, "id", total, "requests");
		size_t n = json_array_size(json_object_get(model, "approvals"));
		json_object_set_new(model, "count", json_integer((json_int_t)n));
		json_object_set_new(model, "found", json_boolean(n > 0));
		errors_on_page(model, errors, NULL);
		json_decref(errors);
		res->status = status;
		response_set_model(res, model);
		return HAVEN_OK;
	}
	if (st != HAVEN_OK)
		return st;
	if (req->api) {
		json_t *m = json_pack("{s:I, s:s}", "id", (json_int_t)id, "decision",
		                      approve ? "approved" : "declined");
		if (approve) {
			json_object_set_new(m, "booking_id", json_integer(r.booking_id));
			json_object_set_new(m, "status", json_string(r.waiting ? "waiting" : "booked"));
		}
		response_set_model(res, m);
		return HAVEN_OK;
	}
	response_redirect(res, "/training/approvals");
	return HAVEN_OK;
}

/* POST /training/approvals/{id}/approve and its API twin (training.approve): the normal booking follows. */
static enum haven_status approve(struct request *req, struct response *res)
{
	return decide(req, res, true);
}

/* POST /training/approvals/{id}/decline and its API twin (training.approve). */
static enum haven_status decline(struct request *req, struct response *res)
{
	return decide(req, res, false);
}

/* ---- figures ---- */

static json_t *summary_model(const char *f, const char *t)
{
	return json_pack("{s:s, s:s, s:s, s:{s:s, s:s}}", "title", "Training figures", "from", f, "to", t,
	                 "submitted", "from", f, "to", t);
}

/* The figures page again with the default period (the redisplay of bad input). */
static enum haven_status summary_form(struct request *req, struct response *res)
{
	(void)req;
	char day[CALENDAR_DATE_SIZE], f[CALENDAR_DATE_SIZE], t[CALENDAR_DATE_SIZE];
	today(day);
	int32_t now = 0, from, to;
	calendar_parse(day, &now);
	calendar_reporting_year(now, &from, &to);
	calendar_format(from, f);
	calendar_format(to, t);
	response_set_model(res, summary_model(f, t));
	return HAVEN_OK;
}

static void percent(json_t *model, const char *rate, const char *label)
{
	json_t *v = json_object_get(model, rate);
	char text[32] = "Not applicable";
	if (json_is_number(v))
		snprintf(text, sizeof text, "%.1f%%", json_number_value(v) * 100.0);
	json_object_set_new(model, label, json_string(text));
}

/* GET /training/summary, GET /api/v1/training/summary (training.figures). */
static enum haven_status summary(struct request *req, struct response *res)
{
	char f[CALENDAR_DATE_SIZE], t[CALENDAR_DATE_SIZE];
	if (!period(req, f, t))
		return backwards(req, res, summary_model(f, t));
	json_t *model = NULL;
	enum haven_status st = training_summary(f, t, &model);
	if (st != HAVEN_OK)
		return st;
	if (!req->api) {
		json_object_set_new(model, "title", json_string("Training figures"));
		json_object_set_new(model, "submitted", json_pack("{s:s, s:s}", "from", f, "to", t));
		percent(model, "fill_rate", "fill_rate_text");
		percent(model, "no_show_rate", "no_show_rate_text");
		size_t i;
		json_t *a;
		json_array_foreach(json_object_get(model, "by_area"), i, a) json_object_set_new(
		    a, "label", json_string(area_label(json_string_value(json_object_get(a, "area")))));
		json_t *c = json_object_get(model, "confidence");
		char text[64] = "No evaluations";
		if (json_is_number(json_object_get(c, "change")))
			snprintf(text, sizeof text, "%+.2f (from %.2f to %.2f)",
			         json_number_value(json_object_get(c, "change")),
			         json_number_value(json_object_get(c, "before")),
			         json_number_value(json_object_get(c, "after")));
		json_object_set_new(model, "confidence_text", json_string(text));
		json_t *fu = json_object_get(model, "follow_ups");
		json_t *rate = json_object_get(fu, "response_rate");
		char fu_text[96] = "No follow-ups sent";
		if (json_is_number(rate))
			snprintf(fu_text, sizeof fu_text, "%.1f%% (%lld of %lld answered)",
			         json_number_value(rate) * 100.0,
			         (long long)json_integer_value(json_object_get(fu, "answered")),
			         (long long)json_integer_value(json_object_get(fu, "sent")));
		json_object_set_new(model, "follow_up_text", json_string(fu_text));
		char csv[96];
		snprintf(csv, sizeof csv, "/training/summary.csv?from=%s&to=%s", f, t);
		json_object_set_new(model, "csv_link", json_string(csv));
	}
	response_set_model(res, model);
	return HAVEN_OK;
}

/* A CSV field, quoted when it needs to be; a leading = + - @ is defused against spreadsheet formulas. */
static void csv_field(struct buf *b, const char *s)
{
	bool formula = s && (*s == '=' || *s == '+' || *s == '-' || *s == '@');
	buf_append_char(b, '"');
	if (formula)
		buf_append_char(b, '\'');
	for (; s && *s; s++) {
		if (*s == '"')
			buf_append_char(b, '"');
		buf_append_char(b, *s);
	}
	buf_append_char(b, '"');
}

static void csv_row(struct buf *b, const char *measure, const char *group, json_t *value)
{
	csv_field(b, measure);
	buf_append_char(b, ',');
	csv_field(b, group);
	buf_append_char(b, ',');
	if (json_is_integer(value))
		buf_printf(b, "%lld", (long long)json_integer_value(value));
	else if (json_is_number(value))
		buf_printf(b, "%.3f", json_number_value(value));
	buf_append_str(b, "\r\n");
}

/* GET /training/summary.csv (training.figures): the figures as measure,group,value rows. */
static enum haven_status summary_csv(struct request *req, struct response *res)
{
	char f[CALENDAR_DATE_SIZE], t[CALENDAR_DATE_SIZE];
	if (!period(req, f, t))
		return backwards(req, res, summary_model(f, t));
	json_t *m = NULL;
	enum haven_status st = training_summary(f, t, &m);
	if (st != HAVEN_OK)
		return st;
	struct buf b = BUF_INIT;
	buf_append_str(&b, "measure,group,value\r\n");
	const char *totals[] = {"attendances",
	                        "practitioners",
	                        "sessions",
	                        "places",
	                        "booked",
	                        "fill_rate",
	                        "no_shows",
	                        "no_show_rate",
	                        "late_cancellations",
	                        "elearning_completions",
	                        "elearning_practitioners",
	                        NULL};
	for (const char **k = totals; *k; k++)
		csv_row(&b, *k, "", json_object_get(m, *k));
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(m, "by_agency"), i, r)
	    csv_row(&b, "attendances_by_agency", json_string_value(json_object_get(r, "name")),
	            json_object_get(r, "attendances"));
	json_array_foreach(json_object_get(m, "by_course"), i, r)
	    csv_row(&b, "attendances_by_course", json_string_value(json_object_get(r, "title")),
	            json_object_get(r, "attendances"));
	json_array_foreach(json_object_get(m, "by_area"), i, r)
	    csv_row(&b, "attendances_by_priority_area", json_string_value(json_object_get(r, "area")),
	            json_object_get(r, "attendances"));
	json_t *c = json_object_get(m, "confidence");
	csv_row(&b, "evaluations", "", json_object_get(c, "evaluations"));
	csv_row(&b, "confidence_before", "", json_object_get(c, "before"));
	csv_row(&b, "confidence_after", "", json_object_get(c, "after"));
	csv_row(&b, "confidence_change", "", json_object_get(c, "change"));
	json_t *fu = json_object_get(m, "follow_ups");
	csv_row(&b, "follow_ups_sent", "", json_object_get(fu, "sent"));
	csv_row(&b, "follow_ups_answered", "", json_object_get(fu, "answered"));
	csv_row(&b, "follow_up_response_rate", "", json_object_get(fu, "response_rate"));
	json_decref(m);
	res->body_owned = buf_steal(&b, &res->body_len);
	res->content_type = "text/csv; charset=utf-8";
	response_add_header(res, "Content-Disposition",
	                    "attachment; filename=\"haven-training-figures.csv\"");
	return HAVEN_OK;
}

static const struct route routes[] = {
    {.method = HTTP_GET,
     .pattern = "/training",
     .action = "training.read",
     .handler = list_sessions,
     .page = "training/sessions",
     .query = list_fields,
     .redisplay = list_sessions},
    {.method = HTTP_GET,
     .pattern = "/api/v1/training/sessions",
     .action = "training.read",
     .handler = list_sessions,
     .query = list_fields},
    {.method = HTTP_GET,
     .pattern = "/training/courses",
     .action = "training.read",
     .handler = list_courses,
     .page = "training/courses",
     .query = page_query,
     .redisplay = list_courses},
    {.method = HTTP_GET,
     .pattern = "/api/v1/training/courses",
     .action = "training.read",
     .handler = list_courses,
     .query = page_query},
    {.method = HTTP_GET,
     .pattern = "/training/courses/new",
     .action = "training.manage",
     .handler = new_course_form,
     .page = "training/course-new"},
    {.method = HTTP_POST,
     .pattern = "/training/courses",
     .action = "training.manage",
     .handler = add_course,
     .page = "training/course-new",
     .body = course_fields,
     .redisplay = new_course_form},
    {.method = HTTP_POST,
     .pattern = "/api/v1/training/courses",
     .action = "training.manage",
     .handler = add_course,
     .body = course_fields},
    {.method = HTTP_GET,
     .pattern = "/training/courses/{id:int}",
     .action = "training.read",
     .handler = show_course,
     .page = "training/course"},
    {.method = HTTP_GET,
     .pattern = "/api/v1/training/courses/{id:int}",
     .action = "training.read",
     .handler = show_course},
    {.method = HTTP_GET,
     .pattern = "/training/courses/{id:int}/sessions/new",
     .action = "training.manage",
     .handler = new_session_form,
     .page = "training/session-new"},
    {.method = HTTP_POST,
     .pattern = "/training/courses/{id:int}/sessions",
     .action = "training.manage",
     .handler = add_session,
     .page = "training/session-new",
     .body = session_fields,
     .redisplay = new_session_form},
    {.method = HTTP_POST,
     .pattern = "/api/v1/training/courses/{id:int}/sessions",
     .action = "training.manage",
     .handler = add_session,
     .body = session_fields},

    {.method = HTTP_GET,
     .pattern = "/training/sessions/{id:int}",
     .action = "training.read",
     .handler = show_session,
     .page = "training/session"},
    {.method = HTTP_GET,
     .pattern = "/api/v1/training/sessions/{id:int}",
     .action = "training.read",
     .handler = show_session},
    {.method = HTTP_GET,
     .pattern = "/training/sessions/{id:int}/calendar.ics",
     .action = "training.read",
     .handler = session_ics},
    {.method = HTTP_POST,
     .pattern = "/training/sessions/{id:int}/book",
     .action = "training.book",
     .handler = book,
     .page = "training/session",
     .body = book_fields,
     .redisplay = show_session},
    {.method = HTTP_POST,
     .pattern = "/api/v1/training/sessions/{id:int}/book",
     .action = "training.book",
     .handler = book,
     .body = book_fields},
    {.method = HTTP_POST,
     .pattern = "/training/sessions/{id:int}/cancel",
     .action = "training.book",
     .handler = cancel,
     .page = "training/session"},
    {.method = HTTP_POST,
     .pattern = "/api/v1/training/sessions/{id:int}/cancel",
     .action = "training.book",
     .handler = cancel},
    {.method = HTTP_GET,
     .pattern = "/training/sessions/{id:int}/register",
     .action = "training.attendance",
     .handler = show_register,
     .page = "training/register"},
    {.method = HTTP_GET,
     .pattern = "/api/v1/training/sessions/{id:int}/register",
     .action = "training.attendance",
     .handler = show_register},
    {.method = HTTP_POST,
     .pattern = "/training/sessions/{id:int}/attendance",
     .action = "training.attendance",
     .handler = mark_attendance,
     .page = "training/register",
     .body = attendance_fields,
     .redisplay = show_register},
    {.method = HTTP_POST,
     .pattern = "/api/v1/training/sessions/{id:int}/attendance",
     .action = "training.attendance",
     .handler = mark_attendance,
     .body = attendance_fields},

    {.method = HTTP_GET,
     .pattern = "/training/bookings",
     .action = "training.read",
     .handler = my_bookings,
     .page = "training/bookings",
     .query = page_query,
     .redisplay = my_bookings},
    {.method = HTTP_GET,
     .pattern = "/api/v1/training/bookings",
     .action = "training.read",
     .handler = my_bookings,
     .query = page_query},
    {.method = HTTP_GET,
     .pattern = "/training/bookings/{id:int}/certificate",
     .action = "training.read",
     .handler = certificate,
     .page = "training/certificate"},
    {.method = HTTP_GET,
     .pattern = "/training/bookings/{id:int}/evaluation",
     .action = "training.read",
     .handler = evaluation_form,
     .page = "training/evaluation"},
    {.method = HTTP_POST,
     .pattern = "/training/bookings/{id:int}/evaluation",
     .action = "training.book",
     .handler = evaluate,
     .page = "training/evaluation",
     .body = evaluation_fields,
     .redisplay = evaluation_form},
    {.method = HTTP_POST,
     .pattern = "/api/v1/training/bookings/{id:int}/evaluation",
     .action = "training.book",
     .handler = evaluate,
     .body = evaluation_fields},

    {.method = HTTP_GET,
     .pattern = "/training/bookings/{id:int}/follow-up",
     .action = "training.read",
     .handler = follow_up_form,
     .page = "training/follow-up"},
    {.method = HTTP_POST,
     .pattern = "/training/bookings/{id:int}/follow-up",
     .action = "training.book",
     .handler = follow_up,
     .page = "training/follow-up",
     .body = follow_up_fields,
     .redisplay = follow_up_form},
    {.method = HTTP_POST,
     .pattern = "/api/v1/training/bookings/{id:int}/follow-up",
     .action = "training.book",
     .handler = follow_up,
     .body = follow_up_fields},

    {.method = HTTP_POST,
     .pattern = "/training/courses/{id:int}/approval",
     .action = "training.manage",
     .handler = course_approval,
     .page = "training/course",
     .body = approval_fields,
     .redisplay = show_course},
    {.method = HTTP_POST,
     .pattern = "/api/v1/training/courses/{id:int}/approval",
     .action = "training.manage",
     .handler = course_approval,
     .body = approval_fields},
    {.method = HTTP_GET,
     .pattern = "/training/approvals",
     .action = "training.read",
     .handler = list_approvals,
     .page = "training/approvals",
     .query = page_query,
     .redisplay = list_approvals},
    {.method = HTTP_GET,
     .pattern = "/api/v1/training/approvals",
     .action = "training.read",
     .handler = list_approvals,
     .query = page_query},
    {.method = HTTP_POST,
     .pattern = "/training/approvals/{id:int}/approve",
     .action = "training.approve",
     .handler = approve,
     .page = "training/approvals"},
    {.method = HTTP_POST,
     .pattern = "/api/v1/training/approvals/{id:int}/approve",
     .action = "training.approve",
     .handler = approve},
    {.method = HTTP_POST,
     .pattern = "/training/approvals/{id:int}/decline",
     .action = "training.approve",
     .handler = decline,
     .page = "training/approvals"},
    {.method = HTTP_POST,
     .pattern = "/api/v1/training/approvals/{id:int}/decline",
     .action = "training.approve",
     .handler = decline},

    {.method = HTTP_GET,
     .pattern = "/training/no-shows",
     .action = "training.manage",
     .handler = no_shows,
     .page = "training/no-shows",
     .query = paged_period_fields,
     .redisplay = summary_form},
    {.method = HTTP_GET,
     .pattern = "/api/v1/training/no-shows",
     .action = "training.manage",
     .handler = no_shows,
     .query = paged_period_fields},
    {.method = HTTP_GET,
     .pattern = "/training/resources",
     .action = "training.read",
     .handler = list_resources,
     .page = "training/resources",
     .query = list_fields,
     .redisplay = list_resources},
    {.method = HTTP_GET,
     .pattern = "/api/v1/training/resources",
     .action = "training.read",
     .handler = list_resources,
     .query = list_fields},
    {.method = HTTP_GET,
     .pattern = "/training/resources/new",
     .action = "training.manage",
     .handler = new_resource_form,
     .page = "training/resource-new"},
    {.method = HTTP_POST,
     .pattern = "/training/resources",
     .action = "training.manage",
     .handler = add_resource,
     .page = "training/resource-new",
     .body = resource_fields,
     .redisplay = new_resource_form},
    {.method = HTTP_POST,
     .pattern = "/api/v1/training/resources",
     .action = "training.manage",
     .handler = add_resource,
     .body = resource_fields},
    {.method = HTTP_GET,
     .pattern = "/training/resources/{id:int}",
     .action = "training.read",
     .handler = show_resource,
     .page = "training/resource"},
    {.method = HTTP_GET,
     .pattern = "/api/v1/training/resources/{id:int}",
     .action = "training.read",
     .handler = show_resource},
    {.method = HTTP_GET,
     .pattern = "/training/elearning",
     .action = "training.manage",
     .handler = elearning,
     .page = "training/elearning",
     .query = paged_period_fields,
     .redisplay = summary_form},
    {.method = HTTP_GET,
     .pattern = "/api/v1/training/elearning",
     .action = "training.manage",
     .handler = elearning,
     .query = paged_period_fields},
    {.method = HTTP_GET,
     .pattern = "/training/summary",
     .action = "training.figures",
     .handler = summary,
     .page = "training/summary",
     .query = period_fields,
     .redisplay = summary_form},
    {.method = HTTP_GET,
     .pattern = "/training/summary.csv",
     .action = "training.figures",
     .handler = summary_csv,
     .query = period_fields},
    {.method = HTTP_GET,
     .pattern = "/api/v1/training/summary",
     .action = "training.figures",
     .handler = summary,
     .query = period_fields},
    {0},
};

/* Who may take this area's actions (auth/policy.h): deny by default, so an action not here is refused. */
static const struct policy_rule access[] = {
    /* workforce development: everyone signed in sees the programme; people who attend training book it
     * (not the administrator or the scrutineer); the partnership runs it (trainers are partnership users) */
    {.action = "training.read", .roles = ROLE_ALL},
    {.action = "training.book", .roles = ROLE_CHILD_WORKERS, .audited = true},
    {.action = "training.manage", .roles = ROLE_PARTNERSHIP, .audited = true},
    {.action = "training.attendance", .roles = ROLE_PARTNERSHIP, .audited = true},
    {.action = "training.figures", .roles = ROLE_PARTNERSHIP | ROLE_SCRUTINEER},
    /* a booking that needs a manager's approval: only the approver the practitioner named decides it */
    {.action = "training.approve",
     .roles = ROLE_CHILD_WORKERS,
     .resource = "training_approval",
     .audited = true},
    {0},
};

const struct area area_training = {
    .name = "training",
    .access = access,
    .records = training_records,
    .routes = routes,
    .commands = training_commands,
    .load_demo = training_load_demo,
    .demo_order = 50,
    .start = training_jobs_start,
    .stop = training_jobs_stop,
};
