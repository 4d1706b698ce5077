/*
 * test_calendar_units.c — a deadline counted inside a writer's unit of work
 * (calendar_in_unit, areas/calendar/calendar.h) counts the bank holidays as
 * the unit sees them, on each backend (store_contract_fixture.h): those
 * another process committed a moment before (this process's table was
 * checked less than 10 ms earlier, so a question alone would not have looked
 * again), and those an import earlier in the same transaction of the writer
 * wrote (not yet committed, so no reader sees them), but not those of an
 * import rolled back. And a holiday an administrator removes
 * (calendar_remove_holiday), built-in or not, is a working day at once, until
 * an import lists it again.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdbool.h>

#include "areas/calendar/calendar.h"
#include "held_batch.h"
#include "store_contract_fixture.h"

/* ---- what a unit counting a deadline does ---- */

struct question {
	const char *day;
	bool working;
};

static int32_t day_of(const char *text)
{
	int32_t day = 0;
	assert_true(calendar_parse(text, &day));
	return day;
}

/* A unit that stores a deadline: calendar_in_unit, then its questions. */
static enum haven_status ask(db_conn *db, void *ctx)
{
	struct question *q = ctx;
	enum haven_status st = calendar_in_unit(db_tx(db));
	q->working = calendar_is_working_day(day_of(q->day));
	return st;
}

/* What an import's unit writes (calendar_store_upsert): the generation raised, the holiday added. */
struct import {
	const char *day;
	enum haven_status then; /* what the unit says after writing: not HAVEN_OK rolls it back */
};

static enum haven_status import_in_writer(db_conn *db, void *ctx)
{
	const struct import *i = ctx;
	enum haven_status st = db_exec_with(
	    db, "UPDATE bank_holidays_generation SET generation = generation + 1 WHERE id = ?", DB_INT(1));
	if (st == HAVEN_OK)
		st = db_exec_with(db, "INSERT INTO bank_holidays (date, title) VALUES (?, 'Test holiday')",
		                  DB_TEXT(i->day));
	return st == HAVEN_OK ? i->then : st;
}

static bool on_postgres;

/* Another process: a connection of its own, opened before the race so that its import is quick. */
struct elsewhere {
	sqlite3 *sqlite;
	PGconn *pg;
};

static struct elsewhere elsewhere_open(void)
{
	struct elsewhere e = {0};
	if (on_postgres) {
		e.pg = PQconnectdb(pg_url);
		assert_int_equal(PQstatus(e.pg), CONNECTION_OK);
		/* its commit need not wait for the disk: only the order of the two processes matters here */
		PQclear(PQexec(e.pg, "SET synchronous_commit = off"));
	} else {
		e.sqlite = raw_open();
		assert_int_equal(sqlite3_exec(e.sqlite, "PRAGMA synchronous = OFF", NULL, NULL, NULL),
		                 SQLITE_OK);
	}
	return e;
}

/* Its import of a holiday on `day`, committed (what calendar_store_upsert writes), and it closed. */
static void import_elsewhere(struct elsewhere *e, const char *day)
{
	char sql[256];
	snprintf(sql, sizeof sql,
	         "BEGIN; UPDATE bank_holidays_generation SET generation = generation + 1 WHERE id = 1;"
	         " INSERT INTO bank_holidays (date, title) VALUES ('%s', 'Test holiday'); COMMIT;",
	         day);
	if (e->pg) {
		PGresult *r = PQexec(e->pg, sql);
		bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
		PQclear(r);
		PQfinish(e->pg);
		assert_true(ok);
	} else {
		int rc = sqlite3_exec(e->sqlite, sql, NULL, NULL, NULL);
		sqlite3_close(e->sqlite);
		assert_int_equal(rc, SQLITE_OK);
	}
}

/* ---- the tests ---- */

/*
 * The race, as tight as a test can make it: the writer thread looks at the
 * calendar (a question after its batch, in the batch's `then`), another
 * process commits an import at once, and the next batch's unit counts a
 * deadline. When that unit starts within 10 ms of the look (most runs on an
 * idle machine, not all on a busy one), a question alone would not read the
 * generation again and would count without the import's holiday; the unit's
 * calendar_in_unit reads it whatever the timing.
 */
static struct {
	pthread_mutex_t lock;
	pthread_cond_t changed;
	bool reached, open;
	int done;
	struct elsewhere elsewhere;
	const char *day;
} race = {.lock = PTHREAD_MUTEX_INITIALIZER, .changed = PTHREAD_COND_INITIALIZER};

static void race_set(bool *flag)
{
	pthread_mutex_lock(&race.lock);
	*flag = true;
	pthread_cond_broadcast(&race.changed);
	pthread_mutex_unlock(&race.lock);
}

static void race_wait(bool *flag)
{
	pthread_mutex_lock(&race.lock);
	while (!*flag)
		pthread_cond_wait(&race.changed, &race.lock);
	pthread_mutex_unlock(&race.lock);
}

/* The first batch's unit: waits until the next unit is queued behind it. */
static enum haven_status race_gate(db_conn *db, void *ctx)
{
	(void)db;
	(void)ctx;
	race_set(&race.reached);
	race_wait(&race.open);
	return HAVEN_OK;
}

static void race_done(void)
{
	pthread_mutex_lock(&race.lock);
	race.done++;
	pthread_cond_broadcast(&race.changed);
	pthread_mutex_unlock(&race.lock);
}

/* After the first batch, on the writer thread: it looks at the calendar, then the other process imports. */
static void race_look_then_import(enum haven_status result, void *ctx)
{
	(void)ctx;
	assert_int_equal(result, HAVEN_OK);
	assert_true(calendar_is_working_day(day_of(race.day)));
	import_elsewhere(&race.elsewhere, race.day);
	race_done();
}

static void race_noted(enum haven_status result, void *ctx)
{
	*(enum haven_status *)ctx = result;
	race_done();
}

static void counts_holidays_another_process_committed_a_moment_before(void **state)
{
	(void)state;
	race.reached = race.open = false;
	race.done = 0;
	race.day = "2030-06-05"; /* a Wednesday */
	race.elsewhere = elsewhere_open();
	assert_int_equal(calendar_load(), HAVEN_OK);
	struct question after = {"2030-06-05", true};
	enum haven_status result = HAVEN_ERR_DB;
	assert_int_equal(db_write_async(race_gate, NULL, race_look_then_import, NULL), HAVEN_OK);
	race_wait(&race.reached);
	assert_int_equal(db_write_async(ask, &after, race_noted, &result), HAVEN_OK);
	race_set(&race.open);
	pthread_mutex_lock(&race.lock);
	while (race.done < 2)
		pthread_cond_wait(&race.changed, &race.lock);
	pthread_mutex_unlock(&race.lock);
	assert_int_equal(result, HAVEN_OK);
	/* the unit after the import counts its holiday */
	assert_false(after.working);
	/* and the table it loaded is this process's: a question after it, from any thread, counts it */
	assert_false(calendar_is_working_day(day_of("2030-06-05")));
}

static void counts_holidays_an_import_before_it_in_the_transaction_wrote(void **state)
{
	(void)state;
	/* one batch: a unit counting a deadline, an import, a unit counting one after it */
	struct question first = {"2030-06-12", false}, second = {"2030-06-12", true};
	struct import import = {"2030-06-12", HAVEN_OK};
	enum haven_status results[3];
	held_batch_hold(ask, &first, &results[0]);
	held_batch_queue(import_in_writer, &import, &results[1]);
	held_batch_queue(ask, &second, &results[2]);
	held_batch_release();
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(results[i], HAVEN_OK);
	assert_true(first.working);
	assert_false(second.working); /* the import's holiday, not yet committed when it asked */
	/* committed now: a unit of the next transaction counts it too */
	struct question later = {"2030-06-12", true};
	assert_int_equal(db_write(ask, &later), HAVEN_OK);
	assert_false(later.working);
}

static void does_not_count_holidays_of_an_import_rolled_back(void **state)
{
	(void)state;
	struct question first = {"2030-06-19", false}, after_import = {"2030-06-19", false},
	                after_rollback = {"2030-06-19", false};
	struct import kept = {"2030-06-19", HAVEN_OK}, undone = {"2030-06-26", HAVEN_ERR_CONFLICT};
	struct question undone_day = {"2030-06-26", false};
	enum haven_status results[5];
	held_batch_hold(ask, &first, &results[0]);
	held_batch_queue(import_in_writer, &kept, &results[1]);
	held_batch_queue(ask, &after_import, &results[2]);
	held_batch_queue(import_in_writer, &undone, &results[3]);
	held_batch_queue(ask, &undone_day, &results[4]);
	held_batch_release();
	assert_int_equal(results[3], HAVEN_ERR_CONFLICT);
	assert_true(first.working);
	assert_false(after_import.working);
	assert_true(undone_day.working); /* its import was rolled back, its neighbour's kept */
	assert_int_equal(db_write(ask, &after_rollback), HAVEN_OK);
	assert_false(after_rollback.working);
	assert_true(calendar_is_working_day(day_of("2030-06-26")));
}

/*
 * The early May bank holiday of 2026 is built in; removed (as 2020's was when
 * it moved to the 8th), it is a working day and a deadline counted over it
 * comes a day sooner; an import that lists it makes it a holiday again. On
 * SQLite only: a removal recounts every area's stored deadlines, whose tables
 * the PostgreSQL fixture does not make (the HTTP tests remove one there).
 */
static void a_removed_built_in_holiday_is_a_working_day_until_an_import_lists_it(void **state)
{
	(void)state;
	if (on_postgres)
		skip();
	int32_t friday = day_of("2026-05-01"), holiday = day_of("2026-05-04");
	assert_false(calendar_is_working_day(holiday));
	assert_int_equal(calendar_add_working_days(friday, 1), day_of("2026-05-05"));
	assert_int_equal(calendar_remove_holiday(holiday, "Moved to Friday 8 May", NULL), HAVEN_OK);
	assert_true(calendar_is_working_day(holiday));
	assert_int_equal(calendar_add_working_days(friday, 1), holiday);
	assert_int_equal(calendar_working_days_between(friday, day_of("2026-05-05")), 2);
	/* not a holiday now, nor a weekday that never was one: nothing to remove */
	assert_int_equal(calendar_remove_holiday(holiday, "Again", NULL), HAVEN_ERR_NOT_FOUND);
	assert_int_equal(calendar_remove_holiday(day_of("2026-05-05"), "Never one", NULL),
	                 HAVEN_ERR_NOT_FOUND);
	/* it stays removed when the holidays are loaded again (another process's import) */
	struct question unit = {"2026-05-04", false};
	assert_int_equal(db_write(ask, &unit), HAVEN_OK);
	assert_true(unit.working);
	/* an import listing it again is the authority: a holiday once more, counted as added */
	struct calendar_holiday listed = {holiday, (char *)"Early May bank holiday"};
	size_t added = 0, known = 0;
	assert_int_equal(calendar_import(&listed, 1, NULL, &added, &known), HAVEN_OK);
	assert_int_equal(added, 1);
	assert_int_equal(known, 0);
	assert_false(calendar_is_working_day(holiday));
	assert_int_equal(calendar_add_working_days(friday, 1), day_of("2026-05-05"));
}

/* ---- the two backends ---- */

static int open_sqlite_calendar(void **state)
{
	on_postgres = false;
	return open_sqlite(state); /* migrated: bank_holidays and its generation are there */
}

/*
 * The contract's schema and the calendar's two tables. The generation
 * starts past the SQLite run's: this process's holiday table outlives that
 * store, and a number it has seen would not be read as an import.
 */
static int open_postgres_calendar(void **state)
{
	on_postgres = true;
	if (open_postgres(state) != 0)
		return -1;
	return pg_run(pg_url,
	              "CREATE TABLE bank_holidays (date text PRIMARY KEY, title text NOT NULL,"
	              " imported_at text);"
	              " CREATE TABLE bank_holidays_generation (id bigint PRIMARY KEY,"
	              " generation bigint NOT NULL);"
	              " CREATE TABLE bank_holidays_removed (date text PRIMARY KEY, reason text NOT NULL,"
	              " removed_at text);"
	              " INSERT INTO bank_holidays_generation VALUES (1, 100);");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(counts_holidays_another_process_committed_a_moment_before),
	    cmocka_unit_test(counts_holidays_an_import_before_it_in_the_transaction_wrote),
	    cmocka_unit_test(does_not_count_holidays_of_an_import_rolled_back),
	    cmocka_unit_test(a_removed_built_in_holiday_is_a_working_day_until_an_import_lists_it),
	};
	size_t count = sizeof tests / sizeof tests[0];
	store_read_age_limit(TESTS_READ_AGE_LIMIT_MS);
	int failed = _cmocka_run_group_tests("SQLite", tests, count, open_sqlite_calendar, close_sqlite);
	if (!getenv("HAVEN_TEST_PG_URL") || !*getenv("HAVEN_TEST_PG_URL")) {
		printf("PostgreSQL: skipped, HAVEN_TEST_PG_URL is not set (make check sets it)\n");
		return failed;
	}
	return failed +
	       _cmocka_run_group_tests("PostgreSQL", tests, count, open_postgres_calendar, close_postgres);
}
