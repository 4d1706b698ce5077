/*
 * work.h (work) — what waits for a person, gathered from every area: the
 * "Your work" page and GET /api/v1/tasks, and the counts on the dashboard
 * (the accounts area calls work_tasks_of for them).
 */
#ifndef HAVEN_AREAS_WORK_WORK_H
#define HAVEN_AREAS_WORK_WORK_H

#include <jansson.h>
#include <stdint.h>

#include "auth/user.h"
#include "core/status.h"

/*
 * Every task waiting for `user` or their agency, from every area's `tasks`
 * (app/area.h), as a new array in *out, soonest deadline first (tasks with
 * none last). Each task keeps what its area gave (kind, text, due_at, href,
 * record_type, record_id) and gains, when it has a deadline, "due_when"
 * ("by 8:45am on Thursday 20 November 2025"), "due_words" ("Due in 3
 * hours", "Overdue by 1 day 2 hours") and "overdue" at `now` (UTC seconds).
 * On an area's failure *out is NULL and its status is returned.
 */
enum haven_status work_tasks_of(const struct user *user, int64_t now, json_t **out) HAVEN_MUST_CHECK;

/* How many of `tasks` (work_tasks_of's array) there are, and how many are overdue. */
void work_count(const json_t *tasks, long long *total, long long *overdue);

/*
 * `tasks` (work_tasks_of's array) counted by what is to be done, for the
 * dashboard: a new array of {"text", "href", "count", "overdue_count"}, one
 * per task text ("Acknowledge an Operation Encompass notification"), in the
 * order of each kind's soonest task (the most urgent first). `href` is the
 * task list, where each is listed.
 */
json_t *work_by_kind(const json_t *tasks);

#endif
