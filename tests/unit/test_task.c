/*
 * test_task.c — one task appended to a person's list (app/task.h): the six
 * keys app/area.h names, its link written from the format, its due date as
 * given or JSON null when none (NULL, or JSON null from a row).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "app/task.h"

static void appends_the_six_keys(void **state)
{
	(void)state;
	json_t *tasks = json_array(), *due = json_string("2026-12-04");
	task_add(tasks, &(struct task){"qa.return", "Complete and submit", due, "qa_return", 42},
	         "/quality-assurance/returns/%lld", 42LL);
	json_t *expected =
	    json_pack("[{s:s, s:s, s:s, s:s, s:s, s:i}]", "kind", "qa.return", "text", "Complete and submit",
	              "due_at", "2026-12-04", "href", "/quality-assurance/returns/42", "record_type",
	              "qa_return", "record_id", 42);
	assert_true(json_equal(tasks, expected));
	json_decref(expected);
	json_decref(due);
	json_decref(tasks);
}

static void no_due_date_is_null(void **state)
{
	(void)state;
	json_t *tasks = json_array(), *null_from_row = json_null();
	task_add(tasks, &(struct task){"neglect.agree", "Agree", NULL, "neglect_assessment", 7},
	         "/neglect/assessments/%lld", 7LL);
	task_add(tasks, &(struct task){"neglect.review", "Review", null_from_row, "neglect_assessment", 8},
	         "/neglect/assessments/%lld", 8LL);
	assert_int_equal(json_array_size(tasks), 2);
	for (size_t i = 0; i < 2; i++) {
		json_t *due = json_object_get(json_array_get(tasks, i), "due_at");
		assert_non_null(due);
		assert_true(json_is_null(due));
	}
	assert_string_equal(json_string_value(json_object_get(json_array_get(tasks, 1), "href")),
	                    "/neglect/assessments/8");
	json_decref(tasks);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(appends_the_six_keys),
	    cmocka_unit_test(no_due_date_is_null),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
