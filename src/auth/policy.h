/*
 * policy.h — the one place that decides who may do what.
 *
 * Every route names an action; policy_decide() says whether the requester
 * may take it on the resource. Deny by default: an action the policy does
 * not know is refused, and Haven will not start with a route whose action
 * is unknown. Handlers never check roles themselves.
 *
 * Records about a child also need a relationship between the user's agency
 * and the child (the child's setting, the local authority of the child's
 * area, an agency that raised a concern, a team the child is allocated to).
 * Without one, some roles may "break glass" by giving a reason, which is
 * audited and listed for the partnership's information governance review.
 */
#ifndef HAVEN_AUTH_POLICY_H
#define HAVEN_AUTH_POLICY_H

#include <stdbool.h>

#include "auth/user.h"
#include "core/status.h"

/* Actions anyone may take, signed in or not (the start page, health checks). */
#define ACTION_PUBLIC "public"
/* Actions any signed-in person may take on their own account. */
#define ACTION_SIGNED_IN "signed_in"

/* The roles that work with children's records. */
#define ROLE_CHILD_WORKERS                                                                                   \
	(ROLE_PRACTITIONER | ROLE_FRONT_DOOR | ROLE_POLICE | ROLE_DSL | ROLE_IDVA | ROLE_PARTNERSHIP)

/* One row of the access policy: who may take an action. */
struct policy_rule {
	const char *action;   /* "review.read": as routes name it */
	unsigned roles;       /* who may take it (0 with .anyone) */
	bool anyone;          /* anyone may, signed in or not (the route itself may narrow it) */
	const char *resource; /* NULL, or the record type it needs a relationship to (auth/records.h) */
	unsigned
	    break_glass; /* roles that may break glass without a relationship: a grant opens this action */
	unsigned every_record; /* roles that need no relationship: they oversee every such record */
	bool audited;
	bool password_only; /* allowed before the second factor is done */
	/* a change whose page, shown again after a failed attempt (a form's errors, a refusal), shows
	 * the record as this read does: the audit row that page writes. NULL: it shows no record */
	const char *shown_as;
};

/*
 * Adds an area's rules (ended by {0}) to the policy, refusing an action the
 * policy already has (*err malloc'd, naming both owners). Start-up only
 * (app/assemble.h), before any thread decides.
 */
enum haven_status policy_add_rules(const char *owner, const struct policy_rule *rules,
                                   char **err) HAVEN_MUST_CHECK;

/*
 * Checks, once every area's rules and record types are in, that each rule
 * names only record types and actions that exist, and that each record
 * type taking documents names an action of its own area's rules.
 */
enum haven_status policy_check(char **err) HAVEN_MUST_CHECK;

/* Forgets every rule (for tests that assemble again). */
void policy_clear(void);

enum decision {
	DECISION_ALLOW,
	DECISION_SIGN_IN,         /* nobody is signed in: 401, or the sign-in page */
	DECISION_SECOND_FACTOR,   /* signed in with a password only, and this needs both */
	DECISION_DENY,            /* signed in, but the role may not: 403 */
	DECISION_NO_RELATIONSHIP, /* the role may, but not on this record: 404 (ids cannot be probed) */
	DECISION_BREAK_GLASS,     /* as NO_RELATIONSHIP, but this user may break glass with a reason */
};

/* What a resource is, for actions on one record ("child", 42). */
struct resource {
	const char *type; /* NULL: the action is not about one record */
	long long id;
};

/*
 * Decides whether `user` (NULL: nobody signed in) may take `action` on
 * `resource` (may be NULL). May read the database (relationships and
 * break-glass grants) on this thread's connection; a database failure
 * denies. Thread-safe.
 */
enum decision policy_decide(const struct user *user, const char *action, const struct resource *resource);

/* True if the policy knows `action` (Haven refuses to start otherwise). */
bool policy_knows(const char *action);

/* policy_decide allows `action` on the record `type` `id` (type NULL: an action on no record). */
bool policy_allows(const struct user *user, const char *action, const char *type, long long id);

/*
 * policy_allows, for a request already allowed `allowed` (its route's action) on this same record:
 * where that decision can only have been made through the user's relationship to the record, the
 * relationship is not read again (on PostgreSQL each read is a round trip). Every other part of the
 * decision is made as policy_allows makes it. Never pass an action the request was not allowed.
 */
bool policy_allows_beside(const struct user *user, const char *action, const char *allowed, const char *type,
                          long long id);

/* True if taking `action` must leave an audit row (reads of a child's data, changes). */
bool policy_audited(const char *action);

/* The resource type an action is about ("child"), or NULL. */
const char *policy_resource_type(const char *action);

/*
 * The read action whose audit row a page of `action` writes when it is shown
 * again after a failed attempt (a form's errors, a refusal), because that
 * page shows the record as the read does ("encompass.respond" ->
 * "encompass.read"); NULL if such a page shows no record.
 */
const char *policy_shown_as(const char *action);

/*
 * Why a set of roles may not be held together, or NULL if it may. An
 * administrator manages accounts, not cases: an account that could both
 * create accounts and see children's records would let one person grant
 * themselves access to any child without anyone else knowing.
 */
const char *policy_roles_problem(unsigned roles);

/*
 * Why an agency of type `agency_type` ("school") may not hold one of
 * `roles`, or NULL if it may (and for a NULL type). The table is in
 * policy.c: dsl only in a school, college or early years setting; police
 * only in a police force; front_door only in a local authority; idva only
 * in an IDVA service; admin, partnership and scrutineer only in the
 * partnership's own agency; practitioner and agency_admin in any agency but
 * the partnership. Every path that gives a role checks it.
 */
const char *policy_role_agency_problem(unsigned roles, const char *agency_type);

/*
 * Which agencies may hold `role` (one role), from the same table, for a form
 * that offers every role ("Only for people in a police force"); NULL if any may.
 */
const char *policy_role_agency_hint(unsigned role);

/* The roles that may take `action` at all (for the matrix test and the docs). */
unsigned policy_roles(const char *action);

#endif
