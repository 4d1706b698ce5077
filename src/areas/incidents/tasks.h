/*
 * tasks.h (incidents) — what waits for the police and a front door: children of incidents to match
 * to the register, for the task list (app/area.h `tasks`; gathered by the
 * work area).
 */
#ifndef HAVEN_AREAS_INCIDENTS_TASKS_H
#define HAVEN_AREAS_INCIDENTS_TASKS_H

#include <jansson.h>

#include "auth/user.h"
#include "core/status.h"

/*
 * Appends to `tasks` the children waiting to be matched that the user may
 * resolve (the police: every one; a local authority's front door: its
 * area's), each due when its notification would be (waiting_due_at). Nothing
 * for anyone else (the policy's incident.resolve). At most 200, the soonest
 * due first.
 */
enum haven_status incidents_tasks(const struct user *user, json_t *tasks) HAVEN_MUST_CHECK;

#endif
