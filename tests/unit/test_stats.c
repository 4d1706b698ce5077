/*
 * test_stats.c — tests the dashboards' figures (src/core/stats.h) as tables
 * of known answers: medians of odd and even counts (unsorted input, ties,
 * negatives, fractions, one value, none), percentages rounded half up to one
 * decimal place (including a case where floating point would round the wrong
 * way), and rounding to one place. The cases come from the Provide and
 * Encompass tests, whose own copies of this code were merged here.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/stats.h"

static void medians(void **state)
{
	(void)state;
	static const struct {
		double values[6];
		size_t n;
		double median;
	} cases[] = {
	    {{7}, 1, 7},
	    {{9, 1, 5}, 3, 5},
	    {{900, 750, 780}, 3, 780},
	    /* even: the mean of the two middle values, whatever order they came in */
	    {{10, 1, 4, 2}, 4, 3},
	    {{900, 750, 810, 780}, 4, 795},
	    {{10, 1}, 2, 5.5},
	    {{1.5, 2}, 2, 1.75},
	    {{5, 1, 5, 9, 5, 2}, 6, 5},
	    {{-30, 10, -10, 30}, 4, 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		double values[6], m = -1;
		for (size_t j = 0; j < cases[i].n; j++)
			values[j] = cases[i].values[j];
		assert_true(stats_median(values, cases[i].n, &m));
		if (m != cases[i].median)
			fail_msg("case %zu: median %g, expected %g", i, m, cases[i].median);
	}
	double m = -1;
	assert_false(stats_median(NULL, 0, &m));
	assert_true(m == -1);
}

/* Counted values (a histogram) give the median of the same values written out, bars in any order. */
static void medians_of_counted_values(void **state)
{
	(void)state;
	/* 1 x3, 4 x1, 9 x2: 1 1 1 4 9 9, median (1 + 4) / 2 */
	struct stats_count even[] = {{9, 2}, {1, 2}, {4, 1}, {1, 1}};
	double m = -1;
	assert_true(stats_median_counted(even, 4, &m));
	assert_true(m == 2.5);
	/* 0.5 x2, 2 x3: 0.5 0.5 2 2 2, median 2 */
	struct stats_count odd[] = {{2, 3}, {0.5, 2}};
	assert_true(stats_median_counted(odd, 2, &m));
	assert_true(m == 2);
	/* both middle values in one bar */
	struct stats_count one_bar[] = {{7, 1}, {3, 4}, {8, 1}};
	assert_true(stats_median_counted(one_bar, 3, &m));
	assert_true(m == 3);
	/* against stats_median, bar by bar, over values from 0 to 9 counted 1 to 3 times */
	struct stats_count bars[10];
	double values[30];
	size_t n = 0;
	for (int i = 0; i < 10; i++) {
		bars[i] = (struct stats_count){(double)((i * 7) % 10), 1 + i % 3};
		for (long long k = 0; k < bars[i].n; k++)
			values[n++] = bars[i].value;
	}
	double expected = -1;
	assert_true(stats_median(values, n, &expected));
	assert_true(stats_median_counted(bars, 10, &m));
	assert_true(m == expected);
	m = -1;
	struct stats_count nothing[] = {{5, 0}};
	assert_false(stats_median_counted(nothing, 1, &m));
	assert_false(stats_median_counted(NULL, 0, &m));
	assert_true(m == -1);
}

static void percentages(void **state)
{
	(void)state;
	static const struct {
		long long part, whole;
		double percent;
	} cases[] = {
	    {2, 3, 66.7},
	    {1, 3, 33.3},
	    {5, 6, 83.3},
	    {1, 8, 12.5},
	    {1, 2, 50},
	    {0, 5, 0},
	    {5, 5, 100},
	    {0, 1, 0},
	    /* half a tenth rounds up: 1 of 16 is 6.25% */
	    {1, 16, 6.3},
	    /* 7 of 2000 is 0.35%, which as a double is just below 0.35: integers round it up, to 0.4 */
	    {7, 2000, 0.4},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		double p = -1;
		assert_true(stats_percent(cases[i].part, cases[i].whole, &p));
		if (p != cases[i].percent)
			fail_msg("%lld of %lld: %g%%, expected %g%%", cases[i].part, cases[i].whole, p,
			         cases[i].percent);
	}
	double p = -1;
	assert_false(stats_percent(0, 0, &p));
	assert_false(stats_percent(1, -2, &p));
	assert_true(p == -1);
}

/* Shares as people read them: counts beside a small base, a percentage beside a large one. */
static void shares(void **state)
{
	(void)state;
	static const struct {
		long long part, whole;
		const char *text;
	} cases[] = {
	    {1, 2, "1 of 2 (50%)"},
	    {2, 3, "2 of 3 (67%)"},
	    {0, 1, "0 of 1 (0%)"},
	    /* half a percent rounds up */
	    {1, 8, "1 of 8 (13%)"},
	    {99, 99, "99 of 99 (100%)"},
	    /* from the small base on, a percentage to one place */
	    {1, 100, "1.0%"},
	    {200, 300, "66.7%"},
	    {7, 2000, "0.4%"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char text[STATS_SHARE_SIZE] = "";
		assert_true(stats_share_text(cases[i].part, cases[i].whole, text));
		assert_string_equal(text, cases[i].text);
	}
	char text[STATS_SHARE_SIZE] = "untouched";
	assert_false(stats_share_text(0, 0, text));
	assert_false(stats_share_text(1, -1, text));
	assert_string_equal(text, "untouched");
}

static void one_decimal_place(void **state)
{
	(void)state;
	static const struct {
		double v, rounded;
	} cases[] = {{0.25, 0.3}, {-0.25, -0.3}, {1.75, 1.8}, {2, 2}, {0.04, 0}, {33.333, 33.3}, {6.0, 6}};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (stats_one_place(cases[i].v) != cases[i].rounded)
			fail_msg("%g rounds to %g, expected %g", cases[i].v, stats_one_place(cases[i].v),
			         cases[i].rounded);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(medians),           cmocka_unit_test(medians_of_counted_values),
	    cmocka_unit_test(percentages),       cmocka_unit_test(shares),
	    cmocka_unit_test(one_decimal_place),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
