/*
 * tasks.h (training) — what waits for an approver (requests for a training
 * place) and for whoever takes attendance (registers to complete), for the
 * task list (app/area.h `tasks`; gathered by the work area).
 */
#ifndef HAVEN_AREAS_TRAINING_TASKS_H
#define HAVEN_AREAS_TRAINING_TASKS_H

#include <jansson.h>

#include "auth/user.h"
#include "core/status.h"

/*
 * Appends to `tasks` the requests for a place waiting for the user's
 * approval (and, for one who may approve, those of others in their agency
 * whose named approver can no longer decide them), each due by the end of
 * the day before the session, or of the day it was made if later, its `about` naming the course and when (its
 * text the kind's fixed words); for a user who may book, their own requests whose approver can no longer
 * decide them ("training.approver": name another), due and named likewise. Nothing for a user who may not use
 * training at all (the policy's training.read; approving needs to be the named approver). For a user who may
 * take attendance (the policy's training.attendance), also the sessions that have ended with a place whose
 * attendance is not marked, each due by the end of the day after the session. At most 200 of each, the
 * soonest first.
 */
enum haven_status training_tasks(const struct user *user, json_t *tasks) HAVEN_MUST_CHECK;

#endif
