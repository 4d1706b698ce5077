/*
 * tasks_sqlite.c (support) — the requests for support waiting for a front
 * door's decision, as tasks (contract in tasks.h). They name no child.
 * Deadlines are written "YYYY-MM-DDTHH:MM:SSZ" (calendar_format_instant), so
 * they sort as text.
 */
#include "areas/support/tasks.h"

#include "auth/policy.h"
#include "store/db.h"

enum haven_status support_tasks(const struct user *user, json_t *tasks)
{
	if (!policy_allows(user, "support.queue", NULL, 0))
		return HAVEN_OK;
	return db_read_rows_append(
	    tasks,
	    "SELECT 'support.decide' AS kind, 'Decide a request for support' AS text, decision_due_at AS "
	    "due_at,"
	    " '/requests-for-support/' || id AS href, 'support_request' AS record_type, id AS record_id"
	    " FROM support_requests INDEXED BY support_requests_queue"
	    " WHERE front_door_agency_id = ? AND decided_at IS NULL"
	    " ORDER BY decision_due_at, id LIMIT 200",
	    DB_INT(user->agency_id));
}
