/*
 * case.c (reviews) — one serious incident case as a GOV.UK task list, a
 * page per task: the notification to the national panel (within 5 working
 * days), the agencies' contributions, the rapid review and its decision
 * (within 15 working days), the local child safeguarding practice review
 * and its publication, milestones, themes and the review group. Each task's
 * form is checked here, dates against the case's own (date rules a field
 * spec cannot express), and saved through the store with its audit row.
 * The routes are in area.c (pages.h).
 */
#include <stdio.h>
#include <string.h>

#include "app/record_answer.h"
#include "areas/calendar/calendar.h"
#include "areas/calendar/london.h"
#include "areas/reviews/pages.h"
#include "areas/reviews/rules.h"
#include "areas/reviews/store.h"
#include "auth/policy.h"
#include "auth/session.h"
#include "router/errors.h"

static const char *const decisions[] = {"commission_cspr", "no_cspr", "refer_to_panel", NULL};

const struct field_spec reviews_notification_fields[] = {
    {.name = "panel_notified_on",
     .label = "the date the national panel was notified",
     .type = FIELD_DATE,
     .required = true,
     .when = FIELD_DATE_NOT_AFTER_TODAY},
    {.name = "ofsted_notified_on",
     .label = "the date Ofsted was told",
     .type = FIELD_DATE,
     .when = FIELD_DATE_NOT_AFTER_TODAY},
    {.name = "secretary_of_state_notified_on",
     .label = "the date the Secretary of State was told",
     .type = FIELD_DATE,
     .when = FIELD_DATE_NOT_AFTER_TODAY},
    {0},
};

const struct field_spec reviews_contribution_fields[] = {
    {.name = "received_on",
     .label = "the date the agency's information was received",
     .type = FIELD_DATE,
     .required = true,
     .when = FIELD_DATE_NOT_AFTER_TODAY},
    {0},
};

const struct field_spec reviews_rapid_review_fields[] = {
    {.name = "rapid_review_on",
     .label = "the date of the rapid review meeting",
     .type = FIELD_DATE,
     .required = true,
     .when = FIELD_DATE_NOT_AFTER_TODAY},
    {.name = "rapid_review_attendance", .label = "who attended", .type = FIELD_TEXT, .max = 5000},
    {.name = "rapid_review_facts",
     .label = "the facts established",
     .type = FIELD_TEXT,
     .max = REVIEWS_LONG_TEXT},
    {.name = "rapid_review_immediate_actions",
     .label = "the immediate actions",
     .type = FIELD_TEXT,
     .max = REVIEWS_LONG_TEXT},
    {.name = "rapid_review_learning",
     .label = "the learning identified",
     .type = FIELD_TEXT,
     .max = REVIEWS_LONG_TEXT},
    {.name = "rapid_review_decision", .label = "the decision", .type = FIELD_CHOICE, .choices = decisions},
    {.name = "rapid_review_rationale",
     .label = "the rationale for the decision",
     .type = FIELD_TEXT,
     .max = 5000},
    {.name = "rapid_review_submitted_on",
     .label = "the date the rapid review was sent to the panel",
     .type = FIELD_DATE,
     .when = FIELD_DATE_NOT_AFTER_TODAY},
    {0},
};

const struct field_spec reviews_cspr_fields[] = {
    {.name = "cspr_commissioned_on",
     .label = "the date the review was commissioned",
     .type = FIELD_DATE,
     .required = true,
     .when = FIELD_DATE_NOT_AFTER_TODAY},
    {.name = "cspr_reviewer", .label = "the reviewer", .type = FIELD_TEXT, .max = 200},
    {.name = "cspr_terms_of_reference",
     .label = "the terms of reference",
     .type = FIELD_TEXT,
     .max = REVIEWS_LONG_TEXT},
    {.name = "cspr_method", .label = "the method", .type = FIELD_TEXT, .max = 2000},
    {.name = "cspr_draft_on",
     .label = "the date of the draft report",
     .type = FIELD_DATE,
     .when = FIELD_DATE_NOT_AFTER_TODAY},
    {.name = "cspr_final_on",
     .label = "the date of the final report",
     .type = FIELD_DATE,
     .when = FIELD_DATE_NOT_AFTER_TODAY},
    {.name = "cspr_panel_told_on",
     .label = "the date the panel was told of publication",
     .type = FIELD_DATE,
     .when = FIELD_DATE_NOT_AFTER_TODAY},
    {.name = "cspr_published_on",
     .label = "the date the report was published",
     .type = FIELD_DATE,
     .when = FIELD_DATE_NOT_AFTER_TODAY},
    {.name = "cspr_link", .label = "the link to the published report", .type = FIELD_TEXT, .max = 2000},
    {.name = "cspr_not_published_reason",
     .label = "the reason the report is not published",
     .type = FIELD_TEXT,
     .max = 5000},
    {0},
};

const struct field_spec reviews_milestone_fields[] = {
    {.name = "title", .label = "the milestone", .type = FIELD_TEXT, .required = true, .max = 200},
    {.name = "due_on", .label = "the date the milestone is due", .type = FIELD_DATE, .required = true},
    {.name = "done_on",
     .label = "the date the milestone was reached",
     .type = FIELD_DATE,
     .when = FIELD_DATE_NOT_AFTER_TODAY},
    {0},
};

const struct field_spec reviews_milestone_done_fields[] = {
    {.name = "done_on",
     .label = "the date the milestone was reached",
     .type = FIELD_DATE,
     .required = true,
     .when = FIELD_DATE_NOT_AFTER_TODAY},
    {0},
};

const struct field_spec reviews_themes_fields[] = {
    {.name = "themes",
     .label = "the themes",
     .type = FIELD_SLUG,
     .multiple = true,
     .whole_list = true,
     .max = 100},
    {0},
};

const struct field_spec reviews_member_fields[] = {
    {.name = "email",
     .label = "the person's email address",
     .type = FIELD_EMAIL,
     .required = true,
     .max = 254},
    {0},
};

static long long case_id(const struct request *req)
{
	return json_integer_value(json_object_get(req->params, "id"));
}

/*
 * The case as a GOV.UK task list: one task per stage, each with its own page
 * (or the learning area's actions page), in the order the work is done, and
 * its status in the task list's words. `cannot_start` tasks have no link.
 */
enum task_status { TASK_NOT_STARTED, TASK_IN_PROGRESS, TASK_COMPLETED, TASK_CANNOT_START, TASK_ONGOING };

static void add_task(json_t *tasks, long long id, const char *key, const char *name, const char *hint,
                     enum task_status status)
{
	static const char *const words[] = {"Not yet started", "In progress", "Completed", "Cannot start yet",
	                                    "Ongoing"};
	/* GOV.UK: completed and cannot-start are plain text; the rest a blue or light-blue tag */
	static const char *const tags[] = {"govuk-tag--blue", "govuk-tag--light-blue", NULL, NULL,
	                                   "govuk-tag--light-blue"};
	json_t *task = json_pack("{s:s, s:s, s:s, s:s}", "key", key, "name", name, "hint", hint, "status",
	                         words[status]);
	if (tags[status])
		json_object_set_new(task, "tag", json_string(tags[status]));
	if (status != TASK_CANNOT_START)
		json_object_set_new(task, "href", json_sprintf("/reviews/%lld/%s", id, key));
	json_array_append_new(tasks, task);
}

/* How many of the rows in `c`'s array `name` have `date` set (and how many rows there are). */
static size_t count_dated(const json_t *c, const char *name, const char *date, size_t *rows)
{
	const json_t *list = json_object_get(c, name);
	size_t i, dated = 0;
	const json_t *row;
	json_array_foreach(list, i, row) if (field_text(row, date)) dated++;
	*rows = json_array_size(list);
	return dated;
}

static enum task_status by_count(size_t done, size_t rows)
{
	return rows && done == rows ? TASK_COMPLETED : done ? TASK_IN_PROGRESS : TASK_NOT_STARTED;
}

static json_t *case_tasks(const json_t *c, long long id, bool lac_death)
{
	json_t *tasks = json_array();
	bool notified = field_text(c, "panel_notified_on") != NULL;
	bool others_told = !lac_death || (field_text(c, "ofsted_notified_on") &&
	                                  field_text(c, "secretary_of_state_notified_on"));
	add_task(tasks, id, "notification", "Notify the national panel",
	         lac_death ? "Within 5 working days; Ofsted and the Secretary of State too"
	                   : "Within 5 working days of becoming aware",
	         notified && others_told ? TASK_COMPLETED
	         : notified              ? TASK_IN_PROGRESS
	                                 : TASK_NOT_STARTED);
	size_t rows, received = count_dated(c, "contributions", "received_on", &rows);
	add_task(tasks, id, "contributions", "Agencies' information",
	         "Each agency's information for the rapid review",
	         rows ? by_count(received, rows) : TASK_COMPLETED);
	const char *decision = field_text(c, "rapid_review_decision");
	add_task(tasks, id, "rapid-review", "Rapid review and decision",
	         "The meeting, what it found, the decision and sending it to the panel",
	         !notified                                                ? TASK_CANNOT_START
	         : decision && field_text(c, "rapid_review_submitted_on") ? TASK_COMPLETED
	         : field_text(c, "rapid_review_on")                       ? TASK_IN_PROGRESS
	                                                                  : TASK_NOT_STARTED);
	bool commissioned = decision && strcmp(decision, "commission_cspr") == 0;
	const char *cspr_hint = "Only when the decision is to commission one";
	add_task(tasks, id, "cspr", "Local child safeguarding practice review",
	         commissioned ? "From commissioning to publication" : cspr_hint,
	         !commissioned ? TASK_CANNOT_START
	         : field_text(c, "cspr_published_on") || field_text(c, "cspr_not_published_reason")
	             ? TASK_COMPLETED
	         : field_text(c, "cspr_commissioned_on") ? TASK_IN_PROGRESS
	                                                 : TASK_NOT_STARTED);
	size_t milestones, reached = count_dated(c, "milestones", "done_on", &milestones);
	add_task(tasks, id, "milestones", "Milestones of the local review",
	         commissioned ? "The review's own dates, each marked when reached" : cspr_hint,
	         !commissioned ? TASK_CANNOT_START : by_count(reached, milestones));
	add_task(tasks, id, "themes", "Themes", "What the case is about, for the partnership's figures",
	         json_array_size(json_object_get(c, "themes")) ? TASK_COMPLETED : TASK_NOT_STARTED);
	add_task(tasks, id, "actions", "Actions and learning",
	         "Actions from the recommendations, and 7-minute briefings",
	         decision ? TASK_ONGOING : TASK_NOT_STARTED);
	add_task(tasks, id, "group", "Review group", "Who besides the partnership team sees this case",
	         json_array_size(json_object_get(c, "members")) ? TASK_COMPLETED : TASK_NOT_STARTED);
	return tasks;
}

/* Whether case `c` is the death of a looked-after child: only then are Ofsted and the Secretary of State
 * told. */
static bool looked_after_death(const json_t *c)
{
	return json_integer_value(json_object_get(c, "looked_after_child")) == 1 &&
	       strcmp(field_text(c, "harm"), "death") == 0;
}

/* Everything about case `id` with its deadlines, and what its forms need. */
static enum haven_status case_model(long long id, json_t **out)
{
	json_t *c = NULL, *themes = NULL;
	int months = 6;
	enum haven_status st = reviews_get(id, &c);
	if (st == HAVEN_OK)
		st = reviews_cspr_months(&months);
	if (st == HAVEN_OK)
		st = reviews_themes(false, &themes);
	if (st != HAVEN_OK) {
		json_decref(c);
		return st;
	}
	reviews_add_deadlines(c, calendar_london_today(), months);
	json_object_set_new(c, "harm_label", json_string(reviews_harm_label(field_text(c, "harm"))));
	const char *decision = field_text(c, "rapid_review_decision");
	json_object_set_new(c, "decision_label",
	                    decision ? json_string(reviews_decision_label(decision)) : json_null());
	bool lac_death = looked_after_death(c);
	json_object_set_new(c, "looked_after_death", json_boolean(lac_death));
	/* the theme checkboxes: every current theme, and retired ones still on the case */
	size_t i, j;
	json_t *t, *mine;
	json_array_foreach(themes, i, t)
	{
		json_array_foreach(
		    json_object_get(c, "themes"), j,
		    mine) if (json_equal(json_object_get(t, "slug"), json_object_get(mine, "slug")))
		    json_object_set_new(t, "checked", json_true());
	}
	json_t *model =
	    json_pack("{s:s++, s:o, s:o, s:i, s:{s:b}}", "title", field_text(c, "reference"), " ",
	              field_text(c, "child_pseudonym"), "case", c, "theme_choices", themes,
	              "cspr_publication_months", months, "decision_is", decision ? decision : "none", 1);
	json_object_set_new(model, "tasks", case_tasks(c, id, lac_death));
	*out = model;
	return HAVEN_OK;
}

/* GET /reviews/{id}, GET /api/v1/reviews/{id} (and the page again after a form's field errors). */
enum haven_status case_page_show(struct request *req, struct response *res)
{
	enum haven_status st = record_answer(req, res, case_model);
	/* the review group's form for those who may change the group (review.group: the partnership) */
	if (st == HAVEN_OK && !req->api && res->model)
		json_object_set_new(
		    res->model, "can_change_group",
		    json_boolean(policy_allows(req->user, "review.group", "review", case_id(req))));
	return st;
}

/*
 * After a change to the case, `st` its outcome and `errors` (taken) what was
 * wrong with the form: the case as it now is (the API) or its page (a
 * browser); with errors, the case page again with them (the route's redisplay).
 */
static enum haven_status case_changed(struct request *req, struct response *res, enum haven_status st,
                                      json_t *errors)
{
	response_errors(res, errors);
	if (res->errors)
		return HAVEN_OK;
	if (st == HAVEN_OK)
		response_done(res, case_page_show, "/reviews/%lld", case_id(req));
	return st;
}

/*
 * A task's form that is checked against the case as it is stored: `check`
 * adds to `errors` what is wrong with the form `in` for case `c`; `record`
 * saves it (as `actor`) once nothing is. One flow for the notification, the
 * agencies' information, the rapid review, the local review and the
 * milestones, which differ only in their rules and what they save.
 */
typedef void task_check(const json_t *c, const json_t *in, json_t *errors);
typedef enum haven_status task_record(const struct request *req, const json_t *c, const struct actor *actor);

/* The task form `req` for the case its path names: checked, recorded if sound, answered by case_changed. */
static enum haven_status case_task(struct request *req, struct response *res, task_check *check,
                                   task_record *record, const char *success)
{
	json_t *c = NULL;
	enum haven_status st = reviews_get(case_id(req), &c);
	if (st != HAVEN_OK)
		return st;
	json_t *errors = json_array();
	check(c, req->input, errors);
	if (!json_array_size(errors)) {
		struct actor actor = auth_actor(req);
		st = record(req, c, &actor);
	}
	json_decref(c);
	response_success(res, success);
	return case_changed(req, res, st, errors);
}

/* The notification to the panel (and Ofsted, the Secretary of State). */
static void notification_check(const json_t *c, const json_t *in, json_t *errors)
{
	const char *aware = field_text(c, "aware_on");
	const char *aware_what = "the date the local authority became aware";
	reviews_date_rule(errors, in, "panel_notified_on", "The date the national panel was notified", aware,
	                  aware_what);
	if (!looked_after_death(c) && (json_object_get(in, "ofsted_notified_on") ||
	                               json_object_get(in, "secretary_of_state_notified_on"))) {
		const char *field = json_object_get(in, "ofsted_notified_on")
		                        ? "ofsted_notified_on"
		                        : "secretary_of_state_notified_on";
		errors_add(errors, field,
		           "Ofsted and the Secretary of State are told only of the death of a looked-after "
		           "child: leave these dates blank");
	}
	reviews_date_rule(errors, in, "ofsted_notified_on", "The date Ofsted was told", aware, aware_what);
	reviews_date_rule(errors, in, "secretary_of_state_notified_on",
	                  "The date the Secretary of State was told", aware, aware_what);
}

static enum haven_status notification_record(const struct request *req, const json_t *c,
                                             const struct actor *actor)
{
	char due[CALENDAR_DATE_SIZE] = "";
	if (!reviews_contribution_due(field_text(c, "aware_on"), field_text(req->input, "panel_notified_on"),
	                              due))
		return HAVEN_ERR_INVALID;
	return reviews_record_notification(case_id(req), req->input, due, actor);
}

/* POST /reviews/{id}/notification: the notification to the panel (and Ofsted, the Secretary of State). */
enum haven_status case_page_record_notification(struct request *req, struct response *res)
{
	return case_task(req, res, notification_check, notification_record, "The notification was recorded");
}

/* An agency's information received. */
static void contribution_check(const json_t *c, const json_t *in, json_t *errors)
{
	reviews_date_rule(errors, in, "received_on", "The date the information was received",
	                  field_text(c, "aware_on"), "the date the local authority became aware");
}

static enum haven_status contribution_record(const struct request *req, const json_t *c,
                                             const struct actor *actor)
{
	(void)c;
	long long contribution = json_integer_value(json_object_get(req->params, "contribution"));
	return reviews_record_contribution(case_id(req), contribution, field_text(req->input, "received_on"),
	                                   actor);
}

/* POST /reviews/{id}/contributions/{contribution:int}: an agency's information received. */
enum haven_status case_page_record_contribution(struct request *req, struct response *res)
{
	return case_task(req, res, contribution_check, contribution_record, "The contribution was recorded");
}

/* The meeting, the decision and its submission to the panel. */
static void rapid_review_check(const json_t *c, const json_t *in, json_t *errors)
{
	const char *notified = field_text(c, "panel_notified_on");
	if (!notified)
		errors_add(errors, "rapid_review_on",
		           "Record the notification to the national panel before the rapid review");
	reviews_date_rule(errors, in, "rapid_review_on", "The date of the rapid review meeting", notified,
	                  "the date the national panel was notified");
	const char *decision = field_text(in, "rapid_review_decision");
	const char *rationale = field_text(in, "rapid_review_rationale");
	if (decision && strcmp(decision, "no_cspr") == 0 && !rationale)
		errors_add(errors, "rapid_review_rationale",
		           "Enter the rationale for not commissioning a local review");
	if (json_object_get(in, "rapid_review_submitted_on") && !decision)
		errors_add(errors, "rapid_review_decision",
		           "Select the decision before recording its submission to the panel");
	reviews_date_rule(errors, in, "rapid_review_submitted_on",
	                  "The date the rapid review was sent to the panel",
	                  field_text(in, "rapid_review_on"), "the date of the meeting");
	/* a commissioned review stands on this decision: it cannot be changed from under it */
	if (field_text(c, "cspr_commissioned_on") && !(decision && strcmp(decision, "commission_cspr") == 0))
		errors_add(errors, "rapid_review_decision",
		           "A local review has been commissioned: the decision must stay \"commission a "
		           "local review\"");
}

static enum haven_status rapid_review_record(const struct request *req, const json_t *c,
                                             const struct actor *actor)
{
	(void)c;
	return reviews_record_rapid_review(case_id(req), req->input, actor);
}

/* POST /reviews/{id}/rapid-review: the meeting, the decision and its submission to the panel. */
enum haven_status case_page_record_rapid_review(struct request *req, struct response *res)
{
	return case_task(req, res, rapid_review_check, rapid_review_record, "The rapid review was recorded");
}

/* True if `s` is an http(s) address with something after the scheme. */
static bool is_web_link(const char *s)
{
	return (strncmp(s, "https://", 8) == 0 && s[8]) || (strncmp(s, "http://", 7) == 0 && s[7]);
}

/* The local review from commissioning to publication. */
static void cspr_check(const json_t *c, const json_t *in, json_t *errors)
{
	const char *decision = field_text(c, "rapid_review_decision");
	if (!decision || strcmp(decision, "commission_cspr") != 0)
		errors_add(errors, "cspr_commissioned_on",
		           "Record the rapid review's decision to commission a local review first");
	const char *commissioned = field_text(in, "cspr_commissioned_on");
	const char *final = field_text(in, "cspr_final_on");
	const char *published = field_text(in, "cspr_published_on");
	const char *told = field_text(in, "cspr_panel_told_on");
	reviews_date_rule(errors, in, "cspr_commissioned_on", "The date the review was commissioned",
	                  field_text(c, "rapid_review_on"), "the date of the rapid review");
	reviews_date_rule(errors, in, "cspr_draft_on", "The date of the draft report", commissioned,
	                  "the date it was commissioned");
	const char *draft = field_text(in, "cspr_draft_on");
	reviews_date_rule(errors, in, "cspr_final_on", "The date of the final report",
	                  draft ? draft : commissioned,
	                  draft ? "the date of the draft report" : "the date it was commissioned");
	reviews_date_rule(errors, in, "cspr_panel_told_on", "The date the panel was told", commissioned,
	                  "the date it was commissioned");
	reviews_date_rule(errors, in, "cspr_published_on", "The date the report was published",
	                  final ? final : commissioned,
	                  final ? "the date of the final report" : "the date it was commissioned");
	const char *link = field_text(in, "cspr_link");
	const char *reason = field_text(in, "cspr_not_published_reason");
	if (published && !link)
		errors_add(errors, "cspr_link", "Enter the link to the published report");
	if (link && !is_web_link(link))
		errors_add(errors, "cspr_link",
		           "Enter the link to the published report as a web address starting https://");
	if (published && reason)
		errors_add(
		    errors, "cspr_not_published_reason",
		    "A published report has no reason for not being published: leave the reason blank");
	/* the panel is sent the report no later than seven working days before it is published (Working
	 * Together), counted in England's working days */
	int32_t told_day, published_day;
	if (published && !told)
		errors_add(errors, "cspr_panel_told_on",
		           "Enter the date the panel was told, before publication");
	else if (published && told && calendar_parse(told, &told_day) &&
	         calendar_parse(published, &published_day) &&
	         calendar_working_days_between(told_day, published_day) <
	             REVIEW_PANEL_BEFORE_PUBLICATION_WORKING_DAYS) {
		char latest[CALENDAR_LONG_DATE_SIZE];
		calendar_format_long(
		    calendar_working_days_before(published_day, REVIEW_PANEL_BEFORE_PUBLICATION_WORKING_DAYS),
		    latest);
		errors_addf(
		    errors, "cspr_panel_told_on",
		    "The panel must be sent the report at least %d working days before it is published: "
		    "the date the panel was told must be on or before %s",
		    REVIEW_PANEL_BEFORE_PUBLICATION_WORKING_DAYS, latest);
	}
}

static enum haven_status cspr_record(const struct request *req, const json_t *c, const struct actor *actor)
{
	(void)c;
	return reviews_record_cspr(case_id(req), req->input, actor);
}

/* POST /reviews/{id}/cspr: the local review from commissioning to publication. */
enum haven_status case_page_record_cspr(struct request *req, struct response *res)
{
	return case_task(req, res, cspr_check, cspr_record, "The decision on a local review was recorded");
}

/*
 * The date a milestone was reached (`done_on`, if given), checked as the
 * case's other dates are: not before the local authority became aware (not
 * in the future is its field's .when).
 */
static void milestone_check(const json_t *c, const json_t *in, json_t *errors)
{
	reviews_date_rule(errors, in, "done_on", "The date the milestone was reached",
	                  field_text(c, "aware_on"), "the date the local authority became aware");
}

static enum haven_status milestone_add_record(const struct request *req, const json_t *c,
                                              const struct actor *actor)
{
	(void)c;
	long long mid = 0;
	return reviews_add_milestone(case_id(req), req->input, actor, &mid);
}

/* POST /reviews/{id}/milestones: adds a milestone. */
enum haven_status case_page_add_milestone(struct request *req, struct response *res)
{
	return case_task(req, res, milestone_check, milestone_add_record, "The milestone was added");
}

static enum haven_status milestone_done_record(const struct request *req, const json_t *c,
                                               const struct actor *actor)
{
	(void)c;
	long long mid = json_integer_value(json_object_get(req->params, "milestone"));
	return reviews_milestone_done(case_id(req), mid, field_text(req->input, "done_on"), actor);
}

/* POST /reviews/{id}/milestones/{milestone:int}: a milestone reached. */
enum haven_status case_page_milestone_done(struct request *req, struct response *res)
{
	return case_task(req, res, milestone_check, milestone_done_record,
	                 "The milestone was marked reached");
}

/* POST /reviews/{id}/themes: the case's themes (all of them; none clears). */
enum haven_status case_page_set_themes(struct request *req, struct response *res)
{
	json_t *slugs = json_object_get(req->input, "themes"), *errors = json_array();
	size_t count = json_array_size(slugs);
	long long ids[64];
	enum haven_status st = HAVEN_OK;
	if (count > 64) {
		errors_add(errors, "themes", "Select 64 themes or fewer");
		count = 0;
	}
	for (size_t i = 0; i < count && st == HAVEN_OK; i++) {
		/* a retired theme already on a case may stay on it */
		st = reviews_theme_id(json_string_value(json_array_get(slugs, i)), true, &ids[i]);
		if (st == HAVEN_ERR_NOT_FOUND) {
			errors_add(errors, "themes", "Select the themes from the list");
			st = HAVEN_OK;
			break;
		}
	}
	if (st != HAVEN_OK) {
		json_decref(errors);
		return st;
	}
	if (!json_array_size(errors)) {
		struct actor actor = auth_actor(req);
		st = reviews_set_themes(case_id(req), ids, count, &actor);
	}
	response_success(res, "The themes were saved");
	return case_changed(req, res, st, errors);
}

/* POST /reviews/{id}/members (review.group: the partnership team): adds a person to the review group by
 * email. */
enum haven_status case_page_add_member(struct request *req, struct response *res)
{
	json_t *errors = json_array();
	struct account account;
	enum haven_status st = auth_store_account_by_email(field_text(req->input, "email"), &account);
	/* One answer for no account and a disabled one: the form must not tell
	 * whoever types an email whether it has (or had) an account. */
	if (st == HAVEN_ERR_NOT_FOUND || (st == HAVEN_OK && account.disabled)) {
		errors_add(errors, "email",
		           "Enter the email address of someone with an active Haven account");
		st = HAVEN_OK;
	} else if (st == HAVEN_OK) {
		struct actor actor = auth_actor(req);
		st = reviews_add_member(case_id(req), account.user.id, &actor);
	}
	response_success(res, "The member was added");
	return case_changed(req, res, st, errors);
}
