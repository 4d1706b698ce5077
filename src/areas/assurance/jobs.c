/*
 * jobs.c (assurance) — reminding agencies of their returns without anyone
 * pressing a button: a reminder when the return date is
 * ASSURANCE_REMINDER_WORKING_DAYS working days away or closer (weekends and
 * bank holidays skipped: calendar.h), and, once the date has passed, a chase
 * every ASSURANCE_CHASE_DAYS days until the return is submitted. Emails go
 * to the agency's DSLs and agency administrators, through the outbox, in the
 * same unit of work as the mark that they were sent, so each is queued once.
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
#include "core/log.h"

/* Returns emailed in one db_write: keeps one unit short when a thousand schools are due at once. */
#define BATCH 100

static void run_once(struct job *job)
{
	int32_t today = calendar_london_today();
	char t[CALENDAR_DATE_SIZE], until[CALENDAR_DATE_SIZE], chased[CALENDAR_DATE_SIZE];
	calendar_format(today, t);
	calendar_format(calendar_add_working_days(today, ASSURANCE_REMINDER_WORKING_DAYS), until);
	calendar_format(today - ASSURANCE_CHASE_DAYS, chased);
	int total = job_in_batches(job,
	                           &(struct job_batch){.dated_step = assurance_queue_reminders,
	                                               .from = t,
	                                               .to = until,
	                                               .failed = "queueing reminders"},
	                           BATCH);
	int chases = job_in_batches(job,
	                            &(struct job_batch){.dated_step = assurance_queue_overdue,
	                                                .from = t,
	                                                .to = chased,
	                                                .failed = "queueing overdue chases"},
	                            BATCH);
	if (total || chases)
		log_info("assurance: reminders for %d returns and chases for %d overdue returns queued",
		         total, chases);
}

struct job assurance_reminders_job = {
    .area = "assurance",
    .what = "the returns reminder job",
    .interval_seconds = 3600,
    .interval_env = "HAVEN_QA_JOB_SECONDS",
    .run = run_once,
};
