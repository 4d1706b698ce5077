/*
 * import.h (settings) — the `haven import settings` command (import.c).
 */
#ifndef HAVEN_AREAS_SETTINGS_IMPORT_H
#define HAVEN_AREAS_SETTINGS_IMPORT_H

#include "app/area.h"

/* `haven import settings`, ended by {0}. */
extern const struct command settings_commands[];

#endif
