/*
 * test_store_batches.c — the store's contract (store/db.h) for units of work
 * run in one batch of the writer, the same on each backend
 * (store_contract_fixture.h): rows sent ahead (db_exec_deferred_values) fail
 * their own unit alone, in a batch as alone; units safe to run again
 * (db_write_async_replayable) run together, and one of them failing fails
 * alone, its neighbours' rows kept once each, among ordinary units too; a
 * batch's first statement, which on PostgreSQL travels with its BEGIN, and
 * its COMMIT, which travels with a last run's rows, fail as they would alone.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>

#include "held_batch.h"
#include "store_contract_fixture.h"

/* ---- rows sent ahead (db_exec_deferred_values) ---- */

static enum haven_status send_thing(db_conn *db, void *ctx)
{
	const struct thing *t = ctx;
	return db_exec_deferred_values(db_prepare(db, "INSERT INTO things (name, size) VALUES (?, ?)"),
	                               DB_VALUES(DB_TEXT(t->name), DB_REAL(t->size)));
}

/*
 * The same row sent twice, then a row named by its note: the second is refused (the name is unique), when
 * the unit ends on PostgreSQL, where the third was sent after it and skipped.
 */
static enum haven_status send_twice(db_conn *db, void *ctx)
{
	const struct thing *t = ctx;
	struct thing next = {.name = t->note, .size = t->size};
	enum haven_status st = send_thing(db, ctx);
	st = st == HAVEN_OK ? send_thing(db, ctx) : st;
	return st == HAVEN_OK ? send_thing(db, &next) : st;
}

/* A row sent, then counted in the same unit (into its id): the read waits for what was sent. */
static enum haven_status send_then_count(db_conn *db, void *ctx)
{
	struct thing *t = ctx;
	enum haven_status st = send_thing(db, ctx);
	return st == HAVEN_OK ? db_integer_with(db, "SELECT count(*) FROM things WHERE name = ?", &t->id,
	                                        DB_TEXT(t->name))
	                      : st;
}

static long long things_named(const char *name)
{
	return db_count(db_prepare(db_reader(), "SELECT count(*) FROM things WHERE name = ?"), DB_TEXT(name));
}

/*
 * On PostgreSQL a row sent ahead is not waited for: its failure fails its unit when the unit's function
 * returns, and that unit alone is rolled back, in a batch as alone; a read in the unit sees what was sent
 * before it, or is told of its failure. On SQLite every statement runs when stepped: the same results.
 */
static void rows_sent_ahead_fail_their_unit_alone(void **state)
{
	(void)state;
	struct thing first = {.name = "ahead-first",
	                      .size = 1}; /* prepares the statement: sent from then on */
	assert_int_equal(db_write(send_thing, &first), HAVEN_OK);
	struct thing twice = {.name = "ahead-twice", .size = 1, .note = "ahead-twice-next"};
	assert_int_equal(db_write(send_twice, &twice), HAVEN_ERR_CONFLICT);
	assert_int_equal(things_named("ahead-twice"), 0);
	assert_int_equal(things_named("ahead-twice-next"), 0);
	struct thing counted = {.name = "ahead-counted", .size = 1};
	assert_int_equal(db_write(send_then_count, &counted), HAVEN_OK);
	assert_int_equal(counted.id, 1);
	struct thing again = {.name = "ahead-first", .size = 1};
	assert_int_equal(db_write(send_then_count, &again), HAVEN_ERR_CONFLICT);
	assert_int_equal(things_named("ahead-first"), 1);

	struct thing held = {.name = "ahead-held", .size = 1}, before = {.name = "ahead-before", .size = 1},
	             failing = {.name = "ahead-failing", .size = 1, .note = "ahead-failing-next"},
	             after = {.name = "ahead-after", .size = 1};
	enum haven_status results[4] = {HAVEN_ERR_INTERNAL, HAVEN_ERR_INTERNAL, HAVEN_ERR_INTERNAL,
	                                HAVEN_ERR_INTERNAL};
	unsigned long long transactions = store_writer_stats().transactions;
	held_batch_hold(send_thing, &held, &results[0]); /* the writer held, so that the rest are one batch */
	held_batch_queue(send_thing, &before, &results[1]);
	held_batch_queue(send_twice, &failing, &results[2]);
	held_batch_queue(send_thing, &after, &results[3]);
	held_batch_release();
	assert_int_equal(store_writer_stats().transactions - transactions, 2); /* the held unit, then three */
	assert_int_equal(results[0], HAVEN_OK);
	assert_int_equal(results[1], HAVEN_OK);
	assert_int_equal(results[2], HAVEN_ERR_CONFLICT);
	assert_int_equal(results[3], HAVEN_OK);
	assert_int_equal(things_named("ahead-held"), 1);
	assert_int_equal(things_named("ahead-before"), 1);
	assert_int_equal(things_named("ahead-failing"), 0);
	assert_int_equal(things_named("ahead-failing-next"), 0);
	assert_int_equal(things_named("ahead-after"), 1);
}

/* A unit of work that counts its runs: `unit` with `thing`. */
struct counted {
	db_write_fn unit;
	struct thing thing;
	int runs;
};

static enum haven_status counted_unit(db_conn *db, void *ctx)
{
	struct counted *c = ctx;
	c->runs++;
	return c->unit(db, &c->thing);
}

/* A row sent, then a failure of the unit's own (no statement failed). */
static enum haven_status send_then_refuse(db_conn *db, void *ctx)
{
	enum haven_status st = send_thing(db, ctx);
	return st == HAVEN_OK ? HAVEN_ERR_INVALID : st;
}

/* Queues each of `units` behind the held one, replay-safe if `replayable[i]`, and runs them as one batch. */
static void run_held_batch(struct counted *held, struct counted *units, const bool *replayable, size_t count,
                           enum haven_status *results)
{
	unsigned long long transactions = store_writer_stats().transactions;
	for (size_t i = 0; i <= count; i++)
		results[i] = HAVEN_ERR_INTERNAL;
	held_batch_hold(counted_unit, held, &results[0]);
	for (size_t i = 0; i < count; i++)
		(replayable[i] ? held_batch_queue_replayable : held_batch_queue)(counted_unit, &units[i],
		                                                                 &results[i + 1]);
	held_batch_release();
	assert_int_equal(store_writer_stats().transactions - transactions,
	                 2); /* the held unit, then the rest */
}

/*
 * Units safe to run again (db_write_async_replayable), queued together, run together: all commit, each
 * once. When one of them fails (a row sent ahead refused, or the unit's own failure), they are run again
 * one at a time, so that it fails alone and every neighbour's rows are kept, once; an ordinary unit
 * among them keeps its savepoint and runs once.
 */
static void replayable_units_run_together_and_fail_alone(void **state)
{
	(void)state;
	struct counted prepare = {.unit = send_thing, .thing = {.name = "replay-prepare", .size = 1}};
	assert_int_equal(db_write(counted_unit, &prepare), HAVEN_OK); /* prepared: sent ahead from then on */

	struct counted held = {.unit = send_thing, .thing = {.name = "replay-held-1", .size = 1}};
	struct counted together[3] = {
	    {.unit = send_thing, .thing = {.name = "replay-a", .size = 1}},
	    {.unit = send_thing, .thing = {.name = "replay-b", .size = 1}},
	    {.unit = send_thing, .thing = {.name = "replay-c", .size = 1}},
	};
	enum haven_status results[6];
	run_held_batch(&held, together, (const bool[]){true, true, true}, 3, results);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(results[i + 1], HAVEN_OK);
		assert_int_equal(together[i].runs, 1);
		assert_int_equal(things_named(together[i].thing.name), 1);
	}

	/* a conflict sent ahead, at the start of the batch, among replay-safe units only */
	held.thing.name = "replay-held-2";
	struct counted conflict[3] = {
	    {.unit = send_thing, .thing = {.name = "replay-d", .size = 1}},
	    {.unit = send_twice, .thing = {.name = "replay-twice", .size = 1, .note = "replay-twice-next"}},
	    {.unit = send_thing, .thing = {.name = "replay-e", .size = 1}},
	};
	run_held_batch(&held, conflict, (const bool[]){true, true, true}, 3, results);
	assert_int_equal(results[1], HAVEN_OK);
	assert_int_equal(results[2], HAVEN_ERR_CONFLICT);
	assert_int_equal(results[3], HAVEN_OK);
	assert_int_equal(conflict[0].runs, 2); /* run together, then again on its own */
	assert_int_equal(things_named("replay-d"), 1);
	assert_int_equal(things_named("replay-twice"), 0);
	assert_int_equal(things_named("replay-twice-next"), 0);
	assert_int_equal(things_named("replay-e"), 1);

	/* mixed: an ordinary unit, then replay-safe ones with a unit failing on its own, then an ordinary one
	 */
	held.thing.name = "replay-held-3";
	struct counted mixed[5] = {
	    {.unit = send_thing, .thing = {.name = "replay-ordinary-1", .size = 1}},
	    {.unit = send_thing, .thing = {.name = "replay-f", .size = 1}},
	    {.unit = send_then_refuse, .thing = {.name = "replay-refused", .size = 1}},
	    {.unit = send_thing, .thing = {.name = "replay-g", .size = 1}},
	    {.unit = send_thing, .thing = {.name = "replay-ordinary-2", .size = 1}},
	};
	run_held_batch(&held, mixed, (const bool[]){false, true, true, true, false}, 5, results);
	assert_int_equal(results[1], HAVEN_OK);
	assert_int_equal(results[2], HAVEN_OK);
	assert_int_equal(results[3], HAVEN_ERR_INVALID);
	assert_int_equal(results[4], HAVEN_OK);
	assert_int_equal(results[5], HAVEN_OK);
	assert_int_equal(mixed[0].runs, 1); /* an ordinary unit is never run again */
	assert_int_equal(mixed[1].runs, 2);
	assert_int_equal(mixed[4].runs, 1);
	assert_int_equal(things_named("replay-ordinary-1"), 1);
	assert_int_equal(things_named("replay-f"), 1);
	assert_int_equal(things_named("replay-refused"), 0);
	assert_int_equal(things_named("replay-g"), 1);
	assert_int_equal(things_named("replay-ordinary-2"), 1);
}

/* ---- a batch's BEGIN and COMMIT, sent with its first and last statements on PostgreSQL ---- */

/* A row written at once (its answer waited for), not sent ahead. */
static enum haven_status insert_thing(db_conn *db, void *ctx)
{
	const struct thing *t = ctx;
	return db_exec_with(db, "INSERT INTO things (name, size) VALUES (?, ?)", DB_TEXT(t->name),
	                    DB_REAL(t->size));
}

/* Things counted by the name in the note (into its id), then a row sent: the read is the unit's first. */
static enum haven_status count_then_send(db_conn *db, void *ctx)
{
	struct thing *t = ctx;
	enum haven_status st =
	    db_integer_with(db, "SELECT count(*) FROM things WHERE name = ?", &t->id, DB_TEXT(t->note));
	return st == HAVEN_OK ? send_thing(db, ctx) : st;
}

/*
 * The first statement of a batch is sent with the batch's BEGIN (and its first savepoint) on PostgreSQL,
 * in one round trip: a read there reads its rows, and a statement that fails there fails its own unit
 * alone, in an ordinary unit (rolled back to its savepoint) as at the start of units run together (run
 * again one at a time); the neighbours' rows are kept, once.
 */
static void a_batch_first_statement_fails_or_reads_as_alone(void **state)
{
	(void)state;
	struct counted prepare = {.unit = insert_thing, .thing = {.name = "flight-prepare", .size = 1}};
	assert_int_equal(db_write(counted_unit, &prepare), HAVEN_OK); /* prepared: sent in a flight now */
	struct counted counting = {.unit = count_then_send,
	                           .thing = {.name = "flight-counting", .size = 1, .note = "flight-prepare"}};
	assert_int_equal(db_write(counted_unit, &counting), HAVEN_OK); /* prepared too */

	struct counted held = {.unit = send_thing, .thing = {.name = "flight-held-1", .size = 1}};
	struct counted ordinary[2] = {
	    {.unit = insert_thing, .thing = {.name = "flight-prepare", .size = 1}},
	    {.unit = send_thing, .thing = {.name = "flight-after-1", .size = 1}},
	};
	enum haven_status results[4];
	run_held_batch(&held, ordinary, (const bool[]){false, true}, 2, results);
	assert_int_equal(results[1], HAVEN_ERR_CONFLICT);
	assert_int_equal(results[2], HAVEN_OK);
	assert_int_equal(ordinary[0].runs, 1);
	assert_int_equal(things_named("flight-prepare"), 1);
	assert_int_equal(things_named("flight-after-1"), 1);

	held.thing.name = "flight-held-2";
	struct counted together[3] = {
	    {.unit = insert_thing, .thing = {.name = "flight-prepare", .size = 1}},
	    {.unit = send_thing, .thing = {.name = "flight-after-2", .size = 1}},
	    {.unit = count_then_send,
	     .thing = {.name = "flight-counted", .size = 1, .note = "flight-after-2", .id = -1}},
	};
	run_held_batch(&held, together, (const bool[]){true, true, true}, 3, results);
	assert_int_equal(results[1], HAVEN_ERR_CONFLICT);
	assert_int_equal(results[2], HAVEN_OK);
	assert_int_equal(results[3], HAVEN_OK);
	assert_int_equal(together[2].thing.id, 1); /* it read the row its neighbour wrote before it */
	assert_int_equal(things_named("flight-after-2"), 1);
	assert_int_equal(things_named("flight-counted"), 1);

	held.thing.name = "flight-held-3";
	struct counted reading[2] = {
	    {.unit = count_then_send,
	     .thing = {.name = "flight-read-first", .size = 1, .note = "flight-counted", .id = -1}},
	    {.unit = send_thing, .thing = {.name = "flight-after-3", .size = 1}},
	};
	run_held_batch(&held, reading, (const bool[]){true, true}, 2, results);
	assert_int_equal(results[1], HAVEN_OK);
	assert_int_equal(results[2], HAVEN_OK);
	assert_int_equal(reading[0].thing.id, 1); /* the read sent with the BEGIN found its row */
	assert_int_equal(reading[0].runs, 1);
	assert_int_equal(things_named("flight-read-first"), 1);
	assert_int_equal(things_named("flight-after-3"), 1);
}

/* A part of a thing that may not be there, checked only at COMMIT (a deferred foreign key). */
static enum haven_status make_parts(db_conn *db, void *ctx)
{
	(void)ctx;
	return db_exec_script(db, "CREATE TABLE parts (thing_id INTEGER"
	                          " REFERENCES things (id) DEFERRABLE INITIALLY DEFERRED)");
}

static enum haven_status send_orphan_part(db_conn *db, void *ctx)
{
	(void)ctx;
	return db_exec_deferred_values(db_prepare(db, "INSERT INTO parts (thing_id) VALUES (?)"),
	                               DB_VALUES(DB_INT(987654321)));
}

static long long parts(void)
{
	return db_count(db_prepare(db_reader(), "SELECT count(*) FROM parts"));
}

/*
 * A COMMIT that fails (here a deferred foreign key, checked only then) fails every unit of its batch and
 * keeps none of their rows, whether it went with a last run's rows (PostgreSQL) or on its own after an
 * ordinary unit: no unit is told its rows are saved.
 */
static void a_failed_commit_fails_every_unit_of_its_batch(void **state)
{
	(void)state;
	assert_int_equal(db_write(make_parts, NULL), HAVEN_OK);
	struct counted prepare = {.unit = send_thing, .thing = {.name = "commit-prepare", .size = 1}};
	assert_int_equal(db_write(counted_unit, &prepare), HAVEN_OK);

	for (int ordinary_last = 0; ordinary_last <= 1; ordinary_last++) {
		struct counted held = {
		    .unit = send_thing,
		    .thing = {.name = ordinary_last ? "commit-held-2" : "commit-held-1", .size = 1}};
		struct counted batch[3] = {
		    {.unit = send_thing,
		     .thing = {.name = ordinary_last ? "commit-a2" : "commit-a1", .size = 1}},
		    {.unit = send_orphan_part},
		    {.unit = send_thing,
		     .thing = {.name = ordinary_last ? "commit-b2" : "commit-b1", .size = 1}},
		};
		enum haven_status results[4];
		run_held_batch(&held, batch, (const bool[]){true, true, !ordinary_last}, 3, results);
		assert_int_equal(results[0], HAVEN_OK);
		for (int i = 1; i <= 3; i++)
			assert_int_equal(results[i], HAVEN_ERR_DB);
		assert_int_equal(things_named(batch[0].thing.name), 0);
		assert_int_equal(things_named(batch[2].thing.name), 0);
		assert_int_equal(parts(), 0);
	}
	struct counted after = {.unit = send_thing, .thing = {.name = "commit-after", .size = 1}};
	assert_int_equal(db_write(counted_unit, &after), HAVEN_OK); /* the writer goes on */
	assert_int_equal(things_named("commit-after"), 1);
}

/* ---- a unit that says it succeeded after one of its statements failed ---- */

/* The row twice, the second refused (the name is unique), its failure ignored: the unit says it succeeded. */
static enum haven_status insert_twice_ignoring(db_conn *db, void *ctx)
{
	enum haven_status first = insert_thing(db, ctx), ignored = insert_thing(db, ctx);
	(void)ignored;
	return first;
}

/*
 * A unit told it succeeded has its writes kept, and so do its neighbours: on PostgreSQL a failed statement
 * leaves the transaction able only to roll back, and a COMMIT then rolls the whole batch back while
 * answering as a command done, so every unit would be told "saved" with nothing kept. There the unit that
 * ignored the failure is failed and rolled back alone; on SQLite the failed statement is undone alone and
 * the unit's first row is kept, as it said.
 */
static void a_unit_ignoring_a_failed_statement_loses_no_neighbour(void **state)
{
	(void)state;
	struct counted held = {.unit = insert_thing, .thing = {.name = "ignoring-held", .size = 1}};
	struct counted units[] = {
	    {.unit = insert_thing, .thing = {.name = "ignoring-before", .size = 1}},
	    {.unit = insert_twice_ignoring, .thing = {.name = "ignoring-twice", .size = 1}},
	    {.unit = insert_thing, .thing = {.name = "ignoring-after", .size = 1}},
	};
	const bool replayable[] = {false, false, false};
	enum haven_status results[4];
	run_held_batch(&held, units, replayable, 3, results);
	assert_int_equal(results[1], HAVEN_OK);
	assert_int_equal(results[3], HAVEN_OK);
	assert_int_equal(things_named("ignoring-before"), 1);
	assert_int_equal(things_named("ignoring-after"), 1);
	if (results[2] == HAVEN_OK)
		assert_int_equal(things_named("ignoring-twice"), 1); /* SQLite: what it said it saved */
	else
		assert_int_equal(things_named("ignoring-twice"),
		                 0); /* PostgreSQL: failed, rolled back alone */
	struct counted again = {.unit = insert_thing, .thing = {.name = "ignoring-again", .size = 1}};
	assert_int_equal(db_write(counted_unit, &again), HAVEN_OK); /* the writer goes on */
	assert_int_equal(things_named("ignoring-again"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(rows_sent_ahead_fail_their_unit_alone),
	    cmocka_unit_test(replayable_units_run_together_and_fail_alone),
	    cmocka_unit_test(a_batch_first_statement_fails_or_reads_as_alone),
	    cmocka_unit_test(a_failed_commit_fails_every_unit_of_its_batch),
	    cmocka_unit_test(a_unit_ignoring_a_failed_statement_loses_no_neighbour),
	};
	return contract_run(tests, sizeof tests / sizeof tests[0]);
}
