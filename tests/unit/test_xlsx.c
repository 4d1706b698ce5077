/*
 * test_xlsx.c — core/xlsx.h: a table becomes a workbook (a zip file: what
 * Excel opens), text that looks like a formula is kept as text, and a row
 * that is not a list is refused; a workbook of several sheets made at a
 * fixed time has the same bytes whenever it is written. The HTTP test of the quality assurance
 * results reads a workbook's cells back (tests/http/assurance.test.mjs).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/xlsx.h"

static const char *const header[] = {"name", "count"};

static void a_table_becomes_a_workbook(void **state)
{
	(void)state;
	json_t *rows = json_pack("[[s, i], [s, n], [n, f]]", "Agency A", 3, "=HYPERLINK(\"x\")", 1.5);
	char *out = NULL;
	size_t len = 0;
	assert_int_equal(xlsx_table("Results", header, 2, rows, &out, &len), HAVEN_OK);
	assert_true(len > 100);
	assert_memory_equal(out, "PK\x03\x04", 4); /* a zip file's first local header */
	free(out);
	json_decref(rows);
}

static void a_row_that_is_not_a_list_is_refused(void **state)
{
	(void)state;
	json_t *rows = json_pack("[[s], s]", "fine", "not a row");
	char *out = (char *)"untouched";
	size_t len = 7;
	assert_int_equal(xlsx_table("Results", header, 2, rows, &out, &len), HAVEN_ERR_INVALID);
	assert_null(out);
	assert_int_equal(len, 0);
	json_decref(rows);
}

/* The annual report's spreadsheet is published: the same figures must give the same file, a second later too.
 */
static void a_workbook_made_at_a_fixed_time_has_the_same_bytes(void **state)
{
	(void)state;
	json_t *first = json_pack("[[s, i]]", "Blackpool", 12),
	       *second = json_pack("[[s, s]]", "Lancashire", "fewer than 5");
	const struct xlsx_sheet sheets[] = {{"Encompass", header, 2, first}, {"Provide", header, 2, second}};
	const time_t created = 1617235200; /* 1 April 2021 */
	char *one = NULL, *two = NULL, *now = NULL;
	size_t one_len = 0, two_len = 0, now_len = 0;
	assert_int_equal(xlsx_workbook(sheets, 2, created, &one, &one_len), HAVEN_OK);
	sleep(2); /* a zip file's times are to two seconds: a clock's time would now differ */
	assert_int_equal(xlsx_workbook(sheets, 2, created, &two, &two_len), HAVEN_OK);
	assert_int_equal(one_len, two_len);
	assert_memory_equal(one, two, one_len);
	assert_int_equal(xlsx_workbook(sheets, 2, 0, &now, &now_len), HAVEN_OK);
	assert_true(now_len != one_len || memcmp(now, one, one_len) != 0); /* made now, it says so */
	free(one);
	free(two);
	free(now);
	json_decref(first);
	json_decref(second);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(a_table_becomes_a_workbook),
	    cmocka_unit_test(a_row_that_is_not_a_list_is_refused),
	    cmocka_unit_test(a_workbook_made_at_a_fixed_time_has_the_same_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
