/*
 * chronology_sqlite.c (children) — the children area's own event in a
 * child's chronology (app/area.h: the record was added to the register), and
 * who a viewer asks about the events they cannot see: the front door of the
 * child's local authority.
 */
#include "areas/children/store.h"

#include "store/db.h"

static const char added_events[] = "SELECT substr(c.created_at, 1, 19) || 'Z' AS at, c.id AS record_id,"
                                   " 'Added to the children register' AS text, a.name AS agency"
                                   " FROM children c LEFT JOIN users u ON u.id = c.created_by"
                                   " LEFT JOIN agencies a ON a.id = u.agency_id WHERE c.id = ?";
DB_REGISTER(added_events);

const struct chronology_kind children_chronology[] = {{.kind = "register",
                                                       .kind_label = "Children register",
                                                       .action = "child.read",
                                                       .record_type = "child",
                                                       .href = "/children/",
                                                       .sql = added_events},
                                                      {0}};

enum haven_status children_front_door(long long child_id, json_t **out)
{
	return db_row_with(db_reader(),
	                   "SELECT a.id, a.name FROM children c JOIN agencies a"
	                   " ON a.type = 'local_authority' AND a.la_code = c.la_code"
	                   " WHERE c.id = ? ORDER BY a.id LIMIT 1",
	                   out, DB_INT(child_id));
}
