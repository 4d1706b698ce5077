/*
 * held_batch.h — the writer held at a gate while units are queued behind it,
 * so that they run as one batch (db_write_async, store/db.h): for the unit
 * tests of what one unit of a batch must not take from the others
 * (test_store_batches.c, test_audit.c). Static inline, because each unit
 * test is built from its one file (CMakeLists.txt), as temp_store.h.
 *
 *     enum haven_status results[3];
 *     held_batch_hold(first_unit, &first, &results[0]);   // the writer runs it and waits in it
 *     held_batch_queue(second_unit, &second, &results[1]); // queued behind it
 *     held_batch_queue(third_unit, &third, &results[2]);
 *     held_batch_release();  // the held unit's transaction, then the queued ones' together
 */
#ifndef HAVEN_TESTS_UNIT_HELD_BATCH_H
#define HAVEN_TESTS_UNIT_HELD_BATCH_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdbool.h>

#include "core/status.h"
#include "store/db.h"

static struct {
	pthread_mutex_t lock;
	pthread_cond_t changed;
	bool reached, open;
	int units, told; /* units held and queued; those whose results are noted */
	db_write_fn held_unit;
	void *held_ctx;
} held_batch = {.lock = PTHREAD_MUTEX_INITIALIZER, .changed = PTHREAD_COND_INITIALIZER};

/* The held unit: waits at the gate until held_batch_release, then does its work. */
static inline enum haven_status held_batch_gate(db_conn *db, void *ctx)
{
	(void)ctx;
	pthread_mutex_lock(&held_batch.lock);
	held_batch.reached = true;
	pthread_cond_broadcast(&held_batch.changed);
	while (!held_batch.open)
		pthread_cond_wait(&held_batch.changed, &held_batch.lock);
	pthread_mutex_unlock(&held_batch.lock);
	return held_batch.held_unit(db, held_batch.held_ctx);
}

/* Each unit's result, noted into the place its caller gave. */
static inline void held_batch_note(enum haven_status result, void *ctx)
{
	pthread_mutex_lock(&held_batch.lock);
	*(enum haven_status *)ctx = result;
	held_batch.told++;
	pthread_cond_broadcast(&held_batch.changed);
	pthread_mutex_unlock(&held_batch.lock);
}

/* Queues `unit` and returns once the writer is running it, held at the gate. */
static inline void held_batch_hold(db_write_fn unit, void *ctx, enum haven_status *result)
{
	held_batch.reached = held_batch.open = false;
	held_batch.units = 1;
	held_batch.told = 0;
	held_batch.held_unit = unit;
	held_batch.held_ctx = ctx;
	assert_int_equal(db_write_async(held_batch_gate, NULL, held_batch_note, result), HAVEN_OK);
	pthread_mutex_lock(&held_batch.lock);
	while (!held_batch.reached)
		pthread_cond_wait(&held_batch.changed, &held_batch.lock);
	pthread_mutex_unlock(&held_batch.lock);
}

/* Queues `unit` behind the held one, for the batch after it. */
static inline void held_batch_queue(db_write_fn unit, void *ctx, enum haven_status *result)
{
	held_batch.units++;
	assert_int_equal(db_write_async(unit, ctx, held_batch_note, result), HAVEN_OK);
}

/* As held_batch_queue, for a unit safe to run again (db_write_async_replayable). */
static inline void held_batch_queue_replayable(db_write_fn unit, void *ctx, enum haven_status *result)
{
	held_batch.units++;
	assert_int_equal(db_write_async_replayable(unit, ctx, held_batch_note, result), HAVEN_OK);
}

/* Opens the gate and returns once every unit held and queued has its result. */
static inline void held_batch_release(void)
{
	pthread_mutex_lock(&held_batch.lock);
	held_batch.open = true;
	pthread_cond_broadcast(&held_batch.changed);
	while (held_batch.told < held_batch.units)
		pthread_cond_wait(&held_batch.changed, &held_batch.lock);
	pthread_mutex_unlock(&held_batch.lock);
}

#endif
