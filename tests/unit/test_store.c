/*
 * test_store.c — tests the SQLite store opened (store/store.h, store/db.h)
 * on a real, migrated store in a temporary directory (store_fixture.h):
 * writing and reading (db_write, store_meta), the pragmas the writer and
 * readers run with (WAL, foreign keys, synchronous FULL), the readers'
 * statement cache and db_rows, the file lock a restore needs (refused while
 * the store is open, and store_open refused during a restore), store_ping,
 * closing and reopening. Its migrations and refusals are tested in
 * test_store_migrations.c, its writer's units and batches in
 * test_store_writer.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/log.h"
#include "core/status.h"
#include "store/db.h"
#include "store/store.h"
#include "store_fixture.h"

static void test_write_then_read(void **state)
{
	(void)state;
	const char *kv[] = {"colour", "green"};
	assert_int_equal(db_write(insert_meta, kv), HAVEN_OK);
	char *value = NULL;
	assert_int_equal(store_meta_get("colour", &value), HAVEN_OK);
	assert_string_equal(value, "green");
	free(value);

	/* a duplicate key is a conflict, and changes nothing */
	const char *again[] = {"colour", "red"};
	assert_int_equal(db_write(insert_meta, again), HAVEN_ERR_CONFLICT);
	assert_int_equal(store_meta_get("colour", &value), HAVEN_OK);
	assert_string_equal(value, "green");
	free(value);

	/* store_meta_set inserts or replaces */
	assert_int_equal(store_meta_set("colour", "blue"), HAVEN_OK);
	assert_int_equal(store_meta_set("size", "large"), HAVEN_OK);
	assert_int_equal(store_meta_get("colour", &value), HAVEN_OK);
	assert_string_equal(value, "blue");
	free(value);
	assert_int_equal(store_meta_get("size", &value), HAVEN_OK);
	assert_string_equal(value, "large");
	free(value);

	value = (char *)"untouched";
	assert_int_equal(store_meta_get("missing", &value), HAVEN_ERR_NOT_FOUND);
	assert_null(value);
}

/* The pragmas as the writer's connection sees them. */
struct pragmas {
	char journal_mode[16];
	int foreign_keys;
	int synchronous;
};

static enum haven_status read_pragmas(db_conn *db, void *ctx)
{
	struct pragmas *p = ctx;
	db_stmt *stmt = db_prepare(db, "PRAGMA journal_mode");
	if (db_step(stmt) != DB_STEP_ROW)
		return HAVEN_ERR_DB;
	snprintf(p->journal_mode, sizeof p->journal_mode, "%s", db_column_text(stmt, 0));
	db_done(stmt);
	stmt = db_prepare(db, "PRAGMA foreign_keys");
	if (db_step(stmt) != DB_STEP_ROW)
		return HAVEN_ERR_DB;
	p->foreign_keys = (int)db_column_int(stmt, 0);
	db_done(stmt);
	stmt = db_prepare(db, "PRAGMA synchronous");
	if (db_step(stmt) != DB_STEP_ROW)
		return HAVEN_ERR_DB;
	p->synchronous = (int)db_column_int(stmt, 0);
	db_done(stmt);
	return HAVEN_OK;
}

static void test_pragmas(void **state)
{
	(void)state;
	struct pragmas p = {.foreign_keys = -1, .synchronous = -1};
	assert_int_equal(db_write(read_pragmas, &p), HAVEN_OK);
	assert_string_equal(p.journal_mode, "wal");
	assert_int_equal(p.foreign_keys, 1);
	assert_int_equal(p.synchronous, 2); /* FULL */

	/* readers too enforce foreign keys, and may not write */
	db_conn *db = db_reader();
	assert_non_null(db);
	db_stmt *stmt = db_prepare(db, "PRAGMA foreign_keys");
	assert_non_null(stmt);
	assert_int_equal(db_step(stmt), DB_STEP_ROW);
	assert_int_equal(db_column_int(stmt, 0), 1);
	db_done(stmt);
	stmt = db_prepare(db, "INSERT INTO haven_meta (key, value) VALUES ('r', 'w')");
	if (stmt) {
		assert_int_not_equal(db_exec_stmt(stmt), HAVEN_OK);
	}
	char *value = NULL;
	assert_int_equal(store_meta_get("r", &value), HAVEN_ERR_NOT_FOUND);
}

/* A restore needs the database to itself: the lock every store_open holds shared. */
static void test_restore_needs_the_database_alone(void **state)
{
	(void)state;
	assert_int_equal(store_meta_set("k", "open"), HAVEN_OK);
	char backup[160];
	snprintf(backup, sizeof backup, "%s/backup.db", temp.dir);
	char *err = NULL;
	assert_int_equal(store_backup(temp.path, backup, NULL, NULL, &err), HAVEN_OK);
	assert_int_equal(store_restore(backup, temp.path, &err), HAVEN_ERR_CONFLICT);
	assert_non_null(strstr(err, "is open in a running Haven"));
	free(err);
	err = NULL;
	store_close();

	/* and while a restore holds it, the store does not open */
	int lock = store_lock_database(temp.path, true);
	assert_true(lock >= 0);
	assert_int_equal(store_open(temp.path, 0, &err), HAVEN_ERR_CONFLICT);
	assert_non_null(strstr(err, "is being restored"));
	free(err);
	err = NULL;
	close(lock);

	assert_int_equal(store_restore(backup, temp.path, &err), HAVEN_OK);
	assert_int_equal(store_open(temp.path, 0, &err), HAVEN_OK);
	char *value = NULL;
	assert_int_equal(store_meta_get("k", &value), HAVEN_OK);
	assert_string_equal(value, "open");
	free(value);
	unlink(backup);
}

static void test_prepare_cache(void **state)
{
	(void)state;
	db_conn *db = db_reader();
	assert_non_null(db);
	assert_ptr_equal(db_reader(), db); /* one per thread */
	static const char sql[] = "SELECT value FROM haven_meta WHERE key = ?";
	static const char unbound[] = "SELECT coalesce(?1, 'unbound')";
	db_stmt *a = db_prepare(db, sql);
	assert_non_null(a);
	assert_true(db_bind(a, DB_TEXT("x")));
	db_done(a);
	db_stmt *b = db_prepare(db, sql);
	assert_ptr_equal(a, b);
	/* it comes back with no bindings */
	db_stmt *u = db_prepare(db, unbound);
	assert_true(db_bind(u, DB_TEXT("x")));
	db_done(u);
	assert_ptr_equal(db_prepare(db, unbound), u);
	assert_int_equal(db_step(u), DB_STEP_ROW);
	assert_string_equal(db_column_text(u, 0), "unbound");
	db_done(u);
	/* another literal is another statement */
	db_stmt *c = db_prepare(db, "SELECT 1");
	assert_non_null(c);
	assert_ptr_not_equal(a, c);
	/* bad SQL gives NULL */
	assert_null(db_prepare(db, "SELEC nonsense"));
	/* a connection that is not Haven's gives NULL */
	db_conn *other = NULL;
	char why[DB_WHY_SIZE];
	assert_int_equal(db_open_file(temp.path, &other, why), HAVEN_OK);
	assert_null(db_prepare(other, "SELECT 1"));
	db_close_file(other);

	/* db_rows types its columns */
	json_t *rows = db_rows(db_prepare(db, "SELECT 1 AS i, 2.5 AS r, 'x' AS t, NULL AS n"));
	assert_non_null(rows);
	json_t *want = json_pack("[{s:i, s:f, s:s, s:n}]", "i", 1, "r", 2.5, "t", "x", "n");
	assert_true(json_equal(rows, want));
	json_decref(want);
	json_decref(rows);
}

static void test_ping_close_reopen(void **state)
{
	(void)state;
	assert_int_equal(store_ping(), HAVEN_OK);
	assert_int_equal(store_meta_set("k", "1"), HAVEN_OK);

	char *err = NULL;
	assert_int_equal(store_open(temp.path, 0, &err), HAVEN_ERR_INTERNAL); /* already open */
	assert_non_null(err);
	free(err);
	err = NULL;

	store_close();
	assert_int_equal(store_ping(), HAVEN_ERR_DB);
	assert_null(db_reader());
	assert_int_equal(store_meta_set("k", "2"), HAVEN_ERR_DB);
	store_close(); /* twice is harmless */

	/* reopened, this thread gets a fresh reader, not the closed one */
	assert_int_equal(store_open(temp.path, 0, &err), HAVEN_OK);
	assert_int_equal(store_ping(), HAVEN_OK);
	char *value = NULL;
	assert_int_equal(store_meta_get("k", &value), HAVEN_OK);
	assert_string_equal(value, "1");
	free(value);
	struct store_writer_stats stats = store_writer_stats();
	assert_int_equal(stats.units, 0); /* counters restart with each open */
}

int main(void)
{
	log_set_quiet(1);
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_write_then_read, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_pragmas, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_restore_needs_the_database_alone, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_prepare_cache, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_ping_close_reopen, open_store, remove_dir),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
