/*
 * agency_sqlite.c (auth) — the SQLite writes behind agency_write.h: the rows
 * of agencies and agency_areas, inside the caller's unit of work. What is
 * written, and its audit row, is the caller's decision.
 */
#include "auth/agency_write.h"

#include "store/db.h"

/* Binds an area code, or NULL for 0 (no single area). */
static void bind_la_code(sqlite3_stmt *stmt, int index, long long la_code)
{
	if (la_code)
		sqlite3_bind_int64(stmt, index, la_code);
	else
		sqlite3_bind_null(stmt, index);
}

enum haven_status auth_agency_insert(struct store_tx *tx, const char *slug, const char *name,
                                     const char *type, long long la_code, long long *id)
{
	sqlite3 *db = db_tx_conn(tx);
	*id = 0;
	sqlite3_stmt *add =
	    db_prepare(db, "INSERT INTO agencies (slug, name, type, la_code) VALUES (?, ?, ?, ?)");
	if (!db_bind(add, DB_TEXT(slug), DB_TEXT(name), DB_TEXT(type)))
		return HAVEN_ERR_DB;
	bind_la_code(add, 4, la_code);
	enum haven_status st = db_exec_stmt(add);
	if (st == HAVEN_OK)
		*id = sqlite3_last_insert_rowid(db);
	return st;
}

enum haven_status auth_agency_update(struct store_tx *tx, long long id, const char *name, const char *type,
                                     long long la_code)
{
	sqlite3_stmt *update =
	    db_prepare(db_tx_conn(tx), "UPDATE agencies SET name = ?, type = ?, la_code = ? WHERE id = ?");
	if (!db_bind(update, DB_TEXT(name), DB_TEXT(type)))
		return HAVEN_ERR_DB;
	bind_la_code(update, 3, la_code);
	sqlite3_bind_int64(update, 4, id);
	return db_exec_stmt(update);
}

enum haven_status auth_agency_rename(struct store_tx *tx, long long id, const char *name, const char *slug)
{
	sqlite3_stmt *rename = db_prepare(
	    db_tx_conn(tx), "UPDATE agencies SET name = ?1, slug = coalesce(?2, slug) WHERE id = ?3");
	if (!db_bind(rename, DB_TEXT(name), DB_TEXT(slug), DB_INT(id)))
		return HAVEN_ERR_DB;
	return db_exec_stmt(rename);
}

enum haven_status auth_agency_set_areas(struct store_tx *tx, long long id, const json_t *la)
{
	sqlite3 *db = db_tx_conn(tx);
	enum haven_status st = db_exec_with(db, "DELETE FROM agency_areas WHERE agency_id = ?", DB_INT(id));
	if (st != HAVEN_OK || json_array_size(la) < 2)
		return st;
	sqlite3_stmt *add = db_prepare(db, "INSERT INTO agency_areas (agency_id, la_code) VALUES (?, ?)");
	if (!add)
		return HAVEN_ERR_DB;
	size_t i;
	json_t *code;
	json_array_foreach(la, i, code)
	{
		sqlite3_bind_int64(add, 1, id);
		sqlite3_bind_int64(add, 2, json_integer_value(code));
		if ((st = db_exec_stmt(add)) != HAVEN_OK)
			return st;
	}
	return HAVEN_OK;
}
