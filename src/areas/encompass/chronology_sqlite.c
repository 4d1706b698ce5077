/*
 * chronology_sqlite.c (encompass) — Operation Encompass's events in a child's
 * chronology (app/area.h): each notification to the child's school or
 * setting, and what the setting said it did, seen by whoever may open the
 * notification.
 */
#include "areas/encompass/store.h"

#include "app/chronology.h"
#include "store/db.h"

static const struct chronology_kind notification = {.kind = "encompass",
                                                    .kind_label = "Operation Encompass",
                                                    .action = "encompass.read",
                                                    .record_type = "encompass_notification",
                                                    .href = "/encompass/notifications/"};

enum haven_status encompass_chronology(long long child_id, json_t *events)
{
	json_t *rows = db_rows_with(
	    db_reader(),
	    "SELECT strftime('%Y-%m-%dT%H:%M:%SZ', n.created_at) AS at, n.id AS record_id,"
	    " 'Operation Encompass notification to the school or setting' AS text, a.name AS agency"
	    " FROM da_incident_children c JOIN encompass_notifications n ON n.incident_child_id = "
	    "c.id"
	    " JOIN agencies a ON a.id = n.recipient_agency_id WHERE c.child_id = ?1"
	    " UNION ALL"
	    " SELECT strftime('%Y-%m-%dT%H:%M:%SZ', n.action_at), n.id,"
	    " 'What the setting did after the notification: ' || CASE n.action"
	    " WHEN 'support_offered' THEN 'support offered' WHEN 'monitoring' THEN 'monitoring'"
	    " WHEN 'referral_made' THEN 'a referral made' WHEN 'no_action' THEN 'no action'"
	    " ELSE 'other action' END, a.name"
	    " FROM da_incident_children c JOIN encompass_notifications n ON n.incident_child_id = "
	    "c.id"
	    " JOIN agencies a ON a.id = n.recipient_agency_id"
	    " WHERE c.child_id = ?1 AND n.action_at IS NOT NULL",
	    DB_INT(child_id));
	if (!rows)
		return HAVEN_ERR_DB;
	chronology_add_rows(events, rows, &notification);
	return HAVEN_OK;
}
