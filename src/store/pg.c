/*
 * pg.c — the PostgreSQL backend (--db postgresql://…): connections through
 * libpq behind db.h's types (struct db_ops, store/backend.h), their
 * reconnection after a fail-over, and the schema's migrations. Statements
 * are in pg_stmt.c.
 *
 * The URL is libpq's own, so a multi-host one with
 * target_session_attrs=read-write reaches whichever server is the primary,
 * and a broken connection is re-established (PQreset) the same way: a
 * reader's at its next statement, the writer's before its next transaction
 * (never inside one, whose work is lost with the connection). The writer
 * sets synchronous_commit on, so its COMMIT returns once durable; readers
 * set their transactions read-only.
 *
 * Schema: a new database gets src/store/pg/schema.sql (every SQLite
 * migration to date, with their ids recorded in schema_migrations), then
 * the NNNN_name.pg.sql twin of each later migration, recorded under the
 * SQLite migration's name so both backends list the same migrations.
 */
#include "store/pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/embedded.h"
#include "core/log.h"

static struct pg_conn *conn_of(db_conn *db)
{
	return db->handle;
}

enum haven_status pg_failed(struct pg_conn *c, const PGresult *result)
{
	const char *state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : NULL;
	const char *message = result ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	message = message ? message : "";
	snprintf(c->sqlstate, sizeof c->sqlstate, "%s", state ? state : "");
	snprintf(c->error, sizeof c->error, "%s", *message ? message : PQerrorMessage(c->pg));
	size_t n = strlen(c->error);
	while (n && (c->error[n - 1] == '\n' || c->error[n - 1] == ' '))
		c->error[--n] = '\0';
	if (strncmp(c->sqlstate, "23", 2) == 0) /* integrity: unique, foreign key, check, not null */
		return HAVEN_ERR_CONFLICT;
	if (strcmp(c->sqlstate, "54000") == 0) /* program limit exceeded */
		return HAVEN_ERR_TOO_LARGE;
	return HAVEN_ERR_DB;
}

/* PostgreSQL's notices (a table that already exists, say) are not Haven's log. */
static void ignore_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* ---- the writer's pipeline ---- */

bool pg_pipe(struct pg_conn *c)
{
	if (!c->piped)
		c->piped = PQenterPipelineMode(c->pg) == 1;
	return c->piped;
}

void pg_owe(struct pg_conn *c, bool between)
{
	if (c->owed_count == c->owed_capacity) {
		c->owed_capacity = c->owed_capacity ? 2 * c->owed_capacity : 8;
		c->owed = xrealloc(c->owed, c->owed_capacity * sizeof *c->owed);
	}
	c->owed[c->owed_count++] = between;
}

/* The answers of one statement sent (a result, then NULL): the first failure among them is recorded. */
static void read_answer(struct pg_conn *c, bool between)
{
	PGresult *r;
	while ((r = PQgetResult(c->pg))) {
		ExecStatusType status = PQresultStatus(r);
		if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && c->sent_failure == HAVEN_OK) {
			/* the rest, to the sync, are skipped by the server (PGRES_PIPELINE_ABORTED) */
			c->sent_failure = pg_failed(c, r);
			c->between_failed = between;
		}
		PQclear(r);
	}
}

/*
 * Ends the pipeline's run with a sync and reads every answer owed, the first
 * failure among them recorded; with `keep_last`, the last statement sent is
 * not one owed but the caller's (pg_step's flight): its first result is
 * returned (NULL if none could be read), not recorded.
 */
static PGresult *settle(struct pg_conn *c, bool keep_last)
{
	PGresult *kept = NULL;
	if (c->piped) {
		/* The sync ends the pipeline's run of statements (not the transaction, which BEGIN opened):
		 * after a failure the server skips everything up to it, and then takes statements again. */
		bool synced = PQpipelineSync(c->pg) == 1;
		for (size_t i = 0; i < c->owed_count && PQstatus(c->pg) == CONNECTION_OK; i++)
			read_answer(c, c->owed[i]);
		if (keep_last && PQstatus(c->pg) == CONNECTION_OK) {
			kept = PQgetResult(c->pg);
			for (PGresult *more; kept && (more = PQgetResult(c->pg));)
				PQclear(more);
		}
		if (synced && PQstatus(c->pg) == CONNECTION_OK)
			PQclear(PQgetResult(c->pg)); /* PGRES_PIPELINE_SYNC */
		if (PQstatus(c->pg) != CONNECTION_OK && c->sent_failure == HAVEN_OK) {
			snprintf(c->error, sizeof c->error, "the connection to PostgreSQL is broken");
			c->sqlstate[0] = '\0';
			c->sent_failure = HAVEN_ERR_DB;
			c->between_failed = c->owed_count > 0 && c->owed[0];
		}
		c->owed_count = 0;
		(void)PQexitPipelineMode(c->pg);
		c->piped = false;
	}
	return kept;
}

bool pg_settle(struct pg_conn *c)
{
	settle(c, false);
	return c->sent_failure == HAVEN_OK;
}

PGresult *pg_settle_keeping_last(struct pg_conn *c)
{
	return settle(c, true);
}

static void pg_unit_begin(db_conn *db)
{
	conn_of(db)->in_unit = true;
}

static enum haven_status pg_unit_end(db_conn *db, bool *between_failed)
{
	struct pg_conn *c = conn_of(db);
	c->in_unit = false;
	pg_settle(c);
	enum haven_status st = c->sent_failure;
	*between_failed = c->between_failed;
	if (st != HAVEN_OK)
		log_error("database: %s sent ahead in the writer's transaction failed: %s",
		          c->between_failed ? "a transaction-control statement" : "a statement", c->error);
	c->sent_failure = HAVEN_OK;
	c->between_failed = false;
	return st;
}

bool pg_command(struct pg_conn *c, const char *sql)
{
	if (c->piped && !pg_settle(c))
		return false;
	PGresult *r = PQexec(c->pg, sql);
	bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
	if (!ok)
		pg_failed(c, r);
	PQclear(r);
	return ok;
}

/*
 * What every session of this kind needs set; true if it took. A writer waits
 * for a lock (the writers' turn, writer.c, or a row) at most 30 seconds, and
 * its session is ended if it sits in a transaction doing nothing for a
 * minute (a command stopped at a terminal, say): either way the other
 * writers of the database go on, and what waited fails rather than hangs.
 */
static bool set_up_session(struct pg_conn *c)
{
	PQsetNoticeProcessor(c->pg, ignore_notice, NULL);
	return pg_command(c,
	                  c->mode == DB_OPEN_WRITER
	                      ? "SET synchronous_commit = on; SET client_min_messages = warning;"
	                        " SET lock_timeout = '30s'; SET idle_in_transaction_session_timeout = '60s'"
	                      : "SET default_transaction_read_only = on; SET client_min_messages = warning");
}

bool pg_reconnect(struct pg_conn *c)
{
	if (PQstatus(c->pg) == CONNECTION_OK)
		return true;
	PQreset(c->pg);
	(void)PQexitPipelineMode(c->pg); /* whatever was owed went with the old session */
	c->piped = false;
	c->owed_count = 0;
	c->epoch++; /* whatever was prepared went with the old session */
	if (PQstatus(c->pg) != CONNECTION_OK) {
		snprintf(c->error, sizeof c->error, "cannot reconnect to PostgreSQL: %s",
		         PQerrorMessage(c->pg));
		return false;
	}
	log_info("database: reconnected to PostgreSQL");
	return set_up_session(c);
}

static db_conn *pg_connect(const char *url, enum db_open_mode mode, char **err)
{
	PGconn *pg = PQconnectdb(url);
	if (PQstatus(pg) != CONNECTION_OK) {
		const char *why = PQerrorMessage(pg);
		size_t n = strlen(why);
		while (n && why[n - 1] == '\n')
			n--;
		fail_with(err, HAVEN_ERR_DB, "cannot connect to the PostgreSQL database in --db: %.*s",
		          (int)n, why);
		PQfinish(pg);
		return NULL;
	}
	struct pg_conn *c = xcalloc(1, sizeof *c);
	c->pg = pg;
	c->mode = mode;
	c->epoch = 1;
	if (!set_up_session(c)) {
		fail_with(err, HAVEN_ERR_DB, "cannot set up a PostgreSQL session: %s", c->error);
		PQfinish(pg);
		free(c);
		return NULL;
	}
	return db_conn_new(&db_postgres_ops, c);
}

static void pg_disconnect(db_conn *db)
{
	PQfinish(conn_of(db)->pg);
	free(conn_of(db)->owed);
	free(db->handle);
	free(db);
}

static bool pg_ready(db_conn *db)
{
	struct pg_conn *c = conn_of(db);
	pg_settle(c); /* nothing of a batch before this one is still owed, nor its failure kept */
	c->sent_failure = HAVEN_OK;
	c->between_failed = false;
	return pg_reconnect(c);
}

/* Runs `sql`, one statement or several, as it is. */
static enum haven_status exec(db_conn *db, const char *sql)
{
	struct pg_conn *c = conn_of(db);
	if (c->piped && !pg_settle(c))
		return c->sent_failure;
	PGresult *r = PQexec(c->pg, sql);
	ExecStatusType status = PQresultStatus(r);
	enum haven_status st =
	    status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY
	        ? HAVEN_OK
	        : pg_failed(c, r);
	PQclear(r);
	return st;
}

/*
 * Moves each identity column's sequence past the column's highest value
 * (never back), so the next INSERT without an id does not collide with one a
 * script inserted with its id written out (a migration's rows, the demo
 * data), as SQLite's next rowid follows the highest there is.
 */
static const char catch_up_identities[] =
    "DO $$ DECLARE col record; top bigint; last bigint; BEGIN"
    " FOR col IN SELECT table_name, column_name,"
    " pg_get_serial_sequence(quote_ident(table_name), column_name) AS seq"
    " FROM information_schema.columns WHERE table_schema = current_schema() AND is_identity = 'YES'"
    " LOOP"
    " EXECUTE format('SELECT max(%I) FROM %I', col.column_name, col.table_name) INTO top;"
    " EXECUTE format('SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM %s',"
    " col.seq) INTO last;"
    " IF top > last THEN PERFORM setval(col.seq, top); END IF;"
    " END LOOP; END $$";

/* A script (a migration, an area's demo data): run, then the identities caught up with its rows. */
static enum haven_status pg_exec_script(db_conn *db, const char *sql)
{
	enum haven_status st = exec(db, sql);
	return st == HAVEN_OK ? exec(db, catch_up_identities) : st;
}

static bool pg_in_transaction(db_conn *db)
{
	PGTransactionStatusType t = PQtransactionStatus(conn_of(db)->pg);
	return t == PQTRANS_INTRANS || t == PQTRANS_INERROR || t == PQTRANS_ACTIVE;
}

static bool pg_transaction_failed(db_conn *db)
{
	return PQtransactionStatus(conn_of(db)->pg) == PQTRANS_INERROR;
}

static bool pg_out_of_space(db_conn *db)
{
	return strcmp(conn_of(db)->sqlstate, "53100") == 0; /* disk_full */
}

static const char *pg_error(db_conn *db)
{
	return conn_of(db)->error[0] ? conn_of(db)->error : PQerrorMessage(conn_of(db)->pg);
}

/* Sends a command with no values in the pipeline; false (having settled it) if it could not be sent. */
static bool send_command(struct pg_conn *c, const char *sql)
{
	if (PQsendQueryParams(c->pg, sql, 0, NULL, NULL, NULL, NULL, 0) == 1) {
		pg_owe(c, true);
		return true;
	}
	snprintf(c->error, sizeof c->error, "%s", PQerrorMessage(c->pg));
	pg_settle(c);
	return false;
}

/* The writer's BEGIN, a batch's first SAVEPOINT unit, or a run's COMMIT, answered with what follows it. */
static bool pg_send_ahead(db_conn *db, const char *sql)
{
	struct pg_conn *c = conn_of(db);
	return PQstatus(c->pg) == CONNECTION_OK && pg_pipe(c) && send_command(c, sql);
}

/* Sent ahead of the unit's statements, their answers read with theirs (pg_unit_end); else one simple query,
 * one round trip for both (writer.c's run_batch). */
static bool pg_next_unit(db_conn *db)
{
	struct pg_conn *c = conn_of(db);
	if (!pg_pipe(c))
		return pg_command(c, "RELEASE unit; SAVEPOINT unit");
	return send_command(c, "RELEASE unit") && send_command(c, "SAVEPOINT unit");
}

static const char *pg_file(db_conn *db)
{
	(void)db;
	return NULL;
}

const struct db_ops db_postgres_ops = {
    .name = "PostgreSQL",
    .connect = pg_connect,
    .disconnect = pg_disconnect,
    .ready = pg_ready,
    .prepare = pg_prepare,
    .finalize = pg_finalize,
    .reset = pg_reset,
    .bind = pg_bind,
    .step = pg_step,
    .column_count = pg_column_count,
    .column_name = pg_column_name,
    .column_kind = pg_column_kind,
    .column_int = pg_column_int,
    .column_real = pg_column_real,
    .column_text = pg_column_text,
    .column_blob = pg_column_blob,
    .column_size = pg_column_size,
    .changes = pg_changes,
    .parameter_index = pg_parameter_index,
    .sql = pg_sql,
    .exec_script = pg_exec_script,
    .in_transaction = pg_in_transaction,
    .transaction_failed = pg_transaction_failed,
    .out_of_space = pg_out_of_space,
    .error = pg_error,
    .file = pg_file,
    .next_unit = pg_next_unit,
    .send_ahead = pg_send_ahead,
    .unit_begin = pg_unit_begin,
    .send = pg_send,
    .unit_end = pg_unit_end,
};

/* ---- the schema ---- */

/* The number the query (with at most one integer value) finds, in *out: 1, 0 if no row, -1 on error. */
static int query_int(db_conn *db, const char *sql, long long value, long long *out)
{
	db_stmt *stmt = pg_prepare(db, sql);
	int found = -1;
	if (!strchr(sql, '?') || pg_bind(stmt, 1, &DB_INT(value))) {
		enum db_step step = pg_step(stmt);
		if (step == DB_STEP_ROW)
			*out = pg_column_int(stmt, 0);
		found = step == DB_STEP_ROW ? 1 : step == DB_STEP_DONE ? 0 : -1;
	}
	pg_finalize(stmt);
	return found;
}

/* Where a message says the database is: the URL may hold a password, so not the URL. */
static const char in_db[] = "the PostgreSQL database in --db";

/*
 * HAVEN_OK if the database is UTF-8 and its lower() folds every letter (a
 * UTF-8 character type); else why not and what to do. Haven's keys of names and addresses are lower(), which
 * PostgreSQL folds beyond ASCII ("É" to "é") only in such a database, and
 * SQLite always folds so: a database without it would keep "École" and
 * "ÉCOLE" apart where SQLite makes them one. Checked before anything is
 * written.
 */
static enum haven_status check_ctype(db_conn *db, char **err)
{
	/* lower() is asked directly: a locale's name says nothing certain (an ICU or builtin locale named C
	 * folds every letter; a libc one named C folds ASCII alone) */
	db_stmt *stmt = pg_prepare(db, "SELECT pg_encoding_to_char(encoding), datctype,"
	                               " CASE WHEN lower('ÉÎÕŁΣД') = 'éîõłσд' THEN 'yes' ELSE 'no' END"
	                               " FROM pg_database WHERE datname = current_database()");
	enum haven_status st = HAVEN_OK;
	if (pg_step(stmt) != DB_STEP_ROW) {
		st = fail_with(err, HAVEN_ERR_DB, "cannot read the encoding of %s: %s", in_db,
		               conn_of(db)->error);
	} else {
		const char *encoding = pg_column_text(stmt, 0);
		const char *ctype = pg_column_text(stmt, 1);
		bool folds = strcmp(pg_column_text(stmt, 2), "yes") == 0;
		if (strcmp(encoding, "UTF8") != 0 || !folds)
			st = fail_with(
			    err, HAVEN_ERR_DB,
			    "%s has encoding %s and character type (LC_CTYPE) %s, where lower() does not "
			    "fold "
			    "every letter; Haven needs encoding UTF8 with a UTF-8 character type (C.UTF-8, "
			    "en_GB.UTF-8), where lower() folds every letter as on SQLite. Nothing was "
			    "changed. Make the database so: createdb "
			    "--template=template0 --encoding=UTF8 --locale=C.UTF-8 NAME (docs/operations.md)",
			    in_db, encoding, ctype);
	}
	pg_finalize(stmt);
	return st;
}

/* 1 if migration `number` is recorded, 0 if not, -1 on error. */
static int is_applied(db_conn *db, int number)
{
	long long one = 0;
	return query_int(db, "SELECT 1 FROM schema_migrations WHERE version = ?", number, &one);
}

/* Runs `sql` in a transaction of its own, recording migration `number` as `name` (0: nothing recorded). */
static enum haven_status apply(db_conn *db, const char *sql, int number, const char *name, char **err)
{
	struct pg_conn *c = conn_of(db);
	enum haven_status st = exec(db, "BEGIN");
	if (st == HAVEN_OK)
		st = pg_exec_script(db, sql);
	if (st == HAVEN_OK && number) {
		db_stmt *record =
		    pg_prepare(db, "INSERT INTO schema_migrations (version, name) VALUES (?, ?)");
		if (!pg_bind(record, 1, &DB_INT(number)) || !pg_bind(record, 2, &DB_TEXT(name)) ||
		    pg_step(record) == DB_STEP_ERROR)
			st = HAVEN_ERR_DB;
		pg_finalize(record);
	}
	if (st == HAVEN_OK)
		st = exec(db, "COMMIT");
	if (st != HAVEN_OK) {
		char *why = xstrdup(c->error);
		(void)exec(db, "ROLLBACK");
		st = fail_with(err, HAVEN_ERR_DB, "migration %s failed: %s", name, why);
		free(why);
	}
	return st;
}

/*
 * Checks that every built-in migration is recorded and none newer is: the
 * schema this Haven needs. HAVEN_OK, or HAVEN_ERR_VERSION with what to do.
 */
static enum haven_status check_version(db_conn *db, char **err)
{
	long long have = 0;
	if (query_int(db, "SELECT coalesce(max(version), 0) FROM schema_migrations", 0, &have) < 0)
		return fail_with(err, HAVEN_ERR_DB,
		                 "the PostgreSQL database in --db is not a Haven database: %s",
		                 conn_of(db)->error);
	int want = store_schema_version();
	if (have > want)
		return fail_with(err, HAVEN_ERR_VERSION,
		                 "the PostgreSQL database in --db is at schema version %lld, newer than this "
		                 "Haven (%d): use a newer Haven",
		                 have, want);
	enum haven_status st = db_check_migration_names(db, in_db, err);
	if (st != HAVEN_OK)
		return st;
	size_t count = 0;
	struct migration *list = db_builtin_migrations(false, &count, err);
	if (!list)
		return HAVEN_ERR_INTERNAL;
	for (size_t i = 0; i < count && st == HAVEN_OK; i++) {
		int applied = is_applied(db, list[i].number);
		if (applied < 0)
			st = fail_with(err, HAVEN_ERR_DB,
			               "cannot read the migrations of the PostgreSQL database");
		else if (!applied)
			st = fail_with(err, HAVEN_ERR_VERSION,
			               "%s lacks migration %s: run 'haven init --db URL' first (a migration "
			               "needs its PostgreSQL twin, NNNN_name.pg.sql)",
			               in_db, list[i].name);
	}
	free(list);
	return st;
}

/* The SQLite migration's name for a twin: "0150_x.pg.sql" -> "0150_x.sql". Caller frees. */
static char *plain_name(const char *twin)
{
	struct buf b = BUF_INIT;
	buf_printf(&b, "%.*s.sql", (int)(strlen(twin) - strlen(".pg.sql")), twin);
	return buf_steal(&b, NULL);
}

enum haven_status pg_migrate(const char *url, FILE *report, char **err)
{
	db_conn *db = pg_connect(url, DB_OPEN_WRITER, err);
	if (!db)
		return HAVEN_ERR_DB;
	enum haven_status st = check_ctype(db, err);
	long long recorded = 0, tables = 0;
	if (st != HAVEN_OK)
		goto out;
	if (query_int(db,
	              "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()",
	              0, &tables) < 0 ||
	    (tables && query_int(db, "SELECT count(*) FROM schema_migrations", 0, &recorded) < 0)) {
		st = fail_with(
		    err, HAVEN_ERR_DB,
		    "the PostgreSQL database in --db is not a Haven database (it has other tables)");
		goto out;
	}
	if (recorded && (st = db_check_migration_names(db, in_db, err)) != HAVEN_OK)
		goto out;
	if (!recorded) {
		const struct embedded_file *schema = embedded_find("pg/schema.sql");
		if (!schema) {
			st = fail_with(err, HAVEN_ERR_INTERNAL,
			               "this Haven was built without a PostgreSQL schema");
			goto out;
		}
		if ((st = apply(db, schema->data, 0, "pg/schema.sql", err)) != HAVEN_OK)
			goto out;
		if (report)
			fprintf(report, "applied PostgreSQL schema pg/schema.sql\n");
	}
	size_t count = 0;
	struct migration *twins = db_builtin_migrations(true, &count, err);
	if (!twins) {
		st = HAVEN_ERR_INTERNAL;
		goto out;
	}
	for (size_t i = 0; i < count && st == HAVEN_OK; i++) {
		int applied = is_applied(db, twins[i].number);
		if (applied < 0) {
			st = fail_with(err, HAVEN_ERR_DB,
			               "cannot read the migrations of the PostgreSQL database");
		} else if (!applied) {
			char *name = plain_name(twins[i].name);
			st = apply(db, twins[i].sql, twins[i].number, name, err);
			if (st == HAVEN_OK && report)
				fprintf(report, "applied migration %s\n", twins[i].name);
			free(name);
		}
	}
	free(twins);
	if (st == HAVEN_OK)
		st = check_version(db, err);
out:
	pg_disconnect(db);
	return st;
}

db_conn *pg_open_checked(const char *url, enum haven_status *status, char **err)
{
	*status = HAVEN_ERR_DB;
	db_conn *db = pg_connect(url, DB_OPEN_WRITER, err);
	if (!db)
		return NULL;
	if ((*status = check_ctype(db, err)) != HAVEN_OK || (*status = check_version(db, err)) != HAVEN_OK) {
		pg_disconnect(db);
		return NULL;
	}
	return db;
}
