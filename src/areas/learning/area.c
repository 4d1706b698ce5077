/*
 * area.c (learning) — what serious incident reviews lead to: the actions
 * made from a review's recommendations (owned by an agency, updated by it,
 * signed off by the partnership with an assessment of impact), the
 * briefings written for practitioners, and the partnership's figures for a
 * period (GET /reviews/summary).
 *
 * Who may do what (the access table beside the routes): review.read
 * and review.update need membership of the review's group (or the
 * partnership team), review.sign_off is the partnership's, briefing.read is
 * everyone signed in, briefing.publish (a briefing read by everyone signed
 * in: a draft published, or one published as it is written) is the
 * partnership team's, while the group may write drafts, review.figures is the partnership team's (the
 * scrutineer reads the figures suppressed on /scrutiny).
 * Routes about a case put its id in the path parameter "id", which the
 * policy reads; an action or briefing id in the path must belong to that
 * case (the store checks, else 404), so being in one review's group never
 * opens another's records. Published briefings carry the case's reference
 * and the child's pseudonym only.
 *
 * Deadlines and "overdue" are derived (calendar.h, today's date) and never
 * stored, so a corrected date or a new bank holiday moves them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/area.h"
#include "app/download.h"
#include "app/figures_page.h"
#include "app/list_page.h"
#include "app/model_answer.h"
#include "core/words.h"
#include "auth/session.h"
#include "router/errors.h"
#include "router/page.h"
#include "areas/calendar/calendar.h"
#include "areas/calendar/london.h"
#include "areas/learning/published.h"
#include "areas/learning/store.h"
#include "app/store_refusal.h"
#include "auth/policy.h"
#include "auth/store.h"
#include "core/stats.h"
#include "view/chart_rows.h"

#define TOP_THEMES 3
/* Deadlines are at most 15 working days after what starts them; 60 days back covers any holidays. */
#define DEADLINE_LOOKBACK_DAYS 60

/* ---- field specs ---- */

static const struct field_spec add_action_fields[] = {
    {.name = "recommendation",
     .label = "the recommendation",
     .type = FIELD_TEXT,
     .required = true,
     .max = 2000},
    {.name = "owner_agency",
     .label = "the agency that owns the action",
     .type = FIELD_SLUG,
     .required = true,
     .max = 100},
    {.name = "lead", .label = "the lead", .type = FIELD_TEXT, .required = true, .max = 200},
    {.name = "due_on", .label = "the due date", .type = FIELD_DATE, .required = true},
    {0},
};

static const char *const action_statuses[] = {"not_started", "in_progress", "complete", NULL};

static const struct field_spec update_action_fields[] = {
    {.name = "status",
     .label = "the status",
     .type = FIELD_CHOICE,
     .required = true,
     .choices = action_statuses},
    {.name = "evidence", .label = "the evidence of completion", .type = FIELD_TEXT, .max = 5000},
    {.name = "completed_on", .label = "the date it was completed", .type = FIELD_DATE},
    {0},
};

static const struct field_spec sign_off_fields[] = {
    {.name = "impact",
     .label = "the assessment of impact",
     .type = FIELD_TEXT,
     .required = true,
     .max = 5000},
    {0},
};

static const struct field_spec briefing_fields[] = {
    {.name = "title", .label = "the title", .type = FIELD_TEXT, .required = true, .max = 200},
    {.name = "body", .label = "the briefing", .type = FIELD_TEXT, .required = true, .max = 10000},
    {.name = "publish", .label = "whether to publish it now", .type = FIELD_BOOL},
    {0},
};

static const struct field_spec period_fields[] = {
    PERIOD_FIELDS,
    {0},
};

static const char *status_label(const char *status)
{
	if (status && strcmp(status, "in_progress") == 0)
		return "In progress";
	if (status && strcmp(status, "complete") == 0)
		return "Complete";
	return "Not started";
}

/* Adds what a page needs to show an action and its forms (labels, which form applies). */
static void decorate_action(json_t *a, long long case_id)
{
	const char *status = json_string_value(json_object_get(a, "status"));
	bool complete = status && strcmp(status, "complete") == 0;
	json_object_set_new(a, "case_id", json_integer(case_id));
	json_object_set_new(a, "status_label", json_string(status_label(status)));
	json_object_set_new(a, "complete", json_boolean(complete));
	json_object_set_new(a, "in_progress", json_boolean(status && strcmp(status, "in_progress") == 0));
	json_object_set_new(a, "signed_off",
	                    json_boolean(json_is_string(json_object_get(a, "signed_off_on"))));
	json_object_set_new(a, "can_sign_off",
	                    json_boolean(complete && !json_is_string(json_object_get(a, "signed_off_on"))));
}

/* ---- actions ---- */

/*
 * The case's learning page and list: {title, case, actions, count} and, for
 * browsers, the agencies to choose an owner from and the case's briefings.
 * Also the redisplay of every form on it (given no input).
 */
static enum haven_status actions_model(struct request *req, json_t **out)
{
	long long case_id = field_int(req->params, "id");
	json_t *kase = NULL, *actions = NULL;
	enum haven_status st = learning_case_get(case_id, &kase);
	if (st != HAVEN_OK)
		return st;
	char day[CALENDAR_DATE_SIZE];
	calendar_london_today_text(day);
	st = learning_actions_list(case_id, day, &actions);
	if (st != HAVEN_OK) {
		json_decref(kase);
		return st;
	}
	char title[256];
	snprintf(title, sizeof title, "Actions and learning: %s",
	         json_string_value(json_object_get(kase, "reference")));
	json_t *model = json_pack("{s:s, s:o, s:I, s:o}", "title", title, "case", kase, "count",
	                          (json_int_t)json_array_size(actions), "actions", actions);
	if (!req->api) {
		size_t i;
		json_t *a;
		json_array_foreach(actions, i, a) decorate_action(a, case_id);
		json_t *agencies = NULL, *briefings = NULL;
		if ((st = learning_agencies(&agencies)) != HAVEN_OK ||
		    (st = learning_briefings_of_case(case_id, &briefings)) != HAVEN_OK) {
			json_decref(agencies);
			json_decref(model);
			return st;
		}
		json_object_set_new(model, "agencies", agencies);
		json_object_set_new(model, "briefings", briefings);
		json_object_set_new(model, "has_briefings", json_boolean(json_array_size(briefings) > 0));
		json_object_set_new(model, "today", json_string(day));
		/* the publish controls for those who may use them; the group writes drafts */
		json_object_set_new(
		    model, "can_publish",
		    json_boolean(policy_allows(req->user, "briefing.publish", "review", case_id)));
	}
	*out = model;
	return HAVEN_OK;
}

/* GET /reviews/{id}/actions, GET /api/v1/reviews/{id}/actions (review.read; audited by the server). */
static enum haven_status list_actions(struct request *req, struct response *res)
{
	return model_answer(req, res, actions_model);
}

/* The action `action_id` of the case in the path, as the API shows it after a change. */
static enum haven_status action_model(struct request *req, long long action_id, json_t **out)
{
	char day[CALENDAR_DATE_SIZE];
	calendar_london_today_text(day);
	return learning_action_get(field_int(req->params, "id"), action_id, day, out);
}

/* The action in the path as it now is: the API's answer to an update or sign-off (response_done). */
static enum haven_status show_action(struct request *req, struct response *res)
{
	json_t *action = NULL;
	enum haven_status st = action_model(req, field_int(req->params, "action"), &action);
	if (st == HAVEN_OK)
		response_set_model(res, action);
	return st;
}

/* POST /reviews/{id}/actions, POST /api/v1/reviews/{id}/actions (review.update). */
static enum haven_status add_action(struct request *req, struct response *res)
{
	struct learning_new_action a = {
	    .case_id = field_int(req->params, "id"),
	    .recommendation = field_text(req->input, "recommendation"),
	    .owner_agency_slug = field_text(req->input, "owner_agency"),
	    .lead = field_text(req->input, "lead"),
	    .due_on = field_text(req->input, "due_on"),
	};
	struct actor actor = auth_actor(req);
	long long id = 0;
	enum haven_status st = learning_action_add(&a, &actor, &id);
	if (st == HAVEN_ERR_INVALID) {
		response_error(res, "owner_agency", "Select an agency in the partnership");
		return HAVEN_OK;
	}
	json_t *action = NULL;
	if (st != HAVEN_OK || (st = action_model(req, id, &action)) != HAVEN_OK)
		return st;
	response_success(res, "The action was added");
	response_created(res, action, "/reviews/%lld/actions", a.case_id);
	return HAVEN_OK;
}

/* POST /reviews/{id}/actions/{action}/update and its API twin (review.update). */
static enum haven_status update_action(struct request *req, struct response *res)
{
	long long case_id = field_int(req->params, "id"), action_id = field_int(req->params, "action");
	const char *status = field_text(req->input, "status");
	const char *evidence = field_text(req->input, "evidence");
	const char *completed_on = field_text(req->input, "completed_on");
	bool complete = strcmp(status, "complete") == 0;
	char day[CALENDAR_DATE_SIZE];
	calendar_london_today_text(day);

	/* 404 before any 422, so a form cannot probe other cases' action ids */
	json_t *existing = NULL;
	enum haven_status st = learning_action_get(case_id, action_id, day, &existing);
	if (st != HAVEN_OK)
		return st;
	/* Agencies update their own actions; the partnership may update any. */
	long long owner = json_integer_value(json_object_get(existing, "owner_agency_id"));
	/* the date it was completed, kept when the form leaves it empty (its boxes start empty) */
	char kept[CALENDAR_DATE_SIZE] = "";
	if (field_text(existing, "completed_on"))
		snprintf(kept, sizeof kept, "%s", field_text(existing, "completed_on"));
	json_decref(existing);
	if (owner != req->user->agency_id && !policy_allows(req->user, "review.action_any", NULL, 0))
		return HAVEN_ERR_DENIED;

	json_t *errors = json_array();
	if (complete && (!evidence || !*evidence))
		errors_add(errors, "evidence", "Enter the evidence that the action is complete");
	if (complete && completed_on && strcmp(completed_on, day) > 0)
		errors_add(errors, "completed_on", "The date it was completed must be today or in the past");
	if (json_array_size(errors)) {
		response_errors(res, errors);
		return HAVEN_OK;
	}
	json_decref(errors);

	/* A completed date only means something for a complete action; it defaults to the one it had, else
	 * today. */
	const char *on = !complete ? NULL : completed_on ? completed_on : *kept ? kept : day;
	struct actor actor = auth_actor(req);
	st = learning_action_update(case_id, action_id, status, evidence, on, &actor);
	if (st != HAVEN_OK)
		return st;
	response_success(res, "The action was updated");
	response_done(res, show_action, "/reviews/%lld/actions", case_id);
	return HAVEN_OK;
}

/* POST /reviews/{id}/actions/{action}/sign-off and its API twin (review.sign_off: the partnership). */
static enum haven_status sign_off_action(struct request *req, struct response *res)
{
	long long case_id = field_int(req->params, "id"), action_id = field_int(req->params, "action");
	char day[CALENDAR_DATE_SIZE];
	calendar_london_today_text(day);
	struct actor actor = auth_actor(req);
	enum haven_status st =
	    learning_action_sign_off(case_id, action_id, field_text(req->input, "impact"), day, &actor);
	if (store_conflict(res, st, "status", "Only a complete action can be signed off"))
		return HAVEN_OK;
	if (st != HAVEN_OK)
		return st;
	response_success(res, "The action was signed off");
	response_done(res, show_action, "/reviews/%lld/actions", case_id);
	return HAVEN_OK;
}

/* ---- briefings ---- */

/* GET /api/v1/reviews/{id}/briefings (review.read): the case's briefings, drafts too. */
static enum haven_status case_briefings(struct request *req, struct response *res)
{
	long long case_id = field_int(req->params, "id");
	json_t *kase = NULL, *briefings = NULL;
	enum haven_status st = learning_case_get(case_id, &kase);
	if (st != HAVEN_OK)
		return st;
	st = learning_briefings_of_case(case_id, &briefings);
	if (st != HAVEN_OK) {
		json_decref(kase);
		return st;
	}
	response_set_model(res, json_pack("{s:o, s:o}", "case", kase, "briefings", briefings));
	return HAVEN_OK;
}

/*
 * POST /reviews/{id}/briefings, POST /api/v1/reviews/{id}/briefings (review.update): the group writes
 * a draft; publishing it as it is written (publish: true) needs briefing.publish, as publishing a draft
 * does, else 403 and nothing is saved.
 */
static enum haven_status add_briefing(struct request *req, struct response *res)
{
	long long case_id = field_int(req->params, "id");
	bool publish = json_is_true(json_object_get(req->input, "publish"));
	if (publish &&
	    !policy_allows_beside(req->user, "briefing.publish", "review.update", "review", case_id))
		return HAVEN_ERR_DENIED;
	char day[CALENDAR_DATE_SIZE];
	calendar_london_today_text(day);
	struct actor actor = auth_actor(req);
	long long id = 0;
	enum haven_status st =
	    learning_briefing_add(case_id, field_text(req->input, "title"), field_text(req->input, "body"),
	                          publish ? day : NULL, &actor, &id);
	if (st != HAVEN_OK)
		return st;
	response_success(res, publish ? "The briefing was published" : "The briefing was saved");
	response_created(res,
	                 json_pack("{s:I, s:I, s:b, s:o}", "id", (json_int_t)id, "case_id",
	                           (json_int_t)case_id, "published", publish, "published_on",
	                           publish ? json_string(day) : json_null()),
	                 "/reviews/%lld/actions", case_id);
	return HAVEN_OK;
}

static route_handler show_briefing;

/* POST /reviews/{id}/briefings/{b}/publish and its API twin (briefing.publish: the partnership team's). */
static enum haven_status publish_briefing(struct request *req, struct response *res)
{
	long long case_id = field_int(req->params, "id"), b = field_int(req->params, "b");
	char day[CALENDAR_DATE_SIZE];
	calendar_london_today_text(day);
	struct actor actor = auth_actor(req);
	enum haven_status st = learning_briefing_publish(case_id, b, day, &actor);
	if (st != HAVEN_OK)
		return st;
	response_success(res, "The briefing was published");
	response_done(res, show_briefing, "/reviews/%lld/actions", case_id);
	return HAVEN_OK;
}

/* GET /briefings, GET /api/v1/briefings (briefing.read): published briefings, newest first. */
static enum haven_status list_briefings(struct request *req, struct response *res)
{
	struct page page;
	if (!page_from_request(req, res, &page))
		return HAVEN_OK;
	json_t *briefings = NULL;
	long long total = -1;
	enum haven_status st = learning_briefings_published(&page, &briefings, &total);
	if (st != HAVEN_OK)
		return st;
	json_t *model = json_pack("{s:s}", "title", "Learning from reviews");
	list_page_answer(&page, req, res, model, "briefings", briefings, total, "briefings");
	return HAVEN_OK;
}

/* GET /briefings/{b}, GET /api/v1/briefings/{b} (briefing.read): one published briefing; a draft is 404. */
static enum haven_status show_briefing(struct request *req, struct response *res)
{
	json_t *briefing = NULL;
	enum haven_status st = learning_briefing_published(field_int(req->params, "b"), &briefing);
	if (st != HAVEN_OK)
		return st;
	response_set_model(res, briefing);
	return HAVEN_OK;
}

/* ---- figures ---- */

/*
 * Counts deadlines falling in [from, to] and how many were met: the
 * notification 5 working days after awareness, the rapid review 15 working
 * days after the notification. A deadline not yet reached and not yet met
 * (a period that runs past today) is still open, and not counted either way.
 */
static enum haven_status deadlines(int32_t from, int32_t to, int32_t now, json_t **out)
{
	char since[CALENDAR_DATE_SIZE];
	calendar_format(from - DEADLINE_LOOKBACK_DAYS, since);
	json_t *rows = NULL;
	enum haven_status st = learning_deadline_dates(since, &rows);
	if (st != HAVEN_OK)
		return st;
	long long n_met = 0, n_total = 0, r_met = 0, r_total = 0;
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		int32_t aware, notified = 0, reviewed = 0;
		if (!calendar_parse(json_string_value(json_object_get(row, "aware_on")), &aware))
			continue;
		const char *n_text = json_string_value(json_object_get(row, "panel_notified_on"));
		const char *r_text = json_string_value(json_object_get(row, "rapid_review_on"));
		bool has_n = n_text && calendar_parse(n_text, &notified);
		bool has_r = r_text && calendar_parse(r_text, &reviewed);
		int32_t due = calendar_add_working_days(aware, 5);
		if (due >= from && due <= to && (has_n || due < now)) {
			n_total++;
			n_met += has_n && notified <= due;
		}
		if (!has_n)
			continue;
		due = calendar_add_working_days(notified, 15);
		if (due >= from && due <= to && (has_r || due < now)) {
			r_total++;
			r_met += has_r && reviewed <= due;
		}
	}
	json_decref(rows);
	/* and each as people read it: "1 of 2 (50%)" on a small base, "none due" with none */
	char n_text[STATS_SHARE_SIZE] = "none due", r_text[STATS_SHARE_SIZE] = "none due";
	(void)stats_share_text(n_met, n_total, n_text);
	(void)stats_share_text(r_met, r_total, r_text);
	*out = json_pack("{s:{s:I, s:I, s:s}, s:{s:I, s:I, s:s}}", "notification", "met", (json_int_t)n_met,
	                 "total", (json_int_t)n_total, "text", n_text, "rapid_review", "met",
	                 (json_int_t)r_met, "total", (json_int_t)r_total, "text", r_text);
	return HAVEN_OK;
}

static json_t *summary_model(const char *from, const char *to)
{
	char title[96];
	snprintf(title, sizeof title, "Review figures");
	return json_pack("{s:s, s:s, s:s}", "title", title, "from", from, "to", to);
}

/* Without dates, the figures cover the reporting year (1 April to 31 March) of the one given, or today's. */
static const struct period_rule summary_period = {.by = PERIOD_REPORTING_YEAR};

/* The page's period form again, with the default period (the redisplay of bad input). */
static enum haven_status summary_form(struct request *req, struct response *res)
{
	(void)req;
	struct period period;
	/* with no dates asked for, the default period is never refused */
	if (!period_from_input(NULL, &summary_period, calendar_london_today(), &period, NULL))
		return HAVEN_ERR_INTERNAL;
	response_set_model(res, summary_model(period.from_text, period.to_text));
	return HAVEN_OK;
}

/* The chart above the themes' list: the cases each of the most common themes was given to. */
static json_t *themes_chart(const json_t *themes)
{
	static const struct chart_rows how = {
	    .id = "themes-chart",
	    .title = "The most common themes",
	    .desc =
	        "A bar for each of the most common themes, as long as the number of cases in the period it "
	        "was given to.",
	    .label_key = "name",
	    .value_key = "cases",
	    .one = "case",
	    .many = "cases"};
	return chart_rows(themes, &how);
}

/* GET /reviews/summary, GET /api/v1/reviews/summary (review.figures): the figures for a period. */
static enum haven_status summary(struct request *req, struct response *res)
{
	int32_t now = calendar_london_today();
	struct period period;
	const char *f = period.from_text, *t = period.to_text;
	if (!figures_page_period(req->input, &summary_period, now, res, &period)) {
		response_set_model(res, summary_model(f, t)); /* the page, showing the period asked for */
		return HAVEN_OK;
	}
	int32_t from = period.from, to = period.to;

	struct learning_counts c;
	json_t *themes = NULL, *met = NULL;
	enum haven_status st = learning_counts(f, t, &c);
	if (st == HAVEN_OK)
		st = learning_top_themes(f, t, TOP_THEMES, &themes);
	if (st == HAVEN_OK)
		st = deadlines(from, to, now, &met);
	if (st != HAVEN_OK) {
		json_decref(themes);
		return st;
	}
	json_t *model = summary_model(f, t);
	json_object_set_new(model, "notifications", json_integer(c.notifications));
	json_object_set_new(model, "rapid_reviews", json_integer(c.rapid_reviews));
	json_object_set_new(model, "csprs",
	                    json_pack("{s:I, s:I, s:I}", "commissioned", (json_int_t)c.csprs_commissioned,
	                              "published", (json_int_t)c.csprs_published, "ongoing",
	                              (json_int_t)c.csprs_ongoing));
	size_t i;
	json_t *theme;
	json_array_foreach(themes, i, theme)
	{
		struct buf cases = BUF_INIT;
		words_count(&cases, json_integer_value(json_object_get(theme, "cases")), "case", "cases");
		json_object_set_new(theme, "cases_text", json_string(buf_cstr(&cases)));
		buf_free(&cases);
	}
	json_object_set_new(model, "themes", themes);
	json_object_set_new(model, "chart", themes_chart(themes));
	json_object_set_new(model, "deadlines", met);
	json_object_set_new(model, "actions",
	                    json_pack("{s:I, s:I}", "complete", (json_int_t)c.actions_complete, "overdue",
	                              (json_int_t)c.actions_overdue));
	if (!req->api) {
		json_object_set_new(model, "has_themes", json_boolean(json_array_size(themes) > 0));
		json_object_set_new(model, "submitted", json_pack("{s:s, s:s}", "from", f, "to", t));
	}
	response_set_model(res, model);
	return HAVEN_OK;
}

/* The figures page's figures to take away: a row each, in the page's words, then the most common themes. */
static const char *const download_columns[] = {"figure", "theme", "count", "out_of"};
#define DOWNLOAD_COLUMNS (sizeof download_columns / sizeof download_columns[0])

/* Appends one figure's row; `out_of` is NULL when the figure is not a share of something. */
static void add_download_row(json_t *table, const char *figure, const char *theme, const json_t *count,
                             const json_t *out_of)
{
	json_array_append_new(table, json_pack("[s, s?, O?, O?]", figure, theme, count, out_of));
}

/* GET /reviews/summary.csv and .xlsx?from=&to= (review.figures): the figures page's figures in `format`. */
static enum haven_status summary_download(struct request *req, struct response *res,
                                          enum download_format format)
{
	enum haven_status st = summary(req, res);
	if (st != HAVEN_OK || res->errors)
		return st;
	const json_t *m = res->model, *csprs = json_object_get(m, "csprs"),
	             *deadlines = json_object_get(m, "deadlines"), *actions = json_object_get(m, "actions");
	const json_t *notified = json_object_get(deadlines, "notification"),
	             *reviewed = json_object_get(deadlines, "rapid_review");
	json_t *table = json_array();
	add_download_row(table, "Notifications to the national panel", NULL,
	                 json_object_get(m, "notifications"), NULL);
	add_download_row(table, "Rapid review meetings held", NULL, json_object_get(m, "rapid_reviews"),
	                 NULL);
	add_download_row(table, "CSPRs commissioned", NULL, json_object_get(csprs, "commissioned"), NULL);
	add_download_row(table, "CSPRs published", NULL, json_object_get(csprs, "published"), NULL);
	add_download_row(table, "CSPRs ongoing at the end of the period", NULL,
	                 json_object_get(csprs, "ongoing"), NULL);
	add_download_row(table, "Notifications within 5 working days", NULL, json_object_get(notified, "met"),
	                 json_object_get(notified, "total"));
	add_download_row(table, "Rapid reviews within 15 working days", NULL,
	                 json_object_get(reviewed, "met"), json_object_get(reviewed, "total"));
	add_download_row(table, "Actions completed", NULL, json_object_get(actions, "complete"), NULL);
	add_download_row(table, "Actions overdue at the end of the period", NULL,
	                 json_object_get(actions, "overdue"), NULL);
	size_t i;
	const json_t *theme;
	json_array_foreach(json_object_get(m, "themes"), i, theme) add_download_row(
	    table, "Most common themes", field_text(theme, "name"), json_object_get(theme, "cases"), NULL);
	char from[CALENDAR_DATE_SIZE], to[CALENDAR_DATE_SIZE];
	snprintf(from, sizeof from, "%s", field_text(m, "from"));
	snprintf(to, sizeof to, "%s", field_text(m, "to"));
	response_set_model(res, NULL);
	const struct download d = {.name = "review-figures",
	                           .from = from,
	                           .to = to,
	                           .sheet = "Review figures",
	                           .columns = download_columns,
	                           .column_count = DOWNLOAD_COLUMNS,
	                           .places = 1};
	st = download_send(res, &d, format, table);
	json_decref(table);
	return st;
}

static enum haven_status summary_csv(struct request *req, struct response *res)
{
	return summary_download(req, res, DOWNLOAD_CSV);
}

static enum haven_status summary_xlsx(struct request *req, struct response *res)
{
	return summary_download(req, res, DOWNLOAD_XLSX);
}

static const struct field_spec briefings_query[] = {PAGE_FIELDS, {0}};

static const struct route routes[] = {
    /* figures first: "/reviews/summary" is not an {id:int}, but reads best beside its API twin */
    {.method = HTTP_GET,
     .pattern = "/reviews/summary.csv",
     .action = "review.figures",
     .handler = summary_csv,
     .query = period_fields},
    {.method = HTTP_GET,
     .pattern = "/reviews/summary.xlsx",
     .action = "review.figures",
     .handler = summary_xlsx,
     .query = period_fields},
    {.method = HTTP_GET,
     .pattern = "/reviews/summary",
     .action = "review.figures",
     .handler = summary,
     .page = "learning/summary",
     .query = period_fields,
     .redisplay = summary_form,
     .api = true},

    {.method = HTTP_GET,
     .pattern = "/reviews/{id:int}/actions",
     .action = "review.read",
     .handler = list_actions,
     .page = "learning/actions",
     .api = true},
    {.method = HTTP_POST,
     .pattern = "/reviews/{id:int}/actions",
     .action = "review.update",
     .handler = add_action,
     .page = "learning/actions",
     .body = add_action_fields,
     .redisplay = list_actions,
     .api = true},
    {.method = HTTP_POST,
     .pattern = "/reviews/{id:int}/actions/{action:int}/update",
     .action = "review.update",
     .handler = update_action,
     .page = "learning/actions",
     .body = update_action_fields,
     .redisplay = list_actions,
     .api = true},
    {.method = HTTP_POST,
     .pattern = "/reviews/{id:int}/actions/{action:int}/sign-off",
     .action = "review.sign_off",
     .handler = sign_off_action,
     .page = "learning/actions",
     .body = sign_off_fields,
     .redisplay = list_actions,
     .api = true},

    {.method = HTTP_GET,
     .pattern = "/api/v1/reviews/{id:int}/briefings",
     .action = "review.read",
     .handler = case_briefings},
    {.method = HTTP_POST,
     .pattern = "/reviews/{id:int}/briefings",
     .action = "review.update",
     .handler = add_briefing,
     .page = "learning/actions",
     .body = briefing_fields,
     .redisplay = list_actions,
     .api = true},
    {.method = HTTP_POST,
     .pattern = "/reviews/{id:int}/briefings/{b:int}/publish",
     .action = "briefing.publish",
     .handler = publish_briefing,
     .page = "learning/actions",
     .api = true},

    {.method = HTTP_GET,
     .pattern = "/briefings",
     .action = "briefing.read",
     .handler = list_briefings,
     .page = "learning/briefings",
     .query = briefings_query,
     .redisplay = list_briefings,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/briefings/{b:int}",
     .action = "briefing.read",
     .handler = show_briefing,
     .page = "learning/briefing",
     .api = true},
    {0},
};

/* Who may take this area's actions (auth/policy.h): deny by default, so an action not here is refused. */
static const struct policy_rule access[] = {
    /* learning published for every practitioner: no child can be identified in it */
    {.action = "briefing.read", .roles = ROLE_ALL},
    {.action = "review.figures", .roles = ROLE_PARTNERSHIP},
    /* a briefing published is read by everyone signed in, so the partnership team, who run the
     * reviews, decide it is ready (and free of anything identifying); the group drafts */
    {.action = "briefing.publish",
     .roles = ROLE_PARTNERSHIP,
     .resource = "review",
     .every_record = ROLE_PARTNERSHIP,
     .audited = true,
     .shown_as = "review.read"},
    {0},
};

/* Its links on the dashboard (app/area.h); `place` orders them within their section. */
static const struct area_link links[] = {
    {.section = "Reviews and learning",
     .action = "review.figures",
     .href = "/reviews/summary",
     .text = "Figures from reviews for a period",
     .place = 170},
    {.section = "Reviews and learning",
     .action = "briefing.read",
     .href = "/briefings",
     .text = "Briefings: learning from reviews",
     .place = 180},
    {0},
};

const struct area area_learning = {
    .name = "learning",
    .figures = learning_published,
    .links = links,
    .access = access,
    .routes = routes,
    /* after the reviews (40), whose demo case its briefing is from */
    .load_demo = learning_load_demo,
    .demo_order = 41,
};
