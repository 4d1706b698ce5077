/*
 * chronology_sqlite.c (encompass) — Operation Encompass's events in a child's
 * chronology (app/area.h): each notification to the child's school or
 * setting, and what the setting said it did, seen by whoever may open the
 * notification.
 */
#include "areas/encompass/store.h"

#include "store/db.h"

static const char notification_events[] =
    "SELECT substr(n.created_at, 1, 19) || 'Z' AS at, n.id AS record_id,"
    " 'Operation Encompass notification to the school or setting' AS text, a.name AS agency"
    " FROM da_incident_children c JOIN encompass_notifications n ON n.incident_child_id = c.id"
    " JOIN agencies a ON a.id = n.recipient_agency_id WHERE c.child_id = ?1"
    " UNION ALL"
    " SELECT substr(n.action_at, 1, 19) || 'Z', n.id,"
    " 'What the setting did after the notification: ' || CASE n.action"
    " WHEN 'support_offered' THEN 'support offered' WHEN 'monitoring' THEN 'monitoring'"
    " WHEN 'referral_made' THEN 'a referral made' WHEN 'no_action' THEN 'no action'"
    " ELSE 'other action' END, a.name"
    " FROM da_incident_children c JOIN encompass_notifications n ON n.incident_child_id = c.id"
    " JOIN agencies a ON a.id = n.recipient_agency_id"
    " WHERE c.child_id = ?1 AND n.action_at IS NOT NULL";
DB_REGISTER(notification_events);

const struct chronology_kind encompass_chronology[] = {{.kind = "encompass",
                                                        .kind_label = "Operation Encompass",
                                                        .action = "encompass.read",
                                                        .record_type = "encompass_notification",
                                                        .href = "/encompass/notifications/",
                                                        .sql = notification_events},
                                                       {0}};

/* ---- what it holds about a child, for a subject access request's pack (app/area.h) ---- */

static const char encompass_notifications_held[] =
    "SELECT n.created_at AS notified_at, (SELECT name FROM agencies WHERE id = "
    "n.recipient_agency_id) AS agency, n.acknowledged_at, n.action, n.action_detail, n.action_at "
    "FROM encompass_notifications n JOIN da_incident_children c ON c.id = n.incident_child_id WHERE "
    "c.child_id = ?1 ORDER BY n.created_at, n.id";
DB_REGISTER(encompass_notifications_held);

const struct subject_access_table encompass_subject_access[] = {
    {.title = "Operation Encompass notifications", .sql = encompass_notifications_held},
    {0},
};
