/*
 * area.c (meetings) — the partnership board's and the local operational
 * groups' meetings (issue 20): their routes (each with its JSON twin), the
 * access rules for their actions, the dashboard link and the figures it
 * publishes. Handlers are in handlers.c, the figures in published.c, the
 * store in store_sqlite.c; a meeting's actions are plans' actions
 * (areas/plans/plans.h).
 *
 * Who may do what is the policy's: the partnership team arranges meetings
 * and records their agenda, attendance, decisions and actions, and corrects
 * them (a meeting's date, time and place, an agenda item, a decision,
 * attendance recorded by mistake removed; a meeting is cancelled through
 * its status); the scrutineer reads every meeting; the people of an agency
 * that was present at a meeting or sent apologies (a member of the board or the group) read
 * it, and another agency is told it does not exist. Meetings hold no
 * child's data (the forms ask that no child or family be named), so reads
 * are not audited; every change is.
 */
#include "app/area.h"
#include "areas/meetings/handlers.h"
#include "areas/meetings/meetings.h"
#include "areas/meetings/store.h"
#include "areas/plans/plans.h"

#define ROLE_EVERY_AGENCY (ROLE_CHILD_WORKERS | ROLE_SCRUTINEER | ROLE_AGENCY_ADMIN)

static const char *const attendances[] = {"present", "apologies", NULL};

static const struct field_spec list_query[] = {PAGE_FIELDS, {0}};
/* starts_at's limit is loose: a time written as people write it ("10:15pm") reaches the handler, which says
 * how to write it (a limit of 5 would only say it is too long) */
static const struct field_spec meeting_fields[] = {
    {.name = "group", .label = "the board or group", .type = FIELD_INT, .min = 0, .max = 999999999999LL},
    {.name = "held_on", .label = "the date of the meeting", .type = FIELD_DATE, .required = true},
    {.name = "starts_at", .label = "the start time", .type = FIELD_TEXT, .required = true, .max = 20},
    {.name = "place", .label = "the place", .type = FIELD_TEXT, .required = true, .max = 300},
    {0},
};
/* a meeting's details corrected: not whose meeting it is, which would change who may read it */
static const struct field_spec details_fields[] = {
    {.name = "held_on", .label = "the date of the meeting", .type = FIELD_DATE, .required = true},
    {.name = "starts_at", .label = "the start time", .type = FIELD_TEXT, .required = true, .max = 20},
    {.name = "place", .label = "the place", .type = FIELD_TEXT, .required = true, .max = 300},
    {0},
};
static const struct field_spec status_fields[] = {
    {.name = "status",
     .label = "the status",
     .type = FIELD_CHOICE,
     .required = true,
     STATUS_TAG_FIELD_CHOICES(meetings_statuses)},
    {0},
};
static const struct field_spec agenda_fields[] = {
    {.name = "title", .label = "the agenda item", .type = FIELD_TEXT, .required = true, .max = 500},
    {.name = "priority", .label = "the priority", .type = FIELD_TEXT, .max = 100},
    {.name = "agenda_plan", .label = "the action plan", .type = FIELD_INT, .min = 0, .max = 999999999999LL},
    {0},
};
static const struct field_spec attendance_fields[] = {
    {.name = "agency",
     .label = "the agency",
     .type = FIELD_SLUG,
     .required = true,
     .in_select = true,
     .max = 100},
    {.name = "attendance",
     .label = "whether present or sending apologies",
     .type = FIELD_CHOICE,
     .required = true,
     .choices = attendances},
    {.name = "name", .label = "the name", .type = FIELD_TEXT, .max = 200},
    {.name = "role", .label = "the role", .type = FIELD_TEXT, .max = 200},
    {0},
};
static const struct field_spec decision_fields[] = {
    {.name = "decision", .label = "the decision", .type = FIELD_TEXT, .required = true, .max = 4000},
    {.name = "agenda_item", .label = "the agenda item", .type = FIELD_INT, .min = 0, .max = 999999999999LL},
    {0},
};
static const struct field_spec action_fields[] = {
    {.name = "plan",
     .label = "the action plan",
     .type = FIELD_INT,
     .required = true,
     .min = 1,
     .max = 999999999999LL},
    PLANS_ACTION_FIELDS,
    {.name = "decision_id",
     .label = "the decision it follows",
     .type = FIELD_INT,
     .min = 0,
     .max = 999999999999LL},
    {0},
};

static const struct route routes[] = {
    {.method = HTTP_GET,
     .pattern = "/meetings",
     .action = "meeting.list",
     .handler = meetings_index,
     .page = "meetings/list",
     .query = list_query,
     .redisplay = meetings_index,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/meetings/new",
     .action = "meeting.manage",
     .handler = meetings_new_form,
     .page = "meetings/new"},
    {.method = HTTP_POST,
     .pattern = "/meetings",
     .action = "meeting.manage",
     .handler = meetings_add,
     .page = "meetings/new",
     .body = meeting_fields,
     .redisplay = meetings_new_form,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/meetings/{id:int}",
     .action = "meeting.read",
     .handler = meetings_show,
     .page = "meetings/show",
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/meetings/{id:int}/edit",
     .action = "meeting.manage",
     .handler = meetings_edit_form,
     .page = "meetings/edit"},
    {.method = HTTP_POST,
     .pattern = "/meetings/{id:int}",
     .action = "meeting.manage",
     .handler = meetings_correct_details,
     .page = "meetings/edit",
     .body = details_fields,
     .redisplay = meetings_edit_form,
     .api = true},
    {.method = HTTP_POST,
     .pattern = "/meetings/{id:int}/status",
     .action = "meeting.manage",
     .handler = meetings_change_status,
     .page = "meetings/show",
     .body = status_fields,
     .redisplay = meetings_show,
     .api = true},
    {.method = HTTP_POST,
     .pattern = "/meetings/{id:int}/agenda",
     .action = "meeting.manage",
     .handler = meetings_add_item,
     .page = "meetings/show",
     .body = agenda_fields,
     .redisplay = meetings_show,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/meetings/{id:int}/agenda/{item:int}/edit",
     .action = "meeting.manage",
     .handler = meetings_item_form,
     .page = "meetings/item"},
    {.method = HTTP_POST,
     .pattern = "/meetings/{id:int}/agenda/{item:int}",
     .action = "meeting.manage",
     .handler = meetings_correct_item,
     .page = "meetings/item",
     .body = agenda_fields,
     .redisplay = meetings_item_form,
     .api = true},
    {.method = HTTP_POST,
     .pattern = "/meetings/{id:int}/attendance",
     .action = "meeting.manage",
     .handler = meetings_add_attendance,
     .page = "meetings/show",
     .body = attendance_fields,
     .redisplay = meetings_show,
     .api = true},
    {.method = HTTP_POST,
     .pattern = "/meetings/{id:int}/attendance/{row:int}/remove",
     .action = "meeting.manage",
     .handler = meetings_remove_attendance,
     .page = "meetings/show",
     .redisplay = meetings_show,
     .api = true},
    {.method = HTTP_POST,
     .pattern = "/meetings/{id:int}/decisions",
     .action = "meeting.manage",
     .handler = meetings_add_decision,
     .page = "meetings/show",
     .body = decision_fields,
     .redisplay = meetings_show,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/meetings/{id:int}/decisions/{decision:int}/edit",
     .action = "meeting.manage",
     .handler = meetings_decision_form,
     .page = "meetings/decision"},
    {.method = HTTP_POST,
     .pattern = "/meetings/{id:int}/decisions/{decision:int}",
     .action = "meeting.manage",
     .handler = meetings_correct_decision,
     .page = "meetings/decision",
     .body = decision_fields,
     .redisplay = meetings_decision_form,
     .api = true},
    {.method = HTTP_POST,
     .pattern = "/meetings/{id:int}/actions",
     .action = "meeting.manage",
     .handler = meetings_add_action,
     .page = "meetings/show",
     .body = action_fields,
     .redisplay = meetings_show,
     .api = true},
    {0},
};

/* Who may take this area's actions: deny by default. */
static const struct policy_rule access[] = {
    {.action = "meeting.list", .roles = ROLE_PARTNERSHIP | ROLE_EVERY_AGENCY},
    /* no route: whether the list shows every meeting, not only those the reader's agency attended */
    {.action = "meeting.read_every", .roles = ROLE_PARTNERSHIP | ROLE_SCRUTINEER},
    {.action = "meeting.read",
     .roles = ROLE_PARTNERSHIP | ROLE_EVERY_AGENCY,
     .resource = "meeting",
     .every_record = ROLE_PARTNERSHIP | ROLE_SCRUTINEER},
    {.action = "meeting.manage", .roles = ROLE_PARTNERSHIP, .audited = true},
    {0},
};

static const struct area_link links[] = {
    {.section = "The partnership",
     .action = "meeting.list",
     .href = "/meetings",
     .text = "Board and group meetings",
     .place = 22},
    {0},
};

const struct area area_meetings = {
    .name = "meetings",
    .routes = routes,
    .access = access,
    .records = meetings_records,
    .links = links,
    .figures = meetings_published,
    .load_demo = meetings_load_demo,
    .demo_order = 66,
};
