/*
 * store.c — the store's shared machinery, the same on both backends
 * (store/backend.h): the statement cache and registry, each thread's read
 * connection, the single writer thread with group commit, opening and
 * closing, and the small facts of haven_meta.
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
 * back together and run again, each in its own savepoint.
 *
 * Readers: each thread that reads gets its own read-only connection. All
 * connections are registered so store_close() can finalize their
 * statements and close them. On SQLite a request's reads share one read
 * transaction (store_read_begin); a write the thread queues ends it first,
 * and its next read begins a fresh one, which sees the write. So does slow
 * work that reads nothing (store_read_release) and a snapshot older than
 * READ_AGE_LIMIT_MS at the thread's next read: a snapshot held stops SQLite's
 * checkpoint copying past it, and the write-ahead log starting again.
 */
#include "store/backend.h"
#include "store/store.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/embedded.h"
#include "core/log.h"

#define STMT_CACHE_INITIAL 64 /* slots per connection at first; a power of two */
#define DEFAULT_BATCH_MAX 256

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
	CONTROL_COUNT
};

/* SQLite's BEGIN takes the write lock at once; PostgreSQL's rows lock as they are written. */
static const char *const control_sql[CONTROL_COUNT] = {
    [CONTROL_BEGIN] = "BEGIN",
    [CONTROL_SAVEPOINT] = "SAVEPOINT unit",
    [CONTROL_ROLLBACK_TO] = "ROLLBACK TO unit",
    [CONTROL_RELEASE] = "RELEASE unit",
    [CONTROL_COMMIT] = "COMMIT",
    [CONTROL_ROLLBACK] = "ROLLBACK",
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

static struct {
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
} store = {
    .lock = PTHREAD_MUTEX_INITIALIZER,
    .work = PTHREAD_COND_INITIALIZER,
    .done = PTHREAD_COND_INITIALIZER,
    .lock_fd = -1,
};

/*
 * This thread's read connection. It belongs to the store generation it was
 * opened in: after store_close() and a new store_open() (tests do this) a
 * thread opens a fresh one instead of using one that was closed.
 */
static _Thread_local db_conn *thread_reader;
static _Thread_local unsigned thread_reader_generation;
static unsigned generation; /* bumped by every store_open */

/*
 * This thread's read transaction (store_read_begin): wanted, but not begun
 * until the thread's first read (db_reader), so a request that reads nothing
 * pays nothing; open once begun, on thread_reader.
 */
static _Thread_local bool thread_read_wanted;
static _Thread_local bool thread_read_open;

/*
 * How long a thread's snapshot may be kept before its next read begins a
 * fresh one, and when this thread's was begun (CLOCK_MONOTONIC, ns). The
 * reads a request makes together (its session, access decision and record)
 * take a millisecond or two; only slow work (a report over a year, a
 * national list) keeps one longer, and while it does, every write meanwhile
 * stays in the WAL (docs/performance.md, "The write-ahead log under a
 * request's held snapshot").
 */
#define READ_AGE_LIMIT_MS 100
static _Atomic unsigned read_age_limit_ms = READ_AGE_LIMIT_MS;
static _Thread_local long long thread_read_since;

/* ---- backends, connections and statements ---- */

const struct db_ops *db_backend_for(const char *target)
{
	return strncmp(target, "postgresql://", 13) == 0 || strncmp(target, "postgres://", 11) == 0
	           ? &db_postgres_ops
	           : &db_sqlite_ops;
}

bool store_is_postgresql(const char *target)
{
	return db_backend_for(target) == &db_postgres_ops;
}

db_conn *db_conn_new(const struct db_ops *ops, void *handle)
{
	db_conn *db = xcalloc(1, sizeof *db);
	db->ops = ops;
	db->handle = handle;
	return db;
}

/* Gives `db` a statement cache and registers it for closing. */
static db_conn *connection_register(db_conn *db)
{
	db->capacity = STMT_CACHE_INITIAL;
	db->cache = xcalloc(db->capacity, sizeof *db->cache);
	pthread_mutex_lock(&store.lock);
	db->next = store.connections;
	store.connections = db;
	pthread_mutex_unlock(&store.lock);
	return db;
}

static void connection_close(db_conn *db)
{
	for (size_t i = 0; i < db->capacity; i++)
		if (db->cache[i].stmt)
			db->ops->finalize(db->cache[i].stmt);
	free(db->cache);
	db->ops->disconnect(db);
}

/* This thread's read connection, opened on first use; NULL if it cannot be. */
static db_conn *reader_connection(void)
{
	if (thread_reader_generation == generation && thread_reader)
		return thread_reader;
	if (!store.open)
		return NULL;
	char *err = NULL;
	db_conn *db = store.ops->connect(store.target, DB_OPEN_READER, &err);
	if (!db) {
		log_error("database: %s", err ? err : "cannot open a read connection");
		free(err);
		return NULL;
	}
	thread_reader = connection_register(db);
	thread_reader_generation = generation;
	thread_read_open = false; /* a new connection has no transaction */
	return db;
}

static long long monotonic_ns(void)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long long)now.tv_sec * 1000000000LL + now.tv_nsec;
}

db_conn *db_reader(void)
{
	db_conn *db = reader_connection();
	if (thread_read_open &&
	    monotonic_ns() - thread_read_since >= (long long)read_age_limit_ms * 1000000LL)
		store_read_release();
	if (thread_read_wanted && db && db->ops->read_begin) {
		thread_read_wanted = false;
		thread_read_open = db->ops->read_begin(db);
		if (thread_read_open)
			thread_read_since = monotonic_ns();
	}
	return db;
}

void store_read_begin(void)
{
	/* Nested: the one open goes on. PostgreSQL: nothing to begin. */
	if (!thread_read_open && store.open && store.ops->read_begin)
		thread_read_wanted = true;
}

void store_read_end(void)
{
	thread_read_wanted = false;
	if (!thread_read_open)
		return;
	thread_read_open = false;
	/* Not if the store was closed under it: that connection is gone. */
	if (thread_reader && thread_reader_generation == generation)
		thread_reader->ops->read_end(thread_reader);
}

void store_read_release(void)
{
	bool again = thread_read_wanted || thread_read_open;
	store_read_end();
	thread_read_wanted = again;
}

void store_read_age_limit(unsigned ms)
{
	read_age_limit_ms = ms ? ms : READ_AGE_LIMIT_MS;
}

struct store_tx *store_read_tx(void)
{
	return db_tx(db_reader());
}

/* The slot for `sql` in a table of `capacity` slots: its own, or the empty one where it belongs. */
static size_t cache_slot(const struct cached_statement *cache, size_t capacity, const char *sql)
{
	size_t i = ((uintptr_t)sql >> 3) & (capacity - 1);
	while (cache[i].sql && cache[i].sql != sql)
		i = (i + 1) & (capacity - 1);
	return i;
}

/* Doubles the connection's statement table, keeping every statement. */
static void cache_grow(db_conn *c)
{
	size_t capacity = c->capacity * 2;
	struct cached_statement *cache = xcalloc(capacity, sizeof *cache);
	for (size_t i = 0; i < c->capacity; i++)
		if (c->cache[i].sql)
			cache[cache_slot(cache, capacity, c->cache[i].sql)] = c->cache[i];
	free(c->cache);
	c->cache = cache;
	c->capacity = capacity;
}

db_stmt *db_prepare_registered(db_conn *c, const char *sql)
{
	if (!c) /* db_reader() could not open one, and said why */
		return NULL;
	if (!c->capacity) {
		log_error("database: db_prepare on a connection that is not the store's");
		return NULL;
	}
	size_t i = cache_slot(c->cache, c->capacity, sql);
	if (c->cache[i].sql)
		return c->cache[i].stmt;
	db_stmt *stmt = c->ops->prepare(c, sql);
	if (!stmt)
		return NULL;
	if (2 * (c->count + 1) > c->capacity) {
		cache_grow(c);
		i = cache_slot(c->cache, c->capacity, sql);
	}
	c->cache[i].sql = sql;
	c->cache[i].stmt = stmt;
	c->count++;
	return stmt;
}

/*
 * The linker gathers every registered statement's text into the section
 * haven_sql and names its ends; weak, so a program with no statements links.
 */
extern const char *__start_haven_sql[] __attribute__((weak));
extern const char *__stop_haven_sql[] __attribute__((weak));

size_t db_statements(const char *const **texts)
{
	*texts = (const char *const *)__start_haven_sql;
	return __start_haven_sql ? (size_t)(__stop_haven_sql - __start_haven_sql) : 0;
}

void db_done(db_stmt *stmt)
{
	if (stmt)
		stmt->conn->ops->reset(stmt);
}

/* ---- migrations ---- */

static int compare_migrations(const void *a, const void *b)
{
	const struct migration *x = a, *y = b;
	return (x->number > y->number) - (x->number < y->number);
}

/* True if `name` is a PostgreSQL twin, NNNN_name.pg.sql. */
static bool is_twin(const char *name)
{
	size_t n = strlen(name);
	return n > 7 && strcmp(name + n - 7, ".pg.sql") == 0;
}

struct migration *db_builtin_migrations(bool twins, size_t *count, char **err)
{
	static const char prefix[] = "migrations/";
	size_t n = 0;
	for (const struct embedded_file *f = embedded_files; f->name; f++)
		if (strncmp(f->name, prefix, sizeof prefix - 1) == 0 && is_twin(f->name) == twins)
			n++;
	struct migration *list = xcalloc(n ? n : 1, sizeof *list);
	size_t i = 0;
	for (const struct embedded_file *f = embedded_files; f->name; f++) {
		if (strncmp(f->name, prefix, sizeof prefix - 1) != 0 || is_twin(f->name) != twins)
			continue;
		const char *base = f->name + sizeof prefix - 1;
		list[i].number = atoi(base);
		list[i].name = base;
		list[i].sql = f->data;
		i++;
	}
	qsort(list, n, sizeof *list, compare_migrations);
	for (i = 0; i < n; i++) {
		if (list[i].number <= 0 || (i > 0 && list[i].number == list[i - 1].number)) {
			fail_with(err, HAVEN_ERR_INTERNAL,
			          "built-in migration %s has a missing or repeated number", list[i].name);
			free(list);
			return NULL;
		}
	}
	*count = n;
	return list;
}

int store_schema_version(void)
{
	size_t n = 0;
	struct migration *list = db_builtin_migrations(false, &n, NULL);
	int version = list && n ? list[n - 1].number : 0;
	free(list);
	return version;
}

enum haven_status store_migrate(const char *target, FILE *report, char **err)
{
	return db_backend_for(target) == &db_postgres_ops ? pg_migrate(target, report, err)
	                                                  : sqlite_migrate(target, report, err);
}

/* ---- the writer ---- */

/* Runs one of the writer's transaction-control statements; true, or false having logged why. */
static bool control(enum control which)
{
	if (which != CONTROL_SAVEPOINT && which != CONTROL_RELEASE)
		store.writer_epoch++;
	db_stmt *stmt = store.control[which];
	enum db_step step = store.ops->step(stmt);
	if (step == DB_STEP_ERROR)
		db_log_failure(stmt);
	store.ops->reset(stmt);
	return step != DB_STEP_ERROR;
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
};

/* The batch has failed as a whole (the transaction lost, or its units can no longer be kept apart). */
static void batch_lost(struct batch_run *run)
{
	run->failed = true;
	run->out_of_space = run->out_of_space || store.ops->out_of_space(store.writer_conn);
}

/* The savepoint a unit (or a run of units) starts in: the batch's first, or the one before let go. */
static bool take_savepoint(struct batch_run *run)
{
	bool first = !run->savepoint;
	run->savepoint = true;
	return first ? control(CONTROL_SAVEPOINT) : next_unit();
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
 * batch was lost meanwhile (run->failed).
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
	if (ops->unit_end) {
		bool between_failed = false;
		done = ops->unit_end(db, &between_failed) == HAVEN_OK && done;
		if (between_failed) {
			batch_lost(run);
			return false;
		}
	}
	if (done)
		return true;
	if (!ops->in_transaction(db)) {
		batch_lost(run);
		return false;
	}
	log_info("database: a unit failed among units run together; they run again, each in a savepoint");
	bool undone =
	    at_start ? control(CONTROL_ROLLBACK) && control(CONTROL_BEGIN) : control(CONTROL_ROLLBACK_TO);
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
	if (!ops->ready(db) || !control(CONTROL_BEGIN))
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
	if (!run.failed && !control(CONTROL_COMMIT))
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

static void *writer_main(void *arg)
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

/* ---- opening and closing ---- */

static void finalize_controls(void)
{
	for (int i = 0; i < CONTROL_COUNT; i++) {
		if (store.control[i])
			store.ops->finalize(store.control[i]);
		store.control[i] = NULL;
	}
}

enum haven_status store_open(const char *target, unsigned batch_max, char **err)
{
	if (store.open)
		return fail_with(err, HAVEN_ERR_INTERNAL, "the database is already open");
	const struct db_ops *ops = db_backend_for(target);
	int lock_fd = -1;
	if (ops == &db_sqlite_ops) {
		if (access(target, F_OK) != 0)
			return fail_with(err, HAVEN_ERR_NOT_FOUND,
			                 "there is no database at %s: run 'haven init --db %s' to create it",
			                 target, target);
		/* Shared with every other Haven process; a restore needs it alone. */
		lock_fd = store_lock_database(target, false);
		if (lock_fd < 0)
			return errno == EWOULDBLOCK
			           ? fail_with(err, HAVEN_ERR_CONFLICT,
			                       "%s is being restored (haven restore): try again "
			                       "when it has finished",
			                       target)
			           : fail_with(err, HAVEN_ERR_DB, "cannot open database %s: %s", target,
			                       strerror(errno));
	}
	enum haven_status st = HAVEN_OK;
	db_conn *db =
	    ops == &db_sqlite_ops ? sqlite_open_checked(target, &st, err) : pg_open_checked(target, &st, err);
	if (!db) {
		if (lock_fd >= 0)
			close(lock_fd);
		return st;
	}
	store.ops = ops;
	for (int i = 0; i < CONTROL_COUNT; i++) {
		const char *sql = i == CONTROL_BEGIN && ops == &db_sqlite_ops ? sqlite_begin : control_sql[i];
		if (!(store.control[i] = ops->prepare(db, sql))) {
			st = fail_with(err, HAVEN_ERR_DB, "cannot prepare the writer's statements: %s",
			               ops->error(db));
			finalize_controls();
			ops->disconnect(db);
			if (lock_fd >= 0)
				close(lock_fd);
			return st;
		}
	}
	store.target = xstrdup(target);
	store.lock_fd = lock_fd;
	store.batch_max = batch_max ? batch_max : DEFAULT_BATCH_MAX;
	store.stopping = 0;
	store.stats = (struct store_writer_stats){0};
	store.out_of_space = false;
	store.writer_conn = connection_register(db);
	store.writer_epoch++;
	generation++;
	store.open = 1;
	if (pthread_create(&store.writer, NULL, writer_main, NULL) != 0) {
		store_close();
		return fail_with(err, HAVEN_ERR_INTERNAL, "cannot start the database writer thread");
	}
	return HAVEN_OK;
}

void store_close(void)
{
	pthread_mutex_lock(&store.lock);
	int was_open = store.open;
	store.stopping = 1;
	pthread_cond_signal(&store.work);
	pthread_mutex_unlock(&store.lock);
	if (!was_open)
		return;
	if (store.writer)
		pthread_join(store.writer, NULL);
	finalize_controls();
	pthread_mutex_lock(&store.lock);
	db_conn *c = store.connections;
	store.connections = NULL;
	store.writer_conn = NULL;
	store.open = 0;
	store.writer = 0;
	pthread_mutex_unlock(&store.lock);
	/* Read connections of other threads are closed here too: the server has
	 * stopped its threads first, and a thread that outlives this sees the
	 * generation change and opens a new connection. */
	while (c) {
		db_conn *next = c->next;
		connection_close(c);
		c = next;
	}
	generation++;
	free(store.target);
	store.target = NULL;
	/* Only now: closing any descriptor of the file drops the process's
	 * fcntl locks on it, and SQLite's connections held some until just above. */
	if (store.lock_fd >= 0)
		close(store.lock_fd);
	store.lock_fd = -1;
}

enum haven_status store_ping(void)
{
	long long version = 0;
	return db_integer_values(db_prepare(db_reader(), "SELECT max(version) FROM schema_migrations"),
	                         &version, NULL, 0);
}

bool store_out_of_space(void)
{
	pthread_mutex_lock(&store.lock);
	bool full = store.out_of_space;
	pthread_mutex_unlock(&store.lock);
	return full;
}

/* The probe's unit: a timestamp that differs each second, so the engine must write a page. */
static enum haven_status write_space_probe(db_conn *db, void *ctx)
{
	(void)ctx;
	char now[40];
	log_timestamp(now, sizeof now);
	return db_exec_with(db,
	                    "INSERT INTO haven_meta (key, value) VALUES ('disk_space_checked_at', ?) "
	                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
	                    DB_TEXT(now));
}

bool store_writable(void)
{
	pthread_mutex_lock(&store.lock);
	bool full = store.out_of_space, probe = full && store.space_probed_at != time(NULL);
	if (probe)
		store.space_probed_at = time(NULL);
	pthread_mutex_unlock(&store.lock);
	if (!probe)
		return !full;
	/* The write itself clears the flag (run_batch) if the disk has room again. */
	return db_write(write_space_probe, NULL) == HAVEN_OK;
}

enum haven_status store_meta_get(const char *key, char **value)
{
	*value = NULL;
	db_stmt *stmt = db_prepare(db_reader(), "SELECT value FROM haven_meta WHERE key = ?");
	if (!db_bind(stmt, DB_TEXT(key)))
		return HAVEN_ERR_DB;
	enum db_step step = db_step(stmt);
	if (step == DB_STEP_ROW)
		*value = xstrdup(db_column_text(stmt, 0));
	db_done(stmt);
	return step == DB_STEP_ROW ? HAVEN_OK : step == DB_STEP_DONE ? HAVEN_ERR_NOT_FOUND : HAVEN_ERR_DB;
}

struct meta_pair {
	const char *key, *value;
};

static enum haven_status write_meta(db_conn *db, void *ctx)
{
	const struct meta_pair *pair = ctx;
	return db_exec_with(db,
	                    "INSERT INTO haven_meta (key, value) VALUES (?, ?) "
	                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
	                    DB_TEXT(pair->key), DB_TEXT(pair->value));
}

enum haven_status store_meta_set(const char *key, const char *value)
{
	struct meta_pair pair = {key, value};
	return db_write(write_meta, &pair);
}
