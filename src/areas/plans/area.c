/*
 * area.c (plans) — strategies and action plans for the partnership's
 * priorities (issue 20): their routes (each with its JSON twin), the access
 * rules for their actions, the dashboard link and the open actions on each
 * owning agency's task list. Handlers are in handlers.c, the RAG rule in
 * rag.c, the store in store_sqlite.c.
 *
 * Who may do what is the policy's: everyone who works for the partnership
 * reads the plans (they hold no one's personal data); the partnership team
 * writes them and adds groups and actions; an action's owning agency (and
 * the partnership team) records its progress, evidence and impact; another
 * agency is told that action does not exist when it tries to.
 */
#include "app/area.h"
#include "areas/plans/handlers.h"
#include "areas/plans/plans.h"
#include "areas/plans/store.h"

#define ROLE_EVERY_AGENCY (ROLE_CHILD_WORKERS | ROLE_SCRUTINEER | ROLE_AGENCY_ADMIN)

static const struct field_spec group_fields[] = {
    {.name = "name", .label = "the group's name", .type = FIELD_TEXT, .required = true, .max = 200},
    {0},
};
static const struct field_spec plan_fields[] = {
    {.name = "priority",
     .label = "the priority",
     .type = FIELD_TEXT,
     .required = true,
     .in_select = true,
     .max = 100},
    {.name = "group", .label = "the local operational group", .type = FIELD_INT},
    {.name = "starts_on", .label = "the start of the plan's period", .type = FIELD_DATE, .required = true},
    {.name = "ends_on", .label = "the end of the plan's period", .type = FIELD_DATE, .required = true},
    {.name = "aims", .label = "the aims", .type = FIELD_TEXT, .required = true, .max = 10000},
    {0},
};
static const struct field_spec action_fields[] = {PLANS_ACTION_FIELDS, {0}};
static const struct field_spec progress_fields[] = {
    {.name = "status",
     .label = "the status",
     .type = FIELD_CHOICE,
     .required = true,
     STATUS_TAG_FIELD_CHOICES(plans_action_statuses)},
    {.name = "evidence", .label = "the evidence", .type = FIELD_TEXT, .max = 10000},
    {.name = "impact", .label = "the impact", .type = FIELD_TEXT, .max = 10000},
    {0},
};

static const struct route routes[] = {
    {.method = HTTP_GET,
     .pattern = "/plans",
     .action = "plan.read",
     .handler = plans_index,
     .page = "plans/list",
     .api = true},
    {.method = HTTP_POST,
     .pattern = "/plans/groups",
     .action = "plan.manage",
     .handler = plans_add_group,
     .page = "plans/list",
     .body = group_fields,
     .redisplay = plans_index,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/plans/new",
     .action = "plan.manage",
     .handler = plans_new_form,
     .page = "plans/new"},
    {.method = HTTP_POST,
     .pattern = "/plans",
     .action = "plan.manage",
     .handler = plans_add,
     .page = "plans/new",
     .body = plan_fields,
     .redisplay = plans_new_form,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/plans/{id:int}",
     .action = "plan.read",
     .handler = plans_show,
     .page = "plans/show",
     .api = true},
    {.method = HTTP_POST,
     .pattern = "/plans/{id:int}/actions",
     .action = "plan.manage",
     .handler = plans_add_action,
     .page = "plans/show",
     .body = action_fields,
     .redisplay = plans_show,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/plan-actions/{id:int}",
     .action = "plan.read",
     .handler = plans_action_show,
     .page = "plans/action",
     .api = true},
    {.method = HTTP_POST,
     .pattern = "/plan-actions/{id:int}",
     .action = "plan.action_update",
     .handler = plans_action_progress,
     .page = "plans/action",
     .body = progress_fields,
     .redisplay = plans_action_show,
     .api = true},
    {0},
};

/* Who may take this area's actions: deny by default. */
static const struct policy_rule access[] = {
    {.action = "plan.read", .roles = ROLE_EVERY_AGENCY},
    {.action = "plan.manage", .roles = ROLE_PARTNERSHIP, .audited = true},
    {.action = "plan.action_update",
     .roles = ROLE_CHILD_WORKERS | ROLE_AGENCY_ADMIN,
     .resource = "plan_action",
     .every_record = ROLE_PARTNERSHIP,
     .audited = true},
    {0},
};

static const struct area_link links[] = {
    {.section = "The partnership",
     .action = "plan.read",
     .href = "/plans",
     .text = "Strategies and action plans",
     .place = 21},
    {0},
};

const struct area area_plans = {
    .name = "plans",
    .routes = routes,
    .access = access,
    .records = plans_records,
    .links = links,
    .tasks = plans_tasks,
    .figures = plans_published,
    .load_demo = plans_load_demo,
    .demo_order = 65,
};
