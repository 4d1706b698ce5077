/*
 * jobs.c (incidents) — the waiting-children job: a child of an incident
 * still waiting for a person to match them is escalated by email to the
 * front door of the incident's area and to the police once the deadline its
 * notification would have is da_settings.waiting_escalate_minutes away, so
 * "before the next school day" is not missed because nobody looked at the
 * queue. Every minute (HAVEN_INCIDENTS_JOB_SECONDS); each child is escalated
 * once (waiting_sqlite.c), which survives restarts.
 */
#include "areas/incidents/jobs.h"

#include "app/job.h"
#include "areas/incidents/store.h"
#include "core/log.h"

/* Children escalated in one db_write: keeps one unit short when many are due at once. */
#define BATCH 200

static void run_once(struct job *job)
{
	int count = BATCH, total = 0;
	while (count == BATCH && !job_stopping(job)) {
		if (incidents_escalate_waiting(BATCH, &count) != HAVEN_OK) {
			log_error(
			    "incidents: escalating waiting children failed; trying again at the next run");
			break;
		}
		total += count;
	}
	if (total)
		log_info("incidents: %d children waiting to be matched escalated (emails queued)", total);
}

static struct job waiting_job = {
    .area = "incidents",
    .what = "the waiting-children job",
    .interval_seconds = 60,
    .interval_env = "HAVEN_INCIDENTS_JOB_SECONDS",
    .run = run_once,
};

enum haven_status incidents_jobs_start(void)
{
	return job_start(&waiting_job);
}

void incidents_jobs_stop(void)
{
	job_stop(&waiting_job);
}
