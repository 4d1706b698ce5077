/*
 * commands.h (incidents) — `haven import incidents` (a night's batch from a
 * police force, CSV or JSON) and `haven import term-dates` (a local authority's
 * school terms, which decide when a notification is due). Both change
 * nothing unless the whole file is good. Layouts: docs/operations.md.
 */
#ifndef HAVEN_AREAS_INCIDENTS_COMMANDS_H
#define HAVEN_AREAS_INCIDENTS_COMMANDS_H

#include <jansson.h>
#include <stddef.h>

#include "app/area.h"

extern const struct command incidents_commands[];

/*
 * Reads the incidents CSV layout (one row per adult or child, incident
 * columns repeated; see docs/operations.md) into a new array of raw
 * incident objects for intake, with `rows` (a new array, one per incident)
 * of {"row": first row, "adults": [rows], "children": [rows]} so errors can
 * name rows. Returns NULL with *why (malloc'd) when the file is not in the
 * layout (not CSV, a missing column, a row that contradicts its incident).
 * Pure: exposed for the unit tests.
 */
json_t *incidents_from_csv(const char *data, size_t len, json_t **rows, char **why);

#endif
