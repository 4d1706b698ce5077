/*
 * screenings.c (contextual) — exploitation risk screenings of a child or
 * young person (to 25) with the published screening tool (tool.h): the
 * child's screenings over time beside the form for a new one, recording
 * one (the rule's level, the practitioner's judgement, reasons when they
 * differ, the tool version used), and one screening's page. A screening
 * is reviewed within three months: the review date is on the screener's
 * agency's task list from a fortnight before.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/record_answer.h"
#include "app/record_created.h"
#include "app/task_rows.h"
#include "areas/calendar/london.h"
#include "areas/children/merged.h"
#include "areas/contextual/handlers.h"
#include "areas/contextual/store.h"
#include "areas/contextual/tool.h"
#include "auth/policy.h"
#include "auth/session.h"
#include "core/calendar.h"
#include "core/utf8.h"
#include "router/errors.h"
#include "view/status_tag.h"

/* A screening is reviewed this many months after it was made. */
#define REVIEW_MONTHS 3
/* A review shows on the task list from this many days before it is due. */
#define REVIEW_NOTICE_DAYS 14

static const char *const levels[] = {"low", "medium", "high", NULL};
static const struct status_tag level_tags[] = {{"low", "Low", "govuk-tag--grey"},
                                               {"medium", "Medium", "govuk-tag--orange"},
                                               {"high", "High", "govuk-tag--red"},
                                               {0}};

const struct field_spec contextual_screening_fields[] = {
    {.name = "indicators", .label = "the indicators seen", .type = FIELD_TEXT, .multiple = true, .max = 60},
    {.name = "judgement",
     .label = "your judgement of the risk",
     .type = FIELD_CHOICE,
     .required = true,
     .choices = levels},
    {.name = "reasons", .label = "your reasons", .type = FIELD_TEXT, .max = 2000},
    {.name = "screened_on",
     .label = "the date of the screening",
     .type = FIELD_DATE,
     .when = FIELD_DATE_NOT_AFTER_TODAY},
    {0},
};

static int level_rank(const char *level)
{
	return strcmp(level, "high") == 0 ? 3 : strcmp(level, "medium") == 0 ? 2 : 1;
}

static void long_date(json_t *obj, const char *key)
{
	int32_t day;
	if (!calendar_parse(field_text(obj, key), &day))
		return;
	char text[CALENDAR_LONG_DATE_SIZE], name[64];
	calendar_format_long(day, text);
	snprintf(name, sizeof name, "%s_long", key);
	json_object_set_new(obj, name, json_string(text));
}

static void add_labels(json_t *s)
{
	const struct status_tag *t = status_tag_find(level_tags, field_text(s, "judgement"));
	if (t) {
		json_object_set_new(s, "judgement_label", json_string(t->label));
		json_object_set_new(s, "judgement_tag", json_string(t->tag));
	}
	t = status_tag_find(level_tags, field_text(s, "rule_level"));
	if (t)
		json_object_set_new(s, "rule_label", json_string(t->label));
	long_date(s, "screened_on");
	long_date(s, "review_by");
}

/* The tool's domains with their indicators, each {id, text, ticked} (ticked: in `ticked`). */
static json_t *tool_form(const json_t *doc, const json_t *ticked)
{
	json_t *domains = json_array();
	size_t i, j, k;
	json_t *d, *ind, *t;
	json_array_foreach(json_object_get(doc, "domains"), i, d)
	{
		json_t *items = json_array();
		json_array_foreach(json_object_get(doc, "indicators"), j, ind)
		{
			if (!json_equal(json_object_get(ind, "domain"), json_object_get(d, "id")))
				continue;
			bool on = false;
			json_array_foreach(ticked, k, t) on = on || json_equal(t, json_object_get(ind, "id"));
			json_array_append_new(items,
			                      json_pack("{s:O, s:O, s:b}", "id", json_object_get(ind, "id"),
			                                "text", json_object_get(ind, "text"), "ticked", on));
		}
		json_array_append_new(domains,
		                      json_pack("{s:O, s:O, s:o}", "id", json_object_get(d, "id"), "name",
		                                json_object_get(d, "name"), "indicators", items));
	}
	return domains;
}

static long long child_id_of(const struct request *req)
{
	return json_integer_value(json_object_get(req->params, "id"));
}

/* GET /exploitation/children/{id}/screenings: the child's screenings, the change over time, and the form. */
enum haven_status contextual_child_screenings_page(struct request *req, struct response *res)
{
	json_t *child = NULL, *screenings = NULL, *doc = NULL;
	enum haven_status st = contextual_child_screenings(child_id_of(req), &child, &screenings);
	if (st != HAVEN_OK)
		return st;
	size_t i;
	json_t *s;
	const char *before = NULL;
	json_array_foreach(screenings, i, s)
	{
		add_labels(s);
		/* the change over time: each judgement against the one before */
		const char *now = field_text(s, "judgement");
		const char *change = !before                                ? "First screening"
		                     : level_rank(now) > level_rank(before) ? "Risk up"
		                     : level_rank(now) < level_rank(before) ? "Risk down"
		                                                            : "No change";
		json_object_set_new(s, "change", json_string(change));
		before = now;
	}
	long long tool_id = 0;
	st = contextual_tool_get(0, &tool_id, &doc);
	if (st != HAVEN_OK && st != HAVEN_ERR_NOT_FOUND) {
		json_decref(child);
		json_decref(screenings);
		return st;
	}
	char title[300];
	snprintf(title, sizeof title, "Exploitation screenings: %s %s", field_text(child, "given_name"),
	         field_text(child, "family_name"));
	json_t *latest = json_array_size(screenings)
	                     ? json_incref(json_array_get(screenings, json_array_size(screenings) - 1))
	                     : json_null();
	json_t *model = json_pack("{s:s, s:o, s:o, s:o, s:b}", "title", title, "child", child, "screenings",
	                          screenings, "latest", latest, "found", json_array_size(screenings) > 0);
	if (doc) {
		json_object_set_new(model, "tool",
		                    json_pack("{s:O, s:O, s:o}", "version", json_object_get(doc, "version"),
		                              "title", json_object_get(doc, "title"), "domains",
		                              tool_form(doc, json_object_get(req->input, "indicators"))));
		json_decref(doc);
	}
	json_t *referrals = NULL;
	if ((st = contextual_child_nrm(child_id_of(req), &referrals)) != HAVEN_OK) {
		json_decref(model);
		return st;
	}
	json_object_set_new(model, "nrm_referrals", referrals);
	contextual_nrm_choices(model, req->input, NULL);
	json_t *transitions = NULL;
	if ((st = contextual_child_transitions(child_id_of(req), &transitions)) != HAVEN_OK) {
		json_decref(model);
		return st;
	}
	json_object_set_new(model, "transitions", transitions);
	/* the move's form only for whoever the policy lets record it (the local authority, not the police) */
	json_object_set_new(
	    model, "can_record_transition",
	    json_boolean(policy_allows(req->user, "transition.create", "child", child_id_of(req))));
	const char *judgement = field_text(req->input, "judgement");
	json_object_set_new(model, "judgement_is", json_pack("{s:b}", judgement ? judgement : "none", 1));
	response_set_model(res, model);
	return HAVEN_OK;
}

/* The API's answer for a new screening: the screening as recorded, 201. */
static enum haven_status screening_model(long long id, json_t **out)
{
	json_t *s = NULL;
	enum haven_status st = contextual_screening_get(id, &s);
	if (st != HAVEN_OK)
		return st;
	add_labels(s);
	char title[80];
	snprintf(title, sizeof title, "Exploitation screening of %s", field_text(s, "screened_on_long"));
	*out = json_pack("{s:s, s:o}", "title", title, "screening", s);
	return HAVEN_OK;
}

/* POST /exploitation/children/{id}/screenings: one screening with the current tool. */
enum haven_status contextual_create_screening(struct request *req, struct response *res)
{
	/* a record merged away takes nothing new: the screening belongs on the record kept */
	enum haven_status st = children_refuse_merged(field_int(req->params, "id"), "child",
	                                              "screen the child on that one", res);
	if (st != HAVEN_OK || res->errors)
		return st;
	json_t *in = req->input, *doc = NULL, *errors = json_array();
	long long tool_id = 0;
	st = contextual_tool_get(0, &tool_id, &doc);
	if (st == HAVEN_ERR_NOT_FOUND) {
		errors_add(errors, "indicators",
		           "No exploitation screening tool is published yet: the partnership "
		           "publishes one with haven import exploitation-tool");
		res->status = 409;
		response_errors(res, errors);
		return HAVEN_OK;
	}
	if (st != HAVEN_OK) {
		json_decref(errors);
		return st;
	}
	json_t *ticked = json_object_get(in, "indicators");
	json_t *none = json_array();
	if (!ticked)
		ticked = none;
	struct tool_outcome outcome;
	const char *unknown = NULL, *judgement = field_text(in, "judgement"),
	           *reasons = field_text(in, "reasons");
	if (!tool_apply(doc, ticked, &outcome, &unknown)) {
		errors_addf(errors, "indicators",
		            "\"%.*s\" is not an indicator of the screening tool (version %s)",
		            (int)utf8_cut_length(unknown, 60), unknown,
		            json_string_value(json_object_get(doc, "version")));
	} else if (strcmp(judgement, outcome.level) != 0 && !reasons) {
		errors_addf(errors, "reasons",
		            "The tool's rule gives %s risk: give your reasons for judging the risk %s",
		            outcome.level, judgement);
	}
	/* the day given (today or in the past: its field's .when), else today */
	int32_t day;
	const char *on = field_text(in, "screened_on");
	if (!on || !calendar_parse(on, &day))
		day = calendar_london_today();
	if (json_array_size(errors)) {
		json_decref(doc);
		json_decref(none);
		response_errors(res, errors);
		return HAVEN_OK;
	}
	json_decref(errors);
	char screened_on[CALENDAR_DATE_SIZE], review_by[CALENDAR_DATE_SIZE];
	calendar_format(day, screened_on);
	calendar_format(calendar_add_months(day, REVIEW_MONTHS), review_by);
	struct new_screening s = {
	    .child_id = child_id_of(req),
	    .tool_id = tool_id,
	    .indicators = ticked,
	    .score = outcome.score,
	    .rule_level = outcome.level,
	    .judgement = judgement,
	    .reasons = reasons,
	    .screened_on = screened_on,
	    .review_by = review_by,
	};
	struct actor actor = auth_actor(req);
	long long id = 0;
	st = contextual_screening_add(&s, &actor, &id);
	json_decref(doc);
	json_decref(none);
	response_success(res, "The screening was recorded");
	return record_created(res, st, id, screening_model, "/exploitation/screenings");
}

/* GET /exploitation/screenings/{id}: one screening, its version, score, rule and judgement. */
enum haven_status contextual_show_screening(struct request *req, struct response *res)
{
	return record_answer(req, res, screening_model);
}

/* A screening whose review is due (or overdue), on its child's screenings page. */
static const struct task_rows review_tasks = {.kind = "contextual.screening_review",
                                              .text = "Review an exploitation risk screening",
                                              .record_type = "exploitation_screening",
                                              .due = "review_by",
                                              .href = "/exploitation/children/",
                                              .href_id = "child_id",
                                              .href_after = "/screenings"};

enum haven_status contextual_screening_tasks(const struct user *user, json_t *tasks)
{
	if (!(user->roles & (ROLE_PRACTITIONER | ROLE_FRONT_DOOR | ROLE_POLICE | ROLE_DSL)))
		return HAVEN_OK;
	char by[CALENDAR_DATE_SIZE];
	calendar_format(calendar_london_today() + REVIEW_NOTICE_DAYS, by);
	json_t *rows = NULL;
	enum haven_status st = contextual_reviews_due(user->agency_id, by, &rows);
	if (st == HAVEN_OK)
		task_add_rows(tasks, rows, &review_tasks);
	json_decref(rows);
	return st;
}
