/*
 * tasks.h (assurance) — what the quality assurance work puts on a person's
 * work list (app/area.h's tasks): returns to complete, their actions and
 * the partnership's questions, case audits' findings and grading, and
 * returns to moderate.
 */
#ifndef HAVEN_AREAS_ASSURANCE_TASKS_H
#define HAVEN_AREAS_ASSURANCE_TASKS_H

#include <jansson.h>

#include "auth/session.h"
#include "core/status.h"

/* Appends to `out` each assurance task waiting for `user` (app/task.h's shape). */
enum haven_status assurance_tasks(const struct user *user, json_t *out);

#endif
