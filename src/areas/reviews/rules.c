/*
 * rules.c (reviews) — deadlines and statuses of a review (see rules.h).
 *
 * Every date comes through the calendar module, so weekends and England
 * and Wales bank holidays (substitute days included) are skipped the same
 * way everywhere in Haven.
 */
#include "areas/reviews/rules.h"

#include <stdio.h>
#include <string.h>

#include "areas/calendar/calendar.h"
#include "view/status_tag.h"

/* A stored date, or false if absent (null) or not a date. */
static bool date_of(const json_t *c, const char *name, int32_t *day)
{
	const char *s = json_string_value(json_object_get(c, name));
	return s && calendar_parse(s, day);
}

static json_t *date_json(int32_t day)
{
	char text[CALENDAR_DATE_SIZE];
	calendar_format(day, text);
	return json_string(text);
}

bool reviews_contribution_due(const char *aware_on, const char *notified_on, char out[16])
{
	int32_t aware, notified, from;
	if (!aware_on || !calendar_parse(aware_on, &aware))
		return false;
	if (notified_on && calendar_parse(notified_on, &notified))
		from = notified;
	else
		from = calendar_add_working_days(aware, REVIEW_NOTIFY_WORKING_DAYS);
	calendar_format(calendar_add_working_days(from, REVIEW_CONTRIBUTION_WORKING_DAYS), out);
	return true;
}

/* A deadline's standing; the API gives it as "status", "label" and "tag" (as it always has). */
static const struct status_tag MET = {"met", "Met", "govuk-tag--green"},
                               LATE = {"late", "Done late", "govuk-tag--orange"},
                               DUE = {"due", "Due", "govuk-tag--blue"},
                               OVERDUE = {"overdue", "Overdue", "govuk-tag--red"},
                               WAITING = {"waiting", "Waiting for the notification", "govuk-tag--grey"},
                               RECEIVED = {"met", "Received", "govuk-tag--green"},
                               RECEIVED_LATE = {"late", "Received late", "govuk-tag--orange"},
                               NOT_COMMISSIONED = {"not_commissioned", "Not commissioned", "govuk-tag--grey"},
                               ON_TRACK = {"on_track", "On track", "govuk-tag--green"},
                               AT_RISK = {"at_risk", "At risk", "govuk-tag--yellow"},
                               PUBLISHED = {"published", "Published", "govuk-tag--green"},
                               NOT_PUBLISHED = {"not_published", "Not published", "govuk-tag--grey"};

static void set_shown(json_t *o, struct status_tag s)
{
	json_object_set_new(o, "status", json_string(s.status));
	json_object_set_new(o, "label", json_string(s.label));
	json_object_set_new(o, "tag", json_string(s.tag));
	json_object_set_new(o, "overdue", json_boolean(strcmp(s.status, "overdue") == 0));
}

/* A deadline `due` and what was done (`done`, may be absent): met, late, due or overdue. */
static json_t *deadline(int32_t due, bool has_done, int32_t done, int32_t today)
{
	json_t *o = json_object();
	json_object_set_new(o, "due_on", date_json(due));
	json_object_set_new(o, "done_on", has_done ? date_json(done) : json_null());
	/* a deadline beyond the years whose bank holidays are known counts weekends only */
	json_object_set_new(o, "holidays_known", json_boolean(calendar_covers(due)));
	if (has_done)
		set_shown(o, done <= due ? MET : LATE);
	else
		set_shown(o, today > due ? OVERDUE : DUE);
	return o;
}

static json_t *cspr_status(const json_t *c, int32_t today, int months)
{
	json_t *o = json_object();
	int32_t commissioned, published;
	if (!date_of(c, "cspr_commissioned_on", &commissioned)) {
		json_object_set_new(o, "expected_publication_on", json_null());
		set_shown(o, NOT_COMMISSIONED);
		return o;
	}
	int32_t expected = calendar_add_months(commissioned, months);
	json_object_set_new(o, "expected_publication_on", date_json(expected));
	const char *reason = json_string_value(json_object_get(c, "cspr_not_published_reason"));
	if (date_of(c, "cspr_published_on", &published))
		set_shown(o, PUBLISHED);
	else if (reason && *reason)
		set_shown(o, NOT_PUBLISHED);
	else if (today > expected)
		set_shown(o, OVERDUE);
	else if (calendar_working_days_between(today, expected) <= REVIEW_AT_RISK_WORKING_DAYS)
		set_shown(o, AT_RISK);
	else
		set_shown(o, ON_TRACK);
	return o;
}

void reviews_add_deadlines(json_t *c, int32_t today, int cspr_months)
{
	int32_t aware, notified = 0, held = 0;
	if (!date_of(c, "aware_on", &aware))
		return;
	bool has_notified = date_of(c, "panel_notified_on", &notified);
	json_object_set_new(c, "notification",
	                    deadline(calendar_add_working_days(aware, REVIEW_NOTIFY_WORKING_DAYS),
	                             has_notified, notified, today));

	/* the rapid review is held within 15 working days of the notification (domain.md): the meeting meets
	 * it */
	json_t *rr;
	if (has_notified) {
		/* read the meeting date before the call: argument order is unspecified in C */
		bool has_held = date_of(c, "rapid_review_on", &held);
		rr = deadline(calendar_add_working_days(notified, REVIEW_RAPID_REVIEW_WORKING_DAYS), has_held,
		              held, today);
	} else {
		rr = json_pack("{s:n, s:n, s:b}", "due_on", "done_on", "holidays_known", 1);
		set_shown(rr, WAITING);
	}
	json_object_set_new(c, "rapid_review", rr);
	json_object_set_new(c, "cspr", cspr_status(c, today, cspr_months));

	size_t i;
	json_t *k;
	json_array_foreach(json_object_get(c, "contributions"), i, k)
	{
		int32_t due, received;
		if (!date_of(k, "due_on", &due))
			continue;
		if (date_of(k, "received_on", &received))
			set_shown(k, received <= due ? RECEIVED : RECEIVED_LATE);
		else
			set_shown(k, today > due ? OVERDUE : DUE);
	}
}

/* `due` (a "YYYY-MM-DD" or null) if it is before *earliest (or there is none yet). */
static void keep_earliest(const json_t *due, char earliest[16])
{
	const char *d = json_string_value(due);
	if (d && (!*earliest || strcmp(d, earliest) < 0))
		snprintf(earliest, 16, "%s", d);
}

bool reviews_next_due(const json_t *c, int cspr_months, char out[16])
{
	*out = '\0';
	/* the deadlines as the case's page works them out; which are met does not depend on the day */
	json_t *worked = json_deep_copy(c);
	if (!worked)
		return false;
	reviews_add_deadlines(worked, 0, cspr_months);
	const char *const timed[] = {"notification", "rapid_review"};
	for (size_t i = 0; i < 2; i++) {
		const json_t *d = json_object_get(worked, timed[i]);
		if (d && json_is_null(json_object_get(d, "done_on")))
			keep_earliest(json_object_get(d, "due_on"), out);
	}
	const json_t *cspr = json_object_get(worked, "cspr");
	const char *standing = json_string_value(json_object_get(cspr, "status"));
	if (standing && strcmp(standing, "not_commissioned") != 0 && strcmp(standing, "published") != 0 &&
	    strcmp(standing, "not_published") != 0)
		keep_earliest(json_object_get(cspr, "expected_publication_on"), out);
	const struct {
		const char *list, *done;
	} parts[] = {{"contributions", "received_on"}, {"milestones", "done_on"}};
	for (size_t p = 0; p < 2; p++) {
		size_t i;
		const json_t *k;
		json_array_foreach(json_object_get(c, parts[p].list), i, k)
		{
			const char *done = json_string_value(json_object_get(k, parts[p].done));
			if (!done || !*done)
				keep_earliest(json_object_get(k, "due_on"), out);
		}
	}
	json_decref(worked);
	return *out != '\0';
}
