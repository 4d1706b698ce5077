/*
 * chronology_sqlite.c (incidents) — the incidents area's events in a child's
 * chronology (app/area.h): each domestic abuse incident the child was matched
 * to, when it happened, seen by whoever may open the incident.
 */
#include "areas/incidents/store.h"

#include "store/db.h"

static const char incident_events[] =
    "SELECT DISTINCT substr(i.occurred_at, 1, 19) || 'Z' AS at, i.id AS record_id,"
    " 'Domestic abuse incident attended by police (' || i.risk_level || ' risk)' AS text,"
    " coalesce(a.name, 'Police') AS agency"
    " FROM da_incident_children c JOIN da_incidents i ON i.id = c.incident_id"
    " LEFT JOIN users u ON u.id = i.recorded_by LEFT JOIN agencies a ON a.id = u.agency_id"
    " WHERE c.child_id = ?";
DB_REGISTER(incident_events);

const struct chronology_kind incidents_chronology[] = {{.kind = "incident",
                                                        .kind_label = "Domestic abuse incidents",
                                                        .action = "incident.read",
                                                        .record_type = "da_incident",
                                                        .href = "/incidents/",
                                                        .sql = incident_events},
                                                       {0}};
