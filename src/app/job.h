/*
 * job.h — a periodic background job in `haven serve`, an area's `job`
 * (area.h): one thread that runs the job at once and then every interval
 * until it is stopped.
 *
 * Stopping (at SIGTERM, after the server has stopped) wakes the thread from
 * its wait at once and waits for a run in progress to finish, so a job may
 * still db_write while stopping; a run that loops should check
 * job_stopping() between its steps so that stopping is quick.
 *
 * An area defines its job as a struct job with the fields above "the
 * runner's own" filled in, and names it as its area's `job`; `haven serve`
 * calls job_start and job_stop on it. A job that works through what is due
 * a batch at a time lists its steps as struct job_batch rows and the runner
 * does them, logs what they did and stops between batches; another job
 * gives its own `run`.
 */
#ifndef HAVEN_APP_JOB_H
#define HAVEN_APP_JOB_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/status.h"

/*
 * One step of a job, done a batch at a time: each call does at most `limit`
 * things in one db_write unit (emails queued, escalations recorded) and sets
 * *done to how many; fewer than `limit` means nothing more is due. Either
 * `step`, or `dated_step` with two days (YYYY-MM-DD: today and the end of a
 * window, say) that the job's `days` works out as day numbers at each run.
 */
struct job_batch {
	enum haven_status (*step)(int limit, int *done);
	enum haven_status (*dated_step)(const char *from, const char *to, int limit, int *done);
	void (*days)(int32_t *from, int32_t *to);
	/* "queueing reminders": logged as "AREA: queueing reminders failed; trying again at the next run" */
	const char *failed;
	/* "follow-ups queued": logged as "AREA: 3 follow-ups queued" after a run that did any */
	const char *done;
};

struct job {
	const char *area; /* "encompass": begins the job's log lines */
	const char *what; /* "the escalation job": in "cannot start the escalation job" */
	/* Seconds between runs, and an environment variable that may set it
	 * instead (1 to 3600, read by job_start: tests run jobs every second). */
	long interval_seconds;
	const char *interval_env;
	/*
	 * One run, on the job's thread: `run`, or else each of `batches` (ended
	 * by {0}) in turn, `batch_size` things at a time until a batch comes
	 * back short. A batch that fails is logged and ends its step until the
	 * next run; a job told to stop starts no more batches.
	 */
	void (*run)(struct job *job);
	const struct job_batch *batches;
	int batch_size;

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
 * thread. HAVEN_ERR_INVALID (logged) for a bad interval, or a job with
 * neither a `run` nor `batches` and a `batch_size`, or a batch with both
 * steps, a dated step without its `days`, or no `failed` or `done` words;
 * HAVEN_ERR_INTERNAL (logged) if the thread cannot start. Call after the
 * store is open.
 */
enum haven_status job_start(struct job *job) HAVEN_MUST_CHECK;

/* True once job_stop has been called: a run should finish soon. */
bool job_stopping(struct job *job);

/* Stops the thread and waits for it. Does nothing if the job is not running. */
void job_stop(struct job *job);

#endif
