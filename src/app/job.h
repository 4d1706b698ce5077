/*
 * job.h — a periodic background job in `haven serve`, an area's `job`
 * (area.h): one thread that runs the job at once and then every interval
 * until it is stopped.
 *
 * Stopping (at SIGTERM, after the server has stopped) wakes the thread from
 * its wait at once and waits for a run in progress to finish, so a job may
 * still db_write while stopping; a run that loops over batches should check
 * job_stopping() between them so that stopping is quick.
 *
 * An area defines its job as a struct job with the fields above "the
 * runner's own" filled in, and names it as its area's `job`; `haven serve`
 * calls job_start and job_stop on it. A run that works through what is due
 * a batch at a time says each batch's step as a struct job_batch and lets
 * job_in_batches loop.
 */
#ifndef HAVEN_APP_JOB_H
#define HAVEN_APP_JOB_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>

#include "core/status.h"

struct job {
	const char *area; /* "encompass": begins the job's log lines */
	const char *what; /* "the escalation job": in "cannot start the escalation job" */
	/* Seconds between runs, and an environment variable that may set it
	 * instead (1 to 3600, read by job_start: tests run jobs every second). */
	long interval_seconds;
	const char *interval_env;
	/* One run, on the job's thread. */
	void (*run)(struct job *job);

	/* the runner's own: zero until job_start */
	atomic_ullong runs; /* runs finished since job_start (for /metrics) */
	pthread_t thread;
	bool running;
	atomic_bool stopping;
	pthread_mutex_t wake_mutex;
	pthread_cond_t wake_cond;
};

/*
 * Reads the interval from job->interval_env if it is set, and starts the
 * thread. HAVEN_ERR_INVALID (logged) for a bad interval; HAVEN_ERR_INTERNAL
 * (logged) if the thread cannot start. Call after the store is open.
 */
enum haven_status job_start(struct job *job) HAVEN_MUST_CHECK;

/* True once job_stop has been called: a run should finish soon. */
bool job_stopping(struct job *job);

/* Stops the thread and waits for it. Does nothing if the job is not running. */
void job_stop(struct job *job);

/*
 * One step of a run, done a batch at a time: each call does at most `limit`
 * things in one db_write unit (emails queued, escalations recorded) and sets
 * *done to how many; fewer than `limit` means nothing more is due. Either
 * `step`, or `dated_step` with the days `from` and `to` (YYYY-MM-DD) it is
 * given each time.
 */
struct job_batch {
	enum haven_status (*step)(int limit, int *done);
	enum haven_status (*dated_step)(const char *from, const char *to, int limit, int *done);
	const char *from, *to;
	/* "queueing reminders": logged as "AREA: queueing reminders failed; trying again at the next run" */
	const char *failed;
};

/*
 * Runs `batch`, `limit` at a time, until a batch comes back short, one
 * fails (logged, so the next run tries again) or the job is told to stop.
 * Returns how many things were done.
 */
int job_in_batches(struct job *job, const struct job_batch *batch, int limit);

#endif
