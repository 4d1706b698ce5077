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

/*
 * A page of agencies by (name, id) from the cursor agency ?3, filtered by
 * type ?1 and area slug ?2 when not NULL: read in name order from an index
 * (agencies_by_name, or agencies_by_type / agencies_by_area, which end in
 * name and id), so a page reads about a page of rows however many schools
 * the GIAS import added.
 */
#define AGENCIES_PAGE(CMP, ORDER, NO_ROW, PICK)                                                              \
	"SELECT a.id, a.slug, a.name, a.type, la.slug AS area_slug, la.name AS area_name"                    \
	" FROM agencies a LEFT JOIN local_authorities la ON la.code = a.la_code"                             \
	" WHERE (?1 IS NULL OR a.type = ?1) AND (?2 IS NULL OR la.slug = ?2)"                                \
	" AND (a.name, a.id) " CMP " (SELECT name, id FROM agencies k WHERE k.id = ?3"                       \
	" UNION ALL SELECT " NO_ROW " ORDER BY 1 " PICK ", 2 " PICK " LIMIT 1)"                              \
	" ORDER BY a.name " ORDER ", a.id " ORDER " LIMIT ?4"

enum haven_status partnership_agencies_page(const char *type, const char *area_slug, const struct page *page,
                                            json_t **out, long long *total)
{
	*out = NULL;
	*total = -1;
	sqlite3 *db = db_reader();
	sqlite3_stmt *stmt = !db ? NULL
	                     : page_backward(page)
	                         ? db_prepare(db, AGENCIES_PAGE("<", "DESC", "x'', 0", "ASC"))
	                         : db_prepare(db, AGENCIES_PAGE(">", "ASC", "'', 0", "DESC"));
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_text(stmt, 1, type, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, area_slug, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 3, page_cursor(page, 0));
	sqlite3_bind_int64(stmt, 4, page_fetch(page));
	*out = db_rows(stmt);
	if (!*out)
		return HAVEN_ERR_DB;
	sqlite3_stmt *count =
	    db_prepare(db, "SELECT count(*) FROM (SELECT 1 FROM agencies a"
	                   " LEFT JOIN local_authorities la ON la.code = a.la_code"
	                   " WHERE (?1 IS NULL OR a.type = ?1) AND (?2 IS NULL OR la.slug = ?2) LIMIT ?3)");
	if (!count)
		return HAVEN_ERR_DB;
	sqlite3_bind_text(count, 1, type, -1, SQLITE_STATIC);
	sqlite3_bind_text(count, 2, area_slug, -1, SQLITE_STATIC);
	sqlite3_bind_int64(count, 3, PAGE_COUNT_CAP + 1);
	if (sqlite3_step(count) == SQLITE_ROW)
		*total = sqlite3_column_int64(count, 0);
	db_done(count);
	return HAVEN_OK;
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
