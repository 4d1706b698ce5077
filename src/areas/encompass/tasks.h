/*
 * tasks.h (encompass) — what waits for a Key Adult in Operation Encompass,
 * for the task list (app/area.h `tasks`; gathered by the work area).
 */
#ifndef HAVEN_AREAS_ENCOMPASS_TASKS_H
#define HAVEN_AREAS_ENCOMPASS_TASKS_H

#include <jansson.h>

#include "auth/user.h"
#include "core/status.h"

/*
 * Appends to `tasks` the notifications to the user's agency (a setting, or
 * a local authority for a child educated at home) that wait for it: to
 * acknowledge (due at the notification's deadline) or, once acknowledged,
 * to record what was done (no deadline). Nothing for a user who may not
 * answer notifications (the policy's encompass.inbox). At most 200 of each.
 */
enum haven_status encompass_tasks(const struct user *user, json_t *tasks) HAVEN_MUST_CHECK;

#endif
