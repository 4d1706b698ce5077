/*
 * store_sqlite.c (partnership) — the SQLite queries behind store.h.
 */
#include "areas/partnership/store.h"

#include "store/db.h"

enum haven_status partnership_list_areas(json_t **out)
{
	sqlite3 *db = db_reader();
	sqlite3_stmt *stmt = db ? db_prepare(db, "SELECT code, slug, name FROM local_authorities ORDER BY name") : NULL;
	if (!stmt)
		return HAVEN_ERR_DB;
	*out = db_rows(stmt);
	return *out ? HAVEN_OK : HAVEN_ERR_DB;
}

enum haven_status partnership_list_agencies(const char *type, const char *area_slug, json_t **out)
{
	sqlite3 *db = db_reader();
	sqlite3_stmt *stmt = db ? db_prepare(db,
		"SELECT a.slug, a.name, a.type, la.slug AS area_slug, la.name AS area_name"
		" FROM agencies a LEFT JOIN local_authorities la ON la.code = a.la_code"
		" WHERE (?1 IS NULL OR a.type = ?1) AND (?2 IS NULL OR la.slug = ?2)"
		" ORDER BY a.name") : NULL;
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_text(stmt, 1, type, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, area_slug, -1, SQLITE_STATIC);
	*out = db_rows(stmt);
	return *out ? HAVEN_OK : HAVEN_ERR_DB;
}

enum haven_status partnership_get_agency(const char *slug, json_t **out)
{
	sqlite3 *db = db_reader();
	sqlite3_stmt *stmt = db ? db_prepare(db,
		"SELECT a.slug, a.name, a.type, la.slug AS area_slug, la.name AS area_name, la.code AS la_code"
		" FROM agencies a LEFT JOIN local_authorities la ON la.code = a.la_code WHERE a.slug = ?") : NULL;
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_text(stmt, 1, slug, -1, SQLITE_STATIC);
	return db_row(stmt, out);
}

enum haven_status partnership_load_demo(void)
{
	return db_load_demo_sql("demo/partnership.sql", NULL, NULL);
}
