/*
 * test_store_statements.c — every SQL statement Haven can run compiles
 * against the current schema.
 *
 * db_prepare() records each statement's text in the statement registry (see
 * store/db.h), so this test needs no list of its own: it is linked with the
 * whole library and prepares every registered statement on one connection
 * to a freshly migrated database. A statement naming a column a migration
 * renamed, or a table no migration creates, fails here rather than on the
 * first request that happens to run it. It also shows why the statement
 * cache must grow: the server runs far more than the 128 it once held.
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

#include "core/log.h"
#include "store/db.h"
#include "store/store.h"
#include "temp_store.h"

static void test_every_statement_prepares(void **state)
{
	(void)state;
	struct temp_store temp;
	assert_int_equal(temp_store_make(&temp, "statements"), 0);
	char *err = NULL;
	if (store_migrate(temp.path, NULL, &err) != HAVEN_OK)
		fail_msg("cannot migrate: %s", err ? err : "?");

	const char *const *texts = NULL;
	size_t count = db_statements(&texts);
	/* more than the old cache held, and at least one per db_prepare call site */
	assert_true(count > 250);

	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open_v2(temp.path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	size_t failed = 0;
	for (size_t i = 0; i < count; i++) {
		sqlite3_stmt *stmt = NULL;
		if (sqlite3_prepare_v2(db, texts[i], -1, &stmt, NULL) != SQLITE_OK) {
			print_error("does not prepare (%s):\n  %s\n", sqlite3_errmsg(db), texts[i]);
			failed++;
		}
		sqlite3_finalize(stmt);
	}
	sqlite3_close(db);
	print_message("%zu registered statements prepared, %zu failed\n", count, failed);
	assert_int_equal(failed, 0);

	temp_store_remove(&temp);
}

int main(void)
{
	log_set_quiet(1);
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_statement_prepares),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
