/*
 * test_store_contract.c — the store's contract (store/db.h) for reads and
 * writes, run the same on each backend (store_contract_fixture.h):
 * statements with `?`, `?N` and `:name` parameters, a `?` inside quotes left
 * alone, an `INDEXED BY` hint, every kind of value bound and read back by
 * kind and as JSON, a unit of work that commits, one that fails and leaves
 * nothing, a unique violation as a conflict, counts and sums as integers,
 * rows changed, and an integer where PostgreSQL wants another type (SQLite's
 * 0/1 as a flag; compared with text), in a unit of work that carries on after
 * it. And a thread's read transaction (store_read_begin): on SQLite its reads
 * see one snapshot until it ends or the thread writes; on PostgreSQL it does
 * nothing; nested and unmatched calls are harmless. On SQLite, a write-ahead
 * log grown while a snapshot held it is cut back once it starts again. Units
 * in one batch are test_store_batches.c's; lower() is test_store_lower.c's.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/status.h"
#include "store/db.h"
#include "store/store.h"
#include "store_contract_fixture.h"

/* ---- the contract ---- */

/* Inserts, then fails: the unit's insert must not be kept. */
static enum haven_status write_then_fail(db_conn *db, void *ctx)
{
	enum haven_status st = write_thing(db, ctx);
	return st == HAVEN_OK ? HAVEN_ERR_INVALID : HAVEN_ERR_INTERNAL;
}

static enum haven_status write_script(db_conn *db, void *ctx)
{
	return db_exec_script(db, ctx);
}

static void values_bind_and_read_back_by_kind(void **state)
{
	(void)state;
	struct thing first = {.name = "contract-first", .size = 2.5, .note = NULL};
	assert_int_equal(db_write(write_thing, &first), HAVEN_OK);
	assert_true(first.id > 0);

	db_stmt *stmt = db_prepare(db_reader(), "SELECT id, name, size, note, data FROM things WHERE id = ?");
	assert_true(db_bind(stmt, DB_INT(first.id)));
	assert_int_equal(db_step(stmt), DB_STEP_ROW);
	assert_int_equal(db_column_kind(stmt, 0), DB_KIND_INT);
	assert_int_equal(db_column_int(stmt, 0), first.id);
	assert_int_equal(db_column_kind(stmt, 1), DB_KIND_TEXT);
	assert_string_equal(db_column_text(stmt, 1), "contract-first");
	assert_int_equal(db_column_size(stmt, 1), strlen("contract-first"));
	assert_int_equal(db_column_kind(stmt, 2), DB_KIND_REAL);
	assert_true(db_column_real(stmt, 2) == 2.5);
	assert_int_equal(db_column_kind(stmt, 3), DB_KIND_NULL);
	assert_true(db_column_is_null(stmt, 3));
	assert_null(db_column_text(stmt, 3));
	assert_int_equal(db_column_kind(stmt, 4), DB_KIND_BLOB);
	size_t size = 0;
	const void *bytes = db_column_blob(stmt, 4, &size);
	assert_int_equal(size, 3);
	assert_memory_equal(bytes, "\0ab", 3);
	assert_int_equal(db_step(stmt), DB_STEP_DONE);
	db_done(stmt);
}

static void rows_are_typed_json(void **state)
{
	(void)state;
	json_t *row = NULL;
	assert_int_equal(
	    db_row_with(db_reader(),
	                "SELECT id, name, size, note, count(*) OVER () AS n FROM things WHERE name = ?", &row,
	                DB_TEXT("contract-first")),
	    HAVEN_OK);
	assert_true(json_is_integer(json_object_get(row, "id")));
	assert_string_equal(json_string_value(json_object_get(row, "name")), "contract-first");
	assert_true(json_is_real(json_object_get(row, "size")));
	assert_true(json_is_null(json_object_get(row, "note")));
	assert_int_equal(json_integer_value(json_object_get(row, "n")), 1);
	json_decref(row);

	/* a sum of integers is an integer, as SQLite gives it */
	assert_int_equal(db_row_with(db_reader(),
	                             "SELECT sum(id) - sum(id) AS zero, count(*) AS n FROM things"
	                             " WHERE id > ?",
	                             &row, DB_INT(0)),
	                 HAVEN_OK);
	assert_true(json_is_integer(json_object_get(row, "zero")));
	assert_int_equal(json_integer_value(json_object_get(row, "zero")), 0);
	json_decref(row);

	/* a blob's bytes are the string */
	assert_int_equal(db_row_with(db_reader(), "SELECT ? AS b", &row, DB_BLOB("xyz", 3)), HAVEN_OK);
	assert_string_equal(json_string_value(json_object_get(row, "b")), "xyz");
	json_decref(row);

	json_t *rows =
	    db_rows_with(db_reader(), "SELECT name FROM things WHERE name = ?", DB_TEXT("none such"));
	assert_non_null(rows);
	assert_int_equal(json_array_size(rows), 0);
	json_decref(rows);
	assert_int_equal(
	    db_row_with(db_reader(), "SELECT name FROM things WHERE name = ?", &row, DB_TEXT("none")),
	    HAVEN_ERR_NOT_FOUND);
	assert_null(row);
}

/* A comparison or a test of NULL reads as SQLite's 0 or 1, an integer, whatever the engine's own type. */
static void truth_values_are_integers(void **state)
{
	(void)state;
	db_stmt *stmt = db_prepare(
	    db_reader(), "SELECT note IS NULL AS no_note, name = ? AS other, size > 1 AS big FROM things"
	                 " WHERE name = 'contract-first'");
	assert_true(db_bind(stmt, DB_TEXT("contract-other")));
	assert_int_equal(db_step(stmt), DB_STEP_ROW);
	for (int column = 0; column < 3; column++)
		assert_int_equal(db_column_kind(stmt, column), DB_KIND_INT);
	assert_int_equal(db_column_int(stmt, 0), 1);
	assert_int_equal(db_column_int(stmt, 1), 0);
	assert_string_equal(db_column_text(stmt, 0), "1");
	assert_string_equal(db_column_text(stmt, 1), "0");
	assert_true(db_column_real(stmt, 2) == 1.0);
	db_done(stmt);

	json_t *row = NULL;
	assert_int_equal(db_row_with(db_reader(),
	                             "SELECT note IS NOT NULL AS has_note, size = 2.5 AS exact FROM things"
	                             " WHERE name = ?",
	                             &row, DB_TEXT("contract-first")),
	                 HAVEN_OK);
	assert_true(json_is_integer(json_object_get(row, "has_note")));
	assert_int_equal(json_integer_value(json_object_get(row, "has_note")), 0);
	assert_true(json_is_integer(json_object_get(row, "exact")));
	assert_int_equal(json_integer_value(json_object_get(row, "exact")), 1);
	json_decref(row);
}

static void placeholders_numbered_named_and_quoted(void **state)
{
	(void)state;
	long long n = -1;
	/* ?N may repeat, in any order */
	assert_int_equal(
	    db_integer_with(db_reader(),
	                    "SELECT count(*) FROM things WHERE name = ?2 AND (id = ?1 OR ?1 = 0)", &n,
	                    DB_INT(0), DB_TEXT("contract-first")),
	    HAVEN_OK);
	assert_int_equal(n, 1);
	/* a ? inside quotes is text, not a parameter; an index hint is only a hint */
	json_t *row = NULL;
	assert_int_equal(db_row_with(db_reader(),
	                             "SELECT '?' AS q, 'it''s ?1' AS r, count(*) AS n FROM things"
	                             " INDEXED BY things_by_size WHERE size > ?",
	                             &row, DB_REAL(1.0)),
	                 HAVEN_OK);
	assert_string_equal(json_string_value(json_object_get(row, "q")), "?");
	assert_string_equal(json_string_value(json_object_get(row, "r")), "it's ?1");
	assert_int_equal(json_integer_value(json_object_get(row, "n")), 1);
	json_decref(row);
	/* a :name parameter binds by name; a name the statement lacks is ignored */
	db_stmt *stmt =
	    db_prepare(db_reader(), "SELECT count(*) FROM things WHERE size > :low AND size < :high");
	db_bind_named_int(stmt, ":high", 3);
	db_bind_named_int(stmt, ":low", 2);
	db_bind_named_int(stmt, ":absent", 9);
	assert_int_equal(db_step(stmt), DB_STEP_ROW);
	assert_int_equal(db_column_int(stmt, 0), 1);
	db_done(stmt);
	/* a parameter whose type only the value says */
	assert_int_equal(
	    db_integer_with(db_reader(), "SELECT CASE WHEN ? IS NULL THEN 1 ELSE 2 END", &n, DB_NULL),
	    HAVEN_OK);
	assert_int_equal(n, 1);
}

static void units_commit_or_leave_nothing(void **state)
{
	(void)state;
	struct thing kept = {.name = "contract-kept", .size = 1};
	assert_int_equal(db_write(write_thing, &kept), HAVEN_OK);
	assert_int_equal(db_count(db_prepare(db_reader(), "SELECT count(*) FROM things WHERE name = ?"),
	                          DB_TEXT("contract-kept")),
	                 1);

	struct thing dropped = {.name = "contract-dropped", .size = 1};
	assert_int_equal(db_write(write_then_fail, &dropped), HAVEN_ERR_INVALID);
	assert_int_equal(db_count(db_prepare(db_reader(), "SELECT count(*) FROM things WHERE name = ?"),
	                          DB_TEXT("contract-dropped")),
	                 0);

	/* a statement that fails inside a unit fails the unit only */
	assert_int_equal(db_write(write_script, "INSERT INTO things (name) VALUES ('contract-script');"
	                                        " INSERT INTO no_such_table VALUES (1)"),
	                 HAVEN_ERR_DB);
	assert_int_equal(db_count(db_prepare(db_reader(), "SELECT count(*) FROM things WHERE name = ?"),
	                          DB_TEXT("contract-script")),
	                 0);
	assert_int_equal(db_write(write_thing, &(struct thing){.name = "contract-after", .size = 1}),
	                 HAVEN_OK);
}

static void unique_violation_is_a_conflict(void **state)
{
	(void)state;
	struct thing again = {.name = "contract-first", .size = 9};
	assert_int_equal(db_write(write_thing, &again), HAVEN_ERR_CONFLICT);
	assert_int_equal(db_count(db_prepare(db_reader(), "SELECT count(*) FROM things WHERE name = ?"),
	                          DB_TEXT("contract-first")),
	                 1);
}

static enum haven_status rename_things(db_conn *db, void *ctx)
{
	return db_exec_changed_with(db, "UPDATE things SET note = ? WHERE size = ?", ctx, DB_TEXT("renamed"),
	                            DB_REAL(1));
}

static void counts_and_changes(void **state)
{
	(void)state;
	long long changed = -1;
	assert_int_equal(db_write(rename_things, &changed), HAVEN_OK);
	assert_int_equal(changed, 2); /* contract-kept and contract-after */
	long long n = -1;
	assert_int_equal(db_integer_with(db_reader(), "SELECT count(*) FROM things WHERE note = ?", &n,
	                                 DB_TEXT("renamed")),
	                 HAVEN_OK);
	assert_int_equal(n, 2);
	assert_int_equal(
	    db_integer_with(db_reader(), "SELECT id FROM things WHERE name = ?", &n, DB_TEXT("none")),
	    HAVEN_ERR_NOT_FOUND);
	assert_int_equal(
	    db_count(db_prepare(db_reader(), "SELECT count(*) FROM no_such_table WHERE id = ?"), DB_INT(1)),
	    -1);
	char *value = NULL;
	assert_int_equal(store_meta_set("contract", "yes"), HAVEN_OK);
	assert_int_equal(store_meta_get("contract", &value), HAVEN_OK);
	assert_string_equal(value, "yes");
	free(value);
	assert_int_equal(store_ping(), HAVEN_OK);
}

/* An integer used as a flag and one compared with text, in a unit that goes on to write. */
static enum haven_status flag_then_write(db_conn *db, void *ctx)
{
	long long *n = ctx;
	enum haven_status st = db_integer_with(
	    db, "SELECT count(*) FROM things WHERE (?1 OR name = ?2) AND note IS DISTINCT FROM ?3", n,
	    DB_INT(0), DB_TEXT("contract-first"), DB_INT(7));
	if (st == HAVEN_OK)
		st = write_thing(db, &(struct thing){.name = "contract-flagged", .size = 4});
	return st;
}

static void integers_as_flags_and_text(void **state)
{
	(void)state;
	long long n = -1;
	assert_int_equal(db_write(flag_then_write, &n), HAVEN_OK);
	assert_int_equal(n, 1);
	assert_int_equal(db_count(db_prepare(db_reader(), "SELECT count(*) FROM things WHERE name = ?"),
	                          DB_TEXT("contract-flagged")),
	                 1);
	/* the same statement again, the flag now set: every row */
	long long all = -1;
	assert_int_equal(db_integer_with(db_reader(), "SELECT count(*) FROM things", &all), HAVEN_OK);
	for (int flag = 0; flag <= 1; flag++) {
		assert_int_equal(db_integer_with(db_reader(),
		                                 "SELECT count(*) FROM things WHERE ?1 OR name = ?2", &n,
		                                 DB_INT(flag), DB_TEXT("contract-first")),
		                 HAVEN_OK);
		assert_int_equal(n, flag ? all : 1);
	}
}

/* ---- a thread's read transaction ---- */

static long long count_things(void)
{
	long long n = -1;
	assert_int_equal(db_integer_with(db_reader(), "SELECT count(*) FROM things", &n), HAVEN_OK);
	return n;
}

/* True if this thread's reader is inside a transaction now. */
static bool reader_in_transaction(void)
{
	return db_reader()->ops->in_transaction(db_reader());
}

/* True on a backend whose readers take one snapshot for store_read_begin (SQLite). */
static bool reads_share_a_snapshot(void)
{
	return db_reader()->ops->read_begin != NULL;
}

struct other_write {
	struct thing thing;
	enum haven_status result;
};

/* Writes a thing from a thread of its own, as another request would. */
static void *write_from_another_thread(void *ctx)
{
	struct other_write *w = ctx;
	w->result = db_write(write_thing, &w->thing);
	return NULL;
}

/* Writes thing `name` from a thread of its own and waits for it: saved, as another request's write. */
static void another_request_writes(const char *name)
{
	struct other_write other = {.thing = {.name = name, .size = 5}};
	pthread_t thread;
	assert_int_equal(pthread_create(&thread, NULL, write_from_another_thread, &other), 0);
	pthread_join(thread, NULL);
	assert_int_equal(other.result, HAVEN_OK);
}

static void a_read_transaction_sees_one_snapshot(void **state)
{
	(void)state;
	bool snapshot = reads_share_a_snapshot();
	store_read_begin();
	long long before = count_things();
	assert_int_equal(reader_in_transaction(), snapshot);
	another_request_writes("snapshot-other");
	/* SQLite: the snapshot the first read took; PostgreSQL: each statement reads on its own */
	assert_int_equal(count_things(), snapshot ? before : before + 1);
	store_read_end();
	assert_false(reader_in_transaction());
	assert_int_equal(count_things(), before + 1);
}

struct async_write {
	pthread_mutex_t lock;
	pthread_cond_t told;
	bool done;
	enum haven_status result;
};

static void async_written(enum haven_status result, void *ctx)
{
	struct async_write *w = ctx;
	pthread_mutex_lock(&w->lock);
	w->result = result;
	w->done = true;
	pthread_cond_signal(&w->told);
	pthread_mutex_unlock(&w->lock);
}

static void a_write_ends_the_read_transaction(void **state)
{
	(void)state;
	bool snapshot = reads_share_a_snapshot();
	store_read_begin();
	long long before = count_things();
	struct thing mine = {.name = "snapshot-mine", .size = 6};
	assert_int_equal(db_write(write_thing, &mine), HAVEN_OK);
	assert_int_equal(count_things(), before + 1); /* its own write, read back: the snapshot ended */
	/* ... in a fresh snapshot, which holds for the rest of the request */
	assert_int_equal(reader_in_transaction(), snapshot);
	another_request_writes("snapshot-after-mine");
	assert_int_equal(count_things(), snapshot ? before + 1 : before + 2);
	store_read_end();
	assert_false(reader_in_transaction());

	store_read_begin();
	before = count_things();
	struct thing queued = {.name = "snapshot-queued", .size = 7};
	struct async_write w = {.lock = PTHREAD_MUTEX_INITIALIZER, .told = PTHREAD_COND_INITIALIZER};
	assert_int_equal(db_write_async(write_thing, &queued, async_written, &w), HAVEN_OK);
	pthread_mutex_lock(&w.lock);
	while (!w.done)
		pthread_cond_wait(&w.told, &w.lock);
	pthread_mutex_unlock(&w.lock);
	assert_int_equal(w.result, HAVEN_OK);
	assert_int_equal(count_things(), before + 1); /* the snapshot ended when the write was queued */
	store_read_end();
}

static void unmatched_and_nested_calls_are_harmless(void **state)
{
	(void)state;
	bool snapshot = reads_share_a_snapshot();
	store_read_end();
	store_read_begin();
	store_read_begin();
	long long n = count_things();
	assert_int_equal(reader_in_transaction(), snapshot);
	store_read_begin();
	assert_int_equal(count_things(), n);
	store_read_end();
	assert_false(reader_in_transaction());
	store_read_end();
	assert_int_equal(count_things(), n);
	/* begun and ended with nothing read: no transaction was ever opened */
	store_read_begin();
	store_read_end();
	assert_false(reader_in_transaction());
	/* a statement that cannot be prepared inside one: the next request's begins as usual */
	store_read_begin();
	assert_int_equal(
	    db_count(db_prepare(db_reader(), "SELECT count(*) FROM no_such_table WHERE id = ?"), DB_INT(1)),
	    -1);
	store_read_end();
	assert_false(reader_in_transaction());
	store_read_begin();
	assert_int_equal(count_things(), n);
	assert_int_equal(reader_in_transaction(), snapshot);
	store_read_end();
}

static void sleep_ms(long ms)
{
	struct timespec t = {.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L};
	nanosleep(&t, NULL);
}

static void a_release_ends_the_snapshot_until_the_next_read(void **state)
{
	(void)state;
	bool snapshot = reads_share_a_snapshot();
	store_read_begin();
	long long before = count_things();
	store_read_release(); /* as before a password's hash */
	another_request_writes("released-other");
	assert_int_equal(count_things(), before + 1);
	/* the next read began a fresh snapshot, which holds for the rest of the request */
	assert_int_equal(reader_in_transaction(), snapshot);
	another_request_writes("released-after");
	assert_int_equal(count_things(), snapshot ? before + 1 : before + 2);
	store_read_end();
	assert_false(reader_in_transaction());
	/* outside a request (a command, a job): nothing begun, nothing wanted */
	store_read_release();
	assert_false(reader_in_transaction());
	assert_int_equal(count_things(), before + 2);
	assert_false(reader_in_transaction());
}

static void a_snapshot_older_than_the_limit_is_renewed_at_the_next_read(void **state)
{
	(void)state;
	bool snapshot = reads_share_a_snapshot();
	store_read_age_limit(1);
	store_read_begin();
	long long before = count_things();
	another_request_writes("aged-other");
	sleep_ms(5);
	assert_int_equal(count_things(), before + 1); /* past the limit: a fresh snapshot */
	store_read_age_limit(TESTS_READ_AGE_LIMIT_MS);
	assert_int_equal(reader_in_transaction(), snapshot); /* ... kept while young */
	another_request_writes("aged-after");
	assert_int_equal(count_things(), snapshot ? before + 1 : before + 2);

	/* A statement part-read when the snapshot is renewed reads on to its end; on SQLite it keeps its
	 * snapshot (the COMMIT leaves it open to the statement), so the renewal waits for the next one. */
	long long seen = count_things();
	db_stmt *names = db_prepare(db_reader(), "SELECT name FROM things ORDER BY id");
	assert_int_equal(db_step(names), DB_STEP_ROW);
	store_read_age_limit(1);
	sleep_ms(5);
	assert_int_equal(count_things(), seen);
	long long stepped = 1;
	enum db_step step;
	while ((step = db_step(names)) == DB_STEP_ROW)
		stepped++;
	assert_int_equal(step, DB_STEP_DONE);
	db_done(names);
	assert_int_equal(stepped, seen);
	sleep_ms(5);
	assert_int_equal(count_things(), before + 2); /* the next read past the limit: a fresh one */
	store_read_end();
	store_read_age_limit(TESTS_READ_AGE_LIMIT_MS);
	assert_false(reader_in_transaction());
}

/* ---- the write-ahead log's size (SQLite) ---- */

#define BIG_THING_BYTES (4 * 1024 * 1024)

static enum haven_status write_big_thing(db_conn *db, void *ctx)
{
	static unsigned char data[BIG_THING_BYTES];
	(void)ctx;
	return db_exec_with(db, "INSERT INTO things (data) VALUES (?)", DB_BLOB(data, sizeof data));
}

static enum haven_status forget_big_things(db_conn *db, void *ctx)
{
	(void)ctx;
	return db_exec_with(db, "DELETE FROM things WHERE name IS NULL");
}

static enum haven_status read_wal_limit(db_conn *db, void *ctx)
{
	return db_integer_with(db, "PRAGMA journal_size_limit", (long long *)ctx);
}

static void *write_big_things(void *ctx)
{
	enum haven_status *result = ctx;
	for (int i = 0; i < 5 && *result == HAVEN_OK; i++)
		*result = db_write(write_big_thing, NULL);
	return NULL;
}

static long long wal_bytes(void)
{
	char wal[sizeof temp.path + 8];
	snprintf(wal, sizeof wal, "%s-wal", temp.path);
	struct stat st;
	return stat(wal, &st) == 0 ? (long long)st.st_size : -1;
}

/* A log grown past the writer's limit while a snapshot held it back is cut back once it starts again. */
static void a_grown_write_ahead_log_is_cut_back(void **state)
{
	(void)state;
	if (!reads_share_a_snapshot())
		return; /* PostgreSQL keeps no such file */
	long long limit = 0;
	assert_int_equal(db_write(read_wal_limit, &limit), HAVEN_OK);
	assert_true(limit > 0 && limit < 5LL * BIG_THING_BYTES);
	store_read_begin();
	count_things(); /* a snapshot held: no checkpoint copies past it */
	enum haven_status written = HAVEN_OK;
	pthread_t thread;
	assert_int_equal(pthread_create(&thread, NULL, write_big_things, &written), 0);
	pthread_join(thread, NULL);
	assert_int_equal(written, HAVEN_OK);
	assert_true(wal_bytes() > limit);
	store_read_end();
	/* the next commit's checkpoint copies it all; the one after starts the log again, cut back */
	another_request_writes("wal-copied");
	another_request_writes("wal-restarted");
	long long after = wal_bytes();
	assert_true(after >= 0 && after <= limit);
	assert_int_equal(db_write(forget_big_things, NULL), HAVEN_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(values_bind_and_read_back_by_kind),
	    cmocka_unit_test(rows_are_typed_json),
	    cmocka_unit_test(truth_values_are_integers),
	    cmocka_unit_test(placeholders_numbered_named_and_quoted),
	    cmocka_unit_test(units_commit_or_leave_nothing),
	    cmocka_unit_test(unique_violation_is_a_conflict),
	    cmocka_unit_test(counts_and_changes),
	    cmocka_unit_test(integers_as_flags_and_text),
	    cmocka_unit_test(a_read_transaction_sees_one_snapshot),
	    cmocka_unit_test(a_write_ends_the_read_transaction),
	    cmocka_unit_test(unmatched_and_nested_calls_are_harmless),
	    cmocka_unit_test(a_release_ends_the_snapshot_until_the_next_read),
	    cmocka_unit_test(a_snapshot_older_than_the_limit_is_renewed_at_the_next_read),
	    cmocka_unit_test(a_grown_write_ahead_log_is_cut_back),
	};
	return contract_run(tests, sizeof tests / sizeof tests[0]);
}
