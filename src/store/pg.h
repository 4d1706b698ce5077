/*
 * pg.h — inside the PostgreSQL backend only (pg.c, pg_stmt.c): what its
 * db_conn and db_stmt handles hold.
 */
#ifndef HAVEN_STORE_PG_H
#define HAVEN_STORE_PG_H

#include <libpq-fe.h>

#include "store/backend.h"

struct pg_conn {
	PGconn *pg;
	enum db_open_mode mode;
	/* Bumped by every reconnection: statements prepared before it are gone from the server. */
	unsigned epoch;
	unsigned long long names; /* statement names given so far on this connection */
	char sqlstate[6];         /* of the last failure */
	char error[512];          /* the last failure's message */
	/*
	 * The writer's pipeline (pg_unit_begin .. pg_unit_end): in_unit while a
	 * unit's function runs; piped while in libpq's pipeline mode, with
	 * owed_count statements sent whose answers are unread (owed[i]: one of
	 * next_unit's savepoint statements); the first of them to fail, and
	 * whether it was a savepoint statement, until the unit ends.
	 */
	bool in_unit, piped;
	bool *owed;
	size_t owed_count, owed_capacity;
	enum haven_status sent_failure;
	bool between_failed;
};

/* Records a failed result's SQLSTATE and message on the connection; the status it maps to. */
enum haven_status pg_failed(struct pg_conn *c, const PGresult *result);

/* Runs `sql`, commands with no rows (SET, SAVEPOINT), on the connection; true if it took, else its failure is
 * recorded. */
bool pg_command(struct pg_conn *c, const char *sql);

/*
 * Reads every answer owed in the writer's pipeline and leaves pipeline mode:
 * true if none failed (and none had since the unit began), else false with
 * the first failure recorded (sent_failure, error, sqlstate). Called before
 * anything else is run on the connection.
 */
bool pg_settle(struct pg_conn *c);

/*
 * pg_settle for pg_step's flight: the last statement sent is the caller's,
 * run in the same round trip as those sent ahead of it. Its result is
 * returned (PGRES_PIPELINE_ABORTED if one before it failed, which is then
 * recorded as pg_settle records it; NULL if the connection broke), not
 * recorded as a failure of a statement sent ahead. Caller clears it.
 */
PGresult *pg_settle_keeping_last(struct pg_conn *c);

/* Sends the bound statement in the writer's pipeline (db_ops' send); false if it must run as any other. */
bool pg_send(db_stmt *stmt);

/* Notes one answer owed in the pipeline, entering pipeline mode first if need be (false if it cannot). */
bool pg_pipe(struct pg_conn *c);
void pg_owe(struct pg_conn *c, bool between);

/* Reconnects a broken connection (a fail-over, a restarted server): true if it is usable now. */
bool pg_reconnect(struct pg_conn *c);

/* The statement primitives (pg_stmt.c), for db_postgres_ops (pg.c). */
db_stmt *pg_prepare(db_conn *db, const char *sql);
void pg_finalize(db_stmt *stmt);
void pg_reset(db_stmt *stmt);
bool pg_bind(db_stmt *stmt, int index, const struct db_value *value);
enum db_step pg_step(db_stmt *stmt);
int pg_column_count(db_stmt *stmt);
const char *pg_column_name(db_stmt *stmt, int column);
enum db_kind pg_column_kind(db_stmt *stmt, int column);
long long pg_column_int(db_stmt *stmt, int column);
double pg_column_real(db_stmt *stmt, int column);
const char *pg_column_text(db_stmt *stmt, int column);
const void *pg_column_blob(db_stmt *stmt, int column, size_t *size);
size_t pg_column_size(db_stmt *stmt, int column);
long long pg_changes(db_stmt *stmt);
int pg_parameter_index(db_stmt *stmt, const char *name);
const char *pg_sql(db_stmt *stmt);

/*
 * SQLite's SQL as PostgreSQL takes it: `?` and `?N` become `$n`, `:name`
 * becomes `$n` (its number in *names, malloc'd, one per parameter, NULL for
 * an unnamed one), `INDEXED BY name` goes, and quoted text and comments stay
 * as they are. A PRAGMA (SQLite's setting of its own engine) finds no row. *count is the highest parameter
 * number. Caller frees.
 */
char *pg_translate(const char *sql, int *count, char ***names);

#endif
