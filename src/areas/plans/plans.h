/*
 * plans.h (plans) — what other areas may call: the action plans' progress
 * for a period, in the shape every area publishes (app/figures.h), for the
 * annual report's "action plans' progress" (the scrutineer's dashboard gets
 * it through the area's `.figures` hook); and adding an action to a plan
 * inside another area's unit of work (a meeting's action, areas/meetings),
 * so it is on the owner agency's task list and in the RAG counts as any
 * other action is, from the same form fields as a plan's; and an action's
 * statuses in words and its RAG status as shown, which a meeting's action
 * shows as a plan's does.
 */
#ifndef HAVEN_AREAS_PLANS_PLANS_H
#define HAVEN_AREAS_PLANS_PLANS_H

#include <jansson.h>

#include "areas/plans/rag.h"
#include "areas/plans/store.h"
#include "core/status.h"
#include "router/fields.h"
#include "store/store.h"
#include "view/status_tag.h"

/*
 * An action's statuses (not_started, in_progress, done) and their words, no
 * tag colour (an action is shown by its RAG status, rag.h): the choices of
 * the progress form's status field and its radios, and the words a plan's
 * and a meeting's actions show.
 */
extern const struct status_tag plans_action_statuses[];

/*
 * The field specs of a new action (struct new_plan_action): what it is, the
 * agency that owns it, its lead and its due date; a plan's form and a
 * meeting's (which adds the plan and the decision it follows) alike.
 *     const struct field_spec x_fields[] = {PLANS_ACTION_FIELDS, {0}};
 */
#define PLANS_ACTION_FIELDS                                                                                  \
	{.name = "action", .label = "the action", .type = FIELD_TEXT, .required = true, .max = 2000},        \
	    {.name = "owner",                                                                                \
	     .label = "the agency that owns it",                                                             \
	     .type = FIELD_SLUG,                                                                             \
	     .required = true,                                                                               \
	     .in_select = true,                                                                              \
	     .max = 100},                                                                                    \
	    {.name = "lead", .label = "the lead", .type = FIELD_TEXT, .required = true, .max = 200},         \
	{                                                                                                    \
		.name = "due_on", .label = "the due date", .type = FIELD_DATE, .required = true              \
	}

/*
 * Sets `record`'s "rag" (rag_key), "rag_label" and "rag_tag" (the words and
 * the GOV.UK tag colour) for `rag`; RAG_NONE reads "No actions yet" (a plan
 * with none).
 */
void plans_rag_set(json_t *record, enum rag rag);

/*
 * An action's RAG status today (rag_of_action), read from its record's
 * due_on, status and evidence (the text, or 1 or 0 as a list row gives it),
 * and set on it by plans_rag_set; returned, for its plan's (the worst).
 */
enum rag plans_action_rag_set(json_t *action, int32_t today);

/*
 * An action as a plan's pages and a meeting's show it on `today`: its RAG
 * status (plans_action_rag_set), its status in words under `label_field`
 * ("status_label"; a meeting's action "progress_label", as its meeting has
 * a status of its own) and its due date in words ("due_words"). Returns its
 * RAG status, for its plan's (the worst).
 */
enum rag plans_action_describe(json_t *action, int32_t today, const char *label_field);

/*
 * The action plans' progress for the period [from, to], as the scrutineer's
 * dashboard and the annual report publish it (app/area.h `.figures`): plans
 * in the period, and their actions by RAG status as they stand at the
 * period's end (or today, while it has not ended). The report calls this
 * too, through the figures hook.
 */
enum haven_status plans_published(const char *from, const char *to, json_t *sections) HAVEN_MUST_CHECK;

/*
 * Adds action `a` to plan `plan_id` inside the caller's unit of work `tx`
 * (a db_write unit), with its audit row ("plan.action_add"); its id in *id.
 * HAVEN_ERR_NOT_FOUND: no such plan; HAVEN_ERR_CONFLICT with *refusal
 * PLAN_NO_SUCH_AGENCY: the owner is no agency. The caller's unit then fails,
 * so nothing it wrote stays either.
 */
enum haven_status plans_action_insert(struct store_tx *tx, long long plan_id, const struct new_plan_action *a,
                                      const struct actor *actor, long long *id,
                                      enum plan_refusal *refusal) HAVEN_MUST_CHECK;

#endif
