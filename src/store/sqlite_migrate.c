/*
 * sqlite_migrate.c — the SQLite backend's schema: the migration runner
 * (store_migrate on a file path) and the check store_open makes before it
 * serves a file (sqlite_open_checked, store/backend.h).
 */
#include "store/backend.h"
#include "store/store.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/log.h"

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
	struct migration *list = db_builtin_migrations(false, &count, NULL);
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

/* The shared check of the names recorded (db_check_migration_names) on SQLite's own connection. */
static enum haven_status check_names(sqlite3 *db, const char *path, char **err)
{
	db_conn *conn = db_conn_new(&db_sqlite_ops, db);
	enum haven_status st = db_check_migration_names(conn, path, err);
	free(conn); /* not disconnected: the handle is the caller's */
	return st;
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

enum haven_status sqlite_migrate(const char *path, FILE *report, char **err)
{
	size_t count = 0;
	struct migration *list = db_builtin_migrations(false, &count, err);
	if (!list)
		return HAVEN_ERR_INTERNAL;
	enum haven_status st = HAVEN_OK;
	sqlite3 *db = sqlite_open_db(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, err);
	if (!db) {
		free(list);
		return HAVEN_ERR_DB;
	}
	sqlite3_stmt *record = NULL;
	int have = applied_version(db);
	if (have < 0) {
		st = fail_with(err, HAVEN_ERR_DB, "%s is not a Haven database (it has other tables)", path);
		goto out;
	}
	if (count && have > list[count - 1].number) {
		st = fail_with(err, HAVEN_ERR_VERSION,
		               "%s is at schema version %d, newer than this Haven (%d): use a newer Haven",
		               path, have, list[count - 1].number);
		goto out;
	}
	if (have > 0 && (st = check_names(db, path, err)) != HAVEN_OK)
		goto out;
	if (sqlite_exec(db, "PRAGMA journal_mode = WAL;") != SQLITE_OK ||
	    sqlite_exec(db, migrations_table) != SQLITE_OK) {
		st = fail_with(err, HAVEN_ERR_DB, "cannot prepare %s for migrations", path);
		goto out;
	}
	if (sqlite3_prepare_v2(db, "INSERT INTO schema_migrations (version, name) VALUES (?, ?)", -1, &record,
	                       NULL) != SQLITE_OK) {
		st = fail_with(err, HAVEN_ERR_DB, "cannot record migrations: %s", sqlite3_errmsg(db));
		goto out;
	}
	for (size_t i = 0; i < count; i++) {
		int applied = is_applied(db, list[i].number);
		if (applied < 0) {
			st = fail_with(err, HAVEN_ERR_DB, "cannot read the migrations of %s", path);
			goto out;
		}
		if (applied)
			continue;
		char *msg = NULL;
		bool keys_off =
		    strncmp(list[i].sql, foreign_keys_off_marker, sizeof foreign_keys_off_marker - 1) == 0;
		if ((keys_off && sqlite_exec(db, "PRAGMA foreign_keys = OFF") != SQLITE_OK) ||
		    sqlite_exec(db, "BEGIN IMMEDIATE") != SQLITE_OK) {
			st = fail_with(err, HAVEN_ERR_DB, "cannot start migration %s", list[i].name);
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
		if (rc != SQLITE_OK || sqlite_exec(db, "COMMIT") != SQLITE_OK) {
			st = fail_with(err, HAVEN_ERR_DB, "migration %s failed: %s", list[i].name,
			               msg ? msg : sqlite3_errmsg(db));
			sqlite3_free(msg);
			sqlite_exec(db, "ROLLBACK");
			if (keys_off)
				sqlite_exec(db, "PRAGMA foreign_keys = ON");
			goto out;
		}
		if (keys_off && sqlite_exec(db, "PRAGMA foreign_keys = ON") != SQLITE_OK) {
			st = fail_with(err, HAVEN_ERR_DB, "cannot turn foreign keys back on after %s",
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

/* The writer's connection to the file at `path`, checked at this Haven's schema version (backend.h). */
db_conn *sqlite_open_checked(const char *path, enum haven_status *status, char **err)
{
	char *why = NULL;
	db_conn *conn = db_sqlite_ops.connect(path, DB_OPEN_WRITER, &why);
	if (!conn) {
		*status = fail_with(err, HAVEN_ERR_DB, "%s", why ? why : "cannot open the database");
		free(why);
		return NULL;
	}
	sqlite3 *db = conn->handle;
	int have = applied_version(db);
	int want = store_schema_version();
	enum haven_status st = HAVEN_OK;
	if (have < 0)
		st = fail_with(err, HAVEN_ERR_DB, "%s is not a Haven database", path);
	else if (have > want)
		st = fail_with(err, HAVEN_ERR_VERSION,
		               "%s is at schema version %d, newer than this Haven (%d): use a newer Haven",
		               path, have, want);
	else if (have > 0)
		st = db_check_migration_names(conn, path, err);
	if (st == HAVEN_OK && (have < want || (have > 0 && first_missing(db) != 0)))
		st = fail_with(
		    err, HAVEN_ERR_VERSION,
		    "%s is at schema version %d and this Haven needs %d (with every migration up to it): "
		    "run 'haven init --db %s' first",
		    path, have, want, path);
	if (st == HAVEN_OK && sqlite_exec(db, "PRAGMA journal_mode = WAL;") != SQLITE_OK)
		st = fail_with(err, HAVEN_ERR_DB, "cannot switch %s to WAL mode", path);
	if (st != HAVEN_OK) {
		db_sqlite_ops.disconnect(conn);
		*status = st;
		return NULL;
	}
	return conn;
}
