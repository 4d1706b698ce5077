/*
 * commands.h (assurance) — `haven import qa-standards`.
 */
#ifndef HAVEN_ASSURANCE_COMMANDS_H
#define HAVEN_ASSURANCE_COMMANDS_H

#include "app/area.h"

extern const struct command assurance_commands[];

#endif
