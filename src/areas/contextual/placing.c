/*
 * placing.c (contextual) — a child missing from care placed by another
 * authority: that authority must be told (DfE guidance on children who run
 * away or go missing from home or care). The episode records when it was
 * told and who told it, once; until then the episode's page says "Tell the
 * placing authority" and the list and the figures flag it. A placing
 * authority of the partnership (placing_la_code) also finds a task in its
 * people's work list, linking to the episode it may see, until the telling
 * is recorded; once recorded, the telling is in the child's chronology
 * (chronology_sqlite.c). The routes are area.c's; the episode itself is
 * missing.c's.
 */
#include "app/task_rows.h"
#include "areas/contextual/episode.h"
#include "areas/contextual/handlers.h"
#include "areas/contextual/missing.h"
#include "areas/contextual/store.h"
#include "auth/session.h"
#include "router/errors.h"

/* Why the telling cannot be recorded: recorded already, or no placing authority to tell. */
#define TOLD_ALREADY "The placing authority is recorded as told already: it cannot be changed"
#define NO_PLACING "The episode names no placing authority to tell"

const struct field_spec contextual_placing_told_fields[] = {
    {.name = "told_on",
     .label = "the date the placing authority was told",
     .type = FIELD_DATE,
     .required = true,
     .when = FIELD_DATE_NOT_AFTER_TODAY},
    {.name = "told_by",
     .label = "who told the placing authority",
     .type = FIELD_TEXT,
     .required = true,
     .max = 200},
    {0},
};

/* POST /missing-episodes/{id}/placing-authority-told: when the placing authority was told, and by whom. */
enum haven_status contextual_post_placing_told(struct request *req, struct response *res)
{
	json_t *e = NULL, *errors = json_array();
	enum haven_status st = contextual_episode_get(contextual_episode_id(req), &e);
	if (st != HAVEN_OK) {
		json_decref(errors);
		return st;
	}
	unsigned status = 422;
	const char *told_on = field_text(req->input, "told_on");
	if (!field_text(e, "placing_authority") && !field_int(e, "placing_la_code")) {
		errors_add(errors, "told_on", NO_PLACING);
		status = 409;
	} else if (field_text(e, "placing_authority_told_on")) {
		errors_add(errors, "told_on", TOLD_ALREADY);
		status = 409;
	} else {
		episode_check_day_since_report(told_on, field_text(e, "reported_at"), "told_on",
		                               "The date the placing authority was told", errors);
	}
	json_decref(e);
	if (!json_array_size(errors)) {
		struct placing_told t = {told_on, field_text(req->input, "told_by")};
		struct actor actor = auth_actor(req);
		st = contextual_record_placing_told(contextual_episode_id(req), &t, &actor);
		if (st == HAVEN_OK)
			response_success(res, "The placing authority was recorded as told");
	}
	return contextual_answer_episode_change(req, res, errors, status, st, "told_on", TOLD_ALREADY);
}

/* An episode of a child the authority placed, on the episode's page. No due time: the telling is due at
 * once. */
static const struct task_rows told_tasks = {
    .kind = "contextual.placed_child_missing",
    .text = "A child placed by your authority is missing: read the episode and record that you were told",
    .record_type = "missing_episode",
    .href = "/missing-episodes/"};

/* A placing authority's people: each episode of a child it placed not yet recorded as told. */
enum haven_status contextual_placing_tasks(const struct user *user, json_t *tasks)
{
	json_t *rows = NULL;
	enum haven_status st = contextual_placed_children_missing(user->agency_id, &rows);
	if (st == HAVEN_OK)
		task_add_rows(tasks, rows, &told_tasks);
	json_decref(rows);
	return st;
}
