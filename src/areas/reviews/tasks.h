/*
 * tasks.h (reviews) — what waits for the people who must act on a review:
 * a group member's agency's contributions and actions, and for the
 * partnership team and the review's group the notification, the rapid
 * review and the local review's milestones, for the task list (app/area.h
 * `tasks`; gathered by the work area, whose job alerts from them).
 */
#ifndef HAVEN_AREAS_REVIEWS_TASKS_H
#define HAVEN_AREAS_REVIEWS_TASKS_H

#include <jansson.h>

#include "auth/user.h"
#include "core/status.h"

/*
 * Appends to `tasks`, for a member of a review's group, their agency's
 * contributions to the review not yet received and its actions not yet
 * complete, each due on its date; and for each case the user oversees
 * (the partnership team: every case) or is in the group of, the
 * notification to the national panel while not sent (due 5 working days
 * after awareness), the rapid review while not held (15 working days after
 * the notification) and the milestones not yet reached. Nothing for a user
 * who may not see reviews (the policy's review.list). At most 200 of each,
 * the soonest first.
 */
enum haven_status reviews_tasks(const struct user *user, json_t *tasks) HAVEN_MUST_CHECK;

#endif
