/*
 * area.c (scrutiny) — independent scrutiny of the partnership (issue 20):
 * the scrutineer's dashboard, the challenge log, the annual report (its
 * page, PDF, spreadsheet and Easy Read) and the scrutineer's statement in it,
 * their routes (each with its JSON twin), the access rules
 * for its actions, its dashboard link and the tasks it puts on people's
 * lists. Handlers are in dashboard.c and challenges.c; the store in
 * store_sqlite.c. The report is in report.c (the PDF's renderer in pdf.c),
 * the statement's handlers in statement.c.
 *
 * Who may do what is the policy's: the scrutineer and the partnership team
 * raise challenges and see every one; an agency's people see and answer the
 * challenges to their agency (the partnership's team those to the
 * partnership); the person who raised a challenge, or any scrutineer,
 * accepts or escalates its response. Anyone else is answered 404. Everyone
 * reads the annual report of a year the partnership has published; the
 * partnership and the scrutineer read every year's as it stands.
 */
#include "app/area.h"
#include "areas/scrutiny/handlers.h"
#include "areas/scrutiny/store.h"

/* Everyone but the administrator, who manages accounts, not the partnership's work. */
#define ROLE_EVERY_AGENCY (ROLE_CHILD_WORKERS | ROLE_SCRUTINEER | ROLE_AGENCY_ADMIN)

static const struct field_spec list_fields[] = {PAGE_FIELDS, {0}};
static const struct field_spec period_fields[] = {PERIOD_FIELDS, {0}};
/* `year` is read by its handler (scrutiny_requested_year), which says in one message how a year is written
 * whatever is wrong with it: no length here to say otherwise of one too long ("2020-21x") */
static const struct field_spec report_fields[] = {
    {.name = "year", .label = "the reporting year", .type = FIELD_TEXT},
    {0},
};

static const struct field_spec statement_fields[] = {
    {.name = "year", .label = "the reporting year", .type = FIELD_TEXT, .required = true},
    {.name = "statement", .label = "the statement", .type = FIELD_TEXT, .required = true, .max = 20000},
    {.name = "publish", .label = "whether to publish the statement", .type = FIELD_BOOL},
    {0},
};

static const struct field_spec raise_fields[] = {
    {.name = "subject", .label = "the subject", .type = FIELD_TEXT, .required = true, .max = 200},
    {.name = "detail", .label = "the challenge", .type = FIELD_TEXT, .required = true, .max = 10000},
    {.name = "owner",
     .label = "the agency the challenge is to",
     .type = FIELD_SLUG,
     .required = true,
     .in_select = true,
     .max = 100},
    {.name = "respond_by",
     .label = "the date to respond by",
     .type = FIELD_DATE,
     .required = true,
     .when = FIELD_DATE_NOT_BEFORE_TODAY},
    {0},
};

static const struct field_spec respond_fields[] = {
    {.name = "response", .label = "the response", .type = FIELD_TEXT, .required = true, .max = 10000},
    {0},
};

static const char *const decisions[] = {"accept", "escalate", NULL};
static const struct field_spec decide_fields[] = {
    {.name = "decision",
     .label = "whether the response is accepted or escalated",
     .type = FIELD_CHOICE,
     .required = true,
     .choices = decisions},
    {.name = "note", .label = "the note on the decision", .type = FIELD_TEXT, .max = 10000},
    {.name = "respond_by", .label = "the date a further response is due", .type = FIELD_DATE},
    {0},
};

static const struct route routes[] = {
    {.method = HTTP_GET,
     .pattern = "/scrutiny",
     .action = "scrutiny.dashboard",
     .handler = scrutiny_dashboard,
     .page = "scrutiny/dashboard",
     .query = period_fields,
     .redisplay = scrutiny_dashboard_form,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/reports/annual.xlsx",
     .action = "report.published",
     .handler = scrutiny_report_xlsx,
     .query = report_fields},
    {.method = HTTP_GET,
     .pattern = "/reports/annual.pdf",
     .action = "report.published",
     .handler = scrutiny_report_pdf,
     .query = report_fields},
    {.method = HTTP_GET,
     .pattern = "/reports/annual/easy-read",
     .action = "report.published",
     .handler = scrutiny_report_easy_read,
     .page = "scrutiny/easy_read",
     .query = report_fields,
     .redisplay = scrutiny_report_form,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/reports/annual/statement",
     .action = "report.statement",
     .handler = scrutiny_statement_form,
     .page = "scrutiny/statement",
     .query = report_fields,
     .redisplay = scrutiny_statement_form_again,
     .api = true},
    {.method = HTTP_POST,
     .pattern = "/reports/annual/statement",
     .action = "report.statement",
     .handler = scrutiny_statement_write_page,
     .page = "scrutiny/statement",
     .body = statement_fields,
     .redisplay = scrutiny_statement_form_again,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/reports/annual",
     .action = "report.published",
     .handler = scrutiny_report_page,
     .page = "scrutiny/annual_report",
     .query = report_fields,
     .redisplay = scrutiny_report_form,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/challenges",
     .action = "challenge.list",
     .handler = challenges_list,
     .page = "scrutiny/challenges",
     .query = list_fields,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/challenges/new",
     .action = "challenge.raise",
     .handler = challenges_new_form,
     .page = "scrutiny/new_challenge"},
    {.method = HTTP_POST,
     .pattern = "/challenges",
     .action = "challenge.raise",
     .handler = challenges_raise,
     .page = "scrutiny/new_challenge",
     .body = raise_fields,
     .redisplay = challenges_new_form,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/challenges/{id:int}",
     .action = "challenge.read",
     .handler = challenges_show,
     .page = "scrutiny/challenge",
     .api = true},
    {.method = HTTP_POST,
     .pattern = "/challenges/{id:int}/response",
     .action = "challenge.respond",
     .handler = challenges_respond,
     .page = "scrutiny/challenge",
     .body = respond_fields,
     .redisplay = challenges_show,
     .api = true},
    {.method = HTTP_POST,
     .pattern = "/challenges/{id:int}/board-agenda",
     .action = "challenge.place",
     .handler = challenges_place,
     .page = "scrutiny/challenge",
     .redisplay = challenges_show,
     .api = true},
    {.method = HTTP_POST,
     .pattern = "/challenges/{id:int}/decision",
     .action = "challenge.decide",
     .handler = challenges_decide,
     .page = "scrutiny/challenge",
     .body = decide_fields,
     .redisplay = challenges_show,
     .api = true},
    {0},
};

/* Who may take this area's actions: deny by default. */
static const struct policy_rule access[] = {
    /* the dashboard: figures only, for the scrutineer and the partnership team */
    {.action = "scrutiny.dashboard", .roles = ROLE_SCRUTINEER | ROLE_PARTNERSHIP},
    /* the annual report as published (a year ended, its statement published: report.c), for everyone: it is
     * what the partnership publishes to the public */
    {.action = "report.published", .roles = ROLE_EVERY_AGENCY},
    /* every year's report as it stands, drafts and years not yet published: the partnership and the
     * scrutineer (a decision inside the report's handlers, which every reader of it reaches) */
    {.action = "report.annual", .roles = ROLE_SCRUTINEER | ROLE_PARTNERSHIP},
    /* a year's published figures (the report, the dashboard) before the year has ended: the partnership,
     * who read the exact counts anyway; figures counted live, read a day apart, give a day's count away */
    {.action = "report.running_year", .roles = ROLE_PARTNERSHIP},
    /* the scrutineer's statement in it: the scrutineer's own words, written by nobody else */
    {.action = "report.statement", .roles = ROLE_SCRUTINEER, .audited = true},
    /* the log: every challenge for the partnership and the scrutineer, an agency's own for its people */
    {.action = "challenge.list", .roles = ROLE_EVERY_AGENCY},
    {.action = "challenge.read",
     .roles = ROLE_EVERY_AGENCY,
     .resource = "challenge",
     .every_record = ROLE_SCRUTINEER | ROLE_PARTNERSHIP},
    /* raising one: the scrutineer, or the partnership team for the board */
    {.action = "challenge.raise", .roles = ROLE_SCRUTINEER | ROLE_PARTNERSHIP, .audited = true},
    /* answering one: the owning agency's people (not the scrutineer, who is not answerable) */
    {.action = "challenge.respond",
     .roles = ROLE_CHILD_WORKERS | ROLE_AGENCY_ADMIN,
     .resource = "challenge",
     .audited = true},
    /* accepting or escalating the response: whoever raised the challenge, or any scrutineer */
    {.action = "challenge.decide",
     .roles = ROLE_SCRUTINEER | ROLE_PARTNERSHIP,
     .resource = "challenge_raised",
     .every_record = ROLE_SCRUTINEER,
     .audited = true},
    /* placing an escalated challenge on the board's agenda when none was planned at its escalation: the
     * partnership team, who run the board's meetings */
    {.action = "challenge.place", .roles = ROLE_PARTNERSHIP, .audited = true},
    {0},
};

static const struct area_link links[] = {
    {.section = "Quality and assurance",
     .action = "scrutiny.dashboard",
     .href = "/scrutiny",
     .text = "Independent scrutiny: every area's figures, audits and challenges",
     .place = 45},
    {.section = "Quality and assurance",
     .action = "report.published",
     .href = "/reports/annual",
     .text = "The annual report",
     .place = 46},
    {.section = "Quality and assurance",
     .action = "challenge.list",
     .href = "/challenges",
     .text = "Challenge log: the scrutineer's challenges and the answers",
     .place = 50},
    {0},
};

const struct area area_scrutiny = {
    .name = "scrutiny",
    .routes = routes,
    .access = access,
    .records = scrutiny_records,
    .links = links,
    .tasks = scrutiny_tasks,
    .figures = scrutiny_published,
    .commands = scrutiny_commands,
    /* after the accounts (20) it names */
    .load_demo = scrutiny_load_demo,
    .demo_order = 45,
};
