/*
 * meetings.h (meetings) — what other areas may call: the board's meetings
 * held in a period and each agency's attendance at them, in the shape every
 * area publishes (app/figures.h), for the annual report's "board meetings
 * held in the year and agencies' attendance" (the scrutineer's dashboard
 * gets it through the area's `.figures` hook).
 */
#ifndef HAVEN_AREAS_MEETINGS_MEETINGS_H
#define HAVEN_AREAS_MEETINGS_MEETINGS_H

#include <jansson.h>

#include "core/status.h"

/*
 * Appends to `sections` the "Board meetings" section for [from, to]
 * (YYYY-MM-DD, both included): the board's meetings held, and a table of
 * how many of them each agency was present at (none when none was held).
 */
enum haven_status meetings_published(const char *from, const char *to, json_t *sections) HAVEN_MUST_CHECK;

#endif
