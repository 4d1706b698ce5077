/*
 * area.c (contextual) — contextual safeguarding: the area's one route table
 * (each use case a page and its JSON twin under /api/v1), who may take its
 * actions, its dashboard links and its contract with Haven. The handlers
 * are in a file per subject (handlers.h): missing episodes (missing.c), their
 * returns and return home interviews (returns.c), the strategy discussions a repeat prompts
 * (strategy.c), exploitation screenings (screenings.c), NRM
 * referrals and moves to adult services (nrm.c), places, groups and persons
 * of concern (contexts.c), MACE meetings (mace.c), imports (commands.c).
 *
 * Who may do what: the police report episodes and record returns; the local
 * authority of the child's home (its front door and practitioners) offers
 * and records the interview; both see only the episodes they are related to
 * (anyone else: 404). The partnership sets the repeat-missing rule; the
 * figures are aggregates. Screenings, referrals and moves to adult services
 * need a relationship to the child's record. Places and groups are shared
 * with all who screen children (to read and link to), but corrected, ended
 * or reopened only by the agency that recorded one and the exploitation
 * teams; persons of concern only with the police and
 * the local authority's front door (its exploitation team), and a context's
 * page shows only the children the viewer's agency works with.
 */
#include "app/area.h"
#include "areas/children/merged.h"
#include "areas/contextual/handlers.h"
#include "areas/contextual/store.h"
#include "auth/policy.h"
#include "router/page.h"

/* ---- routes ---- */

#define EPISODE_FORM(path, act, fn, fields)                                                                  \
	{                                                                                                    \
		.method = HTTP_POST, .pattern = "/missing-episodes/{id:int}" path, .action = act,            \
		.handler = fn, .page = "contextual/episode", .body = fields,                                 \
		.redisplay = contextual_show_episode, .api = true                                            \
	}

/* The five use cases of a kind of context, each a page and its JSON twin: the list (with the form for a new
 * one), a new one, one with its links, disruptions and network, a child linked, a disruption recorded. */
#define CONTEXT_ROUTES(base, act, list, create, fields, show, link, disrupt)                                 \
	{.method = HTTP_GET,                                                                                 \
	 .pattern = base,                                                                                    \
	 .action = act ".list",                                                                              \
	 .handler = list,                                                                                    \
	 .page = "contextual/contexts",                                                                      \
	 .query = contextual_context_list_query,                                                             \
	 .redisplay = list,                                                                                  \
	 .api = true},                                                                                       \
	    {.method = HTTP_POST,                                                                            \
	     .pattern = base,                                                                                \
	     .action = act ".create",                                                                        \
	     .handler = create,                                                                              \
	     .page = "contextual/contexts",                                                                  \
	     .body = fields,                                                                                 \
	     .redisplay = list,                                                                              \
	     .api = true},                                                                                   \
	    {.method = HTTP_GET,                                                                             \
	     .pattern = base "/{id:int}",                                                                    \
	     .action = act ".read",                                                                          \
	     .handler = show,                                                                                \
	     .page = "contextual/context",                                                                   \
	     .api = true},                                                                                   \
	    {.method = HTTP_POST,                                                                            \
	     .pattern = base "/{id:int}/links",                                                              \
	     .action = act ".link",                                                                          \
	     .handler = link,                                                                                \
	     .page = "contextual/context",                                                                   \
	     .body = contextual_link_fields,                                                                 \
	     .redisplay = show,                                                                              \
	     .api = true},                                                                                   \
	{                                                                                                    \
		.method = HTTP_POST, .pattern = base "/{id:int}/disruptions", .action = act ".disrupt",      \
		.handler = disrupt, .page = "contextual/context", .body = contextual_disruption_fields,      \
		.redisplay = show, .api = true                                                               \
	}

/* A change to a context (its details, its end, a child's link changed or ended) with its reason: the page
 * again on errors. */
#define CONTEXT_CHANGE(base, path, act, fn, fields, show)                                                    \
	{                                                                                                    \
		.method = HTTP_POST, .pattern = base "/{id:int}" path, .action = act, .handler = fn,         \
		.page = "contextual/context", .body = fields, .redisplay = show, .api = true                 \
	}
#define CONTEXT_CHANGE_ROUTES(base, act, show, edit, end, reopen, change_link, end_link)                     \
	CONTEXT_CHANGE(base, "/edit", act ".edit", edit, contextual_context_edit_fields, show),              \
	    CONTEXT_CHANGE(base, "/end", act ".edit", end, contextual_context_end_fields, show),             \
	    CONTEXT_CHANGE(base, "/reopen", act ".edit", reopen, contextual_context_reopen_fields, show),    \
	    CONTEXT_CHANGE(base, "/links/change", act ".link", change_link, contextual_link_change_fields,   \
	                   show),                                                                            \
	    CONTEXT_CHANGE(base, "/links/end", act ".link", end_link, contextual_link_end_fields, show)

/*
 * A referral or a move to adult services about a record merged away is refused before nrm.c's
 * handler is asked (children_refuse_merged): the record stands for no one, the record kept does.
 */
static enum haven_status create_nrm(struct request *req, struct response *res)
{
	enum haven_status st =
	    children_refuse_merged(field_int(req->params, "id"), "child", "refer the child on that one", res);
	if (st != HAVEN_OK || res->errors)
		return st;
	return contextual_create_nrm(req, res);
}

static enum haven_status create_transition(struct request *req, struct response *res)
{
	enum haven_status st =
	    children_refuse_merged(field_int(req->params, "id"), "child", "record the move on that one", res);
	if (st != HAVEN_OK || res->errors)
		return st;
	return contextual_create_transition(req, res);
}

static const struct route routes[] = {
    {.method = HTTP_GET,
     .pattern = "/missing-episodes",
     .action = "missing.list",
     .handler = contextual_list_episodes,
     .page = "contextual/episodes",
     .query = contextual_episode_list_query,
     .redisplay = contextual_list_episodes,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/missing-episodes/new",
     .action = "missing.create",
     .handler = contextual_new_episode_form,
     .page = "contextual/new-episode"},
    {.method = HTTP_POST,
     .pattern = "/missing-episodes",
     .action = "missing.create",
     .handler = contextual_create_episode_form,
     .page = "contextual/new-episode",
     .body = contextual_episode_form_fields,
     .redisplay = contextual_new_episode_form},
    {.method = HTTP_POST,
     .pattern = "/api/v1/missing-episodes",
     .action = "missing.create",
     .handler = contextual_create_episode_api,
     .body = contextual_episode_api_fields},
    {.method = HTTP_GET,
     .pattern = "/missing-episodes/{id:int}",
     .action = "missing.read",
     .handler = contextual_show_episode,
     .page = "contextual/episode",
     .api = true},
    EPISODE_FORM("/return", "missing.return", contextual_post_return, contextual_return_fields),
    EPISODE_FORM("/interview", "missing.interview", contextual_post_interview, contextual_interview_fields),
    EPISODE_FORM("/strategy-discussion", "missing.strategy", contextual_post_strategy,
                 contextual_strategy_fields),
    EPISODE_FORM("/placing-authority-told", "missing.placing_told", contextual_post_placing_told,
                 contextual_placing_told_fields),
    {.method = HTTP_GET,
     .pattern = "/missing-episodes/figures",
     .action = "missing.figures",
     .handler = contextual_show_figures,
     .page = "contextual/figures",
     .query = contextual_figures_query,
     .redisplay = contextual_figures_redisplay,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/missing-episodes/settings",
     .action = "missing.settings",
     .handler = contextual_show_repeat_rule,
     .page = "contextual/settings",
     .api = true},
    {.method = HTTP_POST,
     .pattern = "/missing-episodes/settings",
     .action = "missing.settings",
     .handler = contextual_save_repeat_rule,
     .page = "contextual/settings",
     .body = contextual_settings_fields,
     .redisplay = contextual_show_repeat_rule,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/exploitation/children/{id:int}/screenings",
     .action = "screening.list",
     .handler = contextual_child_screenings_page,
     .page = "contextual/screenings",
     .api_pattern = "/api/v1/exploitation/children/{id:int}/screenings"},
    {.method = HTTP_POST,
     .pattern = "/exploitation/children/{id:int}/screenings",
     .action = "screening.create",
     .handler = contextual_create_screening,
     .page = "contextual/screenings",
     .body = contextual_screening_fields,
     .redisplay = contextual_child_screenings_page,
     .api_pattern = "/api/v1/exploitation/children/{id:int}/screenings"},
    {.method = HTTP_GET,
     .pattern = "/exploitation/screenings/{id:int}",
     .action = "screening.read",
     .handler = contextual_show_screening,
     .page = "contextual/screening",
     .api_pattern = "/api/v1/exploitation/screenings/{id:int}"},
    {.method = HTTP_POST,
     .pattern = "/exploitation/children/{id:int}/nrm-referrals",
     .action = "nrm.create",
     .handler = create_nrm,
     .page = "contextual/screenings",
     .body = contextual_nrm_fields,
     .redisplay = contextual_child_screenings_page,
     .api_pattern = "/api/v1/exploitation/children/{id:int}/nrm-referrals"},
    {.method = HTTP_GET,
     .pattern = "/exploitation/nrm-referrals/{id:int}",
     .action = "nrm.read",
     .handler = contextual_show_nrm,
     .page = "contextual/nrm-referral",
     .api_pattern = "/api/v1/exploitation/nrm-referrals/{id:int}"},
    {.method = HTTP_POST,
     .pattern = "/exploitation/nrm-referrals/{id:int}/decisions",
     .action = "nrm.update",
     .handler = contextual_decide_nrm,
     .page = "contextual/nrm-referral",
     .body = contextual_nrm_decision_fields,
     .redisplay = contextual_show_nrm,
     .api_pattern = "/api/v1/exploitation/nrm-referrals/{id:int}/decisions"},
    {.method = HTTP_POST,
     .pattern = "/exploitation/children/{id:int}/transitions",
     .action = "transition.create",
     .handler = create_transition,
     .page = "contextual/screenings",
     .body = contextual_transition_fields,
     .redisplay = contextual_child_screenings_page,
     .api_pattern = "/api/v1/exploitation/children/{id:int}/transitions"},
    {.method = HTTP_GET,
     .pattern = "/exploitation/children/{id:int}/network",
     .action = "network.read",
     .handler = contextual_child_network,
     .page = "contextual/child-network",
     .api_pattern = "/api/v1/exploitation/children/{id:int}/network"},
    /* contexts: places and groups, and (routes of their own, for the policy) persons of concern */
    CONTEXT_ROUTES("/contexts", "context", contextual_list_contexts, contextual_create_context,
                   contextual_context_fields, contextual_show_context, contextual_link_context,
                   contextual_disrupt_context),
    CONTEXT_ROUTES("/persons-of-concern", "person", contextual_list_persons, contextual_create_person,
                   contextual_person_fields, contextual_show_person, contextual_link_person,
                   contextual_disrupt_person),
    CONTEXT_CHANGE_ROUTES("/contexts", "context", contextual_show_context, contextual_edit_context,
                          contextual_end_context, contextual_reopen_context, contextual_change_context_link,
                          contextual_end_context_link),
    CONTEXT_CHANGE_ROUTES("/persons-of-concern", "person", contextual_show_person, contextual_edit_person,
                          contextual_end_person, contextual_reopen_person, contextual_change_person_link,
                          contextual_end_person_link),
    /* MACE meetings: level 1 (children) for all who screen children, level 2 (persons and places) for the
     * police and the exploitation team (the record type's relationship and every_record) */
    {.method = HTTP_GET,
     .pattern = "/mace/meetings",
     .action = "mace.list",
     .handler = contextual_mace_list_page,
     .page = "contextual/mace-meetings",
     .query = contextual_mace_list_query,
     .redisplay = contextual_mace_list_page,
     .api = true},
    {.method = HTTP_POST,
     .pattern = "/mace/meetings",
     .action = "mace.create",
     .handler = contextual_mace_create,
     .page = "contextual/mace-meetings",
     .body = contextual_mace_fields,
     .redisplay = contextual_mace_list_page,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/mace/meetings/{id:int}",
     .action = "mace.read",
     .handler = contextual_mace_show,
     .page = "contextual/mace-meeting",
     .api = true},
    {.method = HTTP_POST,
     .pattern = "/mace/meetings/{id:int}/attendance",
     .action = "mace.update",
     .handler = contextual_mace_attendance,
     .page = "contextual/mace-meeting",
     .body = contextual_mace_attendance_fields,
     .redisplay = contextual_mace_show,
     .api = true},
    {.method = HTTP_POST,
     .pattern = "/mace/meetings/{id:int}/actions",
     .action = "mace.update",
     .handler = contextual_mace_add_action,
     .page = "contextual/mace-meeting",
     .body = contextual_mace_action_fields,
     .redisplay = contextual_mace_show,
     .api = true},
    {.method = HTTP_POST,
     .pattern = "/mace/actions/{id:int}",
     .action = "mace.action.update",
     .handler = contextual_mace_set_action_status,
     .page = "contextual/mace-meeting",
     .body = contextual_mace_status_fields,
     .redisplay = contextual_mace_action_meeting,
     .api = true},
    {0},
};

/* Who screens a child for exploitation: those who work with children, not IDVAs (who work with adults). */
#define SCREENERS (ROLE_PRACTITIONER | ROLE_FRONT_DOOR | ROLE_POLICE | ROLE_DSL)

/* Who works on exploitation with persons of concern: the police, and the local authority's exploitation team,
 * which Haven knows as the authority's front door (the role that takes its safeguarding referrals). */
#define EXPLOITATION_TEAMS (ROLE_POLICE | ROLE_FRONT_DOOR)

/* Who may take this area's actions (auth/policy.h): deny by default. */
static const struct policy_rule access[] = {
    /* the police report episodes and returns; the child's local authority offers and holds the interview */
    {.action = "missing.list", .roles = ROLE_POLICE | ROLE_FRONT_DOOR | ROLE_PRACTITIONER, .audited = true},
    {.action = "missing.create", .roles = ROLE_POLICE, .audited = true},
    {.action = "missing.read",
     .roles = ROLE_POLICE | ROLE_FRONT_DOOR | ROLE_PRACTITIONER,
     .resource = "missing_episode",
     .audited = true},
    {.action = "missing.return",
     .roles = ROLE_POLICE,
     .resource = "missing_episode",
     .audited = true,
     .shown_as = "missing.read"},
    {.action = "missing.interview",
     .roles = ROLE_FRONT_DOOR | ROLE_PRACTITIONER,
     .resource = "missing_episode",
     .audited = true,
     .shown_as = "missing.read"},
    /* the placing authority told: the police who report, the child's local authority or the placing one */
    {.action = "missing.placing_told",
     .roles = ROLE_POLICE | ROLE_FRONT_DOOR | ROLE_PRACTITIONER,
     .resource = "missing_episode",
     .audited = true,
     .shown_as = "missing.read"},
    /* the strategy discussion a repeat prompts: the local authority convenes it, with the police */
    {.action = "missing.strategy",
     .roles = ROLE_FRONT_DOOR | ROLE_PRACTITIONER | ROLE_POLICE,
     .resource = "missing_episode",
     .audited = true,
     .shown_as = "missing.read"},
    {.action = "missing.figures", .roles = ROLE_PARTNERSHIP | ROLE_POLICE | ROLE_FRONT_DOOR},
    {.action = "missing.settings", .roles = ROLE_PARTNERSHIP, .audited = true},
    /* exploitation screenings: whoever works with the child (a relationship to the child's record) */
    {.action = "screening.list", .roles = SCREENERS, .resource = "child", .audited = true},
    {.action = "screening.create",
     .roles = SCREENERS,
     .resource = "child",
     .audited = true,
     .shown_as = "screening.list"},
    {.action = "screening.read", .roles = SCREENERS, .resource = "exploitation_screening", .audited = true},
    /* National Referral Mechanism referrals: first responders and those working with the child */
    {.action = "nrm.create",
     .roles = SCREENERS,
     .resource = "child",
     .audited = true,
     .shown_as = "screening.list"},
    {.action = "transition.create",
     .roles = ROLE_PRACTITIONER | ROLE_FRONT_DOOR,
     .resource = "child",
     .audited = true,
     .shown_as = "screening.list"},
    /* a child's network: the contexts they are linked to (persons only for those who see persons) */
    {.action = "network.read", .roles = SCREENERS, .resource = "child", .audited = true},
    {.action = "nrm.read", .roles = SCREENERS, .resource = "nrm_referral", .audited = true},
    /* its decisions: only the referring agency (the one that recorded it), as the Home Office tells it;
     * the other agencies linked to the child read them */
    {.action = "nrm.update",
     .roles = SCREENERS,
     .resource = "nrm_referral_referrer",
     .audited = true,
     .shown_as = "nrm.read"},
    /* places and groups: the partnership's shared knowledge, every one of them for whoever works with
     * children (their pages show only the children the viewer's agency works with) */
    {.action = "context.list", .roles = SCREENERS, .audited = true},
    {.action = "context.create", .roles = SCREENERS, .audited = true, .shown_as = "context.list"},
    {.action = "context.read",
     .roles = SCREENERS,
     .resource = "context",
     .every_record = SCREENERS,
     .audited = true},
    {.action = "context.link",
     .roles = SCREENERS,
     .resource = "context",
     .every_record = SCREENERS,
     .audited = true,
     .shown_as = "context.read"},
    {.action = "context.disrupt",
     .roles = SCREENERS,
     .resource = "context",
     .every_record = SCREENERS,
     .audited = true,
     .shown_as = "context.read"},
    /* a place or group corrected, ended or reopened (with a reason, its history kept) only by the agency
     * that recorded it (the record type's relationship) and by the exploitation teams who run MACE, since
     * an ended one drops out of every agency's networks and agendas; others read it and link to it */
    {.action = "context.edit",
     .roles = SCREENERS,
     .resource = "context",
     .every_record = EXPLOITATION_TEAMS,
     .audited = true,
     .shown_as = "context.read"},
    /* persons of concern: every one to the police and the local authority's exploitation team (its front
     * door), to nobody else */
    {.action = "person.list", .roles = EXPLOITATION_TEAMS, .audited = true},
    {.action = "person.create", .roles = EXPLOITATION_TEAMS, .audited = true, .shown_as = "person.list"},
    {.action = "person.read",
     .roles = EXPLOITATION_TEAMS,
     .resource = "person_of_concern",
     .every_record = EXPLOITATION_TEAMS,
     .audited = true},
    {.action = "person.link",
     .roles = EXPLOITATION_TEAMS,
     .resource = "person_of_concern",
     .every_record = EXPLOITATION_TEAMS,
     .audited = true,
     .shown_as = "person.read"},
    {.action = "person.disrupt",
     .roles = EXPLOITATION_TEAMS,
     .resource = "person_of_concern",
     .every_record = EXPLOITATION_TEAMS,
     .audited = true,
     .shown_as = "person.read"},
    {.action = "person.edit",
     .roles = EXPLOITATION_TEAMS,
     .resource = "person_of_concern",
     .every_record = EXPLOITATION_TEAMS,
     .audited = true,
     .shown_as = "person.read"},
    /* MACE meetings: the police and the exploitation team run them; all who screen children read level 1
     * meetings (their pages show only the children the viewer's agency works with), only the police and the
     * exploitation team level 2 ones; an action's owner agency sets its status */
    {.action = "mace.list", .roles = SCREENERS, .audited = true},
    {.action = "mace.create", .roles = EXPLOITATION_TEAMS, .audited = true, .shown_as = "mace.list"},
    {.action = "mace.read",
     .roles = SCREENERS,
     .resource = "mace_meeting",
     .every_record = EXPLOITATION_TEAMS,
     .audited = true},
    {.action = "mace.update",
     .roles = EXPLOITATION_TEAMS,
     .resource = "mace_meeting",
     .every_record = EXPLOITATION_TEAMS,
     .audited = true,
     .shown_as = "mace.read"},
    {.action = "mace.action.update",
     .roles = SCREENERS,
     .resource = "mace_action",
     .every_record = EXPLOITATION_TEAMS,
     .audited = true,
     .shown_as = "mace.read"},
    {0},
};

static const struct area_link links[] = {
    {.section = "Contextual safeguarding",
     .action = "missing.list",
     .href = "/missing-episodes",
     .text = "Missing episodes and return home interviews",
     .place = 10},
    {.section = "Contextual safeguarding",
     .action = "missing.create",
     .href = "/missing-episodes/new",
     .text = "Report a missing episode",
     .place = 20},
    {.section = "Contextual safeguarding",
     .action = "missing.figures",
     .href = "/missing-episodes/figures",
     .text = "Missing episodes: figures",
     .place = 30},
    {.section = "Contextual safeguarding",
     .action = "missing.settings",
     .href = "/missing-episodes/settings",
     .text = "The repeat-missing rule",
     .place = 40},
    {.section = "Contextual safeguarding",
     .action = "context.list",
     .href = "/contexts",
     .text = "Places and groups",
     .place = 50},
    {.section = "Contextual safeguarding",
     .action = "person.list",
     .href = "/persons-of-concern",
     .text = "Persons of concern",
     .place = 60},
    {.section = "Contextual safeguarding",
     .action = "mace.list",
     .href = "/mace/meetings",
     .text = "MACE meetings",
     .place = 70},
    {0},
};

/* On a child's page, for whoever the policy lets work on the child's exploitation risk. */
static const struct child_page_link child_links[] = {
    {.action = "screening.list",
     .href = "/exploitation/children/",
     .after = "/screenings",
     .text = "This child's exploitation screenings and NRM referrals"},
    {.action = "network.read",
     .href = "/exploitation/children/",
     .after = "/network",
     .text = "The places, groups and people this child is linked to"},
    {0},
};

/* What waits for `user` (app/area.h): the interviews are the local authority's, the telling of a placing
 * authority and a repeat's strategy discussion its front door's; screening reviews and MACE actions are
 * anyone's. */
static enum haven_status waiting_for(const struct user *user, json_t *tasks)
{
	enum haven_status st = HAVEN_OK;
	if (user->roles & (ROLE_FRONT_DOOR | ROLE_PRACTITIONER))
		st = contextual_interview_tasks(user, tasks);
	/* a child placed by the authority missing, and a repeat's strategy discussion: its front door's */
	if (st == HAVEN_OK && (user->roles & ROLE_FRONT_DOOR))
		st = contextual_placing_tasks(user, tasks);
	if (st == HAVEN_OK && (user->roles & ROLE_FRONT_DOOR))
		st = contextual_strategy_tasks(user, tasks);
	if (st == HAVEN_OK)
		st = contextual_screening_tasks(user, tasks);
	if (st == HAVEN_OK)
		st = contextual_mace_tasks(user, tasks);
	return st;
}

const struct area area_contextual = {
    .name = "contextual",
    .routes = routes,
    .access = access,
    .records = contextual_records,
    .links = links,
    .child_links = child_links,
    .tasks = waiting_for,
    .chronology = contextual_chronology,
    .subject_access = contextual_subject_access,
    .figures = contextual_published,
    .commands = contextual_commands,
    .load_demo = contextual_load_demo,
    /* after the accounts (20: the people who recorded them) and the children (30) */
    .demo_order = 55,
};
