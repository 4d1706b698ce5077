/*
 * test_suppress.c — tests small-number suppression (src/core/suppress.h):
 * which single counts are hidden, how a published figure reads, and tables
 * with their rows, columns and totals: a row where only one cell is small
 * (its neighbour is hidden too, and then the columns that reach), totals
 * that are small themselves, a hidden entry whose other entries are zero
 * (the total goes), tables publishing only row or only column totals, or
 * none, and the partnership's own activities, never hidden. A property test
 * over many generated tables checks what every table must keep: each count
 * of 1 to 4 hidden, no zero hidden, the totals right, and no line that
 * publishes a total left with a lone hidden entry a subtraction would reveal.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "core/suppress.h"

static void single_counts(void **state)
{
	(void)state;
	static const struct {
		enum suppress_kind kind;
		long long count;
		bool hidden;
	} cases[] = {
	    {SUPPRESS_PEOPLE, 0, false}, /* nobody: nothing to reveal */
	    {SUPPRESS_PEOPLE, 1, true},      {SUPPRESS_PEOPLE, 4, true},      {SUPPRESS_PEOPLE, 5, false},
	    {SUPPRESS_PEOPLE, 1108, false},  {SUPPRESS_ACTIVITIES, 1, false}, /* "1 published", as the
	                                                                         partnership's report says */
	    {SUPPRESS_ACTIVITIES, 4, false},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (suppress_hides(cases[i].kind, cases[i].count) != cases[i].hidden)
			fail_msg("case %zu: %lld %s", i, cases[i].count,
			         cases[i].hidden ? "shown" : "hidden");
}

static void published_words(void **state)
{
	(void)state;
	static const struct {
		long long count;
		bool hidden;
		const char *words;
	} cases[] = {
	    {0, false, "0"},
	    {7, false, "7"},
	    {999, false, "999"},
	    {1000, false, "1,000"},
	    {1108, false, "1,108"},
	    {600000, false, "600,000"},
	    {1500000, false, "1,500,000"},
	    {3, true, "fewer than 5"},
	    {12, true, "fewer than 5"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char out[32];
		assert_string_equal(suppress_format(cases[i].count, cases[i].hidden, out, sizeof out),
		                    cases[i].words);
	}
}

/* Builds a table from rows of cells, suppresses it, and compares the hidden grid ("x" hidden, "." shown). */
static void check_table(size_t rows, size_t columns, const long long *cells, bool row_totals,
                        bool column_totals, const char *const *expected_hidden,
                        const long long *expected_totals_row)
{
	struct suppress_table t;
	suppress_table_init(&t, rows, columns, SUPPRESS_PEOPLE);
	t.row_totals = row_totals;
	t.column_totals = column_totals;
	for (size_t r = 0; r < rows; r++)
		for (size_t c = 0; c < columns; c++)
			*suppress_at(&t, r, c) = cells[r * columns + c];
	suppress_table(&t);
	for (size_t r = 0; r <= rows; r++)
		for (size_t c = 0; c <= columns; c++)
			if (suppress_hidden_at(&t, r, c) != (expected_hidden[r][c] == 'x'))
				fail_msg("row %zu column %zu (%lld) is %s", r, c, *suppress_at(&t, r, c),
				         suppress_hidden_at(&t, r, c) ? "hidden" : "shown");
	if (expected_totals_row)
		for (size_t c = 0; c <= columns; c++)
			assert_int_equal(*suppress_at(&t, rows, c), expected_totals_row[c]);
	suppress_table_free(&t);
}

static void one_small_cell_in_a_row(void **state)
{
	(void)state;
	/* 3 + 7 + 10 = 20: with the 3 alone hidden, 20 - 7 - 10 gives it away, so the 7 goes too. */
	const long long cells[] = {3, 7, 10};
	const char *const hidden[] = {"xx..", "...."};
	check_table(1, 3, cells, true, false, hidden, NULL);
}

static void hiding_spreads_to_columns(void **state)
{
	(void)state;
	/*
	 * Children notified by area (rows) and quarter (columns), every total
	 * published. The 3 takes its row's 7 with it; each then stands alone in
	 * its column, so the 6 and the 8 below go; the second row then has two.
	 */
	const long long cells[] = {3, 7, 10, 6, 8, 12};
	const char *const hidden[] = {"xx..", "xx..", "...."};
	const long long totals[] = {9, 15, 22, 46};
	check_table(2, 3, cells, true, true, hidden, totals);
}

static void hidden_counts_in_words(void **state)
{
	(void)state;
	/* The 3 is "fewer than 5"; the 7 and the 6 hidden to protect it may be any size: "not shown". */
	struct suppress_table t;
	suppress_table_init(&t, 2, 2, SUPPRESS_PEOPLE);
	t.row_totals = t.column_totals = true;
	*suppress_at(&t, 0, 0) = 3;
	*suppress_at(&t, 0, 1) = 7;
	*suppress_at(&t, 1, 0) = 6;
	*suppress_at(&t, 1, 1) = 8;
	suppress_table(&t);
	static const char *const words[3][3] = {
	    {"fewer than 5", "not shown", "10"}, {"not shown", "not shown", "14"}, {"9", "15", "24"}};
	for (size_t r = 0; r <= 2; r++)
		for (size_t c = 0; c <= 2; c++) {
			char out[32];
			assert_string_equal(suppress_table_format(&t, r, c, out, sizeof out), words[r][c]);
		}
	suppress_table_free(&t);
}

static void the_smallest_other_count_goes(void **state)
{
	(void)state;
	/* Not the first cell: the smallest above zero (the 5), and never a zero. */
	const long long cells[] = {20, 0, 2, 5, 9};
	const char *const hidden[] = {"..xx..", "......"};
	check_table(1, 5, cells, true, false, hidden, NULL);
}

static void small_totals_are_hidden(void **state)
{
	(void)state;
	/*
	 * 1 + 1 = 2 children: the cells and the row total are all fewer than 5.
	 * Each 1 stands alone in its column, so the 30 and the 9 go; the 2 stands
	 * alone among the row totals, so the second row's total goes too.
	 */
	const long long cells[] = {1, 1, 0, 30, 9, 39};
	const char *const hidden[] = {"xx.x", "xx.x", "...."};
	check_table(2, 3, cells, true, true, hidden, NULL);
}

static void a_total_goes_when_the_rest_is_zero(void **state)
{
	(void)state;
	/*
	 * Column 0 has the 3 and the 7: the 7 goes with it. Row 1 is then 7 and
	 * 0 with its total 7 shown, which would give the 7 away: nothing else
	 * above zero is left in the row, so its total goes. And so on until no
	 * line has a lone hidden entry; the grand total is safe to show.
	 */
	const long long cells[] = {3, 9, 7, 0};
	const char *const hidden[] = {"xxx", "x.x", "xx."};
	check_table(2, 2, cells, true, true, hidden, NULL);
}

static void only_column_totals(void **state)
{
	(void)state;
	/*
	 * Monthly counts by area with each month's total (no area totals): each
	 * column is a line; rows are not, so a row may keep a lone hidden cell.
	 */
	const long long cells[] = {2, 11, 14, 13, 20, 21};
	const char *const hidden[] = {"x...", "x...", "...."};
	check_table(2, 3, cells, false, true, hidden, NULL);
}

static void no_totals(void **state)
{
	(void)state;
	/* Nothing to subtract from: only the small counts themselves go. */
	const long long cells[] = {1, 7, 40, 4};
	const char *const hidden[] = {"x..", ".x.", "..."};
	check_table(2, 2, cells, false, false, hidden, NULL);
}

static void activities_are_shown_as_they_are(void **state)
{
	(void)state;
	struct suppress_table t;
	suppress_table_init(&t, 1, 3, SUPPRESS_ACTIVITIES);
	t.row_totals = true;
	*suppress_at(&t, 0, 0) = 13; /* rapid review meetings */
	*suppress_at(&t, 0, 1) = 1;  /* CSPRs published */
	*suppress_at(&t, 0, 2) = 4;
	suppress_table(&t);
	for (size_t c = 0; c <= 3; c++)
		assert_false(suppress_hidden_at(&t, 0, c));
	assert_int_equal(*suppress_at(&t, 0, 3), 18);
	suppress_table_free(&t);
}

static void run_again_after_a_change(void **state)
{
	(void)state;
	struct suppress_table t;
	suppress_table_init(&t, 1, 2, SUPPRESS_PEOPLE);
	t.row_totals = true;
	*suppress_at(&t, 0, 0) = 2;
	*suppress_at(&t, 0, 1) = 8;
	suppress_table(&t);
	assert_true(suppress_hidden_at(&t, 0, 0) && suppress_hidden_at(&t, 0, 1));
	*suppress_at(&t, 0, 0) = 12;
	suppress_table(&t);
	assert_false(suppress_hidden_at(&t, 0, 0) || suppress_hidden_at(&t, 0, 1) ||
	             suppress_hidden_at(&t, 0, 2));
	assert_int_equal(*suppress_at(&t, 0, 2), 20);
	suppress_table_free(&t);
}

static void sums_of_small_counts_give_nothing_away(void **state)
{
	(void)state;
	/*
	 * 6, 1 and 1 make 8: with both 1s "fewer than 5" and the 6 and 8 shown,
	 * the two hidden counts make 2, so each is 1. The 6 goes too: then they
	 * make 3 or less, and each may be 1 or 2.
	 */
	const long long six_one_one[] = {6, 1, 1};
	const char *const hide_the_six[] = {"xxx.", "...."};
	check_table(1, 3, six_one_one, true, false, hide_the_six, NULL);
	/* 5, 1 and 1 make 7: with the 5 hidden ("not shown" is 5 or more) the 1s still make 2, so the total
	 * goes. */
	const long long five_one_one[] = {5, 1, 1};
	const char *const hide_all[] = {"xxxx", "...."};
	check_table(1, 3, five_one_one, true, false, hide_all, NULL);
	/* 4 and 4 make 8: two counts "fewer than 5" making 8 are 4 each, so the total goes. */
	const long long four_four[] = {4, 4, 0};
	const char *const hide_the_total[] = {"xx.x", "...."};
	check_table(1, 3, four_four, true, false, hide_the_total, NULL);
	/* 2 and 1 make 3 with 9: "fewer than 5" twice making 3 is 1 and 2 or 2 and 1, so nothing more goes.
	 */
	const long long two_one_nine[] = {2, 1, 9};
	const char *const hide_the_small[] = {"xx..", "...."};
	check_table(1, 3, two_one_nine, true, false, hide_the_small, NULL);
}

/*
 * What a reader of a suppressed row with its total can work out, found by
 * trying every value each hidden entry could have (1 to 4 for "fewer than
 * 5", 5 or more for "not shown", bounded by the row's highest possible
 * total): true when the hidden entry `of` takes only one value in every
 * assignment that agrees with what is shown.
 */
static bool row_gives_away(struct suppress_table *t, size_t of)
{
	size_t columns = t->columns;
	long long total = *suppress_at(t, 0, columns);
	bool total_hidden = suppress_hidden_at(t, 0, columns);
	long long lo[4], hi[4], v[4];
	for (size_t c = 0; c < columns; c++) {
		long long value = *suppress_at(t, 0, c);
		if (!suppress_hidden_at(t, 0, c))
			lo[c] = hi[c] = value;
		else if (suppress_hides(SUPPRESS_PEOPLE, value))
			lo[c] = 1, hi[c] = 4;
		else
			lo[c] = 5, hi[c] = 40;
		v[c] = lo[c];
	}
	long long seen = -1;
	for (;;) {
		long long sum = 0;
		for (size_t c = 0; c < columns; c++)
			sum += v[c];
		bool agrees = !total_hidden                            ? sum == total
		              : suppress_hides(SUPPRESS_PEOPLE, total) ? sum >= 1 && sum <= 4
		                                                       : sum >= 5;
		if (agrees) {
			if (seen >= 0 && seen != v[of])
				return false;
			seen = v[of];
		}
		size_t c = 0;
		while (c < columns && v[c] == hi[c])
			v[c] = lo[c], c++;
		if (c == columns)
			return true;
		v[c]++;
	}
}

static void no_row_gives_a_small_count_away(void **state)
{
	(void)state;
	uint32_t seed = 20261206;
	for (int round = 0; round < 2000; round++) {
		seed = seed * 1103515245u + 12345u;
		size_t columns = 2 + (seed >> 16) % 2;
		struct suppress_table t;
		suppress_table_init(&t, 1, columns, SUPPRESS_PEOPLE);
		t.row_totals = true;
		for (size_t c = 0; c < columns; c++) {
			seed = seed * 1103515245u + 12345u;
			*suppress_at(&t, 0, c) = (seed >> 16) % 4 == 0 ? 0 : (long long)((seed >> 8) % 10);
		}
		suppress_table(&t);
		for (size_t c = 0; c < columns; c++) {
			long long v = *suppress_at(&t, 0, c);
			if (v > 0 && v < 5 && row_gives_away(&t, c))
				fail_msg("round %d: the %lld at column %zu can be worked out", round, v, c);
		}
		suppress_table_free(&t);
	}
}

/* The number of hidden entries in a line of n entries from (r, c) stepping (dr, dc), then its total. */
static size_t hidden_in_line(const struct suppress_table *t, size_t r, size_t c, size_t dr, size_t dc,
                             size_t n)
{
	size_t hidden = 0;
	for (size_t i = 0; i <= n; i++)
		hidden += suppress_hidden_at(t, r + i * dr, c + i * dc);
	return hidden;
}

static void every_table_keeps_the_rules(void **state)
{
	(void)state;
	uint32_t seed = 20202021;
	for (int round = 0; round < 3000; round++) {
		seed = seed * 1103515245u + 12345u;
		size_t rows = 1 + (seed >> 16) % 5;
		seed = seed * 1103515245u + 12345u;
		size_t columns = 1 + (seed >> 16) % 6;
		struct suppress_table t;
		suppress_table_init(&t, rows, columns, SUPPRESS_PEOPLE);
		t.row_totals = round % 4 != 1;
		t.column_totals = round % 4 != 2;
		long long sum = 0;
		for (size_t r = 0; r < rows; r++)
			for (size_t c = 0; c < columns; c++) {
				seed = seed * 1103515245u + 12345u;
				/* Mostly small counts and zeros, where suppression has work to do. */
				long long v = (seed >> 16) % 3 == 0 ? 0 : (long long)((seed >> 8) % 12);
				*suppress_at(&t, r, c) = v;
				sum += v;
			}
		suppress_table(&t);
		assert_int_equal(*suppress_at(&t, rows, columns), sum);
		for (size_t r = 0; r <= rows; r++)
			for (size_t c = 0; c <= columns; c++) {
				long long v = *suppress_at(&t, r, c);
				bool published =
				    (r < rows && c < columns) || (r < rows && t.row_totals) ||
				    (c < columns && t.column_totals) ||
				    (r == rows && c == columns && t.row_totals && t.column_totals);
				if (published && v > 0 && v < 5 && !suppress_hidden_at(&t, r, c))
					fail_msg("round %d: %lld at (%zu, %zu) shown", round, v, r, c);
				if (v == 0 && suppress_hidden_at(&t, r, c))
					fail_msg("round %d: a zero at (%zu, %zu) hidden", round, r, c);
			}
		for (size_t r = 0; r <= rows; r++)
			if ((r < rows ? t.row_totals : t.row_totals && t.column_totals) &&
			    hidden_in_line(&t, r, 0, 0, 1, columns) == 1)
				fail_msg("round %d: row %zu has one hidden entry", round, r);
		for (size_t c = 0; c <= columns; c++)
			if ((c < columns ? t.column_totals : t.row_totals && t.column_totals) &&
			    hidden_in_line(&t, 0, c, 1, 0, rows) == 1)
				fail_msg("round %d: column %zu has one hidden entry", round, c);
		suppress_table_free(&t);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(single_counts),
	    cmocka_unit_test(published_words),
	    cmocka_unit_test(one_small_cell_in_a_row),
	    cmocka_unit_test(hiding_spreads_to_columns),
	    cmocka_unit_test(hidden_counts_in_words),
	    cmocka_unit_test(the_smallest_other_count_goes),
	    cmocka_unit_test(small_totals_are_hidden),
	    cmocka_unit_test(a_total_goes_when_the_rest_is_zero),
	    cmocka_unit_test(only_column_totals),
	    cmocka_unit_test(no_totals),
	    cmocka_unit_test(activities_are_shown_as_they_are),
	    cmocka_unit_test(run_again_after_a_change),
	    cmocka_unit_test(sums_of_small_counts_give_nothing_away),
	    cmocka_unit_test(no_row_gives_a_small_count_away),
	    cmocka_unit_test(every_table_keeps_the_rules),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
