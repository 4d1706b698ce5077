/*
 * returns.c (contextual) — after a missing episode: the police record when
 * and where the child was found or returned, and the child's local
 * authority offers the return home interview, records the child's answer
 * and the interview held, each once; and the interviews waiting on the
 * authority's task list, due 72 hours after the return (counted in hours
 * through nights, weekends and bank holidays: episode.h) and escalated
 * past that. The routes are area.c's; the episode itself is missing.c's.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/task.h"
#include "areas/calendar/london.h"
#include "areas/contextual/episode.h"
#include "areas/contextual/handlers.h"
#include "areas/contextual/missing.h"
#include "areas/contextual/store.h"
#include "auth/session.h"
#include "core/calendar.h"
#include "router/errors.h"

/* ---- field specs ---- */

static const char *const responses[] = {"accepted", "declined", NULL};

const struct field_spec contextual_return_fields[] = {RETURN_FIELDS, {0}};

const struct field_spec contextual_interview_fields[] = {
    WHEN_FIELDS("offered", "the interview was offered"),
    {.name = "response", .label = "whether the child accepted", .type = FIELD_CHOICE, .choices = responses},
    WHEN_FIELDS("completed", "the interview was held"),
    {.name = "interviewer", .label = "who held the interview", .type = FIELD_TEXT, .max = 200},
    {.name = "push_factors", .label = "the push factors", .type = FIELD_TEXT, .max = 2000},
    {.name = "pull_factors", .label = "the pull factors", .type = FIELD_TEXT, .max = 2000},
    {.name = "harm_while_missing", .label = "harm while missing", .type = FIELD_TEXT, .max = 2000},
    {.name = "exploitation_indicators",
     .label = "the exploitation indicators",
     .type = FIELD_TEXT,
     .max = 2000},
    {.name = "actions", .label = "the actions agreed", .type = FIELD_TEXT, .max = 2000},
    {0},
};

/* ---- the return and the interview ---- */

/* Why the return or the interview cannot be recorded again, on both the check and the store's conflict. */
#define RETURN_RECORDED "The return is recorded already: it cannot be changed"
#define INTERVIEW_HELD "The interview is recorded as held already: it cannot be changed"

enum haven_status contextual_answer_episode_change(struct request *req, struct response *res, json_t *errors,
                                                   unsigned status, enum haven_status st, const char *field,
                                                   const char *conflict)
{
	if (st == HAVEN_ERR_CONFLICT) {
		errors_add(errors, field, conflict);
		status = 409;
		st = HAVEN_OK;
	}
	if (json_array_size(errors)) {
		res->status = status;
		response_errors(res, errors);
		return HAVEN_OK;
	}
	json_decref(errors);
	if (st == HAVEN_OK)
		response_done(res, contextual_show_episode, "/missing-episodes/%lld",
		              contextual_episode_id(req));
	return st;
}

/* POST /missing-episodes/{id}/return: the police record when and where the child was found. */
enum haven_status contextual_post_return(struct request *req, struct response *res)
{
	json_t *e = NULL, *in = req->input, *errors = json_array();
	enum haven_status st = contextual_episode_get(contextual_episode_id(req), &e);
	if (st != HAVEN_OK) {
		json_decref(errors);
		return st;
	}
	int64_t returned = 0, reported = 0;
	bool given;
	unsigned status = 422;
	if (field_text(e, "returned_at")) {
		errors_add(errors, "returned_on", RETURN_RECORDED);
		status = 409;
	} else if (contextual_instant_from_input(in, "returned", "the child was found or returned", true,
	                                         errors, &returned, &given) &&
	           calendar_parse_instant(field_text(e, "reported_at"), &reported) && returned < reported) {
		errors_add(errors, field_text(in, "returned_at") ? "returned_at" : "returned_on",
		           RETURN_BEFORE_REPORT);
	}
	json_decref(e);
	if (!json_array_size(errors)) {
		char at[CALENDAR_INSTANT_SIZE];
		calendar_format_instant(returned, at);
		json_t *sw = json_object_get(in, "safe_and_well_check");
		struct missing_return r = {at, field_text(in, "found_where"), sw ? json_is_true(sw) : -1};
		struct actor actor = auth_actor(req);
		st = contextual_record_return(contextual_episode_id(req), &r, &actor);
	}
	response_success(res, "The return was recorded");
	return contextual_answer_episode_change(req, res, errors, status, st, "returned_on", RETURN_RECORDED);
}

/* POST /missing-episodes/{id}/interview: the local authority's offer, the answer and the interview itself. */
enum haven_status contextual_post_interview(struct request *req, struct response *res)
{
	json_t *e = NULL, *in = req->input, *errors = json_array();
	enum haven_status st = contextual_episode_get(contextual_episode_id(req), &e);
	if (st != HAVEN_OK) {
		json_decref(errors);
		return st;
	}
	unsigned status = 422;
	int64_t returned = 0, offered = 0, completed = 0;
	bool offered_given, completed_given, have_offered = false, have_completed = false;
	const char *response = field_text(in, "response");
	if (!calendar_parse_instant(field_text(e, "returned_at"), &returned)) {
		errors_add(errors, "offered_on",
		           "The child has not been recorded as returned: an interview follows the return");
		status = 409;
	} else if (field_text(e, "interview_completed_at")) {
		errors_add(errors, "offered_on", INTERVIEW_HELD);
		status = 409;
	} else {
		have_offered = contextual_instant_from_input(in, "offered", "the interview was offered", true,
		                                             errors, &offered, &offered_given);
		have_completed = contextual_instant_from_input(in, "completed", "the interview was held",
		                                               false, errors, &completed, &completed_given);
		const char *offered_field = field_text(in, "offered_at") ? "offered_at" : "offered_on";
		const char *completed_field =
		    field_text(in, "completed_at") ? "completed_at" : "completed_on";
		if (have_offered && offered < returned)
			errors_add(errors, offered_field,
			           "The interview must be offered after the child returned");
		if (completed_given && (!response || strcmp(response, "accepted") != 0))
			errors_add(errors, "response",
			           "An interview was held: select that the child accepted it");
		if (have_completed && have_offered && completed < offered)
			errors_add(errors, completed_field,
			           "The interview must be held after it was offered");
		if (have_completed && !field_text(in, "interviewer"))
			errors_add(errors, "interviewer", "Enter who held the interview");
		if (!completed_given &&
		    (field_text(in, "push_factors") || field_text(in, "pull_factors") ||
		     field_text(in, "harm_while_missing") || field_text(in, "exploitation_indicators")))
			errors_add(errors, "completed_on",
			           "Enter when the interview was held, to record what was learnt");
	}
	json_decref(e);
	if (!json_array_size(errors)) {
		char offered_text[CALENDAR_INSTANT_SIZE], completed_text[CALENDAR_INSTANT_SIZE];
		calendar_format_instant(offered, offered_text);
		calendar_format_instant(completed, completed_text);
		struct missing_interview interview = {
		    .offered_at = offered_text,
		    .response = response,
		    .completed_at = have_completed ? completed_text : NULL,
		    .interviewer = field_text(in, "interviewer"),
		    .push_factors = field_text(in, "push_factors"),
		    .pull_factors = field_text(in, "pull_factors"),
		    .harm_while_missing = field_text(in, "harm_while_missing"),
		    .exploitation_indicators = field_text(in, "exploitation_indicators"),
		    .actions = field_text(in, "actions"),
		};
		struct actor actor = auth_actor(req);
		st = contextual_record_interview(contextual_episode_id(req), &interview, &actor);
	}
	response_success(res, "The return interview was recorded");
	return contextual_answer_episode_change(req, res, errors, status, st, "offered_on", INTERVIEW_HELD);
}

/*
 * A local authority's people: each return home interview not yet held nor
 * declined, due 72 hours after the return; past that it is escalated (the
 * kind and text say so, and the task list shows it overdue).
 */
enum haven_status contextual_interview_tasks(const struct user *user, json_t *tasks)
{
	json_t *rows = NULL;
	enum haven_status st = contextual_interviews_waiting(user->agency_id, &rows);
	if (st != HAVEN_OK)
		return st;
	int64_t now = (int64_t)time(NULL);
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		int64_t returned;
		if (!calendar_parse_instant(field_text(r, "returned_at"), &returned))
			continue;
		int64_t due = episode_interview_due(returned);
		char due_text[CALENDAR_INSTANT_SIZE];
		calendar_format_instant(due, due_text);
		long long id = json_integer_value(json_object_get(r, "id"));
		bool overdue = now > due, offered = field_text(r, "interview_offered_at") != NULL;
		const char *text = overdue ? "Return home interview overdue: escalated to the local authority"
		                   : offered ? "Hold the return home interview"
		                             : "Offer a return home interview";
		json_t *due_at = json_string(due_text);
		task_add(tasks,
		         &(struct task){overdue ? "contextual.return_interview_overdue"
		                                : "contextual.return_interview",
		                        text, due_at, "missing_episode", id},
		         "/missing-episodes/%lld", id);
		json_decref(due_at);
	}
	json_decref(rows);
	return HAVEN_OK;
}
