/*
 * area.c (work) — "Your work": one list of everything waiting for a person
 * or their agency across Haven (Encompass notifications to acknowledge or
 * answer, requests for support to decide, children to match, IDVA
 * referrals to contact, review contributions, actions, notifications,
 * rapid reviews and milestones due, bookings to approve, registers to
 * complete), soonest
 * deadline first, overdue ones said in words. The page is /work and its API
 * twin GET /api/v1/tasks. Each area says what waits in it through its
 * `tasks` (app/area.h); this area only gathers, orders and words them.
 *
 * A task names no child: the list is a work list, not a case record, so it
 * is not an audited read of a child's data; the page each task links to
 * shows the child to whoever may see it (and audits that).
 *
 * Every clock alerts (jobs.c): each person chooses on /account/alerts (API
 * twin /api/v1/alerts), per kind of work, an email at once or one daily
 * digest; Operation Encompass is always at once.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/area.h"
#include "areas/work/alerts.h"
#include "areas/work/jobs.h"
#include "areas/work/rules.h"
#include "areas/work/work.h"
#include "auth/policy.h"
#include "auth/session.h"

/* GET /work, GET /api/v1/tasks. */
static enum haven_status show_tasks(struct request *req, struct response *res)
{
	json_t *tasks = NULL;
	enum haven_status st = work_tasks_of(req->user, (int64_t)time(NULL), &tasks);
	if (st != HAVEN_OK)
		return st;
	long long total, overdue;
	work_count(tasks, &total, &overdue);
	response_set_model(res,
	                   json_pack("{s:s, s:o, s:I, s:I, s:b, s:b}", "title", "Your work", "tasks", tasks,
	                             "count", (json_int_t)total, "overdue_count", (json_int_t)overdue,
	                             "any_overdue", overdue > 0, "found", total > 0));
	return HAVEN_OK;
}

/* ---- the choice of alerts ---- */

static const char *const deliveries[] = {"immediate", "digest", NULL};

/* One optional choice per alerting kind, named as its kind with "_" for "." ("support_decide"): one for each
 * of rules.c's work_alert_kinds (alerts.test.mjs sends every kind the page lists). */
static const struct field_spec alert_fields[] = {
    {.name = "support_decide",
     .label = "how you hear of requests for support",
     .type = FIELD_CHOICE,
     .choices = deliveries},
    {.name = "provide_contact",
     .label = "how you hear of referrals not yet contacted",
     .type = FIELD_CHOICE,
     .choices = deliveries},
    {.name = "review_contribute",
     .label = "how you hear of your agency's information for a review",
     .type = FIELD_CHOICE,
     .choices = deliveries},
    {.name = "review_action",
     .label = "how you hear of review actions",
     .type = FIELD_CHOICE,
     .choices = deliveries},
    {.name = "review_notify",
     .label = "how you hear of serious incident notifications",
     .type = FIELD_CHOICE,
     .choices = deliveries},
    {.name = "review_rapid",
     .label = "how you hear of rapid reviews",
     .type = FIELD_CHOICE,
     .choices = deliveries},
    {.name = "review_milestone",
     .label = "how you hear of a local review's milestones",
     .type = FIELD_CHOICE,
     .choices = deliveries},
    {.name = "contextual_placed_child_missing",
     .label = "how you hear of children your authority placed who are missing",
     .type = FIELD_CHOICE,
     .choices = deliveries},
    {.name = "contextual_strategy_discussion",
     .label = "how you hear of strategy discussions a repeat calls for",
     .type = FIELD_CHOICE,
     .choices = deliveries},
    {.name = "challenge_respond",
     .label = "how you hear of challenges to your agency",
     .type = FIELD_CHOICE,
     .choices = deliveries},
    {.name = "challenge_decide",
     .label = "how you hear of responses to challenges",
     .type = FIELD_CHOICE,
     .choices = deliveries},
    {.name = "challenge_place",
     .label = "how you hear of escalated challenges to place on a board agenda",
     .type = FIELD_CHOICE,
     .choices = deliveries},
    {.name = "qa_question",
     .label = "how you hear of the partnership's questions about a self-assessment",
     .type = FIELD_CHOICE,
     .choices = deliveries},
    {.name = "qa_case_audit_findings",
     .label = "how you hear of findings asked for in a case audit",
     .type = FIELD_CHOICE,
     .choices = deliveries},
    {.name = "qa_case_audit_grade",
     .label = "how you hear of cases to grade in a case audit",
     .type = FIELD_CHOICE,
     .choices = deliveries},
    {.name = "qa_moderate",
     .label = "how you hear of self-assessments to moderate",
     .type = FIELD_CHOICE,
     .choices = deliveries},
    {.name = "qa_case_audit_action",
     .label = "how you hear of case audit actions",
     .type = FIELD_CHOICE,
     .choices = deliveries},
    {.name = "qa_action",
     .label = "how you hear of self-assessment actions",
     .type = FIELD_CHOICE,
     .choices = deliveries},
    {.name = "plan_action_update",
     .label = "how you hear of action-plan actions",
     .type = FIELD_CHOICE,
     .choices = deliveries},
    {.name = "training_approver",
     .label = "how you hear of training requests whose approver can no longer decide them",
     .type = FIELD_CHOICE,
     .choices = deliveries},
    {0},
};

static void field_name_of(const char *kind, char out[static 64])
{
	snprintf(out, 64, "%s", kind);
	for (char *c = out; *c; c++)
		if (*c == '.')
			*c = '_';
}

/* GET /account/alerts, GET /api/v1/alerts. */
static enum haven_status show_alerts(struct request *req, struct response *res)
{
	json_t *choices = NULL;
	enum haven_status st = work_alert_choices_get(req->user->id, &choices);
	if (st != HAVEN_OK)
		return st;
	json_t *kinds = json_array();
	for (const struct work_alert_kind *k = work_alert_kinds; k->kind; k++) {
		const char *delivery = json_string_value(json_object_get(choices, k->kind));
		bool digest = delivery && strcmp(delivery, "digest") == 0;
		char field[64];
		field_name_of(k->kind, field);
		json_array_append_new(kinds, json_pack("{s:s, s:s, s:s, s:s, s:b, s:b}", "kind", k->kind,
		                                       "field", field, "label", k->label, "delivery",
		                                       digest ? "digest" : "immediate", "immediate", !digest,
		                                       "digest", digest));
	}
	json_decref(choices);
	response_set_model(res, json_pack("{s:s, s:o, s:s}", "title", "How you hear about your work", "kinds",
	                                  kinds, "always_immediate", "Operation Encompass notifications"));
	return HAVEN_OK;
}

/* POST /account/alerts, POST /api/v1/alerts: the choices given (the others stay as they are). */
static enum haven_status save_alerts(struct request *req, struct response *res)
{
	json_t *choices = json_object();
	for (const struct work_alert_kind *k = work_alert_kinds; k->kind; k++) {
		char field[64];
		field_name_of(k->kind, field);
		const char *delivery = field_text(req->input, field);
		if (delivery)
			json_object_set_new(choices, k->kind, json_string(delivery));
	}
	struct actor actor = auth_actor(req);
	enum haven_status st = work_alert_choices_set(&actor, choices);
	json_decref(choices);
	if (st != HAVEN_OK)
		return st;
	response_success(res, "Your choice of alerts was saved");
	response_done(res, show_alerts, "/account/alerts");
	return HAVEN_OK;
}

static const struct route routes[] = {
    {.method = HTTP_GET,
     .pattern = "/work",
     .action = ACTION_SIGNED_IN,
     .handler = show_tasks,
     .page = "work/tasks",
     .api_pattern = "/api/v1/tasks"},
    {.method = HTTP_GET,
     .pattern = "/account/alerts",
     .action = ACTION_SIGNED_IN,
     .handler = show_alerts,
     .page = "work/alerts",
     .api_pattern = "/api/v1/alerts"},
    {.method = HTTP_POST,
     .pattern = "/account/alerts",
     .action = ACTION_SIGNED_IN,
     .handler = save_alerts,
     .page = "work/alerts",
     .body = alert_fields,
     .redisplay = show_alerts,
     .api_pattern = "/api/v1/alerts"},
    {0},
};

/* Its links on the dashboard (app/area.h). */
static const struct area_link links[] = {
    {.section = "The partnership",
     .action = ACTION_SIGNED_IN,
     .href = "/account/alerts",
     .text = "Choose how you hear about your work",
     .place = 270},
    {0},
};

const struct area area_work = {
    .name = "work",
    .routes = routes,
    .links = links,
    .job = &work_alerts_job,
};
