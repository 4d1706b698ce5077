/*
 * jobs.c (encompass) — the escalation job: nobody has to remember to look
 * for notifications that were not acknowledged in time. Every minute it
 * records an escalation for each notification still unacknowledged
 * da_settings.escalate_after_minutes after its deadline (due_at), which
 * lists it for the local authority's education safeguarding team and the
 * police (GET /encompass/escalations).
 *
 * The store finds and records escalations in one db_write unit, and a
 * notification has at most one (encompass_escalations.notification_id is
 * UNIQUE and the query skips those that have one), so each is recorded
 * exactly once however often the job runs, and a notification acknowledged
 * later keeps its escalation: it was late. The setting is read at each run,
 * so a change on the settings page takes effect at the next run without a
 * restart. Each escalation is audited as a system action (no user).
 */
#include "areas/encompass/jobs.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>

#include "areas/encompass/store.h"
#include "core/log.h"

/* Escalations recorded in one db_write: keeps one unit short when many are due at once. */
#define BATCH 200

static pthread_t thread;
static bool running;
static atomic_bool stopping;
static long interval_seconds = 60;
static pthread_mutex_t wake_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake_cond;

static void run_once(void)
{
	int count = BATCH, total = 0;
	while (count == BATCH && !atomic_load(&stopping)) {
		if (encompass_escalate_due(BATCH, &count) != HAVEN_OK) {
			log_error("encompass: recording escalations failed; trying again at the next run");
			break;
		}
		total += count;
	}
	if (total)
		log_info("encompass: %d notifications escalated (not acknowledged in time)", total);
}

static void *run(void *arg)
{
	(void)arg;
	while (!atomic_load(&stopping)) {
		run_once();
		struct timespec until;
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_sec += interval_seconds;
		pthread_mutex_lock(&wake_mutex);
		while (!atomic_load(&stopping))
			if (pthread_cond_timedwait(&wake_cond, &wake_mutex, &until) != 0)
				break;
		pthread_mutex_unlock(&wake_mutex);
	}
	return NULL;
}

enum haven_status encompass_jobs_start(void)
{
	const char *env = getenv("HAVEN_ENCOMPASS_JOB_SECONDS");
	if (env && *env) {
		char *end = NULL;
		long v = strtol(env, &end, 10);
		if (*end || v < 1 || v > 3600) {
			log_error("encompass: HAVEN_ENCOMPASS_JOB_SECONDS must be a whole number from 1 to 3600");
			return HAVEN_ERR_INVALID;
		}
		interval_seconds = v;
	}
	pthread_condattr_t attr;
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&wake_cond, &attr);
	pthread_condattr_destroy(&attr);
	atomic_store(&stopping, false);
	if (pthread_create(&thread, NULL, run, NULL) != 0) {
		log_error("encompass: cannot start the escalation job");
		pthread_cond_destroy(&wake_cond);
		return HAVEN_ERR_INTERNAL;
	}
	running = true;
	return HAVEN_OK;
}

void encompass_jobs_stop(void)
{
	if (!running)
		return;
	pthread_mutex_lock(&wake_mutex);
	atomic_store(&stopping, true);
	pthread_cond_signal(&wake_cond);
	pthread_mutex_unlock(&wake_mutex);
	pthread_join(thread, NULL);
	pthread_cond_destroy(&wake_cond);
	running = false;
}
