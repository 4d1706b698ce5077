/*
 * policy.c — the access policy as a table (see policy.h).
 *
 * One row per action (struct policy_rule): which roles may take it, whether
 * it is about one record of some type (and so needs a relationship to it),
 * which roles may break glass when they have none, and whether it is
 * audited. Each area declares the rows of its own actions next to its routes
 * (struct area's .access); Haven gathers them at start-up and refuses an
 * action two areas claim. `haven routes` prints the whole policy.
 */
#include "auth/policy.h"

#include <string.h>

#include "auth/records.h"
#include "auth/store.h"
#include "core/buf.h"
#include "core/owned_names.h"

/* Haven's own actions; every area adds its own (policy_add_rules). */
static const struct policy_rule core_rules[] = {
    {.action = ACTION_PUBLIC, .anyone = true, .password_only = true},
    {.action = ACTION_SIGNED_IN, .roles = ROLE_ALL},
    /* figures across the partnership: never one child's record */
    {.action = "report.read", .roles = ROLE_PARTNERSHIP | ROLE_SCRUTINEER},
    {0},
};

/* The policy: the core's rules and each area's, gathered at start-up and read-only afterwards. */
static struct owned_names rules;

static enum haven_status add_rules(const char *owner, const struct policy_rule *table, char **err)
{
	for (const struct policy_rule *r = table; r && r->action; r++) {
		const struct owned_name *taken = owned_names_find(&rules, r->action);
		if (taken) {
			struct buf b = BUF_INIT;
			buf_printf(&b, "the %s area has a rule for %s, which %s already has", owner,
			           r->action, taken->owner);
			*err = buf_steal(&b, NULL);
			return HAVEN_ERR_INVALID;
		}
		owned_names_add(&rules, r->action, r, owner);
	}
	return HAVEN_OK;
}

enum haven_status policy_add_rules(const char *owner, const struct policy_rule *table, char **err)
{
	if (rules.count == 0) {
		enum haven_status st = add_rules("the core", core_rules, err);
		if (st != HAVEN_OK)
			return st;
	}
	return add_rules(owner, table, err);
}

/*
 * Each record type that takes documents names, as who may see them, an
 * action of its own area's rules: a misspelt action would otherwise deny
 * every document (or, named in another area's rules, let that area decide
 * who sees this area's documents).
 */
static enum haven_status documents_actions_owned(char **err)
{
	const char *area;
	const struct record_type *t;
	for (size_t i = 0; (t = records_at(i, &area)); i++) {
		if (!t->documents)
			continue;
		const struct owned_name *rule = owned_names_find(&rules, t->documents);
		const char *rule_owner = rule ? rule->owner : NULL;
		if (rule_owner && strcmp(rule_owner, area) == 0)
			continue;
		struct buf b = BUF_INIT;
		if (rule_owner)
			buf_printf(&b,
			           "the %s area's record type %s lets %s show its documents, which is the %s "
			           "area's action",
			           area, t->name, t->documents, rule_owner);
		else
			buf_printf(&b,
			           "the %s area's record type %s lets %s show its documents, which no area's "
			           "rules name",
			           area, t->name, t->documents);
		*err = buf_steal(&b, NULL);
		return HAVEN_ERR_INVALID;
	}
	return HAVEN_OK;
}

enum haven_status policy_check(char **err)
{
	if (rules.count == 0 && add_rules("the core", core_rules, err) != HAVEN_OK)
		return HAVEN_ERR_INVALID;
	for (size_t i = 0; i < rules.count; i++) {
		const struct policy_rule *r = rules.all[i].item;
		const char *missing = r->resource && !records_find(r->resource)   ? r->resource
		                      : r->shown_as && !policy_knows(r->shown_as) ? r->shown_as
		                                                                  : NULL;
		if (!missing)
			continue;
		struct buf b = BUF_INIT;
		buf_printf(&b, "%s's rule for %s names %s, which no area declares", rules.all[i].owner,
		           r->action, missing);
		*err = buf_steal(&b, NULL);
		return HAVEN_ERR_INVALID;
	}
	return documents_actions_owned(err);
}

void policy_clear(void)
{
	owned_names_clear(&rules);
}

static const struct policy_rule *find(const char *action)
{
	const struct owned_name *rule = owned_names_find(&rules, action);
	return rule ? rule->item : NULL;
}

bool policy_knows(const char *action)
{
	return find(action) != NULL;
}

bool policy_audited(const char *action)
{
	const struct policy_rule *r = find(action);
	return r && r->audited;
}

const char *policy_resource_type(const char *action)
{
	const struct policy_rule *r = find(action);
	return r ? r->resource : NULL;
}

const char *policy_shown_as(const char *action)
{
	const struct policy_rule *r = find(action);
	return r ? r->shown_as : NULL;
}

unsigned policy_roles(const char *action)
{
	const struct policy_rule *r = find(action);
	return r ? r->roles : 0;
}

/*
 * An action on a record that belongs to another (a document attached to a
 * note): decided as the owner type's `documents` action on the owner, so
 * the owner's own rule says who may. Whatever that refuses is answered as
 * no relationship (404): the record's existence is not told, and nobody
 * breaks glass into a record through what is attached to it.
 */
static enum decision decide_as_owner(const struct user *user, const struct resource *resource)
{
	char owner_type[64];
	long long owner_id = 0;
	if (auth_store_owner(resource->type, resource->id, owner_type, sizeof owner_type, &owner_id) !=
	    HAVEN_OK)
		return DECISION_NO_RELATIONSHIP;
	const struct record_type *owner = records_find(owner_type);
	if (!owner || !owner->documents || owner->owner)
		return DECISION_NO_RELATIONSHIP;
	struct resource owner_record = {.type = owner->name, .id = owner_id};
	enum decision d = policy_decide(user, owner->documents, &owner_record);
	return d == DECISION_ALLOW ? DECISION_ALLOW : DECISION_NO_RELATIONSHIP;
}

/* policy_decide, with `related` true where the user's relationship to the record is already known. */
static enum decision decide(const struct user *user, const char *action, const struct resource *resource,
                            bool related)
{
	const struct policy_rule *r = find(action);
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
	const struct record_type *type = records_find(r->resource);
	if (type && type->owner)
		return decide_as_owner(user, resource);
	if (user->roles & r->every_record)
		return DECISION_ALLOW;
	/* a grant from breaking glass opens only the actions whose rule lets these roles break glass */
	bool glass = (user->roles & r->break_glass) != 0;
	if (!related && auth_store_related(user, resource->type, resource->id, glass, &related) != HAVEN_OK)
		return DECISION_DENY;
	if (related)
		return DECISION_ALLOW;
	return glass ? DECISION_BREAK_GLASS : DECISION_NO_RELATIONSHIP;
}

enum decision policy_decide(const struct user *user, const char *action, const struct resource *resource)
{
	return decide(user, action, resource, false);
}

bool policy_allows(const struct user *user, const char *action, const char *type, long long id)
{
	struct resource r = {type, id};
	return policy_decide(user, action, type ? &r : NULL) == DECISION_ALLOW;
}

/*
 * An action allowed on a record of a type needing a relationship, to a user none of whose roles
 * oversees every such record, was allowed through the relationship: nothing else lets policy_decide
 * allow it. Not where the user could have broken glass for it: a grant may have allowed it, and a
 * grant opens only the actions that let these roles break glass, so the other action is decided afresh.
 */
static bool allowed_through_relationship(const struct user *user, const char *allowed, const char *type)
{
	const struct policy_rule *r = allowed ? find(allowed) : NULL;
	if (!user || !r || r->anyone || !r->resource || !type || strcmp(r->resource, type) != 0)
		return false;
	const struct record_type *record = records_find(type);
	return (user->roles & r->roles) && !(user->roles & r->every_record) &&
	       !(user->roles & r->break_glass) && !(record && record->owner);
}

bool policy_allows_beside(const struct user *user, const char *action, const char *allowed, const char *type,
                          long long id)
{
	struct resource r = {type, id};
	return decide(user, action, type ? &r : NULL, allowed_through_relationship(user, allowed, type)) ==
	       DECISION_ALLOW;
}

const char *policy_roles_problem(unsigned roles)
{
	if ((roles & ROLE_ADMIN) && (roles & (ROLE_CHILD_WORKERS | ROLE_SCRUTINEER)))
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
	const char *hint; /* which agencies may hold it, for a form offering it */
} role_types[] = {
    {ROLE_ADMIN, (const char *const[]){"partnership", NULL},
     "Only people in the partnership's own agency can be administrators: choose the partnership as their "
     "agency, "
     "or give them the agency administrator role",
     "Only for people in the partnership's own agency"},
    {ROLE_PARTNERSHIP, (const char *const[]){"partnership", NULL},
     "The partnership team role is only for people in the partnership's own agency",
     "Only for people in the partnership's own agency"},
    {ROLE_SCRUTINEER, (const char *const[]){"partnership", NULL},
     "The Independent Scrutineer role is only for people in the partnership's own agency",
     "Only for people in the partnership's own agency"},
    {ROLE_POLICE, (const char *const[]){"police", NULL},
     "The police role is only for people in a police force", "Only for people in a police force"},
    {ROLE_FRONT_DOOR, (const char *const[]){"local_authority", NULL},
     "The front door (MASH) role is only for people in a local authority's children's services",
     "Only for people in a local authority's children's services"},
    {ROLE_DSL, (const char *const[]){"school", "college", "early_years", NULL},
     "The Designated Safeguarding Lead role is only for people in a school, college or early years setting",
     "Only for people in a school, college or early years setting"},
    {ROLE_IDVA, (const char *const[]){"idva_service", NULL},
     "The Independent Domestic Violence Adviser role is only for people in an IDVA service",
     "Only for people in an IDVA service"},
    {ROLE_PRACTITIONER, NULL,
     "The practitioner role is for people in the partnership's agencies, not the partnership itself: give "
     "the "
     "partnership's own people the partnership team role",
     "For people in any agency but the partnership's own"},
    {ROLE_AGENCY_ADMIN, NULL,
     "The agency administrator role is for the partnership's agencies: the partnership's own accounts are "
     "managed by its administrators",
     "For people in any agency but the partnership's own"},
};

const char *policy_role_agency_hint(unsigned role)
{
	for (size_t i = 0; i < sizeof role_types / sizeof role_types[0]; i++)
		if (role_types[i].role == role)
			return role_types[i].hint;
	return NULL;
}

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
