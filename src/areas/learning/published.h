/*
 * published.h (learning) — what the learning area publishes about a period
 * (app/area.h `.figures`): the serious incident reviews' figures, as the
 * review summary page counts them.
 */
#ifndef HAVEN_AREAS_LEARNING_PUBLISHED_H
#define HAVEN_AREAS_LEARNING_PUBLISHED_H

#include <jansson.h>

#include "core/status.h"

enum haven_status learning_published(const char *from, const char *to, json_t *sections) HAVEN_MUST_CHECK;

#endif
