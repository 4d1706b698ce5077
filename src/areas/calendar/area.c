/*
 * area.c (calendar) — the calendar area: no pages of its own, but the
 * working-day arithmetic every deadline uses (calendar.h) and two commands,
 * `haven import bank-holidays` and `haven calendar add-working-days`
 * (commands.c).
 */
#include "app/area.h"
#include "areas/calendar/commands.h"

const struct area area_calendar = {
    .name = "calendar",
    .commands = calendar_commands,
};
