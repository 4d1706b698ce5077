/*
 * audit_fixture.h — what the audit trail's unit tests (test_audit.c,
 * test_audit_search.c, test_audit_csv.c) share: a migrated store per test,
 * plain SQLite behind the store's back (as an attacker with the file would
 * have, raw_sqlite.h), events appended through db_write units, the trail verified, and
 * audit_search run. Static inline, because each unit test is built from its
 * one file (CMakeLists.txt), as temp_store.h.
 */
#ifndef HAVEN_TESTS_UNIT_AUDIT_FIXTURE_H
#define HAVEN_TESTS_UNIT_AUDIT_FIXTURE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/assemble.h"
#include "auth/audit.h"
#include "core/log.h"
#include "core/status.h"
#include "store/db.h"
#include "store/store.h"
#include "raw_sqlite.h"
#include "temp_store.h"

/*
 * Before the tests: the rules and record types the areas declare, gathered
 * as `haven` gathers them at start-up, and the log quiet. 0, or -1 having
 * said why.
 */
static inline int audit_tests_start(void)
{
	char *assemble_err = NULL;
	if (areas_assemble(&assemble_err) != HAVEN_OK) {
		fprintf(stderr, "%s\n", assemble_err);
		return -1;
	}
	log_set_quiet(1);
	return 0;
}

/* ---- a temporary directory and a migrated, open store per test ---- */

static inline int open_store(void **state)
{
	(void)state;
	if (temp_store_open(&temp, "audit") != 0)
		return -1;
	return 0;
}

static inline int remove_dir(void **state)
{
	(void)state;
	return temp_store_remove(&temp);
}

/* ---- appending through the writer ---- */

static inline enum haven_status append_unit(db_conn *db, void *ctx)
{
	return audit_append(db_tx(db), ctx);
}

static inline void append(long long user_id, long long agency_id, const char *action,
                          const char *resource_type, const char *resource_id, const char *reason,
                          const char *client_address)
{
	struct audit_event ev = {user_id,        agency_id, action, resource_type, resource_id, reason,
	                         client_address, NULL,      0};
	assert_int_equal(db_write(append_unit, &ev), HAVEN_OK);
}

static inline void append_five(void)
{
	append(1, 1, "sign_in", NULL, NULL, NULL, "192.0.2.1");
	append(1, 1, "child.read", "child", "42", NULL, "192.0.2.1");
	append(0, 0, "sign_in_failed", NULL, NULL, NULL, "198.51.100.7");
	append(2, 1, "child.read", "child", "42", "Police at the door, urgent", "192.0.2.9");
	append(1, 1, "sign_out", NULL, NULL, "", "192.0.2.1");
}

/* Verifies and checks the outcome; `why` must contain want_why when bad. */
static inline void expect_verify(enum haven_status want, long long want_rows, long long want_bad,
                                 const char *want_why)
{
	long long rows = -1, bad = -1;
	char *why = NULL;
	enum haven_status st = audit_verify(temp.path, &rows, &bad, &why);
	if (st != want || (want_why && (!why || !strstr(why, want_why))))
		print_error("verify: %s, row %lld: %s\n", haven_status_name(st), bad,
		            why ? why : "(no reason)");
	assert_int_equal(st, want);
	assert_int_equal(rows, want_rows);
	assert_int_equal(bad, want_bad);
	if (want_why) {
		assert_non_null(why);
		assert_non_null(strstr(why, want_why));
	} else {
		assert_null(why);
	}
	free(why);
}

/* The audit row commits or rolls back with the change it records. */
static inline enum haven_status append_then_fail(db_conn *db, void *ctx)
{
	if (audit_append(db_tx(db), ctx) != HAVEN_OK)
		return HAVEN_ERR_INTERNAL;
	return HAVEN_ERR_CONFLICT;
}

/* ---- searching ---- */

static inline void seed_people(void)
{
	raw_exec("INSERT INTO agencies (id, slug, name, type) VALUES (1, 'lancs-police', 'Lancashire "
	         "Police', 'police'),"
	         " (2, 'blackpool-cs', 'Blackpool Children''s Services', 'local_authority');"
	         "INSERT INTO users (id, email, name, agency_id, password_hash) VALUES"
	         " (1, 'ann@example.org', 'Ann Ward', 1, 'x'), (2, 'bob@example.org', 'Bob Lee', 2, 'x');");
}

static inline json_t *search(struct audit_query q)
{
	json_t *rows = NULL;
	assert_int_equal(audit_search(&q, &rows), HAVEN_OK);
	assert_true(json_is_array(rows));
	return rows;
}

#endif
