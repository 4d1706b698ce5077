/*
 * policy.c — the access policy as a table (see policy.h).
 *
 * One row per action: which roles may take it, whether it is about one
 * record of some type (and so needs a relationship to it), which roles may
 * break glass when they have none, and whether it is audited. Reading this
 * table is reading Haven's access policy; change it here and nowhere else.
 */
#include "auth/policy.h"

#include <string.h>

#include "auth/store.h"

struct rule {
	const char *action;
	unsigned roles;        /* who may take it (0 with .anyone) */
	bool anyone;           /* anyone may, signed in or not (the route itself may narrow it) */
	const char *resource;  /* NULL, or the record type it needs a relationship to */
	unsigned break_glass;  /* roles that may break glass without a relationship */
	unsigned every_record; /* roles that need no relationship: they oversee every such record */
	bool audited;
	bool password_only; /* allowed before the second factor is done */
	/* a change whose page, shown again after a failed attempt (a form's errors, a refusal), shows
	 * the record as this read does: the audit row that page writes. NULL: it shows no record */
	const char *shown_as;
};

#define CHILD_WORKERS                                                                                        \
	(ROLE_PRACTITIONER | ROLE_FRONT_DOOR | ROLE_POLICE | ROLE_DSL | ROLE_IDVA | ROLE_PARTNERSHIP)

static const struct rule rules[] = {
    {.action = ACTION_PUBLIC, .anyone = true, .password_only = true},
    /* operational figures, no personal data: the route itself admits only local clients or the
     * holder of the metrics token (src/areas/metrics), which are not people's roles */
    {.action = "metrics.read", .anyone = true, .password_only = true},
    {.action = ACTION_SIGNED_IN, .roles = ROLE_ALL},
    /* finishing sign-in: the second-factor pages and signing out */
    {.action = "session.second_factor", .roles = ROLE_ALL, .password_only = true},
    {.action = "session.end", .roles = ROLE_ALL, .password_only = true},
    /* administration: accounts and settings, never a child's data */
    {.action = "user.manage", .roles = ROLE_ADMIN, .audited = true},
    {.action = "settings.manage", .roles = ROLE_ADMIN, .audited = true},
    /* setting the partnership up: its local authority areas and agencies */
    {.action = "partnership.manage", .roles = ROLE_ADMIN, .audited = true},
    /* an agency's own administrator: the people of their own agency only (a person of another agency is
     * not found); handlers also refuse admin and roles the agency's type may not hold */
    {.action = "agency_users.list", .roles = ROLE_AGENCY_ADMIN, .audited = true},
    {.action = "agency_users.invite", .roles = ROLE_AGENCY_ADMIN, .audited = true},
    {.action = "agency_user.read", .roles = ROLE_AGENCY_ADMIN, .resource = "agency_user", .audited = true},
    {.action = "agency_user.disable",
     .roles = ROLE_AGENCY_ADMIN,
     .resource = "agency_user",
     .audited = true,
     .shown_as = "agency_user.read"},
    {.action = "agency_user.enable",
     .roles = ROLE_AGENCY_ADMIN,
     .resource = "agency_user",
     .audited = true,
     .shown_as = "agency_user.read"},
    /* the audit trail and the information governance review of break-glass access */
    {.action = "audit.read", .roles = ROLE_PARTNERSHIP, .audited = true},
    /* a child's record: needs a relationship, or broken glass */
    {.action = "child.read",
     .roles = CHILD_WORKERS,
     .resource = "child",
     .break_glass = ROLE_FRONT_DOOR | ROLE_POLICE,
     .audited = true},
    {.action = "child.break_glass", .roles = ROLE_FRONT_DOOR | ROLE_POLICE, .audited = true},
    /* serious incident reviews: the partnership team and the named members of a review's group */
    {.action = "review.list", .roles = CHILD_WORKERS, .audited = true},
    {.action = "review.create", .roles = ROLE_PARTNERSHIP | ROLE_FRONT_DOOR, .audited = true},
    {.action = "review.read",
     .roles = CHILD_WORKERS,
     .resource = "review",
     .every_record = ROLE_PARTNERSHIP,
     .audited = true},
    {.action = "review.update",
     .roles = CHILD_WORKERS,
     .resource = "review",
     .every_record = ROLE_PARTNERSHIP,
     .audited = true,
     .shown_as = "review.read"},
    {.action = "review.sign_off",
     .roles = ROLE_PARTNERSHIP,
     .resource = "review",
     .every_record = ROLE_PARTNERSHIP,
     .audited = true,
     .shown_as = "review.read"},
    {.action = "review.settings", .roles = ROLE_PARTNERSHIP, .audited = true},
    /* a capability, not a route: update any agency's action on a review (others only their own) */
    {.action = "review.action_any", .roles = ROLE_PARTNERSHIP},
    /* learning published for every practitioner: no child can be identified in it */
    {.action = "briefing.read", .roles = ROLE_ALL},
    /* figures across the partnership: never one child's record */
    {.action = "report.read", .roles = ROLE_PARTNERSHIP | ROLE_SCRUTINEER},
    {.action = "review.figures", .roles = ROLE_PARTNERSHIP | ROLE_SCRUTINEER},
    /* workforce development: everyone signed in sees the programme; people who attend training book it
     * (not the administrator or the scrutineer); the partnership runs it (trainers are partnership users) */
    {.action = "training.read", .roles = ROLE_ALL},
    {.action = "training.book", .roles = CHILD_WORKERS, .audited = true},
    {.action = "training.manage", .roles = ROLE_PARTNERSHIP, .audited = true},
    {.action = "training.attendance", .roles = ROLE_PARTNERSHIP, .audited = true},
    {.action = "training.figures", .roles = ROLE_PARTNERSHIP | ROLE_SCRUTINEER},
    /* a booking that needs a manager's approval: only the approver the practitioner named decides it */
    {.action = "training.approve", .roles = CHILD_WORKERS, .resource = "training_approval", .audited = true},
    /* schools, colleges and early years settings: the directory is public (as GIAS is); a setting's own
     * Key Adults and the partnership keep its details (the school-day start time) */
    {.action = "setting.update",
     .roles = ROLE_DSL | ROLE_PARTNERSHIP,
     .resource = "setting",
     .every_record = ROLE_PARTNERSHIP,
     .audited = true},
    /* the children register: people who work with children list those linked to their agency, and add
     * a child (a likely duplicate is offered instead, which links their agency to it) */
    {.action = "child.list", .roles = CHILD_WORKERS, .audited = true},
    {.action = "child.create", .roles = CHILD_WORKERS, .audited = true},
    /* the levels-of-need tool: any practitioner records a decision; the partnership publishes the framework
     */
    {.action = "threshold.use", .roles = CHILD_WORKERS, .audited = true},
    {.action = "framework.publish", .roles = ROLE_PARTNERSHIP, .audited = true},
    /* requests for support: the referrer and the front door of the child's local authority */
    {.action = "support.create", .roles = CHILD_WORKERS, .audited = true},
    {.action = "support.list", .roles = CHILD_WORKERS, .audited = true},
    {.action = "support.queue", .roles = ROLE_FRONT_DOOR, .audited = true},
    {.action = "support.read", .roles = CHILD_WORKERS, .resource = "support_request", .audited = true},
    /* deciding is for the front door the request went to only: not a front door that referred it elsewhere */
    {.action = "support.decide",
     .roles = ROLE_FRONT_DOOR,
     .resource = "support_request_front_door",
     .audited = true,
     .shown_as = "support.read"},
    /* domestic abuse incidents: police record them and see them all; a local authority sees its area's
     * and resolves which child and setting an unmatched child is */
    {.action = "incident.create", .roles = ROLE_POLICE, .audited = true},
    {.action = "incident.list", .roles = ROLE_POLICE | ROLE_FRONT_DOOR, .audited = true},
    {.action = "incident.read",
     .roles = ROLE_POLICE | ROLE_FRONT_DOOR,
     .resource = "da_incident",
     .every_record = ROLE_POLICE,
     .audited = true},
    {.action = "incident.resolve",
     .roles = ROLE_POLICE | ROLE_FRONT_DOOR,
     .resource = "da_incident",
     .every_record = ROLE_POLICE,
     .audited = true,
     .shown_as = "incident.resolve"},
    /* Operation Encompass: only the recipient setting (or local authority), the local authority of the
     * incident's area and the police see a notification; only the recipient answers it */
    {.action = "encompass.inbox", .roles = ROLE_DSL | ROLE_FRONT_DOOR, .audited = true},
    {.action = "encompass.read",
     .roles = ROLE_DSL | ROLE_FRONT_DOOR | ROLE_POLICE,
     .resource = "encompass_notification",
     .every_record = ROLE_POLICE,
     .audited = true},
    {.action = "encompass.respond",
     .roles = ROLE_DSL | ROLE_FRONT_DOOR,
     .resource = "encompass_recipient",
     .audited = true,
     .shown_as = "encompass.read"},
    {.action = "encompass.escalations", .roles = ROLE_FRONT_DOOR | ROLE_POLICE, .audited = true},
    {.action = "encompass.figures",
     .roles = ROLE_PARTNERSHIP | ROLE_SCRUTINEER | ROLE_FRONT_DOOR | ROLE_POLICE},
    {.action = "da.settings", .roles = ROLE_PARTNERSHIP, .audited = true},
    /* Operation Provide: an IDVA service sees and works only its own referrals */
    {.action = "provide.list", .roles = ROLE_IDVA, .audited = true},
    {.action = "provide.read", .roles = ROLE_IDVA, .resource = "idva_referral", .audited = true},
    {.action = "provide.record",
     .roles = ROLE_IDVA,
     .resource = "idva_referral",
     .audited = true,
     .shown_as = "provide.read"},
    {.action = "provide.figures", .roles = ROLE_PARTNERSHIP | ROLE_SCRUTINEER | ROLE_IDVA | ROLE_POLICE},
};

static const struct rule *find(const char *action)
{
	for (size_t i = 0; action && i < sizeof rules / sizeof rules[0]; i++)
		if (strcmp(rules[i].action, action) == 0)
			return &rules[i];
	return NULL;
}

bool policy_knows(const char *action)
{
	return find(action) != NULL;
}

bool policy_audited(const char *action)
{
	const struct rule *r = find(action);
	return r && r->audited;
}

const char *policy_resource_type(const char *action)
{
	const struct rule *r = find(action);
	return r ? r->resource : NULL;
}

const char *policy_shown_as(const char *action)
{
	const struct rule *r = find(action);
	return r ? r->shown_as : NULL;
}

unsigned policy_roles(const char *action)
{
	const struct rule *r = find(action);
	return r ? r->roles : 0;
}

enum decision policy_decide(const struct user *user, const char *action, const struct resource *resource)
{
	const struct rule *r = find(action);
	if (!r)
		return user ? DECISION_DENY : DECISION_SIGN_IN;
	if (r->anyone)
		return DECISION_ALLOW;
	if (!user)
		return DECISION_SIGN_IN;
	if (user->second_factor_pending && !r->password_only)
		return DECISION_SECOND_FACTOR;
	if (!(user->roles & r->roles))
		return DECISION_DENY;
	if (!r->resource)
		return DECISION_ALLOW;
	if (!resource || !resource->type || strcmp(resource->type, r->resource) != 0)
		return DECISION_DENY; /* a route that names the wrong record type: refuse */
	if (user->roles & r->every_record)
		return DECISION_ALLOW;
	bool related = false;
	if (auth_store_related(user, resource->type, resource->id, &related) != HAVEN_OK)
		return DECISION_DENY;
	if (related)
		return DECISION_ALLOW;
	return (user->roles & r->break_glass) ? DECISION_BREAK_GLASS : DECISION_NO_RELATIONSHIP;
}

const char *policy_roles_problem(unsigned roles)
{
	if ((roles & ROLE_ADMIN) && (roles & (CHILD_WORKERS | ROLE_SCRUTINEER)))
		return "An administrator cannot also hold a role that sees children's records or the "
		       "partnership's "
		       "figures: give them a second account";
	if ((roles & ROLE_ADMIN) && (roles & ROLE_AGENCY_ADMIN))
		return "An administrator already manages every agency's accounts: they cannot also be an "
		       "agency "
		       "administrator";
	return NULL;
}

/*
 * Which agency types may hold each role. A role that reaches a kind of
 * record through its agency (a setting's notifications, an area's front
 * door queue, an IDVA service's referrals) is only meaningful in an agency
 * of that kind; the partnership's own roles only in the partnership. NULL:
 * every type but the partnership (whose people are its team, its
 * scrutineer and its administrators).
 */
static const struct {
	enum role role;
	const char *const *types;
	const char *message;
} role_types[] = {
    {ROLE_ADMIN, (const char *const[]){"partnership", NULL},
     "Only people in the partnership's own agency can be administrators: choose the partnership as their "
     "agency, "
     "or give them the agency administrator role"},
    {ROLE_PARTNERSHIP, (const char *const[]){"partnership", NULL},
     "The partnership team role is only for people in the partnership's own agency"},
    {ROLE_SCRUTINEER, (const char *const[]){"partnership", NULL},
     "The Independent Scrutineer role is only for people in the partnership's own agency"},
    {ROLE_POLICE, (const char *const[]){"police", NULL},
     "The police role is only for people in a police force"},
    {ROLE_FRONT_DOOR, (const char *const[]){"local_authority", NULL},
     "The front door (MASH) role is only for people in a local authority's children's services"},
    {ROLE_DSL, (const char *const[]){"school", "college", "early_years", NULL},
     "The Designated Safeguarding Lead role is only for people in a school, college or early years setting"},
    {ROLE_IDVA, (const char *const[]){"idva_service", NULL},
     "The Independent Domestic Violence Adviser role is only for people in an IDVA service"},
    {ROLE_PRACTITIONER, NULL,
     "The practitioner role is for people in the partnership's agencies, not the partnership itself: give "
     "the "
     "partnership's own people the partnership team role"},
    {ROLE_AGENCY_ADMIN, NULL,
     "The agency administrator role is for the partnership's agencies: the partnership's own accounts are "
     "managed by its administrators"},
};

const char *policy_role_agency_problem(unsigned roles, const char *agency_type)
{
	for (size_t i = 0; agency_type && i < sizeof role_types / sizeof role_types[0]; i++) {
		if (!(roles & role_types[i].role))
			continue;
		bool allowed = false;
		if (!role_types[i].types)
			allowed = strcmp(agency_type, "partnership") != 0;
		for (size_t t = 0; role_types[i].types && role_types[i].types[t] && !allowed; t++)
			allowed = strcmp(agency_type, role_types[i].types[t]) == 0;
		if (!allowed)
			return role_types[i].message;
	}
	return NULL;
}
