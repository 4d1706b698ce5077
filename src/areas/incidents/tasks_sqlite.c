/*
 * tasks_sqlite.c (incidents) — the children of incidents waiting for a
 * person to match them, as tasks (contract in tasks.h). They name no child.
 * Deadlines are written "YYYY-MM-DDTHH:MM:SSZ" (calendar_format_instant), so
 * they sort as text.
 */
#include "areas/incidents/tasks.h"

#include "areas/incidents/store.h"
#include "auth/policy.h"
#include "store/db.h"

enum haven_status incidents_tasks(const struct user *user, json_t *tasks)
{
	if (!policy_allows(user, "incident.list", NULL, 0))
		return HAVEN_OK;
	/* the police oversee every incident; a local authority resolves its own area's */
	long long la_code = 0;
	if (!policy_allows(user, "incident.read", "da_incident", 0)) {
		enum haven_status st = incidents_agency_la(user->agency_id, &la_code);
		if (st != HAVEN_OK || la_code == 0)
			return st;
	}
	return db_read_rows_append(
	    tasks,
	    "SELECT 'incident.resolve' AS kind,"
	    " 'Match a child of a domestic abuse incident to the register' AS text, "
	    "c.waiting_due_at AS due_at,"
	    " '/incidents/' || i.id || '/children/' || c.position || '/resolve' AS href,"
	    " 'da_incident' AS record_type, i.id AS record_id"
	    " FROM da_incident_children c INDEXED BY da_incident_children_waiting"
	    " JOIN da_incidents i ON i.id = c.incident_id"
	    " WHERE c.match_status = 'unresolved' AND (?1 = 0 OR i.la_code = ?1)"
	    " ORDER BY c.waiting_due_at, c.id LIMIT 200",
	    DB_INT(la_code));
}
