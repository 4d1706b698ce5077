/*
 * test_job.c — tests a background job that works in batches (src/app/job.h):
 * job_start refuses a job that does not say what a run does, and a run does
 * each batch's step a batch at a time until one comes back short, giving a
 * dated step the days its job works out.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "app/job.h"
#include "core/calendar.h"

static enum haven_status count_step(int limit, int *done);
static enum haven_status dated_step(const char *from, const char *to, int limit, int *done);
static void two_days(int32_t *from, int32_t *to);

static void refuses_a_job_that_says_no_run(void **state)
{
	(void)state;
	const struct job_batch both_steps[] = {
	    {.step = count_step, .dated_step = dated_step, .days = two_days, .failed = "f", .done = "d"},
	    {0}};
	const struct job_batch no_days[] = {{.dated_step = dated_step, .failed = "f", .done = "d"}, {0}};
	const struct job_batch no_words[] = {{.step = count_step}, {0}};
	const struct job_batch good[] = {{.step = count_step, .failed = "f", .done = "d"}, {0}};
	struct job jobs[] = {
	    {.area = "test", .what = "a job with nothing to run"},
	    {.area = "test", .what = "a batch job without its size", .batches = good},
	    {.area = "test", .what = "a batch with two steps", .batches = both_steps, .batch_size = 2},
	    {.area = "test", .what = "a dated step without its days", .batches = no_days, .batch_size = 2},
	    {.area = "test", .what = "a batch without its log words", .batches = no_words, .batch_size = 2},
	};
	for (size_t i = 0; i < sizeof jobs / sizeof jobs[0]; i++)
		assert_int_equal(job_start(&jobs[i]), HAVEN_ERR_INVALID);
}

/* count_step does 2, 2, then 1: three calls, five things, in one run */
static int count_calls;
static enum haven_status count_step(int limit, int *done)
{
	count_calls++;
	*done = count_calls < 3 ? limit : limit - 1;
	return HAVEN_OK;
}

static char dated_from[CALENDAR_DATE_SIZE], dated_to[CALENDAR_DATE_SIZE];
static enum haven_status dated_step(const char *from, const char *to, int limit, int *done)
{
	(void)limit;
	strcpy(dated_from, from);
	strcpy(dated_to, to);
	*done = 0;
	return HAVEN_OK;
}

static void two_days(int32_t *from, int32_t *to)
{
	int32_t day;
	assert_true(calendar_parse("2026-12-04", &day));
	*from = day;
	*to = day + 2;
}

static void runs_each_batch_until_one_comes_back_short(void **state)
{
	(void)state;
	const struct job_batch batches[] = {
	    {.step = count_step, .failed = "counting", .done = "counted"},
	    {.dated_step = dated_step, .days = two_days, .failed = "dating", .done = "dated"},
	    {0},
	};
	struct job job = {.area = "test",
	                  .what = "a batch job",
	                  .interval_seconds = 3600,
	                  .batches = batches,
	                  .batch_size = 2};
	assert_int_equal(job_start(&job), HAVEN_OK);
	/* the first run starts at once; wait for it to finish (at most 10 s) */
	for (int i = 0; i < 1000 && atomic_load(&job.runs) == 0; i++)
		nanosleep(&(struct timespec){0, 10 * 1000 * 1000}, NULL);
	job_stop(&job);
	assert_true(atomic_load(&job.runs) >= 1);
	assert_int_equal(count_calls, 3);
	assert_string_equal(dated_from, "2026-12-04");
	assert_string_equal(dated_to, "2026-12-06");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(refuses_a_job_that_says_no_run),
	    cmocka_unit_test(runs_each_batch_until_one_comes_back_short),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
