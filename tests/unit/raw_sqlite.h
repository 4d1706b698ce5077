/*
 * raw_sqlite.h — plain SQLite on a unit test's temporary store, behind the
 * store's back (as an attacker with the file would have): for a test that
 * sets up what the store itself would refuse, or reads what it wrote. The
 * store is `temp` (temp_store.h), declared here for the test that includes
 * this. Static inline, because each unit test is built from its one file
 * (CMakeLists.txt), as temp_store.h.
 */
#ifndef HAVEN_TESTS_UNIT_RAW_SQLITE_H
#define HAVEN_TESTS_UNIT_RAW_SQLITE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sqlite3.h>

#include "temp_store.h"

static struct temp_store temp;

/* temp's database, made if it is not there yet; waits for the store's writer rather than failing busy. */
static inline sqlite3 *raw_open(void)
{
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open_v2(temp.path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL),
	                 SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	return db;
}

/* Runs sql and returns SQLite's primary result code. */
static inline int raw_try(const char *sql)
{
	sqlite3 *db = raw_open();
	int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_close(db);
	return rc & 0xff;
}

/* Runs sql, failing the test (saying why) if it fails. */
static inline void raw_exec(const char *sql)
{
	sqlite3 *db = raw_open();
	char *msg = NULL;
	int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK)
		print_error("%s: %s\n", sql, msg ? msg : "?");
	sqlite3_free(msg);
	sqlite3_close(db);
	assert_int_equal(rc, SQLITE_OK);
}

/* The first column of the first row sql gives. */
static inline long long raw_int(const char *sql)
{
	sqlite3 *db = raw_open();
	sqlite3_stmt *stmt = NULL;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	long long v = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return v;
}

#endif
