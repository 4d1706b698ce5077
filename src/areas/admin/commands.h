/*
 * commands.h (admin) — the admin area's command-line commands: `haven user
 * add|list|disable` and `haven agency list` (commands.c).
 */
#ifndef HAVEN_ADMIN_COMMANDS_H
#define HAVEN_ADMIN_COMMANDS_H

#include "app/area.h"

/* The commands, ended by {0}; area.c puts them in area_admin. */
extern const struct command admin_commands[];

#endif
