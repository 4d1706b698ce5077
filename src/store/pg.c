/*
 * pg.c — the PostgreSQL backend (a postgresql:// --db URL): not built yet;
 * every attempt to use it says so.
 */
#include "store/backend.h"

#include <stdlib.h>

static db_conn *pg_connect(const char *url, enum db_open_mode mode, char **err)
{
	(void)url;
	(void)mode;
	db_set_err(err, HAVEN_ERR_DB, "--db: PostgreSQL is not supported by this Haven yet");
	return NULL;
}

const struct db_ops db_postgres_ops = {.name = "PostgreSQL", .connect = pg_connect};

enum haven_status pg_migrate(const char *url, FILE *report, char **err)
{
	(void)report;
	char *why = NULL;
	pg_connect(url, DB_OPEN_WRITER, &why);
	enum haven_status st = db_set_err(err, HAVEN_ERR_DB, "%s", why);
	free(why);
	return st;
}

db_conn *pg_open_checked(const char *url, enum haven_status *status, char **err)
{
	pg_connect(url, DB_OPEN_WRITER, err);
	*status = HAVEN_ERR_DB;
	return NULL;
}
