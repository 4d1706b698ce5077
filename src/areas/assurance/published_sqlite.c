/*
 * published_sqlite.c (assurance) — the one count published.c needs that the
 * pages do not already read: a cycle's action plans by status.
 */
#include "areas/assurance/published.h"

#include "store/db.h"

enum haven_status assurance_cycle_action_counts(long long cycle_id, const char *today, json_t **out)
{
	return db_row_with(db_reader(),
	                   "SELECT count(*) AS total,"
	                   " count(*) FILTER (WHERE a.status = 'not_started') AS not_started,"
	                   " count(*) FILTER (WHERE a.status = 'in_progress') AS in_progress,"
	                   " count(*) FILTER (WHERE a.status = 'complete') AS complete,"
	                   " count(*) FILTER (WHERE a.status != 'complete' AND a.due_on < ?2) AS overdue"
	                   " FROM qa_actions a JOIN qa_returns r ON r.id = a.return_id WHERE r.cycle_id = ?1",
	                   out, DB_INT(cycle_id), DB_TEXT(today));
}
