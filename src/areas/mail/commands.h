/*
 * commands.h (mail) — `haven mail list` and `haven mail retry`.
 */
#ifndef HAVEN_AREAS_MAIL_COMMANDS_H
#define HAVEN_AREAS_MAIL_COMMANDS_H

#include "app/area.h"

/* Ended by {0}. */
extern const struct command mail_commands[];

#endif
