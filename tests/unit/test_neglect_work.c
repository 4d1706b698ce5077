/*
 * test_neglect_work.c — what the neglect area gives the task list and the
 * chronology (app/area.h's `tasks` and `chronology`), on a real migrated
 * database: a practitioner's drafts wait for them to finish while they act
 * for the agency that began them; the review of a finished assessment waits
 * for the assessing agency's people, due on its review date, only while it
 * is the child's latest (a reassessment takes the clock over) and the agency
 * works with the child; someone moved to another agency is given none of
 * it, nor is anyone without the role; and a child's chronology lists their finished assessments
 * (the first as the baseline), never a draft, naming no child in its text;
 * and in an agency that asks for a manager's agreement, a finished
 * assessment waits for a colleague of the assessor's until agreed, once;
 * a draft whose author no longer acts for the agency (disabled, moved)
 * waits for a colleague to take over, once. Every task only while the
 * agency works with the child (a live link), as opening it asks.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/area.h"
#include "areas/neglect/store.h"
#include "auth/policy.h"
#include "store/store.h"
#include "raw_sqlite.h"

extern const struct area area_neglect;

static int setup(void **state)
{
	(void)state;
	assert_int_equal(temp_store_open(&temp, "neglect"), 0);
	raw_exec(
	    "INSERT INTO local_authorities (code, slug, name) VALUES (888, 'lancashire', 'Lancashire');"
	    "INSERT INTO agencies (id, slug, name, type, la_code) VALUES (7, 'trust', 'A trust', "
	    "'nhs_trust', 888);"
	    "INSERT INTO users (id, email, name, agency_id, password_hash) VALUES"
	    " (3, 'a@example.org', 'A', 7, 'x'), (4, 'b@example.org', 'B', 7, 'x');"
	    "INSERT INTO agencies (id, slug, name, type, la_code) VALUES (8, 'council', 'A council', "
	    "'local_authority', 888);"
	    "INSERT INTO children (id, given_name, family_name, la_code) VALUES (1, 'Alex', 'Smith', 888),"
	    " (2, 'Sam', 'Jones', 888);"
	    "INSERT INTO child_links (child_id, agency_id, relationship) VALUES (1, 7, 'raised_concern'),"
	    " (2, 7, 'raised_concern');");
	char *err = NULL;
	assert_int_equal(policy_add_rules("neglect", area_neglect.access, &err), HAVEN_OK);
	assert_int_equal(neglect_load_demo(), HAVEN_OK);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	policy_clear();
	return temp_store_remove(&temp);
}

/* Records an assessment of `child` by `user`: finished on `on` with review `review`, or a draft (on NULL). */
static long long assess(long long user, long long child, const char *on, const char *review)
{
	json_t *grades = json_object(), *areas = json_pack("{s:i}", "safety", 3);
	struct neglect_assessment a = {.tool_id = 1,
	                               .child_id = child,
	                               .user_id = user,
	                               .agency_id = 7,
	                               .la_code = 888,
	                               .age_band = "5-11",
	                               .finished = on != NULL,
	                               .grades = grades,
	                               .summary = "Summary",
	                               .assessed_on = on,
	                               .review_on = review,
	                               .area_grades = on ? areas : NULL,
	                               .overall_grade = on ? 3 : 0};
	long long id = 0;
	assert_int_equal(neglect_store_add(&a, NULL, &id), HAVEN_OK);
	json_decref(grades);
	json_decref(areas);
	return id;
}

/* The tasks of practitioner `user_id`, acting for `agency_id` with `roles`. */
static json_t *tasks_as(long long user_id, long long agency_id, unsigned roles)
{
	struct user u = {.id = user_id, .agency_id = agency_id, .roles = roles};
	json_t *tasks = json_array();
	assert_int_equal(area_neglect.tasks(&u, tasks), HAVEN_OK);
	return tasks;
}

/* The tasks of practitioner `user_id` of the trust (agency 7). */
static json_t *tasks_of(long long user_id)
{
	return tasks_as(user_id, 7, ROLE_PRACTITIONER);
}

static void drafts_wait_for_their_author_reviews_for_the_agency(void **state)
{
	(void)state;
	long long draft = assess(3, 1, NULL, NULL);
	long long first = assess(3, 2, "2026-06-01", "2026-09-01");
	json_t *tasks = tasks_of(3);
	assert_int_equal(json_array_size(tasks), 2);
	json_t *t = json_array_get(tasks, 0);
	assert_string_equal(json_string_value(json_object_get(t, "kind")), "neglect.finish");
	assert_int_equal(json_integer_value(json_object_get(t, "record_id")), draft);
	assert_true(json_is_null(json_object_get(t, "due_at")));
	t = json_array_get(tasks, 1);
	assert_string_equal(json_string_value(json_object_get(t, "kind")), "neglect.review");
	assert_string_equal(json_string_value(json_object_get(t, "due_at")), "2026-09-01");
	assert_int_equal(json_integer_value(json_object_get(t, "record_id")), first);
	assert_string_equal(json_string_value(json_object_get(t, "record_type")), "neglect_assessment");
	/* no child's name in the words of a task */
	assert_null(strstr(json_string_value(json_object_get(t, "text")), "Sam"));
	json_decref(tasks);

	/* a colleague is given the agency's review, not the author's draft */
	tasks = tasks_of(4);
	assert_int_equal(json_array_size(tasks), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(tasks, 0), "kind")),
	                    "neglect.review");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(tasks, 0), "record_id")), first);
	json_decref(tasks);

	/* moved to another agency, the author is given none of it; without the role, nobody is */
	tasks = tasks_as(3, 8, ROLE_PRACTITIONER);
	assert_int_equal(json_array_size(tasks), 0);
	json_decref(tasks);
	tasks = tasks_as(3, 7, ROLE_SCRUTINEER);
	assert_int_equal(json_array_size(tasks), 0);
	json_decref(tasks);

	/* the colleague reassesses Sam: the clock is theirs now, and the first review is done with */
	long long second = assess(4, 2, "2026-09-01", "2026-12-01");
	tasks = tasks_of(3);
	assert_int_equal(json_array_size(tasks), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(tasks, 0), "kind")),
	                    "neglect.finish");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(tasks, 1), "record_id")), second);
	json_decref(tasks);
	tasks = tasks_of(4);
	assert_int_equal(json_array_size(tasks), 1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(tasks, 0), "record_id")), second);
	assert_string_equal(json_string_value(json_object_get(json_array_get(tasks, 0), "due_at")),
	                    "2026-12-01");
	json_decref(tasks);

	/* once the trust stops working with Sam, Sam's review waits for nobody there */
	raw_exec("DELETE FROM child_links WHERE child_id = 2 AND agency_id = 7;");
	tasks = tasks_of(4);
	assert_int_equal(json_array_size(tasks), 0);
	json_decref(tasks);
}

static void chronology_lists_finished_assessments(void **state)
{
	(void)state;
	json_t *events = json_array();
	assert_int_equal(chronology_read_kinds(events, area_neglect.chronology, 2, false, 0), HAVEN_OK);
	assert_int_equal(json_array_size(events), 2);
	json_t *e = json_array_get(events, 0);
	assert_string_equal(json_string_value(json_object_get(e, "at")), "2026-06-01");
	assert_string_equal(json_string_value(json_object_get(e, "text")), "Neglect assessment (baseline)");
	assert_string_equal(json_string_value(json_object_get(e, "action")), "neglect.read");
	assert_string_equal(json_string_value(json_object_get(e, "agency")), "A trust");
	e = json_array_get(events, 1);
	assert_string_equal(json_string_value(json_object_get(e, "text")), "Neglect reassessment");
	json_decref(events);
	/* Alex has only a draft: nothing happened yet that the chronology should show */
	events = json_array();
	assert_int_equal(chronology_read_kinds(events, area_neglect.chronology, 1, false, 0), HAVEN_OK);
	assert_int_equal(json_array_size(events), 0);
	json_decref(events);
}

static size_t count_kind(const json_t *tasks, const char *kind)
{
	size_t n = 0, i;
	json_t *t;
	json_array_foreach(tasks, i, t) n += strcmp(json_string_value(json_object_get(t, "kind")), kind) == 0;
	return n;
}

static void agreement_waits_for_a_colleague_where_the_agency_asks(void **state)
{
	(void)state;
	/* the trust does not ask yet: nobody is given an agreement */
	json_t *tasks = tasks_of(4);
	assert_int_equal(count_kind(tasks, "neglect.agree"), 0);
	json_decref(tasks);
	assert_int_equal(neglect_store_set_agreement("trust", true), HAVEN_OK);
	/* the trust stopped working with Sam (the first test): nothing of Sam's waits to be agreed there,
	 * as agreeing would answer 404 */
	tasks = tasks_of(4);
	assert_int_equal(count_kind(tasks, "neglect.agree"), 0);
	json_decref(tasks);
	raw_exec(
	    "INSERT INTO child_links (child_id, agency_id, relationship) VALUES (2, 7, 'raised_concern');");
	/* A's finished assessment (Sam's first) waits for B; B's own (Sam's second) waits for A */
	tasks = tasks_of(4);
	assert_int_equal(count_kind(tasks, "neglect.agree"), 1);
	json_decref(tasks);
	tasks = tasks_of(3);
	assert_int_equal(count_kind(tasks, "neglect.agree"), 1);
	json_decref(tasks);
	/* once agreed it waits no more, and cannot be agreed twice */
	json_t *to_agree = NULL;
	assert_int_equal(neglect_store_to_agree(7, 4, &to_agree), HAVEN_OK);
	long long id = json_integer_value(json_object_get(json_array_get(to_agree, 0), "id"));
	json_decref(to_agree);
	struct actor b = {.user_id = 4, .agency_id = 7};
	enum neglect_agreement_refusal refusal;
	assert_int_equal(neglect_store_agree(id, "Agreed", &b, &refusal), HAVEN_OK);
	assert_int_equal(refusal, NEGLECT_AGREE_OK);
	assert_int_equal(neglect_store_agree(id, NULL, &b, &refusal), HAVEN_OK);
	assert_int_equal(refusal, NEGLECT_AGREE_ALREADY);
	tasks = tasks_of(4);
	assert_int_equal(count_kind(tasks, "neglect.agree"), 0);
	json_decref(tasks);
	/* a draft is never agreed */
	json_t *drafts = NULL, *reviews = NULL;
	assert_int_equal(neglect_store_waiting(7, 3, &drafts, &reviews), HAVEN_OK);
	long long draft = json_integer_value(json_object_get(json_array_get(drafts, 0), "id"));
	json_decref(drafts);
	json_decref(reviews);
	assert_int_equal(neglect_store_agree(draft, NULL, &b, &refusal), HAVEN_OK);
	assert_int_equal(refusal, NEGLECT_AGREE_NOT_FINISHED);
	assert_int_equal(neglect_store_set_agreement("nowhere", true), HAVEN_ERR_NOT_FOUND);
}

/* How many of `tasks` are of `kind` about assessment `id`. */
static size_t count_of(const json_t *tasks, const char *kind, long long id)
{
	size_t n = 0, i;
	json_t *t;
	json_array_foreach(tasks, i, t) n +=
	    strcmp(json_string_value(json_object_get(t, "kind")), kind) == 0 &&
	    json_integer_value(json_object_get(t, "record_id")) == id;
	return n;
}

static void a_draft_left_by_its_author_waits_for_a_colleague_to_take_over(void **state)
{
	(void)state;
	raw_exec("INSERT INTO users (id, email, name, agency_id, password_hash) VALUES"
	         " (5, 'c@example.org', 'C', 7, 'x');");
	long long draft = assess(5, 1, NULL, NULL);
	struct actor b = {.user_id = 4, .agency_id = 7};
	enum neglect_take_over_refusal refusal;
	/* while C acts for the trust the draft is C's alone */
	json_t *tasks = tasks_of(4);
	assert_int_equal(count_of(tasks, "neglect.take_over", draft), 0);
	json_decref(tasks);
	assert_int_equal(neglect_store_take_over(draft, 7, &b, &refusal), HAVEN_OK);
	assert_int_equal(refusal, NEGLECT_TAKE_OVER_AUTHOR_HERE);
	/* disabled (or moved): it waits for the trust's assessors, and another agency cannot take it */
	raw_exec("UPDATE users SET disabled_at = '2026-12-01T00:00:00Z' WHERE id = 5;");
	tasks = tasks_of(4);
	assert_int_equal(count_of(tasks, "neglect.take_over", draft), 1);
	json_decref(tasks);
	tasks = tasks_as(4, 7, ROLE_SCRUTINEER);
	assert_int_equal(json_array_size(tasks), 0);
	json_decref(tasks);
	assert_int_equal(neglect_store_take_over(draft, 8, &b, &refusal), HAVEN_ERR_NOT_FOUND);
	/* B takes it: B's to finish now, nobody else's to take, once */
	assert_int_equal(neglect_store_take_over(draft, 7, &b, &refusal), HAVEN_OK);
	assert_int_equal(refusal, NEGLECT_TAKE_OVER_OK);
	tasks = tasks_of(4);
	assert_int_equal(count_of(tasks, "neglect.take_over", draft), 0);
	assert_int_equal(count_of(tasks, "neglect.finish", draft), 1);
	json_decref(tasks);
	tasks = tasks_of(3);
	assert_int_equal(count_of(tasks, "neglect.take_over", draft), 0);
	json_decref(tasks);
	struct actor a = {.user_id = 3, .agency_id = 7};
	assert_int_equal(neglect_store_take_over(draft, 7, &a, &refusal), HAVEN_OK);
	assert_int_equal(refusal, NEGLECT_TAKE_OVER_AUTHOR_HERE);
	/* a draft whose child the trust no longer works with is offered to nobody */
	long long sams = assess(3, 2, NULL, NULL);
	raw_exec("UPDATE users SET agency_id = 8 WHERE id = 3;");
	tasks = tasks_of(4);
	assert_int_equal(count_of(tasks, "neglect.take_over", sams), 1);
	json_decref(tasks);
	raw_exec("DELETE FROM child_links WHERE child_id = 2 AND agency_id = 7;");
	tasks = tasks_of(4);
	assert_int_equal(count_of(tasks, "neglect.take_over", sams), 0);
	json_decref(tasks);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(drafts_wait_for_their_author_reviews_for_the_agency),
	    cmocka_unit_test(chronology_lists_finished_assessments),
	    cmocka_unit_test(agreement_waits_for_a_colleague_where_the_agency_asks),
	    cmocka_unit_test(a_draft_left_by_its_author_waits_for_a_colleague_to_take_over),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
