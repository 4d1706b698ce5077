/*
 * published.h (learning) — what the learning area publishes about a period
 * (app/area.h `.figures`): the serious incident reviews' figures, as the
 * review summary page counts them, and those notified by area and harm.
 */
#ifndef HAVEN_AREAS_LEARNING_PUBLISHED_H
#define HAVEN_AREAS_LEARNING_PUBLISHED_H

#include <jansson.h>

#include "core/status.h"

/*
 * The serious incidents notified to the national panel from `from` to `to`,
 * by local authority (every one, by name) and harm: [{name, died, harmed}],
 * a new array in *out.
 */
enum haven_status learning_notified_by_area(const char *from, const char *to, json_t **out) HAVEN_MUST_CHECK;

enum haven_status learning_published(const char *from, const char *to, json_t *sections) HAVEN_MUST_CHECK;

#endif
