/*
 * test_session_throttle.c — tests the throttling of sign-ins
 * (auth/session.h) on a real database (session_fixture.h): per email (4
 * failures free, then waits of 1, 2, 4, 8 and 16 seconds, locked for 15
 * minutes at the 10th, forgotten 15 minutes after the last), an unknown
 * email throttled as a real one, per client address (20 free, then
 * waiting), a success forgiving only its email's failures, and a sign-in
 * reading its throttle afresh once its email's lock is held, with a
 * password's hash ending the request's snapshot.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "session_fixture.h"

/* ---- throttling ---- */

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

int main(void)
{
	if (session_fixture_start() != 0)
		return 1;
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_throttle_per_email, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_throttle_unknown_email, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_throttle_per_address, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_success_clears_only_the_email, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_sign_in_reads_afresh, open_store, remove_dir),
	};
	return cmocka_run_group_tests(tests, hash_once, NULL);
}
