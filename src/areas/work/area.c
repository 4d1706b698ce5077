/*
 * area.c (work) — "Your work": one list of everything waiting for a person
 * or their agency across Haven (Encompass notifications to acknowledge or
 * answer, requests for support to decide, children to match, IDVA
 * referrals to contact, review actions due, bookings to approve), soonest
 * deadline first, overdue ones said in words. The page is /work and its API
 * twin GET /api/v1/tasks. Each area says what waits in it through its
 * `tasks` (app/area.h); this area only gathers, orders and words them.
 *
 * A task names no child: the list is a work list, not a case record, so it
 * is not an audited read of a child's data; the page each task links to
 * shows the child to whoever may see it (and audits that).
 */
#include <time.h>

#include "app/area.h"
#include "areas/work/work.h"
#include "auth/policy.h"

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

static const struct route routes[] = {
    {.method = HTTP_GET,
     .pattern = "/work",
     .action = ACTION_SIGNED_IN,
     .handler = show_tasks,
     .page = "work/tasks",
     .api_pattern = "/api/v1/tasks"},
    {0},
};

const struct area area_work = {
    .name = "work",
    .routes = routes,
};
