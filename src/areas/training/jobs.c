/*
 * jobs.c (training) — the job that tells people about their training
 * without anyone pressing a button: a reminder TRAINING_REMINDER_DAYS days
 * before a session to everyone with a place, and a follow-up three months
 * after it to everyone who attended, asking whether it changed their
 * practice (the answers give the follow-up response rate in the figures).
 *
 * A thread wakes once at start and then every minute. Each run asks the
 * store (store.h) to queue what is due; the store queues each email and
 * marks its booking in the same db_write unit, so an email is queued exactly
 * once however often the job runs, and a crash between the two cannot
 * happen. Sending is the mail area's (the outbox), so the job never waits
 * on a relay.
 *
 * What "due" means, and why:
 *   reminder   a live place on a session dated from today to today + 2 days:
 *              a window rather than one day, so a server that was down on
 *              the day still reminds people the day before. A place booked
 *              inside the window gets a reminder at once as well; that is
 *              harmless and better than none.
 *   follow-up  an attendance at a session dated from four months ago to three
 *              months ago: the month of slack covers downtime, and the lower
 *              bound stops the first run after an upgrade writing to everyone
 *              ever trained.
 * Dates are the partnership's (the local time zone, Europe/London), as for
 * sessions.
 */
#include "areas/training/jobs.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "areas/calendar/calendar.h"
#include "areas/calendar/london.h"
#include "areas/training/store.h"
#include "core/log.h"

/* Emails queued in one db_write: keeps one unit short when many are due at once. */
#define BATCH 200

static pthread_t thread;
static bool running;
static atomic_bool stopping;
static long interval_seconds = 60;
static pthread_mutex_t wake_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake_cond;

static int32_t days_in_month(int year, int month)
{
	int ny = month == 12 ? year + 1 : year, nm = month == 12 ? 1 : month + 1;
	return calendar_from_ymd(ny, nm, 1) - calendar_from_ymd(year, month, 1);
}

/* `day` less `months` months, the day of the month kept where it exists (31 May less 3 months is 28/29 February). */
static int32_t minus_months(int32_t day, int months)
{
	char text[CALENDAR_DATE_SIZE];
	calendar_format(day, text);
	int y = 0, m = 0, d = 0;
	sscanf(text, "%d-%d-%d", &y, &m, &d);
	int index = y * 12 + (m - 1) - months;
	y = index / 12;
	m = index % 12 + 1;
	int32_t last = days_in_month(y, m);
	return calendar_from_ymd(y, m, d > last ? (int)last : d);
}

static void run_once(void)
{
	int32_t today = calendar_london_today();
	char t[CALENDAR_DATE_SIZE], until[CALENDAR_DATE_SIZE], oldest[CALENDAR_DATE_SIZE], newest[CALENDAR_DATE_SIZE];
	calendar_format(today, t);
	calendar_format(today + TRAINING_REMINDER_DAYS, until);
	calendar_format(minus_months(today, 4), oldest);
	calendar_format(minus_months(today, 3), newest);
	int queued = BATCH, total = 0;
	while (queued == BATCH && !atomic_load(&stopping)) {
		if (training_queue_reminders(t, until, BATCH, &queued) != HAVEN_OK) {
			log_error("training: queueing reminders failed; trying again at the next run");
			break;
		}
		total += queued;
	}
	if (total)
		log_info("training: %d session reminders queued", total);
	queued = BATCH;
	total = 0;
	while (queued == BATCH && !atomic_load(&stopping)) {
		if (training_queue_follow_ups(oldest, newest, BATCH, &queued) != HAVEN_OK) {
			log_error("training: queueing follow-ups failed; trying again at the next run");
			break;
		}
		total += queued;
	}
	if (total)
		log_info("training: %d follow-ups queued", total);
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

enum haven_status training_jobs_start(void)
{
	const char *env = getenv("HAVEN_TRAINING_JOB_SECONDS");
	if (env && *env) {
		char *end = NULL;
		long v = strtol(env, &end, 10);
		if (*end || v < 1 || v > 3600) {
			log_error("training: HAVEN_TRAINING_JOB_SECONDS must be a whole number from 1 to 3600");
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
		log_error("training: cannot start the reminders job");
		pthread_cond_destroy(&wake_cond);
		return HAVEN_ERR_INTERNAL;
	}
	running = true;
	return HAVEN_OK;
}

void training_jobs_stop(void)
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
