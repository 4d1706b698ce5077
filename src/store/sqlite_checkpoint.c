/*
 * sqlite_checkpoint.c — the WAL's checkpoints, run off the writer's request
 * path by a checkpointer thread with its own connection.
 *
 * SQLite's automatic checkpoint runs inside the COMMIT that takes the WAL
 * past its limit: on the writer thread, while every unit queued behind it
 * waits, copying pages to the database file and flushing it. Here the
 * writer's WAL hook only wakes the checkpointer once the WAL holds
 * CHECKPOINT_PAGES frames; the checkpointer runs a PASSIVE checkpoint
 * (it takes no lock the writer or the readers wait for), and the writer's
 * next transaction starts the WAL again from its beginning. Should the
 * checkpointer fall behind, the writer checkpoints itself at
 * CHECKPOINT_BACKSTOP_PAGES, as SQLite would, so the WAL stays bounded.
 * Durability is unchanged: a COMMIT is on disk (synchronous=FULL) before
 * it returns, whoever later copies its pages into the database file.
 */
#include "store/sqlite_checkpoint.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdlib.h>

#include "core/alloc.h"
#include "core/log.h"
#include "store/backend.h"

#define CHECKPOINT_PAGES 1000 /* SQLite's wal_autocheckpoint default */
#define CHECKPOINT_BACKSTOP_PAGES (4 * CHECKPOINT_PAGES)

struct sqlite_checkpointer {
	sqlite3 *writer;
	sqlite3 *db; /* the checkpointer's own connection */
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool wanted; /* the WAL has passed CHECKPOINT_PAGES since the last checkpoint began */
	bool stopping;
	unsigned long long runs, backstops;
};

static int wal_hook(void *ctx, sqlite3 *db, const char *schema, int frames)
{
	struct sqlite_checkpointer *c = ctx;
	if (frames >= CHECKPOINT_BACKSTOP_PAGES) {
		/* The checkpointer has not kept up: the writer does it, as SQLite would. */
		c->backstops++;
		sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
		return SQLITE_OK;
	}
	if (frames < CHECKPOINT_PAGES)
		return SQLITE_OK;
	pthread_mutex_lock(&c->lock);
	bool signal = !c->wanted;
	c->wanted = true;
	pthread_mutex_unlock(&c->lock);
	if (signal)
		pthread_cond_signal(&c->wake);
	return SQLITE_OK;
}

static void *checkpointer_main(void *arg)
{
	struct sqlite_checkpointer *c = arg;
	pthread_mutex_lock(&c->lock);
	for (;;) {
		while (!c->wanted && !c->stopping)
			pthread_cond_wait(&c->wake, &c->lock);
		if (c->stopping)
			break;
		c->wanted = false;
		pthread_mutex_unlock(&c->lock);
		int rc = sqlite3_wal_checkpoint_v2(c->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
		if (rc != SQLITE_OK && (rc & 0xff) != SQLITE_BUSY)
			log_error("database: checkpoint: %s", sqlite3_errmsg(c->db));
		pthread_mutex_lock(&c->lock);
		c->runs++;
	}
	pthread_mutex_unlock(&c->lock);
	return NULL;
}

static struct sqlite_checkpointer *running; /* the open store's: started and stopped by one thread */

void sqlite_checkpointer_start(sqlite3 *writer, const char *path)
{
	char *err = NULL;
	sqlite3 *db = sqlite_open_db(path, SQLITE_OPEN_READWRITE, &err);
	if (!db) {
		log_error("database: no checkpointer (%s): the writer checkpoints itself", err ? err : "");
		free(err);
		return;
	}
	struct sqlite_checkpointer *c = xcalloc(1, sizeof *c);
	c->writer = writer;
	c->db = db;
	pthread_mutex_init(&c->lock, NULL);
	pthread_cond_init(&c->wake, NULL);
	if (pthread_create(&c->thread, NULL, checkpointer_main, c) != 0) {
		log_error("database: cannot start the checkpointer: the writer checkpoints itself");
		sqlite3_close(db);
		free(c);
		return;
	}
	sqlite3_wal_hook(writer, wal_hook, c);
	running = c;
}

void sqlite_checkpointer_stop(sqlite3 *writer)
{
	struct sqlite_checkpointer *c = running;
	if (!c || c->writer != writer)
		return;
	running = NULL;
	log_info("database: the checkpointer ran %llu times; the writer checkpointed %llu times itself",
	         c->runs, c->backstops);
	sqlite3_wal_autocheckpoint(c->writer, CHECKPOINT_PAGES); /* takes the hook back */
	pthread_mutex_lock(&c->lock);
	c->stopping = true;
	pthread_mutex_unlock(&c->lock);
	pthread_cond_signal(&c->wake);
	pthread_join(c->thread, NULL);
	sqlite3_close(c->db);
	pthread_mutex_destroy(&c->lock);
	pthread_cond_destroy(&c->wake);
	free(c);
}
