/*
 * store_sqlite.c (children) — the SQLite queries behind store.h.
 */
#include "areas/children/store.h"

#include "core/embedded.h"
#include "core/log.h"
#include "store/db.h"

enum haven_status children_get(long long id, json_t **out)
{
	sqlite3 *db = db_reader();
	sqlite3_stmt *stmt = db ? db_prepare(db,
		"SELECT c.id, c.given_name, c.family_name, c.date_of_birth, la.name AS area_name"
		" FROM children c LEFT JOIN local_authorities la ON la.code = c.la_code WHERE c.id = ?") : NULL;
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_int64(stmt, 1, id);
	json_t *rows = db_rows(stmt);
	if (!rows)
		return HAVEN_ERR_DB;
	if (json_array_size(rows) == 0) {
		json_decref(rows);
		return HAVEN_ERR_NOT_FOUND;
	}
	json_t *child = json_incref(json_array_get(rows, 0));
	json_decref(rows);
	sqlite3_stmt *links = db_prepare(db,
		"SELECT a.name AS agency_name, l.relationship FROM child_links l JOIN agencies a ON a.id = l.agency_id"
		" WHERE l.child_id = ? ORDER BY a.name");
	if (!links) {
		json_decref(child);
		return HAVEN_ERR_DB;
	}
	sqlite3_bind_int64(links, 1, id);
	json_t *list = db_rows(links);
	if (!list) {
		json_decref(child);
		return HAVEN_ERR_DB;
	}
	json_object_set_new(child, "links", list);
	*out = child;
	return HAVEN_OK;
}

static enum haven_status run_demo_sql(sqlite3 *db, void *ctx)
{
	const struct embedded_file *file = ctx;
	char *msg = NULL;
	if (sqlite3_exec(db, file->data, NULL, NULL, &msg) != SQLITE_OK) {
		log_error("demo data %s: %s", file->name, msg ? msg : "failed");
		sqlite3_free(msg);
		return HAVEN_ERR_DB;
	}
	return HAVEN_OK;
}

enum haven_status children_load_demo(void)
{
	const struct embedded_file *file = embedded_find("demo/children.sql");
	return file ? db_write(run_demo_sql, (void *)file) : HAVEN_ERR_NOT_FOUND;
}
