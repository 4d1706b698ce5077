/*
 * temp_store.h — a real, migrated SQLite store in a temporary directory for
 * the unit tests that need one: made and opened by a cmocka setup, closed
 * and its files removed by the teardown. Static inline, because each unit
 * test is built from its one file (CMakeLists.txt).
 *
 *     static struct temp_store temp;
 *     static int open_store(void **state) { (void)state; return temp_store_open(&temp, "audit"); }
 *     static int remove_store(void **state) { (void)state; return temp_store_remove(&temp); }
 */
#ifndef HAVEN_TESTS_UNIT_TEMP_STORE_H
#define HAVEN_TESTS_UNIT_TEMP_STORE_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/status.h"
#include "store/store.h"

struct temp_store {
	char dir[64];   /* /tmp/haven-test-NAME-XXXXXX */
	char path[128]; /* DIR/haven.db */
};

/* Makes the directory and names the database file in it (nothing opened): 0, or -1. */
static inline int temp_store_make(struct temp_store *t, const char *name)
{
	snprintf(t->dir, sizeof t->dir, "/tmp/haven-test-%s-XXXXXX", name);
	if (!mkdtemp(t->dir))
		return -1;
	snprintf(t->path, sizeof t->path, "%s/haven.db", t->dir);
	return 0;
}

/* temp_store_make, then the store migrated and opened: 0, or -1 having said why. */
static inline int temp_store_open(struct temp_store *t, const char *name)
{
	if (temp_store_make(t, name) != 0)
		return -1;
	char *err = NULL;
	if (store_migrate(t->path, NULL, &err) != HAVEN_OK || store_open(t->path, 0, &err) != HAVEN_OK) {
		fprintf(stderr, "cannot set up the store: %s\n", err ? err : "?");
		free(err);
		return -1;
	}
	return 0;
}

/* Closes the store and removes its files and the directory: 0. */
static inline int temp_store_remove(struct temp_store *t)
{
	store_close();
	static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		char file[160];
		snprintf(file, sizeof file, "%s%s", t->path, suffixes[i]);
		unlink(file);
	}
	rmdir(t->dir);
	return 0;
}

#endif
