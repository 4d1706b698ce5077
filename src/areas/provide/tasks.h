/*
 * tasks.h (provide) — what waits for an IDVA service: referrals to contact, for the task list
 * (app/area.h `tasks`; gathered by the work area).
 */
#ifndef HAVEN_AREAS_PROVIDE_TASKS_H
#define HAVEN_AREAS_PROVIDE_TASKS_H

#include <jansson.h>

#include "auth/user.h"
#include "core/status.h"

/* The partnership's target for a first attempt to contact a victim referred to an IDVA service. */
#define PROVIDE_FIRST_ATTEMPT_HOURS 24

/*
 * Appends to `tasks` the open referrals of the user's IDVA service that
 * have had no attempt to contact the victim yet, each due
 * PROVIDE_FIRST_ATTEMPT_HOURS after the referral was made. Nothing for a
 * user who may not work referrals (the policy's provide.list). At most 200,
 * the oldest first.
 */
enum haven_status provide_tasks(const struct user *user, json_t *tasks) HAVEN_MUST_CHECK;

#endif
