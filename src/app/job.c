/*
 * job.c — the thread of a periodic background job (see job.h), and the
 * count of each job's runs for /metrics; and a run of a job's batches.
 */
#include "app/job.h"

#include <stdlib.h>
#include <time.h>

#include "core/calendar.h"
#include "core/log.h"
#include "core/metrics.h"

/* Every job started, for the metrics collector (jobs are static structs that outlive the server). */
#define JOBS_MAX 32
static pthread_mutex_t jobs_lock = PTHREAD_MUTEX_INITIALIZER;
static struct job *jobs[JOBS_MAX];
static size_t job_count;

static void job_metrics(struct buf *out)
{
	metrics_write_family(out, "haven_job_runs_total", "counter",
	                     "Runs of each background job since the start.");
	pthread_mutex_lock(&jobs_lock);
	for (size_t i = 0; i < job_count; i++) {
		const char *labels[] = {"area", jobs[i]->area, "job", jobs[i]->what, NULL};
		metrics_write_sample(out, "haven_job_runs_total", labels,
		                     (double)atomic_load(&jobs[i]->runs));
	}
	pthread_mutex_unlock(&jobs_lock);
}

static void remember(struct job *job)
{
	pthread_mutex_lock(&jobs_lock);
	bool known = false;
	for (size_t i = 0; i < job_count; i++)
		known = known || jobs[i] == job;
	if (!known && job_count < JOBS_MAX)
		jobs[job_count++] = job;
	pthread_mutex_unlock(&jobs_lock);
	metrics_add_collector(job_metrics);
}

#define INTERVAL_MAX 3600

bool job_stopping(struct job *job)
{
	return atomic_load(&job->stopping);
}

/*
 * Does `batch` job->batch_size things at a time until a batch comes back
 * short, one fails (logged, so the next run tries again) or the job is told
 * to stop, and logs how many it did.
 */
static void run_batch(struct job *job, const struct job_batch *batch)
{
	char from[CALENDAR_DATE_SIZE] = "", to[CALENDAR_DATE_SIZE] = "";
	if (batch->days) {
		int32_t first, last;
		batch->days(&first, &last);
		calendar_format(first, from);
		calendar_format(last, to);
	}
	int limit = job->batch_size, done = limit, total = 0;
	while (done == limit && !job_stopping(job)) {
		enum haven_status st =
		    batch->step ? batch->step(limit, &done) : batch->dated_step(from, to, limit, &done);
		if (st != HAVEN_OK) {
			log_error("%s: %s failed; trying again at the next run", job->area, batch->failed);
			break;
		}
		total += done;
	}
	if (total)
		log_info("%s: %d %s", job->area, total, batch->done);
}

static void run_once(struct job *job)
{
	if (job->run) {
		job->run(job);
		return;
	}
	for (const struct job_batch *batch = job->batches; batch->step || batch->dated_step; batch++)
		run_batch(job, batch);
}

static void *run(void *arg)
{
	struct job *job = arg;
	while (!job_stopping(job)) {
		run_once(job);
		atomic_fetch_add(&job->runs, 1);
		/* the monotonic clock: a change of the wall clock neither skips nor repeats a run */
		struct timespec until;
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_sec += job->interval_seconds;
		pthread_mutex_lock(&job->wake_mutex);
		while (!job_stopping(job))
			if (pthread_cond_timedwait(&job->wake_cond, &job->wake_mutex, &until) != 0)
				break;
		pthread_mutex_unlock(&job->wake_mutex);
	}
	return NULL;
}

/*
 * Whether `job` says what a run does: a run, or batches of one or more, each
 * with one step (a dated step with its days) and the words of its log lines.
 */
static bool job_well_formed(const struct job *job)
{
	if (job->run)
		return true;
	if (!job->batches || job->batch_size < 1)
		return false;
	for (const struct job_batch *batch = job->batches; batch->step || batch->dated_step; batch++)
		if ((batch->step && batch->dated_step) || (batch->dated_step && !batch->days) ||
		    !batch->failed || !batch->done)
			return false;
	return true;
}

enum haven_status job_start(struct job *job)
{
	if (!job_well_formed(job)) {
		log_error("%s: %s says neither a run nor its batches", job->area, job->what);
		return HAVEN_ERR_INVALID;
	}
	const char *env = job->interval_env ? getenv(job->interval_env) : NULL;
	if (env && *env) {
		char *end = NULL;
		long v = strtol(env, &end, 10);
		if (*end || v < 1 || v > INTERVAL_MAX) {
			log_error("%s: %s must be a whole number from 1 to %d", job->area, job->interval_env,
			          INTERVAL_MAX);
			return HAVEN_ERR_INVALID;
		}
		job->interval_seconds = v;
	}
	pthread_mutex_init(&job->wake_mutex, NULL);
	pthread_condattr_t attr;
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&job->wake_cond, &attr);
	pthread_condattr_destroy(&attr);
	atomic_store(&job->stopping, false);
	atomic_store(&job->runs, 0);
	remember(job);
	if (pthread_create(&job->thread, NULL, run, job) != 0) {
		log_error("%s: cannot start %s", job->area, job->what);
		pthread_cond_destroy(&job->wake_cond);
		pthread_mutex_destroy(&job->wake_mutex);
		return HAVEN_ERR_INTERNAL;
	}
	job->running = true;
	return HAVEN_OK;
}

void job_stop(struct job *job)
{
	if (!job->running)
		return;
	pthread_mutex_lock(&job->wake_mutex);
	atomic_store(&job->stopping, true);
	pthread_cond_signal(&job->wake_cond);
	pthread_mutex_unlock(&job->wake_mutex);
	pthread_join(job->thread, NULL);
	pthread_cond_destroy(&job->wake_cond);
	pthread_mutex_destroy(&job->wake_mutex);
	job->running = false;
}
