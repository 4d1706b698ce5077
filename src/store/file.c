/*
 * file.c — a database opened outside the store, read-only on a connection
 * of its own (db.h, "A database file of its own"): what `haven audit verify
 * --db PATH` reads a backup with, on either backend (a file path or a
 * postgresql:// URL). Its statements are prepared once and finalised, not
 * cached, since the connection lives only as long as the check.
 */
#include "store/backend.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/log.h"

enum haven_status db_open_file(const char *path, db_conn **out, char why[static DB_WHY_SIZE])
{
	why[0] = '\0';
	char *err = NULL;
	*out = db_backend_for(path)->connect(path, DB_OPEN_READ_FILE, &err);
	if (*out)
		return HAVEN_OK;
	snprintf(why, DB_WHY_SIZE, "%s", err ? err : "cannot open it");
	free(err);
	return HAVEN_ERR_NOT_FOUND;
}

db_stmt *db_prepare_once_registered(db_conn *db, const char *sql)
{
	return db ? db->ops->prepare(db, sql) : NULL;
}

const char *db_error(db_conn *db)
{
	return db ? db->ops->error(db) : "no connection";
}

void db_finalize(db_stmt *stmt)
{
	if (stmt)
		stmt->conn->ops->finalize(stmt);
}

void db_close_file(db_conn *db)
{
	if (db)
		db->ops->disconnect(db);
}
