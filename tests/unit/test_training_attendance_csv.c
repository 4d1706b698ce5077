/*
 * test_training_attendance_csv.c — tests reading a file of past attendance
 * for `haven import attendance` (areas/training/attendance_csv.h): good rows
 * with their lines (a quoted field over two lines moves the next row's line
 * on), blank email absent, attended yes and no; every bad field of every row
 * named, with the row kept so the import can name it; a date after today
 * refused; a row with the wrong number of fields; and whole files refused:
 * a wrong header, quotes that do not pair up, a NUL byte.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "areas/training/attendance_csv.h"

#define HEADER "date,course,name,email,agency,role,attended\r\n"
#define TODAY "2026-12-04"

static json_t *read_csv(const char *text)
{
	return training_attendance_csv("test.csv", text, strlen(text), TODAY);
}

/* The fields the row's errors name, joined by commas ("" if none). */
static void expect_errors(const json_t *row, const char *fields)
{
	char got[200] = "";
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(row, "errors"), i, e)
	{
		if (i)
			strcat(got, ",");
		strncat(got, field_text(e, "field"), sizeof got - strlen(got) - 2);
	}
	assert_string_equal(got, fields);
}

static void test_good_rows_with_their_lines(void **state)
{
	(void)state;
	json_t *rows = read_csv(HEADER "2019-06-10,Neglect,Alex One,,little-acorns,Nursery nurse,yes\r\n"
	                               "2019-07-01,2,\"Two,\nLines\",Cy@Example.org,csap,Officer,no\r\n"
	                               "\r\n"
	                               "2026-12-04,Neglect,Today,,csap,Officer,yes\r\n");
	assert_non_null(rows);
	assert_int_equal(json_array_size(rows), 3);
	const json_t *a = json_array_get(rows, 0), *b = json_array_get(rows, 1), *c = json_array_get(rows, 2);
	expect_errors(a, "");
	expect_errors(b, "");
	expect_errors(c, "");
	assert_int_equal(field_int(a, "line"), 2);
	assert_int_equal(field_int(b, "line"), 3);
	assert_int_equal(field_int(c, "line"), 6); /* the quoted line break, then a blank line, skipped */
	assert_string_equal(field_text(a, "course"), "Neglect");
	assert_null(json_object_get(a, "email"));
	assert_true(json_is_true(json_object_get(a, "attended")));
	assert_string_equal(field_text(b, "name"), "Two,\nLines");
	assert_string_equal(field_text(b, "email"), "cy@example.org");
	assert_true(json_is_false(json_object_get(b, "attended")));
	json_decref(rows);
}

static void test_every_bad_field_is_named(void **state)
{
	(void)state;
	json_t *rows = read_csv(HEADER "2019-02-30,,Name,not-an-email,Not A Slug,,maybe\r\n"
	                               "2026-12-05,Course,Name,,csap,Role,yes\r\n"
	                               "2019-06-10,Course,Name\r\n"
	                               "2019-06-10,Course,Name,,csap,Role,yes\r\n");
	assert_non_null(rows);
	assert_int_equal(json_array_size(rows), 4);
	expect_errors(json_array_get(rows, 0), "date,course,email,agency,role,attended");
	expect_errors(json_array_get(rows, 1), "date"); /* after today: not past attendance */
	expect_errors(json_array_get(rows, 2), "row");
	expect_errors(json_array_get(rows, 3), "");
	assert_int_equal(field_int(json_array_get(rows, 2), "line"), 4);
	json_decref(rows);
}

static void test_text_that_is_too_long_or_not_utf8(void **state)
{
	(void)state;
	char text[600];
	char name[260];
	memset(name, 'a', 250);
	name[250] = '\0';
	snprintf(text, sizeof text,
	         HEADER "2019-06-10,Course,%s,,csap,Role,yes\r\n2019-06-10,C,\xff\xfe,,csap,R,yes\r\n", name);
	json_t *rows = read_csv(text);
	assert_non_null(rows);
	expect_errors(json_array_get(rows, 0), "name");
	expect_errors(json_array_get(rows, 1), "name");
	json_decref(rows);
}

static void test_files_that_cannot_be_read_are_refused(void **state)
{
	(void)state;
	assert_null(read_csv("date,course,name,agency,role,attended\r\n2019-06-10,C,N,csap,R,yes\r\n"));
	assert_null(read_csv(""));
	assert_null(read_csv(HEADER "2019-06-10,\"unclosed,N,,csap,R,yes\r\n"));
	const char nul[] = HEADER "2019-06-10,C,N\0,,csap,R,yes\r\n";
	assert_null(training_attendance_csv("test.csv", nul, sizeof nul - 1, TODAY));
	json_t *none = read_csv(HEADER);
	assert_non_null(none); /* a header alone is an empty import, not an error */
	assert_int_equal(json_array_size(none), 0);
	json_decref(none);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_good_rows_with_their_lines),
	    cmocka_unit_test(test_every_bad_field_is_named),
	    cmocka_unit_test(test_text_that_is_too_long_or_not_utf8),
	    cmocka_unit_test(test_files_that_cannot_be_read_are_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
