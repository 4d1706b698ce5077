/*
 * stats.c — medians, percentages and rounding for figures (see stats.h).
 */
#include "core/stats.h"

#include <stdio.h>
#include <stdlib.h>

static int compare_doubles(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

bool stats_median(double *values, size_t n, double *out)
{
	if (n == 0)
		return false;
	qsort(values, n, sizeof *values, compare_doubles);
	*out = n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
	return true;
}

static int compare_counts(const void *a, const void *b)
{
	double x = ((const struct stats_count *)a)->value, y = ((const struct stats_count *)b)->value;
	return (x > y) - (x < y);
}

/* The value at `rank` (from 0) of the sorted bars. */
static double value_at(const struct stats_count *counts, size_t len, long long rank)
{
	size_t i = 0;
	for (long long seen = 0; i + 1 < len; i++) {
		seen += counts[i].n;
		if (rank < seen)
			break;
	}
	return counts[i].value;
}

bool stats_median_counted(struct stats_count *counts, size_t len, double *out)
{
	long long total = 0;
	for (size_t i = 0; i < len; i++)
		total += counts[i].n;
	if (total <= 0)
		return false;
	qsort(counts, len, sizeof *counts, compare_counts);
	double middle = value_at(counts, len, total / 2);
	*out = total % 2 ? middle : (value_at(counts, len, total / 2 - 1) + middle) / 2.0;
	return true;
}

bool stats_percent(long long part, long long whole, double *out)
{
	if (whole <= 0)
		return false;
	/* in tenths of a percent, rounded half up, in integers so 2/3 is exactly 66.7 */
	long long tenths = (part * 2000 + whole) / (2 * whole);
	*out = (double)tenths / 10.0;
	return true;
}

bool stats_share_text(long long part, long long whole, char out[STATS_SHARE_SIZE])
{
	if (whole <= 0)
		return false;
	if (whole < STATS_SMALL_BASE) {
		/* whole percent, rounded half up in integers */
		long long percent = (part * 200 + whole) / (2 * whole);
		snprintf(out, STATS_SHARE_SIZE, "%lld of %lld (%lld%%)", part, whole, percent);
	} else {
		double p = 0;
		(void)stats_percent(part, whole, &p);
		snprintf(out, STATS_SHARE_SIZE, "%.1f%%", p);
	}
	return true;
}

double stats_one_place(double v)
{
	/* without libm, which Haven does not link */
	return (double)(long long)(v * 10 + (v < 0 ? -0.5 : 0.5)) / 10;
}
