/*
 * store.h (plans) — strategies and action plans for the partnership's
 * priorities (issue 20): local operational groups, plans (a priority, a
 * group or the board, a period and aims) and their actions (owner agency,
 * lead, due date, status, evidence, impact). Each change is one unit of
 * work with its audit row; reads give rows, the handlers add the derived
 * RAG status (rag.h) and the words.
 */
#ifndef HAVEN_AREAS_PLANS_STORE_H
#define HAVEN_AREAS_PLANS_STORE_H

#include <jansson.h>
#include <stdbool.h>

#include "auth/actor.h"
#include "auth/records.h"
#include "auth/user.h"
#include "core/status.h"

/* Why a change was refused (HAVEN_ERR_CONFLICT), naming what was wrong. */
enum plan_refusal {
	PLAN_DONE,             /* not refused */
	PLAN_NO_SUCH_PRIORITY, /* no priority has that key */
	PLAN_PRIORITY_RETIRED, /* a new plan for a retired priority */
	PLAN_NO_SUCH_GROUP,    /* no group has that id */
	PLAN_ALREADY,          /* the priority and group already have a plan from that date */
	PLAN_GROUP_NAME_TAKEN, /* a group with that name exists */
	PLAN_NO_SUCH_AGENCY,   /* an action's owner is not an agency */
};

/* A new plan (borrowed strings; group 0: the board's). */
struct new_plan {
	const char *priority; /* a current priority's key */
	long long group_id;
	const char *starts_on, *ends_on, *aims;
};

/* A new action (borrowed strings). */
struct new_plan_action {
	const char *action, *owner, *lead, *due_on; /* owner: the agency's slug */
};

/* An action's progress (borrowed strings; evidence and impact may be NULL). */
struct plan_action_progress {
	const char *status, *evidence, *impact;
};

/* Adds a local operational group (audited "plan.group_add"); its id in *id. */
enum haven_status plans_group_add(const char *name, const struct actor *actor, long long *id,
                                  enum plan_refusal *refusal) HAVEN_MUST_CHECK;

/* The groups by name: [{id, name}]. */
enum haven_status plans_groups(json_t **out) HAVEN_MUST_CHECK;

/* Adds a plan (audited "plan.create"); its id in *id. */
enum haven_status plans_create(const struct new_plan *p, const struct actor *actor, long long *id,
                               enum plan_refusal *refusal) HAVEN_MUST_CHECK;

/* Adds an action to plan `plan_id` (audited "plan.action_add"); its id in *id. NOT_FOUND: no such plan. */
enum haven_status plans_action_add(long long plan_id, const struct new_plan_action *a,
                                   const struct actor *actor, long long *id,
                                   enum plan_refusal *refusal) HAVEN_MUST_CHECK;

/* Records action `id`'s status, evidence and impact (audited "plan.action_update", the status as reason). */
enum haven_status plans_action_update(long long id, const struct plan_action_progress *p,
                                      const struct actor *actor) HAVEN_MUST_CHECK;

/*
 * Every plan, newest period first: [{id, priority_key, priority_name,
 * priority_retired, group_id, group_name (NULL: the board), starts_on,
 * ends_on, aims, actions: [{id, due_on, status, evidence (1 or 0)}]}].
 */
enum haven_status plans_list(json_t **out) HAVEN_MUST_CHECK;

/*
 * The plans for priority `priority_id` (priorities_list's id), newest period
 * first: [{id, group_id, group_name (NULL: the board), starts_on, ends_on}],
 * for the priority's own page.
 */
enum haven_status plans_of_priority(long long priority_id, json_t **out) HAVEN_MUST_CHECK;

/* Plan `id` as a row of plans_list, its actions in full: [{id, action, owner_slug, owner_name, lead, due_on,
 * status, evidence, impact, updated_at}] by due date. */
enum haven_status plans_get(long long id, json_t **out) HAVEN_MUST_CHECK;

/* Action `id`: {id, plan_id, action, owner_slug, owner_name, lead, due_on, status, evidence, impact,
 * updated_at, priority_name, group_name}. */
enum haven_status plans_action_get(long long id, json_t **out) HAVEN_MUST_CHECK;

/*
 * The actions of the plans whose period meets [from, to] (YYYY-MM-DD):
 * [{plan_id, priority_id (the plan's priority: priorities_list's id),
 * due_on, status, evidence (1 or 0), impact (1 when what changed is
 * recorded, else 0)}], for the published figures.
 */
enum haven_status plans_actions_in_period(const char *from, const char *to, json_t **out) HAVEN_MUST_CHECK;

/* What waits for `user`: their agency's open actions (app/area.h's tasks contract). */
enum haven_status plans_tasks(const struct user *user, json_t *tasks) HAVEN_MUST_CHECK;

/* Loads the demo's plans (haven init --demo), after the priorities, agencies and training. */
enum haven_status plans_load_demo(void) HAVEN_MUST_CHECK;

extern const struct record_type plans_records[];

#endif
