/*
 * test_csv.c — tests the one CSV writer (core/csv.h): RFC 4180 quoting
 * (commas, quotes doubled, CR and LF kept inside quotes), the leading ' on
 * text a spreadsheet would run as a formula (= + - @ tab CR) and on nothing
 * else, numbers left alone, NUL bytes and empty fields, and rows and headers.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "core/buf.h"
#include "core/csv.h"

/* The CSV of one row holding the single text field `text`. */
static void expect_field(const char *text, const char *want)
{
	struct buf out = BUF_INIT;
	struct csv csv = CSV_INIT(&out);
	csv_text(&csv, text);
	csv_end_row(&csv);
	struct buf wanted = BUF_INIT;
	buf_printf(&wanted, "%s\r\n", want);
	assert_string_equal(buf_cstr(&out), buf_cstr(&wanted));
	buf_free(&out);
	buf_free(&wanted);
}

static void test_plain_text_is_written_as_it_is(void **state)
{
	(void)state;
	expect_field("Lancashire Police", "Lancashire Police");
	expect_field("O'Brien", "O'Brien");
	expect_field("2026-01-02T03:04:05Z", "2026-01-02T03:04:05Z");
	expect_field("a=b", "a=b"); /* only a leading = is a formula */
	expect_field("Zoë Ångström", "Zoë Ångström");
	expect_field("", "");
	expect_field(NULL, "");
}

static void test_rfc4180_quoting(void **state)
{
	(void)state;
	expect_field("Smith, Pat", "\"Smith, Pat\"");
	expect_field("say \"hello\"", "\"say \"\"hello\"\"\"");
	expect_field("\"", "\"\"\"\"");
	expect_field("line one\r\nline two", "\"line one\r\nline two\"");
	expect_field("one\ntwo", "\"one\ntwo\"");
}

static void test_formulas_are_neutralised(void **state)
{
	(void)state;
	expect_field("=1+1", "'=1+1");
	expect_field("+44 7700 900000", "'+44 7700 900000");
	expect_field("-minus", "'-minus");
	expect_field("@SUM(A1)", "'@SUM(A1)");
	expect_field("\tx", "'\tx");
	/* a CR needs quotes too, and the guard goes inside them */
	expect_field("\rx", "\"'\rx\"");
	expect_field("=HYPERLINK(\"http://evil\",\"x\")", "\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\"");
	expect_field("=", "'=");
}

static void test_numbers_are_not_text(void **state)
{
	(void)state;
	struct buf out = BUF_INIT;
	struct csv csv = CSV_INIT(&out);
	csv_integer(&csv, -3);
	csv_integer(&csv, 9007199254740993LL);
	csv_number(&csv, -0.125, 3);
	csv_number(&csv, 2.5, 0);
	csv_number(&csv, 1.0 / 3.0, 2);
	csv_end_row(&csv);
	assert_string_equal(buf_cstr(&out), "-3,9007199254740993,-0.125,2,0.33\r\n");
	buf_free(&out);
}

static void test_rows_headers_and_empty_fields(void **state)
{
	(void)state;
	static const char *const names[] = {"measure", "group", "value"};
	struct buf out = BUF_INIT;
	struct csv csv = CSV_INIT(&out);
	csv_header(&csv, names, 3);
	csv_text(&csv, "attendances");
	csv_empty(&csv);
	csv_integer(&csv, 12);
	csv_end_row(&csv);
	csv_empty(&csv);
	csv_empty(&csv);
	csv_end_row(&csv);
	csv_end_row(&csv); /* a row with no fields is an empty line */
	assert_string_equal(buf_cstr(&out), "measure,group,value\r\nattendances,,12\r\n,\r\n\r\n");
	buf_free(&out);
}

static void test_nul_bytes_are_kept(void **state)
{
	(void)state;
	struct buf out = BUF_INIT;
	struct csv csv = CSV_INIT(&out);
	csv_text_len(&csv, "a\0b,c", 5);
	assert_int_equal(out.len, 7);
	assert_memory_equal(out.data, "\"a\0b,c\"", 7);
	/* a leading NUL is not a formula */
	buf_free(&out);
	csv = (struct csv)CSV_INIT(&out);
	csv_text_len(&csv, "\0=", 2);
	assert_int_equal(out.len, 2);
	assert_memory_equal(out.data, "\0=", 2);
	buf_free(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_plain_text_is_written_as_it_is),
	    cmocka_unit_test(test_rfc4180_quoting),
	    cmocka_unit_test(test_formulas_are_neutralised),
	    cmocka_unit_test(test_numbers_are_not_text),
	    cmocka_unit_test(test_rows_headers_and_empty_fields),
	    cmocka_unit_test(test_nul_bytes_are_kept),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
