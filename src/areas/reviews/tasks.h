/*
 * tasks.h (reviews) — what waits for a member of a review group: their agency's contributions
 * and actions, for the task list (app/area.h `tasks`; gathered by the work
 * area).
 */
#ifndef HAVEN_AREAS_REVIEWS_TASKS_H
#define HAVEN_AREAS_REVIEWS_TASKS_H

#include <jansson.h>

#include "auth/user.h"
#include "core/status.h"

/*
 * Appends to `tasks`, for a member of a review's group, their agency's
 * contributions to the review not yet received and its actions not yet
 * complete, each due on its date. Nothing for a user who may not see
 * reviews (the policy's review.list). At most 200 of each, the soonest
 * first.
 */
enum haven_status reviews_tasks(const struct user *user, json_t *tasks) HAVEN_MUST_CHECK;

#endif
