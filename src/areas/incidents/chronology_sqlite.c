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

/* ---- what it holds about a child, for a subject access request's pack (app/area.h) ---- */

static const char incident_children_held[] =
    "SELECT i.occurred_at, i.police_reference, c.given_name, c.family_name, c.date_of_birth, "
    "c.setting_name, c.present, c.where_during, c.spoken_to, c.child_said FROM da_incident_children "
    "c JOIN da_incidents i ON i.id = c.incident_id WHERE c.child_id = ?1 ORDER BY i.occurred_at, "
    "c.id";
DB_REGISTER(incident_children_held);

const struct subject_access_table incidents_subject_access[] = {
    {.title = "Domestic abuse incidents",
     .sql = incident_children_held,
     .flags = (const char *const[]){"present", "spoken_to", NULL}},
    {0},
};
