/*
 * area.c (priorities) — the partnership's priorities as data (issue 20):
 * their routes (each with its JSON twin), the access rules for their
 * actions and the dashboard link. Handlers are in handlers.c; the store in
 * store_sqlite.c, whose priorities_find and priorities_list every area that
 * tags by priority reads.
 *
 * Who may do what is the policy's: everyone who works for the partnership
 * reads the priorities (they are offered on other areas' forms and hold no
 * one's data); only the partnership team adds, renames and retires them.
 */
#include "app/area.h"
#include "areas/priorities/handlers.h"

#define ROLE_EVERY_AGENCY (ROLE_CHILD_WORKERS | ROLE_SCRUTINEER | ROLE_AGENCY_ADMIN)

#define PRIORITY_FIELDS                                                                                      \
	{.name = "name", .label = "the priority's name", .type = FIELD_TEXT, .required = true, .max = 100},  \
	    {.name = "description", .label = "the description", .type = FIELD_TEXT, .max = 2000},            \
	    {.name = "from", .label = "the start of the priority's period", .type = FIELD_DATE},             \
	{                                                                                                    \
		.name = "to", .label = "the end of the priority's period", .type = FIELD_DATE                \
	}

static const struct field_spec priority_fields[] = {PRIORITY_FIELDS, {0}};
static const struct field_spec retirement_fields[] = {
    {.name = "retired", .label = "whether the priority is retired", .type = FIELD_BOOL, .required = true},
    {0},
};

static const struct route routes[] = {
    {.method = HTTP_GET,
     .pattern = "/priorities",
     .action = "priority.read",
     .handler = priorities_index,
     .page = "priorities/list",
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/priorities/new",
     .action = "priority.manage",
     .handler = priorities_new_form,
     .page = "priorities/new"},
    {.method = HTTP_POST,
     .pattern = "/priorities",
     .action = "priority.manage",
     .handler = priorities_add,
     .page = "priorities/new",
     .body = priority_fields,
     .redisplay = priorities_new_form,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/priorities/{id:int}",
     .action = "priority.read",
     .handler = priorities_show,
     .page = "priorities/show",
     .api = true},
    {.method = HTTP_POST,
     .pattern = "/priorities/{id:int}",
     .action = "priority.manage",
     .handler = priorities_change,
     .page = "priorities/show",
     .body = priority_fields,
     .redisplay = priorities_show,
     .api = true},
    {.method = HTTP_POST,
     .pattern = "/priorities/{id:int}/retirement",
     .action = "priority.manage",
     .handler = priorities_retirement,
     .page = "priorities/show",
     .body = retirement_fields,
     .redisplay = priorities_show,
     .api = true},
    {0},
};

/* Who may take this area's actions: deny by default. */
static const struct policy_rule access[] = {
    /* reading: everyone who works for the partnership (other areas' forms offer them) */
    {.action = "priority.read", .roles = ROLE_EVERY_AGENCY},
    /* adding, renaming, retiring: the partnership team, for the board */
    {.action = "priority.manage", .roles = ROLE_PARTNERSHIP, .audited = true},
    {0},
};

static const struct area_link links[] = {
    {.section = "The partnership",
     .action = "priority.read",
     .href = "/priorities",
     .text = "The partnership's priorities",
     .place = 20},
    {0},
};

const struct area area_priorities = {
    .name = "priorities",
    .routes = routes,
    .access = access,
    .links = links,
};
