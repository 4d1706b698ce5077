/*
 * commands.h (calendar) — the calendar's `haven` commands.
 */
#ifndef HAVEN_CALENDAR_COMMANDS_H
#define HAVEN_CALENDAR_COMMANDS_H

#include "app/area.h"

/* import bank-holidays, calendar add-working-days; ended by {0}. */
extern const struct command calendar_commands[];

#endif
