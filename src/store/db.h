/*
 * db.h — the store's interface for store files: connections, statements,
 * values, rows and units of work, by names of its own (db_conn, db_stmt,
 * db_*). Two backends implement it, chosen at run time by the --db target
 * (store/backend.h): SQLite (src/store/sqlite*.c, a file path, the default)
 * and PostgreSQL through libpq (src/store/pg*.c, a postgresql:// URL).
 * Nothing outside src/store calls either library (scripts/lint.sh checks
 * it), so every area's store runs on both (#21).
 *
 * Only store files (src/store/ and an area's *_sqlite.c) include this;
 * handlers call their area's store_* functions instead. Reads run on the
 * calling thread's own read-only connection; writes are units of work handed
 * to the single writer thread, which runs many of them in one transaction
 * (group commit) and returns only once that transaction is durable on disk.
 *
 * Every SQL statement is a string literal passed to db_prepare(), which
 * prepares it once per connection and reuses it; values are always bound,
 * never written into the SQL.
 */
#ifndef HAVEN_STORE_DB_H
#define HAVEN_STORE_DB_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"
#include "store/store.h"

/*
 * A connection and a prepared statement, the store's own opaque types: each
 * says which backend it belongs to and holds that library's handle
 * (store/backend.h), so a store file that says db_conn, db_stmt and the db_*
 * calls below is written once for both backends (#21).
 */
typedef struct db_conn db_conn;
typedef struct db_stmt db_stmt;

/* This thread's read-only connection, opened on first use; NULL if it can't open. */
db_conn *db_reader(void);

/*
 * The prepared statement for `sql` on `db`, prepared on first use and cached
 * for the connection's lifetime (the cache grows; it never refuses). `sql`
 * must be a string literal: the macro records it in the statement registry
 * (see db_statements) and the cache keys on its address, so a non-constant
 * argument is a compile error. The statement comes back reset with no
 * bindings; call db_done() when finished with it. NULL on a prepare error
 * (logged).
 */
#define db_prepare(db, sql) db_prepare_registered((db), DB_SQL(sql))

/*
 * The statement registry. DB_SQL("…") is the literal itself, recorded by the
 * linker in the section haven_sql; DB_REGISTER(name) records a file-scope
 * `static const char name[]` the same way, for statements chosen at run time
 * from a few fixed texts (one of four audit searches, say). A unit test
 * prepares every registered statement against the current schema.
 */
#define DB_SQL(text)                                                                                         \
	(__extension__({                                                                                     \
		static const char *db_sql_text_ __attribute__((section("haven_sql"), used)) = (text);        \
		db_sql_text_;                                                                                \
	}))
#define DB_REGISTER(name)                                                                                    \
	static const char *db_registered_##name __attribute__((section("haven_sql"), used)) = (name)

/*
 * db_prepare for a text recorded with DB_REGISTER (or a DB_SQL value kept in
 * a table); `sql` must live as long as the program.
 */
db_stmt *db_prepare_registered(db_conn *db, const char *sql);

/* Every registered statement's text, in *texts; returns how many. */
size_t db_statements(const char *const **texts);

/* Resets a statement from db_prepare and clears its bindings. */
void db_done(db_stmt *stmt);

/* A unit of work run by the writer inside its transaction. */
typedef enum haven_status (*db_write_fn)(db_conn *db, void *ctx);

/*
 * The unit of work `db` (a db_write_fn's connection, or a reader) as the
 * opaque handle other areas' functions take, and back. The same pointer,
 * only its type changes: store files convert at the line where they pass it
 * on or receive it, so nothing above the store sees a database library.
 */
static inline struct store_tx *db_tx(db_conn *db)
{
	return (struct store_tx *)db;
}
static inline db_conn *db_tx_conn(struct store_tx *tx)
{
	return (db_conn *)tx;
}

/*
 * Queues `fn` for the writer and waits until it has run and its transaction
 * is committed (HAVEN_OK only then) or rolled back. If fn fails, only its own
 * changes are undone (it runs in a savepoint), and its status is returned.
 */
enum haven_status db_write(db_write_fn fn, void *ctx) HAVEN_MUST_CHECK;

/* How an asynchronous unit ended: HAVEN_OK once its transaction is durable, else its failure. */
typedef void (*db_write_done_fn)(enum haven_status result, void *ctx);

/*
 * db_write without the wait: queues `fn` for the writer, run in the same
 * batches under the same rules (its own savepoint; HAVEN_OK only once the
 * batch's COMMIT is durable), and returns at once. `then(result,
 * then_ctx)` is called exactly once, on the writer thread after the batch
 * has committed or failed: it must be quick (the next batch waits for it) and
 * may not call db_write (the writer would wait for itself). `ctx` must live until then. Returns
 * HAVEN_ERR_DB, and never calls `then`, if the store is closed or closing.
 */
enum haven_status db_write_async(db_write_fn fn, void *ctx, db_write_done_fn then,
                                 void *then_ctx) HAVEN_MUST_CHECK;

/*
 * db_write_async for a unit safe to run again: one that only adds rows (an
 * audited read's audit rows), changes nothing outside the database, and
 * whose function may be called a second time in the same batch, after
 * everything its first run wrote has been rolled back. The writer runs such
 * units queued next to each other together, without a savepoint each and
 * (on PostgreSQL) without waiting for each one's answers; if one fails,
 * they are rolled back together and run again one at a time, each in its
 * own savepoint, so the failure is still its own unit's alone. Otherwise as
 * db_write_async.
 */
enum haven_status db_write_async_replayable(db_write_fn fn, void *ctx, db_write_done_fn then,
                                            void *then_ctx) HAVEN_MUST_CHECK;

/*
 * For a unit of work that keeps something it read or wrote for the next
 * unit in the same transaction (the audit trail's last row): a number that
 * stays the same while the writer's transaction keeps every write made so
 * far, and changes when a unit is rolled back, the transaction ends (others
 * may write between transactions) or the store is opened again. 0 when
 * `db` is not the writer's connection: keep nothing then.
 */
unsigned long long db_writer_epoch(db_conn *db);

/*
 * Loads an area's demo data (haven init --demo): runs the built-in SQL file
 * `name` ("demo/AREA.sql", from the area's demo.sql) and then, if `then` is
 * not NULL, then(db, ctx) for what plain SQL cannot do (working out match
 * keys, say), all as one unit of work. HAVEN_ERR_NOT_FOUND if no such file
 * is built in; a failing statement is logged with the file's name.
 */
enum haven_status db_load_demo_sql(const char *name, db_write_fn then, void *ctx) HAVEN_MUST_CHECK;

/*
 * Steps `stmt` to the end and returns its rows as a new array of objects
 * keyed by column name, with integers, reals, text and NULLs typed as JSON.
 * Resets the statement. NULL on error.
 */
json_t *db_rows(db_stmt *stmt);

/*
 * The one row a bound statement finds (fetching a record by its id, say):
 * steps `stmt` as db_rows does and stores its first row as a new object in
 * *out. HAVEN_ERR_NOT_FOUND if it finds none, HAVEN_ERR_DB on error (*out
 * NULL for both).
 */
enum haven_status db_row(db_stmt *stmt, json_t **out) HAVEN_MUST_CHECK;

/*
 * Runs `sql`, one or more statements with no values and written for this
 * connection's backend (an area's demo file, a test's fixture), outside the
 * statement cache: HAVEN_OK, or the failure's status (logged).
 */
enum haven_status db_exec_script(db_conn *db, const char *sql) HAVEN_MUST_CHECK;

/* Runs a step that must finish (INSERT/UPDATE/DELETE); resets the statement. */
enum haven_status db_exec_stmt(db_stmt *stmt) HAVEN_MUST_CHECK;

/* Binds a JSON string or null to parameter `index` (1-based). */
void db_bind_json_text(db_stmt *stmt, int index, const json_t *value);

/*
 * ---- Statements with their values, in one call ----
 *
 * Most statements are prepared, given a few values, run and reset in one
 * place. These do all of that, so a store says only its SQL and its values:
 *
 *     st = db_exec_with(db, "UPDATE users SET name = ? WHERE id = ?",
 *                       DB_TEXT(name), DB_INT(id));
 *     st = db_row_with(db, "SELECT * FROM users WHERE id = ?", &user, DB_INT(id));
 *     st = db_integer_with(db, "SELECT count(*) FROM users WHERE agency_id = ?", &n,
 *                          DB_INT(agency));
 *
 * The values bind to ?1, ?2, ... in order. A text binds without a copy,
 * so it must outlive the call; the call resets the statement
 * before it returns. The `_with` forms need at least one value; a statement
 * with none is db_exec_stmt(db_prepare(db, "...")) and the like, which take
 * a NULL statement (a failed prepare, or db NULL when db_reader() failed) as
 * HAVEN_ERR_DB.
 */
enum db_value_type {
	DB_VALUE_NULL,
	DB_VALUE_INT,
	DB_VALUE_REAL,
	DB_VALUE_TEXT,
	DB_VALUE_JSON,
	DB_VALUE_BLOB
};
struct db_value {
	enum db_value_type type;
	long long integer;
	double real;
	const char *text;   /* DB_VALUE_TEXT; NULL binds NULL */
	const json_t *json; /* DB_VALUE_JSON: a string binds as text, anything else (or NULL) as NULL */
	const void *blob;   /* DB_VALUE_BLOB, `size` bytes */
	size_t size;
};
#define DB_NULL ((struct db_value){.type = DB_VALUE_NULL})
#define DB_INT(value) ((struct db_value){.type = DB_VALUE_INT, .integer = (value)})
#define DB_REAL(value) ((struct db_value){.type = DB_VALUE_REAL, .real = (value)})
#define DB_TEXT(value) ((struct db_value){.type = DB_VALUE_TEXT, .text = (value)})
#define DB_JSON(value) ((struct db_value){.type = DB_VALUE_JSON, .json = (value)})
#define DB_BLOB(bytes, length) ((struct db_value){.type = DB_VALUE_BLOB, .blob = (bytes), .size = (length)})
/* A JSON integer, or NULL for anything else (a field left out, say). */
#define DB_JSON_INT(value) (json_is_integer(value) ? DB_INT(json_integer_value(value)) : DB_NULL)

/* The values of a call as an array and its length. */
#define DB_VALUES(...)                                                                                       \
	(const struct db_value[]){__VA_ARGS__},                                                              \
	    sizeof((const struct db_value[]){__VA_ARGS__}) / sizeof(struct db_value)

/*
 * Binds `count` values to ?1..?count of `stmt` (from db_prepare, so with no
 * bindings yet). false if `stmt` is NULL or the backend refuses a value (logged);
 * the statement is then reset. For a statement stepped by hand:
 * `if (!db_bind(stmt, DB_INT(id))) return HAVEN_ERR_DB;`, then db_done().
 */
bool db_bind_values(db_stmt *stmt, const struct db_value *values, size_t count) HAVEN_MUST_CHECK;
#define db_bind(stmt, ...) db_bind_values((stmt), DB_VALUES(__VA_ARGS__))

/* db_bind_values, then db_exec_stmt: HAVEN_ERR_DB if stmt is NULL or a value will not bind. */
enum haven_status db_exec_values(db_stmt *stmt, const struct db_value *values, size_t count) HAVEN_MUST_CHECK;
#define db_exec_with(db, sql, ...) db_exec_values(db_prepare((db), sql), DB_VALUES(__VA_ARGS__))

/* db_bind_values, then db_row. */
enum haven_status db_row_values(db_stmt *stmt, json_t **out, const struct db_value *values,
                                size_t count) HAVEN_MUST_CHECK;
#define db_row_with(db, sql, out, ...) db_row_values(db_prepare((db), sql), (out), DB_VALUES(__VA_ARGS__))

/* db_bind_values, then db_rows: a new array, or NULL on error. */
json_t *db_rows_values(db_stmt *stmt, const struct db_value *values, size_t count);
#define db_rows_with(db, sql, ...) db_rows_values(db_prepare((db), sql), DB_VALUES(__VA_ARGS__))

/*
 * The rows a read finds on the reader connection, into *out, in one call (a
 * store's list): HAVEN_OK, or HAVEN_ERR_DB with *out NULL. A statement with
 * no values takes none: db_read_rows(out, "SELECT code, name FROM ...").
 *     return db_read_rows(out, "SELECT ... WHERE return_id = ?", DB_INT(id));
 */
enum haven_status db_read_rows_values(json_t **out, db_stmt *stmt, const struct db_value *values,
                                      size_t count) HAVEN_MUST_CHECK;
#define db_read_rows(out, sql, ...)                                                                          \
	db_read_rows_values((out), db_prepare(db_reader(), sql), DB_VALUES(__VA_ARGS__))

/*
 * A count a statement finds (a page's total, say): db_integer_values, or -1
 * if it fails, which a page shows as "unknown" rather than failing.
 * db_count(stmt) with no values runs a statement already bound.
 */
long long db_count_values(db_stmt *stmt, const struct db_value *values, size_t count);
#define db_count(stmt, ...) db_count_values((stmt), DB_VALUES(__VA_ARGS__))

/*
 * A record's list, in one call: the rows a statement finds (db_rows_values)
 * stored under `key` of `object` (an incident's adults, a case's agencies).
 * HAVEN_ERR_DB, with `object` unchanged, on error.
 */
enum haven_status db_rows_into_values(json_t *object, const char *key, db_stmt *stmt,
                                      const struct db_value *values, size_t count) HAVEN_MUST_CHECK;
#define db_rows_into(object, key, db, sql, ...)                                                              \
	db_rows_into_values((object), (key), db_prepare((db), sql), DB_VALUES(__VA_ARGS__))

/*
 * A list gathered from several reads (a person's tasks, from each area's
 * queries): the rows a statement finds (db_rows_values) appended to the
 * array `list`. HAVEN_ERR_DB, with `list` unchanged, on error.
 * db_read_rows_append reads on the reader connection:
 *     return db_read_rows_append(tasks, "SELECT ... WHERE agency_id = ?", DB_INT(user->agency_id));
 */
enum haven_status db_rows_append_values(json_t *list, db_stmt *stmt, const struct db_value *values,
                                        size_t count) HAVEN_MUST_CHECK;
#define db_rows_append(list, db, sql, ...)                                                                   \
	db_rows_append_values((list), db_prepare((db), sql), DB_VALUES(__VA_ARGS__))
#define db_read_rows_append(list, sql, ...)                                                                  \
	db_rows_append_values((list), db_prepare(db_reader(), sql), DB_VALUES(__VA_ARGS__))

/*
 * ---- The time a store writes ----
 *
 * Times are computed in C and bound, never by the SQL engine ('now',
 * strftime, unixepoch), so every backend writes the same text (#21). A
 * moment is stored as UTC text with milliseconds, "2026-12-04T06:01:02.345Z"
 * (what strftime('%Y-%m-%dT%H:%M:%fZ', 'now') wrote), and sorts as it reads.
 */
#define DB_TIME_SIZE sizeof "2026-12-04T06:01:02.345Z"

/* The current time as a store writes it, into out. */
void db_now_text(char out[static DB_TIME_SIZE]);

/* `utc` (seconds since 1970) as a store writes it, with ".000" milliseconds. */
void db_time_text(long long utc, char out[static DB_TIME_SIZE]);

/*
 * ---- Stepping by hand ----
 *
 * For the few reads whose rows a store turns into its own C structures (a
 * session, the audit chain's head) rather than JSON:
 *
 *     db_stmt *st = db_prepare(db, "SELECT id, name FROM agencies WHERE kind = ?");
 *     if (!db_bind(st, DB_TEXT(kind)))
 *             return HAVEN_ERR_DB;
 *     enum db_step step;
 *     while ((step = db_step(st)) == DB_STEP_ROW)
 *             add(db_column_int(st, 0), db_column_text(st, 1));
 *     db_done(st);
 *     return step == DB_STEP_DONE ? HAVEN_OK : HAVEN_ERR_DB;
 *
 * A column's text or blob is valid until the next db_step or db_done.
 */
enum db_step { DB_STEP_ROW, DB_STEP_DONE, DB_STEP_ERROR };

/* The statement's next row (DB_STEP_ROW), its end, or an error (logged). NULL stmt: DB_STEP_ERROR. */
enum db_step db_step(db_stmt *stmt);

/* Column `column` (0-based) of the current row: NULL reads as 0, as NULL text, as 0.0. */
long long db_column_int(db_stmt *stmt, int column);
double db_column_real(db_stmt *stmt, int column);
const char *db_column_text(db_stmt *stmt, int column);
bool db_column_is_null(db_stmt *stmt, int column);
/* The bytes of a blob column and their number in *size (NULL and 0 for NULL or empty). */
const void *db_column_blob(db_stmt *stmt, int column, size_t *size);

/* What a column's value is stored as (the audit chain hashes each value by its kind). */
enum db_kind { DB_KIND_NULL, DB_KIND_INT, DB_KIND_REAL, DB_KIND_TEXT, DB_KIND_BLOB };
enum db_kind db_column_kind(db_stmt *stmt, int column);
/* How many bytes a text or blob column holds (0 for NULL). */
size_t db_column_size(db_stmt *stmt, int column);

/*
 * Binds `value` to the parameter named `name` (":user") if the statement has
 * one, else does nothing: a statement declared by another area (a record
 * type's relationship query) may name any of the values offered, in any order.
 */
void db_bind_named_int(db_stmt *stmt, const char *name, long long value);

/* The file the connection's database is in (a documents folder sits beside it); NULL if none. */
const char *db_file(db_conn *db);

/*
 * The folder beside the database for an area's files that are not rows, made
 * (mode 0700) if missing: "DB.SUFFIX" (suffix ".documents", say), or
 * "haven.SUFFIX" in the working directory on PostgreSQL, which has no file.
 * A folder that cannot be made is logged, once for each suffix; writing in it
 * then fails. `suffix` must be a string literal. Caller frees.
 */
char *db_side_folder(db_conn *db, const char *suffix);

/*
 * ---- A database file of its own ----
 *
 * `haven audit verify --db PATH` reads a file (a backup, say) that the store
 * did not open, on a read-only connection of its own:
 *
 *     db_conn *db;
 *     char why[DB_WHY_SIZE];
 *     enum haven_status st = db_open_file(path, &db, why);   // NOT_FOUND: cannot open it
 *     db_stmt *st = db_prepare_once(db, "SELECT ... FROM audit_log ORDER BY id");
 *     ... db_step, db_column_* ...
 *     db_finalize(st);
 *     db_close_file(db);
 *
 * The statement is registered (checked against the schema by a unit test)
 * but not cached: the connection lives only as long as the check.
 */
#define DB_WHY_SIZE 256
enum haven_status db_open_file(const char *path, db_conn **out,
                               char why[static DB_WHY_SIZE]) HAVEN_MUST_CHECK;
#define db_prepare_once(db, sql) db_prepare_once_registered((db), DB_SQL(sql))
db_stmt *db_prepare_once_registered(db_conn *db, const char *sql);
/* The connection's last error, for a message. */
const char *db_error(db_conn *db);
void db_finalize(db_stmt *stmt);
void db_close_file(db_conn *db);

/*
 * db_exec_values that also says how many rows the statement changed, in
 * *changed (0 when it fails): "update it if it is still open" reads as
 *     st = db_exec_changed_with(db, "UPDATE ... WHERE id = ? AND status = 'open'", &n, DB_INT(id));
 *     if (st == HAVEN_OK && n == 0) ... someone got there first
 */
enum haven_status db_exec_changed_values(db_stmt *stmt, long long *changed, const struct db_value *values,
                                         size_t count) HAVEN_MUST_CHECK;
#define db_exec_changed_with(db, sql, changed, ...)                                                          \
	db_exec_changed_values(db_prepare((db), sql), (changed), DB_VALUES(__VA_ARGS__))

/*
 * db_exec_values for a row that nothing reads back before its unit ends
 * (the audit trail's): in a unit of the writer on PostgreSQL it is sent
 * without waiting for its answer (libpq's pipeline mode), HAVEN_OK is
 * returned at once, and a failure fails the unit when its function
 * returns (writer.c's run_batch), so the unit is rolled back as for any
 * failure. Elsewhere, and on SQLite, it is db_exec_values.
 */
enum haven_status db_exec_deferred_values(db_stmt *stmt, const struct db_value *values,
                                          size_t count) HAVEN_MUST_CHECK;

/*
 * One number a statement finds (a count, an id, a flag): binds the values,
 * steps once and stores the first column of the first row in *out.
 * HAVEN_ERR_NOT_FOUND if there is no row (*out untouched); on error the
 * status db_exec_stmt gives (a constraint: HAVEN_ERR_CONFLICT, as for an
 * INSERT ... RETURNING id). NULL in that column reads as 0.
 */
enum haven_status db_integer_values(db_stmt *stmt, long long *out, const struct db_value *values,
                                    size_t count) HAVEN_MUST_CHECK;
#define db_integer_with(db, sql, out, ...)                                                                   \
	db_integer_values(db_prepare((db), sql), (out), DB_VALUES(__VA_ARGS__))

#endif
