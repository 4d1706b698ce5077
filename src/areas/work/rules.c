/*
 * rules.c (work) — when a task is due, in words and dates, and the order of
 * the task list (contract in rules.h).
 */
#include "areas/work/rules.h"

#include <stdio.h>
#include <string.h>

#include "areas/calendar/london.h"
#include "core/calendar.h"

bool work_due_instant(const char *due_at, int64_t *due)
{
	if (!due_at || !due_at[0])
		return false;
	int32_t day;
	if (strlen(due_at) == 10 && calendar_parse(due_at, &day)) {
		*due = calendar_utc_from_london(day, 86400);
		return true;
	}
	return calendar_parse_instant(due_at, due);
}

void work_due_when(const char *due_at, char out[static WORK_WHEN_SIZE])
{
	int32_t day, seconds;
	char date[CALENDAR_LONG_DATE_SIZE];
	int64_t due;
	if (strlen(due_at) == 10 && calendar_parse(due_at, &day)) {
		calendar_format_long(day, date);
		snprintf(out, WORK_WHEN_SIZE, "by the end of %s %s", calendar_weekday_name(day), date);
		return;
	}
	if (!calendar_parse_instant(due_at, &due)) {
		out[0] = '\0';
		return;
	}
	calendar_london_from_utc(due, &day, &seconds);
	calendar_format_long(day, date);
	int hour = seconds / 3600, minute = seconds / 60 % 60;
	snprintf(out, WORK_WHEN_SIZE, "by %d:%02d%s on %s %s", hour % 12 == 0 ? 12 : hour % 12, minute,
	         hour < 12 ? "am" : "pm", calendar_weekday_name(day), date);
}

void work_due_words(int64_t due, int64_t now, bool *overdue, char out[static WORK_WORDS_SIZE])
{
	char length[CALENDAR_DURATION_SIZE];
	*overdue = due <= now;
	calendar_format_duration(due - now, length);
	snprintf(out, WORK_WORDS_SIZE, "%s %s", *overdue ? "Overdue by" : "Due in", length);
}

int work_task_order(const void *a, const void *b)
{
	const json_t *x = *(const json_t *const *)a, *y = *(const json_t *const *)b;
	int64_t dx = 0, dy = 0;
	bool hx = work_due_instant(json_string_value(json_object_get(x, "due_at")), &dx);
	bool hy = work_due_instant(json_string_value(json_object_get(y, "due_at")), &dy);
	if (hx != hy)
		return hx ? -1 : 1;
	if (hx && dx != dy)
		return dx < dy ? -1 : 1;
	const char *kx = json_string_value(json_object_get(x, "kind")),
	           *ky = json_string_value(json_object_get(y, "kind"));
	int by_kind = strcmp(kx ? kx : "", ky ? ky : "");
	if (by_kind)
		return by_kind;
	json_int_t ix = json_integer_value(json_object_get(x, "record_id")),
	           iy = json_integer_value(json_object_get(y, "record_id"));
	return (ix > iy) - (ix < iy);
}

const struct work_alert_kind work_alert_kinds[] = {
    /* a front door hears of a request at once, before its one working day is near, and when it is */
    {"support.decide", "Requests for support to decide", "Decide a request for support", true, true, true,
     4 * 3600, false},
    {"provide.contact",
     "Victims referred to your IDVA service with no attempt to contact them within the partnership's target",
     "Try to contact a victim referred to your service", false, false, true, 0, false},
    {"review.contribute", "Your agency's information for a review",
     "Send your agency's information for a review", false, true, true, 2 * 86400, false},
    {"review.action", "Your agency's actions from a review that fall overdue",
     "Complete your agency's action from a review", false, false, true, 0, false},
    /* a serious incident's clock: days, not hours, so "close" is days before the last day */
    {"review.notify", "Serious incident notifications to the national panel",
     "Notify the national panel of a serious incident", false, true, true, 2 * 86400, false},
    {"review.rapid", "Rapid reviews of serious incidents", "Hold the rapid review of a serious incident",
     false, true, true, 3 * 86400, false},
    {"review.milestone", "Milestones of a local child safeguarding practice review",
     "Reach a milestone of a local child safeguarding practice review", false, true, true, 7 * 86400, false},
    /* missing children (contextual): the placing authority hears at once that a child it placed is missing,
     * and the child's authority that a repeat calls for a strategy discussion; neither has a deadline */
    {"contextual.placed_child_missing", "Children your authority placed who are reported missing",
     "Read the episode of a child your authority placed who is missing", true, false, false, 0, false},
    {"contextual.strategy_discussion", "Strategy discussions a repeat missing child calls for",
     "Hold a strategy discussion about a child missing repeatedly", true, false, false, 0, false},
    /* the partnership's assurance work. A challenge is a request with a date weeks away: the agency hears
     * at once that it was asked (else it learns only days before), again two days before the date and
     * once it has passed. An escalation asks the same agency again, on the same challenge with a new date,
     * and a second response asks whoever decides again: `again`, so each alerts afresh. */
    {"challenge.respond", "Challenges to your agency to respond to", "Respond to a challenge to your agency",
     true, true, true, 2 * 86400, true},
    /* the person who raised a challenge (or any scrutineer) decides on its response: no deadline */
    {"challenge.decide", "Responses to challenges, to accept or escalate",
     "Accept or escalate the response to a challenge", true, false, false, 0, true},
    /* a case audit names the auditors it asks for findings, by the date the panel set (none for an audit
     * made before the date was asked): each hears when asked, two days before the date and once it has
     * passed, as a challenge's agency does. The panel that grades has no deadline, so hears once */
    {"qa.case_audit.findings", "Your agency's findings asked for in a multi-agency case audit",
     "Record your agency's findings for a child in a case audit", true, true, true, 2 * 86400, false},
    {"qa.case_audit.grade", "Children's cases to grade as a case audit's panel",
     "Grade a child's case as the panel of a case audit", true, false, false, 0, false},
    /* escalated with no board meeting planned, the partnership team places it once one is: no deadline;
     * escalated again later, it may wait again */
    {"challenge.place", "Escalated challenges to place on a board meeting's agenda",
     "Place an escalated challenge on a board meeting's agenda", true, false, false, 0, true},
    /* the partnership's question about a submitted self-assessment, for those who complete it: no deadline.
     * One task a return, however many questions wait: a later question, once the first is answered, alerts
     * again */
    {"qa.question", "The partnership's questions about your agency's self-assessment",
     "Answer the partnership's question about your agency's self-assessment", true, false, false, 0, true},
    /* the partnership team moderates each self-assessment submitted: no deadline */
    {"qa.moderate", "Self-assessments to moderate", "Moderate an agency's self-assessment", true, false,
     false, 0, false},
    /* actions, each with a due date set months ahead and on the list all along: they matter to an email
     * only once overdue (as a review's actions) */
    {"qa.case_audit.action", "Actions agreed in a case audit that fall overdue",
     "Complete an action agreed in a case audit", false, false, true, 0, false},
    {"qa.action", "Your agency's actions from its self-assessment that fall overdue",
     "Complete an action from your agency's self-assessment", false, false, true, 0, false},
    {"plan.action_update", "Your agency's action-plan actions that fall overdue",
     "Update your agency's action-plan action", false, false, true, 0, false},
    /* a training request whose named approver can no longer decide it (deactivated, moved, role lost):
     * the booker names another, before the day of the session */
    {"training.approver", "Your requests for a training place whose approver can no longer decide them",
     "Name another approver for your request for a training place", true, false, false, 0, true},
    /* Not "qa.return" (a self-assessment to complete and submit): the assurance area emails its own
     * reminder before the return date and a chase every few days once it has passed (assurance/jobs.c) to
     * the agency's DSLs and agency administrators, or tells the partnership team when it has neither; an
     * alert as well would be two emails for one thing. */
    {0},
};

const struct work_alert_kind *work_alert_kind_find(const char *kind)
{
	for (const struct work_alert_kind *k = work_alert_kinds; kind && k->kind; k++)
		if (strcmp(k->kind, kind) == 0)
			return k;
	return NULL;
}

const char *work_alert_stage(const struct work_alert_kind *k, const char *due_at, int64_t now)
{
	int64_t due;
	bool has_due = work_due_instant(due_at, &due);
	if (has_due && due <= now)
		return k->on_overdue ? "overdue" : NULL;
	if (has_due && due - now <= k->soon_seconds)
		return k->on_due_soon ? "due_soon" : NULL;
	return k->on_new ? "new" : NULL;
}

const char *work_alert_stage_words(const char *stage)
{
	return strcmp(stage, "overdue") == 0    ? "it is overdue"
	       : strcmp(stage, "due_soon") == 0 ? "it is close to its deadline"
	                                        : "new";
}
