/*
 * tasks_sqlite.c (provide) — the IDVA referrals waiting for a first
 * attempt to contact the victim, as tasks (contract in tasks.h). They name
 * nobody. The target is the partnership's setting, read in the same query
 * so a change applies to every open referral at once.
 */
#include "areas/provide/tasks.h"

#include "auth/policy.h"
#include "store/db.h"

enum haven_status provide_tasks(const struct user *user, json_t *tasks)
{
	if (policy_decide(user, "provide.list", NULL) != DECISION_ALLOW)
		return HAVEN_OK;
	return db_read_rows_append(
	    tasks,
	    "SELECT 'provide.contact' AS kind, 'Try to contact a victim referred to your service' AS text,"
	    " strftime('%Y-%m-%dT%H:%M:%SZ', unixepoch(created_at) + 3600 * coalesce((SELECT"
	    " idva_first_attempt_hours FROM da_settings WHERE id = 1), 24), 'unixepoch') AS due_at,"
	    " '/provide/referrals/' || id AS href, 'idva_referral' AS record_type, id AS record_id"
	    " FROM idva_referrals INDEXED BY idva_referrals_by_service"
	    " WHERE service_agency_id = ?1 AND closed_at IS NULL AND first_attempt_at IS NULL"
	    " ORDER BY unixepoch(created_at), id LIMIT 200",
	    DB_INT(user->agency_id));
}
