/*
 * test_session.c — tests signing in and sessions (auth/session.h) on a real
 * database in a temporary directory (session_fixture.h), with users made by
 * auth_store_user_create: a right password starting a session whose token
 * finds the user, unknown and malformed tokens found by nobody, a wrong
 * password and an unknown email giving the same answer, a disabled user
 * refused and their session ended, the idle and absolute timeouts (by
 * moving the session's timestamps, not by sleeping), when a session ends
 * learnt without using it, the audit rows of each outcome, and a role the
 * user's agency may not hold refused by the store itself. Throttling
 * is tested in test_session_throttle.c, the second factor in
 * test_session_second_factor.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "session_fixture.h"

/* ---- signing in ---- */

static void test_defaults(void **state)
{
	(void)state;
	assert_int_equal(defaults.idle_timeout, 30 * 60);
	assert_int_equal(defaults.absolute_timeout, 12 * 60 * 60);
	assert_false(defaults.secure_cookies);
	assert_string_equal(auth_cookie_name(), "haven_session");
	struct auth_settings secure = defaults;
	secure.secure_cookies = true;
	auth_configure(&secure);
	assert_string_equal(auth_cookie_name(), "__Host-haven_session");
	auth_configure(&defaults);
	int64_t before = (int64_t)time(NULL);
	int64_t now = auth_now();
	assert_true(now >= before && now <= (int64_t)time(NULL));
}

static void test_sign_in_right_password(void **state)
{
	(void)state;
	struct sign_in r;
	sign_in_ok("192.0.2.1", &r);
	assert_int_equal(r.wait_seconds, 0);
	assert_int_equal(r.user.id, alice);
	assert_int_equal(r.user.roles, ROLE_PRACTITIONER);
	assert_string_equal(r.user.email, EMAIL);
	assert_string_equal(r.user.name, "Alice Example");
	assert_string_equal(r.user.agency_name, "Test Agency");
	assert_true(r.user.agency_id > 0);
	assert_true(r.user.session_id > 0);
	assert_false(r.second_factor_needed);
	assert_false(r.second_factor_setup);
	assert_false(r.user.second_factor_pending);
	assert_int_equal(strlen(r.user.csrf_token), TOKEN_TEXT_SIZE - 1);
	assert_string_not_equal(r.user.csrf_token, r.token);
	for (const char *p = r.token; *p; p++) /* base64url, so it is safe in a cookie */
		assert_non_null(
		    strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", *p));

	/* the token finds the user and the same session */
	struct user u;
	assert_int_equal(auth_authenticate(r.token, false, &u), HAVEN_OK);
	assert_int_equal(u.id, alice);
	assert_int_equal(u.roles, ROLE_PRACTITIONER);
	assert_int_equal(u.agency_id, r.user.agency_id);
	assert_int_equal(u.session_id, r.user.session_id);
	assert_string_equal(u.email, EMAIL);
	assert_string_equal(u.csrf_token, r.user.csrf_token);
	assert_false(u.second_factor_pending);
	assert_false(u.via_bearer);
	assert_int_equal(auth_authenticate(r.token, true, &u), HAVEN_OK);
	assert_true(u.via_bearer);

	/* the database keeps the token's hash, never the token */
	assert_int_equal(read_int("SELECT count(*) FROM sessions"), 1);
	assert_int_equal(read_int("SELECT length(token_hash) FROM sessions"), TOKEN_HASH_SIZE);
	char sql[200];
	snprintf(sql, sizeof sql,
	         "SELECT count(*) FROM sessions WHERE CAST(token_hash AS TEXT) = '%s'"
	         " OR csrf_token = '%s'",
	         r.token, r.token);
	assert_int_equal(read_int(sql), 0);
	assert_int_equal(read_int("SELECT count(*) FROM sessions WHERE client_address = '192.0.2.1'"
	                          " AND user_agent = 'test agent' AND second_factor_at IS NOT NULL"),
	                 1);

	/* a second sign-in is another session with another token */
	struct sign_in again;
	sign_in_ok("192.0.2.1", &again);
	assert_string_not_equal(again.token, r.token);
	assert_true(again.user.session_id != r.user.session_id);
	assert_int_equal(audit_count("sign_in", alice), 2);
	assert_int_equal(audit_count("sign_in_failed", alice), 0);
	assert_int_equal(read_int("SELECT count(*) FROM audit_log WHERE action = 'sign_in'"
	                          " AND client_address = '192.0.2.1'"),
	                 2);
}

static void test_unknown_tokens(void **state)
{
	(void)state;
	struct sign_in r;
	sign_in_ok("192.0.2.1", &r);
	struct user u;
	char token[TOKEN_TEXT_SIZE];
	token_new(token);
	assert_int_equal(auth_authenticate(token, false, &u), HAVEN_ERR_NOT_FOUND);
	assert_int_equal(auth_authenticate(NULL, false, &u), HAVEN_ERR_NOT_FOUND);
	assert_int_equal(auth_authenticate("", false, &u), HAVEN_ERR_NOT_FOUND);
	/* the real token, one character short, one longer, or one character changed */
	char shorter[TOKEN_TEXT_SIZE];
	snprintf(shorter, sizeof shorter, "%.42s", r.token);
	assert_int_equal(auth_authenticate(shorter, false, &u), HAVEN_ERR_NOT_FOUND);
	char longer[TOKEN_TEXT_SIZE + 1];
	snprintf(longer, sizeof longer, "%sA", r.token);
	assert_int_equal(auth_authenticate(longer, true, &u), HAVEN_ERR_NOT_FOUND);
	char changed[TOKEN_TEXT_SIZE];
	memcpy(changed, r.token, sizeof changed);
	changed[10] = changed[10] == 'A' ? 'B' : 'A';
	assert_int_equal(auth_authenticate(changed, false, &u), HAVEN_ERR_NOT_FOUND);
	/* the CSRF token is not a session token */
	assert_int_equal(auth_authenticate(r.user.csrf_token, false, &u), HAVEN_ERR_NOT_FOUND);
	assert_int_equal(auth_authenticate(r.token, false, &u), HAVEN_OK);

	/* a session that has ended is found by nobody */
	struct actor actor = {alice, r.user.agency_id, NULL};
	assert_int_equal(auth_store_session_end(r.user.session_id, alice, &actor, "sign_out", auth_now()),
	                 HAVEN_OK);
	assert_int_equal(auth_authenticate(r.token, false, &u), HAVEN_ERR_NOT_FOUND);
	assert_int_equal(audit_count("sign_out", alice), 1);
}

static void test_wrong_password_and_unknown_email(void **state)
{
	(void)state;
	struct sign_in r;
	assert_int_equal(sign_in(EMAIL, "not the password at all", "192.0.2.1", &r), SIGN_IN_WRONG);
	assert_int_equal(r.wait_seconds, 0);
	assert_string_equal(r.token, "");
	assert_int_equal(r.user.id, 0);
	assert_false(r.second_factor_needed);
	assert_false(r.second_factor_setup);
	/* the failure is audited against the account whose password failed */
	assert_int_equal(audit_count("sign_in_failed", alice), 1);

	/* an unknown email: the same answer, audited with no user */
	struct sign_in unknown;
	assert_int_equal(sign_in("nobody@example.org", PASSWORD, "192.0.2.2", &unknown), SIGN_IN_WRONG);
	assert_int_equal(unknown.wait_seconds, 0);
	assert_string_equal(unknown.token, "");
	assert_int_equal(unknown.user.id, 0);
	assert_int_equal(audit_count("sign_in_failed", 0), 1);
	assert_int_equal(read_int("SELECT count(*) FROM audit_log WHERE action = 'sign_in_failed'"
	                          " AND client_address = '192.0.2.2'"),
	                 1);
	/* an empty password too */
	assert_int_equal(sign_in(EMAIL, "", "192.0.2.3", &r), SIGN_IN_WRONG);

	/* neither started a session */
	assert_int_equal(read_int("SELECT count(*) FROM sessions"), 0);
	assert_int_equal(audit_count("sign_in", alice), 0);
	/* both counted, by email as typed and by address */
	assert_int_equal(failures_of("email:" EMAIL), 2);
	assert_int_equal(failures_of("email:nobody@example.org"), 1);
	assert_int_equal(failures_of("address:192.0.2.1"), 1);
	assert_int_equal(failures_of("address:192.0.2.2"), 1);
}

static void test_disabled_user(void **state)
{
	(void)state;
	struct sign_in r;
	sign_in_ok("192.0.2.1", &r);
	struct user u;
	assert_int_equal(auth_authenticate(r.token, false, &u), HAVEN_OK);

	struct actor admin = {0, 0, "192.0.2.99"};
	assert_int_equal(auth_store_user_disable(EMAIL, &admin, auth_now(), NULL), HAVEN_OK);
	assert_int_equal(auth_authenticate(r.token, false, &u), HAVEN_ERR_NOT_FOUND);
	assert_int_equal(read_int("SELECT count(*) FROM sessions WHERE ended_at IS NULL"), 0);
	/* a session whose ended_at is cleared is still refused: the user is disabled */
	exec_write("UPDATE sessions SET ended_at = NULL");
	assert_int_equal(auth_authenticate(r.token, false, &u), HAVEN_ERR_NOT_FOUND);

	/* the right password gives the same answer as a wrong one, and counts as a failure (from an address
	 * the account has not signed in from, so on the email's count) */
	struct sign_in again;
	assert_int_equal(sign_in(EMAIL, PASSWORD, "192.0.2.2", &again), SIGN_IN_WRONG);
	assert_string_equal(again.token, "");
	assert_int_equal(again.user.id, 0);
	assert_int_equal(failures_of("email:" EMAIL), 1);
	assert_int_equal(audit_count("sign_in_failed", alice), 1);
	assert_int_equal(audit_count("sign_in", alice), 1);
	assert_int_equal(read_int("SELECT count(*) FROM audit_log WHERE action = 'user.disable'"), 1);
	assert_int_equal(auth_store_user_disable(EMAIL, &admin, auth_now(), NULL), HAVEN_ERR_NOT_FOUND);
}

/* ---- timeouts, and when a session ends ---- */

static void test_timeouts(void **state)
{
	(void)state;
	struct auth_settings s = {.idle_timeout = 2, .absolute_timeout = 4};
	auth_configure(&s);
	assert_int_equal(auth_get_settings()->idle_timeout, 2);
	assert_int_equal(auth_get_settings()->absolute_timeout, 4);

	struct sign_in r;
	sign_in_ok("192.0.2.1", &r);
	struct user u;
	/* sign-in takes a while (the password hash): start the clock here */
	exec_write("UPDATE sessions SET created_at = unixepoch(), last_seen_at = unixepoch()");
	assert_int_equal(auth_authenticate(r.token, false, &u), HAVEN_OK);

	/* idle: not seen for longer than the idle timeout */
	exec_write("UPDATE sessions SET last_seen_at = last_seen_at - 100");
	assert_int_equal(auth_authenticate(r.token, false, &u), HAVEN_ERR_NOT_FOUND);
	exec_write("UPDATE sessions SET last_seen_at = unixepoch() - 3");
	assert_int_equal(auth_authenticate(r.token, false, &u), HAVEN_ERR_NOT_FOUND);
	/* an expired session is not revived by being asked for */
	assert_int_equal(read_int("SELECT unixepoch() - last_seen_at >= 3 FROM sessions"), 1);

	/* seen a moment ago: alive again (the timeout is about the timestamps, nothing else) */
	exec_write("UPDATE sessions SET last_seen_at = unixepoch()");
	assert_int_equal(auth_authenticate(r.token, false, &u), HAVEN_OK);

	/* use records activity (at most every idle/4 seconds), so a session in use never looks idle;
	 * a longer idle timeout here so the clock ticking cannot expire the session mid-check */
	struct auth_settings longer = {.idle_timeout = 100, .absolute_timeout = 1000};
	auth_configure(&longer);
	exec_write("UPDATE sessions SET last_seen_at = unixepoch() - 30");
	long long before = read_int("SELECT unixepoch()");
	assert_int_equal(auth_authenticate(r.token, false, &u), HAVEN_OK);
	/* the server's clock is time(), Linux's coarse clock, which may still say the second before
	 * SQLite's unixepoch() for a few milliseconds after it turns: a second's slack, far from -30 */
	assert_true(read_int("SELECT last_seen_at FROM sessions") >= before - 1);
	/* ... but not on every request: seen 10 s ago (under idle/4 = 25 s) is left alone */
	exec_write("UPDATE sessions SET last_seen_at = unixepoch() - 10");
	long long seen = read_int("SELECT last_seen_at FROM sessions");
	assert_int_equal(auth_authenticate(r.token, false, &u), HAVEN_OK);
	assert_int_equal(read_int("SELECT last_seen_at FROM sessions"), seen);
	auth_configure(&s);

	/* absolute: too long since sign-in, however active */
	exec_write("UPDATE sessions SET created_at = created_at - 100, last_seen_at = unixepoch()");
	assert_int_equal(auth_authenticate(r.token, false, &u), HAVEN_ERR_NOT_FOUND);
	exec_write("UPDATE sessions SET created_at = unixepoch() - 5, last_seen_at = unixepoch()");
	assert_int_equal(auth_authenticate(r.token, false, &u), HAVEN_ERR_NOT_FOUND);

	/* with the defaults again, the same session (an hour old, active) is fine */
	auth_configure(&defaults);
	exec_write("UPDATE sessions SET created_at = unixepoch() - 3600, last_seen_at = unixepoch() - 60");
	assert_int_equal(auth_authenticate(r.token, false, &u), HAVEN_OK);
	/* ... idle for 31 minutes is not; 13 hours old is not */
	exec_write("UPDATE sessions SET last_seen_at = unixepoch() - 31 * 60");
	assert_int_equal(auth_authenticate(r.token, false, &u), HAVEN_ERR_NOT_FOUND);
	exec_write("UPDATE sessions SET created_at = unixepoch() - 13 * 3600, last_seen_at = unixepoch()");
	assert_int_equal(auth_authenticate(r.token, false, &u), HAVEN_ERR_NOT_FOUND);
}

/* A page asking when its session ends learns it without using it: nothing recorded, nothing extended. */
static void test_ends_at_without_using(void **state)
{
	(void)state;
	struct auth_settings s = {.idle_timeout = 100, .absolute_timeout = 1000};
	auth_configure(&s);
	struct sign_in r;
	sign_in_ok("192.0.2.1", &r);
	exec_write("UPDATE sessions SET created_at = unixepoch() - 10, last_seen_at = unixepoch() - 60");
	long long seen = read_int("SELECT last_seen_at FROM sessions");
	int64_t ends_at = 0;
	assert_int_equal(auth_session_ends_at(r.token, &ends_at), HAVEN_OK);
	assert_int_equal(ends_at, seen + 100);
	assert_int_equal(read_int("SELECT last_seen_at FROM sessions"), seen); /* authenticate would touch */

	/* the absolute end when that comes first */
	exec_write("UPDATE sessions SET created_at = unixepoch() - 980");
	assert_int_equal(auth_session_ends_at(r.token, &ends_at), HAVEN_OK);
	assert_int_equal(ends_at, read_int("SELECT created_at FROM sessions") + 1000);

	/* ended: idle too long, or signed out; and a token that is none */
	exec_write("UPDATE sessions SET created_at = unixepoch() - 10, last_seen_at = unixepoch() - 101");
	assert_int_equal(auth_session_ends_at(r.token, &ends_at), HAVEN_ERR_NOT_FOUND);
	exec_write("UPDATE sessions SET last_seen_at = unixepoch(), ended_at = unixepoch()");
	assert_int_equal(auth_session_ends_at(r.token, &ends_at), HAVEN_ERR_NOT_FOUND);
	assert_int_equal(auth_session_ends_at(NULL, &ends_at), HAVEN_ERR_NOT_FOUND);
	assert_int_equal(auth_session_ends_at("short", &ends_at), HAVEN_ERR_NOT_FOUND);
	auth_configure(&defaults);
}

/* ---- the audit trail of sign-ins ---- */

static void test_audit_rows(void **state)
{
	(void)state;
	struct sign_in r;
	sign_in_ok("192.0.2.30", &r);
	assert_int_equal(sign_in(EMAIL, "a wrong password", "192.0.2.31", &r), SIGN_IN_WRONG);
	assert_int_equal(sign_in("nobody@example.org", "a wrong password", "192.0.2.32", &r), SIGN_IN_WRONG);
	long long agency = read_int("SELECT agency_id FROM users WHERE email = '" EMAIL "'");
	char sql[300];
	snprintf(
	    sql, sizeof sql,
	    "SELECT count(*) FROM audit_log WHERE action = 'sign_in' AND user_id = %lld AND agency_id = %lld"
	    " AND client_address = '192.0.2.30'",
	    alice, agency);
	assert_int_equal(read_int(sql), 1);
	snprintf(sql, sizeof sql,
	         "SELECT count(*) FROM audit_log WHERE action = 'sign_in_failed' AND user_id = %lld"
	         " AND agency_id = %lld AND client_address = '192.0.2.31'",
	         alice, agency);
	assert_int_equal(read_int(sql), 1);
	assert_int_equal(
	    read_int("SELECT count(*) FROM audit_log WHERE action = 'sign_in_failed'"
	             " AND user_id IS NULL AND agency_id IS NULL AND client_address = '192.0.2.32'"),
	    1);
	/* nothing about the password reaches the audit trail */
	assert_int_equal(read_int("SELECT count(*) FROM audit_log WHERE reason LIKE '%wrong password%'"
	                          " OR resource_id LIKE '%wrong password%'"),
	                 0);
}

/* ---- the roles an agency may hold, held by the store's own unit of work ---- */

static void test_role_the_agency_may_not_hold(void **state)
{
	(void)state;
	/* the handlers check it first; the store checks it again where the agency's type is read with the
	 * write (an agency's type changed meanwhile: partnership_update_agency) */
	long long users = read_int("SELECT count(*) FROM users"),
	          audited = read_int("SELECT count(*) FROM audit_log");
	struct new_user u = {"dee@example.org", "Dee Example", "test-agency", ROLE_DSL, hashed};
	struct actor system = {0};
	long long id = 0;
	assert_int_equal(auth_store_user_create(&u, &system, &id), HAVEN_ERR_DENIED);
	assert_int_equal(read_int("SELECT count(*) FROM users"), users);
	assert_int_equal(auth_store_user_change(alice, ROLE_POLICE, NULL, &system, "a test"),
	                 HAVEN_ERR_DENIED);
	assert_int_equal(read_int("SELECT count(*) FROM user_roles WHERE role = 'police'"), 0);
	assert_int_equal(read_int("SELECT count(*) FROM audit_log"),
	                 audited); /* nothing changed, nothing audited */
}

int main(void)
{
	if (session_fixture_start() != 0)
		return 1;
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_defaults),
	    cmocka_unit_test_setup_teardown(test_sign_in_right_password, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_unknown_tokens, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_wrong_password_and_unknown_email, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_disabled_user, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_timeouts, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_ends_at_without_using, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_audit_rows, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_role_the_agency_may_not_hold, open_store, remove_dir),
	};
	return cmocka_run_group_tests(tests, hash_once, NULL);
}
