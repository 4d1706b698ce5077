/*
 * test_policy.c — pins Haven's access policy (auth/policy.h).
 *
 * The decisions are written out here by hand, one row per action and one
 * column per role (and nobody), rather than computed from the policy table,
 * so that any change to who may do what fails this test until the table
 * below is changed too. Also: every action is known and nothing else is;
 * an unknown or NULL action is refused; users with no roles, with several,
 * and with the second factor still pending; and, on a real database in a
 * temporary directory, "child.read" on one child: allowed with a
 * relationship, NO_RELATIONSHIP or BREAK_GLASS without one (by role), DENY
 * for roles that never see a child, an unexpired break-glass grant allowing
 * only its own user and record, an expired one allowing nothing, and a
 * resource of the wrong type refused; and policy_allows_beside reading the relationship again only
 * where the decision beside which it is asked cannot vouch for it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/assemble.h"
#include "auth/policy.h"
#include "auth/records.h"
#include "auth/store.h"
#include "auth/user.h"
#include "core/status.h"
#include "store/db.h"
#include "store/store.h"
#include "temp_store.h"

/* ---- the expected policy, written out ---- */

#define A DECISION_ALLOW
#define S DECISION_SIGN_IN
#define D DECISION_DENY

/* Column order of the table below: the 9 roles, then nobody signed in. */
static const enum role columns[ROLE_COUNT] = {
    ROLE_ADMIN, ROLE_PARTNERSHIP, ROLE_PRACTITIONER, ROLE_FRONT_DOOR,   ROLE_POLICE,
    ROLE_DSL,   ROLE_IDVA,        ROLE_SCRUTINEER,   ROLE_AGENCY_ADMIN,
};

struct expected_row {
	const char *action;
	/* admin, partnership, practitioner, front_door, police, dsl, idva, scrutineer, agency_admin, nobody
	 */
	enum decision decision[ROLE_COUNT + 1];
	bool audited;
	bool password_only; /* allowed while the second factor is pending */
};

static const struct expected_row expected[] = {
    /*                        adm par pra fro pol dsl idv scr aga nobody */
    {"public", {A, A, A, A, A, A, A, A, A, A}, false, true},
    {"signed_in", {A, A, A, A, A, A, A, A, A, S}, false, false},
    {"session.second_factor", {A, A, A, A, A, A, A, A, A, S}, false, true},
    {"session.end", {A, A, A, A, A, A, A, A, A, S}, false, true},
    {"user.manage", {A, D, D, D, D, D, D, D, D, S}, true, false},
    {"settings.manage", {A, D, D, D, D, D, D, D, D, S}, true, false},
    {"agency_users.list", {D, D, D, D, D, D, D, D, A, S}, true, false},
    {"agency_users.invite", {D, D, D, D, D, D, D, D, A, S}, true, false},
    {"audit.read", {D, A, D, D, D, D, D, D, D, S}, true, false},
    /* about one child: without a resource, refused even to the roles that may */
    {"child.read", {D, D, D, D, D, D, D, D, D, S}, true, false},
    {"child.break_glass", {D, D, D, A, A, D, D, D, D, S}, true, false},
    {"report.read", {D, A, D, D, D, D, D, A, D, S}, false, false},
};
#define EXPECTED_COUNT (sizeof expected / sizeof expected[0])

/* Names that must not be actions (near misses of real ones included). */
static const char *const not_actions[] = {
    "no.such.action", "",           "child",        "child.",         "child.read ", " child.read",
    "Child.read",     "CHILD.READ", "child.write",  "child.read.all", "user",        "user.manage\n",
    "admin",          "settings",   "reports.read", "audit",          "PUBLIC",      "public ",
    "signed-in",
};

static const char *decision_name(enum decision d)
{
	switch (d) {
	case DECISION_ALLOW: return "ALLOW";
	case DECISION_SIGN_IN: return "SIGN_IN";
	case DECISION_SECOND_FACTOR: return "SECOND_FACTOR";
	case DECISION_DENY: return "DENY";
	case DECISION_NO_RELATIONSHIP: return "NO_RELATIONSHIP";
	case DECISION_BREAK_GLASS: return "BREAK_GLASS";
	}
	return "?";
}

/* Fails naming the action and role when a decision is not the expected one. */
static void check(const struct user *user, const char *action, const struct resource *resource,
                  enum decision want, const char *who)
{
	enum decision got = policy_decide(user, action, resource);
	if (got != want)
		fail_msg("%s on %s%s%s: got %s, want %s", who, action ? action : "(NULL)",
		         resource ? " with a resource of type " : "",
		         resource ? (resource->type ? resource->type : "(NULL)") : "", decision_name(got),
		         decision_name(want));
}

static struct user user_with(unsigned roles)
{
	struct user u;
	memset(&u, 0, sizeof u);
	u.id = 1;
	u.agency_id = 1;
	u.roles = roles;
	snprintf(u.name, sizeof u.name, "Test User");
	return u;
}

/* ---- the table, without a database ---- */

static void test_every_action_known(void **state)
{
	(void)state;
	for (size_t i = 0; i < EXPECTED_COUNT; i++)
		if (!policy_knows(expected[i].action))
			fail_msg("the policy does not know %s", expected[i].action);
	for (size_t i = 0; i < sizeof not_actions / sizeof not_actions[0]; i++)
		if (policy_knows(not_actions[i]))
			fail_msg("the policy knows \"%s\"", not_actions[i]);
	assert_false(policy_knows(NULL));
	/* the constants used by routes are the names in the table */
	assert_true(policy_knows(ACTION_PUBLIC));
	assert_true(policy_knows(ACTION_SIGNED_IN));
	assert_string_equal(ACTION_PUBLIC, "public");
	assert_string_equal(ACTION_SIGNED_IN, "signed_in");
}

static void test_matrix_single_roles(void **state)
{
	(void)state;
	for (size_t i = 0; i < EXPECTED_COUNT; i++) {
		const struct expected_row *row = &expected[i];
		for (size_t c = 0; c < ROLE_COUNT; c++) {
			struct user u = user_with(columns[c]);
			check(&u, row->action, NULL, row->decision[c], role_name(columns[c]));
		}
		check(NULL, row->action, NULL, row->decision[ROLE_COUNT], "nobody");
	}
}

/* policy_roles agrees with the table's ALLOW cells (child.read: the roles that may, given a relationship). */
static void test_policy_roles(void **state)
{
	(void)state;
	static const struct {
		const char *action;
		unsigned roles;
	} want[] = {
	    {"public", 0},
	    {"signed_in", ROLE_ALL},
	    {"session.second_factor", ROLE_ALL},
	    {"session.end", ROLE_ALL},
	    {"user.manage", ROLE_ADMIN},
	    {"settings.manage", ROLE_ADMIN},
	    {"agency_users.list", ROLE_AGENCY_ADMIN},
	    {"agency_users.invite", ROLE_AGENCY_ADMIN},
	    {"audit.read", ROLE_PARTNERSHIP},
	    {"child.read",
	     ROLE_PRACTITIONER | ROLE_FRONT_DOOR | ROLE_POLICE | ROLE_DSL | ROLE_IDVA | ROLE_PARTNERSHIP},
	    {"child.break_glass", ROLE_FRONT_DOOR | ROLE_POLICE},
	    {"report.read", ROLE_PARTNERSHIP | ROLE_SCRUTINEER},
	};
	assert_int_equal(sizeof want / sizeof want[0], EXPECTED_COUNT);
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		if (policy_roles(want[i].action) != want[i].roles)
			fail_msg("policy_roles(%s) = %#x, want %#x", want[i].action,
			         policy_roles(want[i].action), want[i].roles);
	}
	assert_int_equal(policy_roles("no.such.action"), 0);
	assert_int_equal(policy_roles(NULL), 0);
	/* admin and the scrutineer never read a child's record */
	assert_int_equal(policy_roles("child.read") & (ROLE_ADMIN | ROLE_SCRUTINEER), 0);
}

static void test_audited_and_resource_type(void **state)
{
	(void)state;
	for (size_t i = 0; i < EXPECTED_COUNT; i++) {
		if (policy_audited(expected[i].action) != expected[i].audited)
			fail_msg("policy_audited(%s) should be %s", expected[i].action,
			         expected[i].audited ? "true" : "false");
		const char *type = policy_resource_type(expected[i].action);
		if (strcmp(expected[i].action, "child.read") == 0) {
			assert_non_null(type);
			assert_string_equal(type, "child");
		} else if (type) {
			fail_msg("policy_resource_type(%s) = %s, want NULL", expected[i].action, type);
		}
	}
	assert_true(policy_audited("child.read"));
	assert_false(policy_audited("no.such.action"));
	assert_false(policy_audited(NULL));
	assert_null(policy_resource_type("no.such.action"));
	assert_null(policy_resource_type(NULL));
}

static void test_unknown_action(void **state)
{
	(void)state;
	for (size_t c = 0; c < ROLE_COUNT; c++) {
		struct user u = user_with(columns[c]);
		check(&u, "no.such.action", NULL, D, role_name(columns[c]));
		check(&u, NULL, NULL, D, role_name(columns[c]));
		struct resource child = {"child", 1};
		check(&u, "no.such.action", &child, D, role_name(columns[c]));
		u.second_factor_pending = true;
		check(&u, "no.such.action", NULL, D, "pending user");
	}
	struct user all = user_with(ROLE_ALL);
	for (size_t i = 0; i < sizeof not_actions / sizeof not_actions[0]; i++) {
		check(&all, not_actions[i], NULL, D, "every role");
		check(NULL, not_actions[i], NULL, S, "nobody");
	}
	check(NULL, "no.such.action", NULL, S, "nobody");
	check(NULL, NULL, NULL, S, "nobody");
}

/* A signed-in user with no roles at all may do nothing but the public things. */
static void test_no_roles(void **state)
{
	(void)state;
	struct user none = user_with(0);
	for (size_t i = 0; i < EXPECTED_COUNT; i++)
		check(&none, expected[i].action, NULL, strcmp(expected[i].action, "public") == 0 ? A : D,
		      "no roles");
}

/* Several roles: the union of what each may do (decided by the single-role columns). */
static void test_several_roles(void **state)
{
	(void)state;
	static const unsigned sets[] = {
	    ROLE_PRACTITIONER | ROLE_SCRUTINEER,
	    ROLE_ADMIN | ROLE_PARTNERSHIP,
	    ROLE_DSL | ROLE_POLICE,
	    ROLE_IDVA | ROLE_FRONT_DOOR | ROLE_ADMIN,
	    ROLE_ALL,
	};
	for (size_t s = 0; s < sizeof sets / sizeof sets[0]; s++) {
		struct user u = user_with(sets[s]);
		for (size_t i = 0; i < EXPECTED_COUNT; i++) {
			bool any = false;
			for (size_t c = 0; c < ROLE_COUNT; c++)
				any = any || ((sets[s] & columns[c]) && expected[i].decision[c] == A);
			check(&u, expected[i].action, NULL, any ? A : D, "several roles");
		}
	}
	/* spelled out for two that matter */
	struct user u = user_with(ROLE_PRACTITIONER | ROLE_SCRUTINEER);
	check(&u, "report.read", NULL, A, "practitioner+scrutineer");
	check(&u, "audit.read", NULL, D, "practitioner+scrutineer");
	u = user_with(ROLE_ADMIN | ROLE_PARTNERSHIP);
	check(&u, "user.manage", NULL, A, "admin+partnership");
	check(&u, "audit.read", NULL, A, "admin+partnership");
	check(&u, "child.break_glass", NULL, D, "admin+partnership");
}

/* Password checked, second factor not yet: only public, the second-factor pages and signing out. */
static void test_second_factor_pending(void **state)
{
	(void)state;
	struct resource child = {"child", 1};
	for (size_t c = 0; c <= ROLE_COUNT; c++) {
		unsigned roles = c < ROLE_COUNT ? columns[c] : ROLE_ALL;
		struct user u = user_with(roles);
		u.second_factor_pending = true;
		for (size_t i = 0; i < EXPECTED_COUNT; i++) {
			const char *action = expected[i].action;
			bool allowed = strcmp(action, "public") == 0 ||
			               strcmp(action, "session.second_factor") == 0 ||
			               strcmp(action, "session.end") == 0;
			assert_true(allowed == expected[i].password_only);
			check(&u, action, NULL, allowed ? A : DECISION_SECOND_FACTOR, "pending user");
			/* a resource changes nothing: the second factor is asked for first (no database
			 * needed) */
			if (!allowed)
				check(&u, action, &child, DECISION_SECOND_FACTOR, "pending user");
		}
	}
	/* with no roles at all, only public: the finishing pages still need a role */
	struct user none = user_with(0);
	none.second_factor_pending = true;
	check(&none, "session.end", NULL, D, "pending user with no roles");
	check(&none, "public", NULL, A, "pending user with no roles");
	check(&none, "user.manage", NULL, DECISION_SECOND_FACTOR, "pending user with no roles");
}

/* ---- child.read on one child: a database for relationships and grants ---- */

static struct temp_store temp;

static int remove_dir(void **state)
{
	(void)state;
	return temp_store_remove(&temp);
}

static enum haven_status exec_unit(db_conn *db, void *ctx)
{
	return db_exec_script(db, ctx);
}

static void exec_write(const char *sql)
{
	assert_int_equal(db_write(exec_unit, (void *)sql), HAVEN_OK);
}

static long long read_int(const char *sql)
{
	db_conn *db = db_reader();
	assert_non_null(db);
	db_stmt *stmt = db_prepare_once_registered(db, sql);
	assert_non_null(stmt);
	assert_int_equal(db_step(stmt), DB_STEP_ROW);
	long long v = db_column_int(stmt, 0);
	db_finalize(stmt);
	return v;
}

/*
 * Agencies: 1 a school (child 1's setting), 2 a police force, 3 a local
 * authority (child 1's), 4 an IDVA service with no link to anyone.
 * Children: 1 (linked to agencies 1 and 3), 2 (linked to agency 2).
 * Users 1-4 so break-glass grants have someone to belong to.
 */
static int open_store(void **state)
{
	(void)state;
	if (temp_store_open(&temp, "policy") != 0)
		return -1;
	static const char setup[] = "INSERT INTO agencies (id, slug, name, type) VALUES"
	                            " (1, 'oak-school', 'Oak School', 'school'),"
	                            " (2, 'police', 'Police', 'police'),"
	                            " (3, 'county-council', 'County Council', 'local_authority'),"
	                            " (4, 'idva-service', 'IDVA Service', 'idva_service');"
	                            "INSERT INTO children (id, given_name, family_name) VALUES (1, 'Ann', "
	                            "'Test'), (2, 'Ben', 'Test');"
	                            "INSERT INTO child_links (child_id, agency_id, relationship) VALUES"
	                            " (1, 1, 'setting'), (1, 3, 'local_authority'), (2, 2, 'raised_concern');"
	                            "INSERT INTO users (id, email, name, agency_id, password_hash) VALUES"
	                            " (1, 'a@example.org', 'A', 1, 'x'), (2, 'b@example.org', 'B', 2, 'x'),"
	                            " (3, 'c@example.org', 'C', 2, 'x'), (4, 'd@example.org', 'D', 4, 'x');";
	if (db_write(exec_unit, (void *)setup) != HAVEN_OK) {
		remove_dir(state);
		return -1;
	}
	return 0;
}

static struct user member(long long id, long long agency_id, unsigned roles)
{
	struct user u = user_with(roles);
	u.id = id;
	u.agency_id = agency_id;
	return u;
}

static void test_child_read_relationship(void **state)
{
	(void)state;
	struct resource child1 = {"child", 1}, child2 = {"child", 2}, missing = {"child", 999};
	static const unsigned workers[] = {ROLE_PARTNERSHIP, ROLE_PRACTITIONER, ROLE_FRONT_DOOR,
	                                   ROLE_POLICE,      ROLE_DSL,          ROLE_IDVA};
	for (size_t i = 0; i < sizeof workers / sizeof workers[0]; i++) {
		const char *who = role_name((enum role)workers[i]);
		bool glass = workers[i] == ROLE_FRONT_DOOR || workers[i] == ROLE_POLICE;
		enum decision without = glass ? DECISION_BREAK_GLASS : DECISION_NO_RELATIONSHIP;
		/* related through the setting, and through the local authority */
		struct user school = member(1, 1, workers[i]);
		check(&school, "child.read", &child1, A, who);
		struct user la = member(1, 3, workers[i]);
		check(&la, "child.read", &child1, A, who);
		/* unrelated: the same answer for a child that exists and one that does not */
		check(&school, "child.read", &child2, without, who);
		check(&school, "child.read", &missing, without, who);
		struct user idva = member(4, 4, workers[i]);
		check(&idva, "child.read", &child1, without, who);
		/* a relationship is the agency's: another user of the agency has it too */
		struct user police = member(3, 2, workers[i]);
		check(&police, "child.read", &child2, A, who);
		check(&police, "child.read", &child1, without, who);
	}
	/* roles that never see a child's record: refused even with a relationship */
	static const unsigned never[] = {ROLE_ADMIN, ROLE_SCRUTINEER, ROLE_ADMIN | ROLE_SCRUTINEER};
	for (size_t i = 0; i < sizeof never / sizeof never[0]; i++) {
		struct user related = member(1, 1, never[i]);
		check(&related, "child.read", &child1, D, "admin/scrutineer (related)");
		struct user unrelated = member(4, 4, never[i]);
		check(&unrelated, "child.read", &child1, D, "admin/scrutineer (unrelated)");
	}
	/* a second role that may break glass turns NO_RELATIONSHIP into BREAK_GLASS */
	struct user both = member(4, 4, ROLE_DSL | ROLE_POLICE);
	check(&both, "child.read", &child1, DECISION_BREAK_GLASS, "dsl+police");
	/* nobody signed in */
	check(NULL, "child.read", &child1, S, "nobody");
}

/*
 * policy_allows_beside: beside a decision made through the relationship to the same child, the
 * relationship is not read again (the link removed after it is not seen); beside any decision that
 * could have been made without it, or about another record, it is, and every other check is made.
 */
static void test_allows_beside(void **state)
{
	(void)state;
	struct user front_door = member(1, 3, ROLE_FRONT_DOOR), police = member(3, 2, ROLE_POLICE),
	            unrelated = member(4, 4, ROLE_FRONT_DOOR);
	struct resource child1 = {"child", 1};
	check(&front_door, "child.read", &child1, A, "front door, related through the local authority");
	/* the role decides: the police may read child 2 but never merge */
	assert_false(policy_allows_beside(&police, "child.merge", "child.read", "child", 2));
	/* beside an action needing no record, or about another type, the relationship is read */
	assert_false(policy_allows_beside(&unrelated, "child.merge", "report.read", "child", 1));
	assert_false(policy_allows_beside(&unrelated, "child.merge", "agency_user.read", "child", 1));
	assert_false(policy_allows_beside(&unrelated, "child.merge", NULL, "child", 1));
	assert_false(policy_allows_beside(NULL, "child.merge", "child.read", "child", 1));
	assert_true(policy_allows_beside(&front_door, "child.merge", NULL, "child", 1));
	/* beside child.read, allowed through the relationship a moment ago, it is not read again (a
	 * practitioner of the same agency, whose roles may not break glass) */
	struct user practitioner = member(5, 3, ROLE_PRACTITIONER);
	check(&practitioner, "child.read", &child1, A, "practitioner, related through the local authority");
	exec_write("DELETE FROM child_links WHERE child_id = 1 AND agency_id = 3;");
	assert_false(policy_allows(&practitioner, "child.correct", "child", 1));
	assert_true(policy_allows_beside(&practitioner, "child.correct", "child.read", "child", 1));
	assert_false(policy_allows_beside(&practitioner, "child.correct", "report.read", "child", 1));
	/* but where child.read may have been allowed by a break-glass grant (the front door may break glass),
	 * the other action is decided afresh: a grant opens reading only */
	assert_false(policy_allows(&front_door, "child.merge", "child", 1));
	assert_false(policy_allows_beside(&front_door, "child.merge", "child.read", "child", 1));
}

/*
 * An agency administrator's people: users 1 (agency 1) and 2, 3 (agency 2).
 * Only their own agency's accounts are theirs, never an administrator's,
 * and one that does not exist is answered as one of another agency.
 */
static void test_agency_user_relationship(void **state)
{
	(void)state;
	exec_write("INSERT INTO user_roles (user_id, role) VALUES (1, 'dsl'), (2, 'police'), (3, 'admin');");
	struct resource user1 = {"agency_user", 1}, user2 = {"agency_user", 2}, user3 = {"agency_user", 3},
	                missing = {"agency_user", 999};
	static const char *const actions[] = {"agency_user.read", "agency_user.disable",
	                                      "agency_user.enable"};
	for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++) {
		struct user school = member(10, 1, ROLE_AGENCY_ADMIN);
		check(&school, actions[i], &user1, A, "school's agency administrator, own person");
		check(&school, actions[i], &user2, DECISION_NO_RELATIONSHIP,
		      "school's agency administrator, police");
		check(&school, actions[i], &missing, DECISION_NO_RELATIONSHIP,
		      "school's agency administrator, missing");
		struct user police = member(11, 2, ROLE_AGENCY_ADMIN);
		check(&police, actions[i], &user2, A, "police agency administrator, own person");
		/* an administrator in their agency is still not theirs */
		check(&police, actions[i], &user3, DECISION_NO_RELATIONSHIP,
		      "police agency administrator, an admin");
		/* other roles may not at all, related or not */
		struct user dsl = member(1, 1, ROLE_DSL);
		check(&dsl, actions[i], &user1, D, "dsl");
		struct user admin = member(3, 2, ROLE_ADMIN);
		check(&admin, actions[i], &user2, D, "admin (who has their own pages)");
	}
}

/* Which roles each agency type may hold: a table of cases, each with its reason. */
static void test_role_agency_types(void **state)
{
	(void)state;
	static const struct {
		unsigned roles;
		const char *type;
		bool allowed;
	} cases[] = {
	    {ROLE_DSL, "school", true},
	    {ROLE_DSL, "college", true},
	    {ROLE_DSL, "early_years", true},
	    {ROLE_DSL, "police", false}, /* a setting's Key Adult only */
	    {ROLE_DSL, "nhs_trust", false},
	    {ROLE_POLICE, "police", true},
	    {ROLE_POLICE, "school", false},
	    {ROLE_FRONT_DOOR, "local_authority", true},
	    {ROLE_FRONT_DOOR, "health", false},
	    {ROLE_IDVA, "idva_service", true},
	    {ROLE_IDVA, "voluntary_sector", false},
	    /* the partnership's own roles, in its own agency only */
	    {ROLE_ADMIN, "partnership", true},
	    {ROLE_ADMIN, "school", false},
	    {ROLE_PARTNERSHIP, "partnership", true},
	    {ROLE_PARTNERSHIP, "local_authority", false},
	    {ROLE_SCRUTINEER, "partnership", true},
	    {ROLE_SCRUTINEER, "other", false},
	    /* practitioners and agency administrators in any agency but the partnership */
	    {ROLE_PRACTITIONER, "gp_practice", true},
	    {ROLE_PRACTITIONER, "housing", true},
	    {ROLE_PRACTITIONER, "partnership", false},
	    {ROLE_AGENCY_ADMIN, "school", true},
	    {ROLE_AGENCY_ADMIN, "nhs_trust", true},
	    {ROLE_AGENCY_ADMIN, "partnership", false},
	    /* several roles: every one must fit */
	    {ROLE_AGENCY_ADMIN | ROLE_DSL, "school", true},
	    {ROLE_DSL | ROLE_POLICE, "school", false},
	    {ROLE_PRACTITIONER | ROLE_FRONT_DOOR, "local_authority", true},
	    /* no type (no agency found): nothing to say here, the caller names the agency */
	    {ROLE_DSL, NULL, true},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *problem = policy_role_agency_problem(cases[i].roles, cases[i].type);
		if ((problem == NULL) != cases[i].allowed)
			fail_msg("roles %#x in a %s agency: %s", cases[i].roles,
			         cases[i].type ? cases[i].type : "(none)",
			         problem ? problem : "allowed, but should not be");
	}
	/* an administrator already manages every agency's accounts */
	assert_non_null(policy_roles_problem(ROLE_ADMIN | ROLE_AGENCY_ADMIN));
	/* an agency administrator may work in their agency too: what they could grant, they see already */
	assert_null(policy_roles_problem(ROLE_AGENCY_ADMIN | ROLE_DSL));
}

static void test_child_read_wrong_resource(void **state)
{
	(void)state;
	struct user u = member(1, 1, ROLE_PRACTITIONER);
	struct resource agency = {"agency", 1}, untyped = {NULL, 1}, empty = {"", 1}, upper = {"Child", 1},
	                prefix = {"chil", 1}, longer = {"children", 1};
	check(&u, "child.read", NULL, D, "practitioner");
	check(&u, "child.read", &agency, D, "practitioner");
	check(&u, "child.read", &untyped, D, "practitioner");
	check(&u, "child.read", &empty, D, "practitioner");
	check(&u, "child.read", &upper, D, "practitioner");
	check(&u, "child.read", &prefix, D, "practitioner");
	check(&u, "child.read", &longer, D, "practitioner");
	struct user police = member(2, 2, ROLE_POLICE);
	check(&police, "child.read", &agency, D, "police");
	check(&police, "child.read", &untyped, D, "police");
	/* the right type still works for the same user */
	struct resource child1 = {"child", 1};
	check(&u, "child.read", &child1, A, "practitioner");
}

static void test_break_glass_grants(void **state)
{
	(void)state;
	struct resource child1 = {"child", 1}, child2 = {"child", 2};
	/* user 2, police at agency 2: no relationship to child 1 */
	struct user police = member(2, 2, ROLE_POLICE);
	struct user colleague = member(3, 2, ROLE_POLICE);
	check(&police, "child.read", &child1, DECISION_BREAK_GLASS, "police before the grant");
	check(&police, "child.break_glass", NULL, A, "police");

	struct actor actor = {police.id, police.agency_id, "192.0.2.1"};
	int64_t now = (int64_t)read_int("SELECT unixepoch()"), wait = 0;
	assert_int_equal(
	    auth_store_break_glass(&police, &actor, "child", 1, "Section 47 enquiry", now, 3600, &wait),
	    HAVEN_OK);
	check(&police, "child.read", &child1, A, "police with a grant");
	/* the grant opens reading only: a change the role may make to a related child is still refused */
	check(&police, "child.correct", &child1, DECISION_NO_RELATIONSHIP, "police with a grant, correcting");
	check(&police, "child.correct", &child2, A, "police correcting a related child");
	/* and beside an allowed read, a change is decided afresh, not taken as related */
	assert_false(policy_allows_beside(&police, "child.correct", "child.read", "child", 1));
	/* no grant on a record that does not exist, though the attempt is audited and answered alike */
	assert_int_equal(
	    auth_store_break_glass(&police, &actor, "child", 999999, "Ahead of a record", now, 3600, &wait),
	    HAVEN_OK);
	assert_int_equal(read_int("SELECT count(*) FROM break_glass_grants WHERE resource_id = 999999"), 0);
	assert_int_equal(
	    read_int(
	        "SELECT count(*) FROM audit_log WHERE action = 'break_glass' AND resource_id = '999999'"),
	    1);
	/* the grant is for that user and that record only */
	check(&colleague, "child.read", &child1, DECISION_BREAK_GLASS, "a colleague without a grant");
	struct resource child3 = {"child", 3};
	check(&police, "child.read", &child3, DECISION_BREAK_GLASS, "police, another child");
	check(&police, "child.read", &child2, A, "police, related child");
	/* a grant gives no role: a user whose role may not read children is still refused */
	struct user admin = member(2, 2, ROLE_ADMIN);
	check(&admin, "child.read", &child1, D, "admin with the police user's grant");
	/* the grant was audited with its reason */
	assert_int_equal(
	    read_int("SELECT count(*) FROM audit_log WHERE action = 'break_glass' AND user_id = 2"
	             " AND resource_type = 'child' AND resource_id = '1' AND reason = 'Section 47 enquiry'"),
	    1);

	/* an expired grant (for the colleague) allows nothing */
	exec_write("INSERT INTO break_glass_grants (user_id, resource_type, resource_id, reason, granted_at, "
	           "expires_at)"
	           " VALUES (3, 'child', 1, 'old', unixepoch() - 7200, unixepoch() - 3600)");
	check(&colleague, "child.read", &child1, DECISION_BREAK_GLASS, "colleague with an expired grant");
	/* one that expires this very second has expired */
	exec_write("INSERT INTO break_glass_grants (user_id, resource_type, resource_id, reason, granted_at, "
	           "expires_at)"
	           " VALUES (3, 'child', 1, 'now', unixepoch() - 3600, unixepoch())");
	check(&colleague, "child.read", &child1, DECISION_BREAK_GLASS, "colleague with a grant expiring now");
	/* a grant for another type of record does not open a child */
	exec_write("INSERT INTO break_glass_grants (user_id, resource_type, resource_id, reason, granted_at, "
	           "expires_at)"
	           " VALUES (3, 'agency', 1, 'other type', unixepoch(), unixepoch() + 3600)");
	check(&colleague, "child.read", &child1, DECISION_BREAK_GLASS,
	      "colleague with a grant for an agency");

	/* the police user's grant, made to expire, stops working */
	exec_write("UPDATE break_glass_grants SET expires_at = unixepoch() - 1 WHERE user_id = 2");
	check(&police, "child.read", &child1, DECISION_BREAK_GLASS, "police after the grant expired");

	/* a grant for a user whose role may not break glass opens nothing: a grant counts only where the
	 * policy lets the role break glass */
	struct user practitioner = member(4, 4, ROLE_PRACTITIONER);
	check(&practitioner, "child.read", &child1, DECISION_NO_RELATIONSHIP, "practitioner");
	struct actor actor4 = {4, 4, NULL};
	assert_int_equal(
	    auth_store_break_glass(&practitioner, &actor4, "child", 1, "granted", now, 600, &wait), HAVEN_OK);
	check(&practitioner, "child.read", &child1, DECISION_NO_RELATIONSHIP, "practitioner with a grant");

	/* at most BREAK_GLASS_PER_HOUR grants an hour to one person: then HAVEN_ERR_BUSY, nothing granted */
	for (int i = 1; i < BREAK_GLASS_PER_HOUR; i++)
		assert_int_equal(
		    auth_store_break_glass(&practitioner, &actor4, "child", 1, "again", now, 600, &wait),
		    HAVEN_OK);
	assert_int_equal(
	    auth_store_break_glass(&practitioner, &actor4, "child", 1, "one too many", now, 600, &wait),
	    HAVEN_ERR_BUSY);
	assert_true(wait > 3500 && wait <= 3600);
	assert_int_equal(read_int("SELECT count(*) FROM break_glass_grants WHERE user_id = 4"),
	                 BREAK_GLASS_PER_HOUR);
	/* and at the cap a record that does not exist is answered alike: the cap tells nothing */
	assert_int_equal(
	    auth_store_break_glass(&practitioner, &actor4, "child", 999998, "probe", now, 600, &wait),
	    HAVEN_ERR_BUSY);
	/* an hour on, one more is allowed */
	assert_int_equal(
	    auth_store_break_glass(&practitioner, &actor4, "child", 1, "next hour", now + 3700, 600, &wait),
	    HAVEN_OK);
}

/* The second factor is asked for before any database lookup for a pending user. */
static void test_child_read_pending(void **state)
{
	(void)state;
	struct resource child1 = {"child", 1};
	struct user u = member(1, 1, ROLE_PRACTITIONER);
	u.second_factor_pending = true;
	check(&u, "child.read", &child1, DECISION_SECOND_FACTOR, "pending practitioner");
	u.second_factor_pending = false;
	check(&u, "child.read", &child1, A, "practitioner");
}

/* Two areas cannot claim one action, and a rule cannot name a record type no area holds (run last: it leaves
 * its one bad rule in the policy). */
static void the_policy_refuses_what_areas_cannot_declare(void **state)
{
	(void)state;
	static const struct policy_rule again[] = {{.action = "child.read", .roles = ROLE_ADMIN}, {0}};
	char *err = NULL;
	assert_int_equal(policy_add_rules("test", again, &err), HAVEN_ERR_INVALID);
	assert_non_null(strstr(err, "child.read"));
	assert_non_null(strstr(err, "children"));
	free(err);
	assert_int_equal(policy_decide(NULL, "child.read", NULL), DECISION_SIGN_IN);

	static const struct record_type twice[] = {{.name = "review"}, {0}};
	err = NULL;
	assert_int_equal(records_add("test", twice, &err), HAVEN_ERR_INVALID);
	assert_non_null(strstr(err, "reviews"));
	free(err);

	/* children named by hand, without the audit trail's statement for them */
	static const struct record_type by_hand[] = {{.name = "visit", .children = "SELECT 1"}, {0}};
	err = NULL;
	assert_int_equal(records_add("test", by_hand, &err), HAVEN_ERR_INVALID);
	assert_non_null(strstr(err, "RECORD_CHILDREN_OF"));
	free(err);
	assert_null(records_find("visit"));

	assert_int_equal(policy_check(&err), HAVEN_OK);
	static const struct policy_rule unheld[] = {
	    {.action = "test.read", .roles = ROLE_ADMIN, .resource = "no_such_record"}, {0}};
	assert_int_equal(policy_add_rules("test", unheld, &err), HAVEN_OK);
	assert_int_equal(policy_check(&err), HAVEN_ERR_INVALID);
	assert_non_null(strstr(err, "no_such_record"));
	free(err);
}

/*
 * A record type that takes documents names who may see them by an action of
 * its own area's rules: a misspelt action, or another area's, is refused at
 * start-up. Run after every other test: it starts the policy afresh.
 */
static void the_policy_refuses_a_documents_action_not_the_areas_own(void **state)
{
	(void)state;
	policy_clear();
	records_clear();
	static const struct policy_rule alpha_rules[] = {{.action = "alpha.read", .roles = ROLE_ADMIN}, {0}};
	static const struct record_type alpha_records[] = {{.name = "alpha", .documents = "alpha.read"}, {0}};
	char *err = NULL;
	assert_int_equal(policy_add_rules("alpha", alpha_rules, &err), HAVEN_OK);
	assert_int_equal(records_add("alpha", alpha_records, &err), HAVEN_OK);
	assert_int_equal(policy_check(&err), HAVEN_OK);

	static const struct record_type borrowing[] = {{.name = "beta", .documents = "alpha.read"}, {0}};
	assert_int_equal(records_add("beta", borrowing, &err), HAVEN_OK);
	assert_int_equal(policy_check(&err), HAVEN_ERR_INVALID);
	assert_string_equal(
	    err, "the beta area's record type beta lets alpha.read show its documents, which is the "
	         "alpha area's action");
	free(err);

	records_clear();
	static const struct record_type misspelt[] = {{.name = "alpha", .documents = "alpha.raed"}, {0}};
	assert_int_equal(records_add("alpha", misspelt, &err), HAVEN_OK);
	assert_int_equal(policy_check(&err), HAVEN_ERR_INVALID);
	assert_string_equal(err,
	                    "the alpha area's record type alpha lets alpha.raed show its documents, which no "
	                    "area's rules name");
	free(err);
	policy_clear();
	records_clear();
}

int main(int argc, char **argv)
{
	/* the rules and record types the areas declare, as `haven` gathers them at start-up */
	char *assemble_err = NULL;
	if (areas_assemble(&assemble_err) != HAVEN_OK) {
		fprintf(stderr, "%s\n", assemble_err);
		return 1;
	}
	(void)argc;
	(void)argv;
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_action_known),
	    cmocka_unit_test(test_matrix_single_roles),
	    cmocka_unit_test(test_policy_roles),
	    cmocka_unit_test(test_audited_and_resource_type),
	    cmocka_unit_test(test_unknown_action),
	    cmocka_unit_test(test_no_roles),
	    cmocka_unit_test(test_several_roles),
	    cmocka_unit_test(test_second_factor_pending),
	    cmocka_unit_test_setup_teardown(test_child_read_relationship, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_child_read_wrong_resource, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_allows_beside, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_agency_user_relationship, open_store, remove_dir),
	    cmocka_unit_test(test_role_agency_types),
	    cmocka_unit_test_setup_teardown(test_break_glass_grants, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_child_read_pending, open_store, remove_dir),
	    cmocka_unit_test(the_policy_refuses_what_areas_cannot_declare),
	    cmocka_unit_test(the_policy_refuses_a_documents_action_not_the_areas_own),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
