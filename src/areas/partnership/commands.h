/*
 * commands.h (partnership) — the partnership area's command-line commands:
 * `haven partnership set`, `haven la add|list`, `haven agency add|update`
 * and `haven import agencies` (commands.c).
 */
#ifndef HAVEN_PARTNERSHIP_COMMANDS_H
#define HAVEN_PARTNERSHIP_COMMANDS_H

#include "app/area.h"

/* The commands, ended by {0}; area.c puts them in area_partnership. */
extern const struct command partnership_commands[];

#endif
