/*
 * test_xlsx.c — core/xlsx.h: a table becomes a workbook (a zip file: what
 * Excel opens), text that looks like a formula is kept as text, and a row
 * that is not a list is refused. The HTTP test of the quality assurance
 * results reads a workbook's cells back (tests/http/assurance.test.mjs).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(a_table_becomes_a_workbook),
	    cmocka_unit_test(a_row_that_is_not_a_list_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
