/*
 * store.h — opening, migrating and checking Haven's database.
 *
 * This is the part of the store every layer may use; it names no database
 * library. The database is one per process: store_open() starts it (and its
 * writer thread), store_close() finishes queued writes and closes it. Areas
 * reach their tables through their own store files, which use store/db.h.
 */
#ifndef HAVEN_STORE_STORE_H
#define HAVEN_STORE_STORE_H

#include <stdbool.h>
#include <stdio.h>

#include "core/status.h"

/*
 * A unit of work's hold on the database: inside the writer's transaction
 * (a db_write unit), or a thread's read connection for reads. Opaque above
 * the store: an area's function that another area calls inside its own unit
 * of work (children_insert, mail_enqueue, audit_append, ...) takes one, so
 * what it writes commits or rolls back with the caller's change, and no
 * header above the store names a database library. Only store files turn it
 * into a connection (db_tx_conn, store/db.h).
 */
struct store_tx;

/*
 * This thread's read connection as a store_tx, for a reading function that
 * may also run inside a unit of work (children_likely_matches, say); NULL if
 * it cannot be opened. Borrowed: valid for the thread's lifetime.
 */
struct store_tx *store_read_tx(void);

/*
 * One read transaction for what this thread reads next, so that all of it
 * (a request's session, access decision and record) sees one snapshot of
 * the database; begun at the thread's first read after this call, ended by
 * store_read_end. A write the thread queues (db_write, db_write_async) ends
 * it too, and the thread's next read begins a fresh one, so a thread reads
 * its own writes back: the reads before a write share one snapshot, and those
 * after it another. So do store_read_release and the age limit (below): a
 * request's reads made together share one; reads spread over longer than
 * the limit do not, nor those either side of slow work. SQLite only: on PostgreSQL each statement reads on
 * its own (a BEGIN and a COMMIT would be two more round trips), and these do nothing. Calls are not counted:
 * a second begin while one is open changes nothing, the first end ends it, and an end with none is harmless.
 */
void store_read_begin(void);
void store_read_end(void);

/*
 * Ends this thread's snapshot, if it has one, as a write does: its next read
 * begins a fresh one. Called before slow work that reads nothing (a
 * password's hash), so the snapshot does not hold the write-ahead log back
 * meanwhile. A snapshot kept longer than the age limit (100 ms; 0 sets it
 * back) is ended so at the thread's next read: a request's reads made
 * together share one, and slow work's (a year's report) no longer keeps the
 * log from being checkpointed and started again for all its length.
 */
void store_read_release(void);
void store_read_age_limit(unsigned ms);

/*
 * True if `target` (--db) names a PostgreSQL database (a postgresql:// or
 * postgres:// URL) rather than an SQLite file; SQLite is the default.
 */
bool store_is_postgresql(const char *target);

/*
 * Creates the database at `path` if needed and applies every built-in
 * migration it lacks, each in its own transaction, writing a line per
 * migration to `report` (may be NULL). Refuses (HAVEN_ERR_VERSION) a database
 * with migrations this Haven does not know. On failure stores a malloc'd
 * message in *err. Must be called before store_open, from one thread.
 */
enum haven_status store_migrate(const char *path, FILE *report, char **err) HAVEN_MUST_CHECK;

/*
 * Opens the database for serving: checks that it is at exactly this Haven's
 * schema version (HAVEN_ERR_VERSION with a message saying what to do if
 * not), sets the pragmas, and starts the writer thread. `batch_max` caps how
 * many units of work share one transaction (0: the default, 256).
 */
enum haven_status store_open(const char *path, unsigned batch_max, char **err) HAVEN_MUST_CHECK;

/* Waits for queued writes, stops the writer and closes every connection. */
void store_close(void);

/* HAVEN_OK if the database answers a query from this thread right now. */
enum haven_status store_ping(void) HAVEN_MUST_CHECK;

/*
 * True while the disk is full: the last write failed for lack of space and
 * none has been saved since. Reads still work; every write (and every
 * audited read, which writes its audit row) fails with HAVEN_ERR_DB.
 */
bool store_out_of_space(void);

/*
 * False while the disk is full. Then, at most once a second, it tries a
 * small write (haven_meta's disk_space_checked_at), so that a server no one
 * sends writes to (a load balancer stops doing so when /readyz fails) still
 * finds out that space has come back. Any thread; may wait on the writer.
 */
bool store_writable(void);

/*
 * Copies the database at db_path, while Haven serves it and writes to it,
 * to a new file `to` (refused if it exists): one consistent copy holding
 * everything committed before the copy began, checked (quick_check), on
 * disk, and only then given its name, so `to` is never a partial copy.
 * The documents' files the copy names (DB.documents/ID) are copied to
 * `to`.documents/ before that, every one of them, so a backup that exists
 * is whole. *bytes and *documents (may be NULL) get its size and how many
 * documents it holds. On failure a malloc'd *err.
 */
enum haven_status store_backup(const char *db_path, const char *to, unsigned long long *bytes,
                               unsigned long long *documents, char **err) HAVEN_MUST_CHECK;

/*
 * Replaces the database at db_path (created if missing) with the backup
 * `from`, after checking the backup whole (integrity_check, a Haven schema
 * no newer than this binary's, every document's file it names in
 * `from`.documents/), and checks the result the same way. The documents'
 * files go back to db_path.documents/, and files there that the restored
 * database does not name are removed. Refused
 * (HAVEN_ERR_CONFLICT) while any Haven process has db_path open, which
 * store_open's lock shows. The caller checks the audit chain. On failure a
 * malloc'd *err.
 */
enum haven_status store_restore(const char *from, const char *db_path, char **err) HAVEN_MUST_CHECK;

/*
 * Takes the advisory lock (flock) that says a Haven process has the
 * database at `path` open: shared for store_open, exclusive (creating the
 * file if missing) for a restore. The descriptor holding it, or -1 with
 * errno (EWOULDBLOCK: someone else holds it).
 */
int store_lock_database(const char *path, bool exclusive);

/* The highest migration number built into this binary. */
int store_schema_version(void);

/* Reads and sets small key/value facts about the database (haven_meta). */
enum haven_status store_meta_get(const char *key, char **value) HAVEN_MUST_CHECK;
enum haven_status store_meta_set(const char *key, const char *value) HAVEN_MUST_CHECK;

/* Batch-size buckets of the writer's histogram: a batch of n units counts in every bucket with n <= bound. */
#define STORE_BATCH_BUCKETS 9
extern const unsigned store_batch_bucket_bounds[STORE_BATCH_BUCKETS]; /* 1, 2, 4, ... 256 */

struct store_writer_stats {
	unsigned long long units;        /* units of work run */
	unsigned long long transactions; /* transactions committed or rolled back */
	unsigned long long queued;       /* units waiting for the writer right now */
	/* transactions with at most store_batch_bucket_bounds[i] units (cumulative, as Prometheus wants) */
	unsigned long long batches_up_to[STORE_BATCH_BUCKETS];
};

/* Counters of the writer since store_open (for tests and benchmarks). */
struct store_writer_stats store_writer_stats(void);

#endif
