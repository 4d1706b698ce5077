/*
 * store.c — the store's shared machinery, the same on both backends
 * (store/backend.h): the statement cache and registry, each thread's read
 * connection, opening and closing (which start and stop the writer thread,
 * writer.c), and the small facts of haven_meta.
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
#include "store/store_state.h"

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

struct store_state store = {
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

/* ---- opening and closing ---- */

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
	st = writer_prepare_controls(db, err);
	if (st != HAVEN_OK) {
		ops->disconnect(db);
		if (lock_fd >= 0)
			close(lock_fd);
		return st;
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
