/*
 * jobs.c (assurance) — reminding agencies of their returns without anyone
 * pressing a button: a reminder when the return date is
 * ASSURANCE_REMINDER_WORKING_DAYS working days away or closer (weekends and
 * bank holidays skipped: calendar.h), and, once the date has passed, a chase
 * every ASSURANCE_CHASE_DAYS days until the return is submitted. Emails go
 * to the agency's DSLs and agency administrators, through the outbox, in the
 * same unit of work as the mark that they were sent, so each is queued once;
 * an agency with neither is told to the partnership team, once per cycle.
 *
 * A window rather than one day: a server that was down on the day still
 * reminds the next day. The job runs hourly (HAVEN_QA_JOB_SECONDS sets it,
 * for tests): reminders are about days, not minutes. Dates are England's.
 */
#include "areas/assurance/jobs.h"

#include "app/job.h"
#include "areas/assurance/store.h"
#include "areas/calendar/calendar.h"
#include "areas/calendar/london.h"

/* Returns emailed in one db_write: keeps one unit short when a thousand schools are due at once. */
#define BATCH 100

/* Reminders: returns due from today to ASSURANCE_REMINDER_WORKING_DAYS working days on. */
static void reminder_days(int32_t *from, int32_t *to)
{
	*from = calendar_london_today();
	*to = calendar_add_working_days(*from, ASSURANCE_REMINDER_WORKING_DAYS);
}

/* Chases: returns due before today and not chased since ASSURANCE_CHASE_DAYS days ago. */
static void chase_days(int32_t *from, int32_t *to)
{
	*from = calendar_london_today();
	*to = *from - ASSURANCE_CHASE_DAYS;
}

static const struct job_batch batches[] = {
    {.dated_step = assurance_queue_reminders,
     .days = reminder_days,
     .failed = "queueing reminders",
     .done = "return reminders queued"},
    {.dated_step = assurance_queue_overdue,
     .days = chase_days,
     .failed = "queueing overdue chases",
     .done = "overdue return chases queued"},
    {0},
};

struct job assurance_reminders_job = {
    .area = "assurance",
    .what = "the returns reminder job",
    .interval_seconds = 3600,
    .interval_env = "HAVEN_QA_JOB_SECONDS",
    .batches = batches,
    .batch_size = BATCH,
};
