/*
 * store_state.h — inside src/store only: the open store's state, shared by
 * store.c (the statement cache, readers and opening) and writer.c (the
 * single writer thread), and the calls store.c makes to start and stop the
 * writer.
 */
#ifndef HAVEN_STORE_STATE_H
#define HAVEN_STORE_STATE_H

#include <pthread.h>
#include <stdbool.h>
#include <time.h>

#include "store/backend.h"
#include "store/store.h"

/*
 * The writer's transaction-control statements. They are prepared once when
 * the store opens, outside the cache, so that nothing the areas do (however
 * many statements they prepare) can stop the writer from rolling a unit back.
 */
enum control {
	CONTROL_BEGIN,
	CONTROL_SAVEPOINT,
	CONTROL_ROLLBACK_TO,
	CONTROL_RELEASE,
	CONTROL_COMMIT,
	CONTROL_ROLLBACK,
	CONTROL_SERIALISE, /* PostgreSQL only: after BEGIN, waits for any other process's writer (writer.c) */
	CONTROL_COUNT
};

struct write_unit; /* writer.c's */

/* The store, open or not: one a process. */
struct store_state {
	char *target; /* the file path or URL */
	const struct db_ops *ops;
	unsigned batch_max;
	pthread_mutex_t lock; /* guards everything below */
	pthread_cond_t work;  /* signalled when a unit is queued for a waiting writer, or stopping */
	pthread_cond_t done;  /* broadcast when a batch has finished */
	struct write_unit *head, *tail;
	int stopping;
	int open;
	/* The writer is waiting on `work` (its queue was empty). Only then
	 * does a queued unit signal it: while it runs a batch it takes every
	 * unit queued meanwhile when it comes back for the next, so a
	 * signal (a futex call, and a wake-up that finds the lock taken)
	 * would buy nothing. */
	bool writer_waiting;
	pthread_t writer;
	db_conn *writer_conn;
	db_stmt *control[CONTROL_COUNT]; /* on writer_conn */
	db_conn *connections;            /* all, for closing */
	int lock_fd;                     /* store_lock_database's, shared (SQLite only) */
	struct store_writer_stats stats;
	/* Set when a batch fails because the disk is full, cleared when one
	 * commits: what /readyz reports (store_out_of_space). */
	bool out_of_space;
	time_t space_probed_at; /* when store_writable last tried a write */
	/* Bumped (by the writer) whenever what its transaction has written may
	 * be gone or seen by others: see db_writer_epoch. Never 0. */
	unsigned long long writer_epoch;
};
extern struct store_state store;

/* Prepares the writer's transaction-control statements on `db`, the writer's connection; having said why if
 * not. */
enum haven_status writer_prepare_controls(db_conn *db, char **err);
/* Finalizes them (when the store closes, or could not open). */
void finalize_controls(void);
/* The writer thread (pthread_create's start routine): runs what is queued until the store is stopping. */
void *writer_main(void *arg);

#endif
