/*
 * strategy.c (contextual) — strategy discussions recorded, not only
 * prompted: when the repeat-missing rule flags a child, the episode's page
 * prompts a strategy discussion and offers the form to record it (when it
 * was held, the agencies present, what was decided and the next steps).
 * A discussion held on or after the episode's report clears its prompt; each
 * is in the child's chronology. The prompt also reaches the child's local
 * authority as a task (contextual.strategy_discussion) in its people's work
 * list, from the episode that meets the rule until a discussion is recorded.
 */
#include <stdio.h>
#include <stdlib.h>

#include "app/record_created.h"
#include "app/row_with_id.h"
#include "app/task.h"
#include "areas/calendar/london.h"
#include "areas/contextual/episode.h"
#include "areas/contextual/handlers.h"
#include "areas/contextual/store.h"
#include "auth/policy.h"
#include "auth/session.h"
#include "core/alloc.h"
#include "core/calendar.h"
#include "router/errors.h"

const struct field_spec contextual_strategy_fields[] = {
    {.name = "held_on",
     .label = "the date of the discussion",
     .type = FIELD_DATE,
     .required = true,
     .when = FIELD_DATE_NOT_AFTER_TODAY},
    {.name = "agencies",
     .label = "the agencies present",
     .type = FIELD_INT,
     .required = true,
     .multiple = true,
     .min = 1,
     .max = CONTEXTUAL_MAX_ID},
    {.name = "decision", .label = "the decision", .type = FIELD_TEXT, .required = true, .max = 2000},
    {.name = "next_steps", .label = "the next steps", .type = FIELD_TEXT, .required = true, .max = 2000},
    {0},
};

/* Whether `id` is among `ids` (a JSON array of integers; NULL: none). */
static bool among(const json_t *ids, long long id)
{
	size_t i;
	const json_t *v;
	json_array_foreach(ids, i, v) if (json_integer_value(v) == id) return true;
	return false;
}

enum haven_status contextual_strategy_model(const struct request *req, json_t *model)
{
	json_t *done = NULL;
	enum haven_status st = contextual_strategy_for_episode(field_int(req->params, "id"), &done);
	if (st != HAVEN_OK)
		return st;
	bool repeat = json_is_true(json_object_get(json_object_get(model, "episode"), "repeat"));
	bool due = repeat && json_array_size(done) == 0;
	bool may = due && policy_allows(req->user, "missing.strategy", "missing_episode",
	                                field_int(req->params, "id"));
	json_object_set_new(model, "strategy_recorded", json_boolean(json_array_size(done) > 0));
	json_object_set_new(model, "strategy_discussions", done);
	json_object_set_new(model, "strategy_due", json_boolean(due));
	json_object_set_new(model, "can_record_strategy", json_boolean(may));
	if (!may)
		return HAVEN_OK;
	json_t *agencies = NULL;
	if ((st = contextual_mace_agencies(&agencies)) != HAVEN_OK)
		return st;
	/* a form shown again after the handler's refusal keeps the agencies ticked */
	size_t i;
	json_t *a;
	json_array_foreach(agencies, i, a)
	{
		json_object_set_new(
		    a, "present",
		    json_boolean(among(json_object_get(req->input, "agencies"), field_int(a, "id"))));
		/* the first box carries the field's id, where the error summary's link leads */
		char box[48];
		snprintf(box, sizeof box, i == 0 ? "agencies" : "agencies-%lld", field_int(a, "id"));
		json_object_set_new(a, "box_id", json_string(box));
	}
	json_object_set_new(model, "strategy_agencies", agencies);
	return HAVEN_OK;
}

/* POST /missing-episodes/{id}/strategy-discussion: the strategy discussion the repeat-missing rule prompted.
 */
enum haven_status contextual_post_strategy(struct request *req, struct response *res)
{
	json_t *episode = NULL, *agencies = NULL, *errors = json_array();
	enum haven_status st = contextual_episode_get(field_int(req->params, "id"), &episode);
	if (st != HAVEN_OK)
		goto out;
	if ((st = contextual_mace_agencies(&agencies)) != HAVEN_OK)
		goto out;
	const json_t *in = req->input;
	size_t i;
	const json_t *id;
	json_array_foreach(json_object_get(in, "agencies"), i, id)
	{
		if (!row_with_id(agencies, json_integer_value(id))) {
			errors_add(errors, "agencies", "Choose the agencies present from the list");
			break;
		}
	}
	const char *held_on = field_text(in, "held_on");
	episode_check_day_since_report(held_on, field_text(episode, "reported_at"), "held_on",
	                               "The date of the discussion", errors);
	if (json_array_size(errors)) {
		response_errors(res, errors);
		errors = NULL;
		goto out;
	}
	struct strategy_discussion d = {held_on, field_text(in, "decision"), field_text(in, "next_steps"),
	                                json_object_get(in, "agencies")};
	struct actor actor = auth_actor(req);
	long long discussion = 0;
	st = contextual_strategy_add(field_int(req->params, "id"), &d, &actor, &discussion);
	st = record_changed(res, st, "The strategy discussion was recorded", contextual_show_episode,
	                    "/missing-episodes", field_int(req->params, "id"));
out:
	json_decref(errors);
	json_decref(episode);
	json_decref(agencies);
	return st;
}

/*
 * Adds the task for one child's episodes rows[from, to) (in report order):
 * when the last is the area's, meets the rule and no discussion was held
 * since its report. No due time: the partnership sets none for a strategy
 * discussion (the rule only says one is called).
 */
static void child_task(const json_t *rows, size_t from, size_t to, int episodes, int days, json_t *tasks)
{
	const json_t *last = json_array_get(rows, to - 1);
	if (!json_is_true(json_object_get(last, "ours")) && field_int(last, "ours") == 0)
		return;
	if (json_is_true(json_object_get(last, "answered")) || field_int(last, "answered") != 0)
		return;
	int64_t *reported = xcalloc(to - from, sizeof *reported), at = 0;
	for (size_t i = from; i < to; i++)
		if (!calendar_parse_instant(field_text(json_array_get(rows, i), "reported_at"),
		                            &reported[i - from]))
			reported[i - from] = 0;
	bool repeat = calendar_parse_instant(field_text(last, "reported_at"), &at) &&
	              episode_is_repeat(reported, to - from, at, episodes, days);
	free(reported);
	if (!repeat)
		return;
	long long id = field_int(last, "id");
	task_add(tasks,
	         &(struct task){"contextual.strategy_discussion",
	                        "Repeat missing: hold a strategy discussion and record it", NULL,
	                        "missing_episode", id},
	         "/missing-episodes/%lld#strategy-discussion", id);
}

enum haven_status contextual_strategy_tasks(const struct user *user, json_t *tasks)
{
	int episodes = 3, days = 30;
	enum haven_status st = contextual_repeat_rule(&episodes, &days);
	json_t *rows = NULL;
	if (st == HAVEN_OK)
		st = contextual_strategy_candidates(user->agency_id, &rows);
	if (st != HAVEN_OK)
		return st;
	size_t n = json_array_size(rows), from = 0;
	for (size_t i = 1; i <= n; i++) {
		if (i < n && field_int(json_array_get(rows, i), "child_id") ==
		                 field_int(json_array_get(rows, from), "child_id"))
			continue;
		child_task(rows, from, i, episodes, days, tasks);
		from = i;
	}
	json_decref(rows);
	return HAVEN_OK;
}
