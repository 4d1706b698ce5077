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

#include <time.h>

#include "app/job.h"
#include "areas/calendar/calendar.h"
#include "areas/calendar/london.h"
#include "areas/training/store.h"
#include "core/log.h"

/* Emails queued in one db_write: keeps one unit short when many are due at once. */
#define BATCH 200

/* Queues what `batch` finds due (app/job.h); `what` names the emails in the log ("session reminders"). */
static void queue_all(struct job *job, const struct job_batch *batch, const char *what)
{
	int total = job_in_batches(job, batch, BATCH);
	if (total)
		log_info("training: %d %s queued", total, what);
}

static void run_once(struct job *job)
{
	int32_t today = calendar_london_today();
	char t[CALENDAR_DATE_SIZE], until[CALENDAR_DATE_SIZE], oldest[CALENDAR_DATE_SIZE],
	    newest[CALENDAR_DATE_SIZE];
	calendar_format(today, t);
	calendar_format(today + TRAINING_REMINDER_DAYS, until);
	calendar_format(calendar_add_months(today, -4), oldest);
	calendar_format(calendar_add_months(today, -3), newest);
	queue_all(job,
	          &(struct job_batch){.dated_step = training_queue_reminders,
	                              .from = t,
	                              .to = until,
	                              .failed = "queueing session reminders"},
	          "session reminders");
	queue_all(job,
	          &(struct job_batch){.dated_step = training_queue_follow_ups,
	                              .from = oldest,
	                              .to = newest,
	                              .failed = "queueing follow-ups"},
	          "follow-ups");
}

struct job training_reminders_job = {
    .area = "training",
    .what = "the reminders job",
    .interval_seconds = 60,
    .interval_env = "HAVEN_TRAINING_JOB_SECONDS",
    .run = run_once,
};
