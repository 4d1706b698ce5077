/*
 * tasks.h (provide) — what waits for an IDVA service: referrals to contact, for the task list
 * (app/area.h `tasks`; gathered by the work area).
 */
#ifndef HAVEN_AREAS_PROVIDE_TASKS_H
#define HAVEN_AREAS_PROVIDE_TASKS_H

#include <jansson.h>

#include "auth/user.h"
#include "core/status.h"

/*
 * Appends to `tasks` the open referrals of the user's IDVA service that
 * have had no attempt to contact the victim yet, each due the partnership's
 * target (da_settings.idva_first_attempt_hours, set on the domestic abuse
 * settings page; 24 unless changed) after the referral was made. Nothing for a
 * user who may not work referrals (the policy's provide.list). At most 200,
 * the oldest first.
 */
enum haven_status provide_tasks(const struct user *user, json_t *tasks) HAVEN_MUST_CHECK;

#endif
