/*
 * published.h (assurance) — what quality assurance publishes about a period
 * (app/area.h `.figures`): each audit cycle due in it, with its returns,
 * its results by rating and its action plans' progress.
 */
#ifndef HAVEN_AREAS_ASSURANCE_PUBLISHED_H
#define HAVEN_AREAS_ASSURANCE_PUBLISHED_H

#include <jansson.h>

#include "core/status.h"

/*
 * The action plans of cycle `cycle_id`'s returns: {total, not_started,
 * in_progress, complete, overdue (not complete and due before `today`)}, a
 * new object in *out.
 */
enum haven_status assurance_cycle_action_counts(long long cycle_id, const char *today,
                                                json_t **out) HAVEN_MUST_CHECK;

enum haven_status assurance_published(const char *from, const char *to, json_t *sections) HAVEN_MUST_CHECK;

#endif
