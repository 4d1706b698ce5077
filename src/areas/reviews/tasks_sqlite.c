/*
 * tasks_sqlite.c (reviews) — a review group member's agency's contributions
 * and actions still to do, as tasks (contract in tasks.h). They name no
 * child: the review's page shows it to its members.
 */
#include "areas/reviews/tasks.h"

#include "auth/policy.h"
#include "store/db.h"

enum haven_status reviews_tasks(const struct user *user, json_t *tasks)
{
	if (policy_decide(user, "review.list", NULL) != DECISION_ALLOW)
		return HAVEN_OK;
	sqlite3 *db = db_reader();
	if (!db)
		return HAVEN_ERR_DB;
	sqlite3_stmt *stmt = db_prepare(
	    db,
	    "SELECT * FROM (SELECT 'review.contribute' AS kind,"
	    " 'Send your agency''s information for a review' AS text, k.due_on AS due_at,"
	    " '/reviews/' || k.case_id AS href, 'review' AS record_type, k.case_id AS record_id"
	    " FROM review_members m JOIN review_contributions k ON k.case_id = m.case_id"
	    " WHERE m.user_id = ?1 AND k.agency_id = ?2 AND k.received_on IS NULL"
	    " ORDER BY k.due_on, k.id LIMIT 200)"
	    " UNION ALL SELECT * FROM (SELECT 'review.action' AS kind,"
	    " 'Complete your agency''s action from a review' AS text, a.due_on AS due_at,"
	    " '/reviews/' || a.case_id || '/actions' AS href, 'review' AS record_type, a.case_id AS record_id"
	    " FROM review_members m JOIN review_actions a ON a.case_id = m.case_id"
	    " WHERE m.user_id = ?1 AND a.owner_agency_id = ?2 AND a.status <> 'complete'"
	    " ORDER BY a.due_on, a.id LIMIT 200)");
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_int64(stmt, 1, user->id);
	sqlite3_bind_int64(stmt, 2, user->agency_id);
	json_t *rows = db_rows(stmt);
	if (!rows)
		return HAVEN_ERR_DB;
	json_array_extend(tasks, rows);
	json_decref(rows);
	return HAVEN_OK;
}
