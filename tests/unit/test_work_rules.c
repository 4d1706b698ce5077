/*
 * test_work_rules.c — tests the task list's pure rules
 * (src/areas/work/rules.h): when a task is due as an instant, as people read
 * it in England's time, in words, the order of the list, and the stages at
 * which the assurance work's kinds alert.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "areas/calendar/london.h"
#include "areas/work/rules.h"

static int64_t instant(const char *s)
{
	int64_t t = 0;
	assert_true(calendar_parse_instant(s, &t));
	return t;
}

static void due_instants(void **state)
{
	(void)state;
	int64_t due;
	assert_true(work_due_instant("2025-11-20T08:45:00Z", &due));
	assert_int_equal(due, instant("2025-11-20T08:45:00Z"));
	/* SQLite's own form, with a fraction */
	assert_true(work_due_instant("2025-11-20T08:45:00.123Z", &due));
	assert_int_equal(due, instant("2025-11-20T08:45:00Z"));
	/* a day lasts until midnight in England: GMT in winter, BST in summer */
	assert_true(work_due_instant("2026-12-04", &due));
	assert_int_equal(due, instant("2026-12-05T00:00:00Z"));
	assert_true(work_due_instant("2026-07-01", &due));
	assert_int_equal(due, instant("2026-07-01T23:00:00Z"));
	/* nothing, or not a date */
	assert_false(work_due_instant(NULL, &due));
	assert_false(work_due_instant("", &due));
	assert_false(work_due_instant("tomorrow", &due));
	assert_false(work_due_instant("2026-02-30", &due));
}

static void due_when(void **state)
{
	(void)state;
	struct {
		const char *due_at, *expected;
	} cases[] = {
	    {"2025-11-20T08:45:00Z", "by 8:45am on Thursday 20 November 2025"},
	    /* BST: 07:45 UTC is 8:45am */
	    {"2026-07-01T07:45:00Z", "by 8:45am on Wednesday 1 July 2026"},
	    {"2026-01-14T12:00:00Z", "by 12:00pm on Wednesday 14 January 2026"},
	    {"2026-01-14T00:05:00Z", "by 12:05am on Wednesday 14 January 2026"},
	    {"2026-01-14T23:59:00Z", "by 11:59pm on Wednesday 14 January 2026"},
	    {"2026-12-04", "by the end of Friday 4 December 2026"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char out[WORK_WHEN_SIZE];
		work_due_when(cases[i].due_at, out);
		assert_string_equal(out, cases[i].expected);
	}
}

static void due_words(void **state)
{
	(void)state;
	int64_t due = instant("2025-11-20T08:45:00Z");
	char out[WORK_WORDS_SIZE];
	bool overdue;
	work_due_words(due, due - 3 * 3600 - 20 * 60, &overdue, out);
	assert_false(overdue);
	assert_string_equal(out, "Due in 3 hours 20 minutes");
	work_due_words(due, due + 26 * 3600, &overdue, out);
	assert_true(overdue);
	assert_string_equal(out, "Overdue by 1 day 2 hours");
	/* the deadline is the last moment: at it, the task is overdue */
	work_due_words(due, due, &overdue, out);
	assert_true(overdue);
	assert_string_equal(out, "Overdue by less than a minute");
}

static json_t *task(const char *kind, const char *due_at, long long id)
{
	return json_pack("{s:s, s:s?, s:I}", "kind", kind, "due_at", due_at, "record_id", (json_int_t)id);
}

static void order(void **state)
{
	(void)state;
	/* an instant and a day compare as instants; no deadline comes last; ties by kind, then id */
	json_t *list[] = {
	    task("b.kind", NULL, 1),
	    task("z.kind", "2026-12-04", 9),           /* until 00:00Z on 5 December */
	    task("a.kind", "2026-12-04T23:30:00Z", 3), /* before the end of that day */
	    task("a.kind", "2026-12-04T08:45:00.000Z", 8),
	    task("b.kind", "2026-12-04T08:45:00Z", 2),
	    task("a.kind", "2026-12-04T08:45:00Z", 4),
	    task("a.kind", NULL, 7),
	};
	size_t n = sizeof list / sizeof list[0];
	qsort(list, n, sizeof list[0], work_task_order);
	long long expected[] = {4, 8, 2, 3, 9, 7, 1};
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(json_integer_value(json_object_get(list[i], "record_id")), expected[i]);
		json_decref(list[i]);
	}
}

/* The assurance work's alert stages: a challenge from the day it is asked, an action only once overdue, a
 * request with no deadline when it arrives, and a return not at all (its area reminds and chases). */
static void assurance_alert_stages(void **state)
{
	(void)state;
	int64_t now = instant("2026-12-07T10:00:00Z");
	const struct work_alert_kind *respond = work_alert_kind_find("challenge.respond");
	assert_non_null(respond);
	assert_string_equal(work_alert_stage(respond, "2026-12-28", now), "new");
	assert_string_equal(work_alert_stage(respond, "2026-12-08", now), "due_soon");
	assert_string_equal(work_alert_stage(respond, "2026-12-06", now), "overdue");
	/* an escalation brings the same challenge back to its agency, a second response to whoever decides */
	assert_true(respond->again);
	assert_true(work_alert_kind_find("challenge.decide")->again);
	const struct work_alert_kind *action = work_alert_kind_find("plan.action_update");
	assert_non_null(action);
	assert_null(work_alert_stage(action, "2026-12-08", now));
	assert_string_equal(work_alert_stage(action, "2026-12-06", now), "overdue");
	assert_false(action->again);
	/* a case audit's findings, by the date the panel set: close two days before it, then overdue */
	const struct work_alert_kind *findings = work_alert_kind_find("qa.case_audit.findings");
	assert_string_equal(work_alert_stage(findings, "2026-12-28", now), "new");
	assert_string_equal(work_alert_stage(findings, "2026-12-08", now), "due_soon");
	assert_string_equal(work_alert_stage(findings, "2026-12-06", now), "overdue");
	assert_null(work_alert_stage(work_alert_kind_find("qa.case_audit.action"), "2026-12-08", now));
	assert_null(work_alert_stage(work_alert_kind_find("qa.action"), "2026-12-08", now));
	static const char *const asked[] = {
	    "challenge.decide", "challenge.place", "qa.case_audit.findings", "qa.case_audit.grade",
	    "qa.moderate",      "qa.question",     "training.approver",      NULL};
	for (const char *const *k = asked; *k; k++)
		assert_string_equal(work_alert_stage(work_alert_kind_find(*k), NULL, now), "new");
	/* each may leave the list and come back as a new request: a challenge escalated again, a second
	 * question once the first is answered, a second approver who can no longer decide */
	static const char *const returning[] = {"challenge.place", "qa.question", "training.approver", NULL};
	for (const char *const *k = returning; *k; k++)
		assert_true(work_alert_kind_find(*k)->again);
	assert_null(work_alert_kind_find("qa.return"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(due_instants),
	    cmocka_unit_test(due_when),
	    cmocka_unit_test(due_words),
	    cmocka_unit_test(order),
	    cmocka_unit_test(assurance_alert_stages),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
