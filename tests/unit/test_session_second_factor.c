/*
 * test_session_second_factor.c — tests the second factor of signing in
 * (auth/session.h, auth/totp.h) on a real database (session_fixture.h):
 * set-up asked for when a role requires it, asked for once a secret is
 * stored, a right code accepted once and not again, wrong codes throttled
 * after 4 and counted on the account's second factor, not its email (in
 * set-up too), a device marker made when the code completes a sign-in, not
 * before, and secrets stored sealed (not in clear, not movable between rows,
 * not opened by another key; clear ones from before sealed at start-up).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "session_fixture.h"

#include "auth/policy.h"
#include "auth/totp.h"

/* ---- the second factor ---- */

/* Sets which roles need a second factor, as the settings page does. */
static enum haven_status set_totp_roles(unsigned roles, const struct actor *admin)
{
	struct session_window window = {auth_now(), 30 * 60, 12 * 60 * 60};
	long long signed_out = 0;
	return auth_store_set_totp_roles(roles, admin, &window, &signed_out);
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
	assert_int_equal(set_totp_roles(ROLE_PRACTITIONER, &admin), HAVEN_OK);
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
	assert_int_equal(set_totp_roles(ROLE_PRACTITIONER | ROLE_POLICE, &admin), HAVEN_OK);
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
	assert_int_equal(auth_second_factor(&u, &(struct code_attempt){"123456", "192.0.2.1", NULL}, &sf),
	                 HAVEN_ERR_NOT_FOUND);
	assert_false(sf.accepted);

	/* a user in a role that does not require it signs in at once (an agency administrator: the test
	 * agency, of type "other", may hold it) */
	long long manager = create_user("manager@example.org", ROLE_AGENCY_ADMIN);
	struct sign_in other;
	assert_int_equal(sign_in("manager@example.org", PASSWORD, "192.0.2.1", &other), SIGN_IN_OK);
	assert_false(other.second_factor_setup);
	assert_false(other.second_factor_needed);
	assert_false(other.user.second_factor_pending);
	assert_int_equal(audit_count("sign_in", manager), 1);
	assert_int_equal(strlen(other.device_marker), DEVICE_MARKER_SIZE - 1); /* the browser is known now */

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
	assert_int_equal(set_totp_roles(0, &admin), HAVEN_OK);
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
	assert_string_equal(r.device_marker, ""); /* the password alone does not make a browser known */
	long long signed_in = audit_count("sign_in", alice);

	char code[16];
	code_now(secret, code);
	struct second_factor sf = {0};
	assert_int_equal(auth_second_factor(&r.user, &(struct code_attempt){code, "192.0.2.1", NULL}, &sf),
	                 HAVEN_OK);
	assert_true(sf.accepted);
	assert_int_equal(strlen(sf.device_marker), DEVICE_MARKER_SIZE - 1); /* the code does */
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
	assert_int_equal(
	    auth_second_factor(&again.user, &(struct code_attempt){code, "192.0.2.1", NULL}, &sf), HAVEN_OK);
	assert_false(sf.accepted);
	assert_int_equal(auth_authenticate(again.token, false, &u), HAVEN_OK);
	assert_true(u.second_factor_pending);
	assert_int_equal(audit_count("sign_in", alice), signed_in + 1);

	/* malformed codes are refused */
	static const char *const bad[] = {"", "12345", "1234567", "12345a", " 12345", NULL};
	for (size_t i = 0; bad[i]; i++) {
		sf.accepted = true;
		end_waits();
		assert_int_equal(
		    auth_second_factor(&again.user, &(struct code_attempt){bad[i], "192.0.2.1", NULL}, &sf),
		    HAVEN_OK);
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
		assert_int_equal(
		    auth_second_factor(&r.user, &(struct code_attempt){code, "192.0.2.1", NULL}, &sf),
		    HAVEN_OK);
		assert_false(sf.accepted);
		assert_int_equal(failures_of(key), n);
		char sql[160];
		snprintf(sql, sizeof sql, "SELECT locked_until FROM sign_in_failures WHERE key = '%s'", key);
		assert_int_equal(read_int(sql), 0);
	}
	/* the 5th wrong code makes the next attempt wait a second */
	wrong_code(secret, code, 5);
	assert_int_equal(auth_second_factor(&r.user, &(struct code_attempt){code, "192.0.2.1", NULL}, &sf),
	                 HAVEN_OK);
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
	assert_int_equal(auth_second_factor(&r.user, &(struct code_attempt){code, "192.0.2.1", NULL}, &sf),
	                 HAVEN_OK);
	assert_false(sf.accepted);
	assert_int_equal(read_int("SELECT totp_last_step FROM users WHERE email = '" EMAIL "'"), last_step);
	assert_int_equal(failures_of(key), 5);
	struct user u;
	assert_int_equal(auth_authenticate(r.token, false, &u), HAVEN_OK);
	assert_true(u.second_factor_pending);

	/* not against the email, which a stranger can lock: the owner past the password step is not
	 * stopped here by it */
	assert_int_equal(failures_of("email:" EMAIL), 0);
	assert_true(sf.wait_seconds > 0);

	/* once the wait is over the right code works, and the count is forgotten */
	end_waits();
	code_now(secret, code);
	assert_int_equal(auth_second_factor(&r.user, &(struct code_attempt){code, "192.0.2.1", NULL}, &sf),
	                 HAVEN_OK);
	assert_true(sf.accepted);
	assert_int_equal(failures_of(key), 0);
	assert_int_equal(auth_authenticate(r.token, false, &u), HAVEN_OK);
	assert_false(u.second_factor_pending);
}

/* Set-up (a role requires a second factor, none stored yet) is throttled as sign-in is, on the second
 * factor's count. */
static void test_second_factor_setup_throttled(void **state)
{
	(void)state;
	struct actor admin = {0, 0, NULL};
	assert_int_equal(set_totp_roles(ROLE_PRACTITIONER, &admin), HAVEN_OK);
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
		assert_int_equal(
		    auth_second_factor(&r.user, &(struct code_attempt){code, "192.0.2.1", NULL}, &sf),
		    HAVEN_OK);
		assert_false(sf.accepted);
		assert_int_equal(sf.wait_seconds > 0, n == 5); /* 4 free, as for passwords */
	}
	char key[64];
	snprintf(key, sizeof key, "second_factor:%lld", alice);
	assert_int_equal(failures_of(key), 5);
	assert_int_equal(failures_of("email:" EMAIL), 0);
	assert_int_equal(audit_count("sign_in_failed", alice), 5);

	/* while it waits, the right code waits too: nothing is stored */
	extend_waits();
	code_now(secret, code);
	assert_int_equal(auth_second_factor(&r.user, &(struct code_attempt){code, "192.0.2.1", NULL}, &sf),
	                 HAVEN_OK);
	assert_false(sf.accepted);
	assert_true(sf.wait_seconds > 0);
	assert_int_equal(read_int("SELECT totp_secret IS NULL FROM users WHERE email = '" EMAIL "'"), 1);

	/* after the wait, the right code completes the set-up and the count is forgotten */
	end_waits();
	assert_int_equal(auth_second_factor(&r.user, &(struct code_attempt){code, "192.0.2.1", NULL}, &sf),
	                 HAVEN_OK);
	assert_true(sf.accepted);
	assert_int_equal(failures_of(key), 0);
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

int main(void)
{
	if (session_fixture_start() != 0)
		return 1;
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_second_factor_setup, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_second_factor_code, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_second_factor_throttled, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_second_factor_setup_throttled, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_secrets_sealed, open_store, remove_dir),
	};
	return cmocka_run_group_tests(tests, hash_once, NULL);
}
