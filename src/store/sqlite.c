/*
 * sqlite.c — the SQLite backend (a --db file path, the default): its
 * connections and statements behind db.h's types (struct db_ops, see
 * store/backend.h). The writer, cache and helpers they serve are the store's
 * shared code (store.c, writer.c, rows.c); the schema's migrations are in
 * sqlite_migrate.c.
 *
 * Readers open the file read-only with query_only on (WAL lets them run
 * beside the writer); every connection has foreign keys on and
 * synchronous=FULL, so a COMMIT returns only once it is on disk, and its own
 * lower(), which lowers every letter as PostgreSQL's does (see lower_text).
 */
#include "store/backend.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/log.h"

#define BUSY_TIMEOUT_MS 5000

/*
 * What the write-ahead log is cut back to when it starts again from its beginning
 * (journal_size_limit). Under steady use it stays a few megabytes; a snapshot held
 * long (a backup, a long statement) lets it grow meanwhile, and SQLite reuses the
 * file rather than shrinking it, so without a limit it would keep its largest size.
 */
#define WAL_KEPT_PRAGMA "PRAGMA journal_size_limit = 16777216;" /* 16 MiB */

int sqlite_exec(sqlite3 *db, const char *sql)
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
 * lower(text) on every connection Haven opens, in place of SQLite's own,
 * which lowers ASCII letters only: each character becomes its lower case
 * (Unicode's simple mapping, ICU's u_tolower), one character for one, as
 * PostgreSQL's lower() does in a UTF-8 database ("ÉMILE" and "Émile" are
 * one "émile" on both stores). A byte that is not UTF-8 is kept as it is.
 * Deterministic, so an index may be made on it (0116's on addresses). The
 * sqlite3 shell has only SQLite's own: an address with a capital beyond
 * ASCII that it writes is indexed under a key Haven never looks up, and its
 * integrity_check says such rows are missing from that index (they are not:
 * Haven's backup checks with this lower()); see docs/operations.md.
 */
static void lower_text(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const uint8_t *in = sqlite3_value_text(argv[0]);
	if (!in)
		return; /* NULL (or out of memory, which SQLite reports itself) stays NULL */
	int32_t n = sqlite3_value_bytes(argv[0]);
	/* a character's lower case is at most one byte longer than it (2 → 3 bytes) */
	uint8_t *out = sqlite3_malloc64((sqlite3_uint64)n * 2 + 1);
	if (!out) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	int32_t i = 0, o = 0;
	while (i < n) {
		int32_t start = i;
		UChar32 c;
		U8_NEXT(in, i, n, c);
		if (c < 0) {
			memcpy(out + o, in + start, (size_t)(i - start));
			o += i - start;
		} else {
			U8_APPEND_UNSAFE(out, o, u_tolower(c));
		}
	}
	sqlite3_result_text(ctx, (const char *)out, o, sqlite3_free);
}

bool sqlite_register_lower(sqlite3 *db)
{
	return sqlite3_create_function_v2(db, "lower", 1,
	                                  SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
	                                  lower_text, NULL, NULL, NULL) == SQLITE_OK;
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

sqlite3 *sqlite_open_db(const char *path, int flags, char **err)
{
	pthread_once(&configure_once, configure_sqlite);
	sqlite3 *db = NULL;
	int rc = sqlite3_open_v2(path, &db, flags | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		fail_with(err, HAVEN_ERR_DB, "cannot open database %s: %s", path,
		          db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, BUSY_TIMEOUT_MS);
	sqlite3_extended_result_codes(db, 1);
	if (sqlite_exec(db, "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;") != SQLITE_OK) {
		fail_with(err, HAVEN_ERR_DB, "cannot set database pragmas");
		sqlite3_close(db);
		return NULL;
	}
	if (!sqlite_register_lower(db)) {
		fail_with(err, HAVEN_ERR_DB, "cannot add lower() to the connection to %s", path);
		sqlite3_close(db);
		return NULL;
	}
	return db;
}

/* ---- connections ---- */

static sqlite3 *handle(db_conn *db)
{
	return db->handle;
}

static sqlite3_stmt *stmt_handle(db_stmt *stmt)
{
	return stmt->handle;
}

static db_conn *sqlite_connect(const char *path, enum db_open_mode mode, char **err)
{
	sqlite3 *db = NULL;
	switch (mode) {
	case DB_OPEN_WRITER:
		db = sqlite_open_db(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, err);
		if (db && sqlite_exec(db, WAL_KEPT_PRAGMA) != SQLITE_OK) {
			fail_with(err, HAVEN_ERR_DB, "cannot limit the write-ahead log of %s", path);
			sqlite3_close(db);
			db = NULL;
		}
		break;
	case DB_OPEN_READER:
		db = sqlite_open_db(path, SQLITE_OPEN_READONLY, err);
		if (db && sqlite_exec(db, "PRAGMA query_only = ON;") != SQLITE_OK) {
			fail_with(err, HAVEN_ERR_DB, "cannot make a read connection to %s read-only", path);
			sqlite3_close(db);
			db = NULL;
		}
		break;
	case DB_OPEN_READ_FILE: {
		int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL);
		if (rc != SQLITE_OK) {
			fail_with(err, (rc & 0xff) == SQLITE_CANTOPEN ? HAVEN_ERR_NOT_FOUND : HAVEN_ERR_DB,
			          "%s", db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
			sqlite3_close(db);
			return NULL;
		}
		sqlite3_busy_timeout(db, BUSY_TIMEOUT_MS); /* a running Haven's checkpoint, say */
		if (!sqlite_register_lower(db)) {
			fail_with(err, HAVEN_ERR_DB, "cannot add lower() to the connection to %s", path);
			sqlite3_close(db);
			return NULL;
		}
		break;
	}
	}
	return db ? db_conn_new(&db_sqlite_ops, db) : NULL;
}

static void sqlite_disconnect(db_conn *db)
{
	sqlite3_close(handle(db));
	free(db);
}

static bool sqlite_ready(db_conn *db)
{
	(void)db;
	return true;
}

static db_stmt *sqlite_prepare(db_conn *db, const char *sql)
{
	sqlite3_stmt *stmt = NULL;
	int rc = sqlite3_prepare_v3(handle(db), sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
	if (rc != SQLITE_OK) {
		log_error("database: cannot prepare (%s): %.80s", sqlite3_errmsg(handle(db)), sql);
		sqlite3_finalize(stmt);
		return NULL;
	}
	db_stmt *s = xcalloc(1, sizeof *s);
	s->conn = db;
	s->handle = stmt;
	return s;
}

static void sqlite_finalize(db_stmt *stmt)
{
	sqlite3_finalize(stmt_handle(stmt));
	free(stmt);
}

static enum haven_status sqlite_exec_script(db_conn *db, const char *sql)
{
	int rc = sqlite3_exec(handle(db), sql, NULL, NULL, NULL);
	return rc == SQLITE_OK                    ? HAVEN_OK
	       : (rc & 0xff) == SQLITE_CONSTRAINT ? HAVEN_ERR_CONFLICT
	                                          : HAVEN_ERR_DB;
}

static bool sqlite_in_transaction(db_conn *db)
{
	return !sqlite3_get_autocommit(handle(db));
}

static bool sqlite_out_of_space(db_conn *db)
{
	return (sqlite3_extended_errcode(handle(db)) & 0xff) == SQLITE_FULL;
}

static const char *sqlite_error(db_conn *db)
{
	return sqlite3_errmsg(handle(db));
}

static const char *sqlite_file(db_conn *db)
{
	return sqlite3_db_filename(handle(db), "main");
}

/* ---- statements ---- */

static void sqlite_reset(db_stmt *stmt)
{
	sqlite3_reset(stmt_handle(stmt));
	sqlite3_clear_bindings(stmt_handle(stmt));
}

static bool sqlite_bind(db_stmt *stmt, int index, const struct db_value *v)
{
	sqlite3_stmt *s = stmt_handle(stmt);
	int rc;
	switch (v->type) {
	case DB_VALUE_INT: rc = sqlite3_bind_int64(s, index, v->integer); break;
	case DB_VALUE_REAL: rc = sqlite3_bind_double(s, index, v->real); break;
	case DB_VALUE_TEXT:
		rc = v->text ? sqlite3_bind_text(s, index, v->text, -1, SQLITE_STATIC)
		             : sqlite3_bind_null(s, index);
		break;
	case DB_VALUE_JSON:
		rc = json_is_string(v->json)
		         ? sqlite3_bind_text(s, index, json_string_value(v->json),
		                             (int)json_string_length(v->json), SQLITE_STATIC)
		         : sqlite3_bind_null(s, index);
		break;
	case DB_VALUE_BLOB: rc = sqlite3_bind_blob(s, index, v->blob, (int)v->size, SQLITE_STATIC); break;
	case DB_VALUE_NULL:
	default: rc = sqlite3_bind_null(s, index); break;
	}
	return rc == SQLITE_OK;
}

static enum haven_status status_of(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_CONSTRAINT: return HAVEN_ERR_CONFLICT;
	case SQLITE_NOTFOUND: return HAVEN_ERR_NOT_FOUND;
	case SQLITE_TOOBIG: return HAVEN_ERR_TOO_LARGE;
	default: return HAVEN_ERR_DB;
	}
}

static enum db_step sqlite_step(db_stmt *stmt)
{
	int rc = sqlite3_step(stmt_handle(stmt));
	if (rc == SQLITE_ROW)
		return DB_STEP_ROW;
	if (rc == SQLITE_DONE)
		return DB_STEP_DONE;
	stmt->failure = status_of(rc);
	return DB_STEP_ERROR;
}

static int sqlite_column_count(db_stmt *stmt)
{
	return sqlite3_column_count(stmt_handle(stmt));
}

static const char *sqlite_column_name(db_stmt *stmt, int column)
{
	return sqlite3_column_name(stmt_handle(stmt), column);
}

static enum db_kind sqlite_column_kind(db_stmt *stmt, int column)
{
	switch (sqlite3_column_type(stmt_handle(stmt), column)) {
	case SQLITE_INTEGER: return DB_KIND_INT;
	case SQLITE_FLOAT: return DB_KIND_REAL;
	case SQLITE_TEXT: return DB_KIND_TEXT;
	case SQLITE_BLOB: return DB_KIND_BLOB;
	default: return DB_KIND_NULL;
	}
}

static long long sqlite_column_int(db_stmt *stmt, int column)
{
	return sqlite3_column_int64(stmt_handle(stmt), column);
}

static double sqlite_column_real(db_stmt *stmt, int column)
{
	return sqlite3_column_double(stmt_handle(stmt), column);
}

static const char *sqlite_column_text(db_stmt *stmt, int column)
{
	return (const char *)sqlite3_column_text(stmt_handle(stmt), column);
}

static const void *sqlite_column_blob(db_stmt *stmt, int column, size_t *size)
{
	const void *bytes = sqlite3_column_blob(stmt_handle(stmt), column);
	*size = bytes ? (size_t)sqlite3_column_bytes(stmt_handle(stmt), column) : 0;
	return bytes;
}

static size_t sqlite_column_size(db_stmt *stmt, int column)
{
	return (size_t)sqlite3_column_bytes(stmt_handle(stmt), column);
}

static long long sqlite_changes(db_stmt *stmt)
{
	return sqlite3_changes(handle(stmt->conn));
}

static int sqlite_parameter_index(db_stmt *stmt, const char *name)
{
	return sqlite3_bind_parameter_index(stmt_handle(stmt), name);
}

static const char *sqlite_sql(db_stmt *stmt)
{
	return sqlite3_sql(stmt_handle(stmt));
}

/* ---- a thread's read transaction ---- */

/*
 * Not the areas' SQL, so not in the statement registry: the reader's cache
 * keys on these arrays' addresses. A deferred BEGIN takes its snapshot at
 * the transaction's first read; a read-only COMMIT writes nothing.
 */
static const char read_begin_sql[] = "BEGIN";
static const char read_end_sql[] = "COMMIT";

/* Steps a statement that returns no rows; true if it ran. */
static bool run_control(db_conn *db, const char *sql)
{
	db_stmt *stmt = db_prepare_registered(db, sql);
	if (!stmt)
		return false;
	bool ran = sqlite_step(stmt) == DB_STEP_DONE;
	if (!ran)
		db_log_failure(stmt);
	sqlite_reset(stmt);
	return ran;
}

static bool sqlite_read_begin(db_conn *db)
{
	if (!sqlite3_get_autocommit(handle(db)))
		return false; /* a transaction is open already: not this call's to end */
	return run_control(db, read_begin_sql);
}

static void sqlite_read_end(db_conn *db)
{
	if (sqlite3_get_autocommit(handle(db)))
		return; /* SQLite ended it itself, after an error */
	if (!run_control(db, read_end_sql))
		sqlite_exec(handle(db), "ROLLBACK");
}

const struct db_ops db_sqlite_ops = {
    .name = "SQLite",
    .connect = sqlite_connect,
    .disconnect = sqlite_disconnect,
    .ready = sqlite_ready,
    .prepare = sqlite_prepare,
    .finalize = sqlite_finalize,
    .reset = sqlite_reset,
    .bind = sqlite_bind,
    .step = sqlite_step,
    .column_count = sqlite_column_count,
    .column_name = sqlite_column_name,
    .column_kind = sqlite_column_kind,
    .column_int = sqlite_column_int,
    .column_real = sqlite_column_real,
    .column_text = sqlite_column_text,
    .column_blob = sqlite_column_blob,
    .column_size = sqlite_column_size,
    .changes = sqlite_changes,
    .parameter_index = sqlite_parameter_index,
    .sql = sqlite_sql,
    .exec_script = sqlite_exec_script,
    .in_transaction = sqlite_in_transaction,
    .out_of_space = sqlite_out_of_space,
    .error = sqlite_error,
    .file = sqlite_file,
    .read_begin = sqlite_read_begin,
    .read_end = sqlite_read_end,
};
