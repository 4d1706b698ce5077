/*
 * tasks_sqlite.c (reviews) — what a review asks of the people who must act,
 * as tasks (contract in tasks.h): a group member's agency's contributions
 * and actions, and, for the partnership team and the review's group, the
 * statutory clock's next step (the notification to the national panel, the
 * rapid review) and the local review's milestones. They name no child: the
 * review's page shows it to its members.
 */
#include "areas/reviews/tasks.h"

#include <stdio.h>
#include <string.h>

#include "areas/calendar/calendar.h"
#include "areas/reviews/rules.h"
#include "auth/policy.h"
#include "core/calendar.h"
#include "store/db.h"

/* Their agency's information for a review and actions from one, for a member of its group. */
static enum haven_status agency_work(const struct user *user, json_t *tasks)
{
	return db_read_rows_append(
	    tasks,
	    "SELECT * FROM (SELECT 'review.contribute' AS kind,"
	    " 'Send your agency''s information for a review' AS text, k.due_on AS due_at,"
	    " '/reviews/' || k.case_id AS href, 'review' AS record_type, k.case_id AS record_id"
	    " FROM review_members m JOIN review_contributions k ON k.case_id = m.case_id"
	    " WHERE m.user_id = ?1 AND k.agency_id = ?2 AND k.received_on IS NULL"
	    " ORDER BY k.due_on, k.id LIMIT 200) AS contributions"
	    " UNION ALL SELECT * FROM (SELECT 'review.action' AS kind,"
	    " 'Complete your agency''s action from a review' AS text, a.due_on AS due_at,"
	    " '/reviews/' || a.case_id || '/actions' AS href, 'review' AS record_type, a.case_id AS record_id"
	    " FROM review_members m JOIN review_actions a ON a.case_id = m.case_id"
	    " WHERE m.user_id = ?1 AND a.owner_agency_id = ?2 AND a.status <> 'complete'"
	    " ORDER BY a.due_on, a.id LIMIT 200) AS actions",
	    DB_INT(user->id), DB_INT(user->agency_id));
}

/* The cases a person acts on: every case for those who oversee them all (?2), else their groups'. */
#define CASE_OF_THE_PERSON                                                                                   \
	" (?2 OR EXISTS (SELECT 1 FROM review_members m WHERE m.case_id = c.id AND m.user_id = ?1))"

/*
 * The statutory clock's next step of each case not past it: the
 * notification (5 working days from awareness) while none is recorded,
 * then the rapid review (15 working days from the notification) until it
 * is held. The store keeps only what happened, so the deadline is worked
 * out here by the calendar, as the review's page does (rules.h).
 */
static enum haven_status clock_steps(const struct user *user, bool every, json_t *tasks)
{
	json_t *rows = db_rows_with(
	    db_reader(),
	    "SELECT * FROM (SELECT c.id, 'review.notify' AS kind, c.aware_on AS since FROM review_cases c"
	    " WHERE c.panel_notified_on IS NULL AND" CASE_OF_THE_PERSON
	    " ORDER BY c.aware_on, c.id LIMIT 200) AS to_notify"
	    " UNION ALL SELECT * FROM (SELECT c.id, 'review.rapid' AS kind, c.panel_notified_on AS since"
	    " FROM review_cases c WHERE c.panel_notified_on IS NOT NULL AND c.rapid_review_on IS NULL"
	    " AND" CASE_OF_THE_PERSON " ORDER BY c.panel_notified_on, c.id LIMIT 200) AS to_review",
	    DB_INT(user->id), DB_INT(every));
	if (!rows)
		return HAVEN_ERR_DB;
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		const char *kind = json_string_value(json_object_get(row, "kind"));
		int32_t since;
		if (!kind || !calendar_parse(json_string_value(json_object_get(row, "since")), &since))
			continue;
		bool notify = strcmp(kind, "review.notify") == 0;
		char due[CALENDAR_DATE_SIZE], href[64];
		calendar_format(calendar_add_working_days(since, notify ? REVIEW_NOTIFY_WORKING_DAYS
		                                                        : REVIEW_RAPID_REVIEW_WORKING_DAYS),
		                due);
		json_int_t id = json_integer_value(json_object_get(row, "id"));
		snprintf(href, sizeof href, "/reviews/%lld", (long long)id);
		json_array_append_new(
		    tasks, json_pack("{s:s, s:s, s:s, s:s, s:s, s:I}", "kind", kind, "text",
		                     notify ? "Notify the national panel of a serious incident"
		                            : "Hold the rapid review of a serious incident",
		                     "due_at", due, "href", href, "record_type", "review", "record_id", id));
	}
	json_decref(rows);
	return HAVEN_OK;
}

/* A local review's milestones not yet reached (their titles stay on the review's page). */
static enum haven_status milestones(const struct user *user, bool every, json_t *tasks)
{
	return db_read_rows_append(
	    tasks,
	    "SELECT 'review.milestone' AS kind, 'Reach a milestone of a local child safeguarding practice"
	    " review' AS text, k.due_on AS due_at, '/reviews/' || k.case_id AS href,"
	    " 'review_milestone' AS record_type, k.id AS record_id"
	    " FROM review_milestones k JOIN review_cases c ON c.id = k.case_id"
	    " WHERE k.done_on IS NULL AND" CASE_OF_THE_PERSON " ORDER BY k.due_on, k.id LIMIT 200",
	    DB_INT(user->id), DB_INT(every));
}

enum haven_status reviews_tasks(const struct user *user, json_t *tasks)
{
	if (!policy_allows(user, "review.list", NULL, 0))
		return HAVEN_OK;
	/* asking about no case in particular (id 0) is allowed only to those who oversee every review */
	bool every = policy_allows(user, "review.read", "review", 0);
	enum haven_status st = agency_work(user, tasks);
	if (st == HAVEN_OK)
		st = clock_steps(user, every, tasks);
	if (st == HAVEN_OK)
		st = milestones(user, every, tasks);
	return st;
}
