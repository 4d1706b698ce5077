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
 * And two tables sharing counts (one's row totals the other's column):
 * settled alone, one gives the other's small count away; settled together
 * (suppress_tables), trying every value of every hidden entry shows none.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
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

/*
 * Two tables published together, as the annual report's requests for
 * support publish them: `received` (by local authority: requests received
 * and those that led to early help, with column totals) and `again` (the
 * same requests, re-referred or not, with both totals), each row of `again`
 * adding up to the requests received in the same row of `received`.
 */
enum { LINKED_ROWS = 2, LINKED_COLUMNS = 2 };

static void linked_tables(struct suppress_table tables[2], const long long received[LINKED_ROWS][2],
                          const long long re_referred[LINKED_ROWS])
{
	suppress_table_init(&tables[0], LINKED_ROWS, LINKED_COLUMNS, SUPPRESS_PEOPLE);
	tables[0].column_totals = true;
	suppress_table_init(&tables[1], LINKED_ROWS, LINKED_COLUMNS, SUPPRESS_PEOPLE);
	tables[1].row_totals = tables[1].column_totals = true;
	for (size_t r = 0; r < LINKED_ROWS; r++) {
		*suppress_at(&tables[0], r, 0) = received[r][0];
		*suppress_at(&tables[0], r, 1) = received[r][1];
		*suppress_at(&tables[1], r, 0) = re_referred[r];
		*suppress_at(&tables[1], r, 1) = received[r][0] - re_referred[r];
	}
}

/* The links of linked_tables: each row's total (and the grand total) of `again` is `received`'s first column.
 */
static const struct suppress_link linked_links[] = {
    {{1, 0, LINKED_COLUMNS}, {0, 0, 0}},
    {{1, 1, LINKED_COLUMNS}, {0, 1, 0}},
    {{1, LINKED_ROWS, LINKED_COLUMNS}, {0, LINKED_ROWS, 0}},
};

/* Whether value v agrees with what a table publishes for its entry (r, c): its number or its words. */
static bool agrees(const struct suppress_table *t, size_t r, size_t c, long long v)
{
	bool published = (r < t->rows || t->column_totals) && (c < t->columns || t->row_totals) &&
	                 (r < t->rows || c < t->columns || (t->row_totals && t->column_totals));
	long long value = *suppress_at((struct suppress_table *)t, r, c);
	if (!published)
		return true;
	if (!suppress_hidden_at(t, r, c))
		return v == value;
	return suppress_hides(SUPPRESS_PEOPLE, value) ? v >= 1 && v <= 4 : v >= 5;
}

/*
 * What a reader of both published tables can work out, found by trying
 * every value of every hidden cell of either (1 to 4 for "fewer than 5", 5
 * to 14 for "not shown", beyond any count here), keeping the assignments
 * that agree with every published entry and, when `linked`, in which each
 * row of `again` adds up to the requests received in that row (what a
 * reader of both tables knows; without it, what each table tells alone).
 * Writes into where[] the count of 1 to 4 that takes one value in all of
 * them, as "table row column", for the first that does not in `alone` (NULL:
 * every one); returns whether there is one.
 */
static bool gives_away(struct suppress_table tables[2], bool linked, const bool *alone, bool *pinned,
                       char where[64])
{
	struct unknown {
		size_t t, r, c;
		long long lo, hi, v, seen;
		bool varies;
	} hidden[2 * LINKED_ROWS * LINKED_COLUMNS];
	size_t n = 0;
	long long v[2][LINKED_ROWS][LINKED_COLUMNS];
	for (size_t t = 0; t < 2; t++)
		for (size_t r = 0; r < LINKED_ROWS; r++)
			for (size_t c = 0; c < LINKED_COLUMNS; c++) {
				long long value = *suppress_at(&tables[t], r, c);
				v[t][r][c] = value;
				if (!suppress_hidden_at(&tables[t], r, c))
					continue;
				bool small = suppress_hides(SUPPRESS_PEOPLE, value);
				hidden[n++] = (struct unknown){
				    t, r, c, small ? 1 : 5, small ? 4 : 14, small ? 1 : 5, -1, false};
			}
	for (;;) {
		for (size_t i = 0; i < n; i++)
			v[hidden[i].t][hidden[i].r][hidden[i].c] = hidden[i].v;
		long long sums[2][LINKED_ROWS + 1][LINKED_COLUMNS + 1] = {{{0}}};
		for (size_t t = 0; t < 2; t++)
			for (size_t r = 0; r < LINKED_ROWS; r++)
				for (size_t c = 0; c < LINKED_COLUMNS; c++) {
					long long x = v[t][r][c];
					sums[t][r][c] = x;
					sums[t][r][LINKED_COLUMNS] += x;
					sums[t][LINKED_ROWS][c] += x;
					sums[t][LINKED_ROWS][LINKED_COLUMNS] += x;
				}
		bool fits = true;
		for (size_t t = 0; t < 2 && fits; t++)
			for (size_t r = 0; r <= LINKED_ROWS && fits; r++)
				for (size_t c = 0; c <= LINKED_COLUMNS && fits; c++)
					fits = agrees(&tables[t], r, c, sums[t][r][c]);
		for (size_t r = 0; r <= LINKED_ROWS && fits && linked; r++)
			fits = sums[1][r][LINKED_COLUMNS] == sums[0][r][0];
		for (size_t i = 0; i < n && fits; i++) {
			hidden[i].varies |= hidden[i].seen >= 0 && hidden[i].seen != hidden[i].v;
			hidden[i].seen = hidden[i].v;
		}
		size_t i = 0;
		while (i < n && hidden[i].v == hidden[i].hi)
			hidden[i].v = hidden[i].lo, i++;
		if (i == n)
			break;
		hidden[i].v++;
	}
	bool found = false;
	for (size_t i = 0; i < n; i++) {
		pinned[i] = !hidden[i].varies && hidden[i].lo == 1;
		if (pinned[i] && !(alone && alone[i]) && !found) {
			snprintf(where, 64, "table %zu row %zu column %zu", hidden[i].t, hidden[i].r,
			         hidden[i].c);
			found = true;
		}
	}
	return found;
}

/* Whether a reader of both tables works out a small count that neither table gives away alone. */
static bool gives_away_across(struct suppress_table tables[2], char where[64])
{
	bool alone[2 * LINKED_ROWS * LINKED_COLUMNS], together[2 * LINKED_ROWS * LINKED_COLUMNS];
	gives_away(tables, false, NULL, alone, where);
	return gives_away(tables, true, alone, together, where);
}

static void linked_tables_give_nothing_away(void **state)
{
	(void)state;
	/*
	 * Blackburn with Darwen: 6 requests received, 2 of them to early help; 5
	 * re-referrals and 1 not. Settled alone, the re-referrals table hides its
	 * row (the 1, the 5 and their total 6) while the first table shows the 6
	 * received: 6 less "not shown" (5 or more) leaves the 1 exactly 1.
	 */
	const long long received[LINKED_ROWS][2] = {{6, 2}, {9, 7}};
	const long long re_referred[LINKED_ROWS] = {5, 0};
	struct suppress_table tables[2];
	char where[64];
	linked_tables(tables, received, re_referred);
	suppress_table(&tables[0]);
	suppress_table(&tables[1]);
	assert_true(suppress_hidden_at(&tables[1], 0, LINKED_COLUMNS));
	assert_false(suppress_hidden_at(&tables[0], 0, 0));
	assert_true(gives_away_across(tables, where));
	assert_string_equal(where, "table 1 row 0 column 1");
	/* settled together, the 6 is one count: hidden in both, and the 1 may be 1 to 4 again */
	suppress_tables(tables, 2, linked_links, sizeof linked_links / sizeof linked_links[0]);
	assert_true(suppress_hidden_at(&tables[0], 0, 0));
	assert_true(suppress_hidden_at(&tables[1], 0, LINKED_COLUMNS));
	assert_false(gives_away_across(tables, where));
	suppress_table_free(&tables[0]);
	suppress_table_free(&tables[1]);

	/*
	 * And over many such pairs: settled together, an entry they share is
	 * hidden in both or neither, and reading both gives away no count that
	 * each alone does not (what a single table can still give away, a long
	 * chain of its lines, is suppress.h's limit, not the link's).
	 */
	uint32_t seed = 20200401;
	for (int round = 0; round < 150; round++) {
		long long in[LINKED_ROWS][2], again[LINKED_ROWS];
		for (size_t r = 0; r < LINKED_ROWS; r++) {
			seed = seed * 1103515245u + 12345u;
			in[r][0] = (seed >> 16) % 4 == 0 ? 0 : (long long)((seed >> 8) % 10);
			seed = seed * 1103515245u + 12345u;
			in[r][1] = (long long)((seed >> 8) % (uint32_t)(in[r][0] + 1));
			seed = seed * 1103515245u + 12345u;
			again[r] = (long long)((seed >> 12) % (uint32_t)(in[r][0] + 1));
		}
		linked_tables(tables, in, again);
		suppress_tables(tables, 2, linked_links, sizeof linked_links / sizeof linked_links[0]);
		for (size_t r = 0; r <= LINKED_ROWS; r++)
			if (suppress_hidden_at(&tables[0], r, 0) !=
			    suppress_hidden_at(&tables[1], r, LINKED_COLUMNS))
				fail_msg("round %d: row %zu's requests received hidden in one table only",
				         round, r);
		if (gives_away_across(tables, where))
			fail_msg("round %d: %s can be worked out from both tables", round, where);
		suppress_table_free(&tables[0]);
		suppress_table_free(&tables[1]);
	}
}

/*
 * A single table with both totals gives no small count away, over every
 * 2 x 2 table of counts 0 to 6: what a reader works out is found by trying
 * every value of every hidden entry (gives_away, beside a second table
 * with nothing hidden). Where a pinned count's row and column are hidden
 * already, hiding more of them closes nothing, so the grand total (or
 * another entry of the table) goes.
 */
static void no_single_table_gives_a_small_count_away(void **state)
{
	(void)state;
	char where[64];
	bool pinned[2 * LINKED_ROWS * LINKED_COLUMNS];
	for (int code = 0; code < 7 * 7 * 7 * 7; code++) {
		struct suppress_table tables[2];
		for (size_t t = 0; t < 2; t++) {
			suppress_table_init(&tables[t], LINKED_ROWS, LINKED_COLUMNS, SUPPRESS_PEOPLE);
			tables[t].row_totals = tables[t].column_totals = true;
		}
		for (int i = 0, rest = code; i < 4; i++, rest /= 7)
			*suppress_at(&tables[0], (size_t)i / 2, (size_t)i % 2) = rest % 7;
		suppress_tables(tables, 2, NULL, 0);
		/* every count above zero hidden: nothing more can be, and a reader knows each hidden count is
		 * 1 or more (a zero is never hidden), so four "fewer than 5" under a grand total "fewer than
		 * 5" are each 1 (suppress.h: the limit of hiding no zeros) */
		bool any_shown = false;
		for (size_t r = 0; r <= LINKED_ROWS; r++)
			for (size_t c = 0; c <= LINKED_COLUMNS; c++)
				any_shown |= !suppress_hidden_at(&tables[0], r, c) &&
				             *suppress_at(&tables[0], r, c) > 0;
		if (any_shown && gives_away(tables, false, NULL, pinned, where))
			fail_msg("%lld %lld / %lld %lld: %s can be worked out",
			         *suppress_at(&tables[0], 0, 0), *suppress_at(&tables[0], 0, 1),
			         *suppress_at(&tables[0], 1, 0), *suppress_at(&tables[0], 1, 1), where);
		suppress_table_free(&tables[0]);
		suppress_table_free(&tables[1]);
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
	    cmocka_unit_test(linked_tables_give_nothing_away),
	    cmocka_unit_test(no_single_table_gives_a_small_count_away),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
