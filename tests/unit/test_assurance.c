/*
 * test_assurance.c — the quality assurance area's rules (src/areas/assurance):
 * the standards checker on tables of good and bad documents (each problem
 * named by its JSON path), a return's status from its dates, the heatmap
 * built from a cycle's scores (moderated scores counted), and what the area
 * puts on a person's task list (`.tasks`) on a real migrated database: a
 * return to complete and an action plan's open action for the agency's
 * people, a return to moderate for the partnership, and nothing for the
 * scrutineer.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/area.h"
#include "app/assemble.h"
#include "areas/assurance/rules.h"
#include "areas/assurance/standards.h"
#include "areas/calendar/london.h"
#include "core/calendar.h"
#include "store/db.h"
#include "store/store.h"
#include "temp_store.h"

extern const struct area area_assurance;

static const char good[] =
    "{\"kind\": \"section11\", \"version\": \"1\", \"title\": \"Standards\","
    " \"scale\": [{\"value\": \"0\", \"label\": \"Not met\", \"definition\": \"d\", \"rating\": \"red\"},"
    "            {\"value\": \"1\", \"label\": \"Partly\", \"definition\": \"d\", \"rating\": \"amber\"},"
    "            {\"value\": \"2\", \"label\": \"Met\", \"definition\": \"d\", \"rating\": \"green\"}],"
    " \"standards\": [{\"id\": \"leadership\", \"title\": \"Leadership\", \"expectations\": \"e\", "
    "\"evidence\": \"v\"},"
    "                {\"id\": \"training\", \"title\": \"Training\", \"expectations\": \"e\", \"evidence\": "
    "\"v\"}]}";

static json_t *load(const char *text)
{
	json_t *doc = json_loads(text, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, NULL);
	assert_non_null(doc);
	return doc;
}

static void good_document_is_accepted(void **state)
{
	(void)state;
	json_t *doc = load(good), *problems = json_array();
	assert_true(assurance_standards_check(doc, problems));
	assert_int_equal(json_array_size(problems), 0);
	assert_non_null(assurance_standard(doc, "training"));
	assert_null(assurance_standard(doc, "nope"));
	assert_string_equal(assurance_rating(doc, "1"), "amber");
	assert_null(assurance_rating(doc, "3"));
	json_decref(problems);
	json_decref(doc);
}

/* Each bad document: a change to the good one (a JSON path and a new value, or NULL to delete) and the
 * problem. */
static const struct {
	const char *key, *value; /* a top-level key and its new value (JSON), or NULL to delete it */
	const char *path, *message_start;
	const char *why;
} bad[] = {
    {"kind", "\"section12\"", "$.kind", "must be section11 or section175", "only the two kinds exist"},
    {"version", "\"\"", "$.version", "must be 1 to 40 characters", "a version must be named"},
    {"title", NULL, "$.title", "is required", "a title is required"},
    {"scale", "[{\"value\": \"0\", \"label\": \"x\", \"definition\": \"d\", \"rating\": \"red\"}]", "$.scale",
     "must have 2 to 10 values", "one value is no scale"},
    {"scale",
     "[{\"value\": \"0\", \"label\": \"x\", \"definition\": \"d\", \"rating\": \"red\"},"
     " {\"value\": \"0\", \"label\": \"y\", \"definition\": \"d\", \"rating\": \"green\"}]",
     "$.scale[1]", "repeats the value \"0\"", "a score must mean one thing"},
    {"scale",
     "[{\"value\": \"0\", \"label\": \"x\", \"definition\": \"d\", \"rating\": \"blue\"},"
     " {\"value\": \"1\", \"label\": \"y\", \"definition\": \"d\", \"rating\": \"green\"}]",
     "$.scale[0].rating", "must be red, amber or green", "the results and action plans read the rating"},
    {"standards", "[]", "$.standards", "must have 1 to 200 standards", "a cycle needs something to score"},
    {"standards", "[{\"id\": \"Has Space\", \"title\": \"t\", \"expectations\": \"e\", \"evidence\": \"v\"}]",
     "$.standards[0].id", "must be lower-case letters", "ids appear in paths"},
    {"standards",
     "[{\"id\": \"a\", \"title\": \"t\", \"expectations\": \"e\", \"evidence\": \"v\"},"
     " {\"id\": \"a\", \"title\": \"u\", \"expectations\": \"e\", \"evidence\": \"v\"}]",
     "$.standards[1].id", "repeats the id \"a\"", "a score names its standard by id"},
    {"standards", "[{\"id\": \"a\", \"title\": \"t\", \"expectations\": \"e\"}]", "$.standards[0].evidence",
     "is required", "the evidence asked for is part of a standard"},
    {"standards", "[{\"id\": \"a\", \"title\": 3, \"expectations\": \"e\", \"evidence\": \"v\"}]",
     "$.standards[0].title", "must be text", "a number is not a title"},
    {"colour", "\"red\"", "$", "has a key the format does not know: \"colour\"",
     "a misspelt key is not dropped"},
};

static void bad_documents_name_the_problem(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		json_t *doc = load(good), *problems = json_array();
		if (bad[i].value)
			json_object_set_new(doc, bad[i].key, load(bad[i].value));
		else
			json_object_del(doc, bad[i].key);
		bool ok = assurance_standards_check(doc, problems);
		if (ok || json_array_size(problems) != 1)
			fail_msg("case %zu (%s): %zu problems", i, bad[i].why, json_array_size(problems));
		json_t *p = json_array_get(problems, 0);
		assert_string_equal(json_string_value(json_object_get(p, "path")), bad[i].path);
		const char *message = json_string_value(json_object_get(p, "message"));
		if (strncmp(message, bad[i].message_start, strlen(bad[i].message_start)) != 0)
			fail_msg("case %zu (%s): %s", i, bad[i].why, message);
		json_decref(problems);
		json_decref(doc);
	}
}

static void problems_are_capped(void **state)
{
	(void)state;
	json_t *doc = load(good), *standards = json_array(), *problems = json_array();
	for (int i = 0; i < 200; i++)
		json_array_append_new(standards, json_pack("{s:s}", "id", "BAD"));
	json_object_set_new(doc, "standards", standards);
	assert_false(assurance_standards_check(doc, problems));
	assert_int_equal(json_array_size(problems), ASSURANCE_MAX_PROBLEMS);
	const char *last = json_string_value(
	    json_object_get(json_array_get(problems, ASSURANCE_MAX_PROBLEMS - 1), "message"));
	assert_non_null(strstr(last, "too many problems: fix these 49 first"));
	json_decref(problems);
	json_decref(doc);
	json_t *list = json_array();
	problems = json_array();
	assert_false(assurance_standards_check(list, problems));
	json_decref(list);
	json_decref(problems);
}

static void return_status_follows_its_dates(void **state)
{
	(void)state;
	static const struct {
		const char *submitted_on, *today;
		bool scored;
		const char *status, *why;
	} cases[] = {
	    {NULL, "2027-01-03", false, "not_open", "before the opening date"},
	    {NULL, "2027-01-04", false, "not_started", "opens today"},
	    {NULL, "2027-03-31", true, "draft", "the return date itself is on time"},
	    {NULL, "2027-04-01", true, "overdue", "the day after the return date"},
	    {"2027-03-31", "2027-05-01", true, "submitted", "submitted on the return date"},
	    {"2027-04-01", "2027-04-01", true, "submitted_late", "submitted a day late"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *got = assurance_return_status("2027-01-04", "2027-03-31", cases[i].submitted_on,
		                                          cases[i].scored, cases[i].today);
		if (strcmp(got, cases[i].status) != 0)
			fail_msg("%s: %s, not %s", cases[i].why, got, cases[i].status);
	}
	json_t *r = json_object();
	assurance_return_tag(r, "submitted_late");
	assert_string_equal(json_string_value(json_object_get(r, "status_label")), "Submitted late");
	json_decref(r);
}

/* The next return: the kind's interval on (the partnership's setting: 24 months for Section 11 and 12 for
 * Section 175/157 until changed); the day kept or the month's last; overdue once the due date has passed,
 * and always when never audited. */
static void next_due_follows_the_last_return(void **state)
{
	(void)state;
	static const struct {
		int months;
		const char *last, *today, *next;
		bool overdue;
	} cases[] = {
	    {24, "2025-03-24", "2027-03-24", "2027-03-24", false}, /* due today: not yet overdue */
	    {24, "2025-03-24", "2027-03-25", "2027-03-24", true},
	    {12, "2025-03-24", "2026-03-25", "2026-03-24", true},
	    {12, "2025-03-24", "2026-03-23", "2026-03-24", false},
	    {12, "2024-02-29", "2025-01-01", "2025-02-28", false}, /* no 29 February in 2025 */
	    {18, "2025-08-31", "2027-02-28", "2027-02-28",
	     false}, /* another interval: the month's last day */
	    {6, "2025-03-24", "2025-09-25", "2025-09-24", true},
	    {24, NULL, "2026-01-01", NULL, true}, /* never audited: due now */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		json_t *r = json_object();
		assurance_next_due(r, cases[i].months, cases[i].last, cases[i].today);
		const char *next = json_string_value(json_object_get(r, "next_due_on"));
		if (cases[i].next)
			assert_string_equal(next, cases[i].next);
		else
			assert_true(json_is_null(json_object_get(r, "next_due_on")));
		assert_int_equal(json_is_true(json_object_get(r, "overdue")), cases[i].overdue);
		assert_string_equal(json_string_value(json_object_get(r, "status_tag")),
		                    cases[i].overdue ? "govuk-tag--red" : "govuk-tag--green");
		json_decref(r);
	}
}

static void heatmap_counts_moderated_scores(void **state)
{
	(void)state;
	json_t *doc = load(good);
	json_t *rows =
	    load("[{\"return_id\": 7, \"agency\": \"A\", \"la\": null, \"submitted_on\": \"2027-03-01\","
	         "  \"standard_id\": \"leadership\", \"score\": \"2\", \"moderated_score\": \"0\"},"
	         " {\"return_id\": 7, \"agency\": \"A\", \"la\": null, \"submitted_on\": \"2027-03-01\","
	         "  \"standard_id\": \"training\", \"score\": \"1\", \"moderated_score\": null},"
	         " {\"return_id\": 8, \"agency\": \"B\", \"la\": \"X\", \"submitted_on\": \"2027-03-02\","
	         "  \"standard_id\": \"training\", \"score\": \"2\", \"moderated_score\": null}]");
	json_t *h = assurance_heatmap(doc, rows);
	json_t *agencies = json_object_get(h, "agencies");
	assert_int_equal(json_array_size(agencies), 2);
	json_t *a = json_object_get(json_array_get(agencies, 0), "cells");
	json_t *b = json_object_get(json_array_get(agencies, 1), "cells");
	json_t *cell = json_array_get(a, 0);
	assert_string_equal(json_string_value(json_object_get(cell, "score")), "0");
	assert_string_equal(json_string_value(json_object_get(cell, "agency_score")), "2");
	assert_string_equal(json_string_value(json_object_get(cell, "label")), "Not met");
	assert_string_equal(json_string_value(json_object_get(cell, "rating")), "red");
	assert_true(json_is_true(json_object_get(cell, "moderated")));
	/* B did not score leadership: the cell says so in words */
	cell = json_array_get(b, 0);
	assert_string_equal(json_string_value(json_object_get(cell, "label")), "Not scored");
	assert_string_equal(json_string_value(json_object_get(cell, "rating")), "none");
	json_t *totals = json_object_get(h, "totals");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(totals, 0), "red")), 1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(totals, 1), "amber")), 1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(totals, 1), "green")), 1);
	json_decref(h);
	json_decref(rows);
	json_decref(doc);
}

static void movement_compares_ratings_with_the_last_cycle(void **state)
{
	(void)state;
	json_t *doc = load(good);
	json_t *rows =
	    load("[{\"return_id\": 7, \"agency_id\": 2, \"agency\": \"A\", \"la\": null,"
	         "  \"submitted_on\": \"2029-03-01\", \"standard_id\": \"leadership\", \"score\": \"1\","
	         "  \"moderated_score\": null},"
	         " {\"return_id\": 7, \"agency_id\": 2, \"agency\": \"A\", \"la\": null,"
	         "  \"submitted_on\": \"2029-03-01\", \"standard_id\": \"training\", \"score\": \"2\","
	         "  \"moderated_score\": null}]");
	/* last time: leadership green (2), training moderated down to red (0); another agency's rows never
	 * match */
	json_t *before = load("[{\"agency_id\": 2, \"standard_id\": \"leadership\", \"score\": \"2\", "
	                      "\"moderated_score\": null},"
	                      " {\"agency_id\": 2, \"standard_id\": \"training\", \"score\": \"2\", "
	                      "\"moderated_score\": \"0\"},"
	                      " {\"agency_id\": 3, \"standard_id\": \"training\", \"score\": \"2\", "
	                      "\"moderated_score\": null}]");
	json_t *h = assurance_heatmap(doc, rows);
	assurance_heatmap_movement(h, doc, before);
	json_t *cells = json_object_get(json_array_get(json_object_get(h, "agencies"), 0), "cells");
	assert_string_equal(json_string_value(json_object_get(json_array_get(cells, 0), "movement")),
	                    "worse");
	assert_string_equal(json_string_value(json_object_get(json_array_get(cells, 0), "previous_label")),
	                    "Met");
	assert_string_equal(json_string_value(json_object_get(json_array_get(cells, 1), "movement")),
	                    "better");
	assert_string_equal(json_string_value(json_object_get(json_array_get(cells, 1), "previous_score")),
	                    "0");
	json_decref(h);
	/* nothing last time: no movement at all */
	h = assurance_heatmap(doc, rows);
	json_t *none = json_array();
	assurance_heatmap_movement(h, doc, none);
	cells = json_object_get(json_array_get(json_object_get(h, "agencies"), 0), "cells");
	assert_null(json_object_get(json_array_get(cells, 0), "movement"));
	json_decref(none);
	json_decref(h);
	json_decref(before);
	json_decref(rows);
	json_decref(doc);
}

/* ---- tasks, on a real database ---- */

static enum haven_status exec_sql(db_conn *db, void *ctx)
{
	return db_exec_script(db, ctx);
}

static struct temp_store temp;

static struct user user_of(long long id, long long agency, unsigned roles)
{
	struct user u;
	memset(&u, 0, sizeof u);
	u.id = id;
	u.agency_id = agency;
	u.roles = roles;
	return u;
}

static json_t *tasks_of(long long id, long long agency, unsigned roles)
{
	struct user u = user_of(id, agency, roles);
	json_t *tasks = json_array();
	assert_int_equal(area_assurance.tasks(&u, tasks), HAVEN_OK);
	return tasks;
}

static void tasks_say_what_waits(void **state)
{
	(void)state;
	char today[CALENDAR_DATE_SIZE], opened[CALENDAR_DATE_SIZE], due[CALENDAR_DATE_SIZE],
	    later[CALENDAR_DATE_SIZE];
	int32_t t = calendar_london_today();
	calendar_format(t, today);
	calendar_format(t - 10, opened);
	calendar_format(t + 10, due);
	calendar_format(t + 5, later);
	char sql[2048];
	snprintf(sql, sizeof sql,
	         "INSERT INTO agencies (id, slug, name, type) VALUES (1, 'p', 'Partnership', 'partnership'),"
	         " (2, 'force', 'Force', 'police'), (3, 'trust', 'Trust', 'health');"
	         "INSERT INTO qa_standard_sets (id, kind, version, title, document) VALUES"
	         " (1, 'section11', '1', 'S', '{}');"
	         /* 1 open now; 2 opens in five days, so nothing waits yet */
	         "INSERT INTO qa_cycles (id, standard_set_id, title, opens_on, returns_due_on) VALUES"
	         " (1, 1, 'Audit now', '%s', '%s'), (2, 1, 'Audit later', '%s', '%s');"
	         "INSERT INTO qa_returns (id, cycle_id, agency_id, submitted_on) VALUES"
	         " (10, 1, 2, NULL), (11, 1, 3, '%s'), (12, 2, 2, NULL);"
	         "INSERT INTO qa_scores (return_id, standard_id, score, evidence) VALUES (11, 'a', '1', 'e');"
	         /* the trust's plan: one action open, one complete */
	         "INSERT INTO qa_actions (id, return_id, standard_id, action, owner, due_on, status) VALUES"
	         " (20, 11, 'a', 'Train the night shift', 'Head of learning', '%s', 'in_progress'),"
	         " (21, 11, 'a', 'Name a lead', 'Board', '%s', 'complete');",
	         opened, due, later, due, today, later, later);
	assert_int_equal(db_write(exec_sql, sql), HAVEN_OK);

	/* the force's return waits on its lead's list (its agency administrator), not every officer's */
	json_t *officer = tasks_of(4, 2, ROLE_POLICE);
	assert_int_equal(json_array_size(officer), 0);
	json_decref(officer);
	json_t *police = tasks_of(5, 2, ROLE_AGENCY_ADMIN);
	assert_int_equal(json_array_size(police), 1);
	json_t *task = json_array_get(police, 0);
	assert_string_equal(json_string_value(json_object_get(task, "kind")), "qa.return");
	assert_string_equal(json_string_value(json_object_get(task, "href")),
	                    "/quality-assurance/returns/10");
	assert_string_equal(json_string_value(json_object_get(task, "due_at")), due);
	assert_string_equal(json_string_value(json_object_get(task, "record_type")), "qa_return");
	assert_int_equal(json_integer_value(json_object_get(task, "record_id")), 10);
	assert_non_null(strstr(json_string_value(json_object_get(task, "text")), "Audit now"));
	json_decref(police);

	/* the trust submitted: only its open action waits for it; the scrutineer completes nothing */
	json_t *trust = tasks_of(6, 3, ROLE_PRACTITIONER);
	assert_int_equal(json_array_size(trust), 1);
	task = json_array_get(trust, 0);
	assert_string_equal(json_string_value(json_object_get(task, "kind")), "qa.action");
	assert_string_equal(json_string_value(json_object_get(task, "due_at")), later);
	assert_string_equal(json_string_value(json_object_get(task, "href")),
	                    "/quality-assurance/returns/11");
	assert_non_null(strstr(json_string_value(json_object_get(task, "text")), "Train the night shift"));
	json_decref(trust);
	json_t *scrutineer = tasks_of(7, 1, ROLE_SCRUTINEER);
	assert_int_equal(json_array_size(scrutineer), 0);
	json_decref(scrutineer);

	/* the partnership moderates the submitted return: the cycle records nobody who opened it, so the
	 * whole team is asked */
	json_t *partnership = tasks_of(8, 1, ROLE_PARTNERSHIP);
	assert_int_equal(json_array_size(partnership), 1);
	task = json_array_get(partnership, 0);
	assert_string_equal(json_string_value(json_object_get(task, "kind")), "qa.moderate");
	assert_int_equal(json_integer_value(json_object_get(task, "record_id")), 11);
	assert_true(json_is_null(json_object_get(task, "due_at")));
	json_decref(partnership);
}

static int open_db(void **state)
{
	(void)state;
	char *err = NULL;
	assert_int_equal(areas_assemble(&err), HAVEN_OK);
	assert_int_equal(temp_store_open(&temp, "assurance"), 0);
	return 0;
}

static int close_db(void **state)
{
	(void)state;
	return temp_store_remove(&temp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(good_document_is_accepted),
	    cmocka_unit_test(bad_documents_name_the_problem),
	    cmocka_unit_test(problems_are_capped),
	    cmocka_unit_test(return_status_follows_its_dates),
	    cmocka_unit_test(next_due_follows_the_last_return),
	    cmocka_unit_test(heatmap_counts_moderated_scores),
	    cmocka_unit_test(movement_compares_ratings_with_the_last_cycle),
	    cmocka_unit_test_setup_teardown(tasks_say_what_waits, open_db, close_db),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
