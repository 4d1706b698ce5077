/*
 * commands.h (threshold) — `haven import framework`.
 */
#ifndef HAVEN_AREAS_THRESHOLD_COMMANDS_H
#define HAVEN_AREAS_THRESHOLD_COMMANDS_H

#include "app/area.h"

/* import framework; ended by {0}. */
extern const struct command threshold_commands[];

#endif
