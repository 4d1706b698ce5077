/*
 * tasks_sqlite.c (training) — the requests for a training place waiting for
 * this person's approval, as tasks (contract in tasks.h).
 */
#include "areas/training/tasks.h"

#include "auth/policy.h"
#include "store/db.h"

enum haven_status training_tasks(const struct user *user, json_t *tasks)
{
	if (policy_decide(user, "training.read", NULL) != DECISION_ALLOW)
		return HAVEN_OK;
	sqlite3 *db = db_reader();
	if (!db)
		return HAVEN_ERR_DB;
	sqlite3_stmt *stmt = db_prepare(
	    db,
	    "SELECT 'training.approve' AS kind, 'Approve or decline a request for a training place' AS text,"
	    " date(s.date, '-1 day') AS due_at, '/training/approvals' AS href,"
	    " 'training_approval' AS record_type, a.id AS record_id"
	    " FROM training_approvals a JOIN training_sessions s ON s.id = a.session_id"
	    " WHERE a.approver_user_id = ? AND a.decision IS NULL"
	    " ORDER BY s.date, s.starts, a.id LIMIT 200");
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_int64(stmt, 1, user->id);
	json_t *rows = db_rows(stmt);
	if (!rows)
		return HAVEN_ERR_DB;
	json_array_extend(tasks, rows);
	json_decref(rows);
	return HAVEN_OK;
}
