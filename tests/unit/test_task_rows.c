/*
 * test_task_rows.c — a task for each row a query found (app/task_rows.h):
 * each about the row's own record, due on the column named (none if none
 * is), linking to the record's page or to another's by a column of the row.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "app/task_rows.h"

static const char *text_of(const json_t *tasks, size_t i, const char *key)
{
	return json_string_value(json_object_get(json_array_get(tasks, i), key));
}

static void each_row_is_a_task_linking_by_a_column(void **state)
{
	(void)state;
	json_t *rows = json_pack("[{s:i, s:i, s:s}, {s:i, s:i, s:s}]", "id", 7, "child_id", 40, "review_by",
	                         "2026-12-01", "id", 9, "child_id", 41, "review_by", "2026-12-03");
	json_t *tasks = json_array();
	task_add_rows(tasks, rows,
	              &(struct task_rows){.kind = "area.review",
	                                  .text = "Review it",
	                                  .record_type = "screening",
	                                  .due = "review_by",
	                                  .href = "/children/",
	                                  .href_id = "child_id",
	                                  .href_after = "/screenings"});
	assert_int_equal(json_array_size(tasks), 2);
	assert_string_equal(text_of(tasks, 0, "kind"), "area.review");
	assert_string_equal(text_of(tasks, 0, "text"), "Review it");
	assert_string_equal(text_of(tasks, 0, "record_type"), "screening");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(tasks, 0), "record_id")), 7);
	assert_string_equal(text_of(tasks, 0, "due_at"), "2026-12-01");
	assert_string_equal(text_of(tasks, 0, "href"), "/children/40/screenings");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(tasks, 1), "record_id")), 9);
	assert_string_equal(text_of(tasks, 1, "href"), "/children/41/screenings");
	json_decref(tasks);
	json_decref(rows);
}

static void with_no_due_column_nor_link_column_the_record_is_linked_and_due_at_once(void **state)
{
	(void)state;
	json_t *rows = json_pack("[{s:i, s:s}]", "id", 12, "reported_at", "2026-11-30T10:00:00Z");
	json_t *tasks = json_array();
	task_add_rows(tasks, rows,
	              &(struct task_rows){.kind = "area.told",
	                                  .text = "Record that you were told",
	                                  .record_type = "episode",
	                                  .href = "/episodes/"});
	assert_int_equal(json_array_size(tasks), 1);
	assert_string_equal(text_of(tasks, 0, "href"), "/episodes/12");
	assert_true(json_is_null(json_object_get(json_array_get(tasks, 0), "due_at")));
	/* no rows (or none read): no tasks */
	task_add_rows(tasks, NULL,
	              &(struct task_rows){.kind = "x", .text = "x", .record_type = "x", .href = "/"});
	assert_int_equal(json_array_size(tasks), 1);
	json_decref(tasks);
	json_decref(rows);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(each_row_is_a_task_linking_by_a_column),
	    cmocka_unit_test(with_no_due_column_nor_link_column_the_record_is_linked_and_due_at_once),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
