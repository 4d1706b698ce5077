/*
 * commands.h (neglect) — `haven import neglect-tool`.
 */
#ifndef HAVEN_AREAS_NEGLECT_COMMANDS_H
#define HAVEN_AREAS_NEGLECT_COMMANDS_H

#include "app/area.h"

/* import neglect-tool; ended by {0}. */
extern const struct command neglect_commands[];

#endif
