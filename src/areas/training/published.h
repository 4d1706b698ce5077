/*
 * published.h (training) — what the training area publishes about a period
 * (app/area.h `.figures`): the multi-agency training figures, as the
 * training summary page counts them.
 */
#ifndef HAVEN_AREAS_TRAINING_PUBLISHED_H
#define HAVEN_AREAS_TRAINING_PUBLISHED_H

#include <jansson.h>

#include "core/status.h"

enum haven_status training_published(const char *from, const char *to, json_t *sections) HAVEN_MUST_CHECK;

#endif
