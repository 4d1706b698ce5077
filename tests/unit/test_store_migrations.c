/*
 * test_store_migrations.c — tests the SQLite store's migrations and
 * store_open's refusals (store/store.h) on real database files in a
 * temporary directory (store_fixture.h): migrations applied once, reported,
 * and the schema version; a database behind given only the migration it
 * lacks; a database from a newer Haven, an un-migrated one, a missing file
 * and a foreign database refused.
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

#include "core/embedded.h"
#include "core/log.h"
#include "core/status.h"
#include "store/db.h"
#include "store/store.h"
#include "store_fixture.h"

/* The built-in migrations, counted and the highest number, from the embedded table itself. */
static void builtin_migrations(int *count, int *highest)
{
	*count = 0;
	*highest = 0;
	for (const struct embedded_file *f = embedded_files; f->name; f++) {
		/* PostgreSQL's twins (NNNN_name.pg.sql) are not SQLite's migrations */
		size_t len = strlen(f->name);
		if (strncmp(f->name, "migrations/", 11) != 0 ||
		    (len > 7 && strcmp(f->name + len - 7, ".pg.sql") == 0))
			continue;
		(*count)++;
		int n = atoi(f->name + 11);
		if (n > *highest)
			*highest = n;
	}
}

static size_t count_lines(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* ---- migrations ---- */

static void test_migrate_new_and_again(void **state)
{
	(void)state;
	int count, highest;
	builtin_migrations(&count, &highest);
	assert_true(count >= 1);
	assert_int_equal(store_schema_version(), highest);

	char *report = NULL;
	size_t report_len = 0;
	FILE *f = open_memstream(&report, &report_len);
	assert_non_null(f);
	char *err = NULL;
	assert_int_equal(store_migrate(temp.path, f, &err), HAVEN_OK);
	assert_null(err);
	fclose(f);
	assert_int_equal(count_lines(report), (size_t)count);
	assert_non_null(strstr(report, "applied migration 0001_core.sql\n"));
	/* in order: 0001 first */
	assert_ptr_equal(strstr(report, "applied migration 0001_core.sql"), report);
	free(report);

	assert_int_equal(raw_int("SELECT count(*) FROM schema_migrations"), count);
	assert_int_equal(raw_int("SELECT max(version) FROM schema_migrations"), highest);
	assert_int_equal(raw_int("SELECT count(*) FROM sqlite_schema WHERE name = 'haven_meta'"), 1);

	/* again: nothing to do, nothing reported, nothing recorded twice */
	report = NULL;
	f = open_memstream(&report, &report_len);
	assert_non_null(f);
	assert_int_equal(store_migrate(temp.path, f, &err), HAVEN_OK);
	fclose(f);
	assert_string_equal(report, "");
	free(report);
	assert_int_equal(raw_int("SELECT count(*) FROM schema_migrations"), count);

	/* a NULL report is allowed */
	assert_int_equal(store_migrate(temp.path, NULL, &err), HAVEN_OK);
}

/* A database that lacks only its newest migration gets just that one. */
static void test_migrate_applies_only_missing(void **state)
{
	(void)state;
	int count, highest;
	builtin_migrations(&count, &highest);
	if (count < 2)
		skip();
	char *err = NULL;
	assert_int_equal(store_migrate(temp.path, NULL, &err), HAVEN_OK);
	/* forget the newest migration and undo it by hand: drop every table it made */
	sqlite3 *db = raw_open();
	sqlite3_stmt *stmt = NULL;
	assert_int_equal(
	    sqlite3_prepare_v2(db, "SELECT name FROM schema_migrations WHERE version = ?", -1, &stmt, NULL),
	    SQLITE_OK);
	sqlite3_bind_int(stmt, 1, highest);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	char *name = strdup((const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	const struct embedded_file *file = NULL;
	for (const struct embedded_file *e = embedded_files; e->name; e++)
		if (strncmp(e->name, "migrations/", 11) == 0 && strcmp(e->name + 11, name) == 0)
			file = e;
	assert_non_null(file);
	if (file && strncmp(file->data, "-- haven: foreign keys off", 26) == 0) {
		/* a table rebuild (it copies rows from a table it drops): dropping what it made cannot undo
		 * it */
		free(name);
		skip();
	}
	/* re-running it on top of itself must fail, so drop what its CREATE TABLEs and TRIGGERs made */
	db = raw_open();
	json_t *tables = json_array();
	assert_int_equal(
	    sqlite3_prepare_v2(db,
	                       "SELECT upper(type) || ' ' || name FROM sqlite_schema WHERE type IN ('table', "
	                       "'trigger') AND name NOT IN ('schema_migrations', 'haven_meta') AND name NOT "
	                       "LIKE 'sqlite_%'",
	                       -1, &stmt, NULL),
	    SQLITE_OK);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(stmt, 0);
		/* only the tables (and triggers on older tables) the newest migration creates: the name
		 * followed by a space or a new line, so no longer name that starts with it */
		char needle[128];
		snprintf(needle, sizeof needle, "CREATE %s", t);
		const char *found = strstr(file->data, needle);
		if (found && (found[strlen(needle)] == ' ' || found[strlen(needle)] == '\n'))
			json_array_append_new(tables, json_string(t));
	}
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	if (json_array_size(tables) == 0) {
		/* the newest migration creates no table: this test cannot undo it */
		json_decref(tables);
		free(name);
		skip();
	}
	size_t i;
	json_t *t;
	json_array_foreach(tables, i, t)
	{
		/* IF EXISTS: a trigger on a table it made went with the table */
		const char *what = json_string_value(t), *space = strchr(what, ' ');
		char sql[200];
		snprintf(sql, sizeof sql, "DROP %.*s IF EXISTS %s", (int)(space - what), what, space + 1);
		raw_exec(sql);
	}
	json_decref(tables);
	char sql[120];
	snprintf(sql, sizeof sql, "DELETE FROM schema_migrations WHERE version = %d", highest);
	raw_exec(sql);

	/* store_open now refuses: the database is behind */
	assert_int_equal(store_open(temp.path, 0, &err), HAVEN_ERR_VERSION);
	assert_non_null(err);
	assert_non_null(strstr(err, "haven init"));
	free(err);
	err = NULL;

	char *report = NULL;
	size_t report_len = 0;
	FILE *f = open_memstream(&report, &report_len);
	assert_non_null(f);
	assert_int_equal(store_migrate(temp.path, f, &err), HAVEN_OK);
	fclose(f);
	char want[160];
	snprintf(want, sizeof want, "applied migration %s\n", name);
	assert_string_equal(report, want);
	free(report);
	free(name);
	assert_int_equal(raw_int("SELECT count(*) FROM schema_migrations"), count);
}

/* A database with a migration newer than this binary is refused by both. */
static void test_newer_database_refused(void **state)
{
	(void)state;
	char *err = NULL;
	assert_int_equal(store_migrate(temp.path, NULL, &err), HAVEN_OK);
	char sql[160];
	snprintf(sql, sizeof sql,
	         "INSERT INTO schema_migrations (version, name) VALUES (%d, '9999_future.sql')",
	         store_schema_version() + 1);
	raw_exec(sql);

	assert_int_equal(store_open(temp.path, 0, &err), HAVEN_ERR_VERSION);
	assert_non_null(err);
	if (!strstr(err, "newer"))
		print_error("message: %s\n", err);
	assert_non_null(strstr(err, "newer"));
	free(err);
	err = NULL;
	/* nothing was left open */
	assert_int_equal(store_ping(), HAVEN_ERR_DB);
	assert_int_equal(db_write(NULL, NULL), HAVEN_ERR_DB);

	assert_int_equal(store_migrate(temp.path, NULL, &err), HAVEN_ERR_VERSION);
	assert_non_null(err);
	assert_non_null(strstr(err, "newer"));
	free(err);
	/* and migrate recorded nothing */
	assert_int_equal(raw_int("SELECT max(version) FROM schema_migrations"), store_schema_version() + 1);
}

/* An empty (never initialised) database: store_open says to run haven init. */
static void test_unmigrated_database_refused(void **state)
{
	(void)state;
	FILE *f = fopen(temp.path, "w");
	assert_non_null(f);
	fclose(f);
	char *err = NULL;
	assert_int_equal(store_open(temp.path, 0, &err), HAVEN_ERR_VERSION);
	assert_non_null(err);
	if (!strstr(err, "haven init"))
		print_error("message: %s\n", err);
	assert_non_null(strstr(err, "haven init"));
	free(err);
	assert_int_equal(store_ping(), HAVEN_ERR_DB);
}

/* store_open never creates a database; it refuses a missing file. */
static void test_missing_database_refused(void **state)
{
	(void)state;
	char *err = NULL;
	assert_int_equal(store_open(temp.path, 0, &err), HAVEN_ERR_NOT_FOUND);
	assert_non_null(err);
	assert_non_null(strstr(err, "haven init"));
	free(err);
	assert_int_equal(access(temp.path, F_OK), -1);
}

/* A database that is someone else's (tables, no schema_migrations) is refused by both. */
static void test_foreign_database_refused(void **state)
{
	(void)state;
	raw_exec("CREATE TABLE customers (id INTEGER PRIMARY KEY)");
	char *err = NULL;
	assert_int_equal(store_migrate(temp.path, NULL, &err), HAVEN_ERR_DB);
	assert_non_null(err);
	assert_non_null(strstr(err, "not a Haven database"));
	free(err);
	err = NULL;
	assert_int_equal(store_open(temp.path, 0, &err), HAVEN_ERR_DB);
	assert_non_null(err);
	assert_non_null(strstr(err, "not a Haven database"));
	free(err);
	/* migrate did not touch it */
	assert_int_equal(raw_int("SELECT count(*) FROM sqlite_schema WHERE name = 'schema_migrations'"), 0);
}

int main(void)
{
	log_set_quiet(1);
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_migrate_new_and_again, make_dir, remove_dir),
	    cmocka_unit_test_setup_teardown(test_migrate_applies_only_missing, make_dir, remove_dir),
	    cmocka_unit_test_setup_teardown(test_newer_database_refused, make_dir, remove_dir),
	    cmocka_unit_test_setup_teardown(test_unmigrated_database_refused, make_dir, remove_dir),
	    cmocka_unit_test_setup_teardown(test_missing_database_refused, make_dir, remove_dir),
	    cmocka_unit_test_setup_teardown(test_foreign_database_refused, make_dir, remove_dir),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
