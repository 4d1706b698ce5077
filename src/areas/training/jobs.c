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
 *   lapsed     a request for a place that was never decided, its session
 *              started (store_sqlite.h's TRAINING_AWAITING), dated from a week
 *              ago: the requester is told once (the request marked in the
 *              same unit) that no place was held, as the session's page had
 *              promised they would be told by email. The week covers downtime
 *              and keeps the first run from writing about requests long gone.
 * Dates are the partnership's (the local time zone, Europe/London), as for
 * sessions.
 */
#include "areas/training/jobs.h"

#include <time.h>

#include "app/job.h"
#include "areas/calendar/calendar.h"
#include "areas/calendar/london.h"
#include "areas/training/store.h"

/* Emails queued in one db_write: keeps one unit short when many are due at once. */
#define BATCH 200

/* Reminders: sessions from today to TRAINING_REMINDER_DAYS days on. */
static void reminder_days(int32_t *from, int32_t *to)
{
	*from = calendar_london_today();
	*to = *from + TRAINING_REMINDER_DAYS;
}

/* Follow-ups: sessions from four months ago to three months ago. */
static void follow_up_days(int32_t *from, int32_t *to)
{
	int32_t today = calendar_london_today();
	*from = calendar_add_months(today, -4);
	*to = calendar_add_months(today, -3);
}

/* Lapsed requests: sessions started by now, dated from a week ago. */
static enum haven_status queue_lapsed(int limit, int *done)
{
	char now[TRAINING_NOW_SIZE], oldest[CALENDAR_DATE_SIZE];
	training_now(now);
	calendar_format(calendar_london_today() - 7, oldest);
	return training_queue_lapsed(oldest, now, limit, done);
}

static const struct job_batch batches[] = {
    {.dated_step = training_queue_reminders,
     .days = reminder_days,
     .failed = "queueing session reminders",
     .done = "session reminders queued"},
    {.dated_step = training_queue_follow_ups,
     .days = follow_up_days,
     .failed = "queueing follow-ups",
     .done = "follow-ups queued"},
    {.step = queue_lapsed,
     .failed = "queueing lapsed requests' emails",
     .done = "lapsed requests' emails queued"},
    {0},
};

struct job training_reminders_job = {
    .area = "training",
    .what = "the reminders job",
    .interval_seconds = 60,
    .interval_env = "HAVEN_TRAINING_JOB_SECONDS",
    .batches = batches,
    .batch_size = BATCH,
};
