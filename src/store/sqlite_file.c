/*
 * sqlite_file.c — a database file opened outside the store, read-only on a
 * connection of its own (db.h, "A database file of its own"): what `haven
 * audit verify --db PATH` reads a backup with. Its statements are prepared
 * once and finalised, not cached, since the connection lives only as long
 * as the check.
 */
#include "store/db.h"

#include <stdio.h>

#include "core/log.h"

enum haven_status db_open_file(const char *path, db_conn **out, char why[static DB_WHY_SIZE])
{
	why[0] = '\0';
	sqlite3 *db = NULL;
	int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL);
	if (rc != SQLITE_OK) {
		snprintf(why, DB_WHY_SIZE, "%s", db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
		sqlite3_close(db);
		*out = NULL;
		return (rc & 0xff) == SQLITE_CANTOPEN ? HAVEN_ERR_NOT_FOUND : HAVEN_ERR_DB;
	}
	sqlite3_busy_timeout(db, 5000); /* a running Haven's checkpoint, say */
	*out = db;
	return HAVEN_OK;
}

db_stmt *db_prepare_once_registered(db_conn *db, const char *sql)
{
	sqlite3_stmt *stmt = NULL;
	if (db && sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK) {
		log_error("database: cannot prepare (%s): %.80s", sqlite3_errmsg(db), sql);
		sqlite3_finalize(stmt);
		return NULL;
	}
	return stmt;
}

const char *db_error(db_conn *db)
{
	return db ? sqlite3_errmsg(db) : "no connection";
}

void db_finalize(db_stmt *stmt)
{
	sqlite3_finalize(stmt);
}

void db_close_file(db_conn *db)
{
	sqlite3_close(db);
}
