/*
 * test_reviews_rules.c — tests the review deadlines and statuses
 * (src/areas/reviews/rules.h) against dates worked out by hand from the
 * calendar and gov.uk's bank holidays: the notification over Christmas, the
 * rapid review across New Year, the agencies' information, month arithmetic
 * at month ends, and the CSPR's on track / at risk / overdue boundaries.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "areas/calendar/calendar.h"
#include "areas/reviews/rules.h"

static int32_t day(const char *s)
{
	int32_t d = 0;
	assert_true(calendar_parse(s, &d));
	return d;
}

static const char *get(const json_t *o, const char *a, const char *b)
{
	return json_string_value(json_object_get(json_object_get(o, a), b));
}

static void notification_and_rapid_review(void **state)
{
	(void)state;
	/* Monday 22 Dec 2025: 25 and 26 Dec are holidays -> 23, 24, 29, 30, 31 */
	json_t *c = json_pack("{s:s, s:s}", "aware_on", "2025-12-22", "panel_notified_on", "2025-12-30");
	reviews_add_deadlines(c, day("2026-01-05"), 6);
	assert_string_equal(get(c, "notification", "due_on"), "2025-12-31");
	assert_string_equal(get(c, "notification", "status"), "met");
	/* 15 working days after Tue 30 Dec 2025, 1 Jan a holiday */
	assert_string_equal(get(c, "rapid_review", "due_on"), "2026-01-21");
	assert_string_equal(get(c, "rapid_review", "status"), "due");
	assert_string_equal(get(c, "cspr", "status"), "not_commissioned");
	json_decref(c);

	c = json_pack("{s:s}", "aware_on", "2025-12-22");
	reviews_add_deadlines(c, day("2026-01-01"), 6);
	assert_string_equal(get(c, "notification", "status"), "overdue");
	assert_string_equal(get(c, "rapid_review", "status"), "waiting");
	json_decref(c);
}

static void contributions(void **state)
{
	(void)state;
	char out[16];
	/* no notification: 5 after the deadline (31 Dec) -> 2, 5, 6, 7, 8 Jan */
	assert_true(reviews_contribution_due("2025-12-22", NULL, out));
	assert_string_equal(out, "2026-01-08");
	assert_true(reviews_contribution_due("2025-12-22", "2025-12-30", out));
	assert_string_equal(out, "2026-01-07");
	assert_false(reviews_contribution_due("2025-02-30", NULL, out));
}

static const char *cspr_on(const char *today, const char *published, const char *reason)
{
	static char status[32];
	json_t *c = json_pack("{s:s, s:s}", "aware_on", "2025-12-22", "cspr_commissioned_on", "2026-06-15");
	if (published)
		json_object_set_new(c, "cspr_published_on", json_string(published));
	if (reason)
		json_object_set_new(c, "cspr_not_published_reason", json_string(reason));
	reviews_add_deadlines(c, day(today), 6);
	assert_string_equal(get(c, "cspr", "expected_publication_on"), "2026-12-15");
	strcpy(status, get(c, "cspr", "status"));
	json_decref(c);
	return status;
}

static void cspr_status(void **state)
{
	(void)state;
	/* expected Tue 15 Dec 2026; 20 working days before it is Tue 17 Nov */
	assert_string_equal(cspr_on("2026-11-16", NULL, NULL), "on_track");
	assert_string_equal(cspr_on("2026-11-17", NULL, NULL), "at_risk");
	assert_string_equal(cspr_on("2026-12-15", NULL, NULL), "at_risk");
	assert_string_equal(cspr_on("2026-12-16", NULL, NULL), "overdue");
	assert_string_equal(cspr_on("2027-03-01", "2027-02-01", NULL), "published");
	assert_string_equal(cspr_on("2027-03-01", NULL, "The family asked us not to"), "not_published");
}

/* The earliest deadline not met, for the list's "overdue milestones" filter (migration 0143). */
static void next_due(void **state)
{
	(void)state;
	char out[16];
	/* nothing told: the notification's deadline, over Christmas */
	json_t *c = json_pack("{s:s}", "aware_on", "2025-12-22");
	assert_true(reviews_next_due(c, 6, out));
	assert_string_equal(out, "2025-12-31");
	/* told: the rapid review's (21 Jan), unless a milestone not reached or information not received is
	 * sooner */
	json_object_set_new(c, "panel_notified_on", json_string("2025-12-30"));
	assert_true(reviews_next_due(c, 6, out));
	assert_string_equal(out, "2026-01-21");
	json_object_set_new(c, "contributions",
	                    json_pack("[{s:s, s:n}, {s:s, s:s}]", "due_on", "2026-01-07", "received_on",
	                              "due_on", "2026-01-02", "received_on", "2026-01-02"));
	json_object_set_new(c, "milestones",
	                    json_pack("[{s:s, s:s}, {s:s, s:n}]", "due_on", "2026-01-03", "done_on",
	                              "2026-01-03", "due_on", "2026-01-05", "done_on"));
	assert_true(reviews_next_due(c, 6, out));
	assert_string_equal(out, "2026-01-05");
	/* everything met, the CSPR commissioned: its expected publication, 6 months on, or 3 with that
	 * setting */
	json_object_set_new(c, "rapid_review_on", json_string("2026-01-20"));
	json_object_set_new(c, "contributions", json_array());
	json_object_set_new(c, "milestones", json_array());
	json_object_set_new(c, "cspr_commissioned_on", json_string("2026-06-15"));
	assert_true(reviews_next_due(c, 6, out));
	assert_string_equal(out, "2026-12-15");
	assert_true(reviews_next_due(c, 3, out));
	assert_string_equal(out, "2026-09-15");
	/* published: nothing outstanding */
	json_object_set_new(c, "cspr_published_on", json_string("2026-12-01"));
	assert_false(reviews_next_due(c, 6, out));
	assert_string_equal(out, "");
	json_decref(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(notification_and_rapid_review),
	    cmocka_unit_test(contributions),
	    cmocka_unit_test(cspr_status),
	    cmocka_unit_test(next_due),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
