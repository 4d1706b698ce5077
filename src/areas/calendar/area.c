/*
 * area.c (calendar) — the calendar area: the working-day arithmetic every
 * deadline uses (calendar.h), two commands, `haven import bank-holidays`
 * `haven calendar add-working-days` and `haven calendar remove-holiday`
 * (commands.c), and the bank holidays page with its API twin for
 * administrators (bank_holidays.c), the set-up step an administrator with no
 * shell could not do, where a holiday the government moved is removed.
 */
#include "app/area.h"
#include "areas/calendar/calendar.h"
#include "areas/calendar/commands.h"
#include "areas/calendar/handlers.h"
#include "auth/policy.h"

/* The upload's form carries its CSRF token beside the file, and nothing else. */
static const struct field_spec no_fields[] = {{0}};

static const struct route routes[] = {
    {.method = HTTP_GET,
     .pattern = "/admin/bank-holidays",
     .action = "calendar.manage",
     .handler = calendar_bank_holidays,
     .page = "calendar/bank-holidays",
     .api_pattern = "/api/v1/bank-holidays"},
    {.method = HTTP_POST,
     .pattern = "/admin/bank-holidays",
     .action = "calendar.manage",
     .handler = calendar_bank_holidays_upload,
     .page = "calendar/bank-holidays",
     .body = no_fields,
     .redisplay = calendar_bank_holidays,
     .max_file = CALENDAR_HOLIDAYS_FILE_MAX_MB * 1024 * 1024,
     .api_pattern = "/api/v1/bank-holidays"},
    {.method = HTTP_GET,
     .pattern = "/admin/bank-holidays/{date}/remove",
     .action = "calendar.manage",
     .handler = calendar_remove_holiday_form,
     .page = "calendar/remove-holiday"},
    {.method = HTTP_POST,
     .pattern = "/admin/bank-holidays/{date}/remove",
     .action = "calendar.manage",
     .handler = calendar_remove_holiday_handler,
     .page = "calendar/remove-holiday",
     .body = calendar_remove_holiday_fields,
     .redisplay = calendar_remove_holiday_form,
     .api_pattern = "/api/v1/bank-holidays/{date}/remove"},
    {0},
};

/* Who may take this area's actions (auth/policy.h): deny by default, so an action not here is refused. */
static const struct policy_rule access[] = {
    /* keeping the bank holidays up to date: part of setting the partnership up */
    {.action = "calendar.manage", .roles = ROLE_ADMIN, .audited = true},
    {0},
};

const struct area area_calendar = {
    .name = "calendar",
    .routes = routes,
    .access = access,
    .commands = calendar_commands,
};
