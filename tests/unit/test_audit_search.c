/*
 * test_audit_search.c — tests audit_search (auth/audit.h) on a real store in
 * a temporary directory: its filters (user, resource, action, dates, each
 * alone and combined; blank ones are no filter; values bound, never spliced),
 * the names it joins, its limit and keyset paging, bad queries refused, and
 * the search by child through the children each row showed (audit_children:
 * a failing unit takes them with its row; append-only, like the trail).
 */
#include "audit_fixture.h"

#include <jansson.h>

#include "core/log.h"

static long long id_at(const json_t *rows, size_t i)
{
	return json_integer_value(json_object_get(json_array_get(rows, i), "id"));
}

static const char *text_at(const json_t *rows, size_t i, const char *key)
{
	return json_string_value(json_object_get(json_array_get(rows, i), key));
}

static void test_search(void **state)
{
	(void)state;
	seed_people();
	append_five(); /* 1 ann sign_in, 2 ann child 42, 3 anon failed, 4 bob child 42, 5 ann sign_out */
	append(2, 2, "child.read", "child", "43", NULL, NULL);       /* 6 */
	append(2, 2, "referral.read", "referral", "42", NULL, NULL); /* 7 */

	/* everything, newest first, with names joined */
	json_t *rows = search((struct audit_query){0});
	assert_int_equal(json_array_size(rows), 7);
	assert_int_equal(id_at(rows, 0), 7);
	assert_int_equal(id_at(rows, 6), 1);
	assert_string_equal(text_at(rows, 3, "user_name"), "Bob Lee");
	assert_string_equal(text_at(rows, 3, "agency_name"), "Lancashire Police");
	assert_string_equal(text_at(rows, 3, "reason"), "Police at the door, urgent");
	assert_string_equal(text_at(rows, 0, "agency_name"), "Blackpool Children's Services");
	const json_t *anon = json_array_get(rows, 4); /* row 3 */
	assert_int_equal(json_integer_value(json_object_get(anon, "id")), 3);
	assert_true(json_is_null(json_object_get(anon, "user_id")));
	assert_true(json_is_null(json_object_get(anon, "user_name")));
	assert_true(json_is_null(json_object_get(anon, "resource_type")));
	assert_string_equal(text_at(rows, 4, "client_address"), "198.51.100.7");
	assert_int_equal(json_object_size(anon), 11);
	json_decref(rows);

	/* by user */
	rows = search((struct audit_query){.user_id = 1});
	assert_int_equal(json_array_size(rows), 3);
	assert_int_equal(id_at(rows, 0), 5);
	assert_int_equal(id_at(rows, 1), 2);
	assert_int_equal(id_at(rows, 2), 1);
	json_decref(rows);

	/* by resource: the type alone, and type and id together */
	rows = search((struct audit_query){.resource_type = "child"});
	assert_int_equal(json_array_size(rows), 3);
	json_decref(rows);
	rows = search((struct audit_query){.resource_type = "child", .resource_id = "42"});
	assert_int_equal(json_array_size(rows), 2);
	assert_int_equal(id_at(rows, 0), 4);
	assert_int_equal(id_at(rows, 1), 2);
	json_decref(rows);
	rows = search((struct audit_query){.resource_id = "42"}); /* the referral too */
	assert_int_equal(json_array_size(rows), 3);
	json_decref(rows);

	/* by action, and combined with a user */
	rows = search((struct audit_query){.action = "child.read"});
	assert_int_equal(json_array_size(rows), 3);
	json_decref(rows);
	rows = search((struct audit_query){.action = "child.read", .user_id = 2});
	assert_int_equal(json_array_size(rows), 2);
	assert_int_equal(id_at(rows, 0), 6);
	assert_int_equal(id_at(rows, 1), 4);
	json_decref(rows);
	rows = search((struct audit_query){.action = "no.such"});
	assert_int_equal(json_array_size(rows), 0);
	json_decref(rows);
	/* empty strings are no filter (a form's blank field) */
	rows = search((struct audit_query){.action = "", .resource_type = "", .from_date = ""});
	assert_int_equal(json_array_size(rows), 7);
	json_decref(rows);
	/* values are bound, never spliced into SQL */
	rows = search((struct audit_query){.action = "x' OR '1'='1"});
	assert_int_equal(json_array_size(rows), 0);
	json_decref(rows);

	/* limit and keyset paging */
	rows = search((struct audit_query){.limit = 3});
	assert_int_equal(json_array_size(rows), 3);
	assert_int_equal(id_at(rows, 2), 5);
	json_decref(rows);
	rows = search((struct audit_query){.limit = 3, .before_id = 5});
	assert_int_equal(json_array_size(rows), 3);
	assert_int_equal(id_at(rows, 0), 4);
	assert_int_equal(id_at(rows, 2), 2);
	json_decref(rows);
	rows = search((struct audit_query){.limit = 3, .before_id = 2});
	assert_int_equal(json_array_size(rows), 1);
	assert_int_equal(id_at(rows, 0), 1);
	json_decref(rows);
	rows = search((struct audit_query){.limit = 1000, .user_id = 1, .before_id = 5});
	assert_int_equal(json_array_size(rows), 2);
	json_decref(rows);
}

static void test_search_dates(void **state)
{
	(void)state;
	append(1, 1, "sign_in", NULL, NULL, NULL, NULL); /* today */
	/* rows from other days, written directly (search does not check the chain) */
	raw_exec("INSERT INTO audit_log (id, at, user_id, action, prev_hash, hash) VALUES"
	         " (2, '2020-04-30T23:59:59.999Z', 1, 'sign_in', x'00', x'00'),"
	         " (3, '2020-05-01T00:00:00.000Z', 1, 'sign_in', x'00', x'00'),"
	         " (4, '2020-05-01T23:59:59.999Z', 1, 'sign_in', x'00', x'00'),"
	         " (5, '2020-05-02T00:00:00.000Z', 1, 'sign_in', x'00', x'00')");
	json_t *rows = search((struct audit_query){.from_date = "2020-05-01", .to_date = "2020-05-01"});
	assert_int_equal(json_array_size(rows), 2);
	assert_int_equal(id_at(rows, 0), 4);
	assert_int_equal(id_at(rows, 1), 3);
	json_decref(rows);
	rows = search((struct audit_query){.to_date = "2020-05-01"});
	assert_int_equal(json_array_size(rows), 3);
	json_decref(rows);
	rows = search((struct audit_query){.from_date = "2020-05-02", .user_id = 1});
	assert_int_equal(json_array_size(rows), 2); /* row 5 and today's */
	json_decref(rows);

	char today[40];
	log_timestamp(today, sizeof today);
	today[10] = '\0';
	rows = search((struct audit_query){.from_date = today, .to_date = today});
	assert_int_equal(json_array_size(rows), 1);
	assert_int_equal(id_at(rows, 0), 1);
	json_decref(rows);
}

static void test_search_rejects_bad_queries(void **state)
{
	(void)state;
	static const struct audit_query bad[] = {
	    {.limit = -1},
	    {.limit = 1001},
	    {.user_id = -3},
	    {.before_id = -1},
	    {.from_date = "2020-5-1"},
	    {.to_date = "yesterday!"},
	    {.from_date = "2020-05-01T00"},
	    {.to_date = "2023-02-29"}, /* shaped like a date, but 2023 is not a leap year */
	    {.from_date = "2026-04-31"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		json_t *rows = (json_t *)1;
		assert_int_equal(audit_search(&bad[i], &rows), HAVEN_ERR_INVALID);
		assert_null(rows);
	}
	json_t *rows = search((struct audit_query){.limit = 1000});
	assert_int_equal(json_array_size(rows), 0);
	json_decref(rows);
}

/* ---- the children each row showed ---- */

/* Appends one row about record `type` `id` (may be NULL) that showed `shown`; its id. */
static long long append_showing(const char *action, const char *type, const char *id,
                                const struct shown_record *shown, size_t count)
{
	struct audit_event ev = {.user_id = 1,
	                         .agency_id = 1,
	                         .action = action,
	                         .resource_type = type,
	                         .resource_id = id,
	                         .shown = shown,
	                         .shown_count = count};
	assert_int_equal(db_write(append_unit, &ev), HAVEN_OK);
	return raw_int("SELECT max(id) FROM audit_log");
}

/* The rows a search by child finds, as ids newest first, ended by 0. */
static void expect_child_rows(long long child, const long long *ids)
{
	json_t *rows = search((struct audit_query){.child_id = child});
	size_t n = 0;
	while (ids[n])
		n++;
	assert_int_equal(json_array_size(rows), n);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(id_at(rows, i), ids[i]);
	json_decref(rows);
}

static void test_children_of_each_row(void **state)
{
	(void)state;
	raw_exec("INSERT INTO children (id, given_name, family_name)"
	         " VALUES (7, 'Ada', 'Example'), (8, 'Ben', 'Sample')");
	/* a child's record is about the child */
	long long read = append_showing("child.read", "child", "7", NULL, 0);
	/* a list names its rows' children; a record not on the register names none */
	const struct shown_record listed[] = {{"child", 7}, {"child", 8}, {"child", 9}, {"child", 8}};
	long long list = append_showing("child.list", NULL, NULL, listed, 4);
	/* an incident that does not exist, and a type that is about no child */
	append_showing("incident.read", "da_incident", "99", NULL, 0);
	append_showing("user.manage", "user", "7", NULL, 0);
	/* a row about a child not (or no longer) on the register: found by its resource */
	long long unknown = append_showing("child.read", "child", "42", NULL, 0);
	/* a failing unit takes its children with its row */
	const struct shown_record eight[] = {{"child", 8}};
	struct audit_event failing = {.user_id = 1, .action = "child.list", .shown = eight, .shown_count = 1};
	assert_int_equal(db_write(append_then_fail, &failing), HAVEN_ERR_CONFLICT);

	assert_int_equal(raw_int("SELECT count(*) FROM audit_children"), 3);
	expect_child_rows(7, (const long long[]){list, read, 0});
	expect_child_rows(8, (const long long[]){list, 0});
	expect_child_rows(9, (const long long[]){0});
	expect_child_rows(42, (const long long[]){unknown, 0});
	/* with the other filters */
	json_t *rows = search((struct audit_query){.child_id = 7, .action = "child.read"});
	assert_int_equal(json_array_size(rows), 1);
	assert_int_equal(id_at(rows, 0), read);
	json_decref(rows);
	rows = search((struct audit_query){.child_id = 7, .before_id = list});
	assert_int_equal(json_array_size(rows), 1);
	json_decref(rows);
	/* append-only, like the trail */
	assert_int_equal(raw_try("DELETE FROM audit_children"), SQLITE_CONSTRAINT);
	assert_int_equal(raw_try("UPDATE audit_children SET child_id = 8"), SQLITE_CONSTRAINT);
	expect_verify(HAVEN_OK, 5, 0, NULL);
}

int main(void)
{
	if (audit_tests_start() != 0)
		return 1;
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_search, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_search_dates, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_search_rejects_bad_queries, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_children_of_each_row, open_store, remove_dir),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
