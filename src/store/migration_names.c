/*
 * migration_names.c — the check both backends make before they migrate or
 * serve a database: each migration it records is recorded under the name this
 * Haven gives that number (backend.h). Migrations are applied and found by
 * number; a database migrated by a build whose migration 0171 was another
 * file would otherwise pass for one that has this Haven's 0171, which would
 * never run.
 */
#include "store/backend.h"

#include <stdlib.h>
#include <string.h>

/* This Haven's migration numbered `number` in `list`, or NULL if it has none (a newer Haven's). */
static const struct migration *built_in(const struct migration *list, size_t count, long long number)
{
	for (size_t i = 0; i < count; i++)
		if (list[i].number == number)
			return &list[i];
	return NULL;
}

enum haven_status db_check_migration_names(db_conn *db, const char *database, char **err)
{
	size_t count = 0;
	struct migration *list = db_builtin_migrations(false, &count, err);
	if (!list)
		return HAVEN_ERR_INTERNAL;
	enum haven_status st = HAVEN_OK;
	db_stmt *stmt = db->ops->prepare(db, "SELECT version, name FROM schema_migrations ORDER BY version");
	if (!stmt)
		st = fail_with(err, HAVEN_ERR_DB, "cannot read the migrations of %s: %s", database,
		               db->ops->error(db));
	enum db_step step = DB_STEP_DONE;
	while (st == HAVEN_OK && (step = db->ops->step(stmt)) == DB_STEP_ROW) {
		long long number = db->ops->column_int(stmt, 0);
		const char *recorded = db->ops->column_text(stmt, 1);
		const struct migration *expected = built_in(list, count, number);
		if (expected && strcmp(recorded ? recorded : "", expected->name) != 0)
			st = fail_with(
			    err, HAVEN_ERR_VERSION,
			    "%s records migration %04lld as %s, but this Haven's migration %04lld is "
			    "%s: the database was migrated by another build of Haven, so this "
			    "Haven's %s was never applied. Nothing was changed; restore a backup "
			    "taken before that build ran, or run the build that made it",
			    database, number, recorded ? recorded : "(no name)", number, expected->name,
			    expected->name);
	}
	if (st == HAVEN_OK && step == DB_STEP_ERROR)
		st = fail_with(err, HAVEN_ERR_DB, "cannot read the migrations of %s: %s", database,
		               db->ops->error(db));
	if (stmt)
		db->ops->finalize(stmt);
	free(list);
	return st;
}
