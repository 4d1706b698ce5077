/*
 * courses.c (training) — the courses of the programme: the list, a course's
 * page with its coming sessions, and adding a course with its learning
 * outcomes.
 */
#include "areas/training/handlers.h"

#include <string.h>

#include "app/list_page.h"
#include "areas/calendar/london.h"
#include "areas/training/store.h"
#include "auth/session.h"
#include "core/buf.h"
#include "core/words.h"
#include "router/errors.h"
#include "view/chosen_option.h"

void training_set_count_text(json_t *obj, const char *key, long long n, const char *one, const char *many)
{
	struct buf text = BUF_INIT;
	words_count(&text, n, one, many);
	json_object_set_new(obj, key, json_string(buf_cstr(&text)));
	buf_free(&text);
}

void training_decorate_course(json_t *c)
{
	json_t *labels = json_array();
	size_t i;
	json_t *a;
	json_array_foreach(json_object_get(c, "area_names"), i, a) json_array_append_new(
	    labels, json_pack("{s:O}", "label", a)); /* the priorities' names as they are now */
	json_object_set_new(c, "area_labels", labels);
	json_array_foreach(json_object_get(c, "sessions"), i, a) training_time_words(a);
	training_set_count_text(c, "upcoming_sessions_text",
	                        json_integer_value(json_object_get(c, "upcoming_sessions")), "coming session",
	                        "coming sessions");
	long long pence = json_integer_value(json_object_get(c, "no_show_charge_pence"));
	json_object_set_new(c, "has_charge", json_boolean(pence > 0));
	json_object_set_new(c, "charge", training_money(pence));
	json_object_set_new(
	    c, "partners_only",
	    json_boolean(strcmp(json_string_value(json_object_get(c, "open_to")), "partners") == 0));
}

/* How the list of courses may be narrowed by their coming sessions, as its select says it. */
static const char *const session_labels[] = {"With sessions coming up", "With no sessions coming up", NULL};

/*
 * GET /training/courses, GET /api/v1/training/courses (training.read): the
 * courses by title, narrowed to a priority area, words of the title, or
 * whether sessions are coming up.
 */
enum haven_status training_handle_list_courses(struct request *req, struct response *res)
{
	struct training_list ask;
	enum haven_status st;
	if (!training_list_request(req, res, &ask, &st))
		return st;
	struct training_course_filter filter = {.area = ask.area,
	                                        .title = field_text(req->input, "title"),
	                                        .sessions = field_text(req->input, "sessions")};
	json_t *courses = NULL;
	long long total = -1;
	char now[TRAINING_NOW_SIZE]; /* England's time: a session started is no longer to come (store.h) */
	training_now(now);
	st = training_courses_list(now, &filter, &ask.page, &courses, &total);
	if (st != HAVEN_OK)
		return st;
	if (!req->api) {
		size_t i;
		json_t *c;
		json_array_foreach(courses, i, c) training_decorate_course(c);
	}
	json_t *model = json_pack("{s:s, s:b}", "title", "Training courses", "can_manage",
	                          training_allowed(req, "training.manage"));
	/* the filter form shows the choices made */
	json_object_set_new(model, "filtered", json_boolean(filter.area || filter.title || filter.sessions));
	json_object_set_new(model, "title_words", json_string(filter.title ? filter.title : ""));
	json_t *areas = NULL;
	if ((st = training_area_choices(filter.area, true, &areas)) != HAVEN_OK) { /* retired ones too */
		json_decref(courses);
		json_decref(model);
		return st;
	}
	json_object_set_new(model, "areas", areas);
	json_object_set_new(
	    model, "session_choices",
	    page_filter_options("Any", training_course_sessions, session_labels, filter.sessions));
	list_page_answer(&ask.page, req, res, model, "courses", courses, total, "courses");
	return HAVEN_OK;
}

/* GET /training/courses/{id}, GET /api/v1/training/courses/{id} (training.read): a course and its coming
 * sessions. */
enum haven_status training_handle_show_course(struct request *req, struct response *res)
{
	char day[CALENDAR_DATE_SIZE], now[TRAINING_NOW_SIZE];
	calendar_london_today_text(day);
	training_now(now); /* England's time: a session started is no longer to come (store.h) */
	long long id = field_int(req->params, "id");
	json_t *course = NULL, *sessions = NULL;
	int cutoff_days;
	enum haven_status st = training_cutoff_days(&cutoff_days);
	if (st == HAVEN_OK)
		st = training_course_get(id, now, &course);
	if (st != HAVEN_OK)
		return st;
	/* the course's next sessions: the first page (a course's calendar is short) */
	struct page first = {.limit = PAGE_MAX_LIMIT};
	if ((st = training_sessions_list(now, id, NULL, req->user->id, &first, &sessions)) != HAVEN_OK) {
		json_decref(course);
		return st;
	}
	size_t i;
	json_t *s;
	json_array_foreach(sessions, i, s) training_decorate_session(req, s, day, cutoff_days);
	if (!req->api)
		training_decorate_course(course);
	json_object_set_new(course, "sessions", sessions);
	json_t *model = json_pack("{s:O, s:o}", "title", json_object_get(course, "title"), "course", course);
	if (!req->api) {
		json_object_set_new(model, "has_sessions", json_boolean(json_array_size(sessions) > 0));
		json_object_set_new(model, "can_manage",
		                    json_boolean(training_allowed(req, "training.manage")));
	}
	response_set_model(res, model);
	return HAVEN_OK;
}

/*
 * GET /training/courses/new (training.manage); also the redisplay of the form, with the priority areas
 * ticked and the level chosen as they were sent (the outcomes typed come back as "submitted").
 */
enum haven_status training_handle_new_course_form(struct request *req, struct response *res)
{
	json_t *areas = NULL;
	enum haven_status st = training_area_choices(NULL, false, &areas); /* only current priorities */
	if (st != HAVEN_OK)
		return st;
	size_t i;
	json_t *area;
	json_array_foreach(areas, i, area)
	{
		/* the first box's id is the field's own, so an error on the areas links to it */
		const char *value = json_string_value(json_object_get(area, "value"));
		json_object_set_new(area, "id",
		                    i == 0 ? json_string("areas") : json_sprintf("areas-%s", value));
	}
	chosen_option_tick(areas, "value", json_object_get(req->input, "areas"));
	json_t *levels_list = json_array();
	for (const char *const *l = training_levels; *l; l++)
		json_array_append_new(levels_list, json_pack("{s:s}", "value", *l));
	chosen_option_mark(levels_list, "value", json_object_get(req->input, "level"));
	response_set_model(res, json_pack("{s:s, s:o, s:o}", "title", "Add a course", "areas", areas,
	                                  "levels", levels_list));
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
enum haven_status training_handle_add_course(struct request *req, struct response *res)
{
	size_t i;
	json_t *area;
	json_array_foreach(json_object_get(req->input, "areas"), i, area)
	{
		enum haven_status st = training_check_area(res, "areas", json_string_value(area), true);
		if (st != HAVEN_OK)
			return st;
		if (res->errors)
			return HAVEN_OK;
	}
	json_t *outcomes = split_outcomes(json_object_get(req->input, "outcomes"));
	json_t *errors = json_array();
	if (json_array_size(outcomes) == 0)
		errors_add(errors, "outcomes", "Enter at least one learning outcome");
	else if (json_array_size(outcomes) > TRAINING_MAX_OUTCOMES)
		errors_add(errors, "outcomes", "Enter at most 8 learning outcomes");
	if (json_array_size(errors)) {
		json_decref(outcomes);
		response_errors(res, errors); /* a browser: the form again, the route's redisplay */
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
	char now[TRAINING_NOW_SIZE];
	training_now(now);
	json_t *course = NULL;
	if ((st = training_course_get(id, now, &course)) != HAVEN_OK)
		return st;
	response_success(res, "The course was added");
	response_created(res, course, "/training/courses/%lld", id);
	return HAVEN_OK;
}
