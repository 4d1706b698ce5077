/*
 * test_session.c — tests signing in and sessions (auth/session.h) on a real
 * database in a temporary directory, with users made by
 * auth_store_user_create: a right password starting a session whose token
 * finds the user, unknown and malformed tokens found by nobody, a wrong
 * password and an unknown email giving the same answer, throttling per
 * email (4 failures free, then waits of 1, 2, 4, 8 and 16 seconds, locked
 * for 15 minutes at the 10th, forgotten 15 minutes after the last) and per
 * client address (20 free, then waiting), a success forgiving only its
 * email's failures, a disabled
 * user refused and their session ended, the idle and absolute timeouts (by
 * moving the session's timestamps, not by sleeping), and the second factor:
 * set-up asked for when a role requires it, asked for once a secret is
 * stored, a right code accepted once and not again, wrong codes throttled
 * after 4 and counted against the email as wrong passwords are (in set-up
 * too), and secrets stored sealed (not in clear, not movable between rows,
 * not opened by another key; clear ones from before sealed at start-up).
 * Audit rows are checked for each outcome. A sign-in reads its throttle
 * afresh once its email's lock is held, and a password's hash ends the
 * request's snapshot.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/assemble.h"
#include "auth/keys.h"
#include "auth/password.h"
#include "auth/policy.h"
#include "auth/session.h"
#include "auth/store.h"
#include "auth/token.h"
#include "auth/totp.h"
#include "auth/user.h"
#include "core/status.h"
#include "store/db.h"
#include "store/store.h"
#include "temp_store.h"

/* An address may be many people, so it has more free failures than one account (auth/store_sqlite.c). */
#define ADDRESS_FREE_FAILURES 20

#define PASSWORD "correct horse battery staple"
#define EMAIL "alice@example.org"

static unsigned char test_key[KEYS_BYTES]; /* the process's key for every test */
static char hashed[160];                   /* PASSWORD, hashed once for every test */
static struct auth_settings defaults;      /* as Haven starts, restored after each test */
static long long alice;                    /* EMAIL: a practitioner */

/* ---- a temporary directory and a migrated, open store per test ---- */

static struct temp_store temp;

static enum haven_status exec_unit(db_conn *db, void *ctx)
{
	return db_exec_script(db, ctx);
}

/* Runs SQL as a unit of work on the writer (how tests move timestamps). */
static void exec_write(const char *sql)
{
	assert_int_equal(db_write(exec_unit, (void *)sql), HAVEN_OK);
}

/* One integer from a query on this thread's reader; `fallback` if there is no row. */
static long long read_int_or(const char *sql, long long fallback)
{
	db_conn *db = db_reader();
	assert_non_null(db);
	db_stmt *stmt = db_prepare_once_registered(db, sql);
	assert_non_null(stmt);
	enum db_step step = db_step(stmt);
	assert_true(step == DB_STEP_ROW || step == DB_STEP_DONE);
	long long v = step == DB_STEP_ROW ? db_column_int(stmt, 0) : fallback;
	db_finalize(stmt);
	return v;
}

static long long read_int(const char *sql)
{
	return read_int_or(sql, -1);
}

static long long create_user(const char *email, unsigned roles)
{
	struct new_user u = {email, "Test User", "test-agency", roles, hashed};
	struct actor system = {0};
	long long id = 0;
	assert_int_equal(auth_store_user_create(&u, &system, &id), HAVEN_OK);
	assert_true(id > 0);
	return id;
}

static int open_store(void **state)
{
	(void)state;
	if (temp_store_open(&temp, "session") != 0)
		return -1;
	static const char agencies[] =
	    "INSERT INTO agencies (slug, name, type) VALUES ('test-agency', 'Test Agency', 'other')";
	if (db_write(exec_unit, (void *)agencies) != HAVEN_OK)
		return -1;
	struct new_user u = {EMAIL, "Alice Example", "test-agency", ROLE_PRACTITIONER, hashed};
	struct actor system = {0};
	if (auth_store_user_create(&u, &system, &alice) != HAVEN_OK)
		return -1;
	return 0;
}

static int remove_dir(void **state)
{
	(void)state;
	auth_configure(&defaults);
	return temp_store_remove(&temp);
}

static int hash_once(void **state)
{
	(void)state;
	defaults = *auth_get_settings();
	return password_hash(PASSWORD, hashed, sizeof hashed) == HAVEN_OK ? 0 : -1;
}

/* ---- helpers ---- */

static enum sign_in_outcome sign_in(const char *email, const char *password, const char *address,
                                    struct sign_in *out)
{
	assert_int_equal(auth_sign_in(email, password, address, "test agent", out), HAVEN_OK);
	return out->outcome;
}

/* Signs in as EMAIL and checks it worked. */
static void sign_in_ok(const char *address, struct sign_in *out)
{
	assert_int_equal(sign_in(EMAIL, PASSWORD, address, out), SIGN_IN_OK);
	assert_int_equal(strlen(out->token), TOKEN_TEXT_SIZE - 1);
}

static long long audit_count(const char *action, long long user_id)
{
	char sql[256];
	if (user_id)
		snprintf(sql, sizeof sql,
		         "SELECT count(*) FROM audit_log WHERE action = '%s' AND user_id = %lld", action,
		         user_id);
	else
		snprintf(sql, sizeof sql,
		         "SELECT count(*) FROM audit_log WHERE action = '%s' AND user_id IS NULL", action);
	return read_int(sql);
}

/* A throttle row's failures (0: no row). */
static long long failures_of(const char *key)
{
	char sql[512];
	snprintf(sql, sizeof sql, "SELECT failures FROM sign_in_failures WHERE key = '%s'", key);
	return read_int_or(sql, 0);
}

/* Makes every waiting key wait another minute, so a check that it refuses cannot race the clock. */
static void extend_waits(void)
{
	exec_write("UPDATE sign_in_failures SET locked_until = locked_until + 60 WHERE locked_until > 0");
}

/* Ends every wait without forgetting the failures, so the next failure counts on. */
static void end_waits(void)
{
	exec_write("UPDATE sign_in_failures SET locked_until = 0");
}

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

/* Failure n (from a new address each time, so only the email's count grows). */
static void fail_from_new_address(const char *email, int n, struct sign_in *r)
{
	char address[32];
	snprintf(address, sizeof address, "198.51.100.%d", n);
	(void)sign_in(email, "a wrong password", address, r);
}

static void check_email_throttle(const char *email, long long user_id)
{
	struct sign_in r;
	char key[300];
	snprintf(key, sizeof key, "email:%s", email);
	for (int n = 1; n <= 4; n++) {
		fail_from_new_address(email, n, &r);
		if (r.outcome != SIGN_IN_WRONG || r.wait_seconds != 0)
			fail_msg("failure %d of %s: outcome %d, wait %lld", n, email, r.outcome,
			         (long long)r.wait_seconds);
	}
	fail_from_new_address(email, 5, &r);
	assert_int_equal(r.outcome, SIGN_IN_WAIT);
	assert_int_equal(r.wait_seconds, 1);
	assert_int_equal(failures_of(key), 5);

	/* while it waits, even the right password is refused, and that is not a failure */
	extend_waits();
	assert_int_equal(sign_in(email, PASSWORD, "203.0.113.1", &r), SIGN_IN_WAIT);
	assert_true(r.wait_seconds > 0 && r.wait_seconds <= 61);
	assert_string_equal(r.token, "");
	assert_int_equal(failures_of(key), 5);
	assert_int_equal(failures_of("address:203.0.113.1"), 0);
	assert_int_equal(read_int("SELECT count(*) FROM audit_log WHERE action = 'sign_in_refused_throttled'"
	                          " AND client_address = '203.0.113.1'"),
	                 1);

	/* each failure after the wait waits twice as long; the 10th locks for 15 minutes */
	static const int64_t waits[] = {2, 4, 8, 16, 15 * 60};
	for (int n = 6; n <= 10; n++) {
		end_waits();
		fail_from_new_address(email, n, &r);
		assert_int_equal(r.outcome, SIGN_IN_WAIT);
		if (r.wait_seconds != waits[n - 6])
			fail_msg("failure %d: wait %lld, want %lld", n, (long long)r.wait_seconds,
			         (long long)waits[n - 6]);
	}
	assert_int_equal(failures_of(key), 10);
	long long failed = audit_count("sign_in_failed", user_id);
	assert_int_equal(audit_count("sign_in_locked", user_id), 1);
	/* locked: the right password is refused */
	assert_int_equal(sign_in(email, PASSWORD, "203.0.113.2", &r), SIGN_IN_WAIT);
	assert_true(r.wait_seconds > 15 * 60 - 5 && r.wait_seconds <= 15 * 60);
	/* an 11th failure stays locked but is not a second lock */
	end_waits();
	fail_from_new_address(email, 11, &r);
	assert_int_equal(r.outcome, SIGN_IN_WAIT);
	assert_int_equal(r.wait_seconds, 15 * 60);
	assert_int_equal(audit_count("sign_in_locked", user_id), 1);
	assert_int_equal(audit_count("sign_in_failed", user_id), failed + 1);

	/* 15 minutes after the last failure, all is forgotten */
	exec_write("UPDATE sign_in_failures SET last_failure_at = last_failure_at - 901");
	fail_from_new_address(email, 12, &r);
	assert_int_equal(r.outcome, SIGN_IN_WRONG);
	assert_int_equal(failures_of(key), 1);
}

static void test_throttle_per_email(void **state)
{
	(void)state;
	check_email_throttle(EMAIL, alice);
	struct sign_in r;
	sign_in_ok("203.0.113.3", &r);
	assert_int_equal(failures_of("email:" EMAIL), 0);
}

/* An unknown email is throttled just like a real one (so throttling does not tell which exist). */
static void test_throttle_unknown_email(void **state)
{
	(void)state;
	check_email_throttle("nobody@example.org", 0);
}

/* Fails n sign-ins from `address`, each for a different unknown email, each expected to cost nothing yet. */
static void fail_from_address(const char *address, const char *prefix, int n)
{
	struct sign_in r;
	for (int i = 1; i <= n; i++) {
		char email[64];
		snprintf(email, sizeof email, "%s%d@example.org", prefix, i);
		if (sign_in(email, "a wrong password", address, &r) != SIGN_IN_WRONG || r.wait_seconds != 0)
			fail_msg("failure %d from %s: outcome %d, wait %lld", i, address, r.outcome,
			         (long long)r.wait_seconds);
	}
}

static void test_throttle_per_address(void **state)
{
	(void)state;
	struct sign_in r;
	/* an address (an office, a proxy) has more room than one account, but not unlimited */
	fail_from_address("192.0.2.9", "guess", ADDRESS_FREE_FAILURES);
	assert_int_equal(failures_of("address:192.0.2.9"), ADDRESS_FREE_FAILURES);
	assert_int_equal(failures_of("email:guess1@example.org"), 1);
	/* the next failure from the address waits, though it is the first for this (real) email */
	assert_int_equal(sign_in(EMAIL, "a wrong password", "192.0.2.9", &r), SIGN_IN_WAIT);
	assert_int_equal(r.wait_seconds, 1);
	assert_int_equal(failures_of("address:192.0.2.9"), ADDRESS_FREE_FAILURES + 1);
	assert_int_equal(failures_of("email:" EMAIL), 1);
	/* and the one after twice as long */
	end_waits();
	assert_int_equal(sign_in("another@example.org", "a wrong password", "192.0.2.9", &r), SIGN_IN_WAIT);
	assert_int_equal(r.wait_seconds, 2);

	/* that address waits, for any email and the right password; another address does not */
	extend_waits();
	assert_int_equal(sign_in(EMAIL, PASSWORD, "192.0.2.9", &r), SIGN_IN_WAIT);
	assert_true(r.wait_seconds > 0);
	assert_string_equal(r.token, "");
	sign_in_ok("192.0.2.10", &r);
}

static void test_success_clears_only_the_email(void **state)
{
	(void)state;
	struct sign_in r;
	for (int n = 0; n < 3; n++)
		assert_int_equal(sign_in(EMAIL, "a wrong password", "192.0.2.20", &r), SIGN_IN_WRONG);
	fail_from_address("192.0.2.20", "other", ADDRESS_FREE_FAILURES - 4);
	assert_int_equal(failures_of("email:" EMAIL), 3);
	assert_int_equal(failures_of("address:192.0.2.20"), ADDRESS_FREE_FAILURES - 1);

	sign_in_ok("192.0.2.20", &r);
	assert_int_equal(failures_of("email:" EMAIL), 0);
	assert_int_equal(failures_of("email:other1@example.org"), 1);
	assert_int_equal(failures_of("address:192.0.2.20"), ADDRESS_FREE_FAILURES - 1);

	/* the address's count goes on from where it was, though a sign-in from it succeeded in between */
	assert_int_equal(sign_in("third@example.org", "a wrong password", "192.0.2.20", &r), SIGN_IN_WRONG);
	assert_int_equal(sign_in("fourth@example.org", "a wrong password", "192.0.2.20", &r), SIGN_IN_WAIT);
	assert_int_equal(r.wait_seconds, 1);
	/* and the account's own count starts again from nothing */
	assert_int_equal(sign_in(EMAIL, "a wrong password", "192.0.2.21", &r), SIGN_IN_WRONG);
	assert_int_equal(failures_of("email:" EMAIL), 1);
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

	/* the right password gives the same answer as a wrong one, and counts as a failure */
	struct sign_in again;
	assert_int_equal(sign_in(EMAIL, PASSWORD, "192.0.2.1", &again), SIGN_IN_WRONG);
	assert_string_equal(again.token, "");
	assert_int_equal(again.user.id, 0);
	assert_int_equal(failures_of("email:" EMAIL), 1);
	assert_int_equal(audit_count("sign_in_failed", alice), 1);
	assert_int_equal(audit_count("sign_in", alice), 1);
	assert_int_equal(read_int("SELECT count(*) FROM audit_log WHERE action = 'user.disable'"), 1);
	assert_int_equal(auth_store_user_disable(EMAIL, &admin, auth_now(), NULL), HAVEN_ERR_NOT_FOUND);
}

/* ---- timeouts ---- */

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
	assert_true(read_int("SELECT last_seen_at FROM sessions") >= before);
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

/* ---- the second factor ---- */

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

static uint64_t now_seconds(void)
{
	return (uint64_t)time(NULL);
}

/* The code an authenticator app shows now. */
static void code_now(const unsigned char *secret, char code[16])
{
	totp_code(secret, TOTP_SECRET_SIZE, now_seconds(), 30, 6, TOTP_SHA1, code);
}

/* A code right for none of the steps around now (the window auth_second_factor accepts). */
static void wrong_code(const unsigned char *secret, char code[16], int n)
{
	for (int k = 0;; k++) {
		snprintf(code, 16, "%06d", (123456 + n * 7919 + k) % 1000000);
		bool clash = false;
		uint64_t now = now_seconds();
		for (int d = -2; d <= 2; d++) {
			char c[16];
			totp_code(secret, TOTP_SECRET_SIZE, now + (uint64_t)(d * 30), 30, 6, TOTP_SHA1, c);
			clash = clash || strcmp(c, code) == 0;
		}
		if (!clash)
			return;
	}
}

/* Requires the second factor of practitioners and stores a secret for EMAIL through a set-up sign-in. */
static void set_up_totp(unsigned char secret[TOTP_SECRET_SIZE])
{
	struct actor admin = {0, 0, NULL};
	assert_int_equal(auth_store_set_totp_roles(ROLE_PRACTITIONER, &admin), HAVEN_OK);
	struct sign_in r;
	sign_in_ok("192.0.2.1", &r);
	assert_true(r.second_factor_setup);
	totp_secret_new(secret);
	struct actor actor = {alice, r.user.agency_id, "192.0.2.1"};
	/* an old step, so the code of this moment is still unspent */
	assert_int_equal(auth_store_set_totp_secret(&r.user, &actor, secret, now_seconds() / 30 - 10),
	                 HAVEN_OK);
}

static void test_second_factor_setup(void **state)
{
	(void)state;
	unsigned roles = 99;
	assert_int_equal(auth_store_totp_roles(&roles), HAVEN_OK);
	assert_int_equal(roles, 0);
	struct actor admin = {0, 0, NULL};
	assert_int_equal(auth_store_set_totp_roles(ROLE_PRACTITIONER | ROLE_POLICE, &admin), HAVEN_OK);
	assert_int_equal(auth_store_totp_roles(&roles), HAVEN_OK);
	assert_int_equal(roles, ROLE_PRACTITIONER | ROLE_POLICE);
	assert_int_equal(read_int("SELECT count(*) FROM audit_log WHERE action = 'settings.second_factor'"),
	                 1);

	struct sign_in r;
	sign_in_ok("192.0.2.1", &r);
	assert_true(r.second_factor_setup);
	assert_false(r.second_factor_needed);
	assert_true(r.user.second_factor_pending);
	/* the password alone is audited as such, not as a sign-in */
	assert_int_equal(audit_count("sign_in_password", alice), 1);
	assert_int_equal(audit_count("sign_in", alice), 0);

	/* the session says the second factor is pending, and the policy holds the user there */
	struct user u;
	assert_int_equal(auth_authenticate(r.token, false, &u), HAVEN_OK);
	assert_true(u.second_factor_pending);
	assert_int_equal(policy_decide(&u, ACTION_SIGNED_IN, NULL), DECISION_SECOND_FACTOR);
	assert_int_equal(policy_decide(&u, "session.second_factor", NULL), DECISION_ALLOW);

	/* no secret yet, and no set-up started (the page starts one): nothing to check a code against */
	struct second_factor sf = {.accepted = true};
	assert_int_equal(auth_second_factor(&u, "123456", "192.0.2.1", &sf), HAVEN_ERR_NOT_FOUND);
	assert_false(sf.accepted);

	/* a user in a role that does not require it signs in at once */
	long long dsl = create_user("dsl@example.org", ROLE_DSL);
	struct sign_in other;
	assert_int_equal(sign_in("dsl@example.org", PASSWORD, "192.0.2.1", &other), SIGN_IN_OK);
	assert_false(other.second_factor_setup);
	assert_false(other.second_factor_needed);
	assert_false(other.user.second_factor_pending);
	assert_int_equal(audit_count("sign_in", dsl), 1);

	/* storing the secret completes this session's sign-in */
	unsigned char secret[TOTP_SECRET_SIZE];
	totp_secret_new(secret);
	struct actor actor = {alice, u.agency_id, "192.0.2.1"};
	assert_int_equal(auth_store_set_totp_secret(&u, &actor, secret, now_seconds() / 30 - 10), HAVEN_OK);
	assert_int_equal(auth_authenticate(r.token, false, &u), HAVEN_OK);
	assert_false(u.second_factor_pending);
	assert_int_equal(policy_decide(&u, ACTION_SIGNED_IN, NULL), DECISION_ALLOW);
	assert_int_equal(audit_count("second_factor.set_up", alice), 1);

	/* from now on a code is needed, not a set-up */
	struct sign_in next;
	sign_in_ok("192.0.2.1", &next);
	assert_true(next.second_factor_needed);
	assert_false(next.second_factor_setup);
	assert_true(next.user.second_factor_pending);
	/* ... even if the role stops requiring it: a user with a secret always uses it */
	assert_int_equal(auth_store_set_totp_roles(0, &admin), HAVEN_OK);
	sign_in_ok("192.0.2.1", &next);
	assert_true(next.second_factor_needed);
	assert_true(next.user.second_factor_pending);
}

static void test_second_factor_code(void **state)
{
	(void)state;
	unsigned char secret[TOTP_SECRET_SIZE];
	set_up_totp(secret);

	struct sign_in r;
	sign_in_ok("192.0.2.1", &r);
	assert_true(r.second_factor_needed);
	assert_false(r.second_factor_setup);
	assert_true(r.user.second_factor_pending);
	long long signed_in = audit_count("sign_in", alice);

	char code[16];
	code_now(secret, code);
	struct second_factor sf = {0};
	assert_int_equal(auth_second_factor(&r.user, code, "192.0.2.1", &sf), HAVEN_OK);
	assert_true(sf.accepted);
	struct user u;
	assert_int_equal(auth_authenticate(r.token, false, &u), HAVEN_OK);
	assert_false(u.second_factor_pending);
	assert_int_equal(audit_count("sign_in", alice), signed_in + 1);
	assert_true(read_int_or("SELECT totp_last_step FROM users WHERE email = '" EMAIL "'", 0) >=
	            (long long)(now_seconds() / 30 - 1));

	/* the same code again, for a new session: a replay, refused */
	struct sign_in again;
	sign_in_ok("192.0.2.1", &again);
	sf.accepted = true;
	assert_int_equal(auth_second_factor(&again.user, code, "192.0.2.1", &sf), HAVEN_OK);
	assert_false(sf.accepted);
	assert_int_equal(auth_authenticate(again.token, false, &u), HAVEN_OK);
	assert_true(u.second_factor_pending);
	assert_int_equal(audit_count("sign_in", alice), signed_in + 1);

	/* malformed codes are refused */
	static const char *const bad[] = {"", "12345", "1234567", "12345a", " 12345", NULL};
	for (size_t i = 0; bad[i]; i++) {
		sf.accepted = true;
		end_waits();
		assert_int_equal(auth_second_factor(&again.user, bad[i], "192.0.2.1", &sf), HAVEN_OK);
		assert_false(sf.accepted);
	}
}

static void test_second_factor_throttled(void **state)
{
	(void)state;
	unsigned char secret[TOTP_SECRET_SIZE];
	set_up_totp(secret);
	struct sign_in r;
	sign_in_ok("192.0.2.1", &r);
	assert_true(r.user.second_factor_pending);
	char key[64];
	snprintf(key, sizeof key, "second_factor:%lld", alice);
	long long last_step = read_int("SELECT totp_last_step FROM users WHERE email = '" EMAIL "'");

	struct second_factor sf = {.accepted = true};
	char code[16];
	for (int n = 1; n <= 4; n++) {
		wrong_code(secret, code, n);
		assert_int_equal(auth_second_factor(&r.user, code, "192.0.2.1", &sf), HAVEN_OK);
		assert_false(sf.accepted);
		assert_int_equal(failures_of(key), n);
		char sql[160];
		snprintf(sql, sizeof sql, "SELECT locked_until FROM sign_in_failures WHERE key = '%s'", key);
		assert_int_equal(read_int(sql), 0);
	}
	/* the 5th wrong code makes the next attempt wait a second */
	wrong_code(secret, code, 5);
	assert_int_equal(auth_second_factor(&r.user, code, "192.0.2.1", &sf), HAVEN_OK);
	assert_false(sf.accepted);
	assert_int_equal(failures_of(key), 5);
	char sql[200];
	snprintf(sql, sizeof sql,
	         "SELECT locked_until - last_failure_at FROM sign_in_failures WHERE key = '%s'", key);
	assert_int_equal(read_int(sql), 1);
	/* failures of the second factor are audited against the user */
	assert_int_equal(audit_count("sign_in_failed", alice), 5);

	/* while it waits, even the right code is refused and not spent */
	extend_waits();
	code_now(secret, code);
	sf.accepted = true;
	assert_int_equal(auth_second_factor(&r.user, code, "192.0.2.1", &sf), HAVEN_OK);
	assert_false(sf.accepted);
	assert_int_equal(read_int("SELECT totp_last_step FROM users WHERE email = '" EMAIL "'"), last_step);
	assert_int_equal(failures_of(key), 5);
	struct user u;
	assert_int_equal(auth_authenticate(r.token, false, &u), HAVEN_OK);
	assert_true(u.second_factor_pending);

	/* wrong codes count against the account's email too, as wrong passwords do */
	assert_int_equal(failures_of("email:" EMAIL), 5);
	assert_true(sf.wait_seconds > 0);

	/* once the wait is over the right code works, and the count is forgotten */
	end_waits();
	code_now(secret, code);
	assert_int_equal(auth_second_factor(&r.user, code, "192.0.2.1", &sf), HAVEN_OK);
	assert_true(sf.accepted);
	assert_int_equal(failures_of(key), 0);
	assert_int_equal(auth_authenticate(r.token, false, &u), HAVEN_OK);
	assert_false(u.second_factor_pending);
}

/* Set-up (a role requires a second factor, none stored yet) is throttled as sign-in is, on the email's count.
 */
static void test_second_factor_setup_throttled(void **state)
{
	(void)state;
	struct actor admin = {0, 0, NULL};
	assert_int_equal(auth_store_set_totp_roles(ROLE_PRACTITIONER, &admin), HAVEN_OK);
	struct sign_in r;
	sign_in_ok("192.0.2.1", &r);
	assert_true(r.second_factor_setup);
	unsigned char secret[TOTP_SECRET_SIZE];
	totp_secret_new(secret);
	assert_int_equal(auth_store_set_pending_totp(r.user.session_id, secret), HAVEN_OK);

	struct second_factor sf;
	char code[16];
	for (int n = 1; n <= 5; n++) {
		wrong_code(secret, code, n);
		assert_int_equal(auth_second_factor(&r.user, code, "192.0.2.1", &sf), HAVEN_OK);
		assert_false(sf.accepted);
		assert_int_equal(sf.wait_seconds > 0, n == 5); /* 4 free, as for passwords */
	}
	assert_int_equal(failures_of("email:" EMAIL), 5);
	assert_int_equal(audit_count("sign_in_failed", alice), 5);

	/* it is the password's throttle too: a sign-in from elsewhere now waits */
	extend_waits();
	struct sign_in again;
	assert_int_equal(sign_in(EMAIL, PASSWORD, "192.0.2.9", &again), SIGN_IN_WAIT);
	/* and the right code waits: nothing is stored */
	code_now(secret, code);
	assert_int_equal(auth_second_factor(&r.user, code, "192.0.2.1", &sf), HAVEN_OK);
	assert_false(sf.accepted);
	assert_true(sf.wait_seconds > 0);
	assert_int_equal(read_int("SELECT totp_secret IS NULL FROM users WHERE email = '" EMAIL "'"), 1);

	/* after the wait, the right code completes the set-up and the count is forgotten */
	end_waits();
	assert_int_equal(auth_second_factor(&r.user, code, "192.0.2.1", &sf), HAVEN_OK);
	assert_true(sf.accepted);
	assert_int_equal(failures_of("email:" EMAIL), 0);
	assert_int_equal(audit_count("second_factor.set_up", alice), 1);
}

/* The stored bytes of a secret column for one email (its length in *len; caller frees). */
static unsigned char *stored_secret(const char *sql, const char *email, int *len)
{
	db_conn *db = db_reader();
	assert_non_null(db);
	db_stmt *stmt = db_prepare_once_registered(db, sql);
	assert_non_null(stmt);
	assert_true(db_bind(stmt, DB_TEXT(email)));
	assert_int_equal(db_step(stmt), DB_STEP_ROW);
	*len = (int)db_column_size(stmt, 0);
	unsigned char *copy = malloc((size_t)*len + 1);
	assert_non_null(copy);
	if (*len)
		memcpy(copy, db_column_blob(stmt, 0, &(size_t){0}), (size_t)*len);
	db_finalize(stmt);
	return copy;
}

/* True if `needle` (n bytes) occurs in `hay` (len bytes). */
static bool contains(const unsigned char *hay, int len, const unsigned char *needle, size_t n)
{
	return len >= (int)n && memmem(hay, (size_t)len, needle, n) != NULL;
}

static void test_secrets_sealed(void **state)
{
	(void)state;
	unsigned char secret[TOTP_SECRET_SIZE];
	set_up_totp(secret);
	int len = 0;
	unsigned char *stored = stored_secret("SELECT totp_secret FROM users WHERE email = ?", EMAIL, &len);
	assert_int_equal(len, TOTP_SECRET_SIZE + KEYS_SEAL_OVERHEAD);
	assert_false(contains(stored, len, secret, TOTP_SECRET_SIZE));
	free(stored);
	struct account a;
	assert_int_equal(auth_store_account_by_email(EMAIL, &a), HAVEN_OK);
	assert_true(a.has_totp);
	assert_memory_equal(a.totp_secret, secret, TOTP_SECRET_SIZE);

	/* a set-up's pending secret is sealed too */
	struct sign_in r;
	long long bob = create_user("bob@example.org", ROLE_PRACTITIONER);
	assert_int_equal(sign_in("bob@example.org", PASSWORD, "192.0.2.1", &r), SIGN_IN_OK);
	unsigned char pending[TOTP_SECRET_SIZE], back[TOTP_SECRET_SIZE];
	totp_secret_new(pending);
	assert_int_equal(auth_store_set_pending_totp(r.user.session_id, pending), HAVEN_OK);
	stored = stored_secret("SELECT pending_totp_secret FROM sessions WHERE user_id ="
	                       " (SELECT id FROM users WHERE email = ?)",
	                       "bob@example.org", &len);
	assert_int_equal(len, TOTP_SECRET_SIZE + KEYS_SEAL_OVERHEAD);
	assert_false(contains(stored, len, pending, TOTP_SECRET_SIZE));
	free(stored);
	assert_int_equal(auth_store_pending_totp(r.user.session_id, back), HAVEN_OK);
	assert_memory_equal(back, pending, TOTP_SECRET_SIZE);

	/* copied into another user's row, a sealed secret does not open there: that account fails closed */
	exec_write("UPDATE users SET totp_secret = (SELECT totp_secret FROM users WHERE email = '" EMAIL "')"
	           " WHERE email = 'bob@example.org'");
	assert_int_equal(auth_store_account_by_email("bob@example.org", &a), HAVEN_ERR_INTERNAL);

	/* a secret in clear, as Haven stored it before sealing, is sealed by the start-up pass */
	exec_write("UPDATE users SET totp_secret = X'0102030405060708090a0b0c0d0e0f1011121314'"
	           " WHERE email = 'bob@example.org'");
	unsigned sealed = 0, unopened = 9;
	assert_int_equal(auth_store_seal_secrets(&sealed, &unopened), HAVEN_OK);
	assert_int_equal(sealed, 1);
	assert_int_equal(unopened, 0);
	stored = stored_secret("SELECT totp_secret FROM users WHERE email = ?", "bob@example.org", &len);
	assert_int_equal(len, TOTP_SECRET_SIZE + KEYS_SEAL_OVERHEAD);
	free(stored);
	assert_int_equal(auth_store_account_by_id(bob, &a), HAVEN_OK);
	static const unsigned char legacy[TOTP_SECRET_SIZE] = {1,  2,  3,  4,  5,  6,  7,  8,  9,  10,
	                                                       11, 12, 13, 14, 15, 16, 17, 18, 19, 20};
	assert_memory_equal(a.totp_secret, legacy, TOTP_SECRET_SIZE);
	/* a second pass has nothing left to seal */
	assert_int_equal(auth_store_seal_secrets(&sealed, &unopened), HAVEN_OK);
	assert_int_equal(sealed, 0);

	/* under another key nothing opens: counted, so `haven serve` refuses to start with the wrong key file
	 */
	unsigned char other[KEYS_BYTES];
	randombytes_buf(other, sizeof other);
	keys_use(other);
	assert_int_equal(auth_store_seal_secrets(&sealed, &unopened), HAVEN_OK);
	assert_int_equal(unopened, 3); /* alice's, bob's, and bob's pending one */
	assert_int_equal(auth_store_account_by_email(EMAIL, &a), HAVEN_ERR_INTERNAL);
	keys_use(test_key);
	assert_int_equal(auth_store_account_by_email(EMAIL, &a), HAVEN_OK);
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

/* ---- what a request reads afresh ---- */

static void *write_elsewhere(void *sql)
{
	exec_write(sql);
	return NULL;
}

/* Runs SQL as another request would, from a thread of its own: this thread's snapshot is not ended by it. */
static void another_request_writes(const char *sql)
{
	pthread_t thread;
	assert_int_equal(pthread_create(&thread, NULL, write_elsewhere, (void *)sql), 0);
	pthread_join(thread, NULL);
}

/*
 * A request's snapshot (store_read_begin, begun at its first read) is not what a sign-in's throttle is
 * read from once the email's lock is held, nor kept through a password's hash: a guess waiting its turn
 * must see the failure the guess before it wrote.
 */
static void test_sign_in_reads_afresh(void **state)
{
	(void)state;
	store_read_age_limit(60 * 1000); /* the age limit must not do the releases' work here */
	store_read_begin();
	assert_int_equal(failures_of("email:" EMAIL), 0); /* the request's first read */
	char sql[256];
	long long now = (long long)time(NULL);
	snprintf(sql, sizeof sql,
	         "INSERT INTO sign_in_failures (key, failures, last_failure_at, locked_until)"
	         " VALUES ('email:" EMAIL "', 6, %lld, %lld)",
	         now, now + 60);
	another_request_writes(sql);
	assert_int_equal(failures_of("email:" EMAIL), 0); /* the snapshot holds */
	struct sign_in r;
	assert_int_equal(sign_in(EMAIL, "not the password at all", "203.0.113.9", &r), SIGN_IN_WAIT);
	assert_int_equal(failures_of("email:" EMAIL), 6); /* refused by the wait: its password not checked */
	store_read_end();

	store_read_begin();
	long long agencies = read_int("SELECT count(*) FROM agencies");
	another_request_writes(
	    "INSERT INTO agencies (slug, name, type) VALUES ('meanwhile', 'Meanwhile', 'other')");
	assert_int_equal(read_int("SELECT count(*) FROM agencies"), agencies);
	char hash[160];
	assert_int_equal(password_hash(PASSWORD, hash, sizeof hash), HAVEN_OK);
	assert_int_equal(read_int("SELECT count(*) FROM agencies"), agencies + 1); /* the hash ended it */
	store_read_end();
	store_read_age_limit(0);
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
	/* the key file's key, as `haven serve` loads it: second-factor secrets are sealed with it */
	if (sodium_init() < 0)
		return 1;
	randombytes_buf(test_key, sizeof test_key);
	keys_use(test_key);
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_defaults),
	    cmocka_unit_test_setup_teardown(test_sign_in_right_password, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_unknown_tokens, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_wrong_password_and_unknown_email, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_throttle_per_email, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_throttle_unknown_email, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_throttle_per_address, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_success_clears_only_the_email, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_disabled_user, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_timeouts, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_ends_at_without_using, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_second_factor_setup, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_second_factor_code, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_second_factor_throttled, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_second_factor_setup_throttled, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_secrets_sealed, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_audit_rows, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_sign_in_reads_afresh, open_store, remove_dir),
	};
	return cmocka_run_group_tests(tests, hash_once, NULL);
}
