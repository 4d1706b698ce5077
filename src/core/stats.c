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
