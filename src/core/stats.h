/*
 * stats.h — the few summary figures Haven's dashboards show: the median of a
 * set of values and a part as a percentage of a whole, each rounded the one
 * way every area shows them.
 *
 * Why in core and not the calendar: they are not about time (Operation
 * Provide takes medians of hours, Operation Encompass of minutes, and both
 * show rates), and any area's figures may want them. Pure and thread-safe;
 * tested in tests/unit/test_stats.c.
 */
#ifndef HAVEN_CORE_STATS_H
#define HAVEN_CORE_STATS_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The median of `values[0..n)`, sorting them in place: the middle value, or
 * for an even count the mean of the two middle values. False (and *out
 * untouched) when n is 0: there is no median of nothing.
 */
bool stats_median(double *values, size_t n, double *out);

/* A value and how many times it occurs: a histogram's bar, for a median of counted values. */
struct stats_count {
	double value;
	long long n;
};

/*
 * The median of the values counted in `counts[0..len)` (each value taken
 * `n` times; bars of the same value may repeat), sorting the bars in place:
 * exactly what stats_median gives for the values written out one by one.
 * False (and *out untouched) when they count nothing.
 */
bool stats_median_counted(struct stats_count *counts, size_t len, double *out);

/*
 * `part` as a percentage of `whole`, rounded half up to one decimal place
 * (2 of 3 is 66.7, 1 of 16 is 6.3), worked in integers so no floating-point
 * error moves a half. False (and *out untouched) when whole is 0 or less:
 * there is nothing to be a percentage of.
 */
bool stats_percent(long long part, long long whole, double *out);

/*
 * Bases below this show their counts with the percentage ("1 of 2 (50%)"):
 * a percentage of a handful reads as more certain than it is.
 */
#define STATS_SMALL_BASE 100
/* Room for any share's text, "9223372036854775807 of 9223372036854775807 (100%)" included. */
#define STATS_SHARE_SIZE 64

/*
 * `part` of `whole` as a person reads it, into `out` (STATS_SHARE_SIZE bytes):
 * below STATS_SMALL_BASE the counts and a whole percentage ("1 of 2 (50%)",
 * "2 of 3 (67%)"), from it the percentage to one place ("66.7%"), rounded
 * half up as stats_percent. False (and `out` untouched) when whole is 0 or
 * less: the caller says what there was none of ("No notifications").
 */
bool stats_share_text(long long part, long long whole, char out[STATS_SHARE_SIZE]);

/* `v` rounded to one decimal place, halves away from zero (0.25 is 0.3, -0.25 is -0.3). */
double stats_one_place(double v);

#endif
