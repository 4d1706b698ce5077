/*
 * area.c (subjectaccess) — subject access requests about children held in
 * Haven, answered within one calendar month (UK GDPR Article 15; the ICO's
 * way of counting it, store.h): the register's routes (each with its JSON
 * twin), the access rules for their actions, the dashboard link, the
 * partnership team's tasks (requests due within 7 days or overdue) and the
 * pack, which gathers every area's `.subject_access` tables about the child.
 * Handlers are in a file per subject, declared in handlers.h: the register
 * and a request's page (requests.c), the identity check (identity.c),
 * extending and closing (changes.c) and the pack (pack.c); the store in
 * store_sqlite.c.
 *
 * The pack is gathered only for an open request whose requester's identity
 * is verified. A request is always recorded unverified (creation does not
 * ask, and refuses identity_verified as a field it does not accept), and is
 * verified only with who checked it, when and the evidence seen
 * (POST .../identity), which must fit who asked, by another member of the
 * partnership team than the one who recorded the request (identity.c).
 * Until then the pack's page and API refuse (409), and the request's page
 * offers the check instead.
 *
 * Who may do what is the policy's: only the partnership team, who answer
 * the partnership's requests. Reading a request or its pack shows the child,
 * so both are audited reads naming the child; every opening of a pack is
 * listed for the information governance review (areas/governance, from
 * subject_access_pack_reads), beside break-glass grants.
 */
#include "app/area.h"
#include "areas/subjectaccess/handlers.h"
#include "areas/subjectaccess/store.h"

static const struct field_spec request_fields[] = {
    {.name = "child",
     .label = "the child's record number",
     .type = FIELD_INT,
     .required = true,
     .min = 1,
     .max = 999999999999LL},
    {.name = "requester",
     .label = "who made the request",
     .type = FIELD_CHOICE,
     .required = true,
     .choices = subject_access_requesters},
    {.name = "received_on",
     .label = "the date the request was received",
     .type = FIELD_DATE,
     .required = true,
     .when = FIELD_DATE_NOT_AFTER_TODAY},
    {0},
};
static const struct field_spec identity_fields[] = {
    {.name = "evidence",
     .label = "the evidence of identity seen",
     .type = FIELD_CHOICE,
     .required = true,
     .choices = subject_access_evidence},
    {.name = "checked_on",
     .label = "the date the identity was checked",
     .type = FIELD_DATE,
     .required = true,
     .when = FIELD_DATE_NOT_AFTER_TODAY},
    {0},
};
static const char *const extension_months[] = {"1", "2", NULL};
static const struct field_spec extension_fields[] = {
    {.name = "months",
     .label = "how many further months",
     .type = FIELD_CHOICE,
     .required = true,
     .choices = extension_months},
    {.name = "reason",
     .label = "why the request is extended",
     .type = FIELD_TEXT,
     .required = true,
     .max = 2000},
    {0},
};
static const struct field_spec closure_fields[] = {
    {.name = "closed_on",
     .label = "the date the request was answered",
     .type = FIELD_DATE,
     .required = true,
     .when = FIELD_DATE_NOT_AFTER_TODAY},
    {.name = "outcome",
     .label = "the outcome",
     .type = FIELD_CHOICE,
     .required = true,
     .choices = subject_access_outcomes},
    {.name = "outcome_reason", .label = "the reasons", .type = FIELD_TEXT, .max = 4000},
    {0},
};

static const struct route routes[] = {
    {.method = HTTP_GET,
     .pattern = "/subject-access",
     .action = "subject_access.manage",
     .handler = subject_access_index,
     .page = "subjectaccess/list",
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/subject-access/new",
     .action = "subject_access.manage",
     .handler = subject_access_new_form,
     .page = "subjectaccess/new"},
    {.method = HTTP_POST,
     .pattern = "/subject-access",
     .action = "subject_access.manage",
     .handler = subject_access_add,
     .page = "subjectaccess/new",
     .body = request_fields,
     .redisplay = subject_access_new_form,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/subject-access/{id:int}",
     .action = "subject_access.read",
     .handler = subject_access_show,
     .page = "subjectaccess/show",
     .api = true},
    {.method = HTTP_POST,
     .pattern = "/subject-access/{id:int}/identity",
     .action = "subject_access.verify",
     .handler = subject_access_identity,
     .page = "subjectaccess/show",
     .body = identity_fields,
     .redisplay = subject_access_show,
     .api = true},
    {.method = HTTP_POST,
     .pattern = "/subject-access/{id:int}/extension",
     .action = "subject_access.change",
     .handler = subject_access_extension,
     .page = "subjectaccess/show",
     .body = extension_fields,
     .redisplay = subject_access_show,
     .api = true},
    {.method = HTTP_POST,
     .pattern = "/subject-access/{id:int}/closure",
     .action = "subject_access.change",
     .handler = subject_access_closure,
     .page = "subjectaccess/show",
     .body = closure_fields,
     .redisplay = subject_access_show,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/subject-access/{id:int}/pack",
     .action = "subject_access.pack",
     .handler = subject_access_show_pack,
     .page = "subjectaccess/pack",
     .api = true},
    {0},
};

/* Who may take this area's actions: deny by default; only the partnership team, who see every request. */
static const struct policy_rule access[] = {
    /* the open requests list names no child (record numbers only), but recording one is a change */
    {.action = "subject_access.manage", .roles = ROLE_PARTNERSHIP, .audited = true},
    {.action = "subject_access.read",
     .roles = ROLE_PARTNERSHIP,
     .resource = "subject_access_request",
     .every_record = ROLE_PARTNERSHIP,
     .audited = true},
    /* recording how the requester's identity was checked, which opens the pack */
    {.action = "subject_access.verify",
     .roles = ROLE_PARTNERSHIP,
     .resource = "subject_access_request",
     .every_record = ROLE_PARTNERSHIP,
     .audited = true,
     .shown_as = "subject_access.read"},
    {.action = "subject_access.change",
     .roles = ROLE_PARTNERSHIP,
     .resource = "subject_access_request",
     .every_record = ROLE_PARTNERSHIP,
     .audited = true,
     .shown_as = "subject_access.read"},
    {.action = "subject_access.pack",
     .roles = ROLE_PARTNERSHIP,
     .resource = "subject_access_request",
     .every_record = ROLE_PARTNERSHIP,
     .audited = true},
    {0},
};

static const struct area_link links[] = {
    {.section = "The partnership",
     .action = "subject_access.manage",
     .href = "/subject-access",
     .text = "Subject access requests",
     .place = 100},
    {0},
};

const struct area area_subjectaccess = {
    .name = "subjectaccess",
    .routes = routes,
    .access = access,
    .records = subject_access_records,
    .links = links,
    .tasks = subject_access_tasks,
    .subject_access = subject_access_own_tables,
    .load_demo = subject_access_load_demo,
    /* needs the children's and the accounts' demo */
    .demo_order = 90,
};
