/*
 * store_fixture.h — what the unit tests of the SQLite store (store/store.h,
 * store/db.h) share: a temporary directory per test, or a migrated store
 * opened in it (temp_store.h's `temp`, declared by raw_sqlite.h for the
 * tests that read the file behind the store's back), and a unit of work
 * that inserts a haven_meta row. Static inline, because each unit test is
 * built from its one file (CMakeLists.txt), as temp_store.h. Its tests:
 * test_store.c (the store opened: reads and writes, connections, restore's
 * lock, closing), test_store_migrations.c (migrations and store_open's
 * refusals), test_store_writer.c (the writer's units and batches).
 */
#ifndef HAVEN_TESTS_UNIT_STORE_FIXTURE_H
#define HAVEN_TESTS_UNIT_STORE_FIXTURE_H

#include "core/status.h"
#include "store/db.h"
#include "raw_sqlite.h"
#include "temp_store.h"

/* ---- a temporary directory per test, or a store opened in it ---- */

static inline int make_dir(void **state)
{
	(void)state;
	return temp_store_make(&temp, "store");
}

static inline int remove_dir(void **state)
{
	(void)state;
	return temp_store_remove(&temp);
}

/* A migrated, open store. */
static inline int open_store(void **state)
{
	(void)state;
	return temp_store_open(&temp, "store");
}

/* Inserts the haven_meta row ctx names: {key, value}. */
static inline enum haven_status insert_meta(db_conn *db, void *ctx)
{
	const char *const *kv = ctx;
	return db_exec_with(db, "INSERT INTO haven_meta (key, value) VALUES (?, ?)", DB_TEXT(kv[0]),
	                    DB_TEXT(kv[1]));
}

#endif
