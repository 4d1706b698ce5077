/*
 * plans.h (plans) — what other areas may call: the action plans' progress
 * for a period, in the shape every area publishes (app/figures.h), for the
 * annual report's "action plans' progress" (the scrutineer's dashboard gets
 * it through the area's `.figures` hook).
 */
#ifndef HAVEN_AREAS_PLANS_PLANS_H
#define HAVEN_AREAS_PLANS_PLANS_H

#include <jansson.h>

#include "core/status.h"

/*
 * The action plans' progress for the period [from, to], as the scrutineer's
 * dashboard and the annual report publish it (app/area.h `.figures`): plans
 * in the period, and their actions by RAG status as they stand at the
 * period's end (or today, while it has not ended). The report calls this
 * too, through the figures hook.
 */
enum haven_status plans_published(const char *from, const char *to, json_t *sections) HAVEN_MUST_CHECK;

#endif
