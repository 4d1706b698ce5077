/*
 * backend.h — inside src/store only: what a db_conn and a db_stmt hold, and
 * the primitives each backend gives the store's shared code (store.c's
 * statement cache and opening; writer.c's writer; rows.c's helpers of db.h). SQLite
 * (sqlite*.c) and PostgreSQL (pg*.c) each fill in a struct db_ops; a
 * connection points at its backend's, so the shared code runs on either
 * without knowing which.
 */
#ifndef HAVEN_STORE_BACKEND_H
#define HAVEN_STORE_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/fail_with.h"
#include "store/db.h"

struct db_ops;

/* A statement in a connection's cache, keyed on the address of its SQL text (db_prepare). */
struct cached_statement {
	const char *sql;
	db_stmt *stmt;
};

struct db_conn {
	const struct db_ops *ops;
	void *handle; /* sqlite3 *, or the PostgreSQL backend's struct pg_conn * */
	/* The statement cache: open addressing, doubled whenever half full. */
	struct cached_statement *cache;
	size_t capacity;      /* slots; a power of two; 0 for a connection without a cache */
	size_t count;         /* slots in use */
	struct db_conn *next; /* the store's list of every connection, for closing */
};

struct db_stmt {
	db_conn *conn;
	void *handle;              /* sqlite3_stmt *, or the PostgreSQL backend's struct pg_stmt * */
	enum haven_status failure; /* why the last step failed (DB_STEP_ERROR) */
};

/* How a connection is opened. */
enum db_open_mode {
	DB_OPEN_WRITER,   /* the writer's (and migrations'): read-write, the file created if missing */
	DB_OPEN_READER,   /* a thread's read-only connection */
	DB_OPEN_READ_FILE /* a file of its own, read-only (db_open_file) */
};

struct db_ops {
	const char *name; /* "SQLite", "PostgreSQL", for messages */
	/* A new connection to `target`, or NULL with a malloc'd *err. */
	db_conn *(*connect)(const char *target, enum db_open_mode mode, char **err);
	/* Closes the library's handle and frees `db` (not its cache: the caller finalizes that). */
	void (*disconnect)(db_conn *db);
	/* True if `db` can take a new transaction, reconnecting first if it was broken. */
	bool (*ready)(db_conn *db);
	/* A new statement (not cached), or NULL having logged why. */
	db_stmt *(*prepare)(db_conn *db, const char *sql);
	void (*finalize)(db_stmt *stmt);
	/* Back to the start, with no bindings. */
	void (*reset)(db_stmt *stmt);
	/* Binds one value to parameter `index` (1-based); false if refused (not logged). */
	bool (*bind)(db_stmt *stmt, int index, const struct db_value *value);
	/* The next row, the end, or an error with stmt->failure set (not logged). */
	enum db_step (*step)(db_stmt *stmt);
	int (*column_count)(db_stmt *stmt);
	const char *(*column_name)(db_stmt *stmt, int column);
	enum db_kind (*column_kind)(db_stmt *stmt, int column);
	long long (*column_int)(db_stmt *stmt, int column);
	double (*column_real)(db_stmt *stmt, int column);
	const char *(*column_text)(db_stmt *stmt, int column);
	const void *(*column_blob)(db_stmt *stmt, int column, size_t *size);
	size_t (*column_size)(db_stmt *stmt, int column);
	/* Rows the statement's last run changed. */
	long long (*changes)(db_stmt *stmt);
	/* The index of the parameter named `name` (":user"), or 0. */
	int (*parameter_index)(db_stmt *stmt, const char *name);
	/* The statement's SQL, for a message. */
	const char *(*sql)(db_stmt *stmt);
	/* Runs statements without values: HAVEN_OK or the failure (not logged; see error). */
	enum haven_status (*exec_script)(db_conn *db, const char *sql);
	/* True while a transaction is open (false once the engine has rolled it back itself). */
	bool (*in_transaction)(db_conn *db);
	/*
	 * True while the open transaction can only be rolled back: on PostgreSQL
	 * after a statement failed in it (its COMMIT would then roll everything
	 * back, answered as a command done); NULL where no such state exists
	 * (SQLite undoes a failed statement alone).
	 */
	bool (*transaction_failed)(db_conn *db);
	/* True if the connection's last failure was for lack of disk space. */
	bool (*out_of_space)(db_conn *db);
	const char *(*error)(db_conn *db);
	/* The database file, or NULL if it has none. */
	const char *(*file)(db_conn *db);
	/*
	 * The writer's RELEASE unit and SAVEPOINT unit (between two units of a
	 * batch) without a round trip of their own, for a server the writer
	 * talks to over a socket (PostgreSQL: sent ahead of the unit's
	 * statements, their answers read at unit_end); true, or false with the
	 * failure in error. NULL (SQLite): the two prepared statements are as
	 * quick.
	 */
	bool (*next_unit)(db_conn *db);
	/*
	 * One of the writer's transaction-control statements (`sql`: BEGIN, a
	 * batch's first SAVEPOINT unit, a last run's COMMIT) sent without a round
	 * trip of its own: its answer is read with the next statement's that
	 * needs one (PostgreSQL: in libpq's pipeline, read by pg_step's flight or
	 * unit_end, a failure of it reported as *between_failed). True if sent;
	 * false, nothing sent, to run it as any other. NULL (SQLite): run as any
	 * other.
	 */
	bool (*send_ahead)(db_conn *db, const char *sql);
	/*
	 * The writer's pipeline (PostgreSQL): unit_begin before a unit's
	 * function runs (or a run of units safe to run again, run together:
	 * writer.c's run_together), after which db_exec_deferred may send a statement
	 * without waiting for its answer (send: true if it did; false, nothing
	 * sent, if it must run as any other); unit_end after the function,
	 * waiting for every answer still owed: HAVEN_OK, or the first sent
	 * statement's failure (logged), with *between_failed set if it was the
	 * savepoints before the unit (next_unit's, then sent the same way).
	 * NULL (SQLite): every statement runs when stepped.
	 */
	void (*unit_begin)(db_conn *db);
	bool (*send)(db_stmt *stmt);
	enum haven_status (*unit_end)(db_conn *db, bool *between_failed);
	/*
	 * A thread's read transaction over several statements (store_read_begin):
	 * read_begin opens one on reader `db` (true if it did; false if one is
	 * open already, or it failed, logged), read_end ends it. NULL
	 * (PostgreSQL): each statement reads on its own, where a BEGIN and a
	 * COMMIT would add two round trips to a request.
	 */
	bool (*read_begin)(db_conn *db);
	void (*read_end)(db_conn *db);
};

extern const struct db_ops db_sqlite_ops;
extern const struct db_ops db_postgres_ops;

/* A new connection of `ops`'s backend holding the library's `handle` (no cache yet). */
db_conn *db_conn_new(const struct db_ops *ops, void *handle);

/* PostgreSQL for a postgresql:// or postgres:// URL, else SQLite (a file path). */
const struct db_ops *db_backend_for(const char *target);

/* Logs the statement's last failure, with its SQL. */
void db_log_failure(db_stmt *stmt);

/* Column `column` of the current row as JSON, typed as db_rows types it (a blob as a string). */
json_t *db_column_json(db_stmt *stmt, int column);

/*
 * Migrations and opening, per backend (store_migrate and store_open check
 * the schema through these): the SQLite runner in sqlite.c, PostgreSQL's in
 * pg.c. *_check_open gives the writer's connection, checked at this Haven's
 * schema version, or NULL with *err and the status in *status.
 */
enum haven_status sqlite_migrate(const char *path, FILE *report, char **err);
enum haven_status pg_migrate(const char *url, FILE *report, char **err);
db_conn *sqlite_open_checked(const char *path, enum haven_status *status, char **err);
db_conn *pg_open_checked(const char *url, enum haven_status *status, char **err);

/* SQLite's own connection to `path` (sqlite3_open_v2 flags), pragmas set and Haven's lower() on it;
 * NULL with *err (sqlite.c). */
struct sqlite3 *sqlite_open_db(const char *path, int flags, char **err);
/* Puts Haven's lower() (every letter, as PostgreSQL's) on a connection opened otherwise, so what checks
 * the index made with it (integrity_check) reads it as made; false if SQLite could not (sqlite.c). */
bool sqlite_register_lower(struct sqlite3 *db);
/* Runs `sql` on an SQLite connection, logging a failure; SQLite's result code. */
int sqlite_exec(struct sqlite3 *db, const char *sql);

/* The built-in migrations (migrations/NNNN_name.sql), sorted; PostgreSQL's twins (*.pg.sql) if `twins`. */
struct migration {
	int number;
	const char *name; /* file name without directory */
	const char *sql;
};
struct migration *db_builtin_migrations(bool twins, size_t *count, char **err);
/*
 * HAVEN_OK if each built-in migration `db` records is recorded under this
 * Haven's name for its number; else HAVEN_ERR_VERSION naming the number, the
 * name recorded and the name expected, `database` (a path, or "the
 * PostgreSQL database in --db") saying where (migration_names.c).
 */
enum haven_status db_check_migration_names(db_conn *db, const char *database, char **err);

#endif
