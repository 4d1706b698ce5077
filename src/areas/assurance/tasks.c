/*
 * tasks.c (assurance) — the quality assurance work on a person's work list
 * (see tasks.h): each task only where the policy lets the person take its
 * action on the return or the case audit, linking to where it is done.
 * No child is named.
 */
#include <limits.h>
#include <stdio.h>

#include "app/task.h"
#include "areas/assurance/case_audits.h"
#include "areas/assurance/store.h"
#include "areas/assurance/tasks.h"
#include "areas/calendar/london.h"
#include "auth/policy.h"
#include "core/calendar.h"

/*
 * Appends one task per row of `rows` (taken: {audit_id, case_id, child_id, title, case_number}) that
 * the policy lets `user` take `action` on: `text`, the title and the case's number in the audit (so two
 * cases of one audit are two tasks told apart), a link to the child's form (`form`: "findings" or
 * "grade"), and as its due date the row's `due` (the audit's findings_due_on; NULL: none, as the panel's
 * grading has), so the work list shows it overdue once that day has passed. Each is about its case (record
 * "qa_case_audit_case"), not the audit, so the work alerts it raises are the case's: a second case ready to
 * grade alerts as the first did. No child is named.
 */
static void case_audit_rows_to_tasks(const struct user *user, json_t *rows, const char *action,
                                     const char *kind, const char *text, const char *form, const char *due,
                                     json_t *out)
{
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		long long audit_id = json_integer_value(json_object_get(r, "audit_id"));
		if (!policy_allows(user, action, "qa_case_audit", audit_id))
			continue;
		char line[400];
		snprintf(line, sizeof line, "%s: %s, case %lld", text,
		         json_string_value(json_object_get(r, "title")),
		         (long long)json_integer_value(json_object_get(r, "case_number")));
		task_add(out,
		         &(struct task){kind, line, due ? json_object_get(r, due) : NULL,
		                        "qa_case_audit_case",
		                        json_integer_value(json_object_get(r, "case_id"))},
		         "/quality-assurance/case-audits/%lld/children/%lld/%s", audit_id,
		         (long long)json_integer_value(json_object_get(r, "child_id")), form);
	}
	json_decref(rows);
}

/* A named auditor's parts of case audits still to record, the panel's children to grade, and the actions
 * agreed that the person owns and has not done. */
static enum haven_status case_audit_tasks(const struct user *user, json_t *out)
{
	json_t *rows = NULL;
	enum haven_status st = assurance_case_audit_findings_due(user->id, user->agency_id, &rows);
	if (st != HAVEN_OK)
		return st;
	case_audit_rows_to_tasks(user, rows, "qa.case_audit.findings", "qa.case_audit.findings",
	                         "Record your agency's findings for a child in a case audit", "findings",
	                         "findings_due_on", out);
	if ((st = assurance_case_audit_grading_due(user->id, &rows)) != HAVEN_OK)
		return st;
	case_audit_rows_to_tasks(user, rows, "qa.case_audit.panel", "qa.case_audit.grade",
	                         "Grade a child's case as the panel of a case audit", "grade", NULL, out);
	if ((st = assurance_case_audit_actions_due(user->id, &rows)) != HAVEN_OK)
		return st;
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		long long id = json_integer_value(json_object_get(r, "id"));
		if (!policy_allows(user, "qa.case_audit.action", "qa_case_audit_action", id))
			continue;
		/* the audit's title, not the action's words, which may name a child */
		char text[300];
		snprintf(text, sizeof text, "Complete an action agreed in a case audit: %s",
		         json_string_value(json_object_get(r, "title")));
		task_add(out,
		         &(struct task){"qa.case_audit.action", text, json_object_get(r, "due_on"),
		                        "qa_case_audit_action", id},
		         "/quality-assurance/case-audits/%lld/actions/%lld",
		         (long long)json_integer_value(json_object_get(r, "audit_id")), id);
	}
	json_decref(rows);
	return HAVEN_OK;
}

/*
 * The partnership's questions about the user's agency's returns, each a task until answered, for those
 * who complete the return (its own task's people: a school's DSL for Section 175/157, the agency's lead
 * for Section 11), linking its answer form. The partnership reads the answers on the cycle's page, where
 * each return says how many of its questions are answered and how many wait.
 */
static enum haven_status question_tasks(const struct user *user, json_t *out)
{
	json_t *rows = NULL;
	enum haven_status st = assurance_questions_due(user->agency_id, &rows);
	if (st != HAVEN_OK)
		return st;
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		long long return_id = json_integer_value(json_object_get(r, "return_id"));
		if (!policy_allows(user, "qa.return.complete", "qa_return_to_complete", return_id) ||
		    !policy_allows(user, "qa.return.update", "qa_return", return_id))
			continue;
		char text[300];
		snprintf(text, sizeof text,
		         "Answer the partnership's question about your self-assessment: %s",
		         json_string_value(json_object_get(r, "title")));
		task_add(out, &(struct task){"qa.question", text, NULL, "qa_return", return_id},
		         "/quality-assurance/returns/%lld/challenges/%lld/answer", return_id,
		         (long long)json_integer_value(json_object_get(r, "id")));
	}
	json_decref(rows);
	return HAVEN_OK;
}

/* A kind of task about a return, from rows the store gives: its words, then a column's (up to `most` bytes).
 */
struct return_task {
	const char *kind, *words, *words_key;
	int most;
	const char *due_key, *return_key;
	const char *action, *record; /* what the person does to the return, as the policy names it */
};

/* A task of kind `t` for each row of `rows` whose return `user` may take the task's action on. */
static void add_return_tasks(const struct user *user, const json_t *rows, const struct return_task *t,
                             json_t *out)
{
	size_t i;
	const json_t *r;
	json_array_foreach(rows, i, r)
	{
		long long id = json_integer_value(json_object_get(r, t->return_key));
		if (!policy_allows(user, t->action, t->record, id))
			continue;
		char text[300];
		snprintf(text, sizeof text, "%s: %.*s", t->words, t->most,
		         json_string_value(json_object_get(r, t->words_key)));
		task_add(out, &(struct task){t->kind, text, json_object_get(r, t->due_key), "qa_return", id},
		         "/quality-assurance/returns/%lld", id);
	}
}

enum haven_status assurance_tasks(const struct user *user, json_t *out)
{
	char day[CALENDAR_DATE_SIZE];
	calendar_london_today_text(day);
	json_t *rows = NULL;
	enum haven_status st = assurance_returns_due(user->agency_id, day, &rows);
	if (st != HAVEN_OK)
		return st;
	static const struct return_task return_due = {"qa.return",
	                                              "Complete and submit your agency's self-assessment",
	                                              "title",
	                                              INT_MAX,
	                                              "returns_due_on",
	                                              "id",
	                                              "qa.return.complete",
	                                              "qa_return_to_complete"};
	add_return_tasks(user, rows, &return_due, out);
	json_decref(rows);
	if ((st = assurance_actions_due(user->agency_id, &rows)) != HAVEN_OK)
		return st;
	static const struct return_task action_due = {
	    "qa.action",        "Complete an action from your agency's self-assessment",
	    "action",           200,
	    "due_on",           "return_id",
	    "qa.return.update", "qa_return"};
	add_return_tasks(user, rows, &action_due, out);
	json_decref(rows);
	if ((st = question_tasks(user, out)) != HAVEN_OK || (st = case_audit_tasks(user, out)) != HAVEN_OK)
		return st;
	/* a role that may not return_moderate is refused whatever the return; the partnership oversees every
	 * one */
	if (!policy_allows(user, "qa.moderate", "qa_return", 0))
		return HAVEN_OK;
	if ((st = assurance_returns_to_moderate(&rows)) != HAVEN_OK)
		return st;
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		long long id = json_integer_value(json_object_get(r, "id"));
		/* the cycle's own moderator (whoever of the team opened it) is asked, not the whole team,
		 * whose every member was emailed for every return (work alerts follow the task); a cycle with
		 * none (its opener gone from the team) asks everyone the rule lets moderate. Any of them may
		 * still moderate from the cycle's page. */
		json_int_t moderator = json_integer_value(json_object_get(r, "moderator_id"));
		if ((moderator && moderator != user->id) ||
		    !policy_allows(user, "qa.moderate", "qa_return", id))
			continue;
		char text[600];
		snprintf(text, sizeof text, "Moderate the self-assessment of %s: %s",
		         json_string_value(json_object_get(r, "agency")),
		         json_string_value(json_object_get(r, "title")));
		task_add(out, &(struct task){"qa.moderate", text, NULL, "qa_return", id},
		         "/quality-assurance/returns/%lld", id);
	}
	json_decref(rows);
	return HAVEN_OK;
}
