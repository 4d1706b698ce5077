/*
 * area.c (reviews) — serious incident reviews: recording an incident, the
 * notification to the national Child Safeguarding Practice Review Panel,
 * each agency's information for the rapid review, the rapid review and its
 * decision, the local CSPR through to publication, its milestones and
 * themes, and the review group; plus the partnership's theme list and CSPR
 * publication setting. Each use case is one handler serving its page (under
 * /reviews) and the same JSON under /api/v1/reviews.
 *
 * Who may do what (the access table beside the routes): "review.read"
 * and "review.update" need the user to be in the case's review group
 * (review_members) unless they are the partnership team, who oversee every
 * case; anyone else is answered 404 before a handler runs. The list is
 * scoped in its query the same way. The server audits reads; each change
 * here writes its audit row in the same unit of work (store_sqlite.c).
 *
 * Deadlines are never stored: rules.c works them out from the recorded
 * dates with the calendar every time a case is shown.
 *
 * Each form replaces its section of the case (notification, rapid review,
 * CSPR): the page shows the stored values in the form, and an API client
 * sends the whole section. The checks only a handler can make (dates in
 * order and not in the future, a rationale for "no CSPR", a link for a
 * published report) are gathered with the field errors and answered as the
 * API's 422 problem+json or the page again with the GOV.UK error summary.
 */
#include <stdio.h>
#include <string.h>

#include "app/area.h"
#include "auth/session.h"
#include "router/errors.h"
#include "router/page.h"
#include "areas/reviews/tasks.h"
#include "areas/calendar/calendar.h"
#include "areas/calendar/london.h"
#include "areas/partnership/store.h"
#include "areas/reviews/rules.h"
#include "areas/reviews/store.h"
#include "auth/policy.h"
#include "auth/store.h"

#define MAX_ID 999999999999LL
#define LONG_TEXT 10000

/* ---- field specs ---- */

static const char *const harms[] = {"death", "serious_harm", NULL};
static const char *const decisions[] = {"commission_cspr", "no_cspr", "refer_to_panel", NULL};

static const struct field_spec create_fields[] = {
    {.name = "child_pseudonym",
     .label = "the child's pseudonym",
     .type = FIELD_TEXT,
     .required = true,
     .max = 60},
    {.name = "child_id", .label = "the child's number in Haven", .type = FIELD_INT, .min = 1, .max = MAX_ID},
    {.name = "la", .label = "the local authority", .type = FIELD_SLUG, .required = true, .max = 100},
    {.name = "harm",
     .label = "whether the child died or was seriously harmed",
     .type = FIELD_CHOICE,
     .required = true,
     .choices = harms},
    {.name = "circumstances",
     .label = "the circumstances",
     .type = FIELD_TEXT,
     .required = true,
     .max = 5000},
    {.name = "looked_after_child", .label = "whether the child was looked after", .type = FIELD_BOOL},
    {.name = "aware_on",
     .label = "the date the local authority became aware",
     .type = FIELD_DATE,
     .required = true},
    {.name = "agencies", .label = "the agencies involved", .type = FIELD_SLUG, .multiple = true, .max = 100},
    {0},
};

static const struct field_spec notification_fields[] = {
    {.name = "panel_notified_on",
     .label = "the date the national panel was notified",
     .type = FIELD_DATE,
     .required = true},
    {.name = "ofsted_notified_on", .label = "the date Ofsted was told", .type = FIELD_DATE},
    {.name = "secretary_of_state_notified_on",
     .label = "the date the Secretary of State was told",
     .type = FIELD_DATE},
    {0},
};

static const struct field_spec contribution_fields[] = {
    {.name = "received_on",
     .label = "the date the agency's information was received",
     .type = FIELD_DATE,
     .required = true},
    {0},
};

static const struct field_spec rapid_review_fields[] = {
    {.name = "rapid_review_on",
     .label = "the date of the rapid review meeting",
     .type = FIELD_DATE,
     .required = true},
    {.name = "rapid_review_attendance", .label = "who attended", .type = FIELD_TEXT, .max = 5000},
    {.name = "rapid_review_facts", .label = "the facts established", .type = FIELD_TEXT, .max = LONG_TEXT},
    {.name = "rapid_review_immediate_actions",
     .label = "the immediate actions",
     .type = FIELD_TEXT,
     .max = LONG_TEXT},
    {.name = "rapid_review_learning",
     .label = "the learning identified",
     .type = FIELD_TEXT,
     .max = LONG_TEXT},
    {.name = "rapid_review_decision", .label = "the decision", .type = FIELD_CHOICE, .choices = decisions},
    {.name = "rapid_review_rationale",
     .label = "the rationale for the decision",
     .type = FIELD_TEXT,
     .max = 5000},
    {.name = "rapid_review_submitted_on",
     .label = "the date the rapid review was sent to the panel",
     .type = FIELD_DATE},
    {0},
};

static const struct field_spec cspr_fields[] = {
    {.name = "cspr_commissioned_on",
     .label = "the date the review was commissioned",
     .type = FIELD_DATE,
     .required = true},
    {.name = "cspr_reviewer", .label = "the reviewer", .type = FIELD_TEXT, .max = 200},
    {.name = "cspr_terms_of_reference",
     .label = "the terms of reference",
     .type = FIELD_TEXT,
     .max = LONG_TEXT},
    {.name = "cspr_method", .label = "the method", .type = FIELD_TEXT, .max = 2000},
    {.name = "cspr_draft_on", .label = "the date of the draft report", .type = FIELD_DATE},
    {.name = "cspr_final_on", .label = "the date of the final report", .type = FIELD_DATE},
    {.name = "cspr_panel_told_on", .label = "the date the panel was told of publication", .type = FIELD_DATE},
    {.name = "cspr_published_on", .label = "the date the report was published", .type = FIELD_DATE},
    {.name = "cspr_link", .label = "the link to the published report", .type = FIELD_TEXT, .max = 2000},
    {.name = "cspr_not_published_reason",
     .label = "the reason the report is not published",
     .type = FIELD_TEXT,
     .max = 5000},
    {0},
};

static const struct field_spec milestone_fields[] = {
    {.name = "title", .label = "the milestone", .type = FIELD_TEXT, .required = true, .max = 200},
    {.name = "due_on", .label = "the date the milestone is due", .type = FIELD_DATE, .required = true},
    {.name = "done_on", .label = "the date the milestone was reached", .type = FIELD_DATE},
    {0},
};

static const struct field_spec milestone_done_fields[] = {
    {.name = "done_on", .label = "the date the milestone was reached", .type = FIELD_DATE, .required = true},
    {0},
};

static const struct field_spec themes_fields[] = {
    {.name = "themes", .label = "the themes", .type = FIELD_SLUG, .multiple = true, .max = 100},
    {0},
};

static const struct field_spec member_fields[] = {
    {.name = "email",
     .label = "the person's email address",
     .type = FIELD_EMAIL,
     .required = true,
     .max = 254},
    {0},
};

static const struct field_spec theme_add_fields[] = {
    {.name = "name", .label = "the theme", .type = FIELD_TEXT, .required = true, .min = 2, .max = 80},
    {0},
};

static const struct field_spec theme_retire_fields[] = {
    {.name = "retired", .label = "whether the theme is retired", .type = FIELD_BOOL},
    {0},
};

static const struct field_spec settings_fields[] = {
    {.name = "cspr_publication_months",
     .label = "the number of months to publish a review in",
     .type = FIELD_INT,
     .required = true,
     .min = 1,
     .max = 24},
    {0},
};

/* ---- helpers ---- */

static long long case_id(const struct request *req)
{
	return json_integer_value(json_object_get(req->params, "id"));
}

/*
 * Date rules a field spec cannot express: the date `name` (if given) must
 * not be after today and, when `earliest` is given, not before it. The
 * messages name both dates, as the GOV.UK pattern asks.
 */
static void date_rule(json_t *errors, const json_t *values, const char *name, const char *what,
                      const char *earliest, const char *earliest_what)
{
	const char *s = field_text(values, name);
	int32_t day, first;
	if (!s || !calendar_parse(s, &day))
		return;
	char message[300];
	if (day > calendar_london_today()) {
		snprintf(message, sizeof message, "%s must be today or in the past", what);
		errors_add(errors, name, message);
	} else if (earliest && calendar_parse(earliest, &first) && day < first) {
		snprintf(message, sizeof message, "%s must be the same as or after %s (%s)", what,
		         earliest_what, earliest);
		errors_add(errors, name, message);
	}
}

/* True when the policy lets this user see every case, not only their groups'. */
static bool sees_every_case(const struct request *req)
{
	/*
	 * Asking about no case in particular (id 0, which is never a case)
	 * answers "allowed" only for the roles the policy says oversee every
	 * review, so no role is named here.
	 */
	struct resource none = {"review", 0};
	return policy_decide(req->user, "review.read", &none) == DECISION_ALLOW;
}

static const char *harm_label(const char *harm)
{
	return harm && strcmp(harm, "death") == 0 ? "Death" : "Serious harm";
}

static const char *decision_label(const char *d)
{
	if (!d)
		return NULL;
	if (strcmp(d, "commission_cspr") == 0)
		return "Commission a local child safeguarding practice review";
	if (strcmp(d, "no_cspr") == 0)
		return "No local review";
	return "Refer to the national panel";
}

/* ---- the list ---- */

/* The stages a case passes through (migration 0125's `stage`), as the list's filter says them. */
static const char *const case_stages[] = {"notification", "rapid_review", "local_review", "done", NULL};
static const char *const case_stage_labels[] = {"Notifying the national panel", "Rapid review",
                                                "Local review (CSPR)", "Done", NULL};

/* GET /reviews, GET /api/v1/reviews: the cases the user may see, narrowed to a stage or one reference. */
static enum haven_status list_reviews(struct request *req, struct response *res)
{
	json_t *rows = NULL;
	struct page page;
	if (!page_from_request(req, res, &page))
		return HAVEN_OK;
	struct reviews_filter filter = {.stage = field_text(req->input, "stage"),
	                                .reference = field_text(req->input, "reference")};
	int months = 6;
	long long total = -1;
	enum haven_status st = reviews_cspr_months(&months);
	if (st == HAVEN_OK)
		st = reviews_list(req->user->id, sees_every_case(req), &filter, &page, &rows, &total);
	if (st != HAVEN_OK)
		return st;
	int32_t today = calendar_london_today();
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		reviews_add_deadlines(r, today, months);
		json_object_set_new(r, "harm_label", json_string(harm_label(field_text(r, "harm"))));
	}
	bool can_create = policy_decide(req->user, "review.create", NULL) == DECISION_ALLOW;
	bool can_settings = policy_decide(req->user, "review.settings", NULL) == DECISION_ALLOW;
	json_t *model = json_pack("{s:s, s:b, s:b}", "title", "Serious incident reviews", "can_create",
	                          can_create, "can_manage_themes", can_settings);
	json_object_set_new(model, "total", page_count_json(total));
	json_object_set_new(model, "total_text", page_count_words(total, "case", "cases"));
	/* the filter form shows the choices made */
	json_object_set_new(model, "filtered", json_boolean(filter.stage || filter.reference));
	json_object_set_new(model, "reference", json_string(filter.reference ? filter.reference : ""));
	json_object_set_new(model, "stage_choices",
	                    page_filter_options("Any stage", case_stages, case_stage_labels, filter.stage));
	page_finish(&page, req, model, "reviews", rows, "id", total, "reviews");
	response_audit_records(res, "review", json_object_get(model, "reviews"), "id");
	size_t n = json_array_size(json_object_get(model, "reviews"));
	json_object_set_new(model, "count", json_integer((json_int_t)n));
	json_object_set_new(model, "found", json_boolean(n > 0));
	response_set_model(res, model);
	return HAVEN_OK;
}

/* ---- recording an incident ---- */

static enum haven_status new_model(json_t **out)
{
	json_t *areas = NULL, *agencies = NULL;
	enum haven_status st = partnership_list_areas(&areas);
	if (st == HAVEN_OK)
		st = partnership_list_agencies(NULL, NULL, &agencies);
	if (st != HAVEN_OK) {
		json_decref(areas);
		return st;
	}
	*out = json_pack("{s:s, s:o, s:o, s:i}", "title", "Record a serious incident", "areas", areas,
	                 "agencies", agencies, "contribution_days", REVIEW_CONTRIBUTION_WORKING_DAYS);
	return HAVEN_OK;
}

/* GET /reviews/new (and the page again when POST /reviews fails validation). */
static enum haven_status new_review_form(struct request *req, struct response *res)
{
	(void)req;
	json_t *model = NULL;
	enum haven_status st = new_model(&model);
	if (st == HAVEN_OK)
		response_set_model(res, model);
	return st;
}

/* The local authority chosen, selected on the page again after an error. */
static void keep_area(json_t *model, const char *chosen)
{
	size_t i;
	json_t *a;
	json_array_foreach(json_object_get(model, "areas"), i,
	                   a) if (chosen && json_is_string(json_object_get(a, "slug")) &&
	                          strcmp(json_string_value(json_object_get(a, "slug")), chosen) == 0)
	    json_object_set_new(a, "selected", json_true());
}

/* The agencies chosen, checked on the page again after an error. */
static void keep_agencies(json_t *model, const json_t *chosen)
{
	size_t i, j;
	json_t *a, *c;
	json_array_foreach(json_object_get(model, "agencies"), i, a)
	    json_array_foreach(chosen, j, c) if (json_equal(json_object_get(a, "slug"), c))
	        json_object_set_new(a, "checked", json_true());
}

/* POST /reviews, POST /api/v1/reviews. */
static enum haven_status create_review(struct request *req, struct response *res)
{
	json_t *in = req->input;
	json_t *errors = json_array();
	enum haven_status st;
	long long la_code = 0;
	st = reviews_la_code(field_text(in, "la"), &la_code);
	if (st == HAVEN_ERR_NOT_FOUND)
		errors_add(errors, "la", "Select the local authority from the list");
	else if (st != HAVEN_OK)
		goto fail;
	long long child = json_integer_value(json_object_get(in, "child_id"));
	if (child > 0) {
		st = reviews_child_exists(child);
		if (st == HAVEN_ERR_NOT_FOUND)
			errors_add(errors, "child_id",
			           "There is no child in Haven with this number: leave it blank if "
			           "the child is not in Haven");
		else if (st != HAVEN_OK)
			goto fail;
	}
	date_rule(errors, in, "aware_on", "The date the local authority became aware", NULL, NULL);
	json_t *slugs = json_object_get(in, "agencies");
	size_t count = json_array_size(slugs);
	long long agency_ids[64];
	if (count > 64) {
		errors_add(errors, "agencies", "Select 64 agencies or fewer");
		count = 0;
	}
	for (size_t i = 0; i < count; i++) {
		st = reviews_agency_id(json_string_value(json_array_get(slugs, i)), &agency_ids[i]);
		if (st == HAVEN_ERR_NOT_FOUND) {
			errors_add(errors, "agencies", "Select the agencies involved from the list");
			break;
		} else if (st != HAVEN_OK) {
			goto fail;
		}
	}
	if (json_array_size(errors)) {
		/* the page again keeps the area and agencies chosen (the API answers with the errors alone)
		 */
		json_t *model = NULL;
		if ((st = new_model(&model)) != HAVEN_OK)
			goto fail;
		keep_agencies(model, slugs);
		keep_area(model, field_text(in, "la"));
		response_set_model(res, model);
		response_errors(res, errors);
		return HAVEN_OK;
	}
	json_decref(errors);

	/* agencies' information is due 5 working days after the notification deadline until it is sent
	 * (rules.h) */
	char due[CALENDAR_DATE_SIZE];
	if (!reviews_contribution_due(field_text(in, "aware_on"), NULL, due))
		return HAVEN_ERR_INVALID;
	struct review_new n = {
	    .values = in,
	    .la_code = la_code,
	    .looked_after_child = json_is_true(json_object_get(in, "looked_after_child")),
	    .agency_ids = agency_ids,
	    .agency_count = count,
	    .contributions_due_on = due,
	    .creator_id = req->user->id,
	};
	struct actor actor = auth_actor(req);
	long long id = 0;
	char reference[32];
	st = reviews_create(&n, &actor, &id, reference);
	if (st != HAVEN_OK)
		return st;
	response_created(res, json_pack("{s:I, s:s}", "id", (json_int_t)id, "reference", reference),
	                 "/reviews/%lld", id);
	return HAVEN_OK;
fail:
	json_decref(errors);
	return st;
}

/* ---- one case ---- */

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
	json_object_set_new(c, "harm_label", json_string(harm_label(field_text(c, "harm"))));
	const char *decision = field_text(c, "rapid_review_decision");
	json_object_set_new(c, "decision_label",
	                    decision ? json_string(decision_label(decision)) : json_null());
	/* the Ofsted and Secretary of State notifications are for deaths of looked-after children */
	bool lac_death = json_integer_value(json_object_get(c, "looked_after_child")) == 1 &&
	                 strcmp(field_text(c, "harm"), "death") == 0;
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
static enum haven_status show_review(struct request *req, struct response *res)
{
	json_t *model = NULL;
	enum haven_status st = case_model(case_id(req), &model);
	if (st == HAVEN_OK)
		response_set_model(res, model);
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
		response_done(res, show_review, "/reviews/%lld", case_id(req));
	return st;
}

/* POST /reviews/{id}/notification: the notification to the panel (and Ofsted, the Secretary of State). */
static enum haven_status record_notification(struct request *req, struct response *res)
{
	json_t *c = NULL;
	enum haven_status st = reviews_get(case_id(req), &c);
	if (st != HAVEN_OK)
		return st;
	json_t *in = req->input, *errors = json_array();
	const char *aware = field_text(c, "aware_on");
	const char *aware_what = "the date the local authority became aware";
	date_rule(errors, in, "panel_notified_on", "The date the national panel was notified", aware,
	          aware_what);
	bool lac_death = json_integer_value(json_object_get(c, "looked_after_child")) == 1 &&
	                 strcmp(field_text(c, "harm"), "death") == 0;
	if (!lac_death && (json_object_get(in, "ofsted_notified_on") ||
	                   json_object_get(in, "secretary_of_state_notified_on"))) {
		const char *field = json_object_get(in, "ofsted_notified_on")
		                        ? "ofsted_notified_on"
		                        : "secretary_of_state_notified_on";
		errors_add(errors, field,
		           "Ofsted and the Secretary of State are told only of the death of a looked-after "
		           "child: leave these dates blank");
	}
	date_rule(errors, in, "ofsted_notified_on", "The date Ofsted was told", aware, aware_what);
	date_rule(errors, in, "secretary_of_state_notified_on", "The date the Secretary of State was told",
	          aware, aware_what);
	char due[CALENDAR_DATE_SIZE] = "";
	if (!json_array_size(errors)) {
		if (!reviews_contribution_due(aware, field_text(in, "panel_notified_on"), due)) {
			json_decref(c);
			json_decref(errors);
			return HAVEN_ERR_INVALID;
		}
		struct actor actor = auth_actor(req);
		st = reviews_record_notification(case_id(req), in, due, &actor);
	}
	json_decref(c);
	return case_changed(req, res, st, errors);
}

/* POST /reviews/{id}/contributions/{contribution:int}: an agency's information received. */
static enum haven_status record_contribution(struct request *req, struct response *res)
{
	json_t *c = NULL;
	enum haven_status st = reviews_get(case_id(req), &c);
	if (st != HAVEN_OK)
		return st;
	json_t *errors = json_array();
	date_rule(errors, req->input, "received_on", "The date the information was received",
	          field_text(c, "aware_on"), "the date the local authority became aware");
	json_decref(c);
	if (!json_array_size(errors)) {
		struct actor actor = auth_actor(req);
		long long contribution = json_integer_value(json_object_get(req->params, "contribution"));
		st = reviews_record_contribution(case_id(req), contribution,
		                                 field_text(req->input, "received_on"), &actor);
	}
	return case_changed(req, res, st, errors);
}

/* POST /reviews/{id}/rapid-review: the meeting, the decision and its submission to the panel. */
static enum haven_status record_rapid_review(struct request *req, struct response *res)
{
	json_t *c = NULL;
	enum haven_status st = reviews_get(case_id(req), &c);
	if (st != HAVEN_OK)
		return st;
	json_t *in = req->input, *errors = json_array();
	const char *notified = field_text(c, "panel_notified_on");
	if (!notified)
		errors_add(errors, "rapid_review_on",
		           "Record the notification to the national panel before the rapid review");
	date_rule(errors, in, "rapid_review_on", "The date of the rapid review meeting", notified,
	          "the date the national panel was notified");
	const char *decision = field_text(in, "rapid_review_decision");
	const char *rationale = field_text(in, "rapid_review_rationale");
	if (decision && strcmp(decision, "no_cspr") == 0 && !rationale)
		errors_add(errors, "rapid_review_rationale",
		           "Enter the rationale for not commissioning a local review");
	if (json_object_get(in, "rapid_review_submitted_on") && !decision)
		errors_add(errors, "rapid_review_decision",
		           "Select the decision before recording its submission to the panel");
	date_rule(errors, in, "rapid_review_submitted_on", "The date the rapid review was sent to the panel",
	          field_text(in, "rapid_review_on"), "the date of the meeting");
	/* a commissioned review stands on this decision: it cannot be changed from under it */
	if (field_text(c, "cspr_commissioned_on") && !(decision && strcmp(decision, "commission_cspr") == 0))
		errors_add(errors, "rapid_review_decision",
		           "A local review has been commissioned: the decision must stay \"commission a "
		           "local review\"");
	if (!json_array_size(errors)) {
		struct actor actor = auth_actor(req);
		st = reviews_record_rapid_review(case_id(req), in, &actor);
	}
	json_decref(c);
	return case_changed(req, res, st, errors);
}

/* True if `s` is an http(s) address with something after the scheme. */
static bool is_web_link(const char *s)
{
	return (strncmp(s, "https://", 8) == 0 && s[8]) || (strncmp(s, "http://", 7) == 0 && s[7]);
}

/* POST /reviews/{id}/cspr: the local review from commissioning to publication. */
static enum haven_status record_cspr(struct request *req, struct response *res)
{
	json_t *c = NULL;
	enum haven_status st = reviews_get(case_id(req), &c);
	if (st != HAVEN_OK)
		return st;
	json_t *in = req->input, *errors = json_array();
	const char *decision = field_text(c, "rapid_review_decision");
	if (!decision || strcmp(decision, "commission_cspr") != 0)
		errors_add(errors, "cspr_commissioned_on",
		           "Record the rapid review's decision to commission a local review first");
	const char *commissioned = field_text(in, "cspr_commissioned_on");
	const char *final = field_text(in, "cspr_final_on");
	const char *published = field_text(in, "cspr_published_on");
	const char *told = field_text(in, "cspr_panel_told_on");
	date_rule(errors, in, "cspr_commissioned_on", "The date the review was commissioned",
	          field_text(c, "rapid_review_on"), "the date of the rapid review");
	date_rule(errors, in, "cspr_draft_on", "The date of the draft report", commissioned,
	          "the date it was commissioned");
	const char *draft = field_text(in, "cspr_draft_on");
	date_rule(errors, in, "cspr_final_on", "The date of the final report", draft ? draft : commissioned,
	          draft ? "the date of the draft report" : "the date it was commissioned");
	date_rule(errors, in, "cspr_panel_told_on", "The date the panel was told", commissioned,
	          "the date it was commissioned");
	date_rule(errors, in, "cspr_published_on", "The date the report was published",
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
	/* the panel is told before a report is published (Working Together) */
	if (published && !told)
		errors_add(errors, "cspr_panel_told_on",
		           "Enter the date the panel was told, before publication");
	else if (published && told && strcmp(told, published) > 0)
		errors_add(
		    errors, "cspr_panel_told_on",
		    "The date the panel was told must be on or before the date the report was published");
	if (!json_array_size(errors)) {
		struct actor actor = auth_actor(req);
		st = reviews_record_cspr(case_id(req), in, &actor);
	}
	json_decref(c);
	return case_changed(req, res, st, errors);
}

/* POST /reviews/{id}/milestones: adds a milestone. */
static enum haven_status add_milestone(struct request *req, struct response *res)
{
	json_t *errors = json_array();
	date_rule(errors, req->input, "done_on", "The date the milestone was reached", NULL, NULL);
	enum haven_status st = HAVEN_OK;
	if (!json_array_size(errors)) {
		struct actor actor = auth_actor(req);
		long long mid = 0;
		st = reviews_add_milestone(case_id(req), req->input, &actor, &mid);
	}
	return case_changed(req, res, st, errors);
}

/* POST /reviews/{id}/milestones/{milestone:int}: a milestone reached. */
static enum haven_status milestone_done(struct request *req, struct response *res)
{
	json_t *errors = json_array();
	date_rule(errors, req->input, "done_on", "The date the milestone was reached", NULL, NULL);
	enum haven_status st = HAVEN_OK;
	if (!json_array_size(errors)) {
		struct actor actor = auth_actor(req);
		long long mid = json_integer_value(json_object_get(req->params, "milestone"));
		st = reviews_milestone_done(case_id(req), mid, field_text(req->input, "done_on"), &actor);
	}
	return case_changed(req, res, st, errors);
}

/* POST /reviews/{id}/themes: the case's themes (all of them; none clears). */
static enum haven_status set_themes(struct request *req, struct response *res)
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
	return case_changed(req, res, st, errors);
}

/* POST /reviews/{id}/members: adds a person to the review group by email. */
static enum haven_status add_member(struct request *req, struct response *res)
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
	return case_changed(req, res, st, errors);
}

/* ---- the partnership's theme list and settings ---- */

static enum haven_status themes_model(json_t **out)
{
	json_t *themes = NULL;
	int months = 6;
	enum haven_status st = reviews_themes(true, &themes);
	if (st == HAVEN_OK)
		st = reviews_cspr_months(&months);
	if (st != HAVEN_OK) {
		json_decref(themes);
		return st;
	}
	*out = json_pack("{s:s, s:o, s:i}", "title", "Review themes and settings", "themes", themes,
	                 "cspr_publication_months", months);
	return HAVEN_OK;
}

/* GET /reviews/themes, GET /api/v1/reviews/themes (and the page again after errors). */
static enum haven_status show_themes(struct request *req, struct response *res)
{
	(void)req;
	json_t *model = NULL;
	enum haven_status st = themes_model(&model);
	if (st == HAVEN_OK)
		response_set_model(res, model);
	return st;
}

/* After a change to the themes or settings: as case_changed, for the themes page. */
static enum haven_status settings_changed(struct response *res, enum haven_status st, json_t *errors)
{
	response_errors(res, errors);
	if (res->errors)
		return HAVEN_OK;
	if (st == HAVEN_OK)
		response_done(res, show_themes, "/reviews/themes");
	return st;
}

/* POST /reviews/themes: adds a theme; its slug is made from its name. */
static enum haven_status add_theme(struct request *req, struct response *res)
{
	const char *name = field_text(req->input, "name");
	char slug[100];
	size_t o = 0;
	bool hyphen = false;
	for (const unsigned char *p = (const unsigned char *)name; *p && o + 1 < sizeof slug; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')) {
			if (hyphen && o)
				slug[o++] = '-';
			hyphen = false;
			if (o + 1 < sizeof slug)
				slug[o++] = (char)*p;
		} else if (*p >= 'A' && *p <= 'Z') {
			if (hyphen && o)
				slug[o++] = '-';
			hyphen = false;
			if (o + 1 < sizeof slug)
				slug[o++] = (char)(*p - 'A' + 'a');
		} else {
			hyphen = true;
		}
	}
	slug[o] = '\0';
	json_t *errors = json_array();
	enum haven_status st = HAVEN_OK;
	if (!o) {
		errors_add(errors, "name", "Enter the theme using some letters or numbers");
	} else {
		struct actor actor = auth_actor(req);
		st = reviews_theme_add(slug, name, &actor);
		if (st == HAVEN_ERR_CONFLICT) {
			errors_add(errors, "name", "There is already a theme with this name");
			st = HAVEN_OK;
		}
	}
	return settings_changed(res, st, errors);
}

/* POST /reviews/themes/{slug}/retire: retires a theme (or, with retired=false, brings it back). */
static enum haven_status retire_theme(struct request *req, struct response *res)
{
	json_t *r = json_object_get(req->input, "retired");
	struct actor actor = auth_actor(req);
	enum haven_status st =
	    reviews_theme_retire(field_text(req->params, "slug"), r ? json_is_true(r) : true, &actor);
	return settings_changed(res, st, json_array());
}

/* POST /reviews/settings: how many months a CSPR has to be published in. */
static enum haven_status save_settings(struct request *req, struct response *res)
{
	struct actor actor = auth_actor(req);
	int months = (int)json_integer_value(json_object_get(req->input, "cspr_publication_months"));
	return settings_changed(res, reviews_set_cspr_months(months, &actor), json_array());
}

/* ---- routes ---- */

/*
 * One of a case's forms: its task's page posts it to the case (and shows it
 * again with its errors), and it has its API twin. A success leads back to
 * the case's task list.
 */
#define CASE_FORM(path, fn, fields, task_page)                                                               \
	{                                                                                                    \
		.method = HTTP_POST, .pattern = "/reviews/{id:int}" path, .action = "review.update",         \
		.handler = fn, .page = task_page, .body = fields, .redisplay = show_review, .api = true      \
	}

/* A task's page of a case: the case's model, shown by the task's template (the API has the case). */
#define CASE_TASK(path, task_page)                                                                           \
	{                                                                                                    \
		.method = HTTP_GET, .pattern = "/reviews/{id:int}" path, .action = "review.read",            \
		.handler = show_review, .page = task_page                                                    \
	}

static const struct field_spec list_query[] = {
    {.name = "stage", .label = "the stage", .type = FIELD_CHOICE, .choices = case_stages},
    {.name = "reference", .label = "the case reference", .type = FIELD_TEXT, .max = 32},
    PAGE_FIELDS,
    {0},
};

static const struct route routes[] = {
    {.method = HTTP_GET,
     .pattern = "/reviews",
     .action = "review.list",
     .handler = list_reviews,
     .query = list_query,
     .redisplay = list_reviews,
     .page = "reviews/list",
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/reviews/new",
     .action = "review.create",
     .handler = new_review_form,
     .page = "reviews/new"},
    {.method = HTTP_POST,
     .pattern = "/reviews",
     .action = "review.create",
     .handler = create_review,
     .page = "reviews/new",
     .body = create_fields,
     .redisplay = new_review_form,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/reviews/themes",
     .action = "review.settings",
     .handler = show_themes,
     .page = "reviews/themes",
     .api = true},
    {.method = HTTP_POST,
     .pattern = "/reviews/themes",
     .action = "review.settings",
     .handler = add_theme,
     .page = "reviews/themes",
     .body = theme_add_fields,
     .redisplay = show_themes,
     .api = true},
    {.method = HTTP_POST,
     .pattern = "/reviews/themes/{slug:slug}/retire",
     .action = "review.settings",
     .handler = retire_theme,
     .page = "reviews/themes",
     .body = theme_retire_fields,
     .redisplay = show_themes,
     .api = true},
    {.method = HTTP_POST,
     .pattern = "/reviews/settings",
     .action = "review.settings",
     .handler = save_settings,
     .page = "reviews/themes",
     .body = settings_fields,
     .redisplay = show_themes,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/reviews/{id:int}",
     .action = "review.read",
     .handler = show_review,
     .page = "reviews/case",
     .api = true},
    CASE_TASK("/notification", "reviews/task-notification"),
    CASE_TASK("/contributions", "reviews/task-contributions"),
    CASE_TASK("/rapid-review", "reviews/task-rapid-review"),
    CASE_TASK("/cspr", "reviews/task-cspr"),
    CASE_TASK("/milestones", "reviews/task-milestones"),
    CASE_TASK("/themes", "reviews/task-themes"),
    CASE_TASK("/group", "reviews/task-group"),
    CASE_FORM("/notification", record_notification, notification_fields, "reviews/task-notification"),
    CASE_FORM("/contributions/{contribution:int}", record_contribution, contribution_fields,
              "reviews/task-contributions"),
    CASE_FORM("/rapid-review", record_rapid_review, rapid_review_fields, "reviews/task-rapid-review"),
    CASE_FORM("/cspr", record_cspr, cspr_fields, "reviews/task-cspr"),
    CASE_FORM("/milestones", add_milestone, milestone_fields, "reviews/task-milestones"),
    CASE_FORM("/milestones/{milestone:int}", milestone_done, milestone_done_fields,
              "reviews/task-milestones"),
    CASE_FORM("/themes", set_themes, themes_fields, "reviews/task-themes"),
    CASE_FORM("/members", add_member, member_fields, "reviews/task-group"),
    {0},
};

/* Who may take this area's actions (auth/policy.h): deny by default, so an action not here is refused. */
static const struct policy_rule access[] = {
    /* serious incident reviews: the partnership team and the named members of a review's group */
    {.action = "review.list", .roles = ROLE_CHILD_WORKERS, .audited = true},
    {.action = "review.create", .roles = ROLE_PARTNERSHIP | ROLE_FRONT_DOOR, .audited = true},
    {.action = "review.read",
     .roles = ROLE_CHILD_WORKERS,
     .resource = "review",
     .every_record = ROLE_PARTNERSHIP,
     .audited = true},
    {.action = "review.update",
     .roles = ROLE_CHILD_WORKERS,
     .resource = "review",
     .every_record = ROLE_PARTNERSHIP,
     .audited = true,
     .shown_as = "review.read"},
    {.action = "review.sign_off",
     .roles = ROLE_PARTNERSHIP,
     .resource = "review",
     .every_record = ROLE_PARTNERSHIP,
     .audited = true,
     .shown_as = "review.read"},
    {.action = "review.settings", .roles = ROLE_PARTNERSHIP, .audited = true},
    /* a capability, not a route: update any agency's action on a review (others only their own) */
    {.action = "review.action_any", .roles = ROLE_PARTNERSHIP},
    {0},
};

/* Its links on the dashboard (app/area.h); `place` orders them within their section. */
static const struct area_link links[] = {
    {.section = "Reviews and learning",
     .action = "review.list",
     .href = "/reviews",
     .text = "Serious incident reviews",
     .place = 160},
    {0},
};

const struct area area_reviews = {
    .tasks = reviews_tasks,
    .name = "reviews",
    .links = links,
    .access = access,
    .records = reviews_records,
    .chronology = reviews_chronology,
    .routes = routes,
    .load_demo = reviews_load_demo,
    /* after the accounts (20: the group's members) and children (30) */
    .demo_order = 40,
};
