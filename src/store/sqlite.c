/*
 * sqlite.c — the SQLite backend: connections, the prepared-statement cache
 * and the statement registry, migrations and the single writer thread with
 * group commit.
 *
 * Why one writer: SQLite allows one writer at a time. Rather than have every
 * request thread fight for the lock (and spin on SQLITE_BUSY), request
 * threads hand units of work to one thread that runs as many as are queued
 * in a single BEGIN IMMEDIATE ... COMMIT with synchronous=FULL, then wakes
 * each submitter. One fsync then covers many writes, and "saved" always
 * means on disk. Each unit runs in a savepoint so one failing unit does not
 * undo its neighbours.
 *
 * Readers: each thread that reads gets its own read-only connection (WAL
 * lets readers run alongside the writer). All connections are registered so
 * store_close() can finalize their statements and close them.
 */
#include "store/db.h"
#include "store/store.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/embedded.h"
#include "core/log.h"

#define STMT_CACHE_INITIAL 64 /* slots per connection at first; a power of two */
#define DEFAULT_BATCH_MAX 256
#define BUSY_TIMEOUT_MS 5000

/*
 * A connection and its prepared statements: an open-addressing table keyed
 * on the address of each statement's SQL text, doubled whenever it is half
 * full, so it never refuses a statement however many the server runs.
 */
struct cached_statement {
	const char *sql;
	sqlite3_stmt *stmt;
};

struct connection {
	sqlite3 *db;
	struct cached_statement *cache;
	size_t capacity; /* slots in cache; a power of two */
	size_t count;    /* slots in use */
	struct connection *next;
};

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

static const char *const control_sql[CONTROL_COUNT] = {
    [CONTROL_BEGIN] = "BEGIN IMMEDIATE",
    [CONTROL_SAVEPOINT] = "SAVEPOINT unit",
    [CONTROL_ROLLBACK_TO] = "ROLLBACK TO unit",
    [CONTROL_RELEASE] = "RELEASE unit",
    [CONTROL_COMMIT] = "COMMIT",
    [CONTROL_ROLLBACK] = "ROLLBACK",
};

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
	struct write_unit *next;
	struct write_unit *next_told; /* the batch's asynchronous units, to tell once the lock is let go */
};

static struct {
	char *path;
	unsigned batch_max;
	pthread_mutex_t lock; /* guards everything below */
	pthread_cond_t work;  /* signalled when a unit is queued or stopping */
	pthread_cond_t done;  /* broadcast when a batch has finished */
	struct write_unit *head, *tail;
	int stopping;
	int open;
	pthread_t writer;
	struct connection *writer_conn;
	sqlite3_stmt *control[CONTROL_COUNT]; /* on writer_conn */
	struct connection *connections;       /* all, for closing */
	int lock_fd;                          /* store_lock_database's, shared */
	struct store_writer_stats stats;
	/* Set when a batch fails because the disk is full, cleared when one
	 * commits: what /readyz reports (store_out_of_space). */
	bool out_of_space;
	time_t space_probed_at; /* when store_writable last tried a write */
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
static _Thread_local struct connection *thread_reader;
static _Thread_local unsigned thread_reader_generation;
static unsigned generation; /* bumped by every store_open */

/* ---- connections and statements ---- */

static struct connection *current_reader(void)
{
	return thread_reader_generation == generation ? thread_reader : NULL;
}

static struct connection *find_connection(sqlite3 *db)
{
	struct connection *reader = current_reader();
	if (reader && reader->db == db)
		return reader;
	if (store.writer_conn && store.writer_conn->db == db)
		return store.writer_conn;
	return NULL;
}

static int exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		log_error("database: %s (in %.60s)", msg ? msg : sqlite3_errstr(rc), sql);
		sqlite3_free(msg);
	}
	return rc;
}

/*
 * Once per process, before any connection: SQLite's memory statistics take
 * a global mutex on every allocation, which every thread then contends for.
 * Haven never reads them.
 */
static pthread_once_t configure_once = PTHREAD_ONCE_INIT;

static void configure_sqlite(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static sqlite3 *open_db(const char *path, int flags, char **err)
{
	pthread_once(&configure_once, configure_sqlite);
	sqlite3 *db = NULL;
	int rc = sqlite3_open_v2(path, &db, flags | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		if (err) {
			struct buf b = BUF_INIT;
			buf_printf(&b, "cannot open database %s: %s", path,
			           db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
			*err = buf_steal(&b, NULL);
		}
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, BUSY_TIMEOUT_MS);
	sqlite3_extended_result_codes(db, 1);
	if (exec(db, "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;") != SQLITE_OK) {
		if (err)
			*err = xstrdup("cannot set database pragmas");
		sqlite3_close(db);
		return NULL;
	}
	return db;
}

static struct connection *connection_new(sqlite3 *db)
{
	struct connection *c = xcalloc(1, sizeof *c);
	c->db = db;
	c->capacity = STMT_CACHE_INITIAL;
	c->cache = xcalloc(c->capacity, sizeof *c->cache);
	pthread_mutex_lock(&store.lock);
	c->next = store.connections;
	store.connections = c;
	pthread_mutex_unlock(&store.lock);
	return c;
}

static void connection_close(struct connection *c)
{
	for (size_t i = 0; i < c->capacity; i++)
		sqlite3_finalize(c->cache[i].stmt);
	free(c->cache);
	sqlite3_close(c->db);
	free(c);
}

sqlite3 *db_reader(void)
{
	struct connection *reader = current_reader();
	if (reader)
		return reader->db;
	if (!store.open)
		return NULL;
	sqlite3 *db = open_db(store.path, SQLITE_OPEN_READONLY, NULL);
	if (!db)
		return NULL;
	if (exec(db, "PRAGMA query_only = ON;") != SQLITE_OK) {
		sqlite3_close(db);
		return NULL;
	}
	thread_reader = connection_new(db);
	thread_reader_generation = generation;
	return db;
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
static void cache_grow(struct connection *c)
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

sqlite3_stmt *db_prepare_registered(sqlite3 *db, const char *sql)
{
	if (!db) /* db_reader() could not open one, and said why */
		return NULL;
	struct connection *c = find_connection(db);
	if (!c) {
		log_error("database: db_prepare on a connection that is not Haven's");
		return NULL;
	}
	size_t i = cache_slot(c->cache, c->capacity, sql);
	if (c->cache[i].sql)
		return c->cache[i].stmt;
	sqlite3_stmt *stmt = NULL;
	int rc = sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
	if (rc != SQLITE_OK) {
		log_error("database: cannot prepare (%s): %.80s", sqlite3_errmsg(db), sql);
		return NULL;
	}
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

void db_done(sqlite3_stmt *stmt)
{
	if (!stmt)
		return;
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
}

/* ---- migrations ---- */

struct migration {
	int number;
	const char *name; /* file name without directory */
	const char *sql;
};

static int compare_migrations(const void *a, const void *b)
{
	const struct migration *x = a, *y = b;
	return (x->number > y->number) - (x->number < y->number);
}

/* The built-in migrations in order; *count set. Caller frees the array. */
static struct migration *builtin_migrations(size_t *count, char **err)
{
	static const char prefix[] = "migrations/";
	size_t n = 0;
	for (const struct embedded_file *f = embedded_files; f->name; f++)
		if (strncmp(f->name, prefix, sizeof prefix - 1) == 0)
			n++;
	struct migration *list = xcalloc(n, sizeof *list);
	size_t i = 0;
	for (const struct embedded_file *f = embedded_files; f->name; f++) {
		if (strncmp(f->name, prefix, sizeof prefix - 1) != 0)
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
			if (err) {
				struct buf b = BUF_INIT;
				buf_printf(&b, "built-in migration %s has a missing or repeated number",
				           list[i].name);
				*err = buf_steal(&b, NULL);
			}
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
	struct migration *list = builtin_migrations(&n, NULL);
	int version = list && n ? list[n - 1].number : 0;
	free(list);
	return version;
}

static enum haven_status set_err(char **err, enum haven_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static enum haven_status set_err(char **err, enum haven_status st, const char *fmt, ...)
{
	if (err) {
		struct buf b = BUF_INIT;
		va_list ap;
		va_start(ap, fmt);
		buf_vprintf(&b, fmt, ap);
		va_end(ap);
		*err = buf_steal(&b, NULL);
	}
	return st;
}

/* The highest applied migration, or 0 for a new database; -1 on error. */
static int applied_version(sqlite3 *db)
{
	sqlite3_stmt *stmt = NULL;
	int version = -1;
	if (sqlite3_prepare_v2(db, "SELECT coalesce(max(version), 0) FROM schema_migrations", -1, &stmt,
	                       NULL) != SQLITE_OK) {
		/* no table: a database Haven has not initialised yet */
		sqlite3_stmt *probe = NULL;
		int tables = -1;
		if (sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_schema", -1, &probe, NULL) ==
		        SQLITE_OK &&
		    sqlite3_step(probe) == SQLITE_ROW)
			tables = sqlite3_column_int(probe, 0);
		sqlite3_finalize(probe);
		return tables == 0 ? 0 : -1;
	}
	if (sqlite3_step(stmt) == SQLITE_ROW)
		version = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	return version;
}

/* 1 if migration `number` is recorded as applied, 0 if not, -1 on error. */
static int is_applied(sqlite3 *db, int number)
{
	sqlite3_stmt *stmt = NULL;
	if (sqlite3_prepare_v2(db, "SELECT 1 FROM schema_migrations WHERE version = ?", -1, &stmt, NULL) !=
	    SQLITE_OK)
		return -1;
	sqlite3_bind_int(stmt, 1, number);
	int rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/*
 * The first built-in migration the database lacks (its number), 0 if it has
 * them all, -1 on error. Numbers are checked one by one, not by the highest:
 * an area added later may bring a migration numbered below one already
 * applied, and it must still run.
 */
static int first_missing(sqlite3 *db)
{
	size_t count = 0;
	struct migration *list = builtin_migrations(&count, NULL);
	if (!list)
		return -1;
	int missing = 0;
	for (size_t i = 0; i < count && !missing; i++) {
		int applied = is_applied(db, list[i].number);
		missing = applied < 0 ? -1 : applied ? 0 : list[i].number;
	}
	free(list);
	return missing;
}

static const char migrations_table[] =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))"
    ") STRICT;";

/*
 * A migration whose first line is this comment rebuilds a table that others
 * reference (SQLite's "12-step" ALTER TABLE: create the new table, copy,
 * drop the old, rename). With foreign keys on, dropping the old table would
 * fail or cascade, and PRAGMA foreign_keys cannot change inside a
 * transaction, so such a migration runs with them off, and before it commits
 * PRAGMA foreign_key_check must find no broken reference; otherwise it is
 * rolled back like any failed migration.
 */
static const char foreign_keys_off_marker[] = "-- haven: foreign keys off";

/* The first broken reference foreign_key_check finds, as "TABLE row N"; "" if none; NULL on error. */
static char *broken_reference(sqlite3 *db)
{
	sqlite3_stmt *check = NULL;
	if (sqlite3_prepare_v2(db, "PRAGMA foreign_key_check", -1, &check, NULL) != SQLITE_OK)
		return NULL;
	char *found = NULL;
	int rc = sqlite3_step(check);
	if (rc == SQLITE_ROW)
		found = sqlite3_mprintf("%s row %lld", (const char *)sqlite3_column_text(check, 0),
		                        (long long)sqlite3_column_int64(check, 1));
	else if (rc == SQLITE_DONE)
		found = sqlite3_mprintf("%s", "");
	sqlite3_finalize(check);
	return found;
}

enum haven_status store_migrate(const char *path, FILE *report, char **err)
{
	size_t count = 0;
	struct migration *list = builtin_migrations(&count, err);
	if (!list)
		return HAVEN_ERR_INTERNAL;
	enum haven_status st = HAVEN_OK;
	sqlite3 *db = open_db(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, err);
	if (!db) {
		free(list);
		return HAVEN_ERR_DB;
	}
	sqlite3_stmt *record = NULL;
	int have = applied_version(db);
	if (have < 0) {
		st = set_err(err, HAVEN_ERR_DB, "%s is not a Haven database (it has other tables)", path);
		goto out;
	}
	if (count && have > list[count - 1].number) {
		st = set_err(err, HAVEN_ERR_VERSION,
		             "%s is at schema version %d, newer than this Haven (%d): use a newer Haven",
		             path, have, list[count - 1].number);
		goto out;
	}
	if (exec(db, "PRAGMA journal_mode = WAL;") != SQLITE_OK || exec(db, migrations_table) != SQLITE_OK) {
		st = set_err(err, HAVEN_ERR_DB, "cannot prepare %s for migrations", path);
		goto out;
	}
	if (sqlite3_prepare_v2(db, "INSERT INTO schema_migrations (version, name) VALUES (?, ?)", -1, &record,
	                       NULL) != SQLITE_OK) {
		st = set_err(err, HAVEN_ERR_DB, "cannot record migrations: %s", sqlite3_errmsg(db));
		goto out;
	}
	for (size_t i = 0; i < count; i++) {
		int applied = is_applied(db, list[i].number);
		if (applied < 0) {
			st = set_err(err, HAVEN_ERR_DB, "cannot read the migrations of %s", path);
			goto out;
		}
		if (applied)
			continue;
		char *msg = NULL;
		bool keys_off =
		    strncmp(list[i].sql, foreign_keys_off_marker, sizeof foreign_keys_off_marker - 1) == 0;
		if ((keys_off && exec(db, "PRAGMA foreign_keys = OFF") != SQLITE_OK) ||
		    exec(db, "BEGIN IMMEDIATE") != SQLITE_OK) {
			st = set_err(err, HAVEN_ERR_DB, "cannot start migration %s", list[i].name);
			goto out;
		}
		int rc = sqlite3_exec(db, list[i].sql, NULL, NULL, &msg);
		if (rc == SQLITE_OK && keys_off) {
			char *broken = broken_reference(db);
			if (!broken || *broken) {
				msg = sqlite3_mprintf("a reference is broken (%s)",
				                      broken ? broken : sqlite3_errmsg(db));
				rc = SQLITE_CONSTRAINT;
			}
			sqlite3_free(broken);
		}
		if (rc == SQLITE_OK) {
			sqlite3_bind_int(record, 1, list[i].number);
			sqlite3_bind_text(record, 2, list[i].name, -1, SQLITE_STATIC);
			rc = sqlite3_step(record) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
			sqlite3_reset(record);
		}
		if (rc != SQLITE_OK || exec(db, "COMMIT") != SQLITE_OK) {
			st = set_err(err, HAVEN_ERR_DB, "migration %s failed: %s", list[i].name,
			             msg ? msg : sqlite3_errmsg(db));
			sqlite3_free(msg);
			exec(db, "ROLLBACK");
			if (keys_off)
				exec(db, "PRAGMA foreign_keys = ON");
			goto out;
		}
		if (keys_off && exec(db, "PRAGMA foreign_keys = ON") != SQLITE_OK) {
			st = set_err(err, HAVEN_ERR_DB, "cannot turn foreign keys back on after %s",
			             list[i].name);
			goto out;
		}
		if (report)
			fprintf(report, "applied migration %s\n", list[i].name);
	}
out:
	sqlite3_finalize(record);
	sqlite3_close(db);
	free(list);
	return st;
}

/* ---- the writer ---- */

/* Runs one of the writer's transaction-control statements; SQLITE_OK or the error (logged). */
static int control(enum control which)
{
	sqlite3_stmt *stmt = store.control[which];
	int rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		log_error("database: %s (in %s)", sqlite3_errmsg(store.writer_conn->db), control_sql[which]);
		return rc;
	}
	return SQLITE_OK;
}

/* True if the writer's last failure was for lack of disk space. */
static bool failed_for_space(sqlite3 *db, int rc)
{
	return (rc & 0xff) == SQLITE_FULL || (sqlite3_extended_errcode(db) & 0xff) == SQLITE_FULL;
}

/*
 * Runs a batch of units in one transaction, each in its own savepoint, and
 * sets each unit's result. A unit that fails is rolled back to its
 * savepoint alone. If that rollback (or releasing a savepoint) fails, the
 * units can no longer be kept apart: the whole transaction is rolled back
 * and every unit in the batch is told it failed, since telling anyone
 * "saved" or leaving a failed unit's writes to be committed would both be
 * wrong. Units after the failure are not run.
 *
 * SQLite rolls the whole transaction back by itself after some errors (the
 * disk full, an I/O error): then there is no savepoint or transaction left,
 * so nothing more is sent (a ROLLBACK would only fail and log a second,
 * misleading error) and the batch has failed as a whole.
 */
static void run_batch(struct write_unit *batch)
{
	sqlite3 *db = store.writer_conn->db;
	unsigned long long units = 0;
	int rc = control(CONTROL_BEGIN);
	bool whole_batch_failed = rc != SQLITE_OK,
	     out_of_space = whole_batch_failed && failed_for_space(db, rc);
	for (struct write_unit *u = batch; u && !whole_batch_failed; u = u->next) {
		units++;
		if ((rc = control(CONTROL_SAVEPOINT)) != SQLITE_OK) {
			whole_batch_failed = true;
			out_of_space = failed_for_space(db, rc);
			break;
		}
		u->result = u->fn(db, u->ctx);
		if (u->result != HAVEN_OK && failed_for_space(db, SQLITE_OK))
			out_of_space = true;
		if (sqlite3_get_autocommit(db))
			whole_batch_failed = true; /* rolled back by SQLite itself */
		else if (u->result != HAVEN_OK && (rc = control(CONTROL_ROLLBACK_TO)) != SQLITE_OK)
			whole_batch_failed = true;
		else if ((rc = control(CONTROL_RELEASE)) != SQLITE_OK)
			whole_batch_failed = true;
		if (whole_batch_failed && failed_for_space(db, rc))
			out_of_space = true;
	}
	if (!whole_batch_failed && (rc = control(CONTROL_COMMIT)) != SQLITE_OK) {
		whole_batch_failed = true; /* the transaction is lost as a whole */
		out_of_space = out_of_space || failed_for_space(db, rc);
	}
	if (whole_batch_failed) {
		if (!sqlite3_get_autocommit(db))
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
	if (out_of_space || !whole_batch_failed)
		store.out_of_space = out_of_space;
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
		while (!store.head && !store.stopping)
			pthread_cond_wait(&store.work, &store.lock);
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

/* Puts `unit` at the end of the writer's queue; false (nothing queued) if the store is closed or closing. */
static bool enqueue_locked(struct write_unit *unit)
{
	if (!store.open || store.stopping)
		return false;
	if (store.tail)
		store.tail->next = unit;
	else
		store.head = unit;
	store.tail = unit;
	store.stats.queued++;
	pthread_cond_signal(&store.work);
	return true;
}

enum haven_status db_write_async(db_write_fn fn, void *ctx, db_write_done_fn then, void *then_ctx)
{
	struct write_unit *unit = xcalloc(1, sizeof *unit);
	*unit = (struct write_unit){
	    .fn = fn, .ctx = ctx, .result = HAVEN_ERR_DB, .then = then, .then_ctx = then_ctx};
	pthread_mutex_lock(&store.lock);
	bool queued = enqueue_locked(unit);
	pthread_mutex_unlock(&store.lock);
	if (!queued)
		free(unit);
	return queued ? HAVEN_OK : HAVEN_ERR_DB;
}

enum haven_status db_write(db_write_fn fn, void *ctx)
{
	struct write_unit unit = {.fn = fn, .ctx = ctx, .result = HAVEN_ERR_DB};
	pthread_mutex_lock(&store.lock);
	if (!enqueue_locked(&unit)) {
		pthread_mutex_unlock(&store.lock);
		return HAVEN_ERR_DB;
	}
	while (!unit.done)
		pthread_cond_wait(&store.done, &store.lock);
	pthread_mutex_unlock(&store.lock);
	return unit.result;
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
		sqlite3_finalize(store.control[i]);
		store.control[i] = NULL;
	}
}

enum haven_status store_open(const char *path, unsigned batch_max, char **err)
{
	if (store.open)
		return set_err(err, HAVEN_ERR_INTERNAL, "the database is already open");
	if (access(path, F_OK) != 0)
		return set_err(err, HAVEN_ERR_NOT_FOUND,
		               "there is no database at %s: run 'haven init --db %s' to create it", path,
		               path);
	/* Shared with every other Haven process; a restore needs it alone. */
	int lock_fd = store_lock_database(path, false);
	if (lock_fd < 0)
		return errno == EWOULDBLOCK
		           ? set_err(err, HAVEN_ERR_CONFLICT,
		                     "%s is being restored (haven restore): try again when it has finished",
		                     path)
		           : set_err(err, HAVEN_ERR_DB, "cannot open database %s: %s", path, strerror(errno));
	sqlite3 *db = open_db(path, SQLITE_OPEN_READWRITE, err);
	if (!db) {
		close(lock_fd);
		return HAVEN_ERR_DB;
	}
	int have = applied_version(db);
	int want = store_schema_version();
	enum haven_status st = HAVEN_OK;
	if (have < 0)
		st = set_err(err, HAVEN_ERR_DB, "%s is not a Haven database", path);
	else if (have > want)
		st = set_err(err, HAVEN_ERR_VERSION,
		             "%s is at schema version %d, newer than this Haven (%d): use a newer Haven",
		             path, have, want);
	else if (have < want || (have > 0 && first_missing(db) != 0))
		st = set_err(
		    err, HAVEN_ERR_VERSION,
		    "%s is at schema version %d and this Haven needs %d (with every migration up to it): "
		    "run 'haven init --db %s' first",
		    path, have, want, path);
	else if (exec(db, "PRAGMA journal_mode = WAL;") != SQLITE_OK)
		st = set_err(err, HAVEN_ERR_DB, "cannot switch %s to WAL mode", path);
	if (st != HAVEN_OK) {
		sqlite3_close(db);
		close(lock_fd);
		return st;
	}
	store.path = xstrdup(path);
	store.lock_fd = lock_fd;
	store.batch_max = batch_max ? batch_max : DEFAULT_BATCH_MAX;
	store.stopping = 0;
	store.stats = (struct store_writer_stats){0};
	store.out_of_space = false;
	for (int i = 0; i < CONTROL_COUNT; i++) {
		if (sqlite3_prepare_v3(db, control_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &store.control[i],
		                       NULL) != SQLITE_OK) {
			st = set_err(err, HAVEN_ERR_DB, "cannot prepare the writer's statements: %s",
			             sqlite3_errmsg(db));
			finalize_controls();
			sqlite3_close(db);
			close(lock_fd);
			store.lock_fd = -1;
			return st;
		}
	}
	store.writer_conn = connection_new(db);
	generation++;
	store.open = 1;
	if (pthread_create(&store.writer, NULL, writer_main, NULL) != 0) {
		store_close();
		return set_err(err, HAVEN_ERR_INTERNAL, "cannot start the database writer thread");
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
	struct connection *c = store.connections;
	store.connections = NULL;
	store.writer_conn = NULL;
	store.open = 0;
	store.writer = 0;
	pthread_mutex_unlock(&store.lock);
	/* Read connections of other threads are closed here too: the server has
	 * stopped its threads first, and a thread that outlives this sees the
	 * generation change and opens a new connection. */
	while (c) {
		struct connection *next = c->next;
		connection_close(c);
		c = next;
	}
	generation++;
	free(store.path);
	store.path = NULL;
	/* Only now: closing any descriptor of the file drops the process's
	 * fcntl locks on it, and SQLite's connections held some until just above. */
	close(store.lock_fd);
	store.lock_fd = -1;
}

enum haven_status store_ping(void)
{
	sqlite3 *db = db_reader();
	if (!db)
		return HAVEN_ERR_DB;
	sqlite3_stmt *stmt = db_prepare(db, "SELECT max(version) FROM schema_migrations");
	if (!stmt)
		return HAVEN_ERR_DB;
	int rc = sqlite3_step(stmt);
	db_done(stmt);
	return rc == SQLITE_ROW ? HAVEN_OK : HAVEN_ERR_DB;
}

bool store_out_of_space(void)
{
	pthread_mutex_lock(&store.lock);
	bool full = store.out_of_space;
	pthread_mutex_unlock(&store.lock);
	return full;
}

/* The probe's unit: a timestamp that differs each second, so SQLite must write a page. */
static enum haven_status write_space_probe(sqlite3 *db, void *ctx)
{
	(void)ctx;
	sqlite3_stmt *stmt =
	    db_prepare(db, "INSERT INTO haven_meta (key, value) VALUES ('disk_space_checked_at', ?) "
	                   "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
	if (!stmt)
		return HAVEN_ERR_DB;
	char now[40];
	log_timestamp(now, sizeof now);
	sqlite3_bind_text(stmt, 1, now, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(stmt);
	db_done(stmt);
	return rc == SQLITE_DONE ? HAVEN_OK : HAVEN_ERR_DB;
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
	sqlite3 *db = db_reader();
	if (!db)
		return HAVEN_ERR_DB;
	sqlite3_stmt *stmt = db_prepare(db, "SELECT value FROM haven_meta WHERE key = ?");
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*value = xstrdup((const char *)sqlite3_column_text(stmt, 0));
	db_done(stmt);
	return rc == SQLITE_ROW ? HAVEN_OK : rc == SQLITE_DONE ? HAVEN_ERR_NOT_FOUND : HAVEN_ERR_DB;
}

struct meta_pair {
	const char *key, *value;
};

static enum haven_status write_meta(sqlite3 *db, void *ctx)
{
	const struct meta_pair *pair = ctx;
	sqlite3_stmt *stmt = db_prepare(db, "INSERT INTO haven_meta (key, value) VALUES (?, ?) "
	                                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_text(stmt, 1, pair->key, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, pair->value, -1, SQLITE_STATIC);
	return db_exec_stmt(stmt);
}

enum haven_status store_meta_set(const char *key, const char *value)
{
	struct meta_pair pair = {key, value};
	return db_write(write_meta, &pair);
}
