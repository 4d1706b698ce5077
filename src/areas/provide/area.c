/*
 * area.c (provide) — Operation Provide: the area's routes, who may take its
 * actions and its links on the dashboard. An Independent Domestic Violence
 * Adviser's list of referrals and one referral's page are referrals.c's;
 * each contact attempt, the outcome and the closure, contact.c's; the
 * partnership's coverage settings (which IDVA service covers which area),
 * coverage.c's; and the figures by area and month, figures.c's. Each use
 * case is one handler serving its page (under /provide) and the same JSON
 * under /api/v1/provide.
 *
 * Who may do what (the access table beside the routes): "provide.read"
 * and "provide.record" need the user's agency to be the service the
 * referral went to (anyone else gets 404 before a handler runs); the list
 * is scoped to the user's agency in its query. Reads are audited by the
 * server; each change writes its audit row in its own unit of work.
 */
#include "auth/policy.h"
#include "app/area.h"
#include "areas/provide/tasks.h"
#include "areas/provide/contact.h"
#include "areas/provide/coverage.h"
#include "areas/provide/figures.h"
#include "areas/provide/published.h"
#include "areas/provide/referrals.h"
#include "areas/provide/store.h"

/* ---- routes ---- */

#define REFERRAL_FORM(path, fn, fields, check_step)                                                          \
	{.method = HTTP_POST,                                                                                \
	 .pattern = "/provide/referrals/{id:int}" path,                                                      \
	 .action = "provide.record",                                                                         \
	 .handler = fn,                                                                                      \
	 .page = "provide/referral",                                                                         \
	 .body = fields,                                                                                     \
	 .redisplay = provide_show_referral,                                                                 \
	 .check = check_step},                                                                               \
	{                                                                                                    \
		.method = HTTP_POST, .pattern = "/api/v1/provide/referrals/{id:int}" path,                   \
		.action = "provide.record", .handler = fn, .body = fields                                    \
	}

static const struct route routes[] = {
    {.method = HTTP_GET,
     .pattern = "/provide",
     .action = "provide.list",
     .handler = provide_list_referrals,
     .page = "provide/list",
     .query = provide_list_query,
     .redisplay = provide_list_referrals,
     .api_pattern = "/api/v1/provide/referrals"},
    {.method = HTTP_GET,
     .pattern = "/provide/referrals/{id:int}",
     .action = "provide.read",
     .handler = provide_show_referral,
     .page = "provide/referral",
     .api = true},
    REFERRAL_FORM("/attempts", provide_record_attempt, provide_attempt_fields, NULL),
    REFERRAL_FORM("/outcome", provide_record_outcome, provide_outcome_fields, &provide_outcome_closure_check),
    REFERRAL_FORM("/closure", provide_record_closure, provide_closure_fields, &provide_closure_check),
    {.method = HTTP_GET,
     .pattern = "/provide/coverage",
     .action = "da.settings",
     .handler = provide_show_coverage,
     .page = "provide/coverage",
     .api = true},
    {.method = HTTP_POST,
     .pattern = "/provide/coverage",
     .action = "da.settings",
     .handler = provide_save_coverage,
     .page = "provide/coverage",
     .body = provide_coverage_fields,
     .redisplay = provide_coverage_again,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/provide/figures.csv",
     .action = "provide.figures",
     .handler = provide_figures_download,
     .query = provide_figures_query},
    {.method = HTTP_GET,
     .pattern = "/provide/figures.xlsx",
     .action = "provide.figures",
     .handler = provide_figures_download,
     .query = provide_figures_query},
    {.method = HTTP_GET,
     .pattern = "/provide/figures",
     .action = "provide.figures",
     .handler = provide_show_figures,
     .page = "provide/figures",
     .query = provide_figures_query,
     .redisplay = provide_figures_redisplay,
     .api = true},
    {0},
};

static enum haven_status load_demo(void)
{
	return provide_load_demo();
}

/* Who may take this area's actions (auth/policy.h): deny by default, so an action not here is refused. */
static const struct policy_rule access[] = {
    /* Operation Provide: an IDVA service sees and works only its own referrals */
    {.action = "provide.list", .roles = ROLE_IDVA, .audited = true},
    {.action = "provide.read", .roles = ROLE_IDVA, .resource = "idva_referral", .audited = true},
    {.action = "provide.record",
     .roles = ROLE_IDVA,
     .resource = "idva_referral",
     .audited = true,
     .shown_as = "provide.read"},
    {.action = "provide.figures", .roles = ROLE_PARTNERSHIP | ROLE_IDVA | ROLE_POLICE},
    {0},
};

/* Its links on the dashboard (app/area.h); `place` orders them within their section. */
static const struct area_link links[] = {
    {.section = "Domestic abuse",
     .action = "provide.list",
     .href = "/provide",
     .text = "Operation Provide referrals",
     .place = 110},
    {.section = "Domestic abuse",
     .action = "provide.figures",
     .href = "/provide/figures",
     .text = "Operation Provide figures",
     .place = 130},
    {.section = "Domestic abuse",
     .action = "da.settings",
     .href = "/provide/coverage",
     .text = "Which IDVA service covers which area",
     .place = 150},
    {0},
};

const struct area area_provide = {
    .tasks = provide_tasks,
    .figures = provide_published,
    .name = "provide",
    .links = links,
    .access = access,
    .records = provide_records,
    .chronology = provide_chronology,
    .routes = routes,
    .load_demo = load_demo,
    /* after the partnership (10), accounts (20) and the police intake's own demo, if any */
    .demo_order = 70,
};
