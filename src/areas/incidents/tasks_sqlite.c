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
	/* the police resolve their own force's incidents; a local authority its own area's */
	struct incidents_scope scope;
	enum haven_status st = incidents_scope_of(user->agency_id, &scope);
	if (st != HAVEN_OK || (!scope.force_id && !scope.la_code))
		return st;
	return db_read_rows_append(
	    tasks,
	    "SELECT 'incident.resolve' AS kind,"
	    " 'Match a child of a domestic abuse incident to the register' AS text, "
	    "c.waiting_due_at AS due_at,"
	    " '/incidents/' || i.id || '/children/' || c.position || '/resolve' AS href,"
	    " 'da_incident' AS record_type, i.id AS record_id"
	    " FROM da_incident_children c INDEXED BY da_incident_children_waiting"
	    " JOIN da_incidents i ON i.id = c.incident_id"
	    " WHERE c.match_status = 'unresolved' AND (i.police_agency_id = ?1 OR i.la_code = ?2)"
	    " ORDER BY c.waiting_due_at, c.id LIMIT 200",
	    DB_INT(scope.force_id), DB_INT(scope.la_code));
}
