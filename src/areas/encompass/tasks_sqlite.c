/*
 * tasks_sqlite.c (encompass) — the notifications waiting for a Key Adult,
 * as tasks (contract in tasks.h). The tasks name no child: the page behind
 * each shows the notification to its recipient. Deadlines are written
 * "YYYY-MM-DDTHH:MM:SSZ" by the intake (calendar_format_instant), so they
 * sort as text.
 */
#include "areas/encompass/tasks.h"

#include "auth/policy.h"
#include "store/db.h"

enum haven_status encompass_tasks(const struct user *user, json_t *tasks)
{
	if (!policy_allows(user, "encompass.inbox", NULL, 0))
		return HAVEN_OK;
	return db_read_rows_append(
	    tasks,
	    "SELECT * FROM (SELECT 'encompass.acknowledge' AS kind,"
	    " 'Acknowledge an Operation Encompass notification' AS text, due_at,"
	    " '/encompass/notifications/' || id AS href, 'encompass_notification' AS record_type, id AS "
	    "record_id"
	    " FROM encompass_notifications INDEXED BY encompass_inbox"
	    " WHERE recipient_agency_id = ?1 AND acknowledged_at IS NULL"
	    " ORDER BY due_at, id LIMIT 200) AS unacknowledged"
	    " UNION ALL SELECT * FROM (SELECT 'encompass.record_action' AS kind,"
	    " 'Record what was done about an Operation Encompass notification' AS text, NULL AS due_at,"
	    " '/encompass/notifications/' || id AS href, 'encompass_notification' AS record_type, id AS "
	    "record_id"
	    " FROM encompass_notifications INDEXED BY encompass_inbox"
	    " WHERE recipient_agency_id = ?1 AND acknowledged_at IS NOT NULL AND action IS NULL"
	    " ORDER BY id LIMIT 200) AS unactioned",
	    DB_INT(user->agency_id));
}
