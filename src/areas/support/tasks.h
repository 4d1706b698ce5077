/*
 * tasks.h (support) — what waits for a front door: requests for support to decide, for the task list
 * (app/area.h `tasks`; gathered by the work area).
 */
#ifndef HAVEN_AREAS_SUPPORT_TASKS_H
#define HAVEN_AREAS_SUPPORT_TASKS_H

#include <jansson.h>

#include "auth/user.h"
#include "core/status.h"

/*
 * Appends to `tasks` the undecided requests for support sent to the
 * user's front door, each due at its decision deadline (one working day
 * after receipt). Nothing for a user who may not work the queue (the
 * policy's support.queue). At most 200, the soonest due first.
 */
enum haven_status support_tasks(const struct user *user, json_t *tasks) HAVEN_MUST_CHECK;

#endif
