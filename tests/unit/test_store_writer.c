/*
 * test_store_writer.c — tests the SQLite store's writer (store/db.h) on a
 * real, migrated store in a temporary directory (store_fixture.h), with
 * units queued behind one that holds it: units of work (a failing unit
 * undone alone while its batch-mates commit), group commit (21 concurrent
 * writes in at most 3 transactions, all on disk after store_close), units
 * queued without waiting (db_write_async: the same batches and rules, told
 * only once the commit is on disk), batch_max, the prepared-statement cache
 * (which grows: a failing unit after 300 distinct statements still leaves
 * nothing behind), a unit that breaks its savepoint failing its whole
 * batch, and a transaction SQLite rolled back itself (as after a full disk)
 * failing its batch with no second error logged.
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

#include "core/log.h"
#include "core/status.h"
#include "store/db.h"
#include "store/store.h"
#include "store_fixture.h"

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

int main(void)
{
	log_set_quiet(1);
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_failing_unit_rolled_back_alone, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_group_commit_and_durability, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_async_units_share_a_batch, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_batch_max, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_failing_unit_after_many_statements, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_failed_rollback_fails_the_batch, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_own_rollback_fails_the_batch_quietly, open_store,
	                                    remove_dir),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
