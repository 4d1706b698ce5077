/*
 * chronology_sqlite.c (children) — the children area's own event in a
 * child's chronology (app/area.h: the record was added to the register), and
 * who a viewer asks about the events they cannot see: the front door of the
 * child's local authority.
 */
#include "areas/children/store.h"

#include "app/chronology.h"
#include "store/db.h"

static const struct chronology_kind added = {.kind = "register",
                                             .kind_label = "Children register",
                                             .action = "child.read",
                                             .record_type = "child",
                                             .href = "/children/"};

enum haven_status children_chronology(long long child_id, json_t *events)
{
	sqlite3 *db = db_reader();
	sqlite3_stmt *stmt =
	    db ? db_prepare(db,
	                    "SELECT strftime('%Y-%m-%dT%H:%M:%SZ', c.created_at) AS at, c.id AS record_id,"
	                    " 'Added to the children register' AS text, a.name AS agency"
	                    " FROM children c LEFT JOIN users u ON u.id = c.created_by"
	                    " LEFT JOIN agencies a ON a.id = u.agency_id WHERE c.id = ?")
	       : NULL;
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_int64(stmt, 1, child_id);
	json_t *rows = db_rows(stmt);
	if (!rows)
		return HAVEN_ERR_DB;
	chronology_add_rows(events, rows, &added);
	return HAVEN_OK;
}

enum haven_status children_front_door(long long child_id, json_t **out)
{
	sqlite3 *db = db_reader();
	sqlite3_stmt *stmt = db ? db_prepare(db, "SELECT a.id, a.name FROM children c JOIN agencies a"
	                                         " ON a.type = 'local_authority' AND a.la_code = c.la_code"
	                                         " WHERE c.id = ? ORDER BY a.id LIMIT 1")
	                        : NULL;
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_int64(stmt, 1, child_id);
	return db_row(stmt, out);
}
