/*
 * writer.c — the store's single writer thread, the same on both backends
 * (store/backend.h): its queue, its batches (a savepoint a unit, run_unit,
 * and the units safe to run again run together, run_together), db_write,
 * db_write_async*, db_writer_epoch and the writer's figures. store.c opens
 * the store and starts and stops this thread; the state they share is in
 * store_state.h.
 *
 * Why one writer: SQLite allows one writer at a time, and PostgreSQL's
 * durable commit costs a flush of its log. Rather than have every request
 * thread fight for the lock or flush alone, request threads hand units of
 * work to one thread that runs as many as are queued in one transaction
 * (BEGIN ... COMMIT, with SQLite's synchronous=FULL or PostgreSQL's
 * synchronous_commit=on), then wakes each submitter. One flush then covers
 * many writes, and "saved" always means on disk. Each unit runs in a
 * savepoint so one failing unit does not undo its neighbours. On PostgreSQL
 * a unit's savepoint and the rows it writes without reading them back (the
 * audit trail's, db_exec_deferred_values) are sent in libpq's pipeline and
 * their answers read together when the unit's function returns: one round
 * trip a unit, where there was one a statement. Units declared safe to run
 * again (db_write_async_replayable: an audited read's audit rows) that are
 * queued together run together, without a savepoint each and on PostgreSQL
 * with one round trip for them all; if one of them fails they are rolled
 * back together and run again, each in its own savepoint. On PostgreSQL the
 * batch's BEGIN is sent ahead too, with its first statement (control_ahead),
 * and a last run's COMMIT with its rows: a batch of audited reads is two
 * round trips.
 */
#include "store/store_state.h"

#include <pthread.h>
#include <stdlib.h>

#include "core/alloc.h"
#include "core/log.h"

/*
 * SQLite's BEGIN takes the write lock at once, so one process's writer at a
 * time writes the file. On PostgreSQL rows lock as they are written, and
 * every writer of a database (haven serve's, and each command's: haven user
 * add, haven import ...) appends to the one audit chain, numbering the next
 * row from the last: two transactions appending at once would both take the
 * same number, and one would fail. So each transaction first takes one
 * transaction-level advisory lock (CONTROL_SERIALISE, sent with BEGIN in one
 * flight), held to its end: writers of one database take their turns as on
 * SQLite, always in the same order, so no two wait for each other's rows.
 */
#define WRITER_LOCK_KEY                                                                                      \
	"310872794478" /* "Haven" in ASCII, as a number: any other use of advisory locks keeps clear */
static const char *const control_sql[CONTROL_COUNT] = {
    [CONTROL_BEGIN] = "BEGIN",
    [CONTROL_SAVEPOINT] = "SAVEPOINT unit",
    [CONTROL_ROLLBACK_TO] = "ROLLBACK TO unit",
    [CONTROL_RELEASE] = "RELEASE unit",
    [CONTROL_COMMIT] = "COMMIT",
    [CONTROL_ROLLBACK] = "ROLLBACK",
    [CONTROL_SERIALISE] = "SELECT pg_advisory_xact_lock(" WRITER_LOCK_KEY ")",
};
static const char sqlite_begin[] = "BEGIN IMMEDIATE";

/*
 * A queued unit of work. A blocking one (db_write) lives on its caller's
 * stack and is woken by `done`; an asynchronous one (db_write_async) is
 * the writer's to free, after it has told `then` how the unit ended.
 */
struct write_unit {
	db_write_fn fn;
	void *ctx;
	enum haven_status result;
	int done;
	db_write_done_fn then; /* NULL: a blocking unit */
	void *then_ctx;
	bool replay_safe; /* db_write_async_replayable's: may run with its neighbours, and again */
	struct write_unit *next;
	struct write_unit *next_told; /* the batch's asynchronous units, to tell once the lock is let go */
};

/* ---- the writer ---- */

/* A new transaction, or the end of one: what a unit kept for the next (db_writer_epoch) is forgotten. */
static void note_control(enum control which)
{
	if (which != CONTROL_SAVEPOINT && which != CONTROL_RELEASE && which != CONTROL_SERIALISE)
		store.writer_epoch++;
}

/* Runs one of the writer's transaction-control statements; true, or false having logged why. */
static bool control(enum control which)
{
	note_control(which);
	db_stmt *stmt = store.control[which];
	enum db_step step = store.ops->step(stmt);
	if (step == DB_STEP_ERROR)
		db_log_failure(stmt);
	store.ops->reset(stmt);
	return step != DB_STEP_ERROR;
}

/*
 * Sends one of the writer's transaction-control statements ahead, its answer
 * read in the round trip of the next statement that needs one (PostgreSQL:
 * the chain head's read sends the batch's BEGIN with it; a last run's rows
 * their COMMIT), where a failure of it is a failure between units
 * (unit_end's between_failed). True if sent; false, nothing sent (SQLite),
 * to run it with control().
 */
static bool control_ahead(enum control which)
{
	if (!store.ops->send_ahead || !store.ops->send_ahead(store.writer_conn, control_sql[which]))
		return false;
	note_control(which);
	return true;
}

/* A transaction begun, and on PostgreSQL the writers' lock asked for (control_sql), both sent ahead where the
 * backend can: true, or false having logged why. */
static bool begin(void)
{
	if (!(control_ahead(CONTROL_BEGIN) || control(CONTROL_BEGIN)))
		return false;
	return !store.control[CONTROL_SERIALISE] || control_ahead(CONTROL_SERIALISE) ||
	       control(CONTROL_SERIALISE);
}

/*
 * Between two units of a batch: the one before is kept (its savepoint let go;
 * rolled back already if it failed) and the next gets its own savepoint.
 */
static bool next_unit(void)
{
	if (!store.ops->next_unit)
		return control(CONTROL_RELEASE) && control(CONTROL_SAVEPOINT);
	if (store.ops->next_unit(store.writer_conn))
		return true;
	log_error("database: between two units of work: %s", store.ops->error(store.writer_conn));
	return false;
}

/* A batch as the writer runs it. */
struct batch_run {
	bool failed;       /* as a whole: rolled back, and every unit told it failed */
	bool out_of_space; /* a failure was for lack of disk space */
	bool savepoint;    /* a savepoint is open: the next unit lets it go and takes its own */
	bool committed;    /* the last run's COMMIT went with its rows (run_together) */
};

/* The batch has failed as a whole (the transaction lost, or its units can no longer be kept apart). */
static void batch_lost(struct batch_run *run)
{
	run->failed = true;
	run->out_of_space = run->out_of_space || store.ops->out_of_space(store.writer_conn);
}

/*
 * Whether the transaction can only be rolled back (a statement failed in it, on PostgreSQL): a unit that
 * said it succeeded then did not, whatever it returned, and no COMMIT may be sent, which would roll
 * every unit of the batch back while answering as if done.
 */
static bool transaction_failed(void)
{
	return store.ops->transaction_failed && store.ops->transaction_failed(store.writer_conn);
}

/* The savepoint a unit (or a run of units) starts in: the batch's first, or the one before let go. */
static bool take_savepoint(struct batch_run *run)
{
	bool first = !run->savepoint;
	run->savepoint = true;
	return first ? control_ahead(CONTROL_SAVEPOINT) || control(CONTROL_SAVEPOINT) : next_unit();
}

/*
 * Runs one unit in its own savepoint and sets its result; a unit that fails
 * is rolled back to its savepoint alone. If that rollback (or the savepoint)
 * fails, or the engine has rolled the whole transaction back by itself
 * (the disk full, an I/O error, a broken connection), the batch is lost.
 */
static void run_unit(struct batch_run *run, struct write_unit *u)
{
	db_conn *db = store.writer_conn;
	const struct db_ops *ops = store.ops;
	if (!take_savepoint(run)) {
		batch_lost(run);
		return;
	}
	if (ops->unit_begin)
		ops->unit_begin(db);
	u->result = u->fn(db, u->ctx);
	if (ops->unit_end) {
		/* what the unit sent ahead (db_exec_deferred_values), and the savepoints before it */
		bool between_failed = false;
		enum haven_status sent = ops->unit_end(db, &between_failed);
		if (between_failed) {
			/* the unit ran without its own savepoint: it cannot be told apart */
			batch_lost(run);
			return;
		}
		if (u->result == HAVEN_OK)
			u->result = sent;
	}
	if (u->result == HAVEN_OK && transaction_failed()) {
		log_error(
		    "database: a unit returned success after one of its statements failed; it is rolled "
		    "back and fails");
		u->result = HAVEN_ERR_DB;
	}
	if (u->result != HAVEN_OK && ops->out_of_space(db))
		run->out_of_space = true;
	if (!ops->in_transaction(db) || (u->result != HAVEN_OK && !control(CONTROL_ROLLBACK_TO)))
		batch_lost(run);
}

/*
 * Runs units safe to run again (db_write_async_replayable), from `first` up
 * to `end`, together: in one savepoint (none at the start of the batch,
 * where the transaction is as good), with none of their own, and on
 * PostgreSQL the rows they send ahead answered together at the end, one
 * round trip for them all. True if every one did its work. False if one
 * failed: then all they did is undone (rolled back to the savepoint, or the
 * transaction begun again), which also makes anything a unit kept for the
 * next (db_writer_epoch) forgotten, and the caller runs them again one at a
 * time (run_unit), so that the failure is its own unit's alone; unless the
 * batch was lost meanwhile (run->failed). If the run is the batch's last
 * (`end` NULL) and every unit did its work, the COMMIT is sent with the rows
 * the units sent ahead, in their round trip (run->committed): a row that
 * fails makes the server skip the COMMIT, the transaction is left to roll
 * back as above; the COMMIT's own failure loses the batch, as run_batch's.
 */
static bool run_together(struct batch_run *run, struct write_unit *first, struct write_unit *end)
{
	db_conn *db = store.writer_conn;
	const struct db_ops *ops = store.ops;
	bool at_start = !run->savepoint;
	if (!at_start && !next_unit()) {
		batch_lost(run);
		return false;
	}
	if (ops->unit_begin)
		ops->unit_begin(db);
	bool done = true;
	for (struct write_unit *u = first; u != end && done; u = u->next)
		done = (u->result = u->fn(db, u->ctx)) == HAVEN_OK;
	bool commit_sent = done && !end && !transaction_failed() && control_ahead(CONTROL_COMMIT);
	if (ops->unit_end) {
		bool between_failed = false;
		done = ops->unit_end(db, &between_failed) == HAVEN_OK && done;
		if (between_failed) {
			batch_lost(run);
			return false;
		}
	}
	if (done && !commit_sent && transaction_failed())
		done = false; /* a statement failed and its unit said it succeeded: run again one at a time */
	if (done) {
		run->committed = commit_sent;
		return true;
	}
	if (!ops->in_transaction(db)) {
		batch_lost(run);
		return false;
	}
	log_info("database: a unit failed among units run together; they run again, each in a savepoint");
	bool undone = at_start ? control(CONTROL_ROLLBACK) && begin() : control(CONTROL_ROLLBACK_TO);
	if (!undone)
		batch_lost(run);
	return false;
}

/*
 * Runs a batch of units in one transaction and sets each unit's result: each
 * ordinary unit in its own savepoint, so that one failing does not undo its
 * neighbours; each run of units safe to run again together (run_together),
 * and again one at a time if one of them failed. If the units can no longer
 * be kept apart (run_unit), the whole transaction is rolled back and every
 * unit in the batch is told it failed, since telling anyone "saved" or
 * leaving a failed unit's writes to be committed would both be wrong. Units
 * after that failure are not run. When the engine has rolled the
 * transaction back by itself nothing more is sent (a ROLLBACK would only
 * fail and log a second, misleading error).
 */
static void run_batch(struct write_unit *batch)
{
	db_conn *db = store.writer_conn;
	const struct db_ops *ops = store.ops;
	unsigned long long units = 0;
	struct batch_run run = {.failed = false};
	if (!ops->ready(db) || !begin())
		batch_lost(&run);
	for (struct write_unit *u = batch; u && !run.failed;) {
		struct write_unit *end = u->next;
		if (!u->replay_safe) {
			units++;
			run_unit(&run, u);
		} else {
			for (end = u; end && end->replay_safe; end = end->next)
				units++;
			if (!run_together(&run, u, end))
				for (struct write_unit *again = u; again != end && !run.failed;
				     again = again->next)
					run_unit(&run, again);
		}
		u = end;
	}
	/* The last savepoint is let go by the COMMIT, which keeps what is in it. */
	if (!run.failed && !run.committed && (transaction_failed() || !control(CONTROL_COMMIT)))
		batch_lost(&run); /* the transaction is lost as a whole */
	if (run.failed) {
		if (ops->in_transaction(db))
			control(CONTROL_ROLLBACK);
		for (struct write_unit *u = batch; u; u = u->next)
			u->result = HAVEN_ERR_DB;
	}
	pthread_mutex_lock(&store.lock);
	store.stats.units += units;
	store.stats.transactions++;
	for (int i = 0; i < STORE_BATCH_BUCKETS; i++)
		if (units <= store_batch_bucket_bounds[i])
			store.stats.batches_up_to[i]++;
	/* Committed with room to spare, or refused for lack of it: either
	 * way the latest answer to "can the disk take writes?" */
	if (run.out_of_space || !run.failed)
		store.out_of_space = run.out_of_space;
	/* A blocking unit may be gone from its caller's stack as soon as the
	 * lock is let go, so the asynchronous ones are gathered first. */
	struct write_unit *to_tell = NULL;
	for (struct write_unit *u = batch; u; u = u->next) {
		u->done = 1;
		if (u->then) {
			u->next_told = to_tell;
			to_tell = u;
		}
	}
	pthread_cond_broadcast(&store.done);
	pthread_mutex_unlock(&store.lock);
	/* Told outside the lock: a callback may queue another unit. */
	while (to_tell) {
		struct write_unit *u = to_tell;
		to_tell = u->next_told;
		u->then(u->result, u->then_ctx);
		free(u);
	}
}

void *writer_main(void *arg)
{
	(void)arg;
	for (;;) {
		pthread_mutex_lock(&store.lock);
		while (!store.head && !store.stopping) {
			store.writer_waiting = true;
			pthread_cond_wait(&store.work, &store.lock);
		}
		store.writer_waiting = false;
		if (!store.head) {
			pthread_mutex_unlock(&store.lock);
			return NULL; /* stopping, and every queued unit has run */
		}
		struct write_unit *batch = store.head, *last = batch;
		unsigned taken = 1;
		for (; taken < store.batch_max && last->next; taken++)
			last = last->next;
		store.stats.queued -= taken;
		store.head = last->next;
		if (!store.head)
			store.tail = NULL;
		last->next = NULL;
		pthread_mutex_unlock(&store.lock);
		run_batch(batch);
	}
}

/*
 * Puts `unit` at the end of the writer's queue; false (nothing queued) if
 * the store is closed or closing. *wake is set if the writer waits for work
 * and must be signalled (wake_writer), once the lock is let go.
 */
static bool enqueue_locked(struct write_unit *unit, bool *wake)
{
	*wake = false;
	if (!store.open || store.stopping)
		return false;
	if (store.tail)
		store.tail->next = unit;
	else
		store.head = unit;
	store.tail = unit;
	store.stats.queued++;
	/* The first unit queued for a waiting writer wakes it; later ones, until
	 * it takes the lock again, find the flag cleared or the signal sent. */
	*wake = store.writer_waiting;
	store.writer_waiting = false;
	return true;
}

/*
 * Signalled after the lock is let go, so the writer does not wake only to
 * wait for the lock. Safe: the writer checks the queue under the lock
 * before waiting, and a writer that has set writer_waiting is in (or about
 * to enter, still holding the lock) pthread_cond_wait.
 */
static void wake_writer(bool wake)
{
	if (wake)
		pthread_cond_signal(&store.work);
}

/* Queues an asynchronous unit (db_write_async, db_write_async_replayable). */
static enum haven_status queue_async(db_write_fn fn, void *ctx, db_write_done_fn then, void *then_ctx,
                                     bool replay_safe)
{
	store_read_release(); /* what the thread reads next sees the write */
	struct write_unit *unit = xcalloc(1, sizeof *unit);
	*unit = (struct write_unit){.fn = fn,
	                            .ctx = ctx,
	                            .result = HAVEN_ERR_DB,
	                            .then = then,
	                            .then_ctx = then_ctx,
	                            .replay_safe = replay_safe};
	bool wake;
	pthread_mutex_lock(&store.lock);
	bool queued = enqueue_locked(unit, &wake);
	pthread_mutex_unlock(&store.lock);
	wake_writer(wake);
	if (!queued)
		free(unit);
	return queued ? HAVEN_OK : HAVEN_ERR_DB;
}

enum haven_status db_write_async(db_write_fn fn, void *ctx, db_write_done_fn then, void *then_ctx)
{
	return queue_async(fn, ctx, then, then_ctx, false);
}

enum haven_status db_write_async_replayable(db_write_fn fn, void *ctx, db_write_done_fn then, void *then_ctx)
{
	return queue_async(fn, ctx, then, then_ctx, true);
}

enum haven_status db_write(db_write_fn fn, void *ctx)
{
	store_read_release(); /* what the thread reads next sees the write */
	struct write_unit unit = {.fn = fn, .ctx = ctx, .result = HAVEN_ERR_DB};
	bool wake;
	pthread_mutex_lock(&store.lock);
	if (!enqueue_locked(&unit, &wake)) {
		pthread_mutex_unlock(&store.lock);
		return HAVEN_ERR_DB;
	}
	if (wake) /* under the lock, which this thread keeps until it waits for the unit */
		pthread_cond_signal(&store.work);
	while (!unit.done)
		pthread_cond_wait(&store.done, &store.lock);
	pthread_mutex_unlock(&store.lock);
	return unit.result;
}

unsigned long long db_writer_epoch(db_conn *db)
{
	return db && db == store.writer_conn ? store.writer_epoch : 0;
}

const unsigned store_batch_bucket_bounds[STORE_BATCH_BUCKETS] = {1, 2, 4, 8, 16, 32, 64, 128, 256};

struct store_writer_stats store_writer_stats(void)
{
	pthread_mutex_lock(&store.lock);
	struct store_writer_stats stats = store.stats;
	pthread_mutex_unlock(&store.lock);
	return stats;
}

/* ---- preparing and finalizing its statements ---- */

void finalize_controls(void)
{
	for (int i = 0; i < CONTROL_COUNT; i++) {
		if (store.control[i])
			store.ops->finalize(store.control[i]);
		store.control[i] = NULL;
	}
}

enum haven_status writer_prepare_controls(db_conn *db, char **err)
{
	const struct db_ops *ops = store.ops;
	for (int i = 0; i < CONTROL_COUNT; i++) {
		const char *sql = i == CONTROL_BEGIN && ops == &db_sqlite_ops ? sqlite_begin : control_sql[i];
		if (i == CONTROL_SERIALISE && ops == &db_sqlite_ops)
			continue; /* BEGIN IMMEDIATE is SQLite's */
		if (!(store.control[i] = ops->prepare(db, sql))) {
			enum haven_status st = fail_with(
			    err, HAVEN_ERR_DB, "cannot prepare the writer's statements: %s", ops->error(db));
			finalize_controls();
			return st;
		}
	}
	return HAVEN_OK;
}
