/*
 * chronology_sqlite.c (children) — the children area's own event in a
 * child's chronology (app/area.h: the record was added to the register).
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
