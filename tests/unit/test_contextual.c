/*
 * test_contextual.c — tests the contextual safeguarding area's rules
 * (src/areas/contextual/episode.h) and what it gives the task list and the
 * chronology (area.h's tasks and chronology) on a real migrated database:
 * the exploitation screening tool's checks and rule, an episode's checks
 * and canonical hash (a placing authority's code in it only when sent), the return home interview's
 * 72-hour clock (in hours through a weekend, a bank holiday and the clocks
 * going back), the repeat-missing rule, a local authority's interview tasks
 * (due, then overdue and escalated; gone once held or declined; nobody
 * else's) and a child's episodes in their chronology.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/area.h"
#include "areas/calendar/london.h"
#include "areas/contextual/episode.h"
#include "areas/contextual/tool.h"
#include "core/calendar.h"
#include "store/db.h"
#include "store/store.h"
#include "temp_store.h"
#include "calendar_data.h"

extern const struct area area_contextual;

static const long long la_codes[] = {888, 889, 890};
/* Friday 4 December 2026, 12:00 UTC */
#define NOW 1796385600LL

static json_t *valid(void)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:i, s:s, s:s, s:s}", "police_reference", "LC/2026/1",
	                 "given_name", " Jayden ", "family_name", "Smith", "date_of_birth", "2011-03-14",
	                 "la_code", 888, "reported_at", "2026-11-20T21:30:00Z", "risk_grading", "high",
	                 "missing_from", "care");
}

static json_t *check(const json_t *raw, const char *field_prefix, json_t *errors)
{
	struct episode_check c = {la_codes, 3, calendar_london_day(NOW), NOW, field_prefix, ""};
	return episode_check(raw, &c, errors);
}

static bool names(const json_t *errors, const char *field)
{
	size_t i;
	json_t *e;
	json_array_foreach(errors, i, e) if (strcmp(json_string_value(json_object_get(e, "field")), field) ==
	                                     0) return true;
	return false;
}

static void check_makes_a_canonical_episode_whose_hash_ignores_spelling(void **state)
{
	(void)state;
	json_t *errors = json_array(), *raw = valid();
	json_t *a = check(raw, "", errors);
	assert_non_null(a);
	assert_int_equal(json_array_size(errors), 0);
	assert_string_equal(json_string_value(json_object_get(a, "given_name")), "Jayden");
	assert_true(json_is_null(json_object_get(a, "returned_at")));
	/* the same instant with an offset, keys in another order: the same report */
	json_object_set_new(raw, "reported_at", json_string("2026-11-20T22:30:00+01:00"));
	json_t *b = check(raw, "", errors);
	assert_string_equal(json_string_value(json_object_get(a, "content_hash")),
	                    json_string_value(json_object_get(b, "content_hash")));
	json_object_set_new(raw, "risk_grading", json_string("medium"));
	json_t *c = check(raw, "", errors);
	assert_string_not_equal(json_string_value(json_object_get(a, "content_hash")),
	                        json_string_value(json_object_get(c, "content_hash")));
	json_decref(a);
	json_decref(b);
	json_decref(c);
	json_decref(raw);
	json_decref(errors);
}

/* placing_la_code is in the canonical episode only when sent: an episode sent before it existed hashes as
 * it did, so its resend is still "unchanged", not a conflict */
static void a_placing_authority_of_the_partnership_changes_the_hash_only_when_sent(void **state)
{
	(void)state;
	json_t *errors = json_array(), *raw = valid();
	json_t *a = check(raw, "", errors);
	assert_non_null(a);
	assert_null(json_object_get(a, "placing_la_code"));
	json_object_set_new(raw, "placing_la_code", json_integer(890));
	json_t *b = check(raw, "", errors);
	assert_non_null(b);
	assert_int_equal(json_integer_value(json_object_get(b, "placing_la_code")), 890);
	assert_string_not_equal(json_string_value(json_object_get(a, "content_hash")),
	                        json_string_value(json_object_get(b, "content_hash")));
	/* the child's own authority, one outside the partnership, or one for a child missing from home:
	 * refused */
	json_object_set_new(raw, "placing_la_code", json_integer(888));
	assert_null(check(raw, "", errors));
	assert_true(names(errors, "placing_la_code"));
	json_array_clear(errors);
	json_object_set_new(raw, "placing_la_code", json_integer(123));
	assert_null(check(raw, "", errors));
	assert_true(names(errors, "placing_la_code"));
	json_array_clear(errors);
	json_object_set_new(raw, "placing_la_code", json_integer(890));
	json_object_set_new(raw, "missing_from", json_string("home"));
	assert_null(check(raw, "", errors));
	assert_true(names(errors, "placing_la_code"));
	json_decref(a);
	json_decref(b);
	json_decref(raw);
	json_decref(errors);
}

static void check_names_every_bad_field(void **state)
{
	(void)state;
	json_t *errors = json_array(), *raw = valid();
	json_object_set_new(raw, "risk_grading", json_string("severe"));
	json_object_set_new(raw, "la_code", json_integer(123));
	json_object_set_new(raw, "reported_at", json_string("2026-12-25T10:00:00Z")); /* the future */
	json_object_set_new(raw, "found_where", json_string("A park"));               /* without a return */
	json_object_set_new(raw, "date_of_birth", json_string("1999-01-01"));         /* over 25 */
	json_object_set_new(raw, "hair", json_string("brown"));
	json_object_del(raw, "missing_from");
	assert_null(check(raw, "episodes[2].", errors));
	const char *expected[] = {"episodes[2].risk_grading",  "episodes[2].la_code",
	                          "episodes[2].reported_at",   "episodes[2].returned_at",
	                          "episodes[2].date_of_birth", "episodes[2].hair",
	                          "episodes[2].missing_from"};
	for (size_t i = 0; i < sizeof expected / sizeof *expected; i++)
		assert_true(names(errors, expected[i]));
	assert_int_equal(json_array_size(errors), 7);
	json_decref(raw);
	json_decref(errors);
}

static void a_young_adult_to_25_may_be_reported(void **state)
{
	(void)state;
	json_t *errors = json_array(), *raw = valid();
	json_object_set_new(raw, "date_of_birth", json_string("2002-01-01"));
	json_t *ok = check(raw, "", errors);
	assert_non_null(ok);
	json_decref(ok);
	json_decref(raw);
	json_decref(errors);
}

static void the_interview_clock_counts_hours_not_working_days(void **state)
{
	(void)state;
	char due[CALENDAR_INSTANT_SIZE];
	/* back on Friday evening before the August bank holiday: due on the Monday, the holiday itself */
	calendar_format_instant(episode_interview_due(at("2026-08-28T19:00:00Z")), due);
	assert_string_equal(due, "2026-08-31T19:00:00Z");
	/* over the night the clocks go back (25 October 2026): 72 real hours, so 17:00 in London, not 18:00
	 */
	calendar_format_instant(episode_interview_due(at("2026-10-23T17:00:00Z")), due);
	assert_string_equal(due, "2026-10-26T17:00:00Z");
	/* Christmas: back on Christmas Eve, due on the Sunday after Boxing Day */
	calendar_format_instant(episode_interview_due(at("2026-12-24T09:00:00Z")), due);
	assert_string_equal(due, "2026-12-27T09:00:00Z");
}

static void the_repeat_rule_counts_episodes_within_the_window(void **state)
{
	(void)state;
	int64_t times[] = {at("2026-10-01T20:00:00Z"), at("2026-10-12T20:00:00Z"), at("2026-10-25T20:00:00Z"),
	                   at("2026-12-01T20:00:00Z")};
	assert_false(episode_is_repeat(times, 4, times[0], 3, 30));
	assert_false(episode_is_repeat(times, 4, times[1], 3, 30));
	assert_true(episode_is_repeat(times, 4, times[2], 3, 30));
	/* 37 days after the second: only two in the window */
	assert_false(episode_is_repeat(times, 4, times[3], 3, 30));
	assert_true(episode_is_repeat(times, 4, times[3], 2, 40));
	assert_false(episode_is_repeat(times, 4, times[1], 2, 11));
	assert_true(episode_is_repeat(times, 4, times[1], 2, 12));
}

/* ---- the exploitation screening tool ---- */

static json_t *tool(void)
{
	json_error_t error;
	json_t *doc = json_loads(
	    "{\"version\": \"1\", \"title\": \"T\","
	    " \"domains\": [{\"id\": \"cce\", \"name\": \"Criminal\"}, {\"id\": \"cse\", \"name\": "
	    "\"Sexual\"}],"
	    " \"indicators\": [{\"id\": \"a\", \"domain\": \"cce\", \"text\": \"A\", \"weight\": 2},"
	    "  {\"id\": \"b\", \"domain\": \"cce\", \"text\": \"B\", \"weight\": 1},"
	    "  {\"id\": \"c\", \"domain\": \"cse\", \"text\": \"C\", \"weight\": 1, \"decisive\": true}],"
	    " \"rule\": {\"medium_at\": 2, \"high_at\": 3}}",
	    0, &error);
	assert_non_null(doc);
	return doc;
}

static bool problem_at(const json_t *problems, const char *path)
{
	size_t i;
	json_t *p;
	json_array_foreach(problems, i, p) if (strcmp(json_string_value(json_object_get(p, "path")), path) ==
	                                       0) return true;
	return false;
}

static void the_tool_check_names_each_problem_by_path(void **state)
{
	(void)state;
	json_t *doc = tool(), *problems = json_array();
	assert_true(tool_check(doc, problems));
	json_object_set_new(json_array_get(json_object_get(doc, "indicators"), 1), "weight",
	                    json_integer(11));
	json_object_set_new(json_array_get(json_object_get(doc, "indicators"), 2), "id", json_string("a"));
	json_object_set_new(json_object_get(doc, "rule"), "high_at", json_integer(2));
	json_array_append_new(json_object_get(doc, "domains"),
	                      json_pack("{s:s, s:s}", "id", "online", "name", "O"));
	assert_false(tool_check(doc, problems));
	assert_true(problem_at(problems, "$.indicators[1].weight"));
	assert_true(problem_at(problems, "$.indicators[2].id"));
	assert_true(problem_at(problems, "$.rule.high_at"));
	assert_true(problem_at(problems, "$.domains[2]")); /* a domain with no indicators */
	assert_int_equal(json_array_size(problems), 4);
	json_decref(problems);
	problems = json_array();
	assert_false(tool_check(json_array_get(json_object_get(doc, "domains"), 0), problems));
	json_decref(problems);
	json_decref(doc);
}

static void the_tool_rule_adds_weights_and_a_decisive_indicator_is_high(void **state)
{
	(void)state;
	json_t *doc = tool();
	struct tool_outcome out;
	const char *unknown;
	json_t *ticks = json_pack("[]");
	assert_true(tool_apply(doc, ticks, &out, &unknown));
	assert_string_equal(out.level, "low");
	json_decref(ticks);
	ticks = json_pack("[s, s]", "b", "b"); /* counted once */
	assert_true(tool_apply(doc, ticks, &out, &unknown));
	assert_int_equal(out.score, 1);
	assert_string_equal(out.level, "low");
	json_decref(ticks);
	ticks = json_pack("[s]", "a");
	assert_true(tool_apply(doc, ticks, &out, &unknown));
	assert_string_equal(out.level, "medium");
	json_decref(ticks);
	ticks = json_pack("[s, s]", "a", "b");
	assert_true(tool_apply(doc, ticks, &out, &unknown));
	assert_int_equal(out.score, 3);
	assert_string_equal(out.level, "high");
	json_decref(ticks);
	ticks = json_pack("[s]", "c");
	assert_true(tool_apply(doc, ticks, &out, &unknown));
	assert_true(out.decisive);
	assert_string_equal(out.level, "high");
	json_decref(ticks);
	ticks = json_pack("[s, s]", "a", "zzz");
	assert_false(tool_apply(doc, ticks, &out, &unknown));
	assert_string_equal(unknown, "zzz");
	json_decref(ticks);
	json_decref(doc);
}

/* ---- on a database ---- */

static enum haven_status exec_sql(db_conn *db, void *ctx)
{
	return db_exec_script(db, ctx);
}

static struct temp_store temp;

static int open_db(void **state)
{
	(void)state;
	assert_int_equal(temp_store_open(&temp, "contextual"), 0);
	/* the returns are hours before the real now, so "overdue" depends only on these offsets */
	char sql[8192];
	time_t now = time(NULL);
	char recent[CALENDAR_INSTANT_SIZE], long_ago[CALENDAR_INSTANT_SIZE], reported[CALENDAR_INSTANT_SIZE];
	calendar_format_instant((int64_t)now - 10 * 3600, recent);
	calendar_format_instant((int64_t)now - 80 * 3600, long_ago);
	calendar_format_instant((int64_t)now - 100 * 3600, reported);
	snprintf(
	    sql, sizeof sql,
	    "INSERT INTO local_authorities (code, slug, name) VALUES (888, 'lancashire', 'Lancashire'),"
	    " (890, 'blackpool', 'Blackpool');"
	    "INSERT INTO agencies (id, slug, name, type, la_code) VALUES (1, 'force', 'Force', 'police', "
	    "NULL),"
	    " (2, 'lcc', 'Lancashire CC', 'local_authority', 888), (3, 'bpl', 'Blackpool', "
	    "'local_authority', 890);"
	    "INSERT INTO children (id, given_name, family_name, date_of_birth, la_code) VALUES"
	    " (7, 'Jay', 'Smith', '2011-03-14', 888);"
	    "INSERT INTO missing_episodes (id, police_reference, content_hash, source, reported_by_agency_id,"
	    " given_name, family_name, date_of_birth, la_code, child_id, reported_at, risk_grading,"
	    " missing_from, returned_at, created_at, interview_offered_at, interview_response,"
	    " interview_completed_at, interview_by) VALUES"
	    /* 1: back 10 hours ago, not yet offered; 2: back 80 hours ago (overdue), offered */
	    " (1, 'R1', 'h', 'api', 1, 'Jay', 'Smith', '2011-03-14', 888, 7, '%s', 'high', 'home', '%s',"
	    "  '%s', NULL, NULL, NULL, NULL),"
	    " (2, 'R2', 'h', 'api', 1, 'Jay', 'Smith', '2011-03-14', 888, 7, '%s', 'low', 'care', '%s',"
	    "  '%s', '%s', 'accepted', NULL, NULL),"
	    /* 3: held; 4: declined; 5: still missing; 6: Blackpool's */
	    " (3, 'R3', 'h', 'api', 1, 'Jay', 'Smith', '2011-03-14', 888, 7, '2026-01-01T10:00:00Z', "
	    "'medium',"
	    "  'home', '2026-01-02T10:00:00Z', '2026-01-01T10:00:00Z', '2026-01-02T12:00:00Z', 'accepted',"
	    "  '2026-01-03T10:00:00Z', 'Worker'),"
	    " (4, 'R4', 'h', 'api', 1, 'Ann', 'Other', '2012-01-01', 888, NULL, '2026-01-01T10:00:00Z', "
	    "'low',"
	    "  'home', '2026-01-02T10:00:00Z', '2026-01-01T10:00:00Z', '2026-01-02T12:00:00Z', 'declined',"
	    "  NULL, NULL),"
	    " (5, 'R5', 'h', 'api', 1, 'Ann', 'Other', '2012-01-01', 888, NULL, '2026-01-05T10:00:00Z', "
	    "'low',"
	    "  'home', NULL, '2026-01-05T10:00:00Z', NULL, NULL, NULL, NULL),"
	    " (6, 'R6', 'h', 'api', 1, 'Bo', 'Pool', '2012-01-01', 890, NULL, '%s', 'low', 'home', '%s', "
	    "'%s',"
	    "  NULL, NULL, NULL, NULL);"
	    "INSERT INTO users (id, email, name, agency_id, password_hash) VALUES (9, 'w@example.org', 'W', "
	    "2, 'x');"
	    "INSERT INTO exploitation_tool_versions (id, version, document, published_at) VALUES"
	    " (1, '1', '{}', '2026-01-01T00:00:00Z');"
	    /* child 7's screenings by Lancashire: the first superseded, the latest due for review long ago */
	    "INSERT INTO exploitation_screenings (id, child_id, tool_id, indicators, score, rule_level, "
	    "judgement,"
	    " screened_on, review_by, agency_id, user_id, created_at) VALUES"
	    " (1, 7, 1, '[]', 0, 'low', 'low', '2025-06-01', '2025-09-01', 2, 9, '2025-06-01T10:00:00Z'),"
	    " (2, 7, 1, '[]', 4, 'medium', 'medium', '2025-08-01', '2025-11-01', 2, 9, "
	    "'2025-08-01T10:00:00Z');",
	    reported, recent, reported, reported, long_ago, reported, long_ago, reported, recent, reported);
	assert_true(strlen(sql) < sizeof sql - 1); /* not cut short */
	assert_int_equal(db_write(exec_sql, sql), HAVEN_OK);
	return 0;
}

static int close_db(void **state)
{
	(void)state;
	return temp_store_remove(&temp);
}

static void a_local_authority_is_given_its_childrens_interviews(void **state)
{
	(void)state;
	struct user front_door = {.id = 9, .agency_id = 2, .roles = ROLE_FRONT_DOOR};
	json_t *tasks = json_array();
	assert_int_equal(area_contextual.tasks(&front_door, tasks), HAVEN_OK);
	/* the oldest return first: 2 (overdue, escalated), then 1; not the held, declined or still missing;
	 * then the review of the child's latest screening (not the one it replaced) */
	assert_int_equal(json_array_size(tasks), 3);
	json_t *review = json_array_get(tasks, 2);
	assert_string_equal(json_string_value(json_object_get(review, "kind")),
	                    "contextual.screening_review");
	assert_int_equal(json_integer_value(json_object_get(review, "record_id")), 2);
	assert_string_equal(json_string_value(json_object_get(review, "due_at")), "2025-11-01");
	json_t *overdue = json_array_get(tasks, 0), *due = json_array_get(tasks, 1);
	assert_int_equal(json_integer_value(json_object_get(overdue, "record_id")), 2);
	assert_string_equal(json_string_value(json_object_get(overdue, "kind")),
	                    "contextual.return_interview_overdue");
	assert_int_equal(json_integer_value(json_object_get(due, "record_id")), 1);
	assert_string_equal(json_string_value(json_object_get(due, "kind")), "contextual.return_interview");
	assert_string_equal(json_string_value(json_object_get(due, "text")), "Offer a return home interview");
	assert_string_equal(json_string_value(json_object_get(due, "href")), "/missing-episodes/1");
	/* due 72 hours after the return, which was 10 hours ago: 62 hours from now */
	int64_t due_at = at(json_string_value(json_object_get(due, "due_at")));
	int64_t expected = (int64_t)time(NULL) + 62 * 3600;
	assert_true(due_at >= expected - 5 && due_at <= expected + 5);
	/* no task names a child */
	assert_null(strstr(json_string_value(json_object_get(due, "text")), "Jay"));
	json_decref(tasks);

	/* another authority sees only its own; the police have no interviews to hold */
	struct user blackpool = {.id = 10, .agency_id = 3, .roles = ROLE_PRACTITIONER};
	tasks = json_array();
	assert_int_equal(area_contextual.tasks(&blackpool, tasks), HAVEN_OK);
	assert_int_equal(json_array_size(tasks), 1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(tasks, 0), "record_id")), 6);
	json_decref(tasks);
	struct user police = {.id = 11, .agency_id = 1, .roles = ROLE_POLICE};
	tasks = json_array();
	assert_int_equal(area_contextual.tasks(&police, tasks), HAVEN_OK);
	assert_int_equal(json_array_size(tasks), 0);
	json_decref(tasks);
	/* an administrator in the same agency screens nobody */
	struct user admin = {.id = 12, .agency_id = 2, .roles = ROLE_AGENCY_ADMIN};
	tasks = json_array();
	assert_int_equal(area_contextual.tasks(&admin, tasks), HAVEN_OK);
	assert_int_equal(json_array_size(tasks), 0);
	json_decref(tasks);
}

static void a_childs_chronology_holds_their_episodes(void **state)
{
	(void)state;
	json_t *events = json_array();
	assert_int_equal(chronology_read_kinds(events, area_contextual.chronology, 7, false, 0), HAVEN_OK);
	/* episode 3: reported, returned, interview held; 1 and 2: reported and returned; two screenings */
	assert_int_equal(json_array_size(events), 9);
	json_t *screening = json_array_get(events, 8);
	assert_string_equal(json_string_value(json_object_get(screening, "text")),
	                    "Exploitation risk screened: medium");
	assert_string_equal(json_string_value(json_object_get(screening, "action")), "screening.read");
	json_t *first = json_array_get(events, 0);
	assert_string_equal(json_string_value(json_object_get(first, "at")), "2026-01-01T10:00:00Z");
	assert_string_equal(json_string_value(json_object_get(first, "text")),
	                    "Reported missing (medium risk)");
	assert_string_equal(json_string_value(json_object_get(first, "action")), "missing.read");
	assert_string_equal(json_string_value(json_object_get(first, "record_type")), "missing_episode");
	size_t i, interviews = 0;
	json_t *e;
	json_array_foreach(events, i, e)
	{
		interviews += strcmp(json_string_value(json_object_get(e, "kind")), "return_interview") == 0;
		assert_true(json_is_string(json_object_get(e, "kind_label")));
	}
	assert_int_equal(interviews, 1);
	json_decref(events);
	events = json_array();
	assert_int_equal(chronology_read_kinds(events, area_contextual.chronology, 99, false, 0), HAVEN_OK);
	assert_int_equal(json_array_size(events), 0);
	json_decref(events);
}

int main(void)
{
	const struct CMUnitTest pure[] = {
	    cmocka_unit_test(check_makes_a_canonical_episode_whose_hash_ignores_spelling),
	    cmocka_unit_test(a_placing_authority_of_the_partnership_changes_the_hash_only_when_sent),
	    cmocka_unit_test(check_names_every_bad_field),
	    cmocka_unit_test(a_young_adult_to_25_may_be_reported),
	    cmocka_unit_test(the_interview_clock_counts_hours_not_working_days),
	    cmocka_unit_test(the_repeat_rule_counts_episodes_within_the_window),
	    cmocka_unit_test(the_tool_check_names_each_problem_by_path),
	    cmocka_unit_test(the_tool_rule_adds_weights_and_a_decisive_indicator_is_high),
	};
	const struct CMUnitTest stored[] = {
	    cmocka_unit_test(a_local_authority_is_given_its_childrens_interviews),
	    cmocka_unit_test(a_childs_chronology_holds_their_episodes),
	};
	int failed = cmocka_run_group_tests_name("contextual rules", pure, NULL, NULL);
	return failed + cmocka_run_group_tests_name("contextual on a database", stored, open_db, close_db);
}
