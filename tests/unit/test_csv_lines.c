/*
 * test_csv_lines.c — tests the one CSV reader every import uses
 * (app/csv_lines.h): each record with the line it starts on (a quoted field
 * over several lines, blank lines, CR LF, a CR alone, a CR LF split between
 * two blocks of a stream), a byte order mark skipped, a field that is not
 * UTF-8 given as null, and files refused where the problem is: a quote in
 * the wrong place, a quoted field never closed, a NUL byte, a row over the
 * limit, and the caller's own refusal, which stops the reading.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/csv_lines.h"

/* Every record as "LINE:field|field", one per line of `out`. */
static const char *collect(long line, json_t *fields, void *ctx)
{
	char *out = ctx;
	size_t at = strlen(out);
	at += (size_t)snprintf(out + at, 4096 - at, "%ld:", line);
	size_t i;
	json_t *f;
	json_array_foreach(fields, i, f)
	{
		at += (size_t)snprintf(out + at, 4096 - at, "%s%.200s", i ? "|" : "",
		                       json_is_string(f) ? json_string_value(f) : "<null>");
	}
	snprintf(out + at, 4096 - at, "\n");
	return NULL;
}

static bool read_text(const char *text, size_t len, char out[4096], struct csv_refusal *refusal)
{
	out[0] = '\0';
	return csv_read_memory(text, len, 1024, collect, out, refusal);
}

static void expect_records(const char *text, const char *want)
{
	char got[4096];
	struct csv_refusal refusal;
	assert_true(read_text(text, strlen(text), got, &refusal));
	assert_null(refusal.why);
	assert_string_equal(got, want);
}

static void expect_refused(const char *text, size_t len, long line, const char *why)
{
	char got[4096];
	struct csv_refusal refusal;
	assert_false(read_text(text, len, got, &refusal));
	assert_int_equal(refusal.line, line);
	assert_non_null(strstr(refusal.why, why));
	free(refusal.why);
}

static void test_records_know_their_lines(void **state)
{
	(void)state;
	expect_records("a,b\nc,d\n", "1:a|b\n2:c|d\n");
	expect_records("a,b\r\n\r\n\nc,\"d\"\r\n", "1:a|b\n4:c|d\n"); /* blank lines skipped */
	expect_records("h\r\"one\ntwo\nthree\",x\rlast",
	               "1:h\n2:one\ntwo\nthree|x\n5:last\n"); /* quoted lines */
	expect_records("\xEF\xBB\xBFname\n\"say \"\"no\"\"\"\n", "1:name\n2:say \"no\"\n");
	expect_records("a,\xff\xfe\n", "1:a|<null>\n");
	expect_records("", "");
}

static void test_broken_files_are_refused_where_they_break(void **state)
{
	(void)state;
	expect_refused("a\nb\nNeg\"lect\n", 13, 3, "a quote inside a field must be doubled");
	expect_refused("a\n\"ok\"x\n", 8, 2, "a quote inside a field must be doubled");
	expect_refused("a\nb,\"never\nclosed\n", 18, 2, "a quoted field is never closed");
	expect_refused("a\nb\nc\0d\n", 8, 3, "not a CSV file (it holds a NUL byte)");
	char long_row[1200];
	memset(long_row, 'x', sizeof long_row - 1);
	long_row[sizeof long_row - 1] = '\0';
	memcpy(long_row, "h\n", 2);
	expect_refused(long_row, strlen(long_row), 2, "a row is longer than 1 KB");
}

/* Refuses at the third record: the reading stops there. */
static const char *at_most_two(long line, json_t *fields, void *ctx)
{
	(void)line;
	(void)fields;
	int *seen = ctx;
	return ++*seen > 2 ? "more than 2 rows" : NULL;
}

static void test_the_callers_refusal_stops_the_reading(void **state)
{
	(void)state;
	int seen = 0;
	struct csv_refusal refusal;
	assert_false(csv_read_memory("a\nb\nc\nd\ne\n", 10, 100, at_most_two, &seen, &refusal));
	assert_int_equal(seen, 3);
	assert_string_equal(refusal.why, "more than 2 rows");
	assert_int_equal(refusal.line, 0);
	free(refusal.why);
}

/* The lines records start on, at most 8 (a stream's records are too long to collect). */
struct lines_seen {
	long lines[8];
	int n;
};

static const char *note_line(long line, json_t *fields, void *ctx)
{
	(void)fields;
	struct lines_seen *seen = ctx;
	if (seen->n < 8)
		seen->lines[seen->n++] = line;
	return NULL;
}

/* A stream read in 64 KB blocks: a CR LF split between two blocks ends one line, not two. */
static void test_a_stream_counts_lines_across_blocks(void **state)
{
	(void)state;
	size_t block = 64u << 10, len = block + 64;
	char *text = malloc(len);
	memset(text, 'y', len);
	memcpy(text, "h\n", 2);
	text[block - 1] = '\r'; /* the second record fills the first block; its CR LF is split */
	text[block] = '\n';
	memcpy(text + len - 6, "\nlast\n", 6);
	FILE *f = fmemopen(text, len, "r");
	assert_non_null(f);
	struct lines_seen seen = {0};
	struct csv_refusal refusal;
	assert_true(csv_read_stream(f, 1u << 20, note_line, &seen, &refusal));
	fclose(f);
	free(text);
	/* the header on 1, the long record on 2, the rest of the second block on 3, "last" on 4 */
	assert_int_equal(seen.n, 4);
	assert_int_equal(seen.lines[0], 1);
	assert_int_equal(seen.lines[1], 2);
	assert_int_equal(seen.lines[2], 3);
	assert_int_equal(seen.lines[3], 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_records_know_their_lines),
	    cmocka_unit_test(test_broken_files_are_refused_where_they_break),
	    cmocka_unit_test(test_the_callers_refusal_stops_the_reading),
	    cmocka_unit_test(test_a_stream_counts_lines_across_blocks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
