/*
 * handlers.c (plans) — strategies and action plans' pages and API (issue
 * 20): every plan with its derived RAG status, adding a plan or a local
 * operational group, one plan with its actions, adding an action, and one
 * action with the form its owning agency uses to record progress, evidence
 * and impact. The RAG status is worked out here from the stored dates and
 * evidence with the one rule (rag.h) and given in the API as `rag`, so a
 * client never redoes it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "areas/calendar/london.h"
#include "areas/partnership/store.h"
#include "areas/plans/handlers.h"
#include "areas/plans/plans.h"
#include "areas/plans/rag.h"
#include "areas/plans/store.h"
#include "areas/priorities/store.h"
#include "app/date_words.h"
#include "app/figures.h"
#include "app/record_created.h"
#include "app/store_refusal.h"
#include "auth/policy.h"
#include "auth/session.h"
#include "core/alloc.h"
#include "core/calendar.h"
#include "router/fields.h"
#include "view/chosen_option.h"
#include "view/status_tag.h"

/* What each of the store's refusals means to the person who sent the form. */
static const struct refusal_words refusals[] = {
    {PLAN_NO_SUCH_PRIORITY, "priority", "Choose one of the partnership's priorities", false},
    {PLAN_PRIORITY_RETIRED, "priority", "That priority is retired: choose a current one", false},
    {PLAN_NO_SUCH_GROUP, "group", "Choose one of the local operational groups, or the board", false},
    {PLAN_ALREADY, "starts_on", "This priority and group already have a plan from that date", true},
    {PLAN_GROUP_NAME_TAKEN, "name", "There is already a group with this name", true},
    {PLAN_NO_SUCH_AGENCY, "owner", "Choose the agency that owns the action", false},
    {0, NULL, NULL, false},
};

/* A plan's actions' statuses, the plan's as the worst of them, and counts by colour. */
static void show_plan(json_t *plan, int32_t today)
{
	enum rag worst = RAG_NONE;
	long long counts[4] = {0};
	size_t i;
	json_t *a;
	json_array_foreach(json_object_get(plan, "actions"), i, a)
	{
		enum rag rag = plans_action_describe(a, today, "status_label");
		counts[rag]++;
		worst = rag_worse(worst, rag);
	}
	plans_rag_set(plan, worst);
	json_object_set_new(plan, "has_actions",
	                    json_boolean(json_array_size(json_object_get(plan, "actions")) > 0));
	json_object_set_new(plan, "counts",
	                    json_pack("{s:I, s:I, s:I}", "green", (json_int_t)counts[RAG_GREEN], "amber",
	                              (json_int_t)counts[RAG_AMBER], "red", (json_int_t)counts[RAG_RED]));
	json_object_set_new(plan, "priority_retired",
	                    json_boolean(json_integer_value(json_object_get(plan, "priority_retired"))));
	date_words_set(plan, "starts_on", "starts_words");
	date_words_set(plan, "ends_on", "ends_words");
}

/* ---- every plan, and the groups ---- */

enum haven_status plans_index(struct request *req, struct response *res)
{
	json_t *plans = NULL, *groups = NULL;
	enum haven_status st = plans_list(&plans);
	if (st == HAVEN_OK)
		st = plans_groups(&groups);
	if (st != HAVEN_OK) {
		json_decref(plans);
		return st;
	}
	int32_t today = calendar_london_today();
	size_t i;
	json_t *p;
	json_array_foreach(plans, i, p) show_plan(p, today);
	response_set_model(res, json_pack("{s:s, s:o, s:o, s:b, s:b}", "title", "Strategies and action plans",
	                                  "plans", plans, "groups", groups, "can_manage",
	                                  policy_allows(req->user, "plan.manage", NULL, 0), "found",
	                                  json_array_size(plans) > 0));
	return HAVEN_OK;
}

/* Plan `id` as its page and the API show it: with its RAG status today. */
static enum haven_status plan_shown(long long id, json_t **plan)
{
	enum haven_status st = plans_get(id, plan);
	if (st == HAVEN_OK)
		show_plan(*plan, calendar_london_today());
	return st;
}

enum haven_status plans_add_group(struct request *req, struct response *res)
{
	struct actor actor = auth_actor(req);
	long long id = 0;
	enum plan_refusal refusal = PLAN_DONE;
	enum haven_status st = plans_group_add(field_text(req->input, "name"), &actor, &id, &refusal);
	if (store_refused(res, st, refusal, refusals))
		return HAVEN_OK;
	if (st == HAVEN_OK) {
		response_success(res, "The group was added");
		response_done(res, plans_index, "/plans");
	}
	return st;
}

/* ---- a new plan ---- */

enum haven_status plans_new_form(struct request *req, struct response *res)
{
	json_t *priorities = NULL, *groups = NULL;
	enum haven_status st = priorities_list(false, &priorities); /* a new plan: current priorities only */
	if (st == HAVEN_OK)
		st = plans_groups(&groups);
	if (st != HAVEN_OK) {
		json_decref(priorities);
		return st;
	}
	chosen_option_mark(priorities, "key", json_object_get(req->input, "priority"));
	chosen_option_mark(groups, "id", json_object_get(req->input, "group"));
	response_set_model(res, json_pack("{s:s, s:o, s:o}", "title", "Add a strategy and action plan",
	                                  "priorities", priorities, "groups", groups));
	return HAVEN_OK;
}

enum haven_status plans_add(struct request *req, struct response *res)
{
	struct new_plan p = {.priority = field_text(req->input, "priority"),
	                     .group_id = field_int(req->input, "group"),
	                     .starts_on = field_text(req->input, "starts_on"),
	                     .ends_on = field_text(req->input, "ends_on"),
	                     .aims = field_text(req->input, "aims")};
	if (p.starts_on && p.ends_on && strcmp(p.starts_on, p.ends_on) > 0)
		response_error(res, "ends_on", "The end of the plan's period must be on or after its start");
	if (res->errors)
		return HAVEN_OK;
	struct actor actor = auth_actor(req);
	long long id = 0;
	enum plan_refusal refusal = PLAN_DONE;
	enum haven_status st = plans_create(&p, &actor, &id, &refusal);
	return record_added(res, st, refusal, refusals, "The plan was added", id, plan_shown, "/plans");
}

/* ---- one plan and its actions ---- */

enum haven_status plans_show(struct request *req, struct response *res)
{
	json_t *plan = NULL;
	enum haven_status st = plan_shown(field_int(req->params, "id"), &plan);
	if (st != HAVEN_OK)
		return st;
	bool can_manage = policy_allows(req->user, "plan.manage", NULL, 0);
	json_t *model =
	    json_pack("{s:s, s:o, s:b}", "title", "Action plan", "plan", plan, "can_manage", can_manage);
	if (can_manage) {
		json_t *agencies = NULL;
		if ((st = partnership_list_agencies(NULL, NULL, &agencies)) != HAVEN_OK) {
			json_decref(model);
			return st;
		}
		chosen_option_mark(agencies, "slug", json_object_get(req->input, "owner"));
		json_object_set_new(model, "agencies", agencies);
	}
	response_set_model(res, model);
	return HAVEN_OK;
}

enum haven_status plans_add_action(struct request *req, struct response *res)
{
	long long plan_id = field_int(req->params, "id");
	struct new_plan_action a = {.action = field_text(req->input, "action"),
	                            .owner = field_text(req->input, "owner"),
	                            .lead = field_text(req->input, "lead"),
	                            .due_on = field_text(req->input, "due_on")};
	struct actor actor = auth_actor(req);
	long long id = 0;
	enum plan_refusal refusal = PLAN_DONE;
	enum haven_status st = plans_action_add(plan_id, &a, &actor, &id, &refusal);
	if (store_refused(res, st, refusal, refusals))
		return HAVEN_OK;
	return record_changed(res, st, "The action was added", plans_show, "/plans", plan_id);
}

/* ---- one action, and its progress ---- */

enum haven_status plans_action_show(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id");
	json_t *action = NULL;
	enum haven_status st = plans_action_get(id, &action);
	if (st != HAVEN_OK)
		return st;
	plans_action_describe(action, calendar_london_today(), "status_label");
	const char *status = field_text(req->input, "status");
	if (!status)
		status = field_text(action, "status");
	json_t *choices = status_tag_choices("status", plans_action_statuses, status);
	/* after errors the server adds what was typed ("submitted") */
	response_set_model(res, json_pack("{s:s, s:o, s:o, s:b}", "title", "Action", "action", action,
	                                  "statuses", choices, "can_update",
	                                  policy_allows(req->user, "plan.action_update", "plan_action", id)));
	return HAVEN_OK;
}

enum haven_status plans_action_progress(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id");
	struct plan_action_progress p = {.status = field_text(req->input, "status"),
	                                 .evidence = field_text(req->input, "evidence"),
	                                 .impact = field_text(req->input, "impact")};
	struct actor actor = auth_actor(req);
	enum haven_status st = plans_action_update(id, &p, &actor);
	return record_changed(res, st, "The action's progress was saved", plans_action_show, "/plan-actions",
	                      id);
}

/* ---- published figures ---- */

/* The columns of "Progress on our priorities"' tables, in the order of the counts below. */
enum {
	PROGRESS_DONE,
	PROGRESS_ON_TRACK,
	PROGRESS_OVERDUE,
	PROGRESS_RED,
	PROGRESS_AMBER,
	PROGRESS_GREEN,
	PROGRESS_IMPACT,
	PROGRESS_COUNTS
};

/*
 * The section "Progress on our priorities" (Working Together: a yearly
 * report says what progress was made on each priority): for each priority
 * (the current ones, and a retired one whose plans had actions in the
 * period), its plans' `actions` (plans_actions_in_period) done, on track and
 * overdue on `day` (the period's last day, or today while it runs), by
 * RAG status, and those done with their impact recorded. Actions are the
 * partnership's own activities: shown as they are. The priorities' names
 * are the priorities area's (priorities_list).
 */
static enum haven_status priorities_progress(const json_t *actions, int32_t day, json_t *sections)
{
	json_t *priorities = NULL;
	enum haven_status st = priorities_list(true, &priorities);
	if (st != HAVEN_OK)
		return st;
	size_t n = json_array_size(priorities), i, p;
	long long(*counts)[PROGRESS_COUNTS] = xcalloc(n ? n : 1, sizeof *counts);
	bool *met = xcalloc(n ? n : 1, sizeof *met);
	const json_t *a, *priority;
	json_array_foreach(actions, i, a)
	{
		json_array_foreach(priorities, p, priority)
		{
			if (field_int(priority, "id") != field_int(a, "priority_id"))
				continue;
			int32_t due;
			const char *status = field_text(a, "status");
			bool done = status && strcmp(status, "done") == 0;
			met[p] = true;
			if (!calendar_parse(field_text(a, "due_on"), &due))
				break;
			counts[p][done ? PROGRESS_DONE : due < day ? PROGRESS_OVERDUE : PROGRESS_ON_TRACK]++;
			enum rag rag =
			    rag_of_action(due, day, done, json_integer_value(json_object_get(a, "evidence")));
			counts[p][rag == RAG_RED     ? PROGRESS_RED
			          : rag == RAG_AMBER ? PROGRESS_AMBER
			                             : PROGRESS_GREEN]++;
			counts[p][PROGRESS_IMPACT] += done && field_int(a, "impact");
			break;
		}
	}
	json_t *s = figures_section(sections, "Progress on our priorities", "/priorities", "priority.read");
	static const char *const progress[] = {"Done", "On track", "Overdue", NULL};
	static const char *const rags[] = {"Red", "Amber", "Green", NULL};
	static const char *const impact[] = {"Done with their impact recorded", NULL};
	json_t *by_progress = figures_table(s, "Actions in the priorities' plans, by progress", "Priority",
	                                    progress, SUPPRESS_ACTIVITIES, true, true);
	figures_table_total_label(by_progress, "Actions in our plans for our priorities");
	json_t *by_rag = figures_table(s, "Actions in the priorities' plans, by RAG status", "Priority", rags,
	                               SUPPRESS_ACTIVITIES, true, true);
	json_t *with_impact = figures_table(s, "Actions done with their impact recorded, by priority",
	                                    "Priority", impact, SUPPRESS_ACTIVITIES, false, true);
	figures_table_measure(
	    with_impact, "Actions in the priority's plans for the period that are done and whose owner has "
	                 "written down what changed for children and families.");
	json_array_foreach(priorities, p, priority)
	{
		if (json_is_true(json_object_get(priority, "retired")) && !met[p])
			continue;
		const char *name = field_text(priority, "name");
		figures_table_row(by_progress, name, &counts[p][PROGRESS_DONE]);
		figures_table_row(by_rag, name, &counts[p][PROGRESS_RED]);
		figures_table_row(with_impact, name, &counts[p][PROGRESS_IMPACT]);
	}
	free(met);
	free(counts);
	json_decref(priorities);
	return HAVEN_OK;
}

enum haven_status plans_published(const char *from, const char *to, json_t *sections)
{
	char as_of[CALENDAR_DATE_SIZE];
	int32_t day;
	figures_as_of(to, calendar_london_today(), as_of);
	if (!calendar_parse(as_of, &day))
		return HAVEN_ERR_INVALID;
	json_t *actions = NULL;
	enum haven_status st = plans_actions_in_period(from, to, &actions);
	if (st != HAVEN_OK)
		return st;
	long long counts[4] = {0}, done = 0, done_with_impact = 0;
	json_t *plans = json_object(); /* the plans met, by id */
	size_t i;
	json_t *a;
	json_array_foreach(actions, i, a)
	{
		int32_t due;
		const char *status = field_text(a, "status");
		bool is_done = status && strcmp(status, "done") == 0;
		if (calendar_parse(field_text(a, "due_on"), &due))
			counts[rag_of_action(due, day, is_done,
			                     json_integer_value(json_object_get(a, "evidence")))]++;
		done += is_done;
		done_with_impact += is_done && field_int(a, "impact");
		char id[24];
		snprintf(id, sizeof id, "%lld", field_int(a, "plan_id"));
		json_object_set_new(plans, id, json_true());
	}
	json_t *s = figures_section(sections, "Action plans", "/plans", "plan.read");
	figures_add(s, "Action plans with actions in the period", (long long)json_object_size(plans),
	            SUPPRESS_ACTIVITIES);
	figures_add(s, "Actions red at the end of the period", counts[RAG_RED], SUPPRESS_ACTIVITIES);
	figures_add(s, "Actions amber at the end of the period", counts[RAG_AMBER], SUPPRESS_ACTIVITIES);
	figures_add(s, "Actions green at the end of the period", counts[RAG_GREEN], SUPPRESS_ACTIVITIES);
	figures_add(s, "Actions done", done, SUPPRESS_ACTIVITIES);
	figures_add_measure(s, "Actions done with their impact recorded", done_with_impact,
	                    SUPPRESS_ACTIVITIES,
	                    "Actions in the plans for the period that are done and whose owner has written "
	                    "down what changed for children and families.");
	json_decref(plans);
	st = priorities_progress(actions, day, sections);
	json_decref(actions);
	return st;
}
