/*
 * handlers.c (priorities) — the partnership's priorities pages and API
 * (issue 20): the list (retired ones after the rest), one priority with the
 * forms to rename it and to retire it or offer it again, and its strategies
 * and action plans (the plans area's, linked), and adding one.
 * Only the partnership team changes them; everyone who works with children
 * reads them, since every area that tags by priority offers them.
 */
#include "areas/priorities/handlers.h"

#include "areas/plans/store.h"
#include "areas/priorities/store.h"
#include "app/date_words.h"
#include "app/record_created.h"
#include "app/store_refusal.h"
#include "auth/policy.h"
#include "auth/session.h"
#include "router/fields.h"

#include <string.h>

static bool may_manage(const struct request *req)
{
	return policy_allows(req->user, "priority.manage", NULL, 0);
}

/*
 * The period's dates in words ("1 April 2020"), for the pages, and
 * "has_dates": a priority with neither says "No dates set" once, not "Not
 * set" twice.
 */
static void dates_in_words(json_t *priority)
{
	date_words_set(priority, "from_date", "from_words");
	date_words_set(priority, "to_date", "to_words");
	json_object_set_new(priority, "has_dates",
	                    json_boolean(json_is_string(json_object_get(priority, "from_words")) ||
	                                 json_is_string(json_object_get(priority, "to_words"))));
}

/* What was typed, checked beyond the field specs: a period that ends on or after it starts. */
static struct priority_input typed(const struct request *req, struct response *res)
{
	struct priority_input p = {.name = field_text(req->input, "name"),
	                           .description = field_text(req->input, "description"),
	                           .from = field_text(req->input, "from"),
	                           .to = field_text(req->input, "to")};
	if (p.from && p.to && strcmp(p.from, p.to) > 0)
		response_error(res, "to", "The end of the priority's period must be on or after its start");
	return p;
}

/* What each of the store's refusals means: a conflict on the name. */
static const struct refusal_words refusals[] = {
    {PRIORITY_NAME_TAKEN, "name", "There is already a priority with this name", true},
    {PRIORITY_KEY_TAKEN, "name",
     "This name is too like another priority's (perhaps a retired one): choose another", true},
    {0, NULL, NULL, false},
};

/* Priority `id` as its page and the API show it: its period's dates in words. */
static enum haven_status priority_shown(long long id, json_t **priority)
{
	enum haven_status st = priorities_get(id, priority);
	if (st == HAVEN_OK)
		dates_in_words(*priority);
	return st;
}

enum haven_status priorities_index(struct request *req, struct response *res)
{
	json_t *rows = NULL;
	enum haven_status st = priorities_list(true, &rows);
	if (st != HAVEN_OK)
		return st;
	size_t i;
	json_t *p;
	json_array_foreach(rows, i, p) dates_in_words(p);
	response_set_model(res, json_pack("{s:s, s:o, s:b}", "title", "The partnership's priorities",
	                                  "priorities", rows, "can_manage", may_manage(req)));
	return HAVEN_OK;
}

enum haven_status priorities_new_form(struct request *req, struct response *res)
{
	(void)req;
	response_set_model(res, json_pack("{s:s}", "title", "Add a priority"));
	return HAVEN_OK;
}

enum haven_status priorities_add(struct request *req, struct response *res)
{
	struct priority_input p = typed(req, res);
	if (res->errors)
		return HAVEN_OK;
	struct actor actor = auth_actor(req);
	long long id = 0;
	enum priority_refusal refusal = PRIORITY_DONE;
	enum haven_status st = priorities_create(&p, &actor, &id, &refusal);
	return record_added(res, st, refusal, refusals, "The priority was added", id, priority_shown,
	                    "/priorities");
}

enum haven_status priorities_show(struct request *req, struct response *res)
{
	json_t *priority = NULL;
	enum haven_status st = priority_shown(field_int(req->params, "id"), &priority);
	if (st != HAVEN_OK)
		return st;
	/* after errors the server adds what was typed ("submitted"); the form shows the stored values
	 * otherwise, the period's dates under the fields' own names for its date inputs */
	/* its strategies and action plans, for whoever reads plans (the same roles, but the plans area
	 * decides) */
	bool reads_plans = policy_allows(req->user, "plan.read", NULL, 0);
	if (reads_plans) {
		json_t *plans = NULL;
		st = plans_of_priority(field_int(req->params, "id"), &plans);
		if (st != HAVEN_OK) {
			json_decref(priority);
			return st;
		}
		size_t i;
		json_t *plan;
		json_array_foreach(plans, i, plan)
		{
			date_words_set(plan, "starts_on", "starts_words");
			date_words_set(plan, "ends_on", "ends_words");
		}
		json_object_set_new(priority, "plans", plans);
	}
	bool has_plans = json_array_size(json_object_get(priority, "plans")) > 0;
	json_t *model =
	    json_pack("{s:s, s:o, s:b, s:b, s:b}", "title", "Priority", "priority", priority, "can_manage",
	              may_manage(req), "reads_plans", reads_plans, "has_plans", has_plans);
	static const char *const dates[][2] = {{"from_date", "from"}, {"to_date", "to"}};
	for (size_t i = 0; i < 2; i++) {
		const char *date = field_text(priority, dates[i][0]);
		if (date)
			json_object_set_new(model, dates[i][1], json_string(date));
	}
	response_set_model(res, model);
	return HAVEN_OK;
}

enum haven_status priorities_change(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id");
	struct priority_input p = typed(req, res);
	if (res->errors)
		return HAVEN_OK;
	struct actor actor = auth_actor(req);
	enum priority_refusal refusal = PRIORITY_DONE;
	enum haven_status st = priorities_update(id, &p, &actor, &refusal);
	if (store_refused(res, st, refusal, refusals))
		return HAVEN_OK;
	return record_changed(res, st, "The priority was changed", priorities_show, "/priorities", id);
}

enum haven_status priorities_retirement(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id");
	struct actor actor = auth_actor(req);
	bool retired = json_is_true(json_object_get(req->input, "retired"));
	enum haven_status st = priorities_set_retired(id, retired, &actor);
	return record_changed(res, st, retired ? "The priority was retired" : "The priority is offered again",
	                      priorities_show, "/priorities", id);
}
