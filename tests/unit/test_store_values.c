/*
 * test_store_values.c — tests the store's one way to run a statement with
 * its values (db_exec_with, db_row_with, db_rows_with, db_rows_into,
 * db_rows_append, db_integer_with, db_count and db_bind in store/db.h, and
 * stepping by hand with db_step, db_column_* and db_exec_changed_with) on a
 * real, migrated database file: every kind of value binds in order and reads
 * back as written (a NULL text and a JSON value that is not a string as
 * NULL), a record's list goes under its key, a list gathered from several
 * reads gains each one's rows, a constraint is a conflict that changes
 * nothing, no row is "not found", a count that cannot be had is -1, a
 * statement that cannot be prepared or a connection that could not open is
 * a database error, and a value the statement has no parameter for is
 * refused before it runs. Also a change that must find its row
 * (exec_changed_or, store/changed_row_sqlite.h) and whether a record exists
 * (row_found_with and none_found_with, store/row_found_sqlite.h).
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
#include "core/status.h"
#include "store/changed_row_sqlite.h"
#include "store/db.h"
#include "store/row_found_sqlite.h"
#include "store/store.h"
#include "raw_sqlite.h"

/* A migrated, open store in a temporary directory, with a table of every kind of value. */
static int open_store(void **state)
{
	(void)state;
	if (temp_store_open(&temp, "values") != 0)
		return -1;
	raw_exec("CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT UNIQUE, size REAL,"
	         " note TEXT, tag TEXT, data BLOB)");
	return 0;
}

static int remove_store(void **state)
{
	(void)state;
	return temp_store_remove(&temp);
}

/* What write_thing inserts, and the id it was given. */
struct thing {
	const char *name;
	double size;
	const char *note;
	const json_t *tag;
	long long id;
};

static enum haven_status write_thing(db_conn *db, void *ctx)
{
	struct thing *t = ctx;
	return db_integer_with(db,
	                       "INSERT INTO things (name, size, note, tag, data) VALUES (?, ?, ?, ?, ?)"
	                       " RETURNING id",
	                       &t->id, DB_TEXT(t->name), DB_REAL(t->size), DB_TEXT(t->note), DB_JSON(t->tag),
	                       DB_BLOB("\0ab", 3));
}

static void test_values_bind_in_order_and_read_back(void **state)
{
	(void)state;
	json_t *tag = json_string("blue");
	struct thing first = {.name = "first", .size = 2.5, .note = "a note", .tag = tag};
	assert_int_equal(db_write(write_thing, &first), HAVEN_OK);
	assert_true(first.id > 0);
	json_decref(tag);

	/* a NULL text and a JSON value that is not a string bind as NULL */
	json_t *number = json_integer(7);
	struct thing second = {.name = "second", .size = -1, .note = NULL, .tag = number};
	assert_int_equal(db_write(write_thing, &second), HAVEN_OK);
	assert_int_equal(second.id, first.id + 1);
	json_decref(number);

	json_t *row = NULL;
	assert_int_equal(
	    db_row_with(db_reader(),
	                "SELECT name, size, note, tag, hex(data) AS data FROM things WHERE id = ?", &row,
	                DB_INT(first.id)),
	    HAVEN_OK);
	json_t *want = json_pack("{s:s, s:f, s:s, s:s, s:s}", "name", "first", "size", 2.5, "note", "a note",
	                         "tag", "blue", "data", "006162");
	assert_true(json_equal(row, want));
	json_decref(want);
	json_decref(row);

	json_t *rows = db_rows_with(
	    db_reader(), "SELECT name, note, tag FROM things WHERE id >= ? ORDER BY id", DB_INT(first.id));
	want = json_pack("[{s:s, s:s, s:s}, {s:s, s:n, s:n}]", "name", "first", "note", "a note", "tag",
	                 "blue", "name", "second", "note", "tag");
	assert_true(json_equal(rows, want));
	json_decref(want);
	json_decref(rows);

	/* a record's list goes under its key; on an error the record is left as it was */
	json_t *record = json_object();
	assert_int_equal(db_rows_into(record, "things", db_reader(), "SELECT name FROM things WHERE id = ?",
	                              DB_INT(second.id)),
	                 HAVEN_OK);
	assert_int_equal(
	    db_rows_into(record, "broken", NULL, "SELECT name FROM things WHERE id = ?", DB_INT(second.id)),
	    HAVEN_ERR_DB);
	want = json_pack("{s:[{s:s}]}", "things", "name", "second");
	assert_true(json_equal(record, want));
	json_decref(want);
	json_decref(record);

	/* a list gathered from several reads keeps what it had and gains each read's rows in order; on an
	 * error it is left as it was */
	json_t *list = json_pack("[{s:s}]", "name", "before");
	assert_int_equal(db_read_rows_append(list, "SELECT name FROM things WHERE id = ?", DB_INT(second.id)),
	                 HAVEN_OK);
	assert_int_equal(db_rows_append(list, db_reader(),
	                                "SELECT name FROM things WHERE id = ?1 OR id = ?2"
	                                " ORDER BY id",
	                                DB_INT(first.id), DB_INT(second.id)),
	                 HAVEN_OK);
	assert_int_equal(db_rows_append(list, NULL, "SELECT name FROM things WHERE id = ?", DB_INT(first.id)),
	                 HAVEN_ERR_DB);
	want = json_pack("[{s:s}, {s:s}, {s:s}, {s:s}]", "name", "before", "name", "second", "name", "first",
	                 "name", "second");
	assert_true(json_equal(list, want));
	json_decref(want);
	json_decref(list);

	long long count = -1;
	assert_int_equal(
	    db_integer_with(db_reader(), "SELECT count(*) FROM things WHERE size > ?", &count, DB_REAL(0.0)),
	    HAVEN_OK);
	assert_int_equal(count, 1);
}

/* Renames a thing: ctx is {id, new name}. */
struct rename {
	long long id;
	const char *name;
};

static enum haven_status write_rename(db_conn *db, void *ctx)
{
	const struct rename *r = ctx;
	return db_exec_with(db, "UPDATE things SET name = ? WHERE id = ?", DB_TEXT(r->name), DB_INT(r->id));
}

static void test_conflict_and_not_found(void **state)
{
	(void)state;
	struct thing a = {.name = "a"}, b = {.name = "b"};
	assert_int_equal(db_write(write_thing, &a), HAVEN_OK);
	assert_int_equal(db_write(write_thing, &b), HAVEN_OK);

	/* a duplicate name is a conflict, and the second thing keeps its name */
	struct thing again = {.name = "a"};
	assert_int_equal(db_write(write_thing, &again), HAVEN_ERR_CONFLICT);
	struct rename clash = {b.id, "a"};
	assert_int_equal(db_write(write_rename, &clash), HAVEN_ERR_CONFLICT);
	long long count = -1;
	assert_int_equal(
	    db_integer_with(db_reader(), "SELECT count(*) FROM things WHERE name = ?", &count, DB_TEXT("b")),
	    HAVEN_OK);
	assert_int_equal(count, 1);

	/* a rename that works */
	struct rename fine = {b.id, "c"};
	assert_int_equal(db_write(write_rename, &fine), HAVEN_OK);
	json_t *row = NULL;
	assert_int_equal(db_row_with(db_reader(), "SELECT name FROM things WHERE id = ?", &row, DB_INT(b.id)),
	                 HAVEN_OK);
	assert_string_equal(json_string_value(json_object_get(row, "name")), "c");
	json_decref(row);

	/* a page's count: the number, or -1 when it cannot be had */
	assert_int_equal(
	    db_count(db_prepare(db_reader(), "SELECT count(*) FROM things WHERE name = ?"), DB_TEXT("c")), 1);
	assert_int_equal(
	    db_count(db_prepare(NULL, "SELECT count(*) FROM things WHERE name = ?"), DB_TEXT("c")), -1);

	/* no row: not found, and nothing written to *out */
	row = json_true();
	assert_int_equal(db_row_with(db_reader(), "SELECT name FROM things WHERE id = ?", &row, DB_INT(999)),
	                 HAVEN_ERR_NOT_FOUND);
	assert_null(row);
	long long untouched = 42;
	assert_int_equal(db_integer_with(db_reader(), "SELECT id FROM things WHERE name = ?", &untouched,
	                                 DB_TEXT("nobody")),
	                 HAVEN_ERR_NOT_FOUND);
	assert_int_equal(untouched, 42);
}

static void test_statement_or_connection_missing(void **state)
{
	(void)state;
	/* SQL that does not prepare, and a connection db_reader() could not open */
	long long n = 0;
	assert_int_equal(db_integer_with(db_reader(), "SELEC nonsense ?", &n, DB_INT(1)), HAVEN_ERR_DB);
	json_t *row = NULL;
	assert_int_equal(db_row_with(NULL, "SELECT 1 WHERE ? = 1", &row, DB_INT(1)), HAVEN_ERR_DB);
	assert_null(row);
	assert_null(db_rows_with(NULL, "SELECT 1 WHERE ? = 1", DB_INT(1)));
	assert_int_equal(db_exec_with(NULL, "DELETE FROM things WHERE id = ?", DB_INT(1)), HAVEN_ERR_DB);
	assert_int_equal(db_exec_stmt(NULL), HAVEN_ERR_DB);
	assert_null(db_rows(NULL));

	/* more values than parameters: refused before anything runs, and the statement is reusable */
	db_conn *db = db_reader();
	db_stmt *stmt = db_prepare(db, "SELECT ? + 1");
	assert_false(db_bind(stmt, DB_INT(1), DB_INT(2)));
	assert_true(db_bind(stmt, DB_INT(41)));
	assert_int_equal(db_step(stmt), DB_STEP_ROW);
	assert_int_equal(db_column_int(stmt, 0), 42);
	db_done(stmt);
	assert_int_equal(db_integer_with(db, "SELECT ? + 1", &n, DB_INT(1)), HAVEN_OK);
	assert_int_equal(n, 2);
}

/*
 * Renames a thing only if it still has its old name: ctx is {id, old name,
 * new name, rows changed, and for exec_changed_or the status when none did}.
 */
struct rename_if {
	long long id;
	const char *from, *to;
	long long changed;
	enum haven_status if_unchanged;
};

static enum haven_status write_rename_if(db_conn *db, void *ctx)
{
	struct rename_if *r = ctx;
	return db_exec_changed_with(db, "UPDATE things SET name = ? WHERE id = ? AND name = ?", &r->changed,
	                            DB_TEXT(r->to), DB_INT(r->id), DB_TEXT(r->from));
}

static void test_stepping_by_hand_and_rows_changed(void **state)
{
	(void)state;
	struct thing a = {.name = "a", .size = 1.5, .note = "noted"}, b = {.name = "b"};
	assert_int_equal(db_write(write_thing, &a), HAVEN_OK);
	assert_int_equal(db_write(write_thing, &b), HAVEN_OK);

	/* each row's columns as written: NULL reads as 0, NULL text and no blob */
	db_stmt *st = db_prepare(db_reader(),
	                         "SELECT id, name, size, note, data FROM things WHERE id >= ? ORDER BY id");
	assert_true(db_bind(st, DB_INT(a.id)));
	assert_int_equal(db_step(st), DB_STEP_ROW);
	assert_int_equal(db_column_int(st, 0), a.id);
	assert_string_equal(db_column_text(st, 1), "a");
	assert_true(db_column_real(st, 2) == 1.5);
	assert_string_equal(db_column_text(st, 3), "noted");
	size_t size = 0;
	const unsigned char *bytes = db_column_blob(st, 4, &size);
	assert_int_equal(size, 3);
	assert_memory_equal(bytes, "\0ab", 3);
	assert_false(db_column_is_null(st, 3));
	assert_int_equal(db_step(st), DB_STEP_ROW);
	assert_string_equal(db_column_text(st, 1), "b");
	assert_true(db_column_is_null(st, 3));
	assert_null(db_column_text(st, 3));
	assert_true(db_column_real(st, 2) == 0.0);
	assert_int_equal(db_step(st), DB_STEP_DONE);
	db_done(st);
	assert_int_equal(db_step(NULL), DB_STEP_ERROR);
	st = db_prepare(db_reader(), "SELECT NULL, x'' ");
	assert_int_equal(db_step(st), DB_STEP_ROW);
	assert_int_equal(db_column_int(st, 0), 0);
	assert_null(db_column_blob(st, 1, &size));
	assert_int_equal(size, 0);
	db_done(st);

	/* rows changed: one when the name was still the old one, none when someone got there first */
	struct rename_if first = {a.id, "a", "c", -1, HAVEN_OK};
	assert_int_equal(db_write(write_rename_if, &first), HAVEN_OK);
	assert_int_equal(first.changed, 1);
	struct rename_if late = {a.id, "a", "d", -1, HAVEN_OK};
	assert_int_equal(db_write(write_rename_if, &late), HAVEN_OK);
	assert_int_equal(late.changed, 0);
	/* a constraint: a conflict, nothing changed */
	struct rename_if clash = {b.id, "b", "c", -1, HAVEN_OK};
	assert_int_equal(db_write(write_rename_if, &clash), HAVEN_ERR_CONFLICT);
	assert_int_equal(clash.changed, 0);
	long long n = 0;
	assert_int_equal(
	    db_integer_with(db_reader(), "SELECT count(*) FROM things WHERE name = ?", &n, DB_TEXT("b")),
	    HAVEN_OK);
	assert_int_equal(n, 1);
}

static enum haven_status write_rename_or(db_conn *db, void *ctx)
{
	struct rename_if *r = ctx;
	return exec_changed_or(db, "UPDATE things SET name = ? WHERE id = ? AND name = ?", r->if_unchanged,
	                       DB_TEXT(r->to), DB_INT(r->id), DB_TEXT(r->from));
}

static void test_changed_row_or_status_and_row_found(void **state)
{
	(void)state;
	struct thing a = {.name = "a"}, b = {.name = "b"};
	assert_int_equal(db_write(write_thing, &a), HAVEN_OK);
	assert_int_equal(db_write(write_thing, &b), HAVEN_OK);
	/* the row changed: OK; someone got there first, or no such row: the status asked for */
	struct rename_if first = {a.id, "a", "c", 0, HAVEN_ERR_CONFLICT};
	assert_int_equal(db_write(write_rename_or, &first), HAVEN_OK);
	struct rename_if late = {a.id, "a", "d", 0, HAVEN_ERR_CONFLICT};
	assert_int_equal(db_write(write_rename_or, &late), HAVEN_ERR_CONFLICT);
	struct rename_if none = {b.id + 100, "b", "d", 0, HAVEN_ERR_NOT_FOUND};
	assert_int_equal(db_write(write_rename_or, &none), HAVEN_ERR_NOT_FOUND);
	/* a failure keeps its own status: a name already taken is a conflict, not "not found" */
	struct rename_if clash = {b.id, "b", "c", 0, HAVEN_ERR_NOT_FOUND};
	assert_int_equal(db_write(write_rename_or, &clash), HAVEN_ERR_CONFLICT);

	/* a count, or a SELECT 1, that finds something: OK; nothing: not found */
	db_conn *db = db_reader();
	assert_int_equal(row_found_with(db, "SELECT count(*) FROM things WHERE name = ?", DB_TEXT("c")),
	                 HAVEN_OK);
	assert_int_equal(row_found_with(db, "SELECT count(*) FROM things WHERE name = ?", DB_TEXT("a")),
	                 HAVEN_ERR_NOT_FOUND);
	assert_int_equal(row_found_with(db, "SELECT 1 FROM things WHERE id = ?", DB_INT(b.id)), HAVEN_OK);
	assert_int_equal(row_found_with(db, "SELECT 1 FROM things WHERE id = ?", DB_INT(b.id + 100)),
	                 HAVEN_ERR_NOT_FOUND);
	/* its other side: nothing found is OK (the name is free), something found a conflict */
	assert_int_equal(none_found_with(db, "SELECT count(*) FROM things WHERE name = ?", DB_TEXT("a")),
	                 HAVEN_OK);
	assert_int_equal(none_found_with(db, "SELECT count(*) FROM things WHERE name = ?", DB_TEXT("c")),
	                 HAVEN_ERR_CONFLICT);
	assert_int_equal(none_found_with(db, "SELECT 1 FROM things WHERE id = ?", DB_INT(b.id + 100)),
	                 HAVEN_OK);
	assert_int_equal(none_found_with(db, "SELECT 1 FROM things WHERE id = ?", DB_INT(b.id)),
	                 HAVEN_ERR_CONFLICT);
}

static void test_time_text_is_what_sqlite_wrote(void **state)
{
	(void)state;
	char text[DB_TIME_SIZE];
	db_time_text(1796364062, text); /* a moment in 2026 */
	assert_string_equal(text, "2026-12-04T06:01:02.000Z");
	db_time_text(0, text);
	assert_string_equal(text, "1970-01-01T00:00:00.000Z");

	/* now: the same shape as SQLite's strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), and within a second of it */
	db_now_text(text);
	assert_int_equal(strlen(text), DB_TIME_SIZE - 1);
	long long apart = -1;
	assert_int_equal(db_integer_with(db_reader(),
	                                 "SELECT abs(julianday(?) - julianday('now')) * 86400 < 1"
	                                 " AND ? = strftime('%Y-%m-%dT%H:%M:%fZ', ?)",
	                                 &apart, DB_TEXT(text), DB_TEXT(text), DB_TEXT(text)),
	                 HAVEN_OK);
	assert_int_equal(apart, 1);
}

static void test_named_values_kinds_and_a_file_of_its_own(void **state)
{
	(void)state;
	struct thing a = {.name = "a", .size = 0.5, .note = "seven"};
	assert_int_equal(db_write(write_thing, &a), HAVEN_OK);

	/* a value bound by its name, in any order; a name the statement lacks is passed over */
	db_stmt *st = db_prepare(db_reader(), "SELECT :b - :a");
	db_bind_named_int(st, ":a", 2);
	db_bind_named_int(st, ":missing", 99);
	db_bind_named_int(st, ":b", 44);
	assert_int_equal(db_step(st), DB_STEP_ROW);
	assert_int_equal(db_column_int(st, 0), 42);
	db_done(st);

	/* the file the store's database is in */
	assert_string_equal(db_file(db_reader()), temp.path);
	assert_null(db_file(NULL));

	/* the same file opened by its path, read-only, on a connection of its own; each column by its kind */
	db_conn *db = NULL;
	char why[DB_WHY_SIZE];
	assert_int_equal(db_open_file(temp.path, &db, why), HAVEN_OK);
	st = db_prepare_once(db, "SELECT id, size, note, data, tag FROM things WHERE name = 'a'");
	assert_non_null(st);
	assert_int_equal(db_step(st), DB_STEP_ROW);
	assert_int_equal(db_column_kind(st, 0), DB_KIND_INT);
	assert_int_equal(db_column_kind(st, 1), DB_KIND_REAL);
	assert_int_equal(db_column_kind(st, 2), DB_KIND_TEXT);
	assert_int_equal(db_column_size(st, 2), 5);
	assert_int_equal(db_column_kind(st, 3), DB_KIND_BLOB);
	assert_int_equal(db_column_size(st, 3), 3);
	assert_int_equal(db_column_kind(st, 4), DB_KIND_NULL);
	assert_int_equal(db_step(st), DB_STEP_DONE);
	db_finalize(st);
	/* read-only: a change is refused */
	st = db_prepare_once(db, "DELETE FROM things");
	assert_int_equal(db_step(st), DB_STEP_ERROR);
	db_finalize(st);
	assert_null(db_prepare_once(db, "SELEC nonsense"));
	assert_true(strlen(db_error(db)) > 0);
	db_close_file(db);

	/* a file that is not there: not found, saying why */
	assert_int_equal(db_open_file("/nonexistent/haven.db", &db, why), HAVEN_ERR_NOT_FOUND);
	assert_null(db);
	assert_true(strlen(why) > 0);
}

int main(void)
{
	log_set_quiet(1);
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_values_bind_in_order_and_read_back, open_store,
	                                    remove_store),
	    cmocka_unit_test_setup_teardown(test_conflict_and_not_found, open_store, remove_store),
	    cmocka_unit_test_setup_teardown(test_statement_or_connection_missing, open_store, remove_store),
	    cmocka_unit_test_setup_teardown(test_stepping_by_hand_and_rows_changed, open_store, remove_store),
	    cmocka_unit_test_setup_teardown(test_changed_row_or_status_and_row_found, open_store,
	                                    remove_store),
	    cmocka_unit_test_setup_teardown(test_time_text_is_what_sqlite_wrote, open_store, remove_store),
	    cmocka_unit_test_setup_teardown(test_named_values_kinds_and_a_file_of_its_own, open_store,
	                                    remove_store),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
