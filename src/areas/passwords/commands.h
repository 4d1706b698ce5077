/*
 * commands.h (passwords) — the passwords area's command: `haven user import` (commands.c).
 */
#ifndef HAVEN_PASSWORDS_COMMANDS_H
#define HAVEN_PASSWORDS_COMMANDS_H

#include "app/area.h"

/* The commands, ended by {0}; area.c puts them in area_passwords. */
extern const struct command passwords_commands[];

#endif
