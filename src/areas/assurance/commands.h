/*
 * commands.h (assurance) — `haven import qa-standards`, and the demo's
 * standards, cycles, returns and case audit (haven init --demo).
 */
#ifndef HAVEN_ASSURANCE_COMMANDS_H
#define HAVEN_ASSURANCE_COMMANDS_H

#include "app/area.h"

extern const struct command assurance_commands[];

/* Publishes the demo standards and loads demo.sql's quality assurance made with them. */
enum haven_status assurance_load_demo(void) HAVEN_MUST_CHECK;

#endif
