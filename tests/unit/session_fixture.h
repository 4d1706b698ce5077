/*
 * session_fixture.h — what the unit tests of signing in and sessions
 * (auth/session.h) share: a migrated store in a temporary directory per test
 * with one agency and EMAIL, a practitioner (open_store, remove_dir), the
 * password hashed once and the settings restored after each test
 * (hash_once), signing in, reading and writing the store as a test does,
 * the throttle's rows, and main's start (session_fixture_start). Static
 * inline, because each unit test is built from its one file
 * (CMakeLists.txt), as temp_store.h; the state is marked unused, as not
 * every test uses all of it.
 */
#ifndef HAVEN_TESTS_UNIT_SESSION_FIXTURE_H
#define HAVEN_TESTS_UNIT_SESSION_FIXTURE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "app/assemble.h"
#include "auth/keys.h"
#include "auth/password.h"
#include "auth/session.h"
#include "auth/store.h"
#include "auth/token.h"
#include "auth/user.h"
#include "core/status.h"
#include "store/db.h"
#include "store/store.h"
#include "temp_store.h"

#define FIXTURE_STATE __attribute__((unused))

/* An address may be many people, so it has more free failures than one account (auth/store_sqlite.c). */
#define ADDRESS_FREE_FAILURES 20

#define PASSWORD "correct horse battery staple"
#define EMAIL "alice@example.org"

FIXTURE_STATE static unsigned char test_key[KEYS_BYTES]; /* the process's key for every test */
FIXTURE_STATE static char hashed[160];                   /* PASSWORD, hashed once for every test */
FIXTURE_STATE static struct auth_settings defaults;      /* as Haven starts, restored after each test */
FIXTURE_STATE static long long alice;                    /* EMAIL: a practitioner */

/* ---- a temporary directory and a migrated, open store per test ---- */

FIXTURE_STATE static struct temp_store temp;

static inline enum haven_status exec_unit(db_conn *db, void *ctx)
{
	return db_exec_script(db, ctx);
}

/* Runs SQL as a unit of work on the writer (how tests move timestamps). */
static inline void exec_write(const char *sql)
{
	assert_int_equal(db_write(exec_unit, (void *)sql), HAVEN_OK);
}

/* One integer from a query on this thread's reader; `fallback` if there is no row. */
static inline long long read_int_or(const char *sql, long long fallback)
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

static inline long long read_int(const char *sql)
{
	return read_int_or(sql, -1);
}

static inline long long create_user(const char *email, unsigned roles)
{
	struct new_user u = {email, "Test User", "test-agency", roles, hashed};
	struct actor system = {0};
	long long id = 0;
	assert_int_equal(auth_store_user_create(&u, &system, &id), HAVEN_OK);
	assert_true(id > 0);
	return id;
}

static inline int open_store(void **state)
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

static inline int remove_dir(void **state)
{
	(void)state;
	auth_configure(&defaults);
	return temp_store_remove(&temp);
}

static inline int hash_once(void **state)
{
	(void)state;
	defaults = *auth_get_settings();
	return password_hash(PASSWORD, hashed, sizeof hashed) == HAVEN_OK ? 0 : -1;
}

/* ---- helpers ---- */

static inline enum sign_in_outcome sign_in(const char *email, const char *password, const char *address,
                                           struct sign_in *out)
{
	struct sign_in_attempt attempt = {email, password, address, "test agent", NULL};
	assert_int_equal(auth_sign_in(&attempt, out), HAVEN_OK);
	return out->outcome;
}

/* Signs in as EMAIL and checks it worked. */
static inline void sign_in_ok(const char *address, struct sign_in *out)
{
	assert_int_equal(sign_in(EMAIL, PASSWORD, address, out), SIGN_IN_OK);
	assert_int_equal(strlen(out->token), TOKEN_TEXT_SIZE - 1);
}

static inline long long audit_count(const char *action, long long user_id)
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
static inline long long failures_of(const char *key)
{
	char sql[512];
	snprintf(sql, sizeof sql, "SELECT failures FROM sign_in_failures WHERE key = '%s'", key);
	return read_int_or(sql, 0);
}

/* Makes every waiting key wait another minute, so a check that it refuses cannot race the clock. */
static inline void extend_waits(void)
{
	exec_write("UPDATE sign_in_failures SET locked_until = locked_until + 60 WHERE locked_until > 0");
}

/* Ends every wait without forgetting the failures, so the next failure counts on. */
static inline void end_waits(void)
{
	exec_write("UPDATE sign_in_failures SET locked_until = 0");
}

/*
 * What main does before its tests: gathers the areas' rules and record types, as `haven` does at
 * start-up, and uses a random key as the key file's (second-factor secrets are sealed with it).
 * 0, or -1 (said on stderr) if it cannot.
 */
static inline int session_fixture_start(void)
{
	/* the rules and record types the areas declare, as `haven` gathers them at start-up */
	char *assemble_err = NULL;
	if (areas_assemble(&assemble_err) != HAVEN_OK) {
		fprintf(stderr, "%s\n", assemble_err);
		return -1;
	}
	/* the key file's key, as `haven serve` loads it: second-factor secrets are sealed with it */
	if (sodium_init() < 0)
		return -1;
	randombytes_buf(test_key, sizeof test_key);
	keys_use(test_key);
	return 0;
}

#endif
