/*
 * test_store.c — tests the SQLite store (store/store.h, store/db.h) on real
 * database files in a temporary directory: migrations (applied once,
 * reported, schema version), store_open's refusals (a database from a newer
 * Haven, an un-migrated one, a missing file, a foreign database), the
 * pragmas the writer runs with (WAL, foreign keys, synchronous FULL), units
 * of work (a failing unit undone alone while its batch-mates commit), group
 * commit (21 concurrent writes in at most 3 transactions), units queued
 * without waiting (db_write_async: the same batches and rules, told only once
 * the commit is on disk), durability after
 * store_close, the prepared-statement cache (which grows: a failing unit after
 * 300 distinct statements still leaves nothing behind), a unit that breaks its
 * savepoint failing its whole batch, a transaction SQLite rolled back itself
 * (as after a full disk) failing its batch with no second error logged,
 * the file lock a restore needs (refused while the store is open, and
 * store_open refused during a restore), store_ping and reopening.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/embedded.h"
#include "core/log.h"
#include "core/status.h"
#include "store/db.h"
#include "store/store.h"
#include "raw_sqlite.h"
#include "temp_store.h"

/* ---- a temporary directory per test ---- */

static int make_dir(void **state)
{
	(void)state;
	return temp_store_make(&temp, "store");
}

static int remove_dir(void **state)
{
	(void)state;
	return temp_store_remove(&temp);
}

/* A migrated, open store. */
static int open_store(void **state)
{
	(void)state;
	return temp_store_open(&temp, "store");
}

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

/* ---- an open store ---- */

static enum haven_status insert_meta(db_conn *db, void *ctx)
{
	const char *const *kv = ctx;
	return db_exec_with(db, "INSERT INTO haven_meta (key, value) VALUES (?, ?)", DB_TEXT(kv[0]),
	                    DB_TEXT(kv[1]));
}

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

/* ---- units that block the writer, so that others queue behind them ---- */

static atomic_int submitted;  /* threads about to call db_write */
static atomic_int blocker_in; /* the blocking unit is running */
static int blocker_wait_for;  /* how many submitted to wait for */

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

/* Holds the writer until `blocker_wait_for` threads have submitted, plus 50 ms. */
static enum haven_status blocking_unit(db_conn *db, void *ctx)
{
	atomic_store(&blocker_in, 1);
	for (int waited = 0; atomic_load(&submitted) < blocker_wait_for && waited < 10000; waited++)
		sleep_ms(1);
	sleep_ms(50);
	return insert_meta(db, ctx);
}

struct writer_arg {
	db_write_fn fn;
	const char *kv[2];
	char key[32];
	enum haven_status result;
	pthread_t thread;
};

static void *writer_thread(void *p)
{
	struct writer_arg *a = p;
	if (a->fn != blocking_unit)
		atomic_fetch_add(&submitted, 1);
	a->result = db_write(a->fn, (void *)a->kv);
	return NULL;
}

/* Starts the blocking unit and waits until the writer is inside it. */
static void start_blocker(struct writer_arg *a, int wait_for)
{
	atomic_store(&submitted, 0);
	atomic_store(&blocker_in, 0);
	blocker_wait_for = wait_for;
	a->fn = blocking_unit;
	snprintf(a->key, sizeof a->key, "blocker");
	a->kv[0] = a->key;
	a->kv[1] = "b";
	assert_int_equal(pthread_create(&a->thread, NULL, writer_thread, a), 0);
	for (int i = 0; !atomic_load(&blocker_in) && i < 10000; i++)
		sleep_ms(1);
	assert_true(atomic_load(&blocker_in));
}

/* Inserts a row, then fails: its row must be undone, nobody else's. */
static enum haven_status insert_then_fail(db_conn *db, void *ctx)
{
	enum haven_status st = insert_meta(db, ctx);
	return st == HAVEN_OK ? HAVEN_ERR_CONFLICT : HAVEN_ERR_INTERNAL;
}

/*
 * Runs three units in one batch: they queue behind a blocking unit, then
 * share the writer's next transaction. Unit i inserts the key "PREFIX-i"
 * through fns[i]; results in units[i], the blocker's in *blocker.
 */
static void run_three_in_one_batch(const db_write_fn fns[3], const char *prefix, struct writer_arg *blocker,
                                   struct writer_arg units[3])
{
	start_blocker(blocker, 3);
	for (int i = 0; i < 3; i++) {
		units[i].fn = fns[i];
		snprintf(units[i].key, sizeof units[i].key, "%s-%d", prefix, i);
		units[i].kv[0] = units[i].key;
		units[i].kv[1] = "v";
		assert_int_equal(pthread_create(&units[i].thread, NULL, writer_thread, &units[i]), 0);
	}
	pthread_join(blocker->thread, NULL);
	for (int i = 0; i < 3; i++)
		pthread_join(units[i].thread, NULL);
}

static void test_failing_unit_rolled_back_alone(void **state)
{
	(void)state;
	struct store_writer_stats before = store_writer_stats();
	struct writer_arg blocker, units[3];
	static const db_write_fn fns[] = {insert_meta, insert_then_fail, insert_meta};
	run_three_in_one_batch(fns, "unit", &blocker, units);
	struct store_writer_stats after = store_writer_stats();

	assert_int_equal(blocker.result, HAVEN_OK);
	assert_int_equal(units[0].result, HAVEN_OK);
	assert_int_equal(units[1].result, HAVEN_ERR_CONFLICT);
	assert_int_equal(units[2].result, HAVEN_OK);
	assert_int_equal(after.units - before.units, 4);
	/* the three shared one transaction after the blocker's */
	assert_int_equal(after.transactions - before.transactions, 2);

	char *value = NULL;
	assert_int_equal(store_meta_get("unit-0", &value), HAVEN_OK);
	free(value);
	assert_int_equal(store_meta_get("unit-1", &value), HAVEN_ERR_NOT_FOUND);
	assert_int_equal(store_meta_get("unit-2", &value), HAVEN_OK);
	free(value);
	assert_int_equal(store_meta_get("blocker", &value), HAVEN_OK);
	free(value);
}

#define GROUP_THREADS 20

static void test_group_commit_and_durability(void **state)
{
	(void)state;
	struct store_writer_stats before = store_writer_stats();
	struct writer_arg blocker, units[GROUP_THREADS];
	start_blocker(&blocker, GROUP_THREADS);
	for (int i = 0; i < GROUP_THREADS; i++) {
		units[i].fn = insert_meta;
		snprintf(units[i].key, sizeof units[i].key, "g-%02d", i);
		units[i].kv[0] = units[i].key;
		units[i].kv[1] = "v";
		assert_int_equal(pthread_create(&units[i].thread, NULL, writer_thread, &units[i]), 0);
	}
	pthread_join(blocker.thread, NULL);
	assert_int_equal(blocker.result, HAVEN_OK);
	for (int i = 0; i < GROUP_THREADS; i++) {
		pthread_join(units[i].thread, NULL);
		assert_int_equal(units[i].result, HAVEN_OK);
	}
	struct store_writer_stats after = store_writer_stats();
	unsigned long long units_run = after.units - before.units;
	unsigned long long transactions = after.transactions - before.transactions;
	print_message("group commit: %llu units in %llu transactions\n", units_run, transactions);
	assert_int_equal(units_run, GROUP_THREADS + 1);
	assert_true(transactions >= 2);
	assert_true(transactions <= 3);

	/* every write is on disk once store_close returns */
	store_close();
	assert_int_equal(raw_int("SELECT count(*) FROM haven_meta WHERE key LIKE 'g-%' OR key = 'blocker'"),
	                 GROUP_THREADS + 1);
}

/* ---- units queued without waiting (db_write_async) ---- */

/* What the writer told an asynchronous unit, and whether its row was on disk by then. */
struct told {
	struct writer_arg unit;
	atomic_int called; /* how many times: once, never more */
	enum haven_status result;
	long long rows_seen; /* its key's rows as another connection saw them when told */
};

/* The writer's callback: no cmocka assertions here (another thread), only notes. */
static void note_told(enum haven_status result, void *ctx)
{
	struct told *t = ctx;
	t->result = result;
	t->rows_seen = -1;
	sqlite3 *db = NULL;
	sqlite3_stmt *stmt = NULL;
	if (sqlite3_open_v2(temp.path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, "SELECT count(*) FROM haven_meta WHERE key = ?", -1, &stmt, NULL) ==
	        SQLITE_OK &&
	    sqlite3_bind_text(stmt, 1, t->unit.key, -1, SQLITE_STATIC) == SQLITE_OK &&
	    sqlite3_step(stmt) == SQLITE_ROW)
		t->rows_seen = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	atomic_fetch_add(&t->called, 1);
}

/*
 * Asynchronous units queued behind a blocking one share the writer's next
 * transaction with the same rules as db_write's: a failing one is undone
 * alone, and each is told its result only once the commit is on disk (its
 * row already there for another connection to see, or never there).
 */
static void test_async_units_share_a_batch(void **state)
{
	(void)state;
	struct store_writer_stats before = store_writer_stats();
	struct writer_arg blocker;
	start_blocker(&blocker, 3);
	static const db_write_fn fns[] = {insert_meta, insert_then_fail, insert_meta};
	static struct told told[3];
	for (int i = 0; i < 3; i++) {
		told[i] = (struct told){.unit.fn = fns[i]};
		snprintf(told[i].unit.key, sizeof told[i].unit.key, "async-%d", i);
		told[i].unit.kv[0] = told[i].unit.key;
		told[i].unit.kv[1] = "v";
		assert_int_equal(db_write_async(fns[i], (void *)told[i].unit.kv, note_told, &told[i]),
		                 HAVEN_OK);
		atomic_fetch_add(&submitted, 1);
	}
	pthread_join(blocker.thread, NULL);
	assert_int_equal(blocker.result, HAVEN_OK);
	for (int i = 0; i < 3; i++)
		for (int waited = 0; !atomic_load(&told[i].called) && waited < 10000; waited++)
			sleep_ms(1);
	sleep_ms(20); /* long enough for a second call, were there one */

	assert_int_equal(atomic_load(&told[0].called), 1);
	assert_int_equal(told[0].result, HAVEN_OK);
	assert_int_equal(told[0].rows_seen, 1);
	assert_int_equal(atomic_load(&told[1].called), 1);
	assert_int_equal(told[1].result, HAVEN_ERR_CONFLICT);
	assert_int_equal(told[1].rows_seen, 0);
	assert_int_equal(atomic_load(&told[2].called), 1);
	assert_int_equal(told[2].result, HAVEN_OK);
	assert_int_equal(told[2].rows_seen, 1);
	struct store_writer_stats after = store_writer_stats();
	assert_int_equal(after.units - before.units, 4);
	assert_int_equal(after.transactions - before.transactions, 2); /* the blocker's, then the three's */

	/* a closed store queues nothing and never calls back */
	store_close();
	static struct told late;
	late = (struct told){0};
	snprintf(late.unit.key, sizeof late.unit.key, "late");
	late.unit.kv[0] = late.unit.key;
	late.unit.kv[1] = "v";
	assert_int_equal(db_write_async(insert_meta, (void *)late.unit.kv, note_told, &late), HAVEN_ERR_DB);
	sleep_ms(20);
	assert_int_equal(atomic_load(&late.called), 0);
	assert_int_equal(raw_int("SELECT count(*) FROM haven_meta WHERE key = 'late'"), 0);
}

/* batch_max caps how many units share a transaction. */
static void test_batch_max(void **state)
{
	(void)state;
	store_close();
	char *err = NULL;
	assert_int_equal(store_open(temp.path, 2, &err), HAVEN_OK);
	struct writer_arg blocker, units[6];
	start_blocker(&blocker, 6);
	for (int i = 0; i < 6; i++) {
		units[i].fn = insert_meta;
		snprintf(units[i].key, sizeof units[i].key, "b-%d", i);
		units[i].kv[0] = units[i].key;
		units[i].kv[1] = "v";
		assert_int_equal(pthread_create(&units[i].thread, NULL, writer_thread, &units[i]), 0);
	}
	pthread_join(blocker.thread, NULL);
	for (int i = 0; i < 6; i++) {
		pthread_join(units[i].thread, NULL);
		assert_int_equal(units[i].result, HAVEN_OK);
	}
	struct store_writer_stats stats = store_writer_stats();
	assert_int_equal(stats.units, 7);
	assert_true(stats.transactions >= 4); /* the blocker, then at most 2 at a time */
}

/*
 * The old cache held 128 statements and then refused new ones, and the
 * writer sent its own ROLLBACK TO through it: once full, a failing unit was
 * released, not rolled back, and its row committed. Now the cache grows and
 * the writer's statements are its own.
 */
#define MANY_STATEMENTS 300

static char *many_sql[MANY_STATEMENTS];

static enum haven_status prepare_many(db_conn *db, void *ctx)
{
	(void)ctx;
	for (int i = 0; i < MANY_STATEMENTS; i++)
		if (!db_prepare_registered(db, many_sql[i]))
			return HAVEN_ERR_DB;
	return HAVEN_OK;
}

static void test_failing_unit_after_many_statements(void **state)
{
	(void)state;
	const char *first[2] = {"before", "v"};
	assert_int_equal(db_write(insert_meta, first), HAVEN_OK); /* its INSERT is cached first */
	for (int i = 0; i < MANY_STATEMENTS; i++) {
		char sql[64];
		snprintf(sql, sizeof sql, "SELECT %d AS n FROM haven_meta", i);
		many_sql[i] = strdup(sql);
	}
	assert_int_equal(db_write(prepare_many, NULL), HAVEN_OK); /* every one prepares */
	db_conn *reader = db_reader();
	for (int i = 0; i < MANY_STATEMENTS; i++) /* on a reader too */
		assert_non_null(db_prepare_registered(reader, many_sql[i]));

	const char *failing[2] = {"leftover", "v"};
	assert_int_equal(db_write(insert_then_fail, failing), HAVEN_ERR_CONFLICT);
	char *value = NULL;
	assert_int_equal(store_meta_get("leftover", &value), HAVEN_ERR_NOT_FOUND);
	assert_int_equal(raw_int("SELECT count(*) FROM haven_meta WHERE key = 'leftover'"), 0);

	/* and a statement the writer has not seen yet still runs */
	assert_int_equal(store_meta_set("after", "v"), HAVEN_OK);
	assert_int_equal(store_meta_get("after", &value), HAVEN_OK);
	free(value);
	store_close(); /* finalizes the statements before their texts go */
	for (int i = 0; i < MANY_STATEMENTS; i++)
		free(many_sql[i]);
}

/*
 * A unit that breaks the writer's savepoint (here by releasing it itself)
 * and then fails cannot be rolled back alone: the whole batch must fail,
 * nothing in it saved, and nobody told it was.
 */
static enum haven_status release_savepoint_then_fail(db_conn *db, void *ctx)
{
	if (db_exec_script(db, "RELEASE unit") != HAVEN_OK)
		return HAVEN_ERR_INTERNAL;
	enum haven_status st = insert_meta(db, ctx);
	return st == HAVEN_OK ? HAVEN_ERR_CONFLICT : HAVEN_ERR_INTERNAL;
}

static void test_failed_rollback_fails_the_batch(void **state)
{
	(void)state;
	struct writer_arg blocker, units[3];
	static const db_write_fn fns[] = {insert_meta, release_savepoint_then_fail, insert_meta};
	run_three_in_one_batch(fns, "broken", &blocker, units);
	assert_int_equal(blocker.result, HAVEN_OK);
	for (int i = 0; i < 3; i++)
		assert_int_equal(units[i].result, HAVEN_ERR_DB);
	assert_int_equal(raw_int("SELECT count(*) FROM haven_meta WHERE key LIKE 'broken-%'"), 0);
	/* the writer carries on */
	assert_int_equal(store_meta_set("next", "v"), HAVEN_OK);
}

/*
 * After some errors (the disk full, an I/O error) SQLite rolls the whole
 * transaction back itself; a unit doing so here stands for that. The batch
 * fails as a whole, nothing in it is saved, and the writer logs no error of
 * its own (a ROLLBACK TO or ROLLBACK with nothing to undo would fail and log
 * a second, misleading one).
 */
static enum haven_status rolled_back_by_sqlite(db_conn *db, void *ctx)
{
	(void)ctx;
	return db_exec_script(db, "ROLLBACK") == HAVEN_OK ? HAVEN_ERR_DB : HAVEN_ERR_INTERNAL;
}

static void test_own_rollback_fails_the_batch_quietly(void **state)
{
	(void)state;
	struct writer_arg blocker, units[3];
	/* stderr to a file for the while: what the writer logs */
	char log_path[160];
	snprintf(log_path, sizeof log_path, "%s/stderr", temp.dir);
	int log_fd = open(log_path, O_CREAT | O_TRUNC | O_RDWR, 0600), saved = dup(2);
	assert_true(log_fd >= 0 && saved >= 0);
	fflush(stderr);
	dup2(log_fd, 2);
	static const db_write_fn fns[] = {insert_meta, rolled_back_by_sqlite, insert_meta};
	run_three_in_one_batch(fns, "lost", &blocker, units);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	char logged[2048] = "";
	ssize_t n = pread(log_fd, logged, sizeof logged - 1, 0);
	close(log_fd);
	unlink(log_path);
	assert_true(n >= 0);
	logged[n] = '\0';
	assert_string_equal(logged, "");
	assert_int_equal(blocker.result, HAVEN_OK);
	for (int i = 0; i < 3; i++)
		assert_int_equal(units[i].result, HAVEN_ERR_DB);
	assert_int_equal(raw_int("SELECT count(*) FROM haven_meta WHERE key LIKE 'lost-%'"), 0);
	assert_false(store_out_of_space()); /* not for lack of space */
	assert_int_equal(store_meta_set("next", "v"), HAVEN_OK);
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
	    cmocka_unit_test_setup_teardown(test_migrate_new_and_again, make_dir, remove_dir),
	    cmocka_unit_test_setup_teardown(test_migrate_applies_only_missing, make_dir, remove_dir),
	    cmocka_unit_test_setup_teardown(test_newer_database_refused, make_dir, remove_dir),
	    cmocka_unit_test_setup_teardown(test_unmigrated_database_refused, make_dir, remove_dir),
	    cmocka_unit_test_setup_teardown(test_missing_database_refused, make_dir, remove_dir),
	    cmocka_unit_test_setup_teardown(test_foreign_database_refused, make_dir, remove_dir),
	    cmocka_unit_test_setup_teardown(test_write_then_read, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_pragmas, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_failing_unit_rolled_back_alone, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_group_commit_and_durability, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_async_units_share_a_batch, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_batch_max, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_failing_unit_after_many_statements, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_failed_rollback_fails_the_batch, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_own_rollback_fails_the_batch_quietly, open_store,
	                                    remove_dir),
	    cmocka_unit_test_setup_teardown(test_restore_needs_the_database_alone, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_prepare_cache, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_ping_close_reopen, open_store, remove_dir),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
